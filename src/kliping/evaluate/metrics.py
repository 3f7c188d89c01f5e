"""Scores of predicted articles against labelled pages."""
from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from ..clean.lines import normalise
from ..model import ROLES, Article
from .labelled import LabelledPage


def _norm_title(t: str | None) -> str | None:
    if t is None:
        return None
    t = unicodedata.normalize("NFKC", normalise(t)).strip(" .")
    return t.lower() or None


def _day(t: str | None) -> str | None:
    return t[:10] if t else None


def _names(xs: list[str]) -> Counter:
    return Counter(normalise(x).lower() for x in xs if x.strip())


@dataclass
class Scores:
    pages: int = 0
    lines: int = 0
    correct_lines: int = 0
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    body_exact: int = 0
    title_exact: int = 0
    titled_pages: int = 0
    title_exact_titled: int = 0
    day_ok: int = 0
    dated_pages: int = 0
    day_ok_dated: int = 0
    author_tp: int = 0
    author_fp: int = 0
    author_fn: int = 0
    kind_ok: int = 0
    misses: list[str] = field(default_factory=list)
    author_misses: list[tuple[str, list[str], list[str]]] = field(default_factory=list)  # (id, labelled, found)

    def add(self, gold: LabelledPage, art: Article) -> None:
        pred = art.roles
        self.pages += 1
        for g, p in zip(gold.roles, pred):
            self.lines += 1
            if g == p:
                self.correct_lines += 1
                self.tp[g] += 1
            else:
                self.fp[p] += 1
                self.fn[g] += 1
        gb = [r == "body" for r in gold.roles]
        pb = [r == "body" for r in pred]
        if gb == pb:
            self.body_exact += 1
        else:
            self.misses.append(gold.id)
        f = gold.fields
        ok = _norm_title(f.get("title")) == _norm_title(art.title)
        self.title_exact += ok
        if f.get("title"):
            self.titled_pages += 1
            self.title_exact_titled += ok
        ok = _day(f.get("published")) == _day(art.published)
        self.day_ok += ok
        if f.get("published"):
            self.dated_pages += 1
            self.day_ok_dated += ok
        g, p = _names(f.get("authors", [])), _names(art.authors)
        inter = sum((g & p).values())
        self.author_tp += inter
        self.author_fp += sum(p.values()) - inter
        self.author_fn += sum(g.values()) - inter
        if g != p:
            self.author_misses.append((gold.id, list(f.get("authors", [])), list(art.authors)))
        self.kind_ok += (gold.kind or "article") == art.kind

    def prf(self, role: str) -> tuple[float, float, float]:
        tp, fp, fn = self.tp[role], self.fp[role], self.fn[role]
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def summary(self) -> dict[str, float]:
        ap = self.author_tp / (self.author_tp + self.author_fp) if self.author_tp + self.author_fp else 0.0
        ar = self.author_tp / (self.author_tp + self.author_fn) if self.author_tp + self.author_fn else 0.0
        n = max(1, self.pages)
        return {
            "pages": self.pages,
            "lines": self.lines,
            "role_accuracy": self.correct_lines / max(1, self.lines),
            "body_f1": self.prf("body")[2],
            "body_exact_pages": self.body_exact / n,
            "title_exact": self.title_exact / n,
            "title_exact_titled": self.title_exact_titled / max(1, self.titled_pages),
            "published_day": self.day_ok / n,
            "published_day_dated": self.day_ok_dated / max(1, self.dated_pages),
            "author_f1": 2 * ap * ar / (ap + ar) if ap + ar else 0.0,
            "kind_accuracy": self.kind_ok / n,
        }

    def report(self) -> str:
        rows = [f"{'role':<12} {'prec':>6} {'rec':>6} {'f1':>6} {'gold':>6}"]
        for role in ROLES:
            p, r, f1 = self.prf(role)
            rows.append(f"{role:<12} {p:6.3f} {r:6.3f} {f1:6.3f} {self.tp[role] + self.fn[role]:6d}")
        s = self.summary()
        rows += [
            "",
            f"pages {s['pages']}, lines {s['lines']}",
            f"all-role accuracy      {s['role_accuracy']:.3f}",
            f"body-line F1           {s['body_f1']:.3f}",
            f"body exactly right     {s['body_exact_pages']:.3f} of pages",
            f"title exact            {s['title_exact']:.3f}  ({s['title_exact_titled']:.3f} on {self.titled_pages} pages with a title)",
            f"published-day accuracy {s['published_day']:.3f}  ({s['published_day_dated']:.3f} on {self.dated_pages} dated pages)",
            f"author F1              {s['author_f1']:.3f}",
            f"kind accuracy          {s['kind_accuracy']:.3f}",
        ]
        return "\n".join(rows)
