"""Synonym suggestions from visits: ``kbgen analytics export --synonyms FILE``.

In one visit, a search that found nothing followed within a minute by the visit's next search, which
found something and whose result the shopper then opened ("night mode", then "dark theme", then the
appearance article), suggests that the first phrasing means the second. Each pair is counted once
per visit that shows it, per language. Pairs that are typos of each other (what the export's typo
grouping merges: the same first letter and within its edit limit) are left out, and so are pairs of
the same normalised query.

The file is a ready ``_synonyms.yml`` block (``lang: {found: [not found, ...]}``) with the counts as
comments, for staff to review and copy: kbgen never applies it by itself.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from kbgen.analytics.store import Store

WITHIN = dt.timedelta(minutes=1)


@dataclass
class Suggestion:
    lang: str
    found: str  # the query that found something and was clicked (normalised)
    missed: str  # the query that found nothing just before it (normalised)
    visits: int

    def as_dict(self) -> dict[str, Any]:
        return {"lang": self.lang, "term": self.found, "synonym": self.missed, "visits": self.visits}


def parse_ts(ts: str) -> dt.datetime:
    return dt.datetime.fromisoformat(ts.replace("Z", "+00:00"))


def is_typo_pair(a: str, b: str) -> bool:
    """True when the typo grouping would merge the two forms: same first letter, within both limits."""
    from rapidfuzz.distance import OSA

    from kbgen.analytics.export import typo_limit

    allowed = min(typo_limit(a), typo_limit(b))
    return bool(allowed) and a[:1] == b[:1] and OSA.distance(a, b, score_cutoff=allowed) <= allowed


def suggest_synonyms(store: Store, *, since: str | None = None, lang: str | None = None,
                     min_visits: int = 1) -> list[Suggestion]:
    """The pairs seen in at least ``min_visits`` visits, most visits first. The database pairs each search
    with the visit's next one (a window function) and finds each visit's last click per query; Python
    matches them and checks the minute and the typos."""
    clauses, parameters = ["type = 'search'", "visit IS NOT NULL"], []
    if since:
        clauses.append("ts >= ?")
        parameters.append(since)
    if lang:
        clauses.append("(lang = ? OR lang LIKE ?)")
        parameters += [lang.lower(), lang.lower() + "-%"]
    click_clauses = ["type = 'click'", "visit IS NOT NULL", *clauses[2:]]
    pairs = store.query(
        "SELECT visit, lang, query_norm AS missed, ts AS missed_ts, next_norm AS found, next_ts AS found_ts FROM ("
        "SELECT visit, lang, query_norm, results, ts, LEAD(query_norm) OVER w AS next_norm, "
        f"LEAD(ts) OVER w AS next_ts, LEAD(results) OVER w AS next_results FROM events WHERE {' AND '.join(clauses)} "
        "WINDOW w AS (PARTITION BY visit ORDER BY ts, id)) AS p "
        "WHERE results = 0 AND next_results > 0 AND next_norm != query_norm", parameters,
    )
    wanted = {(row["visit"], row["found"]) for row in pairs}
    last_click: dict[tuple[str, str], str] = {}
    if wanted:
        clicks = " AND ".join(click_clauses)
        for row in store.query(f"SELECT visit, query_norm, MAX(ts) AS last FROM events WHERE {clicks} "
                               "GROUP BY visit, query_norm", parameters):
            if (row["visit"], row["query_norm"]) in wanted:
                last_click[(row["visit"], row["query_norm"])] = row["last"]
    visits: dict[tuple[str, str, str], set[str]] = {}
    for row in pairs:
        clicked = last_click.get((row["visit"], row["found"]))
        if clicked is None or clicked < row["found_ts"]:
            continue
        if parse_ts(row["found_ts"]) - parse_ts(row["missed_ts"]) > WITHIN:
            continue
        if not row["missed"] or is_typo_pair(row["missed"], row["found"]):
            continue
        visits.setdefault((row["lang"], row["found"], row["missed"]), set()).add(row["visit"])
    suggestions = [Suggestion(lang_, found, missed, len(seen)) for (lang_, found, missed), seen in visits.items()
                   if len(seen) >= min_visits]
    suggestions.sort(key=lambda s: (s.lang, -s.visits, s.found, s.missed))
    return suggestions


def yaml_text(text: str) -> str:
    """A YAML flow scalar: plain when it is plain words, else double-quoted (JSON's quoting is YAML's)."""
    plain = text and all(ch.isalnum() or ch == " " for ch in text) and text[0].isalpha() and \
        text.lower() not in {"yes", "no", "on", "off", "true", "false", "null", "y", "n", "nan", "inf"}
    return text if plain else json.dumps(text, ensure_ascii=False)


def render_synonyms(suggestions: list[Suggestion], generated_at: str) -> str:
    """The suggestions as a ``_synonyms.yml`` block per language, counts in comments, most visits first."""
    lines = [
        f"# Synonym suggestions from kbgen analytics export, {generated_at}.",
        "# In each visit counted, a search that found nothing was followed within a minute by the search",
        "# on the left, whose result the shopper opened. Review them, then copy the ones that are right",
        "# into _synonyms.yml (kbgen never applies this file).",
    ]
    if not suggestions:
        lines.append("# No suggestions in this period.")
        return "\n".join(lines) + "\n"
    by_lang: dict[str, dict[str, list[Suggestion]]] = {}
    for suggestion in suggestions:
        by_lang.setdefault(suggestion.lang, {}).setdefault(suggestion.found, []).append(suggestion)
    for lang, terms in by_lang.items():
        lines.append(f"{yaml_text(lang)}:")
        ranked = sorted(terms.items(), key=lambda item: (-sum(s.visits for s in item[1]), item[0]))
        for found, pairs in ranked:
            counts = ", ".join(f"{s.missed}: {s.visits} visit{'s' if s.visits != 1 else ''}" for s in pairs)
            lines.append(f"  {yaml_text(found)}: [{', '.join(yaml_text(s.missed) for s in pairs)}]  # {counts}")
    return "\n".join(lines) + "\n"
