"""Exact and near-duplicate articles: body hashes, MinHash signatures (rensa), LSH banding, groups.

Signatures come from rensa (a Rust MinHash made for this: one call per batch, a compact matrix).
The LSH banding is done here on the signature matrix with numpy (band keys sorted once, then
`searchsorted` for new batches) rather than with a per-document index object: a million
documents become a few array sorts instead of a million Python calls, and an incremental batch
is matched against the sorted keys without rebuilding them. Candidate pairs whose signature
estimate comes near the threshold are verified by their exact Jaccard similarity (sorted 32-bit
k-gram hashes per document, in a temporary file); verified pairs are joined by union-find. Only the
lowest 8 bits of each signature value are kept after banding (b-bit MinHash), so a document costs
the linker about 0.6 KB here (signature bytes and band keys) however long its body.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from bisect import bisect_right
from dataclasses import dataclass

import numpy as np
from rensa import RMinHash

from .shingles import SHINGLE_WORDS, ShingleHasher

NUM_PERM = 120
BANDS = 40                  # 40 bands of 3 rows: a pair at Jaccard 0.5 becomes a candidate with p = 0.995
THRESHOLD = 0.5             # Jaccard of word 3-gram sets; k and t chosen by bench/near_dup_quality.py
PREFILTER_MARGIN = 0.15     # candidates whose signature estimate is below THRESHOLD - this are not checked
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


_CHANCE = 1.0 / 256          # two different 8-bit values agree by chance


def _estimate(agree):
    """Jaccard estimate from the share of 8-bit signature values that agree."""
    return np.clip((agree - _CHANCE) / (1.0 - _CHANCE), 0.0, 1.0)


class _Chunks:
    """Rows added in chunks (no copy of what is stored when a chunk comes), read by position."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.parts: list[np.ndarray] = []

    def append(self, start: int, rows: np.ndarray) -> None:
        self.starts.append(start)
        self.parts.append(rows)

    def take(self, ids: np.ndarray) -> np.ndarray:
        """Rows at positions `ids` (every position must have been appended)."""
        which = np.searchsorted(np.asarray(self.starts), ids, side="right") - 1
        out = np.empty((len(ids),) + self.parts[0].shape[1:], dtype=self.parts[0].dtype)
        for c in np.unique(which):
            sel = which == c
            out[sel] = self.parts[c][ids[sel] - self.starts[c]]
        return out


class _SetChunks:
    """Sorted 32-bit k-gram hash sets, for the exact Jaccard of candidate pairs. The hashes are
    written to an unnamed temporary file and read back two sets at a time (only candidate pairs
    whose signature estimate comes near the threshold are checked): about 200 hashes an article,
    0.8 KB, that a large collection would otherwise hold in memory for the whole run."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.offs: list[np.ndarray] = []    # per chunk: byte offsets of its sets in the file
        self._file = tempfile.TemporaryFile(prefix="kliping-kgrams-")
        self._size = 0

    def append(self, start: int, h: np.ndarray, off: np.ndarray) -> None:
        rows = np.repeat(np.arange(len(off) - 1), np.diff(off))
        v = (h >> np.uint64(32)).astype(np.uint32)
        order = np.lexsort((v, rows))
        rows, v = rows[order], v[order]
        keep = np.ones(len(v), dtype=bool)
        keep[1:] = (rows[1:] != rows[:-1]) | (v[1:] != v[:-1])
        rows, v = rows[keep], v[keep]
        new_off = np.zeros(len(off), dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=len(off) - 1), out=new_off[1:])
        self._file.seek(self._size)
        self._file.write(v.tobytes())
        self._file.flush()
        self.starts.append(start)
        self.offs.append(self._size + new_off * 4)
        self._size += v.nbytes

    def get(self, i: int) -> np.ndarray:
        c = bisect_right(self.starts, i) - 1
        k = i - self.starts[c]
        lo, hi = int(self.offs[c][k]), int(self.offs[c][k + 1])
        if hi == lo:
            return np.zeros(0, dtype=np.uint32)
        return np.frombuffer(os.pread(self._file.fileno(), hi - lo, lo), dtype=np.uint32)

    # ------------------------------------------------------------ kept between builds (link/state.py)
    def __getstate__(self) -> dict:
        return {"starts": self.starts, "offs": self.offs, "size": self._size}

    def __setstate__(self, state: dict) -> None:
        self.starts, self.offs, self._size = state["starts"], state["offs"], state["size"]
        self._file = None           # attach() gives it its file

    def save(self, path: str) -> None:
        """Write the hashes to `path` (a file kept beside the archive)."""
        with open(path, "wb") as out:
            done = 0
            while done < self._size:
                n = min(1 << 24, self._size - done)
                if hasattr(os, "sendfile"):      # kernel to kernel where the system has it
                    n = os.sendfile(out.fileno(), self._file.fileno(), done, n)
                else:
                    n = out.write(os.pread(self._file.fileno(), n, done))
                if n <= 0:
                    raise OSError(f"could not copy the k-gram hashes to {path}")
                done += n

    def attach(self, path: str) -> None:
        """Read and extend the hashes of a file `save` wrote (what lies past the saved size, from a
        build that stopped before it saved its state, is written over)."""
        f = open(path, "r+b")  # noqa: SIM115 - kept open for the linker's life
        if os.fstat(f.fileno()).st_size < self._size:
            f.close()
            raise ValueError(f"{path} is shorter than the linking state says")
        self._file = f

    def jaccard(self, i: int, j: int) -> float:
        a, b = self.get(i), self.get(j)
        if not len(a) and not len(b):
            return 0.0
        inter = len(np.intersect1d(a, b, assume_unique=True))
        return inter / (len(a) + len(b) - inter)


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
        self.sig = _Chunks()            # lowest 8 bits of the MinHash signatures (documents with a new body; others 0)
        self.sets = _SetChunks()        # their k-gram hash sets
        self.parent = np.zeros(0, dtype=np.int64)
        self.exact_rep = np.zeros(0, dtype=np.int64)   # first document with the same body; -1: empty body
        self._exact: dict[int, int] = {}
        self._keys: list[np.ndarray] = [np.zeros(0, dtype=np.uint64) for _ in range(self.p.bands)]
        self._ids: list[np.ndarray] = [np.zeros(0, dtype=np.int32) for _ in range(self.p.bands)]
        self.pairs_checked = 0          # candidate pairs (LSH)
        self.pairs_exact = 0            # of them, pairs that passed the exact check
        self.hasher = ShingleHasher(self.p.shingle_words)
        self.on_verified = None          # optional callback(a, b) for each verified near pair (benchmarks)

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
        h, off = self.hasher.batch([normalised[i] if reps[i] == start + i else "" for i in range(m)])
        if new_rep_local:
            rows = np.asarray(new_rep_local)
            sub_off = np.concatenate([[0], np.cumsum(off[rows + 1] - off[rows])])
            sub_h = np.concatenate([h[off[r]:off[r + 1]] for r in rows]) if len(h) else h
            # rensa hands rows back as Python lists: a few thousand at a time keeps that transient small
            for s0 in range(0, len(rows), 2000):
                s1 = min(len(rows), s0 + 2000)
                o = sub_off[s0:s1 + 1]
                mh = RMinHash.digest_matrix_from_flat_token_hashes(sub_h[o[0]:o[-1]], (o - o[0]).astype(np.uint64),
                                                                   num_perm=self.p.num_perm, seed=self.p.seed)
                sig[rows[s0:s1]] = np.asarray(mh.to_rows(), dtype=np.uint32)
        # b-bit MinHash (Li and König 2010): the lowest 8 bits of each value are kept (120 bytes a document
        # instead of 480); the estimate of a pair corrects for chance agreement (estimate() below)
        self.sig.append(start, (sig & np.uint32(0xFF)).astype(np.uint8))
        self.sets.append(start, h, off)
        self.parent = np.concatenate([self.parent, np.arange(start, start + m, dtype=np.int64)])
        self.exact_rep = np.concatenate([self.exact_rep, reps])
        self.n += m
        # exact duplicates join their first copy
        for i in np.nonzero((reps >= 0) & (reps != np.arange(start, start + m)))[0]:
            self._union(start + int(i), int(reps[i]))
        # near duplicates: only documents with a new body go through LSH
        if new_rep_local:
            local = np.asarray(new_rep_local, dtype=np.int64)
            self._near(start + local, sig[local])

    def _band_keys(self, sig: np.ndarray) -> np.ndarray:
        """(bands, docs) uint64 bucket keys."""
        b, r = self.p.bands, self.rows
        blocks = sig.reshape(len(sig), b, r).astype(np.uint64)
        keys = (blocks * self._mult[None, None, :]).sum(axis=2, dtype=np.uint64)
        keys ^= np.arange(b, dtype=np.uint64)[None, :] * np.uint64(0x9E3779B97F4A7C15)
        return keys.T

    def _near(self, ids: np.ndarray, sig: np.ndarray) -> None:
        keys = self._band_keys(sig)
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
            # within the batch: each document with the _RUN_LINKS before it in its bucket
            order = np.argsort(k_new, kind="stable")
            ks, is_ = k_new[order], ids[order]
            for off in range(1, _RUN_LINKS + 1):
                same = ks[off:] == ks[:-off]
                if not same.any():
                    break
                cand_a.append(is_[off:][same])
                cand_b.append(is_[:-off][same])
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
        # verification: the signatures' estimate first (cheap, vectorised) keeps pairs that may reach the
        # threshold; their exact Jaccard (sorted k-gram hash sets) decides
        ok = np.zeros(len(a), dtype=bool)
        step = 50_000
        floor = self.p.threshold - PREFILTER_MARGIN
        for s in range(0, len(a), step):
            sa, sb = a[s:s + step], b[s:s + step]
            est = _estimate((self.sig.take(sa) == self.sig.take(sb)).mean(axis=1))
            ok[s:s + step] = est >= floor
        for k in np.nonzero(ok)[0].tolist():
            ok[k] = self.sets.jaccard(int(a[k]), int(b[k])) >= self.p.threshold
        self.pairs_exact += int(ok.sum())
        for x, y in zip(a[ok].tolist(), b[ok].tolist()):
            if self.on_verified is not None:
                self.on_verified(x, y)
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
        si, sj = self.sig.take(np.array([i, j]))
        return float(_estimate((si == sj).mean()))

    def jaccard(self, i: int, j: int) -> float:
        """Exact Jaccard similarity of two documents with a new body (exact representatives)."""
        return self.sets.jaccard(i, j)


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
