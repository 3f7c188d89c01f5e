"""An article's cleaned body, normalised for duplicate detection, and its word shingles.

Outlets that republish wire copy add their own dateline prefix ("TRIBUNNEWS.COM, JAKARTA -",
"Jakarta (ANTARA) -"), "Baca juga" lines and a closing credit; these are dropped before the
body is compared, so two copies of one wire story compare on the story itself.
Shingle size: word 5-grams, chosen by bench/near_dup_quality.py (see docs/architecture.md).
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Iterable

SHINGLE_WORDS = 5          # chosen by measurement (bench/near_dup_quality.py)

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
