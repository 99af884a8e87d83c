"""One Markdown converter reused for a build's pages writes what MkDocs' new converter per page writes."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from kbgen.plugin import EXTENSION_DEFAULTS, REQUIRED_EXTENSIONS
from kbgen.site.rendering import PageRenderer, reusable

PAGES = {
    "a.md": "# Returns\n\nSee the FAQ[^1] and the HTML page.\n\n*[HTML]: HyperText\n\n[^1]: The FAQ.\n\n"
            "## Steps\n\n- [x] pack\n- [ ] send\n\n## Steps\n\n=== \"Card\"\n    Refund to card.\n\n"
            "=== \"Gift\"\n    Store credit.\n\n[Track](b.md#where) ~~old~~\n",
    "b.md": "# Track\n\n## Where\n\n```python\nprint(1)\n```\n\n!!! note\n    Parcels take 2 days[^1].\n\n"
            "[^1]: Working days.\n\n<div markdown>**HTML** here</div>\n\n??? tip \"Open\"\n    hidden\n",
    "c.md": "Plain text, HTML without a definition here.\n\n## Steps\n\n=== \"One\"\n    first\n",
}


def site_config() -> MkDocsConfig:
    config = MkDocsConfig()
    config.load_dict({
        "site_name": "t", "docs_dir": "docs", "site_dir": "/tmp/kbgen-unused-site",
        "markdown_extensions": [
            {name: {"permalink": True} if name == "toc" else EXTENSION_DEFAULTS.get(name, {})}
            for name in [*REQUIRED_EXTENSIONS, "pymdownx.superfences", "pymdownx.magiclink"]
        ],
    })
    errors, _ = config.validate()
    assert not errors
    config.plugins._current_plugin = None  # File.generated asks which plugin is running
    return config


def rendered(render_with_kbgen: bool) -> list[tuple]:
    config = site_config()
    files = Files([File.generated(config, src, content=text) for src, text in PAGES.items()])
    renderer = PageRenderer(config)
    out = []
    for file in files:
        page = Page(None, file, config)
        page.read_source(config)
        if render_with_kbgen:
            renderer.bind(page)
        page.render(config, files)
        out.append((page.content, [(t.id, t.title) for t in page.toc], page.title, page.present_anchor_ids))
    return out


def test_reused_converter_writes_the_pages_as_a_new_one_per_page():
    assert reusable(site_config().markdown_extensions)
    assert rendered(True) == rendered(False)


def test_an_unknown_extension_keeps_mkdocs_render():
    assert not reusable(["toc", "some_store_extension"])
    assert reusable(["markdown.extensions.toc", "pymdownx.details"])
