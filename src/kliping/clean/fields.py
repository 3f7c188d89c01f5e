"""Article fields from a page's lines and their roles."""
from __future__ import annotations

import hashlib
from datetime import date
import re

import ahocorasick

from ..model import Article, Document, Line
from . import cues
from .bylines import bare_full_name, names_from_page, page_lexicon
from .dates import date_from_url, find_dates, parse_date_line
from .lines import is_word_char, normalise
from .outlet import outlet_from_text, outlet_from_url
from .pagekind import is_listing_page

# The scraper behind some dev pages glued " date 2025-11-29" before the first line.
SCRAPER_DATE_PREFIX = re.compile(r"^\s*date (\d{4}-\d\d(?:-\d\d)?)\s+")
_READ_ALSO = re.compile(r"^[\s(\[•·*\-–]*(?:baca(?:\s+juga)?|lihat\s+juga|simak\s+juga|read\s+also|read\s+more)\s*[:：\-–]?\s*", re.I)
_SOURCE_PREFIX = re.compile(r"^\s*(?:sumber|source)\s*[:：]?\s*", re.I)
_CREDIT_IN_CAPTION = re.compile(
    r"(?:\(|\[|[-–—|]\s*|^|\s)(?:foto|photo|dok(?:umentasi)?\.?|sumber(?:\s+foto)?|image|gambar|kredit)\s*[:：]?\s*([^()\[\]]{2,80}?)\s*(?:\)|\]|$)",
    re.I,
)
_TRAILING_PAREN = re.compile(r"\(([^()]*[A-Za-z][^()]*/[^()]*[A-Za-z][^()]*)\)\s*\.?\s*$")
_NOT_CREDIT = re.compile(r"^(?:tag|tags|topik|laporan|related|baca|lihat|berita|artikel|simak|share|bagikan|penulis|editor|reporter|pewarta|oleh|by)\b|\d{1,2}/\d{1,2}/\d{2,4}", re.I)
_LEADING_CREDIT = re.compile(r"^([A-Z0-9][A-Z0-9 .]*\.(?:COM|CO\.ID|ID|CO)(?:\s*/\s*[A-Z][A-Z .'-]+)?)\b")
_DATELINE_CITY = re.compile(
    r"^\s*(?:(?P<city1>[A-Z][A-Za-z.'’]*(?:\s+[A-Z][A-Za-z.'’]*){0,3})\s*,\s*[\w.-]*\.(?i:com|co|id|net|tv)[\w.]*\s*[-–—]"
    r"|[\w.-]*\.(?i:com|co|id|net|tv)[\w.]*\s*,\s*(?P<city2>[A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+){0,2})\s*[-–—]"
    r"|(?P<city3>[A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+){0,2})\s*\((?:ANTARA|Antara|ANTARA News)\)\s*[-–—]"
    r"|(?P<city4>[A-Z]{3,}(?:\s+[A-Z]{3,}){0,2})\s*[-–—]\s)"
)
_ANTARA_CREDIT = re.compile(r"\((?:Antara|ANTARA)(?: News)?\)|(?:lansir|kutip|dikutip dari|mengutip|melansir|dari|sumber\s*:)\s+Antara\b|\bAntara(?:News| News| Foto)\b")
_WORDS = re.compile(r"[^\W\d_]{2,}")
_AGENCY_NAMES = ("Reuters", "REUTERS", "AFP", "AP", "Associated Press", "ANTARA", "Yonhap", "YONHAP", "Xinhua",
                 "XINHUA", "Bernama", "BERNAMA", "Kyodo", "Anadolu", "DPA", "EFE", "Bloomberg", "Sputnik", "TASS",
                 "NHK", "Al Jazeera", "CNN", "BBC")
# The names as printed (case-sensitive), found by one Aho-Corasick pass (pyahocorasick) with the
# word boundaries checked per hit: the regex alternation with a look-behind tried every position
# of the body (~55 us a page, 5 % of a page's extraction).
_AGENCY_AC = ahocorasick.Automaton()
for _name in _AGENCY_NAMES:
    _AGENCY_AC.add_word(_name, _name)
_AGENCY_AC.make_automaton()


def agency_names(text: str) -> list[str]:
    """Agency names as printed in `text`, in order, where they stand as words
    (no word character or `.` before, no word character after)."""
    found: list[str] = []
    last_end = -1
    for end, name in _AGENCY_AC.iter(text):
        start = end - len(name) + 1
        if start <= last_end:
            continue  # overlaps the previous hit (names share no prefix that could make it matter)
        if start and (is_word_char(text[start - 1]) or text[start - 1] == "."):
            continue
        if end + 1 < len(text) and is_word_char(text[end + 1]):
            continue
        found.append(name)
        last_end = end
    return found


def strip_scraper_prefix(text: str) -> str:
    """`text` without the scraper's " date 2025-11-29" stamp; a normalised line has no leading
    space, so only one that starts with "date " can carry it (the test saves a regex call a line)."""
    if not text.lstrip().startswith("date "):
        return text
    return SCRAPER_DATE_PREFIX.sub("", text, count=1)


def build_article(doc: Document, lines: list[Line], lang: str | None) -> Article:
    by_role: dict[str, list[str]] = {}
    texts = [normalise(ln.text) for ln in lines]
    for ln, text in zip(lines, texts):
        by_role.setdefault(ln.role, []).append(strip_scraper_prefix(text))
    outlet = outlet_from_url(doc.url) or outlet_from_text(texts)
    body = by_role.get("body", [])
    title = by_role["title"][0] if by_role.get("title") else (normalise(doc.title_hint) if doc.title_hint else None)
    published, updated = _times(doc, lines)
    published, url_note = _against_url_date(published, doc.url)
    authors, editors = names_from_page(_byline_view(texts, [ln.role for ln in lines], _headline_lines(doc, texts)))
    if not authors:
        signed = _signed_off(texts, lines)
        if signed is not None:
            authors = [texts[signed]]
            lines[signed].role = "byline"
            body = [strip_scraper_prefix(t) for ln, t in zip(lines, texts) if ln.role == "body"]
    captions, credits = _captions(by_role.get("caption", []), body)
    art = Article(
        id=doc.id, url=doc.url, outlet=outlet, kind=_kind(doc, by_role), lang=lang,
        title=title or None,
        deck=" ".join(by_role["deck"]) if by_role.get("deck") else None,
        published=published, updated=updated, authors=authors, editors=editors,
        category=by_role["category"][0] if by_role.get("category") else None,
        dateline=_dateline(body),
        agencies=_agencies(body, by_role.get("source", []), outlet),
        credits=credits,
        related_links=[t for t in (_READ_ALSO.sub("", x).strip(" :-–") for x in by_role.get("related", [])) if len(t) > 3],
        body=body, captions=captions,
        sources=[t for t in (_SOURCE_PREFIX.sub("", x).strip() for x in by_role.get("source", [])) if t],
        source=doc.source, lines=lines,
    )
    if url_note:
        art.provenance["published"] = url_note
    if art.kind == "listing":  # the names on a list of posts are each post's, not the page's
        art.authors, art.editors = [], []
    if "#lossy-decode" in doc.source:
        art.flags.append("lossy_decode")
    if art.kind == "article" and not body:
        art.flags.append("no_body")
    art.content_hash = body_hash(body)
    return art


def body_hash(body: list[str]) -> str:
    """The exact-duplicate key of a body ("" for none)."""
    return hashlib.sha1("\n".join(body).lower().encode()).hexdigest() if body else ""


_LABEL_ALONE = re.compile(r"^(?:penulis|reporter|editor|pewarta|penyunting|redaktur|oleh)\s*:?$", re.I)
# at the line's start, or after a " | " that parts it from a date (`Do 25.04.24 | 14:07 Uhr | Von Eva Kirchner`)
_LABELLED_NAME = re.compile(r"^(?:[^|]{0,40}\|\s*){0,3}(?:(?:penulis|reporter|editor|pewarta|penyunting|redaktur|autor|autorin)\s*:\s*"
                            r"|(?:oleh|by|von)\s+(?-i:[A-Z]))", re.I)
_NAME_DASH_DESK = re.compile(r"^[A-Z][\w'.]+(?:\s+[A-Z][\w'.]+){1,3}\s+[-–]\s+\S+(?:\s\S+)?$")
_BARE_NAME = re.compile(r"^[A-Z][\w'.]+(?:\s+[A-Z][\w'.]+){1,3}$")
BYLINE_ZONE = 12  # bylines sit near the top; past this a name-shaped line is something else
UNDER_TITLE = 4   # ... or just under the headline
ABOVE_BODY = 2    # ... or just above the body's start (or open it: "Von Anna Sleegers, Frankfurt")


_NAME_BAR_DATE = re.compile(r"^[A-Z][\w'.]+(?:\s+[A-Z][\w'.]+){1,3}\s*\|\s*\d")


def _near_date(texts: list[str], i: int) -> bool:
    """The line is, or sits next to (past a second name line), a short line that gives a date."""
    for j in (i, i - 1, i + 1, i + 2):
        if 0 <= j < len(texts) and len(texts[j]) <= 80 and find_dates(texts[j]):
            if j == i + 2 and not _BARE_NAME.match(texts[i + 1]):
                continue
            return j != i or bool(_NAME_BAR_DATE.match(texts[i]))
    return False


SIGN_OFF_MIN_BODY = 3


def _signed_off(texts: list[str], lines: list[Line]) -> int | None:
    """The line index of a reporter's name closing the body on a line of its own (`... xạ trị.` /
    `Lê Phương`): the last body line, a bare full name of two or three words; None when the body
    does not end so."""
    body = [i for i, ln in enumerate(lines) if ln.role == "body"]
    if len(body) < SIGN_OFF_MIN_BODY:
        return None
    lexicon = page_lexicon(texts[i] for i in body[:-1])
    return body[-1] if bare_full_name(texts[body[-1]], lexicon, most_words=3) else None


def _headline_lines(doc: Document, texts: list[str]) -> list[int]:
    """Lines that print the page's headline, for an HTML page: its first `<h1>`s, and the first line
    holding the head's headline (a page may print it in an `<h2>` or a `<div>`)."""
    found: list[int] = []
    if doc.html_lines is not None and len(doc.html_lines) == len(texts):
        found = [i for i, h in enumerate(doc.html_lines) if h.tag == "h1"][:2]
    meta = doc.head_meta or {}
    for src in ("jsonld", "meta"):
        head = (meta.get(src) or {}).get("title")
        if not isinstance(head, str):
            continue
        key = _title_key(head)
        if len(key) >= 12:
            at = next((i for i, t in enumerate(texts) if len(t) <= 2 * len(head) + 40 and key in _title_key(t)), -1)
            if at >= 0 and at not in found:
                found.append(at)
            break
    return found


def _title_key(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


def _byline_view(texts: list[str], roles: list[str], h1: list[int] | None = None) -> list[tuple[str, str]]:
    """(text, role) pairs for the byline parser, with unmistakable byline lines the model
    missed given back their role: `Penulis: X`, `Von X`, `X - detikTravel`, a bare name next to
    a lone `Penulis` / `Reporter` label. Looked for in
    the page's first lines and around the headline and the body's start (on an HTML page the
    headline may sit hundreds of lines down, under the menus, and its `<h1>` lines, `h1`, mark it
    where the model gave no line the title role). The line-role output itself is not changed."""
    view = list(zip(texts, roles))
    title = roles.index("title") if "title" in roles else -1
    heads = ([title] if title >= 0 else []) + [h for h in h1 or [] if h != title]
    lexicon: frozenset[str] | None = None
    first_body = roles.index("body") if "body" in roles else -1
    for i, (text, role) in enumerate(view):
        if role in ("byline", "datetime", "source", "title") or len(text) > 80:
            continue
        under_title = any(0 < i - h <= UNDER_TITLE for h in heads)
        if not (i < BYLINE_ZONE or under_title or (first_body >= 0 and 0 <= first_body - i <= ABOVE_BODY)):
            continue
        near_label = any(0 <= j < len(texts) and _LABEL_ALONE.match(texts[j]) for j in (i - 1, i + 1))
        if _LABELLED_NAME.match(text) or _NAME_DASH_DESK.match(text) or (near_label and _BARE_NAME.match(text)) \
                or (_LABEL_ALONE.match(text) and role != "body"):
            view[i] = (text, "byline")
        elif (under_title or (first_body >= 0 and 0 <= first_body - i <= ABOVE_BODY)) and _near_date(texts, i):
            # a reporter's name alone on a line under the headline, beside the date line (`Nathaniel
            # Flakin` / `06.01.2026, Lesezeit 5 Min.`), or before the date on one line (`Sehernur Karsu |
            # 05.04.2025`): unlabelled, so it counts only where no labelled author is found
            if lexicon is None:
                lexicon = page_lexicon(t for t, r in zip(texts, roles) if r == "body")
            # no label word in it, no word the page writes in lower case (a kicker, `Protes Sistem Zonasi`)
            # and no acronym (`Protes PPDB`)
            if _BARE_NAME.match(text) and bare_full_name(text, lexicon):
                view[i] = (text, "byline")
            elif _NAME_BAR_DATE.match(text):
                view[i] = (text, "datetime")
    return view


def _times(doc: Document, lines: list[Line]) -> tuple[str | None, str | None]:
    published = updated = None
    for ln in lines:
        if ln.role != "datetime":
            continue
        p, u = parse_date_line(normalise(ln.text))
        published = published or p
        updated = updated or u
        if published and updated:
            break
    if published is None:
        # a date stamp the model read as a byline or category line ("Politik | 26 Februari 2021")
        for ln in lines:
            if ln.role in ("byline", "category", "source") and find_dates(ln.text):
                published = parse_date_line(normalise(ln.text))[0]
                if published:
                    break
    if published is None:
        published = date_from_url(doc.url)
    if published is None and doc.date:
        hits = find_dates(doc.date)
        published = hits[0].value if hits else None
    if published is None and lines:
        m = SCRAPER_DATE_PREFIX.match(lines[0].text)
        if m and len(m.group(1)) == 10:
            published = m.group(1)
    if updated == published:
        updated = None
    return published, updated


URL_DATE_SLACK = 2  # days a page may go out after the date its URL was made with


def _against_url_date(published: str | None, url: str | None) -> tuple[str | None, dict | None]:
    """The publication time, checked against the URL's date: a printed date days after it is the
    site's "today" stamp (the day the page was scraped) or a later edit, not the publication, so the
    URL's date wins and both are kept in provenance."""
    if not published:
        return published, None
    day = date_from_url(url)
    if not day:
        return published, None
    try:
        gap = (date.fromisoformat(published[:10]) - date.fromisoformat(day[:10])).days
    except ValueError:
        return published, None
    if gap > URL_DATE_SLACK:
        return day, {"text": published, "url": day, "used": "url"}
    return published, None


def _captions(lines: list[str], body: list[str]) -> tuple[list[str], list[str]]:
    """Caption texts and the photo credits printed in or as them."""
    captions: list[str] = []
    credits: list[str] = []
    for text in lines:
        credit = None
        m = _CREDIT_IN_CAPTION.search(text)
        if m:
            credit = m.group(1).strip(" .:-")
        elif (m := _TRAILING_PAREN.search(text)):
            credit = m.group(1).strip()
        elif (m := _LEADING_CREDIT.match(text)):
            credit = m.group(1).strip()
        words = text.split()
        if credit is None and len(words) <= 6 and not text.endswith("."):
            credit = text  # a credit alone on its line: "Istimewa", "BPBD Kota Semarang"
        if credit and _NOT_CREDIT.search(credit):
            credit = None
        if credit and credit not in credits:
            credits.append(credit)
        rest = text.replace(credit, "") if credit else text
        if len(_WORDS.findall(rest)) >= 3:  # more than a "Foto:" label around the credit
            captions.append(text)
    return captions, credits


def _dateline(body: list[str]) -> str | None:
    for text in body[:3]:
        m = _DATELINE_CITY.match(text)
        if m:
            city = next(g for g in m.groups() if g)
            return city.title() if city.isupper() else city
    return None


def _agencies(body: list[str], sources: list[str], outlet: str | None) -> list[str]:
    text = "\n".join([*sources, *body])  # one scan of the page, not one per line
    found: list[str] = []
    for printed in agency_names(text):
        name = cues.AGENCIES.get(printed.lower(), printed)
        if name not in found:
            found.append(name)
    # every form of the credit prints "Antara" or "ANTARA"; the common word "antara" (between) does not
    if "Antara" not in found and ("Antara" in text or "ANTARA" in text) and _ANTARA_CREDIT.search(text):
        found.append("Antara")
    if outlet and "antaranews" in outlet and "Antara" in found:
        found.remove("Antara")  # an outlet does not credit itself as a wire
    return found


def _kind(doc: Document, by_role: dict[str, list[str]]) -> str:
    if by_role.get("body"):
        return "article"
    lines = sum(len(v) for v in by_role.values())
    # a tag page that is only its name is not a listing of stories (dev labelling convention)
    if (is_listing_page(doc.url, doc.head_meta) and lines >= 3) or len(by_role.get("boilerplate", [])) >= 5:
        return "listing"
    return "other"
