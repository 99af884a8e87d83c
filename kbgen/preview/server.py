"""The preview server: MkDocs' live-reload server, told which files changed and never left stuck.

MkDocs' server rebuilds the whole site on any change and, when a build fails, holds every request
until one succeeds. Here the rebuild gets the changed paths (see :mod:`kbgen.preview.site`), a
failed one shows the last good pages with the errors laid over them, and the files are watched
through the operating system's change notices rather than a poll of every file twice a second.
"""

from __future__ import annotations

import os
import signal
import time
from typing import Any
from urllib.parse import urlsplit

import click
import watchdog.events
import watchdog.observers
from mkdocs.livereload import LiveReloadServer, _serve_url

from kbgen.preview.indexing import BackgroundIndex
from kbgen.preview.overlay import with_overlay
from kbgen.preview.reloading import LoadCache
from kbgen.preview.site import Outcome, PreviewSite
from kbgen.wording import plural

WRITES = frozenset({
    watchdog.events.EVENT_TYPE_CREATED, watchdog.events.EVENT_TYPE_MODIFIED, watchdog.events.EVENT_TYPE_MOVED,
    watchdog.events.EVENT_TYPE_DELETED, watchdog.events.EVENT_TYPE_CLOSED,
})


def say(message: str) -> None:
    click.echo(time.strftime("[%H:%M:%S] ") + message, err=True)


class PreviewServer(LiveReloadServer):
    """Serves ``site``'s folder and brings it up to date on each change under the watched paths."""

    def __init__(self, site: PreviewSite, host: str, port: int, mount_path: str):
        super().__init__(builder=lambda: None, host=host, port=port, root=site.site_dir, mount_path=mount_path)
        self.site = site
        self.observer = watchdog.observers.Observer()
        self.changed: set[str] = set()
        self.problems: list[str] = []
        self.index = site.index  # started before the first build, which hands it every page
        self.error_handler = self._error_page

    # -- watching ---------------------------------------------------------------------------
    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        """As MkDocs' ``watch``, remembering which files changed."""
        path = os.path.abspath(path)
        if path in self._watched_paths:
            self._watched_paths[path] += 1
            return
        self._watched_paths[path] = 1

        def noticed(event: Any) -> None:
            if event.is_directory or event.event_type not in WRITES:
                return  # reading a file (this server does, to render it) changes nothing
            paths = [event.src_path, getattr(event, "dest_path", "")]
            with self._rebuild_cond:
                self.changed.update(os.fsdecode(p) for p in paths if p)
                self._want_rebuild = True
                self._rebuild_cond.notify_all()

        handler = watchdog.events.FileSystemEventHandler()
        handler.on_any_event = noticed  # type: ignore[method-assign]
        if os.path.isfile(path):  # the config file: its folder, filtered to it
            folder = os.path.dirname(path)

            def only_it(event: Any, own=path) -> None:
                if own in (os.fsdecode(event.src_path), os.fsdecode(getattr(event, "dest_path", "") or "")):
                    noticed(event)

            handler.on_any_event = only_it  # type: ignore[method-assign]
            self._watch_refs[path] = self.observer.schedule(handler, folder, recursive=False)
        else:
            self._watch_refs[path] = self.observer.schedule(handler, path, recursive=recursive)

    # -- rebuilding -------------------------------------------------------------------------
    def _build_loop(self) -> None:
        while True:
            with self._rebuild_cond:
                while not self._rebuild_cond.wait_for(
                    lambda: self._want_rebuild or self._shutdown, timeout=self.shutdown_delay
                ):
                    pass
                if self._shutdown:
                    break
                while self._rebuild_cond.wait(timeout=self.build_delay):
                    pass  # an editor saving writes more than once: wait until it is done
                changed, self.changed = sorted(self.changed), set()
                self._want_rebuild = False
            self.rebuild(changed)

    def rebuild(self, changed: list[str]) -> None:
        """Update the site for ``changed`` and reload the browsers, whatever happens."""
        def shown(first: Outcome) -> None:  # the edited pages are written: show them, index them
            self.root = self.site.site_dir
            self.problems = []
            self.publish()
            saved = ", ".join(os.path.relpath(p) for p in changed if os.path.isfile(p))
            say(f"re-rendered {plural(first.pages, 'page')} in {first.seconds:.1f} s ({saved}); "
                "now the pages that list it")
            if first.index_jobs and self.index is not None:
                summary = f"re-rendered {plural(first.pages, 'page')} in {first.seconds:.1f} s"
                self.index.submit(first.index_jobs, (self.site.generation, summary))

        try:
            outcome = self.site.update(changed, hold=self.hold, shown=shown)
        except Exception as exc:  # a bug must not leave the browsers waiting
            outcome = Outcome(problems=[f"preview update failed: {type(exc).__name__}: {exc}"])
        finally:
            self.root = self.site.site_dir
        self.report(outcome, changed)
        self.problems = outcome.problems
        if outcome.full and not outcome.problems and self.index is not None:
            self.index.ready.wait(timeout=300)  # the new build's index, so that the reload can search
        self.publish()
        if outcome.index_jobs and self.index is not None:
            summary = f"re-rendered {plural(outcome.pages, 'page')} in {outcome.seconds:.1f} s"
            self.index.submit(outcome.index_jobs, (self.site.generation, summary))

    def report(self, outcome: Outcome, changed: list[str]) -> None:
        for line in outcome.warnings:
            say(line)
        if outcome.problems:
            for line in outcome.problems:
                say(line)
            say(f"{plural(len(outcome.problems), 'error')}: the preview shows the last good build; fix and save")
        elif outcome.full:
            say(f"full rebuild ({outcome.full}): {plural(outcome.pages, 'page')} and the search index "
                f"in {outcome.seconds:.1f} s")
        elif outcome.pages:
            saved = [os.path.relpath(p) for p in changed if os.path.isfile(p)]
            names = ", ".join(saved[:3]) + (" ..." if len(saved) > 3 else "")
            say(f"re-rendered {plural(outcome.pages, 'page')} in {outcome.seconds:.1f} s ({names}); "
                "updating the search index")

    def hold(self) -> None:
        """From now until ``publish``, requests wait: the folder's pages are being rewritten."""
        with self._epoch_cond:
            self._wanted_epoch = max(self._visible_epoch + 1, int(time.monotonic() * 1000))

    def publish(self) -> None:
        """Let requests through and tell the open pages to reload."""
        with self._epoch_cond:
            self._wanted_epoch = max(self._wanted_epoch, self._visible_epoch + 1, int(time.monotonic() * 1000))
            self._visible_epoch = self._wanted_epoch
            self._epoch_cond.notify_all()

    def _index_done(self, seconds: float, tag: Any, rewritten: dict[str, int]) -> None:
        generation, summary = tag
        if generation < self.site.generation or (summary is not None and generation != self.site.generation):
            return  # a full build since then has written a newer index
        if summary is None:  # a full build's
            say(written_line(seconds, rewritten))
        else:
            say(f"{summary}; search index updated in {seconds:.1f} s "
                f"({rewritten['files']:,} of {plural(rewritten['total'], 'file')} rewritten)")
        if not self.problems:
            self.publish()  # an open page reads the index it loaded with: reload it

    def _index_failed(self, message: str, tag: Any) -> None:
        if tag[0] == self.site.generation:
            say(f"search index not updated: {message}")

    # -- serving ----------------------------------------------------------------------------
    def _serve_request(self, environ: dict[str, Any], start_response: Any) -> Any:
        if "\x00" in environ.get("PATH_INFO", ""):
            return None  # no file has a NUL in its name: a 404, not a 500 with a traceback in the terminal
        return super()._serve_request(environ, start_response)

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        content = super()._inject_js_into_html(content, epoch)
        problems = self.problems
        return with_overlay(content, problems) if problems else content

    def _error_page(self, code: int) -> bytes | None:
        page = os.path.join(self.site.site_dir, f"{code}.html")
        if code in (404, 500) and os.path.isfile(page):
            with open(page, "rb") as f:
                return f.read()
        return None

    def shutdown(self, wait: bool = False) -> None:
        if self.index is not None:
            self.index.close()
        super().shutdown(wait)


def written_line(seconds: float, rewritten: dict[str, int]) -> str:
    """What the terminal says once a full build's index is written."""
    return f"search index of {plural(rewritten['pages'], 'page')} written in {seconds:.1f} s"


class IndexEvents:
    """The index process's news, for the server once it is up (the first build is under way before)."""

    def __init__(self) -> None:
        self.server: PreviewServer | None = None

    def done(self, seconds: float, tag: Any, rewritten: dict[str, int]) -> None:
        if self.server is not None:
            self.server._index_done(seconds, tag, rewritten)
        elif tag[1] is None:
            say(written_line(seconds, rewritten))

    def failed(self, message: str, tag: Any) -> None:
        if self.server is not None:
            self.server._index_failed(message, tag)
        else:
            say(f"search index not written: {message}")


def stop_on_sigterm(signum: int, frame: Any) -> None:
    """SIGTERM stops the preview as Ctrl+C does: its index process and temporary folder go with it."""
    raise KeyboardInterrupt


def serve(config_file: str, host: str, port: int, *, livereload: bool = True, cache: LoadCache | None = None) -> None:
    """Build the preview, serve it on ``host:port`` and keep it up to date until Ctrl+C.

    ``cache``: the one ``kbgen serve`` checked the content through, so no file is read twice.
    """
    from kbgen.build import load_mkdocs_config
    from kbgen.errors import KbgenError

    config = load_mkdocs_config(config_file)
    mount_path = urlsplit(config.site_url or "/").path
    site = PreviewSite(config_file, _serve_url(host, port, mount_path), cache)
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    events = IndexEvents()
    if livereload:  # started first: the first build hands it every page, to index beside the templates
        site.index = BackgroundIndex(events.done, events.failed)
    try:
        first = site.build_full()  # its warnings were printed by the check before it
        if first.problems:
            raise KbgenError("\n".join(first.problems))
        say(f"built {plural(first.pages, 'page')} in {first.seconds:.1f} s")
        if site.index is not None:
            site.index.ready.wait()  # its search index, written beside the templates: searchable from the start
        server = PreviewServer(site, host, port, mount_path)
        events.server = server
        if livereload:
            server.watch(site.docs_dir)
            server.watch(site.config_file)
            site.config.plugins.on_serve(server, config=site.config, builder=lambda: None)
            for item in site.config.watch:
                server.watch(item)
        try:
            server.serve()
        except KeyboardInterrupt:
            say("Shutting down...")
        finally:
            server.shutdown()
            site.config.plugins.on_shutdown()
    finally:
        if site.index is not None:
            site.index.close()
        site.close()
