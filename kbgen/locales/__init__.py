"""kbgen's interface in every language: one catalog file per language (``<code>.yml`` here, English
the reference), a store's own catalogs on top, merged key by key (see :mod:`kbgen.locales.registry`).

Templates read a language's texts as ``kbgen.t``, the search client through data attributes, the
help widget from ``widget.json``; ``kbgen init`` and ``kbgen new`` write its samples and prompts.
"""

from kbgen.locales.codes import bcp47, is_code, normalise
from kbgen.locales.registry import Language, Locales, shipped_catalogs

__all__ = ["Language", "Locales", "bcp47", "is_code", "normalise", "shipped_catalogs"]
