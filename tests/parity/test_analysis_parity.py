"""The browser's analyser (search/src/analysis.js) and Python's produce identical tokens.

Each language is checked over real text in it: tests/parity/texts/<code>.txt (shop help text
written for this test) and the sample help center ``kbgen init --lang <code>`` copies, where one
ships. The browser side stems with the very file a site in that language publishes
(search/dist/stemmers/<algorithm>.js), so a stemmer whose npm port differs from Snowball's
Python one fails here, whatever its name says.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from kbgen.index.analysis import (
    BUNDLED_STEMMERS,
    HAN_FOLD_LANGS,
    STEMMERS,
    analyser_of,
    analyze,
    elisions,
    stopwords,
    stopwords_folded,
)
from kbgen.index.unicode_table import unicode_table

ROOT = Path(__file__).resolve().parents[2]
TEXTS = Path(__file__).parent / "texts"
# Every analyser kbgen has: the six first languages, then those of issue 15.
LANGS = [
    "en", "da", "zh", "ko", "vi", "tl", "fr", "de", "es", "it", "pt", "nl", "sv", "nb", "fi", "pl", "cs", "ro",
    "hu", "el", "tr", "id", "ru", "uk", "ar", "he", "ja", "th",
]
VARIANTS = {"pt-br": "pt", "en-gb": "en", "es-419": "es", "zh-tw": "zh"}
SAMPLES = {
    "da": "Hvornår får jeg pengene tilbage? far pa Studierabat, returlabel og pakkeshoppen; størrelser, ændringer, Ærø",
    "zh": "我的订单到哪了？iPhone 退款政策，怎么申请退货退款；顺丰快递单号SF1234",
    "ko": "환불은 언제 되나요? 배송이 늦어요, 반품하려면 어떻게 하나요? CJ대한통운 운송장",
    "vi": "Làm sao để hoàn tiền? hoan tien, đổi trả hàng, Giao Hàng Nhanh, phí vận chuyển bao nhiêu, mã giảm giá mà ma",
    "tl": "Paano mag-refund? Nasaan ang order ko? Ibabalik, bumalik, pinadala, ipinadala, babayaran, GCash",
}
TRICKY = [
    "Where's my order? I can't find the tracking-number!",
    "Crème brûlée, naïve café, Ærø, São Paulo, Straße, İstanbul, ﬁle (ligature), ＦＵＬＬ width",
    "Returns: 60 days; refunds in 3–10 business days — 100% free (US$75+)",
    "rock'n'roll o’clock customers' parcels the customer's parcel",
    "hoàn tiền, giao hàng, đổi trả",
    "iPhone 退款 政策, 환불은 어떻게 하나요?",
    "generously generalizations hopefully rationalization skies dying lying news",
    "مَرْحَبًا مـــجـــانـــي ـــ ٢٠٠ ۳۴ שָׁלוֹם ที่ น้ำ ๑๒๓ e\u0301 ̀lone mark ゙ 退貨退货 ｶﾀｶﾅ",
    "",
]


def real_texts(code: str) -> list[str]:
    """The language's parity text, paragraph by paragraph, and its sample help center's files."""
    texts = [p for p in (TEXTS / f"{code}.txt").read_text(encoding="utf-8").split("\n\n") if p.strip()]
    sample = ROOT / "kbgen/skeleton/samples" / code / "articles"
    texts += [p.read_text(encoding="utf-8") for p in sorted(sample.rglob("*")) if p.suffix in (".md", ".yml")]
    return texts


def node_tokens(texts: list[str], lang: str, table: bool = True) -> list[list[list]]:
    """The tokens of search/src/analysis.js in Node, with the Unicode table a site publishes
    (``table``), or with Node's own Unicode classes."""
    node = shutil.which("node")
    if node is None or not (ROOT / "search/node_modules/porter2").is_dir():
        message = "node and search/node_modules are needed (cd search && npm ci)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    algorithm = STEMMERS.get(lang)
    payload = json.dumps({
        "lang": lang, "stopwords": sorted(stopwords(lang)), "texts": texts,
        "stemmer": algorithm if algorithm and algorithm not in BUNDLED_STEMMERS else None,
        "han": lang in HAN_FOLD_LANGS, "folded": stopwords_folded(lang), "elisions": list(elisions(lang)),
        "unicode": json.loads(unicode_table()) if table else None,
    })
    result = subprocess.run(
        [node, str(ROOT / "search/tools/analyze.mjs")], input=payload, capture_output=True, text=True, check=True,
    )
    return json.loads(result.stdout)


def python_tokens(texts: list[str], lang: str) -> list[list[list]]:
    return [[[t.word, t.surface, t.term, t.position] for t in analyze(text, lang)] for text in texts]


def demo_texts() -> list[str]:
    paths = sorted((ROOT / "articles").rglob("*"))
    return [p.read_text(encoding="utf-8") for p in paths if p.suffix in (".md", ".yml")]


def assert_same(texts: list[str], lang: str) -> list[list[list]]:
    js, py = node_tokens(texts, lang), python_tokens(texts, lang)
    for text, a, b in zip(texts, js, py, strict=True):
        assert a == b, text[:80]
    return py


@pytest.mark.parametrize("lang", LANGS)
def test_tricky_text_gives_identical_tokens(lang):
    texts = [*TRICKY, *SAMPLES.values()]
    assert node_tokens(texts, lang) == python_tokens(texts, lang)


# The demo is written in the first six languages; two more analysers read it as well, one with a
# stemmer the site loads on its own and one that pairs Thai letters (the rest read real text above).
@pytest.mark.parametrize("lang", ["en", "da", "zh", "ko", "vi", "tl", "fr", "th"])
def test_whole_demo_gives_identical_tokens(lang):
    """Every article and FAQ of the demo, in these analysers (each its own text and the rest)."""
    texts = demo_texts()
    assert len(texts) > 40
    assert_same(texts, lang)


@pytest.mark.parametrize("lang", [code for code in LANGS if (TEXTS / f"{code}.txt").is_file()])
def test_real_text_in_the_language_gives_identical_tokens(lang):
    texts = real_texts(lang)
    tokens = [t for text in assert_same(texts, lang) for t in text]
    assert len(tokens) > 100
    stemmed = sum(1 for _, surface, term, _ in tokens if surface != term)
    if lang in STEMMERS:  # the stemmer ran, in both runtimes, on a good share of the words
        assert stemmed > len(tokens) // 8, (lang, stemmed, len(tokens))


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_regional_variant_is_analysed_as_its_base_language(variant):
    assert analyser_of(variant) == VARIANTS[variant]
    assert analyser_of(variant.upper()) == VARIANTS[variant]
    assert STEMMERS.get(variant) == STEMMERS.get(VARIANTS[variant])


def test_traditional_chinese_text_gives_identical_simplified_tokens():
    texts = real_texts("zh-tw")
    tokens = [t for text in assert_same(texts, "zh") for t in text]
    terms = {term for _, _, term, _ in tokens}
    assert {"退货", "订单", "运费", "退款"} <= terms  # 退貨, 訂單, 運費 written in Traditional
    assert "退貨" not in terms and "訂單" not in terms
