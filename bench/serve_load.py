"""`kliping serve` under load: requests/s and latency at 1, 8 and 32 clients, for searches and
article pages, on an archive you give (bench/archive_scale.py builds the 1,000,000-article one).

    .venv/bin/python bench/serve_load.py --archive /tmp/kliping-scale.db [--seconds 15]
        [--clients 1 8 32] [--workers N] [--json]

The server is the default `kliping serve ARCHIVE` (one worker process per core unless
`--workers` is given), started on a free 127.0.0.1 port; the clients run in this process, on the
same machine (so they take some of its CPU: the figures are a floor for a separate client).

Each client is an asyncio task holding one keep-alive HTTP/1.1 connection and sending its next
request as soon as the last one is answered. Kinds:
- `search`: `/api/search?q=...` (count, top 20, facets, snippets), each request a query not sent
  before in the run (one or two words drawn, seed 5, from the titles of 3,000 random articles,
  sometimes as a phrase), so the server's result cache never answers;
- `article`: `/article/{id}` reader pages of 2,000 random articles, in turn.
For every kind and number of clients: 2 s of warm-up, then `--seconds` measured; requests per
second, latency p50 / p95 / p99 in ms, and errors (any status but 200, or a broken connection).
Printed: a table, the search throughput at the most clients over its figure at one client, and
the machine's core count.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

_WORD = re.compile(r"[^\W\d_]{4,}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sample_paths(archive: Path, seed: int = 5) -> tuple[list[str], list[str]]:
    """(search paths, article paths): many distinct queries from random titles, and 2,000 articles."""
    db = sqlite3.connect(f"{archive.resolve().as_uri()}?mode=ro", uri=True)
    rng = random.Random(seed)
    top = db.execute("SELECT max(rowid) FROM articles").fetchone()[0] or 0
    rowids = sorted({rng.randint(1, top) for _ in range(5000)})
    rows = db.execute(f"SELECT id, title FROM articles WHERE rowid IN ({','.join(map(str, rowids))})").fetchall()
    db.close()
    articles = [f"/article/{urllib.parse.quote(i, safe='')}" for i, _ in rows[:2000]]
    words = [w.lower() for _, t in rows[:3000] for w in _WORD.findall(t or "")]
    queries, seen = [], set()
    while len(queries) < 60_000 and words:
        n = rng.choice((1, 2, 2))
        q = " ".join(rng.sample(words, n))
        if n == 2 and rng.random() < 0.2:
            q = f'"{q}"'
        if q not in seen:
            seen.add(q)
            queries.append("/api/search?" + urllib.parse.urlencode({"q": q}))
    return queries, articles


async def _client(host: str, port: int, paths, stop: float, start_measure: float, lat: list, errs: list) -> None:
    reader = writer = None
    while time.monotonic() < stop:
        path = next(paths)
        t0 = time.monotonic()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: keep-alive\r\n\r\n".encode())
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = re.search(rb"(?i)content-length:\s*(\d+)", head)
            if length is None:
                raise ValueError("no Content-Length")
            await reader.readexactly(int(length.group(1)))
        except (OSError, asyncio.IncompleteReadError, ValueError, asyncio.LimitOverrunError) as e:
            if writer is not None:
                writer.close()
            reader = writer = None
            if t0 >= start_measure:
                errs.append(repr(e))
            continue
        if t0 >= start_measure:
            lat.append(time.monotonic() - t0)
            if status != 200:
                errs.append(f"HTTP {status} {path}")
    if writer is not None:
        writer.close()


def load(host: str, port: int, paths: list[str], clients: int, seconds: float, warmup: float = 2.0) -> dict:
    it = iter(paths * (1 + 400_000 // max(1, len(paths))))
    lat: list[float] = []
    errs: list[str] = []

    async def run() -> None:
        now = time.monotonic()
        start_measure, stop = now + warmup, now + warmup + seconds
        await asyncio.gather(*(_client(host, port, it, stop, start_measure, lat, errs) for _ in range(clients)))

    asyncio.run(run())
    lat.sort()

    def pct(p: float) -> float:
        return round(1000 * lat[min(len(lat) - 1, int(p * len(lat)))], 1) if lat else float("nan")
    return {"clients": clients, "requests": len(lat), "rps": round(len(lat) / seconds, 1), "p50_ms": pct(0.50),
            "p95_ms": pct(0.95), "p99_ms": pct(0.99), "errors": len(errs), "error_sample": errs[:3]}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--archive", type=Path, required=True)
    ap.add_argument("--seconds", type=float, default=15)
    ap.add_argument("--clients", type=int, nargs="+", default=[1, 8, 32])
    ap.add_argument("--kinds", nargs="+", default=["search", "article"], choices=["search", "article"])
    ap.add_argument("--workers", type=int, default=None, help="passed to kliping serve (default: its own default)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if not args.archive.exists():
        print(f"archive not found: {args.archive} (build one with bench/archive_scale.py)", file=sys.stderr)
        return 2
    queries, articles = sample_paths(args.archive)
    port = free_port()
    cmd = [sys.executable, "-m", "kliping.cli", "serve", str(args.archive), "--port", str(port)]
    if args.workers is not None:
        cmd += ["--workers", str(args.workers)]
    log = Path(f"/tmp/kliping-serve-load-{port}.log")
    server = subprocess.Popen(cmd, stderr=open(log, "w"), stdout=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        time.sleep(1.0)   # every worker process up
        banner = log.read_text().splitlines()[0] if log.read_text() else "kliping serve"
        results = []
        offset = 0
        for kind in args.kinds:
            for n in args.clients:
                if kind == "search":     # a fresh slice of queries per level: no cached answer
                    paths = queries[offset:]
                    offset += min(len(queries) // (len(args.clients) + 1), 20_000)
                else:
                    paths = articles
                r = load("127.0.0.1", port, paths, n, args.seconds)
                r["kind"] = kind
                results.append(r)
                if not args.json:
                    print(f"{kind:8} {n:3d} clients: {r['rps']:8.1f} req/s  p50 {r['p50_ms']:7.1f} ms  "
                          f"p95 {r['p95_ms']:7.1f} ms  p99 {r['p99_ms']:7.1f} ms  errors {r['errors']}"
                          + (f"  e.g. {r['error_sample'][0]}" if r["errors"] else ""), flush=True)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        logged = log.read_text().splitlines()[1:]
        if logged:
            print(f"# server log ({len(logged)} lines), last: {logged[-1][:200]}", file=sys.stderr)
        log.unlink(missing_ok=True)
    search = {r["clients"]: r["rps"] for r in results if r["kind"] == "search"}
    summary = {"archive": str(args.archive), "server": banner, "cores": os.cpu_count(), "results": results}
    if len(search) > 1:
        lo, hi = min(search), max(search)
        summary["search_scaling"] = round(search[hi] / search[lo], 2) if search[lo] else None
    if args.json:
        print(json.dumps(summary))
    else:
        print(f"# {banner}; client and server on this machine ({os.cpu_count()} cores)")
        if "search_scaling" in summary:
            print(f"# search at {max(search)} clients / at {min(search)}: {summary['search_scaling']}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
