"""The on-disk search index: its version and layout, shared with ``search/src/format.js``.

Layout under ``site/search/`` (format 3)::

    manifest.json             small, fetched first; never cached for long; carries the
                              language's stop words, particle endings and the letter pairs
                              its typos substitute at one edit ("slips") for the client
    kbgen-search.<hash>.js    the browser client
    unicode.<hash>.json       the building Python's letters and the characters it does not know,
                              which the client reads words with (``unicode_table``)
    i-<hash>/                 immutable index files, safe to cache forever
      d-<key>.json            dictionary shard: surface words starting with one character,
                              {"w": [[word, term index]...], "t": [[term, chunk, df(, postings)]...]}
      p-<n>.json              postings chunk: term -> [doc id delta, impact, ...]; a rare term
                              (chunk -1) carries its postings in its dictionary entry instead
                              terms also hold titles whole ("checkout setting=", see
                              ``analysis.title_key``) and Korean whole words ("배송비")
      g-<n>.json              the displayed text of one page's documents

A document id is ``page * 128 + slot``: slot 0 is the page head, 1-63 its sections, 64-127
its FAQ answers (an FAQ answer is its own result; sections fold into their page). Impacts are
BM25F weights quantised to 1..255, so both runtimes rank with integer arithmetic and agree
exactly.

A breaking change bumps ``INDEX_FORMAT`` here and ``INDEX_FORMAT`` in the client together.
"""

from __future__ import annotations

from kbgen.index.analysis import is_cjk

INDEX_FORMAT = 3

SLOTS = 128
FAQ_SLOT = 64  # slots from here on are FAQ answers, each its own result
MAX_SECTIONS = FAQ_SLOT - 1

FIELDS = ("title", "keywords", "headings", "body")
# How much a word counts in each field, and how strongly long fields are normalised (BM25F).
BOOSTS = {"title": 6.0, "keywords": 4.0, "headings": 2.0, "body": 1.0}
LENGTH_NORMS = {"title": 0.5, "keywords": 0.3, "headings": 0.5, "body": 0.75}
K1 = 1.2
MAX_IMPACT = 255

# Query-time weights of each way a query word can meet a term (integers: exact parity).
FACTOR_MARKED = 10  # Vietnamese typed with its accents, meeting the same accents
FACTOR_EXACT = 8
FACTOR_SYNONYM = 6
FACTOR_COMPOUND = 6  # "giftcard" meeting "gift card", "gift card" meeting "giftcard"
FACTOR_PREFIX = 5
FACTOR_TYPO_1 = 4
FACTOR_TYPO_2 = 3
FACTOR_FAMILY = 3  # a word the site has meeting its family: "levererar" (stem "leverer") meeting "leverans"
MAX_QUERY_WORDS = 8
MAX_PREFIX_TERMS = 24
MAX_PREFIX_TERMS_ONE_LETTER = 8  # see prefix_limit
MAX_TYPO_TERMS = 12
TYPO_1_MIN_LENGTH = 4
TYPO_2_MIN_LENGTH = 8
FAMILY_STEM_MIN = 7  # a stem this long (code points) meets the words that begin with it ...
FAMILY_CUT = 2  # ... less this many last letters: the family Snowball leaves apart ("leveran", "leverer")
COMPOUND_WORD_MIN = 6  # a query word this long, absent from the site, is tried as two words
COMPOUND_PART_MIN = 4  # each part a word of the site this long ("after|pay" is no split), or a stop word
COMPOUND_STOP_TAIL_MAX = 3  # ... a stop word as the tail only, this short ("in", "up", "out")

POSTINGS_CHUNK_BYTES = 24_000
INLINE_POSTINGS = 16  # a term in this many documents or fewer keeps its postings in its dictionary entry


CJK_SHARDS = 64


def shard_key(surface: str) -> str:
    """The dictionary shard a surface word lives in: its first character; Chinese, Japanese and
    Korean characters, thousands of them, share 64 shards by code point."""
    code = ord(surface[0])
    if is_cjk(surface[0]):
        return f"c{code % CJK_SHARDS:02x}"
    return f"{code:04x}"


def group_of(doc: int) -> int:
    """Documents of a group are shown as one result: a page's head and sections, or one FAQ answer."""
    return doc if doc % SLOTS >= FAQ_SLOT else -(doc // SLOTS) - 1


def prefix_limit(surface: str) -> int:
    """How many terms a last word being typed expands to, most frequent first. One Latin letter
    begins thousands of words and decoding all their postings is what makes a keystroke slow; its
    few most frequent say as much. A Chinese or Korean character is a word's worth: it keeps all."""
    if len(surface) == 1 and not is_cjk(surface):
        return MAX_PREFIX_TERMS_ONE_LETTER
    return MAX_PREFIX_TERMS
