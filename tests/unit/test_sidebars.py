"""Docusaurus' sidebars file, read without running it: the order, labels and landing pages it gives,
and one exact ``path:line`` warning for what only JavaScript could read."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from kbgen.content import sidebars as sidebars_module
from kbgen.content.validation import load_help_center

FALLBACK = "(kbgen orders the pages by _category_.json, sidebar_position and folder names instead)"
NOT_READ = "sidebars.js:{line}: warning: this sidebar was not read, so its order is not used: {why} " + FALLBACK

PAGES = {
    "intro.md": "---\nid: welcome\ntitle: Welcome\n---\n\nHi.\n",
    "contact-us.md": "---\ntitle: Reach us\n---\n\nMail.\n",
    "orders/pay.md": "---\nid: orders-pay\ntitle: Pay\nsidebar_position: 2\n---\n\nPay.\n",
    "orders/cancel.md": "---\ntitle: Cancel an order\nsidebar_position: 1\n---\n\nCancel.\n",
    "orders/overview.md": "---\ntitle: All about orders\ndescription: Where orders go.\n---\n\nText.\n",
    "orders/wrap.md": "---\ntitle: Gift wrap\ndescription: Paper and ribbons.\n---\n\nWrap.\n",
    "orders/old.md": "---\ntitle: Old page\n---\n\nLinked from nowhere in the sidebar.\n",
}

SIDEBAR = """
// @ts-check
/** @type {import('@docusaurus/plugin-content-docs').SidebarsConfig} */
const sidebars = {
  docs: [
    {
      type: 'category',
      label: 'Getting started',   // the top-level docs: no folder of their own
      items: ['welcome', "contact-us"],
    },
    {
      type: 'category',
      label: 'Your orders',
      link: {type: 'doc', id: 'orders/overview'},
      items: [
        'orders/orders-pay',
        {type: 'doc', id: 'orders/cancel', label: 'Cancel'},
        {type: 'link', label: 'Status', href: 'https://status.example.com'},
        {
          type: 'category',
          label: 'Extras',
          link: {type: 'generated-index', description: 'What you can add.'},
          items: ['orders/wrap'],
        },
      ],
    },
  ],
};

module.exports = sidebars;
"""


def load(tmp_path: Path, pages: dict[str, str], sidebar: str | None, name: str = "sidebars.js"):
    """A docs folder ``articles/`` of ``pages``, with ``sidebar`` beside it."""
    for path, text in pages.items():
        (tmp_path / "articles" / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "articles" / path).write_text(text, encoding="utf-8")
    if sidebar is not None:
        (tmp_path / name).write_text(textwrap.dedent(sidebar).lstrip("\n"), encoding="utf-8")
    return load_help_center(str(tmp_path / "articles"), shown_prefix="articles/")


def tree(center, parent=None, lang="en") -> list:
    """The sidebar kbgen shows: categories (title, id, landing page) and pages, in order."""
    from kbgen.site.pages import in_order

    out: list = []
    for entry in in_order(center.children_of(parent, lang), center.items_in(parent, lang=lang)):
        if hasattr(entry, "src"):
            out.append(entry.title)
        else:
            landing = next((a.src for a in center.articles if a.landing_of == entry.id), None)
            out.append((entry.title, entry.id, landing, tree(center, entry.id)))
    return out


def warnings(center) -> list[str]:
    return [d.format() for d in center.diagnostics]


def test_sidebar_gives_the_order_labels_and_landing_pages_docusaurus_showed(tmp_path):
    center = load(tmp_path, PAGES, SIDEBAR)
    assert warnings(center) == []
    assert tree(center) == [
        ("Getting started", "getting-started", None, ["Welcome", "Reach us"]),
        ("Your orders", "orders", "orders/overview.md", [
            "Pay", "Cancel an order", ("Extras", "orders/extras", None, ["Gift wrap"]),
        ]),
    ]
    assert center.categories["orders/extras"].description == "What you can add."
    by_src = {a.src: a for a in center.articles}
    assert by_src["intro.md"].category == "getting-started" and by_src["intro.md"].page_src == "intro.md"
    assert by_src["orders/old.md"].hidden  # no sidebar lists it: published, found, listed nowhere
    assert not by_src["orders/pay.md"].hidden


def test_category_whose_page_is_a_doc_keeps_the_docs_address(tmp_path):
    center = load(tmp_path, PAGES, """
        module.exports = {
          docs: [{type: 'category', label: 'Orders', items: [
            'orders/cancel',
            {type: 'category', label: 'Paying', link: {type: 'doc', id: 'orders/orders-pay'},
             items: ['orders/wrap']},
          ]}],
        };
    """)
    assert warnings(center) == []
    paying = center.categories["orders/pay"]
    assert (paying.title, paying.parent) == ("Paying", "orders")
    pay = next(a for a in center.articles if a.src == "orders/pay.md")
    assert (pay.landing_of, pay.page_src) == ("orders/pay", "orders/pay/index.md")


def titles(entries: list) -> list[str]:
    """Every title of a :func:`tree`, categories' too, in the order the sidebar shows them."""
    out: list[str] = []
    for entry in entries:
        out += [entry] if isinstance(entry, str) else [entry[0], *titles(entry[3])]
    return out


# Listed against their sidebar_position (Cancel is 1, Pay 2): the order shown is the sidebar's.
@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("sidebars.js", "module.exports = {docs: ['orders/orders-pay', 'orders/cancel']};"),
        ("sidebars.js", "export default {\n  docs: [\n    'orders/orders-pay', // first\n"
                        "    'orders/cancel',\n  ],\n};"),
        ("sidebars.ts", "import type {SidebarsConfig} from '@docusaurus/plugin-content-docs';\n"
                        "const sidebars: SidebarsConfig = {docs: [\"orders/orders-pay\", 'orders/cancel']};\n"
                        "export default sidebars;"),
        ("sidebars.json", '{"docs": ["orders/orders-pay", "orders/cancel"]}'),
        ("sidebars.js", "module.exports = {docs: {Orders: ['orders/orders-pay', 'orders/cancel']}};"),
        ("sidebars.js", "/* module.exports = {docs: ['orders/cancel']}; */\nmodule.exports = {\n  docs: [\n"
                        "    {type: 'doc', id: 'orders/orders-pay',},\n"
                        "    {type: \"doc\", \"id\": 'orders/cancel'},\n  ],\n};"),
    ],
    ids=["module-exports", "export-default", "typescript", "json", "shorthand", "comments-quotes-commas"],
)
def test_sidebar_forms_docusaurus_accepts(tmp_path, name, text):
    center = load(tmp_path, {k: v for k, v in PAGES.items() if k.startswith("orders/")}, text, name)
    assert warnings(center) == []
    shown = titles(tree(center))
    assert shown.index("Pay") < shown.index("Cancel an order")
    if "Orders" in text:  # the shorthand {label: [docs]} is a category: the folder all its docs are in
        assert shown == ["Orders", "Pay", "Cancel an order"]
    else:  # listed at the top, outside any category: orders/ shows no category, as in Docusaurus
        assert shown == ["Pay", "Cancel an order"]
        assert "orders" not in center.categories


@pytest.mark.parametrize(
    ("text", "line", "why"),
    [
        ("module.exports = {\n  docs: [\n    'intro',\n    require('./more'),\n  ],\n};",
         4, "require(...) needs JavaScript to run, and kbgen never runs a site's code"),
        ("const more = ['a'];\nmodule.exports = {\n  docs: [\n    ...more,\n  ],\n};",
         4, "a spread ('...') needs JavaScript to run, and kbgen never runs a site's code"),
        ("module.exports = {\n  docs: [\n    'a',\n    guides,\n  ],\n};",
         4, "the variable 'guides' needs JavaScript to run, and kbgen never runs a site's code"),
        ("module.exports = {\n  docs: [() => 'a'],\n};",
         2, "a function needs JavaScript to run, and kbgen never runs a site's code"),
        ("export default {\n  docs: ['a'] as string[],\n} satisfies SidebarsConfig;",
         2, "a TypeScript type ('as ...') needs TypeScript to compile, and kbgen never runs a site's code"),
        ("module.exports = {\n  docs: [`intro`],\n};",
         2, "a template string needs JavaScript to run, and kbgen never runs a site's code"),
        ("module.exports = function () {\n  return {};\n};",
         1, "its export is not an object written out, and kbgen never runs a site's code"),
        ("const sidebars = {docs: []};\n", 1, "it has no 'module.exports = {...}' or 'export default {...}'"),
        ("module.exports = {\n  docs: [\n", 1, "its exported object is never closed"),
        ("module.exports = {docs: " + "[" * 40 + "]" * 40 + "};", 1, "it is nested more than 32 levels deep"),
    ],
    ids=["require", "spread", "variable", "function", "typescript-type", "template-string", "function-export",
         "no-export",
         "unclosed", "too-deep"],
)
def test_what_needs_javascript_is_one_warning_and_the_folders_keep_their_order(tmp_path, text, line, why):
    center = load(tmp_path, PAGES, text)
    assert warnings(center) == [NOT_READ.format(line=line, why=why)]
    orders = next(entry for entry in tree(center) if isinstance(entry, tuple) and entry[1] == "orders")
    assert orders[3][:2] == ["Cancel an order", "Pay"]  # sidebar_position, as without a sidebar
    assert not any(a.hidden for a in center.articles)


def test_invalid_json_and_text_that_is_not_utf8(tmp_path):
    center = load(tmp_path, PAGES, '{"docs": ["orders/cancel",]\n  x}', "sidebars.json")
    assert warnings(center) == [NOT_READ.replace("sidebars.js", "sidebars.json").format(
        line=2, why="it is not valid JSON")]
    (tmp_path / "sidebars.json").unlink()
    (tmp_path / "sidebars.js").write_bytes(b"module.exports = {\n docs: ['\xff']};")
    center = load(tmp_path, PAGES, None)
    assert warnings(center) == [NOT_READ.format(line=2, why="it is not UTF-8 text")]


def test_a_huge_sidebar_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(sidebars_module, "MAX_BYTES", 1000)
    center = load(tmp_path, PAGES, "module.exports = {docs: [" + "'orders/cancel'," * 100 + "]};")
    assert warnings(center) == [NOT_READ.format(line=1, why="it is larger than 1,000 bytes, the most kbgen reads")]


def test_a_sidebar_of_too_many_items_is_refused(tmp_path):
    center = load(tmp_path, PAGES, "module.exports = {docs: [" + "'a'," * 100_001 + "]};")
    assert warnings(center) == [NOT_READ.format(line=1, why="it has more than 100,000 items")]


def test_doc_ids_no_page_has_are_warnings_naming_their_line(tmp_path):
    center = load(tmp_path, PAGES, """
        module.exports = {
          docs: [
            'orders/cancel',
            'orders/cancl',
            {type: 'autogenerated', dirName: 'returns'},
          ],
        };
    """)
    hint = ("(a doc id is the folder and the file name without '.md', or the folder and the page's 'id'; "
            "an autogenerated dirName is a folder of the docs folder)")
    assert warnings(center) == [
        f"sidebars.js:4: warning: no page has the doc id 'orders/cancl', so the sidebar leaves it out {hint}",
        f"sidebars.js:5: warning: no page has the doc id 'returns', so the sidebar leaves it out {hint}",
    ]


def test_autogenerated_lists_a_folder_in_its_own_order(tmp_path):
    pages = {**PAGES, "orders/gifts/cards.md": "---\ntitle: Gift cards\nsidebar_position: 1\n---\n\nCards.\n",
             "orders/gifts/_category_.json": '{"label": "Gifts", "position": 3}'}
    center = load(tmp_path, pages, """
        module.exports = {
          docs: [
            'welcome',
            {type: 'category', label: 'Shop', items: [{type: 'autogenerated', dirName: 'orders'}]},
          ],
        };
    """)
    assert warnings(center) == []
    # sidebar_position 1 and 2, the sub-folder at position 3, then the rest by title
    assert tree(center) == ["Welcome", ("Shop", "orders", None, [
        "Cancel an order", "Pay", ("Gifts", "orders/gifts", None, ["Gift cards"]),
        "All about orders", "Gift wrap", "Old page",
    ])]
    assert [a.src for a in center.articles if a.hidden] == ["contact-us.md"]


def test_what_the_content_says_itself_wins_over_the_sidebar(tmp_path):
    pages = {**PAGES, "orders/wrap.md": "---\ntitle: Gift wrap\norder: 0\nhidden: false\n---\n\nWrap.\n",
             "orders/_category.yml": "title: Orders and delivery\n"}
    center = load(tmp_path, pages, """
        module.exports = {docs: [{type: 'category', label: 'Your orders',
                                  items: ['orders/cancel', 'orders/orders-pay']}]};
    """)
    orders = center.categories["orders"]
    assert orders.title == "Orders and delivery"  # _category.yml, kbgen's own
    wrap = next(a for a in center.articles if a.src == "orders/wrap.md")
    assert not wrap.hidden and wrap.order == 0
    assert tree(center, "orders")[:3] == ["Gift wrap", "Cancel an order", "Pay"]


def test_sidebars_file_in_the_docs_folder_is_read_too(tmp_path):
    center = load(tmp_path, {**PAGES, "sidebars.js": "module.exports = {docs: ['contact-us', 'welcome']};"}, None)
    assert warnings(center) == []
    assert tree(center)[:2] == ["Reach us", "Welcome"]


def test_a_category_of_its_own_takes_no_address_a_page_or_kbgen_has(tmp_path):
    center = load(tmp_path, PAGES, """
        module.exports = {docs: [
          {type: 'category', label: 'Search', items: ['welcome']},
          {type: 'category', label: 'Contact us', items: ['contact-us']},
          {type: 'category', label: 'Orders', items: ['orders/cancel', 'orders/orders-pay']},
          {type: 'category', label: 'Orders', items: ['orders/wrap']},
        ]};
    """)
    assert warnings(center) == []
    # kbgen's search page, the page contact-us.md and the folder orders/ keep their addresses; no
    # category lists all of orders/, which, its other pages unlisted, is no category any more
    assert list(center.categories) == ["search-2", "contact-us-2", "orders-2", "orders-3"]
    assert [c.title for c in center.categories.values()] == ["Search", "Contact us", "Orders", "Orders"]


def test_many_unknown_doc_ids_are_counted_in_one_warning_after_the_first_ten(tmp_path):
    ids = ", ".join(f"'gone-{n}'" for n in range(12))
    center = load(tmp_path, PAGES, f"module.exports = {{docs: [{ids}]}};")
    found = warnings(center)
    assert len(found) == 11
    assert "sidebars.js:1: warning: 2 more doc ids that no page has are left out" in found


def test_links_to_a_generated_index_reach_its_category_page(tmp_path):
    pages = {**PAGES, "contact-us.md": "---\ntitle: Reach us\n---\n\nSee [extras](/shop/docs/category/extras).\n"}
    center = load(tmp_path, pages, SIDEBAR)
    assert warnings(center) == []
    contact = next(a for a in center.articles if a.src == "contact-us.md")
    assert "See [extras](orders/extras/index.md)." in contact.body


def test_a_sidebar_that_names_none_of_the_docs_hides_nothing(tmp_path):
    center = load(tmp_path, PAGES, "module.exports = {docs: ['guides/setup', {type: 'category', label: 'API', "
                                   "items: ['api/auth']}]};")
    assert [d.message for d in center.diagnostics] == [
        "no page has the doc id 'api/auth', so the sidebar leaves it out",
        "no page has the doc id 'guides/setup', so the sidebar leaves it out",
    ]
    assert not any(a.hidden for a in center.articles) and "orders" in center.categories
    assert "api" not in center.categories
