"""How large a prebuilt lunr.js index of the benchmark corpus is, next to what kbgen's first search downloads.

kbgen does not ship a lunr.js index: a browser must download a serialized lunr index whole before
its first search, and that grows with the site. This prints the serialized size (raw and gzip) of a
lunr index built with the Python port (the same JSON lunr.js loads with ``lunr.Index.load``) over the
same generated corpus as ``benchmarks/search.py``, with the fields Material for MkDocs indexes
(title and text, title boosted), one document per article.

Run by hand, in an environment with lunr installed (it is not a kbgen dependency)::

    pip install lunr && python benchmarks/lunr_index.py --sizes 300,3000
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import Generator  # noqa: E402  (benchmarks/corpus.py, the shared corpus generator)


def lunr_index_bytes(size: int, seed: int) -> tuple[int, int, float]:
    """Serialized index size (bytes, gzip bytes) and build seconds for a corpus of ``size`` articles."""
    from lunr import lunr

    corpus = Generator(size, seed).corpus(1)
    documents = [{"id": a.url, "title": a.title, "text": a.body} for a in corpus.articles]
    start = time.perf_counter()
    index = lunr(ref="id", fields=[{"field_name": "title", "boost": 10}, "text"], documents=documents)
    seconds = time.perf_counter() - start
    data = json.dumps(index.serialize(), separators=(",", ":")).encode()
    return len(data), len(gzip.compress(data, 9)), seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="300,3000", help="article counts (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed, as benchmarks/search.py (default: 1)")
    args = parser.parse_args()
    print("| articles | lunr index JSON | gzip | build (Python lunr) |")
    print("| --- | --- | --- | --- |")
    for size in (int(s) for s in args.sizes.split(",")):
        raw, packed, seconds = lunr_index_bytes(size, args.seed)
        print(f"| {size:,} | {raw / 2**20:.1f} MiB | {packed / 2**20:.1f} MiB | {seconds:.0f} s |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
