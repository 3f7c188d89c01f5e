"""The field benchmark (a folder like ../shared/data/fundus): real article pages of many publishers
with hand-checked title, authors, publication date, lead and body.

Scored per field, the way an analyst cites them:
- body: the html-bench shingle measure (evaluate/htmlbench.py) against the checked body paragraphs;
- title exact: the extracted title equals the checked one after whitespace normalisation;
- published day: the day of the extracted publication time equals the checked day (both absent
  counts as right);
- authors: micro precision, recall and F1 over author names, compared case-insensitively with
  whitespace normalised.

`cross_validate_fundus` is publisher-grouped: each fold's pages are tagged by an HTML model trained
on the other folds' publishers (and on html-bench pages of other hosts, and the labelled pages in
news markup), so no page is scored by a model that saw its publisher.
"""
from __future__ import annotations

import gzip
import json
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from ..clean.cues import AGENCIES
from ..clean.features import PageContext
from ..clean.headline import _is_site, site_keys
from ..clean.htmlroles import HtmlTrainingPage
from ..model import Article, Document
from ..read.html import document_from_html
from .htmlbench import BenchPage, BenchScore, line_labels

_SPACE = re.compile(r"\s+")


@dataclass(slots=True)
class FundusPage:
    key: str
    html: bytes
    url: str | None
    publisher: str
    country: str
    title: str | None
    authors: list[str]
    published: str | None
    deck: str | None
    body: str

    @property
    def host(self) -> str:
        return (urlsplit(self.url or "").hostname or self.key).removeprefix("www.")


def load_fundus(folder: Path) -> list[FundusPage]:
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth):
        path = folder / "html" / f"{key}.html.gz"
        if not path.exists():
            continue
        with gzip.open(path, "rb") as f:
            html = f.read()
        r = truth[key]
        pages.append(FundusPage(key, html, r.get("url"), r.get("publisher") or key, r.get("country") or "",
                                r.get("title"), [a for a in r.get("authors") or [] if isinstance(a, str)],
                                r.get("published"), r.get("deck"), r.get("articleBody") or ""))
    return pages


def _norm(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip()


@dataclass(slots=True)
class FieldScore:
    """Every field's score over the pages added."""
    body: BenchScore = field(default_factory=BenchScore)
    title_right: int = 0
    date_right: int = 0
    pages: int = 0
    author_tp: int = 0
    author_fp: int = 0
    author_fn: int = 0
    people: list[int] = field(default_factory=lambda: [0, 0, 0])  # tp, fp, fn over people only
    misses: dict[str, dict[str, object]] = field(default_factory=dict)

    def add(self, page: FundusPage, body: str, title: str | None, published: str | None,
            authors: list[str]) -> None:
        self.pages += 1
        self.body.add(page.key, page.body, body)
        miss: dict[str, object] = {}
        if _norm(title) == _norm(page.title):
            self.title_right += 1
        else:
            miss["title"] = (title, page.title)
        day, true_day = (published or "")[:10] or None, (page.published or "")[:10] or None
        if day == true_day:
            self.date_right += 1
        else:
            miss["published"] = (published, page.published)
        pred = {_norm(a).lower() for a in authors if _norm(a)}
        true = {_norm(a).lower() for a in page.authors if _norm(a)}
        self.author_tp += len(pred & true)
        self.author_fp += len(pred - true)
        self.author_fn += len(true - pred)
        if pred != true:
            miss["authors"] = (sorted(authors), sorted(page.authors))
        # the checked lists name the publisher where no person is named (`DER SPIEGEL`, `BBC News`) and
        # some agencies: kliping keeps those in `outlet` and `agencies`, so this measure drops them
        keys = site_keys(page.url, [page.publisher])
        true_people = {a for a in true if not _is_site(a, keys) and a not in AGENCIES}
        self.people[0] += len(pred & true_people)
        self.people[1] += len(pred - true_people)
        self.people[2] += len(true_people - pred)
        if miss:
            self.misses[page.key] = miss

    def summary(self) -> dict[str, float]:
        p, r, f = _prf(self.author_tp, self.author_fp, self.author_fn)
        n = self.pages or 1
        return {"pages": self.pages, "body_f1": round(self.body.f1, 4),
                "title_exact": round(self.title_right / n, 4), "published_day": round(self.date_right / n, 4),
                "authors_f1": f, "authors_precision": p, "authors_recall": r,
                "people_f1": _prf(*self.people)[2]}


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return round(p, 4), round(r, 4), round(2 * p * r / (p + r), 4) if p + r else 0.0


def fundus_document(page: FundusPage) -> Document | None:
    doc = document_from_html(page.html, page.key, page.key, url=page.url)
    return doc if isinstance(doc, Document) else None


def training_pages(pages: list[FundusPage]) -> list[HtmlTrainingPage]:
    """Line roles of field-benchmark pages for the HTML model: body lines from the checked body,
    the title line from the checked title (the benchmark's line labels, htmlbench.line_labels)."""
    out = []
    for p in pages:
        doc = fundus_document(p)
        if doc is None or not doc.html_lines:
            continue
        if p.title:  # the checked headline joins the head's as the title to find among the lines
            meta = dict(doc.head_meta or {})
            meta["jsonld"] = {**meta.get("jsonld", {}), "title": p.title}
            doc.head_meta = meta
        texts = doc.text.split("\n")
        roles = line_labels(doc, p.body)
        _mark_byline_and_date(texts, roles, p)
        out.append(HtmlTrainingPage(texts, doc.html_lines, roles,
                                    PageContext(url=doc.url, recurrence=[0] * len(texts), outlet_pages=0), p.key))
    return out


BYLINE_WORDS = 15


def _mark_byline_and_date(texts: list[str], roles: list[str], page: FundusPage) -> None:
    """Short lines outside the body above its end that print a checked author's name are `byline`;
    those that print the checked publication day (and no author) are `datetime`."""
    from ..clean.dates import find_dates

    names = [a.lower() for a in page.authors if len(a) >= 3]
    day = (page.published or "")[:10]
    last_body = max((i for i, r in enumerate(roles) if r == "body"), default=len(roles))
    for i, (text, role) in enumerate(zip(texts, roles)):
        if role != "boilerplate" or i > last_body or len(text.split()) > BYLINE_WORDS:
            continue
        low = text.lower()
        if names and any(n in low for n in names):
            roles[i] = "byline"
        elif day and any(h.value[:10] == day for h in find_dates(text)):
            roles[i] = "datetime"


def folds_by_publisher(pages: list[FundusPage], k: int) -> list[list[FundusPage]]:
    folds: list[list[FundusPage]] = [[] for _ in range(k)]
    for p in pages:
        folds[zlib.crc32(p.publisher.encode()) % k].append(p)
    return folds


def score_kliping(pages: list[FundusPage], extract: Callable[[Document], object], score: FieldScore) -> None:
    for p in pages:
        doc = fundus_document(p)
        art = extract(doc) if doc is not None else None
        if isinstance(art, Article):
            score.add(p, "\n".join(art.body), art.title, art.published, art.authors)
        else:
            score.add(p, "", None, None, [])


def cross_validate_fundus(pages: list[FundusPage], k: int = 5, bench: list[BenchPage] | None = None,
                          extra: list[HtmlTrainingPage] | None = None, workdir: Path | None = None) -> FieldScore:
    """Publisher-grouped k-fold cross-validation of every field. Each fold's model is trained on the
    other folds' publishers, the benchmark pages `bench` whose host is not one of the fold's, and
    `extra` pages (the labelled text pages in news markup)."""
    import tempfile

    from ..clean.htmlroles import train_html
    from ..run.extract import Extractor
    from .htmlbench import training_pages as bench_training

    score = FieldScore()
    folds = folds_by_publisher(pages, k)
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        for i, fold in enumerate(folds):
            if not fold:
                continue
            hosts = {p.host for p in fold}
            train = training_pages([p for j, f in enumerate(folds) if j != i for p in f])
            train += bench_training([b for b in bench or [] if b.host not in hosts]) + (extra or [])
            model = train_html(train, Path(tmp) / f"fold{i}.crfsuite")
            ex = Extractor(templates=False, html_model_path=model, enrich=False)
            score_kliping(fold, ex.extract, score)
    return score


def score_packaged(pages: list[FundusPage]) -> FieldScore:
    """The packaged models' score (they never trained on these pages)."""
    from ..run.extract import Extractor

    ex = Extractor(templates=False, enrich=False)
    score = FieldScore()
    score_kliping(pages, ex.extract, score)
    return score


def score_trafilatura(pages: list[FundusPage]) -> FieldScore | None:
    """trafilatura's fields on the same pages (default settings, metadata on), or None when it is
    not installed."""
    try:
        import trafilatura
    except ImportError:
        return None
    score = FieldScore()
    for p in pages:
        doc = trafilatura.bare_extraction(p.html, url=p.url, with_metadata=True)
        if doc is None:
            score.add(p, "", None, None, [])
            continue
        d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
        authors = [a.strip() for a in (d.get("author") or "").split(";") if a.strip()]
        score.add(p, d.get("text") or "", d.get("title"), d.get("date"), authors)
    return score
