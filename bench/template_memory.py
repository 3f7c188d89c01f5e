"""Memory held by the outlet-template index alone, fed the stream bench/memory.py generates.

    .venv/bin/python bench/template_memory.py [--size-mb 1024] [--vary-text] [--spread-outlets M]

The full CLI runs at a few hundred pages/s, so a 1 GB worst case (no line ever
recurs) takes over 20 minutes; the index's share of it can be had in a minute
or two by feeding only TemplateIndex.add_page, exactly as Extractor.process
does, and reading the process RSS as it grows.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from memory import DEFAULT_PAGES, make_input  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size-mb", type=float, default=1024)
    ap.add_argument("--pages", type=Path, default=DEFAULT_PAGES)
    ap.add_argument("--vary-text", action="store_true")
    ap.add_argument("--spread-outlets", type=int, default=0)
    args = ap.parse_args(argv)
    if not args.pages.exists():
        print(f"bench/template_memory.py: {args.pages} not found; nothing to measure (skipped)")
        return 0

    from kliping.clean.lines import split_lines
    from kliping.clean.outlet import outlet_from_url
    from kliping.clean.templates import TemplateIndex

    fd, tmp = tempfile.mkstemp(suffix=".jsonl")
    os.close(fd)
    try:
        n, size = make_input(args.pages, Path(tmp), args.size_mb, args.spread_outlets, args.vary_text)
        index = TemplateIndex()
        start = rss_mb()
        t0 = time.perf_counter()
        marks = {int(n * k / 10) for k in range(1, 11)}
        print(f"{n:,} pages, {size / 2**20:.0f} MB; RSS before the index {start:.1f} MB")
        with open(tmp, encoding="utf-8") as f:
            for i, line in enumerate(f, 1):
                r = json.loads(line)
                index.add_page(outlet_from_url(r["url"]), [ln.text for ln in split_lines(r["text"])])
                if i in marks:
                    keys = sum(len(t) for t in index._counts.values())
                    print(f"  {i:>8,} pages: RSS {rss_mb():7.1f} MB (+{rss_mb() - start:.1f}), "
                          f"{len(index._counts):,} outlets, {keys:,} keys, {time.perf_counter() - t0:.0f} s")
    finally:
        os.unlink(tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
