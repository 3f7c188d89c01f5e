"""Indonesian stemming for the search index: Sastrawi, one word at a time, with a cache.

The same function stems the indexed text and the user's query terms, so `perundingan` and
`berunding` both become `runding` and find each other.
"""
from __future__ import annotations

import re
from functools import lru_cache

# A word: letters and digits (no underscore). FTS5's unicode61 tokenizer splits the stemmed
# copy at the spaces we put back, so both sides agree on what a token is.
WORD = re.compile(r"[^\W_]+", re.UNICODE)

_stemmer = None


def _sastrawi():
    global _stemmer
    if _stemmer is None:
        from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

        stemmer = StemmerFactory().create_stemmer()
        # Sastrawi keeps its root-word dictionary in a list and looks words up with `in`: a
        # linear scan of ~30,000 words per lookup, up to a second for one unknown name. The same
        # words as a set give the same answers in constant time.
        dictionary = stemmer.delegatedStemmer.dictionary
        dictionary.words = set(dictionary.words)
        _stemmer = stemmer
    return _stemmer


@lru_cache(maxsize=200_000)
def stem_word(word: str) -> str:
    """The stem of one lower-cased word; words with digits and very short words stay as they are."""
    if len(word) < 4 or not word.isalpha():
        return word
    stemmed = _sastrawi().delegatedStemmer.stem_word(word)
    return stemmed or word


def words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, lower-cased word) of every word of `text`."""
    return [(m.start(), m.end(), m.group().lower()) for m in WORD.finditer(text)]


def stem_text(text: str | None) -> str:
    """The stemmed copy of a text that the full-text index holds: stems joined by spaces."""
    if not text:
        return ""
    return " ".join(stem_word(w.lower()) for w in WORD.findall(text))
