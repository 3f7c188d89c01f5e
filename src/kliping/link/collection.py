"""Linking a collection: duplicates, related articles, stories and entity timelines.

`link(articles)` links a list of articles at once (and fills their link fields);
`Linker` keeps the state so that `add(more)` places new articles without recomputing the
collection. A Linker keeps only what linking needs of each article (id, outlet, title, time,
vectors), not the article text, so it can hold a large collection.
"""
from __future__ import annotations

import hashlib
import math
import os
import re
import sys
import tempfile
from array import array
import resource
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from itertools import islice
from urllib.parse import urlsplit
from typing import Iterable, Iterator

import numpy as np
import scipy.sparse as sp

from ..clean.dates import find_dates
from ..clean.estimate import WEEKDAY_NUMBER
from ..model import Article, DuplicateGroup, RelatedLink, Story, TimelineEntry
from . import dedup as dd
from .background import Background, shipped_background
from .related import RelatedIndex, RelatedParams, reasons
from .shingles import body_paragraphs, normalise
from .stories import StoryIndex, StoryParams, entity_counts
from .terms import Stemmer, article_text_parts, term_counts
from .timelines import EntityTimeline, build_timeline
from .vectors import EntitySpace, TermSpace, vstack

CHUNK = 20_000       # bodies the near-duplicate search takes at a time (its candidates depend on it; Spark mirrors it)
READ_CHUNK = 2_000   # articles read at a time: the transient of a chunk (articles with their bodies) stays small
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dataclass(slots=True)
class LinkParams:
    dedup: dd.DedupParams = field(default_factory=dd.DedupParams)
    related: RelatedParams = field(default_factory=RelatedParams)
    stories: StoryParams = field(default_factory=StoryParams)
    background: bool = True    # term weights count the shipped background table too (background.py)


@dataclass(slots=True)
class LinkResult:
    articles: list[Article]
    duplicates: list[DuplicateGroup]
    stories: list[Story]
    entities: list[EntityTimeline]


def _days(value: str | None) -> float:
    """Days since 1970 (UTC) of an ISO date or date-time; nan when absent or unreadable."""
    if not value:
        return math.nan
    try:
        d = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return math.nan
    if d.tzinfo is None:
        d = d.replace(tzinfo=timezone.utc)
    return (d - _EPOCH).total_seconds() / 86400.0


def article_time(article: Article) -> float:
    """When the article appeared, in days since 1970: published, else updated, else its estimated
    day (clean/estimate.py), else the first full date written in its opening paragraphs
    ("Jumat (26/2/2021)"); nan when none is known."""
    for v in (article.published, article.updated, article.published_estimate):
        t = _days(v)
        if not math.isnan(t):
            return t
    text = " ".join(body_paragraphs(article.body[:3]))[:800]
    for hit in find_dates(text):
        t = _days(hit.value)
        if not math.isnan(t):
            return t
    return math.nan


_MONTHS = {m: k for k, m in enumerate(("januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus",
                                         "september", "oktober", "november", "desember"), start=1)}
_DM_NUM_RE = re.compile(r"\((?:[^\W\d_]+,?\s*)?(\d{1,2})/(\d{1,2})\)")
_DM_NAME_RE = re.compile(r"\b(\d{1,2})\s+(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b(?!\s*\d)",
                         re.IGNORECASE)


def story_text(article: Article) -> str:
    """The story's paragraphs as one text (the first 6,000 characters): what an undated article's
    days and time window are read from."""
    return " ".join(body_paragraphs(article.body))[:6000]


def day_months(article: Article, text: str | None = None) -> list[tuple[int, int]]:
    """(month, day) pairs written without a year in the story's paragraphs: "Rabu (12/2)", "Selasa,
    10 September". The whole body, not only the lead: a day named further down ("mendaftar pada
    Selasa (18/6)") places an undated report as well, since the day must still fall inside the
    story it joins. `text`: story_text(article) when the caller has it."""
    text = story_text(article) if text is None else text
    out = [(int(m), int(d)) for d, m in _DM_NUM_RE.findall(text) if 1 <= int(m) <= 12 and 1 <= int(d) <= 31]
    out += [(_MONTHS[m.lower()], int(d)) for d, m in _DM_NAME_RE.findall(text) if 1 <= int(d) <= 31]
    return list(dict.fromkeys(out))


# a weekday named as the day of the news, with no date beside it: "di Jakarta, Selasa.", "pada
# Selasa sore"; not "Selasa (12/6)" or "Selasa, 10 September" (day_months reads those), nor a day
# looked back or forward to ("Senin kemarin", "Minggu lalu": also "last week")
_LEAD_WEEKDAY_RE = re.compile(r"(?:,\s*|\b[Pp]ada\s+|\b[Hh]ari\s+)(Senin|Selasa|Rabu|Kamis|Jum'?at|Sabtu|Minggu|Ahad)\b"
                              r"(?!\s*(?:\(|,?\s*\d|kemarin|lalu|depan|mendatang|ini\b|ke\b))")
LEAD_WEEKDAY_CHARS = 1200


def lead_weekdays(text: str) -> list[int]:
    """The weekdays (0 = Monday) the lead of a story text names as the day of the news."""
    return list(dict.fromkeys(WEEKDAY_NUMBER[w.lower()] for w in _LEAD_WEEKDAY_RE.findall(text[:LEAD_WEEKDAY_CHARS])))


# Sentences of the lead that print figures, as (skeleton, figures) hashes. A report of a recurring
# kind (a market close, a daily count, the day's rupiah rate) repeats its sentences day after day
# with other figures: "IHSG ditutup melemah # poin atau # persen ke posisi #." Two reports of one
# event that share such a sentence share its figures (a wire copy), so the same skeleton with other
# figures tells two undated reports of two days apart (`StoryIndex._figures_conflict`).
_FIGURE_RE = re.compile(r"\d+(?:[.,]\d+)*")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+")
FIGURE_WORDS = 250          # the lead, as the story terms read it
FIGURE_MIN_WORDS = 5        # a shorter sentence ("Skor 2-1.") is no template
MAX_FIGURE_SENTENCES = 4       # the first ones: a wire report's figures open it


def _hash32(text: str) -> int:
    # stable across processes (Spark executors and the driver, a saved linking state): not hash()
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=4).digest(), "little")


def lead_figures(text: str) -> bytes:
    """The lead sentences of a story text that print two or more numbers, each as one 64-bit
    integer (array "q", packed to bytes: ~60 bytes an article, held for every undated one): the hash
    of the sentence lower-cased with its numbers masked in the high 32 bits, the hash of its numbers
    in order in the low 32."""
    out = array("q")
    for sentence in _SENTENCE_END_RE.split(" ".join(text.split()[:FIGURE_WORDS])):
        figures = _FIGURE_RE.findall(sentence)
        if len(figures) < 2:
            continue
        skeleton = _FIGURE_RE.sub("#", sentence.lower())
        if len(skeleton.split()) < FIGURE_MIN_WORDS:
            continue
        v = (_hash32(skeleton) << 32) | _hash32(" ".join(figures))
        out.append(v - (1 << 64) if v >= 1 << 63 else v)
        if len(out) >= MAX_FIGURE_SENTENCES:
            break
    return out.tobytes()


# The time window of an undated article, from what its URL and text still tell (see time_window).
WINDOW_MAX_DAYS = 62.0          # a wider window (a year in the URL, dates far apart) is no constraint
BODY_FOLLOW_DAYS = 30.0         # news is written within weeks of the dates it names
_URL_EPOCH_RE = re.compile(r"(?<!\d)(1[0-9]{9})(?!\d)")            # Unix seconds (riau24: /1739343492-...)
_URL_YEAR_MONTH_RE = re.compile(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])(?=/)")   # /2022/03/slug (no day)
_EPOCH_MIN, _EPOCH_MAX = 946_684_800, 4_102_444_800                  # 2000 to 2100


def _url_window(url: str | None) -> tuple[float, float] | None:
    if not url:
        return None
    try:
        path = urlsplit(url).path if "//" in url else url
    except ValueError:              # a malformed URL ("http://[x") tells nothing
        return None
    m = _URL_EPOCH_RE.search(path)
    if m and _EPOCH_MIN <= int(m.group(1)) < _EPOCH_MAX:
        t = int(m.group(1)) / 86400.0
        return t - 1.0, t + 1.0
    m = _URL_YEAR_MONTH_RE.search(path)
    if m:
        y, mo = int(m.group(1)), int(m.group(2))
        lo = _days(f"{y:04d}-{mo:02d}-01")
        hi = _days(f"{y + (mo == 12):04d}-{mo % 12 + 1:02d}-01")
        return lo, hi
    return None


def _url_slug_text(url: str | None) -> str:
    """The last segment of a URL's path as words ("update-covid-19-5-april-2022.html" -> "update
    covid 19 5 april 2022"): a slug is the headline, and a headline names the day of an update."""
    if not url:
        return ""
    try:
        path = urlsplit(url).path if "//" in url else url
    except ValueError:
        return ""
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return _SLUG_SEP_RE.sub(" ", _SLUG_EXT_RE.sub("", last))


_SLUG_SEP_RE = re.compile(r"[-_+]+")
_SLUG_EXT_RE = re.compile(r"\.(?:s?html?|php|aspx?)$", re.IGNORECASE)


def time_window(article: Article, text: str | None = None) -> tuple[float, float] | None:
    """(earliest, latest) plausible time, in days since 1970, of an article with no date: a Unix
    time or a year and month in its URL, and the full dates its headline, its URL's slug and its
    body name (the article is written from a week before the first to BODY_FOLLOW_DAYS after the
    last). Both known: their overlap (the URL's alone when they do not meet). None when nothing
    narrows it to WINDOW_MAX_DAYS."""
    url = _url_window(article.url)
    named = [article.title or "", _url_slug_text(article.url), story_text(article) if text is None else text]
    days = [_days(h.value) for part in named for h in find_dates(part)]
    days = [d for d in days if not math.isnan(d)]
    body = (min(days) - 7.0, max(days) + BODY_FOLLOW_DAYS) if days else None
    if url and body:
        lo, hi = max(url[0], body[0]), min(url[1], body[1])
        window = (lo, hi) if lo <= hi else url
    else:
        window = url or body
    if window is None or window[1] - window[0] > WINDOW_MAX_DAYS:
        return None
    return window


def _batched(items: Iterable[Article], n: int) -> Iterator[list[Article]]:
    it = iter(items)
    while chunk := list(islice(it, n)):
        yield chunk


class Linker:
    """Incremental linking state over a growing collection."""

    def __init__(self, params: LinkParams | None = None, chunk: int = CHUNK, timelines: bool = True,
                 background: Background | None = None) -> None:
        """`background`: another table than the shipped one (evaluation builds one per half)."""
        self.p = params or LinkParams()
        self.chunk = chunk
        # entity timelines (entity_timelines()) need every mention's article: ~330 bytes an article
        # that the archive's linking (which stores no timelines) does without
        self.timelines = timelines
        self.dedup = dd.DedupIndex(self.p.dedup)
        if background is None and self.p.background:
            background = shipped_background()
        self.terms = TermSpace(background=background)
        self.entity_space = EntitySpace()
        self.stemmer = Stemmer()
        self.related = RelatedIndex(self.p.related)
        self.story_index = StoryIndex(self.p.stories)
        self.ids: list[str] = []
        self.pos: dict[str, int] = {}
        self.outlets: list[str | None] = []
        self.titles: list[str | None] = []
        self.published: list[str | None] = []
        self.times = np.zeros(0, dtype=np.float64)
        self.lengths = np.zeros(0, dtype=np.int64)
        # per entity: article positions and mention counts, interleaved in one array of 32-bit ints
        # (a list of tuples costs ~60 bytes a mention; a large collection holds ~20 a document)
        self.entity_hits: dict[int, array] = {}
        self.entity_info: dict[int, tuple[str, str]] = {}
        self.day_months: dict[int, list[tuple[int, int]]] = {}
        self.windows: dict[int, tuple[float, float]] = {}
        self.weekdays: dict[int, list[int]] = {}     # undated articles' weekdays named in the lead
        self.figures: dict[int, bytes] = {}          # undated articles' lead sentences with figures
        self.X: sp.csr_matrix | None = None
        self.E: sp.csr_matrix | None = None
        self.groups: dd.Groups | None = None
        self._last_new = np.zeros(0, dtype=np.int64)   # what the last add changed (related_changed)
        self._moved = np.zeros(0, dtype=np.int64)
        self.seconds: Counter[str] = Counter()    # wall time per stage, summed over adds
        self.peak_mb: dict[str, float] = {}       # the process's peak RSS (MB) when each stage last ended

    def __len__(self) -> int:
        return len(self.ids)

    # ------------------------------------------------------------------ adding
    def add(self, articles: Iterable[Article]) -> np.ndarray:
        """Add articles (an id seen before is skipped); returns their positions."""
        start = len(self.ids)
        counts_parts = _SpilledParts()      # every new article's term counts, weighed once all are read
        ent_rows = (array("i"), array("q"))        # every new article's entity ids (flat) and their count
        pending: list[str] = []                      # normalised bodies waiting for the next dedup batch
        for chunk in _batched(articles, min(READ_CHUNK, self.chunk)):
            self._ingest(chunk, counts_parts, ent_rows, pending)
            if len(pending) >= self.chunk:
                self._dedup(pending[:self.chunk])
                del pending[:self.chunk]
        while pending:
            self._dedup(pending[:self.chunk])
            del pending[:self.chunk]
        self._peak("read")
        new = np.arange(start, len(self.ids))
        if not len(new):
            return new
        t0 = time.perf_counter()
        X_new = self._weigh(counts_parts)
        self.X = vstack(self.X, X_new, len(self.terms.names))
        self.E = vstack(self.E, self.entity_space.rows_of_ids(*ent_rows), len(self.entity_space.names))
        del ent_rows
        self.seconds["features"] += time.perf_counter() - t0
        self._peak("features")
        t0 = time.perf_counter()
        old_root = self.groups.root if self.groups is not None else None
        self.groups = dd.groups(self.dedup, self.times, self.lengths.astype(np.float64))
        # for related_changed(): the articles added, and the older ones whose group merged with another
        self._last_new = new
        self._moved = (np.zeros(0, dtype=np.int64) if old_root is None else
                       np.nonzero(old_root != self.groups.root[:len(old_root)])[0])
        self.seconds["dedup"] += time.perf_counter() - t0
        self._peak("dedup")
        t0 = time.perf_counter()
        # stories first: an undated article that joins a story takes its date (related reads it)
        self.story_index.add(new, self.X, EntityRows(self.E), self.times, self.groups.canonical, self.day_months,
                             self.windows, self.weekdays, self.figures)
        self.seconds["stories"] += time.perf_counter() - t0
        self._peak("stories")
        t0 = time.perf_counter()
        self.related.add(new, self.X, self.E, self.times, self.groups.root, self.terms.df[:len(self.terms.names)])
        self.seconds["related"] += time.perf_counter() - t0
        self._peak("related")
        return new

    def _peak(self, stage: str) -> None:
        self.peak_mb[stage] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0

    def _dedup(self, norm: list[str]) -> None:
        t0 = time.perf_counter()
        self.dedup.add(norm)
        self.seconds["dedup"] += time.perf_counter() - t0

    def _ingest(self, chunk: list[Article], counts_parts, ent_rows, pending: list[str]) -> None:
        fresh = []
        for a in chunk:
            if a.id in self.pos:
                continue
            self.pos[a.id] = len(self.ids) + len(fresh)
            fresh.append(a)
        if not fresh:
            return
        base = len(self.ids)
        t0 = time.perf_counter()
        norm = [normalise(a.body) for a in fresh]
        pending.extend(norm)
        self.seconds["dedup"] += time.perf_counter() - t0
        t0 = time.perf_counter()
        rows = []
        stemmer = self.stemmer
        ent_space = self.entity_space
        for k, a in enumerate(fresh):
            head, lead = article_text_parts(a)
            rows.append(term_counts(head, lead, stemmer))
            ids: dict[int, None] = {}
            for e in a.entities:
                if not e.key:
                    continue
                eid = ent_space.vocab.get(e.key)
                if eid is None:
                    eid = ent_space.vocab[e.key] = len(ent_space.names)
                    ent_space.names.append(e.key)
                if self.timelines:
                    self.entity_info.setdefault(eid, (e.name, e.type))
                    hits = self.entity_hits.get(eid)
                    if hits is None:
                        hits = self.entity_hits[eid] = array("i")
                    hits.append(base + k)
                    hits.append(min(max(1, e.mentions), 2**31 - 1))
                ids[eid] = None
            ent_rows[0].extend(ids)
            ent_rows[1].append(len(ids))
        counts_parts.append(self.terms.counts(rows))
        self.ids.extend(a.id for a in fresh)
        self.outlets.extend(sys.intern(a.outlet) if a.outlet else a.outlet for a in fresh)  # a few outlets, many articles
        self.titles.extend(a.title for a in fresh)
        self.published.extend(a.published for a in fresh)
        ts = [article_time(a) for a in fresh]
        for k, (a, t) in enumerate(zip(fresh, ts)):
            if math.isnan(t):
                text = story_text(a)
                dms = day_months(a, text)
                if dms:
                    self.day_months[base + k] = dms
                window = time_window(a, text)
                if window is not None:
                    self.windows[base + k] = window
                wds = lead_weekdays(text)
                if wds:
                    self.weekdays[base + k] = wds
                figs = lead_figures(text)
                if figs:
                    self.figures[base + k] = figs
        self.times = np.concatenate([self.times, np.array(ts, dtype=np.float64)])
        self.lengths = np.concatenate([self.lengths, np.array([len(x) for x in norm], dtype=np.int64)])
        self.seconds["features"] += time.perf_counter() - t0

    def _weigh(self, parts: "_SpilledParts") -> sp.csr_matrix:
        mats = []
        for indptr, idx, cnt in parts.drain():       # one part in memory at a time
            mats.append(self.terms.weigh(indptr, idx, cnt))
        cols = max(1, len(self.terms.names))
        for m in mats:
            m.resize((m.shape[0], cols))
        return sp.vstack(mats, format="csr")

    # ------------------------------------------------------------------ reading
    def story_id(self, pos: int) -> str | None:
        s = self.story_index.of[pos] if pos < len(self.story_index.of) else -1
        if s < 0:
            return None
        return "story:" + self.ids[self.story_index.stories[s].members[0]]

    def duplicate_groups(self, positions: np.ndarray | None = None) -> list[DuplicateGroup]:
        """The groups of two or more articles; with `positions`, only the groups holding any of them."""
        g = self.groups
        if g is None:
            return []
        multi = np.nonzero(g.size > 1)[0]
        if positions is not None:
            multi = multi[np.isin(g.root[multi], g.root[np.asarray(positions, dtype=np.int64)])]
        by_root: dict[int, list[int]] = {}
        for i in multi.tolist():
            by_root.setdefault(int(g.root[i]), []).append(i)
        out = []
        for members in by_root.values():
            canon = int(g.canonical[members[0]])
            out.append(DuplicateGroup(id="dup:" + self.ids[canon], kind="exact" if g.exact[canon] else "near",
                                      canonical=self.ids[canon], members=[self.ids[i] for i in members]))
        return out

    def stories(self, min_articles: int = 1) -> list[Story]:
        return list(self.iter_stories(min_articles))

    def iter_stories(self, min_articles: int = 1) -> Iterator[Story]:
        """The stories one at a time (a large collection's timelines are not all built at once)."""
        for st in self.story_index.stories:
            if len(st.members) >= min_articles:
                yield self._story(st)

    def stories_of(self, positions: np.ndarray) -> Iterator[Story]:
        """The stories that hold any of these articles (each once), one at a time."""
        of = self.story_index.of
        for s in sorted({of[int(p)] for p in positions if p < len(of) and of[int(p)] >= 0}):
            yield self._story(self.story_index.stories[s])

    def _story(self, st) -> Story:
        """One story as the archive stores it: label, first and last time, timeline, entities, terms."""
        X = self.X
        names = self.terms.names
        rep = self.story_index.representative(st, X)
        members = sorted(st.members, key=lambda i: (math.isnan(self.times[i]), self.times[i], i))
        timeline = [TimelineEntry(article=self.ids[i], published=self.published[i], outlet=self.outlets[i],
                                  title=self.titles[i]) for i in members]
        terms = [names[t] for t, _ in sorted(self.story_index.centroid(st).items(), key=lambda kv: -kv[1])[:8]]
        # the headline of its most central article, else any headline, else its heaviest terms
        label = (self.titles[rep] or next((self.titles[i] for i in st.members if self.titles[i]), None)
                 or " · ".join(terms[:4]))
        ents = [self.entity_space.names[e] for e, _ in entity_counts(st).most_common(8)] if st.entities else []
        return Story(id="story:" + self.ids[st.members[0]], label=label, first=_iso(st.first),
                     last=_iso(st.last), entities=ents, timeline=timeline, terms=terms)

    def entity_timelines(self) -> list[EntityTimeline]:
        if not self.timelines:
            raise ValueError("this Linker keeps no entity timelines (made with timelines=False)")
        out = []
        for eid, hits in self.entity_hits.items():
            name, type_ = self.entity_info[eid]
            out.append(build_timeline(self.entity_space.names[eid], name, type_, _pairs(hits), self.times,
                                      self.story_id))
        out.sort(key=lambda e: (-e.articles, e.key))
        return out

    def entity_timeline(self, key: str) -> EntityTimeline | None:
        eid = self.entity_space.vocab.get(key)
        if eid is None or eid not in self.entity_hits:
            return None
        name, type_ = self.entity_info[eid]
        return build_timeline(key, name, type_, _pairs(self.entity_hits[eid]), self.times, self.story_id)

    def iter_related(self) -> Iterator[tuple[str, list[RelatedLink]]]:
        """(article id, its related links) of every article that has any, one at a time."""
        if self.groups is None:
            return
        root, size = self.groups.root, self.groups.size
        # the members of a group share one list: built once, kept until its last member is served
        pending: dict[int, list] = {}
        for pos, art_id in enumerate(self.ids):
            r = int(root[pos])
            if self.related.ids[r, 0] < 0:
                continue
            if size[pos] == 1:
                yield art_id, self.related_of(pos)
                continue
            held = pending.get(r)
            if held is None:
                held = pending[r] = [self.related_of(pos), int(size[pos])]
            held[1] -= 1
            if not held[1]:
                del pending[r]
            yield art_id, held[0]

    def related_of(self, pos: int) -> list[RelatedLink]:
        """The related links of the article at `pos`: its duplicate group's list (scored once, for
        the group's representative), each to the canonical article of a related group."""
        if self.groups is None:
            return []
        root, canonical = self.groups.root, self.groups.canonical
        r = int(root[pos])
        out = []
        seen = {r}
        for j, s in zip(self.related.ids[r].tolist(), self.related.scores[r].tolist()):
            if j < 0:
                break
            g = int(root[j])               # a group merged into another since it was scored: that one
            if g in seen:
                continue
            seen.add(g)
            why = reasons(r, j, self.X, self.E, self.terms.names, self.entity_space.names, self.times)
            out.append(RelatedLink(id=self.ids[int(canonical[g])], score=round(float(s), 4), reasons=why))
        return out

    def related_changed(self) -> np.ndarray:
        """Positions whose related links the last add() may have changed: the members of the groups
        whose list changed, the new articles (a new copy of an older article shows its group's list
        as it stands), and the articles whose group merged with another. (A related group whose
        canonical article changed is pointed at anew by the next relink.)"""
        if self.groups is None:
            return np.zeros(0, dtype=np.int64)
        changed = self.related.changed()
        members = np.nonzero(np.isin(self.groups.root, changed))[0] if len(changed) else changed
        return np.union1d(np.union1d(members, self._last_new), self._moved)

    def annotate(self, article: Article) -> Article:
        """Fill an added article's link fields (duplicate_of, duplicate_group, related, story)."""
        pos = self.pos.get(article.id)
        if pos is None or self.groups is None:
            return article
        g = self.groups
        if g.size[pos] > 1:
            canon = int(g.canonical[pos])
            article.duplicate_group = "dup:" + self.ids[canon]
            article.duplicate_of = self.ids[canon] if canon != pos else None
        else:
            article.duplicate_group = article.duplicate_of = None
        article.related = self.related_of(pos)
        article.story = self.story_id(pos)
        return article

    def result(self, articles: list[Article]) -> LinkResult:
        for a in articles:
            self.annotate(a)
        return LinkResult(articles=articles, duplicates=self.duplicate_groups(), stories=self.stories(),
                          entities=self.entity_timelines())


class _SpilledParts:
    """The term counts of the articles being added, a chunk's (indptr, term ids, counts) at a time,
    kept in an unnamed temporary file until they are weighed: the weights need the document
    frequencies of the whole batch, and a million articles' counts (~150 a document, 8 bytes
    each) would otherwise sit in memory through the read."""

    def __init__(self) -> None:
        self._file = None
        self._parts: list[tuple[int, int, int]] = []       # rows, entries, byte offset

    def append(self, part: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
        indptr, idx, cnt = part
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="kliping-counts-")
        offset = self._file.seek(0, os.SEEK_END)
        for a in (indptr.astype(np.int64), idx.astype(np.int32), cnt.astype(np.float32)):
            self._file.write(a.tobytes())
        self._parts.append((len(indptr) - 1, len(idx), offset))

    def drain(self) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """The parts in order, read back one at a time; the file is closed after the last."""
        try:
            for rows, entries, offset in self._parts:
                self._file.seek(offset)
                indptr = np.frombuffer(self._file.read(8 * (rows + 1)), dtype=np.int64)
                idx = np.frombuffer(self._file.read(4 * entries), dtype=np.int32)
                cnt = np.frombuffer(self._file.read(4 * entries), dtype=np.float32)
                yield indptr, idx, cnt
        finally:
            self._parts = []
            if self._file is not None:
                self._file.close()
                self._file = None


class EntityRows:
    """Each article's entity ids, read from the rows of the entity matrix (what the stories compare)."""

    __slots__ = ("E",)

    def __init__(self, E: sp.csr_matrix) -> None:
        self.E = E

    def __getitem__(self, i: int) -> list[int]:
        return self.E.indices[self.E.indptr[i]:self.E.indptr[i + 1]].tolist()


def _pairs(hits: array) -> list[tuple[int, int]]:
    return list(zip(hits[0::2], hits[1::2]))


def _iso(t: float) -> str | None:
    if math.isnan(t):
        return None
    return datetime.fromtimestamp(t * 86400.0, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def canonical_order(articles: Iterable[Article]) -> list[Article]:
    """The articles in the order a collection is linked in: by day (published, else estimated;
    undated last), then id. Stories grow article by article and ties in related scores go to the
    earlier article, so linking the same set in this order gives the same links however the
    articles arrived (one build or several, any input order)."""
    return sorted(articles, key=lambda a: ((a.published or a.published_estimate or "\uffff")[:10], a.id))


def link(articles: Iterable[Article], params: LinkParams | None = None) -> LinkResult:
    """Link a collection at once (in `canonical_order`); the articles' link fields are filled in place."""
    items = list(articles)
    linker = Linker(params)
    linker.add(canonical_order(items))
    return linker.result(items)
