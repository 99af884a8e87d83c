"""Building the site atomically: render into a temporary folder, swap it in only on success."""

from __future__ import annotations

import calendar
import contextlib
import glob
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kbgen.config import languages_at, locale_diagnostics, settings_warnings
from kbgen.content.includes import MARKDOWN_INCLUDE_EXTENSION, extension_options, include_settings, without_extension
from kbgen.content.model import HelpCenter
from kbgen.content.tree import is_inside, walk_docs
from kbgen.content.validation import LinkPolicy, load_help_center
from kbgen.errors import BuildError, ConfigError, ContentError, Diagnostic
from kbgen.wording import plural

Progress = Callable[[int, int], None]

# Written into every site kbgen builds: a folder without it (and not empty) is somebody else's, and
# a build refuses to replace it unless told to (--force).
SITE_MARKER = ".kbgen-site"
MARKER_TEXT = "This folder was built by kbgen; 'kbgen build' replaces it whole.\n"


@dataclass
class BuildReport:
    site_dir: Path
    center: HelpCenter
    seconds: float
    mkdocs_warnings: int
    index_summary: str = ""

    @property
    def summary(self) -> str:
        center = self.center
        articles = sum(1 for a in center.articles if not a.draft)
        questions = sum(len(f.entries) for f in center.faqs)
        warnings = len(center.warnings) + self.mkdocs_warnings
        return (
            f"Built {self.site_dir} in {self.seconds:.1f}s: {plural(articles, 'article')}, "
            f"{plural(len(center.faqs), 'FAQ page')} ({plural(questions, 'question')}), "
            f"{plural(len(center.categories), 'category', 'categories')}, {plural(warnings, 'warning')}"
        )


def load_mkdocs_config(config_file: str, **overrides):
    """Load ``mkdocs.yml``; every problem becomes a :class:`ConfigError` naming the file."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    if not os.path.isfile(config_file):
        raise ConfigError(
            f"{config_file} not found: run kbgen inside a help center, pass --config-file, "
            "or start one with 'kbgen init DIR'"
        )
    refuse_alias_bombs(config_file)
    included = handled_extensions(config_file, overrides)
    problems: list[str] = []
    collector = ListHandler(problems)
    logger = logging.getLogger("mkdocs.config")
    logger.addHandler(collector)
    try:
        config = load_config(config_file=config_file, **overrides)
        if included is not None:
            config.mdx_configs[MARKDOWN_INCLUDE_EXTENSION] = included
        return config
    except OSError as exc:
        raise ConfigError(f"{config_file}: cannot be read: {exc.strerror or exc}") from None
    except (ConfigurationError, Abort) as exc:
        details = "\n".join(f"{config_file}: {p}" for p in problems) or f"{config_file}: {exc}"
        raise ConfigError(details.removeprefix("Error: ")) from None
    finally:
        logger.removeHandler(collector)


def handled_extensions(config_file: str, overrides: dict) -> dict | None:
    """markdown-include's options, when ``mkdocs.yml`` lists it; the list without it goes in ``overrides``.

    kbgen reads ``{!file!}`` itself (its checks and search must see the included text, which the
    extension would only add while MkDocs renders), so the extension need not be installed: MkDocs
    would refuse a ``markdown_extensions`` entry it cannot import.
    """
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.utils.yaml import yaml_load

    try:
        with open(config_file, "rb") as fh:
            raw = yaml_load(fh)
    except (OSError, ConfigurationError, ValueError, TypeError):
        return None  # MkDocs' own loading says what is wrong
    extensions = raw.get("markdown_extensions") if isinstance(raw, dict) else None
    options = extension_options(extensions)
    if options is not None and "markdown_extensions" not in overrides:
        overrides["markdown_extensions"] = without_extension(extensions)
    return options


MAX_CONFIG_VALUES = 100_000


def refuse_alias_bombs(config_file: str) -> None:
    """Stop a ``mkdocs.yml`` whose YAML aliases expand to a huge document before MkDocs expands it.

    A few hundred bytes of nested aliases ("billion laughs") take MkDocs minutes and gigabytes to
    load. Counting the values the aliases would produce over the composed node graph (each node
    once) is linear in the file; ordinary use of anchors stays far below the bound.
    """
    import yaml

    try:
        with open(config_file, encoding="utf-8") as fh:
            root = yaml.compose(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return  # MkDocs reports what is wrong with the file itself
    sizes: dict[int, int] = {}

    def size(node) -> int:
        if id(node) not in sizes:
            sizes[id(node)] = 1  # a node that contains itself counts once
            if isinstance(node, yaml.MappingNode):
                total = 1 + sum(size(k) + size(v) for k, v in node.value)
            elif isinstance(node, yaml.SequenceNode):
                total = 1 + sum(size(item) for item in node.value)
            else:
                total = 1
            sizes[id(node)] = min(total, MAX_CONFIG_VALUES + 1)
        return sizes[id(node)]

    if root is not None and size(root) > MAX_CONFIG_VALUES:
        raise ConfigError(
            f"{config_file}:1: error: its YAML aliases expand to more than {MAX_CONFIG_VALUES:,} values "
            "(write the repeated values out, or nest fewer aliases)"
        )


class ListHandler(logging.Handler):
    """Keeps MkDocs' configuration errors so they can be shown with the file's name."""

    def __init__(self, sink: list[str]):
        super().__init__(logging.ERROR)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        self.sink.append(record.getMessage())


def check_content(config_file: str) -> HelpCenter:
    """Load and validate the content a config points at, without rendering anything."""
    config = load_mkdocs_config(config_file)
    if "kbgen" not in config.plugins:
        raise ConfigError(f"{config_file}: add 'kbgen' under 'plugins:' to build a help center")
    settings = config.plugins["kbgen"].config
    from kbgen.locales.store import load_locales

    locales = load_locales(settings.locales, config_file)
    center = load_help_center(
        config.docs_dir, languages=settings.languages, warn_untranslated=settings.translations.warn_missing,
        link_policy=LinkPolicy.from_mkdocs(config.user_configs[0] if config.user_configs else {}), locales=locales,
        nav=config.nav, includes=include_settings(config), languages_at=languages_at(config_file),
    )
    given = getattr(settings, "given", None)
    if isinstance(given, dict):
        center.diagnostics.extend(settings_warnings(given, config_file))
    center.diagnostics.extend(locale_diagnostics(locales, settings.languages, config_file))
    center.diagnostics.extend(outside_folders(config, config_file))
    center.diagnostics.sort(key=lambda d: (d.path, d.line, d.message))
    if not config.site_url:
        center.diagnostics.append(
            Diagnostic(
                os.path.relpath(config_file), 1, "warning",
                "'site_url' is not set", "the sitemap and the 404 page need the published address",
            )
        )
    return center


def outside_folders(config, config_file: str) -> list[Diagnostic]:
    """Links that would publish what lies outside the help center: a docs folder that is itself a link
    out of the project, and links in the theme's ``custom_dir`` (MkDocs copies its files too)."""
    problems: list[Diagnostic] = []
    project = os.path.realpath(os.path.dirname(os.path.abspath(config_file)))
    docs = config.docs_dir
    if os.path.realpath(docs) != os.path.abspath(docs) and not is_inside(os.path.realpath(docs), project):
        problems.append(Diagnostic(
            os.path.relpath(config_file), 1, "error",
            f"the docs folder {os.path.relpath(docs)} is a link to {os.path.realpath(docs)}, outside the help "
            "center's folder", "make it a real folder inside the project",
        ))
    custom = config.theme.custom_dir
    if custom and os.path.isdir(custom):
        rel = os.path.relpath(custom)
        shown = ("" if rel == "." else (rel if not rel.startswith("..") else custom) + "/").replace(os.sep, "/")
        problems += [d for d in walk_docs(custom, shown).problems if "symbolic link" in d.message]
    return problems


class CountingHandler(logging.Handler):
    """Counts MkDocs' own warnings and passes them to ``echo``."""

    def __init__(self, echo: Callable[[str], None]):
        super().__init__(logging.WARNING)
        self.echo = echo
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
        self.echo(f"warning: {record.getMessage()}")


@contextlib.contextmanager
def mkdocs_logging(echo: Callable[[str], None]) -> Iterator[CountingHandler]:
    logger = logging.getLogger("mkdocs")
    handler = CountingHandler(echo)
    old_propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.propagate = old_propagate


def newest_content_epoch(center: HelpCenter) -> int | None:
    """A fixed build date (the newest ``updated``) so two builds give identical files."""
    dates = [p.updated for p in center.pages if p.updated]
    if not dates:
        return None
    return calendar.timegm(max(dates).timetuple())


def build_site(
    config_file: str,
    site_dir: str | None = None,
    *,
    strict: bool = False,
    force: bool = False,
    progress: Progress | None = None,
    echo: Callable[[str], None] = print,
) -> BuildReport:
    """Check, render and swap in the site; on any failure the old site stays as it was.

    ``force``: replace ``site_dir`` even when it holds files and kbgen did not build it.
    """
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import MkDocsException

    started = time.perf_counter()
    center = check_content(config_file)
    for diagnostic in center.diagnostics:
        echo(diagnostic.format())
    if center.errors:
        raise ContentError(center.diagnostics, already_shown=True)
    if strict and center.warnings:
        raise BuildError(f"{len(center.warnings)} warning(s) and --strict is set; the site was not changed")

    config = load_mkdocs_config(config_file)
    final = Path(site_dir).resolve() if site_dir else Path(config.site_dir)
    docs = Path(config.docs_dir).resolve()
    if final == docs or docs in final.parents or final in docs.parents:
        raise ConfigError(f"the site folder {final} must not contain or sit inside the docs folder {docs}")
    if final.exists() and not final.is_dir():
        raise BuildError(f"{final} exists and is not a folder")
    if not force:
        check_replaceable(final)
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_leftovers(final)
        staging = Path(tempfile.mkdtemp(prefix=f".{final.name}.building-{os.getpid()}-", dir=final.parent))
    except OSError as exc:
        raise BuildError(
            f"cannot write the site beside {final}: {exc.strerror or exc} "
            "(choose a --site-dir in a folder you can write)"
        ) from None

    epoch = newest_content_epoch(center)
    saved_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if saved_epoch is None and epoch is not None:
        os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        with mkdocs_logging(echo) as counter:
            config = load_mkdocs_config(config_file, site_dir=str(staging), strict=strict)
            plugin = config.plugins["kbgen"]
            plugin.preloaded = center
            plugin.background_index = True  # beside the templates, on another core
            plugin.progress = progress
            mkdocs_build(config)
    except (MkDocsException, ConfigError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(f"{exc.format_message()}\nthe site was not changed: {final}") from None
    except Exception as exc:  # a template or plugin failing mid-render
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(
            f"rendering failed: {type(exc).__name__}: {exc}\nthe site was not changed: {final}"
        ) from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        if saved_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)

    (staging / SITE_MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    swap_in(staging, final)
    summary = "\n".join(
        (f"{lang}: " if len(plugin.index_stats) > 1 else "") + stats.summary for lang, stats in plugin.index_stats
    )
    return BuildReport(final, center, time.perf_counter() - started, counter.count, summary)


def built_by_kbgen(folder: Path) -> bool:
    """The marker, or (sites built before it existed) a search manifest that names kbgen."""
    if (folder / SITE_MARKER).is_file():
        return True
    manifest = folder / "search" / "manifest.json"
    try:
        return manifest.is_file() and '"kbgen_version"' in manifest.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False


def check_replaceable(final: Path) -> None:
    """Refuse to replace a folder that holds files kbgen did not write (a build replaces it whole)."""
    if not final.is_dir() or built_by_kbgen(final) or not any(final.iterdir()):
        return
    raise BuildError(
        f"{final} is not empty and was not built by kbgen (it has no {SITE_MARKER} file); a build replaces "
        "the whole folder, so choose another --site-dir, empty it, or pass --force to replace it"
    )


def remove_stale_leftovers(final: Path) -> None:
    """Remove what builds stopped by SIGKILL or a power cut left beside the site (their process is gone)."""
    for leftover in final.parent.glob(f".{glob.escape(final.name)}.*-*"):
        kind, _, rest = leftover.name[len(final.name) + 2:].partition("-")
        pid = rest.split("-", 1)[0]
        if kind in ("building", "old") and pid.isdigit() and not process_alive(int(pid)) and leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # somebody else's process
    return pid != 0


def swap_in(staging: Path, final: Path) -> None:
    """Replace ``final`` with ``staging`` by two renames on the same filesystem."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(staging, 0o777 & ~umask)
    retired = None
    if final.exists():
        retired = final.with_name(f".{final.name}.old-{os.getpid()}")
        os.rename(final, retired)
    os.rename(staging, final)
    if retired is not None:
        shutil.rmtree(retired, ignore_errors=True)
