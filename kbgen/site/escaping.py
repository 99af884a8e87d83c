"""Staff-written plain text (titles, descriptions, questions, settings) made safe for each place it lands.

MkDocs renders templates with autoescaping off, so Material prints ``page.title``, section
titles and ``page.meta.description`` as HTML. kbgen hands MkDocs those values as
:class:`markupsafe.Markup` holding the escaped text: printed raw they show the text as
written, and Jinja's ``| e`` leaves them alone, so kbgen's own templates do not escape twice.
"""

from __future__ import annotations

import json
import re
import string
from typing import Any

from markupsafe import Markup

#: Characters that must not appear raw in JSON placed inside a <script> element.
_SCRIPT_JSON = {
    ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
    0x2028: "\\u2028", 0x2029: "\\u2029",
}
#: A catalog text's placeholder: ``{n}``, ``{store}``.
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
#: Every ASCII punctuation character is Markdown syntax somewhere (``#``, ``{: }``, ``???``, ``|``...).
_MARKDOWN_PUNCTUATION = {ord(ch): f"&#{ord(ch)};" for ch in string.punctuation}


def html_text(value: Any) -> Markup:
    """Plain text as HTML that shows it literally; a value already made so is kept as it is."""
    return Markup.escape("" if value is None else value)


def interface_texts(texts: dict[str, str]) -> dict[str, Markup]:
    """A language's interface texts as HTML that shows them as written: a store's catalog is text,
    so ``<b>`` or ``</script>`` in it shows, in every template, whether or not it writes ``| e``."""
    return {key: html_text(text) for key, text in texts.items()}


def fill(text: str, **values: Any) -> str:
    """``text`` with each ``{name}`` of ``values`` put in, every occurrence, and nothing else read.

    Not ``str.format``: a store's catalog with a stray ``{``, ``{n:>99999999}`` or ``{n.real}``
    must show as written, not fail the build or grow a page by a gigabyte. A :class:`Markup`
    text gets its values escaped and stays Markup.
    """
    markup = isinstance(text, Markup)
    put = Markup.escape if markup else str
    filled = _PLACEHOLDER.sub(lambda m: put(values[m.group(1)]) if m.group(1) in values else m.group(0), text)
    return Markup(filled) if markup else filled


def plain(value: Any) -> str:
    """The text of a value, whether it is plain or was made HTML by :func:`html_text`."""
    return value.unescape() if isinstance(value, Markup) else str(value or "")


def script_json(data: Any, **dump_options: Any) -> str:
    """JSON that is still valid, and still the same data, inside ``<script>`` (``</script>``, ``<!--``)."""
    return json.dumps(data, ensure_ascii=False, **dump_options).translate(_SCRIPT_JSON)


def markdown_text(value: str) -> str:
    """Markdown source that renders as exactly ``value``, on one line: no tags, links or attribute lists.

    Punctuation becomes numeric character references, which Markdown passes through untouched
    and the browser shows as the character; whitespace runs become one space.
    """
    return " ".join(value.split()).translate(_MARKDOWN_PUNCTUATION)
