"""From stored events to the list of articles to write next: ``kbgen analytics export``.

Three lists, each sorted by count, most first:

- **zero_results**: searches that found nothing, grouped by their normalised form (case, accents,
  spacing and punctuation folded, see :func:`~kbgen.analytics.schema.normalize_query`), with
  obvious typo variants merged: a form within one edit (from 4 letters) or two edits (from 8
  letters) of a more frequent form, with the same first letter as the site's search requires of a
  typo, joins that form's group. Each group has its count, days seen, languages, first and last
  seen, up to 3 example queries, and the nearest existing article: the site's own search for the
  group's most frequent query, and when that finds nothing (it found nothing for the shopper
  either), for the query without the words the site does not know.
- **unmatched_words**: searches that found something but left words unmatched; the words,
  normalised and typo-merged the same way, with their counts and example queries.
- **feedback**: per page and anchor (an article, a section or an FAQ answer): votes, the share of
  helpful ones, the top reasons and the 3 most recent comments.

Renderers: CSV (one file with a ``section`` column, safe to open in a spreadsheet), JSON (an
object with the three lists), Markdown (three tables) and HTML (one self-contained page with a
bar chart of zero-result searches per day and of the top gaps). Days are UTC days.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import html
import io
import itertools
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from kbgen.analytics.kpis import Kpis
from kbgen.analytics.store import Store
from kbgen.analytics.synonyms import Suggestion
from kbgen.analytics.visits import ZeroForm
from kbgen.errors import KbgenError

FORMATS = ("csv", "json", "md", "html")
SECTIONS = ("zero_results", "unmatched_words", "feedback")
EXAMPLES = 3
DRAFT_LIMIT = 10
SYNONYM_MIN_VISITS = 2  # a pair seen in one visit only is as likely chance as meaning (--min-count raises it)


# --- the report -----------------------------------------------------------------------------------

@dataclass
class Nearest:
    title: str
    url: str


@dataclass
class Gap:
    """A group of searches that found nothing."""

    query: str  # the group's most frequent raw query
    normalized: str
    count: int
    days: int
    languages: list[str]
    first_seen: str
    last_seen: str
    examples: list[str]
    nearest: Nearest | None = None
    variants: list[tuple[str, int]] = field(default_factory=list)  # every raw query, most frequent first

    def as_dict(self) -> dict[str, Any]:
        return {"query": self.query, "normalized": self.normalized, "count": self.count, "days": self.days,
                "languages": list(self.languages), "first_seen": self.first_seen, "last_seen": self.last_seen,
                "examples": list(self.examples),
                "nearest_article": {"title": self.nearest.title, "url": self.nearest.url} if self.nearest else None}


@dataclass
class UnmatchedWord:
    word: str  # its most frequent spelling
    normalized: str
    count: int
    days: int
    languages: list[str]
    first_seen: str
    last_seen: str
    examples: list[str]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class AnswerFeedback:
    """Votes on one page (``anchor`` empty) or one section or FAQ answer of it."""

    page: str
    anchor: str
    votes: int
    helpful: int
    share_helpful: float
    reasons: list[tuple[str, int]]
    comments: list[dict[str, Any]]  # {"ts", "helpful", "comment"}, most recent first
    first_seen: str
    last_seen: str

    @property
    def target(self) -> str:
        return f"{self.page}#{self.anchor}" if self.anchor else self.page

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["reasons"] = [{"reason": r, "count": n} for r, n in self.reasons]
        return data


@dataclass
class Report:
    zero_results: list[Gap]
    unmatched_words: list[UnmatchedWord]
    feedback: list[AnswerFeedback]
    per_day: dict[str, int]  # zero-result searches per UTC day, every day of the span
    totals: dict[str, int] = field(default_factory=dict)  # groups before --limit, per list
    since: str | None = None
    lang: str | None = None
    generated_at: str = ""
    kpis: Kpis | None = None
    synonyms: list[Suggestion] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        data = {
            "zero_results": [g.as_dict() for g in self.zero_results],
            "unmatched_words": [w.as_dict() for w in self.unmatched_words],
            "feedback": [f.as_dict() for f in self.feedback],
        }
        if self.kpis is not None:
            data["kpis"] = self.kpis.as_dict()
            data["synonym_suggestions"] = [s.as_dict() for s in self.synonyms]
        return data


# --- filters --------------------------------------------------------------------------------------

SINCE_RELATIVE = re.compile(r"^(\d{1,5})([hdw])$")


def parse_since(text: str, now: dt.datetime | None = None) -> str:
    """``30d``, ``12h``, ``2w`` or a date/time (``2026-11-01``) as the stored ``ts`` it starts at."""
    now = now or dt.datetime.now(dt.timezone.utc)
    text = text.strip()
    match = SINCE_RELATIVE.match(text)
    if match:
        amount, unit = int(match[1]), match[2]
        start = now - dt.timedelta(hours=amount) * {"h": 1, "d": 24, "w": 24 * 7}[unit]
    else:
        try:
            start = dt.datetime.fromisoformat(text)
        except ValueError:
            raise KbgenError(
                f"--since {text!r} is neither a period (30d, 12h, 2w) nor a date (2026-11-01)"
            ) from None
        if start.tzinfo is None:
            start = start.replace(tzinfo=dt.timezone.utc)
    start = start.astimezone(dt.timezone.utc)
    return start.strftime("%Y-%m-%dT%H:%M:%S.") + f"{start.microsecond // 1000:03d}Z"


def period_clauses(since: str | None, lang: str | None) -> tuple[list[str], list[Any]]:
    """The SQL conditions (and their parameters) for events from ``since`` on, in ``lang`` or a variant."""
    clauses: list[str] = []
    parameters: list[Any] = []
    if since:
        clauses.append("ts >= ?")
        parameters.append(since)
    if lang:
        clauses.append("(lang = ? OR lang LIKE ?)")
        parameters += [lang.lower(), lang.lower() + "-%"]
    return clauses, parameters


def where(type_: str, since: str | None, lang: str | None, extra: str = "") -> tuple[str, list[Any]]:
    clauses, parameters = period_clauses(since, lang)
    clauses, parameters = ["type = ?", *clauses], [type_, *parameters]
    if extra:
        clauses.append(extra)
    return " AND ".join(clauses), parameters


# --- grouping -------------------------------------------------------------------------------------

def typo_limit(form: str) -> int:
    letters = len(form) - form.count(" ")
    return 2 if letters >= 8 else 1 if letters >= 4 else 0


def group_forms(counts: dict[str, int]) -> dict[str, str]:
    """Map each form to its group's leader: itself, or a more frequent form a typo away.

    Forms are visited most frequent first; a form joins the most frequent existing leader seen more
    often than itself within its edit limit (the smaller of the two forms' limits) that starts with
    the same letter, else it leads a group of its own (forms seen equally often stay apart). Leaders
    are bucketed by first letter and length, most frequent first, so a form is only compared with
    the leaders it could join, and those comparisons run in rapidfuzz's C++ optimal string alignment
    distance (the one :func:`kbgen.index.query.edit_distance` computes) with the limit as cutoff:
    100,000 forms take seconds, not the hours of pairwise Python.
    """
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    # Per bucket: its leaders and their counts negated (ascending, so a bisect finds the more frequent ones).
    buckets: dict[tuple[str, int], tuple[list[str], list[int]]] = {}
    rank: dict[str, int] = {}
    leader_of: dict[str, str] = {}
    # Forms seen equally often see the same leaders (a leader must be seen more often): their choices,
    # per first letter, length and limit, are gathered once per count, not once per form.
    gathered: dict[tuple[str, int, int], list[str]] = {}
    gathered_for = 0
    for order, form in enumerate(sorted(counts, key=lambda f: (-counts[f], f))):
        limit = typo_limit(form)
        best: str | None = None
        if limit:
            count = counts[form]
            if count != gathered_for:
                gathered, gathered_for = {}, count
            choices = gathered.get((form[0], len(form), limit))
            if choices is None:
                choices = gathered[(form[0], len(form), limit)] = []
                for length in range(len(form) - limit, len(form) + limit + 1):
                    bucket = buckets.get((form[0], length))
                    if bucket:
                        choices += bucket[0][:bisect.bisect_left(bucket[1], -count)]
            if choices:
                for leader, distance, _ in process.extract(form, choices, scorer=OSA.distance, score_cutoff=limit,
                                                           limit=None):
                    if distance <= min(limit, typo_limit(leader)) and (best is None or rank[leader] < rank[best]):
                        best = leader
        if best is None:
            leader_of[form] = form
            rank[form] = order
            if limit:  # a leader without a typo allowance matches nothing
                forms, negated = buckets.setdefault((form[0], len(form)), ([], []))
                forms.append(form)
                negated.append(-counts[form])
        else:
            leader_of[form] = best
    return leader_of


@dataclass
class Tally:
    """Counts for one normalised form or group, before it becomes a report row."""

    count: int = 0
    days: set[str] = field(default_factory=set)
    langs: Counter = field(default_factory=Counter)
    raw: Counter = field(default_factory=Counter)  # spellings of the query or word
    queries: Counter = field(default_factory=Counter)  # for a word: the queries it was in
    first: str = "~"
    last: str = ""

    def add(self, raw: str, lang: str, day: str, n: int, first: str, last: str, query: str = "") -> None:
        self.count += n
        self.days.add(day)
        self.langs[lang] += n
        self.raw[raw] += n
        if query:
            self.queries[query] += n
        self.first = min(self.first, first)
        self.last = max(self.last, last)

    def merge(self, other: Tally) -> None:
        self.count += other.count
        self.days |= other.days
        self.langs.update(other.langs)
        self.raw.update(other.raw)
        self.queries.update(other.queries)
        self.first = min(self.first, other.first)
        self.last = max(self.last, other.last)

    def ranked_raw(self) -> list[tuple[str, int]]:
        return most_first(self.raw)

    def ranked_queries(self) -> list[tuple[str, int]]:
        return most_first(self.queries)

    def languages(self) -> list[str]:
        return [lang for lang, _ in most_first(self.langs)]

    def seen(self) -> dict[str, Any]:
        """The fields a Gap and an UnmatchedWord row share, from this tally."""
        return {"count": self.count, "days": len(self.days), "languages": self.languages(),
                "first_seen": self.first, "last_seen": self.last}


def most_first(counter: Counter) -> list[tuple[str, int]]:
    """Counted items, most frequent first, ties in text order."""
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))


def merge_variants(tallies: dict[str, Tally]) -> dict[str, Tally]:
    """The tallies of typo variants added up under their group's leading form."""
    leader_of = group_forms({form: t.count for form, t in tallies.items()})
    groups: dict[str, Tally] = {}
    for form, tally in tallies.items():
        groups.setdefault(leader_of[form], Tally()).merge(tally)
    return groups


# --- the nearest article --------------------------------------------------------------------------

class NearestArticles:
    """The site's own search, per language, for the article closest to a query that found nothing."""

    def __init__(self, site_dir: Path | None = None, *, locate: Callable[[], Path | None] | None = None):
        """``site_dir``: the built site; or ``locate``, called once when first needed, finds it."""
        self.site_dir = site_dir
        self.locate = locate
        self.indexes: dict[str, Any] = {}
        self.dirs: dict[str, Path] = {}  # events' language -> the search folder that answers for it
        self.problem = ""

    def index_for(self, lang: str):
        from kbgen.index.query import SearchIndex

        if self.locate is not None:
            self.site_dir, self.locate = self.locate(), None
        if self.site_dir is None:
            self.problem = "no built site found (pass --site-dir, or run 'kbgen build' first)"
            return None
        # The language's own sub-site (pt-br), else its base language's (pt), else the default's.
        from kbgen.site.built import search_dir_for

        code = lang.lower()
        if code not in self.dirs:
            self.dirs[code] = search_dir_for(self.site_dir, code, base_too=True) or self.site_dir / "search"
        search_dir = self.dirs[code]
        key = str(search_dir)
        if key not in self.indexes:
            try:
                self.indexes[key] = SearchIndex(search_dir)
            except KbgenError as exc:
                self.indexes[key] = None
                self.problem = str(exc)
        return self.indexes[key]

    def find(self, query: str, lang: str) -> Nearest | None:
        from kbgen.index.analysis import words

        index = self.index_for(lang)
        if index is None:
            return None
        answer = index.search(query, limit=1)
        if not answer.results and answer.unmatched:
            unknown = set(answer.unmatched)
            rest = " ".join(w for w in words(query) if w not in unknown)
            answer = index.search(rest, limit=1) if rest else answer
        if not answer.results:
            return None
        top = answer.results[0]
        return Nearest(top.title, top.url)


# --- building the report --------------------------------------------------------------------------

def build_report(store: Store, *, since: str | None = None, lang: str | None = None, min_count: int = 1,
                 nearest: NearestArticles | None = None, limit: int = 0, period: str | None = None) -> Report:
    """The lists for events from ``since`` (a stored ``ts``) on, in ``lang``, seen ``min_count`` times.

    ``limit``: at most that many searches that found nothing, unknown words and queries in the KPI lists
    (0: all); the report's ``totals`` says how many there were. ``period`` (day, week, month) adds the
    KPIs (see :mod:`kbgen.analytics.kpis`) and the synonym suggestions.
    """
    from kbgen.analytics.kpis import build_kpis
    from kbgen.analytics.synonyms import suggest_synonyms
    from kbgen.analytics.visits import tally_events

    tallies = tally_events(store, since=since, lang=lang)
    gaps, gaps_total = zero_result_gaps(tallies.zero_forms, min_count, nearest, limit)
    words = unmatched_words(tallies.unmatched, min_count)
    kpis = build_kpis(tallies, period=period, limit=limit) if period else None
    synonyms = suggest_synonyms(tallies, min_visits=max(min_count, SYNONYM_MIN_VISITS)) if period else []
    return Report(
        kpis=kpis, synonyms=synonyms,
        zero_results=gaps,
        unmatched_words=words[:limit] if limit else words,
        feedback=feedback_per_answer(store, since, lang, min_count),
        totals={"zero_results": gaps_total, "unmatched_words": len(words)},
        per_day=zero_results_per_day(tallies.zero_per_day, since),
        since=since, lang=lang,
        generated_at=dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    )


def zero_result_gaps(forms: dict[str, ZeroForm], min_count: int, nearest: NearestArticles | None,
                     limit: int = 0) -> tuple[list[Gap], int]:
    """The groups of searches that found nothing, most first, the top ``limit`` (0: all), and how many there are.

    ``forms``: per normalised form, what the pass over the events counted. Python merges typo variants
    and builds rows (and looks up the nearest article) only for the groups the report shows.
    """
    leader_of = group_forms({form: seen.count for form, seen in forms.items()})
    members: dict[str, list[ZeroForm]] = {}
    for form, leader in leader_of.items():
        members.setdefault(leader, []).append(forms[form])
    groups = []
    for leader, seen in members.items():
        count = sum(s.count for s in seen)
        if count >= min_count:
            days = len(set().union(*(s.days for s in seen))) if len(seen) > 1 else len(seen[0].days)
            groups.append((leader, count, days))
    total = len(groups)
    groups.sort(key=lambda g: (-g[1], -g[2], g[0]))
    gaps = []
    for leader, count, days in groups[:limit] if limit else groups:
        seen = members[leader]
        raw: Counter = Counter()
        langs: Counter = Counter()
        for form in seen:
            for (query, language), n in form.spellings.items():
                raw[query] += n
                langs[language] += n
        variants = most_first(raw)
        gaps.append(Gap(query=variants[0][0], normalized=leader, count=count, days=days,
                        languages=[language for language, _ in most_first(langs)],
                        first_seen=min(s.first for s in seen), last_seen=max(s.last for s in seen),
                        examples=[q for q, _ in variants[:EXAMPLES]], variants=variants))
    if nearest is not None:
        for gap in gaps:
            gap.nearest = nearest.find(gap.query, gap.languages[0])
    return gaps, total


def unmatched_words(tallies: dict[str, Tally], min_count: int) -> list[UnmatchedWord]:
    """Words found nowhere, in searches that found something: ``tallies`` per normalised word, typo variants merged."""
    words = [
        UnmatchedWord(
            word=tally.ranked_raw()[0][0], normalized=form, **tally.seen(),
            examples=[q for q, _ in tally.ranked_queries()[:EXAMPLES]],
        )
        for form, tally in merge_variants(tallies).items() if tally.count >= min_count
    ]
    words.sort(key=lambda w: (-w.count, w.normalized))
    return words


def feedback_per_answer(store: Store, since: str | None, lang: str | None,
                        min_count: int) -> list[AnswerFeedback]:
    condition, parameters = where("feedback", since, lang)
    reasons: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for row in store.query(
        f"SELECT page, anchor, reason, COUNT(*) AS n FROM events WHERE {condition} AND reason IS NOT NULL "
        "GROUP BY page, anchor, reason ORDER BY n DESC, reason", parameters,
    ):
        reasons.setdefault((row["page"], row["anchor"]), []).append((row["reason"], row["n"]))
    comments: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in store.query(
        "SELECT page, anchor, ts, helpful, comment FROM (SELECT id, page, anchor, ts, helpful, comment, "
        "ROW_NUMBER() OVER (PARTITION BY page, anchor ORDER BY ts DESC, id DESC) AS recent "
        f"FROM events WHERE {condition} AND comment IS NOT NULL AND trim(comment) != '') "
        f"AS c WHERE recent <= {EXAMPLES} ORDER BY ts DESC, id DESC", parameters,
    ):
        comments.setdefault((row["page"], row["anchor"]), []).append(
            {"ts": row["ts"], "helpful": bool(row["helpful"]), "comment": row["comment"]})
    answers = []
    for row in store.query(
        "SELECT page, anchor, COUNT(*) AS votes, SUM(helpful) AS yes, MIN(ts) AS first, MAX(ts) AS last "
        f"FROM events WHERE {condition} GROUP BY page, anchor HAVING COUNT(*) >= ?", [*parameters, min_count],
    ):
        key = (row["page"], row["anchor"])
        answers.append(AnswerFeedback(
            page=row["page"], anchor=row["anchor"], votes=row["votes"], helpful=row["yes"],
            share_helpful=round(row["yes"] / row["votes"], 2), reasons=reasons.get(key, [])[:3],
            comments=comments.get(key, []), first_seen=row["first"], last_seen=row["last"],
        ))
    answers.sort(key=lambda a: (-a.votes, a.share_helpful, a.page, a.anchor))
    return answers


def zero_results_per_day(counts: dict[str, int], since: str | None) -> dict[str, int]:
    """Zero-result searches per UTC day, from ``since`` (or the first such day) to the last one, quiet days as 0."""
    counts = {day: n for day, n in counts.items() if n}
    if not counts:
        return {}
    days = sorted(counts)
    start = dt.date.fromisoformat(since[:10] if since else days[0])  # the whole period, quiet days included
    end = dt.date.fromisoformat(days[-1])
    span = (end - start).days + 1
    return {(d := start + dt.timedelta(days=i)).isoformat(): counts.get(d.isoformat(), 0) for i in range(span)}


# --- rendering ------------------------------------------------------------------------------------

def render(report: Report, format_: str) -> str:
    return {"csv": render_csv, "json": render_json, "md": render_markdown, "html": render_html}[format_](report)


def render_json(report: Report) -> str:
    return json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n"


CSV_COLUMNS = (
    "section", "item", "count", "days_seen", "languages", "first_seen", "last_seen", "examples",
    "nearest_article", "nearest_url", "share_helpful", "top_reasons", "recent_comments",
)
FORMULA_CHARACTERS = "=+-@"
LINE_BREAK = re.compile(r"\r\n|\r|\n")


def is_padding(char: str) -> bool:
    """A character a spreadsheet may skip before a formula: spaces, controls, BOM, zero-width, quotes."""
    return char.isspace() or char in "'\"`" or unicodedata.category(char) in ("Cc", "Cf", "Zs", "Pi", "Pf")


def looks_like_formula(text: str, start: int = 0) -> bool:
    """True when a spreadsheet could read the line starting at ``start`` as a formula.

    Each character is NFKC-normalised first, so fullwidth and other compatibility forms (U+FF1D
    for ``=``) count as the character they stand for; padding before a formula character counts
    as the formula too. A tab or CR at the start is one in its own right (OWASP's list).
    """
    if text.startswith(("\t", "\r"), start):
        return True
    for char in itertools.islice(text, start, None):
        if char in "\r\n":
            return False
        visible = [c for c in unicodedata.normalize("NFKC", char) if not is_padding(c)]
        if visible:
            return visible[0] in FORMULA_CHARACTERS
    return False


def spreadsheet_safe(value: Any) -> Any:
    """A cell a spreadsheet shows as text: each line of it that could start a formula gets a leading ``'``.

    Every line, not only the first: a reader that splits rows on line breaks before it honours
    quotes would otherwise start a row with a comment's second line.
    """
    if not isinstance(value, str):
        return value
    starts = [0, *(match.end() for match in LINE_BREAK.finditer(value))]
    ends = [*starts[1:], len(value)]
    return "".join(("'" if looks_like_formula(value, start) else "") + value[start:end]
                   for start, end in zip(starts, ends, strict=True))


def join(values: Iterable[str]) -> str:
    return " | ".join(values)


def render_csv(report: Report) -> str:
    """One table; with KPIs, six more columns (period, segment, metric, value, change, detail) for their rows."""
    from kbgen.analytics.kpi_render import CSV_EXTRA_COLUMNS, csv_rows

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180: quotes CR as well as LF
    extra = CSV_EXTRA_COLUMNS if report.kpis is not None else ()
    writer.writerow([*CSV_COLUMNS, *extra])
    rows: list[list[Any]] = []
    for g in report.zero_results:
        rows.append(["zero_results", g.query, g.count, g.days, join(g.languages), g.first_seen, g.last_seen,
                     join(g.examples), g.nearest.title if g.nearest else "", g.nearest.url if g.nearest else "",
                     "", "", ""])
    for w in report.unmatched_words:
        rows.append(["unmatched_words", w.word, w.count, w.days, join(w.languages), w.first_seen, w.last_seen,
                     join(w.examples), "", "", "", "", ""])
    for a in report.feedback:
        rows.append(["feedback", a.target, a.votes, "", "", a.first_seen, a.last_seen, "", "", "",
                     a.share_helpful, join(f"{r} ({n})" for r, n in a.reasons),
                     join(c["comment"] for c in a.comments)])
    rows = [row + [""] * len(extra) for row in rows]
    if report.kpis is not None:
        rows += csv_rows(report.kpis, report.synonyms, len(CSV_COLUMNS))
    for row in rows:
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return out.getvalue()


MD_SPECIAL = re.compile(r"([\\`*_\[\]|#])")
MD_BLOCK_START = re.compile(r"^(\d*)([-+.)])(?=\s|$)")  # a list marker: "1. ", "- " (not "-2" or "50.0%")


def md(value: Any) -> str:
    """Text safe in a Markdown table cell or list item: HTML and Markdown shown as typed, one line."""
    text = " ".join(MD_SPECIAL.sub(r"\\\1", html.escape(str(value), quote=False)).split())
    return MD_BLOCK_START.sub(r"\1\\\2", text)


def md_table(headers: list[str], rows: list[list[Any]]) -> str:
    if not rows:
        return "_None in this period._\n"
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    lines += ["| " + " | ".join(md(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def period(report: Report) -> str:
    text = f"since {report.since[:10]}" if report.since else "all events"
    return text + (f", language {report.lang}" if report.lang else "")


def render_markdown(report: Report) -> str:
    parts = [
        f"# What shoppers did not find ({period(report)})\n",
        "## Searches that found nothing\n",
        md_table(["Query", "Count", "Days", "Languages", "First seen", "Last seen", "Examples", "Nearest article"], [
            [g.query, g.count, g.days, ", ".join(g.languages), g.first_seen[:10], g.last_seen[:10],
             "; ".join(g.examples), f"{g.nearest.title} ({g.nearest.url})" if g.nearest else ""]
            for g in report.zero_results
        ]),
        "## Words found nowhere on the site, in searches that found something\n",
        md_table(["Word", "Count", "Days", "Languages", "Last seen", "Example queries"], [
            [w.word, w.count, w.days, ", ".join(w.languages), w.last_seen[:10], "; ".join(w.examples)]
            for w in report.unmatched_words
        ]),
        "## Feedback per article and answer\n",
        md_table(["Page", "Votes", "Helpful", "Top reasons", "Recent comments"], [
            [a.target, a.votes, f"{round(a.share_helpful * 100)}%", ", ".join(f"{r} ({n})" for r, n in a.reasons),
             " / ".join(c["comment"] for c in a.comments)]
            for a in report.feedback
        ]),
    ]
    if report.kpis is not None:
        from kbgen.analytics.kpi_render import kpi_markdown

        parts += kpi_markdown(report.kpis, report.synonyms)
    return "\n".join(parts)


# --- HTML ---------------------------------------------------------------------------------------------

def esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def day_chart(per_day: dict[str, int], max_days: int = 180) -> str:
    """Zero-result searches per day as an inline SVG column chart."""
    if not per_day:
        return "<p>No searches found nothing in this period.</p>"
    days = list(per_day.items())[-max_days:]
    peak = max(n for _, n in days) or 1
    width, height, left, bottom = 720, 200, 40, 24
    step = (width - left - 8) / len(days)
    bars = []
    for i, (day, n) in enumerate(days):
        h = (height - bottom - 10) * n / peak
        x = left + i * step
        bars.append(
            f'<rect x="{x + step * 0.1:.1f}" y="{height - bottom - h:.1f}" width="{max(step * 0.8, 1):.1f}" '
            f'height="{h:.1f}"><title>{esc(day)}: {n}</title></rect>'
        )
    return (
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="Searches that found nothing, per day, {esc(days[0][0])} to {esc(days[-1][0])}">'
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 8}" y2="{height - bottom}" class="axis"/>'
        f'<text x="{left - 6}" y="14" text-anchor="end">{peak}</text>'
        f'<text x="{left - 6}" y="{height - bottom}" text-anchor="end">0</text>'
        f'<text x="{left}" y="{height - 6}">{esc(days[0][0])}</text>'
        f'<text x="{width - 8}" y="{height - 6}" text-anchor="end">{esc(days[-1][0])}</text>'
        + "".join(bars) + "</svg>"
    )


def gap_chart(gaps: list[Gap], limit: int = 10) -> str:
    """The top gaps as an inline SVG bar chart."""
    top = gaps[:limit]
    if not top:
        return ""
    peak = max(g.count for g in top)
    row, label, width = 26, 260, 720
    bars = []
    for i, g in enumerate(top):
        w = (width - label - 60) * g.count / peak
        y = i * row
        text = g.query if len(g.query) <= 34 else g.query[:33] + "…"
        bars.append(
            f'<text x="{label - 8}" y="{y + 17}" text-anchor="end">{esc(text)}</text>'
            f'<rect x="{label}" y="{y + 4}" width="{max(w, 1):.1f}" height="{row - 8}">'
            f'<title>{esc(g.query)}: {g.count}</title></rect>'
            f'<text x="{label + w + 6:.1f}" y="{y + 17}">{g.count}</text>'
        )
    return (f'<svg class="chart gaps" viewBox="0 0 {width} {row * len(top)}" role="img" '
            f'aria-label="The top {len(top)} searches that found nothing">' + "".join(bars) + "</svg>")


def html_table(headers: list[str], rows: list[list[Any]], numeric: Iterable[int] = (),
               dates: Iterable[int] = ()) -> str:
    """A table of already escaped cells; ``numeric`` and ``dates`` columns are aligned and kept on one line."""
    if not rows:
        return "<p>None in this period.</p>"
    classes = {i: " class=num" for i in numeric} | {i: " class=date" for i in dates}
    head = "".join(f'<th scope="col"{classes.get(i, "")}>{esc(h)}</th>' for i, h in enumerate(headers))
    body = "".join(
        "<tr>" + "".join(f"<td{classes.get(i, '')}>{cell}</td>" for i, cell in enumerate(row)) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def html_list(values: Iterable[str]) -> str:
    items = "".join(f"<li>{esc(v)}</li>" for v in values)
    return f"<ul>{items}</ul>" if items else ""


STYLE = """
:root { color-scheme: light dark; --ink: #1d2433; --muted: #5b6475; --bar: #2f6fde; --line: #d5dae3; }
@media (prefers-color-scheme: dark) { :root { --ink: #e6e9ef; --muted: #a3abba; --bar: #6b9cf0; --line: #3a4150; } }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       max-width: 1100px; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { margin-top: 2.2rem; font-size: 1.25rem; }
.meta { color: var(--muted); margin-top: 0; }
.summary { display: flex; gap: 1rem; flex-wrap: wrap; padding: 0; list-style: none; }
.summary li { border: 1px solid var(--line); border-radius: 8px; padding: .6rem 1rem; }
.summary strong { display: block; font-size: 1.5rem; }
table { border-collapse: collapse; width: 100%; margin-top: .5rem; }
th, td { text-align: left; vertical-align: top; padding: .4rem .6rem; border-bottom: 1px solid var(--line); }
th { font-size: .85rem; color: var(--muted); } .num { text-align: right; font-variant-numeric: tabular-nums; }
.num, .date { white-space: nowrap; }
td ul { margin: 0; padding-left: 1.1rem; } code { font-size: .85rem; word-break: break-all; }
.chart { width: 100%; max-width: 720px; height: auto; display: block; }
.chart rect { fill: var(--bar); } .chart text { font-size: 11px; fill: var(--muted); }
.chart.gaps text { font-size: 13px; fill: var(--ink); } .chart .axis { stroke: var(--line); }
"""


def render_html(report: Report) -> str:
    zero_total = sum(report.per_day.values())
    gaps = html_table(
        ["Query", "Count", "Days", "Languages", "First seen", "Last seen", "Examples", "Nearest article"],
        [[f"<strong>{esc(g.query)}</strong>", g.count, g.days, esc(", ".join(g.languages)), esc(g.first_seen[:10]),
          esc(g.last_seen[:10]), html_list(g.examples),
          f"{esc(g.nearest.title)}<br><code>{esc(g.nearest.url)}</code>" if g.nearest else "—"]
         for g in report.zero_results],
        numeric=(1, 2), dates=(4, 5),
    )
    words = html_table(
        ["Word", "Count", "Days", "Languages", "Last seen", "Example queries"],
        [[f"<strong>{esc(w.word)}</strong>", w.count, w.days, esc(", ".join(w.languages)), esc(w.last_seen[:10]),
          html_list(w.examples)] for w in report.unmatched_words],
        numeric=(1, 2), dates=(4,),
    )
    feedback = html_table(
        ["Page", "Votes", "Helpful", "Top reasons", "Recent comments"],
        [[f"<code>{esc(a.target)}</code>", a.votes, f"{round(a.share_helpful * 100)}%",
          html_list(f"{r} ({n})" for r, n in a.reasons), html_list(c["comment"] for c in a.comments)]
         for a in report.feedback],
        numeric=(1, 2),
    )
    votes = sum(a.votes for a in report.feedback)
    helpful = sum(a.helpful for a in report.feedback)
    kpis = ""
    style = STYLE
    if report.kpis is not None:
        from kbgen.analytics.kpi_render import HEAT_STYLE, kpi_html

        kpis, style = kpi_html(report.kpis, report.synonyms), STYLE + HEAT_STYLE
    gaps_total = report.totals.get("zero_results", len(report.zero_results))
    listed = f" (the top {len(report.zero_results)} listed)" if gaps_total > len(report.zero_results) else ""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>What shoppers did not find</title>
<style>{style}</style>
</head>
<body>
<h1>What shoppers did not find</h1>
<p class="meta">{esc(period(report).capitalize())}. Generated {esc(report.generated_at)} by kbgen analytics export.</p>
<ul class="summary">
<li><strong>{zero_total}</strong> searches found nothing</li>
<li><strong>{gaps_total}</strong> distinct gaps{listed}</li>
<li><strong>{len(report.unmatched_words)}</strong> unknown words</li>
<li><strong>{votes}</strong> votes, {round(100 * helpful / votes) if votes else 0}% helpful</li>
</ul>
<h2>Searches that found nothing, per day</h2>
{day_chart(report.per_day)}
<h2>Top gaps</h2>
{gap_chart(report.zero_results)}
{gaps}
<h2>Words found nowhere on the site, in searches that found something</h2>
{words}
<h2>Feedback per article and answer</h2>
{feedback}
{kpis}
</body>
</html>
"""


# --- draft articles ---------------------------------------------------------------------------------

def draft_markdown(gap: Gap) -> str:
    import yaml

    title = " ".join(gap.query.split())
    title = title[:1].upper() + title[1:]
    front = yaml.safe_dump(
        {"title": title, "draft": True, "keywords": [q for q, _ in gap.variants[:20]]},
        sort_keys=False, allow_unicode=True, width=1000,
    )
    lines = [
        "---", front.rstrip("\n"), "---", "",
        f"Shoppers searched for this {gap.count} time{'s' if gap.count != 1 else ''} on {gap.days} "
        f"day{'s' if gap.days != 1 else ''} ({gap.first_seen[:10]} to {gap.last_seen[:10]}) and found nothing. "
        "Answer what they asked, then remove `draft: true`.", "",
        "Queries this article should answer:", "",
    ]
    lines += [f"- {md(query)} ({n} search{'es' if n != 1 else ''})" for query, n in gap.variants]
    if gap.nearest:
        lines += ["", f"The nearest existing article is {md(gap.nearest.title)} (`{gap.nearest.url}`): "
                      "extend it instead if it is the right place."]
    return "\n".join(lines) + "\n"


def write_drafts(report: Report, folder: Path, limit: int = DRAFT_LIMIT) -> tuple[list[Path], list[Path]]:
    """Write a draft article for each of the top ``limit`` gaps; never overwrite a file."""
    from kbgen.content.slugs import slugify

    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    skipped: list[Path] = []
    used: set[str] = set()
    for number, gap in enumerate(report.zero_results[:limit], 1):
        slug = slugify(gap.normalized)[:60].strip("-") or f"gap-{number}"
        while slug in used:
            slug += "-2"
        used.add(slug)
        path = folder / f"{slug}.md"
        try:
            with path.open("x", encoding="utf-8") as file:
                file.write(draft_markdown(gap))
        except FileExistsError:
            skipped.append(path)
            continue
        written.append(path)
    return written, skipped
