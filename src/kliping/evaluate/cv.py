"""Training and outlet-grouped cross-validation of the line-role model on labelled pages."""
from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from ..clean.features import PageContext
from ..clean.outlet import outlet_from_url
from ..clean.pagekind import is_listing_url
from ..clean.roles import TrainingPage, train
from ..clean.templates import TemplateIndex
from ..model import Document
from ..run.extract import Extractor
from .labelled import LabelledPage
from .metrics import Scores


def _template_index(pages: list[LabelledPage]) -> TemplateIndex:
    """Outlet templates over the labelled pages, as one run over them would count them."""
    index = TemplateIndex()
    for p in pages:
        index.add_page(_run_outlet(p), p.lines)
    return index


def _run_outlet(p: LabelledPage) -> str | None:
    return outlet_from_url(p.url)


def training_pages(pages: list[LabelledPage], index: TemplateIndex) -> list[TrainingPage]:
    out = []
    for p in pages:
        if is_listing_url(p.url):
            continue  # gated before the line model at run time (clean/pagekind.py)
        rec, n = index.recurrence(_run_outlet(p), p.lines, counted=True)
        out.append(TrainingPage(p.lines, p.roles, PageContext(url=p.url, recurrence=rec, outlet_pages=n), p.id))
    return out


def train_on(pages: list[LabelledPage], out: Path, **params) -> Path:
    return train(training_pages(pages, _template_index(pages)), out, **params)


def evaluate(pages: list[LabelledPage], model_path: Path | None, index: TemplateIndex | None = None,
             without_urls: bool = False) -> Scores:
    """Roles and fields of the pages; `without_urls`: each page given as bare text, as a user
    without the page addresses would give it (no URL slug, URL date, outlet or outlet template)."""
    extractor = Extractor(model_path, templates=True, enrich=False)   # roles and fields only
    extractor.templates = index or _template_index(pages)
    scores = Scores()
    for p in pages:
        art = extractor.extract(Document(id=p.id, text=p.text, url=None if without_urls else p.url), counted=True)
        scores.add(p, art)  # type: ignore[arg-type]
    return scores


def fold_of(outlet: str, k: int) -> int:
    return int(hashlib.md5(outlet.encode()).hexdigest(), 16) % k


def cross_validate(pages: list[LabelledPage], k: int = 5, without_urls: bool = False, **params) -> Scores:
    """Each fold's outlets are never seen in training: figures for unseen outlets (`without_urls`:
    the test pages given without their URLs)."""
    index = _template_index(pages)
    total = Scores()
    with tempfile.TemporaryDirectory() as tmp:
        for fold in range(k):
            test = [p for p in pages if fold_of(p.outlet, k) == fold]
            trainset = [p for p in pages if fold_of(p.outlet, k) != fold]
            if not test:
                continue
            model = Path(tmp) / f"fold{fold}.crfsuite"
            train(training_pages(trainset, index), model, **params)
            s = evaluate(test, model, index, without_urls)
            _merge(total, s)
    return total


def _merge(total: Scores, s: Scores) -> None:
    for name, value in vars(s).items():
        cur = getattr(total, name)
        if isinstance(value, list):
            cur.extend(value)
        elif hasattr(value, "update"):
            cur.update(value)
        else:
            setattr(total, name, cur + value)
