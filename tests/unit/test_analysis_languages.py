"""What the analyser does for the scripts and languages of issue 15 (no MkDocs build)."""

from __future__ import annotations

from kbgen.index.analysis import (
    STEMMERS,
    analyser_of,
    analyze,
    clusters,
    is_stop_word,
    phrase,
    segments,
    stopwords,
    words,
)


def terms(text: str, lang: str) -> list[str]:
    return [t.term for t in analyze(text, lang)]


def test_thai_vowel_and_tone_marks_stay_with_their_letters():
    assert clusters("ที่น้ำ") == ["ที่", "น้", "ำ"]
    assert words("น้ำ") == ["น้ํา"]  # NFKC writes sara am as nikhahit (a mark) and sara aa: one pair
    assert words("คืนเงิน") == ["คืน", "นเ", "เงิ", "งิน"]
    assert all(not w.startswith(("\u0e31", "\u0e34", "\u0e48", "\u0e49")) for w in words("เปลี่ยนไซซ์ได้ไหม"))


def test_thai_run_is_one_segment_of_cluster_pairs():
    [seg] = segments("คืนเงิน")
    assert seg.is_run and seg.parts == 4  # คื น เ งิ น


def test_a_lone_thai_syllable_is_a_word_not_a_run():
    [seg] = segments("ที่")
    assert not seg.is_run and seg.parts == 1


def test_thai_marks_are_not_folded_away():
    [token] = analyze("คืน", "th")
    assert token.surface == token.term == "คืน"


def test_arabic_tashkeel_and_tatweel_fold_and_the_word_stays_whole():
    assert words("مَرْحَبًا") == ["مَرْحَبًا"]
    [token] = analyze("مَرْحَبًا", "ar")
    assert token.surface == "مرحبا"
    assert [t.surface for t in analyze("مـــجـــانـــي", "ar")] == ["مجاني"]
    assert terms("الشّحن", "ar") == terms("الشحن", "ar") == ["شحن"]


def test_arabic_indic_and_thai_digits_are_searched_as_ascii():
    assert [t.surface for t in analyze("٢٠٠ ۳۴ ๑๒๓", "ar")] == ["200", "34", "123"]


def test_hebrew_niqqud_folds():
    assert [t.surface for t in analyze("מִשְׁלוֹחַ חִנָּם", "he")] == ["משלוח", "חנם"]


def test_traditional_chinese_is_searched_as_simplified_both_ways():
    assert terms("退貨", "zh") == terms("退货", "zh") == ["退货"]
    assert terms("訂單運費", "zh") == terms("订单运费", "zh")
    assert phrase("退貨政策", "zh") == phrase("退货政策", "zh")
    assert terms("退貨", "ja") == ["退貨"]  # only Chinese folds


def test_simplified_characters_are_never_turned_traditional():
    assert terms("才么", "zh") == ["才么"]


def test_variants_use_their_base_languages_analyser():
    assert analyser_of("pt-BR") == "pt" and analyser_of("es-419") == "es" and analyser_of("zh-tw") == "zh"
    assert STEMMERS["pt-br"] == "portuguese" and STEMMERS["en-gb"] == "english" and "zh-tw" not in STEMMERS


def test_snowball_stems_the_new_languages():
    assert terms("remboursements", "fr") == terms("remboursement", "fr")
    assert terms("Bestellungen", "de") == terms("Bestellung", "de")
    assert terms("заказов", "ru") == terms("заказ", "ru")
    assert terms("siparişleriniz", "tr") == terms("sipariş", "tr")


def test_languages_without_a_stemmer_fold_but_keep_the_word():
    assert "pl" not in STEMMERS and "cs" not in STEMMERS and "he" not in STEMMERS
    assert terms("Zamówienia", "pl") == ["zamowienia"]


def test_greek_stop_words_match_with_or_without_tonos():
    assert is_stop_word("είναι", "el") and is_stop_word("ειναι", "el")
    assert not is_stop_word("παραγγελία", "el")


def test_pruned_stop_words_stay_searchable():
    assert not is_stop_word("nuevo", "es") and not is_stop_word("cuenta", "es")
    assert not is_stop_word("zpět", "cs") and not is_stop_word("kembali", "id")
    assert "de" in stopwords("fr") and "und" in stopwords("de")


def test_turkish_list_has_no_mis_encoded_words():
    assert not [w for w in stopwords("tr") if set(w) & set("ýþţđ")]


def test_french_and_italian_elided_words_are_split_off():
    expected = ["l", "étiquette", "d", "origine", "qu", "il", "aujourdhui"]
    assert words("l'étiquette d'origine qu'il aujourd'hui", "fr") == expected
    assert terms("l’étiquette", "fr") == terms("étiquette", "fr")
    assert terms("dell'articolo", "it") == terms("articolo", "it")
    assert words("where's l'étiquette", "en") == ["wheres", "létiquette"]  # English drops the apostrophe
