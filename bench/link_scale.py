"""Linking at scale: wall time and peak memory for duplicates, related articles and stories on a
synthetic collection built from the dev pages (bench/link_synth.py), an incremental add, and a
plain datasketch MinHashLSH baseline in the same run.

    .venv/bin/python bench/link_scale.py --pages 100000 [--add 10000] [--baseline-pages 50000] [--json]

Phases, one process, in this order:
  baseline   datasketch: MinHash (update_batch, 128 permutations) of the same word 5-gram hashes and
             MinHashLSH(threshold=0.7) insert + query of the first --baseline-pages pages; next to it,
             kliping's DedupIndex on the same pages (normalising, rensa signatures, banding, union-find)
  link       Linker.add(N pages): stage times (dedup: normalising, signatures, LSH, groups;
             features: tokens, stems, TF-IDF; stories; related)
  add        Linker.add(--add more pages, dated after the collection): wall time of the increment
Stage times are wall seconds (making the synthetic pages is in the phase total, in no stage); the CPU seconds
of the whole phase are printed too, as the machine may be shared.
Peak RSS is the process maximum (ru_maxrss) read after each phase and at the end of each stage
of `Linker.add` (read: normalising, duplicates and term counts chunk by chunk; features; dedup
groups; stories; related): it only grows, so a stage's figure is the most taken up to its end. Pages are generated while they are read.
Planted duplicates give a recall figure: the share of planted copies grouped with their source.
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from link_synth import DEV_PAGES, Synth, load_bases  # noqa: E402

from kliping.link.collection import Linker  # noqa: E402
from kliping.link.dedup import DedupIndex, DedupParams  # noqa: E402
from kliping.link.shingles import ShingleHasher, normalise  # noqa: E402


def cpu_s() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def baseline(pages: list, params: DedupParams) -> dict:
    from datasketch import MinHash, MinHashLSH

    t0 = time.perf_counter()
    lsh = MinHashLSH(threshold=params.threshold, num_perm=params.num_perm)
    hasher = ShingleHasher(params.shingle_words)
    mhs = []
    for a in pages:
        # the same word 5-gram hashes as kliping (identity hash function: they are 64-bit already)
        m = MinHash(num_perm=params.num_perm, seed=1, hashfunc=int, scheme="affine64")
        h, _ = hasher.batch([normalise(a.body)])
        m.update_batch(h.tolist())
        lsh.insert(a.id, m)
        mhs.append(m)
    pairs = 0
    for a, m in zip(pages, mhs):
        pairs += len(lsh.query(m)) - 1
    ds = time.perf_counter() - t0
    t0 = time.perf_counter()
    idx = DedupIndex(params)
    step = 20000
    for s in range(0, len(pages), step):
        idx.add([normalise(a.body) for a in pages[s:s + step]])
    roots = idx.roots()
    kl = time.perf_counter() - t0
    return {"pages": len(pages), "datasketch_s": round(ds, 2), "kliping_dedup_s": round(kl, 2),
            "speedup": round(ds / kl, 2), "datasketch_candidate_pairs": pairs,
            "kliping_grouped_pages": int((np.bincount(roots) > 1).sum())}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=100_000)
    ap.add_argument("--add", type=int, default=10_000)
    ap.add_argument("--baseline-pages", type=int, default=50_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if not DEV_PAGES.exists():
        print(f"skipped: {DEV_PAGES} is not present")
        return 0
    bases = load_bases()
    out: dict = {"pages": args.pages, "bases": len(bases)}
    if args.baseline_pages:
        synth = Synth(bases, seed=args.seed + 1)
        sample = list(synth.pages(args.baseline_pages))
        out["baseline"] = baseline(sample, DedupParams())
        del sample, synth
    out["peak_rss_mb_after_baseline"] = round(peak_mb())

    synth = Synth(bases, seed=args.seed)
    planted: dict[str, str] = {}

    def stream(n: int, day0: int | None = None):
        for a in synth.pages(n, day0):
            if a.flags:
                planted[a.id] = a.flags[0].split(":", 1)[1]
            yield a

    linker = Linker()
    t0, c0 = time.perf_counter(), cpu_s()
    linker.add(stream(args.pages))
    wall = time.perf_counter() - t0
    out["link"] = {"wall_s": round(wall, 1), "cpu_s": round(cpu_s() - c0, 1),
                   **{k: round(v, 1) for k, v in linker.seconds.items()},
                   "peak_rss_mb": round(peak_mb()),
                   "peak_rss_mb_by_stage_end": {k: round(v) for k, v in linker.peak_mb.items()}}
    g = linker.groups
    pos = linker.pos
    hit = sum(1 for c, s in planted.items() if g.root[pos[c]] == g.root[pos[s]])
    out["link"]["planted_copies"] = len(planted)
    out["link"]["planted_grouped"] = round(hit / max(1, len(planted)), 4)
    out["link"]["duplicate_groups"] = int((np.bincount(g.root) > 1).sum())
    sizes = np.bincount(np.asarray(linker.story_index.of, dtype=np.int64))
    out["link"]["story_count"] = int(len(sizes))
    out["link"]["stories_2plus"] = int((sizes > 1).sum())
    out["link"]["related_filled"] = round(float((linker.related.ids[:, 0] >= 0).mean()), 4)

    if args.add:
        before = dict(linker.seconds)
        last_day = int(np.nanmax(linker.times)) + 719163       # days since 1970 -> ordinal
        t0, c0 = time.perf_counter(), cpu_s()
        linker.add(stream(args.add, day0=last_day - 2))
        out["add"] = {"pages": args.add, "wall_s": round(time.perf_counter() - t0, 2), "cpu_s": round(cpu_s() - c0, 2),
                      **{k: round(v - before.get(k, 0.0), 2) for k, v in linker.seconds.items()},
                      "peak_rss_mb": round(peak_mb())}
    if args.json:
        print(json.dumps(out, indent=1))
    else:
        b = out.get("baseline")
        if b:
            print(f"# baseline on {b['pages']:,} pages: datasketch MinHash+MinHashLSH {b['datasketch_s']} s, "
                  f"kliping dedup {b['kliping_dedup_s']} s ({b['speedup']}x)")
        lk = out["link"]
        print(f"# link {args.pages:,} pages: {lk['wall_s']} s wall ({lk['cpu_s']} s CPU); dedup {lk.get('dedup')} s, features "
              f"{lk.get('features')} s, stories {lk.get('stories')} s, related {lk.get('related')} s; "
              f"peak RSS {lk['peak_rss_mb']} MB")
        print(f"#   planted copies grouped with their source: {lk['planted_grouped']:.2%} of {lk['planted_copies']:,}; "
              f"{lk['duplicate_groups']:,} duplicate groups; {lk['story_count']:,} stories "
              f"({lk['stories_2plus']:,} with 2+ pages); related links for {lk['related_filled']:.1%} of pages")
        if "add" in out:
            ad = out["add"]
            print(f"# add {ad['pages']:,} pages to the collection: {ad['wall_s']} s wall ({ad['cpu_s']} s CPU); peak RSS {ad['peak_rss_mb']} MB")
        print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
