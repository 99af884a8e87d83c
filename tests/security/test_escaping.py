"""Titles, descriptions and FAQ questions are plain text: on every page they show as typed and run nothing."""

from __future__ import annotations

import html
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kbgen.analytics.export import Gap, draft_markdown
from kbgen.build import build_site
from kbgen.cli import main
from kbgen.content.validation import load_help_center
from kbgen.scaffold import create_help_center
from kbgen.site.escaping import markdown_text, script_json
from tests.conftest import write_files

ENTER = "Press <Enter> to pay"
DESCRIPTION = 'Say "hi" & <wave> \'back\''
HOSTILE_FILES = {
    "articles/orders/_category.yml": """
        title: "Orders <img src=x onerror=window.__pwn=1>"
        description: 'Parcels "and" <b onmouseover=window.__pwn=2>returns</b>'
        order: 2
    """,
    "articles/orders/returns.md": f"""
        ---
        title: "{ENTER}"
        description: '{DESCRIPTION.replace("'", "''")}'
        ---

        Send it back within 30 days.
    """,
    "articles/orders/hostile.md": """
        ---
        title: "<img src=x onerror=window.__pwn=3>"
        description: '"><script>window.__pwn=7</script>'
        subtitle: "<img src=x onerror=window.__pwn=9>"
        status: 'new" onmouseover="window.__pwn=10'
        featured: true
        ---

        See [the size question](orders.faq.yml#which-size-fits-me).
    """,
    "articles/orders/untitled.md": "Its title is the one mkdocs.yml's nav gives it.\n",
    "articles/orders/orders.faq.yml": """
        title: "FAQ <img src=x onerror=window.__pwn=4>"
        description: "Answers <i onmouseover=window.__pwn=8>now</i>"
        questions:
          - question: "Which {size} fits me?"
            answer: |
              Most shoppers pick their usual size.
          - question: "Is <img src=x onerror=window.__pwn=5> {: #evil } a question?"
            answer: |
              Write `<!--` or `</script>` and it stays text.
    """,
}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile") / "help"
    create_help_center(str(root), store_name="Test Store")
    write_files(root, HOSTILE_FILES)
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as settings:  # an untitled page's title
        settings.write('\nnav:\n  - "<img src=x onerror=window.__pwn=11>": orders/untitled.md\n'
                       "  - orders/returns.md\n  - \"<b onmouseover=window.__pwn=12>More</b>\":\n"
                       "    - orders/hostile.md\n")
    cwd = os.getcwd()
    os.chdir(root)
    try:
        build_site("mkdocs.yml", None, echo=lambda line: None)
    finally:
        os.chdir(cwd)
    return root / "site"


class TagCollector(HTMLParser):
    """Every start tag with its attributes, and the JSON-LD scripts' text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.jsonld: list[str] = []
        self._in_jsonld = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_jsonld = tag == "script" and dict(attrs).get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_jsonld:
            self.jsonld.append(data)

    def handle_endtag(self, tag):
        self._in_jsonld = False


def parse(path: Path) -> TagCollector:
    collector = TagCollector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def test_no_page_gets_an_element_or_handler_from_a_title(hostile_site):
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) >= 8
    for page in pages:
        tags = parse(page).tags
        handlers = [(tag, name) for tag, attrs in tags for name in attrs if name.startswith("on")]
        assert handlers == [], page
        assert [a for tag, a in tags if tag == "img" and a.get("src") == "x"] == [], page
        code = re.findall(r"<script(?![^>]*application/(?:ld\+)?json)[^>]*>(.*?)</script>", page.read_text(), re.S)
        assert "window.__pwn" not in "".join(code), page


def test_angle_brackets_in_a_title_show_literally_in_title_h1_and_nav(hostile_site):
    text = (hostile_site / "orders/returns/index.html").read_text()
    escaped = "Press &lt;Enter&gt; to pay"
    assert f"<title>{escaped} - Test Store Help Center</title>" in text
    assert f"<h1>{escaped}</h1>" in text
    assert re.search(rf'<span class="md-ellipsis">\s*{escaped}\s*</span>', text)
    category = (hostile_site / "orders/index.html").read_text()
    assert "<title>Orders &lt;img src=x onerror=window.__pwn=1&gt; - Test Store Help Center</title>" in category
    assert re.search(rf'class="kbgen-list__title">{escaped}</span>', category)


def test_a_title_from_mkdocs_nav_shows_literally_in_every_sidebar(hostile_site):
    escaped = "&lt;img src=x onerror=window.__pwn=11&gt;"
    for page in ("orders/untitled/index.html", "orders/returns/index.html"):
        assert re.search(rf'<span class="md-ellipsis">\s*{escaped}\s*</span>', (hostile_site / page).read_text()), page


def test_a_section_title_from_mkdocs_nav_shows_literally(hostile_site):
    text = (hostile_site / "orders/returns/index.html").read_text()
    assert "&lt;b onmouseover=window.__pwn=12&gt;More&lt;/b&gt;" in text
    assert "<b onmouseover" not in text


def test_description_with_quotes_stays_inside_its_meta_attribute(hostile_site):
    for page, expected in [
        ("orders/returns/index.html", DESCRIPTION),
        ("orders/hostile/index.html", '"><script>window.__pwn=7</script>'),
        ("orders/index.html", 'Parcels "and" <b onmouseover=window.__pwn=2>returns</b>'),
    ]:
        metas = [a for tag, a in parse(hostile_site / page).tags if tag == "meta" and a.get("name") == "description"]
        assert [m["content"] for m in metas] == [expected], page


def test_category_and_faq_descriptions_render_as_text(hostile_site):
    category = (hostile_site / "orders/index.html").read_text()
    assert html.unescape(re.search(r'<header class="kbgen-category-head">.*?<p>(.*?)</p>', category, re.S)[1]) == (
        'Parcels "and" <b onmouseover=window.__pwn=2>returns</b>'
    )
    faq = (hostile_site / "orders/orders/index.html").read_text()
    assert "<p>Answers &#60;i onmouseover&#61;window&#46;&#95;&#95;pwn&#61;8&#62;now&#60;&#47;i&#62;</p>" in faq


def test_question_with_braces_keeps_its_sections_anchor_and_feedback(hostile_site):
    faq = (hostile_site / "orders/orders/index.html").read_text()
    sections = re.findall(r'<details class="kbgen-faq-item" id="([^"]+)"><summary[^>]*><h2[^>]*>(.*?)</h2>', faq)
    assert [(anchor, html.unescape(title)) for anchor, title in sections] == [
        ("which-size-fits-me", "Which {size} fits me?"),
        (
            "is-img-srcx-onerrorwindow__pwn5-evil-a-question",
            "Is <img src=x onerror=window.__pwn=5> {: #evil } a question?",
        ),
    ]
    assert faq.count('data-kbgen-feedback data-compact data-anchor="which-size-fits-me"') == 1
    found = CliRunner().invoke(main, ["search", "which size fits", "--json", "--site-dir", str(hostile_site)])
    assert json.loads(found.output)["results"][0]["url"] == "/orders/orders/#which-size-fits-me"


def test_link_to_a_braced_question_passes_the_checker(make_site):
    make_site(HOSTILE_FILES)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 0, result.output
    assert "anchor" not in result.output


def test_faq_jsonld_is_valid_json_that_cannot_end_its_script(hostile_site):
    [raw] = parse(hostile_site / "orders/orders/index.html").jsonld
    assert not set("<>&") & set(raw)
    data = json.loads(raw)
    assert data["name"] == "FAQ <img src=x onerror=window.__pwn=4>"
    assert data["mainEntity"][1]["acceptedAnswer"]["text"] == "Write <!-- or </script> and it stays text."


def test_script_json_escapes_what_html_or_javascript_would_read():
    value = {"a": "</script><!--<script>&\u2028\u2029"}
    text = script_json(value)
    assert text == '{"a": "\\u003c/script\\u003e\\u003c!--\\u003cscript\\u003e\\u0026\\u2028\\u2029"}'
    assert json.loads(text) == value


@pytest.mark.parametrize("text", ["Which {size} fits?", "??? note", "1. first", "# not a heading", "a | b", "`x` *y*"])
def test_markdown_text_renders_as_the_text(text):
    import markdown

    rendered = markdown.markdown(markdown_text(text), extensions=["attr_list", "tables", "pymdownx.details"])
    assert html.unescape(rendered) == f"<p>{text}</p>"


def test_faq_id_that_is_not_a_word_is_an_error_naming_its_line(make_site):
    make_site({
        "articles/orders/untitled.md": "Its title is the one mkdocs.yml's nav gives it.\n",
    "articles/orders/orders.faq.yml": """
            title: Questions
            questions:
              - question: Where is my parcel?
                id: 'x onfocus="window.__pwn=1" tabindex=1 autofocus'
                answer: On its way.
        """,
    })
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "articles/orders/orders.faq.yml:4: error: invalid FAQ id 'x onfocus=\"window.__pwn=1\" tabindex=1 autofocus' "
        "(use up to 100 letters, digits, '-' and '_', starting with a letter or digit, e.g. 'change-order')"
    )


def test_draft_made_from_a_shopper_query_keeps_the_query_as_its_title(tmp_path):
    query = "<img src=x onerror=alert(1)> \"refund\": - [x] #1 ---"
    gap = Gap(query=query, normalized=query, count=3, days=2, languages=["en"], first_seen="2026-01-01",
              last_seen="2026-01-02", examples=[query], variants=[(query, 3)])
    text = draft_markdown(gap)
    front = yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n"))
    assert front["title"] == query[:1].upper() + query[1:]
    assert "<img" not in text.split("\n---\n", 1)[1]
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "draft.md").write_text(text, encoding="utf-8")
    center = load_help_center(str(tmp_path / "docs"))
    assert [d for d in center.diagnostics if d.is_error] == []
    assert [a.title for a in center.articles] == [front["title"]]
