"""Staff-written plain text (titles, descriptions, questions, settings) made safe for each place it lands.

MkDocs renders templates with autoescaping off, so Material prints ``page.title``, section
titles and ``page.meta.description`` as HTML. kbgen hands MkDocs those values as
:class:`markupsafe.Markup` holding the escaped text: printed raw they show the text as
written, and Jinja's ``| e`` leaves them alone, so kbgen's own templates do not escape twice.
"""

from __future__ import annotations

import json
import string
from typing import Any

from markupsafe import Markup

#: Characters that must not appear raw in JSON placed inside a <script> element.
_SCRIPT_JSON = {
    ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
    0x2028: "\\u2028", 0x2029: "\\u2029",
}
#: Every ASCII punctuation character is Markdown syntax somewhere (``#``, ``{: }``, ``???``, ``|``...).
_MARKDOWN_PUNCTUATION = {ord(ch): f"&#{ord(ch)};" for ch in string.punctuation}


def html_text(value: Any) -> Markup:
    """Plain text as HTML that shows it literally; a value already made so is kept as it is."""
    return Markup.escape("" if value is None else value)


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
