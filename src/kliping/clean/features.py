"""Features of each line and its neighbours for the line-role sequence model."""
from __future__ import annotations

import re
from bisect import bisect_right
from operator import itemgetter

import ahocorasick
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable
from urllib.parse import unquote, urlsplit

from . import cues
from .lines import is_word_char, normalise

_WORD_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.U)
# The same patterns for lines that are pure ASCII (~88 % of dev lines), where they find the same
# matches: `re` tests ASCII classes faster than Unicode categories (words: 5.9 -> 3.9 us a line).
_WORD_ASCII_RE = re.compile(r"[A-Za-z]+(?:[-'][A-Za-z]+)*")
_NUMDATE_ASCII_RE = re.compile(cues.NUMDATE_RE.pattern, re.A)
_ISODATE_ASCII_RE = re.compile(cues.ISODATE_RE.pattern, re.A)
_BULLET_RE = re.compile(r"^[\s•·\-–—*>»|]+")
_SLUG_SPLIT = re.compile(r"[^a-z0-9]+")
_SENT_END_RE = re.compile(r"[.!?][\"”’')]*\s+[A-Z“\"]")


@dataclass(slots=True)
class PageContext:
    """What the model knows about a page besides its lines."""

    url: str | None = None
    # For each line: on how many other pages of the same outlet in this run it appears.
    recurrence: list[int] | None = None
    outlet_pages: int = 0


# Bucket edges and the feature strings of each bucket, made once: a table lookup per line
# instead of an f-string (a feature string is `name=bucket index`, see _bucket).
def _named(name: str, count: int) -> tuple[str, ...]:
    return tuple(f"{name}={i}" for i in range(count))


_LEN_EDGES = (4, 12, 25, 45, 80, 140, 250, 500)
_NW_EDGES = (1, 2, 3, 5, 8, 12, 20, 35, 60)
_CAPS_EDGES = (0.2, 0.5, 0.8, 0.99)
_FW_EDGES = (0.02, 0.08, 0.15, 0.25)
_SLUG_EDGES = (0.01, 0.3, 0.6, 0.85)
_DIGITS_EDGES = (0.05, 0.15, 0.3, 0.5)
_REL_EDGES = (0.1, 0.25, 0.5, 0.75, 0.9)
_RECUR_EDGES = (1, 2, 4, 10)
_RECURSHARE_EDGES = (0.1, 0.3, 0.6)
_LEN, _NW = _named("len", 9), _named("nw", 10)
_CAPS, _FW, _SLUG, _DIGITS = _named("caps", 5), _named("fw", 5), _named("slug", 5), _named("digits", 5)
_POS, _RPOS, _REL = _named("pos", 7), _named("rpos", 5), _named("rel", 6)
_RECUR, _RECURSHARE = _named("recur", 5), _named("recurshare", 4)
_PGAP = tuple(tuple(f"pgap={up}_{down}" for down in range(5)) for up in range(5))


def template_signature(recurrence: list[int], outlet_pages: int) -> bytes:
    """What the role models read of a page's outlet-template evidence, one byte a line: the
    line's recurrence bucket and, from three pages of the outlet on, its share bucket (the same
    edges as the `recur=` and `recurshare=` features). A page tagged under one template state is
    tagged alike under any other state with the same signature; the archive re-extracts a page
    only when its signature changes (archive/templates.py)."""
    if outlet_pages >= 3:
        return bytes(bisect_right(_RECUR_EDGES, r) * 5 + 1 + bisect_right(_RECURSHARE_EDGES, r / outlet_pages)
                     for r in recurrence)
    return bytes(bisect_right(_RECUR_EDGES, r) * 5 for r in recurrence)


def template_signatures(recurrence, outlet_pages: int):
    """`template_signature` of many lines of one outlet at once: recurrence a numpy integer array,
    the signature bytes as a uint8 array (the archive checks a million stored pages' signatures
    after each build; one Python call a line took seconds there)."""
    import numpy as np

    sig = np.searchsorted(np.array(_RECUR_EDGES), recurrence, side="right").astype(np.uint8) * 5
    if outlet_pages >= 3:
        sig += 1 + np.searchsorted(np.array(_RECURSHARE_EDGES), recurrence / outlet_pages,
                                   side="right").astype(np.uint8)
    return sig


def slug_overlap(words: list[str], slug: frozenset[str]) -> float:
    """Share of a line's longer words that are in the URL slug (the slug drops short words).

    words: lower-cased."""
    # slug words are longer than 2 (url_slug_words), so short words never count above the line
    lens = list(map(len, words))
    longer = len(lens) - lens.count(1) - lens.count(2)
    return sum(map(slug.__contains__, words)) / longer if longer else 0.0


def _bucket(value: float, edges: tuple[float, ...]) -> int:
    """Index of the first edge above value (len(edges) if none)."""
    return bisect_right(edges, value)


@lru_cache(maxsize=256)  # the features and the title rule of one page both ask
def url_path(url: str) -> str:
    """The URL's path; "" for a URL that cannot be split (an unclosed "[" in its host)."""
    try:
        return urlsplit(url).path
    except ValueError:
        return ""


def url_slug_words(url: str | None) -> frozenset[str]:
    if not url:
        return frozenset()
    path = unquote(url_path(url)).lower()
    return frozenset(w for w in _SLUG_SPLIT.split(path) if len(w) > 2 and not w.isdigit())


_LIST_ITEM = re.compile(r"^(?:\d{1,2}[.)]\s|[-•·*▪►]\s?\S|[a-z][.)]\s)")
_DATELINE_ALONE = re.compile(r"^[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,3}\s*[-–—:]$")
_PAREN_NAME = re.compile(r"^\(\s*[A-Z][\w'.]+(?:\s+[A-Z][\w'.]*){0,3}\s*\)\.?$")
_END_DATE_PAREN = re.compile(r"\(\d{1,2}/\d{1,2}(?:/\d{2,4})?\)[.)]*\s*$")
_END_CREDIT = re.compile(r"\([^()]{2,60}/[^()]{2,60}\)\.?\s*$|(?:foto|photo|dok)\s*[:.]\s*[^.]{2,60}\)?\.?\s*$", re.I)
_SCRAPER_PREFIX = re.compile(r"^\s*date \d{4}-\d\d(?:-\d\d)?\s+")


_DIGIT_RE = re.compile(r"\d")
# One anchored alternation in cue order finds the first matching prefix, as a loop would.
_PREFIX_RE = re.compile("|".join(re.escape(p) for p, _ in cues.PREFIX_CUES))
_PREFIX_TAG: dict[str, str] = {}
for _p, _t in cues.PREFIX_CUES:
    _PREFIX_TAG.setdefault(_p, _t)
# All keyword needles in one Aho-Corasick automaton (pyahocorasick): a single pass
# over the line finds every needle, overlapping ones included, where a regex
# alternation of ~90 literals costs ~10 us a line.
_CONTAINS = ahocorasick.Automaton()
for _n, _t in cues.CONTAINS_CUES:
    if _n not in _CONTAINS:
        _CONTAINS.add_word(_n, "has=" + _t)
_CONTAINS.make_automaton()
_PHOTO_WORDS = frozenset("foto photo ilustrasi dok dokumentasi istimewa getty shutterstock image gambar video".split())
_NAV_OR_SECTION = cues.SECTION_WORDS | cues.NAV_WORDS
# case-insensitive alternations are slow in `re`: the same patterns on the lower-cased line
# what a line two away still tells about this one
_FAR_KEEP = ("len=", "end=", "prose", "date", "pre=", "listitem", "slug=", "menu", "headlike")
_ZONE_HINTS = ("WI", "KST", "GMT", "UTC", "WEST", "MYT")
_ZONE_HINT_RE = re.compile("|".join(_ZONE_HINTS))  # one C-level scan instead of six substring tests
# Day and month names as whole words of the lower-cased line: one Aho-Corasick pass and a
# word-boundary check per hit decide what `\b(?:senin|...)\b` searches decide, at a fifth of
# the cost (an alternation behind `\b` makes `re` try every position of the line).
_CALENDAR_AC = ahocorasick.Automaton()
for _w in {*cues.DAYS, *cues.MONTHS}:
    _CALENDAR_AC.add_word(_w, (len(_w), _w in cues.DAYS, _w in cues.MONTHS))
_CALENDAR_AC.make_automaton()
# YEAR_RE without its leading \b: a literal prefix `re` can skip to; the boundary is checked per hit
_YEAR_TAIL = re.compile(r"(?:19|20)\d\d\b")


def calendar_words(low: str) -> tuple[bool, bool]:
    """(a day name, a month name) standing as a whole word in `low`, as cues.DAY_RE and
    cues.MONTH_RE would find them in the lower-cased line."""
    day = month = False
    last = len(low) - 1
    for end, (length, is_day, is_month) in _CALENDAR_AC.iter(low):
        if (is_day and not day) or (is_month and not month):
            start = end - length + 1
            if (start == 0 or not is_word_char(low[start - 1])) and (end == last or not is_word_char(low[end + 1])):
                day, month = day or is_day, month or is_month
                if day and month:
                    break
    return day, month


def has_year(text: str) -> bool:
    """cues.YEAR_RE.search(text): a year 19xx/20xx standing alone. A hit of _YEAR_TAIL that
    starts inside an earlier one follows a digit, so checking non-overlapping hits is enough."""
    for m in _YEAR_TAIL.finditer(text):
        s = m.start()
        if s == 0 or not is_word_char(text[s - 1]):
            return True
    return False


# Line features a role model may weigh or not, by family: (family, the feature strings it gives).
# A model that weighs none of a family's strings, as a line's own or a neighbour's ("-1:menu"),
# has the family left out when it tags: crfsuite drops attributes a model does not know, so its
# roles and confidences are the same, and the family's tests are not run. Training computes every
# family. The HTML model weighs none of these (its L1 penalty keeps 297 attributes): ~0.5 ms an
# html-bench page.
OPTIONAL_FAMILIES: dict[str, tuple[str, ...]] = {
    "english": ("english",), "menu": ("menu",), "section": ("section",), "reltime": ("reltime",),
    "dateline": ("dateline",), "initials": ("initials",), "endinitials": ("endinitials",),
    "pipes": ("pipe", "pipes"), "url": ("url",), "slashcredit": ("slashcredit",),
    "parenname": ("parenname",), "enddateparen": ("enddateparen",), "listitem": ("listitem",),
    "datelinealone": ("datelinealone",),
}


@dataclass(frozen=True, slots=True)
class FeatureSet:
    """Which optional families (OPTIONAL_FAMILIES) to compute; all of them by default."""

    english: bool = True
    menu: bool = True
    section: bool = True
    reltime: bool = True
    dateline: bool = True
    initials: bool = True
    endinitials: bool = True
    pipes: bool = True
    url: bool = True
    slashcredit: bool = True
    parenname: bool = True
    enddateparen: bool = True
    listitem: bool = True
    datelinealone: bool = True


ALL_FEATURES = FeatureSet()


def features_weighed(attributes: Iterable[str]) -> FeatureSet:
    """The optional families a model with these attributes weighs."""
    base = {a.split(":", 1)[1] if a[:1] in "-12" and ":" in a else a for a in attributes}
    return FeatureSet(**{family: not base.isdisjoint(strings) for family, strings in OPTIONAL_FAMILIES.items()})


def _line_base(raw: str, slug: frozenset[str], fs: FeatureSet = ALL_FEATURES
               ) -> tuple[list[str], list[str], str, float]:
    """(own features, features shared with neighbours, normalised text, slug overlap) of one line."""
    text = normalise(raw)
    f: list[str] = []
    share: list[str] = []
    if text.startswith("date ") and _SCRAPER_PREFIX.match(text):
        text = _SCRAPER_PREFIX.sub("", text)  # a scraper's stamp, not the page's: look past it
        f.append("scraperdate")
    low = text.lower()
    ascii_only = text.isascii()
    words = _WORD_ASCII_RE.findall(text) if ascii_only else _WORD_RE.findall(text)
    nw = len(words)
    nchar = len(text)

    lb = bisect_right(_LEN_EDGES, nchar)
    wb = bisect_right(_NW_EDGES, nw)
    share += [_LEN[lb], _NW[wb]]

    last = text[-1] if text else ""
    end = "." if last in ".!?" else ('"' if last in "\"”’'" else (":" if last == ":" else (")" if last == ")" else ("," if last == "," else ("a" if last.isalnum() else "o")))))
    share.append("end=" + end)
    first = text[0] if text else ""
    start = "U" if first.isupper() else ("l" if first.islower() else ("d" if first.isdigit() else ("q" if first in "\"“'‘" else ("(" if first in "([" else "o"))))
    share.append("start=" + start)

    # ASCII lines (most): ten C-level counts beat a regex findall; \d also takes other scripts' digits
    digits = sum(map(text.count, "0123456789")) if ascii_only else len(_DIGIT_RE.findall(text))
    overlap = 0.0
    lw: list[str] = []
    caps = upper = fw = 0
    if nw:
        lw = " ".join(words).lower().split(" ")  # words hold no space: one lower() for the line
        # word-class counts with map() over C-level predicates: a Python loop per word
        # was the largest single cost of feature extraction
        caps = sum(map(str.isupper, next(zip(*words))))  # first letters
        # all-caps words (two letters or more) start with a capital, so upper <= caps: counted
        # only where it can pass the 0.7 share below
        upper = sum(1 for w in words if len(w) > 1 and w.isupper()) if caps > 0.7 * nw else 0
        fw = sum(map(cues.FUNCTION_WORDS.__contains__, lw))
        share.append(_CAPS[bisect_right(_CAPS_EDGES, caps / nw)])
        if upper / nw > 0.7:
            share.append("allcaps")
        f.append(_FW[bisect_right(_FW_EDGES, fw / nw)])
        if fs.english and sum(map(cues.ENGLISH_WORDS.__contains__, lw)) / nw > 0.15:
            f.append("english")
        f.append("w0=" + lw[0][:20])
        if nw > 1:
            f.append("w01=" + (lw[0] + "_" + lw[1])[:30])
        f.append("wl=" + lw[-1][:20])
        if fs.menu and nw >= 3 and sum(map(_NAV_OR_SECTION.__contains__, lw)) / nw >= 0.5:
            share.append("menu")
        if fs.section and nw <= 4 and any(w in cues.SECTION_WORDS for w in lw):
            share.append("section")
        if 4 <= nw <= 25 and end in "a\"?" and caps / nw >= 0.5:
            share.append("headlike")
        if 2 <= nw <= 4 and caps == nw and fw == 0 and not digits and nchar <= 40:
            f.append("namelike")
        if nw <= 8:  # short lines are page furniture or sub-headings: their words name them
            f.extend({"bw=" + w[:20] for w in lw})
        if slug:
            lens = list(map(len, lw))  # slug_overlap(lw, slug), inline: a call per line costs
            longer = nw - lens.count(1) - lens.count(2)
            overlap = sum(map(slug.__contains__, lw)) / longer if longer else 0.0
            share.append(_SLUG[bisect_right(_SLUG_EDGES, overlap)])
    else:
        share.append("nowords")

    if digits:
        f.append(_DIGITS[bisect_right(_DIGITS_EDGES, digits / max(1, nchar))])

    stripped = _BULLET_RE.sub("", low)
    if stripped != low:
        f.append("bullet")
    m = _PREFIX_RE.match(stripped)
    if m:
        share.append("pre=" + _PREFIX_TAG[m.group(0)])
    f.extend(set(map(itemgetter(1), _CONTAINS.iter(low))))  # each cue's tag once

    # dates, times and relative times all need a digit; most lines have none
    # (cheap substring tests first: each regex below costs microseconds on every line)
    month = day = clock = numdate = year = False
    if digits:
        year = has_year(text)
        day, month = calendar_words(low)
        month = month and year  # a month only counts with a year
        clock = (":" in text or "." in text) and bool(cues.TIME_RE.search(text))
        numdate_re, isodate_re = ((_NUMDATE_ASCII_RE, _ISODATE_ASCII_RE) if ascii_only
                                  else (cues.NUMDATE_RE, cues.ISODATE_RE))
        numdate = bool(numdate_re.search(text)) or ("-" in text and bool(isodate_re.search(text)))
    zone = bool(_ZONE_HINT_RE.search(text)) and bool(cues.ZONE_RE.search(text))
    datey = (month and year) or numdate
    if datey:
        share.append("date")
        if nw <= 10:
            share.append("shortdate")
    if clock:
        share.append("clock")
    if zone:
        share.append("zone")
    if day:
        f.append("dayname")
    if fs.reltime and digits and ("lalu" in low or "ago" in low) and cues.RELATIVE_TIME_RE.search(text):
        share.append("reltime")
    if fs.dateline:
        head = text[:160]
        if ("-" in head or "–" in head or "—" in head) and cues.DATELINE_RE.match(head):
            share.append("dateline")
    if fs.initials and nchar <= 30 and cues.INITIALS_RE.match(text) and "(" in text:
        share.append("initials")
    tail = text[-140:]  # patterns anchored at the end only need the end of a long line
    if fs.endinitials and cues.TRAILING_INITIALS_RE.search(tail):
        f.append("endinitials")
    if fs.pipes:
        pipes = text.count("|") + text.count("·") + text.count("•")
        if pipes:
            f.append("pipe" if pipes == 1 else "pipes")
    if ":" in text[:25]:
        f.append("colonhead")
    if fs.url and ("http" in low or "www." in low):
        f.append("url")
    if nw and not _PHOTO_WORDS.isdisjoint(lw):
        f.append("photo")
    if fs.slashcredit and "/" in text and nw <= 8:
        f.append("slashcredit")
    sentences = len(_SENT_END_RE.findall(text))
    if sentences:
        f.append(f"sents={min(sentences, 3)}")
    if text.startswith(("\"", "“")):
        f.append("quote")
    if fs.parenname and _PAREN_NAME.match(text):
        share.append("parenname")
    if fs.enddateparen and _END_DATE_PAREN.search(tail):
        f.append("enddateparen")
    tail_low = tail.lower()
    if ("/" in tail or "foto" in tail_low or "photo" in tail_low or "dok" in tail_low) and _END_CREDIT.search(tail):
        share.append("endcredit")
    if fs.listitem and _LIST_ITEM.match(text):
        share.append("listitem")
    if fs.datelinealone and _DATELINE_ALONE.match(text):
        share.append("datelinealone")
    if nw >= 8 and end in ".\"a" and fw >= 0.08 * nw:  # fw bucket >= 2: running prose
        share.append("prose")
    return f, share, text, overlap


# A line's shared features as its neighbours see them, by the tuple of those features: lines
# of a page and of a run repeat a few thousand combinations, so the prefixed strings are made
# once per combination instead of four times per line. Bounded: cleared when full.
_VIEW_CACHE: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {}
_VIEW_CACHE_MAX = 20_000  # ~0.5 kB an entry: at most ~10 MB


def _neighbour_views(share: list[str]) -> tuple[tuple[str, ...], ...]:
    """(seen from 2 below, from 1 below, from 1 above, from 2 above): `off:feature` strings."""
    key = tuple(share)
    views = _VIEW_CACHE.get(key)
    if views is None:
        far = [x for x in share if x.startswith(_FAR_KEEP)]
        views = (tuple(f"-2:{x}" for x in far), tuple(f"-1:{x}" for x in share),
                 tuple(f"1:{x}" for x in share), tuple(f"2:{x}" for x in far))
        if len(_VIEW_CACHE) >= _VIEW_CACHE_MAX:
            _VIEW_CACHE.clear()
        _VIEW_CACHE[key] = views
    return views


def page_features(lines: list[str], ctx: PageContext | None = None, fs: FeatureSet = ALL_FEATURES
                  ) -> list[list[str]]:
    """Feature strings for each line: its own, its neighbours' and the page's (of the optional
    families, those `fs` names)."""
    ctx = ctx or PageContext()
    slug = url_slug_words(ctx.url)
    n = len(lines)
    bases = [_line_base(t, slug, fs) for t in lines]
    keys = [b[2].lower() for b in bases]
    first_seen: dict[str, int] = {}
    counts: dict[str, int] = {}
    for i, k in enumerate(keys):
        first_seen.setdefault(k, i)
        counts[k] = counts.get(k, 0) + 1

    # lines that read like running prose are landmarks: headlines, bylines and
    # dates sit just before the first; lists and sub-headings sit between them;
    # related lists, comments and footers follow the last
    prose = [i for i, b in enumerate(bases) if "prose" in b[1]]
    first_prose = prose[0] if prose else n
    last_prose = prose[-1] if prose else -1
    prose_set = set(prose)

    page: list[str] = []
    if ctx.url:
        path = url_path(ctx.url)
        if cues.LISTING_URL_RE.search(ctx.url):
            page.append("urllisting")
        if path in ("", "/"):
            page.append("urlhome")
    else:
        page.append("nourl")
    page.append(f"nlines={_bucket(n, (2, 4, 8, 16, 32))}")

    # the line that shares most words with the URL slug is very often the headline
    slug_best = -1
    if slug:
        scores = [b[3] for b in bases]
        top = max(scores, default=0.0)
        if top >= 0.5:
            slug_best = scores.index(top)

    # neighbours' shared features, prefixed with their offset (-2/+2 see a short list)
    views = [_neighbour_views(b[1]) for b in bases]
    # distance to the nearest prose line above and below, for the lines between them
    up_gap = [9] * n
    down_gap = [9] * n
    last = None
    for i in range(n):
        if i in prose_set:
            last = i
        elif last is not None:
            up_gap[i] = i - last
    last = None
    for i in range(n - 1, -1, -1):
        if i in prose_set:
            last = i
        elif last is not None:
            down_gap[i] = last - i
    out: list[list[str]] = []
    relhead_seen = False
    for i in range(n):
        own, share = bases[i][0], bases[i][1]
        feats = ["bias", *page, *own, *share]
        feats.append(_POS[min(i, 6)])
        feats.append(_RPOS[min(n - 1 - i, 4)])
        feats.append(_REL[bisect_right(_REL_EDGES, i / max(1, n - 1))])
        feats.append("before_prose" if i < first_prose else ("is_prose1" if i == first_prose else "after_prose"))
        if first_prose < i < last_prose:
            feats.append("inside_prose")
        elif i > last_prose >= 0:
            feats.append(f"tail={min(i - last_prose, 4)}")
        if i not in prose_set and prose:
            feats.append(_PGAP[min(up_gap[i], 4)][min(down_gap[i], 4)])
        if first_prose - i in (1, 2, 3):
            feats.append(f"prose_in={first_prose - i}")
        if i == slug_best:
            feats.append("slugbest")
        k = keys[i]
        if counts[k] > 1:
            feats.append("repeat_first" if first_seen[k] == i else "repeat_later")
        if relhead_seen:
            feats.append("after_relhead")
        if "pre=relhead" in share:
            relhead_seen = True
        if ctx.recurrence is not None:
            r = ctx.recurrence[i]
            feats.append(_RECUR[bisect_right(_RECUR_EDGES, r)])
            if ctx.outlet_pages >= 3:
                feats.append(_RECURSHARE[bisect_right(_RECURSHARE_EDGES, r / ctx.outlet_pages)])
        feats.extend(views[i - 2][0] if i >= 2 else ("-2:none",))
        feats.extend(views[i - 1][1] if i >= 1 else ("-1:none",))
        feats.extend(views[i + 1][2] if i + 1 < n else ("1:none",))
        feats.extend(views[i + 2][3] if i + 2 < n else ("2:none",))
        out.append(feats)
    return out
