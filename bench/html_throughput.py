"""Pages per second per core on HTML: kliping (HTML bytes to article) vs trafilatura, same run.

    .venv/bin/python bench/html_throughput.py [--repeat 5] [--bench DIR] [--json]

One process, one core. The pages (../shared/data/html-bench, gunzipped in memory before
timing) go through each contender in turns within every repetition, so a busy neighbour
hurts both alike; after one untimed warm-up pass, each figure is the median of --repeat
passes: pages per CPU second of this process (time.process_time, less sensitive to other
jobs on the machine) and pages per wall second.

Contenders
  kliping      read.html.document_from_html(bytes) (charset, lexbor parse, head metadata,
               lines with DOM features) + Extractor(templates=False, enrich=False).extract(doc)
               (features, HTML CRF roles, fields, head metadata over fields, language): the
               extraction trafilatura also does
  kliping (cold)  the same, kliping's per-string caches (class names, short lines, DOM and
               neighbour features) emptied before each pass: every pass here reads the same 120
               pages again, which a crawl never does; this is the figure a first reading gets
  kliping+enrich  the same with enrichment (entities, times, quotes), which trafilatura does not do
  trafilatura  trafilatura.extract(bytes, url=...) with its defaults (needs the bench extra)
"""
from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from pathlib import Path

DEFAULT_BENCH = Path(__file__).resolve().parents[2] / "shared" / "data" / "html-bench"


def clear_caches() -> None:
    """Empty kliping's per-string caches, as a process meeting these pages for the first time has them."""
    from kliping.clean import cues, features, htmlfeatures, lines
    from kliping.read import html

    for fn in (html.cues_of, cues.heading_key, lines.normalise):
        fn.cache_clear()
    htmlfeatures._dom_strings.cache_clear()
    features._VIEW_CACHE.clear()


def bench_args() -> argparse.Namespace | None:
    """--bench DIR, --repeat N, --json; None (after saying so) when the benchmark is not there."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if not (args.bench / "ground-truth.json").exists():
        print(f"skipped: {args.bench} is not present")
        return None
    return args


def main() -> int:
    args = bench_args()
    if args is None:
        return 0
    from kliping.evaluate.htmlbench import load_bench
    from kliping.read.html import document_from_html
    from kliping.run.extract import Extractor

    pages = load_bench(args.bench)
    extractor = Extractor(templates=False, enrich=False)
    enriching = Extractor(templates=False)

    def run_kliping() -> None:
        for p in pages:
            doc = document_from_html(p.html, p.key, p.key, url=p.url)
            extractor.extract(doc)

    def run_enriching() -> None:
        for p in pages:
            enriching.extract(document_from_html(p.html, p.key, p.key, url=p.url))

    def run_kliping_cold() -> None:
        clear_caches()
        run_kliping()

    contenders = {"kliping": run_kliping, "kliping (cold)": run_kliping_cold, "kliping+enrich": run_enriching}
    try:
        import trafilatura

        def run_trafilatura() -> None:
            for p in pages:
                trafilatura.extract(p.html, url=p.url)

        contenders["trafilatura"] = run_trafilatura
    except ImportError:
        print("# trafilatura is not installed (pip install -e '.[bench]'): kliping alone", file=sys.stderr)

    for fn in contenders.values():  # warm-up: imports, caches, lazily loaded models
        fn()
    cpu: dict[str, list[float]] = {k: [] for k in contenders}
    wall: dict[str, list[float]] = {k: [] for k in contenders}
    for _ in range(args.repeat):
        for name, fn in contenders.items():
            gc.collect()
            w0, c0 = time.perf_counter(), time.process_time()
            fn()
            c1, w1 = time.process_time(), time.perf_counter()
            cpu[name].append(len(pages) / (c1 - c0))
            wall[name].append(len(pages) / (w1 - w0))
    rows = {k: {"pages_per_cpu_s": round(statistics.median(cpu[k]), 1),
                "pages_per_wall_s": round(statistics.median(wall[k]), 1)} for k in contenders}
    if "trafilatura" in rows:
        rows["ratio"] = {"cpu": round(rows["kliping"]["pages_per_cpu_s"] / rows["trafilatura"]["pages_per_cpu_s"], 2),
                         "wall": round(rows["kliping"]["pages_per_wall_s"] / rows["trafilatura"]["pages_per_wall_s"], 2),
                         "cpu_cold": round(rows["kliping (cold)"]["pages_per_cpu_s"]
                                           / rows["trafilatura"]["pages_per_cpu_s"], 2)}
    if args.json:
        print(json.dumps(rows, indent=1))
        return 0
    mb = sum(len(p.html) for p in pages) / 1e6
    print(f"# {len(pages)} HTML pages ({mb:.1f} MB), median of {args.repeat} passes, one process (one core)")
    print(f"{'contender':16s} {'pages/CPU s':>12s} {'pages/wall s':>13s}")
    for k in contenders:
        print(f"{k:16s} {rows[k]['pages_per_cpu_s']:12.1f} {rows[k]['pages_per_wall_s']:13.1f}")
    if "ratio" in rows:
        print(f"{'kliping / trafilatura':22s} {rows['ratio']['cpu']:.2f}x per CPU second, "
              f"{rows['ratio']['wall']:.2f}x per wall second; cold caches {rows['ratio']['cpu_cold']:.2f}x per CPU second")
    return 0


if __name__ == "__main__":
    sys.exit(main())
