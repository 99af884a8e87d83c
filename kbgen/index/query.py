"""Answering a query from the built index: the ranking ``kbgen search`` and the browser share.

``search/src/query.js`` implements the same steps in the same order; every score is an
integer, so both return the same results in the same order (tests/parity checks it).

1. Analyse the query (``analysis.py``); keep at most 8 content words.
2. For each word, find the index terms it meets, each with a factor: its own stem (exact),
   a synonym of a phrase it is part of, a word it is the beginning of (last word only:
   the shopper may still be typing), or a word one or two edits away (typo; only when the
   word itself is not on the site, one edit from 4 letters, two from 8; a synonym word too).
   A word the site has also meets its family, weakly: the words that begin with its stem less
   its last two letters, when the stem has seven. A keyword phrase the query holds whole meets
   the words it spans, exactly. A run of Thai or kana letters, searched as its character pairs,
   meets the site only where two neighbouring pairs of it meet one document: one such pair
   alone is in too many unrelated words.
3. A document's score for a word is the best factor x impact among those terms; its score
   is the sum over words. A page's sections fold into one result (best document, plus half
   its head's score); FAQ answers stay separate. The final score multiplies by the number
   of query words the result matched, so results that match more of the query come first.
4. Words that met no term at all are ``unmatched``: what the shopper asked that the site
   does not talk about.
"""

from __future__ import annotations

import bisect
import html as htmllib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kbgen.errors import KbgenError
from kbgen.index.analysis import (
    MARKED_LANGS,
    STEM_MAX_CHARS,
    TITLE_MARK,
    WORD,
    Segment,
    Token,
    analyze,
    analyze_word,
    clusters,
    endings,
    fold,
    is_small_alphabet_pair,
    is_stop_word,
    phrase,
    segments,
    simplify,
    stem,
    strip_ending,
    title_key,
    whole_word,
)
from kbgen.index.format import (
    COMPOUND_PART_MIN,
    COMPOUND_STOP_TAIL_MAX,
    COMPOUND_WORD_MIN,
    FACTOR_COMPOUND,
    FACTOR_EXACT,
    FACTOR_FAMILY,
    FACTOR_MARKED,
    FACTOR_PREFIX,
    FACTOR_SYNONYM,
    FACTOR_TYPO_1,
    FACTOR_TYPO_2,
    FAMILY_CUT,
    FAMILY_STEM_MIN,
    INDEX_FORMAT,
    MAX_PREFIX_TERMS,
    MAX_QUERY_WORDS,
    MAX_TYPO_TERMS,
    SLOTS,
    TYPO_1_MIN_LENGTH,
    TYPO_2_MIN_LENGTH,
    group_of,
    prefix_limit,
    shard_key,
)


@dataclass
class Result:
    url: str
    title: str
    snippet: str
    kind: str
    score: int
    page: str = ""
    category: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "url": self.url, "title": self.title, "snippet": self.snippet, "kind": self.kind,
            "score": self.score, "page": self.page, "category": self.category,
        }


@dataclass
class Answer:
    query: str
    results: list[Result]
    total: int
    unmatched: list[str] = field(default_factory=list)


class Shard:
    """A dictionary shard: sorted surface words, each pointing at a term."""

    def __init__(self, data: dict[str, list]):
        self.words = [w for w, _ in data["w"]]
        self.word_terms = [t for _, t in data["w"]]
        self.terms = data["t"]  # [term, chunk, df]
        self.by_term = {t[0]: t for t in data["t"]}


def edit_distance(a: str, b: str, limit: int, slips: frozenset[str] = frozenset()) -> int:
    """Optimal string alignment distance (a swap of neighbours is one edit), capped at limit + 1.

    Given the language's ``slips`` (letter pairs, ``analysis.slips``), a substitution of two letters
    not paired there costs two edits: in a script without vowels one arbitrary letter away is
    another word, not a slip.
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        best = current[0]
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1 if not slips or a[i - 1] + b[j - 1] in slips else 2
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
            best = min(best, value)
        if best > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[len(b)]


class SearchIndex:
    """A built site's index, read from disk (``site/search``)."""

    def __init__(self, search_dir: Path):
        manifest_path = search_dir / "manifest.json"
        if not manifest_path.is_file():
            raise KbgenError(f"no search index at {search_dir}: run 'kbgen build' first")
        self.manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if self.manifest.get("format") != INDEX_FORMAT:
            raise KbgenError(
                f"{manifest_path} has index format {self.manifest.get('format')}, this kbgen reads "
                f"format {INDEX_FORMAT}: rebuild the site with this version"
            )
        self.root = search_dir / self.manifest["index"]
        self.lang = self.manifest.get("analyser", self.manifest["lang"])  # pt-br is analysed as pt
        self.shard_keys = set(self.manifest["shards"])
        self.slips = frozenset(p for pair in self.manifest.get("slips", []) for p in (pair, pair[::-1]))
        self._shards: dict[str, Shard | None] = {}
        self._chunks: dict[int, dict[str, list[int]]] = {}
        self._pages: dict[int, dict[str, Any]] = {}
        self.offers: dict[tuple, list[tuple[list, int]]] = {}  # per query word: candidates_for's offers

    def _load(self, name: str) -> Any:
        return json.loads((self.root / name).read_text(encoding="utf-8"))

    def shard(self, key: str) -> Shard | None:
        if key not in self._shards:
            self._shards[key] = Shard(self._load(f"d-{key}.json")) if key in self.shard_keys else None
        return self._shards[key]

    def chunk(self, number: int) -> dict[str, list[int]]:
        if number not in self._chunks:
            self._chunks[number] = self._load(f"p-{number}.json")
        return self._chunks[number]

    def page(self, number: int) -> dict[str, Any]:
        if number not in self._pages:
            self._pages[number] = self._load(f"g-{number}.json")
        return self._pages[number]

    def term_entry(self, term: str) -> list | None:
        shard = self.shard(shard_key(term))
        return shard.by_term.get(term) if shard else None

    def search(self, query: str, limit: int = 10) -> Answer:
        return run_query(self, query, limit)


Entries = dict[str, list]  # term -> [term, postings chunk, document frequency], for this query


def candidates_for(index: SearchIndex, token: Token, is_last: bool, entries: Entries) -> dict[str, int]:
    """Terms a query word meets, each with the best factor it meets them with.

    The offers are kept per word on the index: the export looks up a thousand queries that share
    many words, and the typo scan over a shard's words is the costly part of each.
    """
    key = (token.surface, token.term, token.whole, is_last)
    offers = index.offers.get(key)
    if offers is None:
        offers = index.offers[key] = []
        offer_candidates(index, token, is_last, lambda entry, factor: offers.append((entry, factor)))
    found: dict[str, int] = {}
    for entry, factor in offers:
        term = entry[0]
        entries[term] = entry  # a stem may live in another shard than the word typed
        if found.get(term, 0) < factor:
            found[term] = factor
    return found


def offer_candidates(index: SearchIndex, token: Token, is_last: bool, offer: Callable[[list, int], None]) -> None:
    """Offer each term a query word meets with its factor, in order (a term may be offered twice)."""
    shard = index.shard(shard_key(token.surface))
    if shard is None:
        return
    exact = shard.by_term.get(token.term)
    if exact:
        offer(exact, FACTOR_EXACT)
    if token.whole:
        return  # a Korean whole word is met as it is, or not at all
    if is_last:
        start = bisect.bisect_left(shard.words, token.surface)
        prefixed: dict[str, list] = {}
        for i in range(start, len(shard.words)):
            if not shard.words[i].startswith(token.surface):
                break
            if " " in shard.words[i]:
                continue  # keyword phrases are matched whole, by add_phrases
            entry = shard.terms[shard.word_terms[i]]
            prefixed[entry[0]] = entry
        for entry in sorted(prefixed.values(), key=lambda e: (-e[2], e[0]))[: prefix_limit(token.surface)]:
            offer(entry, FACTOR_PREFIX)
    if exact and len(token.term) >= FAMILY_STEM_MIN and not is_cjk_word(token.term):
        offer_family(index, token.term, offer)
    if not exact and len(token.surface) >= TYPO_1_MIN_LENGTH:
        limit = 2 if len(token.surface) >= TYPO_2_MIN_LENGTH else 1
        near: dict[str, tuple[int, list]] = {}
        for i, word in enumerate(shard.words):
            if " " in word:
                continue
            distance = edit_distance(token.surface, word, limit, index.slips)
            if distance <= limit:
                entry = shard.terms[shard.word_terms[i]]
                if entry[0] not in near or near[entry[0]][0] > distance:
                    near[entry[0]] = (distance, entry)
        ranked = sorted(near.values(), key=lambda de: (de[0], -de[1][2], de[1][0]))[:MAX_TYPO_TERMS]
        for distance, entry in ranked:
            offer(entry, FACTOR_TYPO_1 if distance == 1 else FACTOR_TYPO_2)


def offer_family(index: SearchIndex, term: str, offer: Callable[[list, int], None]) -> None:
    """Offer the words of a stem's family: those that begin with it less its last FAMILY_CUT letters.

    Snowball stems inflections, not derivations, so it leaves a family apart: Swedish "levererar"
    ("leverer") and "leverans" ("leveran"), English "deliver" ("deliv") and "delivery"
    ("deliveri"). Only a word the site has is offered its family, at the weakest factor; a word the
    site lacks is left to typo tolerance, so a brand name or a made-up word still meets nothing.
    """
    root = term[:-FAMILY_CUT]
    shard = index.shard(shard_key(root))
    if shard is None:
        return
    family: dict[str, list] = {}
    for i in range(bisect.bisect_left(shard.words, root), len(shard.words)):
        word = shard.words[i]
        if not word.startswith(root):
            break
        if " " not in word:
            entry = shard.terms[shard.word_terms[i]]
            family[entry[0]] = entry
    for entry in sorted(family.values(), key=lambda e: (-e[2], e[0]))[:MAX_PREFIX_TERMS]:
        offer(entry, FACTOR_FAMILY)


PHRASE_JOIN = "\t"  # joins the terms of a many-word synonym phrase into one key of ``found``


def add_synonyms(index: SearchIndex, tokens: list[Token], found: list[dict[str, int]], entries: Entries) -> None:
    """Where a query contains a phrase of a synonym group, its words also meet the other phrases.

    A many-word phrase meets only documents that hold all of its words ("money back" must not
    match every page that says "back"); it is offered as one key, its terms joined by PHRASE_JOIN.
    """
    terms = [t.term for t in tokens]
    for group in index.manifest["synonyms"]:
        for synonym in group:
            n = len(synonym)
            for start in range(len(terms) - n + 1):
                if terms[start : start + n] != synonym:
                    continue
                for other in group:
                    if other == synonym:
                        continue
                    found_entries = [index.term_entry(term) for term in other]
                    if any(entry is None for entry in found_entries):
                        continue  # a phrase with a word absent from the site meets nothing
                    for term, entry in zip(other, found_entries, strict=True):
                        entries[term] = entry
                    key = PHRASE_JOIN.join(other)
                    for position in range(start, start + n):
                        if found[position].get(key, 0) < FACTOR_SYNONYM:
                            found[position][key] = FACTOR_SYNONYM


def typo_factor(token: Token, term: str, slips: frozenset[str]) -> int:
    """How a word meets a term it may be a slip of: FACTOR_TYPO_1 at one edit from 4 letters,
    FACTOR_TYPO_2 at two from 8, 0 when it is further (or the same); edits counted with the
    language's ``slips``."""
    if len(token.surface) < TYPO_1_MIN_LENGTH:
        return 0
    limit = 2 if len(token.surface) >= TYPO_2_MIN_LENGTH else 1
    distance = edit_distance(token.term, term, limit, slips)
    return 0 if distance == 0 or distance > limit else FACTOR_TYPO_1 if distance == 1 else FACTOR_TYPO_2


def add_synonym_typos(index: SearchIndex, tokens: list[Token], found: list[dict[str, int]], entries: Entries) -> None:
    """A word that meets nothing on the site, a typo away from a one-word synonym, meets that
    synonym's group as a typo meets a word: Swedish "portot" (Snowball leaves its ending) meets
    "porto", so "frakt". A word the site has, or a typo of one, keeps what it met."""
    for position, token in enumerate(tokens):
        if found[position] or index.term_entry(token.term) is not None:
            continue
        for group in index.manifest["synonyms"]:
            words = [synonym[0] for synonym in group if len(synonym) == 1]
            factor = max((typo_factor(token, word, index.slips) for word in words), default=0)
            if not factor:
                continue
            for other in group:
                found_entries = [index.term_entry(term) for term in other]
                if any(entry is None for entry in found_entries):
                    continue
                for term, entry in zip(other, found_entries, strict=True):
                    entries[term] = entry
                key = PHRASE_JOIN.join(other)
                if found[position].get(key, 0) < factor:
                    found[position][key] = factor


def add_marked(index: SearchIndex, tokens: list[Token], found: list[dict[str, int]], entries: Entries) -> None:
    """Vietnamese typed with its accents ranks the same accents first ("hoàn" before "hoan")."""
    if index.lang not in MARKED_LANGS:
        return
    for token, terms in zip(tokens, found, strict=True):
        entry = index.term_entry(token.word) if token.word != token.surface else None
        if entry is not None:
            entries[token.word] = entry
            terms[token.word] = max(terms.get(token.word, 0), FACTOR_MARKED)


def add_phrases(
    index: SearchIndex, whole: str, tokens: list[Token], found: list[dict[str, int]], entries: Entries
) -> None:
    """A query that is (or begins) a keyword phrase meets it with every word; a keyword phrase the
    query holds whole ("hvordan returnerer jeg" in "hvordan returnerer jeg en vare") meets the
    words it spans, as strongly: a staff-written phrase is the surest sign of what a page answers."""
    if " " not in whole:
        return
    shard = index.shard(shard_key(whole))
    if shard is not None:
        for i in range(bisect.bisect_left(shard.words, whole), len(shard.words)):
            word = shard.words[i]
            if not word.startswith(whole):
                break
            entry = shard.terms[shard.word_terms[i]]
            term = entries.setdefault(entry[0], entry)[0]
            factor = FACTOR_EXACT if word == whole else FACTOR_PREFIX
            for terms in found:
                if terms.get(term, 0) < factor:
                    terms[term] = factor
    for start, span, entry in held_phrases(index, whole, tokens):
        term = entries.setdefault(entry[0], entry)[0]
        for token, terms in zip(tokens, found, strict=True):
            if start <= token.position < start + span and terms.get(term, 0) < FACTOR_EXACT:
                terms[term] = FACTOR_EXACT


def held_phrases(index: SearchIndex, whole: str, tokens: list[Token]) -> Iterator[tuple[int, int, list]]:
    """(first word, number of words, entry) of each keyword phrase the query holds on word
    boundaries, beginning where the query or one of its search words does: the browser has those
    words' dictionary shards already, so a held phrase costs no download."""
    parts = whole.split(" ")
    for start in phrase_starts(len(parts), tokens):
        lead = parts[start] + " "
        shard = index.shard(shard_key(lead)) if parts[start] else None
        if shard is None:
            continue
        rest = " ".join(parts[start:]) + " "
        for i in range(bisect.bisect_left(shard.words, lead), len(shard.words)):
            word = shard.words[i]
            if not word.startswith(lead):
                break
            if rest.startswith(word + " "):
                yield start, word.count(" ") + 1, shard.terms[shard.word_terms[i]]


def phrase_starts(n_words: int, tokens: list[Token]) -> list[int]:
    """Where a held keyword phrase may begin: the query's first word and each search word."""
    return sorted({0, *(t.position for t in tokens)} & set(range(n_words)))


def query_tokens(query: str, lang: str) -> tuple[list[Token], list[Segment]]:
    """The query's search words: its first 8 content words, then its Korean whole words.

    A Korean word's stem, its particle stripped, is searched whole as well ("배송비는": "배송비").
    """
    segs = segments(query, lang)
    wholes: list[Token] = []
    for seg in segs:
        word = whole_word(seg.text, lang) if seg.is_run else ""
        if word:
            wholes.append(Token(word, word, word, seg.position, True))
    tokens = analyze(query, lang)[:MAX_QUERY_WORDS]
    last = tokens[-1].position if tokens else -1
    return tokens + [t for t in wholes if t.position <= last][:MAX_QUERY_WORDS], segs


def run_query(index: SearchIndex, query: str, limit: int = 10) -> Answer:
    tokens, segs = query_tokens(query, index.lang)
    if not tokens:
        return Answer(query, [], 0)
    words_only = [t for t in tokens if not t.whole]
    entries: Entries = {}
    found = [candidates_for(index, token, i == len(words_only) - 1, entries) for i, token in enumerate(tokens)]
    add_synonyms(index, words_only, found, entries)
    add_phrases(index, phrase(query, index.lang), tokens, found, entries)
    add_marked(index, words_only, found, entries)
    add_compounds(index, tokens, segs, found, entries)
    add_title(index, words_only, found, entries)
    add_synonym_typos(index, words_only, found, entries)  # last: for a word nothing else met
    drop_lone_pair_runs(index, tokens, segs, found, entries)
    unmatched = missing_words(index, tokens, segs, found)

    scores, masks, reach = score_documents(index, found, entries)
    specific = most_specific(tokens, reach)
    groups: dict[int, list[int]] = {}
    for doc in sorted(scores):
        groups.setdefault(group_of(doc), []).append(doc)
    ranked: list[tuple[int, int, int]] = []  # (has the most specific word, final score, best doc)
    for key, members in groups.items():
        best_doc = members[0]
        for doc in members:
            if scores[doc] > scores[best_doc]:
                best_doc = doc
        score = scores[best_doc]
        head = best_doc - best_doc % SLOTS
        if head != best_doc and head in scores and group_of(head) == key:
            score += scores[head] // 2
        mask = 0
        for doc in members:
            mask |= masks[doc]
        has = 1 if specific < 0 or mask >> specific & 1 else 0
        ranked.append((has, score * bin(mask).count("1"), best_doc))
    ranked.sort(key=lambda r: (-r[0], -r[1], r[2]))

    keys = {key for terms in found for key in terms}
    matched_terms = {key for key in keys if PHRASE_JOIN not in key}
    phrases = sorted(key.split(PHRASE_JOIN) for key in keys if PHRASE_JOIN in key)
    results = [
        make_result(index, best_doc, final, words_only, matched_terms, phrases) for _, final, best_doc in ranked[:limit]
    ]
    return Answer(query, results, len(ranked), unmatched)


SPECIFIC_RATIO = 8


def score_documents(
    index: SearchIndex, found: list[dict[str, int]], entries: Entries
) -> tuple[dict[int, int], dict[int, int], list[int]]:
    """Each document's score (per word, its best factor x impact, summed), which words it met, and
    how many documents each word met."""
    scores: dict[int, int] = {}
    masks: dict[int, int] = {}
    reach: list[int] = []
    for position, terms in enumerate(found):
        best: dict[int, int] = {}
        for term in sorted(terms):
            factor = terms[term]
            if PHRASE_JOIN in term:
                pairs: Iterable[tuple[int, int]] = phrase_impacts(index, entries, term).items()
            else:
                pairs = postings(index, entries, term)
            for doc, impact in pairs:
                value = factor * impact
                if best.get(doc, 0) < value:
                    best[doc] = value
        for doc, value in best.items():
            scores[doc] = scores.get(doc, 0) + value
            masks[doc] = masks.get(doc, 0) | (1 << position)
        reach.append(len(best))
    return scores, masks, reach


def most_specific(tokens: list[Token], reach: list[int]) -> int:
    """The position of the query's most specific word, or -1: of the words written apart (not
    character pairs), the one that meets the fewest documents, but some, and SPECIFIC_RATIO times
    fewer than each other word ("klarna refund" on a site that names Klarna once). A word only a
    little rarer is as likely to be incidental ("two" in "can i use two discount codes")."""
    words = [i for i, t in enumerate(tokens) if reach[i] and (t.whole or not is_pair(t.word))]
    if len(words) < 2:
        return -1
    best = min(words, key=lambda i: (reach[i], i))
    if any(reach[best] * SPECIFIC_RATIO > reach[i] for i in words if i != best):
        return -1
    return best


def is_pair(word: str) -> bool:
    return is_cjk_word(word) and len(clusters(word)) == 2


def is_cjk_word(word: str) -> bool:
    from kbgen.index.analysis import is_cjk

    return is_cjk(word[0])


def add_compounds(
    index: SearchIndex, tokens: list[Token], segs: list[Segment], found: list[dict[str, int]], entries: Entries
) -> None:
    """Closed and open compounds meet: two adjacent words are also tried joined ("gift card" meets
    "giftcard"), and a word the site does not have, split into two it has ("giftcard")."""
    at = {t.position: i for i, t in enumerate(tokens) if not t.whole}
    latin = [s for s in segs if not is_cjk_word(s.text)]
    for first, second in zip(latin, latin[1:], strict=False):
        if second.position != first.position + 1:
            continue
        targets = [at[p] for p in (first.position, second.position) if p in at]
        analysed = analyze_word(first.text + second.text, index.lang)
        entry = index.term_entry(analysed[1]) if analysed and targets else None
        if entry is not None:
            entries[entry[0]] = entry
            for i in targets:
                if found[i].get(entry[0], 0) < FACTOR_COMPOUND:
                    found[i][entry[0]] = FACTOR_COMPOUND
    for i, token in enumerate(tokens):
        if token.whole or is_cjk_word(token.word) or index.term_entry(token.term) is not None or found[i]:
            continue
        key = split_compound(index, token.surface, entries)
        if key and found[i].get(key, 0) < FACTOR_COMPOUND:
            found[i][key] = FACTOR_COMPOUND


def split_compound(index: SearchIndex, surface: str, entries: Entries) -> str:
    """The best split of a word into two the site has, as a key of ``found``; the most even split
    wins. The tail may be a short stop word ("sign|in"), the head never ("after|pay"). "" if none."""
    if not COMPOUND_WORD_MIN <= len(surface) <= STEM_MAX_CHARS:  # a pasted blob: no compound, and n² work
        return ""
    best: tuple[int, int, list[list]] | None = None
    for cut in range(2, len(surface) - 1):
        parts = [surface[:cut], surface[cut:]]
        found_parts = [compound_part(index, parts[0], False), compound_part(index, parts[1], True)]
        if any(p is None for p in found_parts) or all(p == [] for p in found_parts):
            continue
        rank = (min(len(parts[0]), len(parts[1])), -cut)
        if best is None or rank > best[:2]:
            best = (rank[0], rank[1], [p for p in found_parts if p])
    if best is None:
        return ""
    for entry in best[2]:
        entries[entry[0]] = entry
    return PHRASE_JOIN.join(entry[0] for entry in best[2])


def compound_part(index: SearchIndex, part: str, is_tail: bool) -> list | None:
    """A part of a split word: its index entry, [] for a stop word, None when it cannot be a part."""
    if is_stop_word(part, index.lang):
        return [] if is_tail and len(part) <= COMPOUND_STOP_TAIL_MAX else None
    analysed = analyze_word(part, index.lang)
    if len(part) < COMPOUND_PART_MIN or analysed is None:
        return None
    return index.term_entry(analysed[1])


def add_title(index: SearchIndex, tokens: list[Token], found: list[dict[str, int]], entries: Entries) -> None:
    """A query that is a page's whole title meets that page with every word."""
    key = title_key([t.term for t in tokens])
    entry = index.term_entry(key) if key else None
    if entry is None:
        return
    entries[key] = entry
    for terms in found:
        terms[key] = max(terms.get(key, 0), FACTOR_EXACT)


def drop_lone_pair_runs(
    index: SearchIndex, tokens: list[Token], segs: list[Segment], found: list[dict[str, int]], entries: Entries
) -> None:
    """A run of Thai or kana letters meets the site only where two neighbouring pairs of it meet one
    document, or a synonym, keyword or title meets it whole; else it meets nothing (and is missing).

    Such a pair alone is no evidence of the word: ラッピング's one pair on the site, ング, is in
    ピッキング. A run with a pair holding a Chinese character or a Korean syllable keeps all its
    pairs, as does a run of one pair: it is all the shopper typed.
    """
    at = {t.position: i for i, t in enumerate(tokens) if not t.whole}
    for seg in segs:
        if not seg.is_run or seg.parts < 2:
            continue
        met = [i if i is not None and found[i] else None for i in (at.get(seg.position + k) for k in range(seg.parts))]
        if any(i is not None and (not is_small_alphabet_pair(tokens[i].word) or meets_whole(found[i])) for i in met):
            continue
        if not neighbours_meet_one_document(index, entries, [found[i] if i is not None else {} for i in met]):
            for i in met:
                if i is not None:
                    found[i].clear()


def meets_whole(terms: dict[str, int]) -> bool:
    """Whether a query word meets a synonym phrase, a keyword phrase or a title: more than its pair."""
    return any(PHRASE_JOIN in key or " " in key or key.endswith(TITLE_MARK) for key in terms)


def neighbours_meet_one_document(index: SearchIndex, entries: Entries, pairs: list[dict[str, int]]) -> bool:
    """Whether two neighbouring pairs of a run (each as the terms it meets) meet a document together.
    Each pair's documents are read when first needed: most runs are settled by their first two."""
    documents: dict[int, set[int]] = {}

    def documents_of(k: int) -> set[int]:
        if k not in documents:
            documents[k] = {doc for term in pairs[k] for doc, _ in postings(index, entries, term)}
        return documents[k]

    return any(
        pairs[k] and pairs[k + 1] and not documents_of(k).isdisjoint(documents_of(k + 1)) for k in range(len(pairs) - 1)
    )


def missing_words(
    index: SearchIndex, tokens: list[Token], segs: list[Segment], found: list[dict[str, int]]
) -> list[str]:
    """The query's words that meet nothing on the site, in the query's order, at word level.

    A Chinese, Japanese or Korean run is searched as its character pairs: what is missing is each
    stretch of characters that no matched pair covers (nor a stop word pair, nor a Korean
    particle), never a pair that straddles two words. A single such character counts only if
    no word of the site begins with it.
    """
    at = {t.position: i for i, t in enumerate(tokens) if not t.whole}
    whole_met = {t.position for i, t in enumerate(tokens) if t.whole and found[i]}
    last = max(at) if at else -1
    rows = endings(index.lang)
    out: list[str] = []
    for seg in segs:
        if seg.position > last:
            break
        cs = clusters(seg.text)  # a Thai letter with its marks is one character here
        if not seg.is_run:
            i = at.get(seg.position)
            lone = len(cs) == 1 and is_cjk_word(seg.text)
            if i is not None and not found[i] and not (lone and begins_a_word(index, seg.text)):
                out.append(tokens[i].word)
            continue
        covered = [seg.position in whole_met] * len(cs)
        stem_length = len(clusters(strip_ending(seg.text, rows))) if rows else len(cs)
        for k in range(stem_length, len(cs)):
            covered[k] = True  # a particle or ending: grammar
        for k in range(seg.parts):
            i = at.get(seg.position + k)
            if i is None or found[i]:  # a stop word pair, a grammar pair, or a matched one
                covered[k] = covered[k + 1] = True
        for run in uncovered_runs(cs, covered):
            if len(clusters(run)) > 1 or not (is_stop_word(run, index.lang) or begins_a_word(index, run)):
                out.append(run)
    return out


def uncovered_runs(cs: list[str], covered: list[bool]) -> list[str]:
    runs, current = [], ""
    for ch, is_covered in zip(cs, covered, strict=True):
        if is_covered:
            if current:
                runs.append(current)
            current = ""
        else:
            current += ch
    return [*runs, current] if current else runs


def begins_a_word(index: SearchIndex, ch: str) -> bool:
    shard = index.shard(shard_key(ch))
    if shard is None:
        return False
    i = bisect.bisect_left(shard.words, ch)
    return i < len(shard.words) and shard.words[i].startswith(ch)


def postings(index: SearchIndex, entries: Entries, term: str) -> Iterator[tuple[int, int]]:
    """(document, impact) pairs of one term, decoded from [doc id delta, impact, ...]."""
    entry = entries[term]
    flat = entry[3] if entry[1] < 0 else index.chunk(entry[1])[term]
    doc = 0
    for k in range(0, len(flat), 2):
        doc += flat[k]
        yield doc, flat[k + 1]


def phrase_impacts(index: SearchIndex, entries: Entries, key: str) -> dict[int, int]:
    """Document -> impact of a synonym phrase: the documents that have all its words, at its weakest word."""
    parts = [dict(postings(index, entries, term)) for term in key.split(PHRASE_JOIN)]
    return {doc: min(p[doc] for p in parts) for doc in parts[0] if all(doc in p for p in parts[1:])}


def make_result(
    index: SearchIndex, doc: int, score: int, tokens: list[Token], terms: set[str], phrases: list[list[str]]
) -> Result:
    page = index.page(doc // SLOTS)
    anchor, title, kind, text = page["s"][str(doc % SLOTS)]
    url = page["u"] + (f"#{anchor}" if anchor else "")
    width = 320 if kind == "faq" else 160
    text = snippet(text, tokens, terms, index.lang, width, phrases)
    return Result(url, title, text, kind, score, page["t"], page["c"])


WORD_CHARS = WORD  # a word with its marks, as the analyser reads it


def snippet(
    text: str, tokens: list[Token], terms: set[str], lang: str, width: int = 160, phrases: list[list[str]] | None = None
) -> str:
    """A window of ``text`` around the first matched word, matched words in <mark>, all else escaped.

    The words of a synonym phrase ("money back") are marked only where the text has all of them.
    """
    surfaces = [t.surface for t in tokens]
    found = []  # (span, lowercased word, its term) for every word of the text
    for m in WORD_CHARS.finditer(text):
        lower = simplify(m[0].lower(), lang)
        found.append((m.span(), lower, fold(stem(lower, lang))))
    present = {term for _, _, term in found}
    terms = terms | {term for phrase in phrases or [] if all(t in present for t in phrase) for term in phrase}
    spans = [
        span for span, lower, term in found if term in terms or any(fold(lower).startswith(s) for s in surfaces)
    ]
    start = 0
    if spans and spans[0][0] > width // 3:
        start = text.rfind(" ", 0, spans[0][0] - width // 4) + 1
    end = min(len(text), start + width)
    if end < len(text):
        end = max(text.rfind(" ", start, end), start + width // 2)
    out, cursor = [], start
    for s, e in spans:
        if s < start or e > end:
            continue
        out.append(htmllib.escape(text[cursor:s]) + "<mark>" + htmllib.escape(text[s:e]) + "</mark>")
        cursor = e
    out.append(htmllib.escape(text[cursor:end]))
    return ("…" if start > 0 else "") + "".join(out).strip() + ("…" if end < len(text) else "")


