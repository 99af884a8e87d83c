"""`kbgen serve` stopped (SIGTERM, as a terminal's close or a process manager sends it) while it builds
the preview leaves no temporary folder behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from tests.build.test_serve_preview import free_port

pytestmark = pytest.mark.slow


def test_sigterm_during_the_first_build_removes_the_half_built_folder(make_site, tmp_path):
    root = make_site()
    temp = tmp_path / "tmp"
    temp.mkdir()
    server = subprocess.Popen(
        [sys.executable, "-m", "kbgen", "serve", "--dev-addr", f"127.0.0.1:{free_port()}", "--no-livereload"],
        cwd=root, env={**os.environ, "TMPDIR": str(temp)}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while not list(temp.glob("kbgen-serve-*")):
            assert server.poll() is None and time.monotonic() < deadline
            time.sleep(0.01)
        server.send_signal(signal.SIGTERM)  # the build has only just started
        server.wait(timeout=60)
    finally:
        if server.poll() is None:
            server.kill()
        server.communicate()
    assert list(temp.glob("kbgen-serve-*")) == []
