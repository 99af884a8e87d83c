"""One test per kind of content mistake, each asserting the exact ``path:line`` message."""

from __future__ import annotations

import pytest

from kbgen.content.validation import LinkPolicy, load_help_center
from kbgen.locales import shipped_catalogs
from kbgen.locales.codes import HOW_TO_ADD


def check(folder) -> list[str]:
    center = load_help_center(str(folder), shown_prefix="articles/")
    return [d.format() for d in center.diagnostics]


OK_ARTICLE = """
---
title: Track your order
---

## Find your tracking number

Text.
"""


def test_clean_content_has_no_diagnostics(docs):
    folder = docs({"orders/track.md": OK_ARTICLE, "orders/_category.yml": "title: Orders\n"})
    assert check(folder) == []


def parser_message(message: str, prefix: str, column: int) -> str:
    """The parser's own words between kbgen's prefix and the column: PyYAML's, so not pinned here."""
    assert message.startswith(prefix), message
    assert message.endswith(f" (column {column})"), message
    return message[len(prefix):-len(f" (column {column})")]


def test_invalid_front_matter_yaml_gives_parser_line_and_column(docs):
    folder = docs({"a.md": "---\ntitle: Returns\nkeywords: [refund\n---\nBody\n"})
    [message] = check(folder)
    assert parser_message(message, "articles/a.md:3: error: invalid YAML: ", 18)


def test_invalid_yaml_mapping_value(docs):
    folder = docs({"a.md": "---\ntitle: Returns: the basics\n---\nBody\n"})
    [message] = check(folder)
    assert parser_message(message, "articles/a.md:2: error: invalid YAML: ", 15)


def test_invalid_faq_yaml_names_the_line(docs):
    folder = docs({"faq.faq.yml": "title: FAQ\nquestions:\n  - question: A?\n    answer: : bad\n"})
    [message] = check(folder)
    assert message.startswith("articles/faq.faq.yml:4: error: invalid YAML: ")


def test_empty_title_is_an_error(docs):
    folder = docs({"a.md": "---\ntitle: ''\ndescription: x\n---\nBody\n"})
    assert check(folder) == ["articles/a.md:2: error: 'title' is empty (add 'title: ...' to the front matter)"]


def test_title_comes_from_the_first_heading_as_in_plain_markdown(docs):
    folder = docs({
        "a.md": "Intro line.\n\n# Returns and `refunds`\n\n## Steps\n",
        "b.md": "---\nlayout: x\n---\n# B\n",
    })
    center = load_help_center(str(folder), shown_prefix="articles/")
    assert {a.src: a.title for a in center.articles} == {"a.md": "Returns and refunds", "b.md": "B"}
    assert [d.format() for d in center.diagnostics] == [
        "articles/b.md:2: warning: unknown key 'layout' is kept for templates but not used by kbgen"
    ]


def test_article_without_title_or_heading_is_titled_by_its_file_name(docs):
    folder = docs({"returns_policy.md": "Just text\n", "gift-cards/README.md": "Text\n"})
    center = load_help_center(str(folder), shown_prefix="articles/")
    assert {a.src: a.title for a in center.articles} == {
        "returns_policy.md": "Returns policy", "gift-cards/README.md": "Gift cards",
    }
    assert check(folder) == [
        "articles/gift-cards/README.md:1: warning: no title: using 'Gift cards', made from the file name "
        "(add 'title: ...' to the front matter, or start the text with '# Title')",
        "articles/returns_policy.md:1: warning: no title: using 'Returns policy', made from the file name "
        "(add 'title: ...' to the front matter, or start the text with '# Title')",
    ]


def test_unclosed_front_matter(docs):
    folder = docs({"a.md": "---\ntitle: A\nBody\n"})
    assert check(folder) == [
        "articles/a.md:1: error: front matter is not closed (end it with a line holding only '---')"
    ]


def test_misspelt_key_suggests_title(docs):
    folder = docs({"returns.md": "---\ntitle: Returns\ntittle: Returns\n---\nBody\n"})
    assert check(folder) == ["articles/returns.md:3: error: unknown key 'tittle' (did you mean 'title'?)"]


def test_other_unknown_key_is_a_warning(docs):
    folder = docs({"a.md": "---\ntitle: A\nauthor: Sam\n---\nBody\n"})
    assert check(folder) == [
        "articles/a.md:3: warning: unknown key 'author' is kept for templates but not used by kbgen"
    ]


def test_misspelt_faq_key_suggests_answer(docs):
    folder = docs({"f.faq.yml": "title: F\nquestions:\n  - question: Why?\n    anwser: Because.\n"})
    assert check(folder) == [
        "articles/f.faq.yml:3: error: empty answer for 'Why?' (write the answer under 'answer: |')",
        "articles/f.faq.yml:4: error: unknown key 'anwser' (did you mean 'answer'?)",
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("order: first", "'order' must be a whole number, not 'first'"),
        ("draft: maybe", "'draft' must be true or false, not 'maybe'"),
        ("updated: last week", "'updated' must be a date like 2026-01-31, not 'last week'"),
        ("tags: {a: 1}", "'tags' must be a list of text, not a mapping"),
        ("lang: English", "'lang': 'English' is not a language code (did you mean 'en'?) (kbgen knows: "
                          f"{', '.join(sorted(shipped_catalogs()))}; {HOW_TO_ADD})"),
    ],
    ids=["order", "draft", "updated", "tags", "lang"],
)
def test_wrong_types(docs, line, expected):
    folder = docs({"a.md": f"---\ntitle: A\n{line}\n---\nBody\n"})
    assert check(folder) == [f"articles/a.md:3: error: {expected}"]


def test_a_page_without_a_title_takes_its_title_in_the_mkdocs_nav(docs):
    folder = docs({"dns/blockingmode.md": "Blocked queries are answered with 0.0.0.0.\n", "dns/other.md": "Text.\n"})
    nav = [{"DNS": [{"Blocking mode": "dns/blockingmode.md"}, "dns/other.md"]}]
    center = load_help_center(str(folder), shown_prefix="articles/", nav=nav)
    assert {a.src: a.title for a in center.articles} == {
        "dns/blockingmode.md": "Blocking mode", "dns/other.md": "Other"}
    assert [d.format() for d in center.diagnostics] == [  # listed without a title: named from its file
        "articles/dns/other.md:1: warning: no title: using 'Other', made from the file name "
        "(add 'title: ...' to the front matter, or start the text with '# Title')"
    ]


def test_a_nav_section_that_lists_all_of_a_folders_pages_names_the_folder(docs):
    folder = docs({"dns/a.md": "# A\n", "dns/b.md": "# B\n", "main/x.md": "# X\n", "main/y.md": "# Y\n"})
    nav = [{"DNS setup": ["dns/a.md", {"More": ["dns/b.md"]}]}, {"About": ["main/x.md"]}, {"Start": ["main/y.md"]}]
    center = load_help_center(str(folder), shown_prefix="articles/", nav=nav)
    # "More" lists only part of dns/; main/ is shared by two sections: its folder name stays
    assert {c.id: c.title for c in center.categories.values()} == {"dns": "DNS setup", "main": "Main"}


def test_gitbook_tag_mappings_are_tags(docs):
    folder = docs({"a.md": "---\ntitle: A\ntags:\n  - news\n  - tag: beta\n    primary: true\n---\nBody\n"})
    center = load_help_center(str(folder), shown_prefix="articles/")
    assert [d.format() for d in center.diagnostics] == []
    assert center.articles[0].tags == ["news", "beta"]


def test_a_wrong_list_item_is_named_with_its_line(docs):
    folder = docs({"a.md": "---\ntitle: A\ntags:\n  - news\n  - primary: true\nkeywords:\n  - [a, b]\n---\nB\n"})
    assert check(folder) == [
        "articles/a.md:5: error: 'tags[1]' must be text, not a mapping without 'tag' "
        "(write each tag as text, or as GitBook does: '- tag: beta')",
        "articles/a.md:7: error: 'keywords[0]' must be text, not a list (write it as text)",
    ]


def test_empty_faq_answer(docs):
    folder = docs({"f.faq.yml": 'title: F\nquestions:\n  - question: Why?\n    answer: ""\n'})
    assert check(folder) == [
        "articles/f.faq.yml:4: error: empty answer for 'Why?' (write the answer under 'answer: |')"
    ]


def test_duplicate_slug_between_article_and_faq(docs):
    folder = docs({
        "shipping.md": "---\ntitle: Shipping\n---\nBody\n",
        "shipping.faq.yml": "title: Shipping FAQ\nquestions:\n  - question: Q?\n    answer: A.\n",
    })
    assert check(folder) == [
        "articles/shipping.md:1: error: duplicate slug: this page and articles/shipping.faq.yml both publish "
        "to '/shipping/' (rename one of them)"
    ]


def test_page_beside_its_folder_is_the_folders_landing_page(docs):
    folder = docs({
        "returns.md": "---\ntitle: Returns\n---\n\nSee [the policy](returns/policy.md).\n",
        "returns/policy.md": "---\ntitle: Policy\n---\n\nBack to [returns](../returns.md).\n",
    })
    center = load_help_center(str(folder), shown_prefix="articles/")
    assert center.diagnostics == []
    pages = {a.src: a for a in center.articles}
    landing = pages["returns.md"]
    assert (landing.landing_of, landing.page_src, landing.category) == ("returns", "returns/index.md", "returns")
    assert "[the policy](policy.md)" in landing.body  # rendered from inside returns/ now
    assert "[returns](index.md)" in pages["returns/policy.md"].body
    assert center.items_in("returns") == [pages["returns/policy.md"]]


def test_readme_is_its_folders_landing_page_unless_there_is_an_index(docs):
    folder = docs({"gifts/README.md": "# Gifts\n", "gifts/wrap.md": OK_ARTICLE,
                   "orders/index.md": "# Orders\n", "orders/README.md": "# Old\n"})
    center = load_help_center(str(folder), shown_prefix="articles/")
    landing = {a.src: a.landing_of for a in center.articles}
    assert landing == {"gifts/README.md": "gifts", "gifts/wrap.md": None, "orders/README.md": None,
                       "orders/index.md": "orders"}


def test_duplicate_slug_between_two_pages(docs):
    folder = docs({"returns.md": OK_ARTICLE, "returns/index.md": OK_ARTICLE})
    assert check(folder) == [
        "articles/returns/index.md:1: error: duplicate slug: this page and articles/returns.md "
        "both publish to '/returns/' (rename one of them)"
    ]


def test_duplicate_question_across_files(docs):
    folder = docs({
        "a.faq.yml": "title: A\nquestions:\n  - question: Do you ship to PO boxes?\n    answer: Yes.\n",
        "b.faq.yml": "title: B\nquestions:\n  - question: Do you ship to PO Boxes\n    answer: Yes.\n",
    })
    assert check(folder) == [
        "articles/b.faq.yml:3: error: duplicate question 'Do you ship to PO Boxes' "
        "(first asked at articles/a.faq.yml:3)"
    ]


def test_link_to_missing_page_suggests_the_closest(docs):
    folder = docs({
        "orders/track.md": OK_ARTICLE,
        "orders/late.md": "---\ntitle: Late\n---\n\nSee [tracking](trak.md).\n",
    })
    assert check(folder) == [
        "articles/orders/late.md:5: warning: link 'trak.md' points to a page that does not exist "
        "(did you mean 'track.md'?)"
    ]


def test_link_to_missing_anchor(docs):
    folder = docs({
        "orders/track.md": OK_ARTICLE,
        "orders/late.md": "---\ntitle: Late\n---\n\nSee [it](track.md#find-your-tracking-nmber).\n",
    })
    assert check(folder) == [
        "articles/orders/late.md:5: warning: link 'track.md#find-your-tracking-nmber' points to a missing anchor "
        "'#find-your-tracking-nmber' (did you mean '#find-your-tracking-number'?)"
    ]


def test_link_to_faq_question_anchor(docs):
    folder = docs({
        "f.faq.yml": "title: F\nquestions:\n  - question: Can I pay later?\n    answer: No.\n",
        "a.md": "---\ntitle: A\n---\n[ok](f.faq.yml#can-i-pay-later) [bad](f.faq.yml#pay-later)\n",
    })
    assert check(folder) == [
        "articles/a.md:4: warning: link 'f.faq.yml#pay-later' points to a missing anchor '#pay-later' "
        "(did you mean '#can-i-pay-later'?)"
    ]


def test_related_entry_points_nowhere(docs):
    folder = docs({"a.md": "---\ntitle: A\nrelated:\n  - b.md\n  - missing.md\n---\nBody\n", "b.md": OK_ARTICLE})
    assert check(folder) == [
        "articles/a.md:5: warning: related entry 'missing.md' points to a page that does not exist"
    ]


def test_link_in_faq_answer_names_its_line(docs):
    folder = docs({
        "f.faq.yml": "title: F\nquestions:\n  - question: Q?\n    answer: |\n      One.\n      See [x](nowhere.md).\n"
    })
    assert check(folder) == ["articles/f.faq.yml:6: warning: link 'nowhere.md' points to a page that does not exist"]


def test_unknown_category_suggests_folder(docs):
    folder = docs({
        "shipping/a.md": OK_ARTICLE,
        "b.md": "---\ntitle: B\ncategory: shiping\n---\nBody\n",
    })
    assert check(folder) == ["articles/b.md:3: error: unknown category 'shiping' (did you mean 'shipping'?)"]


def test_file_that_is_not_utf8(docs):
    folder = docs({"a.md": "---\ntitle: Caf\u00e9\n---\n\nna\u00efve\n".encode("latin-1")})
    assert check(folder) == [
        "articles/a.md:2: error: file is not UTF-8 (byte 0xe9 at offset 14) (save it as UTF-8 in your editor)"
    ]


def test_every_mistake_reported_at_once(docs):
    folder = docs({
        "a.md": "---\ntittle: A\n---\nBody\n",
        "b.md": "---\ntitle: B\norder: x\n---\n[x](nope.md)\n",
    })
    messages = check(folder)
    assert len([m for m in messages if ": error: " in m]) == 2  # the misspelt key, the order
    assert len([m for m in messages if ": warning: " in m]) == 2  # the title from the file name, the link


def test_synonyms_file_shape(docs):
    folder = docs({"_synonyms.yml": "en:\n  refund: [money back]\n  parcel: 3\n"})
    assert check(folder) == ["articles/_synonyms.yml:3: error: synonyms of 'parcel' must be a list of words"]


def test_synonyms_for_a_language_the_site_does_not_have_are_a_warning(docs):
    folder = docs({"_synonyms.yml": "en:\n  refund: [money back]\nfr:\n  remboursement: [rembourser]\n"})
    assert check(folder) == [
        "articles/_synonyms.yml:3: warning: synonyms for 'fr', which 'languages' in mkdocs.yml does not list: "
        "no search uses them (add 'fr' to languages, or remove the block)"]


def test_a_regional_variant_uses_its_base_languages_synonyms(docs):
    folder = docs({"_synonyms.yml": "pt:\n  encomenda: [pedido]\nen:\n  parcel: [package]\n"
                                    "en-gb:\n  parcel: [packet]\n"})
    center = load_help_center(str(folder), shown_prefix="articles/", languages=["pt-br", "en-gb", "en"])
    assert [d.format() for d in center.diagnostics] == []  # pt-br reads pt's block: no warning
    assert center.synonyms.for_language("pt-br") == [["encomenda", "pedido"]]
    assert center.synonyms.for_language("en-gb") == [["parcel", "packet"]]  # its own block first
    assert center.synonyms.for_language("da") == []


# -- Markdown brought over from other tools still builds, with warnings ------------------

def test_gitbook_hint_becomes_an_admonition(docs):
    folder = docs({"a.md": '---\ntitle: A\n---\n{% hint style="info" %}\nKeep the receipt.\n{% endhint %}\n'})
    center = load_help_center(str(folder), shown_prefix="articles/")
    assert center.diagnostics == []
    assert center.articles[0].body.splitlines()[:3] == ["!!! info", "    Keep the receipt.", ""]


def test_wiki_link_resolves_by_title_or_warns(docs):
    folder = docs({
        "orders/track.md": OK_ARTICLE,
        "a.md": "---\ntitle: A\n---\nSee [[Track your order]] and [[Gift wrap]].\n",
    })
    center = load_help_center(str(folder), shown_prefix="articles/")
    assert [d.format() for d in center.diagnostics] == [
        "articles/a.md:4: warning: wiki link '[[Gift wrap]]' matches no article "
        "(link with [text](path.md) instead)"
    ]
    article = next(a for a in center.articles if a.src == "a.md")
    assert "[Track your order](orders/track.md)" in article.body


def test_missing_image_is_a_warning_not_an_error(docs):
    folder = docs({"a.md": "---\ntitle: A\n---\n\n![Label](img/label.png)\n"})
    assert check(folder) == [
        "articles/a.md:5: warning: image 'img/label.png': missing image (add img/label.png to the docs folder)"
    ]


def test_links_in_code_blocks_are_ignored(docs):
    folder = docs({"a.md": "---\ntitle: A\n---\n\n```\n[x](nope.md)\n```\n\n`[y](nope.md)`\n"})
    assert check(folder) == []


HEADINGS = """
---
title: Views
---

## Filters

## Use `nullptr` instead of `NULL`

## SUMMER_SALE

## Heading Text

### 1. Create an app in Azure AD
"""


@pytest.mark.parametrize(
    ("written", "published"),
    [
        ("#Filters", "#filters"),
        ("#Heading%20Text", "#heading-text"),
        ("#heading-text", "#heading-text"),
        ("#SUMMER_SALE", "#summer_sale"),
        ("#use-nullptr-instead-of-null", "#use-nullptr-instead-of-null"),
        ("#id-1.-create-an-app-in-azure-a-d", "#1-create-an-app-in-azure-ad"),
    ],
    ids=["obsidian-case", "github-encoded", "slug", "underscore", "inline-code", "gitbook-id"],
)
def test_heading_links_as_other_tools_write_them_resolve_to_the_published_id(docs, written, published):
    folder = docs({"views.md": HEADINGS, "a.md": f"---\ntitle: A\n---\n\nSee [it](views.md{written}).\n"})
    center = load_help_center(str(folder), shown_prefix="articles/")
    assert [d.format() for d in center.diagnostics] == []
    [article] = [a for a in center.articles if a.src == "a.md"]
    assert f"[it](views.md{published})" in article.body


def test_missing_anchor_suggests_an_id_the_page_really_has(docs):
    folder = docs({"views.md": HEADINGS, "a.md": "---\ntitle: A\n---\n\n[x](views.md#use-instead-of)\n"})
    assert check(folder) == [
        "articles/a.md:5: warning: link 'views.md#use-instead-of' points to a missing anchor '#use-instead-of' "
        "(did you mean '#use-nullptr-instead-of-null'?)"
    ]


def test_site_absolute_links_to_articles_are_relative_links_to_them(docs):
    folder = docs({
        "dev/iframe.md": "---\ntitle: IFrame\nid: dev-iframe\n---\n\n## Set up\n",
        "dns/blocking.md": "# Blocking\n", "orders.md": "# Orders\n",
        "a.md": "---\ntitle: A\n---\n\n[x](/handbook/docs/dev/dev-iframe#set-up) [y](/dns/blocking/) "
                "[z](/account/orders) [w](/cart)\n",
    })
    center = load_help_center(str(folder), shown_prefix="articles/")
    assert [d.format() for d in center.diagnostics] == []
    [article] = [a for a in center.articles if a.src == "a.md"]
    # the address's route (a path, or a Docusaurus folder and id) after any base path; a one-part
    # route after a base path is the store's own page, left as written
    assert "[x](dev/iframe.md#set-up) [y](dns/blocking.md) [z](/account/orders) [w](/cart)" in article.body


def test_an_html_id_in_a_heading_is_an_anchor_but_not_in_code(docs):
    folder = docs({
        "ui.md": '# UI\n\n## Section header <a href="#space-header" id="space-header"></a>\n\n'
                 '`<a id="in-code">`\n',
        "a.md": "---\ntitle: A\n---\n\n[x](ui.md#space-header) [y](ui.md#in-code)\n",
    })
    assert check(folder) == [
        "articles/a.md:5: warning: link 'ui.md#in-code' points to a missing anchor '#in-code' "
        "(check the heading's spelling)"
    ]


def test_a_gitbook_id_of_other_words_is_still_a_missing_anchor(docs):
    folder = docs({"views.md": HEADINGS, "a.md": "---\ntitle: A\n---\n\n[x](views.md#id-1.-create-an-app)\n"})
    assert check(folder) == [
        "articles/a.md:5: warning: link 'views.md#id-1.-create-an-app' points to a missing anchor "
        "'#id-1.-create-an-app' (did you mean '#1-create-an-app-in-azure-ad'?)"
    ]


def test_mkdocs_validation_levels_are_honoured(docs):
    from kbgen.content.validation import LinkPolicy

    folder = docs({"views.md": HEADINGS, "a.md": "---\ntitle: A\n---\n\n[x](views.md#nowhere) [y](gone.md)\n"})
    quiet = LinkPolicy.from_mkdocs({"validation": {"links": {"anchors": "ignore", "not_found": "info"}}})
    center = load_help_center(str(folder), shown_prefix="articles/", link_policy=quiet)
    assert center.diagnostics == []


def test_updated_that_is_no_date_is_an_error_with_its_line(docs):
    folder = docs({"a.md": "---\ntitle: A\nupdated: 2026-13-45\norder: 1e999\n---\nBody\n"})
    assert check(folder) == [
        "articles/a.md:3: error: 'updated' must be a date like 2026-01-31, not '2026-13-45'",
        "articles/a.md:4: error: 'order' must be a whole number, not '1e999'",
    ]


def test_links_resolve_the_way_obsidian_and_docusaurus_resolve_them(docs):
    folder = docs({
        "images/pic.png": b"\x89PNG",
        "img_1.png": b"\x89PNG",
        "guide/a.md": (
            "---\ntitle: A\n---\n\n![s](pic.png) ![t](../../images/pic.png) [x](b) [y](guide-docu-b)"
            " ![u](../img\\_1.png)\n"
        ),
        "guide/b.md": "---\ntitle: B\nid: guide-docu-b\n---\nText.\n",
    })
    center = load_help_center(str(folder), shown_prefix="articles/")
    assert [d.format() for d in center.diagnostics] == []
    body = next(a for a in center.articles if a.src == "guide/a.md").body
    assert "![s](../images/pic.png) ![t](../images/pic.png) [x](b.md) [y](b.md) ![u](../img\\_1.png)" in body


def test_a_link_to_a_folder_reaches_its_landing_page_and_its_headings(docs):
    folder = docs({
        "db/README.md": "# Database\n\n## Database Definitions\n",
        "db/calendar.md": "---\ntitle: Calendar\n---\n\nSee [here](./#database-definitions) and [db](../db/).\n",
    })
    center = load_help_center(str(folder), shown_prefix="articles/")
    assert [d.format() for d in center.diagnostics] == []
    body = next(a for a in center.articles if a.src == "db/calendar.md").body
    assert "[here](index.md#database-definitions) and [db](index.md)" in body


def test_footnotes_are_not_links_and_publish_false_is_a_draft(docs):
    folder = docs({
        "a.md": "---\ntitle: A\n---\n\nChrome works best.[^1]\n\n[^1]: This also applies to Edge.\n",
        "b.md": "---\ntitle: B\npublish: false\n---\nStaff only.\n",
    })
    center = load_help_center(str(folder), shown_prefix="articles/")
    assert center.diagnostics == []
    assert {a.src: a.draft for a in center.articles} == {"a.md": False, "b.md": True}


def test_pages_whose_addresses_differ_only_in_case_are_a_warning(docs):
    folder = docs({"db/Role.md": "# Role\n", "db/role.md": "# Role\n"})
    assert check(folder) == [
        "articles/db/role.md:1: warning: this page and articles/db/Role.md publish to addresses that differ only "
        "in case ('/db/Role/' and '/db/role/') (hosts that ignore case, and checkouts on macOS or Windows, keep "
        "only one: rename one of them)"
    ]


def test_gitbook_images_in_dot_gitbook_are_found_from_any_depth(docs):
    folder = docs({
        ".gitbook/assets/launch_app.png": b"\x89PNG",
        "guide/setup/linux.md": "# Linux\n\n![run](../../../../.gitbook/assets/launch\\_app.png)\n",
        "Sample HTML - Full mode.md": "Text\n",
    })
    center = load_help_center(str(folder), shown_prefix="articles/")
    assert center.diagnostics == []  # a file name written as a title (Obsidian) is the title, no guess
    titles = {a.src: a.title for a in center.articles}
    assert titles["Sample HTML - Full mode.md"] == "Sample HTML - Full mode"
    body = next(a for a in center.articles if a.src == "guide/setup/linux.md").body
    assert "![run](../../.gitbook/assets/launch_app.png)" in body


def test_markdown_in_dot_gitbook_is_no_article_and_a_link_to_it_reaches_the_file(docs):
    folder = docs({
        ".gitbook/assets/skill.md": "---\nname: skill\n---\n# Skill\n\nSee [setup](../../guide/setup.md).\n",
        ".gitbook/includes/note.md": "---\ntitle: Note\n---\n\nText.\n",
        "guide/setup.md": "# Setup\n\nGet [the skill](../.gitbook/assets/skill.md), or "
                          "[this](../.gitbook/assets/gone.md).\n",
    })
    center = load_help_center(str(folder), shown_prefix="articles/")
    assert [a.src for a in center.articles] == ["guide/setup.md"]  # no 'unknown key', no page
    assert [d.format() for d in center.diagnostics] == [
        "articles/guide/setup.md:3: warning: link '../.gitbook/assets/gone.md' points to a page that does not exist"]


def test_heading_under_heading_and_block_links_reach_the_heading_they_mean(docs):
    folder = docs({
        "views.md": "# Views\n\nAll views. ^top\n\n## Filters\n\n### By date\n\n## Sorting\n\n### By date\n\n"
                    "Newest first. ^tip-1\n",
        "a.md": (
            "---\ntitle: A\n---\n\n[[views#Sorting#By date|newest]] [[views#Filters#By date]]"
            " [md](views.md#Sorting#By%20date) [[views#Nowhere#By date|first]]\n\n"
            "[[views#^tip-1|block]] [[views#^top|top]] [md](views.md#^tip-1) [[views#^gone|gone]]\n"
        ),
    })
    center = load_help_center(str(folder), shown_prefix="articles/")
    assert [d.format() for d in center.diagnostics] == [
        "articles/a.md:7: warning: link 'views.md#^gone' points to a missing block '^gone' "
        "(end the block with ' ^gone' in that note)"]
    body = next(a for a in center.articles if a.src == "a.md").body
    assert ("[newest](views.md#by-date_1) [views](views.md#by-date) [md](views.md#by-date_1)"
            " [first](views.md#by-date)\n\n[block](views.md#by-date_1) [top](views.md) [md](views.md#by-date_1)"
            " [gone](views.md)") in body


def test_a_file_named_bare_is_found_in_the_articles_own_language_folder_first(docs):
    folder = docs({
        "Attachments/photo.png": b"\x89PNG", "da/Attachments/photo.png": b"\x89PNG", "only-en.png": b"\x89PNG",
        "Bases/intro.md": "# Intro\n\n![p](photo.png#interface) ![[photo.png]] [[photo.png|the photo]]\n",
        "da/intro.md": "# Intro\n\n![p](photo.png#interface) ![[photo.png]] ![e](only-en.png) [[Sync/Sikkerhed]]\n",
        "da/Sync/Sikkerhed.md": "# Sikkerhed\n",
    })
    center = load_help_center(str(folder), shown_prefix="articles/", languages=["en", "da"],
                              warn_untranslated=False)
    assert [d.format() for d in center.diagnostics] == []
    bodies = {a.src: a.body for a in center.articles}
    assert ("![p](../Attachments/photo.png#interface) ![photo](../Attachments/photo.png)"
            " [the photo](../Attachments/photo.png)") in bodies["Bases/intro.md"]
    assert ("![p](Attachments/photo.png#interface) ![photo](Attachments/photo.png) ![e](../only-en.png)"
            " [Sync/Sikkerhed](Sync/Sikkerhed.md)") in bodies["da/intro.md"]


def test_a_file_name_two_files_have_is_a_warning_naming_both(docs):
    folder = docs({
        "img/a/logo.png": b"\x89PNG", "img/b/logo.png": b"\x89PNG",
        "a.md": "---\ntitle: A\n---\n\n![l](logo.png)\n\n![[logo.png]]\n",
    })
    assert check(folder) == [
        "articles/a.md:5: warning: image 'logo.png': 'logo.png' is the name of 2 files (img/a/logo.png and "
        "img/b/logo.png) (write the file's path in the link)",
        "articles/a.md:7: warning: ![[logo.png]]: 'logo.png' is the name of 2 files (img/a/logo.png and "
        "img/b/logo.png) (write the file's path in the link)",
    ]


def test_an_unknown_key_many_files_have_is_reported_once_with_the_count(docs):
    files = {f"n{i}.md": f"---\ntitle: N{i}\nmobile: {i}\n---\nText.\n" for i in range(7)}
    files["n0.md"] = ("---\ntitle: N0\ncssclasses: [wide]\ncssclass: wide\npermalink: n0\npublish: true\n"
                      "mobile: 0\n---\n")
    files["a.md"] = "---\ntitle: A\nauthor: Kim\n---\nText.\n"
    center = load_help_center(str(docs(files)), shown_prefix="articles/")
    assert [d.format() for d in center.diagnostics] == [
        "articles/a.md:3: warning: unknown key 'author' is kept for templates but not used by kbgen",
        "articles/n0.md:7: warning: unknown key 'mobile' in 7 files (this is the first) is kept for templates "
        "but not used by kbgen",
    ]
    assert center.warnings  # what --strict refuses
    assert all(a.extra["mobile"] == int(a.src[1]) for a in center.articles if a.src != "a.md")


def test_an_embed_shows_the_heading_section_or_the_block_it_names(docs):
    from kbgen.content.validation import expand_embeds

    folder = docs({
        "guide/sync.md": (
            "# Sync\n\n## Log in\n\nOpen **Settings**.\n\n### On a phone\n\nTap the menu.\n\n## Log out\n\nBye.\n\n"
            "Keep the receipt. ^receipt\nIt is proof.\n\n- one\n- two ^second\n- three\n\n> quoted\n\n^quote-1\n"
        ),
        "a.md": (
            "# A\n\n![[sync#Log in]]\n\n![[sync#^receipt]]\n\n![[sync#^second]]\n\n![[sync#^quote-1]]\n\n"
            "![[sync#Nowhere]]\n\n![[sync#^gone]]\n"
        ),
    })
    center = load_help_center(str(folder), shown_prefix="articles/")
    assert [d.format() for d in center.diagnostics] == [
        "articles/a.md:11: warning: embedded heading 'Nowhere' is not in articles/guide/sync.md: "
        "the note is linked instead",
        "articles/a.md:13: warning: embedded block '^gone' is not in articles/guide/sync.md: "
        "the note is linked instead",
    ]
    a = next(a for a in center.articles if a.src == "a.md")
    shown = expand_embeds(center, a)
    assert shown.split("\n\n", 1)[1].replace("<!-- kbgen:block receipt -->", "") == (
        "## Log in\n\nOpen **Settings**.\n\n### On a phone\n\nTap the menu.\n\n\n"
        "Keep the receipt. \nIt is proof.\n\n- two <!-- kbgen:block second -->\n\n> quoted\n\n"
        "[Sync](guide/sync.md)\n\n[Sync](guide/sync.md)\n"
    )


def test_obsidian_alias_names_a_page_as_aliases_does(docs):
    folder = docs({
        "sync.md": "---\ntitle: Sync\nalias: Add another device\n---\nText.\n",
        "a.md": "---\ntitle: A\n---\nSee [[Add another device]] and ![[sync.md]]\n\n![[sync.md]]\n",
    })
    center = load_help_center(str(folder), shown_prefix="articles/")
    assert [d.format() for d in center.diagnostics] == [
        "articles/a.md:4: warning: embedded note '![[sync.md]]' is shown as a link (embed a note, a heading or a "
        "block on a line of its own, or copy the text into this article)"]
    assert next(a for a in center.articles if a.src == "a.md").body.split("\n") == [
        "See [Add another device](sync.md) and [sync.md](sync.md)", "", "<!-- kbgen:embed sync.md -->", ""]
    assert next(a for a in center.articles if a.src == "sync.md").keywords == ["Add another device"]


def test_a_note_embeds_its_own_section_but_never_itself_whole(docs):
    from kbgen.content.validation import expand_embeds

    folder = docs({
        "pic.png": b"\x89PNG",
        "sync.md": "# Sync\n\n## Log in\n\nOpen **Settings**.\n\n![[pic.png]]^pic\n\n## Again\n\n![[sync#Log in]]\n\n"
                   "![[sync]]\n",
        "a.md": "# A\n\n![[sync#^pic]]\n",
    })
    center = load_help_center(str(folder), shown_prefix="articles/")
    assert [d.format() for d in center.diagnostics] == [
        "articles/sync.md:13: warning: a note cannot embed itself whole: it is linked instead"]
    sync = next(a for a in center.articles if a.src == "sync.md")
    assert expand_embeds(center, sync).split("## Again\n\n")[1] == (
        "## Log in\n\nOpen **Settings**.\n\n![pic](pic.png)<!-- kbgen:block pic -->\n\n\n[Sync](sync.md)\n")
    a = next(a for a in center.articles if a.src == "a.md")
    assert expand_embeds(center, a) == "# A\n\n![pic](pic.png)<!-- kbgen:block pic -->\n"


def test_a_file_name_with_a_capital_letter_is_the_title_as_written(docs):
    folder = docs({name: "Text.\n" for name in (
        "Catalyst-licens.md", "Zwei-Faktor-Authentifizierung.md", "iOS 应用.md", "2-faktor-godkendelse.md")})
    center = load_help_center(str(folder), shown_prefix="articles/")
    assert sorted(a.title for a in center.articles) == [
        "2 faktor godkendelse", "Catalyst-licens", "Zwei-Faktor-Authentifizierung", "iOS 应用"]
    assert [d.format() for d in center.diagnostics] == [
        "articles/2-faktor-godkendelse.md:1: warning: no title: using '2 faktor godkendelse', made from the file "
        "name (add 'title: ...' to the front matter, or start the text with '# Title')"]


def test_an_embed_inside_an_embedded_note_is_a_link_to_its_note_never_nothing(docs):
    from kbgen.content.validation import expand_embeds

    folder = docs({
        "a.md": "# A\n\n![[b]]\n",
        "guide/b.md": "# B\n\nIntro.\n\n![[a]]\n\n![[c#Steps]]\n",
        "guide/c.md": "# C\n\n## Steps\n\nOne.\n",
    })
    center = load_help_center(str(folder), shown_prefix="articles/")
    assert center.diagnostics == []
    a = next(a for a in center.articles if a.src == "a.md")
    assert expand_embeds(center, a) == "# A\n\n# B\n\nIntro.\n\n[A](a.md)\n\n[C](guide/c.md#steps)\n\n"
    b = next(a for a in center.articles if a.src == "guide/b.md")
    assert expand_embeds(center, b) == "# B\n\nIntro.\n\n# A\n\n[B](b.md)\n\n\n## Steps\n\nOne.\n\n"


@pytest.mark.parametrize("unit", ["[[", "![", "[", "[a](", '[a](x "', "[a][", "<a id="],
                         ids=["wiki", "image", "bracket", "link", "link-title", "reference", "html-anchor"])
def test_an_article_with_a_long_line_of_unclosed_links_loads_in_linear_time(docs, unit):
    """The link, heading-text and <a id> scanners match an opening to the next closing: a pasted
    100 KB line of openings took 25 s to 4 minutes (each opening scanned the rest of the line)."""
    import time

    folder = docs({"a.md": "---\ntitle: Long\n---\n\n" + unit * (100_000 // len(unit)) + "\n"})
    started = time.process_time()
    center = load_help_center(str(folder), shown_prefix="articles/")
    assert time.process_time() - started < 2
    assert [a.title for a in center.articles] == ["Long"]


def test_a_link_that_runs_a_script_is_a_warning_naming_its_line(docs):
    folder = docs({
        "orders/track.md": OK_ARTICLE,
        "orders/late.md": "---\ntitle: Late\n---\n\nSee [it](javascript:alert.call).\n\n"
        "Or [this]( JavaScript:void), ![x](vbscript:msgbox) and [ok](https://example.com/javascript:x).\n",
        "orders/q.faq.yml": "title: Questions\nquestions:\n  - question: Where?\n    answer: |\n"
        "      [Here](javascript:go)\n",
    })
    assert check(folder) == [
        "articles/orders/late.md:5: warning: link 'javascript:alert.call' runs a script when a shopper opens it "
        "(link to a page or a web address instead)",
        "articles/orders/late.md:7: warning: image 'vbscript:msgbox' runs a script when a shopper opens it "
        "(link to a page or a web address instead)",
        "articles/orders/late.md:7: warning: link 'JavaScript:void' runs a script when a shopper opens it "
        "(link to a page or a web address instead)",
        "articles/orders/q.faq.yml:5: warning: link 'javascript:go' runs a script when a shopper opens it "
        "(link to a page or a web address instead)",
    ]


CONTACT_BLOCK = (  # GitBook's reusable content: a title in front matter, links relative to the block's own file
    "---\ntitle: Contact us\n---\n\n{% hint style=\"info\" %}\n![Chat](../assets/chat.png) Still stuck? [Write to us]"
    "(../../help/contact.md) or read the [steps](#steps).\n{% endhint %}\n\n## Opening hours\n\n"
    "Mon-Fri, not [holidays](../../help/gone.md).\n"
)


def test_a_gitbook_include_shows_the_block_in_place_its_links_and_lines_kept(docs):
    from kbgen.content.validation import expand_embeds

    folder = docs({
        ".gitbook/includes/contact.md": CONTACT_BLOCK,
        ".gitbook/assets/chat.png": b"\x89PNG",
        "help/contact.md": "# Contact\n\nMail us.\n",
        "guide/setup/linux.md": "# Linux\n\nIntro.\n\n{% include \"../../.gitbook/includes/contact.md\" %}\n\n"
                                "See the [hours](#opening-hours) and [this](nowhere.md).\n",
        "faq.md": "# FAQ\n\n{% include \"/.gitbook/includes/contact.md\" %}\n\n"
                  "[Hours](guide/setup/linux.md#opening-hours), [more](guide/setup/linux.md#closing-hours)\n",
    })
    center = load_help_center(str(folder), shown_prefix="articles/")
    assert [d.format() for d in center.diagnostics] == [
        # a link in the block: at the block's own line, once however many pages include it
        "articles/.gitbook/includes/contact.md:11: warning: link '../../help/gone.md' points to a page that does "
        "not exist (did you mean '../../help/contact.md'?)",
        # the page's own lines after the include are still its lines; its headings are the page's anchors
        "articles/faq.md:5: warning: link 'guide/setup/linux.md#closing-hours' points to a missing anchor "
        "'#closing-hours' (did you mean '#opening-hours'?)",
        "articles/guide/setup/linux.md:7: warning: link 'nowhere.md' points to a page that does not exist",
    ]
    linux = next(a for a in center.articles if a.src == "guide/setup/linux.md")
    assert linux.body.split("\n")[4] == "<!-- kbgen:include 0 -->"  # one line for one line
    assert expand_embeds(center, linux) == (
        "# Linux\n\nIntro.\n\n!!! info\n    ![Chat](../../.gitbook/assets/chat.png) Still stuck? [Write to us]"
        "(../../help/contact.md) or read the [steps](#steps).\n\n\n## Opening hours\n\n"
        "Mon-Fri, not [holidays](../../help/gone.md).\n\nSee the [hours](#opening-hours) and [this](nowhere.md).\n")
    faq = next(a for a in center.articles if a.src == "faq.md")
    assert "![Chat](.gitbook/assets/chat.png) Still stuck? [Write to us](help/contact.md)" in expand_embeds(
        center, faq)  # relative to this page


def test_an_include_never_reads_outside_the_docs_folder_a_hidden_file_or_past_a_link_out(docs, tmp_path):
    from kbgen.content.validation import expand_embeds

    (tmp_path / "secret.txt").write_text("s3cret\n", encoding="utf-8")
    folder = docs({
        "a.md": "# A\n\n{% include \"../../../etc/passwd\" %}\n{% include \"_partials/link.md\" %}\n"
                "{% include \"../secret.txt\" %}\n{% include \".git/config\" %}\n{% include \"_partials/gone.md\" %}\n"
                "{% include \"_partials\" %}\n\nEnd.\n",
        ".git/config": "[remote]\ntoken = s3cret\n",
        "_partials/ok.md": "Fine.\n",
    })
    (folder / "_partials" / "link.md").symlink_to(tmp_path / "secret.txt")
    center = load_help_center(str(folder), shown_prefix="articles/")
    assert [d.format() for d in center.diagnostics] == [
        "articles/_partials/link.md:1: error: symbolic link to '" + str(tmp_path / "secret.txt") + "', which is "
        "outside the docs folder and must not be published (remove the link, or copy what it points to into the "
        "docs folder)",
        "articles/a.md:3: warning: include '../../../etc/passwd' is outside the docs folder: nothing is read",
        "articles/a.md:4: warning: include '_partials/link.md' leads outside the docs folder (a symbolic link): "
        "nothing is read",
        "articles/a.md:5: warning: include '../secret.txt' is outside the docs folder: nothing is read",
        "articles/a.md:6: warning: include '.git/config' names a hidden file: nothing is read",
        "articles/a.md:7: warning: included file 'articles/_partials/gone.md' does not exist (the path is relative "
        "to this file)",
        "articles/a.md:8: warning: included 'articles/_partials' is not a file: nothing is read",
    ]
    a = next(a for a in center.articles if a.src == "a.md")
    assert expand_embeds(center, a) == "# A\n\n\n\n\n\n\n\n\nEnd.\n"


def test_an_include_cycle_is_a_warning_and_the_pages_keep_their_text(docs):
    from kbgen.content.includes import MAX_DEPTH
    from kbgen.content.validation import expand_embeds

    deep = {f"_deep/{n}.md": f"Level {n}.\n\n{{% include \"{n + 1}.md\" %}}\n" for n in range(1, MAX_DEPTH + 2)}
    deep[f"_deep/{MAX_DEPTH + 2}.md"] = "The end.\n"
    folder = docs({
        "a.md": "# A\n\n{% include \"_parts/x.md\" %}\n\nAfter.\n",
        "_parts/x.md": "X text.\n\n{% include \"y.md\" %}\n",
        "_parts/y.md": "Y text.\n\n{% include \"x.md\" %}\n",
        "b.md": "# B\n\n{% include \"b.md\" %}\nText.\n",
        "c.md": "# C\n\n{% include \"_deep/1.md\" %}\n",
        **deep,
    })
    center = load_help_center(str(folder), shown_prefix="articles/")
    assert [d.format() for d in center.diagnostics] == [
        f"articles/_deep/{MAX_DEPTH}.md:3: warning: includes are nested more than {MAX_DEPTH} deep: "
        f"'articles/_deep/{MAX_DEPTH + 1}.md' is left out",
        "articles/_parts/y.md:3: warning: include cycle (articles/_parts/x.md -> articles/_parts/y.md -> "
        "articles/_parts/x.md): 'articles/_parts/x.md' is not included again",
        "articles/b.md:3: warning: include cycle (articles/b.md -> articles/b.md): 'articles/b.md' is not included "
        "again",
    ]
    pages = {a.src: expand_embeds(center, a) for a in center.articles}
    assert pages["a.md"] == "# A\n\nX text.\n\nY text.\n\nAfter.\n"
    assert pages["b.md"] == "# B\n\n\nText.\n"  # never empty
    assert pages["c.md"].count("Level") == MAX_DEPTH and f"Level {MAX_DEPTH}." in pages["c.md"]


def test_markdown_include_reads_from_its_base_path_and_pastes_the_text_as_mkdocs_does(docs, tmp_path):
    from kbgen.content.includes import IncludeSettings
    from kbgen.content.validation import expand_embeds

    folder = docs({
        "_snippets/terms.md": "*[DNS]: Domain Name System\n\nSee [setup](setup.md), not [old](old.md).\n",
        "_snippets/version.txt": "ignored\n2.4\n",
        "_snippets/demo.py": "print(1)\n",
        "api/setup.md": "# Setup\n\nText.\n",
        "api/index.md": "# API\n\nThe DNS API, version {!_snippets/version.txt!lines=2}.\n\n{!_snippets/terms.md!}\n\n"
                        "```python\n{!_snippets/demo.py!}\n```\n{!../mkdocs.yml!}\n{!/etc/passwd!}\n",
    })
    settings = IncludeSettings.from_options({"base_path": "articles"}, str(tmp_path / "mkdocs.yml"))
    center = load_help_center(str(folder), shown_prefix="articles/", includes=settings)
    assert [d.format() for d in center.diagnostics] == [
        # pasted into api/index.md, its links are read from there, as MkDocs reads them
        "articles/_snippets/terms.md:3: warning: link 'old.md' points to a page that does not exist",
        "articles/api/index.md:10: warning: include '../mkdocs.yml' is outside markdown-include's base_path "
        "'articles': nothing is read",
        "articles/api/index.md:11: warning: include '/etc/passwd' is an absolute path: nothing is read (write it "
        "relative to markdown-include's base_path 'articles')",
    ]
    api = next(a for a in center.articles if a.src == "api/index.md")
    assert expand_embeds(center, api) == (  # its own title is the category page's
        "\n\nThe DNS API, version 2.4.\n\n*[DNS]: Domain Name System\n\nSee [setup](setup.md), not [old](old.md).\n\n"
        "```python\nprint(1)\n```\n\n\n")
    plain = load_help_center(str(folder), shown_prefix="articles/")  # not configured: text, as MkDocs shows it
    assert "{!_snippets/terms.md!}" in next(a for a in plain.articles if a.src == "api/index.md").body


def test_an_included_file_too_large_or_not_utf8_is_named_and_a_large_one_reads_in_linear_time(docs):
    import time

    from kbgen.content.includes import MAX_BYTES
    from kbgen.content.validation import expand_embeds

    block = "A [link](../a.md) and {% hint style=\"info\" %} text {{ x }}.\n" * (MAX_BYTES // 70)
    folder = docs({
        "_parts/big.md": block,
        "_parts/huge.md": "x" * (MAX_BYTES + 1),
        "_parts/latin.md": "caf\xe9\n".encode("latin-1"),
        "a.md": "# A\n\n" + "{% include \"_parts/big.md\" %}\n" * 3 + "{% include \"_parts/huge.md\" %}\n"
                "{% include \"_parts/latin.md\" %}\n",
        **{f"p{n}.md": f"# P{n}\n\n{{% include \"_parts/big.md\" %}}\n" for n in range(20)},
    })
    started = time.process_time()
    center = load_help_center(str(folder), shown_prefix="articles/")
    page = expand_embeds(center, next(a for a in center.articles if a.src == "a.md"))
    assert time.process_time() - started < 20
    assert page.count("A [link](a.md)") == 3 * (MAX_BYTES // 70)
    assert [d.format() for d in center.diagnostics if "_parts" in d.message] == [
        "articles/a.md:6: warning: included file 'articles/_parts/huge.md' is larger than 1 MB: nothing is read",
        "articles/a.md:7: warning: included file 'articles/_parts/latin.md' is not UTF-8 (byte 0xe9 at offset 3): "
        "nothing is read",
    ]


DRAFT = "---\ntitle: Gift cards\ndraft: true\n---\n\n## Buying one\n\nText.\n"


def test_a_link_or_related_entry_to_a_draft_warns_that_the_draft_is_not_published(docs):
    folder = docs({
        "orders/gift-cards.md": DRAFT,
        "orders/pay.md": "---\ntitle: Pay\nrelated:\n  - gift-cards.md\n---\n\n"
                         "See [gift cards](gift-cards.md#buying-one) and [it](gift-cards.md).\n",
    })
    assert check(folder) == [
        "articles/orders/pay.md:4: warning: related entry 'gift-cards.md' points to a draft, which is not "
        "published (publish it by removing 'draft: true', or remove it from 'related')",
        "articles/orders/pay.md:7: warning: link 'gift-cards.md#buying-one' points to a draft, which is not "
        "published (publish it by removing 'draft: true', or remove the link)",
        "articles/orders/pay.md:7: warning: link 'gift-cards.md' points to a draft, which is not published "
        "(publish it by removing 'draft: true', or remove the link)",
    ]


def test_a_draft_may_link_to_a_draft_and_a_draft_link_follows_the_link_policy(docs):
    folder = docs({"a.md": DRAFT, "b.md": "---\ntitle: B\ndraft: true\n---\n\n[a](a.md)\n"})
    assert check(folder) == []
    folder = docs({"c.md": "---\ntitle: C\n---\n\n[a](a.md)\n"})
    center = load_help_center(str(folder), shown_prefix="articles/", link_policy=LinkPolicy(not_found="ignore"))
    assert center.diagnostics == []
    assert center.draft_links == {"c.md": {"a.md": "a.md"}}


def test_a_category_with_no_published_page_at_any_depth_is_no_category(docs):
    folder = docs({
        "drafts/klarna.md": DRAFT,  # what kbgen analytics export --draft writes
        "drafts/later/_category.yml": "title: Later\n",
        "drafts/later/gift.md": DRAFT,
        "orders/_category.yml": "title: Orders\n",  # nothing in it but a sub-category with a hidden article
        "orders/old/quiet.md": "---\ntitle: Quiet\nhidden: true\n---\n\nText.\n",
        "empty/_category.yml": "title: Empty\n",
        "a.md": "---\ntitle: A\n---\n\nSee [the drafts](drafts/) and [later](drafts/later/index.md).\n",
    })
    center = load_help_center(str(folder), shown_prefix="articles/")
    assert sorted(center.categories) == ["orders", "orders/old"]
    assert center.children_of(None) == [center.categories["orders"]]
    hint = "(publish one of its drafts, or remove the link)"
    assert [d.format() for d in center.diagnostics] == [
        f"articles/a.md:5: warning: link 'drafts/' points to a category with no published article, which is not "
        f"published {hint}",
        f"articles/a.md:5: warning: link 'drafts/later/index.md' points to a category with no published article, "
        f"which is not published {hint}",
    ]


def test_a_folder_named_like_a_language_the_site_does_not_list_is_a_warning_at_languages(docs):
    folder = docs({
        "orders/track.md": OK_ARTICLE,
        "da/orders/track.md": "---\ntitle: Spor din ordre\n---\n\nTekst.\n",  # as kbgen import writes it
        "pt-BR/orders/track.md": "---\ntitle: Rastreie seu pedido\n---\n\nTexto.\n",
        "it/vpn.md": "---\ntitle: Set up the VPN\n---\n\nText.\n",  # IT questions, not Italian
        "uk/orders/track.md": "---\ntitle: Track a UK order\n---\n\nText.\n",  # Ukrainian: it mirrors the top
    })
    center = load_help_center(str(folder), shown_prefix="articles/", languages=["en", "da"], warn_untranslated=False)
    assert [d.format() for d in center.diagnostics] == [
        "articles/pt-BR/:1: warning: the folder 'pt-BR/' is named like the language code 'pt-br' (Brazilian "
        "Portuguese), which 'languages' does not list: it is built as a category in English, its articles in the "
        "English search index (add 'pt-br' to languages in mkdocs.yml, or rename the folder)",
        "articles/uk/:1: warning: the folder 'uk/' is named like the language code 'uk' (Ukrainian), which "
        "'languages' does not list: it is built as a category in English, its articles in the English search "
        "index (add 'uk' to languages in mkdocs.yml, or rename the folder)",
    ]
    at = load_help_center(str(folder), shown_prefix="articles/", languages_at=("mkdocs.yml", 12))
    assert [(d.path, d.line) for d in at.diagnostics] == [("mkdocs.yml", 12)] * 3
