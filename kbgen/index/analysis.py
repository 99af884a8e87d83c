"""Turning text into search terms, the same way at build time and in the browser.

The browser client (``search/src/analysis.js``) mirrors this module step for step; the
parity test feeds both the same text and requires identical output.

A word goes through: NFKC, lowercase, apostrophes inside words dropped, split on anything
that is not a letter or digit; stop words are dropped; the rest are stemmed (Snowball
Porter2 for English) and accent-folded. The folded unstemmed word is the *surface* form,
used for prefix matching while typing and for typo tolerance.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources

WORD = re.compile(r"[^\W_]+")
APOSTROPHE = re.compile(r"(?<=[^\W_])['\u2019](?=[^\W_])")


@dataclass(frozen=True)
class Token:
    word: str  # as written, lowercased
    surface: str  # folded, unstemmed: what prefix and typo matching compare against
    term: str  # folded stem: what the index is keyed by
    position: int


@functools.lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Remove accents for matching: "crème" and "creme" meet."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).lower()
    text = APOSTROPHE.sub("", text)
    return WORD.findall(text)


@functools.cache
def stopwords(lang: str) -> frozenset[str]:
    path = resources.files("kbgen.index") / "stopwords" / f"{lang}.txt"
    if not path.is_file():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


STEMMERS = {"en": "english"}


@functools.cache
def _stemmer(lang: str):
    import snowballstemmer

    algorithm = STEMMERS.get(lang)
    return snowballstemmer.stemmer(algorithm) if algorithm else None


@functools.lru_cache(maxsize=200_000)
def stem(word: str, lang: str) -> str:
    stemmer = _stemmer(lang)
    return stemmer.stemWord(word) if stemmer else word


@functools.lru_cache(maxsize=500_000)
def analyze_word(word: str, lang: str) -> tuple[str, str] | None:
    """(surface, term) of one lowercased word, or None for a stop word."""
    if word in stopwords(lang):
        return None
    return fold(word), fold(stem(word, lang))


def analyze(text: str, lang: str = "en") -> list[Token]:
    """Search tokens of ``text``, stop words removed, with their word positions."""
    tokens = []
    for position, word in enumerate(words(text)):
        analysed = analyze_word(word, lang)
        if analysed is not None:
            tokens.append(Token(word, analysed[0], analysed[1], position))
    return tokens


def terms_of(text: str, lang: str = "en") -> list[tuple[str, str]]:
    """(surface, term) pairs of ``text``: ``analyze`` without positions, for the index builder's speed."""
    pairs = []
    for word in words(text):
        analysed = analyze_word(word, lang)
        if analysed is not None:
            pairs.append(analysed)
    return pairs


def phrase(text: str) -> str:
    """A whole phrase as one key, stop words kept: how a keyword like "where is my order" is matched."""
    return fold(" ".join(words(text)))
