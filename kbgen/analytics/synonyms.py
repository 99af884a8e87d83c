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

import json
from dataclasses import dataclass
from typing import Any

from kbgen.analytics.visits import Tallies


@dataclass
class Suggestion:
    lang: str
    found: str  # the query that found something and was clicked (normalised)
    missed: str  # the query that found nothing just before it (normalised)
    visits: int

    def as_dict(self) -> dict[str, Any]:
        return {"lang": self.lang, "term": self.found, "synonym": self.missed, "visits": self.visits}


def suggest_synonyms(tallies: Tallies, *, min_visits: int = 1) -> list[Suggestion]:
    """The pairs seen in at least ``min_visits`` visits, per language, most visits first (the visit-by-visit
    pass, :func:`kbgen.analytics.visits.tally_events`, found them)."""
    suggestions = [Suggestion(lang, found, missed, n) for (lang, found, missed), n in tallies.synonyms.items()
                   if n >= min_visits]
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
