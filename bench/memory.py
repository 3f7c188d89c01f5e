"""Peak memory, wall time and pages/s of the real CLI on a large JSONL input.

    .venv/bin/python bench/memory.py [--size-mb 1024] [--devnull] [--json]

Writes a ~SIZE MB JSON Lines file into a temporary folder by repeating the dev
pages (each copy gets its own id and URL: "d0001-c17", "...?kliping_copy=17";
--spread-outlets and --vary-text make copies new outlets / new lines, to load
the outlet-template index the way a real crawl's unique lines would),
runs `kliping extract BIG.jsonl -o OUT --quiet` as a subprocess, and reports:

  peak RSS   the kernel's maximum resident set size of the CLI, from
             /usr/bin/time -v when present; else the peak of psutil polling
             the process tree (which can miss short spikes)
  RSS trace  psutil samples of the CLI's RSS over the run (when psutil is
             installed): a flat line is bounded memory, a slope is growth
  wall time  and pages/s = input pages / wall seconds (startup included)

A run on the plain dev pages file first gives the baseline: the CLI's fixed
memory (interpreter, CRF model, fastText model) before any volume.

The CLI writes one record per page; the output goes to a temporary file whose
records are counted (or to /dev/null with --devnull). Everything temporary is
removed at the end, also on failure or Ctrl-C.
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
import threading
import time
from pathlib import Path

DEFAULT_PAGES = Path("/work/shared/data/dev/pages.jsonl")
REPO = Path(__file__).resolve().parent.parent
TIME_BIN = "/usr/bin/time"


def kliping_cmd() -> list[str]:
    exe = Path(sys.executable).parent / "kliping"
    if exe.exists():
        return [str(exe)]
    venv = REPO / ".venv" / "bin" / "kliping"
    if venv.exists():
        return [str(venv)]
    return [sys.executable, "-m", "kliping.cli"]


def _letters(k: int) -> str:
    """A copy number as letters (line keys fold digits, so a digit tag would not make a line new)."""
    s = ""
    while True:
        s = chr(ord("a") + k % 26) + s
        k //= 26
        if not k:
            return "zq" + s


def _vary(text: str, tag: str) -> str:
    return "\n".join(f"{ln} {tag}" if ln.strip() else ln for ln in text.split("\n"))


def make_input(pages_path: Path, out: Path, size_mb: float, spread_outlets: int = 0,
               vary_text: bool = False) -> tuple[int, int]:
    """Repeat the pages, each copy with a new id and URL, until the file reaches size_mb. Returns (pages, bytes)."""
    pages = [json.loads(line) for line in open(pages_path, encoding="utf-8") if line.strip()]
    # the text (the bulk of each line) is encoded once; only id and URL change per copy
    texts = [json.dumps(p.get("text") or "", ensure_ascii=False) for p in pages]
    target = int(size_mb * 1024 * 1024)
    written = n = copy = 0
    with open(out, "w", encoding="utf-8") as f:
        while written < target:
            if vary_text:
                tag = _letters(copy)
                texts = [json.dumps(_vary(p.get("text") or "", tag), ensure_ascii=False) for p in pages]
            for p, text in zip(pages, texts):
                url = p.get("url") or ""
                if url:
                    # a query parameter leaves the path (slug features, listing rules) as it was
                    url += ("&" if "?" in url else "?") + f"kliping_copy={copy}"
                    if spread_outlets:
                        # a distinct sub-host per copy bucket makes new outlets for the template index
                        url = re.sub(r"^(\w+://)", rf"\1o{copy % spread_outlets}.", url)
                line = f'{{"id": "{p.get("id")}-c{copy}", "url": {json.dumps(url)}, "text": {text}}}\n'
                f.write(line)
                written += len(line.encode("utf-8"))
                n += 1
                if written >= target:
                    break
            copy += 1
    return n, written


class TreeSampler:
    """Polls the RSS of a process and its descendants (psutil), keeping the peak and a coarse trace."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        import psutil

        self._psutil = psutil
        self.root = psutil.Process(pid)
        self.interval = interval
        self.peak = 0
        self.trace: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._t0 = time.perf_counter()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _rss(self) -> int:
        total = 0
        try:
            procs = [self.root, *self.root.children(recursive=True)]
        except self._psutil.Error:
            return 0
        for p in procs:
            # under /usr/bin/time the tree is time + kliping; only the python process matters
            try:
                if p.name() == "time":
                    continue
                total += p.memory_info().rss
            except self._psutil.Error:
                pass
        return total

    def _run(self) -> None:
        last_trace = -1e9
        while not self._stop.is_set():
            rss = self._rss()
            now = time.perf_counter() - self._t0
            self.peak = max(self.peak, rss)
            if rss and now - last_trace >= 5.0:
                self.trace.append((round(now, 1), rss))
                last_trace = now
            self._stop.wait(self.interval)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def run_cli(input_path: Path, output: str, extra: list[str]) -> dict:
    cmd = [*kliping_cmd(), "extract", str(input_path), "-o", output, "--quiet", *extra]
    use_time = os.path.exists(TIME_BIN)
    full = [TIME_BIN, "-v", *cmd] if use_time else cmd
    t0 = time.perf_counter()
    proc = subprocess.Popen(full, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    sampler = None
    try:
        sampler = TreeSampler(proc.pid)
    except ImportError:
        pass
    try:
        _, err = proc.communicate()
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    finally:
        if sampler:
            sampler.stop()
    wall = time.perf_counter() - t0
    res: dict = {"command": " ".join(cmd), "returncode": proc.returncode, "wall_s": wall}
    if use_time:
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
        if m:
            res["peak_rss_mb"] = int(m.group(1)) / 1024
            res["peak_rss_source"] = "/usr/bin/time -v (kernel maxrss)"
        for key, label in (("user_s", "User time (seconds)"), ("sys_s", "System time (seconds)")):
            m = re.search(re.escape(label) + r": ([\d.]+)", err)
            if m:
                res[key] = float(m.group(1))
    if sampler:
        res["polled_peak_rss_mb"] = sampler.peak / 2**20
        res["rss_trace_mb"] = [(t, round(r / 2**20, 1)) for t, r in sampler.trace]
        if "peak_rss_mb" not in res:
            res["peak_rss_mb"] = res["polled_peak_rss_mb"]
            res["peak_rss_source"] = "psutil polling every 0.2 s (may miss short spikes)"
    if proc.returncode != 0:
        res["stderr_tail"] = err[-2000:]
    return res


def count_lines(path: str) -> int:
    n = 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 22):
            n += chunk.count(b"\n")
    return n


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size-mb", type=float, default=1024, help="size of the generated input (default 1024)")
    ap.add_argument("--pages", type=Path, default=DEFAULT_PAGES, help=f"pages to repeat (default {DEFAULT_PAGES})")
    ap.add_argument("--tmpdir", help="where the input (and output) go (default: the system temp folder)")
    ap.add_argument("--devnull", action="store_true", help="write the output to /dev/null instead of a counted temp file")
    ap.add_argument("--spread-outlets", type=int, default=0, metavar="M",
                    help="put copies on M distinct sub-hosts (new outlets) to load the template index")
    ap.add_argument("--vary-text", action="store_true",
                    help="append a per-copy word to every line, so no line recurs across copies "
                         "(worst case for the template index; changes the pages slightly)")
    ap.add_argument("--no-baseline", action="store_true", help="skip the run on the plain pages file")
    ap.add_argument("--cli-arg", action="append", default=[], help="extra argument for `kliping extract` (repeatable)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)

    if not args.pages.exists():
        print(f"bench/memory.py: {args.pages} not found; nothing to measure (skipped)")
        return 0
    work = Path(tempfile.mkdtemp(prefix="kliping-mem-", dir=args.tmpdir))
    result: dict = {"size_mb_requested": args.size_mb, "time_v": os.path.exists(TIME_BIN)}
    try:
        if not args.no_baseline:
            base_out = os.devnull if args.devnull else str(work / "baseline.out.jsonl")
            base = run_cli(args.pages, base_out, args.cli_arg)
            base["pages"] = sum(1 for line in open(args.pages, encoding="utf-8") if line.strip())
            result["baseline"] = base

        big = work / "big.jsonl"
        t0 = time.perf_counter()
        n, size = make_input(args.pages, big, args.size_mb, args.spread_outlets, args.vary_text)
        result.update({"input_pages": n, "input_mb": size / 2**20, "generate_s": time.perf_counter() - t0,
                       "spread_outlets": args.spread_outlets, "vary_text": args.vary_text})
        out = os.devnull if args.devnull else str(work / "big.out.jsonl")
        run = run_cli(big, out, args.cli_arg)
        run["pages_per_s"] = n / run["wall_s"]
        if not args.devnull and run["returncode"] == 0:
            run["output_records"] = count_lines(out)
            run["output_mb"] = os.path.getsize(out) / 2**20
        result["run"] = run
    finally:
        shutil.rmtree(work, ignore_errors=True)

    if args.json:
        print(json.dumps(result, indent=1))
        return 0 if result.get("run", {}).get("returncode") == 0 else 1
    base = result.get("baseline")
    if base:
        print(f"baseline  {base['pages']} pages ({args.pages}): peak RSS {base.get('peak_rss_mb', float('nan')):.1f} MB, "
              f"wall {base['wall_s']:.2f} s")
    run = result["run"]
    print(f"input     {result['input_pages']:,} pages, {result['input_mb']:.1f} MB (generated in {result['generate_s']:.1f} s)")
    print(f"command   {run['command']}")
    if run["returncode"] != 0:
        print(f"FAILED    exit {run['returncode']}\n{run.get('stderr_tail', '')}")
        return 1
    print(f"peak RSS  {run.get('peak_rss_mb', float('nan')):.1f} MB  [{run.get('peak_rss_source', 'unmeasured')}]"
          + (f"; psutil-polled peak {run['polled_peak_rss_mb']:.1f} MB" if "polled_peak_rss_mb" in run else ""))
    cpu = (f"; CPU user {run['user_s']:.1f} s + sys {run['sys_s']:.1f} s" if "user_s" in run else "")
    print(f"wall      {run['wall_s']:.1f} s{cpu}")
    print(f"pages/s   {run['pages_per_s']:.0f} (input pages / wall, startup included)")
    if "output_records" in run:
        print(f"output    {run['output_records']:,} records, {run['output_mb']:.1f} MB "
              f"({'one per page' if run['output_records'] == result['input_pages'] else 'NOT one per page'})")
    trace = run.get("rss_trace_mb") or []
    if trace:
        step = max(1, len(trace) // 10)  # about ten points, the last included
        shown = trace[::step] + ([trace[-1]] if (len(trace) - 1) % step else [])
        print("RSS trace " + "  ".join(f"{t:.0f}s:{r:.0f}MB" for t, r in shown))
    print(f"target    peak <= 300 MB on a 1 GB input: "
          f"{'met' if run.get('peak_rss_mb', 1e9) <= 300 else 'MISSED'}"
          + ("" if result["input_mb"] >= 1000 else f" (input here is {result['input_mb']:.0f} MB, not 1 GB)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
