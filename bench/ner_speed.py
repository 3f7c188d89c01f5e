"""NER speed: articles and sentences per second per core of the packaged model, next to a
spaCy pipeline trained on the same data (bench/ner_spacy.py), measured in the same run.

    .venv/bin/python bench/ner_speed.py [--repeat 5] [--spacy /tmp/kliping-ner-spacy] [--json]

One process, one core (BLAS and OpenMP pinned to one thread before numpy loads). The
articles are the dev pages (../shared/data/dev/pages.jsonl) made into articles by
`kliping.extract` (untimed); those of kind `article` with a body are tagged. A sample is
one pass over them; each figure is the median of --repeat samples taken after an untimed
warm-up pass, the contenders timed in turns within each repetition.

Contenders
  kliping-crf   kliping.enrich.ner.tag_article(article): sentence split, tokenise,
                features, CRF, spans, for title, deck and body.
  spacy         nlp.pipe over the same title, deck and body texts (spaCy's own
                tokeniser + the `ner` component trained by bench/ner_spacy.py),
                batch size 64, one process. Skipped when the pipeline folder is absent.
Skips (exit 0) when the dev pages are absent.
"""
from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

DEFAULT_PAGES = Path(__file__).resolve().parents[2] / "shared" / "data" / "dev" / "pages.jsonl"


def load_articles(path: Path):
    from kliping.model import Article
    from kliping.read import read_inputs
    from kliping.run.extract import Extractor

    out = []
    for item in Extractor(templates=True).process(read_inputs([str(path)], "auto")):
        if isinstance(item, Article) and item.kind == "article" and item.body:
            out.append(item)
    return out


def timed(fn) -> tuple[float, float]:
    w0, c0 = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - w0, time.process_time() - c0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=Path, default=DEFAULT_PAGES)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--spacy", type=Path, default=Path("/tmp/kliping-ner-spacy"))
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if not args.pages.exists():
        print(f"skip: {args.pages} is absent")
        return 0
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    from kliping.enrich.ner import get_model, split_sentences, tag_article

    arts = load_articles(args.pages)
    model = get_model()
    texts = [t for a in arts for t in (a.title, a.deck, a.text) if t]
    n_sent = sum(len(split_sentences(p)) for t in texts for p in t.split("\n") if p.strip())
    n_chars = sum(len(t) for t in texts)

    contenders = {"kliping-crf": lambda: [tag_article(a, model) for a in arts]}
    nlp = None
    if args.spacy.exists():
        import spacy

        nlp = spacy.load(args.spacy)
        contenders["spacy"] = lambda: list(nlp.pipe(texts, batch_size=64))
    for fn in contenders.values():   # warm-up
        fn()
    samples: dict[str, list[tuple[float, float]]] = {k: [] for k in contenders}
    for _ in range(args.repeat):
        for name, fn in contenders.items():
            samples[name].append(timed(fn))

    rows = {}
    for name, ss in samples.items():
        wall = statistics.median(s[0] for s in ss)
        cpu = statistics.median(s[1] for s in ss)
        rows[name] = {"articles_per_s": len(arts) / wall, "articles_per_cpu_s": len(arts) / cpu,
                      "sentences_per_s": n_sent / wall, "ms_per_article": 1000 * wall / len(arts)}
    n_mentions = sum(len(tag_article(a, model)) for a in arts)
    result = {"articles": len(arts), "sentences": n_sent, "chars": n_chars, "mentions": n_mentions,
              "repeat": args.repeat, "rows": rows}
    if "spacy" in rows:
        result["ratio_crf_to_spacy"] = rows["kliping-crf"]["articles_per_s"] / rows["spacy"]["articles_per_s"]
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    print(f"# {len(arts)} articles ({n_sent} sentences, {n_chars} chars, {n_mentions} mentions by the CRF), "
          f"one core, median of {args.repeat}")
    print(f"{'contender':<12} {'art/s':>8} {'art/cpu-s':>10} {'sent/s':>9} {'ms/art':>7}")
    for name, r in rows.items():
        print(f"{name:<12} {r['articles_per_s']:8.1f} {r['articles_per_cpu_s']:10.1f} "
              f"{r['sentences_per_s']:9.0f} {r['ms_per_article']:7.2f}")
    if "ratio_crf_to_spacy" in result:
        print(f"kliping-crf / spacy: {result['ratio_crf_to_spacy']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
