"""Building the sharded search index from the pages' documents (see ``format.py``)."""

from __future__ import annotations

import hashlib
import heapq
import itertools
import json
import math
import os
import shutil
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kbgen import __version__
from kbgen.index.analysis import (
    COMPOUND_LANGS,
    analyser_of,
    analyze,
    analyze_word,
    compound_parts,
    elisions,
    endings,
    marked_terms_of,
    phrase,
    shared_tails,
    slips,
    stopwords,
    stopwords_folded,
    terms_of,
    title_key,
    whole_word_terms,
)
from kbgen.index.documents import SearchPage, SearchSection
from kbgen.index.format import (
    BOOSTS,
    FAQ_SLOT,
    FIELDS,
    INDEX_FORMAT,
    INLINE_POSTINGS,
    K1,
    LENGTH_NORMS,
    MAX_IMPACT,
    MAX_SECTIONS,
    POSTINGS_CHUNK_BYTES,
    SLOTS,
    shard_key,
)


@dataclass
class IndexStats:
    pages: int
    documents: int
    terms: int
    files: int
    bytes: int

    @property
    def summary(self) -> str:
        return (
            f"search index: {self.documents} documents from {self.pages} pages, {self.terms} terms, "
            f"{self.files} files, {self.bytes / 1024:.0f} KiB"
        )


def compact(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def assign_ids(pages: list[SearchPage]) -> list[tuple[int, SearchPage, SearchSection]]:
    """Document ids: page * 128 + slot; long FAQ files continue on extra page numbers."""
    docs: list[tuple[int, SearchPage, SearchSection]] = []
    page_no = 0
    for page in pages:
        if page.head is not None:
            docs.append((page_no * SLOTS, page, page.head))
        if page.is_faq:
            for index, section in enumerate(page.sections):
                block, slot = divmod(index, SLOTS - FAQ_SLOT)
                docs.append(((page_no + block) * SLOTS + FAQ_SLOT + slot, page, section))
            page_no += max(1, math.ceil(len(page.sections) / (SLOTS - FAQ_SLOT)))
        else:
            for index, section in enumerate(page.sections[:MAX_SECTIONS]):
                docs.append((page_no * SLOTS + 1 + index, page, section))
            for extra in page.sections[MAX_SECTIONS:]:  # very long articles: fold into the last slot
                docs.append((page_no * SLOTS + MAX_SECTIONS, page, extra))
            page_no += 1
    return docs


# A term's counts in the fields of one document, packed in one int: COUNT_BITS bits a field, the
# body (the usual field) lowest, so most counts are small ints. Far lighter than a list per term.
COUNT_BITS = 32
COUNT_MASK = (1 << COUNT_BITS) - 1
FIELD_SHIFTS = tuple(COUNT_BITS * (len(FIELDS) - 1 - f) for f in range(len(FIELDS)))


def packed_terms(per_term: dict[str, int]) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """A document's terms and packed counts, in their order, as two tuples."""
    return tuple(per_term), tuple(per_term.values())


def postings_of(doc_ids: list[int], weight: float) -> tuple[array, array]:
    """Postings that all weigh the same (keyword phrases and titles met whole)."""
    return array("q", doc_ids), array("d", [weight] * len(doc_ids))


def percentile_999(weights: dict[str, tuple[array, array]]) -> float:
    """The weight 99.9 % of postings do not exceed (what impact 255 stands for), without sorting them all."""
    total = sum(len(ws) for _, ws in weights.values())
    if not total:
        return 1.0
    above = total - int(total * 0.999)  # the value at that index, ascending, is the above-th largest
    return heapq.nlargest(above, itertools.chain.from_iterable(ws for _, ws in weights.values()))[-1]


class IndexFiles:
    """The index's files, written to a hidden folder as they are made, then named by their content's hash."""

    STAGING = ".i-building"

    def __init__(self, out_dir: Path):
        self.out_dir, self.names, self.bytes = out_dir, [], 0
        self.pending: dict[str, int] = {}
        self.staging = out_dir / self.STAGING
        if self.staging.exists():
            shutil.rmtree(self.staging)
        self.staging.mkdir(parents=True)

    def __len__(self) -> int:
        return len(self.names)

    def add(self, name: str, text: str) -> None:
        data = text.encode("utf-8")
        (self.staging / name).write_bytes(data)
        self.names.append(name)
        self.bytes += len(data)

    def write(self, name: str, text: str) -> None:
        """A file whose final name is not known yet: it counts once ``rename`` names it."""
        data = text.encode("utf-8")
        (self.staging / name).write_bytes(data)
        self.pending[name] = len(data)

    def rename(self, old: str, new: str) -> None:
        os.rename(self.staging / old, self.staging / new)
        self.names.append(new)
        self.bytes += self.pending.pop(old)

    def finish(self) -> str:
        """Hash the files in name order (as read back), replace older index folders, and return the new one's name."""
        digest = hashlib.sha256()
        for name in sorted(self.names):
            digest.update(name.encode() + b"\0" + (self.staging / name).read_bytes() + b"\0")
        folder = f"i-{digest.hexdigest()[:12]}"
        for old in self.out_dir.glob("i-*"):
            shutil.rmtree(old)
        self.staging.rename(self.out_dir / folder)
        return folder


def result_texts(page: SearchPage, docs: list[tuple[int, SearchPage, SearchSection]]) -> list[tuple[int, str]]:
    """The text of each of a page's result files (title, address, each document's snippet), by block."""
    blocks: dict[int, list[tuple[int, SearchSection]]] = defaultdict(list)
    for doc_id, _page, section in docs:
        blocks[doc_id // SLOTS].append((doc_id, section))
    return [
        (block, compact({
            "u": page.url,
            "t": page.title,
            "c": page.category,
            "s": {str(d % SLOTS): [s.anchor, s.title, s.kind, s.text] for d, s in members},
        }))
        for block, members in blocks.items()
    ]


def build_index(
    pages: list[SearchPage], out_dir: Path, *, lang: str = "en", synonyms: list[list[str]] | None = None,
    client: str = "", assets: dict[str, str] | None = None,
) -> IndexStats:
    """Analyse every document, weigh every term (BM25F) and write the shards under ``out_dir``.

    ``lang`` is the sub-site's code; a regional variant is analysed as its base language. ``assets``
    names the files the client loads for this analyser (``resources.analysis_files``).
    """
    index = IndexBuilder(out_dir, lang=lang, synonyms=synonyms, client=client, assets=assets)
    for page in pages:
        index.add(page)
    return index.finish()


@dataclass
class PageRecord:
    """What the index keeps of one page once it is analysed: its documents' packed term counts,
    their field lengths, keyword phrases and title keys, by id within the page (block * SLOTS + slot).
    Its text is already written out (its result file), so the page itself need not be kept."""

    url: str
    blocks: int  # page numbers it takes (long FAQ pages take several)
    documents: int  # documents as assign_ids counts them (folded sections included)
    counts: dict[int, tuple[tuple[str, ...], tuple[int, ...]]]  # local id -> packed (terms, counts)
    lengths: dict[int, list[int]]
    phrases: list[tuple[int, str]]
    titles: list[tuple[int, str]]
    results: list[tuple[int, str]]  # (block, staging name of its result file)
    # Compound languages only: each document's counts as a dict, merged after the compound parts are
    # counted, and the page's surfaces in the order it first uses them (a stem's split depends on it).
    unmerged: list[tuple[int, dict[str, int]]] = field(default_factory=list)
    surfaces: list[str] = field(default_factory=list)


class IndexBuilder:
    """Builds one language's index a page at a time: ``add`` each page as it is rendered, then ``finish``.

    Each page is analysed when it comes and only its counts are kept, so the index never holds
    every page's text at once. Document ids follow the pages' order in ``finish`` (by URL with
    ``by_url``, else as added): the files are the same whatever order the pages came in.
    """

    def __init__(
        self, out_dir: Path, *, lang: str = "en", synonyms: list[list[str]] | None = None, client: str = "",
        assets: dict[str, str] | None = None, by_url: bool = False,
    ):
        self.out_dir, self.synonyms, self.client, self.by_url = out_dir, synonyms, client, by_url
        self.code, self.lang, self.assets = lang, analyser_of(lang), assets  # the sub-site's code, its analyser
        self.compounds = self.lang in COMPOUND_LANGS
        self.records: list[PageRecord] = []
        self.surfaces: dict[str, str] = {}
        self.files: IndexFiles | None = None  # made at the first page: the site folder is cleaned before

    def add(self, page: SearchPage) -> None:
        """Analyse one page's documents and write its result files to the staging folder."""
        if self.files is None:
            self.files = IndexFiles(self.out_dir)
        record = self.analyse(page)
        record.results = self._write_results(page, assign_ids([page]))
        self.records.append(record)

    def analyse(self, page: SearchPage, *, every_surface: bool = False) -> PageRecord:
        """One page's documents counted (its result files aside); ``every_surface`` keeps the words
        it uses in any language (the preview's index counts the pages using each word)."""
        lang, n_fields = self.lang, len(FIELDS)
        units = [1 << shift for shift in FIELD_SHIFTS]
        docs = assign_ids([page])
        counts: dict[int, Any] = {}
        lengths: dict[int, list[int]] = {}
        unmerged: list[tuple[int, dict[str, int]]] = []
        surfaces, compounds = self.surfaces, self.compounds or every_surface
        here: dict[str, None] = {}  # compound languages: the page's surfaces, in order
        for doc_id, _page, section in docs:
            per_term: dict[str, int] = {}
            field_lengths = lengths.setdefault(doc_id, [0] * n_fields)
            for f, name in enumerate(FIELDS):
                text = section.fields.get(name, "")
                pairs = terms_of(text, lang)
                field_lengths[f] += len(pairs)
                unit = units[f]
                for extra in [*marked_terms_of(text, lang), *whole_word_terms(text, lang)]:
                    per_term[extra] = per_term.get(extra, 0) + unit
                for surface, term in pairs:
                    per_term[term] = per_term.get(term, 0) + unit
                    if surface not in surfaces:
                        surfaces[surface] = term
                    if compounds:
                        here[surface] = None
            if self.compounds:
                unmerged.append((doc_id, per_term))
            else:
                merge_counts(counts, doc_id, packed_terms(per_term))
        return PageRecord(
            url=page.url, documents=len(docs), counts=counts, lengths=lengths, unmerged=unmerged,
            blocks=max(1, math.ceil(len(page.sections) / (SLOTS - FAQ_SLOT))) if page.is_faq else 1,
            phrases=[(d, key) for d, _, s in docs for keyword in s.phrases if " " in (key := phrase(keyword, lang))],
            titles=[(d, key) for d, _, s in docs if s.kind != "section"
                    and (key := title_key([t for _, t in terms_of(s.title, lang)]))],
            results=[], surfaces=list(here),
        )

    def _write_results(self, page: SearchPage, docs: list[tuple[int, SearchPage, SearchSection]]) -> list:
        """The page's result files (title, address, each document's snippet), under temporary names."""
        assert self.files is not None
        written = []
        for block, text in result_texts(page, docs):
            name = f"r-{len(self.records)}-{block}.json"
            self.files.write(name, text)
            written.append((block, name))
        return written

    def finish(self) -> IndexStats:
        """Weigh every term over all the pages added and write the dictionary, postings and manifest."""
        if self.files is None:
            self.files = IndexFiles(self.out_dir)
        records = sorted(self.records, key=lambda r: r.url) if self.by_url else self.records
        self.records = []
        return write_index(records, self.surfaces, self.files, self, self.synonyms)


def merge_counts(merged: dict[int, Any], doc_id: int, entry: tuple[tuple[str, ...], tuple[int, ...]]) -> None:
    """Add one document's packed counts; an id can repeat (very long articles fold extra sections into one slot)."""
    have = merged.get(doc_id)
    if have is None:
        merged[doc_id] = entry
        return
    target = dict(zip(*have, strict=True))
    for term, counts in zip(*entry, strict=True):
        target[term] = target.get(term, 0) + counts
    merged[doc_id] = packed_terms(target)


def place_record(
    record: PageRecord, start: int, merged: dict, lengths: dict[int, list[int]],
    phrase_docs: dict[str, set[int]], titles: dict[str, set[int]],
    doc_counts: list[tuple[int, dict[str, int]]], *, copy_counts: bool = False,
) -> None:
    """``record``'s documents numbered from ``start`` into the index's tables (the build's and the
    preview's re-weighing); ``copy_counts`` when the unmerged counts must outlive the compound pass."""
    doc_counts += [(start + d, dict(c) if copy_counts else c) for d, c in record.unmerged]
    merged.update((start + d, entry) for d, entry in record.counts.items())
    lengths.update((start + d, field_lengths) for d, field_lengths in record.lengths.items())
    for d, key in record.phrases:
        phrase_docs[key].add(start + d)
    for d, key in record.titles:
        titles[key].add(start + d)


def write_index(
    records: list[PageRecord], surfaces: dict[str, str], files: IndexFiles, index: IndexBuilder,
    synonyms: list[list[str]] | None,
) -> IndexStats:
    """The index of ``records`` in this order: page numbers, BM25F weights, then the files."""
    lang = index.lang
    n_fields = len(FIELDS)
    out_dir = files.out_dir
    merged: dict[int, tuple[tuple[str, ...], tuple[int, ...]]] = {}
    lengths: dict[int, list[int]] = {}
    phrase_docs: dict[str, set[int]] = defaultdict(set)
    titles: dict[str, set[int]] = defaultdict(set)
    doc_counts: list[tuple[int, dict[str, int]]] = []
    page_no = n_documents = 0
    for record in records:
        place_record(record, page_no * SLOTS, merged, lengths, phrase_docs, titles, doc_counts)
        for block, name in record.results:
            files.rename(name, f"g-{page_no + block}.json")
        page_no += record.blocks
        n_documents += record.documents
    n_pages = len(records)
    if lang in COMPOUND_LANGS:
        # Surfaces in the order the pages give them (which compound split a stem takes depends on it).
        ordered: dict[str, str] = {}
        for record in records:
            for surface in record.surfaces:
                ordered.setdefault(surface, surfaces[surface])
        surfaces = ordered
        add_compound_parts(doc_counts, surfaces, lang)
        for doc_id, per_term in doc_counts:
            merge_counts(merged, doc_id, packed_terms(per_term))
        del doc_counts
    del records

    df: Counter[str] = Counter()
    for terms, _counts in merged.values():
        df.update(terms)

    n_docs = len(merged) or 1
    boosts = [BOOSTS[f] for f in FIELDS]
    norms_b = [LENGTH_NORMS[f] for f in FIELDS]
    average = [(sum(lengths[d][f] for d in merged) / n_docs) or 1.0 for f in range(n_fields)]
    idf = {term: math.log(1 + (n_docs - n + 0.5) / (n + 0.5)) for term, n in df.items()}

    # term -> (document ids, weights): two flat arrays, not a tuple per posting, to keep memory low.
    weights: dict[str, tuple[array, array]] = {}
    shifts = list(enumerate(FIELD_SHIFTS))
    fields_of: dict[int, list[tuple[int, int]]] = {}  # packed counts -> (field, count) of its fields met; few differ
    for doc_id in sorted(merged):
        doc_lengths = lengths[doc_id]
        scale_f = [
            boosts[f] / (1 - norms_b[f] + norms_b[f] * doc_lengths[f] / average[f]) for f in range(n_fields)
        ]
        for term, packed in zip(*merged.pop(doc_id), strict=True):
            met = fields_of.get(packed)
            if met is None:
                met = fields_of[packed] = [(f, c) for f, shift in shifts if (c := (packed >> shift) & COUNT_MASK)]
            tf = 0.0
            for f, count in met:
                tf += scale_f[f] * count
            entry = weights.get(term)
            if entry is None:
                entry = weights[term] = (array("q"), array("d"))
            entry[0].append(doc_id)
            entry[1].append(idf[term] * tf * (K1 + 1) / (tf + K1))

    ceiling = percentile_999(weights)
    scale = MAX_IMPACT / ceiling

    # A keyword phrase met whole weighs as much as a term can.
    for key, phrase_doc_ids in phrase_docs.items():
        if key not in weights:
            weights[key] = postings_of(sorted(phrase_doc_ids), ceiling)
            surfaces.setdefault(key, key)
    # A page's title met whole, too; kept out of the word list, so only a whole query meets it.
    for key, title_doc_ids in titles.items():
        weights[key] = postings_of(sorted(title_doc_ids), ceiling)

    # Each term's postings, delta-coded: as JSON text when they go to a postings file (lighter than
    # a list of ints), as a list when they stay in the dictionary shard. The weights go as they are used.
    postings: dict[str, list[int] | str] = {}
    n_postings: dict[str, int] = {}
    for term in list(weights):
        doc_ids, term_weights = weights.pop(term)
        flat = [0] * (2 * len(doc_ids))  # gap to the previous id, impact; gap, impact; ...
        flat[0::2] = [*doc_ids[:1], *(b - a for a, b in itertools.pairwise(doc_ids))]
        flat[1::2] = [max(1, min(MAX_IMPACT, round(weight * scale))) for weight in term_weights]
        n_postings[term] = len(doc_ids)
        postings[term] = flat if len(doc_ids) <= INLINE_POSTINGS else compact(flat)

    chunk_of: dict[str, int] = {}
    chunk: list[str] = []  # "term":[postings] entries of one postings file, in term order
    size = n_chunks = 0
    for term in sorted(postings):
        if n_postings[term] <= INLINE_POSTINGS:
            continue  # kept in the dictionary shard itself: one fetch fewer for rare words
        text = postings.pop(term)
        entry = len(term) + 3 + len(text)
        if chunk and size + entry > POSTINGS_CHUNK_BYTES:
            files.add(f"p-{n_chunks}.json", "{" + ",".join(chunk) + "}")
            chunk, size, n_chunks = [], 0, n_chunks + 1
        chunk.append(f"{compact(term)}:{text}")
        chunk_of[term] = n_chunks
        size += entry
    if chunk:
        files.add(f"p-{n_chunks}.json", "{" + ",".join(chunk) + "}")
        n_chunks += 1

    def term_entry(term: str) -> list:
        if term in chunk_of:
            return [term, chunk_of[term], n_postings[term]]
        return [term, -1, n_postings[term], postings[term]]

    shards: dict[str, dict[str, list]] = defaultdict(lambda: {"w": [], "t": []})
    term_index: dict[tuple[str, str], int] = {}
    for surface in sorted(surfaces):
        term = surfaces[surface]
        if term not in n_postings:
            continue  # a compound's part counted in no document (its stem's other form was split instead)
        key = shard_key(surface)
        shard = shards[key]
        if (key, term) not in term_index:
            term_index[(key, term)] = len(shard["t"])
            shard["t"].append(term_entry(term))
        shard["w"].append([surface, term_index[(key, term)]])
    # A synonym or a stem may start with a letter none of its surface words do; keep every term findable.
    for term in sorted(n_postings):
        key = shard_key(term)
        if (key, term) not in term_index:
            term_index[(key, term)] = len(shards[key]["t"])
            shards[key]["t"].append(term_entry(term))
    for key, shard in shards.items():
        files.add(f"d-{key}.json", compact(shard))
    n_terms, shard_keys = len(n_postings), sorted(shards)

    folder = files.finish()
    total = files.bytes

    manifest_text = manifest_of(index, folder, shard_keys, n_chunks, n_documents, synonyms)
    (out_dir / "manifest.json").write_text(manifest_text, encoding="utf-8")
    total += len(manifest_text.encode())
    return IndexStats(n_pages, n_documents, n_terms, len(files) + 1, total)


def manifest_of(
    index: IndexBuilder, folder: str, shard_keys: list[str], n_chunks: int, n_documents: int,
    synonyms: list[list[str]] | None,
) -> str:
    """The text of ``manifest.json`` for an index written to ``folder``."""
    lang = index.lang
    manifest = {
        "format": INDEX_FORMAT,
        "kbgen_version": __version__,
        "lang": index.code,
        "analyser": lang,
        **(index.assets or {}),
        "index": folder + "/",
        "client": index.client,
        "shards": shard_keys,
        "postings": n_chunks,
        "documents": n_documents,
        "stopwords": sorted(stopwords(lang)),
        **({"stopwords_folded": True} if stopwords_folded(lang) else {}),
        **({"elisions": list(elisions(lang))} if elisions(lang) else {}),
        "endings": [list(row) for row in endings(lang)],
        **({"slips": sorted(pair for pair in slips(lang) if pair[0] < pair[1])} if slips(lang) else {}),
        "synonyms": synonym_terms(synonyms or [], lang),
    }
    return json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True)


CompoundSplits = tuple[dict[str, list[tuple[str, str]]], dict[str, list[str]]]


def add_compound_parts(doc_counts: list[tuple[int, dict[str, int]]], surfaces: dict[str, str], lang: str) -> None:
    """Count each compound's parts too, where both are words the site uses (Danish "studierabat")."""
    splits = compound_splits(surfaces, lang)
    for _doc_id, per_term in doc_counts:
        count_compound_parts(per_term, splits)


def compound_splits(surfaces: dict[str, str], lang: str) -> CompoundSplits:
    """How each compound of the site's words splits, and each stem's surfaces; the parts join ``surfaces``."""
    vocabulary = frozenset(surfaces) | shared_tails(surfaces.keys())
    stem_surfaces: dict[str, list[str]] = defaultdict(list)
    for surface, term in surfaces.items():
        stem_surfaces[term].append(surface)
    parts_of: dict[str, list[tuple[str, str]]] = {}
    for surface in vocabulary:
        parts = compound_parts(surface, vocabulary)
        if parts:
            parts_of[surface] = [analyze_word(part, lang) or (part, part) for part in parts]
    for split in parts_of.values():
        for part_surface, part_term in split:
            surfaces.setdefault(part_surface, part_term)  # so a shopper can type the part
    return parts_of, stem_surfaces


def count_compound_parts(per_term: dict[str, int], splits: CompoundSplits) -> None:
    """One document's counts with its compounds' parts counted too."""
    parts_of, stem_surfaces = splits
    for term in list(per_term):
        split = next((parts_of[s] for s in stem_surfaces.get(term, ()) if s in parts_of), ())
        counts = per_term[term]  # as it is now: a part counted above may be a compound too
        for _part_surface, part_term in split:
            if part_term != term:
                per_term[part_term] = per_term.get(part_term, 0) + counts


def synonym_terms(groups: list[list[str]], lang: str) -> list[list[list[str]]]:
    """Synonym groups as analysed phrases: [["refund"], ["money", "back"], ...]."""
    analysed = []
    for group in groups:
        phrases = []
        for words_of in group:
            terms = [t.term for t in analyze(words_of, lang)]
            if terms and terms not in phrases:
                phrases.append(terms)
        if len(phrases) > 1:
            analysed.append(phrases)
    return analysed
