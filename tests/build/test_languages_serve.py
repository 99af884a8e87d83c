"""`kbgen serve` and the store's own catalogs: saving one rebuilds the preview with its texts."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ARTICLE = "orders/returns/index.html"


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(predicate, what: str, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not seen within {timeout} s:\n{log.read_text(encoding='utf-8')}")
        time.sleep(0.2)


def test_saving_a_store_catalog_rebuilds_the_preview_with_its_text(make_site, tmp_path):
    root = make_site({"texts/en.yml": 'texts:\n  was_helpful: "Did this answer your question?"\n'})
    config = root / "mkdocs.yml"
    text = config.read_text().replace("      languages: [en]", "      languages: [en]\n      locales: texts")
    config.write_text(text)
    scratch, log = tmp_path / "tmp", tmp_path / "serve.log"
    scratch.mkdir()
    with log.open("w", encoding="utf-8") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "kbgen", "serve", "--dev-addr", f"127.0.0.1:{free_port()}"],
            cwd=root, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "TMPDIR": str(scratch)},
        )
    try:
        wait_for(lambda: "Watching paths for changes" in log.read_text(encoding="utf-8"), "the server", log)

        def page() -> str:
            folders = list(scratch.glob("kbgen-serve-*"))
            html = folders[0] / ARTICLE if len(folders) == 1 else None
            return html.read_text(encoding="utf-8") if html is not None and html.is_file() else ""

        assert "Did this answer your question?" in page()
        (root / "texts/en.yml").write_text('texts:\n  was_helpful: "Did we answer it?"\n', encoding="utf-8")
        wait_for(lambda: "Did we answer it?" in page(), "the new text in the preview", log)
        assert "full rebuild" in log.read_text(encoding="utf-8")
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert server.returncode == 0, log.read_text(encoding="utf-8")
