"""The demo built once, served on 127.0.0.1, opened in Debian's Chromium through Playwright."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from kbgen.build import build_site

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """A static host: files as they are, and the site's 404.html for anything missing."""

    def log_message(self, *args) -> None:
        pass

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class CorsHandler(SiteHandler):
    """The help center's host: every answer readable from any origin, as GitHub Pages sends it."""

    def end_headers(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()


@contextlib.contextmanager
def serve_folder(folder: Path, handler: type[SiteHandler] = SiteHandler) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (a free port) while the block runs; yields its address, ending in /."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def build_project(project: Path, site: Path) -> None:
    """Build the help center in ``project`` into ``site``, as ``kbgen build`` run there would."""
    cwd = os.getcwd()
    os.chdir(project)
    try:
        build_site("mkdocs.yml", str(site), echo=lambda line: None)
    finally:
        os.chdir(cwd)


def run_queries(page, queries: list[str], limit: int = 5) -> list[dict]:
    """Every query through window.kbgen.query on the open page, in order."""
    return page.evaluate(
        """async ([qs, limit]) => {
            const out = [];
            for (const q of qs) out.push(await window.kbgen.query(q, {limit}));
            return out;
        }""",
        [queries, limit],
    )


def is_hit(url: str, expected: str) -> bool:
    """A result counts for an article when it is the article or one of its sections."""
    return url == expected or ("#" not in expected and url.split("#")[0] == expected)


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("demo") / "site"
    build_project(ROOT, site)
    return site


@pytest.fixture(scope="session")
def site_url(demo_site: Path) -> Iterator[str]:
    with serve_folder(demo_site) as url:
        yield url


@pytest.fixture(scope="package")
def browser():
    """One Chromium for the browser tests, closed when they end (its event loop would
    otherwise stay running under the tests that follow)."""
    executable = shutil.which("chromium")
    if executable is None:
        message = "Debian's chromium is not installed (apt-get install -y chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh page that records console errors and uncaught exceptions."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.problems = []
    page.on("console", lambda msg: msg.type == "error" and page.problems.append(f"console: {msg.text}"))
    page.on("pageerror", lambda exc: page.problems.append(f"pageerror: {exc}"))
    yield page
    context.close()
