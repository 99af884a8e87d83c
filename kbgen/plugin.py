"""The MkDocs plugin: glue between the content model and Material for MkDocs.

It loads and checks the content once per build, adds the pages staff do not write by
hand (home, category pages, FAQ pages, contact), orders the navigation by the
categories' ``order``, and hands each template a :class:`PageInfo` to render.
"""

from __future__ import annotations

import html as htmllib
import logging
import os
import posixpath
import re
from collections.abc import Callable
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Section

from kbgen.config import KbgenConfig, languages_at, locale_diagnostics
from kbgen.content.includes import MARKDOWN_INCLUDE_EXTENSION, include_settings
from kbgen.content.model import CATEGORY_FILE, FAQ_SUFFIX, SYNONYMS_FILE, Article, Faq, HelpCenter
from kbgen.content.outlines import is_outline_file
from kbgen.content.slugs import slugify
from kbgen.content.tree import PUBLISHED_HIDDEN, is_inside
from kbgen.content.validation import LinkPolicy, expand_embeds, load_help_center
from kbgen.index.documents import SearchPage, article_page, faq_page
from kbgen.locales import Locales
from kbgen.locales.store import load_locales
from kbgen.resources import (
    add_client_files,
    analysis_files,
    client_name,
    drop_material_search,
    theme_dir,
    without_material_search,
)
from kbgen.site import pages as site_pages
from kbgen.site.context import PageInfo, alternates, build_page_info, site_info, site_path
from kbgen.site.escaping import html_text
from kbgen.site.faq import faq_jsonld, wrap_faq_sections
from kbgen.site.navigation import (
    activate,
    build_navigation,
    focused,
    nav_entries,
    nav_link,
    open_sections,
    url_filter,
)
from kbgen.site.sitemap import lastmod, page_dates

log = logging.getLogger("mkdocs.plugins.kbgen")

# Besides kbgen's own needs, what Markdown from GitHub, GitBook, Obsidian and MkDocs sites commonly
# uses: content tabs (GitBook's {% tabs %}), footnotes, abbreviations, task lists and ~~strikethrough~~.
REQUIRED_EXTENSIONS = [
    "toc", "attr_list", "admonition", "md_in_html", "tables", "footnotes", "abbr",
    "pymdownx.details", "pymdownx.tabbed", "pymdownx.tasklist", "pymdownx.tilde",
]
EXTENSION_DEFAULTS = {
    "pymdownx.tabbed": {"alternate_style": True},
    "pymdownx.tasklist": {"custom_checkbox": True},
    "pymdownx.tilde": {"subscript": False},  # ~~strike~~ only: a lone ~ in "~5 days" stays text
}
FAQ_LINK = re.compile(r"(\]\(\s*<?[^)\s>]*?)\.faq\.yml")



class Attachment(File):
    """A Markdown file published as it is, as GitBook serves an upload (``.gitbook/assets/skill.md``):
    a link to it downloads the file, where MkDocs would render it as a page of its own."""

    def is_documentation_page(self) -> bool:
        return False


def assign_urls(center: HelpCenter, files: Files) -> None:
    """Give each page and category of the model the URL MkDocs' files give it ("" when unpublished)."""
    for page in center.pages:
        file = files.get_file_from_path(page.page_src)
        page.url = file.url if file else ""
    for category in center.categories.values():
        file = files.get_file_from_path(category.id + "/index.md")
        category.url = file.url if file else ""

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
        self._material_search = False
        #: Set by ``kbgen build``: the search index may be built in a process of its own.
        self.background_index = False
        #: Set by ``kbgen serve``: called with the index jobs (every page) instead of building them here.
        self.index_elsewhere: Callable[[list[dict[str, Any]]], None] | None = None
        self._indexes: Any = None  # kbgen.index.worker: IndexProcess from on_files, or IndexesHere from on_env
        self.search_pages: dict[str, list[SearchPage]] = {}
        self.index_stats: list[tuple[str, Any]] = []
        self.sites: dict[str, Any] = {}
        self.locales = Locales()  # kbgen's catalogs and the store's (mkdocs.yml 'locales:'), from on_config
        self.navs: dict[tuple[str, str | None], Any] = {}
        self.nav_data: dict[str, Any] = {}
        self.files: Files | None = None
        self.page_dates: dict[str, Any] = {}
        self._done = 0
        self._total = 0
        self._linked: Any = None  # the navigation activate() last linked the pages' parents into
        self._renderer: Any = None  # PageRenderer, or None when an extension needs MkDocs' own render
        self._rendering: Any = None  # the config _renderer was chosen for

    # -- configuration -------------------------------------------------------------------
    def on_config(self, config):
        if config.theme.name != "material":
            raise PluginError("kbgen needs 'theme: name: material' in mkdocs.yml")
        if self.config.analytics.sink == "endpoint" and not self.config.analytics.endpoint:
            raise PluginError(
                "kbgen: analytics sink 'endpoint' needs 'endpoint: https://.../events', the collector's address"
            )
        escape_site_text(config)
        use_store_images(config, self.config)
        ours = theme_dir()
        if ours not in config.theme.dirs:
            position = 1 if config.theme.custom_dir else 0
            config.theme.dirs.insert(position, ours)
        for name in REQUIRED_EXTENSIONS:
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
        for name, defaults in EXTENSION_DEFAULTS.items():
            options = config.mdx_configs.setdefault(name, {})
            for key, value in defaults.items():
                options.setdefault(key, value)
        includes = include_settings(config)
        if MARKDOWN_INCLUDE_EXTENSION in config.markdown_extensions:  # kbgen includes the files itself
            config.markdown_extensions.remove(MARKDOWN_INCLUDE_EXTENSION)
        toc = config.mdx_configs.setdefault("toc", {})
        toc["slugify"] = slugify
        toc.setdefault("permalink", True)
        link_policy = LinkPolicy.from_mkdocs(config.user_configs[0] if config.user_configs else {})
        # kbgen checks links itself, with path:line and heading links resolved as other tools do:
        # MkDocs' own check of the same links would only repeat them without a line.
        config.validation.links.not_found = config.validation.links.anchors = logging.INFO
        self._user_nav = config.nav is not None
        if not self._user_nav:
            # kbgen writes the navigation: the search page and other languages' pages are left out
            # of MkDocs' site-wide nav on purpose, so MkDocs need not list them.
            config.validation.nav.omitted_files = logging.DEBUG
        self._material_search = any(name in config.plugins for name in ("search", "material/search"))
        for name in ("search", "material/search"):
            if name in config.plugins:
                log.warning(
                    f"remove '{name.split('/')[-1]}' from 'plugins' in mkdocs.yml: kbgen brings its own search, "
                    "and the two would both download an index"
                )

        self.locales = load_locales(self.config.locales, config.config_file_path)
        if self.preloaded is not None:
            self.center = self.preloaded
        else:
            self.center = load_help_center(
                config.docs_dir, languages=self.config.languages,
                warn_untranslated=self.config.translations.warn_missing, link_policy=link_policy,
                locales=self.locales, nav=config.nav, includes=includes,
                languages_at=languages_at(config.config_file_path),
            )
            if config.config_file_path:
                self.center.diagnostics.extend(
                    locale_diagnostics(self.locales, self.config.languages, config.config_file_path))
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
        docs, real_docs = os.path.abspath(config.docs_dir), os.path.realpath(config.docs_dir)
        # Folders whose links must not lead out: the docs folder and the store's own theme overrides.
        roots = [(docs, real_docs)] + ([(os.path.abspath(config.theme.custom_dir),
                                         os.path.realpath(config.theme.custom_dir))] if config.theme.custom_dir else [])
        for file in list(files):
            path = file.abs_src_path
            if path and any(is_inside(os.path.abspath(path), root) and not is_inside(os.path.realpath(path), real)
                            for root, real in roots):
                files.remove(file)  # behind a symbolic link: `kbgen check` reports it, nothing publishes it
                continue
            name = posixpath.basename(file.src_uri)
            in_docs = bool(path) and is_inside(os.path.abspath(path), docs)
            if in_docs and file.src_uri.split("/", 1)[0] in PUBLISHED_HIDDEN:
                file.inclusion = InclusionLevel.INCLUDED  # GitBook's images; MkDocs leaves out hidden files
                if file.is_documentation_page():  # an uploaded skill.md, a reusable block: a file, no page
                    files.remove(file)
                    files.append(Attachment(file.src_uri, file.src_dir, file.dest_dir, file.use_directory_urls,
                                            inclusion=InclusionLevel.INCLUDED))
                    continue
            if in_docs and any(part.startswith("_") for part in file.src_uri.split("/")[:-1]):
                files.remove(file)  # a folder starting with "_" (templates, partials) is never published
                continue
            if name in (CATEGORY_FILE, SYNONYMS_FILE) or name.endswith(FAQ_SUFFIX) or is_outline_file(name):
                files.remove(file)
        for article in center.articles:
            if article.draft and (file := files.get_file_from_path(article.src)):
                file.inclusion = InclusionLevel.DRAFT
            if article.page_src != article.src and (file := files.get_file_from_path(article.src)):
                # A landing page (README.md, reports.md beside reports/) renders as its folder's index.
                files.remove(file)
                files.append(File.generated(config, article.page_src, abs_src_path=file.abs_src_path))

        for src, markdown in site_pages.generated_pages(center, config, self.config, self.locales):
            if files.get_file_from_path(src) is None:
                files.append(File.generated(config, src, content=markdown))

        assign_urls(center, files)

        if not self._user_nav:
            config.nav = site_pages.navigation(center, files, center.default_lang)
        self._total = len(files.documentation_pages())
        self._done = 0
        self.search_pages = {lang: [] for lang in center.languages}
        self._start_index_process(config)
        self.sites = {}  # URLs are known from here on
        self.files = files
        self.page_dates = page_dates(center, config.docs_dir, self.config.sitemap_dates)
        for lang in center.languages:
            add_client_files(files, config, center.root(lang), lang)
        if not self._material_search:
            drop_material_search(files)
        return files

    def on_env(self, env, config, files):
        """Filters and helpers kbgen's templates use (see theme/partials/nav*.html)."""
        keep = self._material_search
        env.filters["kbgen_without_material_search"] = (lambda html: html) if keep else without_material_search
        env.filters["url"] = url_filter  # the same addresses, each worked out once per page folder
        env.globals["kbgen_nav_link"] = nav_link
        env.globals["kbgen_nav_entries"] = nav_entries
        self._build_indexes(config)
        return env

    def _index_jobs(self, config) -> list[dict[str, Any]]:
        from pathlib import Path

        center = self._center()
        return [
            dict(out_dir=Path(config.site_dir) / center.root(lang) / "search", lang=lang,
                 synonyms=center.synonyms.for_language(lang), client=client_name(),
                 assets={key: name for key, (name, _) in analysis_files(lang).items()})
            for lang in center.languages
        ]

    def _start_index_process(self, config) -> None:
        """``kbgen build``, with a second core: the index process starts now and gets each page as it renders."""
        from kbgen.index.worker import IndexProcess, spare_core

        if self._indexes is not None:
            self._indexes.cancel()
        self._indexes = IndexProcess(self._index_jobs(config)) if self.background_index and spare_core() else None

    def _index_page(self, lang: str, page: SearchPage) -> None:
        if self._indexes is not None:
            self._indexes.add(lang, page)  # to the index process; not kept here
        else:
            self.search_pages[lang].append(page)

    def _build_indexes(self, config) -> None:
        """Start each language's search index once every page's Markdown is rendered (MkDocs calls
        on_env then, before the templates); ``kbgen build`` builds it beside the templates."""
        from kbgen.index.worker import build_indexes

        if self.background_index:  # kbgen build: every page is rendered, the Markdown is read no more
            for article in self._center().articles:
                article.body = ""
        if self._indexes is not None:
            self._indexes.finish_input()  # it has had every page
            return
        jobs = [
            dict(job, pages=sorted(self.search_pages.get(job["lang"], []), key=lambda p: p.url))
            for job in self._index_jobs(config)
        ]
        if self.index_elsewhere is not None:  # the preview's index process, beside the templates
            self.index_elsewhere(jobs)
        else:
            self._indexes = build_indexes(jobs, background=False)
        self.search_pages = {lang: [] for lang in self._center().languages}  # in the index now: free their text

    def _finish_indexes(self) -> None:
        from mkdocs.exceptions import Abort

        from kbgen.index.worker import IndexBuildError

        if self._indexes is None:  # built elsewhere (kbgen serve), or not at all
            self.index_stats = []
            return
        try:
            stats = self._indexes.wait()
        except IndexBuildError as exc:
            raise Abort(str(exc)) from None  # kbgen build prints it as it is, one line
        self._indexes = None
        self.index_stats = list(zip(self._center().languages, stats, strict=True))
        for lang, lang_stats in self.index_stats:
            log.info(f"{lang}: {lang_stats.summary}")

    def on_nav(self, nav, config, files):
        """Each language's navigation data; pages get a version of it with their category open."""
        center = self._center()
        escape_nav_titles(nav, files)
        self.nav_data = {lang: site_pages.navigation(center, files, lang) for lang in center.languages}
        self.navs = {}
        self._linked = None
        return nav

    def _navigation_for(self, page, lang: str):
        """The sidebar for ``page``: its language, the way to its category opened (cached per category)."""
        center = self._center()
        src = page.file.src_uri
        item = center.page_by_src(src)
        category = item.category if item is not None else None
        if category is None and site_pages.page_kind(src, center) == "category":
            category = posixpath.dirname(src)
        key = (lang, category)
        if key not in self.navs:
            parents = {c.id: c.parent for c in center.categories.values()}
            sections = open_sections(category, parents)
            self.navs[key] = build_navigation(focused(self.nav_data[lang], sections), self.files)
        nav = self.navs[key]
        activate(nav, page, relink=nav is not self._linked)
        self._linked = nav  # the navigation the pages' parents point into now
        return nav

    # -- pages ---------------------------------------------------------------------------
    def on_pre_page(self, page, config, files):
        """Each page's Markdown goes through the build's one converter when its extensions allow it."""
        from kbgen.site.rendering import PageRenderer, reusable

        if self._rendering is not config:
            self._rendering = config
            self._renderer = PageRenderer(config) if reusable(config.markdown_extensions) else None
        if self._renderer is not None:
            self._renderer.bind(page)
        return page

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        center = self._center()
        item = center.page_by_src(page.file.src_uri)
        kind = site_pages.page_kind(page.file.src_uri, center)
        page.meta.setdefault("template", site_pages.TEMPLATES[kind])
        if kind in ("home", "category", "contact", "search"):
            page.meta.setdefault("hide", ["navigation", "toc"])
        category = center.categories.get(posixpath.dirname(page.file.src_uri)) if kind == "category" else None
        escape_page_text(page, item or category)
        if isinstance(item, Article):
            markdown = expand_embeds(center, item)  # with content from other tools converted
            if site_pages.DOC_CARDS_MARK in markdown:  # Docusaurus' <DocCardList />
                markdown = site_pages.doc_cards(center, item, markdown)
            if site_pages.PAGE_TITLE_MARK in markdown:  # GitBook's {% page-ref %}
                markdown = site_pages.page_titles(center, item, markdown)
        return FAQ_LINK.sub(r"\1.md", markdown)

    def on_serve(self, server, config, builder):
        """``kbgen serve`` rebuilds when the store's own catalogs (``locales:``) change, as for mkdocs.yml,
        and when Docusaurus' sidebars file beside the docs folder does (one inside it is watched with it)."""
        from kbgen.content.sidebars import find_sidebars
        from kbgen.locales.store import watched_paths

        for path in watched_paths(self.config.locales, config.config_file_path):
            server.watch(path)
        if beside := find_sidebars(config.docs_dir, []):
            server.watch(beside[0])
        return server

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_page_content(self, html: str, page, config, files) -> str:
        center = self._center()
        item = center.page_by_src(page.file.src_uri)
        if getattr(self, "serving", False) and item is not None and item.src in center.broken_links:
            html = mark_broken_links(html, center.broken_links[item.src])
        if getattr(self, "serving", False) and item is not None and item.src in center.draft_links:
            html = mark_draft_links(html, center.draft_links[item.src], page.file, files)
        # sitemap.xml is written before any page, so its hreflang alternates and dates are worked out here.
        kind = site_pages.page_kind(page.file.src_uri, center)
        # MkDocs needs a date on every page (the newest dates sitemap.xml.gz); the sitemap prints this one.
        page.kbgen_lastmod = lastmod(page.file.src_uri, kind, center, self.page_dates)
        if page.kbgen_lastmod:
            page.update_date = page.kbgen_lastmod
        site = self._site_info(config, center.lang_of(page.file.src_uri))
        page.kbgen_alternates = alternates(center, item, page.file.src_uri, site, self._url_of)
        url = site_path(config) + page.url
        category = center.categories.get(item.category or "") if item else None
        category_title = category.title if category else ""
        if isinstance(item, Faq):
            html, answers = wrap_faq_sections(html, item, site.t)
            page.meta["kbgen_jsonld"] = faq_jsonld(item, answers)
            entries = [
                (e.anchor, e.question, answer, e.keywords)
                for e, answer in zip(item.entries, answers or [e.answer for e in item.entries], strict=True)
            ]
            self._index_page(item.lang, faq_page(
                url=url, title=item.title, category=category_title, description=item.description, entries=entries,
            ))
        elif isinstance(item, Article) and not item.draft:
            self._index_page(item.lang, article_page(
                url=url, title=item.title, category=category_title, html=html, description=item.description,
                keywords=[*item.keywords, *item.tags],
            ))
        elif kind == "contact":
            lang = center.lang_of(page.file.src_uri)
            keywords = self.locales.language(lang).texts["contact_us"]
            self._index_page(lang, contact_search_page(url, keywords, self.config, keywords))
        if self.background_index:
            page.markdown = ""  # kbgen build: rendered, never read again (None would mean "not read")
        return html

    def on_page_context(self, context: dict[str, Any], page, config, nav) -> dict[str, Any]:
        center = self._center()
        lang = center.lang_of(page.file.src_uri)
        info: PageInfo = build_page_info(center, page, self._site_info(config, lang), page.kbgen_alternates)
        context["kbgen"] = info
        if not self._user_nav:
            context["nav"] = self._navigation_for(page, lang)
        if info.updated:
            page.update_date = info.updated
        return context

    def on_template_context(self, context: dict[str, Any], template_name: str, config) -> dict[str, Any]:
        context["kbgen"] = PageInfo(kind="notfound", site=self._site_info(config))
        return context

    def _url_of(self, src: str) -> str | None:
        file = self.files.get_file_from_path(src) if self.files else None
        return file.url if file is not None and file.inclusion.is_included() else None

    def on_build_error(self, error) -> None:
        """A failed build leaves no index process writing beside it."""
        if self._indexes is not None:
            self._indexes.cancel()
            self._indexes = None

    def on_post_build(self, config) -> None:
        self._finish_indexes()
        self._write_redirects(config)
        self._write_widget(config)

    def _write_widget(self, config) -> None:
        """widget.json beside each language's widget.js, and _headers so other origins may read the site."""
        from kbgen.site.widget import widget_config, write_headers, write_widget_config

        center, base = self._center(), site_path(config)
        for lang in center.languages:
            data = widget_config(center, self._site_info(config, lang), self.config, base)
            write_widget_config(config.site_dir, center.root(lang), data)
        write_headers(config.site_dir, base)

    def _write_redirects(self, config) -> None:
        """A page per old address (``redirect_from``) and the ``_redirects`` file for Netlify and Cloudflare."""
        from kbgen.site.redirects import collect_redirects, write_redirects

        base = site_path(config)
        problems = write_redirects(collect_redirects(self._center(), base), config.site_dir, base)
        if problems:
            raise PluginError("\n".join(d.format() for d in problems))

    def on_post_page(self, output: str, page, config) -> str:
        self._done += 1
        if self.progress:
            self.progress(self._done, self._total)
        return output

    def _site_info(self, config, lang: str | None = None):
        """What every page of a language shows of its sub-site: computed once per build and language."""
        lang = lang or self._center().default_lang
        if lang not in self.sites:
            self.sites[lang] = site_info(self._center(), config, self.config, lang, self.locales)
        return self.sites[lang]

    def _center(self) -> HelpCenter:
        if self.center is None:  # pragma: no cover - MkDocs always calls on_config first
            raise PluginError("kbgen plugin used before its configuration was loaded")
        return self.center




def use_store_images(config, settings) -> None:
    """The store's logo and favicon, where Material's header and <head> read them."""
    if settings.logo:
        config.theme["logo"] = settings.logo
    if settings.favicon:
        config.theme["favicon"] = settings.favicon


def escape_site_text(config) -> None:
    """Material prints these settings as HTML; they are plain text, so they go in escaped."""
    for key in ("site_name", "site_description", "site_author"):
        if isinstance(config[key], str):
            config[key] = html_text(config[key])


def escape_nav_titles(nav, files) -> None:
    """The titles mkdocs.yml's nav gives pages and sections are plain text too: MkDocs keeps a page's
    on the page, ahead of the front matter's, and the sidebar of a site with its own nav prints them."""
    for file in files.documentation_pages():
        title = vars(file.page).get("title") if file.page is not None else None
        if isinstance(title, str):
            file.page.title = html_text(title)
    sections = [item for item in getattr(nav, "items", None) or () if isinstance(item, Section)]
    while sections:
        section = sections.pop()
        section.title = html_text(section.title)
        sections += [item for item in section.children if isinstance(item, Section)]


def escape_page_text(page, source) -> None:
    """The page's title and description as escaped text, where Material's templates read them.

    ``source`` is the article, FAQ or category the page shows (its title may come from a heading
    rather than the front matter); ``None`` keeps the page's own front matter.
    """
    meta = page.meta
    title = getattr(source, "title", None) or meta.get("title")
    if title:
        meta["title"] = html_text(title)
    description = getattr(source, "description", None) or meta.get("description")
    if isinstance(description, str) and description:
        meta["description"] = html_text(" ".join(description.split()))
    for key in ("author", "subtitle", "status"):  # Material prints these too, in text and attributes
        if isinstance(meta.get(key), str):
            meta[key] = html_text(meta[key])


def contact_search_page(url: str, title: str, settings, local_keyword: str = "") -> SearchPage:
    """The contact page is what a shopper searching "phone" or "talk to someone" wants."""
    contact = settings.contact
    hours = contact.hours if isinstance(contact.hours, str) else " ".join(map(str, (contact.hours or {}).values()))
    details = " ".join(str(v) for v in (contact.email, contact.phone, hours, contact.response_time) if v)
    html = f"<p>Email, live chat and phone: {htmllib.escape(details)}</p>"
    return article_page(
        url=url, title=title, category="", html=html, description="How to reach a person",
        keywords=[
            "contact", "customer service", "support", "phone", "email", "chat", "talk to a person",
            *([local_keyword] if local_keyword else []),
        ],
    )


def mark_broken_links(html: str, targets: set[str], why: str = "Broken link", hrefs: dict[str, str] | None = None,
                      ) -> str:
    """In the preview, a link that reaches no page is shown as text with a marker, so staff see it.

    ``hrefs``: the address each target has on the page, where MkDocs rewrote it (to a page it has).
    """
    for target in targets:
        href = re.escape(htmllib.escape((hrefs or {}).get(target, target), quote=True))
        html = re.sub(
            rf'<a href="{href}"[^>]*>(.*?)</a>',
            lambda m, t=target: (
                f'<span class="kbgen-broken-link" title="{htmllib.escape(f"{why}: {t} (see kbgen check)")}">'
                f"{m.group(1)}</span>"
            ),
            html,
        )
    return html


def mark_draft_links(html: str, drafts: dict[str, str], page_file: File, files: Files) -> str:
    """In the preview, a link to a draft is marked as a broken one is: the preview shows the draft at its
    address (as MkDocs' does), but the built site does not publish it, and there the link leads nowhere."""
    hrefs = {}
    for target, src in drafts.items():
        file = files.get_file_from_path(src)
        if file is not None:
            path, hash_, anchor = target.partition("#")
            hrefs[target] = (file.url_relative_to(page_file) if path else "") + hash_ + anchor
    return mark_broken_links(html, set(drafts), "Link to a draft, which is not published", hrefs)
