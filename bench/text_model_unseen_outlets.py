"""The text line-role model on real pages from outlets outside the dev set.

    .venv/bin/python bench/text_model_unseen_outlets.py [--bench ../shared/data/html-bench]

../shared holds no Indonesian pages beyond the dev set, so this scores the packaged *text* model
(trained only on the labelled Indonesian dev pages, never on these pages) on the 120 html-bench
pages: mostly English news and blogs from other outlets. Each page's HTML is turned into lines by
kliping's HTML reader and tagged by the text model alone (the HTML model is switched off), and the
body is scored with the benchmark's own measure (4-token shingles, per-page normalised, P and R
averaged over pages). A figure for text input from unseen outlets and another language; the HTML
path's figure is `kliping eval --html-bench DIR`.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from kliping.evaluate.htmlbench import BenchScore, extracted_body, load_bench, score_extractor
from kliping.run.extract import Extractor

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", type=Path, default=REPO.parent / "shared" / "data" / "html-bench")
    args = ap.parse_args()
    pages = load_bench(args.bench)
    ex = Extractor(templates=False, html_model_path=Path("/nonexistent/no-html-model.crfsuite"), enrich=False)
    assert ex.html_model() is None
    score = BenchScore()
    score_extractor(pages, lambda p: extracted_body(ex, p), score)
    s = score.summary()
    print(f"text model on {s['pages']} html-bench pages (unseen outlets, mostly English): "
          f"precision {s['precision']:.3f}  recall {s['recall']:.3f}  F1 {s['f1']:.3f}")


if __name__ == "__main__":
    main()
