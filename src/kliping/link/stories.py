"""Stories: the articles of one news event, grouped incrementally and bounded in time.

Articles are taken in time order. Each is compared with the stories that are still open near its
time (the last article of the story within GAP_DAYS, the whole story within SPAN_DAYS) and that
share one of its heaviest terms; it joins the most similar one when the cosine of its top-term
TF-IDF vector with the story's centroid (plus a bonus for shared entities) reaches THRESHOLD,
else it starts a new story. Nothing already placed is recomputed, so a new batch costs only its
own articles. A summit of 2018 and one of 2019 never meet: they are a year apart.
An article without a date (and no day or window that meets the story) may join a story only with a
clearly higher similarity, UNDATED_THRESHOLD, and does not move the story's first/last times. That
bar is its own parameter, not a margin over THRESHOLD: it guards against the same topic at another
date (a flood of another year), a risk that tuning THRESHOLD on dated articles does not see. One
with no date clue at all joins a dated story only UNDATED_AMBIGUITY ahead of every other dated
candidate: reading alike two attacks on one city, it belongs to neither for all it tells. A
weekday its lead names as the day of the news must be a day of the dated story it joins (or the
day before), or, in a story of undated articles, the weekday a member names (when any names one);
nor does an undated article join a story of undated articles whose member prints one of its lead's
sentences with other figures (another day's market close).
Duplicates (not canonical) follow their canonical article into its story.
Defaults chosen on the labelled dev events (`kliping eval-stories`, see docs/architecture.md).
"""
from __future__ import annotations

import math
from array import array
from datetime import date, timedelta
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

THRESHOLD = 0.25
GAP_DAYS = 7.0
SPAN_DAYS = 30.0
UNDATED_THRESHOLD = 0.5     # never below THRESHOLD
UNDATED_AMBIGUITY = 0.15    # an article with no date clue joins a dated story only this far ahead of the next one
WEEKDAY_BEFORE, WEEKDAY_AFTER = 1, 0  # days around a dated story whose weekdays a clueless article may name
LOCAL_OFFSET_DAYS = 7 / 24           # story times are UTC; Indonesian news dates its days in WIB
ENTITY_BONUS = 0.15          # times the Jaccard similarity of the article's and the story's top entities
QUERY_TERMS = 8              # heaviest terms of an article used to find candidate stories
POSTING_SCAN = 16            # most recent story entries read per term
MEMBER_SCAN = 6             # latest members compared one by one
FIGURE_SCAN = 64            # latest members with lead figures read for a figure conflict
CANDIDATES = 5               # stories scored in full
CENTROID_MAX = 80            # centroid terms kept (pruned to CENTROID_KEEP when it grows past)
CENTROID_KEEP = 50
TOP_ENTITIES = 10            # a story's entities compared with an article's (the entity bonus)
COMPACT_EVERY = 4096         # dated placements between two compactions of the stories they closed


@dataclass(slots=True)
class StoryParams:
    threshold: float = THRESHOLD
    gap_days: float = GAP_DAYS
    span_days: float = SPAN_DAYS
    undated_threshold: float = UNDATED_THRESHOLD
    undated_ambiguity: float = UNDATED_AMBIGUITY
    entity_bonus: float = ENTITY_BONUS
    member_link: bool = False      # also compare with the latest members (no gain measured on the dev events)


@dataclass(slots=True)
class StoryState:
    """One story while it grows."""

    number: int
    centroid: dict[int, float] | None = None   # None while the story has one article: its own vector
    norm2: float = 0.0
    first: float = math.nan
    last: float = math.nan
    members: list[int] = field(default_factory=list)
    # entity ids counted over the members; a one-article story keeps its article's ids as they came
    # (32-bit ints as bytes: most stories are one article, and a Counter of ~20 entities costs ~2 KB)
    entities: Counter | bytes | tuple | None = None
    top: bytes | None = None          # its TOP_ENTITIES most counted entities (kept until it changes)

    # A story no dated article can join any more is kept compact (StoryIndex.compact): its centroid
    # as (term ids, weights) and its entity counts as (ids, counts), arrays' bytes in the dicts'
    # order, so that a dict rebuilt from them is the same dict. A multi-article story's dicts cost
    # ~15 KB of Python objects; the bytes ~1.5 KB, and they pickle at memory speed (a million-article
    # linker kept between builds holds ~300,000 stories: link/state.py).


def _ints(raw: bytes, code: str = "i") -> array:
    a = array(code)
    a.frombytes(raw)
    return a


def entity_counts(st: StoryState) -> Counter | None:
    """The story's entity counts (None when its articles name none)."""
    e = st.entities
    if e is None or isinstance(e, Counter):
        return e
    if isinstance(e, tuple):
        return Counter(dict(zip(_ints(e[0]).tolist(), _ints(e[1], "q").tolist())))
    c: Counter = Counter()
    c.update(set(_ints(e).tolist()))
    return c


def top_entities(st: StoryState) -> array:
    """The story's TOP_ENTITIES most counted entities (most_common's order breaks ties), each once;
    kept for a story of several articles (most stories are one article: computed each time)."""
    if st.top is not None:
        return _ints(st.top)
    counts = entity_counts(st)
    top = array("i", [e for e, _ in counts.most_common(TOP_ENTITIES)] if counts else [])
    if len(st.members) > 1:
        st.top = top.tobytes()
    return top


def _centroid_dict(packed: tuple[bytes, bytes]) -> dict[int, float]:
    return dict(zip(_ints(packed[0]).tolist(), _ints(packed[1], "d").tolist()))


def _pack(st: StoryState) -> None:
    """Its centroid and entity counts as bytes (see StoryState)."""
    c = st.centroid
    if isinstance(c, dict):
        st.centroid = (array("i", c.keys()).tobytes(), array("d", c.values()).tobytes())
    e = st.entities
    if isinstance(e, Counter) and e:
        st.entities = (array("i", e.keys()).tobytes(), array("q", e.values()).tobytes())


def _unpack(st: StoryState) -> None:
    """Its centroid and entity counts as dicts again (to be updated); nothing to do when they are."""
    if isinstance(st.centroid, tuple):
        st.centroid = _centroid_dict(st.centroid)
    if isinstance(st.entities, tuple):
        st.entities = entity_counts(st)


_EPOCH_DAY = date(1970, 1, 1)


def _year(t: float) -> int:
    return (_EPOCH_DAY + timedelta(days=math.floor(t))).year


class StoryIndex:
    def __init__(self, params: StoryParams | None = None) -> None:
        self.p = params or StoryParams()
        self.stories: list[StoryState] = []
        self.of = array("q")              # story number of each article (-1 until placed)
        self._postings: dict[int, array] = {}
        self._dm: dict[int, list[tuple[int, int]]] = {}
        self._win: dict[int, tuple[float, float]] = {}
        self._wd: dict[int, list[int]] = {}
        self._times: np.ndarray = np.zeros(0)
        self._hot: set[int] = set()        # multi-article stories whose centroid and counts are dicts

    def add(self, new: np.ndarray, X: sp.csr_matrix, ent_ids: list[list[int]], times: np.ndarray,
            canonical: np.ndarray, day_months: dict[int, list[tuple[int, int]]] | None = None,
            windows: dict[int, tuple[float, float]] | None = None,
            weekdays: dict[int, list[int]] | None = None,
            figures: dict[int, bytes] | None = None) -> None:
        """Place the articles at positions `new`; `ent_ids[i]` are article i's entity ids.
        `day_months[i]`: (month, day) pairs written without a year in undated article i ("Rabu (12/2)");
        such an article joins only a story open on one of those days, and takes that date
        (written into `times`). `windows[i]`: the (earliest, latest) time undated article i can have
        (collection.time_window); it joins only a story open within it, at the dated threshold.
        `weekdays[i]`, `figures[i]`: undated article i's lead weekdays and lead sentences with figures
        (collection.lead_weekdays, lead_figures)."""
        self._dm = day_months or {}
        self._win = windows or {}
        self._wd = weekdays or {}
        self._fig = figures or {}
        n = X.shape[0]
        if len(self.of) < n:
            self.of.extend([-1] * (n - len(self.of)))
        is_canon = canonical[new] == new
        heads = new[is_canon]
        t = times[heads]
        dated = heads[~np.isnan(t)]
        dated = dated[np.argsort(times[dated], kind="stable")]
        undated = heads[np.isnan(t)]
        indptr, indices, data = X.indptr, X.indices, X.data
        self._times = times
        self._X = X
        for k, i in enumerate(dated.tolist()):
            a, b = indptr[i], indptr[i + 1]
            t_i = float(times[i])
            self._place(i, indices[a:b].tolist(), data[a:b].tolist(), ent_ids[i], t_i)
            if k % COMPACT_EVERY == COMPACT_EVERY - 1:
                # articles come in time order: a story whose last article is more than GAP_DAYS
                # before this one is closed to every later dated article of this batch
                self.compact(t_i - self.p.gap_days)
        for i in undated.tolist():
            a, b = indptr[i], indptr[i + 1]
            self._place(i, indices[a:b].tolist(), data[a:b].tolist(), ent_ids[i], float(times[i]))
        # duplicates follow their canonical article (placed now or earlier) when its story is open at
        # their time; a copy republished long after is placed on its own
        for i in new[~is_canon].tolist():
            c = int(canonical[i])
            s = self.of[c]
            if s < 0:                      # canonical not placed yet (it came in this batch as a duplicate head)
                a, b = indptr[c], indptr[c + 1]
                self._place(c, indices[a:b].tolist(), data[a:b].tolist(), ent_ids[c], float(times[c]))
                s = self.of[c]
            t = float(times[i])
            if self._follows(self.stories[s], i, t):
                self._join(self.stories[s], i, [], [], ent_ids[i], t, update_vector=False)
            else:
                a, b = indptr[i], indptr[i + 1]
                self._place(i, indices[a:b].tolist(), data[a:b].tolist(), ent_ids[i], t)
        self.compact(math.inf)      # a later batch expands what it joins

    def compact(self, before: float) -> None:
        """Keep compact the multi-article stories whose last article is before `before` (all with inf)."""
        done = [s for s in self._hot if not (self.stories[s].last >= before)]
        for s in done:
            _pack(self.stories[s])
        self._hot.difference_update(done)

    # ------------------------------------------------------------------ one article
    def _open(self, st: StoryState, t: float) -> bool:
        if math.isnan(t) or math.isnan(st.first):
            return True
        p = self.p
        if t - st.last > p.gap_days or st.first - t > p.gap_days:
            return False
        return max(st.last, t) - min(st.first, t) <= p.span_days

    def _place(self, i: int, terms: list[int], weights: list[float], ents: list[int], t: float) -> None:
        if self.of[i] >= 0:
            return
        hits: dict[int, float] = {}
        closed: set[int] = set()
        stories = self.stories
        for term, w in zip(terms[:QUERY_TERMS], weights[:QUERY_TERMS]):
            post = self._postings.get(term)
            if post is None:
                continue
            for s in post[-POSTING_SCAN:]:
                if s in hits:
                    hits[s] += w
                elif s not in closed:
                    if self._open(stories[s], t):
                        hits[s] = w
                    else:
                        closed.add(s)
        best, best_sim, best_t = None, 0.0, t
        dms = self._dm.get(i) if math.isnan(t) else None
        win = self._win.get(i) if math.isnan(t) else None
        clueless = math.isnan(t) and not (dms or win)
        dated_sims: dict[int, float] = {}        # a clueless article's similarity to each dated candidate
        if hits:
            top = sorted(hits, key=hits.__getitem__, reverse=True)[:CANDIDATES]
            ent_set = set(ents)
            for s in top:
                st = stories[s]
                c = self.centroid(st)
                dot = 0.0
                for term, w in zip(terms, weights):
                    cw = c.get(term)
                    if cw is not None:
                        dot += w * cw
                sim = dot / math.sqrt(st.norm2) if st.norm2 > 0 else 0.0
                if self.p.member_link and len(st.members) > 1:
                    sim = max(sim, self._member_sim(st, terms, weights))
                if ent_set and st.entities:
                    top_e = top_entities(st)
                    shared = len(ent_set.intersection(top_e))
                    sim += self.p.entity_bonus * shared / (len(ent_set) + len(top_e) - shared)
                need = self.p.threshold
                t_here = t
                if math.isnan(t) and not math.isnan(st.first) and (dms or win):
                    t_here = self._day_in(st, dms) if dms else math.nan
                    # its days are not this story's days, nor (a misprinted day) is its window
                    if math.isnan(t_here) and not (win and self._meets(st, win)):
                        continue
                elif math.isnan(t) or math.isnan(st.first):
                    if win and math.isnan(st.first) and not self._windows_meet(st, win):
                        continue        # an undated story whose members' windows are elsewhere in time
                    if math.isnan(t) and math.isnan(st.first) and not self._weekdays_meet(st, self._wd.get(i)):
                        continue        # its members name other days as theirs
                    if math.isnan(t) and math.isnan(st.first) and self._figures_conflict(st, self._fig.get(i)):
                        continue        # a member prints its sentence with other figures: another day's report
                    need = max(need, self.p.undated_threshold)
                if clueless and not math.isnan(st.first):
                    wds = self._wd.get(i)
                    if wds and not self._weekday_in(st, wds):
                        continue        # the day it names is none of the story's days
                    dated_sims[s] = sim
                if sim >= need and sim > best_sim:
                    best, best_sim, best_t = st, sim, t_here
        if best is not None and best.number in dated_sims:
            # Nothing tells when a clueless article happened. Two dated stories it reads almost alike
            # (two Kyiv attacks, two Gaza strikes) are two events of one kind: it joins neither.
            runner_up = max((v for k, v in dated_sims.items() if k != best.number), default=0.0)
            if runner_up > best_sim - self.p.undated_ambiguity:
                best = None
        if best is None:
            best = StoryState(number=len(stories))
            stories.append(best)
            best_t = t
        if math.isnan(t) and not math.isnan(best_t):
            self._times[i] = best_t
        self._join(best, i, terms, weights, ents, best_t, update_vector=True)

    def _member_sim(self, st: StoryState, terms: list[int], weights: list[float]) -> float:
        """Cosine with the closest of the story's last MEMBER_SCAN members (vectors are unit length)."""
        X = self._X
        mine = dict(zip(terms, weights))
        best = 0.0
        for j in st.members[-MEMBER_SCAN:]:
            a, b = X.indptr[j], X.indptr[j + 1]
            dot = 0.0
            for t, w in zip(X.indices[a:b].tolist(), X.data[a:b].tolist()):
                v = mine.get(t)
                if v is not None:
                    dot += v * w
            best = max(best, dot)
        return best

    def _follows(self, st: StoryState, i: int, t: float) -> bool:
        """Whether duplicate i joins its canonical article's story: open at its time, and, undated,
        open within its window when it has one (a copy republished months later starts its own)."""
        if not self._open(st, t):
            return False
        win = self._win.get(i) if math.isnan(t) else None
        return win is None or math.isnan(st.first) or self._meets(st, win)

    def _meets(self, st: StoryState, win: tuple[float, float]) -> bool:
        """Whether the story is open at some time in the window (its days, allowing GAP_DAYS)."""
        return win[0] <= st.last + self.p.gap_days and win[1] >= st.first - self.p.gap_days

    def _weekday_in(self, st: StoryState, wds: list[int]) -> bool:
        """Whether one of the weekdays is that of a story day or of the day before its first (news
        of the evening before); a story of a week or more has every weekday."""
        # the days as the outlets print them: Western Indonesian Time (UTC+7), so that a report
        # published at 02:00 on a Tuesday is a Tuesday's
        lo = math.floor(st.first + LOCAL_OFFSET_DAYS) - WEEKDAY_BEFORE
        hi = math.floor(st.last + LOCAL_OFFSET_DAYS) + WEEKDAY_AFTER
        if hi - lo >= 6:
            return True
        # day 0 (1970-01-01) was a Thursday: weekday 3
        return any((d + 3) % 7 in wds for d in range(lo, hi + 1))

    @staticmethod
    def _some_member(st: StoryState, values: dict, agrees) -> bool:
        """For a story of undated articles only: whether some member's value (`values`: position ->
        value) agrees; true when no member has one. The latest first: a story of thousands stops at
        its first match."""
        seen = False
        for v in map(values.get, reversed(st.members)):
            if v:
                if agrees(v):
                    return True
                seen = True
        return not seen

    def _windows_meet(self, st: StoryState, win: tuple[float, float]) -> bool:
        """Whether the window meets some member's window (allowing GAP_DAYS)."""
        lo, hi = win[0] - self.p.gap_days, win[1] + self.p.gap_days
        return self._some_member(st, self._win, lambda w: lo <= w[1] and hi >= w[0])

    def _weekdays_meet(self, st: StoryState, wds: list[int] | None) -> bool:
        """Whether one of the weekdays is one a member's lead names as its day (true when the
        article names none)."""
        return not wds or self._some_member(st, self._wd, lambda w: any(d in w for d in wds))

    def _figures_conflict(self, st: StoryState, figs: bytes | None) -> bool:
        """Whether a member (of a story of undated articles) prints one of the article's lead
        sentences with other figures and none with the same (collection.lead_figures). The latest
        FIGURE_SCAN members that print figures are read: a story of thousands costs no more."""
        if not figs:
            return False
        mine = {v >> 32: v & 0xFFFFFFFF for v in _ints(figs, "q")}
        other = False
        read = 0
        for theirs in map(self._fig.get, reversed(st.members)):
            if not theirs:
                continue
            read += 1
            if read > FIGURE_SCAN:
                break
            for v in _ints(theirs, "q"):
                seen = mine.get(v >> 32)
                if seen is None:
                    continue
                if seen == v & 0xFFFFFFFF:
                    return False
                other = True
        return other

    def _day_in(self, st: StoryState, dms: list[tuple[int, int]]) -> float:
        """The first (month, day) that falls within the story's days (allowing GAP_DAYS), in its years."""
        lo, hi = st.first - self.p.gap_days, st.last + self.p.gap_days
        years = {_year(st.first), _year(st.last)}
        for m, d in dms:
            for y in years:
                try:
                    x = (date(y, m, d) - _EPOCH_DAY).days + 0.5
                except ValueError:
                    continue
                if lo <= x <= hi:
                    return float(x)
        return math.nan

    def _join(self, st: StoryState, i: int, terms: list[int], weights: list[float], ents: list[int], t: float,
              update_vector: bool) -> None:
        self.of[i] = st.number
        st.members.append(i)
        _unpack(st)
        if len(st.members) > 1:
            self._hot.add(st.number)
        if not math.isnan(t):
            st.first = t if math.isnan(st.first) else min(st.first, t)
            st.last = t if math.isnan(st.last) else max(st.last, t)
        if ents:
            st.top = None
            if st.entities is None and len(st.members) == 1:
                st.entities = array("i", ents).tobytes()
            else:
                if not isinstance(st.entities, Counter):
                    st.entities = entity_counts(st) or Counter()
                st.entities.update(set(ents))
        if not update_vector:
            return
        if len(st.members) == 1:
            # a one-article story keeps no centroid of its own (most stories are one article)
            st.norm2 = 1.0 if terms else 0.0
            self._post(st.number, terms)
            return
        c = st.centroid
        if c is None:
            c = st.centroid = self.row_dict(st.members[0])
        for term, w in zip(terms, weights):
            c[term] = c.get(term, 0.0) + w
        if len(c) > CENTROID_MAX:
            keep = sorted(c.items(), key=lambda kv: kv[1], reverse=True)[:CENTROID_KEEP]
            c.clear()
            c.update(keep)
        st.norm2 = sum(v * v for v in c.values())
        self._post(st.number, terms)

    def _post(self, num: int, terms: list[int]) -> None:
        for term in terms[:QUERY_TERMS]:
            post = self._postings.get(term)
            if post is None:
                self._postings[term] = array("q", [num])
            elif post[-1] != num:
                post.append(num)

    def row_dict(self, i: int) -> dict[int, float]:
        X = self._X
        a, b = X.indptr[i], X.indptr[i + 1]
        return dict(zip(X.indices[a:b].tolist(), X.data[a:b].tolist()))

    def centroid(self, st: StoryState) -> dict[int, float]:
        """The story's centroid as a dict (its one article's vector for a one-article story)."""
        c = st.centroid
        if c is None:
            return self.row_dict(st.members[0])
        return _centroid_dict(c) if isinstance(c, tuple) else c

    def representative(self, st: StoryState, X: sp.csr_matrix) -> int:
        """The member closest to the story's centroid."""
        best, best_dot = st.members[0], -1.0
        if len(st.members) == 1:
            return best
        c = self.centroid(st)
        if len(st.members) < 64:
            for i in st.members:
                a, b = X.indptr[i], X.indptr[i + 1]
                dot = sum(w * c.get(t, 0.0) for t, w in zip(X.indices[a:b].tolist(), X.data[a:b].tolist()))
                if dot > best_dot:
                    best, best_dot = i, dot
            return best
        # (a small story: the loop, cheaper than a vocabulary-sized vector)
        # a large story (thousands of members, one more each day): one sparse product, the same sums
        # in the same order (scipy adds a row's products in its stored order), the first best kept
        vec = np.zeros(X.shape[1])
        vec[np.fromiter(c.keys(), dtype=np.int64, count=len(c))] = np.fromiter(c.values(), dtype=np.float64, count=len(c))
        dots = X[np.asarray(st.members, dtype=np.int64)] @ vec
        return st.members[int(np.argmax(dots))]

