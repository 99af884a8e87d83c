"""`kbgen new` writes a draft with prompts; a published article still holding one is warned
about by `kbgen check` and refused by `kbgen build --strict` (issue 14)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.locales import Locales, shipped_catalogs

PATH = "articles/orders/gift-cards.md"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def new_article(make_site, runner, *args: str):
    root = make_site()
    result = runner.invoke(main, ["new", "Gift cards", "--category", "orders", *args])
    assert result.exit_code == 0, result.output
    return root, root / PATH


def publish(path) -> None:
    path.write_text(path.read_text().replace("draft: true  # remove this line to publish\n", ""))


def test_new_article_is_a_draft_with_a_description_prompt(make_site, runner):
    _, path = new_article(make_site, runner)
    lines = path.read_text().splitlines()
    assert "draft: true  # remove this line to publish" in lines
    assert 'description: "One sentence a shopper sees in search results: what does this article answer?"' in lines
    assert "Write the answer first, in one or two sentences." in lines
    assert runner.invoke(main, ["check"]).output == ""  # a draft may hold its prompts


def test_published_article_with_prompts_is_warned_about_at_their_lines(make_site, runner):
    _, path = new_article(make_site, runner)
    publish(path)
    lines = path.read_text().splitlines()
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 0
    hint = "(replace it with the real text, or keep 'draft: true' until the article is ready)"
    assert result.output.splitlines() == [
        f"{PATH}:{lines.index(next(x for x in lines if x.startswith('description:'))) + 1}: warning: "
        f"the description is still the prompt 'kbgen new' wrote {hint}",
        f"{PATH}:{lines.index('Write the answer first, in one or two sentences.') + 1}: warning: placeholder text "
        f"left in a published article: 'Write the answer first, in one or two sentences.' {hint}",
        "0 errors, 2 warnings in 4 articles and 1 FAQ file",
    ]


def test_strict_build_refuses_a_published_article_with_prompts(make_site, runner):
    root, path = new_article(make_site, runner)
    publish(path)
    result = runner.invoke(main, ["build", "--strict"])
    assert result.exit_code == 1
    assert "Error: 2 warning(s) and --strict is set; the site was not changed" in result.output
    assert not (root / "site").exists()


def test_article_with_its_prompts_replaced_passes(make_site, runner):
    _, path = new_article(make_site, runner)
    publish(path)
    text = path.read_text()
    text = text.replace(Locales().language("en").new_article["description"], "Buy and redeem gift cards.")
    path.write_text(text.replace("Write the answer first, in one or two sentences.", "Gift cards never expire."))
    assert runner.invoke(main, ["check"]).output == ""


def test_new_article_prompts_are_in_its_language(make_site, runner):
    root = make_site()
    config = (root / "mkdocs.yml").read_text().replace("languages: [en]", "languages: [en, da]")
    (root / "mkdocs.yml").write_text(config)
    (root / "articles/da/orders").mkdir(parents=True)
    assert runner.invoke(main, ["new", "Gavekort", "--category", "orders", "--lang", "da"]).exit_code == 0
    text = (root / "articles/da/orders/gavekort.md").read_text()
    assert "Skriv svaret først, i en eller to sætninger." in text
    assert Locales().language("da").new_article["description"] in text


def test_every_shipped_language_has_a_description_and_a_body_prompt():
    locales = Locales()
    assert {"en", "da", "zh", "ko", "vi", "tl"} <= set(shipped_catalogs())
    for code in shipped_catalogs():
        prompts = locales.language(code).new_article
        assert prompts["description"] and prompts["body"], code
