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
and contacts per weekday and UTC hour). The counts come from one sorted pass over the events
(:mod:`kbgen.analytics.visits`); this module adds days up into periods and makes the rates.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from kbgen.analytics.visits import Tallies

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


# --- from the tallies --------------------------------------------------------------------------------

def build_kpis(tallies: Tallies, *, period: str = "week", limit: int = 0) -> Kpis:
    """The KPIs per ``period`` from one pass's tallies (:func:`kbgen.analytics.visits.tally_events`);
    ``limit`` caps the per-query lists (0: all)."""
    table: dict[tuple[str, str], Figures] = {}
    periods: dict[str, str] = {}
    days: set[str] = set()

    def row(day: str, segment: str) -> Figures:
        key = periods.get(day)
        if key is None:
            key = periods[day] = period_of(day, period)
            days.add(day)
        figures = table.get((key, segment))
        if figures is None:
            figures = table[(key, segment)] = Figures(key, segment)
        return figures

    for counted in (tallies.events, tallies.searched):
        for (day, language, widget, figure), n in counted.items():
            for segment in (ALL, language, WIDGET) if widget else (ALL, language):
                row(day, segment).add(**{figure: n})
    for (day, segment, figure), n in tallies.visits.items():
        row(day, segment).add(**{figure: n})
    rows = complete(table, sorted(days), period)
    return Kpis(
        period=period, rows=rows,
        contact_questions=contact_questions(tallies, limit),
        click_through=click_through(tallies, limit),
        busiest_hours=busiest_hours(tallies),
        without_visit={t: tallies.without_visit[t] for t in ("search", "click", "feedback", "contact")},
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


def contact_questions(tallies: Tallies, limit: int) -> list[ContactQuestion]:
    """The last queries before contacts, most contacts first: the gaps that cost a ticket."""
    found: dict[str, dict[str, Counter]] = {}
    for (norm, query, channel, language), n in tallies.contacts.items():
        tally = found.setdefault(norm, {"raw": Counter(), "channels": Counter(), "langs": Counter()})
        tally["raw"][query] += n
        tally["channels"][channel] += n
        tally["langs"][language] += n
    questions = [
        ContactQuestion(query=most_first(t["raw"])[0][0], normalized=form, contacts=sum(t["raw"].values()),
                        channels=most_first(t["channels"]), languages=[x for x, _ in most_first(t["langs"])])
        for form, t in found.items()
    ]
    questions.sort(key=lambda q: (-q.contacts, q.normalized))
    return questions[:limit] if limit else questions


def click_through(tallies: Tallies, limit: int) -> list[QueryClicks]:
    """The most searched queries (searches one per visit), how many were clicked, and what was opened."""
    ranked = sorted(tallies.per_query.items(), key=lambda item: (-item[1][0], item[0]))
    ranked = ranked[:limit] if limit else ranked
    shown = {query for query, _ in ranked}
    opened: dict[str, Counter] = {}
    for (norm, url), n in tallies.opened.items():
        if norm in shown:
            opened.setdefault(norm, Counter())[url] += n
    return [QueryClicks(query=query, searches=searched, clicked=clicked,
                        opened=most_first(opened.get(query, Counter()))[:OPENED_SHOWN])
            for query, (searched, clicked) in ranked]


def busiest_hours(tallies: Tallies) -> dict[str, list[list[int]]]:
    """Searches and contacts per weekday (Monday first) and UTC hour."""
    grid = {"searches": [[0] * 24 for _ in WEEKDAYS], "contacts": [[0] * 24 for _ in WEEKDAYS]}
    weekdays: dict[str, int] = {}
    for (kind, day, hour), n in tallies.hours.items():
        weekday = weekdays.get(day)
        if weekday is None:
            weekday = weekdays[day] = dt.date.fromisoformat(day).weekday()
        grid[kind][weekday][int(hour)] += n
    return grid
