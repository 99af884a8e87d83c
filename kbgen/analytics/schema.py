"""The events the browser sends (PRODUCT.md, "Browser contract"), validated strictly.

A request body or an NDJSON line holds one event or a JSON array of 1 to 100 events::

    {"type": "search", "query": "can i pay with klarna", "results": 0, "unmatched": ["klarna"],
     "lang": "en", "page": "/", "ts": "2026-11-24T05:46:43.444Z"}
    {"type": "click", "query": "refund", "url": "/returns/refunds/", "position": 1, "lang": "en",
     "page": "/search/", "ts": "..."}
    {"type": "feedback", "page": "/returns/refunds/", "anchor": "", "helpful": false,
     "reason": "outdated", "comment": "The form moved.", "lang": "en", "ts": "..."}

Rules: every field has its type and bounds (``query`` 1-200 characters, ``page`` and ``url``
site-absolute paths of at most 500, ``unmatched`` at most 20 words of at most 64, ``comment`` at
most 500, ``lang`` a language tag such as ``en`` or ``pt-BR``, ``ts`` an RFC 3339 time with a
time zone); text holds no control characters (a comment may hold line breaks and tabs).

Unknown fields are **ignored and never stored**. ``navigator.sendBeacon`` cannot see the answer, so
rejecting a whole batch because a newer (or customised) page added a field would silently lose
good events; ignoring it keeps them, and since only the columns below are stored, whatever else
a page sends (personal data included) never reaches the database.

msgspec decodes and validates in one pass in C, without building intermediate dicts: about a
microsecond per event, where jsonschema needs a parsed document and tens of microseconds, and
its errors name the field (``Expected `int`, got `str` - at `$[2].results```).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import unicodedata
from typing import Annotated, Literal, Union

import msgspec

MAX_BODY_BYTES = 16 * 1024
MAX_BATCH = 100
REASONS = ("unclear", "didnt-answer", "outdated", "other")

NO_CONTROL = r"^[^\x00-\x1f\x7f]*$"
COMMENT_TEXT = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"

Query = Annotated[str, msgspec.Meta(min_length=1, max_length=200, pattern=NO_CONTROL)]
SitePath = Annotated[str, msgspec.Meta(min_length=1, max_length=500, pattern=r"^/[^\x00-\x1f\x7f]*$")]
Anchor = Annotated[str, msgspec.Meta(max_length=200, pattern=NO_CONTROL)]
Word = Annotated[str, msgspec.Meta(min_length=1, max_length=64, pattern=NO_CONTROL)]
Lang = Annotated[str, msgspec.Meta(max_length=35, pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,4}$")]
Timestamp = Annotated[dt.datetime, msgspec.Meta(tz=True)]
Comment = Annotated[str, msgspec.Meta(max_length=500, pattern=COMMENT_TEXT)]


def check_ts(ts: dt.datetime) -> None:
    if not 2000 <= ts.year <= 2999:
        raise ValueError("ts must be a time between the years 2000 and 2999")


def check_query(query: str) -> None:
    if not query.strip():
        raise ValueError("query must not be blank")


class SearchEvent(msgspec.Struct, tag_field="type", tag="search", frozen=True):
    """A settled query and how many results it found; ``unmatched``: its words found nowhere."""

    query: Query
    results: Annotated[int, msgspec.Meta(ge=0, le=1_000_000_000)]
    lang: Lang
    page: SitePath
    ts: Timestamp
    unmatched: Annotated[list[Word], msgspec.Meta(max_length=20)] = []

    def __post_init__(self) -> None:
        check_query(self.query)
        check_ts(self.ts)


class ClickEvent(msgspec.Struct, tag_field="type", tag="click", frozen=True):
    """A result opened from the results of ``query``; ``position`` counts from 1."""

    query: Query
    url: SitePath
    position: Annotated[int, msgspec.Meta(ge=1, le=10_000)]
    lang: Lang
    page: SitePath
    ts: Timestamp

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

    def __post_init__(self) -> None:
        check_ts(self.ts)


Event = Union[SearchEvent, ClickEvent, FeedbackEvent]  # noqa: UP007 - msgspec wants a runtime Union
Batch = Annotated[list[Event], msgspec.Meta(min_length=1, max_length=MAX_BATCH)]

_decoder = msgspec.json.Decoder(Union[Event, Batch])  # noqa: UP007


class EventError(ValueError):
    """A body or a line that is not a valid event; the message says what to fix."""


def decode_events(body: bytes) -> list[Event]:
    """The events in ``body`` (one event or an array of them), or :class:`EventError` saying why not."""
    try:
        decoded = _decoder.decode(body)
    except UnicodeDecodeError:
        raise EventError("the body is not valid UTF-8") from None
    except RecursionError:
        raise EventError("the JSON is nested too deeply") from None
    except msgspec.ValidationError as exc:
        raise EventError(explain(str(exc))) from None
    except msgspec.DecodeError as exc:
        message = str(exc).replace("JSON is malformed: ", "")
        if message == "Input data was truncated":
            message = "the JSON ends too early"
        raise EventError(f"malformed JSON: {message}") from None
    return decoded if isinstance(decoded, list) else [decoded]


def explain(message: str) -> str:
    """msgspec's message, with the choices spelt out where it only says 'invalid'."""
    if message.endswith(".type`") and message.startswith(("Invalid value", "Expected `str`")):
        return f"{message} (type must be one of search, click, feedback)"
    if message.startswith("Object missing required field `type`"):
        return f"{message} (one of search, click, feedback)"
    if message.startswith("Invalid enum value") and message.endswith(".reason`"):
        return f"{message} (reason must be one of {', '.join(REASONS)})"
    if message.startswith("Expected `str` matching regex"):
        where = message.rsplit(" - at ", 1)[-1] if " - at " in message else "`$`"
        if where.endswith(("page`", "url`")):
            return f"Expected a site-absolute path (starting with /) without control characters - at {where}"
        if where.endswith("lang`"):
            return f"Expected a language tag such as en or pt-BR - at {where}"
        return f"Expected text without control characters - at {where}"
    return message


# --- rows -----------------------------------------------------------------------------------------

COLUMNS = (
    "type", "ts", "lang", "page", "query", "query_norm", "results", "unmatched", "url", "position",
    "anchor", "helpful", "reason", "comment", "received_at",
)

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
    if isinstance(event, SearchEvent):
        unmatched = json.dumps(event.unmatched, ensure_ascii=False) if event.unmatched else None
        return ("search", ts, lang, event.page, event.query, normalize_query(event.query), event.results,
                unmatched, None, None, None, None, None, None, received_at)
    if isinstance(event, ClickEvent):
        return ("click", ts, lang, event.page, event.query, normalize_query(event.query), None, None,
                event.url, event.position, None, None, None, None, received_at)
    return ("feedback", ts, lang, event.page, None, None, None, None, None, None, event.anchor,
            int(event.helpful), event.reason, event.comment, received_at)
