"""Turning text into search terms, the same way at build time and in the browser.

The browser client (``search/src/analysis.js``) mirrors this module step for step; the
parity test feeds both the same text in every language and requires identical output.

A text goes through: NFKC, lowercase, apostrophes inside words dropped, split on anything
that is not a letter, digit or a combining mark after one (Thai vowels and tone marks,
Arabic tashkeel, Hebrew niqqud stay inside their word). Runs of the scripts written without
spaces (Chinese, Japanese kana and kanji, Korean, Thai) become overlapping bigrams of
characters, a Thai letter counted with its marks, so a query typed without spaces meets text
written without spaces and a Korean particle ("환불은") does not hide its word ("환불"). Stop
words are dropped; the rest are stemmed where a stemmer exists (``STEMMERS``: Snowball in
both runtimes; a light affix stripper for Tagalog) and folded: accents, tashkeel, niqqud and
tatweel removed, Arabic-Indic and Thai digits as ASCII, and for Chinese Traditional
characters as Simplified ones (``han_simplified.json``). The folded unstemmed word is the
*surface* form, used for prefix matching while typing and for typo tolerance.

A regional variant (pt-br, en-gb, es-419, zh-tw) is analysed as its base language
(``analyser_of``).

The letters, NFKC and lowercase are the running Python's Unicode version's; the browser takes
them from the table the build publishes (``unicode_table``), whatever its own version.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources

# Combining marks that stay inside a word: Latin, Greek and Cyrillic leftovers after NFKC, Hebrew
# niqqud, Arabic tashkeel, Thai vowels and tone marks, kana voicing marks. A fixed list, the same
# in search/src/analysis.js, so the runtimes' Unicode versions cannot make them disagree.
MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7\u0610-\u061a"
    "\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed\u0e31\u0e34-\u0e3a"
    "\u0e47-\u0e4e\u1ab0-\u1ace\u1dc0-\u1dff\u20d0-\u20f0\u3099\u309a\ufe00-\ufe0f\ufe20-\ufe2f"
)
WORD = re.compile(f"[^\\W_]+(?:[{MARKS}][^\\W_]*)*")  # letters and digits, marks after them
APOSTROPHE = re.compile(r"(?<=[^\W_])['\u2019](?=[^\W_])")
CLUSTER = re.compile(f".[{MARKS}]*", re.DOTALL)  # a character with the marks that follow it
# Letters that do not decompose under NFKD but that shoppers type without their mark; tatweel
# (Arabic letter stretching) goes; Arabic-Indic, Persian and Thai digits become ASCII ones.
FOLD_EXTRA = str.maketrans({
    "đ": "d", "ð": "d", "ø": "o", "ł": "l", "æ": "ae", "œ": "oe", "ß": "ss", "\u0640": "",
    **{chr(zero + n): str(n) for zero in (0x0660, 0x06F0, 0x0E50) for n in range(10)},
})
THAI_FIRST, THAI_LAST = "\u0e00", "\u0e7f"  # Thai marks are letters' parts, never folded away
# Scripts written without spaces between words: Hangul, kana, CJK ideographs, Thai.
CJK_RANGES = (
    (0x0E01, 0x0E4F), (0x1100, 0x11FF), (0x3040, 0x30FF), (0x3130, 0x318F), (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF), (0xA960, 0xA97F), (0xAC00, 0xD7AF), (0xF900, 0xFAFF), (0x20000, 0x3FFFF),
)
# Of those, the small alphabets: Thai letters and kana, under a hundred each. Two of them side by
# side recur in many unrelated words (the ング of ラッピング is in ピッキング), where a Chinese
# character or a Korean syllable, one of thousands, makes a pair that is nearly a word by itself.
SMALL_ALPHABET_RANGES = ((0x0E01, 0x0E4F), (0x3040, 0x30FF))
# The same ranges as regular expressions: the regex engine, not a Python loop, visits each character.
_CJK_CLASS = "".join(f"{chr(low)}-{chr(high)}" for low, high in CJK_RANGES)
CJK_CHAR = re.compile(f"[{_CJK_CLASS}]")
CJK_RUNS = re.compile(f"[{_CJK_CLASS}]+|[^{_CJK_CLASS}]+")
# Language -> Snowball algorithm, where snowballstemmer and the browser's @orama/stemmers both
# have it and tests/parity shows them giving the same stems on real text in that language.
# Other languages (pl, cs, uk, he; zh, ja, ko, th, which are split into pairs; vi; tl, which
# has its own light stemmer) are folded but not stemmed.
BASE_STEMMERS = {
    "en": "english", "da": "danish", "fr": "french", "de": "german", "es": "spanish", "it": "italian",
    "pt": "portuguese", "nl": "dutch", "sv": "swedish", "nb": "norwegian", "fi": "finnish",
    "ro": "romanian", "hu": "hungarian", "el": "greek", "tr": "turkish", "id": "indonesian",
    "ru": "russian", "ar": "arabic",
}
# Regional variants kbgen ships; any other "xx-yy" is analysed as "xx" too (see ``analyser_of``).
VARIANTS = ("en-gb", "pt-br", "es-419", "zh-tw")
STEMMERS = {**BASE_STEMMERS, **{v: BASE_STEMMERS[v[:2]] for v in VARIANTS if v[:2] in BASE_STEMMERS}}
BUNDLED_STEMMERS = frozenset({"english", "danish"})  # in the browser client; the others load per language
HAN_FOLD_LANGS = frozenset({"zh"})  # Traditional characters are searched as Simplified ones
# Languages where an accent changes the word: a query typed with its marks ranks exact matches first.
MARKED_LANGS = frozenset({"vi"})


@dataclass(frozen=True)
class Token:
    word: str  # as written, lowercased
    surface: str  # folded, unstemmed: what prefix and typo matching compare against
    term: str  # folded stem: what the index is keyed by
    position: int
    whole: bool = False  # a Korean word met whole, besides its pairs (see ``whole_word``)


def analyser_of(lang: str) -> str:
    """The language whose analyser a code uses: a regional variant ("pt-br") uses its base's ("pt")."""
    return lang.lower().split("-")[0]


@functools.lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Remove accents for matching: "crème" and "creme", "đổi" and "doi", "مَرْحَبًا" and "مرحبا" meet."""
    decomposed = unicodedata.normalize("NFKD", word)
    stripped = "".join(
        ch for ch in decomposed if unicodedata.category(ch) != "Mn" or THAI_FIRST <= ch <= THAI_LAST
    ).translate(FOLD_EXTRA)
    return unicodedata.normalize("NFC", stripped)  # Hangul syllables compose back


@functools.cache
def _han_table() -> dict[int, str]:
    path = resources.files("kbgen.index") / "han_simplified.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return str.maketrans(data["traditional"], data["simplified"])


def simplify(word: str, lang: str) -> str:
    """Traditional Chinese characters as Simplified ones, for Chinese: "退貨" is searched as "退货"."""
    return word.translate(_han_table()) if lang in HAN_FOLD_LANGS else word


def is_cjk(ch: str) -> bool:
    return CJK_CHAR.fullmatch(ch) is not None


def is_small_alphabet_pair(pair: str) -> bool:
    """Whether a character pair is written in a small alphabet only (Thai, kana; see SMALL_ALPHABET_RANGES)."""
    return all(any(low <= ord(ch) <= high for low, high in SMALL_ALPHABET_RANGES) for ch in pair)


def clusters(text: str) -> list[str]:
    """A text's characters, each with the combining marks that follow it (Thai "ที่" is one)."""
    return CLUSTER.findall(text)


def split_cjk(word: str) -> list[str]:
    """Latin parts stay whole; CJK and Thai runs become overlapping bigrams (a lone character stays itself)."""
    if CJK_CHAR.search(word) is None:
        return [word]
    parts: list[str] = []
    for run in CJK_RUNS.findall(word):
        cs = clusters(run) if is_cjk(run[0]) else [run]
        if len(cs) > 1:
            parts.extend(cs[i] + cs[i + 1] for i in range(len(cs) - 1))
        else:
            parts.append(run)
    return parts


@functools.cache
def elisions(lang: str) -> tuple[str, ...]:
    """The language's elided words ("l'", "d'": ``elisions/<lang>.txt``), longest first."""
    path = resources.files("kbgen.index") / "elisions" / f"{lang}.txt"
    if not path.is_file():
        return ()
    lines = path.read_text(encoding="utf-8").splitlines()
    return tuple(sorted({w.strip() for w in lines if w.strip() and not w.startswith("#")}, key=lambda w: (-len(w), w)))


@functools.cache
def _elided(lang: str) -> re.Pattern[str] | None:
    heads = elisions(lang)
    if not heads:
        return None
    return re.compile(f"(?<![^\\W_])({'|'.join(heads)})['\u2019](?=[^\\W_])")


def normalise(text: str, lang: str = "") -> str:
    """NFKC, lowercase, an elided word split off its next ("l'adresse": "l adresse"), other
    apostrophes inside words dropped ("where's": "wheres")."""
    text = unicodedata.normalize("NFKC", text).lower()
    elided = _elided(lang) if lang else None
    if elided is not None:
        text = elided.sub(r"\1 ", text)
    return APOSTROPHE.sub("", text)


def words(text: str, lang: str = "") -> list[str]:
    """The text's words; one scan for a CJK character spares the split of every word without one."""
    text = normalise(text, lang)
    found = WORD.findall(text)
    if CJK_CHAR.search(text) is None:
        return found
    return [part for word in found for part in split_cjk(word)]


@functools.cache
def stopwords(lang: str) -> frozenset[str]:
    """The language's stop words as written, lowercased, marks kept (see ``is_stop_word``)."""
    path = resources.files("kbgen.index") / "stopwords" / f"{lang}.txt"
    if not path.is_file():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


@functools.cache
def folded_stopwords(lang: str) -> frozenset[str]:
    return frozenset(fold(word) for word in stopwords(lang))


@functools.cache
def stopwords_folded(lang: str) -> bool:
    """Whether the language's list is written without accents (its header says "# fold:"), so
    that words are compared folded (Greek: the packaged list has no tonos)."""
    path = resources.files("kbgen.index") / "stopwords" / f"{lang}.txt"
    return path.is_file() and any(line.startswith("# fold:") for line in path.read_text(encoding="utf-8").splitlines())


def is_stop_word(word: str, lang: str) -> bool:
    """A word written with marks is a stop word only as written: Vietnamese "mã" (code) is not
    "mà" (but), Danish "får" not "far". Typed without marks, it is one if it folds to one, since
    shoppers who drop accents drop them everywhere ("ma", "lam sao")."""
    surface = fold(word)
    if surface != word and not stopwords_folded(lang):
        return word in stopwords(lang)
    return surface in folded_stopwords(lang)


@functools.cache
def _snowball(lang: str):
    import snowballstemmer

    return snowballstemmer.stemmer(STEMMERS[lang])


TL_PREFIXES = (
    "ipinag", "ipag", "pinag", "nakaka", "makaka", "pinaka", "naka", "maka", "mag", "nag", "pag", "ipa", "ika",
    "ma", "na", "pa", "ka",
)
TL_SUFFIXES = ("han", "hin", "an", "in")


def stem_tagalog(word: str) -> str:
    """Tolerate common Tagalog affixes: mag-/nag-/pag-/i-... prefixes, -um-/-in- infixes, a
    reduplicated first syllable, and -in/-an/-hin/-han ("ibabalik", "bumalik" and "balik" meet)."""
    for _ in range(2):
        for prefix in TL_PREFIXES:
            if word.startswith(prefix) and len(word) - len(prefix) >= 4:
                word = word[len(prefix) :]
                break
        else:
            if word.startswith("i") and len(word) >= 6:
                word = word[1:]
        if len(word) >= 6 and word[0] not in "aeiou" and word[1:3] in ("um", "in"):
            word = word[0] + word[3:]
        if len(word) >= 6 and word[:2] == word[2:4]:
            word = word[2:]
    for suffix in TL_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


#: Longer words are kept as they are, neither stemmed nor split as compounds: no language's word is
#: this long (a pasted blob, a hash run together is), Snowball's time grows with the square of a
#: word's length (a 200,000-letter word took 13 s in Arabic), and so does trying every cut of it.
#: search/src/analysis.js holds the same number; code points are counted.
STEM_MAX_CHARS = 64


@functools.lru_cache(maxsize=200_000)
def stem(word: str, lang: str) -> str:
    """The word's stem in its language; a language without a stemmer keeps the word."""
    if len(word) > STEM_MAX_CHARS:
        return word
    if lang in STEMMERS:
        return _snowball(lang).stemWord(word)
    if lang == "tl":
        return stem_tagalog(word)
    return word


@functools.lru_cache(maxsize=500_000)
def analyze_word(word: str, lang: str) -> tuple[str, str] | None:
    """(surface, term) of one lowercased word, or None for a stop word."""
    word = simplify(word, lang)
    surface = fold(word)
    if not surface or is_stop_word(word, lang):  # a "word" of tatweel alone folds to nothing
        return None
    return surface, fold(stem(word, lang)) or surface  # Snowball Arabic stems some words to nothing


def analyze(text: str, lang: str = "en") -> list[Token]:
    """Search tokens of ``text``, stop words removed, with their word positions."""
    tokens = []
    for position, word in enumerate(words(text, lang)):
        analysed = analyze_word(word, lang)
        if analysed is not None:
            tokens.append(Token(word, analysed[0], analysed[1], position))
    return tokens


def terms_of(text: str, lang: str = "en") -> list[tuple[str, str]]:
    """(surface, term) pairs of ``text``: ``analyze`` without positions, for the index builder's speed."""
    pairs = []
    for word in words(text, lang):
        analysed = analyze_word(word, lang)
        if analysed is not None:
            pairs.append(analysed)
    return pairs


def marked_terms_of(text: str, lang: str) -> list[str]:
    """Words written with marks that folding removes (Vietnamese "hoàn"), as extra exact terms."""
    if lang not in MARKED_LANGS:
        return []
    return [w for w in words(text, lang) if fold(w) != w and not is_stop_word(w, lang)]


COMPOUND_LANGS = frozenset({"da"})
COMPOUND_MIN = 8  # shorter words are rarely compounds
COMPOUND_PART_MIN = 4  # shorter "parts" are mostly endings ("betal|ingen")
LINKING = ("s", "e")  # Danish joins parts with these: "returnerings|frist", "studie|rabat"
# Words that look like a tail but are usually an ending ("return|ering", "spor|ingen").
NOT_TAILS = frozenset({"ingen", "ring", "ringer", "ende", "else", "erne", "ning", "inger", "heden"})


def splits(surface: str) -> list[tuple[str, str]]:
    """Every (head, tail) cut of a word long enough to be a compound, both parts long enough to be words."""
    if not COMPOUND_MIN <= len(surface) <= STEM_MAX_CHARS:  # the cuts of a longer one fill memory
        return []
    return [(surface[:cut], surface[cut:]) for cut in range(COMPOUND_PART_MIN, len(surface) - COMPOUND_PART_MIN + 1)]


def compound_parts(surface: str, vocabulary: set[str] | frozenset[str]) -> tuple[str, str] | None:
    """Split a compound into two words the site also uses ("returlabel" -> "retur", "label").

    Index-time only: a shopper typing a part ("label") then finds the compound. The longest
    known tail wins; the head may end in a linking letter.
    """
    for head, tail in splits(surface):
        if tail not in vocabulary or tail in NOT_TAILS:
            continue
        if head in vocabulary:
            return head, tail
        if head[-1] in LINKING and head[:-1] in vocabulary and len(head) > COMPOUND_PART_MIN:
            return head[:-1], tail
    return None


def shared_tails(vocabulary: set[str] | frozenset[str]) -> set[str]:
    """Word ends that close two or more compounds with known heads ("retur|label", "fragt|label"):
    words in their own right even where the site never writes them alone."""
    seen: dict[str, set[str]] = {}
    for surface in vocabulary:
        for head, tail in splits(surface):
            known_head = head in vocabulary or (head[-1] in LINKING and head[:-1] in vocabulary)
            if known_head and tail not in NOT_TAILS:
                seen.setdefault(tail, set()).add(surface)
    return {tail for tail, words in seen.items() if len(words) >= 2}


def phrase(text: str, lang: str = "") -> str:
    """A whole phrase as one key, stop words kept: how a keyword like "where is my order" is matched."""
    return fold(simplify(" ".join(words(text, lang)), lang))


# -- query words: what the query says, word by word (see query.py) ----------------------------

HANGUL_FIRST, HANGUL_LAST = 0xAC00, 0xD7A3
WHOLE_WORD_MIN = 3  # a shorter stem is one character pair, already searched as one


@dataclass(frozen=True)
class Segment:
    """One written word of a text: a Latin word, a lone character, or a CJK run searched as its pairs."""

    text: str
    position: int  # of its first part in ``words``
    parts: int  # how many entries of ``words`` it is: a CJK run of n > 1 characters has n - 1 pairs

    @property
    def is_run(self) -> bool:
        return is_cjk(self.text[0]) and len(clusters(self.text)) > 1


def segments(text: str, lang: str = "") -> list[Segment]:
    """The written words of ``text``, each with the positions of its parts in ``words(text, lang)``."""
    text = normalise(text, lang)
    out: list[Segment] = []
    position = 0
    for word in WORD.findall(text):
        for run in CJK_RUNS.findall(word) if CJK_CHAR.search(word) else [word]:
            count = len(clusters(run)) if is_cjk(run[0]) else 1
            parts = count - 1 if count > 1 else 1
            out.append(Segment(run, position, parts))
            position += parts
    return out


KEY_ROW_OFFSETS = (0.0, 0.25, 0.75)  # how far right each row of a keyboard starts, in keys


@functools.cache
def slips(lang: str) -> frozenset[str]:
    """The letter pairs a slip turns into one another (``slips/<lang>.txt``), each pair in both orders,
    as search folds letters; empty for a language without the file (every substitution is one edit).

    Neighbouring keys of the layout's rows (side by side, or touching in the row above or below) and
    the letters its ``alike`` lines group."""
    path = resources.files("kbgen.index") / "slips" / f"{lang}.txt"
    if not path.is_file():
        return frozenset()
    rows: list[list[str]] = []
    pairs: set[tuple[str, str]] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        kind, _, rest = line.partition(":")
        letters = [fold(key) if key != "-" else "" for key in rest.split()]
        if kind == "keys":
            rows.append(letters)
        elif kind == "alike":
            pairs.update((a, b) for a in letters for b in letters)
    for r, row in enumerate(rows):
        for i, key in enumerate(row):
            pairs.update((key, other) for other in row[max(i - 1, 0) : i + 2])
            if r + 1 < len(rows):
                x = i + KEY_ROW_OFFSETS[min(r, 2)]
                below = rows[r + 1]
                offset = KEY_ROW_OFFSETS[min(r + 1, 2)]
                pairs.update((key, other) for j, other in enumerate(below) if abs(j + offset - x) < 1)
    return frozenset(
        a + b for x, y in pairs for a, b in ((x, y), (y, x)) if len(a) == 1 and len(b) == 1 and a != b
    )


@functools.cache
def endings(lang: str) -> tuple[tuple[str, str], ...]:
    """The language's particles and endings (``endings/<lang>.txt``) as (ending, where), longest first."""
    path = resources.files("kbgen.index") / "endings" / f"{lang}.txt"
    if not path.is_file():
        return ()
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split()
        if fields and not line.startswith("#"):
            rows.append((fields[0], fields[1] if len(fields) > 1 else ""))
    return tuple(sorted(set(rows), key=lambda row: (-len(row[0]), row)))


def is_hangul(word: str) -> bool:
    return all(HANGUL_FIRST <= ord(ch) <= HANGUL_LAST for ch in word)


def fits_after(syllable: str, where: str) -> bool:
    """Korean particles come in pairs by sound: "은" after a final consonant, "는" after a vowel."""
    final = (ord(syllable) - HANGUL_FIRST) % 28
    if where == "c":
        return final != 0
    if where == "v":
        return final == 0
    if where == "l":
        return final in (0, 8)  # 8: ㄹ
    return True


def strip_ending(word: str, rows: tuple[tuple[str, str], ...]) -> str:
    """The stem of a Korean word: its longest fitting particle or ending removed, two syllables kept."""
    if not rows or not is_hangul(word):
        return word
    for ending, where in rows:
        cut = len(word) - len(ending)
        if cut >= 2 and word.endswith(ending) and fits_after(word[cut - 1], where):
            return word[:cut]
    return word


def whole_word(run: str, lang: str) -> str:
    """The whole-word term of a Korean word ("배송비는" -> "배송비"), or "" where its pairs say it all."""
    stem = strip_ending(run, endings(lang))
    return stem if len(stem) >= WHOLE_WORD_MIN and is_hangul(stem) else ""


def whole_word_terms(text: str, lang: str) -> list[str]:
    """Whole-word terms of a text, besides its pairs: Korean words are matched whole as well."""
    if not endings(lang):
        return []
    return [w for s in segments(text, lang) if s.is_run and (w := whole_word(s.text, lang))]


def title_key(terms: list[str]) -> str:
    """The index key of a title, or of a query, as its terms: a page whose title the query is meets it."""
    unique = list(dict.fromkeys(terms))
    return " ".join(unique) + TITLE_MARK if unique else ""


TITLE_MARK = "="  # never inside a word, so a title key meets no word typed
