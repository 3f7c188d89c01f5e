"""The archive at scale: N synthetic articles (default 1,000,000) made from the dev pages,
written with the archive's own store, then search latency over a fixed query set.

    .venv/bin/python bench/archive_scale.py --archive /tmp/kliping-scale.db [--articles 1000000]
    .venv/bin/python bench/archive_scale.py --archive /tmp/kliping-scale.db --search-only
    .venv/bin/python bench/archive_scale.py --archive /tmp/kliping-scale.db --web-only [--seconds 20]
    .venv/bin/python bench/archive_scale.py --archive /tmp/kliping-scale.db --analyst-only

Build: the dev pages (../shared/data/dev/pages.jsonl) go through the extractor (with
enrichment) once; N articles are then made by recombining them (seed 11): the title of one dev
article with two of its words swapped for words of the collection's vocabulary, a body of 3-8
paragraphs drawn from different dev articles with about 5 % of their words replaced, a date
spread over 2019-2025, an outlet and a language and kind from the dev articles, and the
entities of the articles the paragraphs come from. Each has its own id, page hash and content
hash. They are written by `store_items` / `write_article`, the code path of `kliping build`
(article row, lines, entities, stemmed full-text row), 2,000 per transaction. Mentions, time
expressions and quotes are left out (their offsets do not survive the recombination), and the
linking stage is not run at this scale (no duplicate groups, related articles or stories).

Search: ~50 fixed queries (single words, stemmed forms, phrases, OR, exclusions, prefixes)
without filters and with each filter (outlet, date range, entity, language, kind), relevance
and recency ranking, through `search()` (count, top 20, facets, snippets) on a read-only
connection, after one warm-up pass; median and p95 in ms against the target p95 <= 50 ms.

Analyst (`--analyst-only`, also after a build): attention over time (`series.attention`, as
/attention draws it) for each query of the set under each filter set, after the filters' totals
are computed once for the archive's state (timed apart), median and p95 against the target
p95 <= 150 ms, and the commonest word (`yang`) apart; then `kliping export ARCHIVE -o x.csv -q Q`
run as a user runs it (a child process; wall time, rows, peak RSS) for a query of about 10 % of
the archive (`presiden`) and a rarer one, against the target >= 20,000 rows/s with flat memory.

Web (`--web`, `--web-only`; needs wrk): `kliping serve` on a free 127.0.0.1 port with 1 and 2
workers (`--workers`) and once with 1 worker and no search-result cache; wrk (2 threads, 16
connections, `--seconds` each) rotates over 50 article pages, 9 search pages and 9 API searches
(each URL fetched once first); requests/s and latency p50 / p90 / p99. Reported, not asserted.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import resource
import statistics
import sys
import time
from pathlib import Path

from kliping.archive.schema import connect
from kliping.archive.search import Filters, search
from kliping.archive.store import store_items
from kliping.model import Article, Line

DEFAULT_PAGES = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "dev" / "pages.jsonl"

# the fixed query set: words, stemmed forms, phrases, OR, exclusions, prefixes
QUERIES = [
    "banjir", "presiden", "jakarta", "pemerintah", "polisi", "ekonomi", "pemilu", "harga", "korupsi",
    "sekolah", "kesehatan", "menteri", "gempa", "investasi", "pertandingan", "perundingan",
    "pembangunan", "kebijakan", "pemeriksaan", "penangkapan", "keamanan", "dikatakan", "menyampaikan",
    "perdagangan", "pertumbuhan", '"harga beras"', '"presiden joko widodo"', '"dewan perwakilan rakyat"',
    '"bank indonesia"', '"kepolisian daerah"', "banjir OR longsor", "korupsi OR suap", "gempa OR tsunami",
    "pemilu OR pilkada", "inflasi OR harga", "jakarta -banjir", "presiden -jokowi", "polisi -jakarta",
    "ekonomi -inflasi", "pemerintah -menteri", "runding*", "ekonom*", "banjir jakarta", "harga minyak",
    "pemerintah daerah", "kasus korupsi", "tim nasional", "menteri keuangan", "kepala desa", "bantuan sosial",
]


def extract_dev(pages: Path) -> list[Article]:
    from kliping.read import read_inputs
    from kliping.run.extract import Extractor

    extractor = Extractor(templates=True, enrich=True)
    return [a for a in extractor.process(read_inputs([str(pages)])) if isinstance(a, Article) and a.body]


_WORD = re.compile(r"[^\W\d_]{3,}")


def synthetic(dev: list[Article], n: int, seed: int = 11, prefix: str = "synth-", start: int = 1546300800,
              span: int = 7 * 365 * 86400):
    """(page hash, Article) pairs: n recombined, perturbed articles, published from `start` (Unix
    seconds; default 2019-01-01 UTC) over `span` seconds (default to the end of 2025)."""
    rng = random.Random(seed)
    vocab = sorted({w for a in dev for p in a.body for w in _WORD.findall(p)})
    paras = [(i, p) for i, a in enumerate(dev) for p in a.body if len(p) > 40]
    outlets = sorted({a.outlet for a in dev if a.outlet})
    for k in range(n):
        base = dev[rng.randrange(len(dev))]
        title_words = (base.title or "Berita").split()
        for _ in range(2):
            title_words[rng.randrange(len(title_words))] = rng.choice(vocab)
        body, sources = [], {id(base): base}
        for _ in range(rng.randint(3, 8)):
            src, para = paras[rng.randrange(len(paras))]
            ws = para.split(" ")
            for _ in range(max(1, len(ws) // 20)):
                ws[rng.randrange(len(ws))] = rng.choice(vocab)
            body.append(" ".join(ws))
            sources[id(dev[src])] = dev[src]
        ents = {}
        for a in sources.values():
            for e in a.entities[:8]:
                ents.setdefault(e.key, e)
        t = time.gmtime(start + rng.randrange(span))
        published = time.strftime("%Y-%m-%dT%H:%M:%S+07:00", t)
        title = " ".join(title_words)
        text = "\n\n".join(body)
        key = k if prefix == "synth-" else f"{prefix}{k}"      # the default ids hash as they always did
        h = hashlib.sha256(f"synthetic\0{key}\0{title}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()
        outlet = rng.choice(outlets) if outlets else base.outlet
        lines = [Line(0, title, "title", 1.0)] + [Line(i + 1, p, "body", 1.0) for i, p in enumerate(body)]
        art = Article(id=f"{prefix}{k:07d}", url=f"https://{outlet or 'example.id'}/{prefix.rstrip('-')}/{k}", outlet=outlet,
                      kind=base.kind, lang=base.lang, title=title, deck=base.deck, published=published,
                      category=base.category, authors=list(base.authors), body=body,
                      entities=list(ents.values()), content_hash=hashlib.sha1(text.encode()).hexdigest(),
                      source="synthetic", lines=lines)
        yield h, art


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(args) -> dict:
    t0 = time.perf_counter()
    dev = extract_dev(args.pages)
    t_extract = time.perf_counter() - t0
    print(f"extracted {len(dev)} dev articles in {t_extract:.1f} s", flush=True)
    if args.archive.exists():
        args.archive.unlink()
    db = connect(args.archive)
    db.execute("PRAGMA cache_size = -200000")   # 200 MB page cache for the index writes
    w0, c0 = time.perf_counter(), time.process_time()

    def progress(batch: int) -> None:
        done = batch * args.batch
        if done % 50_000 == 0:
            el = time.perf_counter() - w0
            print(f"  {done:>9,} articles  {el:7.1f} s  {done / el:6.0f}/s  rss {peak_rss_mb():.0f} MB  "
                  f"size {args.archive.stat().st_size / 1e9:.2f} GB", flush=True)

    report = store_items(db, synthetic(dev, args.articles), batch=args.batch, after_batch=progress)
    db.execute("PRAGMA optimize")
    db.close()
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    size = args.archive.stat().st_size
    out = {"articles": report.articles, "wall_s": round(wall, 1), "cpu_s": round(cpu, 1),
           "rate_wall": round(report.articles / wall), "rate_cpu": round(report.articles / cpu),
           "size_gb": round(size / 1e9, 2), "bytes_per_article": round(size / max(1, report.articles)),
           "peak_rss_mb": round(peak_rss_mb()), "dev_articles": len(dev), "extract_s": round(t_extract, 1)}
    print(f"build: {report.articles:,} articles in {wall:.0f} s wall / {cpu:.0f} s CPU = "
          f"{out['rate_wall']}/s wall, {out['rate_cpu']}/s CPU; archive {size / 1e9:.2f} GB "
          f"({out['bytes_per_article']} bytes/article); peak RSS {out['peak_rss_mb']} MB; "
          "linking not run (mentions, times, quotes not written)", flush=True)
    return out


def add_day(args) -> dict:
    """A day of news added to a linked archive: N more synthetic articles (seed 12) published over
    one day after the archive's span (2026-01-01 UTC), stored as `build` stores them, then
    `kliping build --archive DB` as a user runs it (a child under /usr/bin/time -v): it links the
    new articles from the linking state the archive keeps (link/state.py), or the whole archive
    when there is none."""
    import subprocess

    dev = extract_dev(args.pages)
    db = connect(args.archive)
    w0 = time.perf_counter()
    report = store_items(db, synthetic(dev, args.add_day, seed=12, prefix="day-", start=1767225600, span=86400),
                         batch=args.batch)
    db.close()
    stored = time.perf_counter() - w0
    from memory import kliping_cmd      # bench/memory.py: the kliping beside this Python

    cmd = [*kliping_cmd(), "build", "--archive", str(args.archive)]
    time_bin = "/usr/bin/time"
    full = [time_bin, "-v", *cmd] if os.path.exists(time_bin) else cmd
    t0 = time.perf_counter()
    proc = subprocess.run(full, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    note = next((ln for ln in proc.stderr.splitlines() if ln.startswith(("linked", "links kept"))), "")
    out = {"added": report.articles, "store_s": round(stored, 1), "link_wall_s": round(wall, 1),
           "link_peak_rss_mb": round(int(m.group(1)) / 1024) if m else None, "note": note,
           "returncode": proc.returncode}
    print(f"day added: {report.articles:,} articles stored in {stored:.1f} s; `kliping build --archive` "
          f"{wall:.1f} s wall, peak RSS {out['link_peak_rss_mb']} MB: {note}", flush=True)
    if proc.returncode:
        print(proc.stderr[-2000:], file=sys.stderr)
    return out


def filter_sets(db) -> dict[str, Filters]:
    """The filters the queries run with, picked from the archive (the same for the same build)."""
    outlet = db.execute("SELECT outlet, count(*) n FROM articles WHERE rowid <= 20000 AND outlet IS NOT NULL "
                        "GROUP BY outlet ORDER BY n DESC, outlet LIMIT 1").fetchone()
    entity = db.execute("SELECT entity, count(*) n FROM article_entities WHERE article <= 20000 "
                        "GROUP BY entity ORDER BY n DESC, entity LIMIT 1").fetchone()
    return {"none": Filters(), "outlet": Filters(outlet=outlet[0] if outlet else None),
            "date range": Filters(date_from="2023-03-01", date_to="2023-08-31"),
            "entity": Filters(entity=entity[0] if entity else None), "lang": Filters(lang="id"),
            "kind": Filters(kind="article"),
            "outlet+dates": Filters(outlet=outlet[0] if outlet else None, date_from="2024-01-01", date_to="2024-12-31")}


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p * (len(values) - 1))))]


def bench_search(args) -> dict:
    db = connect(args.archive, readonly=True)
    fsets = filter_sets(db)
    print(f"filters: " + "; ".join(f"{k}: {json.dumps({a: v for a, v in vars(f).items() if v})}"
                                   for k, f in fsets.items()), flush=True)
    all_ms: list[float] = []
    rows = {}
    slow: list[tuple[float, str, str, str]] = []
    for sort in ("relevance", "recent"):
        for name, f in fsets.items():
            for q in QUERIES:      # warm-up pass (page cache, stemmer)
                search(db, q, f, sort=sort)
            ms, totals = [], []
            for q in QUERIES:
                t0 = time.perf_counter()
                res = search(db, q, f, sort=sort)
                ms.append((time.perf_counter() - t0) * 1000)
                totals.append(res.total)
                slow.append((ms[-1], sort, name, q))
            all_ms += ms
            rows[f"{sort}/{name}"] = (statistics.median(ms), pct(ms, 0.95), max(ms), statistics.median(totals))
            print(f"search {sort:9s} {name:12s} {len(ms)} queries: median {rows[f'{sort}/{name}'][0]:7.1f} ms  "
                  f"p95 {rows[f'{sort}/{name}'][1]:7.1f} ms  max {max(ms):7.1f} ms  "
                  f"(median hits {statistics.median(totals):,.0f})", flush=True)
    db.close()
    med, p95 = statistics.median(all_ms), pct(all_ms, 0.95)
    print(f"search, all {len(all_ms)} runs: median {med:.1f} ms, p95 {p95:.1f} ms "
          f"(target p95 <= 50 ms: {'met' if p95 <= 50 else 'NOT met'})", flush=True)
    slow.sort(reverse=True)
    print("slowest: " + "; ".join(f"{m:.0f} ms {s}/{n} {q!r}" for m, s, n, q in slow[:6]), flush=True)
    return {"median_ms": round(med, 2), "p95_ms": round(p95, 2), "runs": len(all_ms)}


def bench_attention(args) -> dict:
    from kliping.archive.series import attention

    db = connect(args.archive, readonly=True)
    fsets = filter_sets(db)
    t0 = time.perf_counter()
    for f in fsets.values():
        attention(db, [""], Filters(**vars(f)), state="bench")
    print(f"attention: totals under {len(fsets)} filter sets, once per archive state: "
          f"{time.perf_counter() - t0:.1f} s", flush=True)
    all_ms: list[float] = []
    slow: list[tuple[float, str, str]] = []
    for name, f in fsets.items():
        ms = []
        for q in QUERIES:
            t0 = time.perf_counter()
            attention(db, [q], Filters(**vars(f)), state="bench")
            ms.append((time.perf_counter() - t0) * 1000)
            slow.append((ms[-1], name, q))
        all_ms += ms
        print(f"attention {name:12s} {len(ms)} queries: median {statistics.median(ms):7.1f} ms  "
              f"p95 {pct(ms, 0.95):7.1f} ms  max {max(ms):7.1f} ms", flush=True)
    t0 = time.perf_counter()
    attention(db, ["yang"], Filters(), state="bench")
    common_ms = (time.perf_counter() - t0) * 1000
    db.close()
    med, p95 = statistics.median(all_ms), pct(all_ms, 0.95)
    slow.sort(reverse=True)
    print(f"attention, all {len(all_ms)} runs: median {med:.1f} ms, p95 {p95:.1f} ms (target p95 <= 150 ms: "
          f"{'met' if p95 <= 150 else 'NOT met'}); the commonest word 'yang': {common_ms:.0f} ms", flush=True)
    print("slowest: " + "; ".join(f"{m:.0f} ms {n} {q!r}" for m, n, q in slow[:6]), flush=True)
    return {"median_ms": round(med, 2), "p95_ms": round(p95, 2), "yang_ms": round(common_ms, 1)}


def bench_export(args) -> dict:
    import subprocess
    import tempfile

    from kliping.archive.search import every_match

    exe = Path(sys.executable).with_name("kliping")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-c", "import sys; from kliping.cli import main; "
                                                                 "sys.exit(main())"]
    db = connect(args.archive, readonly=True)
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for q in ("presiden", "gempa"):
            hits = sum(1 for _ in every_match(db, q))
            dest = Path(tmp) / "x.csv"
            t0 = time.perf_counter()
            child = subprocess.Popen(cmd + ["export", str(args.archive), "-o", str(dest), "-q", q],
                                     stderr=subprocess.PIPE, text=True)
            # the child's own peak: VmHWM of its address space, read until it exits (ru_maxrss
            # would count the pages of this process it was forked from)
            peak_kb = 0
            while child.poll() is None:
                try:
                    status_text = Path(f"/proc/{child.pid}/status").read_text()
                    peak_kb = max(peak_kb, int(re.search(r"VmHWM:\s+(\d+)", status_text).group(1)))
                except (OSError, AttributeError):
                    pass
                time.sleep(0.02)
            status = child.returncode
            wall = time.perf_counter() - t0
            err = child.stderr.read()
            child.stderr.close()
            if status != 0:
                print(f"export failed: {err}", file=sys.stderr)
                return {}
            rows = int(re.search(r"exported (\d+)", err).group(1))
            size = dest.stat().st_size
            out[q] = {"rows": rows, "seconds": round(wall, 2), "rows_per_s": round(rows / wall),
                      "peak_rss_mb": round(peak_kb / 1024, 1), "mb": round(size / 1e6, 1)}
            print(f"export -q {q!r}: {rows:,} rows (of {hits:,} hits) in {wall:.2f} s = {rows / wall:,.0f} rows/s, "
                  f"{size / 1e6:,.0f} MB CSV, peak RSS {peak_kb / 1024:.0f} MB "
                  f"(target >= 20,000 rows/s: {'met' if rows / wall >= 20000 else 'NOT met'})", flush=True)
    db.close()
    return out


WEB_QUERIES = ["banjir", "perundingan", '"harga beras"', "korupsi OR suap", "presiden -jokowi", "ekonomi"]


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wrk(url: str, paths: list[str], seconds: int, tmp: Path) -> dict:
    """wrk (2 threads, 16 connections) over `paths` in turn; requests/s and latency percentiles."""
    import subprocess

    script = tmp / "paths.lua"
    script.write_text("local paths = {" + ", ".join(json.dumps(x) for x in paths) + "}\n"
                      "local i = 0\n"
                      "request = function()\n  i = i % #paths + 1\n  return wrk.format('GET', paths[i])\nend\n"
                      "done = function(summary, latency, requests)\n"
                      "  io.write(string.format('JSON {\"rps\": %f, \"p50\": %f, \"p90\": %f, \"p99\": %f, "
                      "\"errors\": %d, \"non2xx\": %d, \"requests\": %d}\\n', summary.requests / "
                      "(summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(90) / 1000, "
                      "latency:percentile(99) / 1000, summary.errors.connect + summary.errors.read + "
                      "summary.errors.write + summary.errors.timeout, summary.errors.status, summary.requests))\n"
                      "end\n")
    out = subprocess.run(["wrk", "-t2", "-c16", f"-d{seconds}s", "-s", str(script), url],
                         capture_output=True, text=True, check=True).stdout
    line = next(ln for ln in out.splitlines() if ln.startswith("JSON "))
    return json.loads(line[5:])


def bench_web(args) -> dict:
    import subprocess
    import tempfile
    import urllib.parse
    import urllib.request

    db = connect(args.archive, readonly=True)
    n = db.execute("SELECT max(rowid) FROM articles").fetchone()[0]
    rng = random.Random(5)
    ids = [r[0] for r in (db.execute("SELECT id FROM articles WHERE rowid = ?", (rng.randint(1, n),)).fetchone()
                          for _ in range(50)) if r]
    outlet = filter_sets(db)["outlet"].outlet
    db.close()
    q = urllib.parse.quote
    pages = {
        "article page": [f"/article/{q(i)}" for i in ids],
        "search page": [f"/?q={q(x)}" for x in WEB_QUERIES] + [f"/?q={q(x)}&outlet={q(outlet)}" for x in WEB_QUERIES[:3]],
        "API search": [f"/api/search?q={q(x)}" for x in WEB_QUERIES] + [f"/api/search?q={q(x)}&date_from=2023-01-01&date_to=2023-12-31" for x in WEB_QUERIES[:3]],
    }
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for workers, cache in [(w, 256) for w in args.workers] + [(1, 0)]:
            port = free_port()
            cmd = [str(Path(sys.executable).with_name("kliping")), "serve", str(args.archive), "--port", str(port),
                   "--workers", str(workers), "--search-cache", str(cache)]
            server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            try:
                base = f"http://127.0.0.1:{port}"
                for _ in range(300):
                    try:
                        urllib.request.urlopen(base + "/api/outlets", timeout=5).read()
                        break
                    except OSError:
                        time.sleep(0.2)
                for name, paths in pages.items():
                    if not cache and name == "article page":
                        continue
                    for path in paths:      # warm-up: each URL once
                        urllib.request.urlopen(base + path, timeout=60).read()
                    r = wrk(base, paths, args.seconds, Path(tmp))
                    label = f"{workers} worker(s){'' if cache else ', no search cache'}"
                    out[f"{name}, {label}"] = r
                    print(f"web {name:12s} {label}: {r['rps']:7.1f} requests/s  latency p50 "
                          f"{r['p50']:.1f} ms  p90 {r['p90']:.1f} ms  p99 {r['p99']:.1f} ms  "
                          f"({r['requests']} requests, {r['errors']} socket errors, {r['non2xx']} non-2xx; "
                          f"target >= 200/s{'' if name == 'API search' else (': met' if r['rps'] >= 200 else ': NOT met')})",
                          flush=True)
            finally:
                server.terminate()
                server.wait(timeout=30)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--archive", type=Path, default=Path("/tmp/kliping-scale.db"))
    ap.add_argument("--articles", type=int, default=1_000_000)
    ap.add_argument("--pages", type=Path, default=DEFAULT_PAGES)
    ap.add_argument("--batch", type=int, default=2000)
    ap.add_argument("--search-only", action="store_true", help="time search on an archive built before")
    ap.add_argument("--web", action="store_true", help="also load the reader with wrk (needs wrk)")
    ap.add_argument("--web-only", action="store_true", help="only the web load, on an archive built before")
    ap.add_argument("--analyst-only", action="store_true",
                    help="only attention over time and the CSV export, on an archive built before")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="uvicorn workers to try")
    ap.add_argument("--seconds", type=int, default=20, help="wrk duration per page kind")
    ap.add_argument("--add-day", type=int, metavar="N",
                    help="only add N articles of one new day to a linked archive built before and time the link")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    out = {}
    if args.add_day:
        out["add_day"] = add_day(args)
        if args.json:
            print(json.dumps(out))
        return 0
    if not (args.search_only or args.web_only or args.analyst_only):
        if not args.pages.exists():
            print(f"pages file not found: {args.pages} (needs ../shared/data)", file=sys.stderr)
            return 2
        out["build"] = build(args)
    if not (args.web_only or args.analyst_only):
        out["search"] = bench_search(args)
    if not (args.web_only or args.search_only):
        out["attention"] = bench_attention(args)
        out["export"] = bench_export(args)
    if args.web or args.web_only:
        out["web"] = bench_web(args)
    if args.json:
        print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
