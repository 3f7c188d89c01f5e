"""Archive build speed and search latency, on the 363 dev pages of ../shared (or any pages file).

    .venv/bin/python bench/archive_speed.py [PAGES.jsonl] [--repeat 3] [--queries 200] [--link]

Build: `build_archive` into a fresh SQLite file in a temporary folder, `--repeat` times; the
median wall time is printed as pages/s, split into the first build (pipeline, enrichment,
stemmed index, writes) and an idempotent rerun over the same input (hash every page, skip all).
Linking (kliping.link) is left out unless `--link` is given, and timed on its own.
Search: `--queries` one- and two-word queries drawn at random (seed 7) from the archived titles,
run through `search()` (parse, stem, FTS5 BM25, count, facets, snippets) on a read-only
connection; median and 95th percentile in milliseconds, for relevance and for recency ranking.
"""
from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from kliping.archive.build import build_archive, link_archive
from kliping.archive.schema import connect
from kliping.archive.search import search

DEFAULT = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "dev" / "pages.jsonl"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("pages", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--link", action="store_true", help="also time the linking stage")
    args = ap.parse_args()
    if not args.pages.exists():
        print(f"pages file not found: {args.pages} (needs ../shared/data)", file=sys.stderr)
        return 2
    n_pages = sum(1 for _ in open(args.pages, encoding="utf-8"))
    firsts, reruns, links = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.repeat):
            db_path = Path(tmp) / f"news{i}.db"
            t0 = time.perf_counter()
            build_archive(db_path, [str(args.pages)], link=False)
            firsts.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            build_archive(db_path, [str(args.pages)], link=False)
            reruns.append(time.perf_counter() - t0)
            if args.link:
                db = connect(db_path)
                t0 = time.perf_counter()
                link_archive(db)
                links.append(time.perf_counter() - t0)
                db.close()
        size = db_path.stat().st_size
        db = connect(db_path, readonly=True)
        titles = [r[0] for r in db.execute("SELECT title FROM articles WHERE title IS NOT NULL")]
        words = sorted({w.lower() for t in titles for w in re.findall(r"[^\W\d_]{4,}", t)})
        rng = random.Random(7)
        queries = [" ".join(rng.sample(words, rng.choice((1, 2)))) for _ in range(args.queries)]
        lat: dict[str, list[float]] = {"relevance": [], "recent": []}
        for sort in lat:
            for q in queries:
                t0 = time.perf_counter()
                search(db, q, sort=sort)
                lat[sort].append((time.perf_counter() - t0) * 1000)
        db.close()
    first, rerun = statistics.median(firsts), statistics.median(reruns)
    print(f"# {n_pages} pages of {args.pages.name}, {args.repeat} builds, archive {size / 1e6:.1f} MB")
    print(f"build (extract + enrich + index + write): median {first:.2f} s = {n_pages / first:.1f} pages/s")
    print(f"rerun (all pages already archived):       median {rerun:.2f} s = {n_pages / rerun:.1f} pages/s")
    if links:
        print(f"linking stage over the archive:           median {statistics.median(links):.2f} s")
    for sort, ms in lat.items():
        ms.sort()
        print(f"search ({sort:9s}, {len(ms)} queries): median {statistics.median(ms):.2f} ms, "
              f"p95 {ms[int(0.95 * (len(ms) - 1))]:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
