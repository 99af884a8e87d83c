"""A word longer than any language's (a pasted blob, a hash, 100,000 combining marks) is indexed as
written, unstemmed, in both runtimes alike, and costs the build no more than its length."""

from __future__ import annotations

import json
import shutil
import subprocess
import time

import pytest

from kbgen.index.analysis import STEM_MAX_CHARS, analyze

from .test_analysis_parity import ROOT, node_tokens, python_tokens

LONG = {
    "limit": "a" * STEM_MAX_CHARS + "s",
    "just under": "running" * (STEM_MAX_CHARS // 7),
    "astral": "\U0001d400" * (STEM_MAX_CHARS - 1) + "s",  # 2 UTF-16 units each in the browser
    "marks": "e" + "\u0301" * 100_000 + "s",
    "blob": "x" * 200_000,
}


@pytest.mark.parametrize("lang", ["en", "ar", "de", "tl", "th"])
def test_long_words_give_identical_tokens_in_both_runtimes(lang):
    texts = list(LONG.values())
    assert node_tokens(texts, lang) == python_tokens(texts, lang)


def test_a_word_longer_than_the_limit_is_not_stemmed():
    [token] = analyze("a" * STEM_MAX_CHARS + "s", "en")
    assert token.term == token.surface == "a" * STEM_MAX_CHARS + "s"
    [short] = analyze("a" * (STEM_MAX_CHARS - 1) + "s", "en")
    assert short.term == "a" * (STEM_MAX_CHARS - 1)


def test_a_200000_letter_word_is_analysed_in_well_under_a_second_per_language():
    started = time.perf_counter()
    for lang in ("ar", "de", "el", "en"):
        [token] = analyze("q" * 200_000, lang)
        assert token.term == "q" * 200_000
    assert time.perf_counter() - started < 4  # Arabic alone took 13 s before


def test_a_100000_letter_query_is_answered_by_kbgen_search_in_seconds(make_site):
    from click.testing import CliRunner

    from kbgen.cli import main

    make_site()
    runner = CliRunner()
    assert runner.invoke(main, ["build"]).exit_code == 0
    started = time.perf_counter()
    result = runner.invoke(main, ["search", "q" * 100_000, "--json"])
    assert result.exit_code == 0, result.output
    assert time.perf_counter() - started < 30  # it never finished: every cut was tried as a compound
    assert json.loads(result.output)["unmatched"] == ["q" * 100_000]
    shown = runner.invoke(main, ["search", "q" * 100_000]).output  # the terminal gets a line, not 100 KB
    assert shown.splitlines() == [
        "No results for '" + "q" * 79 + "…'.", "Words found nowhere on the site: " + "q" * 39 + "…"]


def test_the_browser_client_tries_no_compound_split_of_a_word_over_the_limit():
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is needed")
    script = (
        "import { compoundParts } from './src/query.js';"
        f"const long = compoundParts('q'.repeat({STEM_MAX_CHARS + 1})).length;"
        f"const short = compoundParts('q'.repeat({STEM_MAX_CHARS})).length;"
        "const blob = compoundParts('q'.repeat(100000)).length;"
        "console.log(JSON.stringify([long, short, blob]));"
    )
    result = subprocess.run([node, "--input-type=module", "-e", script], cwd=ROOT / "search",
                            capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(result.stdout) == [0, 2 * (STEM_MAX_CHARS - 3), 0]
