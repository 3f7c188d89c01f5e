"""Near-duplicate quality: shingle size and threshold chosen by measurement, then the MinHash-LSH
detector scored against exact Jaccard similarity on a sample.

    .venv/bin/python bench/near_dup_quality.py [--pages 20000] [--json]

The sample is a synthetic collection made from the dev pages (bench/link_synth.py): pages of
the same event (alike, rewritten: not duplicates) and planted copies (another outlet's
republication: dateline, "Baca juga", editor line, a few words changed; or an exact copy).

1. choice: for word k-grams k = 3..8 and thresholds 0.5..0.9, the exact Jaccard similarity of every
   pair of pages sharing a k-gram (a sparse product, no sampling) separates planted copy pairs from
   the rest; F1 of "Jaccard >= t" against the planted pairs says which k and t tell a republished
   copy from a rewrite of the same event.
2. detector: kliping's DedupIndex (rensa MinHash, 32 bands x 4 rows, verification by the
   signatures' estimate) on the same pages; its pairs (verified pairs, widened to exact copies) are
   scored against the pairs whose exact Jaccard reaches the threshold: precision and recall.
   Group-level figures (every pair inside one group) are printed too: union-find joins chains.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import scipy.sparse as sp

sys.path.insert(0, str(Path(__file__).resolve().parent))
from link_synth import DEV_PAGES, Synth, load_bases  # noqa: E402

from kliping.link.dedup import DedupIndex, DedupParams  # noqa: E402
from kliping.link.shingles import ShingleHasher, normalise  # noqa: E402


def exact_pairs(texts: list[str], k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(i, j, Jaccard) of every pair i < j sharing at least one word k-gram."""
    h, off = ShingleHasher(k).batch(texts)
    rows = np.repeat(np.arange(len(texts)), np.diff(off))
    uniq, col = np.unique(h, return_inverse=True)
    A = sp.csr_matrix((np.ones(len(h), dtype=np.float32), (rows, col)), shape=(len(texts), len(uniq)))
    A.data[:] = 1.0
    A.sum_duplicates()
    A.data[:] = 1.0
    size = np.asarray(A.sum(axis=1)).ravel()
    inter = sp.triu(A @ A.T, k=1).tocoo()
    j = inter.data / (size[inter.row] + size[inter.col] - inter.data)
    return inter.row.astype(np.int64), inter.col.astype(np.int64), j


def prf(pred: set, truth: set) -> tuple[float, float, float]:
    tp = len(pred & truth)
    p = tp / len(pred) if pred else 1.0
    r = tp / len(truth) if truth else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if not DEV_PAGES.exists():
        print(f"skipped: {DEV_PAGES} is not present")
        return 0
    pages = list(Synth(load_bases(), seed=args.seed).pages(args.pages))
    texts = [normalise(a.body) for a in pages]
    source = [a.flags[0].split(":", 1)[1] if a.flags else a.id for a in pages]
    out: dict = {"pages": len(pages), "planted_copies": sum(1 for a in pages if a.flags), "choice": []}

    # 1. which k and t separate republished copies from rewrites
    for k in (3, 4, 5, 6, 8):
        i, j, jac = exact_pairs(texts, k)
        planted = np.array([source[a] == source[b] for a, b in zip(i.tolist(), j.tolist())])
        truth = int(planted.sum())
        for t in (0.5, 0.6, 0.7, 0.8, 0.9):
            hit = jac >= t
            tp = int((hit & planted).sum())
            p = tp / max(1, int(hit.sum()))
            r = tp / max(1, truth)
            f = 2 * p * r / (p + r) if p + r else 0.0
            out["choice"].append({"k": k, "t": t, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)})

    # 2. the detector against exact Jaccard, at the defaults
    params = DedupParams()
    i, j, jac = exact_pairs(texts, params.shingle_words)
    truth = {(a, b) for a, b, x in zip(i.tolist(), j.tolist(), jac.tolist()) if x >= params.threshold}
    idx = DedupIndex(params)
    verified: list[tuple[int, int]] = []
    idx.on_verified = lambda a, b: verified.append((min(a, b), max(a, b)))
    for s in range(0, len(texts), 5000):
        idx.add(texts[s:s + 5000])
    rep = idx.exact_rep
    members: dict[int, list[int]] = {}
    for x, r in enumerate(rep.tolist()):
        if r >= 0:
            members.setdefault(r, []).append(x)
    pred: set[tuple[int, int]] = set()
    for ms in members.values():                      # exact copies
        pred.update((a, b) for n, a in enumerate(ms) for b in ms[n + 1:])
    for a, b in verified:                            # verified pairs, widened to their exact copies
        for x in members[int(rep[a])]:
            for y in members[int(rep[b])]:
                pred.add((min(x, y), max(x, y)))
    p, r, f = prf(pred, truth)
    roots = idx.roots()
    groups: dict[int, list[int]] = {}
    for x, g in enumerate(roots.tolist()):
        groups.setdefault(g, []).append(x)
    gpairs = {(a, b) for ms in groups.values() if len(ms) > 1 for n, a in enumerate(ms) for b in ms[n + 1:]}
    gp, gr, gf = prf(gpairs, truth)
    out["detector"] = {"shingle_words": params.shingle_words, "threshold": params.threshold,
                       "num_perm": params.num_perm, "bands": params.bands, "exact_pairs_at_threshold": len(truth),
                       "pair_precision": round(p, 4), "pair_recall": round(r, 4), "pair_f1": round(f, 4),
                       "group_precision": round(gp, 4), "group_recall": round(gr, 4),
                       "candidate_pairs_checked": idx.pairs_checked}
    if args.json:
        print(json.dumps(out, indent=1))
        return 0
    print(f"# {out['pages']:,} synthetic pages, {out['planted_copies']:,} planted copies")
    print("# 1. exact Jaccard >= t against planted copy pairs: k t precision recall F1")
    for row in out["choice"]:
        print(f"{row['k']} {row['t']:.1f} {row['precision']:.4f} {row['recall']:.4f} {row['f1']:.4f}")
    d = out["detector"]
    print(f"# 2. MinHash-LSH detector (k={d['shingle_words']}, t={d['threshold']}, {d['num_perm']} permutations, "
          f"{d['bands']} bands) against exact Jaccard >= t ({d['exact_pairs_at_threshold']:,} pairs)")
    print(f"pairs:  precision {d['pair_precision']:.4f}  recall {d['pair_recall']:.4f}  F1 {d['pair_f1']:.4f}")
    print(f"groups: precision {d['group_precision']:.4f}  recall {d['group_recall']:.4f}  "
          f"({d['candidate_pairs_checked']:,} candidate pairs verified)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
