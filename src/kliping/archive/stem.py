"""Indonesian stemming for the search index: kliping.stemming (Snowball's Indonesian stemmer with
the meN-/peN- sound changes undone and kliping's own exception tables), one word at a time.

The same function stems the indexed text and the user's query terms, so `perundingan` and
`berunding` both become `runding` and find each other.
"""
from __future__ import annotations

import re

from ..stemming import stem_word  # noqa: F401 - the index's and the queries' stemmer

# A word: letters and digits (no underscore). FTS5's unicode61 tokenizer splits the stemmed
# copy at the spaces we put back, so both sides agree on what a token is.
WORD = re.compile(r"[^\W_]+", re.UNICODE)


def words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, lower-cased word) of every word of `text`."""
    return [(m.start(), m.end(), m.group().lower()) for m in WORD.finditer(text)]


def stem_text(text: str | None) -> str:
    """The stemmed copy of a text that the full-text index holds: stems joined by spaces."""
    if not text:
        return ""
    return " ".join(stem_word(w.lower()) for w in WORD.findall(text))
