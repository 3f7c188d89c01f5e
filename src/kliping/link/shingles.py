"""An article's cleaned body, normalised for duplicate detection, and its word shingles.

Outlets that republish wire copy add their own dateline prefix ("TRIBUNNEWS.COM, JAKARTA -",
"Jakarta (ANTARA) -"), "Baca juga" lines and a closing credit; these are dropped before the
body is compared, so two copies of one wire story compare on the story itself.
Shingle size: word 3-grams, chosen by bench/near_dup_quality.py (see docs/architecture.md).
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from array import array
from typing import Iterable

import numpy as np

SHINGLE_WORDS = 3          # chosen by measurement (bench/near_dup_quality.py)

# paragraphs that are links to other stories or promos, whatever the extractor kept
_FURNITURE_RE = re.compile(
    r"^\s*(baca( juga| selengkapnya)?|simak( juga)?|lihat( juga)?|berita terkait|artikel terkait|"
    r"tonton( juga)?|ikuti( berita| kami)?|dapatkan (berita|update)|klik|scroll|advertisement|iklan)\b",
    re.IGNORECASE)
# a dateline opening the first paragraph: a short prefix ending in a dash
_DATELINE_RE = re.compile(r"^(?P<head>[^\n]{2,70}?)\s*(?:[-\u2013\u2014]{1,2}|\|)\s+")
# a closing credit: "(ant/rdk)", "(*)", "(bbn)"
_CREDIT_RE = re.compile(r"\s*\((?:[a-z*]{1,6}(?:/[a-z0-9*]{1,8}){0,4})\)\s*$", re.IGNORECASE)
_NON_WORD_RE = re.compile(r"[^\w]+")


def strip_dateline(paragraph: str) -> str:
    """Drop an outlet's dateline prefix ("SEMARANG, KOMPAS.com -") from a first paragraph."""
    m = _DATELINE_RE.match(paragraph)
    if m and len(m.group("head").split()) <= 6:
        return paragraph[m.end():]
    return paragraph


def body_paragraphs(body: Iterable[str]) -> list[str]:
    """The paragraphs that carry the story: furniture lines dropped, dateline and credit stripped."""
    paras = [p for p in body if p and p.strip() and not _FURNITURE_RE.match(p)]
    if paras:
        paras[0] = strip_dateline(paras[0].strip())
        paras[-1] = _CREDIT_RE.sub("", paras[-1])
    return [p for p in paras if p.strip()]


def normalise(body: Iterable[str]) -> str:
    """Lower-cased words of the story paragraphs, single-spaced, accents folded (NFKC)."""
    text = unicodedata.normalize("NFKC", " ".join(body_paragraphs(body))).lower()
    return _NON_WORD_RE.sub(" ", text).strip()


def body_hash(normalised: str) -> str | None:
    """Exact-duplicate key of a normalised body; None for an empty body."""
    if not normalised:
        return None
    return hashlib.blake2b(normalised.encode("utf-8"), digest_size=12).hexdigest()


def shingles(normalised: str, k: int = SHINGLE_WORDS) -> list[str]:
    """Distinct word k-grams of a normalised body (the whole body when it has fewer than k words)."""
    words = normalised.split()
    if len(words) <= k:
        return [" ".join(words)] if words else []
    return list({" ".join(words[i:i + k]) for i in range(len(words) - k + 1)})


def jaccard(a: set[str], b: set[str]) -> float:
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


class ShingleHasher:
    """64-bit hashes of word k-grams, for whole batches at once.

    Each distinct word gets a stable 32-bit code (CRC-32 of its UTF-8, cached); a k-gram's hash
    mixes its words' codes with numpy over the concatenated words of the batch, so no k-gram
    string is ever built. The same text always gives the same hashes (across runs and machines).
    """

    _MIX = np.uint64(0x9E3779B97F4A7C15)

    def __init__(self, k: int = SHINGLE_WORDS) -> None:
        self.k = k
        self.codes: dict[str, int] = {}

    def _code(self, w: str) -> int:
        c = self.codes.get(w)
        if c is None:
            c = self.codes[w] = zlib.crc32(w.encode("utf-8")) + 1
        return c

    def batch(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(hashes, row offsets): row i's k-gram hashes are hashes[offsets[i]:offsets[i+1]].
        A text of fewer than k words has one hash (of all its words); an empty text none."""
        codes = self.codes
        code = self._code
        ids = array("Q")               # machine integers: no Python int object per word
        lens = array("q")
        for t in texts:
            words = t.split()
            ids.extend([codes.get(w) or code(w) for w in words])
            lens.append(len(words))
        k = self.k
        a = np.frombuffer(ids, dtype=np.uint64) if len(ids) else np.zeros(0, dtype=np.uint64)
        n = np.frombuffer(lens, dtype=np.int64) if len(lens) else np.zeros(0, dtype=np.int64)
        starts = np.zeros(len(n) + 1, dtype=np.int64)
        np.cumsum(n, out=starts[1:])
        total = len(a)
        # hash of the k words starting at each position (positions near the end are cut below)
        h = np.zeros(total, dtype=np.uint64)
        for j in range(k):
            part = np.zeros(total, dtype=np.uint64)
            part[:total - j] = a[j:]
            h = (h ^ part) * self._MIX
            h ^= h >> np.uint64(29)
        # per text: positions 0 .. len-k; texts shorter than k keep position 0 (hash of all their words)
        count = np.where(n >= k, n - k + 1, np.minimum(n, 1))
        short = (n > 0) & (n < k)
        if short.any():
            with np.errstate(over="ignore"):
                self._short(a, starts, h, np.nonzero(short)[0])
        offsets = np.zeros(len(n) + 1, dtype=np.int64)
        np.cumsum(count, out=offsets[1:])
        rows = np.repeat(np.arange(len(n)), count)
        pos = starts[:-1][rows] + (np.arange(offsets[-1]) - offsets[:-1][rows])
        return h[pos], offsets

    def _short(self, a: np.ndarray, starts: np.ndarray, h: np.ndarray, rows: np.ndarray) -> None:
        for r in rows:
            g = np.uint64(0)
            for x in a[starts[r]:starts[r + 1]]:
                g = (g ^ x) * self._MIX
                g ^= g >> np.uint64(29)
            h[starts[r]] = g

    def sets(self, texts: list[str]) -> list[set[int]]:
        """The k-gram hash sets of texts (for exact Jaccard in benchmarks and tests)."""
        h, off = self.batch(texts)
        return [set(h[off[i]:off[i + 1]].tolist()) for i in range(len(texts))]
