"""Where an HTML page's time goes: each stage of kliping's HTML extraction, and trafilatura, in
CPU milliseconds a page on the html-bench pages, in the same run.

    .venv/bin/python bench/html_stages.py [--repeat 5] [--bench DIR] [--json]

Each stage runs alone over all pages, its inputs made beforehand; each figure is the median of
--repeat passes (time.process_time). The stages add up to about the whole (`extract, whole`);
the difference is glue (Document and Line objects, the page's context). The last lines say how
much a page may cost for kliping to run at 5x trafilatura's rate, and what the stages outside
feature extraction and the CRF already cost.
"""
from __future__ import annotations

import gc
import json
import statistics
import sys
import time

from html_throughput import bench_args  # (bench/ is the script's folder: on sys.path)

def main() -> int:
    args = bench_args()
    if args is None:
        return 0
    from selectolax.lexbor import LexborHTMLParser

    from kliping.clean import htmlroles
    from kliping.clean.features import PageContext
    from kliping.clean.htmlfeatures import html_page_features
    from kliping.clean.lines import split_lines
    from kliping.enrich.lang import detect_lang
    from kliping.evaluate.htmlbench import load_bench
    from kliping.read import html as H
    from kliping.read.htmlmeta import head_metadata
    from kliping.run.extract import Extractor, _content_sample

    pages = load_bench(args.bench)
    n = len(pages)
    extractor = Extractor(templates=False, enrich=False)
    model = extractor.html_model()
    tagger = model._tagger
    texts = [H.decode_html(p.html)[0] for p in pages]

    def parsed() -> list[LexborHTMLParser]:
        trees = []
        for t in texts:
            tree = LexborHTMLParser(t)
            for node in tree.css(H._DROP_SELECTOR):
                node.decompose()
            for node in tree.css(H._UNWRAP_SELECTOR):
                node.unwrap()
            H._drop_hidden(tree)
            trees.append(tree)
        return trees

    docs = [H.document_from_html(p.html, p.key, p.key, url=p.url) for p in pages]
    lines = [[ln.text for ln in split_lines(d.text)] for d in docs]
    ctxs = [PageContext(url=d.url, recurrence=[0] * len(x), outlet_pages=0) for d, x in zip(docs, lines)]
    fs = model._features  # the feature families the model weighs, as it tags
    feats = [html_page_features(x, d.html_lines, c, fs) for x, d, c in zip(lines, docs, ctxs)]
    raw = [tagger.tag(f).labels for f in feats]
    tagged = [extractor.tag_lines(d) for d in docs]

    def crf() -> None:
        for f in feats:
            tagging = tagger.tag(f)
            [tagging.marginal(r, i) for i, r in enumerate(tagging.labels)]

    def rules() -> None:
        for x, d, r in zip(lines, docs, raw):
            roles, hl = list(r), d.html_lines
            htmlroles.wording_rules(roles, x)
            htmlroles._fill_from_main(roles, hl)
            htmlroles._fill_gaps(roles, hl)
            htmlroles._drop_related_lists(x, roles, hl)
            htmlroles.layout_rules(roles, x)
            htmlroles._date_by_headline(roles, x)

    def walk() -> float:  # the trees are used up by nothing, but made outside the timing
        trees = parsed()
        c = time.process_time()
        for tree in trees:
            H.html_lines(tree)
        return time.process_time() - c

    trees = parsed()
    stages = {
        "charset and decoding": lambda: [H.decode_html(p.html) for p in pages],
        "lexbor parse, scripts/hidden removed": parsed,
        "head metadata": lambda: [head_metadata(t) for t in trees],
        "DOM walk and main block": walk,
        "line features": lambda: [html_page_features(x, d.html_lines, c, fs) for x, d, c in zip(lines, docs, ctxs)],
        "CRF roles and confidences": crf,
        "rules after the CRF": rules,
        "fields and language": lambda: [extractor.finish(d, t, detect_lang(_content_sample(t)))
                                        for d, t in zip(docs, tagged)],
        "extract, whole": lambda: [extractor.extract(H.document_from_html(p.html, p.key, p.key, url=p.url))
                                   for p in pages],
    }
    try:
        import trafilatura

        stages["trafilatura.extract"] = lambda: [trafilatura.extract(p.html, url=p.url) for p in pages]
    except ImportError:
        print("# trafilatura is not installed (pip install -e '.[bench]')", file=sys.stderr)
    for fn in stages.values():  # warm-up
        fn()
    ms: dict[str, list[float]] = {k: [] for k in stages}
    for _ in range(args.repeat):
        for name, fn in stages.items():
            gc.collect()
            c = time.process_time()
            got = fn()
            took = got if isinstance(got, float) else time.process_time() - c
            ms[name].append(took / n * 1000)
    rows = {k: round(statistics.median(v), 3) for k, v in ms.items()}
    if "trafilatura.extract" in rows:
        budget = rows["trafilatura.extract"] / 5
        rows["5x budget"] = round(budget, 3)
        rows["outside features and CRF"] = round(
            rows["extract, whole"] - rows["line features"] - rows["CRF roles and confidences"], 3)
    if args.json:
        print(json.dumps(rows, indent=1))
        return 0
    print(f"# {n} html-bench pages, CPU ms a page, median of {args.repeat} passes, one process")
    for k, v in rows.items():
        print(f"{k:40s} {v:8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
