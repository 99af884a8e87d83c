"""Help centers written in other tools build on the first try, read the way those tools read them.

Each project under tests/fixtures/tools/ is written in one tool's style (Obsidian, GitBook,
Docusaurus, DocFX, MkDocs with awesome-pages, plain GitHub Markdown) and copied as it is into a
fresh ``kbgen init`` project; the conversions are asserted on the built HTML.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main

TOOLS = Path(__file__).resolve().parents[1] / "fixtures" / "tools"


@pytest.fixture
def built(make_site):
    """Build the fixture project of one tool; returns (site folder, build output)."""

    def build(tool: str) -> tuple[Path, str]:
        root = make_site(name=tool)
        shutil.rmtree(root / "articles")
        shutil.copytree(TOOLS / tool, root / "articles")
        result = CliRunner().invoke(main, ["build"])
        assert result.exit_code == 0, result.output
        assert " error: " not in result.output
        return root / "site", result.output

    return build


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def list_titles(html: str) -> list[str]:
    return re.findall(r'class="kbgen-list__title"[^>]*>([^<]*)<', html)


def test_obsidian_vault(built):
    site, output = built("obsidian")
    assert " 0 warnings" in output, output
    welcome = page(site, "Welcome")
    assert '<a href="../Orders/Views/#filters">filters</a>' in welcome  # [[Views#Filters|filters]]
    assert re.search(r'<details class="tip">\s*<summary>Quick answer</summary>', welcome)  # > [!tip]- folded
    assert "<mark>your receipt</mark>" in welcome
    assert "staff note" not in welcome  # %% comment %%
    assert "<code>[[not a link]]</code>" in welcome  # never inside code
    track = page(site, "Orders/Track a parcel")
    assert '<a href="../Views/#sorting">Sorting</a>' in track  # escaped pipe in a table
    assert '<img alt="parcel" src="../../attachments/parcel.png" />' in track  # ![[parcel.png]]
    assert '<img alt="A parcel" src="../../attachments/parcel.png" width="120" />' in track  # |A parcel|120
    # a Markdown image by bare file name, found in attachments/; #interface is only a styling hook
    assert '<img alt="A parcel on the doorstep" src="../../attachments/parcel.png#interface" />' in track
    assert '<a href="../../attachments/parcel.png">see the photo</a>' in track  # [[parcel.png|see the photo]]
    # [[Views#Sorting#By date]]: the "By date" under "Sorting", not the first one (under "Filters")
    assert '<a href="../Views/#by-date_1">sorting by date</a>' in track
    assert '<a href="../Views/#filters">tip</a>' in track  # [[Views#^filter-tip|tip]]: the block's heading
    views = page(site, "Orders/Views")
    assert "<p>Filter orders by status. <!-- kbgen:block filter-tip --></p>" in views  # the block id is not shown
    # ![[Views#Sorting]]: that heading's section only; ![[Views#^filter-tip]]: that paragraph only
    assert re.search(r'<h2 id="sorting">Sorting.*Sort by date\..*Newest first, or oldest first\.', welcome, re.S)
    assert "Show the orders of one month." not in welcome
    assert welcome.count("Filter orders by status.") == 1
    assert '<div class="admonition warning">' in track
    assert "<a href=\"../../Welcome/#welcome-to-fernhill-help\">Welcome</a>" in track
    # ![[Shipping note]] on a line of its own: the note's text, its links still reaching
    assert re.search(r'Parcels ship on <strong>weekdays</strong>\. See <a href="\.\./Views/">Views</a>', track)


def test_gitbook_space(built):
    site, output = built("gitbook")
    assert " 0 warnings" in output, output
    assert "Answers about orders and returns." in page(site, "")  # README.md is the home page's text
    assert not (site / "SUMMARY").exists()
    orders = page(site, "orders")
    assert list_titles(orders) == ["Track an order", "Change an order"]  # SUMMARY.md order, not A-Z
    change = page(site, "orders/change")
    assert '<div class="admonition warning">' in change  # {% hint style="warning" icon="clock" %}
    assert re.findall(r'<label for="__tabbed_1_\d">([^<]*)</label>', change) == ["Website", "App"]  # {% tabs %}
    # {% stepper %}: an ordered list, one item per {% step %}
    steps = re.search(r"<ol>\s*(<li>\s*<p>.*?)</ol>", change, re.S).group(1)
    assert re.findall(r"<li>\s*<p><strong>([^<]*)</strong></p>", steps) == ["Sign in", "Press Change"]
    assert "Pick the new size or colour." in steps
    assert "{%" not in change
    track = page(site, "orders/track")
    assert '<a href="https://video.example/track">How tracking works</a>' in track  # {% embed %}
    assert '<a href="../change/">change.md</a>' in track  # {% content-ref %}
    assert '<a href="../../returns/labels/#printing-a-label">labels</a>' in track
    assert '<a href="../change/#1-find-the-order">Find the order</a>' in track  # GitBook's id-1.-find-the-order
    assert '<summary id="can-i-reuse-a-label">Can I reuse a label?</summary>' in page(site, "returns/labels")
    assert "{%" not in track
    # Markdown under .gitbook/ is an uploaded file, published as it is: no page, no warning
    assert '<a href="../../.gitbook/assets/size-chart.md">size chart</a>' in track
    assert (site / ".gitbook/assets/size-chart.md").read_text(encoding="utf-8").startswith("---\nname: size-chart")
    assert not (site / ".gitbook/assets/size-chart").exists()
    # hidden: true, listed in SUMMARY.md: published and searchable, in no sidebar or list
    assert "Choose gift wrapping at checkout." in page(site, "orders/gift-wrap")
    assert "gift-wrap/" not in orders and "gift-wrap/" not in track
    found = CliRunner().invoke(main, ["search", "gift wrapping", "--json"])
    assert json.loads(found.output)["results"][0]["url"] == "/orders/gift-wrap/", found.output
    # {% include %}: GitBook's reusable block in place, its links reaching from each page that includes it
    assert re.search(r'<div class="admonition info">\s*<p class="admonition-title">Info</p>\s*<p>Still stuck\? '
                     r'Ask the parcel concierge at the <a href="../../returns/labels/#printing-a-label">label desk</a>',
                     track)
    assert '<a href="labels/#printing-a-label">label desk</a>' in page(site, "returns")
    found = CliRunner().invoke(main, ["search", "parcel concierge", "--json"])
    assert {r["url"] for r in json.loads(found.output)["results"]} >= {"/orders/track/", "/returns/"}, found.output
    returns = page(site, "returns")  # returns.md beside returns/ is that folder's landing page
    assert "Send items back within 30 days." in returns
    assert returns.count("<h1") == 1
    assert list_titles(returns) == ["Return labels"]
    # {% page-ref %}: a link named by the title of the page or category it reaches
    assert '<p><a href="labels/">Return labels</a></p>' in returns
    assert '<p><a href="../orders/">Orders</a></p>' in returns
    assert '<a href="../">Returns</a>' in page(site, "returns/labels")


def test_docusaurus_site(built):
    site, output = built("docusaurus")
    assert sorted(line.split(": warning: ")[1] for line in output.splitlines() if ": warning: " in line) == [
        "MDX component <TabItem> is not run; its text is shown as it is (write it as Markdown)",  # one-line
        "MDX import/export lines are left out (kbgen renders Markdown, not MDX: write the content as Markdown)",
    ]
    orders = page(site, "orders")
    assert "<h1>Orders and delivery</h1>" in orders  # _category_.json label
    assert "Everything about your orders" in orders  # its link.description
    assert list_titles(orders) == ["Pay for an order", "Cancel"]  # sidebar_position; sidebar_label as title
    cancel = page(site, "orders/cancel")
    assert re.search(r'<div class="admonition note">\s*<p class="admonition-title">Before you cancel</p>', cancel)
    assert re.search(r'<div class="admonition danger">\s*<p class="admonition-title">Refunds</p>', cancel)
    assert ":::" not in cancel
    pay = page(site, "orders/pay")
    assert "import Tabs" not in pay
    # <Tabs> with a <TabItem label=...> on a line of its own: content tabs
    assert re.findall(r'<label for="__tabbed_\d_\d">([^<]*)</label>', pay) == ["Website", "App"]
    assert "<strong>Pay</strong>" in pay and "TabItem" not in pay.split("Website", 1)[1]
    assert '<summary id="can-i-pay-later">Can I pay later?</summary>' in pay
    home = page(site, "")
    assert re.findall(r'kbgen-card__title[^>]*>([^<]*)<', home) == ["Orders and delivery", "Returns"]


def nav_titles(text: str) -> list[str]:
    """The primary sidebar's entries, in order (the open category's pages among them)."""
    nav = text.split("md-nav--primary", 1)[1].split("</nav>\n</div>", 1)[0]
    found = re.findall(r'<span class="md-ellipsis">([^<]*)', nav)
    return [html.unescape(title.strip()) for title in found if title.strip()]


def test_docusaurus_sidebars_give_the_order_labels_and_category_pages(make_site):
    """A Docusaurus site with sidebars.js beside its docs/ folder, copied as it is (docs/ as articles/)."""
    source = TOOLS / "docusaurus-sidebars"
    root = make_site(name="docusaurus-sidebars")
    shutil.rmtree(root / "articles")
    shutil.copytree(source / "docs", root / "articles")
    shutil.copy(source / "sidebars.js", root / "sidebars.js")
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    assert " warning: " not in result.output and " error: " not in result.output
    site = root / "site"

    # The sidebar's order and labels, not sidebar_position's or the folders': "Carriers" lists two
    # docs of shipping/ (a category of its own), the link entry is left out.
    rates = page(site, "shipping/rates")
    assert nav_titles(rates) == [
        "Home", "Welcome to the help center", "Shipping & delivery", "Shipping rates", "Shipping abroad",
        "Carriers", "Track a parcel", "Returns & refunds", "Contact us",
    ]
    carriers = page(site, "shipping/carriers")
    assert "<h1>Carriers</h1>" in carriers and list_titles(carriers) == ["DHL", "UPS"]
    assert nav_titles(page(site, "shipping/dhl"))[5:8] == ["Carriers", "DHL", "UPS"]

    # The category's page is the doc its link names; where it had <DocCardList />, its pages are listed
    # (sidebar order, descriptions), and its text goes on below them. The import line shows nowhere.
    shipping = page(site, "shipping")
    assert "<h1>Shipping at a glance</h1>" in shipping
    listed = shipping.split("We ship every weekday.", 1)[1].split("Still stuck? Write to us.", 1)[0]
    assert list_titles(listed) == ["Shipping rates", "Shipping abroad", "Track a parcel"]
    assert re.search(r"kbgen-card__title[^>]*>Carriers<", listed)
    assert "What delivery costs, by weight." in listed
    assert "DocCardList" not in shipping and "@theme" not in shipping
    assert not (site / "shipping" / "overview").exists()

    # A generated index: the label, the description, the docs in the sidebar's order.
    returns = page(site, "returns")
    assert "<h1>Returns &amp; refunds</h1>" in returns
    assert "Send something back and get your money." in returns
    assert list_titles(returns) == ["Start a return", "Refunds"]
    # <DocCardList /> on a page that is no category's page: a list of links to the category's other pages.
    start = html.unescape(page(site, "returns/start"))
    assert '<li><a href="../refunds/">Refunds</a>: When the money is back on your card.</li>' in start

    # A doc no sidebar lists is published, but listed nowhere, as on the Docusaurus site.
    assert "Old account settings" in page(site, "account/legacy")
    assert "Old account settings" not in rates
    assert not (site / "account" / "index.html").exists()
    assert not (site / "sidebars.js").exists()


def test_docfx_project(built):
    site, output = built("docfx")
    assert " 0 warnings" in output, output
    assert list_titles(page(site, "orders")) == ["Delivery", "Billing"]  # toc.yml order
    delivery = page(site, "orders/delivery")
    assert '<div class="admonition note">' in delivery and '<div class="admonition info">' in delivery
    assert '<a href="../billing/">fernhill.billing</a>' in delivery  # <xref:uid>
    assert '<a href="orders/delivery/">delivery</a>' in page(site, "")  # [delivery](xref:uid)


def test_mkdocs_project_with_awesome_pages(built):
    site, output = built("mkdocs")
    assert " 0 warnings" in output, output
    orders = page(site, "orders")
    assert "<h1>Your orders</h1>" in orders
    assert list_titles(orders) == ["Returns", "Shipping"]


def test_mkdocs_project_with_markdown_include_not_installed(make_site):
    """``markdown_include.include`` in mkdocs.yml: kbgen reads ``{!file!}`` itself, from ``base_path``, so the
    page, its checks and search have the included text, and the extension need not be installed."""
    root = make_site(name="mkdocs")
    shutil.rmtree(root / "articles")
    shutil.copytree(TOOLS / "mkdocs", root / "articles")
    (root / "articles" / "_snippets").mkdir()
    (root / "articles" / "_snippets" / "pigeon.md").write_text(
        "Small parcels also travel by *courier pigeon*, see [returns](returns.md).\n\n*[EU]: European Union\n",
        encoding="utf-8")
    shipping = root / "articles" / "orders" / "shipping.md"
    shipping.write_text(shipping.read_text(encoding="utf-8") + "\nWe ship across the EU.\n\n{!_snippets/pigeon.md!}\n",
                        encoding="utf-8")
    config = root / "mkdocs.yml"
    listed = "markdown_extensions:\n  - markdown_include.include:\n      base_path: articles\n"
    config.write_text(config.read_text(encoding="utf-8").replace("markdown_extensions:\n", listed, 1),
                      encoding="utf-8")
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    assert " 0 warnings" in result.output, result.output
    html = page(root / "site", "orders/shipping")
    assert '<em>courier pigeon</em>, see <a href="../returns/">returns</a>' in html  # read from the page
    assert '<abbr title="European Union">EU</abbr>' in html
    found = CliRunner().invoke(main, ["search", "courier pigeon", "--json"])
    assert json.loads(found.output)["results"][0]["url"] == "/orders/shipping/", found.output


def test_an_extension_kbgen_does_not_reset_still_renders_every_page(make_site):
    """mkdocs.yml's own extensions (Pi-hole's list pymdownx.mark, .snippets, .arithmatex): each page gets
    MkDocs' own converter; from the second page on, the build failed ('bool' object has no attribute)."""
    root = make_site(name="mkdocs", files={"articles/orders/wrap.md": "# Wrap\n\nAsk for ==gift wrap==.\n"})
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "markdown_extensions:\n", "markdown_extensions:\n  - pymdownx.mark\n", 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    assert "Ask for <mark>gift wrap</mark>." in page(root / "site", "orders/wrap")


def test_plain_markdown(built):
    site, output = built("plain")
    warnings = [line for line in output.splitlines() if ": warning: " in line]
    assert warnings == [  # broken in the source too: reported, and the page still builds
        "articles/faq.md:3: warning: link 'how-to-pay.md#gone' points to a missing anchor '#gone' "
        "(check the heading's spelling)",
        "articles/faq.md:3: warning: link 'old-wiki/page.md' points to a page that does not exist",
    ]
    pay = page(site, "how-to-pay")
    assert "<title>How to pay" in pay  # the setext heading is the title
    assert 'id="use-paypal-or-a-card"' in pay and 'id="summer_sale-codes"' in pay
    assert '<a href="#use-paypal-or-a-card">above</a>' in pay
    assert '<a href="#summer_sale-codes">GitHub-style</a>' in pay
    faq = page(site, "faq")
    assert 'class="footnote"' in faq and "[^1]" not in faq  # footnotes
    assert "task-list-item" in faq and "[x]" not in faq  # GitHub task lists
    assert re.search(r"Parcel delivered<ul>\s*<li>Courier notified</li>", faq)  # nested by two spaces
    assert "<del>Tracking email</del>" in faq


def test_strict_turns_broken_links_into_a_failed_build(make_site):
    root = make_site(name="plain")
    shutil.rmtree(root / "articles")
    shutil.copytree(TOOLS / "plain", root / "articles")
    result = CliRunner().invoke(main, ["build", "--strict"])
    assert result.exit_code == 1
    assert "2 warning(s) and --strict is set; the site was not changed" in result.output
