"""Word clusters for the NER features, learnt at train time from unlabelled text.

Brown clustering is the classic choice, but no well-kept Python package for it exists and
it is slow; this does the same job in a few seconds with numpy: each word is described by
its left and right neighbours (positive PMI over the most frequent context words),
reduced by a truncated SVD, then split in two again and again (2-means), so each word
gets a bit string whose prefixes are coarser clusters, as Brown codes are. The text is the
NER datasets' train splits and ../shared/data/dev/pages.jsonl; only the word -> code table
is kept (as `models/ner-clusters.txt`), never the text.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Iterator, Sequence

from .ner import tokenize
from .ner_data import DATASETS, load_split

MIN_COUNT = 4
N_CONTEXT = 1500
DIMS = 60
DEPTH = 12


def _corpus(data_dir: Path, sets: Sequence[str]) -> Iterator[list[str]]:
    for key, spec in DATASETS.items():   # every train split: unlabelled use only, NERP too (lower-cased)
        if not (data_dir / spec.folder / spec.train).exists():
            continue
        for s in load_split(key, "train", data_dir):
            yield [t.lower() for t in s.tokens]
    pages = data_dir.parent / "dev" / "pages.jsonl"
    if pages.exists():
        with open(pages, encoding="utf-8") as fh:
            for line in fh:
                try:
                    text = json.loads(line).get("text") or ""
                except ValueError:
                    continue
                for para in text.split("\n"):
                    toks = [t[0].lower() for t in tokenize(para)]
                    if len(toks) >= 4:
                        yield toks


def build_clusters(data_dir: Path, sets: Sequence[str], log=print, k: int = DEPTH) -> dict[str, str]:
    import numpy as np

    sents = list(_corpus(data_dir, sets))
    counts = Counter(t for s in sents for t in s)
    vocab = [w for w, c in counts.most_common() if c >= MIN_COUNT]
    if len(vocab) < 2:
        return {}
    index = {w: i for i, w in enumerate(vocab)}
    ctx = {w: i for i, w in enumerate(vocab[:N_CONTEXT])}
    m = np.zeros((len(vocab), 2 * N_CONTEXT), dtype=np.float32)
    for s in sents:
        ids = [index.get(t, -1) for t in s]
        cids = [ctx.get(t, -1) for t in s]
        for i, w in enumerate(ids):
            if w < 0:
                continue
            if i > 0 and cids[i - 1] >= 0:
                m[w, cids[i - 1]] += 1
            if i + 1 < len(s) and cids[i + 1] >= 0:
                m[w, N_CONTEXT + cids[i + 1]] += 1
    total = m.sum()
    row = m.sum(1, keepdims=True)
    col = m.sum(0, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log((m * total) / (row * col))
    pmi = np.nan_to_num(np.maximum(pmi, 0), posinf=0.0)
    # randomised truncated SVD (Halko et al.): two power iterations are plenty here
    rng = np.random.default_rng(0)
    q, _ = np.linalg.qr(pmi @ rng.standard_normal((pmi.shape[1], DIMS + 10)).astype(np.float32))
    for _ in range(2):
        q, _ = np.linalg.qr(pmi @ (pmi.T @ q))
    ub, sv, _ = np.linalg.svd(q.T @ pmi, full_matrices=False)
    vec = (q @ ub[:, :DIMS]) * sv[:DIMS]
    vec /= np.linalg.norm(vec, axis=1, keepdims=True) + 1e-9
    codes = [""] * len(vocab)
    _bisect(vec, np.arange(len(vocab)), "", codes, k, rng)
    log(f"clusters: {len(vocab)} words from {len(sents)} sentences, depth {k}")
    return {w: codes[i] for i, w in enumerate(vocab)}


def _bisect(vec, idx, prefix: str, codes: list[str], depth: int, rng) -> None:
    import numpy as np

    if depth == 0 or len(idx) < 8:
        for i in idx:
            codes[i] = prefix or "0"
        return
    x = vec[idx]
    cent = x[rng.choice(len(idx), 2, replace=False)]
    for _ in range(15):
        side = (x @ cent[0]) < (x @ cent[1])
        if side.all() or (~side).all():
            break
        cent = np.stack([x[~side].mean(0), x[side].mean(0)])
    if side.all() or (~side).all():
        for i in idx:
            codes[i] = prefix or "0"
        return
    _bisect(vec, idx[~side], prefix + "0", codes, depth - 1, rng)
    _bisect(vec, idx[side], prefix + "1", codes, depth - 1, rng)


def write_clusters(clusters: dict[str, str], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        for w, c in sorted(clusters.items(), key=lambda kv: (kv[1], kv[0])):
            fh.write(f"{w}\t{c}\n")

