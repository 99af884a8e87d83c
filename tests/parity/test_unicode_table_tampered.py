"""A malformed or tampered search/unicode.<hash>.json never breaks the browser's search: the client
keeps the classes it had (the browser's own before a table) and says so in the console."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from kbgen.index.unicode_table import unicode_table
from tests.conftest import ROOT

SCRIPT = """
import { analyze, stopWords, useUnicodeTable } from "./src/analysis.js";
import { openIndex } from "./src/engine.js";
import { INDEX_FORMAT } from "./src/format.js";
const { good, bad } = JSON.parse(process.argv[1]);
const words = () => analyze("Refund wörld order\\u{11f04}x", "en", stopWords([])).map((t) => t.word);
useUnicodeTable(good);
const before = words();
const thrown = [];
for (const table of bad) {
  try { useUnicodeTable(table); thrown.push(null); } catch (error) { thrown.push(error.message); }
}
const warnings = [];
console.warn = (message) => warnings.push(message);
globalThis.fetch = async (url) => ({
  ok: true, status: 200,
  json: async () => (String(url).endsWith("manifest.json")
    ? { format: INDEX_FORMAT, lang: "en", index: "i/", stopwords: [], unicode: "unicode.bad.json" } : bad[0]),
});
const index = await openIndex("https://help.example.com/search/manifest.json");
console.log(JSON.stringify({ before, after: words(), thrown, warnings, opened: Boolean(index) }));
"""

BAD = [{"runs": "W0"}, {"runs": "Wzzzzzz"}, {"runs": 5}, {}, None, {"runs": "W5W0"}, {"runs": "W5Xq"}]


def test_a_tampered_unicode_table_is_refused_whole_and_search_still_opens():
    node = shutil.which("node") or pytest.skip("node is needed")
    payload = json.dumps({"good": json.loads(unicode_table()), "bad": BAD})
    result = subprocess.run([node, "--input-type=module", "-e", SCRIPT, payload], cwd=ROOT / "search",
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    answer = json.loads(result.stdout)
    assert answer["after"] == answer["before"] == ["refund", "wörld", "order", "x"]
    assert answer["thrown"] == ["kbgen search: the Unicode table is not one kbgen wrote; the browser's own "
                                "letters are used"] * len(BAD)
    assert answer["opened"] is True
    assert answer["warnings"] == ["kbgen search: the Unicode table is not one kbgen wrote; the browser's own "
                                  "letters are used"]
