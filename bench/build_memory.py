"""Peak memory and wall time of `kliping build` as the archive grows: the memory curve of the
whole build (extraction, enrichment, storing and the linking stage) on varied dev-page copies.

    .venv/bin/python bench/build_memory.py [--pages 20000 40000] [--add 2000] [--jobs 1 2] [--tmpdir DIR] [--json]

For each size N: N copies of the dev pages (each copy a new id, URL and a tag word on every line,
as bench/memory.py --vary-text makes them: new lines for the template index, bodies that are
near but not exact duplicates of the other copies) are built into a fresh archive with
`kliping build --archive DB FILE --jobs J` (enriched, linked) under /usr/bin/time -v, once per
`--jobs` value (worker processes extracting the pages); then ADD further copies are added to that
archive (the incremental build: the new pages extracted, then only they linked from the kept
linking state), and the archive is linked whole again (`kliping build --archive DB --relink`). Each line: peak RSS (the
kernel's maxrss of the CLI), wall seconds, pages/s. A flat peak over N is bounded memory; the
peak's growth per 1,000 pages is printed for each step between sizes. Files go to a temporary
folder that is removed at the end.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from memory import DEFAULT_PAGES, TIME_BIN, _letters, _vary, kliping_cmd  # noqa: E402


def make_pages(pages_path: Path, out: Path, n: int, first_copy: int = 0) -> int:
    """n varied copies of the pages, copy numbers from first_copy on. Returns the copies made."""
    pages = [json.loads(line) for line in open(pages_path, encoding="utf-8") if line.strip()]
    written, copy = 0, first_copy
    with open(out, "w", encoding="utf-8") as f:
        while written < n:
            tag = _letters(copy)
            for p in pages:
                url = p.get("url") or ""
                if url:
                    url += ("&" if "?" in url else "?") + f"kliping_copy={copy}"
                rec = {"id": f"{p.get('id')}-c{copy}", "url": url, "text": _vary(p.get("text") or "", tag)}
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
                written += 1
                if written >= n:
                    break
            copy += 1
    return copy


def timed(args: list[str]) -> dict:
    cmd = [*kliping_cmd(), "build", *args, "--quiet"]
    full = [TIME_BIN, "-v", *cmd] if os.path.exists(TIME_BIN) else cmd
    t0 = time.perf_counter()
    proc = subprocess.run(full, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    res: dict = {"command": " ".join(cmd), "returncode": proc.returncode, "wall_s": round(time.perf_counter() - t0, 1)}
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    if m:
        res["peak_rss_mb"] = round(int(m.group(1)) / 1024, 1)
    if proc.returncode != 0:
        res["stderr_tail"] = proc.stderr[-2000:]
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, nargs="+", default=[20000, 40000], help="archive sizes in pages")
    ap.add_argument("--add", type=int, default=2000, help="pages added to each built archive (0: skip)")
    ap.add_argument("--source", type=Path, default=DEFAULT_PAGES, help=f"pages to copy (default {DEFAULT_PAGES})")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1], help="worker processes for the build (each value a run)")
    ap.add_argument("--tmpdir", help="where inputs and archives go (default: the system temp folder)")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    if not a.source.exists():
        print(f"skipped: {a.source} not found")
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="kliping-build-memory-", dir=a.tmpdir))
    rows = []
    try:
        for n in a.pages:
            src = tmp / f"pages{n}.jsonl"
            copies = make_pages(a.source, src, n)
            for jobs in a.jobs:
                db = tmp / f"archive{n}-{jobs}.db"
                j = ["--jobs", str(jobs)]
                row = {"pages": n, "jobs": jobs, "build": timed(["--archive", str(db), str(src), *j])}
                if a.add:
                    more = tmp / "more.jsonl"
                    make_pages(a.source, more, a.add, first_copy=copies)
                    row["add"] = timed(["--archive", str(db), str(more), *j])
                    more.unlink()
                row["relink"] = timed(["--archive", str(db), "--relink"])
                db.unlink()
                shutil.rmtree(str(db) + ".links", ignore_errors=True)
                rows.append(row)
                if not a.json:
                    b = row["build"]
                    line = (f"{n:>8} pages, {jobs} job(s)  build: peak {b.get('peak_rss_mb', '?')} MB, {b['wall_s']} s, "
                            f"{n / b['wall_s']:.0f} pages/s")
                    if "add" in row:
                        line += f" | +{a.add}: peak {row['add'].get('peak_rss_mb', '?')} MB, {row['add']['wall_s']} s"
                    line += f" | relink: peak {row['relink'].get('peak_rss_mb', '?')} MB, {row['relink']['wall_s']} s"
                    print(line, flush=True)
                    for k in ("build", "add", "relink"):
                        if row.get(k, {}).get("returncode"):
                            print(f"  {k} failed: {row[k].get('stderr_tail', '')}")
            src.unlink()
        if not a.json and len(a.pages) > 1:
            first = [r for r in rows if r["jobs"] == a.jobs[0]]
            for prev, cur in zip(first, first[1:]):
                d = cur["build"].get("peak_rss_mb", 0) - prev["build"].get("peak_rss_mb", 0)
                print(f"build peak growth {prev['pages']} -> {cur['pages']}: "
                      f"{d / ((cur['pages'] - prev['pages']) / 1000):.1f} MB per 1,000 pages")
        if a.json:
            print(json.dumps(rows, indent=1))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
