"""Head metadata over text-found fields: where the page head (JSON-LD, meta tags, <time>)
gives a valid title, dates, authors or section, it wins; where it and the lines disagree,
the article records both in `provenance`."""
from __future__ import annotations

import re
from typing import Any

from ..model import Article, Document
from .bylines import _OFFICE, _OUTLET_TOKEN_RE, bare_full_name, page_lexicon
from .cues import AGENCIES
from .dates import find_dates
from .headbody import complete_body
from .headline import _is_site, choose_headline, site_keys
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


def _date_in_title_suffix(meta: dict[str, Any], headline: str | None) -> str | None:
    """The day a page's <title> or og:title prints after its headline (`Ziele, Chancen, Risiken | DW |
    28.04.2023`), where one day is there: the page's own date stamp. A date inside the headline is
    the news's, not the page's, and is not read."""
    days: set[str] = set()
    for title in (meta.get("title"), (meta.get("meta") or {}).get("title"), (meta.get("jsonld") or {}).get("title")):
        if not isinstance(title, str):
            continue
        rest = normalise(title)
        if headline:
            at = rest.find(headline)
            if at < 0:
                continue  # the headline is not in it: no telling which part is the site's
            rest = rest[:at] + " | " + rest[at + len(headline):]
        days |= {h.value[:10] for h in find_dates(rest) if len(h.value) >= 10}
    return days.pop() if len(days) == 1 else None


# Several people in one meta value: "A and B", "A und B", "A dan B", "A & B", "A; B".
_JOIN = re.compile(r"\s*(?:;|&|\band\b|\bund\b|\bdan\b|\bog\b|\bet\b|\by\b)\s*", re.I)
_INITIALS = re.compile(r"\s*\(\s*[a-z]{1,5}\.?\s*\)$")  # "Elena Oberholzer (obe)", "Corina Gall (cog.)": desk initials
# "Basu, Mohana": a catalogue's surname-first form (dc.creator, citation_author), printed "Mohana Basu"
_SURNAME_FIRST = re.compile(r"^(?P<last>[^\W\d_][\w'’-]+),\s*(?P<first>[^\W\d_][\w'’.-]*(?:\s[^\W\d_][\w'’.-]*)?)$")
_SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)+$")  # "sophie-foster": a profile slug, not the name
_NOT_PERSON = re.compile(r"\b(?:image|images|foto|photo|getty|istock|shutterstock|redaksi|admin|team|desk|staff|"
                         r"newsroom|online|digital|nachrichten|news|media|group)\b|\btim\b(?!\s(?-i:[A-Z])[a-z]+$)", re.I)
# "Tim" is a desk in Indonesian (`Tim Redaksi`, `Tim detikcom`) and a first name in English (`Tim Hanlon`):
# "Tim" and one capitalised word is a person unless that word is an office or the site (checked in _names).
_TIM_DESK = re.compile(r"^tim\s(\S+)$", re.I)
# A Korean byline's job word after the name (`신현주 기자`: reporter; `특파원`: correspondent)
_KO_JOB = re.compile(r"\s+(?:기자|특파원|선임기자|객원기자)$")


# A name followed by what the person is ("Jane Doe, senior correspondent", "A B, profesor universitas
# ..."): two to four capitalised words, a comma, then a description with a lower-case word in it.
_DESCRIBED = re.compile(r"^(?P<name>[^\W\d_][\w'’.-]*(?:\s[^\W\d_][\w'’.-]*){1,3}),\s+(?P<what>[^,\d]+)(?:,[^\d]*)?$")


def _name_parts(v: str) -> list[str]:
    """One meta author value as the names it holds: joined names split when every part reads as a
    name of one to four words, else the value as it is."""
    v = v.strip()
    described = _DESCRIBED.match(v)
    if described and len(described["what"]) >= 12 and any(w[:1].islower() for w in described["what"].split()):
        return [described["name"]]   # "Povilas Aleksandravičius, Mykolo Romerio universiteto ... profesorius, Lrt.lt"
    if len(v) > MAX_NAME or _JOIN.search(v) or "," in v:
        parts = [p for p in re.split(r"\s*,\s*|" + _JOIN.pattern, v) if p and p.strip()]
        # "Brazil, Rachel" (surname first) is one person; "Samya Kullab, Vasilisa Stepanenko" two
        if len(parts) > 1 and all(1 <= len(p.split()) <= 4 for p in parts) and \
                (_JOIN.search(v) or any(len(p.split()) > 1 for p in parts)):
            return parts
    return [v]


def _names(value: Any, keys: set[str], publisher: str | None = None) -> list[str]:
    """Head author values that are people: the publisher, the site's own name (`mdr.de`, `LTO`),
    profile slugs and photo credits left out; desk initials after a name dropped."""
    raw = value if isinstance(value, list) else [value]
    out: list[str] = []
    for v in raw:
        if not isinstance(v, str):
            continue
        for name in _name_parts(v):
            name = _KO_JOB.sub("", _INITIALS.sub("", normalise(name)))
            desk = _TIM_DESK.match(name)
            if desk and (desk[1].lower() in _OFFICE or _OUTLET_TOKEN_RE.match(desk[1]) or _is_site(desk[1], keys)):
                continue
            flipped = _SURNAME_FIRST.match(name)
            if flipped:
                name = f"{flipped['first']} {flipped['last']}"
            if (2 <= len(name) <= MAX_NAME and not _NOT_A_NAME.search(name) and name not in out
                    and not _same_text(name, publisher) and any(c.isalpha() for c in name)
                    and not _SLUG.match(name) and not _NOT_PERSON.search(name) and not _is_site(name, keys)
                    and len(name.split()) <= 5 and not any(c.isdigit() for c in name)
                    and name.lower() not in AGENCIES):
                out.append(name)
    return out


def _fuller_byline(head: list[str], text: list[str], lines: list[str]) -> bool:
    """One printed byline line names everyone the head names and more people, each by a full name
    (`von Till Eckert, Max Bernhard, Martin Murphy` beside a head with Till Eckert alone); a
    one-word extra (`Von Anna Sleegers, Frankfurt`: the dateline's city) does not count, nor names
    gathered from several lines (a teaser's byline under another headline)."""
    low = {n.lower() for n in text}
    extra = [n for n in text if n.lower() not in {h.lower() for h in head}]
    if not extra or not all(h.lower() in low for h in head) or not all(len(n.split()) >= 2 for n in extra):
        return False
    return any(len(t) <= 200 and all(n in t for n in text) for t in lines)


COAUTHOR_RUN = 4


def _with_printed_coauthors(authors: list[str], article: Article) -> list[str]:
    """The head's authors with the reporters the page prints beside them, one bare name a line
    (`Ingrid Treborg` / `Marlene Lundberg Holm` under a headline whose JSON-LD names only the second):
    a run of at most four lines above the body, each a full name, one of them a head author."""
    if not authors or not article.lines:
        return authors
    first_body = next((i for i, ln in enumerate(article.lines) if ln.role == "body"), len(article.lines))
    texts = [normalise(ln.text) for ln in article.lines[:first_body]]
    wanted = {a.lower() for a in authors}
    for i, text in enumerate(texts):
        if text.lower() not in wanted:
            continue
        lexicon = page_lexicon(normalise(ln.text) for ln in article.lines if ln.role == "body")
        lo = hi = i
        while lo > 0 and bare_full_name(texts[lo - 1], lexicon):
            lo -= 1
        while hi + 1 < first_body and bare_full_name(texts[hi + 1], lexicon):
            hi += 1
        if hi == lo or hi - lo + 1 > COAUTHOR_RUN:
            return authors
        run = texts[lo:hi + 1]
        return run if all(a in run for a in authors) else authors
    return authors


def _settle(article: Article, name: str, head: Any, head_src: str, agree: bool) -> None:
    text = getattr(article, name)
    if head in (None, "", []):
        return
    if text not in (None, "", []) and not agree:
        article.provenance[name] = {"head": head, "head_source": head_src, "text": text, "used": "head"}
    setattr(article, name, head)


def _h1_lines(doc: Document, most: int = 2) -> list[str]:
    """The text of the page's first `<h1>` lines: where pages print their headline."""
    if not doc.html_lines:
        return []
    texts = doc.text.split("\n")
    if len(texts) != len(doc.html_lines):
        return []
    return [t for t, h in zip(texts, doc.html_lines) if h.tag == "h1" and t.strip()][:most]


def apply_head_metadata(article: Article, doc: Document) -> Article:
    """Let valid head values win over the text's; record both where they disagree."""
    if doc.fetched:
        article.fetched = doc.fetched
    meta = doc.head_meta or {}
    if not meta:
        return article
    publisher = (_first(meta, "publisher") or (None, ""))[0]
    publisher = publisher if isinstance(publisher, str) else None

    sites = [v for v in ((meta.get(src) or {}).get("publisher") for src in ("jsonld", "meta")) if isinstance(v, str)]
    keys = site_keys(doc.url, sites + ([article.outlet] if article.outlet else []))
    found = _first(meta, "title")
    head = None
    if found and isinstance(found[0], str):
        head = normalise(found[0])
        if not (3 <= len(head) <= MAX_TITLE) or _same_text(head, publisher):
            head, found = None, None
    if head is None and isinstance(meta.get("title"), str):
        head, found = meta["title"], (meta["title"], "title")  # the <title> element, as a last resort
    printed = ([article.title] if article.title else []) + _h1_lines(doc)
    title = choose_headline(head, printed, keys)
    if title and found:
        _settle(article, "title", title, found[1], _same_text(title, article.title))

    for name in ("published", "updated"):
        found = _first(meta, name)
        value = _date(found[0]) if found else None
        src = found[1] if found else ""
        if value is None and name == "published" and meta.get("time"):
            value, src = _date(meta["time"]), "time"
        if value:
            current = getattr(article, name)
            _settle(article, name, value, src, bool(current) and current[:10] == value[:10])
    if article.published is None:
        day = _date_in_title_suffix(meta, article.title)
        if day:
            article.published = day
            article.provenance["published"] = {"head": day, "head_source": "title", "text": None, "used": "head"}
    if article.updated and article.updated == article.published:
        article.updated = None

    # the site's own name on the byline (`von David Straub, MDR THÜRINGEN`) is the outlet, no author
    article.authors = [a for a in article.authors if not _is_site(a, keys)]
    # the first head source that names a person: a JSON-LD author that is only the publisher
    # (`"author": "Krautreporter"`) leaves the meta tag's reporter to speak
    for source in ("jsonld", "meta"):
        names = _names((meta.get(source) or {}).get("authors"), keys, publisher)
        if names:
            agree = [n.lower() for n in names] == [n.lower() for n in article.authors]
            if _fuller_byline(names, article.authors, [normalise(ln.text) for ln in article.lines]):
                break  # a head that names only the first of the byline's reporters: the byline stays
            _settle(article, "authors", names, source, agree)
            article.authors = _with_printed_coauthors(article.authors, article)
            break

    found = _first(meta, "section")
    if found and isinstance(found[0], str):
        section = normalise(found[0])
        if 1 < len(section) <= 60:
            _settle(article, "category", section, found[1], _same_text(section, article.category))
    complete_body(article, (meta.get("jsonld") or {}).get("body"))
    return article
