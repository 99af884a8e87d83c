"""What `kbgen serve` re-renders for an edit, and the model it reloads, without a server."""

from __future__ import annotations

from pathlib import Path

from kbgen.content.validation import load_help_center
from kbgen.preview.changes import plan_update
from kbgen.preview.overlay import with_overlay
from kbgen.preview.reloading import LoadCache, reload_help_center

FILES = {
    "orders/_category.yml": "title: Orders\n",
    "orders/returns.md": "---\ntitle: Returns\ndescription: Send it back.\n---\n\nWithin 30 days.\n",
    "orders/tracking.md": "---\ntitle: Tracking\nrelated: [returns.md]\n---\n\nFollow the parcel.\n",
    "account/login.md": "---\ntitle: Sign in\n---\n\nUse your email.\n## Forgotten password\n\nReset it.\n",
    "account/help.faq.yml": "title: Account FAQ\nquestions:\n  - question: How do I reset it?\n"
                            "    answer: See [the steps](login.md#Forgotten-Password).\n",
}


def edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def plan_for(docs, name: str, old: str, new: str, known: set[str] | None = None):
    folder = docs(FILES)
    before = load_help_center(str(folder))
    edit(folder, name, old, new)
    after = load_help_center(str(folder))
    return plan_update(before, after, [name], known or set(), lambda p: (folder / p).exists())


def test_a_body_edit_re_renders_only_its_own_page(docs):
    plan = plan_for(docs, "orders/returns.md", "30 days", "45 days")
    assert plan.full == ""
    assert plan.pages == ["orders/returns.md"]


def test_an_edit_of_an_included_block_re_renders_the_pages_that_include_it(docs):
    folder = docs({**FILES, ".gitbook/includes/help.md": "---\ntitle: Help\n---\n\nWrite to us.\n",
                   "orders/late.md": "# Late\n\n{% include \"../.gitbook/includes/help.md\" %}\n"})
    before = load_help_center(str(folder))
    edit(folder, ".gitbook/includes/help.md", "Write", "Call")
    after = load_help_center(str(folder))
    plan = plan_update(before, after, [".gitbook/includes/help.md"], set(), lambda p: (folder / p).exists())
    assert plan.full == ""
    assert plan.pages == ["orders/late.md"]


def test_a_new_title_re_renders_the_pages_that_print_it(docs):
    plan = plan_for(docs, "orders/returns.md", "title: Returns", "title: Returns and refunds")
    assert plan.full == ""
    assert not plan.reorder
    assert plan.changed == ["orders/returns.md"]
    assert set(plan.shown_in) == {
        "index.md", "search/index.md", "contact.md", "orders/index.md", "orders/tracking.md",
    }


def test_a_title_that_changes_the_order_re_renders_and_reorders(docs):
    plan = plan_for(docs, "orders/returns.md", "title: Returns", "title: Undo an order")
    assert plan.full == ""
    assert plan.reorder
    assert "orders/tracking.md" in plan.shown_in


def test_a_new_category_key_needs_a_full_rebuild(docs):
    plan = plan_for(docs, "orders/returns.md", "description:", "category: account\ndescription:")
    assert plan.full == "orders/returns.md: its place in the site changed"


def test_a_category_file_needs_a_full_rebuild(docs):
    plan = plan_for(docs, "orders/_category.yml", "Orders", "Orders and parcels")
    assert plan.full == "orders/_category.yml changed"


def test_a_new_article_needs_a_full_rebuild_that_names_it(docs):
    folder = docs(FILES)
    before = load_help_center(str(folder))
    (folder / "orders/gift-cards.md").write_text("---\ntitle: Gift cards\n---\n\nText.\n", encoding="utf-8")
    after = load_help_center(str(folder))
    plan = plan_update(before, after, ["orders/gift-cards.md"], set(), lambda p: True)
    assert plan.full == "orders/gift-cards.md added"


def test_an_editor_scratch_file_is_not_a_change(docs):
    folder = docs(FILES)
    center = load_help_center(str(folder))
    plan = plan_update(center, center, ["orders/.returns.md.swp", "orders/4913"], set(), lambda p: False)
    assert plan.full == ""
    assert plan.pages == []


def test_a_reload_gives_the_model_a_full_load_gives(docs):
    folder = docs(FILES)
    cache = LoadCache()
    reload_help_center(cache, str(folder))
    edit(folder, "orders/returns.md", "30 days", "[[Tracking]] within 45 days")
    reloaded = reload_help_center(cache, str(folder))
    fresh = load_help_center(str(folder))
    reloaded = reload_help_center(cache, str(folder))  # twice: what the checks change stays out of the cache
    assert [a.__dict__ for a in reloaded.articles] == [a.__dict__ for a in fresh.articles]
    assert [f.__dict__ for f in reloaded.faqs] == [f.__dict__ for f in fresh.faqs]
    assert reloaded.categories == fresh.categories
    assert reloaded.diagnostics == fresh.diagnostics
    assert "[Tracking](tracking.md)" in reloaded.page_by_src("orders/returns.md").body
    assert "login.md#forgotten-password" in reloaded.faqs[0].entries[0].answer  # the link check's rewrite


def test_a_reload_counts_the_unknown_keys_of_files_it_did_not_read_again(docs):
    folder = docs({f"n{i}.md": f"---\ntitle: N{i}\nmobile: {i}\n---\nText.\n" for i in range(7)})
    cache = LoadCache()
    first = reload_help_center(cache, str(folder))
    edit(folder, "n3.md", "Text.", "Other text.")
    reloaded = reload_help_center(cache, str(folder))
    assert [d.format().rsplit("/", 1)[-1] for d in reloaded.diagnostics] == [
        d.format().rsplit("/", 1)[-1] for d in first.diagnostics] == [
        "n0.md:3: warning: unknown key 'mobile' in 7 files (this is the first) is kept for templates but not used "
        "by kbgen"]


def test_the_overlay_prints_messages_as_text():
    page = b"<html><body><p>x</p></body></html>"
    out = with_overlay(page, ["a.md:2: error: unknown category '<img src=x onerror=alert(1)>'"]).decode()
    assert "&lt;img src=x onerror=alert(1)&gt;" in out
    assert "<img" not in out
    assert out.endswith("</body></html>")
