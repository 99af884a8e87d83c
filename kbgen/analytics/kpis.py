"""The numbers a support lead reports, per period and per language: the export's self-service KPIs.

Per period (UTC day, ISO week or calendar month) and per segment (all events, each language, and the
help widget's events apart):

- **searches**: search events; **zero-result rate**: the share of them that found nothing.
- **click-through rate**: the share of searches after which the shopper opened a result. A search
  here is one query in one visit (the same normalised query searched again in the visit is a
  *repeat*, not a new search), and it is clicked when the visit has a click on a result of it.
- **repeat searches**: searches of a query the same visit had already searched; **repeat rate**:
  their share of the searches that carry a visit id.
- **helpful share**: "Was this helpful?" votes that said yes, of all votes.
- **contact rate**: visits with a contact event, of all visits; **self-service score**: visits that
  ended without a contact per visit with one (Zendesk's self-service ratio, per visit).

A visit is the events that share a ``visit`` id; it belongs to the period of its first event, to each
language it has events in, and to the widget segment when any of its events came from the widget.
Events without a visit id count in searches, zero-result rate and helpful share but in no per-visit
figure; ``without_visit`` says how many there were. Each row also holds ``change``: the difference
from the previous period of the same segment (in the figure's own unit: searches, or a share).

Besides: the questions searched just before a contact (a contact event holds its visit's last
query), click-through per query with the results shoppers opened, and the busiest hours (searches
and contacts per weekday and UTC hour). The database does the counting (GROUP BY over days,
languages, visits and queries); Python only adds up days into periods.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from kbgen.analytics.store import Store

PERIODS = ("day", "week", "month")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
ALL, WIDGET = "all", "widget"
COUNTS = ("searches", "zero_results", "clicks", "searched", "clicked", "repeats", "votes", "helpful", "visits",
          "contacted", "contacts", "without_visit")
RATES = ("zero_result_rate", "click_through_rate", "repeat_rate", "helpful_share", "contact_rate",
         "self_service_score")
OPENED_SHOWN = 5  # results listed per query in click-through per query


def period_of(day: str, period: str) -> str:
    """The period a UTC day (``2026-11-24``) falls in: the day, ``2026-W48`` (ISO week) or ``2026-11``."""
    if period == "day":
        return day
    if period == "month":
        return day[:7]
    year, week, _ = dt.date.fromisoformat(day).isocalendar()
    return f"{year}-W{week:02d}"


def periods_between(first_day: str, last_day: str, period: str) -> list[str]:
    """Every period from the one holding ``first_day`` to the one holding ``last_day``, quiet ones included."""
    start, end = dt.date.fromisoformat(first_day), dt.date.fromisoformat(last_day)
    seen: list[str] = []
    for offset in range((end - start).days + 1):
        key = period_of((start + dt.timedelta(days=offset)).isoformat(), period)
        if not seen or seen[-1] != key:
            seen.append(key)
    return seen


def share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


@dataclass
class Figures:
    """The counts of one period and segment, and the rates made from them."""

    period: str
    segment: str
    searches: int = 0
    zero_results: int = 0
    clicks: int = 0
    searched: int = 0  # distinct (visit, query): searches with a visit id, repeats folded
    clicked: int = 0  # of those, the ones with a click on a result
    repeats: int = 0
    votes: int = 0
    helpful: int = 0
    visits: int = 0
    contacted: int = 0  # visits with a contact
    contacts: int = 0  # contact events
    without_visit: int = 0  # search, click, feedback and contact events without a visit id
    change: dict[str, float | int | None] = field(default_factory=dict)

    def add(self, **counts: int) -> None:
        for name, value in counts.items():
            setattr(self, name, getattr(self, name) + int(value or 0))  # PostgreSQL's SUM may be a Decimal

    def rates(self) -> dict[str, float | None]:
        return {
            "zero_result_rate": share(self.zero_results, self.searches),
            "click_through_rate": share(self.clicked, self.searched),
            "repeat_rate": share(self.repeats, self.searched + self.repeats),
            "helpful_share": share(self.helpful, self.votes),
            "contact_rate": share(self.contacted, self.visits),
            "self_service_score": round((self.visits - self.contacted) / self.contacted, 2) if self.contacted
            else None,
        }

    def values(self) -> dict[str, Any]:
        return {**{name: getattr(self, name) for name in COUNTS}, **self.rates()}

    def as_dict(self) -> dict[str, Any]:
        return {"period": self.period, "segment": self.segment, **self.values(), "change": dict(self.change)}


@dataclass
class ContactQuestion:
    """A query searched just before shoppers reached for a person."""

    query: str  # its most frequent spelling
    normalized: str
    contacts: int
    channels: list[tuple[str, int]]
    languages: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {"query": self.query, "normalized": self.normalized, "contacts": self.contacts,
                "channels": [{"channel": c, "count": n} for c, n in self.channels], "languages": self.languages}


@dataclass
class QueryClicks:
    """Click-through of one normalised query: searches (one per visit), those clicked, what was opened."""

    query: str
    searches: int
    clicked: int
    opened: list[tuple[str, int]]  # (url, clicks), most first

    def as_dict(self) -> dict[str, Any]:
        return {"query": self.query, "searches": self.searches, "clicked": self.clicked,
                "click_through_rate": share(self.clicked, self.searches),
                "opened": [{"url": u, "clicks": n} for u, n in self.opened]}


@dataclass
class Kpis:
    period: str
    rows: list[Figures]
    contact_questions: list[ContactQuestion]
    click_through: list[QueryClicks]
    busiest_hours: dict[str, list[list[int]]]  # "searches" / "contacts": 7 weekdays x 24 UTC hours
    without_visit: dict[str, int]  # per event type, the events without a visit id

    def as_dict(self) -> dict[str, Any]:
        return {"period": self.period, "rows": [r.as_dict() for r in self.rows],
                "contact_questions": [q.as_dict() for q in self.contact_questions],
                "click_through": [q.as_dict() for q in self.click_through],
                "busiest_hours": self.busiest_hours, "without_visit": self.without_visit}

    def segments(self) -> list[str]:
        return list(dict.fromkeys(r.segment for r in self.rows))


# --- from the database ------------------------------------------------------------------------------

def conditions(since: str | None, lang: str | None, types: tuple[str, ...]) -> tuple[str, list[Any]]:
    clauses = [f"type IN ({', '.join('?' * len(types))})"]
    parameters: list[Any] = list(types)
    if since:
        clauses.append("ts >= ?")
        parameters.append(since)
    if lang:
        clauses.append("(lang = ? OR lang LIKE ?)")
        parameters += [lang.lower(), lang.lower() + "-%"]
    return " AND ".join(clauses), parameters


WIDGET_FLAG = "CASE WHEN source = 'widget' THEN 1 ELSE 0 END"


def build_kpis(store: Store, *, since: str | None = None, lang: str | None = None, period: str = "week",
               limit: int = 0) -> Kpis:
    """The KPIs of events from ``since`` on, in ``lang``, per ``period``; ``limit`` caps the per-query lists."""
    table: dict[tuple[str, str], Figures] = {}
    days: set[str] = set()

    def row(day: str, segment: str) -> Figures:
        key = (period_of(day, period), segment)
        if key not in table:
            table[key] = Figures(*key)
        days.add(day)
        return table[key]

    def segments(language: str, widget: int) -> list[str]:
        return [ALL, language, *([WIDGET] if widget else [])]

    condition, parameters = conditions(since, lang, ("search", "click", "feedback", "contact"))
    without_visit: Counter = Counter()
    for r in store.query(
        f"SELECT substr(ts, 1, 10) AS day, lang, {WIDGET_FLAG} AS widget, type, COUNT(*) AS n, "
        "SUM(CASE WHEN results = 0 THEN 1 ELSE 0 END) AS zero, SUM(helpful) AS yes, COUNT(visit) AS with_visit "
        f"FROM events WHERE {condition} GROUP BY substr(ts, 1, 10), lang, {WIDGET_FLAG}, type", parameters,
    ):
        counts = {"search": {"searches": r["n"], "zero_results": r["zero"]}, "click": {"clicks": r["n"]},
                  "feedback": {"votes": r["n"], "helpful": r["yes"]}, "contact": {"contacts": r["n"]}}[r["type"]]
        without_visit[r["type"]] += r["n"] - r["with_visit"]
        for segment in segments(r["lang"], r["widget"]):
            row(r["day"], segment).add(**counts, without_visit=r["n"] - r["with_visit"])

    # Visits: grouped per visit and language once; the languages' rows from that, and all from it per visit.
    visits = (
        "WITH v AS (SELECT visit, lang, MIN(substr(ts, 1, 10)) AS day, MAX(" + WIDGET_FLAG + ") AS widget, "
        "MAX(CASE WHEN type = 'contact' THEN 1 ELSE 0 END) AS contacted FROM events "
        f"WHERE {condition} AND visit IS NOT NULL GROUP BY visit, lang), "
        "a AS (SELECT visit, MIN(day) AS day, MAX(widget) AS widget, MAX(contacted) AS contacted FROM v "
        "GROUP BY visit) "
        "SELECT 0 AS whole, day, lang, widget, COUNT(*) AS visits, SUM(contacted) AS contacted FROM v "
        "GROUP BY day, lang, widget UNION ALL "
        "SELECT 1 AS whole, day, NULL AS lang, widget, COUNT(*) AS visits, SUM(contacted) AS contacted FROM a "
        "GROUP BY day, widget"
    )
    for r in store.query(visits, parameters):
        targets = [ALL, *([WIDGET] if r["widget"] else [])] if r["whole"] else [r["lang"]]
        for segment in targets:
            row(r["day"], segment).add(visits=r["visits"], contacted=r["contacted"])

    # Searches per visit and query (and language): clicked or not, and the repeats; per day and per query.
    pairs, pair_parameters = conditions(since, lang, ("search", "click"))
    per_query = []
    for r in store.query(
        f"WITH q AS (SELECT visit, query_norm, lang, MIN(substr(ts, 1, 10)) AS day, MAX({WIDGET_FLAG}) AS widget, "
        "SUM(CASE WHEN type = 'search' THEN 1 ELSE 0 END) AS n, MAX(CASE WHEN type = 'click' THEN 1 ELSE 0 END) "
        f"AS clicked FROM events WHERE {pairs} AND visit IS NOT NULL GROUP BY visit, query_norm, lang) "
        "SELECT day, lang, widget, NULL AS query_norm, COUNT(*) AS searched, SUM(clicked) AS clicked, "
        "SUM(n - 1) AS repeats FROM q WHERE n > 0 GROUP BY day, lang, widget UNION ALL "
        "SELECT NULL AS day, NULL AS lang, NULL AS widget, query_norm, COUNT(*) AS searched, SUM(clicked) AS clicked, "
        "SUM(n - 1) AS repeats FROM q WHERE n > 0 GROUP BY query_norm", pair_parameters,
    ):
        if r["day"] is None:
            per_query.append((r["query_norm"], int(r["searched"]), int(r["clicked"])))
            continue
        for segment in segments(r["lang"], r["widget"]):
            row(r["day"], segment).add(searched=r["searched"], clicked=r["clicked"], repeats=r["repeats"])

    rows = complete(table, sorted(days), period)
    return Kpis(
        period=period, rows=rows,
        contact_questions=contact_questions(store, since, lang, limit),
        click_through=click_through(store, since, lang, limit, per_query),
        busiest_hours=busiest_hours(store, since, lang),
        without_visit={t: without_visit[t] for t in ("search", "click", "feedback", "contact")},
    )


def complete(table: dict[tuple[str, str], Figures], days: list[str], period: str) -> list[Figures]:
    """Every period of the span for every segment (quiet ones as zeros), each with its change from the one before."""
    if not days:
        return []
    periods = periods_between(days[0], days[-1], period)
    found = {segment for _, segment in table}
    languages = sorted(found - {ALL, WIDGET})
    order = [ALL, *languages, *([WIDGET] if WIDGET in found else [])]
    rows = []
    for segment in order:
        previous: Figures | None = None
        for key in periods:
            figures = table.get((key, segment)) or Figures(key, segment)
            if previous is not None:
                before, now = previous.values(), figures.values()
                figures.change = {name: None if now[name] is None or before[name] is None
                                  else round(now[name] - before[name], 4) for name in now}
            rows.append(figures)
            previous = figures
    return rows


def most_first(counter: Counter) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))


def contact_questions(store: Store, since: str | None, lang: str | None, limit: int) -> list[ContactQuestion]:
    """The last queries before contacts, most contacts first: the gaps that cost a ticket."""
    condition, parameters = conditions(since, lang, ("contact",))
    found: dict[str, dict[str, Counter]] = {}
    for r in store.query(
        "SELECT query_norm, query, channel, lang, COUNT(*) AS n FROM events "
        f"WHERE {condition} AND query_norm IS NOT NULL AND query_norm != '' "
        "GROUP BY query_norm, query, channel, lang", parameters,
    ):
        tally = found.setdefault(r["query_norm"], {"raw": Counter(), "channels": Counter(), "langs": Counter()})
        tally["raw"][r["query"]] += r["n"]
        tally["channels"][r["channel"] or "?"] += r["n"]
        tally["langs"][r["lang"]] += r["n"]
    questions = [
        ContactQuestion(query=most_first(t["raw"])[0][0], normalized=form, contacts=sum(t["raw"].values()),
                        channels=most_first(t["channels"]), languages=[x for x, _ in most_first(t["langs"])])
        for form, t in found.items()
    ]
    questions.sort(key=lambda q: (-q.contacts, q.normalized))
    return questions[:limit] if limit else questions


def click_through(store: Store, since: str | None, lang: str | None, limit: int,
                  per_query: list[tuple[str, int, int]]) -> list[QueryClicks]:
    """The most searched queries (``per_query``: searches one per visit, clicked ones), with what was opened."""
    per_query.sort(key=lambda q: (-q[1], q[0]))
    rows = per_query[:limit] if limit else per_query
    shown = {query for query, _, _ in rows}
    opened: dict[str, Counter] = {}
    click_condition, click_parameters = conditions(since, lang, ("click",))
    for r in store.query(f"SELECT query_norm, url, COUNT(*) AS n FROM events WHERE {click_condition} "
                         "GROUP BY query_norm, url", click_parameters):
        if r["query_norm"] in shown:
            opened.setdefault(r["query_norm"], Counter())[r["url"]] += r["n"]
    return [QueryClicks(query=query, searches=searched, clicked=clicked,
                        opened=most_first(opened.get(query, Counter()))[:OPENED_SHOWN])
            for query, searched, clicked in rows]


def busiest_hours(store: Store, since: str | None, lang: str | None) -> dict[str, list[list[int]]]:
    """Searches and contacts per weekday (Monday first) and UTC hour."""
    condition, parameters = conditions(since, lang, ("search", "contact"))
    grid = {"searches": [[0] * 24 for _ in WEEKDAYS], "contacts": [[0] * 24 for _ in WEEKDAYS]}
    for r in store.query(f"SELECT type, substr(ts, 1, 10) AS day, substr(ts, 12, 2) AS hour, COUNT(*) AS n "
                         f"FROM events WHERE {condition} GROUP BY type, substr(ts, 1, 10), substr(ts, 12, 2)",
                         parameters):
        weekday = dt.date.fromisoformat(r["day"]).weekday()
        grid["searches" if r["type"] == "search" else "contacts"][weekday][int(r["hour"])] += r["n"]
    return grid
