"""Sparse TF-IDF vectors of articles (stems) and their entity vectors, grown batch by batch.

Hand-made over scipy.sparse rather than scikit-learn's TfidfVectorizer: the vocabulary and the
document frequencies must grow as batches are added (incremental linking), and the terms are
already stems counted once per article (terms.py), so only the weighting is needed.
Each article keeps its TOP_TERMS heaviest terms, l2-normalised, in descending weight order.
"""
from __future__ import annotations

from array import array
from collections import Counter
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp

if TYPE_CHECKING:
    from .background import Background

TOP_TERMS = 40


def _rows_top(indptr: np.ndarray, indices: np.ndarray, data: np.ndarray, top: int) -> sp.csr_matrix:
    """Keep each row's `top` heaviest entries, heaviest first, l2-normalised."""
    n = len(indptr) - 1
    counts = np.diff(indptr)
    rows = np.repeat(np.arange(n), counts)
    order = np.lexsort((-data, rows))
    rows, indices, data = rows[order], indices[order], data[order]
    rank = np.arange(len(rows)) - indptr[rows]
    keep = rank < top
    rows, indices, data = rows[keep], indices[keep], data[keep]
    norms = np.sqrt(np.bincount(rows, weights=data.astype(np.float64) ** 2, minlength=n))
    data = (data / np.where(norms[rows] > 0, norms[rows], 1.0)).astype(np.float32)
    new_ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n), out=new_ptr[1:])
    return sp.csr_matrix((data, indices.astype(np.int32), new_ptr), shape=(n, 1))


def tfidf(cnt: np.ndarray, df: np.ndarray, docs: int) -> np.ndarray:
    """(1 + log tf) * idf of each entry (float32): `cnt` its count (float32), `df` its term's document
    frequency (int64), `docs` the articles counted. One function for the local run and the Spark job
    (kliping/spark/stories.py), so both weigh with the same operations."""
    idf = np.log((1.0 + docs) / (1.0 + df)) + 1.0
    return ((1.0 + np.log(np.maximum(cnt, 1.0))) * idf).astype(np.float32)


def rows_top(indptr: np.ndarray, indices: np.ndarray, data: np.ndarray, top: int = TOP_TERMS) -> sp.csr_matrix:
    """Each row's `top` heaviest entries, heaviest first (ties in entry order), l2-normalised (float32)."""
    return _rows_top(indptr, indices, data, top)


class TermSpace:
    """Vocabulary and document frequencies; weighs count rows into top-term TF-IDF rows.

    With a background (background.py), each term's document frequency is its count in the run plus
    its count in the background table, and the articles counted are the run's plus the table's."""

    def __init__(self, top: int = TOP_TERMS, background: "Background | None" = None) -> None:
        self.top = top
        self.vocab: dict[str, int] = {}
        self.names: list[str] = []
        self.df = np.zeros(1024, dtype=np.int64)       # in the run
        self.docs = 0
        self.prior = np.zeros(1024, dtype=np.int32)    # in the background (per term id)
        self.prior_docs = background.docs if background is not None else 0
        self._bg = background.df if background is not None else None

    def counts(self, rows: list[Counter[str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """CSR parts (indptr, term ids, counts) of count rows; registers new terms and updates df."""
        vocab, names = self.vocab, self.names
        first_new = len(names)
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        ids = array("i")               # machine integers, not a Python object per entry
        cnt = array("f")
        for r, c in enumerate(rows):
            for term, k in c.items():
                t = vocab.get(term)
                if t is None:
                    t = vocab[term] = len(names)
                    names.append(term)
                ids.append(t)
                cnt.append(k)
            indptr[r + 1] = len(ids)
        idx = np.frombuffer(ids, dtype=np.int32).copy() if len(ids) else np.zeros(0, dtype=np.int32)
        if len(names) > len(self.df):
            self.df = np.concatenate([self.df, np.zeros(max(len(names), 2 * len(self.df)) - len(self.df),
                                                        dtype=np.int64)])
            self.prior = np.concatenate([self.prior, np.zeros(len(self.df) - len(self.prior), dtype=np.int32)])
        if self._bg is not None and len(names) > first_new:
            bg = self._bg
            self.prior[first_new:len(names)] = [bg.get(t, 0) for t in names[first_new:]]
        np.add.at(self.df, idx, 1)
        self.docs += len(rows)
        return indptr, idx, (np.frombuffer(cnt, dtype=np.float32).copy() if len(cnt) else np.zeros(0, np.float32))

    def weigh(self, indptr: np.ndarray, idx: np.ndarray, cnt: np.ndarray) -> sp.csr_matrix:
        """TF-IDF rows (1 + log tf) * idf, top terms kept, with the document frequencies as they are now."""
        idx = idx.astype(np.int64)
        df = self.df[idx] + self.prior[idx]
        m = _rows_top(indptr, idx, tfidf(cnt, df, self.docs + self.prior_docs), self.top)
        m.resize((m.shape[0], max(1, len(self.names))))
        return m


class EntitySpace:
    """Entity keys as unit-length binary vectors (shared entities, independent of mention counts)."""

    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}
        self.names: list[str] = []

    def rows(self, keys: list[list[str]]) -> sp.csr_matrix:
        indptr = np.zeros(len(keys) + 1, dtype=np.int64)
        ids: list[int] = []
        data: list[float] = []
        for r, ks in enumerate(keys):
            uniq = list(dict.fromkeys(ks))
            for k in uniq:
                t = self.vocab.get(k)
                if t is None:
                    t = self.vocab[k] = len(self.names)
                    self.names.append(k)
                ids.append(t)
                data.append(1.0 / np.sqrt(len(uniq)))
            indptr[r + 1] = len(ids)
        return sp.csr_matrix((np.asarray(data, dtype=np.float32), np.asarray(ids, dtype=np.int32), indptr),
                             shape=(len(keys), max(1, len(self.names))))


    def rows_of_ids(self, ids, counts) -> sp.csr_matrix:
        """Rows from entity ids already in the vocabulary: `ids` flat (each article's distinct ids in
        turn), `counts` how many each article has."""
        n = np.asarray(counts, dtype=np.int64)
        indptr = np.zeros(len(n) + 1, dtype=np.int64)
        np.cumsum(n, out=indptr[1:])
        data = np.repeat((1.0 / np.sqrt(np.maximum(n, 1))).astype(np.float32), n)
        return sp.csr_matrix((data, np.asarray(ids, dtype=np.int32), indptr),
                             shape=(len(n), max(1, len(self.names))))


def vstack(a: sp.csr_matrix | None, b: sp.csr_matrix, cols: int) -> sp.csr_matrix:
    """Rows of b under a, both widened to `cols` columns."""
    b = b.copy()
    b.resize((b.shape[0], max(1, cols)))
    if a is None:
        return b.tocsr()
    a.resize((a.shape[0], max(1, cols)))
    return sp.vstack([a, b], format="csr")
