"""Exact and near-duplicate articles: body hashes, MinHash signatures (rensa), LSH banding, groups.

Signatures come from rensa (a Rust MinHash made for this: one call per batch, a compact matrix).
The LSH banding is done here on the signature matrix with numpy (band keys sorted once, then
`searchsorted` for new batches) rather than with a per-document index object: a million
documents become a few array sorts instead of a million Python calls, and an incremental batch
is matched against the sorted keys without rebuilding them. Candidate pairs are verified by the
signatures' estimated Jaccard similarity; verified pairs are joined by union-find.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
from rensa import RMinHash

from .shingles import SHINGLE_WORDS, ShingleHasher

NUM_PERM = 128
BANDS = 32                  # 32 bands of 4 rows: a pair at Jaccard 0.7 becomes a candidate with p > 0.999
THRESHOLD = 0.7             # estimated Jaccard of word 5-gram sets; chosen by bench/near_dup_quality.py
SEED = 20240601
_RUN_LINKS = 4              # a new document is checked against this many earlier documents of a matching bucket


@dataclass(slots=True)
class DedupParams:
    num_perm: int = NUM_PERM
    bands: int = BANDS
    threshold: float = THRESHOLD
    shingle_words: int = SHINGLE_WORDS
    seed: int = SEED


def exact_key(normalised: str) -> int | None:
    """64-bit key of a normalised body (None when empty)."""
    if not normalised:
        return None
    return int.from_bytes(hashlib.blake2b(normalised.encode("utf-8"), digest_size=8).digest(), "little")


def signatures(texts: list[str], params: DedupParams, hasher: ShingleHasher | None = None) -> np.ndarray:
    """MinHash signatures (rows: documents, columns: permutations) of normalised bodies' word k-grams."""
    if not texts:
        return np.zeros((0, params.num_perm), dtype=np.uint32)
    hasher = hasher or ShingleHasher(params.shingle_words)
    h, off = hasher.batch(texts)
    m = RMinHash.digest_matrix_from_flat_token_hashes(h, off.astype(np.uint64), num_perm=params.num_perm,
                                                      seed=params.seed)
    return np.asarray(m.to_rows(), dtype=np.uint32)


class DedupIndex:
    """Duplicate groups over a growing collection, addressed by position (0, 1, 2, ...)."""

    def __init__(self, params: DedupParams | None = None) -> None:
        self.p = params or DedupParams()
        if self.p.num_perm % self.p.bands:
            raise ValueError("num_perm must be a multiple of bands")
        self.rows = self.p.num_perm // self.p.bands
        rng = np.random.default_rng(self.p.seed)
        self._mult = (rng.integers(1, 2**63 - 1, size=self.rows, dtype=np.int64).astype(np.uint64) | np.uint64(1))
        self.n = 0
        self.sig = np.zeros((0, self.p.num_perm), dtype=np.uint32)
        self.parent = np.zeros(0, dtype=np.int64)
        self.exact_rep = np.zeros(0, dtype=np.int64)   # first document with the same body; -1: empty body
        self._exact: dict[int, int] = {}
        self._keys: list[np.ndarray] = [np.zeros(0, dtype=np.uint64) for _ in range(self.p.bands)]
        self._ids: list[np.ndarray] = [np.zeros(0, dtype=np.int32) for _ in range(self.p.bands)]
        self.pairs_checked = 0
        self.hasher = ShingleHasher(self.p.shingle_words)

    # ------------------------------------------------------------------ building
    def add(self, normalised: list[str]) -> None:
        """Add a batch of normalised bodies; they get positions n .. n+len-1."""
        m = len(normalised)
        start = self.n
        reps = np.full(m, -1, dtype=np.int64)
        new_rep_local: list[int] = []
        for i, text in enumerate(normalised):
            key = exact_key(text)
            if key is None:
                continue
            first = self._exact.get(key)
            if first is None:
                self._exact[key] = start + i
                reps[i] = start + i
                new_rep_local.append(i)
            else:
                reps[i] = first
        sig = np.zeros((m, self.p.num_perm), dtype=np.uint32)
        if new_rep_local:
            sig[new_rep_local] = signatures([normalised[i] for i in new_rep_local], self.p, self.hasher)
        self.sig = np.concatenate([self.sig, sig]) if self.n else sig
        self.parent = np.concatenate([self.parent, np.arange(start, start + m, dtype=np.int64)])
        self.exact_rep = np.concatenate([self.exact_rep, reps])
        self.n += m
        # exact duplicates join their first copy
        for i in np.nonzero((reps >= 0) & (reps != np.arange(start, start + m)))[0]:
            self._union(start + int(i), int(reps[i]))
        # near duplicates: only documents with a new body go through LSH
        if new_rep_local:
            ids = start + np.asarray(new_rep_local, dtype=np.int64)
            self._near(ids)

    def _band_keys(self, sig: np.ndarray) -> np.ndarray:
        """(bands, docs) uint64 bucket keys."""
        b, r = self.p.bands, self.rows
        blocks = sig.reshape(len(sig), b, r).astype(np.uint64)
        keys = (blocks * self._mult[None, None, :]).sum(axis=2, dtype=np.uint64)
        keys ^= np.arange(b, dtype=np.uint64)[None, :] * np.uint64(0x9E3779B97F4A7C15)
        return keys.T

    def _near(self, ids: np.ndarray) -> None:
        keys = self._band_keys(self.sig[ids])
        cand_a: list[np.ndarray] = []
        cand_b: list[np.ndarray] = []
        for band in range(self.p.bands):
            k_new = keys[band]
            # against earlier documents
            old_k, old_i = self._keys[band], self._ids[band]
            if len(old_k):
                lo = np.searchsorted(old_k, k_new, side="left")
                hi = np.searchsorted(old_k, k_new, side="right")
                for off in range(_RUN_LINKS):
                    hit = lo + off < hi
                    if not hit.any():
                        break
                    cand_a.append(ids[hit])
                    cand_b.append(old_i[lo[hit] + off].astype(np.int64))
            # within the batch: each document with the one before it in its bucket
            order = np.argsort(k_new, kind="stable")
            ks, is_ = k_new[order], ids[order]
            same = ks[1:] == ks[:-1]
            if same.any():
                cand_a.append(is_[1:][same])
                cand_b.append(is_[:-1][same])
            # merge the batch's keys into the sorted band
            mk = np.concatenate([old_k, k_new])
            mi = np.concatenate([old_i, ids.astype(np.int32)])
            o = np.argsort(mk, kind="stable")
            self._keys[band], self._ids[band] = mk[o], mi[o]
        if not cand_a:
            return
        a = np.concatenate(cand_a)
        b = np.concatenate(cand_b)
        code = np.unique(np.minimum(a, b) * np.int64(self.n + 1) + np.maximum(a, b))
        a, b = code // (self.n + 1), code % (self.n + 1)
        self.pairs_checked += len(a)
        ok = np.zeros(len(a), dtype=bool)
        step = 50_000
        for s in range(0, len(a), step):
            sa, sb = a[s:s + step], b[s:s + step]
            est = (self.sig[sa] == self.sig[sb]).mean(axis=1)
            ok[s:s + step] = est >= self.p.threshold
        for x, y in zip(a[ok].tolist(), b[ok].tolist()):
            self._union(x, y)

    # ------------------------------------------------------------------ union-find
    def _find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent[root] != root:
            root = int(parent[root])
        while parent[x] != root:
            parent[x], x = root, int(parent[x])
        return root

    def _union(self, x: int, y: int) -> None:
        rx, ry = self._find(x), self._find(y)
        if rx != ry:
            if rx < ry:
                self.parent[ry] = rx
            else:
                self.parent[rx] = ry

    def roots(self) -> np.ndarray:
        """Group representative of every document (itself when it has no duplicate)."""
        r = self.parent.copy()
        while True:
            nxt = r[r]
            if np.array_equal(nxt, r):
                return r
            r = nxt

    def estimated_jaccard(self, i: int, j: int) -> float:
        return float((self.sig[i] == self.sig[j]).mean())


@dataclass(slots=True)
class Groups:
    """Duplicate groups in array form: for each document its group root and its canonical."""

    root: np.ndarray          # group representative (position), per document
    canonical: np.ndarray     # canonical document (position), per document; itself when alone
    size: np.ndarray          # size of the document's group
    exact: np.ndarray         # per document: its group's members all have the same body


def groups(index: DedupIndex, times: np.ndarray, lengths: np.ndarray) -> Groups:
    """Groups and canonical articles: earliest published (known times first), else the longest body."""
    root = index.roots()
    n = len(root)
    t = np.where(np.isnan(times), np.inf, times)
    # order: by group, then time, then longest body, then position
    order = np.lexsort((np.arange(n), -lengths, t, root))
    r_sorted = root[order]
    first = np.ones(n, dtype=bool)
    first[1:] = r_sorted[1:] != r_sorted[:-1]
    starts = np.nonzero(first)[0]
    group_no = np.cumsum(first) - 1
    canon_of_group = order[starts]
    sizes = np.diff(np.append(starts, n))
    canonical = np.empty(n, dtype=np.int64)
    size = np.empty(n, dtype=np.int64)
    canonical[order] = canon_of_group[group_no]
    size[order] = sizes[group_no]
    # a group is exact when every member has the same exact representative
    rep = index.exact_rep
    rep_sorted = rep[order]
    lo = np.minimum.reduceat(rep_sorted, starts)
    hi = np.maximum.reduceat(rep_sorted, starts)
    exact_group = (lo == hi) & (lo >= 0)
    exact = np.empty(n, dtype=bool)
    exact[order] = exact_group[group_no]
    return Groups(root=root, canonical=canonical, size=size, exact=exact)
