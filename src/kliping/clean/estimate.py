"""An estimated publication day for pages that print none, from the article's own dated references.

Indonesian news names the day of the events it reports in its opening paragraphs, almost always
the day it was written or the day before: `JAKARTA, KOMPAS.com - ..., Selasa (12/6/2018).`,
`JAKARTA, 5 Oktober 2020 - ...`, `... kemarin (Senin, 11/6/2018)`. The estimate is that day (a
`kemarin` date moved one day on), kept apart from `published`, with the words it was read from as
its evidence. A page that names no full date gets no estimate.

Hand-written: date-guessing libraries (htmldate, dateparser's search) read page markup and URLs or
return every date they find; none knows the Indonesian `Hari (d/m/yyyy)` lead or `kemarin` beside a
printed date.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from .cues import DAYS
from .dates import find_dates

LEAD_PARAGRAPHS = 3     # the opening paragraphs read
LEAD_CHARS = 1200       # and at most this much of them
_WEEKDAY = re.compile(r"\b(?:" + "|".join(sorted({re.escape(d) for d in DAYS} | {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}, key=len, reverse=True))
    + r")\b[\s,(]*$", re.I)
# Relative words just before a date: the publication day is that date moved by this many days.
_SHIFT = (
    (re.compile(r"\b(?:kemarin|kemarin\s+sore|kemarin\s+malam|yesterday)\b[^.]{0,12}$", re.I), 1),
    (re.compile(r"\b(?:besok|esok|tomorrow)\b[^.]{0,12}$", re.I), -1),
    (re.compile(r"\blusa\b[^.]{0,12}$", re.I), -2),
)
_DATELINE_LEAD = re.compile(r"^[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}\s*,\s*$")
BACK = 30   # characters before a date read for its weekday or relative word

@dataclass(frozen=True, slots=True)
class Estimate:
    day: str        # YYYY-MM-DD
    evidence: str   # the words it was read from
    how: str        # "dateline" | "weekday" | "relative"


def _words(text: str, start: int, end: int) -> str:
    """The text from start to end widened to whole words (and a closing bracket after the date)."""
    start = max(0, start)
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    if end < len(text) and text[end] == ")":
        end += 1
    return text[start:end].strip()


def _shift(day: str, days: int) -> str:
    try:
        return (date.fromisoformat(day[:10]) + timedelta(days=days)).isoformat()
    except ValueError:
        return day[:10]


WEEKDAY_NUMBER = {"senin": 0, "monday": 0, "selasa": 1, "tuesday": 1, "rabu": 2, "wednesday": 2, "kamis": 3,
                   "thursday": 3, "jumat": 4, "jum'at": 4, "friday": 4, "sabtu": 5, "saturday": 5,
                   "minggu": 6, "ahad": 6, "sunday": 6}


def _weekday_year(day: str, printed: str) -> str:
    """The date with its year mended when the printed weekday belongs to the same day and month one
    year later or earlier (a year mistyped in the lead: `Sabtu 9 Maret 2023` on a page of 2024)."""
    want = WEEKDAY_NUMBER.get(re.sub(r"[\s,(]+$", "", printed).lower())
    try:
        d = date.fromisoformat(day)
    except ValueError:
        return day
    if want is None or d.weekday() == want:
        return day
    for years in (1, -1):
        try:
            other = d.replace(year=d.year + years)
        except ValueError:
            continue
        if other.weekday() == want:
            return other.isoformat()
    return day


def estimate_published(body: list[str]) -> Estimate | None:
    """The publication day the opening paragraphs point to, or None when they name no full date.

    Of the full dates in the lead, the first one that is a dateline's date (`JAKARTA, 5 Oktober
    2020 -`), carries its weekday (`Selasa (12/6/2018)`) or a relative word (`kemarin`) wins."""
    text = ""
    for para in body[:LEAD_PARAGRAPHS]:
        if len(text) >= LEAD_CHARS:
            break
        text += (" " if text else "") + para
    text = text[:LEAD_CHARS]
    for hit in find_dates(text):
        day = hit.value[:10]
        if len(day) != 10:
            continue
        before = text[max(0, hit.start - BACK):hit.start]
        evidence = _words(text, hit.start - 12, hit.end)
        if hit.start < 40 and _DATELINE_LEAD.match(text[:hit.start]):
            return Estimate(day, evidence, "dateline")
        for rx, days in _SHIFT:
            m = rx.search(before)
            if m:
                return Estimate(_shift(day, days), _words(text, hit.start - len(before) + m.start(), hit.end),
                                "relative")
        wd = _WEEKDAY.search(before)
        if wd:
            return Estimate(_weekday_year(day, wd.group(0)), evidence, "weekday")
    # a plain date in the lead is as often a date the story looks back to (`sejak 8 Oktober 2022`,
    # `on May 1, 1923`) as the day of the report: 6 of 7 right on the dev pages, 0 of 4 on the field
    # benchmark; it gives no estimate
    return None
