"""The Unicode classes of the Python that builds the index, published for the browser's analyser.

``analysis.py`` splits words with Python's ``re`` (letters and digits: ``[^\\W_]``), lowercases
and NFKC-normalises with Python's ``str`` and ``unicodedata``: all of them follow the Unicode
version of the running Python (3.11: 14.0). A browser follows its own (Chromium and Node 20:
17.0), so a letter added since, or a character its NFKC maps into a letter (U+A7F1, modifier
S, becomes "s"; U+1CCD6, outlined A, becomes "A"), made the two runtimes read different words.

The build therefore publishes this Python's view of every code point as a run-length table
(``search/unicode.<hash>.json``; kbgen ships it for the Unicode versions of the Pythons it was
run under, ``unicode/<version>.json``, and computes it for another): the client takes Python's
word characters from it instead of ``\\p{L}\\p{N}``, and leaves the characters this Python does
not know (category Cn) as they are, not normalised, not lowercased, never inside a word, as
Python does. Characters both know get the same NFKC and lowercase in both, by Unicode's
stability policies (checked code point by code point for 14.0 against 17.0: none differs; nor
does a combining mark's category that ``fold`` reads, for a character a word can hold).
"""

from __future__ import annotations

import functools
import itertools
import json
import re
import unicodedata
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

WORD_RUN = re.compile(r"[^\W_]+")  # analysis.WORD's letters and digits
# One letter per class in the table; run lengths are written in base 36 (digits and lowercase).
UNKNOWN, WORD_CHAR, OTHER = "U", "W", "O"
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def _base36(n: int) -> str:
    out = ""
    while True:
        n, digit = divmod(n, 36)
        out = DIGITS[digit] + out
        if not n:
            return out


def class_runs() -> str:
    """Every code point from U+0000 up, as runs "<class><length in base 36>" ("O1lW1a..."): word
    characters (as ``analysis.WORD`` reads them), characters unknown to this Python (category Cn),
    and the others. The regular expression and C-level ``map`` visit the code points, not a loop."""
    every = "".join(map(chr, range(0x110000)))
    out: list[str] = []

    def others(start: int, end: int) -> None:
        for unknown, run in itertools.groupby(map(unicodedata.category, every[start:end]), "Cn".__eq__):
            out.append((UNKNOWN if unknown else OTHER) + _base36(len(list(run))))

    start = 0
    for match in WORD_RUN.finditer(every):
        others(start, match.start())
        out.append(WORD_CHAR + _base36(match.end() - match.start()))
        start = match.end()
    others(start, len(every))
    return "".join(out)


def table_path(version: str) -> Traversable:
    """Where kbgen ships the table of a Unicode version (``python -m kbgen.index.unicode_table`` writes it)."""
    return resources.files("kbgen.index") / "unicode" / f"{version}.json"


def compute_table() -> bytes:
    """The table as the site publishes it: {"unicode": this Python's version, "runs": ``class_runs``}."""
    data = {"unicode": unicodedata.unidata_version, "runs": class_runs()}
    return json.dumps(data, separators=(",", ":")).encode("utf-8") + b"\n"


@functools.cache
def unicode_table() -> bytes:
    """This Python's table: the shipped file of its Unicode version, else computed (0.5 s of CPU)."""
    shipped = table_path(unicodedata.unidata_version)
    return shipped.read_bytes() if shipped.is_file() else compute_table()


if __name__ == "__main__":  # writes the running Python's table into the package
    target = Path(str(table_path(unicodedata.unidata_version)))
    target.parent.mkdir(exist_ok=True)
    target.write_bytes(compute_table())
    print(f"wrote {target}")
