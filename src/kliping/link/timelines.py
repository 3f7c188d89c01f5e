"""Entity timelines: for a canonical entity, its mentions day by day and the stories it appears in."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import math

_EPOCH = date(1970, 1, 1)


@dataclass(slots=True)
class TimelinePoint:
    day: str | None              # ISO day; None: articles without a date
    articles: int
    mentions: int


@dataclass(slots=True)
class EntityTimeline:
    key: str                     # Entity.key
    name: str
    type: str
    articles: int                # articles mentioning it
    mentions: int                # mentions in all of them
    first: str | None
    last: str | None
    days: list[TimelinePoint] = field(default_factory=list)      # in time order, undated last
    stories: list[str] = field(default_factory=list)             # Story ids, most articles first


def day_of(t: float) -> str | None:
    if math.isnan(t):
        return None
    return (_EPOCH + timedelta(days=math.floor(t))).isoformat()


def build_timeline(key: str, name: str, type_: str, hits: list[tuple[int, int]], times, story_of) -> EntityTimeline:
    """`hits`: (article position, mentions) pairs; `times`: days since 1970 per position (nan: undated);
    `story_of(position)`: the article's Story id."""
    per_day: dict[str | None, list[int]] = {}
    stories: dict[str, int] = {}
    for pos, m in hits:
        d = day_of(float(times[pos]))
        slot = per_day.setdefault(d, [0, 0])
        slot[0] += 1
        slot[1] += m
        s = story_of(pos)
        if s:
            stories[s] = stories.get(s, 0) + 1
    dated = sorted(d for d in per_day if d is not None)
    days = [TimelinePoint(d, per_day[d][0], per_day[d][1]) for d in dated]
    if None in per_day:
        days.append(TimelinePoint(None, per_day[None][0], per_day[None][1]))
    return EntityTimeline(
        key=key, name=name, type=type_, articles=len(hits), mentions=sum(m for _, m in hits),
        first=dated[0] if dated else None, last=dated[-1] if dated else None, days=days,
        stories=sorted(stories, key=lambda s: (-stories[s], s)))
