"""The headline as the outlet printed it: the site's name taken off, the printed punctuation kept.

Pages put their own name around the headline in `<title>`, `og:title` and even the text's title
line (`... - Kompas.com`, `... | Republika Online`, `KapanLagi.com: ...`, `... | DW | 28.04.2023`),
and some double-escape it in meta tags (`&quot;`, `&#8216;`). Hand-written: the site's names come
from the page itself (`og:site_name`, JSON-LD publisher, the URL's host), which no extraction
library combines this way for Indonesian hosts (`Kompas.com Regional` under `regional.kompas.com`).
"""
from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from .lines import normalise
from .outlet import registered_domain

# Separators between a headline and the site's name or section; a hyphen inside a word is none.
_SEPARATOR = re.compile(r"\s+(?:\||-|–|—|::|·|•|»|/)\s+")
_LEADING_SITE = re.compile(r"^([^:|]{2,40}?)\s*[:|]\s+(?=\S)")
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_ENTITY = re.compile(r"&(?:#\d{2,6}|#x[0-9a-fA-F]{2,5}|[A-Za-z]{2,8});")
_KEY = re.compile(r"[\W_]+")
_DATE_PART = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$")
# Host labels that name no site: generic second-level and section labels.
_GENERIC_LABELS = {"www", "m", "amp", "com", "co", "id", "net", "org", "or", "go", "ac", "news", "web", "tv", "my",
                   "de", "uk", "en", "mobile", "online", "www2"}
MIN_HEADLINE_WORDS = 2


def clean_title(text: str | None) -> str | None:
    """A title with HTML entities left escaped in meta tags decoded and invisible characters
    (soft hyphens, zero-width spaces) removed, whitespace normalised."""
    if not text:
        return None
    if _ENTITY.search(text):
        text = html.unescape(text)
    text = normalise(_INVISIBLE.sub("", text))
    return text or None


def _key(text: str) -> str:
    return _KEY.sub("", text.lower())


def site_keys(url: str | None, names: list[str]) -> set[str]:
    """Keys a site's own name may take: each name given (og:site_name, publisher, outlet) and the
    distinctive labels of the URL's host (`kompas` of regional.kompas.com, `golem` of golem.de)."""
    keys = {_key(n) for n in names if n and len(_key(n)) >= 2}
    host = ""
    try:
        host = (urlsplit(url).hostname or "") if url else ""
    except ValueError:
        pass
    if host and "." in host:
        domain = registered_domain(host)  # kompas.com of regional.kompas.com, orf.at of orf.at
        keys.add(_key(domain))
        if domain.split(".")[0] not in _GENERIC_LABELS:
            keys.add(_key(domain.split(".")[0]))
    return {k for k in keys if len(k) >= 2}


def _is_site(part: str, keys: set[str]) -> bool:
    """A title segment that names the site: its key is a site key, starts with one (`Kompas.com
    Regional`, `kompascom`), or is a site name that starts with it (`DW` of `DW.com`); or a date."""
    k = _key(part)
    if not k:
        return True
    if _DATE_PART.match(part.strip()):
        return True
    words = len(part.split())
    for s in keys:
        if k == s or (len(s) >= 3 and k.startswith(s) and words <= 4) or (len(k) >= 2 and s.startswith(k) and words <= 2):
            return True
    return False


def strip_site_name(title: str, keys: set[str]) -> str:
    """The title without leading or trailing segments that name the site (or print a date); the
    headline itself is never cut below MIN_HEADLINE_WORDS words."""
    if not keys:
        return title
    parts = _SEPARATOR.split(title)
    seps = _SEPARATOR.findall(title)
    lo, hi = 0, len(parts)
    while hi - lo > 1 and _is_site(parts[hi - 1], keys):
        hi -= 1
    while hi - lo > 1 and _is_site(parts[lo], keys):
        lo += 1
    if (lo, hi) != (0, len(parts)):
        kept = parts[lo]
        for i in range(lo + 1, hi):
            kept += seps[i - 1] + parts[i]
        if len(kept.split()) >= MIN_HEADLINE_WORDS:
            title = kept
    m = _LEADING_SITE.match(title)
    if m and _is_site(m.group(1), keys) and len(title[m.end():].split()) >= MIN_HEADLINE_WORDS:
        title = title[m.end():]
    return title


def part_of(printed: str, head: str) -> bool:
    """The printed headline is the head title with separator-delimited segments (a section, a
    site name) added before or after it."""
    if printed == head or printed not in head:
        return False
    parts = _SEPARATOR.split(head)
    for lo in range(len(parts)):
        for hi in range(lo + 1, len(parts) + 1):
            if (lo, hi) != (0, len(parts)) and _SEPARATOR.split(printed) == parts[lo:hi]:
                return True
    return False


_MARK = re.compile(r"[^\w\s]")


def _marks(text: str) -> tuple[int, int]:
    """How much of a headline's punctuation and spacing a form keeps: its marks, then its spaces."""
    return len(_MARK.findall(text)), text.count(" ")


def choose_headline(head: str | None, printed: list[str], keys: set[str]) -> str | None:
    """The headline from the head's title and the printed title lines (the text's title line, the
    `<h1>`s): a printed line the head title agrees with wins; so does one the head title holds with
    a section or site name around it. Else the head title without the site's name."""
    head = clean_title(head)
    lines = [strip_site_name(t, keys) for t in (clean_title(p) for p in printed) if t]
    if head is None:
        return lines[0] if lines else None
    bare = strip_site_name(head, keys)
    for line in lines:
        if _key(line) == _key(bare) or _key(line) == _key(head):
            # the printed form, its punctuation and case; unless the head's form of the same words keeps
            # more of it: an <h1> that prints its kicker and headline as two elements joins them without
            # the separator the head keeps (`Ausschuss zur Ahrtal-Flut Zwei Rücktritte` beside
            # `Ausschuss zur Ahrtal-Flut: Zwei Rücktritte`, `Nationale DemoDer 9. Juli`)
            same = bare if _key(line) == _key(bare) else head
            return same if _marks(same) > _marks(line) else line
    for line in lines:
        if len(line.split()) >= MIN_HEADLINE_WORDS and (part_of(line, head) or part_of(line, bare)):
            return line
    return bare
