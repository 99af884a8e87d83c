"""One ordered pass over the events, visit by visit: the counts behind the KPIs and the synonym suggestions.

The database sorts the events by visit and time (one sort, ``ORDER BY visit, ts, id``) and streams
them; each visit is tallied when its last event has gone by, so memory holds one visit at a time
plus the counters. Measured on 1,000,000 events: the four GROUP BY queries this replaces (per day,
per visit, per visit and query, the next search of each) each cost a sort of their own and took
together about three times as long, and the "next search" in a visit is a sequence, which SQL only
answers with window functions and self-joins.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from kbgen.analytics.store import Store

SYNONYM_WITHIN = dt.timedelta(minutes=1)
COLUMNS = "visit, ts, type, lang, source, query_norm, results, helpful, channel, url, query, unmatched"


class ZeroForm:
    """The searches of one normalised form that found nothing."""

    __slots__ = ("count", "first", "last", "days", "spellings")

    def __init__(self, ts: str) -> None:
        self.count = 0
        self.first = self.last = ts
        self.days: set[str] = set()
        self.spellings: Counter = Counter()  # (query as typed, lang) -> searches


@dataclass
class Tallies:
    """What the pass counted; days are UTC days (``2026-11-24``)."""

    events: Counter = field(default_factory=Counter)  # (day, lang, widget, figure) -> n
    visits: Counter = field(default_factory=Counter)  # (day, segment, figure) -> n: visits, contacted
    searched: Counter = field(default_factory=Counter)  # (day, lang, widget, figure) -> n: searched, clicked, repeats
    per_query: dict[str, list[int]] = field(default_factory=dict)  # query_norm -> [searched, clicked]
    opened: Counter = field(default_factory=Counter)  # (query_norm, url) -> clicks
    contacts: Counter = field(default_factory=Counter)  # (query_norm, query, channel, lang) -> contacts
    hours: Counter = field(default_factory=Counter)  # ("searches" | "contacts", day, "HH") -> n
    without_visit: Counter = field(default_factory=Counter)  # type -> events without a visit id
    synonyms: Counter = field(default_factory=Counter)  # (lang, found, missed) -> visits
    zero_forms: dict[str, ZeroForm] = field(default_factory=dict)  # query_norm -> its searches that found nothing
    zero_per_day: Counter = field(default_factory=Counter)  # day -> searches that found nothing
    unmatched: dict[str, Any] = field(default_factory=dict)  # normalised word -> export.Tally


class Visit:
    """The events of one visit so far, in time order."""

    __slots__ = ("day", "widget", "contacted", "languages", "pairs", "searches", "last_click")

    def __init__(self, day: str) -> None:
        self.day = day  # of its first event
        self.widget = False
        self.contacted = False
        self.languages: dict[str, str] = {}  # lang -> the day of its first event in that language
        self.pairs: dict[tuple[str, str], list[Any]] = {}  # (query_norm, lang) -> [searches, clicked, day, widget]
        self.searches: list[tuple[str, str, int, str]] = []  # (ts, query_norm, results, lang)
        self.last_click: dict[str, str] = {}  # query_norm -> ts of its last click


def parse_ts(ts: str) -> dt.datetime:
    return dt.datetime.fromisoformat(ts.replace("Z", "+00:00"))


def is_typo_pair(a: str, b: str) -> bool:
    """True when the export's typo grouping could merge the two forms: same first letter, within both limits."""
    from rapidfuzz.distance import OSA

    from kbgen.analytics.export import typo_limit

    allowed = min(typo_limit(a), typo_limit(b))
    return bool(allowed) and a[:1] == b[:1] and OSA.distance(a, b, score_cutoff=allowed) <= allowed


def finish(visit: Visit, tallies: Tallies, visits: dict, searched: dict) -> None:
    """Add a complete visit to the tallies: ``visits`` per (day, segment) [visits, contacted], ``searched``
    per (day, lang, widget) [searched, clicked, repeats]."""
    contacted = 1 if visit.contacted else 0
    for key in ((visit.day, "all"), (visit.day, "widget")) if visit.widget else ((visit.day, "all"),):
        counts = visits.get(key)
        if counts is None:
            counts = visits[key] = [0, 0]
        counts[0] += 1
        counts[1] += contacted
    for lang, day in visit.languages.items():
        counts = visits.get((day, lang))
        if counts is None:
            counts = visits[(day, lang)] = [0, 0]
        counts[0] += 1
        counts[1] += contacted
    per_query = tallies.per_query
    for (norm, lang), (n, clicked, day, widget) in visit.pairs.items():
        if not n:  # a click on a result of a search from another visit (another tab)
            continue
        counts = searched.get((day, lang, widget))
        if counts is None:
            counts = searched[(day, lang, widget)] = [0, 0, 0]
        counts[0] += 1
        counts[1] += clicked
        counts[2] += n - 1
        totals = per_query.get(norm)
        if totals is None:
            per_query[norm] = [1, clicked]
        else:
            totals[0] += 1
            totals[1] += clicked
    searches = visit.searches
    if len(searches) < 2:
        return
    found: set[tuple[str, str, str]] = set()
    for (ts, norm, results, lang), (next_ts, next_norm, next_results, _) in zip(searches, searches[1:], strict=False):
        if results or not next_results or not norm or next_norm == norm:
            continue
        clicked_at = visit.last_click.get(next_norm)
        if clicked_at is None or clicked_at < next_ts or parse_ts(next_ts) - parse_ts(ts) > SYNONYM_WITHIN:
            continue
        if not is_typo_pair(norm, next_norm):
            found.add((lang, next_norm, norm))
    for pair in found:
        tallies.synonyms[pair] += 1


FIGURES = ("searches", "zero_results", "clicks", "votes", "helpful", "contacts", "without_visit")
SEARCHES, ZERO, CLICKS, VOTES, HELPFUL, CONTACTS, WITHOUT = range(len(FIGURES))


def tally_events(store: Store, *, since: str | None = None, lang: str | None = None) -> Tallies:
    """Count the events from ``since`` (a stored ``ts``) on, in ``lang``, in one sorted pass."""
    from kbgen.analytics.export import period_clauses  # loaded already when the export runs

    clauses, parameters = period_clauses(since, lang)
    clauses.insert(0, "type IN ('search', 'click', 'feedback', 'contact')")
    tallies = Tallies()
    per_day: dict[tuple[str, str, bool], list[int]] = {}  # (day, lang, widget) -> counts in FIGURES order
    search_hours: Counter = Counter()  # "2026-11-24T13" -> searches
    contact_hours: Counter = Counter()
    opened, contacts, without_visit = tallies.opened, tallies.contacts, tallies.without_visit
    zero_forms = tallies.zero_forms
    unmatched_words = tallies.unmatched
    from kbgen.analytics.export import Tally  # the export's tally of a word: loaded already when the export runs
    from kbgen.analytics.schema import normalize_query
    visits: dict[tuple[str, str], list[int]] = {}
    searched: dict[tuple[str, str, bool], list[int]] = {}
    current: str | None = None
    visit: Visit | None = None
    last_day = last_language = last_widget = None
    counts: list[int] = []
    sql = f"SELECT {COLUMNS} FROM events WHERE {' AND '.join(clauses)} ORDER BY visit, ts, id"
    for visit_id, ts, type_, language, source, norm, results, helpful, channel, url, query, unmatched in store.scan(
            sql, parameters):
        day = ts[:10]
        widget = source == "widget"
        if day != last_day or language != last_language or widget != last_widget:  # most rows repeat the last key
            last_day, last_language, last_widget = day, language, widget
            key = (day, language, widget)
            counts = per_day.get(key)
            if counts is None:
                counts = per_day[key] = [0] * len(FIGURES)
        if type_ == "search":
            counts[SEARCHES] += 1
            if results == 0:
                counts[ZERO] += 1
                form = zero_forms.get(norm)
                if form is None:
                    form = zero_forms[norm] = ZeroForm(ts)
                form.count += 1
                if ts < form.first:
                    form.first = ts
                elif ts > form.last:
                    form.last = ts
                form.days.add(day)
                form.spellings[(query, language)] += 1
            elif unmatched:
                for word in json.loads(unmatched):
                    word_form = normalize_query(str(word))
                    if word_form:
                        tally = unmatched_words.get(word_form)
                        if tally is None:
                            tally = unmatched_words[word_form] = Tally()
                        tally.add(str(word), language, day, 1, ts, ts, query=query)
            search_hours[ts[:13]] += 1
        elif type_ == "click":
            counts[CLICKS] += 1
            opened[(norm, url)] += 1
        elif type_ == "feedback":
            counts[VOTES] += 1
            if helpful:
                counts[HELPFUL] += 1
        else:
            counts[CONTACTS] += 1
            contact_hours[ts[:13]] += 1
            if norm:
                contacts[(norm, query, channel or "?", language)] += 1
        if visit_id is None:
            counts[WITHOUT] += 1
            without_visit[type_] += 1
            continue
        if visit_id != current:
            if visit is not None:
                finish(visit, tallies, visits, searched)
            current, visit = visit_id, Visit(day)
        assert visit is not None
        if widget:
            visit.widget = True
        if language not in visit.languages:
            visit.languages[language] = day
        if type_ == "search" or type_ == "click":
            pair = visit.pairs.get((norm, language))
            if pair is None:
                pair = visit.pairs[(norm, language)] = [0, 0, day, widget]
            elif widget:
                pair[3] = True
            if type_ == "search":
                pair[0] += 1
                visit.searches.append((ts, norm, results, language))
            else:
                pair[1] = 1
                visit.last_click[norm] = ts
        elif type_ == "contact":
            visit.contacted = True
    if visit is not None:
        finish(visit, tallies, visits, searched)
    for (day, language, widget), counts in per_day.items():
        for figure, n in zip(FIGURES, counts, strict=True):
            if n:
                tallies.events[(day, language, widget, figure)] = n
        tallies.zero_per_day[day] += counts[ZERO]
    for (day, segment), (n, contacted) in visits.items():
        tallies.visits[(day, segment, "visits")] = n
        if contacted:
            tallies.visits[(day, segment, "contacted")] = contacted
    for (day, language, widget), counts in searched.items():
        for figure, n in zip(("searched", "clicked", "repeats"), counts, strict=True):
            if n:
                tallies.searched[(day, language, widget, figure)] = n
    for kind, hours in (("searches", search_hours), ("contacts", contact_hours)):
        for hour, n in hours.items():
            tallies.hours[(kind, hour[:10], hour[11:13])] = n
    return tallies
