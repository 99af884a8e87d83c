"""Letters newer than the building Python's Unicode get the same tokens in the browser's analyser.

Python 3.11 knows Unicode 14.0, Node 20 and Chromium 17.0. Each text holds characters added
since (Kawi, Nag Mundari, Garay, CJK Extensions H and I, Latin letters of 16.0, the modifier S
of 17.0) inside or beside words; with the Unicode table a site publishes, search/src/analysis.js
reads them as this Python does (``kbgen/index/unicode_table.py``).
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
import unicodedata

import pytest

from kbgen.index.analysis import words
from kbgen.index.unicode_table import unicode_table
from tests.parity.test_analysis_parity import node_tokens, python_tokens

NEWER = [
    "refund\U0001ccd6shipping",  # 16.0 outlined A: NFKC makes it "A"
    "order\ua7f1status",  # 17.0 modifier S: NFKC makes it "s"
    "\ua7cbrefund \ua7cctracking",  # 16.0 Latin capitals: lowercase makes them ɤ and ꟍ
    "ship\U00011f04ping Kawi \U00011f04\U00011f05",  # 15.0 Kawi letters
    "order\U0001e4d0status \U0001e4d1\U0001e4ec",  # 15.0 Nag Mundari letter and mark
    "\U00031350退款 \U0002ebf0\U0002ebf1退货",  # 15.0 CJK Extension H, 15.1 Extension I
    "Garay \U00010d50\U00010d51 word",  # 16.0 Garay capitals, cased
    "ΟΔΟΣ\U0001e4d0ΟΔΟΣ",  # Greek final sigma beside a newer letter
    "size e\U0001ccf0f",  # 16.0 outlined digit zero: NFKC makes it "0"
    "x\u0897y \u1acf mark",  # 16.0 combining marks
]


def node_unicode() -> str:
    node = shutil.which("node") or pytest.skip("node is needed")
    return subprocess.run([node, "-p", "process.versions.unicode"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("lang", ["en", "zh", "el"])
def test_letters_newer_than_python_give_identical_tokens(lang):
    assert node_tokens(NEWER, lang) == python_tokens(NEWER, lang)


def test_newer_letters_split_words_as_python_reads_them():
    """Python 3.11 does not know them: they cut the words around them and are no word themselves."""
    if unicodedata.unidata_version != "14.0.0":
        pytest.skip("the expected words are Python 3.11's (Unicode 14.0)")
    words = [[token[0] for token in text] for text in node_tokens(NEWER, "en")]
    assert words[:3] == [["refund", "shipping"], ["order", "status"], ["refund", "tracking"]]
    assert words[3] == ["ship", "ping", "kawi"] and words[5] == ["退款", "退货"] and words[8] == ["size", "e", "f"]


def test_without_the_table_node_reads_them_otherwise():
    """What the table is for: Node's own classes are a newer Unicode's, and read other words."""
    if tuple(map(int, node_unicode().split("."))) <= tuple(map(int, unicodedata.unidata_version.split("."))):
        pytest.skip("this Node knows no Unicode newer than this Python")
    own = node_tokens(NEWER, "en", table=False)
    assert own != python_tokens(NEWER, "en")
    assert [token[0] for token in own[0]] == ["refundashipping"]
    assert [token[0] for token in own[1]] == ["ordersstatus"]


# For each code point given: its lowercase, NFKC, NFKD and whether it is a nonspacing mark, where any
# of them is not the character itself (the same JavaScript runs in Node here and in Chromium).
MAPPINGS_JS = r"""(ranges) => {
  const out = {};
  for (const [first, last] of ranges) for (let code = first; code <= last; code++) {
    const ch = String.fromCodePoint(code);
    const mapped = [ch.toLowerCase(), ch.normalize("NFKC"), ch.normalize("NFKD"), /\p{Mn}/u.test(ch)];
    if (mapped[0] !== ch || mapped[1] !== ch || mapped[2] !== ch || mapped[3]) out[code] = mapped;
  }
  return out;
}"""
NODE_MAPPINGS = f"""
let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => process.stdout.write(JSON.stringify(({MAPPINGS_JS})(JSON.parse(input)))));
"""


@functools.cache
def known_to_python() -> list[tuple[int, int]]:
    """The code points this Python knows (all but category Cn and the surrogates), as (first, last) ranges."""
    ranges, first = [], 0
    for kind, length in re.findall(r"([UWO])([0-9a-z]+)", json.loads(unicode_table())["runs"]):
        last = first + int(length, 36) - 1
        if kind != "U":
            ranges += [(a, b) for a, b in ((first, min(last, 0xD7FF)), (max(first, 0xE000), last)) if a <= b]
        first = last + 1
    return ranges


@functools.cache
def python_mappings() -> dict[int, list]:
    """``MAPPINGS_JS`` in Python, over the characters it knows."""
    out = {}
    for code in (c for first, last in known_to_python() for c in range(first, last + 1)):
        ch = chr(code)
        mapped = [ch.lower(), unicodedata.normalize("NFKC", ch), unicodedata.normalize("NFKD", ch),
                  unicodedata.category(ch) == "Mn"]
        if mapped[:3] != [ch, ch, ch] or mapped[3]:
            out[code] = mapped
    return out


def mappings_that_differ(in_js: dict[str, list]) -> set[str]:
    """The code points whose lowercase, NFKC, NFKD or mark category differ between JavaScript and Python."""
    in_python = python_mappings()
    assert len(in_python) > 8000
    js = {int(code): mapped for code, mapped in in_js.items()}
    return {f"U+{code:04X}" for code in js.keys() | in_python.keys() if js.get(code) != in_python.get(code)}


def test_node_lowercases_and_normalises_every_character_python_knows_as_python_does():
    """Why the client may use its own NFKC, lowercase and \\p{Mn} for the characters the table says
    the building Python knows: code point by code point, they give what Python's give."""
    node = shutil.which("node") or pytest.skip("node is needed")
    result = subprocess.run([node, "-e", NODE_MAPPINGS], input=json.dumps(known_to_python()), capture_output=True,
                            text=True, check=True)
    # U+1171E, Ahom medial ra: Mn in 14.0, Mc since; no word holds it (not a letter, not in MARKS)
    assert mappings_that_differ(json.loads(result.stdout)) <= {"U+1171E"}
    assert words("a\U0001171eb") == ["a", "b"]
