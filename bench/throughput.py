"""Pages per second per core: kliping's full per-page pipeline vs datatrove's C4 line filter.

    .venv/bin/python bench/throughput.py [--repeat 5] [--passes 3] [--json] [--pages PATH]

One process, one core. Each figure is the median of --repeat timed samples taken
after one untimed warm-up pass of each contender; the contenders are timed in
turns within every repetition, so a noisy neighbour hurts both alike. A sample
runs --passes passes over the dev pages; every kliping pass gets a fresh
Extractor (built outside the timer: loading the model is not a per-page cost),
so the outlet templates it learns are those of one run over the pages.

Contenders
  kliping            Extractor(templates=True, enrich=False).process(docs): lines, features,
                     outlet templates, CRF line roles, fields, language.
  c4                 datatrove C4QualityFilter().filter(doc) with its defaults:
                     C4's line rules plus a sentence count per kept line
                     (spaCy's rule-based sentencizer; needs `spacy`).
  c4-nosent          the same filter with min_num_sentences=-1: the line rules
                     alone, a lower bound on what a line filter costs.

Then a profiler run (pyinstrument when installed, else cProfile) splits
kliping's time into stages: lines+features / CRF tag / role rules / fields /
language. For that run the model's CRF tagger is wrapped in a thin
Python proxy so that the profiler can see the CRF calls apart from the rules
RoleModel.tag applies after them.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

DEFAULT_PAGES = Path("/work/shared/data/dev/pages.jsonl")
REPO = Path(__file__).resolve().parent.parent

# Stage markers: (function name, file path ending) -> stage. For each sampled
# stack the outermost marker decides, except that inside RoleModel.tag the
# features it computes count as features and the pycrfsuite calls as CRF.
FEATURES, CRF, RULES, FIELDS, LANG, OTHER = ("lines+features", "CRF tag", "role rules (post-CRF)", "fields",
                                             "language", "other (Extractor glue)")
STAGES = (FEATURES, CRF, RULES, FIELDS, LANG, OTHER)
MARKERS = {
    ("split_lines", "kliping/clean/lines.py"): FEATURES,
    ("add_page", "kliping/clean/templates.py"): FEATURES,
    ("recurrence", "kliping/clean/templates.py"): FEATURES,
    ("page_features", "kliping/clean/features.py"): FEATURES,
    ("is_listing_url", "kliping/clean/pagekind.py"): FEATURES,
    ("outlet_from_url", "kliping/clean/outlet.py"): FEATURES,  # the template lookup's key
    ("tag", "kliping/clean/roles.py"): RULES,
    ("tag", "bench/throughput.py"): CRF,  # _TimedTagger below
    ("marginal", "bench/throughput.py"): CRF,
    ("build_article", "kliping/clean/fields.py"): FIELDS,
    ("detect_lang", "kliping/enrich/lang.py"): LANG,
    ("detect_langs", "kliping/enrich/lang.py"): LANG,
}
ROOT_MARKERS = {("process", "kliping/run/extract.py"): "root", ("extract", "kliping/run/extract.py"): "root"}


def load_pages(path: Path) -> list[dict]:
    pages = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                pages.append({"id": str(r.get("id")), "text": r.get("text") or "", "url": r.get("url")})
    return pages


# ---------------------------------------------------------------- contenders

def kliping_runner(pages: list[dict]):
    from kliping.model import Document
    from kliping.run.extract import Extractor

    docs = [Document(id=p["id"], text=p["text"], url=p["url"]) for p in pages]

    def run(passes: int) -> tuple[float, float, dict]:
        wall = cpu = 0.0
        counts: dict = defaultdict(int)
        for _ in range(passes):
            ex = Extractor(templates=True, enrich=False)  # untimed: model load is per run, not per page
            gc.collect()
            w0, c0 = time.perf_counter(), time.process_time()
            out = list(ex.process(docs))
            wall += time.perf_counter() - w0
            cpu += time.process_time() - c0
            for item in out:
                counts[type(item).__name__] += 1
        return wall, cpu, dict(counts)

    return len(docs), run


def c4_runner(pages: list[dict], sentences: bool):
    from datatrove.data import Document as DTDocument
    from datatrove.pipeline.filters import C4QualityFilter

    filt = C4QualityFilter() if sentences else C4QualityFilter(min_num_sentences=-1)

    def run(passes: int) -> tuple[float, float, dict]:
        wall = cpu = 0.0
        counts: dict = defaultdict(int)
        for _ in range(passes):
            # filter() rewrites doc.text, so every pass gets fresh documents (made outside the timer)
            docs = [DTDocument(text=p["text"], id=p["id"], metadata={"url": p["url"]}) for p in pages]
            gc.collect()
            w0, c0 = time.perf_counter(), time.process_time()
            results = [filt.filter(d) for d in docs]
            wall += time.perf_counter() - w0
            cpu += time.process_time() - c0
            for r in results:
                counts["kept" if r is True else "dropped"] += 1
        return wall, cpu, dict(counts)

    return len(pages), run


def have_spacy() -> bool:
    try:
        import spacy  # noqa: F401
    except ImportError:
        return False
    return True


# ---------------------------------------------------------------- profile split

class _TimedTagger:
    """A pass-through proxy for the model's CrfTagger: its Python frames let a profiler see the CRF calls."""

    def __init__(self, tagger) -> None:
        self._tagger = tagger

    def tag(self, *args, **kwargs):
        return self._tagger.tag(*args, **kwargs)

    def marginal(self, *args, **kwargs):
        return self._tagger.marginal(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._tagger, name)


def _profiled_extractors(n: int) -> tuple[list, bool]:
    """n fresh Extractors whose CRF tagger is wrapped, and whether the wrapping took."""
    from kliping.run.extract import Extractor

    out, wrapped = [], True
    for _ in range(n):
        ex = Extractor(templates=True, enrich=False)   # enrichment: bench/enrich_speed.py
        model = getattr(ex, "model", None)
        if model is not None and hasattr(model, "_tagger"):
            model._tagger = _TimedTagger(model._tagger)
        else:
            wrapped = False
        out.append(ex)
    return out, wrapped


def _parse_frame(ident: str) -> tuple[str, str, str]:
    """pyinstrument's frame identifier "func\\0path\\0line[\\1attrs]" -> (func, path, line)."""
    func, _, rest = ident.split("\x01", 1)[0].partition("\x00")
    path, _, line = rest.partition("\x00")
    return func, path.replace(os.sep, "/"), line


def _marker(func: str, path: str, table) -> str | None:
    for (name, suffix), stage in table.items():
        if func == name and path.endswith(suffix):
            return stage
    return None


def profile_pyinstrument(pages: list[dict], passes: int) -> tuple[dict, float, list, str]:
    from pyinstrument import Profiler

    from kliping.model import Document

    docs = [Document(id=p["id"], text=p["text"], url=p["url"]) for p in pages]
    extractors, wrapped = _profiled_extractors(passes)
    prof = Profiler(interval=0.0005)
    prof.start()
    for ex in extractors:
        for _ in ex.process(docs):
            pass
    prof.stop()
    session = prof.last_session
    stage_time: dict[str, float] = defaultdict(float)
    self_time: dict[tuple[str, str, str], float] = defaultdict(float)
    total = 0.0
    for stack, t in session.frame_records:
        frames = [_parse_frame(s) for s in stack]
        if not any(_marker(f, p, ROOT_MARKERS) for f, p, _ in frames):
            continue  # outside the pipeline (the driver loop above)
        total += t
        stage = None
        for func, path, _ in frames:
            m = _marker(func, path, MARKERS)
            if m and (stage is None or (stage == RULES and m in (FEATURES, CRF))):
                stage = m
        stage_time[stage or OTHER] += t
        self_time[frames[-1]] += t
    hot = sorted(self_time.items(), key=lambda kv: -kv[1])[:12]
    hot_rows = [(f"{func} ({_short(path)}{':' + line if 'kliping/' in path else ''})", t)
                for (func, path, line), t in hot]
    return dict(stage_time), total, hot_rows, "pyinstrument (sampling, 0.5 ms)", wrapped


def profile_cprofile(pages: list[dict], passes: int) -> tuple[dict, float, list, str]:
    import cProfile
    import pstats

    from kliping.model import Document

    docs = [Document(id=p["id"], text=p["text"], url=p["url"]) for p in pages]
    extractors, wrapped = _profiled_extractors(passes)
    prof = cProfile.Profile()
    prof.enable()
    for ex in extractors:
        for _ in ex.process(docs):
            pass
    prof.disable()
    st = pstats.Stats(prof).stats  # {(file, line, func): (cc, nc, tt, ct, callers)}

    def cum(name: str, suffix: str, callers_in: set[str] | None = None) -> float:
        total = 0.0
        for (file, _, func), (_, _, _, ct, callers) in st.items():
            if func == name and file.replace(os.sep, "/").endswith(suffix):
                if callers_in is None:
                    total += ct
                else:  # only the calls made directly by these functions
                    total += sum(c[3] for (cf, _, cfn), c in callers.items()
                                 if cfn in callers_in and cf.replace(os.sep, "/").endswith("kliping/run/extract.py"))
        return total

    stage = {
        FEATURES: cum("split_lines", "kliping/clean/lines.py") + cum("add_page", "kliping/clean/templates.py")
        + cum("recurrence", "kliping/clean/templates.py") + cum("page_features", "kliping/clean/features.py")
        + cum("is_listing_url", "kliping/clean/pagekind.py")
        + cum("outlet_from_url", "kliping/clean/outlet.py", {"process", "extract"}),
        CRF: cum("tag", "bench/throughput.py") + cum("marginal", "bench/throughput.py"),
        FIELDS: cum("build_article", "kliping/clean/fields.py"),
        LANG: cum("detect_lang", "kliping/enrich/lang.py"),
    }
    stage[RULES] = cum("tag", "kliping/clean/roles.py") - cum("page_features", "kliping/clean/features.py") - stage[CRF]
    total = cum("process", "kliping/run/extract.py")
    stage[OTHER] = max(0.0, total - sum(stage.values()))
    hot = sorted(((f"{func} ({_short(file)}:{line})", v[2]) for (file, line, func), v in st.items()),
                 key=lambda kv: -kv[1])[:12]
    return stage, total, hot, "cProfile (deterministic: inflates Python-heavy stages)", wrapped


def _short(path: str) -> str:
    path = path.replace(os.sep, "/")
    if "/kliping/" in path:
        return "kliping/" + path.split("/kliping/", 1)[1]
    if "site-packages/" in path:
        return path.split("site-packages/", 1)[1]
    return path.rsplit("/", 1)[-1]


# ---------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=5, help="timed samples per contender (default 5)")
    ap.add_argument("--passes", type=int, default=3, help="passes over the pages per sample (default 3)")
    ap.add_argument("--pages", type=Path, default=DEFAULT_PAGES, help=f"pages JSONL (default {DEFAULT_PAGES})")
    ap.add_argument("--profiler", choices=("auto", "pyinstrument", "cprofile", "none"), default="auto")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    if args.repeat < 1 or args.passes < 1:
        ap.error("--repeat and --passes must be at least 1")

    if not args.pages.exists():
        print(f"bench/throughput.py: {args.pages} not found; nothing to measure (skipped)")
        return 0
    pages = load_pages(args.pages)
    if not pages:
        print(f"bench/throughput.py: {args.pages} holds no pages; nothing to measure (skipped)")
        return 0

    try:
        import datatrove  # noqa: F401
        c4_ok = True
    except ImportError:
        c4_ok = False
    contenders: dict[str, object] = {"kliping": kliping_runner(pages)}
    notes = []
    if c4_ok:
        try:
            if have_spacy():
                contenders["c4"] = c4_runner(pages, sentences=True)
            else:
                notes.append("spacy not installed: C4QualityFilter's default sentence count cannot run; "
                             "only c4-nosent is timed (pip install spacy)")
            contenders["c4-nosent"] = c4_runner(pages, sentences=False)
        except ImportError as e:  # datatrove's filters need `regex` (its [processing] extra)
            notes.append(f"datatrove C4 filter unavailable ({e}); pip install regex spacy")
    else:
        notes.append("datatrove not installed: only kliping is timed (pip install -e '.[bench]')")

    # warm-up: model files, fastText, spaCy pipeline, regex caches
    for name, (_, run) in contenders.items():
        run(1)

    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in contenders}
    counts: dict[str, dict] = {}
    for _ in range(args.repeat):
        for name, (n, run) in contenders.items():
            wall, cpu, c = run(args.passes)
            samples[name].append((n * args.passes / wall, n * args.passes / cpu))
            counts[name] = {k: v // args.passes for k, v in c.items()}

    figures = {}
    for name, rows in samples.items():
        wall_ps = [r[0] for r in rows]
        cpu_ps = [r[1] for r in rows]
        figures[name] = {
            "pages_per_s": statistics.median(wall_ps),
            "pages_per_cpu_s": statistics.median(cpu_ps),
            "ms_per_page": 1000 / statistics.median(wall_ps),
            "min_pages_per_s": min(wall_ps), "max_pages_per_s": max(wall_ps),
            "samples_pages_per_s": [round(x, 1) for x in wall_ps],
            "outcome_per_pass": counts[name],
        }

    prof_out = None
    if args.profiler != "none":
        use = args.profiler
        if use == "auto":
            try:
                import pyinstrument  # noqa: F401
                use = "pyinstrument"
            except ImportError:
                use = "cprofile"
        fn = profile_pyinstrument if use == "pyinstrument" else profile_cprofile
        stage, total, hot, how, wrapped = fn(pages, args.passes)
        if not wrapped:  # the CRF calls could not be told apart: they are in the rules' figure
            notes.append("RoleModel has no _tagger to wrap: 'role rules' includes the CRF calls")
        # the profiler slows the run down; its shares are applied to the unprofiled median ms/page
        ms_page = figures["kliping"]["ms_per_page"]
        prof_out = {"profiler": how, "seconds": total, "unprofiled_ms_per_page": ms_page,
                    "stages": {s: {"seconds": stage.get(s, 0.0), "share": stage.get(s, 0.0) / total if total else 0.0,
                                   "ms_per_page": ms_page * stage.get(s, 0.0) / total if total else 0.0}
                               for s in STAGES},
                    "hot_self": [{"function": f, "seconds": t, "share": t / total if total else 0.0} for f, t in hot]}

    result = {
        "pages": len(pages), "source": str(args.pages), "repeat": args.repeat, "passes": args.passes,
        "python": platform.python_version(), "cpus": os.cpu_count(), "figures": figures,
        "ratio_kliping_over_c4": (figures["kliping"]["pages_per_s"] / figures["c4"]["pages_per_s"]) if "c4" in figures else None,
        "ratio_kliping_over_c4_nosent": (figures["kliping"]["pages_per_s"] / figures["c4-nosent"]["pages_per_s"])
        if "c4-nosent" in figures else None,
        "target_pages_per_s": 1000, "meets_target": figures["kliping"]["pages_per_s"] >= 1000,
        "profile": prof_out, "notes": notes,
    }
    if args.json:
        print(json.dumps(result, indent=1))
        return 0

    print(f"# {len(pages)} pages from {args.pages}; median of {args.repeat} samples x {args.passes} passes; "
          f"one process, Python {platform.python_version()}, {os.cpu_count()} CPUs")
    for n in notes:
        print(f"# note: {n}")
    print(f"{'contender':<12} {'pages/s':>9} {'pages/cpu-s':>12} {'ms/page':>8} {'min..max pages/s':>18}  outcome per pass")
    for name, f in figures.items():
        outcome = ", ".join(f"{k} {v}" for k, v in sorted(f["outcome_per_pass"].items()))
        print(f"{name:<12} {f['pages_per_s']:>9.0f} {f['pages_per_cpu_s']:>12.0f} {f['ms_per_page']:>8.3f} "
              f"{f['min_pages_per_s']:>8.0f}..{f['max_pages_per_s']:<8.0f}  {outcome}")
    if result["ratio_kliping_over_c4"] is not None:
        print(f"ratio kliping / c4        : {result['ratio_kliping_over_c4']:.3f}")
    if result["ratio_kliping_over_c4_nosent"] is not None:
        print(f"ratio kliping / c4-nosent : {result['ratio_kliping_over_c4_nosent']:.3f}")
    print(f"target >= 1000 pages/s per core: {'met' if result['meets_target'] else 'MISSED'} "
          f"({figures['kliping']['pages_per_s']:.0f})")
    if prof_out:
        ms_page = prof_out["unprofiled_ms_per_page"]
        print(f"\n# kliping time by stage, {prof_out['profiler']}, {prof_out['seconds']:.2f} s profiled")
        print(f"{'stage':<24} {'share':>6} {'ms/page':>8}   (share x the unprofiled median {ms_page:.3f} ms/page)")
        for s in STAGES:
            v = prof_out["stages"][s]
            print(f"{s:<24} {100 * v['share']:>5.1f}% {v['ms_per_page']:>8.3f}")
        print("\n# hottest functions by own time")
        for row in prof_out["hot_self"]:
            print(f"  {100 * row['share']:>5.1f}%  {row['function']}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO / "src"))  # run from a checkout without the editable install too
    sys.exit(main())
