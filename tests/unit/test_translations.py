"""Language folders: pages know their language, translations link up, stale ones are flagged."""

from __future__ import annotations

from kbgen.content.validation import load_help_center

SOURCE = "---\ntitle: Returns\nupdated: 2026-10-02\n---\n\n## Start\n\nText.\n"


def check(folder, languages=("en", "da"), warn_untranslated=True):
    center = load_help_center(str(folder), "articles/", list(languages), warn_untranslated=warn_untranslated)
    return center, [d.format() for d in center.diagnostics]


def test_language_folder_is_not_a_category(docs):
    folder = docs({"returns/policy.md": SOURCE, "da/returns/policy.md": SOURCE.replace("Returns", "Returnering")})
    center, messages = check(folder)
    assert messages == []
    assert sorted(center.categories) == ["da/returns", "returns"]
    assert center.categories["da/returns"].parent is None and center.categories["da/returns"].lang == "da"
    danish = center.page_by_src("da/returns/policy.md")
    assert danish.lang == "da"
    assert center.translations(danish)["en"].src == "returns/policy.md"


def test_untranslated_page_is_a_warning_unless_turned_off(docs):
    folder = docs({"returns/policy.md": SOURCE, "returns/other.md": SOURCE})
    _, messages = check(folder, ("en", "da", "ko"))
    assert "articles/returns/policy.md:1: warning: not translated into da, ko" in messages
    _, quiet = check(folder, ("en", "da", "ko"), warn_untranslated=False)
    assert quiet == []


def test_translation_older_than_its_source_is_flagged_at_its_date(docs):
    folder = docs({
        "returns/policy.md": SOURCE,
        "da/returns/policy.md": "---\ntitle: Returnering\nupdated: 2026-09-01\n---\nTekst.\n",
    })
    _, messages = check(folder)
    assert messages == [
        "articles/da/returns/policy.md:3: warning: translation may be out of date: articles/returns/policy.md "
        "was updated 2026-10-02, this translation 2026-09-01 (update it, then set 'updated' to the source's "
        "date or later)"
    ]


def test_translation_key_links_pages_with_different_paths(docs):
    folder = docs({
        "returns/policy.md": SOURCE.replace("title: Returns", "title: Returns\ntranslation_key: returns"),
        "da/retur/politik.md": "---\ntitle: Returnering\ntranslation_key: returns\nupdated: 2026-10-02\n---\nT.\n",
    })
    center, messages = check(folder)
    assert messages == []
    assert center.translations(center.page_by_src("returns/policy.md"))["da"].src == "da/retur/politik.md"


def test_links_stay_inside_their_language(docs):
    folder = docs({
        "returns/policy.md": SOURCE,
        "da/returns/policy.md": SOURCE.replace("Text.", "Se [forsiden](../index.md) og [kontakt](../contact.md)."),
    })
    _, messages = check(folder)
    assert messages == []
