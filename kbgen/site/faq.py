"""FAQ pages after rendering: one ``<details>`` per question, and schema.org FAQPage data."""

from __future__ import annotations

import html as htmllib
import re

from kbgen.content.model import Faq
from kbgen.locales import Locales
from kbgen.site.escaping import interface_texts, script_json

TAG = re.compile(r"<[^>]+>")
SPACE = re.compile(r"\s+")


FEEDBACK_SLOT = (
    '<div class="kbgen-feedback-slot" data-kbgen-feedback data-compact data-anchor="{anchor}"></div>'
)
#: The heading's "¶" link: a link inside a <summary> would be a control inside a control.
PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
#: Shown by the browser client, which opens and closes every answer; without it, each opens by itself.
EXPAND_ALL = (
    '<p class="kbgen-faq__tools"><button type="button" class="kbgen-faq__toggle" data-kbgen-expand hidden '
    'data-expand="{expand}" data-collapse="{collapse}">{expand}</button></p>\n'
)


def wrap_faq_sections(html: str, faq: Faq, t: dict[str, str] | None = None) -> tuple[str, list[str]]:
    """Make each question a closed ``<details>`` around its answer; return the answers' HTML too.

    Closed, a page of twenty questions fits on a phone's screen or two; the question's anchor is
    the ``<details>`` id, which the browser client opens on a deep link or a search result.
    """
    starts = []
    for entry in faq.entries:
        pos = html.find(f'<h2 id="{entry.anchor}"')
        if pos < 0:
            return html, []
        starts.append(pos)
    if starts != sorted(starts):
        return html, []
    ends = [*starts[1:], len(html)]
    t = t or interface_texts(Locales().language(faq.lang).texts)
    out = [html[: starts[0]] if starts else html, EXPAND_ALL.format(expand=t["expand_all"], collapse=t["collapse_all"])]
    answers = []
    for entry, start, end in zip(faq.entries, starts, ends, strict=True):
        chunk = html[start:end]
        head_end = chunk.find("</h2>") + len("</h2>")
        answers.append(chunk[head_end:].strip())
        out.append(faq_item(entry.anchor, chunk[:head_end], chunk[head_end:], faq.feedback))
    return "".join(out), answers


def faq_item(anchor: str, heading: str, answer: str, feedback: bool) -> str:
    """One question: its heading as the ``<summary>``, the answer and its feedback slot inside."""
    heading = PERMALINK.sub("", heading.replace(f'<h2 id="{anchor}"', '<h2 class="kbgen-faq-item__question"', 1))
    anchor = htmllib.escape(anchor)
    return (
        f'<details class="kbgen-faq-item" id="{anchor}">'
        f'<summary class="kbgen-faq-item__summary">{heading}</summary>'
        f'<div class="kbgen-faq-item__answer">{answer}'
        + (FEEDBACK_SLOT.format(anchor=anchor) if feedback else "")
        + "</div></details>\n"
    )


def plain_text(fragment: str) -> str:
    return SPACE.sub(" ", htmllib.unescape(TAG.sub(" ", fragment))).strip()


def faq_jsonld(faq: Faq, answers: list[str]) -> str:
    """FAQPage JSON-LD, safe to place inside a ``<script>`` element."""
    data = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "name": faq.title,
        "mainEntity": [
            {
                "@type": "Question",
                "name": entry.question,
                "acceptedAnswer": {"@type": "Answer", "text": plain_text(answer)},
            }
            for entry, answer in zip(faq.entries, answers or [e.answer for e in faq.entries], strict=True)
        ],
    }
    return script_json(data, indent=1)

