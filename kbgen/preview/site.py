"""The built preview kept in memory between edits: the MkDocs config, Files, navigation and Jinja
environment of the last full build, the kbgen plugin holding the content model, and every page's
search text. An edit re-renders the pages it affects in that state (MkDocs' own page functions);
anything that moves pages around rebuilds the whole site into a new folder, swapped in when done.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from typing import Any

import mkdocs.utils
from mkdocs.commands.build import _build_page, _build_theme_template, _populate_page
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.exceptions import MkDocsException
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import InclusionLevel

from kbgen.config import languages_at
from kbgen.content.includes import include_settings
from kbgen.content.model import HelpCenter
from kbgen.content.validation import LinkPolicy
from kbgen.errors import KbgenError
from kbgen.plugin import assign_urls
from kbgen.preview.changes import Plan, plan_update
from kbgen.preview.reloading import LoadCache, reload_help_center
from kbgen.site.sitemap import lastmod, page_dates


@contextlib.contextmanager
def atomic_writes():
    """MkDocs writes each page in place; while requests are served, write it beside and rename it,
    so that a browser never reads half a page."""
    plain = mkdocs.utils.write_file

    def write_file(content: bytes, output_path: str) -> None:
        os.makedirs(os.path.dirname(output_path), exist_ok=True)
        partial = f"{output_path}.kbgen-part"
        with open(partial, "wb") as f:
            f.write(content)
        os.replace(partial, output_path)

    mkdocs.utils.write_file = write_file
    try:
        yield
    finally:
        mkdocs.utils.write_file = plain


class Recorder(BasePlugin):
    """Keeps what a full build made, for the edits after it."""

    def __init__(self) -> None:
        super().__init__()
        self.nav: Any = None
        self.env: Any = None
        self.search_pages: dict[str, list[Any]] = {}

    @event_priority(-100)
    def on_nav(self, nav, config, files):
        self.nav = nav
        return nav

    @event_priority(100)  # before kbgen's on_env hands the pages to the index and lets go of them
    def on_env(self, env, config, files):
        self.env = env
        self.search_pages = {lang: list(pages) for lang, pages in config.plugins["kbgen"].search_pages.items()}
        return env


@dataclass
class Outcome:
    """What one update did, for the terminal."""

    pages: int = 0
    seconds: float = 0.0
    full: str = ""  # why the whole site was rebuilt
    problems: list[str] = field(default_factory=list)  # path:line: error: ... lines
    warnings: list[str] = field(default_factory=list)
    index_jobs: list[dict[str, Any]] = field(default_factory=list)


class PreviewSite:
    """The preview of the help center ``config_file`` describes, served from ``site_dir``."""

    def __init__(self, config_file: str, serve_url: str, cache: LoadCache | None = None):
        self.config_file = os.path.abspath(config_file)
        self.serve_url = serve_url
        self.cache = cache or LoadCache()
        self.site_dir = ""
        self.config: Any = None
        self.recorder = Recorder()
        self.center: HelpCenter | None = None
        self.search_pages: dict[str, dict[str, Any]] = {}
        self.generation = 0  # one more for each full build: an index for an older one is dropped
        self.shown: set[str] = set()  # warnings already printed
        self.touched: set[str] = set()  # languages whose search pages the last update changed
        #: The preview's index process (``BackgroundIndex``): a full build hands it every page.
        self.index: Any = None
        self.seeded = False  # the index process has the pages of the full build under way

    # -- loading ----------------------------------------------------------------------------
    def load_config(self, site_dir: str):
        from kbgen.build import load_mkdocs_config

        config = load_mkdocs_config(self.config_file, site_dir=site_dir)
        config.site_url = self.serve_url
        config.plugins.on_startup(command="serve", dirty=False)
        return config

    def load_center(self, config) -> HelpCenter:
        settings = config.plugins["kbgen"].config
        return reload_help_center(
            self.cache, config.docs_dir, languages=settings.languages,
            warn_untranslated=settings.translations.warn_missing,
            link_policy=LinkPolicy.from_mkdocs(config.user_configs[0] if config.user_configs else {}),
            nav=config.nav, includes=include_settings(config), languages_at=languages_at(self.config_file),
        )

    @property
    def docs_dir(self) -> str:
        return self.config.docs_dir

    @property
    def plugin(self):
        return self.config.plugins["kbgen"]

    # -- full builds ----------------------------------------------------------------------------
    def build_full(self, reason: str = "") -> Outcome:
        """Build everything into a new folder; the old one stays served until this one is done."""
        started = time.perf_counter()
        folder = tempfile.mkdtemp(prefix="kbgen-serve-")
        self.seeded = False
        try:
            outcome = self._build_into(folder, reason, started)
        except BaseException:  # Ctrl+C or SIGTERM mid-build
            self._index_again()
            raise
        if outcome.problems:
            self._index_again()
        return outcome

    def _seed_index(self, jobs: list[dict[str, Any]]) -> None:
        """The full build's pages to the index process, which weighs and writes them beside the templates."""
        self.index.reset(jobs, (self.generation + 1, None))
        self.seeded = True

    def _index_again(self) -> None:
        """A full build failed after handing its pages over: the index process takes the served site's back."""
        if self.seeded and self.site_dir and self.index is not None:
            self.index.reset(self.index_jobs(self.center, None), (self.generation, None))
        self.seeded = False

    def _build_into(self, folder: str, reason: str, started: float) -> Outcome:
        try:
            config = self.load_config(folder)
            center = self.load_center(config)
            outcome = Outcome(full=reason, problems=[d.format() for d in center.errors],
                              warnings=self.new_warnings(center))
            if outcome.problems:
                shutil.rmtree(folder, ignore_errors=True)
                return outcome
            recorder = Recorder()
            config.plugins["kbgen-preview"] = recorder
            config.plugins["kbgen"].preloaded = center
            if self.index is not None:
                config.plugins["kbgen"].index_elsewhere = self._seed_index
            mkdocs_build(config, serve_url=self.serve_url)
        except KbgenError as exc:
            shutil.rmtree(folder, ignore_errors=True)
            return Outcome(full=reason, problems=exc.format_message().splitlines())
        except MkDocsException as exc:
            shutil.rmtree(folder, ignore_errors=True)
            cause = exc.__context__ if isinstance(exc.__context__, MkDocsException) else exc
            return Outcome(full=reason, problems=str(cause).splitlines())
        except Exception as exc:  # a template or plugin failing mid-render
            shutil.rmtree(folder, ignore_errors=True)
            return Outcome(full=reason, problems=[f"rendering failed: {type(exc).__name__}: {exc}"])
        except BaseException:  # Ctrl+C or SIGTERM mid-build: the half-built folder goes too
            shutil.rmtree(folder, ignore_errors=True)
            raise
        old = self.site_dir
        self.config, self.center, self.recorder, self.site_dir = config, center, recorder, folder
        self.search_pages = {lang: {p.url: p for p in pages} for lang, pages in recorder.search_pages.items()}
        self.generation += 1
        if old:
            shutil.rmtree(old, ignore_errors=True)
        pages = len(config.plugins["kbgen"].files.documentation_pages()) if self.plugin.files else 0
        return Outcome(pages=pages, seconds=time.perf_counter() - started, full=reason, warnings=outcome.warnings)

    def new_warnings(self, center: HelpCenter) -> list[str]:
        lines = [d.format() for d in center.warnings]
        fresh = [line for line in lines if line not in self.shown]
        self.shown = set(lines)
        return fresh

    def close(self) -> None:
        if self.site_dir:
            shutil.rmtree(self.site_dir, ignore_errors=True)
            self.site_dir = ""

    # -- edits ----------------------------------------------------------------------------------
    def update(self, changed: list[str], hold, shown=None) -> Outcome:
        """Bring the site up to date with ``changed`` (absolute paths). ``hold()`` is called just
        before files in the served folder are rewritten (the server then holds requests). When other
        pages print the edited ones' titles, ``shown(outcome)`` is called once the edited pages are
        written (the server lets requests through and reloads the browsers), before those others."""
        started = time.perf_counter()
        docs = os.path.abspath(self.docs_dir)
        inside = [os.path.relpath(p, docs).replace(os.sep, "/") for p in changed]
        if any(os.path.abspath(p) == self.config_file for p in changed):
            return self.build_full(f"{os.path.basename(self.config_file)} changed")
        self.cache.forget(changed)
        self.cache.check_stamps = False  # the watcher names every file that changed
        try:
            center = self.load_center(self.config)
        except KbgenError as exc:
            return Outcome(problems=exc.format_message().splitlines())
        finally:
            self.cache.check_stamps = True
        if center.errors:
            return Outcome(problems=[d.format() for d in center.errors], warnings=self.new_warnings(center))
        known = {f.src_uri for f in self.plugin.files} if self.plugin.files else set()
        prefix = os.path.relpath(docs).replace(os.sep, "/") + "/"
        plan = plan_update(self.center, center, inside, known, lambda p: os.path.exists(os.path.join(docs, p)),
                           shown=lambda p: prefix + p if not prefix.startswith("..") else p)
        if plan.reorder and "navigation.footer" in self.config.theme.get("features", []):
            plan.full = "a new title changes the order of the previous and next links"
        if plan.full:
            return self.build_full(plan.full)
        warnings = self.new_warnings(center)
        hold()

        def first_done(count: int) -> None:
            if shown is not None:
                shown(Outcome(pages=count, seconds=time.perf_counter() - started, warnings=warnings,
                              index_jobs=self.index_jobs(center, self.touched, changed_only=True)))

        try:
            count = self.rerender(center, plan, first_done)
        except MkDocsException as exc:
            return Outcome(problems=str(exc.__context__ or exc).splitlines(), warnings=warnings)
        except Exception as exc:
            return Outcome(problems=[f"rendering failed: {type(exc).__name__}: {exc}"], warnings=warnings)
        return Outcome(pages=count, seconds=time.perf_counter() - started, warnings=warnings,
                       index_jobs=self.index_jobs(center, self.touched, changed_only=True))

    def rerender(self, center: HelpCenter, plan: Plan, first_done=None) -> int:
        """Re-render ``plan``'s pages with ``center`` as the model: the edited pages first (Markdown and
        template), then, if their titles show elsewhere, ``first_done(count)`` and the pages printing
        them (written whole, each at once: requests are no longer held). Returns how many pages it wrote."""
        plugin, files, config = self.plugin, self.plugin.files, self.config
        assign_urls(center, files)
        old, plugin.center, plugin.sites = self.center, center, {}
        self.center = center
        if plan.reorder:  # the plugin's navigation, worked out again from the new model
            self.recorder.nav = plugin.on_nav(self.recorder.nav, config=config, files=files)
        edits = [(a, b) for a, b in zip(old.articles, center.articles, strict=True)
                 if a.page_src in plan.changed] if old is not None else []
        dated = any(a.updated != b.updated for a, b in edits)
        if dated:  # the sitemap's dates, and those of the pages listing the edited ones
            plugin.page_dates = page_dates(center, config.docs_dir, plugin.config.sitemap_dates)
        plugin.search_pages = {lang: [] for lang in center.languages}
        edited = list(dict.fromkeys(src for src in plan.changed if files.get_file_from_path(src) is not None))
        for src in edited:
            _populate_page(files.get_file_from_path(src).page, config, files)
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        self.build_pages(edited, doc_files)
        retitled = any((a.title, a.description) != (b.title, b.description) for a, b in edits)
        if not (plan.shown_in or retitled or dated):
            return len(edited)
        if first_done is not None:
            first_done(len(edited))
            plugin.search_pages = {lang: [] for lang in center.languages}
        shown = list(plan.shown_in) + (self.sidebars_listing(plan.changed) if retitled else [])
        others: list[str] = []
        for src in dict.fromkeys(shown):
            file = files.get_file_from_path(src)
            if file is not None and file.page is not None and src not in edited:
                others.append(src)
                if file.page.content is None:
                    _populate_page(file.page, config, files)
        with atomic_writes():
            self.build_pages(others, doc_files)
            if retitled or plan.shown_in:  # its popular articles; the widget's topics
                _build_theme_template("404.html", self.recorder.env, files, config, self.recorder.nav)
                plugin._write_widget(config)
            if dated:
                self.date_pages(center)
                _build_theme_template("sitemap.xml", self.recorder.env, files, config, self.recorder.nav)
        return len(edited) + len(others)

    def date_pages(self, center: HelpCenter) -> None:
        """Every page's ``<lastmod>`` worked out again: a home or category page takes its newest article's."""
        from kbgen.site import pages as site_pages

        plugin = self.plugin
        for file in plugin.files.documentation_pages():
            if file.page is not None:
                kind = site_pages.page_kind(file.src_uri, center)
                file.page.kbgen_lastmod = lastmod(file.src_uri, kind, center, plugin.page_dates)
                if file.page.kbgen_lastmod:
                    file.page.update_date = file.page.kbgen_lastmod

    def build_pages(self, srcs: list[str], doc_files) -> None:
        """Write ``srcs``' pages (their Markdown rendered) and keep their search text."""
        plugin, files = self.plugin, self.plugin.files
        for src in srcs:
            file = files.get_file_from_path(src)
            _build_page(file.page, self.config, doc_files, self.recorder.nav, self.recorder.env,
                        excluded=file.inclusion.is_excluded())
        for lang, pages in plugin.search_pages.items():
            for page in pages:
                self.search_pages.setdefault(lang, {})[page.url] = page
        self.touched = {lang for lang, pages in plugin.search_pages.items() if pages}

    def sidebars_listing(self, srcs: list[str]) -> list[str]:
        """The pages whose sidebar links to one of ``srcs`` (asked of the plugin's navigation)."""
        plugin, files = self.plugin, self.plugin.files
        targets = {id(files.get_file_from_path(src).page) for src in srcs if files.get_file_from_path(src)}
        center = self.center
        found: list[str] = []
        navigation_for = getattr(plugin, "_navigation_for", None)
        if navigation_for is None or plugin._user_nav:
            return [f.src_uri for f in files.documentation_pages() if f.page is not None]
        for file in files.documentation_pages(inclusion=InclusionLevel.is_in_serve):
            if file.page is None:
                continue
            nav = navigation_for(file.page, center.lang_of(file.src_uri))
            file.page.active = False
            if any(id(p) in targets for p in nav.pages):
                found.append(file.src_uri)
        return found

    def index_jobs(self, center: HelpCenter, languages: set[str] | None, *, changed_only: bool = False,
                   ) -> list[dict[str, Any]]:
        """``build_index`` arguments for ``languages`` (None: all), as kbgen's plugin gives them; with
        ``changed_only``, only the pages the last update rendered anew (the index worker has the rest)."""
        def pages_of(lang: str) -> list[Any]:
            if changed_only:
                return list(self.plugin.search_pages.get(lang, []))
            return sorted(self.search_pages.get(lang, {}).values(), key=lambda p: p.url)

        jobs = {job["lang"]: job for job in self.plugin._index_jobs(self.config)}  # the build's, assets too
        return [dict(jobs[lang], pages=pages_of(lang))
                for lang in center.languages if languages is None or lang in languages]
