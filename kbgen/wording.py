"""How kbgen counts things in what it prints: "1 FAQ page", "2 FAQ pages", "1,200 articles"."""

from __future__ import annotations


def plural(count: int, word: str, many: str = "") -> str:
    """``count`` and ``word``, with ``many`` (or ``word`` + "s") unless the count is one."""
    return f"{count:,} {word if count == 1 else many or word + 's'}"
