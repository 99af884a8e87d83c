"""`kbgen serve` as staff use it: the preview marks what `kbgen check` warns about."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kbgen.plugin import mark_broken_links

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, deadline: float) -> str:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@dataclass
class Preview:
    port: int
    stderr: str = ""  # what the terminal showed, once the preview stopped


@contextlib.contextmanager
def preview_process(root: Path) -> Iterator[Preview]:
    """``kbgen serve --no-livereload`` in a process of its own on a free port, stopped as the block ends."""
    preview = Preview(free_port())
    server = subprocess.Popen(
        [sys.executable, "-m", "kbgen", "serve", "--dev-addr", f"127.0.0.1:{preview.port}", "--no-livereload"],
        cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        yield preview
    finally:
        server.terminate()
        _, preview.stderr = server.communicate(timeout=30)


def test_a_broken_link_shows_as_marked_text_in_the_preview_only(make_site):
    root = make_site({"articles/orders/bad.md": "---\ntitle: Bad\n---\n\nSee [the old page](nowhere.md).\n",
                      "articles/orders/later.md": "---\ntitle: Later\ndraft: true\n---\n\nNot yet.\n"})
    with preview_process(root) as preview:
        html = fetch(f"http://127.0.0.1:{preview.port}/orders/bad/", time.monotonic() + 60)
    port, stderr = preview.port, preview.stderr
    marked = '<span class="kbgen-broken-link" title="Broken link: nowhere.md (see kbgen check)">the old page</span>'
    assert marked in html
    assert "articles/orders/bad.md:5: warning: link 'nowhere.md' points to a page that does not exist" in stderr
    # kbgen's own lines, not MkDocs' about folders and settings the store does not have
    assert stderr.startswith(f"articles/orders/bad.md:5: warning: link 'nowhere.md' points to a page that does "
                             f"not exist\nBuilding the preview for http://127.0.0.1:{port}/ (Ctrl+C to stop)\n"), stderr
    assert "Cleaning site directory" not in stderr and "draft_docs" not in stderr, stderr

    built = subprocess.run([sys.executable, "-m", "kbgen", "build"], cwd=root, capture_output=True, text=True)
    assert built.returncode == 0
    assert "kbgen-broken-link" not in (root / "site/orders/bad/index.html").read_text()


def test_a_link_to_a_draft_is_marked_in_the_preview_which_shows_the_draft(make_site):
    root = make_site({
        "articles/orders/gift-cards.md": "---\ntitle: Gift cards\ndraft: true\n---\n\nSoon.\n",
        "articles/orders/pay.md": "---\ntitle: Pay\n---\n\nOr use [a gift card](gift-cards.md).\n",
    })
    with preview_process(root) as preview:
        deadline = time.monotonic() + 60
        html, draft = fetch(f"http://127.0.0.1:{preview.port}/orders/pay/", deadline), fetch(
            f"http://127.0.0.1:{preview.port}/orders/gift-cards/", deadline)
    stderr = preview.stderr
    assert ('<span class="kbgen-broken-link" title="Link to a draft, which is not published: gift-cards.md '
            '(see kbgen check)">a gift card</span>') in html
    assert "Soon." in draft  # the preview shows drafts at their address, as MkDocs' does
    assert ("articles/orders/pay.md:5: warning: link 'gift-cards.md' points to a draft, which is not published "
            "(publish it by removing 'draft: true', or remove the link)") in stderr


def test_marking_escapes_the_target_in_its_title():
    html = '<p><a href="a&quot;b.md">x</a> <a href="ok.md">y</a></p>'
    assert mark_broken_links(html, {'a"b.md'}) == (
        '<p><span class="kbgen-broken-link" title="Broken link: a&quot;b.md (see kbgen check)">x</span> '
        '<a href="ok.md">y</a></p>'
    )
