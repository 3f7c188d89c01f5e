"""Stories of a small run: the judged dev events split at random into two halves or more parts (by
event family, so each part keeps its hard negatives), each part's pages linked on their own, as a batch of pages
from unseen outlets is. Each run is linked twice: with the run's own document frequencies only, and
with a background table (kliping.link.background) counted from every dev page outside the part
(never from the part's own pages). Prints the pairwise F1 of every run and the median over runs,
and how far the part's stories agree with the same pages' stories when the whole dev collection is
linked with the same table (of the pairs either run puts together, the share both do).

    .venv/bin/python bench/story_context.py [--seeds 10] [--parts 2] [--json]

Needs ../shared/data/dev/pages.jsonl (and the judged events in data/labels/).
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT.parent / "shared" / "data" / "dev" / "pages.jsonl"


def _agreement(a: dict, b: dict, ids) -> float:
    """Of the pairs of `ids` that one assignment or the other puts in one story, the share both do:
    how much the stories of these pages depend on what else was linked with them."""
    ids = sorted(i for i in ids if i in a and i in b)
    both = either = 0
    for k, x in enumerate(ids):
        for y in ids[k + 1:]:
            ta, tb = a[x] is not None and a[x] == a[y], b[x] is not None and b[x] == b[y]
            either += ta or tb
            both += ta and tb
    return both / either if either else 1.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", type=int, default=10, help="random splits (PARTS runs each)")
    ap.add_argument("--parts", type=int, default=2, help="parts of each split (2: halves, 4: quarters)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if not PAGES.exists():
        print(f"needs {PAGES}", file=sys.stderr)
        return 2
    from kliping.link.background import background_from_articles
    from kliping.link.cli import DEFAULT_EVENTS
    from kliping.link.collection import canonical_order
    from kliping.link.evaluate import (articles_from_pages, assign_stories, event_family, load_events,
                                       score_stories)

    events = load_events(*DEFAULT_EVENTS)
    articles = canonical_order(a for a in articles_from_pages(PAGES) if a.kind == "article")
    families = sorted({event_family(e) for e in events.values()})
    rows = []
    for seed in range(args.seeds):
        order = random.Random(seed).sample(families, len(families))
        part_of = {f: k % args.parts for k, f in enumerate(order)}
        for part in range(args.parts):
            mine = {i: e for i, e in events.items() if part_of[event_family(e)] == part}
            row = {"seed": seed, "part": part, "pages": sum(1 for a in articles if a.id in mine)}
            held_out = background_from_articles(a for a in articles if a.id not in mine)
            for name, bg in (("none", False), ("background", held_out)):
                alone = assign_stories([a for a in articles if a.id in mine], bg)
                sc = score_stories(mine, alone)
                row[name] = {"precision": round(sc.precision, 4), "recall": round(sc.recall, 4),
                             "f1": round(sc.f1, 4), "merges": len(sc.merges),
                             "agreement": round(_agreement(alone, assign_stories(articles, bg), mine), 4)}
            rows.append(row)
    summary = {}
    for name in ("none", "background"):
        f1 = [r[name]["f1"] for r in rows]
        summary[name] = {"f1_median": round(statistics.median(f1), 4), "f1_min": min(f1),
                         "precision_median": round(statistics.median(r[name]["precision"] for r in rows), 4),
                         "recall_median": round(statistics.median(r[name]["recall"] for r in rows), 4),
                         "merges": sum(r[name]["merges"] for r in rows),
                         "agreement_median": round(statistics.median(r[name]["agreement"] for r in rows), 4)}
    better = sum(r["background"]["f1"] > r["none"]["f1"] for r in rows)
    worse = sum(r["background"]["f1"] < r["none"]["f1"] for r in rows)
    if args.json:
        print(json.dumps({"runs": rows, "summary": summary, "better": better, "worse": worse}, indent=1))
        return 0
    print(f"# {len(rows)} runs: 1/{args.parts} parts of {len(events)} judged pages ({len(families)} event families), "
          "each linked alone")
    print("seed part  pages   F1 none  F1 background")
    for r in rows:
        print(f"{r['seed']:4d} {r['part']:4d} {r['pages']:6d}   {r['none']['f1']:.4f}   {r['background']['f1']:.4f}")
    for name, s in summary.items():
        print(f"{name:10s}: median P {s['precision_median']:.4f} R {s['recall_median']:.4f} "
              f"F1 {s['f1_median']:.4f} (lowest {s['f1_min']:.4f}), merges over all runs {s['merges']}; "
              f"agreement with the whole collection's stories {s['agreement_median']:.4f}")
    print(f"background better in {better} runs, worse in {worse}, of {len(rows)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
