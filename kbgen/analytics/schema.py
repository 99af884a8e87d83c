"""The events the browser sends (PRODUCT.md, "Browser contract"), validated strictly.

A request body or an NDJSON line holds one event or a JSON array of 1 to 100 events::

    {"type": "search", "query": "can i pay with klarna", "results": 0, "unmatched": ["klarna"],
     "lang": "en", "page": "/", "ts": "2026-11-24T05:46:43.444Z"}
    {"type": "click", "query": "refund", "url": "/returns/refunds/", "position": 1, "lang": "en",
     "page": "/search/", "ts": "..."}
    {"type": "feedback", "page": "/returns/refunds/", "anchor": "", "helpful": false,
     "reason": "outdated", "comment": "The form moved.", "lang": "en", "ts": "..."}
    {"type": "contact", "channel": "email", "query": "klarna", "lang": "en", "page": "/", "ts": "..."}

Every event may carry ``visit`` (32 lowercase hex digits: the tab's random id, see
``search/src/visit.js``) and ``source`` (``"widget"`` for the help widget on a store's page).

Rules: every field has its type and bounds, read from ``limits.json`` (the browser client bundles
the same file, so it never sends what is refused here): ``query`` 1-200 characters, ``page`` and
``url`` site-absolute paths of at most 500, ``unmatched`` at most 20 words of at most 64,
``comment`` at most 500, ``lang`` a language tag such as ``en`` or ``pt-BR``, ``ts`` an RFC 3339
time with a time zone. Text holds no control characters (C0, DEL, C1; a comment may hold line
breaks and tabs), and a query is not blank (spaces, zero-width characters and BOMs alone are blank).

Each event of an array is validated on its own: :func:`decode_batch` returns the valid ones and
the reasons for the others, so one bad event never costs its neighbours.

Unknown fields are **ignored and never stored**. ``navigator.sendBeacon`` cannot see the answer, so
rejecting an event because a newer (or customised) page added a field would silently lose it;
ignoring the field keeps it, and since only the columns below are stored, whatever else a page
sends (personal data included) never reaches the database.

msgspec decodes and validates in one pass in C, about a microsecond per event. Its messages for a
wrong type or size (``Expected `int`, got `str` - at `$[2].results```) are shown as it words them;
the messages kbgen documents (UTF-8, nesting, batch size, blank queries, control characters, paths,
languages, choices) are kbgen's own and do not depend on the msgspec version.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal, Union

import msgspec

LIMITS: dict[str, int] = json.loads(Path(__file__).with_name("limits.json").read_text(encoding="utf-8"))
MAX_BODY_BYTES = LIMITS["body_bytes"]
MAX_BATCH = LIMITS["batch_events"]
REASONS = ("unclear", "didnt-answer", "outdated", "other")

CONTROL = r"\x00-\x1f\x7f-\x9f"  # C0, DEL and C1 (U+0085 NEL among them)
# Patterns end in \Z, not $: msgspec matches them with Python's re, whose $ also matches before a
# final line break, so "en\n" or a visit id with a newline appended would pass.
NO_CONTROL = rf"^[^{CONTROL}]*\Z"
COMMENT_TEXT = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*\Z"  # line breaks and tabs allowed


def bounded_text(limit: str, pattern: str = NO_CONTROL, min_length: int = 0):
    """A string type whose maximum length is ``limits.json``'s ``limit``."""
    return Annotated[str, msgspec.Meta(min_length=min_length, max_length=LIMITS[limit], pattern=pattern)]


Query = bounded_text("query_chars", min_length=1)
SitePath = Annotated[str, msgspec.Meta(min_length=1, max_length=LIMITS["page_chars"],
                                       pattern=rf"^/[^{CONTROL}]*\Z")]
Url = Annotated[str, msgspec.Meta(min_length=1, max_length=LIMITS["url_chars"], pattern=rf"^/[^{CONTROL}]*\Z")]
Anchor = bounded_text("anchor_chars")
Word = bounded_text("unmatched_word_chars", min_length=1)
Lang = Annotated[str, msgspec.Meta(max_length=LIMITS["lang_chars"],
                                   pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,4}\Z")]
Timestamp = Annotated[dt.datetime, msgspec.Meta(tz=True)]
Comment = bounded_text("comment_chars", COMMENT_TEXT)
Visit = Annotated[str, msgspec.Meta(pattern=r"^[0-9a-f]{32}\Z")]
# Where an event was sent from besides the help center's own pages; a short token, so a newer
# page naming a new source is stored rather than refused.
Source = Annotated[str, msgspec.Meta(min_length=1, max_length=32, pattern=r"^[a-z][a-z0-9-]*\Z")]
CHANNELS = ("email", "chat", "phone")
TYPES = ("search", "click", "feedback", "contact")


def check_ts(ts: dt.datetime) -> None:
    if not 2000 <= ts.year <= 2999:
        raise ValueError("ts must be a time between the years 2000 and 2999")


def is_blank(text: str) -> bool:
    """True for text of spaces and invisible format characters only (zero-width space, BOM, ...)."""
    return all(ch.isspace() or unicodedata.category(ch) == "Cf" for ch in text)


def check_query(query: str) -> None:
    if is_blank(query):
        raise ValueError("query must not be blank")


class SearchEvent(msgspec.Struct, tag_field="type", tag="search", frozen=True):
    """A settled query and how many results it found; ``unmatched``: its words found nowhere."""

    query: Query
    results: Annotated[int, msgspec.Meta(ge=0, le=1_000_000_000)]
    lang: Lang
    page: SitePath
    ts: Timestamp
    unmatched: Annotated[list[Word], msgspec.Meta(max_length=LIMITS["unmatched_words"])] = []
    visit: Visit | None = None
    source: Source | None = None

    def __post_init__(self) -> None:
        check_query(self.query)
        check_ts(self.ts)


class ClickEvent(msgspec.Struct, tag_field="type", tag="click", frozen=True):
    """A result opened from the results of ``query``; ``position`` counts from 1."""

    query: Query
    url: Url
    position: Annotated[int, msgspec.Meta(ge=1, le=10_000)]
    lang: Lang
    page: SitePath
    ts: Timestamp
    visit: Visit | None = None
    source: Source | None = None

    def __post_init__(self) -> None:
        check_query(self.query)
        check_ts(self.ts)


class FeedbackEvent(msgspec.Struct, tag_field="type", tag="feedback", frozen=True):
    """A "Was this helpful?" vote on a page, or on one FAQ answer of it (``anchor``)."""

    page: SitePath
    helpful: bool
    lang: Lang
    ts: Timestamp
    anchor: Anchor = ""
    reason: Literal["unclear", "didnt-answer", "outdated", "other"] | None = None
    comment: Comment | None = None
    visit: Visit | None = None
    source: Source | None = None

    def __post_init__(self) -> None:
        check_ts(self.ts)


class ContactEvent(msgspec.Struct, tag_field="type", tag="contact", frozen=True):
    """A shopper reaching for a person: a contact channel opened, after ``query`` when there was one."""

    channel: Literal["email", "chat", "phone"]
    page: SitePath
    lang: Lang
    ts: Timestamp
    query: Query | None = None
    visit: Visit | None = None
    source: Source | None = None

    def __post_init__(self) -> None:
        if self.query is not None:
            check_query(self.query)
        check_ts(self.ts)


Event = Union[SearchEvent, ClickEvent, FeedbackEvent, ContactEvent]  # noqa: UP007 - msgspec wants a runtime Union

_event_decoder = msgspec.json.Decoder(Event)
_array_decoder = msgspec.json.Decoder(list[msgspec.Raw])
_any_decoder = msgspec.json.Decoder()


class EventError(ValueError):
    """A body or a line that is not a valid event; the message says what to fix."""


@dataclass
class Decoded:
    """The valid events of a body, and ``(index, reason)`` for each event of its array refused."""

    events: list[Event] = field(default_factory=list)
    rejected: list[tuple[int, str]] = field(default_factory=list)
    is_array: bool = False


def decode_batch(body: bytes) -> Decoded:
    """The events in ``body``, each array element validated on its own.

    Raises :class:`EventError` when the body as a whole is unusable: not UTF-8, not JSON, nested
    too deeply, an empty or oversized array, or a single event that is not valid.
    """
    try:
        body.decode("utf-8")  # strict: kbgen's own message, whatever msgspec would say
    except UnicodeDecodeError:
        raise EventError("the body is not valid UTF-8") from None
    body = replace_lone_surrogates(body)
    start = body.lstrip(b" \t\r\n")[:1]
    if start == b"{":
        return Decoded([decode_one(body, "`$")])
    if start != b"[":
        guarded(_any_decoder.decode, body)  # malformed JSON says so; valid JSON of another kind:
        raise EventError("the body must be one event (a JSON object) or an array of events")
    raws = guarded(_array_decoder.decode, body)
    if not raws:
        raise EventError("the array is empty; send one event or an array of events")
    if len(raws) > MAX_BATCH:
        raise EventError(f"the array holds {len(raws)} events; send at most {MAX_BATCH} at once")
    decoded = Decoded(is_array=True)
    for index, raw in enumerate(raws):
        try:
            decoded.events.append(decode_one(raw, f"`$[{index}]"))
        except EventError as exc:
            decoded.rejected.append((index, str(exc)))
    return decoded


SURROGATE_ESCAPE = re.compile(rb"(\\+)u([dD][89a-fA-F][0-9a-fA-F]{2})")


def replace_lone_surrogates(body: bytes) -> bytes:
    """``\\ud800`` escapes that pair with nothing, as U+FFFD: valid JSON (``JSON.stringify`` writes them
    for a string cut in the middle of an emoji) that the decoder refuses, costing the whole batch."""
    if not SURROGATE_ESCAPE.search(body):
        return body
    matches = [m for m in SURROGATE_ESCAPE.finditer(body) if len(m.group(1)) % 2 == 1]  # an escape, not "\\u"
    lone: list[re.Match[bytes]] = []
    index = 0
    while index < len(matches):
        here = matches[index]
        high = int(here.group(2), 16) < 0xDC00
        following = matches[index + 1] if index + 1 < len(matches) else None
        if high and following is not None and following.start() == here.end() and int(following.group(2), 16) >= 0xDC00:
            index += 2  # a proper pair
            continue
        lone.append(here)
        index += 1
    for match in reversed(lone):
        start = match.start() + len(match.group(1)) - 1  # keep the escaping backslashes before it
        body = body[:start] + b"\\ufffd" + body[match.end():]
    return body


def decode_events(body: bytes) -> list[Event]:
    """Every event in ``body``, or :class:`EventError` for the first one that is not valid."""
    decoded = decode_batch(body)
    if decoded.rejected:
        raise EventError(decoded.rejected[0][1])
    return decoded.events


def decode_one(raw: bytes | msgspec.Raw, where: str) -> Event:
    """One event; ``where`` (`` `$[2] ``) replaces msgspec's root in the message's location."""
    try:
        return guarded(_event_decoder.decode, raw)
    except msgspec.ValidationError as exc:
        message = str(exc)
        if " - at `$" in message:
            message = message.replace(" - at `$", f" - at {where}")
        elif where != "`$":  # a check of the whole event (a blank query): say which one
            message += f" - at {where}`"
        raise EventError(explain(message)) from None


def guarded(decode, data):
    """``decode(data)`` with malformed JSON and deep nesting turned into :class:`EventError`."""
    try:
        return decode(data)
    except RecursionError:
        raise EventError("the JSON is nested too deeply") from None
    except msgspec.ValidationError:
        raise
    except msgspec.DecodeError as exc:
        message = str(exc).replace("JSON is malformed: ", "")
        if message == "Input data was truncated":
            message = "the JSON ends too early"
        raise EventError(f"malformed JSON: {message}") from None


def explain(message: str) -> str:
    """msgspec's message, with the choices spelt out where it only says 'invalid'."""
    where = message.rsplit(" - at ", 1)[-1] if " - at " in message else "`$`"
    if where.endswith(".type`") and message.startswith(("Invalid value", "Expected `str`")):
        return f"{message} (type must be one of {', '.join(TYPES)})"
    if message.startswith("Object missing required field `type`"):
        return f"{message} (one of {', '.join(TYPES)})"
    if where.endswith(".reason`") and not message.startswith("Expected `str`"):
        return f"reason must be one of {', '.join(REASONS)} - at {where}"
    if where.endswith(".channel`") and not message.startswith("Expected `str`"):
        return f"channel must be one of {', '.join(CHANNELS)} - at {where}"
    if where.endswith(".visit`") and not message.startswith("Expected `str`, got"):
        return f"visit must be 32 lowercase hexadecimal digits - at {where}"
    if where.endswith(".source`") and not message.startswith("Expected `str`, got"):
        return f"source must be a short lowercase word such as widget - at {where}"
    if "regex" in message:
        if where.endswith(("page`", "url`")):
            return f"Expected a site-absolute path (starting with /) without control characters - at {where}"
        if where.endswith("lang`"):
            return f"Expected a language tag such as en or pt-BR - at {where}"
        return f"Expected text without control characters - at {where}"
    return message


# --- rows -----------------------------------------------------------------------------------------

COLUMNS = (
    "type", "ts", "lang", "page", "query", "query_norm", "results", "unmatched", "url", "position",
    "anchor", "helpful", "reason", "comment", "received_at", "visit", "source", "channel",
)

# What a write probe (/healthz, a collector starting) commits and removes again; other columns are NULL.
PROBE_EVENT = {"type": "feedback", "ts": "2000-01-01T00:00:00.000Z", "lang": "en", "page": "/", "anchor": "",
               "helpful": 1, "received_at": "2000-01-01T00:00:00.000Z"}

APOSTROPHE = re.compile(r"(?<=\w)['\u2019](?=\w)")
NOT_WORD = re.compile(r"[\W_]+")


@functools.lru_cache(maxsize=8192)
def normalize_query(text: str) -> str:
    """The form queries are grouped by: case, accents, spacing and punctuation folded.

    "Where's my  ORDER?" and "wheres my order" meet; "crème" and "creme" meet. The steps follow
    the search analyser (NFKC, lowercase, apostrophes inside words dropped, anything that is not
    a letter or digit a space, accents removed), then recompose (NFC) so Hangul stays readable.
    Cached: shoppers ask the same things again and again.
    """
    if text.isascii():
        text = text.lower()
    else:
        text = unicodedata.normalize("NFKC", text).casefold()
        decomposed = unicodedata.normalize("NFD", text)
        text = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))
    return " ".join(NOT_WORD.sub(" ", APOSTROPHE.sub("", text)).split())


def format_ts(ts: dt.datetime) -> str:
    """UTC with milliseconds, ``2026-11-24T05:46:43.444Z``: sorts as text, compares as time."""
    return ts.astimezone(dt.timezone.utc).replace(tzinfo=None).isoformat(timespec="milliseconds") + "Z"


def now_ts() -> str:
    return format_ts(dt.datetime.now(dt.timezone.utc))


def to_row(event: Event, received_at: str) -> tuple:
    """One row for the ``events`` table, columns in :data:`COLUMNS` order."""
    ts = format_ts(event.ts)
    lang = event.lang.lower()
    tail = (received_at, event.visit, event.source)
    if isinstance(event, SearchEvent):
        unmatched = json.dumps(event.unmatched, ensure_ascii=False) if event.unmatched else None
        return ("search", ts, lang, event.page, event.query, normalize_query(event.query), event.results,
                unmatched, None, None, None, None, None, None, *tail, None)
    if isinstance(event, ClickEvent):
        return ("click", ts, lang, event.page, event.query, normalize_query(event.query), None, None,
                event.url, event.position, None, None, None, None, *tail, None)
    if isinstance(event, ContactEvent):
        query_norm = normalize_query(event.query) if event.query is not None else None
        return ("contact", ts, lang, event.page, event.query, query_norm, None, None, None, None, None, None,
                None, None, *tail, event.channel)
    return ("feedback", ts, lang, event.page, None, None, None, None, None, None, event.anchor,
            int(event.helpful), event.reason, event.comment, *tail, None)
