"""The KPIs and synonym suggestions of the export as CSV rows, Markdown and HTML (charts without script).

The JSON carries :meth:`kbgen.analytics.kpis.Kpis.as_dict` as it is; these renderers show the same
numbers: a share as a percentage, a change in shares as percentage points.
"""

from __future__ import annotations

from typing import Any

from kbgen.analytics.export import esc, html_list, html_table, join, md_table
from kbgen.analytics.kpis import RATES, WEEKDAYS, Figures, Kpis
from kbgen.analytics.synonyms import Suggestion

COLUMNS = [  # (figure, heading) in the order the tables show them
    ("searches", "Searches"), ("click_through_rate", "Click-through"), ("zero_result_rate", "Zero results"),
    ("repeat_rate", "Repeat searches"), ("helpful_share", "Helpful"), ("visits", "Visits"),
    ("contact_rate", "Contact rate"), ("self_service_score", "Self-service score"),
]
CSV_FIGURES = ("searches", "zero_results", "clicks", "searched", "clicked", "repeats", "votes", "helpful", "visits",
               "contacted", "contacts", "without_visit", *RATES)
SEGMENT_NAMES = {"all": "All languages", "widget": "Help widget (all languages)"}


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def shown(name: str, value: Any) -> str:
    if value is None:
        return "—"
    if name == "self_service_score":
        return f"{value:.2f}"
    if name in RATES:
        return percent(value)
    return f"{value:,}"


def change_shown(name: str, value: Any) -> str:
    """A change: percentage points for shares, the plain difference for counts and the score."""
    if value is None:
        return ""
    if name in RATES and name != "self_service_score":
        return f"{value * 100:+.1f} pts"
    return f"{value:+.2f}" if name == "self_service_score" else f"{value:+,}"


def cell(figures: Figures, name: str) -> str:
    values = figures.values()
    change = change_shown(name, figures.change.get(name))
    return shown(name, values[name]) + (f" ({change})" if change else "")


# --- CSV --------------------------------------------------------------------------------------------

def csv_rows(kpis: Kpis | None, suggestions: list[Suggestion], width: int) -> list[list[Any]]:
    """Rows in the export's CSV layout: ``section, item, count`` first, then period, segment, metric, value,
    change and detail in the columns after the gap columns (``width`` of them)."""
    rows: list[list[Any]] = []

    def add(section: str, item: str, count: Any = "", languages: str = "", *, period: str = "", segment: str = "",
            metric: str = "", value: Any = "", change: Any = "", detail: str = "") -> None:
        rows.append([section, item, count, "", languages, *[""] * (width - 5), period, segment, metric, value,
                     change, detail])

    if kpis is not None:
        for figures in kpis.rows:
            values = figures.values()
            for name in CSV_FIGURES:
                change = figures.change.get(name)
                add("kpis", name, period=figures.period, segment=figures.segment, metric=name,
                    value="" if values[name] is None else values[name], change="" if change is None else change)
        for question in kpis.contact_questions:
            add("contact_questions", question.query, question.contacts, join(question.languages),
                metric="contacts", value=question.contacts, detail=join(f"{c} ({n})" for c, n in question.channels))
        for query in kpis.click_through:
            rate = query.as_dict()["click_through_rate"]
            add("click_through", query.query, query.searches, metric="click_through_rate",
                value="" if rate is None else rate, detail=join(f"{u} ({n})" for u, n in query.opened))
        for kind, grid in kpis.busiest_hours.items():
            for day, hours in zip(WEEKDAYS, grid, strict=True):
                for hour, n in enumerate(hours):
                    if n:
                        add("busiest_hours", f"{day} {hour:02d}:00", n, metric=kind, value=n)
        for type_, n in kpis.without_visit.items():
            add("without_visit", type_, n, metric="events", value=n)
    for s in suggestions:
        add("synonym_suggestions", s.found, s.visits, s.lang, segment=s.lang, metric="visits", value=s.visits,
            detail=s.missed)
    return rows


CSV_EXTRA_COLUMNS = ("period", "segment", "metric", "value", "change", "detail")


# --- Markdown ---------------------------------------------------------------------------------------

def segment_name(segment: str) -> str:
    return SEGMENT_NAMES.get(segment, f"Language {segment}")


def kpi_markdown(kpis: Kpis | None, suggestions: list[Suggestion]) -> list[str]:
    parts: list[str] = []
    if kpis is not None:
        parts.append(f"## Self-service, per {kpis.period}\n")
        if not kpis.rows:
            parts.append("_None in this period._\n")
        for segment in kpis.segments():
            parts.append(f"### {segment_name(segment)}\n")
            parts.append(md_table(["Period", *[h for _, h in COLUMNS]],
                                  [[f.period, *[cell(f, n) for n, _ in COLUMNS]]
                                   for f in kpis.rows if f.segment == segment]))
        parts.append(without_visit_note(kpis) + "\n")
        parts.append("## Searched just before a contact\n")
        parts.append(md_table(["Query", "Contacts", "Channels", "Languages"], [
            [q.query, q.contacts, ", ".join(f"{c} ({n})" for c, n in q.channels), ", ".join(q.languages)]
            for q in kpis.contact_questions]))
        parts.append("## Click-through per query\n")
        parts.append(md_table(["Query", "Searches", "Clicked", "Click-through", "Results opened"], [
            [q.query, q.searches, q.clicked, percent(q.as_dict()["click_through_rate"]),
             "; ".join(f"{u} ({n})" for u, n in q.opened)] for q in kpis.click_through]))
        parts.append("## Busiest hours (searches, UTC)\n")
        grid = kpis.busiest_hours["searches"]
        parts.append(md_table(["Day", *[f"{h:02d}" for h in range(24)]],
                              [[day, *hours] for day, hours in zip(WEEKDAYS, grid, strict=True)]))
    parts.append("## Synonym suggestions\n")
    parts.append(md_table(["Language", "Term (found, clicked)", "Searched before it (found nothing)", "Visits"],
                          [[s.lang, s.found, s.missed, s.visits] for s in suggestions]))
    return parts


def without_visit_note(kpis: Kpis) -> str:
    total = sum(kpis.without_visit.values())
    if not total:
        return "Every event carried a visit id."
    listed = ", ".join(f"{n:,} {t}" for t, n in kpis.without_visit.items() if n)
    return (f"{total:,} events carried no visit id ({listed}): they count in searches, zero results and helpful "
            "votes, not in click-through, repeats, visits, contact rate or the self-service score.")


# --- HTML -------------------------------------------------------------------------------------------

def period_chart(kpis: Kpis, segment: str = "all") -> str:
    """Visits with and without a contact per period, stacked columns (the self-service score's two terms)."""
    rows = [f for f in kpis.rows if f.segment == segment]
    if not rows or not any(f.visits for f in rows):
        return ""
    peak = max(f.visits for f in rows) or 1
    width, height, left, bottom = 720, 180, 40, 24
    step = (width - left - 8) / len(rows)
    bars = []
    for i, f in enumerate(rows):
        x = left + i * step + step * 0.1
        h_all = (height - bottom - 10) * f.visits / peak
        h_contact = (height - bottom - 10) * f.contacted / peak
        y = height - bottom - h_all
        bars.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(step * 0.8, 1):.1f}" height="{h_all - h_contact:.1f}">'
            f'<title>{esc(f.period)}: {f.visits - f.contacted} visits without a contact</title></rect>'
            f'<rect class="contact" x="{x:.1f}" y="{height - bottom - h_contact:.1f}" '
            f'width="{max(step * 0.8, 1):.1f}" height="{h_contact:.1f}">'
            f'<title>{esc(f.period)}: {f.contacted} visits with a contact</title></rect>'
        )
    return (
        f'<svg class="chart kpi" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="Visits per {esc(kpis.period)}, with a contact (dark) and without">'
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 8}" y2="{height - bottom}" class="axis"/>'
        f'<text x="{left - 6}" y="14" text-anchor="end">{peak}</text>'
        f'<text x="{left}" y="{height - 6}">{esc(rows[0].period)}</text>'
        f'<text x="{width - 8}" y="{height - 6}" text-anchor="end">{esc(rows[-1].period)}</text>'
        f'<text x="{width / 2:.0f}" y="{height - 6}" text-anchor="middle">'
        f"visits per {esc(kpis.period)}; dark: with a contact</text>"
        + "".join(bars) + "</svg>"
    )


def heat_table(grid: list[list[int]], caption: str) -> str:
    """A weekday x hour table whose cells are shaded by their count (ten steps, classes h0-h9)."""
    peak = max(max(hours) for hours in grid) or 1
    head = "".join(f'<th scope="col">{h:02d}</th>' for h in range(24))
    body = "".join(
        f'<tr><th scope="row">{day}</th>' + "".join(
            f'<td class="h{min(9, n * 10 // (peak + 1)) if n else 0}">{n or ""}</td>' for n in hours) + "</tr>"
        for day, hours in zip(WEEKDAYS, grid, strict=True)
    )
    return (f'<table class="heat"><caption>{esc(caption)}</caption><thead><tr><th></th>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>")


HEAT_STYLE = "".join(
    f".heat .h{i} {{ background: color-mix(in srgb, var(--bar) {i * 10}%, transparent); }}\n" for i in range(10)
) + """.heat { width: auto; font-size: .75rem; } .heat td, .heat th { padding: .15rem .3rem; text-align: center; }
.heat caption { text-align: left; color: var(--muted); }
.chart rect.contact { fill: var(--ink); } .change { color: var(--muted); font-size: .8rem; }
"""


def html_cell(figures: Figures, name: str) -> str:
    change = change_shown(name, figures.change.get(name))
    return esc(shown(name, figures.values()[name])) + (f'<br><span class="change">{esc(change)}</span>' if change
                                                      else "")


def kpi_html(kpis: Kpis | None, suggestions: list[Suggestion]) -> str:
    parts: list[str] = []
    if kpis is not None:
        parts.append(f"<h2>Self-service, per {esc(kpis.period)}</h2>")
        parts.append(period_chart(kpis))
        if not kpis.rows:
            parts.append("<p>None in this period.</p>")
        for segment in kpis.segments():
            parts.append(f"<h3>{esc(segment_name(segment))}</h3>")
            parts.append(html_table(["Period", *[h for _, h in COLUMNS]],
                                    [[esc(f.period), *[html_cell(f, n) for n, _ in COLUMNS]]
                                     for f in kpis.rows if f.segment == segment],
                                    numeric=range(1, len(COLUMNS) + 1)))
        parts.append(f'<p class="meta">{esc(without_visit_note(kpis))}</p>')
        parts.append("<h2>Searched just before a contact</h2>")
        parts.append(html_table(["Query", "Contacts", "Channels", "Languages"], [
            [f"<strong>{esc(q.query)}</strong>", q.contacts, html_list(f"{c} ({n})" for c, n in q.channels),
             esc(", ".join(q.languages))] for q in kpis.contact_questions], numeric=(1,)))
        parts.append("<h2>Click-through per query</h2>")
        parts.append(html_table(["Query", "Searches", "Clicked", "Click-through", "Results opened"], [
            [f"<strong>{esc(q.query)}</strong>", q.searches, q.clicked, percent(q.as_dict()["click_through_rate"]),
             html_list(f"{u} ({n})" for u, n in q.opened)] for q in kpis.click_through], numeric=(1, 2, 3)))
        parts.append("<h2>Busiest hours (UTC)</h2>")
        parts.append(heat_table(kpis.busiest_hours["searches"], "Searches per weekday and hour"))
        parts.append(heat_table(kpis.busiest_hours["contacts"], "Contacts per weekday and hour"))
    parts.append("<h2>Synonym suggestions</h2>")
    parts.append(html_table(["Language", "Term (found, clicked)", "Searched before it (found nothing)", "Visits"],
                            [[esc(s.lang), f"<strong>{esc(s.found)}</strong>", esc(s.missed), s.visits]
                             for s in suggestions], numeric=(3,)))
    return "\n".join(p for p in parts if p)
