"""Related articles ("Berita Terkait") computed from the collection.

Score of a pair: (TERM_WEIGHT * cosine of top-term TF-IDF vectors + ENTITY_WEIGHT * cosine of
entity vectors) * time factor, where the time factor is 1 for the same day and falls to
TIME_FLOOR for pairs far apart. Candidates come from sparse products of a block of articles
(consecutive in time) with the articles published within WINDOW_DAYS of the block, so the work
grows with the articles near in time, not with the square of the collection. Articles without a
date are compared with the whole collection (they are few in real collections). Members of the
same duplicate group are not related to one another: they are one article. A duplicate group is
scored once, through its representative (the union-find root: its earliest position), and only
representatives are candidates: a list never holds two copies of one wire story, and a thousand
copies cost one article's pairs, not a million (Linker.related_of gives every member its group's
list, pointing at each related group's canonical article).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

TOP_K = 5
WINDOW_DAYS = 30.0
TERM_WEIGHT = 0.75
ENTITY_WEIGHT = 0.25
TIME_FLOOR = 0.6             # time factor of pairs far apart
TIME_SCALE_DAYS = 7.0        # e-folding of the time factor
UNDATED_FACTOR = 0.8         # time factor when either article has no date
MIN_SCORE = 0.08
BLOCK = 1024
FLUSH_PAIRS = 2_000_000      # scored pairs gathered before they are merged into the top-k lists
PAIR_TERMS = 12              # an article's heaviest terms that pairs are scored on
MAX_DF_SHARE = 0.01          # terms in more than this share of the articles (and > MAX_DF_FLOOR) are not read
MAX_DF_FLOOR = 100


@dataclass(slots=True)
class RelatedParams:
    k: int = TOP_K
    window_days: float = WINDOW_DAYS
    term_weight: float = TERM_WEIGHT
    entity_weight: float = ENTITY_WEIGHT
    min_score: float = MIN_SCORE


def time_factor(dt_days: np.ndarray) -> np.ndarray:
    f = TIME_FLOOR + (1 - TIME_FLOOR) * np.exp(-np.abs(dt_days) / TIME_SCALE_DAYS)
    return np.where(np.isnan(dt_days), UNDATED_FACTOR, f)


class RelatedIndex:
    """Top-k related articles of every article, updated as batches are added."""

    def __init__(self, params: RelatedParams | None = None) -> None:
        self.p = params or RelatedParams()
        self.ids = np.zeros((0, self.p.k), dtype=np.int64)
        self.scores = np.zeros((0, self.p.k), dtype=np.float32)
        self.touched: list[np.ndarray] = []     # rows whose lists the last add() changed

    def changed(self) -> np.ndarray:
        """Positions whose related lists the last add() changed (sorted)."""
        return np.unique(np.concatenate(self.touched)) if self.touched else np.zeros(0, dtype=np.int64)

    def add(self, new: np.ndarray, X: sp.csr_matrix, E: sp.csr_matrix, times: np.ndarray,
            root: np.ndarray, df: np.ndarray | None = None) -> None:
        """Link the articles at positions `new` (the last rows of X) with the whole collection.
        Pairs are scored on each article's PAIR_TERMS heaviest terms, leaving out terms found in
        more than MAX_DF_SHARE of the articles (`df`: document frequency per term): a dot product
        over the terms that say what the article is about, and candidates that stay few per article
        when the collection is large."""
        self.touched = []
        X = pair_terms(X, df)
        E = common_out(E)
        n = X.shape[0]
        grow = n - len(self.ids)
        if grow > 0:
            self.ids = np.vstack([self.ids, np.full((grow, self.p.k), -1, dtype=np.int64)])
            self.scores = np.vstack([self.scores, np.zeros((grow, self.p.k), dtype=np.float32)])
        newset = np.zeros(n, dtype=bool)
        newset[new] = True
        rep = root == np.arange(n)                  # one article per duplicate group
        new = new[rep[new]]                          # a new copy of an older article takes its group's list
        dated_all = np.nonzero(~np.isnan(times) & rep)[0]
        sort_all = dated_all[np.argsort(times[dated_all], kind="stable")]
        t_sorted = times[sort_all]
        new_dated = new[~np.isnan(times[new])]
        new_dated = new_dated[np.argsort(times[new_dated], kind="stable")]
        new_undated = new[np.isnan(times[new])]
        old_undated = np.nonzero(np.isnan(times) & ~newset & rep)[0]
        rows_l: list[np.ndarray] = []
        cols_l: list[np.ndarray] = []
        vals_l: list[np.ndarray] = []
        w = self.p.window_days
        Xt = X.T.tocsr()
        Et = E.T.tocsr() if E.nnz else None
        for s in range(0, len(new_dated), BLOCK):
            block = new_dated[s:s + BLOCK]
            lo = np.searchsorted(t_sorted, times[block[0]] - w, side="left")
            hi = np.searchsorted(t_sorted, times[block[-1]] + w, side="right")
            cand = np.concatenate([sort_all[lo:hi], old_undated])
            self._pairs(block, cand, X, E, Xt, Et, times, root, rows_l, cols_l, vals_l, window=True)
            if sum(map(len, rows_l)) >= FLUSH_PAIRS:   # keep the pairs in hand few: merge into the top-k lists
                self._flush(rows_l, cols_l, vals_l, newset, times)
        # an undated article meets every group: the representatives' columns taken once, or, when
        # nearly every article is one, the whole transposed matrices (scipy's column selection copies)
        every = None if rep.mean() > 0.9 else np.nonzero(rep)[0]
        Xr = Xt if every is None or not len(new_undated) else Xt[:, every]
        Er = Et if every is None or Et is None or not len(new_undated) else Et[:, every]
        for s in range(0, len(new_undated), BLOCK):
            self._pairs(new_undated[s:s + BLOCK], every, X, E, Xr, Er, times, root,
                        rows_l, cols_l, vals_l, window=False, taken=True)
            if sum(map(len, rows_l)) >= FLUSH_PAIRS:
                self._flush(rows_l, cols_l, vals_l, newset, times)
        self._flush(rows_l, cols_l, vals_l, newset, times)

    def _flush(self, rows_l, cols_l, vals_l, newset, times) -> None:
        if not rows_l:
            return
        r = np.concatenate(rows_l)
        c = np.concatenate(cols_l)
        v = np.concatenate(vals_l)
        # the other side of each pair gains it too, unless that side is new and found it itself
        # (an undated new article is met by dated new ones only here)
        back = ~newset[c] | (np.isnan(times[r]) & ~np.isnan(times[c]))
        r, c, v = np.concatenate([r, c[back]]), np.concatenate([c, r[back]]), np.concatenate([v, v[back]])
        rows_l.clear()
        cols_l.clear()
        vals_l.clear()
        self._merge(r, c, v)

    def _pairs(self, block, cand, X, E, Xt, Et, times, root, rows_l, cols_l, vals_l, window: bool,
               taken: bool = False) -> None:
        """Score `block` against the articles `cand` (None: all of them; `taken`: Xt and Et hold
        only cand's columns already)."""
        if cand is not None and not len(cand):
            return
        S = (X[block] @ (Xt if cand is None or taken else Xt[:, cand])) * self.p.term_weight
        if self.p.entity_weight and Et is not None:
            S = S + (E[block] @ (Et if cand is None or taken else Et[:, cand])) * self.p.entity_weight
        S = S.tocoo()
        i = block[S.row]
        j = S.col.astype(np.int64) if cand is None else cand[S.col]
        keep = (i != j) & (root[i] != root[j]) & (root[j] == j)
        i, j, val = i[keep], j[keep], S.data[keep]
        dt = times[i] - times[j]
        if window:
            near = ~(np.abs(dt) > self.p.window_days)
            i, j, val, dt = i[near], j[near], val[near], dt[near]
        score = (val * time_factor(dt)).astype(np.float32)
        ok = score >= self.p.min_score
        rows_l.append(i[ok])
        cols_l.append(j[ok])
        vals_l.append(score[ok])

    def _merge(self, r: np.ndarray, c: np.ndarray, v: np.ndarray) -> None:
        k = self.p.k
        touched = np.unique(r)
        old_ids = self.ids[touched]
        old_sc = self.scores[touched]
        has = old_ids >= 0
        orow = np.repeat(touched, k).reshape(len(touched), k)[has]
        r = np.concatenate([r, orow])
        c = np.concatenate([c, old_ids[has]])
        v = np.concatenate([v, old_sc[has]])
        # one entry per (row, col), best score; then best k per row
        order = np.lexsort((-v, c, r))
        r, c, v = r[order], c[order], v[order]
        first = np.ones(len(r), dtype=bool)
        first[1:] = (r[1:] != r[:-1]) | (c[1:] != c[:-1])
        r, c, v = r[first], c[first], v[first]
        order = np.lexsort((c, -v, r))
        r, c, v = r[order], c[order], v[order]
        start = np.ones(len(r), dtype=bool)
        start[1:] = r[1:] != r[:-1]
        starts = np.nonzero(start)[0]
        rank = np.arange(len(r)) - np.repeat(starts, np.diff(np.append(starts, len(r))))
        keep = rank < k
        r, c, v, rank = r[keep], c[keep], v[keep], rank[keep]
        self.ids[touched] = -1
        self.scores[touched] = 0
        self.ids[r, rank] = c
        self.scores[r, rank] = v
        # the rows whose lists came out different (a new pair that ranks below the k kept changes nothing)
        moved = (self.ids[touched] != old_ids).any(axis=1) | (self.scores[touched] != old_sc).any(axis=1)
        self.touched.append(touched[moved])


def pair_terms(X: sp.csr_matrix, df: np.ndarray | None) -> sp.csr_matrix:
    """X with each row cut to its PAIR_TERMS heaviest terms (rows are heaviest first) and common terms dropped.
    Built 50,000 rows at a time: the per-entry temporaries stay small for a large collection."""
    n = X.shape[0]
    max_df = max(MAX_DF_SHARE * n, MAX_DF_FLOOR)
    parts = []
    for s in range(0, n, 50_000):
        B = X[s:s + 50_000]
        counts = np.diff(B.indptr).astype(np.int32)
        rank = np.arange(B.nnz, dtype=np.int32) - np.repeat(B.indptr[:-1].astype(np.int32), counts)
        keep = rank < PAIR_TERMS
        del rank
        if df is not None:
            keep &= df[B.indices] <= max_df
        parts.append(_entries(B, keep))
    return sp.vstack(parts, format="csr") if len(parts) > 1 else parts[0]


def common_out(E: sp.csr_matrix) -> sp.csr_matrix:
    """E without the entities found in more than MAX_DF_SHARE of the articles (and > MAX_DF_FLOOR):
    like the common terms, an entity most articles name (the country, the capital) says little of
    what two articles share, and its pairs would grow with the square of a large collection."""
    n = E.shape[0]
    if not E.nnz or n * MAX_DF_SHARE <= MAX_DF_FLOOR:
        return E
    df = np.bincount(E.indices, minlength=E.shape[1])
    keep = df[E.indices] <= MAX_DF_SHARE * n
    if keep.all():
        return E
    return _entries(E, keep)


def _entries(M: sp.csr_matrix, keep: np.ndarray) -> sp.csr_matrix:
    """M with only the stored entries where `keep` is true (same shape, rows in order)."""
    rows = np.repeat(np.arange(M.shape[0], dtype=np.int32), np.diff(M.indptr))[keep]
    ptr = np.zeros(M.shape[0] + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=M.shape[0]), out=ptr[1:])
    return sp.csr_matrix((M.data[keep], M.indices[keep], ptr), shape=M.shape)


def reasons(i: int, j: int, X: sp.csr_matrix, E: sp.csr_matrix, term_names: list[str], entity_names: list[str],
            times: np.ndarray, max_terms: int = 3) -> list[str]:
    """Why two articles are related: shared entities, the heaviest shared terms, days apart."""
    out: list[str] = []
    if E.nnz:
        ei = set(E.indices[E.indptr[i]:E.indptr[i + 1]].tolist())
        for e in E.indices[E.indptr[j]:E.indptr[j + 1]].tolist():
            if e in ei:
                out.append("entity:" + entity_names[e])
    wi = dict(zip(X.indices[X.indptr[i]:X.indptr[i + 1]].tolist(), X.data[X.indptr[i]:X.indptr[i + 1]].tolist()))
    shared = []
    for t, wj in zip(X.indices[X.indptr[j]:X.indptr[j + 1]].tolist(), X.data[X.indptr[j]:X.indptr[j + 1]].tolist()):
        if t in wi:
            shared.append((wi[t] * wj, t))
    shared.sort(reverse=True)
    out.extend("term:" + term_names[t] for _, t in shared[:max_terms])
    if not (np.isnan(times[i]) or np.isnan(times[j])):
        out.append(f"time:{int(round(abs(times[i] - times[j])))}d")
    return out
