"""Find and normalise publication dates in Indonesian (and Malay/English) news page lines.

Hand-written rather than built on ``dateparser``: dateparser costs about a
millisecond per call (language detection, many locale tables), which alone
would blow the pipeline's budget of >= 1,000 pages/s, and it still misses forms
that are everywhere on Indonesian outlets -- ``Jumat (4/10/19)`` with a
two-digit year in brackets, glued stamps like
``Write: 2019-10-04 17:19:56Update: 2019-10-04 18:05:44``, ``2023@10:00 WIB``,
``|01:23 WIB``, ``pukul 19.30 WIB`` and the WIB/WITA/WIT zones.  A handful of
regexes compiled once at import does the job in microseconds per line.

Output is ISO 8601: ``2019-10-04T17:19:56`` (seconds only when printed),
``2017-07-22T18:48+07:00`` (offset only when a zone or offset is printed next
to the time), ``2022-05-24`` (a day alone never gets an offset).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as _date
from urllib.parse import urlsplit

from .cues import MONTHS

__all__ = ["DateHit", "find_dates", "parse_date_line", "date_from_url", "is_relative_time"]


@dataclass(frozen=True, slots=True)
class DateHit:
    value: str   # ISO 8601
    start: int   # char span in the input text
    end: int
    kind: str    # 'published' | 'updated' | 'unknown'


# --------------------------------------------------------------------------- patterns

_MIN_YEAR, _MAX_YEAR = 1800, 2100        # accepted in running text
_URL_MIN_YEAR, _URL_MAX_YEAR = 1900, 2100
# Two-digit years: 20xx up to next year, 19xx above that.
_Y2_PIVOT = _date.today().year % 100 + 1

_MON = "|".join(sorted(MONTHS, key=len, reverse=True))

# Date forms, one group set each.  Those opening with a digit share one regex:
#   ymd  2019-10-04 / 2019/10/04 / 2019.10.04
#   dmy  16/01/2017, 07-11-2023, 04.07.2020, 4/10/19 (2-digit year only after '/')
#   dMy  8 Januari 2018, 05 Jun 2018, 07-Nov-2023, 9th of July 2015
# The leading (?=\d) lets the engine skip non-digits cheaply.
_NUM_RE = re.compile(
    r"(?=\d)(?<![\d/])(?<!\d[.\-])(?:"
    r"(?P<y1>\d{4})(?P<s1>[-/.])(?P<m1>\d{1,2})(?P=s1)(?P<d1>\d{1,2})(?!\d)"
    r"|(?P<a2>\d{1,2})(?P<s2>[-/.])(?P<b2>\d{1,2})(?P=s2)(?P<y2>\d{4}|(?<=/)\d{2})(?![\d/])"
    r"|(?P<d3>[0-3]?\d)(?:st|nd|rd|th)?[\s.\-]*(?:of\s+)?(?P<m3>" + _MON + r")(?![a-z])\.?"
    r"[\s,\-]*(?P<y3>\d{4})(?!\d)"
    r")",
    re.I,
)
#   Mdy  July 9, 2015, Jul. 9, 2015, OCT 16, 2023
# Any short word stands in for the month here (checked against MONTHS in code):
# a case-insensitive alternation of ~50 names tried at every letter is what
# made this the slowest part of the scan.
_MDY_RE = re.compile(
    r"(?<![a-z])(?P<m4>[a-z]{3,9}+)(?![a-z])\.?[\s\-]*(?P<d4>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)"
    r"\s*,?\s*(?P<y4>\d{4})(?!\d)",
    re.I,
)

# A time printed right after the date (after ' ', ', ', ' | ', ' - ', ' / ',
# '@', 'pukul', 'T' ...), with its zone or offset when one is printed.
_TIME_RE = re.compile(
    r"(?:(?P<iso>T)|[\s,|/@·•\-–—)]{0,6}(?:(?:pukul|pkl\.?|jam|at)\s*)?)"
    r"(?P<h>[01]?\d|2[0-3])[:.](?P<mi>[0-5]\d)(?:[:.](?P<s>[0-5]\d)(?:\.\d{1,6})?)?"
    r"(?![\d%])(?![.,:]\d)"
    r"(?:\s*(?P<ampm>[ap])\.?m\.?(?![a-z]))?"
    r"(?:(?P<zulu>Z)(?![a-z])"
    r"|\s*(?P<zone>WITA|WIT|WIB|KST|JST|GMT|UTC|MYT)(?![a-z])"
    r"(?:\s*(?P<zsign>[+-])(?P<zh>1[0-4]|0?\d)(?::?(?P<zm>[0-5]\d))?(?!\d))?"
    r"|\s*(?P<osign>[+-])(?P<oh>0\d|1[0-4]):?(?P<om>[0-5]\d)(?![:.]?\d))?",
    re.I,
)

_ZONES = {
    "wib": "+07:00", "wita": "+08:00", "wit": "+09:00", "kst": "+09:00", "jst": "+09:00",
    "gmt": "+00:00", "utc": "+00:00", "myt": "+08:00",
}

# Cue words that say what a date is, matched on the lower-cased line.  The left
# boundary is checked in code, by letters only (not \b), so that the glued
# 'Write: ...17:19:56Update: ...' still finds 'Update'.  Factored by first
# letter: this runs over everything before a date, prose included.
_CUE_RE = re.compile(
    r"(?:d(?:iperbaharui|iperbarui|iupdate|iubah|ipublikasikan|iterbitkan|iposting|ipublish|itulis|ibuat)"
    r"|terbit|tayang|p(?:embaruan|ublished|ublish|osted)|updated?|modified|write|created)(?![a-z])"
)
_CUE_RE_I = re.compile(_CUE_RE.pattern, re.I)   # for the rare line whose lower() changes length
# 'terakhir diperbarui' and 'last updated' end in an update word, so they need no entry of their own.
_UPDATE_CUES = frozenset(("diperbaharui", "diperbarui", "diupdate", "diubah", "pembaruan",
                          "update", "updated", "modified"))

_DIGIT_RE = re.compile(r"\d")
# Every full date holds a 4-digit year or a d/m/yy: find those first (a pattern
# opening with \d is scanned fast by the regex engine), then run _NUM_RE/_MDY_RE only in
# a short window around each, instead of trying the month alternation at every
# letter of a prose line.
_ANCHOR_RE = re.compile(r"\d(?:\d\d\d(?!\d)|\d?/\d{1,2}/\d\d(?![\d/]))")
_BACK_NUM = 30  # longest text before a year that still belongs to its date ('30th of September, 2019')
_BACK_MDY = 24  # 'September 30th, 2019'
_AHEAD = 7    # ymd: '2019' + '-10-04' and the char after it

_RELATIVE_RE = re.compile(
    r"(?<![\w])(?:\d+|se|satu|beberapa|a|an|few)\s*"
    r"(?:detik|dtk|menit|mnt|jam|hari|hr|minggu|pekan|bulan|bln|tahun|thn|"
    r"sec(?:ond)?s?|min(?:ute)?s?|hours?|hrs?|days?|weeks?|months?|years?|yrs?)"
    r"\s+(?:yang\s+)?(?:lalu|ago)(?![\w])",
    re.I,
)

# URL forms: /2022/05/24/, /2017/1/16, /berita/2024-03-15/ ; compact /20250407/ or -20240315
_URL_SEP_RE = re.compile(r"(?<!\d)(\d{4})([/\-_.])(\d{1,2})\2(\d{1,2})(?!\d)")
_URL_COMPACT_RE = re.compile(r"(?<![\d])(\d{4})(\d{2})(\d{2})(?![\d])")


# --------------------------------------------------------------------------- helpers

def _valid_day(y: int, m: int, d: int, lo: int = _MIN_YEAR, hi: int = _MAX_YEAR) -> bool:
    if not (lo <= y <= hi and 1 <= m <= 12 and d >= 1):
        return False
    try:
        _date(y, m, d)
    except ValueError:
        return False
    return True


def _window_match(text: str, lo_num: int, lo_mdy: int, endpos: int, n: int) -> re.Match | None:
    """Leftmost date match in text[lo:endpos], re-run on the full line if it touches endpos."""
    m = _NUM_RE.search(text, lo_num, endpos)
    m2 = _MDY_RE.search(text, lo_mdy, endpos)
    if m2 is not None and (m is None or m2.start() < m.start()) and m2.group("m4").lower() in MONTHS:
        m = m2
    if m is not None and m.end() == endpos < n:   # lookaheads ran into the window's edge
        m = m.re.match(text, m.start())
    return m


def _ymd(m: re.Match) -> tuple[int, int, int] | None:
    """Year, month, day of a _NUM_RE/_MDY_RE match, or None when impossible."""
    g = m.group
    if m.re is _MDY_RE:
        mo = MONTHS.get(g("m4").lower())
        if mo is None:
            return None
        y, d = int(g("y4")), int(g("d4"))
    elif g("y1") is not None:
        y, mo, d = int(g("y1")), int(g("m1")), int(g("d1"))
    elif g("a2") is not None:
        a, b, ys = int(g("a2")), int(g("b2")), g("y2")
        y = int(ys)
        if len(ys) == 2:
            y += 2000 if y <= _Y2_PIVOT else 1900
        # Indonesian order is day first; swap only when that cannot be right.
        d, mo = (b, a) if (b > 12 and a <= 12) else (a, b)
    else:
        y, mo, d = int(g("y3")), MONTHS[g("m3").lower()], int(g("d3"))
    return (y, mo, d) if _valid_day(y, mo, d) else None


def _time_part(t: re.Match) -> tuple[str, int] | None:
    """ISO time (with offset when printed) of a _TIME_RE match, and where it ends."""
    g = t.group
    h, mi = int(g("h")), int(g("mi"))
    ampm = g("ampm")
    if ampm:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if ampm.lower() == "p" else 0)
    out = f"T{h:02d}:{mi:02d}"
    if g("s") is not None:
        out += f":{g('s')}"
    end = t.end()
    if g("zulu"):
        out += "+00:00"
    elif g("zone"):
        if g("zsign"):                       # GMT+7, UTC+07:00
            out += f"{g('zsign')}{int(g('zh')):02d}:{g('zm') or '00'}"
        else:
            out += _ZONES[g("zone").lower()]
    elif g("osign"):
        # '10:00-12:00 WIB' is a range, not UTC-12: a minus offset only after
        # seconds (RFC 2822, ISO) or in an ISO 'T' stamp.
        if g("osign") == "+" or g("s") is not None or g("iso"):
            out += f"{g('osign')}{g('oh')}:{g('om')}"
        else:
            end = t.start("osign")
            while t.string[end - 1].isspace():
                end -= 1
    return out, end


# --------------------------------------------------------------------------- API

def find_dates(text: str) -> list[DateHit]:
    """All full dates (day, month and year) in one line, in order of appearance."""
    if not text or _DIGIT_RE.search(text) is None:
        return []
    hits: list[DateHit] = []
    low: str | None = None
    cue_rx = _CUE_RE
    cue_scan = 0            # cues are read once, left to right, up to each date
    cue_kind, cue_end = "unknown", 0
    pos = 0
    n = len(text)
    while pos < n:
        a = _ANCHOR_RE.search(text, pos)
        if a is None:
            break
        endpos = min(n, a.end() + _AHEAD)
        m = _window_match(text, max(pos, a.start() - _BACK_NUM), max(pos, a.start() - _BACK_MDY), endpos, n)
        if m is None:
            pos = a.start() + 1
            continue
        ymd = _ymd(m)
        if ymd is None:
            pos = m.end()
            continue
        start, end = m.start(), m.end()
        value = f"{ymd[0]:04d}-{ymd[1]:02d}-{ymd[2]:02d}"
        t = _TIME_RE.match(text, end)
        if t is not None:
            tp = _time_part(t)
            if tp is not None:
                value += tp[0]
                end = tp[1]
        # Nearest cue before the date, in the same line.
        if low is None:
            low = text.lower()
            if len(low) != n:
                low, cue_rx = text, _CUE_RE_I
        for c in cue_rx.finditer(low, cue_scan, start):
            i = c.start()
            if i == 0 or not low[i - 1].isalpha():
                cue_kind = "updated" if c.group().lower() in _UPDATE_CUES else "published"
                cue_end = c.end()
        cue_scan = start
        if cue_kind != "unknown" and text.find("\n", cue_end, start) != -1:
            cue_kind = "unknown"
        hits.append(DateHit(value, start, end, cue_kind))
        pos = end
    return hits


def parse_date_line(text: str) -> tuple[str | None, str | None]:
    """(published, updated) from a line whose job is the date.

    The first date not marked as an update is the publication date; the first
    date after an update cue is the update date.
    """
    published = updated = None
    for hit in find_dates(text):
        if hit.kind == "updated":
            if updated is None:
                updated = hit.value
        elif published is None:
            published = hit.value
    return published, updated


def date_from_url(url: str | None) -> str | None:
    """Day of publication printed in a URL path, as 'YYYY-MM-DD', or None.

    Knows /2022/05/24/, /read/2017/01/16/160732126/..., /berita/2024-03-15/,
    /read/20250407/ and slug-20240315.  Year and month alone give None.
    """
    if not url:
        return None
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    if not path or _DIGIT_RE.search(path) is None:
        return None
    for rx in (_URL_SEP_RE, _URL_COMPACT_RE):
        for m in rx.finditer(path):
            if rx is _URL_SEP_RE:
                y, mo, d = int(m.group(1)), int(m.group(3)), int(m.group(4))
            else:
                y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
            if _valid_day(y, mo, d, _URL_MIN_YEAR, _URL_MAX_YEAR):
                return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def is_relative_time(text: str) -> bool:
    """True for '7 tahun yang lalu', '2 jam lalu', '3 hours ago', 'sejam lalu'."""
    return bool(text) and _RELATIVE_RE.search(text) is not None
