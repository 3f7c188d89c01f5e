"""The estimated publication day measured by hiding the dates of pages whose date is known.

Each labelled page with a labelled publication time is given to the estimator as its labelled body
alone (no date line, no URL, no head), and the estimate is compared with the hidden day. Pages of
the field benchmark can be added the same way (their checked body and lead).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..clean.dates import find_dates
from ..clean.estimate import LEAD_PARAGRAPHS, estimate_published
from ..clean.lines import normalise


@dataclass(slots=True)
class EstimateScore:
    dated: int = 0            # pages with a known day, given without it
    estimated: int = 0        # of those, pages that got an estimate
    within_one: int = 0       # estimates within one day of the hidden day
    exact: int = 0
    no_date_pages: int = 0    # pages whose lead names no full date at all
    no_date_estimates: int = 0
    misses: list[tuple[str, str, str, str]] = field(default_factory=list)   # id, true day, estimate, evidence

    def add(self, key: str, body: list[str], true_day: str | None) -> None:
        est = estimate_published(body)
        if not find_dates(" ".join(body[:LEAD_PARAGRAPHS])):
            self.no_date_pages += 1
            self.no_date_estimates += est is not None
        if not true_day:
            return
        self.dated += 1
        if est is None:
            return
        self.estimated += 1
        gap = abs((date.fromisoformat(est.day) - date.fromisoformat(true_day[:10])).days)
        self.within_one += gap <= 1
        self.exact += gap == 0
        if gap > 1:
            self.misses.append((key, true_day[:10], est.day, est.evidence))

    def summary(self) -> dict[str, float]:
        n = self.estimated or 1
        return {"dated_pages": self.dated, "estimated": self.estimated,
                "within_one_day": round(self.within_one / n, 4), "exact_day": round(self.exact / n, 4),
                "coverage": round(self.estimated / (self.dated or 1), 4),
                "pages_naming_no_date": self.no_date_pages, "estimates_there": self.no_date_estimates}


def score_labelled(pages) -> EstimateScore:
    """Labelled pages (evaluate.labelled.LabelledPage): the labelled body, the date hidden."""
    score = EstimateScore()
    for p in pages:
        body = [normalise(t) for t, r in zip(p.lines, p.roles) if r == "body"]
        score.add(p.id, body, (p.fields or {}).get("published"))
    return score


def score_fundus(pages) -> EstimateScore:
    """Field-benchmark pages (evaluate.fundus.FundusPage): the checked lead and body, the date hidden."""
    score = EstimateScore()
    for p in pages:
        body = [x for x in ((p.deck or "").split("\n") + p.body.split("\n")) if x.strip()]
        score.add(p.key, body, p.published)
    return score
