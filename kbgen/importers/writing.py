"""Running an import: where the docs folder is, which languages the site has, what to tell the user."""

from __future__ import annotations

import os

from kbgen.errors import ConfigError
from kbgen.importers.common import Export, plan, write_files


def site_settings(config_file: str, docs_dir: str | None) -> tuple[str, list[str]]:
    """The docs folder (``--docs-dir``, else mkdocs.yml's) and the site's languages (first: the default)."""
    if not os.path.isfile(config_file):
        if docs_dir is None:
            raise ConfigError(f"{config_file} not found: run kbgen import inside a help center (start one with "
                              "'kbgen init DIR'), or pass --docs-dir")
        return docs_dir, ["en"]
    from kbgen.build import load_mkdocs_config

    config = load_mkdocs_config(config_file)
    languages = list(config.plugins["kbgen"].config.languages) if "kbgen" in config.plugins else ["en"]
    return docs_dir or config.docs_dir, languages


def run_import(export: Export, config_file: str, docs_dir: str | None, *, force: bool = False) -> str:
    """Write the export into the docs folder; the summary to print."""
    folder, languages = site_settings(config_file, docs_dir)
    shown = os.path.relpath(folder) if not os.path.relpath(folder).startswith("..") else folder
    written = plan(export, languages, shown)
    write_files(written.files, folder, force=force, shown=shown)
    lines = [written.summary, f"Wrote {len(written.files)} files under {shown}/"]
    if written.new_languages:
        wanted = ", ".join([*languages, *written.new_languages])
        lines.append(f"Next: add the new language{'s' if len(written.new_languages) > 1 else ''} to {config_file} "
                     f"(plugins: - kbgen: languages: [{wanted}]), then run kbgen build; articles not yet "
                     "translated are warnings, which --strict refuses (translations: {warn_missing: false} "
                     "stops them)")
    else:
        lines.append("Next: kbgen build")
    return "\n".join(lines)
