"""Building the sharded search index from the pages' documents (see ``format.py``)."""

from __future__ import annotations

import hashlib
import heapq
import itertools
import json
import math
import multiprocessing
import os
import shutil
import threading
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kbgen import __version__
from kbgen.index.analysis import (
    COMPOUND_LANGS,
    analyser_of,
    analyze,
    analyze_word,
    compound_parts,
    endings,
    marked_terms_of,
    phrase,
    shared_tails,
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


def build_index(
    pages: list[SearchPage], out_dir: Path, *, lang: str = "en", synonyms: list[list[str]] | None = None,
    client: str = "", assets: dict[str, str] | None = None,
) -> IndexStats:
    """Analyse every document, weigh every term (BM25F) and write the shards under ``out_dir``.

    ``lang`` is the sub-site's code; a regional variant is analysed as its base language. ``assets``
    names the files the client loads for this analyser (``resources.analysis_files``).
    """
    code, lang = lang, analyser_of(lang)
    docs = assign_ids(pages)
    n_fields = len(FIELDS)
    units = [1 << shift for shift in FIELD_SHIFTS]
    # Per document: its terms and their counts in each field, packed (see FIELD_SHIFTS), as two tuples
    # (a third of a dict's memory; compounds need the dicts a while longer); and each field's length.
    compounds = lang in COMPOUND_LANGS
    doc_counts: list[tuple[int, Any]] = []
    lengths: dict[int, list[int]] = {}
    df: Counter[str] = Counter()
    surfaces: dict[str, str] = {}
    for doc_id, _page, section in docs:
        per_term: dict[str, int] = {}
        field_lengths = lengths.setdefault(doc_id, [0] * n_fields)
        for f, field in enumerate(FIELDS):
            text = section.fields.get(field, "")
            pairs = terms_of(text, lang)
            field_lengths[f] += len(pairs)
            unit = units[f]
            for extra in [*marked_terms_of(text, lang), *whole_word_terms(text, lang)]:
                per_term[extra] = per_term.get(extra, 0) + unit
            for surface, term in pairs:
                per_term[term] = per_term.get(term, 0) + unit
                if surface not in surfaces:
                    surfaces[surface] = term
        doc_counts.append((doc_id, per_term if compounds else packed_terms(per_term)))

    if compounds:
        add_compound_parts(doc_counts, surfaces, lang)
        doc_counts = [(doc_id, packed_terms(per_term)) for doc_id, per_term in doc_counts]

    # A document id can repeat (very long articles fold extra sections into one slot): merge.
    merged: dict[int, tuple[tuple[str, ...], tuple[int, ...]]] = {}
    for doc_id, entry in doc_counts:
        have = merged.get(doc_id)
        if have is None:
            merged[doc_id] = entry
            continue
        target = dict(zip(*have, strict=True))
        for term, counts in zip(*entry, strict=True):
            target[term] = target.get(term, 0) + counts
        merged[doc_id] = packed_terms(target)
    del doc_counts
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
    for doc_id in sorted(merged):
        doc_lengths = lengths[doc_id]
        scale_f = [
            boosts[f] / (1 - norms_b[f] + norms_b[f] * doc_lengths[f] / average[f]) for f in range(n_fields)
        ]
        for term, packed in zip(*merged.pop(doc_id), strict=True):
            tf = 0.0
            for f, shift in shifts:
                count = (packed >> shift) & COUNT_MASK
                if count:
                    tf += scale_f[f] * count
            entry = weights.get(term)
            if entry is None:
                entry = weights[term] = (array("q"), array("d"))
            entry[0].append(doc_id)
            entry[1].append(idf[term] * tf * (K1 + 1) / (tf + K1))

    phrase_docs: dict[str, set[int]] = defaultdict(set)
    for doc_id, _page, section in docs:
        for keyword in section.phrases:
            key = phrase(keyword, lang)
            if " " in key:
                phrase_docs[key].add(doc_id)
    titles = title_docs(docs, lang)

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

    postings: dict[str, list[int]] = {}
    for term, (doc_ids, term_weights) in weights.items():
        flat, previous = [], 0
        for doc_id, weight in zip(doc_ids, term_weights, strict=True):
            flat += [doc_id - previous, max(1, min(MAX_IMPACT, round(weight * scale)))]
            previous = doc_id
        postings[term] = flat

    files = IndexFiles(out_dir)  # written as they are made: the index is never whole in memory
    chunk_of: dict[str, int] = {}
    chunk: dict[str, list[int]] = {}
    size = 0
    for term in sorted(postings):
        if len(weights[term][0]) <= INLINE_POSTINGS:
            continue  # kept in the dictionary shard itself: one fetch fewer for rare words
        entry = len(term) + 4 + sum(len(str(v)) + 1 for v in postings[term])
        if chunk and size + entry > POSTINGS_CHUNK_BYTES:
            files.add(f"p-{len(files)}.json", compact(chunk))
            chunk, size = {}, 0
        chunk[term] = postings[term]
        chunk_of[term] = len(files)
        size += entry
    if chunk:
        files.add(f"p-{len(files)}.json", compact(chunk))
    n_chunks = len(files)

    def term_entry(term: str) -> list:
        if term in chunk_of:
            return [term, chunk_of[term], len(weights[term][0])]
        return [term, -1, len(weights[term][0]), postings[term]]

    shards: dict[str, dict[str, list]] = defaultdict(lambda: {"w": [], "t": []})
    term_index: dict[tuple[str, str], int] = {}
    for surface in sorted(surfaces):
        term = surfaces[surface]
        key = shard_key(surface)
        shard = shards[key]
        if (key, term) not in term_index:
            term_index[(key, term)] = len(shard["t"])
            shard["t"].append(term_entry(term))
        shard["w"].append([surface, term_index[(key, term)]])
    # A synonym or a stem may start with a letter none of its surface words do; keep every term findable.
    for term in sorted(weights):
        key = shard_key(term)
        if (key, term) not in term_index:
            term_index[(key, term)] = len(shards[key]["t"])
            shards[key]["t"].append(term_entry(term))
    for key, shard in shards.items():
        files.add(f"d-{key}.json", compact(shard))
    n_terms, shard_keys = len(weights), sorted(shards)
    for written in (postings, weights, shards):  # their memory goes to the page texts
        written.clear()

    page_numbers: dict[int, list[tuple[int, SearchPage, SearchSection]]] = defaultdict(list)
    for doc_id, page, section in docs:
        page_numbers[doc_id // SLOTS].append((doc_id, page, section))
    for number, members in page_numbers.items():
        page = members[0][1]
        files.add(f"g-{number}.json", compact({
            "u": page.url,
            "t": page.title,
            "c": page.category,
            "s": {str(d % SLOTS): [s.anchor, s.title, s.kind, s.text] for d, _, s in members},
        }))

    folder = files.finish()
    total = files.bytes

    manifest = {
        "format": INDEX_FORMAT,
        "kbgen_version": __version__,
        "lang": code,
        "analyser": lang,
        **(assets or {}),
        "index": folder + "/",
        "client": client,
        "shards": shard_keys,
        "postings": n_chunks,
        "documents": len(docs),
        "stopwords": sorted(stopwords(lang)),
        **({"stopwords_folded": True} if stopwords_folded(lang) else {}),
        "endings": [list(row) for row in endings(lang)],
        "synonyms": synonym_terms(synonyms or [], lang),
    }
    manifest_text = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True)
    (out_dir / "manifest.json").write_text(manifest_text, encoding="utf-8")
    total += len(manifest_text.encode())
    return IndexStats(len(pages), len(docs), n_terms, len(files) + 1, total)


def title_docs(docs: list[tuple[int, SearchPage, SearchSection]], lang: str) -> dict[str, set[int]]:
    """Title key -> the documents titled so: page heads and FAQ answers, never an article's sections."""
    out: dict[str, set[int]] = defaultdict(set)
    for doc_id, _page, section in docs:
        if section.kind == "section":
            continue
        key = title_key([term for _, term in terms_of(section.title, lang)])
        if key:
            out[key].add(doc_id)
    return out


def add_compound_parts(doc_counts: list[tuple[int, dict[str, int]]], surfaces: dict[str, str], lang: str) -> None:
    """Count each compound's parts too, where both are words the site uses (Danish "studierabat")."""
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
    for _doc_id, per_term in doc_counts:
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


class IndexBuildError(Exception):
    """Building a search index failed (in the background process or here); the message says why."""


def can_fork() -> bool:
    """A forked process is safe only while this one runs a single thread (``kbgen build``, not ``serve``),
    and worth its memory only with a second core to run on."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    single_thread = threading.active_count() == 1
    return cores > 1 and single_thread and "fork" in multiprocessing.get_all_start_methods()


class IndexJobs:
    """Indexes being built: ``wait()`` gives their stats; ``cancel()`` stops a background build."""

    def __init__(self, jobs: list[dict[str, Any]], background: bool):
        self.process = None
        if not (background and can_fork()):
            self.stats = [build_index(**job) for job in jobs]
            return
        context = multiprocessing.get_context("fork")
        self.receive, send = context.Pipe(duplex=False)
        self.process = context.Process(target=_build_and_send, args=(jobs, send), daemon=True)
        self.process.start()
        send.close()

    def wait(self) -> list[IndexStats]:
        if self.process is None:
            return self.stats
        try:
            ok, payload = self.receive.recv()
        except EOFError:
            ok, payload = False, "the process building it stopped"
        finally:
            self.receive.close()
            self.process.join()
            self.process = None
        if not ok:
            raise IndexBuildError(f"search index not built: {payload}")
        self.stats = payload
        return payload

    def cancel(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.join()
            self.receive.close()
            self.process = None
            self.stats = []


def build_indexes(jobs: list[dict[str, Any]], *, background: bool = True) -> IndexJobs:
    """Build each job's index (``build_index`` keyword arguments).

    With ``background``, and where forking is safe, the indexes are built in a forked process while
    this one renders the templates: on two cores the index then costs no wall time.
    """
    return IndexJobs(jobs, background)


def _build_and_send(jobs: list[dict[str, Any]], send) -> None:
    try:
        send.send((True, [build_index(**job) for job in jobs]))
    except Exception as exc:  # reported by the parent, which owns the build's error handling
        send.send((False, f"{type(exc).__name__}: {exc}"))
    finally:
        send.close()
