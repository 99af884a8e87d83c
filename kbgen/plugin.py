"""The MkDocs plugin: glue between the content model and Material for MkDocs.

It loads and checks the content once per build, adds the pages staff do not write by
hand (home, category pages, FAQ pages, contact), orders the navigation by the
categories' ``order``, and hands each template a :class:`PageInfo` to render.
"""

from __future__ import annotations

import html as htmllib
import logging
import posixpath
import re
from collections.abc import Callable
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from kbgen.config import KbgenConfig
from kbgen.content.model import CATEGORY_FILE, FAQ_SUFFIX, SYNONYMS_FILE, Article, Faq, HelpCenter
from kbgen.content.slugs import slugify
from kbgen.content.validation import load_help_center
from kbgen.index.documents import SearchPage, article_page, faq_page
from kbgen.resources import add_client_files, client_name, theme_dir
from kbgen.site import pages as site_pages
from kbgen.site.context import PageInfo, build_page_info, site_info
from kbgen.site.faq import faq_jsonld, wrap_faq_sections

log = logging.getLogger("mkdocs.plugins.kbgen")

REQUIRED_EXTENSIONS = ["toc", "attr_list", "admonition", "md_in_html", "tables", "pymdownx.details"]
FAQ_LINK = re.compile(r"(\]\(\s*<?[^)\s>]*?)\.faq\.yml")


class KbgenPlugin(BasePlugin[KbgenConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        super().__init__()
        self.center: HelpCenter | None = None
        #: Set by ``kbgen build`` when it has already loaded and reported the content.
        self.preloaded: HelpCenter | None = None
        #: Called as ``progress(done, total)`` after each page is written.
        self.progress: Callable[[int, int], None] | None = None
        self._user_nav = False
        self.search_pages: list[SearchPage] = []
        self.index_stats = None
        self.site = None
        self._done = 0
        self._total = 0

    # -- configuration -------------------------------------------------------------------
    def on_config(self, config):
        if config.theme.name != "material":
            raise PluginError("kbgen needs 'theme: name: material' in mkdocs.yml")
        if self.config.analytics.sink == "endpoint" and not self.config.analytics.endpoint:
            raise PluginError(
                "kbgen: analytics sink 'endpoint' needs 'endpoint: https://.../events', the collector's address"
            )
        ours = theme_dir()
        if ours not in config.theme.dirs:
            position = 1 if config.theme.custom_dir else 0
            config.theme.dirs.insert(position, ours)
        for name in REQUIRED_EXTENSIONS:
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
        toc = config.mdx_configs.setdefault("toc", {})
        toc["slugify"] = slugify
        toc.setdefault("permalink", True)
        self._user_nav = config.nav is not None
        for name in ("search", "material/search"):
            if name in config.plugins:
                log.warning(
                    f"remove '{name.split('/')[-1]}' from 'plugins' in mkdocs.yml: kbgen brings its own search, "
                    "and the two would both download an index"
                )

        if self.preloaded is not None:
            self.center = self.preloaded
        else:
            self.center = load_help_center(config.docs_dir)
            for warning in self.center.warnings:
                log.warning(warning.format())
            if self.center.errors:
                raise PluginError(
                    "\n".join(d.format() for d in self.center.errors)
                    + f"\n{len(self.center.errors)} error(s) in the content; run 'kbgen check'"
                )
        return config

    # -- files ---------------------------------------------------------------------------
    def on_files(self, files: Files, config) -> Files:
        center = self._center()
        for file in list(files):
            name = posixpath.basename(file.src_uri)
            if name in (CATEGORY_FILE, SYNONYMS_FILE) or name.endswith(FAQ_SUFFIX):
                files.remove(file)
        for article in center.articles:
            if article.draft and (file := files.get_file_from_path(article.src)):
                file.inclusion = InclusionLevel.DRAFT

        for src, markdown in site_pages.generated_pages(center, config, self.config):
            if files.get_file_from_path(src) is None:
                files.append(File.generated(config, src, content=markdown))

        for page in center.pages:
            file = files.get_file_from_path(page.page_src)
            page.url = file.url if file else ""
        for category in center.categories.values():
            file = files.get_file_from_path(category.id + "/index.md")
            category.url = file.url if file else ""

        if not self._user_nav:
            config.nav = site_pages.navigation(center, files)
        self._total = len(files.documentation_pages())
        self._done = 0
        self.search_pages = []
        self.site = None  # URLs are known from here on
        add_client_files(files, config)
        return files

    # -- pages ---------------------------------------------------------------------------
    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        center = self._center()
        item = center.page_by_src(page.file.src_uri)
        kind = site_pages.page_kind(page.file.src_uri, center)
        page.meta.setdefault("template", site_pages.TEMPLATES[kind])
        if kind in ("home", "category", "contact", "search"):
            page.meta.setdefault("hide", ["navigation", "toc"])
        if isinstance(item, Article):
            markdown = item.body  # with content from other tools converted
        return FAQ_LINK.sub(r"\1.md", markdown)

    def on_page_content(self, html: str, page, config, files) -> str:
        center = self._center()
        item = center.page_by_src(page.file.src_uri)
        url = site_path(config) + page.url
        category = center.categories.get(item.category or "") if item else None
        category_title = category.title if category else ""
        if isinstance(item, Faq):
            html, answers = wrap_faq_sections(html, item)
            page.meta["kbgen_jsonld"] = faq_jsonld(item, answers)
            entries = [
                (e.anchor, e.question, answer, e.keywords)
                for e, answer in zip(item.entries, answers or [e.answer for e in item.entries], strict=True)
            ]
            self.search_pages.append(faq_page(
                url=url, title=item.title, category=category_title, description=item.description, entries=entries,
            ))
        elif isinstance(item, Article) and not item.draft:
            self.search_pages.append(article_page(
                url=url, title=item.title, category=category_title, html=html, description=item.description,
                keywords=[*item.keywords, *item.tags],
            ))
        elif site_pages.page_kind(page.file.src_uri, center) == "contact":
            self.search_pages.append(contact_search_page(url, page.title, self.config))
        return html

    def on_page_context(self, context: dict[str, Any], page, config, nav) -> dict[str, Any]:
        info: PageInfo = build_page_info(self._center(), page, config, self._site_info(config), self.config)
        context["kbgen"] = info
        if info.updated:
            page.update_date = info.updated
        return context

    def on_template_context(self, context: dict[str, Any], template_name: str, config) -> dict[str, Any]:
        context["kbgen"] = PageInfo(kind="notfound", site=self._site_info(config))
        return context

    def on_post_build(self, config) -> None:
        from pathlib import Path

        from kbgen.index.builder import build_index

        center = self._center()
        lang = config.theme.get("language") or "en"
        groups = center.synonyms.groups.get(lang, [])
        pages = sorted(self.search_pages, key=lambda p: p.url)
        self.index_stats = build_index(
            pages, Path(config.site_dir) / "search", lang=lang, synonyms=groups, client=client_name(),
        )
        log.info(self.index_stats.summary)

    def on_post_page(self, output: str, page, config) -> str:
        self._done += 1
        if self.progress:
            self.progress(self._done, self._total)
        return output

    def _site_info(self, config):
        """What every page shows of the whole site (categories, featured, contact): computed once per build."""
        if self.site is None:
            self.site = site_info(self._center(), config, self.config)
        return self.site

    def _center(self) -> HelpCenter:
        if self.center is None:  # pragma: no cover - MkDocs always calls on_config first
            raise PluginError("kbgen plugin used before its configuration was loaded")
        return self.center




def site_path(config) -> str:
    """The path the site is published under (``/`` or ``/help/``), from ``site_url``."""
    from urllib.parse import urlsplit

    path = urlsplit(config.site_url or "/").path or "/"
    return path if path.endswith("/") else path + "/"


def contact_search_page(url: str, title: str, settings) -> SearchPage:
    """The contact page is what a shopper searching "phone" or "talk to someone" wants."""
    contact = settings.contact
    hours = contact.hours if isinstance(contact.hours, str) else " ".join(map(str, (contact.hours or {}).values()))
    details = " ".join(str(v) for v in (contact.email, contact.phone, hours, contact.response_time) if v)
    html = f"<p>Email, live chat and phone: {htmllib.escape(details)}</p>"
    return article_page(
        url=url, title=title, category="", html=html, description="How to reach a person",
        keywords=["contact", "customer service", "support", "phone", "email", "chat", "talk to a person"],
    )
