"""Screenshots of the built demo at phone and desktop width, for a person to look at.

Run by hand (``make screenshots``): builds nothing, serves SITE_DIR (default ``site``)
on 127.0.0.1 and writes PNGs to ``screenshots/``.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
PAGES = {
    "home": "",
    "category": "shipping-and-delivery/",
    "article": "orders-and-tracking/track-your-order/",
    "faq": "shipping-and-delivery/shipping-questions/#do-you-ship-to-po-boxes",
    "contact": "contact/",
    "404": "no-such-page/",
}
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def send_error(self, code, message=None, explain=None):
        if code == 404 and (Path(self.directory) / "404.html").exists():
            body = (Path(self.directory) / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def main() -> int:
    site = Path(os.environ.get("SITE_DIR", "site"))
    out = Path(os.environ.get("SCREENSHOT_DIR", "screenshots"))
    pages = dict(PAGES)
    for arg in sys.argv[1:]:
        name, _, path = arg.partition("=")
        pages[name] = path
    out.mkdir(exist_ok=True)
    server, base = serve(site)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        for width_name, (w, h) in WIDTHS.items():
            page = browser.new_page(viewport={"width": w, "height": h})
            for name, path in pages.items():
                page.goto(base + path)
                page.screenshot(path=str(out / f"{name}-{width_name}.png"), full_page=width_name == "desktop")
                print(out / f"{name}-{width_name}.png")
        browser.close()
    server.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
