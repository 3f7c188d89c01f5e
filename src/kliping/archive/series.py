"""Attention over time: how many articles a search finds per day, week or month, and what share
of all the articles under the same filters that is (issue 17).

Every match counts (no ranking cap), by its day (`published_day`: the publication day, else the
estimated one); a match with no real day is counted apart (`undated`). The interval is chosen
from the span of the matches unless asked: days up to DAY_SPAN days, weeks (ISO, Monday first) up
to WEEK_SPAN, months beyond; every period between the first and the last is listed, empty ones
too. The totals per day under the filters alone are kept per archive state and filters (a
search's share needs them, and they do not depend on the query).
"""
from __future__ import annotations

import sqlite3
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from .search import Filters, match_source

DAY_SPAN = 62
WEEK_SPAN = 731
INTERVALS = ("auto", "day", "week", "month")
MAX_SERIES = 5
_TOTALS: "OrderedDict[tuple, Counter]" = OrderedDict()
_TOTALS_KEPT = 32


@dataclass
class Period:
    start: str      # first day, YYYY-MM-DD
    end: str        # last day
    count: int
    total: int      # articles under the same filters in the period

    @property
    def share(self) -> float:
        return self.count / self.total if self.total else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "count": self.count, "total": self.total,
                "share": round(self.share, 4)}


@dataclass
class Series:
    query: str
    interval: str
    periods: list[Period] = field(default_factory=list)
    undated: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "interval": self.interval, "undated": self.undated,
                "periods": [p.to_dict() for p in self.periods]}


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value and len(value) == 10 else None
    except ValueError:
        return None


def _counts(db: sqlite3.Connection, text: str, filters: Filters, aliases: bool) -> Counter:
    """Matches per published_day (as text; None and irregular days kept as they are)."""
    source, args = match_source(db, text, filters, aliases)
    return Counter(dict(db.execute(f"SELECT a.published_day, count(*) {source} GROUP BY a.published_day",
                                   args).fetchall()))


def _totals(db: sqlite3.Connection, filters: Filters, state: Any) -> Counter:
    key = (state, tuple(sorted(vars(filters).items())))
    got = _TOTALS.get(key)
    if got is None:
        got = _counts(db, "", filters, False)
        _TOTALS[key] = got
        while len(_TOTALS) > _TOTALS_KEPT:
            _TOTALS.popitem(last=False)
    else:
        _TOTALS.move_to_end(key)
    return got


def _period_start(d: date, interval: str) -> date:
    if interval == "week":
        return d - timedelta(days=d.weekday())
    if interval == "month":
        return d.replace(day=1)
    return d


def _next(d: date, interval: str) -> date:
    if interval == "day":
        return d + timedelta(days=1)
    if interval == "week":
        return d + timedelta(days=7)
    return (d.replace(day=28) + timedelta(days=4)).replace(day=1)


def interval_for(first: date, last: date) -> str:
    span = (last - first).days
    return "day" if span <= DAY_SPAN else "week" if span <= WEEK_SPAN else "month"


def attention(db: sqlite3.Connection, texts: list[str], filters: Filters | None = None, interval: str = "auto",
              aliases: bool = True, state: Any = None) -> list[Series]:
    """One series per query (up to MAX_SERIES; an empty query: every article under the filters),
    over the same periods. `state`: a name for the archive's current state (the totals under the
    filters are kept per state); None computes them afresh."""
    filters = filters or Filters()
    filters.check()
    if interval not in INTERVALS:
        from .search import QueryError

        raise QueryError(f"interval must be one of {', '.join(INTERVALS)}",
                         f"satuan waktu harus salah satu dari {', '.join(INTERVALS)}")
    texts = (texts or [""])[:MAX_SERIES]
    counts = [_counts(db, t, filters, aliases) for t in texts]
    totals = _totals(db, filters, state) if state is not None else _counts(db, "", filters, False)
    days = sorted({d for c in counts for d in (_day(k) for k in c) if d})
    out = []
    if not days:
        return [Series(t, "day" if interval == "auto" else interval, [], sum(c.values())) for t, c in zip(texts, counts)]
    unit = interval_for(days[0], days[-1]) if interval == "auto" else interval
    starts = []
    d = _period_start(days[0], unit)
    while d <= days[-1] and len(starts) < 5000:
        starts.append(d)
        d = _next(d, unit)
    index = {s: i for i, s in enumerate(starts)}
    per_total = [0] * len(starts)
    for k, n in totals.items():
        day = _day(k)
        if day and starts[0] <= day <= days[-1]:
            per_total[index[_period_start(day, unit)]] += n
    for text, c in zip(texts, counts):
        per = [0] * len(starts)
        undated = 0
        for k, n in c.items():
            day = _day(k)
            if day is None:
                undated += n
            else:
                per[index[_period_start(day, unit)]] += n
        periods = [Period(s.isoformat(), (_next(s, unit) - timedelta(days=1)).isoformat(), per[i], per_total[i])
                   for i, s in enumerate(starts)]
        out.append(Series(text, unit, periods, undated))
    return out
