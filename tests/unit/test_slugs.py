"""Heading and FAQ ids: one function for the page, the link checker and the index."""

from __future__ import annotations

import pytest

from kbgen.content.slugs import slugify


@pytest.mark.parametrize(("text", "slug"), [
    ("Where's my order?", "wheres-my-order"),
    ("Où est ma commande ?", "où-est-ma-commande"),
    ("Đổi trả hàng thế nào?", "đổi-trả-hàng-thế-nào"),
    ("환불은 언제 되나요?", "환불은-언제-되나요"),
    ("คืนสินค้าได้ภายในกี่วัน?", "คืนสินค้าได้ภายในกี่วัน"),  # vowel and tone marks are part of the word
    ("कितने दिन?", "कितने-दिन"),
    ("מתי אקבל את הכסף?", "מתי-אקבל-את-הכסף"),
    ("Rückgabe -- wie?", "rückgabe-wie"),
    ("Welche Größe?", "welche-größe"),
    ("ΠΟΣΟ ΚΟΣΤΙΖΕΙ Η ΑΠΟΣΤΟΛΗ ΣΤΗΝ ΚΥΠΡΟΣ;", "ποσο-κοστιζει-η-αποστολη-στην-κυπρος"),
    ("Μέρος της παραγγελίας", "μέρος-της-παραγγελίας"),
    ("İade ücretsiz mi?", "iade-ücretsiz-mi"),
], ids=["en", "fr", "vi", "ko", "th", "hi", "he", "de", "de-eszett", "el-capitals", "el", "tr"])
def test_slugs_keep_every_script_s_letters_and_marks_and_drop_punctuation(text, slug):
    assert slugify(text) == slug


def test_thai_questions_that_differ_only_by_a_vowel_get_different_ids():
    assert slugify("คืน") != slugify("คน")


def test_turkish_dotted_capital_i_gives_a_plain_i():
    assert slugify("İndirimli ürünleri iade edebilir miyim?") == "indirimli-ürünleri-iade-edebilir-miyim"
