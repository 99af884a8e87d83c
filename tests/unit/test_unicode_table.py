"""The Unicode table the build publishes for the browser is this Python's view of every code point."""

from __future__ import annotations

import json
import re
import unicodedata

from kbgen.index.unicode_table import class_runs, compute_table, table_path, unicode_table


def decoded(runs: str) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {"U": set(), "W": set(), "O": set()}
    first = 0
    for kind, length in re.findall(r"([UWO])([0-9a-z]+)", runs):
        out[kind].update(range(first, first + int(length, 36)))
        first += int(length, 36)
    assert first == 0x110000
    return out


def test_table_lists_pythons_word_characters_and_the_ones_it_does_not_know():
    classes = decoded(class_runs())
    word = {c for c in range(0x110000) if re.match(r"[^\W_]", chr(c))}
    unknown = {c for c in range(0x110000) if unicodedata.category(chr(c)) == "Cn"}
    assert classes["W"] == word and classes["U"] == unknown
    assert {ord("a"), ord("7"), 0x4E00} <= classes["W"] and {ord(" "), ord("_"), 0x3002} <= classes["O"]


def test_shipped_table_of_this_unicode_version_is_the_computed_one():
    shipped = table_path(unicodedata.unidata_version)
    assert shipped.is_file(), f"run python -m kbgen.index.unicode_table to ship {unicodedata.unidata_version}"
    assert shipped.read_bytes() == compute_table() == unicode_table()
    assert json.loads(unicode_table())["unicode"] == unicodedata.unidata_version
