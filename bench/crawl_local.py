"""`kliping crawl` end to end against a local fictional outlet: pages per second and CPU per page,
crawling plus processing (HTML reader, line model, fields, enrichment; linking left out).

    .venv/bin/python bench/crawl_local.py [--pages 400] [--repeat 3] [--concurrency 8]
    .venv/bin/python bench/crawl_local.py --serve outlets.toml     # serve the site to try kliping crawl by hand

The outlet (tests/crawlsite.py, every text written for the project) is served on 127.0.0.1 by a
threaded server in this process: a news sitemap listing `--pages` article pages (about 3 kB of
HTML each, with menu, cookie notice, byline, time, "Baca juga" and footer). Each repetition
crawls it into a fresh archive as a user would (`kliping crawl`, a child process) with no delay
floor and `--concurrency` requests at once (a local server; the polite defaults are 1 request at
a time and 1 s apart), and times the child: wall time, and CPU (user + system) from its rusage.
Then `kliping build` reads the run's WARC file into another fresh archive (the same pages, the
same pipeline, no network): the crawl's own cost is the difference. Medians of `--repeat`.
No peer is timed: the peers (news-please, trafilatura's crawler) do not write this archive.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from crawlsite import Site  # noqa: E402


def kliping() -> list[str]:
    exe = Path(sys.executable).with_name("kliping")
    return [str(exe)] if exe.exists() else [sys.executable, "-c", "import sys; from kliping.cli import main; "
                                                                  "sys.exit(main())"]


def timed(cmd: list[str]) -> tuple[float, float, str]:
    t0 = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - t0
    err = child.stderr.read()
    child.stderr.close()
    if status != 0:
        raise SystemExit(f"{' '.join(cmd[:2])} failed:\n{err}")
    return wall, usage.ru_utime + usage.ru_stime, err


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=400)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--serve", metavar="OUTLETS_TOML", type=Path,
                    help="only serve the tests' fictional outlet (until Ctrl-C) and write an outlets file for it")
    args = ap.parse_args()
    if args.serve:
        site = Site(slow_seconds=1.0).start()
        args.serve.write_text(site.outlets_toml(delay=0.5), encoding="utf-8")
        print(f"serving Kabar Lembah at {site.base()}/ ; outlets file: {args.serve}\n"
              f"crawl it: kliping crawl {args.serve} --archive lembah.db   (Ctrl-C stops the site)", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            site.stop()
            return 0
    site = Site(slow_seconds=0.0).start()
    site.articles, site.extra_feed = [], []
    site.sitemap_articles = [f"/2026/11/{1 + i % 28:02d}/berita-lembah-{i}" for i in range(args.pages)]
    crawl_rows, build_rows = [], []
    try:
        for rep in range(args.repeat):
            with tempfile.TemporaryDirectory() as tmp:
                tmp = Path(tmp)
                outlets = tmp / "outlets.toml"
                outlets.write_text(site.outlets_toml(delay=0.0, concurrency=args.concurrency), encoding="utf-8")
                wall, cpu, err = timed(kliping() + ["crawl", str(outlets), "--archive", str(tmp / "c.db"),
                                                    "--no-link", "-q"])
                import sqlite3

                with sqlite3.connect(tmp / "c.db") as con:
                    stored = con.execute("SELECT count(*) FROM articles").fetchone()[0]
                warc = next((tmp / "c.db.warc").glob("*.warc.gz"))
                bwall, bcpu, _ = timed(kliping() + ["build", str(warc), "--archive", str(tmp / "b.db"), "--no-link",
                                                    "-q"])
                crawl_rows.append((wall, cpu, stored))
                build_rows.append((bwall, bcpu))
                print(f"run {rep + 1}: crawl {stored} articles in {wall:.2f} s wall, {cpu:.2f} s CPU; "
                      f"build from its WARC {bwall:.2f} s wall, {bcpu:.2f} s CPU", flush=True)
    finally:
        site.stop()
    wall = statistics.median(r[0] for r in crawl_rows)
    cpu = statistics.median(r[1] for r in crawl_rows)
    n = statistics.median(r[2] for r in crawl_rows)
    bwall = statistics.median(r[0] for r in build_rows)
    bcpu = statistics.median(r[1] for r in build_rows)
    print(f"crawl + process ({n:.0f} pages, {args.concurrency} at once, 2 CPUs here): {n / wall:.1f} pages/s, "
          f"{cpu / n * 1000:.1f} ms CPU a page (median of {args.repeat})")
    print(f"the same pages built from the crawl's WARC: {n / bwall:.1f} pages/s, {bcpu / n * 1000:.1f} ms CPU a page; "
          f"the crawl's own share: {(cpu - bcpu) / n * 1000:.1f} ms CPU a page")
    return 0


if __name__ == "__main__":
    sys.exit(main())
