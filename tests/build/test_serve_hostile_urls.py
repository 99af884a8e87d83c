"""`kbgen serve` answers a hostile address with a 404 page and a quiet terminal: no file outside the
preview's folder, no traceback."""

from __future__ import annotations

import http.client
import time

import pytest

from tests.build.test_serve_preview import fetch, preview_process

pytestmark = pytest.mark.slow

ADDRESSES = [
    "/..%2f..%2f..%2f..%2fetc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/..%252f..%252fetc%252fpasswd",
    "/../../../../etc/passwd", "//etc/passwd", "/assets/..%2f..%2f..%2f..%2fetc/passwd",
    "/search/..%5c..%5c..%5cetc/passwd", "/%00", "/index.html%00.png", "/orders/%00/",
]


def status_of(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)  # sent as written, not normalised
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_traversal_and_nul_addresses_get_a_404_without_a_traceback(make_site):
    root = make_site()
    with preview_process(root) as preview:
        fetch(f"http://127.0.0.1:{preview.port}/", time.monotonic() + 60)
        answers = {path: status_of(preview.port, path) for path in ADDRESSES}
    stderr = preview.stderr
    assert {path: status for path, (status, _) in answers.items()} == dict.fromkeys(ADDRESSES, 404)
    assert not [path for path, (_, body) in answers.items() if b"root:" in body]
    assert "Traceback" not in stderr
