"""FAQ pages after rendering: one ``<section>`` per question, and schema.org FAQPage data."""

from __future__ import annotations

import html as htmllib
import re

from kbgen.content.model import Faq
from kbgen.site.escaping import script_json

TAG = re.compile(r"<[^>]+>")
SPACE = re.compile(r"\s+")


FEEDBACK_SLOT = '<div class="kbgen-feedback-slot" data-kbgen-feedback data-anchor="{anchor}"></div>'


def wrap_faq_sections(html: str, faq: Faq) -> tuple[str, list[str]]:
    """Wrap each question's heading and answer in a section; return the answers' HTML too."""
    starts = []
    for entry in faq.entries:
        pos = html.find(f'<h2 id="{entry.anchor}"')
        if pos < 0:
            return html, []
        starts.append(pos)
    if starts != sorted(starts):
        return html, []
    ends = [*starts[1:], len(html)]
    out = [html[: starts[0]] if starts else html]
    answers = []
    for entry, start, end in zip(faq.entries, starts, ends, strict=True):
        chunk = html[start:end]
        head_end = chunk.find("</h2>") + len("</h2>")
        answers.append(chunk[head_end:].strip())
        anchor = htmllib.escape(entry.anchor)
        heading = chunk[:head_end].replace(f'<h2 id="{entry.anchor}"', "<h2", 1)
        # The id moves to the section so that :target highlights the whole answer.
        out.append(
            f'<section class="kbgen-faq-item" id="{anchor}">'
            f'{heading}<div class="kbgen-faq-item__answer">{chunk[head_end:]}</div>'
            + (FEEDBACK_SLOT.format(anchor=anchor) if faq.feedback else "")
            + "</section>\n"
        )
    return "".join(out), answers


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

