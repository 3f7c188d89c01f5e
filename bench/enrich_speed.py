"""Articles per second per core of the whole enrichment stage, with a per-stage split.

    .venv/bin/python bench/enrich_speed.py [--repeat 5] [--passes 2] [--ner auto|none] [--json]

The dev pages (/work/shared/data/dev/pages.jsonl) are extracted once, outside the timer (that
is `bench/throughput.py`'s business). Then, in one process (one core), every sample runs
`--passes` passes of `Enricher(...)(article)` over all extracted articles, each article a fresh
copy; a pass times each stage separately:

  ner        the NER model's mentions (`kliping.enrich.ner.tag_article`; 0 when no model)
  aliases    alias-table scan and near-spelling scan, merged with the NER mentions
  canonical  canonical entities, short forms, entity list
  times      time expressions
  quotes     quotes and speakers

and the whole. Figures are medians over `--repeat` samples after one untimed warm-up pass:
articles per wall second, articles per CPU second of the process (less sensitive to a busy
machine), and each stage's share. The issue's target is >= 200 articles/s per core.
"""
from __future__ import annotations

import argparse
import copy
import json
import statistics
import sys
import time
from pathlib import Path

DEFAULT_PAGES = Path("/work/shared/data/dev/pages.jsonl")
STAGES = ("ner", "aliases", "canonical", "times", "quotes")


def load_articles(path: Path):
    from kliping.model import Article, Document
    from kliping.run.extract import Extractor

    docs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                docs.append(Document(id=str(r.get("id")), text=r.get("text") or "", url=r.get("url")))
    return [a for a in Extractor(templates=True, enrich=False).process(docs) if isinstance(a, Article)]


def one_pass(enricher, articles, clock) -> dict[str, float]:
    from kliping.enrich.quotes import article_quotes
    from kliping.enrich.timex import article_times

    spent = dict.fromkeys(STAGES, 0.0)
    ner = enricher.ner
    for original in articles:
        art = copy.copy(original)
        t0 = clock()
        ner_mentions = ner(art) if ner is not None else []
        t1 = clock()
        enricher.ner = (lambda _a, m=ner_mentions: m)
        mentions = enricher.mentions(art)
        enricher.ner = ner
        t2 = clock()
        enricher.entities(art, mentions)
        t3 = clock()
        art.times = article_times(art)
        t4 = clock()
        art.quotes = article_quotes(art.title, art.deck, art.text, art.mentions, art.entities)
        t5 = clock()
        for stage, dt in zip(STAGES, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4)):
            spent[stage] += dt
    return spent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=Path, default=DEFAULT_PAGES)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--passes", type=int, default=2)
    ap.add_argument("--ner", choices=("auto", "none"), default="auto")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if not args.pages.exists():
        print(f"skipped: {args.pages} is not present")
        return 0
    from kliping.enrich.pipeline import Enricher, ner_available

    articles = load_articles(args.pages)
    enricher = Enricher(ner=None if args.ner == "none" else "auto")
    with_ner = enricher.ner is not None
    one_pass(enricher, articles, time.perf_counter)          # warm-up: model load, caches
    walls, cpus, shares = [], [], {s: [] for s in STAGES}
    for _ in range(args.repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        spent = dict.fromkeys(STAGES, 0.0)
        for _ in range(args.passes):
            for k, v in one_pass(enricher, articles, time.perf_counter).items():
                spent[k] += v
        w, c = time.perf_counter() - w0, time.process_time() - c0
        n = len(articles) * args.passes
        walls.append(n / w)
        cpus.append(n / c)
        total = sum(spent.values())
        for s in STAGES:
            shares[s].append(spent[s] / total if total else 0.0)
    n_art = len(articles)
    res = {
        "articles": n_art,
        "ner": with_ner,
        "ner_installed": ner_available(),
        "passes": args.passes,
        "repeat": args.repeat,
        "articles_per_s_wall": round(statistics.median(walls), 1),
        "articles_per_cpu_s": round(statistics.median(cpus), 1),
        "ms_per_article_cpu": round(1000 / statistics.median(cpus), 3),
        "stage_share": {s: round(statistics.median(v), 3) for s, v in shares.items()},
        "target_articles_per_s": 200,
    }
    if args.json:
        print(json.dumps(res, indent=1))
        return 0
    print(f"# enrichment of {n_art} extracted dev articles, {args.passes} passes x {args.repeat} samples, one core;"
          f" NER {'on' if with_ner else 'off'}{'' if res['ner_installed'] else ' (model not installed)'}")
    print(f"articles/s (wall, median):    {res['articles_per_s_wall']:>8}")
    print(f"articles/s per CPU second:    {res['articles_per_cpu_s']:>8}   (target >= 200)")
    print(f"ms per article (CPU):         {res['ms_per_article_cpu']:>8}")
    print("stage shares of the timed stages (median):")
    for s in STAGES:
        print(f"  {s:<10} {100 * res['stage_share'][s]:5.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
