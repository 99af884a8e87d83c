"""Hostile input: 4,000 random bodies, and every answer is 204, a 200 listing rejected events, or a 4xx.

The bodies go straight into the ASGI app on one event loop: the whole Starlette stack (routing,
middleware, lifespan, the writer thread and SQLite), without sockets or threads in between.
``starlette.testclient`` costs about 2 ms a request here (a thread portal per call), which made this
test take 50 s; called directly it takes a tenth of a millisecond. An exception inside the app
propagates out of the call, so a 500 cannot hide.
"""

from __future__ import annotations

import asyncio
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kbgen.analytics.collector import create_app

from .conftest import click, feedback, rows, search


class InProcessApp:
    """Runs an ASGI app's lifespan and requests on a private event loop."""

    def __init__(self, app):
        self.app = app
        self.loop = asyncio.new_event_loop()
        self.lifespan = None

    def __enter__(self) -> InProcessApp:
        self.lifespan = self.app.router.lifespan_context(self.app)
        self.loop.run_until_complete(self.lifespan.__aenter__())
        return self

    def __exit__(self, *exc_info) -> None:
        try:
            self.loop.run_until_complete(self.lifespan.__aexit__(None, None, None))
        finally:
            self.loop.close()

    def post(self, path: str, body: bytes, content_type: str) -> tuple[int, bytes]:
        return self.loop.run_until_complete(self._post(path, body, content_type))

    async def _post(self, path: str, body: bytes, content_type: str) -> tuple[int, bytes]:
        headers = [(b"host", b"testserver"), (b"content-length", str(len(body)).encode())]
        if content_type:
            headers.append((b"content-type", content_type.encode("latin-1")))
        scope = {
            "type": "http", "asgi": {"version": "3.0", "spec_version": "2.3"}, "http_version": "1.1",
            "method": "POST", "scheme": "http", "path": path, "raw_path": path.encode(), "root_path": "",
            "query_string": b"", "headers": headers, "client": ("127.0.0.1", 50000), "server": ("testserver", 80),
        }
        chunks = [body[i:i + 4096] for i in range(0, len(body), 4096)] or [b""]
        messages = [{"type": "http.request", "body": chunk, "more_body": n < len(chunks) - 1}
                    for n, chunk in enumerate(chunks)]
        sent: list[dict] = []

        async def receive() -> dict:
            return messages.pop(0) if messages else {"type": "http.disconnect"}

        async def send(message: dict) -> None:
            sent.append(message)

        await self.app(scope, receive, send)
        [start] = [m for m in sent if m["type"] == "http.response.start"]
        return start["status"], b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=40),
    st.sampled_from(["", "/", "search", "click", "feedback", "en", "2026-11-24T05:46:43.444Z", "outdated"]),
)
json_values = st.one_of(  # one level of nesting; the deep bodies below cover the rest
    scalars, st.lists(scalars, max_size=4), st.dictionaries(st.text(max_size=8), scalars, max_size=4),
)


@st.composite
def mutated_events(draw):
    """A valid event with a field replaced, removed or added: close enough to get past the first checks."""
    event = draw(st.sampled_from([search, click, feedback]))()
    for _ in range(draw(st.integers(0, 3))):
        action = draw(st.sampled_from(["replace", "remove", "add", "keep"]))
        key = draw(st.sampled_from(sorted(event)))
        if action == "replace":
            event[key] = draw(json_values)
        elif action == "remove":
            event.pop(key, None)
        elif action == "add":
            event[draw(st.text(max_size=10))] = draw(json_values)
    return event


def dumps(value) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")


bodies = st.one_of(
    st.binary(max_size=512),
    json_values.map(dumps),
    mutated_events().map(dumps),
    st.lists(mutated_events(), max_size=4).map(dumps),
    st.builds(lambda wrap, size, closed: wrap[0] + b"[" * size + b"]" * (size if closed else 0) + wrap[1],
              st.sampled_from([(b"", b""), (dumps(search())[:-1] + b', "x": ', b"}")]),
              st.integers(0, 9_000), st.booleans()),  # deep nesting, closed or not, under and over 16 KiB
    st.builds(lambda char, size: dumps(search(char * size)), st.characters(), st.integers(150, 260)),
    mutated_events().map(lambda e: dumps(e)[:-1] + b" " * 16_400 + b"}"),
)
content_types = st.sampled_from([
    "application/json", "text/plain;charset=UTF-8", "text/plain", "application/json; charset=utf-8",
    "application/xml", "", "application/json; charset=utf-16", "TEXT/PLAIN",
])


def test_random_bodies_never_get_a_5xx(tmp_path):
    db = tmp_path / "fuzz.sqlite"
    seen: dict[int, int] = {}
    with InProcessApp(create_app(db, rate=0)) as app:

        @settings(max_examples=4_000, deadline=None, database=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
        @given(body=bodies, content_type=content_types)
        def check(body: bytes, content_type: str) -> None:
            status, answer = app.post("/events", body, content_type)
            seen[status] = seen.get(status, 0) + 1
            assert status in (200, 204, 400, 413, 415), (status, answer, body[:200])
            if status == 200:
                assert json.loads(answer)["rejected"]
            elif status != 204:
                assert json.loads(answer)["error"]

        check()
    assert sum(seen.values()) >= 4_000
    assert {204, 400, 413, 415} <= set(seen), seen  # the bodies reached every answer
    assert len(rows(db)) > 0
