"""A page's text to its non-blank lines, the unit every role is given to."""
from __future__ import annotations

import re
from functools import lru_cache

from ..model import Line

_DIGITS = re.compile(r"\d+")
# The scraper that made some dev pages put " date 2025-11-29 ..." before the
# first line; it is page furniture, kept as a line but easy to recognise.
MAX_LINE_CHARS = 100_000


def split_lines(text: str) -> list[Line]:
    """Non-blank lines, exactly as LABELS.md counts them: splitlines() minus blank ones."""
    return [Line(index=i, text=t) for i, t in enumerate(t for t in text.splitlines() if t.strip())]


@lru_cache(maxsize=8192)  # each line is normalised by several stages of one page
def normalise(text: str) -> str:
    """Whitespace-collapsed, stripped text of a line (non-breaking spaces included)."""
    # str.split() splits on exactly the characters re's \s matches (no-break space included),
    # three times faster than the regex substitution
    return " ".join(text.split())


def line_key(text: str) -> str:
    """A key for recognising the same line on other pages: lower-case, digits folded."""
    return _DIGITS.sub("0", normalise(text).lower())[:200]


def is_word_char(ch: str) -> bool:
    """What `re` counts as \\w in a str pattern: a letter, a digit of any script, or `_`."""
    return ch.isalnum() or ch == "_"
