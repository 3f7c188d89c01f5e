"""Article metadata from an HTML page's head: JSON-LD, OpenGraph and article:* tags,
common Indonesian CMS meta tags, and <time datetime>.

Returns plain strings as the page gives them; clean/headmeta.py validates them and decides
which win over the values found in the text.
"""
from __future__ import annotations

import html
import json
import re
from typing import Any

from selectolax.lexbor import LexborHTMLParser

ARTICLE_TYPES = ("NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
                 "BackgroundNewsArticle", "BlogPosting", "LiveBlogPosting", "Report", "ReviewNewsArticle")
# meta name/property -> field, in order of trust (the first present wins within the meta tags).
META_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("og:title", "twitter:title", "dtk:title", "title"),
    "published": ("article:published_time", "content_publisheddate", "dtk:publishdate", "publishdate",
                  "pubdate", "publish-date", "publish_date", "datepublished", "date", "dc.date",
                  "dc.date.issued", "parsely-pub-date", "sailthru.date", "og:published_time",
                  "content_published_date", "article:published"),
    "updated": ("article:modified_time", "og:updated_time", "content_modifieddate", "dtk:updatedate",
                "datemodified", "lastmod", "last-modified", "dc.date.modified"),
    "authors": ("article:author", "author", "dtk:author", "content_author", "parsely-author", "sailthru.author",
                "dc.creator", "byl"),
    "section": ("article:section", "content_category", "dtk:kanal", "dtk:channel", "content_section",
                "parsely-section", "category"),
    "publisher": ("og:site_name", "article:publisher", "application-name", "publisher"),
    "description": ("og:description", "description", "twitter:description", "dtk:description"),
    "url": ("og:url",),
    "keywords": ("keywords", "news_keywords", "dtk:keywords", "article:tag", "content_tag"),
}
_META_INDEX = {name: fld for fld, names in META_FIELDS.items() for name in names}
_RANK = {name: i for names in META_FIELDS.values() for i, name in enumerate(names)}
# JSON-LD in the wild: HTML comments or CDATA around it, trailing commas, raw newlines in strings.
_LD_JUNK = re.compile(r"^\s*(?:<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)|(?:-->|//\s*\]\]>|\]\]>)\s*$")
_TRAILING_COMMA = re.compile(r",\s*([}\]])")


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, dict):
        got = _text(value.get("name") or value.get("@value") or value.get("headline"))
        if got is None and isinstance(value.get("familyName"), str):
            # a Person given only by its parts: {"givenName": "Anna Giulia", "familyName": "Fink"}
            got = _text(" ".join(v.strip() for v in (value.get("givenName"), value["familyName"])
                                 if isinstance(v, str) and v.strip()))
        return got
    if isinstance(value, list):
        for v in value:
            t = _text(v)
            if t:
                return t
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def _names(value: Any) -> list[str]:
    if isinstance(value, list):
        out: list[str] = []
        for v in value:
            out.extend(n for n in _names(v) if n not in out)
        return out
    t = _text(value)
    return [t] if t else []


def _ld_items(value: Any, depth: int = 0) -> list[dict]:
    """Every JSON-LD object in a document: top-level lists, @graph arrays and a page's mainEntity flattened."""
    if depth > 4:
        return []
    if isinstance(value, list):
        return [i for v in value for i in _ld_items(v, depth + 1)]
    if isinstance(value, dict):
        items = [value]
        if isinstance(value.get("@graph"), list):
            items += _ld_items(value["@graph"], depth + 1)
        # a WebPage whose mainEntity is the article (`{"@type": "WebPage", "mainEntity": {"@type":
        # "NewsArticle", ...}}`); other nested objects (isPartOf, liveBlogUpdate) are not this page's article
        if isinstance(value.get("mainEntity"), (dict, list)):
            items += _ld_items(value["mainEntity"], depth + 1)
        return items
    return []


def _types(item: dict) -> set[str]:
    t = item.get("@type")
    if isinstance(t, str):
        return {t.rsplit("/", 1)[-1]}
    if isinstance(t, list):
        return {x.rsplit("/", 1)[-1] for x in t if isinstance(x, str)}
    return set()


def _load_ld(raw: str) -> Any:
    raw = _LD_JUNK.sub("", raw.strip())
    try:
        return json.loads(raw, strict=False)
    except ValueError:
        try:
            return json.loads(_TRAILING_COMMA.sub(r"\1", raw), strict=False)
        except ValueError:
            return None


MAX_LD_BODY = 1_000_000  # characters of an articleBody kept (a dump, not an article, past this)
_BLOCK_END = re.compile(r"(?i)<br\s*/?>|</(?:p|li|h[1-6]|blockquote|div|tr)\s*>")
_BLANK_RUN = re.compile(r"[ \t\r\f\v]*\n\s*")


def _html_paragraphs(html: str) -> str:
    """The text of HTML held in a JSON-LD string, one line per paragraph."""
    tree = LexborHTMLParser(_BLOCK_END.sub("\n", html))
    text = tree.text(deep=True) if tree.root is not None else html
    return _BLANK_RUN.sub("\n", text).strip()


def jsonld_metadata(tree: LexborHTMLParser) -> dict[str, Any]:
    """Fields of the page's article object (NewsArticle, Article, ..., also inside @graph)."""
    articles: list[dict] = []
    for node in tree.css('script[type="application/ld+json"]'):
        for item in _ld_items(_load_ld(node.text(deep=True) or "")):
            if _types(item) & set(ARTICLE_TYPES):
                articles.append(item)
    if not articles:
        return {}
    # the richest article object: a page may also describe related articles
    art = max(articles, key=lambda a: (bool(a.get("articleBody")), bool(a.get("datePublished")), len(a)))
    out: dict[str, Any] = {}
    for fld, key in (("title", "headline"), ("published", "datePublished"), ("updated", "dateModified"),
                     ("description", "description")):
        v = _text(art.get(key))
        if v:
            out[fld] = v
    if "title" not in out and _text(art.get("name")):
        out["title"] = _text(art.get("name"))
    authors = _names(art.get("author")) or _names(art.get("creator"))
    if authors:
        out["authors"] = authors
    for fld, key in (("section", "articleSection"), ("publisher", "publisher")):
        v = _text(art.get(key))
        if v:
            out[fld] = v
    url = art.get("url") or art.get("mainEntityOfPage")
    url = url.get("@id") if isinstance(url, dict) else url
    if isinstance(url, str) and url.startswith("http"):
        out["url"] = url
    body = art.get("articleBody")
    if isinstance(body, str) and body.strip():
        # the whole text, which a page behind a paywall or a "read more" button may hold only here
        # (clean/headbody.py decides whether it is used); HTML inside it is read as text
        body = body[:MAX_LD_BODY]
        if "<" in body and ">" in body:
            body = _html_paragraphs(body)
        elif "&" in body:
            body = html.unescape(body)
        out["body"] = body
    kw = art.get("keywords")
    if kw:
        out["keywords"] = ", ".join(_names(kw)) if isinstance(kw, list) else _text(kw)
    return out


# The "written by" line WordPress SEO plugins put in the share-card tags, in the page's language:
# `twitter:label1 = Ditulis oleh`, `twitter:data1 = Nama`, or `twitter:misc:Written by = Nama`.
WRITTEN_BY = {"written by", "ditulis oleh", "penulis", "geschrieben von", "verfasst von", "escrito por",
              "écrit par", "ecrit par", "geschreven door", "scritto da", "skrevet av", "yazan"}
_CARD_LABEL = re.compile(r"^twitter:(label|data)(\d)$")


def meta_tag_metadata(tree: LexborHTMLParser) -> dict[str, Any]:
    """Fields of OpenGraph, article:*, Dublin Core, share-card and Indonesian CMS meta tags."""
    found: dict[str, tuple[int, Any]] = {}
    authors: list[str] = []
    card: dict[tuple[str, str], str] = {}
    for node in tree.css("meta"):
        attrs = node.attributes
        name = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").strip().lower()
        content = (attrs.get("content") or "").strip()
        m = _CARD_LABEL.match(name)
        if m and content:
            card[(m.group(1), m.group(2))] = content
            continue
        if name.startswith("twitter:misc:") and name[13:].strip() in WRITTEN_BY and content:
            card[("label", "misc")], card[("data", "misc")] = "written by", content
            continue
        fld = _META_INDEX.get(name)
        if not fld or not content:
            continue
        if fld == "authors":
            if not content.startswith("http") and content not in authors:
                authors.append(content)
            continue
        rank = _RANK[name]
        if fld not in found or rank < found[fld][0]:
            found[fld] = (rank, content)
    for (kind, n), label in card.items():
        data = card.get(("data", n))
        if kind == "label" and data and label.strip().lower() in WRITTEN_BY and data not in authors:
            authors.append(data)
    out = {fld: v for fld, (_, v) in found.items()}
    if authors:
        out["authors"] = authors
    if out.get("publisher", "").startswith("http"):
        del out["publisher"]
    return out


def head_metadata(tree: LexborHTMLParser) -> dict[str, Any]:
    """All head metadata of a page: {"jsonld": {...}, "meta": {...}, "time": ..., "title": ..., "url": ...}.

    Kept by source so that the caller can say where a value came from."""
    out: dict[str, Any] = {}
    ld = jsonld_metadata(tree)
    if ld:
        out["jsonld"] = ld
    meta = meta_tag_metadata(tree)
    if meta:
        out["meta"] = meta
    node = tree.css_first("time[datetime]")
    if node is not None:
        dt = (node.attributes.get("datetime") or "").strip()
        if dt:
            out["time"] = dt
    node = tree.css_first("title")
    if node is not None:
        title = " ".join((node.text() or "").split())
        if title:
            out["title"] = title
    node = tree.css_first('link[rel="canonical"]')
    url = (node.attributes.get("href") or "").strip() if node is not None else ""
    url = url or ld.get("url") or meta.get("url") or ""
    if url.startswith("http"):
        out["url"] = url
    return out
