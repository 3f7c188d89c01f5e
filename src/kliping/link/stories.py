"""Stories: the articles of one news event, grouped incrementally and bounded in time.

Articles are taken in time order. Each is compared with the stories that are still open near its
time (the last article of the story within GAP_DAYS, the whole story within SPAN_DAYS) and that
share one of its heaviest terms; it joins the most similar one when the cosine of its top-term
TF-IDF vector with the story's centroid (plus a bonus for shared entities) reaches THRESHOLD,
else it starts a new story. Nothing already placed is recomputed, so a new batch costs only its
own articles. A summit of 2018 and one of 2019 never meet: they are a year apart.
An article without a date may join a story only with a clearly higher similarity
(THRESHOLD + UNDATED_MARGIN) and does not move the story's first/last times.
Duplicates (not canonical) follow their canonical article into its story.
Defaults chosen on the labelled dev events (`kliping eval-stories`, see docs/architecture.md).
"""
from __future__ import annotations

import math
from array import array
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

THRESHOLD = 0.25
GAP_DAYS = 4.0
SPAN_DAYS = 21.0
UNDATED_MARGIN = 0.15
ENTITY_BONUS = 0.15          # times the Jaccard similarity of the article's and the story's top entities
QUERY_TERMS = 8              # heaviest terms of an article used to find candidate stories
POSTING_SCAN = 32            # most recent story entries read per term
CANDIDATES = 5               # stories scored in full
CENTROID_MAX = 80            # centroid terms kept (pruned to CENTROID_KEEP when it grows past)
CENTROID_KEEP = 50


@dataclass(slots=True)
class StoryParams:
    threshold: float = THRESHOLD
    gap_days: float = GAP_DAYS
    span_days: float = SPAN_DAYS
    undated_margin: float = UNDATED_MARGIN
    entity_bonus: float = ENTITY_BONUS


@dataclass(slots=True)
class StoryState:
    """One story while it grows."""

    number: int
    centroid: dict[int, float] = field(default_factory=dict)
    norm2: float = 0.0
    first: float = math.nan
    last: float = math.nan
    members: list[int] = field(default_factory=list)
    entities: Counter = field(default_factory=Counter)


class StoryIndex:
    def __init__(self, params: StoryParams | None = None) -> None:
        self.p = params or StoryParams()
        self.stories: list[StoryState] = []
        self.of = array("q")              # story number of each article (-1 until placed)
        self._postings: dict[int, array] = {}

    def add(self, new: np.ndarray, X: sp.csr_matrix, ent_ids: list[list[int]], times: np.ndarray,
            canonical: np.ndarray) -> None:
        """Place the articles at positions `new`; `ent_ids[i]` are article i's entity ids."""
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
        for i in list(dated.tolist()) + list(undated.tolist()):
            a, b = indptr[i], indptr[i + 1]
            self._place(i, indices[a:b].tolist(), data[a:b].tolist(), ent_ids[i], float(times[i]))
        # duplicates follow their canonical article (placed now or earlier)
        for i in new[~is_canon].tolist():
            c = int(canonical[i])
            s = self.of[c]
            if s < 0:                      # canonical not placed yet (it came in this batch as a duplicate head)
                a, b = indptr[c], indptr[c + 1]
                self._place(c, indices[a:b].tolist(), data[a:b].tolist(), ent_ids[c], float(times[c]))
                s = self.of[c]
            self._join(self.stories[s], i, [], [], ent_ids[i], float(times[i]), update_vector=False)

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
        stories = self.stories
        for term, w in zip(terms[:QUERY_TERMS], weights[:QUERY_TERMS]):
            post = self._postings.get(term)
            if post is None:
                continue
            seen = 0
            for s in reversed(post):
                seen += 1
                if seen > POSTING_SCAN:
                    break
                if s in hits:
                    hits[s] += w
                elif self._open(stories[s], t):
                    hits[s] = w
        best, best_sim = None, 0.0
        if hits:
            top = sorted(hits, key=hits.__getitem__, reverse=True)[:CANDIDATES]
            ent_set = set(ents)
            for s in top:
                st = stories[s]
                c = st.centroid
                dot = 0.0
                for term, w in zip(terms, weights):
                    cw = c.get(term)
                    if cw is not None:
                        dot += w * cw
                sim = dot / math.sqrt(st.norm2) if st.norm2 > 0 else 0.0
                if ent_set and st.entities:
                    top_e = {e for e, _ in st.entities.most_common(10)}
                    sim += self.p.entity_bonus * len(ent_set & top_e) / len(ent_set | top_e)
                need = self.p.threshold
                if math.isnan(t) or math.isnan(st.first):
                    need += self.p.undated_margin
                if sim >= need and sim > best_sim:
                    best, best_sim = st, sim
        if best is None:
            best = StoryState(number=len(stories))
            stories.append(best)
        self._join(best, i, terms, weights, ents, t, update_vector=True)

    def _join(self, st: StoryState, i: int, terms: list[int], weights: list[float], ents: list[int], t: float,
              update_vector: bool) -> None:
        self.of[i] = st.number
        st.members.append(i)
        if not math.isnan(t):
            st.first = t if math.isnan(st.first) else min(st.first, t)
            st.last = t if math.isnan(st.last) else max(st.last, t)
        st.entities.update(set(ents))
        if not update_vector:
            return
        c = st.centroid
        for term, w in zip(terms, weights):
            c[term] = c.get(term, 0.0) + w
        if len(c) > CENTROID_MAX:
            keep = sorted(c.items(), key=lambda kv: kv[1], reverse=True)[:CENTROID_KEEP]
            c.clear()
            c.update(keep)
        st.norm2 = sum(v * v for v in c.values())
        num = st.number
        for term in terms[:QUERY_TERMS]:
            post = self._postings.get(term)
            if post is None:
                self._postings[term] = array("q", [num])
            elif post[-1] != num:
                post.append(num)

    def representative(self, st: StoryState, X: sp.csr_matrix) -> int:
        """The member closest to the story's centroid."""
        best, best_dot = st.members[0], -1.0
        c = st.centroid
        for i in st.members:
            a, b = X.indptr[i], X.indptr[i + 1]
            dot = sum(w * c.get(t, 0.0) for t, w in zip(X.indices[a:b].tolist(), X.data[a:b].tolist()))
            if dot > best_dot:
                best, best_dot = i, dot
        return best
