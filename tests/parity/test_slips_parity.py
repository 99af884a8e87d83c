"""The browser's edit distance (search/src/query.js) counts slips as Python's does, pair for pair.

Words of the Arabic and Hebrew sample help centers, each with every letter in turn replaced by
every letter of its alphabet, are measured against the words they were made from in both runtimes,
with the slips a site in that language publishes (its manifest's pairs, read back both ways).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from kbgen.index.analysis import analyze, slips
from kbgen.index.query import edit_distance

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "kbgen" / "skeleton" / "samples"
ALPHABETS = {"ar": "ابتثجحخدذرزسشصضطظعغفقكلمنهوية", "he": "אבגדהוזחטיכךלמםנןסעפףצץקרשת"}
SCRIPT = """
import { editDistance } from "./src/query.js";
let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const { pairs, cases } = JSON.parse(input);
  const slips = new Set(pairs.flatMap((pair) => [pair, Array.from(pair).reverse().join("")]));
  process.stdout.write(JSON.stringify(cases.map(([a, b, limit]) => editDistance(a, b, limit, slips))));
});
"""


def cases_for(lang: str) -> list[tuple[str, str, int]]:
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted((SAMPLES / lang).rglob("*.md")))
    words = sorted({t.surface for t in analyze(text, lang) if len(t.surface) >= 4})[:40]
    out = []
    for word in words:
        for i in range(len(word)):
            for letter in ALPHABETS[lang]:
                out.append((word[:i] + letter + word[i + 1 :], word, 2))
        out.append((word[1:], word, 1))
        out.append((word[1] + word[0] + word[2:], word, 1))
    return out


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
@pytest.mark.parametrize("lang", ["ar", "he"])
def test_edit_distance_with_slips_is_the_same_in_both_runtimes(lang):
    pairs = sorted(pair for pair in slips(lang) if pair[0] < pair[1])
    cases = cases_for(lang)
    assert len(cases) > 1000
    done = subprocess.run(
        ["node", "--input-type=module", "-e", SCRIPT], cwd=ROOT / "search",
        input=json.dumps({"pairs": pairs, "cases": cases}), capture_output=True, text=True, check=True,
    )
    browser = json.loads(done.stdout)
    python = [edit_distance(a, b, limit, slips(lang)) for a, b, limit in cases]
    assert browser == python
    assert python.count(2) > python.count(1) > 0  # most substitutions are no slip; some are
