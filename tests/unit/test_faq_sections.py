"""An FAQ page's questions become closed <details> around their answers; the FAQPage JSON-LD
reads the same answers as before (issue 14)."""

from __future__ import annotations

import json

from kbgen.content.model import Faq, FaqEntry, Location
from kbgen.site.faq import faq_jsonld, wrap_faq_sections


def heading(anchor: str, text: str) -> str:
    """A question's heading as MkDocs renders it, with its permalink."""
    return f'<h2 id="{anchor}">{text}<a class="headerlink" href="#{anchor}" title="Permanent link">&para;</a></h2>\n'


HTML = (
    "<h1>Orders</h1>\n"
    + heading("can-i-cancel", "Can I cancel?") + "<p>Yes, within <strong>1 hour</strong>.</p>\n"
    + heading("do-you-ship", "Do you ship?") + "<p>Everywhere.</p>\n"
)


def faq(lang: str = "en", feedback: bool = True) -> Faq:
    entries = [
        FaqEntry("Can I cancel?", "Yes, within **1 hour**.", "can-i-cancel", Location("o.faq.yml", 3), 4),
        FaqEntry("Do you ship?", "Everywhere.", "do-you-ship", Location("o.faq.yml", 5), 6),
    ]
    return Faq("o.faq.yml", Location("o.faq.yml"), "Orders", entries, lang=lang, feedback=feedback)


def test_each_question_is_a_closed_details_with_its_anchor():
    html, _ = wrap_faq_sections(HTML, faq())
    assert (
        '<details class="kbgen-faq-item" id="can-i-cancel"><summary class="kbgen-faq-item__summary">'
        '<h2 class="kbgen-faq-item__question">Can I cancel?</h2></summary>'
        '<div class="kbgen-faq-item__answer">\n<p>Yes, within <strong>1 hour</strong>.</p>\n'
        '<div class="kbgen-feedback-slot" data-kbgen-feedback data-compact data-anchor="can-i-cancel"></div>'
        "</div></details>"
    ) in html
    assert "headerlink" not in html and " open" not in html


def test_expand_all_comes_before_the_first_question_in_the_page_language():
    html, _ = wrap_faq_sections(HTML, faq("da"))
    button = html.index('data-kbgen-expand hidden data-expand="Fold alle ud" data-collapse="Fold alle sammen"')
    assert html.index("<h1>") < button < html.index("<details")


def test_faq_without_feedback_has_no_slots():
    html, _ = wrap_faq_sections(HTML, faq(feedback=False))
    assert "data-kbgen-feedback" not in html


def test_jsonld_answers_are_the_answers_text():
    _, answers = wrap_faq_sections(HTML, faq())
    data = json.loads(faq_jsonld(faq(), answers))
    assert [(q["name"], q["acceptedAnswer"]["text"]) for q in data["mainEntity"]] == [
        ("Can I cancel?", "Yes, within 1 hour ."), ("Do you ship?", "Everywhere."),  # as before the accordion
    ]
