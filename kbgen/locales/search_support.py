"""What search does in a language: ``kbgen check`` warns about a language with texts but no stemmer.

The stemmers are ``kbgen.index.analysis.STEMMERS`` (code -> Snowball algorithm). Chinese, Japanese,
Korean and Thai are searched by overlapping character pairs, Vietnamese (whose words do not inflect) by
its words with and without marks, Tagalog with an affix stripper: none of them needs a stemmer.
"""

from __future__ import annotations

from kbgen.locales.codes import base_of, normalise

ANALYSED_WITHOUT_STEMMER = frozenset({"zh", "ja", "ko", "th", "vi", "tl"})


def has_stemmer(code: str) -> bool:
    from kbgen.index.analysis import STEMMERS

    code = normalise(code)
    return code in STEMMERS or base_of(code) in STEMMERS


def no_stemmer_warning(code: str, name: str) -> str | None:
    """The warning for a language search has no stemmer for; None when it has one or needs none."""
    code = normalise(code)
    if has_stemmer(code) or code in ANALYSED_WITHOUT_STEMMER or base_of(code) in ANALYSED_WITHOUT_STEMMER:
        return None
    return (f"search has no stemmer for '{code}' ({name}): it matches words as written, accents folded, "
            "with prefixes while typing and small typos, but not other forms of a word (a plural, another tense)")
