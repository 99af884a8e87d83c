"""The collector over real HTTP (uvicorn on 127.0.0.1, port 0): every status code, CORS, read-back."""

from __future__ import annotations

import json

import httpx2 as httpx
import pytest

from .conftest import body, click, contact, feedback, rows, running_collector, search

ORIGIN = "https://help.example.com"
JSON = {"content-type": "application/json"}
BEACON = {"content-type": "text/plain;charset=UTF-8"}


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def collector(request, tmp_path_factory):
    """One collector per store for the module, no rate limit, one allowed origin; yields (client, db).

    Every test using it runs on SQLite, then on PostgreSQL: the same answers, the same rows.
    """
    if request.param == "sqlite":
        db = tmp_path_factory.mktemp("http") / "events.sqlite"
    else:
        db = request.getfixturevalue("postgres").create_database()
    with running_collector(db, allow_origins=[ORIGIN], rate=0) as url, httpx.Client(base_url=url) as client:
        yield client, db


def post(client: httpx.Client, content: bytes, headers=None) -> httpx.Response:
    return client.post("/events", content=content, headers=headers or JSON)


def error_of(response: httpx.Response) -> str:
    assert response.headers["content-type"] == "application/json"
    return response.json()["error"]


def test_healthz_answers_200_ok(collector):
    client, _ = collector
    response = client.get("/healthz")
    assert (response.status_code, response.text) == (200, "ok")


def test_one_event_is_stored_and_read_back(collector):
    client, db = collector
    event = search("can i pay with klarna", results=0, unmatched=["klarna"], page="/payments/")
    response = post(client, body(event))
    assert response.status_code == 204
    assert response.content == b""
    [row] = [r for r in rows(db) if r["query"] == "can i pay with klarna"]
    assert row["type"] == "search"
    assert row["query_norm"] == "can i pay with klarna"
    assert row["results"] == 0
    assert json.loads(row["unmatched"]) == ["klarna"]
    assert row["page"] == "/payments/"
    assert row["ts"] == event["ts"]
    assert row["received_at"].endswith("Z")


def test_one_visit_of_every_event_type_is_stored_with_its_visit_source_and_channel(collector):
    client, db = collector
    visit = "5f0c8a3e9b1d4c7a2e6f8b0d1c3a5e7f"
    events = [search("night mode", results=0, unmatched=["night"], visit=visit, source="widget"),
              click("dark theme", url="/account/appearance/", visit=visit, source="widget"),
              feedback(page="/account/appearance/", helpful=False, visit=visit, source="widget"),
              contact("email", query="dark theme", visit=visit, source="widget"),
              contact("phone")]
    assert post(client, body(*events)).status_code == 204
    stored = [(r["type"], r["visit"], r["source"], r["channel"], r["query"], r["query_norm"]) for r in rows(db)[-5:]]
    assert stored == [
        ("search", visit, "widget", None, "night mode", "night mode"),
        ("click", visit, "widget", None, "dark theme", "dark theme"),
        ("feedback", visit, "widget", None, None, None),
        ("contact", visit, "widget", "email", "dark theme", "dark theme"),
        ("contact", None, None, "phone", None, None),
    ]


def test_a_batch_sent_as_beacon_text_plain_is_stored(collector):
    client, db = collector
    events = [search("Where's my ORDER?"), click("tracking", url="/orders/track/", position=2),
              feedback(page="/orders/track/", anchor="late", helpful=False, reason="outdated", comment="Old form.")]
    assert post(client, body(*events), BEACON).status_code == 204
    stored = {r["type"]: r for r in rows(db)
              if r["query"] in ("Where's my ORDER?", "tracking") or r["comment"] == "Old form."}
    assert stored["search"]["query_norm"] == "wheres my order"
    assert (stored["click"]["url"], stored["click"]["position"]) == ("/orders/track/", 2)
    assert (stored["feedback"]["anchor"], stored["feedback"]["helpful"], stored["feedback"]["reason"],
            stored["feedback"]["comment"]) == ("late", 0, "outdated", "Old form.")


def test_nothing_about_the_client_is_stored(collector):
    client, db = collector
    post(client, body(search("privacy check")), {**JSON, "user-agent": "Secret/1.0", "cookie": "id=42"})
    columns = set(rows(db)[0])
    assert not columns & {"ip", "client", "address", "user_agent", "cookie", "headers"}
    assert "Secret/1.0" not in json.dumps(rows(db))


def test_unknown_fields_are_ignored_not_stored(collector):
    client, db = collector
    assert post(client, body(search("extra field", email="shopper@example.com"))).status_code == 204
    assert "shopper@example.com" not in json.dumps(rows(db))


# kbgen's own messages are asserted whole; where msgspec words the message (a wrong type or size),
# only the field it names is, so that another msgspec version cannot break the suite.
@pytest.mark.parametrize(("content", "reason"), [
    (b'{"type": "search", "query": ', "malformed JSON: "),
    (b"", "the body is empty; send one event or an array of events"),
    (b"[]", "the array is empty; send one event or an array of events"),
    (b'"search"', "the body must be one event (a JSON object) or an array of events"),
    (body(search(results="3")), "results"),
    (body(search(results=-1)), "results"),
    (body(search(unmatched="klarna")), "unmatched"),
    (body(search(lang=5)), "lang"),
    (body(search(ts="yesterday")), "ts"),
    (body(search(ts="2026-11-24T05:46:43")), "ts"),
    (body(search(page="https://evil.example/")), "Expected a site-absolute path (starting with /) without control "
                                                  "characters"),
    (body(search(lang="english please")), "Expected a language tag such as en or pt-BR"),
    (body(click(position=0)), "position"),
    (body(feedback(helpful="yes")), "helpful"),
    (body(feedback(reason="angry")), "reason must be one of unclear, didnt-answer, outdated, other"),
    (body({"type": "pageview", "page": "/"}), "type must be one of search, click, feedback, contact"),
    (body({"query": "x"}), "type"),
    (body(search(query=" ")), "query must not be blank"),
    (body({"type": "contact", "channel": "fax", "page": "/", "lang": "en", "ts": "2026-11-24T05:46:43Z"}),
     "channel must be one of email, chat, phone"),
    (body(search(visit="not-a-visit")), "visit must be 32 lowercase hexadecimal digits"),
    (body(click(source="Widget!")), "source must be a short lowercase word such as widget"),
], ids=[
    "truncated", "empty", "empty-array", "string", "results-as-string", "negative-results", "unmatched-as-string",
    "lang-as-number", "ts-not-a-time", "ts-without-zone", "page-not-a-path", "lang-not-a-tag", "position-0",
    "helpful-as-string", "unknown-reason", "unknown-type", "no-type", "blank-query", "unknown-channel", "bad-visit",
    "bad-source",
])
def test_bad_events_get_400_with_the_reason(collector, content, reason):
    client, _ = collector
    response = post(client, content)
    assert response.status_code == 400
    assert reason in error_of(response)


def test_more_than_100_events_in_a_batch_get_400(collector):
    client, _ = collector
    small = {"type": "click", "query": "q", "url": "/u", "position": 1, "lang": "en", "page": "/",
             "ts": "2026-11-24T05:46:43Z"}
    response = post(client, json.dumps([small] * 101).encode())
    assert response.status_code == 400
    assert error_of(response) == "the array holds 101 events; send at most 100 at once"


def test_bad_events_of_a_batch_are_listed_and_the_good_ones_stored(collector):
    client, db = collector
    events = [search("q" * 250), feedback(page="/mixed/batch/", helpful=False, reason="unclear"),
              search("refund\tpolicy"), click("mixed batch", position=2)]
    response = post(client, body(*events), BEACON)
    assert response.status_code == 200
    assert response.headers["x-kbgen-rejected"] == "2"
    answer = response.json()
    assert answer["stored"] == 2
    assert [item["index"] for item in answer["rejected"]] == [0, 2]
    assert "`$[0].query`" in answer["rejected"][0]["error"]
    assert answer["rejected"][1]["error"] == "Expected text without control characters - at `$[2].query`"
    assert [(r["type"], r["reason"]) for r in rows(db) if r["page"] == "/mixed/batch/"] == [("feedback", "unclear")]
    assert [r["position"] for r in rows(db) if r["query"] == "mixed batch"] == [2]


def test_a_batch_with_no_valid_event_gets_400_listing_each(collector):
    client, _ = collector
    response = post(client, body(search(" "), click(position=0)))
    assert response.status_code == 400
    answer = response.json()
    assert answer["error"] == "none of the 2 events is valid; query must not be blank - at `$[0]`"
    assert [item["index"] for item in answer["rejected"]] == [0, 1]


@pytest.mark.parametrize("query", ["refund\u0085", "\u0080x", "\u200b", "\ufeff", "\u200b \u2060\ufeff", "\u00a0"],
                         ids=["nel-c1", "pad-c1", "zero-width-space", "bom", "invisible-mix", "nbsp"])
def test_c1_controls_and_invisible_only_queries_get_400(collector, query):
    client, db = collector
    response = post(client, body(search(query)))
    assert response.status_code == 400
    reason = error_of(response)
    assert reason in ("Expected text without control characters - at `$.query`", "query must not be blank")
    assert not [r for r in rows(db) if r["query"] == query]


def test_a_query_with_a_zero_width_joiner_inside_words_is_kept(collector):
    client, db = collector
    query = "\U0001f469\u200d\U0001f4bb laptop"
    assert post(client, body(search(query))).status_code == 204
    assert [r["query"] for r in rows(db) if r["query"] == query] == [query]


def test_deep_nesting_gets_400(collector):
    client, _ = collector
    deep = b"[" * 7000 + b"]" * 7000
    assert post(client, deep).status_code == 400
    hidden = json.dumps(search()).encode()[:-1] + b', "x": ' + deep + b"}"
    response = post(client, hidden)
    assert response.status_code == 400
    assert error_of(response) == "the JSON is nested too deeply"


def test_huge_strings_get_400(collector):
    client, _ = collector
    response = post(client, body(search("q" * 10_000)))
    assert response.status_code == 400
    assert "200" in error_of(response) and "`$.query`" in error_of(response)
    response = post(client, body(feedback(comment="c" * 501)))
    assert response.status_code == 400
    assert "500" in error_of(response) and "`$.comment`" in error_of(response)
    response = post(client, body(search(unmatched=["w" * 65])))
    assert response.status_code == 400
    response = post(client, body(search(unmatched=["w"] * 21)))
    assert response.status_code == 400


def test_control_characters_get_400(collector):
    client, _ = collector
    response = post(client, body(search("refund\u0000")))
    assert response.status_code == 400
    assert error_of(response) == "Expected text without control characters - at `$.query`"


@pytest.mark.parametrize("content", [
    b'{"type": "search", "query": "caf\xe9", "results": 0, "lang": "en", "page": "/", "ts": "2026-11-24T05:46:43Z"}',
    b"\xff\xfe{}",
], ids=["latin-1-byte", "utf-16-bom"])
def test_invalid_utf8_gets_400(collector, content):
    client, _ = collector
    response = post(client, content)
    assert response.status_code == 400
    assert error_of(response).startswith(("the body is not valid UTF-8", "malformed JSON: "))


def test_a_lone_surrogate_escape_does_not_cost_the_batch(collector):
    """JSON.stringify writes \\ud800 for a string cut inside an emoji: valid JSON, stored as U+FFFD."""
    client, db = collector
    vote = {"type": "feedback", "page": "/surrogate/", "helpful": False, "lang": "en", "ts": "2026-11-24T05:46:43Z"}
    batch = b'[' + json.dumps(vote).encode() + b', {"type": "search", "query": "shoes \\ud83d", "results": 0, ' \
        b'"lang": "en", "page": "/", "ts": "2026-11-24T05:46:43Z", "extra": "\\udc00"}]'
    response = post(client, batch)
    assert response.status_code == 204, response.text
    stored = rows(db)
    assert [r["page"] for r in stored if r["type"] == "feedback" and r["page"] == "/surrogate/"] == ["/surrogate/"]
    assert [r["query"] for r in stored if (r["query"] or "").startswith("shoes")] == ["shoes \ufffd"]


def test_invalid_utf8_is_named_in_kbgen_words(collector):
    client, _ = collector
    response = post(client, b'{"type": "click", "query": "caf\xe9"}')
    assert (response.status_code, error_of(response)) == (400, "the body is not valid UTF-8")


def test_over_16_kib_by_content_length_gets_413(collector):
    client, _ = collector
    response = post(client, b" " * (16 * 1024 + 1))
    assert response.status_code == 413
    assert "over 16384 bytes" in error_of(response)


def test_over_16_kib_streamed_without_content_length_gets_413(collector):
    client, _ = collector

    def chunks():
        for _ in range(40):
            yield b" " * 1024

    response = client.post("/events", content=chunks(), headers=JSON)
    assert response.request.headers.get("transfer-encoding") == "chunked"
    assert response.status_code == 413


def test_16_kib_exactly_is_accepted(collector):
    client, _ = collector
    content = body(search("exactly sixteen"))
    content += b" " * (16 * 1024 - len(content))
    assert post(client, content).status_code == 204


@pytest.mark.parametrize("content_type", [
    "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", None,
    "application/json; charset=latin-1",
])
def test_other_content_types_get_415(collector, content_type):
    client, _ = collector
    headers = {"content-type": content_type} if content_type else {}  # httpx adds none for bytes
    response = client.post("/events", content=body(search()), headers=headers)
    assert response.status_code == 415
    assert "send" in error_of(response)


@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/events"), ("PUT", "/events"), ("DELETE", "/events"), ("POST", "/healthz"), ("PATCH", "/healthz"),
])
def test_wrong_methods_get_405(collector, method, path):
    client, _ = collector
    response = client.request(method, path)
    assert response.status_code == 405
    assert error_of(response) == f"{method} is not allowed here"


def test_unknown_path_gets_404(collector):
    client, _ = collector
    assert client.post("/event", content=body(search()), headers=JSON).status_code == 404


def test_allowed_origin_is_echoed(collector):
    client, _ = collector
    response = post(client, body(search("from the site")), {**BEACON, "origin": ORIGIN})
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == ORIGIN
    assert response.headers["vary"] == "Origin"


def test_other_origins_are_refused_without_cors_headers(collector):
    client, db = collector
    response = post(client, body(search("from elsewhere")), {**BEACON, "origin": "https://evil.example"})
    assert response.status_code == 403
    assert "access-control-allow-origin" not in response.headers
    assert not [r for r in rows(db) if r["query"] == "from elsewhere"]


def test_requests_without_origin_get_no_cors_headers(collector):
    client, _ = collector
    response = post(client, body(search("server to server")))
    assert response.status_code == 204
    assert "access-control-allow-origin" not in response.headers


def test_preflight_for_the_allowed_origin(collector):
    client, _ = collector
    response = client.options("/events", headers={
        "origin": ORIGIN, "access-control-request-method": "POST", "access-control-request-headers": "content-type",
    })
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == ORIGIN
    assert response.headers["access-control-allow-methods"] == "POST"
    assert response.headers["access-control-allow-headers"] == "Content-Type"


def test_preflight_for_another_origin_is_refused(collector):
    client, _ = collector
    response = client.options("/events", headers={"origin": "https://evil.example",
                                                  "access-control-request-method": "POST"})
    assert response.status_code == 403
    assert "access-control-allow-origin" not in response.headers


def test_past_the_rate_limit_gets_429_with_retry_after(db):
    with running_collector(db, rate=0.01, burst=3) as url, httpx.Client(base_url=url) as client:  # 1 per 100 s
        statuses = [post(client, body(search(f"limit {n}"))).status_code for n in range(5)]
        assert statuses == [204, 204, 204, 429, 429]
        response = post(client, body(search("limit again")))
        assert response.status_code == 429
        assert 90 <= int(response.headers["retry-after"]) <= 101
        assert "too many requests" in error_of(response)
        assert client.get("/healthz").status_code == 200  # the limit is on events only
    assert len(rows(db)) == 3


def test_the_rate_limit_is_per_client_address():
    from kbgen.analytics.collector import RateLimiter

    limiter = RateLimiter(rate=1, burst=2)
    assert [limiter.wait_time("10.0.0.1") for _ in range(3)][:2] == [0.0, 0.0]
    assert limiter.wait_time("10.0.0.1") > 0
    assert limiter.wait_time("10.0.0.2") == 0.0


def test_a_failing_database_gets_503_and_the_collector_keeps_going(db, monkeypatch):
    import sqlite3

    from kbgen.analytics.store import EventStore

    real_add = EventStore.add
    failures = iter([True])

    def flaky_add(self, rows):
        if next(failures, False):
            raise sqlite3.OperationalError("disk I/O error")
        return real_add(self, rows)

    monkeypatch.setattr(EventStore, "add", flaky_add)
    with running_collector(db, rate=0) as url, httpx.Client(base_url=url) as client:
        response = post(client, body(search("while the disk fails")))
        assert response.status_code == 503
        assert error_of(response) == "the events could not be stored; try again later"
        assert post(client, body(search("after it recovers"))).status_code == 204
    assert [r["query"] for r in rows(db)] == ["after it recovers"]
