"""Runs of Thai or kana letters, searched as character pairs, meet a page only where two
neighbouring pairs of them meet it together; a Chinese pair counts by itself."""

from __future__ import annotations

from kbgen.index.builder import build_index
from kbgen.index.documents import article_page
from kbgen.index.query import SearchIndex


def site(tmp_path, lang, pages):
    build_index(
        [article_page(url=url, title=title, category="", html=f"<p>{body}</p>") for url, title, body in pages],
        tmp_path / "search",
        lang=lang,
    )
    return SearchIndex(tmp_path / "search")


def urls(answer):
    return [r.url for r in answer.results]


def test_kana_word_sharing_one_pair_with_the_site_finds_nothing_and_is_missing_whole(tmp_path):
    pages = [("/picking/", "出荷", "ピッキングのあとに発送します。"), ("/link/", "メール", "リンクを送ります。")]
    index = site(tmp_path, "ja", pages)
    answer = index.search("ラッピング")  # its only pair on the site, ング, is in ピッキング
    assert (urls(answer), answer.unmatched) == ([], ["ラッピング"])
    assert urls(index.search("ピッキング"))[0] == "/picking/"


def test_thai_word_whose_pairs_are_in_different_pages_finds_nothing(tmp_path):
    index = site(tmp_path, "th", [("/a/", "สมัคร", "สมัครสมาชิก"), ("/b/", "สะดวก", "จัดส่งสะดวก")])
    answer = index.search("แต้มสะสม")  # สม on one page, สะ on the other, never side by side
    assert (urls(answer), answer.unmatched) == ([], ["แต้มสะสม"])
    assert urls(index.search("สมัครสมาชิก")) == ["/a/"]


def test_kana_run_met_with_a_chinese_pair_keeps_its_kana_pairs(tmp_path):
    index = site(tmp_path, "ja", [("/cancel/", "キャンセル", "注文のキャンセル"), ("/refund/", "返金", "返金します")])
    answer = index.search("返金キャンセル")
    assert sorted(urls(answer)) == ["/cancel/", "/refund/"]
    assert answer.unmatched == []


def test_chinese_pairs_count_alone_though_never_side_by_side(tmp_path):
    index = site(tmp_path, "zh", [("/returns/", "退货", "如何退货"), ("/shipping/", "运费", "运费说明")])
    answer = index.search("退货运费")  # 货运 is on no page
    assert sorted(urls(answer)) == ["/returns/", "/shipping/"]
    assert answer.unmatched == []
