"""The preview's search index, kept in memory and updated in place (``kbgen serve``, issue 12).

``kbgen build`` weighs every term over every page at once (``builder.write_index``). The preview
keeps what that weighing leaves: each page's counts, each term's postings with their BM25F term
frequencies, the postings files and dictionary shards. An edit then re-weighs only the terms its
pages use or used, and rewrites only the files that hold them, into a new content-hashed folder
(the other files hard-linked) that a new ``manifest.json`` names.

What stays exact and what may drift: a re-weighed term gets its new document frequency and every
posting of it its new weight, but the document count, the average field lengths and the impact
scale (the 99.9th-percentile weight) stay those of the last full weighing, and a Danish compound
the edit brings splits only into parts known then. Those figures shift by one edit in thousands of
documents, so an impact may differ by a step or so from a full build's. ``reweigh`` (the preview
runs it when the edits pause) weighs everything again and gives the files ``kbgen build`` writes,
byte for byte.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import json
import math
import os
import shutil
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kbgen.index.builder import (
    COUNT_MASK,
    FIELD_SHIFTS,
    CompoundSplits,
    IndexBuilder,
    PageRecord,
    assign_ids,
    compact,
    compound_splits,
    count_compound_parts,
    manifest_of,
    merge_counts,
    packed_terms,
    percentile_999,
    place_record,
    result_texts,
)
from kbgen.index.documents import SearchPage
from kbgen.index.format import (
    BOOSTS,
    FIELDS,
    INLINE_POSTINGS,
    K1,
    LENGTH_NORMS,
    MAX_IMPACT,
    POSTINGS_CHUNK_BYTES,
    SLOTS,
    shard_key,
)

STAGING = ".i-live"
STEP = 2000  # documents or terms between two chances for ``reweigh``'s caller to stop it


@dataclass
class Update:
    """What one in-place update rewrote."""

    pages: int  # pages whose search text had changed
    files: int  # index files written anew
    total: int  # index files in the folder


class LiveIndex:
    """One language's index, kept to be updated a page at a time. ``seed`` it with every page."""

    def __init__(self, out_dir: Path, *, lang: str = "en", synonyms: list[list[str]] | None = None,
                 client: str = "", assets: dict[str, str] | None = None):
        self.out_dir = Path(out_dir)
        self.synonyms = synonyms
        self.analyser = IndexBuilder(self.out_dir, lang=lang, synonyms=synonyms, client=client, assets=assets)
        self.compounds = self.analyser.compounds
        self.pages: dict[str, SearchPage] = {}
        self.records: dict[str, PageRecord] = {}
        self.folder = ""  # the folder the manifest names now
        self.texts: dict[str, bytes] = {}  # that folder's files
        self.word_refs: Counter[str] = Counter()  # surface -> pages using it
        self._clear_weighing()

    def _clear_weighing(self) -> None:
        self.base: dict[str, int] = {}  # url -> its first document id
        self.page_terms: dict[str, set[str]] = {}  # url -> the terms its documents have postings for
        self.n_docs, self.average, self.ceiling, self.scale = 1, [1.0] * len(FIELDS), 1.0, 1.0
        self.n_documents = 0
        self.tf: dict[str, tuple[array, array]] = {}  # term -> (document ids, BM25F term frequencies)
        self.phrase_docs: dict[str, set[int]] = {}
        self.title_docs: dict[str, set[int]] = {}
        self.splits: CompoundSplits = ({}, {})
        self.part_surfaces: dict[str, str] = {}
        self.surfaces: dict[str, str] = {}  # every surface the dictionary lists -> its term
        self.term_surfaces: dict[str, set[str]] = defaultdict(set)
        self.shard_surfaces: dict[str, set[str]] = defaultdict(set)
        self.keyed_terms: dict[str, set[str]] = defaultdict(set)  # shard -> the entries keyed by the term itself
        self.n_postings: dict[str, int] = {}
        self.inline: dict[str, list[int]] = {}
        self.posting_text: dict[str, str] = {}  # chunked term -> its postings as the file holds them
        self.chunk_of: dict[str, int] = {}
        self.chunks: list[list[str]] = []  # each postings file's terms, in order
        self.chunked: list[str] = []  # every chunked term, in order

    # -- every page --------------------------------------------------------------------------------
    def seed(self, pages: list[SearchPage]) -> None:
        """Every page, weighed; the files are written unless the folder on disk already holds them."""
        self.pages, self.records, self.word_refs = {}, {}, Counter()
        for page in sorted(pages, key=lambda p: p.url):
            self._take(page, self.analyser.analyse(page, every_surface=True))
        on_disk = ""
        with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
            on_disk = json.loads((self.out_dir / "manifest.json").read_text(encoding="utf-8"))["index"].rstrip("/")
        for _ in self.reweigh(on_disk):
            pass

    def _take(self, page: SearchPage, record: PageRecord) -> None:
        old = self.records.get(page.url)
        if old is not None:
            self.word_refs.subtract(dict.fromkeys(old.surfaces, 1))
        self.word_refs.update(dict.fromkeys(record.surfaces, 1))
        self.pages[page.url], self.records[page.url] = page, record

    def reweigh(self, on_disk: str = "") -> Iterator[None]:
        """Weigh every term again over every page, as ``kbgen build`` does, and write what changed.

        A generator: it yields every few thousand documents, and stopping it there leaves the index
        as it was. ``on_disk``: a folder already holding these files (the first build's).
        """
        lang, n_fields = self.analyser.lang, len(FIELDS)
        urls = sorted(self.records)
        base: dict[str, int] = {}
        merged: dict[int, Any] = {}
        lengths: dict[int, list[int]] = {}
        phrase_docs: dict[str, set[int]] = defaultdict(set)
        title_docs: dict[str, set[int]] = defaultdict(set)
        doc_counts: list[tuple[int, dict[str, int]]] = []
        texts: dict[str, bytes] = {}
        page_no = n_documents = 0
        for url in urls:
            record = self.records[url]
            base[url] = start = page_no * SLOTS
            place_record(record, start, merged, lengths, phrase_docs, title_docs, doc_counts, copy_counts=True)
            for block, text in result_texts(self.pages[url], assign_ids([self.pages[url]])):
                texts[f"g-{page_no + block}.json"] = text.encode("utf-8")
            page_no += record.blocks
            n_documents += record.documents
        yield
        words = {s: self.analyser.surfaces[s] for s in self._ordered_surfaces(urls)}
        surfaces = dict(words)
        splits: CompoundSplits = ({}, {})
        if self.compounds:
            splits = compound_splits(surfaces, lang)
            for doc_id, per_term in doc_counts:
                count_compound_parts(per_term, splits)
                merge_counts(merged, doc_id, packed_terms(per_term))
        yield

        df: Counter[str] = Counter()
        for terms, _counts in merged.values():
            df.update(terms)
        n_docs = len(merged) or 1
        average = [(sum(lengths[d][f] for d in merged) / n_docs) or 1.0 for f in range(n_fields)]
        tf: dict[str, tuple[array, array]] = {}
        page_terms: dict[str, set[str]] = {}
        owner = {base[url]: url for url in urls}
        starts = sorted(owner)
        for done, doc_id in enumerate(sorted(merged)):
            url = owner[starts[bisect.bisect_right(starts, doc_id) - 1]]
            terms = page_terms.setdefault(url, set())
            for term, value in doc_tfs(merged[doc_id], lengths[doc_id], average):
                entry = tf.get(term)
                if entry is None:
                    entry = tf[term] = (array("q"), array("d"))
                entry[0].append(doc_id)
                entry[1].append(value)
                terms.add(term)
            if done % STEP == STEP - 1:
                yield
        weights: dict[str, tuple[array, array]] = {}
        for done, (term, (ids, tfs)) in enumerate(tf.items()):
            idf = idf_of(n_docs, len(ids))
            weights[term] = (ids, array("d", [weight(idf, t) for t in tfs]))
            if done % STEP == STEP - 1:
                yield
        ceiling = percentile_999(weights)
        del weights
        yield  # from here on the index is replaced: no stopping

        self._clear_weighing()
        self.base, self.page_terms, self.tf = base, page_terms, tf
        self.n_docs, self.average, self.ceiling, self.scale = n_docs, average, ceiling, MAX_IMPACT / ceiling
        self.n_documents = n_documents
        self.phrase_docs, self.title_docs, self.splits = dict(phrase_docs), dict(title_docs), splits
        self.part_surfaces = {s: t for s, t in surfaces.items() if s not in words}
        for surface in [*surfaces, *phrase_docs]:
            self._place_surface(surface)
        keys = sorted(set(tf) | set(phrase_docs) | set(title_docs))
        for term in keys:
            self._set_postings(term)
        self._chunk_all(keys)
        for key in {shard_key(s) for s in self.surfaces} | set(self.keyed_terms):
            texts[f"d-{key}.json"] = self._shard_text(key).encode("utf-8")
        for n, _ in enumerate(self.chunks):
            texts[f"p-{n}.json"] = self._chunk_text(n).encode("utf-8")
        self._publish(texts, on_disk)

    def _ordered_surfaces(self, urls: list[str]) -> list[str]:
        """The site's words: in the pages' order for a compound language (its splits depend on it)."""
        if not self.compounds:
            return sorted(s for s, n in self.word_refs.items() if n > 0)
        ordered: dict[str, None] = {}
        for url in urls:
            ordered.update(dict.fromkeys(self.records[url].surfaces))
        return list(ordered)

    def _chunk_all(self, keys: list[str]) -> None:
        """Postings files as ``kbgen build`` cuts them: in term order, up to POSTINGS_CHUNK_BYTES each."""
        chunk: list[str] = []
        size = 0
        for term in keys:
            if term not in self.posting_text:
                continue
            entry = len(term) + 3 + len(self.posting_text[term])  # as the builder counts
            if chunk and size + entry > POSTINGS_CHUNK_BYTES:
                self.chunks.append(chunk)
                chunk, size = [], 0
            chunk.append(term)
            self.chunk_of[term] = len(self.chunks)
            size += entry
        if chunk:
            self.chunks.append(chunk)
        self.chunked = [term for chunk in self.chunks for term in chunk]

    # -- one edit ----------------------------------------------------------------------------------
    def update(self, pages: list[SearchPage]) -> Update:
        """The index with ``pages`` (known addresses) in place of their last versions: their terms
        re-weighed, the files holding them rewritten. A page new to the index weighs everything again."""
        changed = [p for p in pages if self.pages.get(p.url) != p]
        if not changed:
            return Update(0, 0, len(self.texts))
        records = {p.url: self.analyser.analyse(p, every_surface=True) for p in changed}
        if any(url not in self.records or record.blocks != self.records[url].blocks
               for url, record in records.items()):
            for page in changed:
                self._take(page, records[page.url])
            before = dict(self.texts)
            for _ in self.reweigh():
                pass
            return Update(len(changed), sum(before.get(n) != t for n, t in self.texts.items()), len(self.texts))
        texts = dict(self.texts)
        touched_keys: set[str] = set()  # terms, phrases and titles whose postings change
        touched_surfaces: set[str] = set()  # words the site starts or stops using
        for page in changed:
            old, new = self.records[page.url], records[page.url]
            refs_before = {s: self.word_refs[s] for s in {*old.surfaces, *new.surfaces}}
            self._take(page, new)
            touched_surfaces |= {s for s, n in refs_before.items() if (n > 0) != (self.word_refs[s] > 0)}
            touched_keys |= self._replace_page(page.url, old, new)
            page_no = self.base[page.url] // SLOTS
            for block, text in result_texts(page, assign_ids([page])):
                texts[f"g-{page_no + block}.json"] = text.encode("utf-8")
        touched_shards = {shard_key(s) for s in touched_surfaces | touched_keys if self._place_surface(s)}
        touched_chunks: set[int] = set()
        for key in sorted(touched_keys):
            was = self.chunk_of.get(key)
            self._set_postings(key)
            if key in self.posting_text and key not in self.chunk_of:
                self._chunk_new(key)
            touched_chunks |= {c for c in (was, self.chunk_of.get(key)) if c is not None}
            touched_shards |= {shard_key(s) for s in self.term_surfaces.get(key, ())} | {shard_key(key)}
        for key in touched_shards:
            name = f"d-{key}.json"
            if self.shard_surfaces.get(key) or self.keyed_terms.get(key):
                texts[name] = self._shard_text(key).encode("utf-8")
            else:
                texts.pop(name, None)
        for n in touched_chunks:
            texts[f"p-{n}.json"] = self._chunk_text(n).encode("utf-8")
        rewritten = sum(self.texts.get(name) != text for name, text in texts.items())
        self._publish(texts)
        return Update(len(changed), rewritten, len(texts))

    def _replace_page(self, url: str, old: PageRecord, new: PageRecord) -> set[str]:
        """The page's postings, phrases and titles replaced; returns the keys whose postings changed."""
        start = self.base[url]
        end = start + new.blocks * SLOTS
        counts = dict(new.counts)
        for d, per_term in new.unmerged:  # a compound language: its parts counted as at the last weighing
            per_term = dict(per_term)
            count_compound_parts(per_term, self.splits)
            merge_counts(counts, d, packed_terms(per_term))
        fresh: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for d in sorted(counts):
            for term, value in doc_tfs(counts[d], new.lengths[d], self.average):
                fresh[term].append((start + d, value))
        self.n_documents += new.documents - old.documents
        touched = self.page_terms.get(url, set()) | set(fresh)
        for term in touched:
            ids, tfs = self.tf.get(term) or (array("q"), array("d"))
            lo, hi = bisect.bisect_left(ids, start), bisect.bisect_left(ids, end)
            ids[lo:hi] = array("q", [doc for doc, _ in fresh.get(term, ())])
            tfs[lo:hi] = array("d", [value for _, value in fresh.get(term, ())])
            if ids:
                self.tf[term] = (ids, tfs)
            else:
                self.tf.pop(term, None)
        self.page_terms[url] = set(fresh)
        for kept, before, after in ((self.phrase_docs, old.phrases, new.phrases),
                                    (self.title_docs, old.titles, new.titles)):
            for d, key in before:
                kept.get(key, set()).discard(start + d)
                touched.add(key)
            for d, key in after:
                kept.setdefault(key, set()).add(start + d)
                touched.add(key)
            for key in [k for k in touched if k in kept and not kept[k]]:
                del kept[key]
        return touched

    # -- the dictionary and the postings -------------------------------------------------------------
    def _place_surface(self, surface: str) -> bool:
        """List ``surface`` under the term ``kbgen build`` would give it, or drop it if no longer used;
        whether that changed anything."""
        term = None
        if self.word_refs.get(surface, 0) > 0:
            term = self.analyser.surfaces[surface]
        elif surface in self.part_surfaces:
            term = self.part_surfaces[surface]
        elif surface in self.phrase_docs and surface not in self.tf:
            term = surface
        was = self.surfaces.get(surface)
        if was == term:
            return False
        key = shard_key(surface)
        if was is not None:
            self.term_surfaces[was].discard(surface)
            self.shard_surfaces[key].discard(surface)
            del self.surfaces[surface]
        if term is not None:
            self.surfaces[surface] = term
            self.term_surfaces[term].add(surface)
            self.shard_surfaces[key].add(surface)
        return True

    def _set_postings(self, key: str) -> None:
        """``key``'s postings as the files hold them (inline or in a postings file), from what is kept."""
        ids: Any
        if key in self.title_docs:
            ids = sorted(self.title_docs[key])
            impacts = [impact(self.ceiling, self.scale)] * len(ids)
        elif key in self.tf:
            ids, tfs = self.tf[key]
            idf = idf_of(self.n_docs, len(ids))
            scale = self.scale
            impacts = [impact(weight(idf, t), scale) for t in tfs]
        elif key in self.phrase_docs:
            ids = sorted(self.phrase_docs[key])
            impacts = [impact(self.ceiling, self.scale)] * len(ids)
        else:
            ids, impacts = [], []
        flat: list[int] = []
        previous = 0
        for doc_id, value in zip(ids, impacts, strict=True):
            flat += [doc_id - previous, value]
            previous = doc_id
        self.inline.pop(key, None)
        self.posting_text.pop(key, None)
        if not ids:
            self.n_postings.pop(key, None)
            self.keyed_terms[shard_key(key)].discard(key)
            self._unchunk(key)
            return
        self.n_postings[key] = len(ids)
        self.keyed_terms[shard_key(key)].add(key)
        if len(ids) <= INLINE_POSTINGS:
            self.inline[key] = flat
            self._unchunk(key)
            return
        self.posting_text[key] = compact(flat)

    def _chunk_new(self, key: str) -> None:
        """A term grown past INLINE_POSTINGS joins the postings file of its neighbour in term order."""
        if not self.chunks:
            self.chunks.append([])
        at = bisect.bisect_left(self.chunked, key)
        chunk = self.chunk_of[self.chunked[at - 1]] if at else 0
        bisect.insort(self.chunks[chunk], key)
        self.chunked.insert(at, key)
        self.chunk_of[key] = chunk

    def _unchunk(self, key: str) -> None:
        chunk = self.chunk_of.pop(key, None)
        if chunk is not None:
            self.chunks[chunk].remove(key)
            self.chunked.remove(key)

    def _term_entry(self, term: str) -> list:
        if term in self.chunk_of:
            return [term, self.chunk_of[term], self.n_postings[term]]
        return [term, -1, self.n_postings[term], self.inline[term]]

    def _shard_text(self, key: str) -> str:
        """A dictionary shard as ``builder.write_index`` writes it."""
        words: list[list] = []
        entries: list[list] = []
        index: dict[str, int] = {}
        for surface in sorted(self.shard_surfaces.get(key, ())):
            term = self.surfaces[surface]
            if term not in self.n_postings:
                continue  # as builder.write_index: a compound's part counted in no document
            if term not in index:
                index[term] = len(entries)
                entries.append(self._term_entry(term))
            words.append([surface, index[term]])
        for term in sorted(self.keyed_terms.get(key, ())):
            if term not in index:
                index[term] = len(entries)
                entries.append(self._term_entry(term))
        return compact({"w": words, "t": entries})

    def _chunk_text(self, n: int) -> str:
        return "{" + ",".join(f"{compact(term)}:{self.posting_text[term]}" for term in self.chunks[n]) + "}"

    # -- the files -----------------------------------------------------------------------------------
    def _publish(self, texts: dict[str, bytes], on_disk: str = "") -> None:
        """``texts`` as a new content-named folder (unchanged files linked from the current one) and
        the manifest naming it; the folder before stays, for pages that read the last manifest."""
        digest = hashlib.sha256()
        for name in sorted(texts):
            digest.update(name.encode() + b"\0" + texts[name] + b"\0")
        folder = f"i-{digest.hexdigest()[:12]}"
        if folder == on_disk and (self.out_dir / folder).is_dir():
            self.folder = folder  # the first build wrote these very files
        if folder != self.folder:
            staging = self.out_dir / STAGING
            if staging.exists():
                shutil.rmtree(staging)
            staging.mkdir(parents=True)
            current = self.out_dir / self.folder if self.folder else None
            for name, text in texts.items():
                if current is not None and self.texts.get(name) == text:
                    try:
                        os.link(current / name, staging / name)
                        continue
                    except OSError:
                        pass
                (staging / name).write_bytes(text)
            if (self.out_dir / folder).exists():
                shutil.rmtree(self.out_dir / folder)
            staging.rename(self.out_dir / folder)
        shard_keys = sorted(name[2:-5] for name in texts if name.startswith("d-"))
        manifest = manifest_of(self.analyser, folder, shard_keys, len(self.chunks), self.n_documents, self.synonyms)
        target = self.out_dir / "manifest.json"
        try:
            unchanged = target.read_text(encoding="utf-8") == manifest
        except OSError:
            unchanged = False
        if not unchanged:
            partial = self.out_dir / "manifest.json.part"
            partial.write_text(manifest, encoding="utf-8")
            os.replace(partial, target)
        keep = {folder, self.folder}
        for old in self.out_dir.glob("i-*"):
            if old.name not in keep:
                shutil.rmtree(old, ignore_errors=True)
        self.folder, self.texts = folder, texts


def idf_of(n_docs: int, n: int) -> float:
    return math.log(1 + (n_docs - n + 0.5) / (n + 0.5))


def weight(idf: float, tf: float) -> float:
    """A posting's BM25F weight, computed as ``builder.write_index`` computes it."""
    return idf * tf * (K1 + 1) / (tf + K1)


def impact(value: float, scale: float) -> int:
    return max(1, min(MAX_IMPACT, round(value * scale)))


BOOST_LIST = [BOOSTS[f] for f in FIELDS]
NORM_LIST = [LENGTH_NORMS[f] for f in FIELDS]
SHIFTS = list(enumerate(FIELD_SHIFTS))


def doc_tfs(entry: tuple[tuple[str, ...], tuple[int, ...]], doc_lengths: list[int], average: list[float],
            ) -> Iterator[tuple[str, float]]:
    """Each term of one document with its BM25F term frequency (the builder's arithmetic, in its order)."""
    scale_f = [
        BOOST_LIST[f] / (1 - NORM_LIST[f] + NORM_LIST[f] * doc_lengths[f] / average[f]) for f in range(len(FIELDS))
    ]
    for term, packed in zip(*entry, strict=True):
        tf = 0.0
        for f, shift in SHIFTS:
            count = (packed >> shift) & COUNT_MASK
            if count:
                tf += scale_f[f] * count
        yield term, tf
