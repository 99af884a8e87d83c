"""The preview's index updated in place (kbgen.index.live), against the index ``kbgen build`` writes."""

from __future__ import annotations

import dataclasses
import filecmp
import random
from pathlib import Path

import pytest

from kbgen.index.builder import build_index
from kbgen.index.documents import SearchPage, article_page, faq_page
from kbgen.index.live import LiveIndex
from kbgen.index.query import SearchIndex

WORDS = {
    "en": ("parcel order refund label courier tracking return exchange voucher invoice delivery size colour "  # noqa: SIM905
           "warranty jacket boots backpack store pickup address payment card klarna gift wrap").split(),
    "da": ("pakke ordre retur returlabel fragt fragtlabel levering studie studierabat rabat betaling jakke "  # noqa: SIM905
           "støvler rygsæk butik adresse kort gave gavekort størrelse farve garanti").split(),
}
SYNONYMS = {"en": [["refund", "money back"], ["parcel", "package"]], "da": [["retur", "returnering"]]}


def make_pages(lang: str, count: int = 60) -> list[SearchPage]:
    """Pages whose common words reach more than INLINE_POSTINGS documents, in several postings files."""
    rng = random.Random(7)
    words = WORDS[lang]
    pages: list[SearchPage] = []
    for n in range(count):
        body = " ".join(rng.choice(words) for _ in range(60)) + f" item{n}" + (" wallabyfold" if n == 5 else "")
        section = " ".join(rng.choice(words) for _ in range(40))
        pages.append(article_page(
            url=f"/{lang}/c{n % 4}/page-{n:03d}/", title=f"{rng.choice(words).title()} {rng.choice(words)} {n}",
            category=f"c{n % 4}", description=" ".join(rng.choice(words) for _ in range(8)),
            keywords=[f"{rng.choice(words)} {rng.choice(words)}", rng.choice(words)],
            html=f"<p>{body}</p><h2 id='more'>{rng.choice(words)} {rng.choice(words)}</h2><p>{section}</p>",
        ))
    pages.append(faq_page(url=f"/{lang}/faq/", title="Questions", category="c0", description="",
                          entries=[(f"q{k}", f"{words[k]} {words[k + 1]}?", f"<p>{words[k + 2]} ok</p>", [words[k]])
                                   for k in range(6)]))
    return sorted(pages, key=lambda p: p.url)  # as the build gives them


def numbered(pages: list[SearchPage], n: int) -> SearchPage:
    """Page number ``n`` (the one whose body says ``item<n>``)."""
    return next(p for p in pages if p.url.endswith(f"/page-{n:03d}/"))


def edited(page: SearchPage, remove: str, add: str) -> SearchPage:
    head = dataclasses.replace(page.head, fields={**page.head.fields,
                                                  "body": page.head.fields["body"].replace(remove, add)},
                               text=page.head.text.replace(remove, add))
    return dataclasses.replace(page, head=head)


def same_tree(a: Path, b: Path) -> bool:
    compared = filecmp.dircmp(a, b)
    if compared.left_only or compared.right_only or compared.diff_files or compared.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, compared.common_files, shallow=False)
    return not mismatch and not errors and all(same_tree(a / d, b / d) for d in compared.common_dirs)


def live_folder(out: Path) -> Path:
    """The search folder with only the index folder its manifest names (the one before is kept)."""
    import json
    import shutil

    named = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["index"].rstrip("/")
    for folder in out.glob("i-*"):
        if folder.name != named:
            shutil.rmtree(folder)
    return out


@pytest.fixture(params=["en", "da"])
def lang(request) -> str:
    return request.param


def test_seeding_adopts_the_folder_kbgen_build_wrote(tmp_path, lang):
    pages = make_pages(lang)
    out = tmp_path / "search"
    build_index(pages, out, lang=lang, synonyms=SYNONYMS[lang])
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*")}

    LiveIndex(out, lang=lang, synonyms=SYNONYMS[lang]).seed(pages)

    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == stamps


def test_an_edit_rewrites_a_few_files_and_search_meets_the_added_word_not_the_removed_one(tmp_path, lang):
    pages = make_pages(lang)
    out = tmp_path / "search"
    build_index(pages, out, lang=lang, synonyms=SYNONYMS[lang])
    live = LiveIndex(out, lang=lang, synonyms=SYNONYMS[lang])
    live.seed(pages)
    target = numbered(pages, 5)
    assert [r.url for r in SearchIndex(out).search("wallabyfold").results] == [target.url]

    done = live.update([edited(target, "wallabyfold", "quokkaproof")])

    index = SearchIndex(out)
    assert [r.url for r in index.search("quokkaproof").results][:1] == [target.url]
    assert index.search("wallabyfold").results == []
    assert index.search("wallabyfold").unmatched == ["wallabyfold"]  # the site no longer uses it
    assert done.pages == 1 and 0 < done.files < done.total / 4


def test_reweighing_after_edits_gives_the_files_kbgen_build_writes(tmp_path, lang):
    pages = make_pages(lang)
    out = tmp_path / "live" / "search"
    build_index(pages, out, lang=lang, synonyms=SYNONYMS[lang])
    live = LiveIndex(out, lang=lang, synonyms=SYNONYMS[lang])
    live.seed(pages)
    words = WORDS[lang]
    now = list(pages)
    # Words added and removed, a new section, a title changed: counts, lengths and postings files move.
    now[3] = edited(now[3], words[0], "zebrafoam " * 40)
    live.update([now[3]])
    now[8] = dataclasses.replace(now[8], title="Retitled", head=dataclasses.replace(now[8].head, title="Retitled"),
                                 sections=[*now[8].sections, *now[9].sections])
    now[20] = edited(now[20], words[1], words[2])
    live.update([now[8], now[20]])
    for _ in live.reweigh():
        pass

    expected = tmp_path / "build" / "search"
    build_index(sorted(now, key=lambda p: p.url), expected, lang=lang, synonyms=SYNONYMS[lang])
    assert same_tree(live_folder(out), expected)


def test_a_reweighing_stopped_half_way_leaves_the_index_as_it_was(tmp_path):
    pages = make_pages("en")
    out = tmp_path / "search"
    build_index(pages, out, synonyms=SYNONYMS["en"])
    live = LiveIndex(out, synonyms=SYNONYMS["en"])
    live.seed(pages)
    target = numbered(pages, 2)
    live.update([edited(target, "item2", "quokkaproof")])
    manifest = (out / "manifest.json").read_bytes()

    steps = live.reweigh()
    next(steps)
    steps.close()  # an edit came in

    assert (out / "manifest.json").read_bytes() == manifest
    live.update([edited(target, "item2", "numbatish")])
    assert [r.url for r in SearchIndex(out).search("numbatish").results][:1] == [target.url]


def test_seeding_writes_what_the_build_writes_when_a_compound_part_reaches_no_document(tmp_path):
    pages = [article_page(url="/da/a/", title="Modeller", category="",
                          html="<p>modeller og modellen, tabeller og tabellen, mode og tabe</p>")]
    built, live = tmp_path / "built", tmp_path / "live"
    build_index(pages, built, lang="da")
    LiveIndex(live, lang="da").seed(pages)
    assert same_tree(built, live_folder(live))


def test_the_preview_worker_weighs_everything_again_once_the_edits_pause(tmp_path, monkeypatch):
    import multiprocessing
    import threading
    import time

    from kbgen.preview import indexing

    monkeypatch.setattr(indexing, "IDLE_SECONDS", 1.0)
    pages = make_pages("en")
    out = tmp_path / "live" / "search"
    ours, theirs = multiprocessing.Pipe()
    worker = threading.Thread(target=indexing.serve_requests, args=(theirs,), daemon=True)
    worker.start()
    ours.send((indexing.seed, [dict(pages=pages, out_dir=out, lang="en", synonyms=SYNONYMS["en"])]))
    assert ours.recv()[0]
    now = [edited(p, "item2", "zebrafoam " * 30) if p is numbered(pages, 2) else p for p in pages]
    expected = tmp_path / "build" / "search"
    build_index(now, expected, synonyms=SYNONYMS["en"])
    ours.send((indexing.update, [dict(lang="en", pages=[numbered(now, 2)])]))
    ok, rewritten = ours.recv()
    assert ok and rewritten["pages"] == 1
    assert not same_index(out, expected)  # the lengths' averages moved: impacts a step off, for now

    deadline = time.monotonic() + 30
    while not same_index(out, expected) and time.monotonic() < deadline:
        time.sleep(0.1)
    ours.close()
    worker.join(timeout=10)
    assert same_index(out, expected)


def same_index(out: Path, expected: Path) -> bool:
    """The manifest and the folder it names are those of ``expected`` (read as a browser would)."""
    import json

    manifest = (out / "manifest.json").read_bytes()
    named = json.loads(manifest)["index"].rstrip("/")
    return manifest == (expected / "manifest.json").read_bytes() and same_tree(out / named, expected / named)
