"""Head metadata over text-found fields: where the page head (JSON-LD, meta tags, <time>)
gives a valid title, dates, authors or section, it wins; where it and the lines disagree,
the article records both in `provenance`."""
from __future__ import annotations

import re
from typing import Any

from ..model import Article, Document
from .dates import find_dates
from .lines import normalise

_WORDS = re.compile(r"\w+")
_NOT_A_NAME = re.compile(r"https?:|www\.|@|\.com\b|\.co\.id\b", re.I)
MAX_TITLE = 300
MAX_NAME = 60


def _first(meta: dict[str, Any], key: str) -> tuple[Any, str] | None:
    """A head value and where it came from: JSON-LD first, then the meta tags."""
    for source in ("jsonld", "meta"):
        v = (meta.get(source) or {}).get(key)
        if v:
            return v, source
    return None


def _same_text(a: str | None, b: str | None) -> bool:
    return bool(a and b) and _WORDS.findall(a.lower()) == _WORDS.findall(b.lower())  # type: ignore[union-attr]


def _date(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    hits = find_dates(value.replace("/", "-") if re.match(r"^\d{4}/\d", value) else value)
    return hits[0].value if hits else None


def _names(value: Any, publisher: str | None) -> list[str]:
    raw = value if isinstance(value, list) else [value]
    out: list[str] = []
    for v in raw:
        if not isinstance(v, str):
            continue
        for name in re.split(r"\s*(?:,|;|\band\b|\bdan\b|&)\s*", v) if len(v) > MAX_NAME else [v]:
            name = normalise(name)
            if (2 <= len(name) <= MAX_NAME and not _NOT_A_NAME.search(name) and name not in out
                    and not _same_text(name, publisher) and any(c.isalpha() for c in name)):
                out.append(name)
    return out


def _settle(article: Article, name: str, head: Any, head_src: str, agree: bool) -> None:
    text = getattr(article, name)
    if head in (None, "", []):
        return
    if text not in (None, "", []) and not agree:
        article.provenance[name] = {"head": head, "head_source": head_src, "text": text, "used": "head"}
    setattr(article, name, head)


def apply_head_metadata(article: Article, doc: Document) -> Article:
    """Let valid head values win over the text's; record both where they disagree."""
    if doc.fetched:
        article.fetched = doc.fetched
    meta = doc.head_meta or {}
    if not meta:
        return article
    publisher = (_first(meta, "publisher") or (None, ""))[0]
    publisher = publisher if isinstance(publisher, str) else None

    found = _first(meta, "title")
    if found and isinstance(found[0], str):
        title = normalise(found[0])
        if 3 <= len(title) <= MAX_TITLE and not _same_text(title, publisher):
            _settle(article, "title", title, found[1], _same_text(title, article.title))
    if not article.title and isinstance(meta.get("title"), str):
        article.title = normalise(meta["title"])  # the <title> element, as a last resort

    for name in ("published", "updated"):
        found = _first(meta, name)
        value = _date(found[0]) if found else None
        src = found[1] if found else ""
        if value is None and name == "published" and meta.get("time"):
            value, src = _date(meta["time"]), "time"
        if value:
            current = getattr(article, name)
            _settle(article, name, value, src, bool(current) and current[:10] == value[:10])
    if article.updated and article.updated == article.published:
        article.updated = None

    found = _first(meta, "authors")
    if found:
        names = _names(found[0], publisher)
        if names:
            agree = [n.lower() for n in names] == [n.lower() for n in article.authors]
            _settle(article, "authors", names, found[1], agree)

    found = _first(meta, "section")
    if found and isinstance(found[0], str):
        section = normalise(found[0])
        if 1 < len(section) <= 60:
            _settle(article, "category", section, found[1], _same_text(section, article.category))
    return article
