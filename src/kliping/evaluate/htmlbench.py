"""The HTML article-body benchmark (a folder like ../shared/data/html-bench): loading, line
labels derived from its ground truth, its own shingle measure, and cross-validation.

The measure, as the benchmark's README defines it: text split into \\w+ tokens, then 4-token
shingles; per page, true positives, false positives and false negatives over shingle counts,
normalised to sum to 1; precision and recall averaged over pages; F1 from the two averages.
"""
from __future__ import annotations

import gzip
import json
import re
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from statistics import mean
from typing import Callable
from urllib.parse import urlsplit

from ..clean.features import PageContext
from ..clean.htmlroles import HtmlTrainingPage
from ..model import Document
from ..read.html import document_from_html

SHINGLE = 4
_TOKEN = re.compile(r"\w+")
BODY_COVER = 0.5   # a line is body when at least this share of its shingles are in the true body


@dataclass(slots=True)
class BenchPage:
    key: str
    html: bytes
    body: str
    url: str | None

    @property
    def host(self) -> str:
        host = urlsplit(self.url or "").hostname or self.key
        return host.removeprefix("www.")


def load_bench(folder: Path) -> list[BenchPage]:
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth):
        path = folder / "html" / f"{key}.html.gz"
        if not path.exists():
            continue
        with gzip.open(path, "rb") as f:
            html = f.read()
        rec = truth[key]
        pages.append(BenchPage(key, html, rec.get("articleBody") or "", rec.get("url")))
    return pages


def shingles(text: str, n: int = SHINGLE) -> Counter:
    """4-token shingles of a text; a text shorter than 4 tokens is one shingle."""
    tokens = _TOKEN.findall(text)
    return Counter(" ".join(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)))


def page_match(truth: str, pred: str) -> tuple[float, float, float]:
    """(tp, fp, fn) over shingle counts, normalised to sum to 1."""
    t, p = shingles(truth), shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


@dataclass(slots=True)
class BenchScore:
    matches: dict[str, tuple[float, float, float]] = field(default_factory=dict)

    def add(self, key: str, truth: str, pred: str) -> None:
        self.matches[key] = page_match(truth, pred)

    @property
    def precision(self) -> float:
        return mean(_precision(*m) for m in self.matches.values()) if self.matches else 0.0

    @property
    def recall(self) -> float:
        return mean(_recall(*m) for m in self.matches.values()) if self.matches else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def summary(self) -> dict[str, float]:
        return {"pages": len(self.matches), "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


def bench_document(page: BenchPage) -> Document | None:
    doc = document_from_html(page.html, page.key, page.key, url=page.url)
    return doc if isinstance(doc, Document) else None


def line_labels(doc: Document, body: str) -> list[str]:
    """Roles of a benchmark page's lines from its true body: a line most of whose shingles
    are in the body is `body`; the line repeating the head's headline is `title`; the rest
    `boilerplate` (the benchmark marks nothing else)."""
    texts = doc.text.split("\n")
    tokens = _TOKEN.findall(body)
    grams = {n: {" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1)} for n in (2, 3, SHINGLE)}
    meta = doc.head_meta or {}
    heads = {_key(v) for v in (meta.get("jsonld", {}).get("title"), meta.get("meta", {}).get("title"))
             if isinstance(v, str)}
    roles = []
    title_done = False
    for t in texts:
        toks = _TOKEN.findall(t)
        if len(toks) >= SHINGLE:
            sh = [" ".join(toks[i:i + SHINGLE]) for i in range(len(toks) - SHINGLE + 1)]
            role = "body" if sum(s in grams[SHINGLE] for s in sh) >= BODY_COVER * len(sh) else "boilerplate"
        elif len(toks) >= 2:
            role = "body" if " ".join(toks) in grams[len(toks)] else "boilerplate"
        else:
            role = "boilerplate"
        if role != "body" and not title_done and heads and _key(t) in heads:
            role, title_done = "title", True
        roles.append(role)
    return roles


def _key(text: str) -> str:
    return " ".join(_TOKEN.findall(text.lower()))


def training_pages(pages: list[BenchPage]) -> list[HtmlTrainingPage]:
    out = []
    for p in pages:
        doc = bench_document(p)
        if doc is None or not doc.html_lines:
            continue
        texts = doc.text.split("\n")
        out.append(HtmlTrainingPage(texts, doc.html_lines, line_labels(doc, p.body),
                                    PageContext(url=doc.url, recurrence=[0] * len(texts), outlet_pages=0), p.key))
    return out


def folds_by_host(pages: list[BenchPage], k: int, grouping: int = 0) -> list[list[BenchPage]]:
    """k folds with every page of a host in the same fold: grouping 0 by a stable hash of the
    host (the split every published figure used); grouping g > 0 deals the hosts round-robin in
    an order shuffled by g (folds of even size; none empty while there are k hosts or more)."""
    folds: list[list[BenchPage]] = [[] for _ in range(k)]
    if not grouping:
        for p in pages:
            folds[zlib.crc32(p.host.encode()) % k].append(p)
        return folds
    hosts = sorted({p.host for p in pages}, key=lambda h: (zlib.crc32(f"{grouping}:{h}".encode()), h))
    slot = {h: i % k for i, h in enumerate(hosts)}
    for p in pages:
        folds[slot[p.host]].append(p)
    return folds


def score_extractor(pages: list[BenchPage], body_of: Callable[[BenchPage], str], score: BenchScore) -> None:
    for p in pages:
        score.add(p.key, p.body, body_of(p))


def cross_validate_html(pages: list[BenchPage], k: int = 5, extra: list[HtmlTrainingPage] | None = None,
                        workdir: Path | None = None, grouping: int = 0, **params) -> BenchScore:
    """Host-grouped k-fold cross-validation: each fold is scored by a model trained on the
    other folds' pages (and `extra` training pages, e.g. HTML made from labelled text pages).
    `grouping`: which dealing of the hosts to the folds (folds_by_host)."""
    import tempfile

    from ..clean.htmlroles import train_html
    from ..run.extract import Extractor

    score = BenchScore()
    folds = folds_by_host(pages, k, grouping)
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        for i, fold in enumerate(folds):
            if not fold:
                continue
            train = training_pages([p for j, f in enumerate(folds) if j != i for p in f]) + (extra or [])
            if not train:
                raise ValueError(f"fold {i} has no pages to train on: fewer hosts than folds")
            model = train_html(train, Path(tmp) / f"fold{i}.crfsuite", **params)
            ex = Extractor(templates=False, html_model_path=model, enrich=False)
            score_extractor(fold, lambda p: extracted_body(ex, p), score)
    return score


def extracted_body(extractor, page: BenchPage) -> str:
    """The body kliping extracts from a benchmark page, paragraphs joined by newlines."""
    from ..model import Article

    doc = bench_document(page)
    if doc is None:
        return ""
    art = extractor.extract(doc)
    return "\n".join(art.body) if isinstance(art, Article) else ""


def score_trafilatura(pages: list[BenchPage]) -> BenchScore | None:
    """trafilatura's score on the same pages (default settings), or None when it is not installed."""
    try:
        import trafilatura
    except ImportError:
        return None
    score = BenchScore()
    score_extractor(pages, lambda p: trafilatura.extract(p.html, url=p.url) or "", score)
    return score
