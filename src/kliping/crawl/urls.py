"""Article URLs: one canonical form per page, a stable id, and each outlet's URL filters.

Canonical form by courlan (Apache-2.0), the URL library trafilatura uses: scheme and host lower
case, default port and fragment dropped, query parameters sorted and tracking parameters (utm_*,
fbclid, gclid, ref, amp, ...) removed. Two links to one article under different tracking
parameters become one URL, fetched once and remembered once.
"""
from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit

from courlan import normalize_url

_SLUG_CHARS = re.compile(r"[^a-z0-9]+")


def canonical_url(url: str) -> str:
    """The URL a page is remembered under (courlan's strict normalisation); the URL as given when
    courlan cannot read it."""
    try:
        return normalize_url(url.strip(), strict=True)
    except (ValueError, AttributeError):
        return url.strip()


def page_id(url: str) -> str:
    """A readable id that depends only on the canonical URL: the last path words and 8 hex digits
    of the URL's hash (`banjir-bandang-di-lembah-3f9a01c2`)."""
    canon = canonical_url(url)
    parts = [p for p in urlsplit(canon).path.split("/") if p]
    words = ""
    for part in reversed(parts):
        words = _SLUG_CHARS.sub("-", part.lower().rsplit(".", 1)[0] if "." in part else part.lower()).strip("-")
        if words and not words.isdigit():
            break
    digest = hashlib.sha1(canon.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{words[:60].rstrip('-')}-{digest}" if words else digest


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
