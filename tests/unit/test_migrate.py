"""Other tools' Markdown read as those tools read it: one test per convention, on the converted text."""

from __future__ import annotations

import pytest

from kbgen.content.migrate import Resolvers, migrate, summary_anchors
from kbgen.content.validation import load_help_center

PAGES = {"syntax": "syntax.md", "views": "../views.md", "returns policy": "returns%20policy.md"}


def convert(body: str, **resolvers) -> tuple[str, list[str]]:
    text, problems = migrate(body, 1, "a.md", Resolvers(page=lambda n: PAGES.get(n.casefold()), **resolvers))
    assert len(text.split("\n")) == len(body.split("\n")), "line numbers must not move"
    return text, [p.format() for p in problems]


@pytest.mark.parametrize(
    ("written", "converted"),
    [
        ("[[syntax]]", "[syntax](syntax.md)"),
        ("[[syntax|the syntax page]]", "[the syntax page](syntax.md)"),
        ("[[syntax#Lists]]", "[syntax](syntax.md#Lists)"),
        ("[[views#Heading Text|Views]]", "[Views](../views.md#Heading%20Text)"),
        ("| [[syntax#Lists\\|Lists]] | b |", "| [Lists](syntax.md#Lists) | b |"),
        ("[[#Steps]]", "[Steps](#Steps)"),
        ("[[syntax#^block-1]]", "[syntax](syntax.md#^block-1)"),  # the link check finds its heading
        ("[[Returns policy]]", "[Returns policy](returns%20policy.md)"),
    ],
    ids=["name", "label", "heading", "heading-with-space", "escaped-pipe-in-table", "same-page", "block-ref",
         "space-in-path"],
)
def test_obsidian_wiki_links(written, converted):
    assert convert(written) == (converted, [])


def test_nothing_inside_code_is_converted():
    body = "Type `[[Status]]` or `==x==`.\n\n```\n[[syntax]]\n> [!note]\n%%\n```\n"
    assert convert(body) == (body, [])


def test_obsidian_callouts_with_titles_and_folding():
    body = "> [!tip]- Pack it well\n> Use the **original** box.\n> Tape all seams.\n\nAfter.\n> [!FAQ]+\n> Open."
    text, problems = convert(body)
    assert text.split("\n") == [
        '??? tip "Pack it well"', "    Use the **original** box.", "    Tape all seams.", "", "After.",
        "???+ question", "    Open.",
    ]
    assert problems == []


def test_github_and_docfx_alerts():
    text, _ = convert("> [!NOTE]\n> Keep the receipt.\n> [!CAUTION]\n> Sharp.")
    assert text.split("\n") == ["!!! note", "    Keep the receipt.", "!!! danger", "    Sharp."]


def test_obsidian_comments_and_highlights():
    text, _ = convert("Keep ==the receipt== %%staff only%% safe.\n%%\nhidden\nlines\n%%\nShown.")
    assert text.split("\n") == ["Keep <mark>the receipt</mark>  safe.", "", "", "", "", "Shown."]


def test_obsidian_embeds_of_images_and_notes():
    files = {"photo.png": "img/photo.png"}
    text, problems = convert("![[photo.png]]\n![[photo.png|Our box]]\n![[syntax]]", file=lambda n: files.get(n))
    assert text.split("\n") == ["![photo](img/photo.png)", "![Our box](img/photo.png)", "[syntax](syntax.md)"]
    assert problems == [
        "a.md:3: warning: embedded note '![[syntax]]' is shown as a link "
        "(embed a note, a heading or a block on a line of its own, or copy the text into this article)"
    ]


def test_docusaurus_admonitions():
    body = ":::note Before you send\nPack it.\n:::\n\n:::danger[Sharp edges]\nCareful.\n:::\n:::caution\nHot.\n:::"
    text, problems = convert(body)
    assert text.split("\n") == [
        '!!! note "Before you send"', "    Pack it.", "", "", '!!! danger "Sharp edges"', "    Careful.", "",
        "!!! danger", "    Hot.", "",
    ]
    assert problems == []


def test_gitbook_tabs_content_ref_and_embed():
    body = (
        '{% tabs %}\n{% tab title="Card" %}\nPay by card.\n{% endtab %}\n{% tab title="Invoice" %}\nPay later.\n'
        '{% endtab %}\n{% endtabs %}\n'
        '{% content-ref url="syntax.md" %}\n[syntax.md](syntax.md)\n{% endcontent-ref %}\n'
        '{% embed url="https://video.example/v/1" caption="How to pack" %}'
    )
    text, problems = convert(body)
    assert text.split("\n") == [
        "", '=== "Card"', "    Pay by card.", "", '=== "Invoice"', "    Pay later.", "", "",
        "", "[syntax.md](syntax.md)", "",
        "[How to pack](https://video.example/v/1)",
    ]
    assert problems == []


def test_gitbook_page_ref_is_a_link_the_site_names_by_its_page():
    text, problems = convert('{% page-ref page="how-do-i-get-a-quote.md" %}\n\n{% page-ref page="size chart/" %}')
    assert text.split("\n") == [
        "[<!-- kbgen:page-title -->](how-do-i-get-a-quote.md)", "", "[<!-- kbgen:page-title -->](<size chart/>)"]
    assert problems == []


def test_a_page_ref_to_no_page_is_named_by_its_file_name(docs):
    from kbgen.site.pages import page_titles

    center = load_help_center(str(docs({"orders/track.md": "# Track\n"})))
    [article] = center.articles
    assert page_titles(center, article, "[<!-- kbgen:page-title -->](get-a-quote.md)\n"
                       "[<!-- kbgen:page-title -->](track.md#late)") == (
        "[Get a quote](get-a-quote.md)\n[Track](track.md#late)")


def test_gitbook_hint_holds_a_code_block():
    body = '{% hint style="warning" %}\nRun:\n```\n{% not a tag %}\n```\n{% endhint %}'
    text, problems = convert(body)
    assert text.split("\n") == ["!!! warning", "    Run:", "    ```", "    {% not a tag %}", "    ```", ""]
    assert problems == []


def test_gitbook_stepper_is_an_ordered_list_of_its_steps():
    body = (
        "{% stepper %}\n{% step %}\n**Sign in**\n\nOpen **Orders**.\n{% endstep %}\n\n"
        "{% step %}\n### Pay\n```\ncode\n```\n{% endstep %}\n{% endstepper %}"
    )
    text, problems = convert(body)
    assert text.split("\n") == [
        "", "", "1.  **Sign in**", "", "    Open **Orders**.", "", "",
        "", "1.  ### Pay", "    ```", "    code", "    ```", "", "",
    ]
    assert problems == []


def test_gitbook_stepper_inside_a_list_item_and_never_closed():
    text, _ = convert("* Then:\n\n    {% stepper %}\n    {% step %}\n    Pack it.")
    assert text.split("\n") == ["* Then:", "", "", "", "    1.  Pack it."]


def test_gitbook_prompt_update_columns_and_hint_attributes():
    body = (
        '{% prompt description="Ask about a refund" icon="x" %}\nWhere is my refund?\n{% endprompt %}\n'
        '{% updates format="full" %}\n{% update date="2026-03-01" tags="beta" %}\n## Faster returns\n'
        '{% endupdate %}\n{% endupdates %}\n'
        '{% columns %}\n{% column width="50%" %}\nLeft\n{% endcolumn %}\n{% endcolumns %}\n'
        '{% hint style="info" icon="books" %}\nNote.\n{% endhint %}\n'
        '{% openapi src="https://api.example/openapi.json" path="/orders" method="get" %}\n'
        '[api](https://api.example/openapi.json)\n{% endopenapi %}'
    )
    text, problems = convert(body)
    assert text.split("\n") == [
        '!!! example "Ask about a refund"', "    Where is my refund?", "",
        "", "*2026-03-01*  ", "## Faster returns", "", "",
        "", "", "Left", "", "",
        "!!! info", "    Note.", "",
        "", "[api](https://api.example/openapi.json)", "",
    ]
    assert problems == []


def test_gitbook_adaptive_content_shows_every_branch_with_one_warning():
    body = (
        "{% if visitor.claims.unsigned.vip %}\nVIP.\n{% else %}\nOthers.\n{% endif %}\n"
        "{% if !visitor.x %}\nNo\n{% endif %}"
    )
    text, problems = convert(body)
    assert text.split("\n") == ["", "VIP.", "", "Others.", "", "", "No", ""]
    assert problems == [
        "a.md:1: warning: adaptive content: every '{% if visitor... %}' branch is shown "
        "(kbgen pages are the same for every visitor: keep the text that fits all of them)"
    ]


def test_docusaurus_tabs_are_content_tabs_whatever_the_tags_indentation():
    body = (
        '<Tabs queryString="os">\n  <TabItem value="mac" label="macOS" default>\n### Install\n  </TabItem>\n'
        '  <TabItem value="linux">\n    Run it.\n  </TabItem>\n</Tabs>'
    )
    text, problems = convert(body)
    assert text.split("\n") == ["", '=== "macOS"', "    ### Install", "", '=== "linux"', "      Run it.", "", ""]
    assert problems == []


def test_summaries_get_the_ids_gitbook_links_use_unless_a_heading_has_it():
    body = "<summary>Admin</summary>\n```\n<summary>In code</summary>\n```\n  <summary>Roles</summary>"
    text, ids = summary_anchors(body, {"roles"})
    assert text.split("\n") == ['<summary id="admin">Admin</summary>', "```", "<summary>In code</summary>", "```",
                                 "  <summary>Roles</summary>"]
    assert ids == {"admin": "Admin"}


def test_gitbook_file_block_is_a_link_to_the_file():
    text, problems = convert('{% file src="../assets/size chart (1).pdf" %}\nOur sizes.\n{% endfile %}')
    assert text.split("\n") == ["[size chart (1).pdf](<../assets/size chart (1).pdf>)", "Our sizes.", ""]
    assert problems == []


def test_html_pre_blocks_are_code_and_kept_as_written():
    body = '<pre class="js"><code>import A from "./a";\n\nexport function B() {}\n{% x %}</code></pre>\n{{ y }}'
    text, problems = convert(body)
    assert text == body
    assert problems == [
        "a.md:5: warning: template tag '{{ y }}' is shown as text (kbgen does not run Liquid or Jinja tags in articles)"
    ]


def test_unknown_template_tags_warn_once_per_kind():
    text, problems = convert("{% include a.md %}\n{% include b.md %}\n{{ page.x }}")
    assert text.startswith("{% include a.md %}")
    assert problems == [
        "a.md:1: warning: template tag '{% include a.md %}' is shown as text "
        "(kbgen does not run Liquid or Jinja tags in articles)",
        "a.md:3: warning: template tag '{{ page.x }}' is shown as text "
        "(kbgen does not run Liquid or Jinja tags in articles)",
    ]


def test_mdx_imports_are_left_out_and_components_warn_once_per_kind():
    body = (
        "import Cards from '@site/Cards';\n\n<Cards>\n<Card value='a'>A</Card>\n"
        "<Card value='b'>B</Card>\n</Cards>"
    )
    text, problems = convert(body)
    assert text.split("\n")[0] == ""
    assert problems == [
        "a.md:1: warning: MDX import/export lines are left out "
        "(kbgen renders Markdown, not MDX: write the content as Markdown)",
        "a.md:3: warning: MDX component <Cards> is not run; its text is shown as it is (write it as Markdown)",
        "a.md:4: warning: MDX component <Card> is not run; its text is shown as it is (write it as Markdown)",
    ]


def test_docusaurus_doc_card_list_is_where_the_category_lists_its_pages_and_its_imports_warn_nothing():
    body = (
        "Pick a topic.\n\nimport DocCardList from '@theme/DocCardList';\n"
        'import {useCurrentSidebarCategory} from "@docusaurus/theme-common";\n\n<DocCardList />\n\n'
        "<DocCardList items={useCurrentSidebarCategory().items}/>\n\n:::tip\n  <DocCardList/>\n:::"
    )
    text, problems = convert(body)
    assert text.split("\n") == [
        "Pick a topic.", "", "", "", "", "<!-- kbgen:cards -->", "", "<!-- kbgen:cards -->", "", "!!! tip",
        "    <!-- kbgen:cards -->", "",
    ]
    assert problems == []


def test_doc_card_list_of_its_own_items_is_shown_as_written_with_a_warning():
    body = "import DocCardList from '@theme/DocCardList';\n\n<DocCardList items={[{type: 'link', href: '/a'}]} />"
    text, problems = convert(body)
    assert text.split("\n")[2] == "<DocCardList items={[{type: 'link', href: '/a'}]} />"
    assert problems == [
        "a.md:3: warning: MDX component <DocCardList> with its own items is not run; its text is shown as it is "
        "(write the list as Markdown links, or <DocCardList /> alone)",
    ]


def test_docfx_xref_finds_the_article_with_that_uid():
    text, problems = convert("See [returns](xref:shop.returns) and <xref:shop.returns>.",
                             xref=lambda uid: {"shop.returns": "returns.md"}.get(uid))
    assert text == "See [returns](returns.md) and [shop.returns](returns.md)."
    assert problems == []


def test_aliases_are_keywords_and_wiki_link_names(docs):
    folder = docs({
        "orders/track.md": "---\ntitle: Track your order\naliases: [WISMO, Where is my order]\n---\nText.\n",
        "a.md": "---\ntitle: A\n---\nSee [[WISMO]] and [[where is my order|tracking]].\n",
        "b.md": "---\ntitle: B\nsidebar_position: 3\nuid: shop.b\n---\nText.\n",
    })
    center = load_help_center(str(folder), shown_prefix="articles/")
    assert center.diagnostics == []
    articles = {a.src: a for a in center.articles}
    assert articles["orders/track.md"].keywords == ["WISMO", "Where is my order"]
    assert "See [WISMO](orders/track.md) and [tracking](orders/track.md)." in articles["a.md"].body
    assert articles["b.md"].order == 3


def test_bracketed_link_text_is_not_a_wiki_link():
    assert convert("[[Back to list]](syntax.md)") == ("[[Back to list]](syntax.md)", [])


def test_wiki_link_to_a_heading_with_code():
    assert convert("[[syntax#`id`|id]] and `code`") == ("[id](syntax.md#id) and `code`", [])


def test_callouts_and_admonitions_inside_list_items():
    body = "1. Step one:\n\n    > [!warning] Careful\n    > Hot.\n\n2. Step two:\n\n    :::tip\n    Keep it.\n    :::"
    text, problems = convert(body)
    assert text.split("\n") == [
        "1. Step one:", "", '    !!! warning "Careful"', "        Hot.", "", "2. Step two:", "",
        "    !!! tip", "        Keep it.", "",
    ]
    assert problems == []


def test_markdown_inside_details_is_rendered():
    text, _ = convert("<details>\n<summary>More</summary>\n\nRun **this**.\n</details>")
    assert text.split("\n")[0] == '<details markdown="1">'


def test_gitbook_embed_with_a_caption_block():
    text, problems = convert('{% embed url="https://video.example/v" %}\nHow to pack\n{% endembed %}')
    assert text.split("\n") == ["[https://video.example/v](https://video.example/v)", "How to pack", ""]
    assert problems == []


def test_lists_nested_by_two_spaces_are_nested_for_python_markdown():
    body = (
        "- Parent\n  - Child\n    - Grandchild\n  continued\n- Sibling\n\n"
        "1. One\n   1. One.one\n\n   ```\n   code\n   ```\n"
    )
    text, _ = convert(body)
    assert text.split("\n") == [
        "- Parent", "    - Child", "        - Grandchild", "    continued", "- Sibling", "",
        "1. One", "    1. One.one", "", "    ```", "    code", "    ```", "",
    ]


def test_lists_already_nested_by_four_spaces_are_unchanged():
    body = "- Parent\n    - Child\n\n    More about the parent.\n"
    assert convert(body)[0] == body


def test_template_tags_in_code_inside_a_list_item_do_not_warn():
    body = "1. In a list:\n\n    ```tasks\n    due before {{date:YYYY-MM-DD}}\n    ```\n"
    assert convert(body)[1] == []


def test_obsidian_block_ids_become_marks_that_are_not_shown():
    assert convert("Keep the receipt. ^tip-1\n\n- a\n- b\n\n^list-2\n\nSee `x ^code`.\n") == (
        "Keep the receipt. <!-- kbgen:block tip-1 -->\n\n- a\n- b\n\n<!-- kbgen:block list-2 -->\n\n"
        "See `x ^code`.\n", [])


def test_an_embedded_file_not_in_the_docs_folder_is_named_as_a_file():
    assert convert("![[clip.mp4#interface]]") == ("clip.mp4", [
        "a.md:1: warning: embedded file '![[clip.mp4]]' is not in the docs folder (add clip.mp4 to the docs folder)"])


def test_an_embedded_file_that_is_no_image_is_linked_and_warned_once():
    files = {"talk.ogg": "media/talk.ogg", "guide.pdf": "guide.pdf", "map.png": "map.png"}
    assert convert("![[talk.ogg]] ![[talk.ogg|the talk]]\n![[guide.pdf#page=3]] ![[map.png|250]]",
                   file=files.get) == (
        "[talk.ogg](media/talk.ogg) [the talk](media/talk.ogg)\n"
        '[guide.pdf](guide.pdf) ![map](map.png){ width="250" }', [
            "a.md:1: warning: embedded file '![[talk.ogg]]' is shown as a link (a help center page shows images only)",
            "a.md:2: warning: embedded file '![[guide.pdf]]' is shown as a link (a help center page shows images only)",
        ])


def test_obsidian_image_sizes_become_width_and_height():
    assert convert("![[map.png|Map|100x145]] ![250](https://cdn.example/a.jpg) ![Parcel|100](p.png) ![Step 2](s.png)",
                   file=lambda name: name) == (
        '![Map](map.png){ width="100" height="145" } ![](https://cdn.example/a.jpg){ width="250" } '
        '![Parcel](p.png){ width="100" } ![Step 2](s.png)', [])


@pytest.mark.parametrize("unit", [
    "[[", "![[", "[[a|", "[[a#", "{%", "{{", '{% file src="a" ', "![", "](xref:", "<xref:", '{% embed url="x" ',
    "{% hint style=",
], ids=["wiki", "embed", "wiki-label", "wiki-anchor", "liquid", "jinja", "file-tag", "image", "xref-link",
        "xref", "embed-url", "hint"])
def test_a_long_line_of_unclosed_syntax_converts_in_linear_time(unit):
    """A pasted 100 KB line must not hold the build: each opening is matched to the next closing only
    (each of these took minutes to hours: every opening scanned the rest of the line)."""
    import time

    line = unit * (100_000 // len(unit))
    started = time.process_time()
    text, _ = migrate(f"x\n{line}\n", 1, "a.md", Resolvers(page=lambda _: None))
    assert time.process_time() - started < 1.5
    assert text.count("\n") == 2


def include_calls(configured: bool = True):
    """An include resolver that records each statement and leaves a numbered marker (None: markdown-include
    is not configured, so its statements stay text)."""
    calls: list[tuple] = []

    def include(form, written, lines, line, heading_depth, in_code):
        if form == "markdown" and not configured:
            return None
        calls.append((form, written, lines, line, heading_depth, in_code))
        return f"<!-- kbgen:include {len(calls) - 1} -->"

    return calls, include


def test_gitbook_include_on_a_line_of_its_own_becomes_one_marker_line():
    calls, include = include_calls()
    body = (
        '{% include "../.gitbook/includes/contact.md" %}\n'
        "```markdown\n{% include \"../../.gitbook/includes/reusable-block.md\" %}\n```\n"
        '{% tabs %}\n{% tab title="App" %}\n{% include "/.gitbook/includes/app.md" %}\n{% endtab %}\n{% endtabs %}\n'
        "1. Sign in.\n\n   {% include 'steps.md' %}\n"
        'Say {% include "inline.md" %} here.'
    )
    text, problems = convert(body, include=include)
    assert text.split("\n") == [
        "<!-- kbgen:include 0 -->",
        "```markdown", '{% include "../../.gitbook/includes/reusable-block.md" %}', "```",  # code: as written
        "", '=== "App"', "    <!-- kbgen:include 1 -->", "", "",  # inside a tab: indented as its text is
        "1. Sign in.", "", "   <!-- kbgen:include 2 -->",  # indented as the statement is
        'Say {% include "inline.md" %} here.',
    ]
    assert [call[:4] for call in calls] == [
        ("gitbook", "../.gitbook/includes/contact.md", None, 1), ("gitbook", "/.gitbook/includes/app.md", None, 7),
        ("gitbook", "steps.md", None, 12)]
    assert problems == [  # GitBook writes an include on a line of its own: any other is a template tag
        "a.md:13: warning: template tag '{% include \"inline.md\" %}' is shown as text "
        "(kbgen does not run Liquid or Jinja tags in articles)"]


def test_markdown_include_anywhere_in_a_line_and_in_code_blocks_but_not_inline_code():
    calls, include = include_calls()
    body = "## Terms\n\n{!abbreviations.md!}\nVersion {! version.txt !lines=1 3-4}.\n```python\n{!demo.py!}\n```\n" \
           "Write `{!name.md!}` to include a file."
    text, problems = convert(body, include=include)
    assert text.split("\n") == [
        "## Terms", "", "<!-- kbgen:include 0 -->", "Version <!-- kbgen:include 1 -->.", "```python",
        "<!-- kbgen:include 2 -->", "```", "Write `{!name.md!}` to include a file."]
    assert calls == [("markdown", "abbreviations.md", None, 3, 2, False),
                     ("markdown", " version.txt ", "1 3-4", 4, 2, False), ("markdown", "demo.py", None, 6, 2, True)]
    assert problems == []


def test_markdown_include_is_text_where_mkdocs_yml_does_not_configure_it():
    calls, include = include_calls(configured=False)
    body = '{% include "block.md" %}\n```\n{!demo.py!}\n```\n{!abbreviations.md!}\nAnd {!terms.md!}.'
    text, problems = convert(body, include=include)
    assert text.split("\n") == ["<!-- kbgen:include 0 -->", "```", "{!demo.py!}", "```", "{!abbreviations.md!}",
                                 "And {!terms.md!}."]
    assert problems == [  # once per file, and not for code
        "a.md:5: warning: '{!abbreviations.md!}' is shown as text (to include the file, list "
        "markdown_include.include in mkdocs.yml's markdown_extensions)"]


@pytest.mark.parametrize("unit", ["{!", "{!a", "{!" + " " * 10, '{% include "'],
                         ids=["open", "name", "spaces", "gitbook"])
def test_a_long_line_of_unclosed_include_statements_converts_in_linear_time(unit):
    import time

    _, include = include_calls()
    started = time.process_time()
    text, _ = convert(unit * (100_000 // len(unit)), include=include)
    assert time.process_time() - started < 1
    assert text.startswith(unit)


@pytest.mark.parametrize(
    ("lines", "offset", "shown", "line_map"),
    [
        (None, 0, "# Terms\nDNS\n\n## More", None),
        ("3 1-2 9", 0, "\n# Terms\nDNS\n## More", [3, 1, 2, 4]),  # in the order given; past the end: the last
        ("2-1", 1, "## Terms", [1]),  # a range backwards: its start is moved, as the extension does
        (None, 2, "### Terms\nDNS\n\n#### More", None),
    ],
    ids=["whole", "lines", "backwards", "heading-offset"],
)
def test_markdown_include_lines_and_heading_offset_as_the_extension_reads_them(lines, offset, shown, line_map):
    from kbgen.content.includes import selected_lines

    assert selected_lines("# Terms\nDNS\n\n## More\n", lines, offset) == (shown, line_map)


def test_markdown_include_settings_come_from_mkdocs_yml_as_the_extension_defaults_them(tmp_path):
    from kbgen.content.includes import IncludeSettings, extension_options, without_extension

    listed = ["toc", {"markdown_include.include": {"base_path": "docs"}}, "abbr",
              {"markdown_include.include": {"base_path": "docs", "headingOffset": 1, "encoding": "nonsense"}}]
    assert extension_options(listed) == {"base_path": "docs", "headingOffset": 1, "encoding": "nonsense"}  # the last
    assert extension_options(["toc", "markdown_include.include"]) == {}
    assert extension_options(["toc"]) is None
    assert without_extension(listed) == ["toc", "abbr"]
    settings = IncludeSettings.from_options(extension_options(listed), str(tmp_path / "mkdocs.yml"))
    assert (settings.base_path, settings.heading_offset, settings.encoding) == (str(tmp_path / "docs"), 1, "utf-8")
    assert IncludeSettings.from_options({}, str(tmp_path / "mkdocs.yml")).base_path == str(tmp_path)  # "."
