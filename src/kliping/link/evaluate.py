"""Stories scored against labelled news events: pairwise precision, recall and F1, and merges.

An events file holds one JSON object a line: {"id": page id, "event": event key} (no page text).
The whole collection is linked (so unlabelled pages can pull labelled ones apart or together);
only pairs of labelled pages are scored. A merge is a story holding pages of two labelled events.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field, replace
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Article

if TYPE_CHECKING:
    from .background import Background


@dataclass(slots=True)
class StoryScores:
    pages: int
    events: int
    events_3plus: int
    tp: int
    fp: int
    fn: int
    merges: list[list[str]] = field(default_factory=list)   # event keys found together in one story
    splits: dict[str, int] = field(default_factory=dict)    # event -> stories its pages fell into (> 1)
    # B-cubed (Bagga and Baldwin 1998): per labelled page, the share of its story that is its event
    # (precision) and of its event that is in its story (recall), averaged over the pages
    b3_precision: float = 1.0
    b3_recall: float = 1.0

    @property
    def b3_f1(self) -> float:
        p, r = self.b3_precision, self.b3_recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def summary(self) -> dict:
        return {"pages": self.pages, "events": self.events, "events_3plus": self.events_3plus,
                "pairs_tp": self.tp, "pairs_fp": self.fp, "pairs_fn": self.fn,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "b3_precision": round(self.b3_precision, 4), "b3_recall": round(self.b3_recall, 4),
                "b3_f1": round(self.b3_f1, 4), "merges": self.merges, "split_events": self.splits}


def load_events(*paths: Path) -> dict[str, str]:
    """Page id -> event key over one or more labels files; a page given two different events is an error."""
    out: dict[str, str] = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if line.strip():
                    rec = json.loads(line)
                    if out.get(rec["id"], rec["event"]) != rec["event"]:
                        raise ValueError(f"{path}:{n}: page {rec['id']} labelled {rec['event']!r}, "
                                         f"already {out[rec['id']]!r}")
                    out[rec["id"]] = rec["event"]
    return out


def score_stories(events: dict[str, str], story_of: dict[str, str | None]) -> StoryScores:
    """Pairwise scores of a story assignment (article id -> story id) on labelled pages."""
    ids = sorted(i for i in events if i in story_of)
    tp = fp = fn = 0
    for a, b in combinations(ids, 2):
        same_event = events[a] == events[b]
        same_story = story_of[a] is not None and story_of[a] == story_of[b]
        if same_story and same_event:
            tp += 1
        elif same_story:
            fp += 1
        elif same_event:
            fn += 1
    by_story: dict[str, set[str]] = defaultdict(set)
    by_event: dict[str, set[str]] = defaultdict(set)
    for i in ids:
        s = story_of[i] or f"none:{i}"
        by_story[s].add(events[i])
        by_event[events[i]].add(s)
    merges = sorted(sorted(evs) for evs in by_story.values() if len(evs) > 1)
    splits = {e: len(s) for e, s in sorted(by_event.items()) if len(s) > 1}
    sizes: dict[str, int] = defaultdict(int)
    for i in ids:
        sizes[events[i]] += 1
    # B-cubed over the labelled pages (a page with no story is a story of its own)
    members: dict[str, list[str]] = defaultdict(list)
    for i in ids:
        members[story_of[i] or f"none:{i}"].append(i)
    b3p = b3r = 0.0
    for i in ids:
        mates = members[story_of[i] or f"none:{i}"]
        right = sum(1 for j in mates if events[j] == events[i])
        b3p += right / len(mates)
        b3r += right / sizes[events[i]]
    n = max(1, len(ids))
    return StoryScores(pages=len(ids), events=len(sizes), events_3plus=sum(1 for v in sizes.values() if v >= 3),
                       tp=tp, fp=fp, fn=fn, merges=merges, splits=splits,
                       b3_precision=b3p / n if ids else 1.0, b3_recall=b3r / n if ids else 1.0)


def event_family(event: str) -> str:
    """An event key without its dates and numbers (`kyiv-missile-2025-02-12` -> `kyiv-missile`):
    events of one family (the same kind of event in one place, told apart only by when) stay in one
    half of a split, so each half keeps its hard negatives."""
    return "-".join(p for p in event.split("-") if p and not any(c.isdigit() for c in p))


def halves(events: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """The labelled pages in two halves by event family (a stable hash of the family's name)."""
    import zlib

    a: dict[str, str] = {}
    b: dict[str, str] = {}
    for page, ev in events.items():
        (a if zlib.crc32(event_family(ev).encode("utf-8")) % 2 == 0 else b)[page] = ev
    return a, b


def articles_from_pages(path: Path) -> list[Article]:
    """Articles extracted from a pages file (any input kliping reads)."""
    from ..read import read_inputs
    from ..run.extract import Extractor

    return [a for a in Extractor().process(read_inputs([str(path)])) if isinstance(a, Article)]


def articles_from_jsonl(path: Path) -> list[Article]:
    from .records import article_from_record, read_records

    with open(path, encoding="utf-8") as f:
        return [article_from_record(r) for r in read_records(f) if r.get("type", "article") == "article"]


BACKGROUNDS = ("held-out", "shipped", "none")


def story_assignment(articles: list[Article], events: dict[str, str], params=None,
                     background: str = "held-out") -> tuple[dict[str, str | None], set[tuple[str, str]]]:
    """Link the articles: (article id -> story id, pairs of labelled pages of the two halves put in
    one story).

    `background` (the term-weight table, background.py): `shipped` is the package's table, counted
    from the dev pages themselves, so that each dev event's words already sit in it (in-sample);
    `held-out` links the collection once per half of the events (halves()), with a table counted
    from every page but that half's, and gives each labelled page its story in its own half's run
    (a pair across the halves is together when either run puts it in one story); `none` counts the
    run's articles only."""
    from .background import background_from_articles
    from .collection import LinkParams, Linker

    if background not in BACKGROUNDS:
        raise ValueError(f"background must be one of {', '.join(BACKGROUNDS)}")
    params = params or LinkParams()
    if background != "held-out":
        if background == "none":
            params = replace(params, background=False)
        linker = Linker(params)
        linker.add(articles)
        return {i: linker.story_id(p) for i, p in linker.pos.items()}, set()
    runs: list[dict[str, str | None]] = []
    composite: dict[str, str | None] = {}
    parts = halves(events)
    for k, half in enumerate(parts):
        linker = Linker(params, background=background_from_articles(a for a in articles if a.id not in half))
        linker.add(articles)
        story_of = {i: linker.story_id(p) for i, p in linker.pos.items()}
        runs.append(story_of)
        for i in half:
            if i in story_of:
                composite[i] = None if story_of[i] is None else f"{k}:{story_of[i]}"
    across: set[tuple[str, str]] = set()
    for story_of in runs:
        by_story: dict[str, list[str]] = defaultdict(list)
        for i in events:
            s = story_of.get(i)
            if s is not None:
                by_story[s].append(i)
        for ids in by_story.values():
            across.update((x, y) for x in ids if x in parts[0] for y in ids if y in parts[1])
    return composite, across


def link_stories(articles: list[Article], events: dict[str, str], params=None,
                 background: str = "held-out") -> StoryScores:
    """Link the articles and score the labelled pages' stories (story_assignment); a pair across the
    halves put in one story counts as wrongly together and as a merge (B-cubed is of each half's run)."""
    story_of, across = story_assignment(articles, events, params, background)
    sc = score_stories(events, story_of)
    if across:
        sc.fp += len(across)
        extra = {tuple(sorted({events[x], events[y]})) for x, y in across}
        sc.merges = sorted(sc.merges + [list(m) for m in extra])
    return sc


def assign_stories(articles: list[Article], background: "Background | None | bool" = True) -> dict[str, str | None]:
    """Link the articles (in the given order): article id -> story id. `background` True is the
    shipped table, False none, or a table (one counted without these pages: background_from_articles)."""
    from .collection import LinkParams, Linker

    linker = (Linker(LinkParams(background=background)) if isinstance(background, bool)
              else Linker(background=background))
    linker.add(articles)
    return {i: linker.story_id(p) for i, p in linker.pos.items()}


def score_alone(articles: list[Article], half: dict[str, str], background: "Background | None | bool" = True
                ) -> StoryScores:
    """The labelled pages of `half` (page id -> event) linked on their own, as a small batch of pages
    from unseen outlets is, and scored (`background` as for assign_stories)."""
    return score_stories(half, assign_stories([a for a in articles if a.id in half], background))
