"""Building the sharded search index from the pages' documents (see ``format.py``)."""

from __future__ import annotations

import hashlib
import json
import math
import shutil
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from kbgen import __version__
from kbgen.index.analysis import (
    COMPOUND_LANGS,
    analyze,
    analyze_word,
    compound_parts,
    endings,
    marked_terms_of,
    phrase,
    shared_tails,
    stopwords,
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


def build_index(
    pages: list[SearchPage], out_dir: Path, *, lang: str = "en", synonyms: list[list[str]] | None = None,
    client: str = "",
) -> IndexStats:
    """Analyse every document, weigh every term (BM25F) and write the shards under ``out_dir``."""
    docs = assign_ids(pages)
    n_fields = len(FIELDS)
    # Per document: term -> count in each field; and each field's length.
    doc_counts: list[tuple[int, dict[str, list[int]]]] = []
    lengths: dict[int, list[int]] = {}
    df: Counter[str] = Counter()
    surfaces: dict[str, str] = {}
    for doc_id, _page, section in docs:
        per_term: dict[str, list[int]] = {}
        field_lengths = lengths.setdefault(doc_id, [0] * n_fields)
        for f, field in enumerate(FIELDS):
            text = section.fields.get(field, "")
            pairs = terms_of(text, lang)
            field_lengths[f] += len(pairs)
            for extra in [*marked_terms_of(text, lang), *whole_word_terms(text, lang)]:
                per_term.setdefault(extra, [0] * n_fields)[f] += 1
            for surface, term in pairs:
                entry = per_term.get(term)
                if entry is None:
                    entry = per_term[term] = [0] * n_fields
                    if surface not in surfaces:
                        surfaces[surface] = term
                elif surface not in surfaces:
                    surfaces[surface] = term
                entry[f] += 1
        doc_counts.append((doc_id, per_term))

    if lang in COMPOUND_LANGS:
        add_compound_parts(doc_counts, surfaces, lang)

    # A document id can repeat (very long articles fold extra sections into one slot): merge.
    merged: dict[int, dict[str, list[int]]] = {}
    for doc_id, per_term in doc_counts:
        target = merged.setdefault(doc_id, {})
        for term, counts in per_term.items():
            have = target.get(term)
            target[term] = counts if have is None else [a + b for a, b in zip(have, counts, strict=True)]
    for per_term in merged.values():
        df.update(per_term.keys())

    n_docs = len(merged) or 1
    boosts = [BOOSTS[f] for f in FIELDS]
    norms_b = [LENGTH_NORMS[f] for f in FIELDS]
    average = [(sum(lengths[d][f] for d in merged) / n_docs) or 1.0 for f in range(n_fields)]
    idf = {term: math.log(1 + (n_docs - n + 0.5) / (n + 0.5)) for term, n in df.items()}

    weights: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for doc_id in sorted(merged):
        doc_lengths = lengths[doc_id]
        scale_f = [
            boosts[f] / (1 - norms_b[f] + norms_b[f] * doc_lengths[f] / average[f]) for f in range(n_fields)
        ]
        for term, counts in merged[doc_id].items():
            tf = 0.0
            for f in range(n_fields):
                if counts[f]:
                    tf += scale_f[f] * counts[f]
            weights[term].append((doc_id, idf[term] * tf * (K1 + 1) / (tf + K1)))
    weights = dict(weights)

    phrase_docs: dict[str, set[int]] = defaultdict(set)
    for doc_id, _page, section in docs:
        for keyword in section.phrases:
            key = phrase(keyword)
            if " " in key:
                phrase_docs[key].add(doc_id)
    titles = title_docs(docs, lang)

    all_weights = sorted(w for entries in weights.values() for _, w in entries)
    ceiling = all_weights[int(len(all_weights) * 0.999)] if all_weights else 1.0
    scale = MAX_IMPACT / ceiling

    # A keyword phrase met whole weighs as much as a term can.
    for key, phrase_doc_ids in phrase_docs.items():
        if key not in weights:
            weights[key] = [(doc_id, ceiling) for doc_id in sorted(phrase_doc_ids)]
            surfaces.setdefault(key, key)
    # A page's title met whole, too; kept out of the word list, so only a whole query meets it.
    for key, title_doc_ids in titles.items():
        weights[key] = [(doc_id, ceiling) for doc_id in sorted(title_doc_ids)]

    postings: dict[str, list[int]] = {}
    for term, entries in weights.items():
        flat, previous = [], 0
        for doc_id, weight in entries:
            flat += [doc_id - previous, max(1, min(MAX_IMPACT, round(weight * scale)))]
            previous = doc_id
        postings[term] = flat

    files: dict[str, str] = {}
    chunk_of: dict[str, int] = {}
    chunk: dict[str, list[int]] = {}
    size = 0
    for term in sorted(postings):
        if len(weights[term]) <= INLINE_POSTINGS:
            continue  # kept in the dictionary shard itself: one fetch fewer for rare words
        entry = len(term) + 4 + sum(len(str(v)) + 1 for v in postings[term])
        if chunk and size + entry > POSTINGS_CHUNK_BYTES:
            files[f"p-{len(files)}.json"] = compact(chunk)
            chunk, size = {}, 0
        chunk[term] = postings[term]
        chunk_of[term] = len(files)
        size += entry
    if chunk:
        files[f"p-{len(files)}.json"] = compact(chunk)
    n_chunks = len(files)

    def term_entry(term: str) -> list:
        if term in chunk_of:
            return [term, chunk_of[term], len(weights[term])]
        return [term, -1, len(weights[term]), postings[term]]

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
        files[f"d-{key}.json"] = compact(shard)

    page_numbers: dict[int, list[tuple[int, SearchPage, SearchSection]]] = defaultdict(list)
    for doc_id, page, section in docs:
        page_numbers[doc_id // SLOTS].append((doc_id, page, section))
    for number, members in page_numbers.items():
        page = members[0][1]
        files[f"g-{number}.json"] = compact({
            "u": page.url,
            "t": page.title,
            "c": page.category,
            "s": {str(d % SLOTS): [s.anchor, s.title, s.kind, s.text] for d, _, s in members},
        })

    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name].encode() + b"\0")
    folder = f"i-{digest.hexdigest()[:12]}"
    if out_dir.exists():
        for old in out_dir.glob("i-*"):
            shutil.rmtree(old)
    (out_dir / folder).mkdir(parents=True, exist_ok=True)
    total = 0
    for name, text in files.items():
        data = text.encode("utf-8")
        (out_dir / folder / name).write_bytes(data)
        total += len(data)

    manifest = {
        "format": INDEX_FORMAT,
        "kbgen_version": __version__,
        "lang": lang,
        "index": folder + "/",
        "client": client,
        "shards": sorted(shards),
        "postings": n_chunks,
        "documents": len(docs),
        "stopwords": sorted(stopwords(lang)),
        "endings": [list(row) for row in endings(lang)],
        "synonyms": synonym_terms(synonyms or [], lang),
    }
    manifest_text = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True)
    (out_dir / "manifest.json").write_text(manifest_text, encoding="utf-8")
    total += len(manifest_text.encode())
    return IndexStats(len(pages), len(docs), len(weights), len(files) + 1, total)


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


def add_compound_parts(doc_counts: list[tuple[int, dict[str, list[int]]]], surfaces: dict[str, str], lang: str) -> None:
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
        for term, counts in list(per_term.items()):
            split = next((parts_of[s] for s in stem_surfaces.get(term, ()) if s in parts_of), ())
            for _part_surface, part_term in split:
                if part_term != term:
                    entry = per_term.setdefault(part_term, [0] * len(counts))
                    for f, count in enumerate(counts):
                        entry[f] += count


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
