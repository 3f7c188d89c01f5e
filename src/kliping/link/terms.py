"""Indonesian terms of an article: tokens, stop words dropped, stems (kliping.stemming) cached
per word.

A news collection repeats its words, so every distinct word is stemmed once and kept in a
dictionary (`Stemmer.stem`).
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Iterable

from ..model import Article
from ..stemming import FUNCTION_WORDS, stem_token
from .shingles import body_paragraphs

LEAD_WORDS = 250            # body words read for an article's terms: the lead says what the event is
TITLE_WEIGHT = 3            # title (and deck) words count this many times

_TOKEN_RE = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_DIGITS_RE = re.compile(r"\d")

# news furniture and reporting words that say nothing about the event
_EXTRA_STOP = frozenset("""
    com co id www html baca juga berita terkait foto video kata ujar ujarnya katanya jelas jelasnya
    ungkap ungkapnya tutur tuturnya sebut menyebut mengatakan menjelaskan menurutnya pihak hari ini
    tersebut sejumlah sebanyak yakni yaitu saat masih sudah telah akan bisa dapat lebih hingga sekitar
    senin selasa rabu kamis jumat sabtu minggu pukul wib wita wit jakarta antara antaranews kompas
    tribunnews detik liputan6 okezone tempo republika suara jpnn inews merdeka sindonews kumparan
    januari februari maret april mei juni juli agustus september oktober november desember
    lalu kemarin tahun bulan pekan usai jadi bagi oleh dari dalam serta pun lagi para tak nya
""".split())


def stop_words() -> frozenset[str]:
    return FUNCTION_WORDS | _EXTRA_STOP


class Stemmer:
    """kliping's Indonesian stemmer (kliping.stemming) behind a per-word dictionary; stop words
    and numbers yield None."""

    def __init__(self) -> None:
        self._stop = stop_words()
        self.cache: dict[str, str | None] = {}

    def stem(self, word: str) -> str | None:
        hit = self.cache.get(word, "")
        if hit != "":
            return hit
        if word in self._stop or len(word) < 3 or _DIGITS_RE.search(word):
            out = None
        else:
            out = stem_token(word) or word
            if out in self._stop or len(out) < 3:
                out = None
        self.cache[word] = out
        return out


def tokens(text: str) -> list[str]:
    return _TOKEN_RE.findall(unicodedata.normalize("NFKC", text).lower())


def article_text_parts(article: Article) -> tuple[str, str]:
    """(headline text, lead text) of an article: title and deck; the first LEAD_WORDS body words."""
    head = " ".join(x for x in (article.title, article.deck) if x)
    words: list[str] = []
    for p in body_paragraphs(article.body):
        words.extend(p.split())
        if len(words) >= LEAD_WORDS:
            break
    return head, " ".join(words[:LEAD_WORDS])


def term_counts(head: str, lead: str, stemmer: Stemmer) -> Counter[str]:
    """Stem counts of an article's headline (weighted) and lead."""
    c: Counter[str] = Counter()
    stem = stemmer.stem
    words = Counter(tokens(lead))          # count words first: each distinct word is looked up once
    for w in tokens(head):
        words[w] += TITLE_WEIGHT
    for w, k in words.items():
        s = stem(w)
        if s:
            c[s] += k
    return c


def entity_keys(article: Article) -> list[str]:
    """Canonical entity keys of an article (empty until the enrichment stage fills them)."""
    return [e.key for e in article.entities if e.key]


def words_of(texts: Iterable[str]) -> list[str]:
    out: list[str] = []
    for t in texts:
        out.extend(tokens(t))
    return out
