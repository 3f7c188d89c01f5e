"""Page-level cues from the URL: is this an index, tag, search or archive page rather than one story?

Listing pages often show whole posts, which no line feature can tell from an
article's own paragraphs; their URL tells. A listing's lines are all
boilerplate (dev labelling convention), so the gate runs before the line model.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

_LISTING_SEGMENT = re.compile(
    r"^/(?:[\w-]+/)?(?:tag|tags|topik|topic|search|cari|pencarian|kategori|category|categories|label|kanal|"
    r"indeks|index|arsip|archive|author|penulis|feed|rss)(?:/[^/]+)?/?$", re.I)
_TAG_PAGE = re.compile(r"^/(?:[\w-]+/)?(?:tag|tags|label|cari|pencarian)/[^/]+/?$", re.I)
_PAGED = re.compile(r"/page/\d+/?$|/halaman/\d+/?$", re.I)
_ARCHIVE = re.compile(r"^/(?:19|20)\d\d(?:/[01]\d)?/?$|_archive\.html$|/(?:19|20)\d\d_[01]\d_\d\d_archive", re.I)
_INDEX_PHP = re.compile(r"^/index\.php/(?:tag|page|category)/", re.I)


def is_listing_url(url: str | None) -> bool:
    """Tag, category, search, paged index, blog archive and home pages."""
    if not url:
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    path = parts.path or "/"
    if path in ("/", "") or path.lower() in ("/index.html", "/index.php", "/home"):
        query = parse_qs(parts.query)  # parsed only here, where it decides
        return "p" not in query and "id" not in query  # WordPress "?p=123" is a single post
    if "/search" in path.lower():  # with or without a query (q=, s=, ...)
        return True
    if _TAG_PAGE.match(path):
        return True
    last = path.rstrip("/").rsplit("/", 1)[-1]
    if last.count("-") >= 5 and not _PAGED.search(path):
        return False  # a long headline slug: one story, whatever folder it sits in
    return bool(_LISTING_SEGMENT.match(path) or _PAGED.search(path) or _ARCHIVE.search(path) or _INDEX_PHP.match(path))


def is_listing_page(url: str | None, head_meta: dict | None = None) -> bool:
    """A listing by its address (is_listing_url), unless the page's head gives a publication time:
    then it is one article's page whatever its address looks like (`/archive/63076` is a story's
    id, not an archive); index pages carry no such time."""
    if not is_listing_url(url):
        return False
    meta = head_meta or {}
    return not any(isinstance(meta.get(part), dict) and meta[part].get("published") for part in ("jsonld", "meta"))
