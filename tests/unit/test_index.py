"""The index builder and the query ranking on small, hand-made pages."""

from __future__ import annotations

import json

import pytest

from kbgen.errors import KbgenError
from kbgen.index.analysis import analyze, fold
from kbgen.index.builder import build_index
from kbgen.index.documents import article_page, faq_page
from kbgen.index.format import INDEX_FORMAT
from kbgen.index.query import SearchIndex, edit_distance


def test_analysis_stems_folds_and_drops_stop_words():
    tokens = analyze("Where's my Crème parcel? Refunds for 2 orders")
    assert [(t.word, t.surface, t.term) for t in tokens] == [
        ("crème", "creme", "creme"),
        ("parcel", "parcel", "parcel"),
        ("refunds", "refunds", "refund"),
        ("2", "2", "2"),
        ("orders", "orders", "order"),
    ]


def test_fold_removes_accents_only():
    assert fold("hoàn tiền café") == "hoan tien cafe"


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [("refund", "refund", 0), ("refnud", "refund", 1), ("refund", "refunds", 1), ("refund", "rfund", 1),
     ("warranty", "warenty", 2), ("klarna", "parcel", 5)],
)
def test_edit_distance_counts_swaps_as_one(a, b, distance):
    assert edit_distance(a, b, 1) == min(distance, 2)
    assert edit_distance(a, b, 2) == min(distance, 3)


@pytest.fixture
def index(tmp_path):
    pages = [
        article_page(
            url="/orders/track/", title="Track your order", category="Orders",
            description="Follow your parcel to your door.", keywords=["where is my order", "WISMO"],
            html='<p>We email a tracking link.</p><h2 id="late">If it is late</h2><p>Wait five business days.</p>',
        ),
        article_page(
            url="/returns/refunds/", title="When will I get my refund?", category="Returns",
            html="<p>Refunds reach your card within 5 business days.</p>",
        ),
        faq_page(
            url="/shipping/faq/", title="Shipping questions", category="Shipping", description="",
            entries=[("po-boxes", "Do you ship to PO boxes?", "<p>Yes, with USPS.</p>", ["apo"])],
        ),
    ]
    out = tmp_path / "search"
    stats = build_index(pages, out, synonyms=[["refund", "money back"], ["parcel", "package"]])
    assert stats.documents == 5
    return SearchIndex(out)


def urls(answer):
    return [r.url for r in answer.results]


def test_exact_word_finds_its_page(index):
    assert urls(index.search("refund"))[0] == "/returns/refunds/"


def test_section_match_links_to_its_anchor(index):
    answer = index.search("late delivery five days")
    assert answer.results[0].url == "/orders/track/#late"
    assert answer.results[0].kind == "section"
    assert answer.results[0].page == "Track your order"


def test_faq_answer_is_its_own_result(index):
    result = index.search("po boxes").results[0]
    assert (result.url, result.kind, result.title) == ("/shipping/faq/#po-boxes", "faq", "Do you ship to PO boxes?")


def test_typo_is_forgiven(index):
    assert urls(index.search("refnud"))[0] == "/returns/refunds/"


def test_prefix_of_last_word_matches_while_typing(index):
    assert urls(index.search("trac"))[0] == "/orders/track/"


def test_synonyms_work_both_ways(index):
    assert urls(index.search("money back"))[0] == "/returns/refunds/"
    assert urls(index.search("package"))[0] == "/orders/track/"


def test_word_absent_from_the_site_gives_nothing_and_is_unmatched(index):
    answer = index.search("klarna")
    assert (answer.results, answer.unmatched) == ([], ["klarna"])


def test_unmatched_words_are_reported_beside_results(index):
    answer = index.search("refund with klarna")
    assert urls(answer)[0] == "/returns/refunds/"
    assert answer.unmatched == ["klarna"]


def test_snippet_highlights_and_escapes(index):
    result = index.search("refnud").results[0]
    assert "<mark>Refunds</mark> reach your card" in result.snippet


def test_results_are_deduplicated_per_page(index):
    found = urls(index.search("track late order"))
    assert len([u for u in found if u.startswith("/orders/track/")]) == 1


def test_old_index_format_is_refused_with_advice(index, tmp_path):
    manifest_path = tmp_path / "search" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["format"] = INDEX_FORMAT + 1
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(KbgenError, match="rebuild the site"):
        SearchIndex(tmp_path / "search")


def test_keyword_phrase_typed_whole_puts_its_article_first(index):
    # "where is my order" is all stop words but "order"; the keyword phrase still decides.
    assert urls(index.search("where is my order"))[0] == "/orders/track/"
    assert urls(index.search("where is my ord"))[0] == "/orders/track/"


def test_chinese_and_korean_become_overlapping_pairs():
    from kbgen.index.analysis import words

    assert words("iPhone退款政策") == ["iphone", "退款", "款政", "政策"]
    assert words("환불은 언제") == ["환불", "불은", "언제"]
    assert words("退") == ["退"]


def test_vietnamese_without_accents_meets_with_accents():
    assert [t.term for t in analyze("hoàn tiền đổi trả", "vi")] == [t.term for t in analyze("hoan tien doi tra", "vi")]


@pytest.mark.parametrize("word", ["ibabalik", "bumalik", "binalik", "magbalik", "balikan"])
def test_tagalog_affixes_are_tolerated(word):
    assert analyze(word, "tl")[0].term == "balik"


def test_danish_compounds_split_into_known_parts():
    from kbgen.index.analysis import compound_parts, shared_tails

    vocabulary = {"retur", "studie", "rabat", "levering", "tid", "returlabel", "fragtlabel", "fragt", "betaling"}
    assert compound_parts("studierabat", vocabulary) == ("studie", "rabat")
    assert compound_parts("betalingen", vocabulary | {"betal", "ingen"}) is None  # an ending, not a word
    assert "label" in shared_tails(vocabulary)


def test_danish_part_finds_the_compound(tmp_path):
    pages = [article_page(url="/da/a/", title="Studierabat", category="", html="<p>Få studierabat på 15 %.</p>"),
             article_page(url="/da/b/", title="Rabat", category="", html="<p>Rabat på jakker.</p>"),
             article_page(url="/da/c/", title="Studie", category="", html="<p>Studie og rabat.</p>")]
    build_index(pages, tmp_path / "s", lang="da")
    found = urls(SearchIndex(tmp_path / "s").search("rabat"))
    assert "/da/a/" in found


def test_a_compound_part_no_document_counts_leaves_the_build_standing(tmp_path):
    # "modeller" and "modellen" share a stem; only the first one's split ("mode" + "ller") is
    # counted, so the tail "llen" (a word only as two compounds' end) reaches no document.
    text = "<p>modeller og modellen, tabeller og tabellen, mode og tabe</p>"
    pages = [article_page(url="/da/a/", title="Modeller", category="", html=text)]
    build_index(pages, tmp_path / "s", lang="da")
    index = SearchIndex(tmp_path / "s")
    assert urls(index.search("modellen")) == ["/da/a/"]
    assert urls(index.search("ller")) == ["/da/a/"]


def test_many_word_synonym_needs_all_its_words(tmp_path):
    # "refund" = "money back": a page that only says "back" is not about refunds.
    pages = [
        article_page(url="/stock/", title="Back in stock alerts", category="Shop", html="<p>We email you.</p>"),
        article_page(url="/guarantee/", title="Our guarantee", category="Shop",
                     html="<p>Not happy? Get your money back within 30 days.</p>"),
        article_page(url="/refunds/", title="Refunds", category="Shop",
                     html="<p>Refunds go back to your card.</p>"),
    ]
    build_index(pages, tmp_path / "search", synonyms=[["refund", "money back"]])
    answer = SearchIndex(tmp_path / "search").search("refund")
    assert sorted(urls(answer)) == ["/guarantee/", "/refunds/"]
    snippets = {r.url: r.snippet for r in answer.results}
    assert "<mark>money</mark> <mark>back</mark>" in snippets["/guarantee/"]
    assert snippets["/refunds/"] == "<mark>Refunds</mark> go back to your card."  # "back" alone is not the phrase


def test_stop_words_with_marks_count_only_as_written():
    # Vietnamese "mà" (but) is a stop word; "mã" (code, as in "mã giảm giá") is not.
    assert [t.word for t in analyze("mã giảm giá mà", "vi")] == ["mã", "giảm", "giá"]
    # Typed without marks, a word that folds to a stop word is dropped, as shoppers mean it.
    assert [t.word for t in analyze("lam sao ma giam gia", "vi")] == ["giam", "gia"]


def test_one_latin_letter_expands_to_fewer_terms_than_a_longer_prefix():
    from kbgen.index.format import MAX_PREFIX_TERMS, MAX_PREFIX_TERMS_ONE_LETTER, prefix_limit

    assert prefix_limit("s") == MAX_PREFIX_TERMS_ONE_LETTER < MAX_PREFIX_TERMS
    assert prefix_limit("sh") == prefix_limit("退") == prefix_limit("환") == MAX_PREFIX_TERMS


def returns_help_center(tmp_path):
    """A long returns article whose keywords say "hvordan returnerer jeg", beside short FAQ answers
    that say "returnere" and "vare" (the shape of the Danish sample help center)."""
    long_body = "".join(f"<p>Trin {n}: pak, print og send pakken til vores lager i god tid.</p>" for n in range(12))
    pages = [
        article_page(url="/returns/start/", title="Opret en returnering", category="Returns",
                     keywords=["hvordan returnerer jeg", "returportal"],
                     html="<p>Returner en vare online.</p>" + long_body),
        faq_page(url="/returns/faq/", title="Returspørgsmål", category="Returns", description="", entries=[
            ("del", "Kan jeg returnere en del af min ordre?", "<p>Ja, vælg de varer du returnerer.</p>", []),
            ("butik", "Kan jeg returnere en vare i en butik?", "<p>Nej, returner varen online.</p>", []),
        ]),
    ]
    build_index(pages, tmp_path / "search", lang="da")
    return SearchIndex(tmp_path / "search")


def test_query_holding_a_keyword_phrase_puts_its_article_first(tmp_path):
    index = returns_help_center(tmp_path)
    assert urls(index.search("hvordan returnerer jeg en vare"))[0] == "/returns/start/"


def test_keyword_phrase_counts_only_where_the_query_holds_it_whole(tmp_path):
    index = returns_help_center(tmp_path)
    # The same words in another order hold no keyword phrase: the short answers stay first.
    assert urls(index.search("returnerer jeg hvordan en vare"))[0].startswith("/returns/faq/#")


def swedish_delivery_pages(tmp_path, change_page_says: str):
    pages = [
        article_page(url="/shipping/times/", title="Leveranstider", category="Shipping",
                     keywords=["hemleverans"], html="<p>Leveransen tar två dagar. Fri leverans från 499 kr.</p>"),
        article_page(url="/orders/change/", title="Ändra din order", category="Orders",
                     html=f"<p>Ändra adressen innan vi {change_page_says} paketet.</p>"),
    ]
    build_index(pages, tmp_path / "search", lang="sv", synonyms=[["frakt", "porto"]])
    return SearchIndex(tmp_path / "search")


def test_a_word_the_site_has_meets_its_family_snowball_leaves_apart(tmp_path):
    # Snowball stems "levererar" to "leverer" and "leverans" to "leveran": one family, two stems.
    index = swedish_delivery_pages(tmp_path, "levererar")
    assert urls(index.search("hur snabbt levererar ni")) == ["/orders/change/", "/shipping/times/"]


def test_a_word_the_site_lacks_gets_no_family(tmp_path):
    index = swedish_delivery_pages(tmp_path, "skickar")  # no "leverer" on the site now
    answer = index.search("levererar")
    assert urls(answer) == []
    assert answer.unmatched == ["levererar"]


def test_a_slip_of_a_synonym_word_meets_its_group(tmp_path):
    # "porto" is only in the synonyms; "portot" (the porto) keeps its ending through Snowball.
    pages = [article_page(url="/shipping/costs/", title="Frakt", category="Shipping", html="<p>Frakt 49 kr.</p>"),
             article_page(url="/returns/", title="Retur", category="Returns", html="<p>Vad kostar en retur?</p>")]
    build_index(pages, tmp_path / "search", lang="sv", synonyms=[["frakt", "porto"]])
    answer = SearchIndex(tmp_path / "search").search("vad kostar portot")
    assert sorted(urls(answer)) == ["/returns/", "/shipping/costs/"]
    assert answer.unmatched == []
    assert urls(SearchIndex(tmp_path / "search").search("portot")) == ["/shipping/costs/"]
