"""Time expressions in Indonesian news text, resolved to dates with the publication time as anchor.

Written by hand rather than with dateparser or a temporal tagger: dateparser costs about a
millisecond per call and knows none of the bracketed `Jumat (4/10/19)` or `bulan Februari lalu`
forms; no maintained Indonesian temporal tagger exists as a Python package. A dozen regexes
compiled once scan a body in well under a millisecond. Full dates are read by
`kliping.clean.dates.find_dates`, the same parser that reads publication dates.

Each expression keeps its text span and gets a value at its granularity: a day `2019-10-04`,
a week (its Monday, with `end_value` its Sunday), a month `2019-02` or a year `2019`.
`sejak April` / `sejak 2015` is an interval from that month or year to the anchor day.

Rules for what is resolved, and what stays unresolved (value None) rather than guessed:
- absolute dates (`27 April 2018`, `4/10/2019`, `Februari 2019`, `pada tahun 2020`) always;
- a day and month without a year (`tanggal 5 Oktober`, `Sabtu (5/10)`) take the year that puts
  them nearest the anchor; a weekday with an explicit date is resolved by the date;
- relative words (`kemarin`, `esok hari`, `pekan lalu`, `bulan Februari lalu`, `tahun lalu`,
  `3 hari lalu`, `sejak April`) only with an anchor (the article's `published`);
- a bare weekday (`Jumat`, `pada hari Selasa`): resolved only when the text says which way it
  lies: `Jumat lalu` / `Jumat kemarin` -> the last such day before the anchor (1-7 days back),
  `Jumat depan` / `mendatang` -> the next one (1-7 days ahead); otherwise, when its sentence is
  clearly past (telah, sudah, sempat, tadi) and says nothing of the future (akan, bakal,
  dijadwalkan, rencananya, depan, mendatang), the nearest such day on or before the anchor
  (0-6 days back). Anything else stays unresolved;
- a month with no year and no direction (`pada bulan Februari`) stays unresolved.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from ..clean.cues import MONTHS
from ..clean.dates import find_dates
from ..model import Article, TimeExpr

__all__ = ["find_times", "article_times", "anchor_date"]

_WEEKDAYS = {"senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4, "jum’at": 4, "sabtu": 5,
             "minggu": 6, "ahad": 6}
_NUMBERS = {"se": 1, "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
            "delapan": 8, "sembilan": 9, "sepuluh": 10, "sebelas": 11, "beberapa": None}

# Full month names (and the common short forms only when a day number stands before them).
_FULL_MONTHS = [m for m in MONTHS if (len(m) > 3 or m == "mei") and m not in ("sept",)]
_FULL_SET = frozenset(_FULL_MONTHS)
_MON_FULL = "(?i:" + "|".join(sorted(_FULL_MONTHS, key=len, reverse=True)) + ")"
_MON_ANY = "(?i:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + ")"
_WD = r"(?:Senin|Selasa|Rabu|Kamis|Jum['’]?at|Sabtu|Minggu|Ahad)"

# Weekday with a date: 'Jumat (4/10/19)', 'hari Sabtu (5/10)', 'Senin, 27 April 2018', 'Rabu 5 Oktober'.
_WD_DATE_RE = re.compile(
    r"(?:(?i:hari)\s+)?(?P<wd>" + _WD + r")\s*(?:\(\s*|,\s*|\s+)"
    r"(?:(?P<d>\d{1,2})/(?P<m>\d{1,2})(?:/(?P<y>\d{4}|\d{2}))?(?![\d/])"
    r"|(?P<d2>\d{1,2})\s+(?P<m2>" + _MON_ANY + r")\.?(?:\s+(?P<y2>\d{4}))?(?!\w))(?:\s*\))?"
)
# 'esok hari, tanggal 5 Oktober', 'besok (5/10)': the explicit date wins over the relative word.
_REL_DATE_RE = re.compile(
    r"(?i:(?P<rel>esok\s+hari|besok|kemarin|hari\s+ini|lusa))\s*[,(]?\s*(?i:tanggal|tgl\.?)?\s*"
    r"(?:(?P<d>\d{1,2})\s+(?P<m>" + _MON_ANY + r")\.?(?:\s+(?P<y>\d{4}))?(?!\w)"
    r"|(?P<d2>\d{1,2})/(?P<m2>\d{1,2})(?:/(?P<y2>\d{4}|\d{2}))?(?![\d/]))(?:\s*\))?"
)
# A day and month without a year: 'tanggal 5 Oktober', '17 Agustus'.
_DAY_MONTH_RE = re.compile(
    r"(?:(?i:tanggal|tgl\.?)\s+)?(?<![\d/])(?P<d>[0-3]?\d)\s+(?P<m>" + _MON_ANY + r")(?![\w])\.?(?!\s*,?\s*\d{4})"
)
# Month and year: 'Februari 2019', 'bulan Juni 2020'.
_MONTH_YEAR_RE = re.compile(
    r"(?:(?i:awal|akhir|pertengahan|medio)\s+)?(?:(?i:bulan)\s+)?(?P<m>[A-Za-z]{3,9})\s+(?P<y>(?:19|20)\d\d)(?!\d)"
)
# Month with a direction or since: 'bulan Februari lalu', 'sejak April', 'Maret mendatang'.
# (Any capitalised word stands in for the month, checked in code: an alternation of month
# names folded for case at every position is what made these two the slowest patterns.)
_MONTH_REL_RE = re.compile(
    r"(?P<since>(?i:sejak|semenjak|mulai)\s+)?(?:(?i:awal|akhir|pertengahan)\s+)?(?:(?i:bulan)\s+)?"
    r"(?P<m>[A-Z][a-z]{2,8})(?!\w)(?!\s+(?:19|20)\d\d)"
    r"(?:\s+(?P<dir>(?i:lalu|kemarin|silam|depan|mendatang|nanti|ini|tahun\s+ini|tahun\s+lalu|tahun\s+depan)))?(?!\w)"
)
# A year after a cue: 'pada 2018', 'pada tahun 2020', 'sejak 2015', 'tahun 2019'.
_YEAR_RE = re.compile(
    r"(?P<cue>(?i:(?:(?:pada|sejak|semenjak|hingga|sampai|awal|akhir|pertengahan|medio|selama|mulai)\s+)+(?:tahun\s+)?"
    r"|tahun\s+))(?P<y>(?:19|20)\d\d)(?![\d/.,:-]\d)(?!\d)"
)
# 'kemarin', 'hari ini', 'esok hari', 'pekan lalu', 'bulan depan', 'tahun lalu', 'awal tahun ini'.
_REL_RE = re.compile(
    r"(?<![\w-])(?i:(?P<part>awal|akhir|pertengahan)\s+)?(?:"
    r"(?P<day>(?i:kemarin\s+lusa|kemarin|hari\s+ini|esok\s+hari|besok|esok|lusa))"
    r"|(?P<unit>(?i:pekan|bulan|tahun)|minggu)\s+(?P<dir>(?i:lalu|kemarin|silam|ini|depan|mendatang))"
    r")(?![\w-])"
)
# '3 hari lalu', 'dua pekan yang lalu', 'sepekan lalu', 'lima tahun mendatang'.
_AGO_RE = re.compile(
    r"(?<![\w-])(?P<n>\d{1,3}|se|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas)\s*"
    r"(?P<unit>hari|pekan|minggu|bulan|tahun)\s+(?:yang\s+)?(?P<dir>lalu|silam|lagi|mendatang)(?![\w-])",
    re.I,
)
# A bare weekday: 'Jumat', 'pada hari Selasa', 'Jumat lalu'.
_WD_RE = re.compile(
    r"(?:(?i:hari)\s+)?(?P<wd>" + _WD + r")(?![\w'])(?:\s+(?P<dir>(?i:lalu|kemarin|depan|mendatang)))?(?![\w])"
)
_PAST_RE = re.compile(r"(?<!\w)(?:telah|sudah|sempat|tadi)(?!\w)", re.I)
_FUTURE_RE = re.compile(r"(?<!\w)(?:akan|bakal|dijadwalkan|rencananya|direncanakan|depan|mendatang|nanti)(?!\w)", re.I)
_SENTENCE_END_RE = re.compile(r"[.!?]\s|\n")


def anchor_date(published: str | None) -> date | None:
    """The day of an ISO timestamp (`2019-10-04T17:19:56`, `2022-05-24`), or None."""
    if not published or len(published) < 10:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    i = y * 12 + (m - 1) + k
    return i // 12, i % 12 + 1


def _day(d: date) -> str:
    return d.isoformat()


def _month(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def _nearest_year(d: int, m: int, anchor: date) -> date | None:
    """The date with this day and month nearest the anchor (its year, or the one before or after)."""
    best = None
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            cand = date(y, m, d)
        except ValueError:
            continue
        if best is None or abs((cand - anchor).days) < abs((best - anchor).days):
            best = cand
    return best


def _two_digit_year(ys: str) -> int:
    """`19` -> 2019 the way the publication-date parser reads `4/10/19`."""
    hits = find_dates(f"1/1/{ys}")
    return int(hits[0].value[:4]) if hits else 2000 + int(ys)


def _dm(d: str, m: str, y: str | None, anchor: date | None, numeric_month: bool) -> tuple[str | None, str | None]:
    """(value, granularity) of a day and a month (number or name) with an optional year."""
    try:
        day = int(d)
        mon = int(m) if numeric_month else MONTHS[m.lower().rstrip(".")]
    except (KeyError, ValueError):
        return None, None
    if not (1 <= mon <= 12 and 1 <= day <= 31):
        return None, None
    if y is not None:
        year = int(y) if len(y) == 4 else _two_digit_year(y)
        try:
            return _day(date(year, mon, day)), "day"
        except ValueError:
            return None, None
    if anchor is None:
        return None, "day"
    got = _nearest_year(day, mon, anchor)
    return (_day(got), "day") if got else (None, None)


class _Cands:
    """Candidate expressions; the longest wins where they overlap, then the earliest."""

    def __init__(self) -> None:
        self.items: list[tuple[int, int, str | None, str | None, str | None]] = []

    def add(self, start: int, end: int, value: str | None, gran: str | None, end_value: str | None = None) -> None:
        self.items.append((start, end, value, gran, end_value))

    def pick(self, text: str, field: str) -> list[TimeExpr]:
        out: list[TimeExpr] = []
        pos = -1
        for start, end, value, gran, end_value in sorted(self.items, key=lambda c: (c[0], c[0] - c[1])):
            if start < pos:
                continue
            if text[end - 1] == "." and text[start:end - 1].split()[-1].lower() in _FULL_MONTHS:
                end -= 1                       # '5 Oktober.' ends a sentence; 'Okt.' keeps its dot
            out.append(TimeExpr(field, start, end, text[start:end], value, end_value, gran))
            pos = end
        return out


_CAP_WORD_RE = re.compile(r"[A-Z][a-z'’]{2,8}")
_YEAR4_RE = re.compile(r"(?:19|20)\d\d(?!\d)")   # opens with a literal: the engine skips fast
_TANGGAL_TAIL_RE = re.compile(r"(?i:tanggal|tgl\.?)\s+$")
_SINCE_RE = re.compile(r"(?i:sejak|semenjak|mulai)")
_PADA_RE = re.compile(r"(?i:pada)\s+")
# Relative expressions hold one of these (lower case); found with str.find, they gate the regexes.
_REL_KEYS = ("kemarin", "esok", "besok", "lusa", "lalu", "silam", "depan", "mendatang", "lagi",
             "hari ini", "tahun ini", "bulan ini", "pekan ini", "minggu ini")


def _windows(points: list[tuple[int, int]], text: str, before: int, after: int) -> list[tuple[int, int]]:
    """Merged (lo, hi) windows around hits; hi moved to a space so that look-aheads see what they would."""
    n = len(text)
    out: list[tuple[int, int]] = []
    for s, e in sorted(points):
        lo, hi = max(0, s - before), min(n, e + after)
        while hi < n and not text[hi].isspace():
            hi += 1
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _scan(rx: re.Pattern, text: str, windows: list[tuple[int, int]]):
    for lo, hi in windows:
        yield from rx.finditer(text, lo, hi)


def find_times(text: str, field: str = "body", anchor: date | None = None) -> list[TimeExpr]:
    """Time expressions in one text field, in order, resolved against `anchor` where needed.

    The patterns run only in windows around a capitalised month or day name, a 4-digit year or a
    relative keyword: scanning a whole body with a dozen case-folding alternations costs a
    millisecond and a half, the windows a tenth of that.
    """
    if not text:
        return []
    c = _Cands()
    # absolute full dates, by the shared date parser
    for hit in find_dates(text):
        start = hit.start
        pre = _TANGGAL_TAIL_RE.search(text[max(0, start - 12):start])
        if pre:
            start -= len(pre.group())
        c.add(start, hit.end, hit.value[:10], "day")
    months: list[tuple[int, int]] = []
    days: list[tuple[int, int]] = []
    for m in _CAP_WORD_RE.finditer(text):
        w = m.group().lower()
        if w in MONTHS:
            months.append(m.span())
        elif w in _WEEKDAYS:
            days.append(m.span())
    years = [m.span() for m in _YEAR4_RE.finditer(text) if m.start() == 0 or not text[m.start() - 1].isdigit()]
    low = text.lower()
    rel: list[tuple[int, int]] = []
    for key in _REL_KEYS:
        i = low.find(key)
        while i != -1:
            rel.append((i, i + len(key)))
            i = low.find(key, i + 1)
    if days:
        win = _windows(days, text, 8, 30)
        for m in _scan(_WD_DATE_RE, text, win):
            if m.group("d") is not None:
                value, gran = _dm(m.group("d"), m.group("m"), m.group("y"), anchor, True)
            else:
                value, gran = _dm(m.group("d2"), m.group("m2"), m.group("y2"), anchor, False)
            if gran is not None:
                c.add(m.start(), m.end(), value, gran)
        for m in _scan(_WD_RE, text, win):
            c.add(m.start(), m.end(), *_weekday(m, text, anchor))
    if months:
        win = _windows(months, text, 20, 24)
        for m in _scan(_DAY_MONTH_RE, text, win):
            value, gran = _dm(m.group("d"), m.group("m"), None, anchor, False)
            if gran is not None:
                c.add(m.start(), m.end(), value, gran)
        for m in _scan(_MONTH_YEAR_RE, text, win):
            if m.group("m").lower() in _FULL_SET:
                c.add(m.start(), m.end(), _month(int(m.group("y")), MONTHS[m.group("m").lower()]), "month")
        for m in _scan(_MONTH_REL_RE, text, win):
            if m.group("m").lower() in _FULL_SET:
                c.add(m.start(), m.end(), *_month_rel(m, anchor))
    if years:
        for m in _scan(_YEAR_RE, text, _windows(years, text, 40, 1)):
            y = m.group("y")
            cue = m.group("cue")
            since = _SINCE_RE.search(cue)
            start = m.start() + len(cue) - len(cue.lstrip())
            if since is None and cue.lower().startswith("pada"):
                start = m.start() + len(_PADA_RE.match(cue).group())
            c.add(start, m.end(), y, "year", _day(anchor) if since and anchor and int(y) <= anchor.year else None)
    if rel:
        win = _windows(rel, text, 30, 30)
        for m in _scan(_REL_DATE_RE, text, win):
            if m.group("d") is not None:
                value, gran = _dm(m.group("d"), m.group("m"), m.group("y"), anchor, False)
            else:
                value, gran = _dm(m.group("d2"), m.group("m2"), m.group("y2"), anchor, True)
            if gran is not None:
                c.add(m.start(), m.end(), value, gran)
        for m in _scan(_REL_RE, text, win):
            c.add(m.start(), m.end(), *_relative(m, anchor))
        for m in _scan(_AGO_RE, text, win):
            c.add(m.start(), m.end(), *_ago(m, anchor))
    return c.pick(text, field)


def _month_rel(m: re.Match, anchor: date | None) -> tuple[str | None, str, str | None]:
    mon = MONTHS[m.group("m").lower()]
    direction = (m.group("dir") or "").lower().split()
    if anchor is None:
        return None, "month", None
    if m.group("since"):
        # the latest such month on or before the anchor, to the anchor
        y = anchor.year if mon <= anchor.month else anchor.year - 1
        return _month(y, mon), "month", _day(anchor)
    if not direction:
        return None, "month", None
    if direction[0] in ("lalu", "kemarin", "silam"):
        y = anchor.year if mon < anchor.month else anchor.year - 1
    elif direction[0] in ("depan", "mendatang", "nanti"):
        y = anchor.year if mon > anchor.month else anchor.year + 1
    elif direction == ["ini"] or direction == ["tahun", "ini"]:
        y = anchor.year
    elif direction == ["tahun", "lalu"]:
        y = anchor.year - 1
    elif direction == ["tahun", "depan"]:
        y = anchor.year + 1
    else:
        return None, "month", None
    return _month(y, mon), "month", None


def _relative(m: re.Match, anchor: date | None) -> tuple[str | None, str, str | None]:
    day = m.group("day")
    if day is not None:
        w = " ".join(day.lower().split())
        off = {"kemarin lusa": -2, "kemarin": -1, "hari ini": 0, "esok hari": 1, "besok": 1, "esok": 1, "lusa": 2}[w]
        return (_day(anchor + timedelta(days=off)) if anchor else None), "day", None
    unit = m.group("unit").lower()
    if m.group("unit") == "Minggu" and m.start("unit") > 0:
        return None, "day", None          # 'Minggu lalu' mid-sentence: last Sunday, left to the weekday rule
    d = m.group("dir").lower()
    k = -1 if d in ("lalu", "kemarin", "silam") else 1 if d in ("depan", "mendatang") else 0
    if unit in ("pekan", "minggu"):
        if anchor is None:
            return None, "week", None
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=k)
        return _day(monday), "week", _day(monday + timedelta(days=6))
    if unit == "bulan":
        if anchor is None:
            return None, "month", None
        return _month(*_add_months(anchor.year, anchor.month, k)), "month", None
    return (f"{anchor.year + k:04d}" if anchor else None), "year", None


def _ago(m: re.Match, anchor: date | None) -> tuple[str | None, str, str | None]:
    n = m.group("n").lower()
    k = int(n) if n.isdigit() else _NUMBERS[n]
    unit = m.group("unit").lower()
    gran = {"hari": "day", "pekan": "week", "minggu": "week", "bulan": "month", "tahun": "year"}[unit]
    if anchor is None or k is None:
        return None, gran, None
    if m.group("dir").lower() in ("lalu", "silam"):
        k = -k
    if gran == "day":
        return _day(anchor + timedelta(days=k)), "day", None
    if gran == "week":
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=k)
        return _day(monday), "week", _day(monday + timedelta(days=6))
    if gran == "month":
        return _month(*_add_months(anchor.year, anchor.month, k)), "month", None
    return f"{anchor.year + k:04d}", "year", None


def _weekday(m: re.Match, text: str, anchor: date | None) -> tuple[str | None, str, str | None]:
    if anchor is None:
        return None, "day", None
    wd = _WEEKDAYS[m.group("wd").lower()]
    direction = (m.group("dir") or "").lower()
    back = (anchor.weekday() - wd) % 7           # days since the last such day (0: the anchor itself)
    if direction in ("lalu", "kemarin"):
        return _day(anchor - timedelta(days=back or 7)), "day", None
    if direction in ("depan", "mendatang"):
        return _day(anchor + timedelta(days=(wd - anchor.weekday()) % 7 or 7)), "day", None
    # no direction word: only a clearly past sentence resolves it (see the module docstring)
    s_start = 0
    for e in _SENTENCE_END_RE.finditer(text, 0, m.start()):
        s_start = e.end()
    e = _SENTENCE_END_RE.search(text, m.end())
    sentence = text[s_start:e.start() if e else len(text)]
    if _PAST_RE.search(sentence) and not _FUTURE_RE.search(sentence):
        return _day(anchor - timedelta(days=back)), "day", None
    return None, "day", None


def article_times(article: Article) -> list[TimeExpr]:
    """Time expressions of the title, deck and body (`Article.text`), anchored at `published`."""
    # an undated page's relative words resolve against its estimated day (clean/estimate.py)
    anchor = anchor_date(article.published or article.published_estimate)
    out: list[TimeExpr] = []
    for field, text in (("title", article.title), ("deck", article.deck), ("body", article.text)):
        if text:
            out.extend(find_times(text, field, anchor))
    return out
