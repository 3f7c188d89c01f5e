"""Pages per second of `kliping spark` in local[1] and local[2], beside the local pipeline.

    .venv/bin/python bench/spark_throughput.py [--pages 20000] [--repeat 3] [--no-enrich] [--link] [--json]

Input: the dev pages (../shared/data/dev/pages.jsonl) replicated to --pages pages (each copy a new
id, same URL, so outlets and their templates are as in a real crawl of those sites), written once
as four JSONL files. Every contender reads those files and writes every record:

  single       one process: read_inputs -> Extractor.process -> JSON Lines (`kliping extract`)
  pool-N       N worker processes: the parent reads and sends each worker the pages of its outlets
               (pages grouped by outlet as the Spark job groups them, so template counts stay
               those of the outlet), each worker runs Extractor.process and writes JSON Lines
  spark-local[N]  run_job() on a SparkSession with master local[N]: reading, template blocks,
               shuffle by outlet, extraction, Parquet output (duplicate groups, stories and the
               articles' link fields too with --link)

Each figure is the median of --repeat timed runs after one untimed warm-up round; the contenders
run in turns within each round, so a change of load on a shared machine hurts all of them alike.
Every Spark run gets a fresh session on its master (started outside the timer) and an untimed
200-page run first (Python workers started, models loaded); the local contenders load the model
inside the timer (once per process, well under a second). Pages/s = pages read / wall seconds.
The machine's core count and load average are printed: on a shared machine the figures are noisy.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import zlib
from multiprocessing import get_context
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEV = REPO.parent / "shared" / "data" / "dev" / "pages.jsonl"
sys.path.insert(0, str(REPO / "src"))


def make_input(folder: Path, pages: int, files: int = 4) -> int:
    src = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    outs = [open(folder / f"pages-{i}.jsonl", "w", encoding="utf-8") for i in range(files)]
    for n in range(pages):
        rec = dict(src[n % len(src)])
        rec["id"] = f"{rec.get('id', 'p')}-r{n // len(src)}"
        outs[n * files // pages].write(json.dumps(rec, ensure_ascii=False) + "\n")
    for f in outs:
        f.close()
    return pages


def run_single(folder: Path, out: Path, enrich: bool) -> int:
    from kliping.read import read_inputs
    from kliping.run.extract import Extractor

    n = 0
    with open(out / "single.jsonl", "w", encoding="utf-8") as f:
        for item in Extractor(enrich=enrich, collection=False).process(read_inputs([str(folder)])):
            f.write(json.dumps(item.to_record(), ensure_ascii=False) + "\n")
            n += 1
    return n


def _pool_worker(args) -> int:
    docs, path, enrich = args
    from kliping.run.extract import Extractor

    with open(path, "w", encoding="utf-8") as f:
        for item in Extractor(enrich=enrich, collection=False).process(docs):
            f.write(json.dumps(item.to_record(), ensure_ascii=False) + "\n")
    return len(docs)


def run_pool(folder: Path, out: Path, enrich: bool, workers: int) -> int:
    from kliping.clean.outlet import outlet_from_url
    from kliping.model import Document
    from kliping.read import read_inputs

    shards: list[list] = [[] for _ in range(workers)]
    for i, item in enumerate(read_inputs([str(folder)])):
        outlet = outlet_from_url(item.url) if isinstance(item, Document) else None
        shards[zlib.crc32((outlet or str(i)).encode()) % workers].append(item)
    with get_context("spawn").Pool(workers) as pool:
        return sum(pool.map(_pool_worker, [(s, out / f"pool-{k}.jsonl", enrich) for k, s in enumerate(shards)]))


def run_spark(spark, folder: Path, out: Path, enrich: bool, link: bool, partitions: int) -> int:
    from kliping.spark.job import run_job

    return run_job(spark, [str(folder)], str(out / "spark"), enrich=enrich, link=link, partitions=partitions).read


def _spark_timed(name: str, folder: Path, warm: Path, out: Path, enrich: bool, link: bool,
                 startup: list[float]) -> tuple[int, float]:
    """A fresh session on the contender's master (start untimed), one untimed run over 200 pages to
    start its Python workers and load the models, then the timed run."""
    from kliping.spark.job import spark_session

    master = name[len("spark-"):]
    cores = int(master[len("local["):-1])
    t0 = time.perf_counter()
    spark = spark_session(master, app="kliping-bench",
                          conf={"spark.ui.enabled": "false", "spark.ui.showConsoleProgress": "false"})
    spark.sparkContext.setLogLevel("ERROR")
    startup.append(time.perf_counter() - t0)
    try:
        run_spark(spark, warm, out / "warm", enrich, link, partitions=max(2, 2 * cores))
        t0 = time.perf_counter()
        n = run_spark(spark, folder, out, enrich, link, partitions=max(2, 2 * cores))
        return n, time.perf_counter() - t0
    finally:
        spark.stop()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=20000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-enrich", action="store_true", help="skip entities, times and quotes in every contender")
    ap.add_argument("--link", action="store_true", help="the Spark runs also link: duplicate groups and stories")
    ap.add_argument("--only", help="comma-separated contenders (single,pool-2,spark-local[1],spark-local[2])")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if not DEV.exists():
        print(f"skipped: {DEV} is absent")
        return 0
    try:
        import pyspark  # noqa: F401
    except ImportError:
        print("skipped: pyspark is not installed (pip install -e '.[spark]')")
        return 0
    enrich = not args.no_enrich
    names = (args.only or "single,pool-2,spark-local[1],spark-local[2]").split(",")
    tmp = Path(tempfile.mkdtemp(prefix="kliping-spark-bench-"))
    times: dict[str, list[float]] = {n: [] for n in names}
    startup: dict[str, list[float]] = {n: [] for n in names if n.startswith("spark-")}
    try:
        folder, warm = tmp / "in", tmp / "warm"
        folder.mkdir()
        warm.mkdir()
        pages = make_input(folder, args.pages)
        make_input(warm, 200)
        for rep in range(args.repeat + 1):      # repetition 0 is the untimed warm-up
            for name in names:                  # contenders in turns: load changes hurt all alike
                out = tmp / f"out-{rep}-{name}"
                out.mkdir()
                if name.startswith("spark-"):
                    n, dt = _spark_timed(name, folder, warm, out, enrich, args.link, startup[name])
                else:
                    t0 = time.perf_counter()
                    n = run_single(folder, out, enrich) if name == "single" else \
                        run_pool(folder, out, enrich, int(name[5:]))
                    dt = time.perf_counter() - t0
                shutil.rmtree(out)
                assert n == pages, (name, n, pages)
                if rep:
                    times[name].append(dt)
                print(f"  {name} run {rep}{' (warm-up)' if not rep else ''}: {dt:.1f} s", file=sys.stderr)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    results: dict[str, dict] = {}
    for name in names:
        med = statistics.median(times[name])
        results[name] = {"median_s": round(med, 2), "pages_per_s": round(pages / med, 1),
                         "runs_s": [round(t, 2) for t in times[name]]}
        if name in startup:
            results[name]["session_start_s"] = round(statistics.median(startup[name]), 1)
    info = {"pages": pages, "repeat": args.repeat, "enrich": enrich, "link": args.link, "cpus": os.cpu_count(),
            "load_average": [round(x, 2) for x in os.getloadavg()]}
    if args.json:
        print(json.dumps({"info": info, "results": results}, indent=1))
        return 0
    print(f"# {pages} pages (dev pages replicated), median of {args.repeat} runs, enrich={enrich}, "
          f"link={args.link}, {info['cpus']} CPUs, load average {info['load_average']}")
    print(f"{'contender':16s} {'pages/s':>9s} {'median s':>9s}  runs")
    for name, r in results.items():
        extra = f"  (session start {r['session_start_s']} s and a 200-page warm-up run, untimed)" \
            if "session_start_s" in r else ""
        print(f"{name:16s} {r['pages_per_s']:9.1f} {r['median_s']:9.2f}  {r['runs_s']}{extra}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
