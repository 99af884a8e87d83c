"""A language code kbgen accepts for a sub-site is one the collector accepts in an event's ``lang``:
a code of five subtags or over 35 characters is a ``mkdocs.yml:LINE`` error, not a sub-site whose
events are all refused, nor a build that ends in "File name too long"."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kbgen.analytics.schema import EventError, decode_batch
from kbgen.cli import main
from kbgen.locales.codes import is_code

LONGEST = "tzm-abcdefgh-abcdefgh-abcdefgh-abcd"  # 35 characters, 4 subtags
TOO_LONG = ["en-" + "-".join(["abcdefgh"] * 33), "en-aa-bb-cc-dd-ee", LONGEST + "e"]


def event_lang_accepted(code: str) -> bool:
    event = {"type": "contact", "channel": "email", "page": "/", "lang": code, "ts": "2026-11-30T10:00:00Z"}
    try:
        return bool(decode_batch(json.dumps(event).encode()).events)
    except EventError:
        return False


@pytest.mark.parametrize("code", [LONGEST, "en", "pt-br", "es-419", "zh-hant-tw", "sr-latn-rs-1901"])
def test_every_code_kbgen_accepts_the_collector_accepts(code):
    assert is_code(code)
    assert event_lang_accepted(code)


@pytest.mark.parametrize("code", TOO_LONG, ids=["299 characters", "five subtags", "36 characters"])
def test_a_code_the_collector_would_refuse_is_a_settings_error(make_site, code):
    root = make_site({"texts/x.yml": "name: Long\n"})
    config = root / "mkdocs.yml"
    text = config.read_text().replace("languages: [en]", f"languages: [en, {code}]")
    config.write_text(text.replace("  - kbgen:\n", f"  - kbgen:\n      locales: {{{code}: texts/x.yml}}\n", 1))
    assert not is_code(code) and not event_lang_accepted(code)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 1
    assert "is not a language code" in result.output
    assert "File name too long" not in result.output and "Traceback" not in result.output
    assert not (root / "site").exists()
