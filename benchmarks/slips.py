"""What counting only plausible slips as one substitution does to typo tolerance, run by hand::

    .venv/bin/python benchmarks/slips.py --lang ar --site VAULT/ar --other kbgen/skeleton/samples/ar
    .venv/bin/python benchmarks/slips.py --lang he --site VAULT/he --other kbgen/skeleton/samples/he

``--site`` is a folder of Markdown in the language (a help center nobody here wrote, so the words
are not kbgen's own); ``--other`` is Markdown on other subjects in the same language. For the site's
words it prints how many have another one substitution away; for the other text's words the site
lacks (a shopper asking what the help center does not cover), how many typo tolerance meets anyway;
and for generated slips of the site's words (a neighbouring key or a letter alike, any other letter,
a letter dropped), whether the slip still meets its word and how many other words it meets too, each
counted with every substitution one edit and with the language's slips (``kbgen/index/slips/``).
"""

from __future__ import annotations

import argparse
import random
from collections import defaultdict
from pathlib import Path

from kbgen.index.analysis import analyze, slips
from kbgen.index.format import TYPO_1_MIN_LENGTH, TYPO_2_MIN_LENGTH, shard_key
from kbgen.index.query import edit_distance

NONE: frozenset[str] = frozenset()


def vocabulary(folder: Path, lang: str) -> set[str]:
    words: set[str] = set()
    for path in sorted(folder.rglob("*.md")):
        words.update(t.surface for t in analyze(path.read_text(encoding="utf-8"), lang))
    return words


def met(word: str, shards: dict[str, list[str]], pairs: frozenset[str]) -> list[str]:
    """The site's words a typed word meets as a typo (the same shard, within its edit limit)."""
    limit = 2 if len(word) >= TYPO_2_MIN_LENGTH else 1
    return [w for w in shards[shard_key(word)] if w != word and edit_distance(word, w, limit, pairs) <= limit]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", required=True)
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--other", type=Path, required=True)
    parser.add_argument("--sample", type=int, default=600)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    pairs = slips(args.lang)
    site = vocabulary(args.site, args.lang)
    shards: dict[str, list[str]] = defaultdict(list)
    for word in sorted(site):
        shards[shard_key(word)].append(word)
    short = [w for w in sorted(site) if TYPO_1_MIN_LENGTH <= len(w) < TYPO_2_MIN_LENGTH and w.isalpha()]
    close = sum(any(len(w) == len(v) and edit_distance(w, v, 1) == 1 for v in met(w, shards, NONE)) for w in short)
    absent = sorted(w for w in vocabulary(args.other, args.lang) - site if len(w) >= TYPO_1_MIN_LENGTH)
    print(f"{args.lang}: {len(site)} site words; {len(pairs) // 2} letter pairs in its slips")
    share = f"{close / len(short):.0%}"
    print(f"- {close} of {len(short)} site words of 4-7 letters ({share}) have another one substitution away")
    print(f"- {len(absent)} words of the other text the site lacks; met as a typo anyway:")
    for name, chosen in (("every substitution one edit", NONE), ("slips", pairs)):
        n = sum(bool(met(w, shards, chosen)) for w in absent)
        print(f"  - {name}: {n} ({n / len(absent):.0%})")
    rng = random.Random(args.seed)
    alphabet = sorted({ch for w in site for ch in w if ch.isalpha() and not ch.isascii()})
    rows: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    long = [w for w in sorted(site) if len(w) >= TYPO_2_MIN_LENGTH and w.isalpha()]
    for word in rng.sample(short + long, args.sample):
        i = rng.randrange(1, len(word))  # not the first letter: it picks the shard, where a slip is never met
        near = [ch for ch in alphabet if ch != word[i] and word[i] + ch in pairs]
        far = [ch for ch in alphabet if ch != word[i] and word[i] + ch not in pairs]
        typos = {"letter dropped": word[:i] + word[i + 1 :]}
        if near:
            typos["neighbouring key or letter alike"] = word[:i] + rng.choice(near) + word[i + 1 :]
        if far:
            typos["any other letter"] = word[:i] + rng.choice(far) + word[i + 1 :]
        for kind, typo in typos.items():
            if typo in site or len(typo) < TYPO_1_MIN_LENGTH:
                continue
            row = rows[(kind, "4-7" if len(typo) < TYPO_2_MIN_LENGTH else "8+")]
            every, slipped = met(typo, shards, NONE), met(typo, shards, pairs)
            row[0] += 1
            row[1] += word in every
            row[2] += word in slipped
            row[3] += len(every) - (word in every)
            row[4] += len(slipped) - (word in slipped)
    print("\nEach pair of figures: every substitution one edit / with the slips.\n")
    print("| slip of a site word | letters | slips made | meets its word | other words met per slip |")
    print("| --- | --- | --- | --- | --- |")
    for (kind, size), (n, every, slipped, wrong_every, wrong_slipped) in sorted(rows.items()):
        meets = f"{every / n:.0%} / {slipped / n:.0%}"
        print(f"| {kind} | {size} | {n} | {meets} | {wrong_every / n:.2f} / {wrong_slipped / n:.2f} |")


if __name__ == "__main__":
    main()
