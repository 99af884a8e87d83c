"""kbgen import zendesk|helpscout: a hosted help desk's API JSON becomes articles that build and redirect."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest
from click.testing import CliRunner

from kbgen.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ZENDESK = FIXTURES / "zendesk-export"
HELPSCOUT = FIXTURES / "helpscout-export"
REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)">')


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def add_languages(root: Path, languages: str) -> None:
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("languages: [en]", f"languages: [{languages}]"))


def fixture_articles(folder: Path) -> list[dict]:
    found = []
    for path in sorted(folder.rglob("*.json")):
        data = json.loads(path.read_text())
        found += data.get("articles", []) if isinstance(data.get("articles"), list) else []
        found += [data["article"]] if "article" in data else []
    return found


def landing(site: Path, old_url: str) -> tuple[str, str]:
    """Where the redirect page of an old address sends the browser, and the HTML of that page."""
    path = unquote(urlsplit(old_url).path).strip("/")
    page = (site / path / "index.html").read_text()
    target = REFRESH.search(page).group(1)
    return target, (site / unquote(target).strip("/") / "index.html").read_text()


@pytest.fixture
def imported(make_site):
    root = make_site()
    result = run("import", "zendesk", str(ZENDESK))
    return root, result


def test_zendesk_export_imports_with_a_summary(imported):
    root, result = imported
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Imported 20 articles in 3 categories, 6 sections, 2 languages; 20 old addresses redirect",
        "Languages: en-us -> en (at the top of articles/), da -> da (in articles/da/)",
        "2 images still load from the old help desk: copy them into the docs folder before closing it",
        "Wrote 38 files under articles/",
        "Next: add the new language to mkdocs.yml (plugins: - kbgen: languages: [en, da]), then run kbgen build; "
        "articles not yet translated are warnings, which --strict refuses (translations: {warn_missing: false} "
        "stops them)",
    ]
    assert (root / "articles/orders-delivery/_category.yml").read_text() == (
        "title: Orders & delivery\ndescription: Where your order is and how it travels.\norder: 1\n")
    assert (root / "articles/da/orders-delivery/tracking/_category.yml").read_text() == "title: Sporing\norder: 1\n"


def test_zendesk_article_has_front_matter_and_markdown_body(imported):
    root, _ = imported
    text = (root / "articles/orders-delivery/tracking/track-your-order.md").read_text()
    assert text.startswith(
        "---\ntitle: Track your order\nkeywords:\n- wismo\n- tracking\norder: 1\nupdated: 2026-10-01\n"
        "translation_key: zendesk-360000000101\nredirect_from:\n- /hc/en-us/articles/360000000101-Track-your-order\n"
        "---\n\nHere is the answer — Track your order.\n\n## Before you start\n\n"
    )
    # links between imported articles are relative .md paths; Zendesk's heading ids become kbgen's anchors
    assert ("See [the other article](my-parcel-is-late.md) or [returns]"
            "(../../returns-refunds/returns/how-to-return-an-item.md) and [the top](#before-you-start).") in text
    assert "Jump to [before you start](my-parcel-is-late.md#before-you-start)." in text
    assert "![The tracking page](https://larkspur.zendesk.com/hc/article_attachments/9001/tracking-page.png)" in text
    assert "| PostNord \\| GLS | 1-3 |" in text
    assert "!!! warning\n\n    **Note:** tracking starts when the parcel is scanned." in text
    danish = (root / "articles/da/returns-refunds/returns/how-to-return-an-item.md").read_text()
    assert "title: Sådan returnerer du en vare\n" in danish
    assert "- /hc/da/articles/360000000201-Sådan-returnerer-du-en-vare\n" in danish
    assert "translation_key: zendesk-360000000201\n" in danish


def test_zendesk_import_builds_and_every_old_address_lands_on_its_article(imported):
    root, _ = imported
    add_languages(root, "en, da")
    result = run("build")
    assert result.exit_code == 0, result.output
    assert " error" not in result.output
    site = root / "site"
    lines = set((site / "_redirects").read_text().splitlines())
    articles = fixture_articles(ZENDESK)
    assert len(articles) == 20 and {a["locale"] for a in articles} == {"en-us", "da"}
    for article in articles:
        target, page = landing(site, article["html_url"])
        assert f"<h1>{article['title']}</h1>" in page.replace("&amp;", "&"), article["html_url"]
        assert f'<html lang="{"da" if article["locale"] == "da" else "en"}"' in page
        old = quote(unquote(urlsplit(article["html_url"]).path), safe="/!$&()*+,=:@-._~")
        assert f"{old} {target} 301" in lines
    target, _ = landing(site, "https://larkspur.zendesk.com/hc/da/articles/360000000201-S%C3%A5dan-returnerer-du-en-vare")
    assert target == "/da/returns-refunds/returns/how-to-return-an-item/"


def test_imported_html_stays_text_and_loses_scripts(imported):
    root, _ = imported
    add_languages(root, "en, da")
    assert run("build").exit_code == 0
    page = (root / "site/account-payment/paying/payment-methods/index.html").read_text()
    assert "Text that looks like code: &lt;script&gt;alert(1)&lt;/script&gt; and &#123;: onclick=&quot;x&quot;}." \
        in page.replace('onclick="x"', "onclick=&quot;x&quot;")
    assert "<script>alert(1)" not in page
    assert 'href="javascript:' not in page
    tracking = (root / "site/orders-delivery/tracking/track-your-order/index.html").read_text()
    assert '<div class="admonition warning">' in tracking
    assert '<a href="../my-parcel-is-late/#before-you-start">before you start</a>' in tracking


def test_import_never_replaces_existing_files_unless_forced(imported):
    root, _ = imported
    page = root / "articles/orders-delivery/tracking/track-your-order.md"
    page.write_text("---\ntitle: Mine\n---\n\nEdited by staff.\n")
    again = run("import", "zendesk", str(ZENDESK))
    assert again.exit_code == 1
    assert again.output == (
        "Error: articles/account-payment/_category.yml and 37 more already exist; nothing was written "
        "(pass --force to replace them, or import into an empty docs folder)\n"
    )
    assert page.read_text() == "---\ntitle: Mine\n---\n\nEdited by staff.\n"
    forced = run("import", "zendesk", str(ZENDESK), "--force")
    assert forced.exit_code == 0, forced.output
    assert page.read_text().startswith("---\ntitle: Track your order\n")


def hostile_export(folder: Path) -> Path:
    folder.mkdir()
    (folder / "categories.json").write_text(json.dumps({"categories": [
        {"id": "../../..", "name": "../../../../outside", "locale": "en-us", "position": 1}]}))
    (folder / "sections.json").write_text(json.dumps({"sections": [
        {"id": "/etc", "category_id": "../../..", "name": "/etc/cron.d/..", "locale": "en-us"}]}))
    (folder / "articles.json").write_text(json.dumps({"articles": [
        {"id": "../../../../tmp/x", "section_id": "/etc", "title": "../../../../../tmp/pwned\u0000", "locale": "en-us",
         "body": "<p>x</p>", "html_url": "https://x.zendesk.com/hc/en-us/articles/1/../../../../etc"},
        {"id": 2, "section_id": "/etc", "title": "." * 500, "locale": "../../da", "body": "<p>y</p>"},
        {"id": 3, "section_id": "/etc", "title": "index", "locale": "en-us", "body": "<p>z</p>"},
    ]}))
    return folder


def test_hostile_ids_and_titles_stay_inside_the_docs_folder(make_site, tmp_path):
    root = make_site()
    export = hostile_export(tmp_path / "export")
    before = {p for p in tmp_path.rglob("*")}
    result = run("import", "zendesk", str(export))
    assert result.exit_code == 0, result.output
    created = {p for p in tmp_path.rglob("*")} - before
    docs = (root / "articles").resolve()
    assert created and all(p.resolve().is_relative_to(docs) for p in created), sorted(map(str, created))
    names = sorted(str(p.relative_to(docs)) for p in created if p.suffix == ".md")
    assert names == ["da/etccrond/2.md", "etccrond/index-2.md", "etccrond/tmppwned.md"]
    assert all(len(p.name) <= 64 for p in created)
    assert "redirect_from" not in (docs / "etccrond/tmppwned.md").read_text()  # its old address had '..'
    assert run("check").exit_code == 0


def test_helpscout_export_imports_builds_and_redirects(make_site):
    root = make_site()
    result = run("import", "helpscout", str(HELPSCOUT))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:3] == [
        "Imported 7 articles in 2 collections, 3 categories, 1 language; 6 old addresses redirect",
        "1 draft imported with 'draft: true' (not published)",
        "1 image still loads from the old help desk: copy them into the docs folder before closing it",
    ]
    parcel = (root / "articles/shopping/delivery/where-is-my-parcel.md").read_text()
    assert "read [late deliveries](late-deliveries.md)." in parcel
    assert "!!! info\n\n    Tracking can take a day to start." in parcel
    assert "See [where is my parcel](../delivery/where-is-my-parcel.md)." in (
        root / "articles/shopping/returns/start-a-return.md").read_text()
    assert "draft: true\n" in (root / "articles/shopping/returns/refund-times.md").read_text()
    assert (root / "articles/your-account/delete-your-account.md").is_file()  # "Uncategorized": its collection
    build = run("build")
    assert build.exit_code == 0, build.output
    site = root / "site"
    for article in fixture_articles(HELPSCOUT):
        old = site / urlsplit(article["publicUrl"]).path.strip("/") / "index.html"
        if article["status"] == "notpublished":
            assert not old.exists()
            continue
        _, page = landing(site, article["publicUrl"])
        title = html.escape(" ".join(article["name"].replace("\0", " ").split()), quote=False)
        assert f"<h1>{title}</h1>" in page, article["publicUrl"]
    assert "/article/21-where-is-my-parcel /shopping/delivery/where-is-my-parcel/ 301" in (
        site / "_redirects").read_text().splitlines()


def test_import_without_a_help_center_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("import", "zendesk", str(ZENDESK))
    assert result.exit_code == 1
    assert result.output == (
        "Error: mkdocs.yml not found: run kbgen import inside a help center (start one with 'kbgen init DIR'), "
        "or pass --docs-dir\n"
    )


def test_broken_json_is_an_error_naming_the_file_and_line(make_site, tmp_path):
    make_site()
    export = tmp_path / "broken"
    export.mkdir()
    (export / "articles.json").write_text('{"articles": [\n  {"id": 1,}\n]}')
    result = run("import", "zendesk", str(export))
    assert result.exit_code == 1
    assert result.output == f"Error: {export / 'articles.json'}:2: error: not valid JSON (Expecting property name " \
                            "enclosed in double quotes)\n"


@pytest.mark.parametrize("command", ["import", "import zendesk", "import helpscout"])
def test_import_help_has_an_example(command):
    result = run(*command.split(), "--help")
    assert result.exit_code == 0
    assert "Example:\n      kbgen import " in result.output


def test_zendesk_import_of_a_help_scout_export_fails_saying_which_command_reads_it(make_site):
    root = make_site()
    result = run("import", "zendesk", str(HELPSCOUT))
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {HELPSCOUT}: 7 articles found, but none has both an 'id' and a 'locale', as the Help Center API "
        f"gives them; nothing was written; this looks like a Help Scout export: kbgen import helpscout {HELPSCOUT}\n"
    )
    assert not (root / "articles/shopping").exists()


def test_helpscout_import_of_a_zendesk_export_fails_saying_which_command_reads_it(make_site):
    make_site()
    result = run("import", "helpscout", str(ZENDESK))
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {ZENDESK}: no articles with their text found; save the answer of GET /v1/articles/{{id}} for each "
        "article (and of the collections and categories lists) there; this looks like a Zendesk Guide export: "
        f"kbgen import zendesk {ZENDESK}\n"
    )


def test_an_export_whose_every_article_is_skipped_fails_saying_why(make_site, tmp_path):
    make_site()
    export = tmp_path / "export"
    export.mkdir()
    (export / "articles.json").write_text('{"articles": [{"id": 1, "title": "No locale"}]}')
    result = run("import", "zendesk", str(export))
    assert result.exit_code == 1
    assert result.output == (f"Error: {export}: 1 article found, but none has both an 'id' and a 'locale', as the "
                             "Help Center API gives them; nothing was written\n")
