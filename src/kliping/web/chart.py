"""Bar geometry for the small inline SVG charts (no JavaScript, no external library).

Written by hand: a handful of rectangles is all the entity page needs, and a charting
library would bring JavaScript or a CDN the reader is meant to do without."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int


@dataclass
class Chart:
    width: int
    height: int
    bars: list[Bar]
    max_value: int
    first_label: str = ""
    last_label: str = ""


def month_chart(points: list[tuple[str, int]], width: int = 640, height: int = 160, pad: int = 24) -> Chart:
    """Vertical bars, one per (label, value), left to right, scaled to the largest value."""
    if not points:
        return Chart(width, height, [], 0)
    top = max(v for _, v in points) or 1
    slot = (width - 2 * pad) / len(points)
    bar_w = min(40.0, max(2.0, slot * 0.8))
    usable = height - 2 * pad
    bars = []
    for i, (label, value) in enumerate(points):
        h = usable * value / top
        bars.append(Bar(round(pad + i * slot + (slot - bar_w) / 2, 1), round(height - pad - h, 1),
                        round(bar_w, 1), round(h, 1), label, value))
    return Chart(width, height, bars, top, points[0][0], points[-1][0])


def month_range(months: list[str]) -> list[str]:
    """Every month from the first to the last given ("YYYY-MM"), so gaps show as empty bars."""
    if not months:
        return []
    y, m = map(int, months[0].split("-"))
    ly, lm = map(int, months[-1].split("-"))
    out = []
    while (y, m) <= (ly, lm) and len(out) < 600:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def day_range(days: list[str], limit: int = 62) -> list[str] | None:
    """Every day from the first to the last given ("YYYY-MM-DD"), or None when they span more than
    `limit` days (then months are the unit) or are not all real dates."""
    from datetime import date, timedelta

    if not days:
        return []
    try:
        first, last = date.fromisoformat(days[0]), date.fromisoformat(days[-1])
    except ValueError:
        return None
    span = (last - first).days
    if span > limit:
        return None
    return [(first + timedelta(n)).isoformat() for n in range(span + 1)]


def spread_chart(days: list[tuple[str, int]]) -> tuple[Chart, str]:
    """Articles per day (a span up to two months, empty days shown) or per month, and which unit."""
    counts = dict(days)
    every = day_range(sorted(counts))
    if every is not None:
        return month_chart([(d, counts.get(d, 0)) for d in every]), "day"
    months: dict[str, int] = {}
    for d, n in days:
        months[d[:7]] = months.get(d[:7], 0) + n
    valid = sorted(m for m in months if len(m) == 7 and m[4] == "-" and m[:4].isdigit() and m[5:].isdigit())
    return month_chart([(m, months.get(m, 0)) for m in month_range(valid)]), "month"


COLOURS = ("#3b7bb0", "#c0572f", "#4d8b3a", "#8a4fa0", "#b08a1c")


@dataclass
class Line:
    label: str
    colour: str
    points: str        # SVG polyline points "x,y x,y ..."


@dataclass
class LinesChart:
    width: int
    height: int
    lines: list[Line]
    columns: list[tuple[float, float, int]]   # (x, width, period index): each period's click area
    max_value: float
    first_label: str
    last_label: str


def lines_chart(values: list[list[float]], labels: list[str], period_labels: list[str], width: int = 640,
                height: int = 200, pad: int = 28) -> LinesChart:
    """One polyline per series over the same periods, scaled to the largest value; a series of
    one period is drawn as a dot-long line."""
    n = len(period_labels)
    top = max((v for series in values for v in series), default=0) or 1
    slot = (width - 2 * pad) / max(n, 1)
    usable = height - 2 * pad
    lines = []
    for i, (series, label) in enumerate(zip(values, labels)):
        pts = [(pad + (j + 0.5) * slot, height - pad - usable * v / top) for j, v in enumerate(series)]
        if len(pts) == 1:
            pts = [(pts[0][0] - 2, pts[0][1]), (pts[0][0] + 2, pts[0][1])]
        lines.append(Line(label, COLOURS[i % len(COLOURS)], " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)))
    columns = [(round(pad + j * slot, 1), round(slot, 1), j) for j in range(n)]
    return LinesChart(width, height, lines, columns, top, period_labels[0] if n else "",
                      period_labels[-1] if n else "")
