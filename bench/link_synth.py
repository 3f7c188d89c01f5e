"""A synthetic news collection built from the dev pages, for the linking benchmarks.

The dev articles are cut into sentences; synthetic pages are made of them:

* events: each event takes one dev article as its topic and a date (2015-2025); its pages are
  published within 3 days of it and draw most sentences from the topic article, some from any
  article, with a share of words replaced (so pages of one event are alike, not copies). Dev
  articles are reused by many events years apart: the same topic, different events.
* planted near duplicates (NEAR_SHARE): an earlier page republished by another outlet with its
  own dateline, "Baca juga" and editor lines and a few words changed, within 2 days;
* planted exact duplicates (EXACT_SHARE): an earlier page's body unchanged under another outlet.

Every page carries `planted`, the id of the page it copies (None for an original page).
Nothing of the dev text is written anywhere: pages are made in memory while a benchmark runs.
"""
from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Iterator

from kliping.model import Article

DEV_PAGES = Path(__file__).resolve().parents[2] / "shared" / "data" / "dev" / "pages.jsonl"
NEAR_SHARE = 0.08
EXACT_SHARE = 0.02
PAGES_PER_EVENT = 12            # mean
WORD_SWAP = 0.12                # share of words replaced in an event page
NEAR_SWAP = 0.03                # share of words replaced in a planted near duplicate
_SENT_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
_OUTLETS = [f"portal{n}.id" for n in range(400)]
_CITIES = ["JAKARTA", "SURABAYA", "MEDAN", "BANDUNG", "SEMARANG", "MAKASSAR", "DENPASAR", "PALEMBANG"]


@dataclass(slots=True)
class Base:
    title: str
    sentences: list[str]


def load_bases(pages: Path = DEV_PAGES) -> list[Base]:
    """Dev articles with a body of at least three sentences, extracted with kliping."""
    from kliping.read import read_inputs
    from kliping.run.extract import Extractor

    out = []
    for a in Extractor().process(read_inputs([str(pages)])):
        if isinstance(a, Article) and a.kind == "article" and a.body:
            sents = [s for p in a.body for s in _SENT_RE.split(p) if len(s.split()) >= 4]
            if len(sents) >= 3:
                out.append(Base(a.title or sents[0][:80], sents))
    return out


class Synth:
    def __init__(self, bases: list[Base], seed: int = 7) -> None:
        self.bases = bases
        self.rng = random.Random(seed)
        self.vocab = sorted({w for b in bases for s in b.sentences for w in s.split()})
        self.all_sents = [s for b in bases for s in b.sentences]
        self.recent: list[Article] = []      # pages that may be copied
        self.n = 0
        self.start = date(2015, 1, 1).toordinal()
        self.days = date(2025, 12, 31).toordinal() - self.start

    def _swap(self, text: str, share: float) -> str:
        rng, vocab = self.rng, self.vocab
        words = text.split()
        for k in range(len(words)):
            if rng.random() < share:
                words[k] = vocab[rng.randrange(len(vocab))]
        return " ".join(words)

    def _event_pages(self, day0: int | None = None) -> Iterator[Article]:
        rng = self.rng
        base = self.bases[rng.randrange(len(self.bases))]
        day = self.start + rng.randrange(self.days) if day0 is None else day0
        for _ in range(max(1, int(rng.expovariate(1 / PAGES_PER_EVENT)))):
            k = rng.randint(3, 7)
            sents = [base.sentences[rng.randrange(len(base.sentences))] if rng.random() < 0.75
                     else self.all_sents[rng.randrange(len(self.all_sents))] for _ in range(k)]
            body = [self._swap(" ".join(sents[i:i + 2]), WORD_SWAP) for i in range(0, k, 2)]
            d = date.fromordinal(day + rng.randrange(4))
            yield self._article(self._swap(base.title, WORD_SWAP), body, d, None)

    def _article(self, title: str, body: list[str], d: date, planted: str | None) -> Article:
        rng = self.rng
        self.n += 1
        outlet = _OUTLETS[rng.randrange(len(_OUTLETS))]
        a = Article(id=f"s{self.n:07d}", url=f"https://{outlet}/berita/{self.n}", outlet=outlet, kind="article",
                    lang="id", title=title, published=f"{d.isoformat()}T{rng.randrange(24):02d}:00:00+07:00",
                    body=body, flags=[f"planted:{planted}"] if planted else [])
        if len(self.recent) < 5000:
            self.recent.append(a)
        else:
            self.recent[rng.randrange(5000)] = a
        return a

    def _copy(self, exact: bool) -> Article:
        rng = self.rng
        src = self.recent[rng.randrange(len(self.recent))]
        d = date.fromisoformat(src.published[:10]) + timedelta(days=rng.randrange(3))
        if exact:
            body = list(src.body)
        else:
            outlet = _OUTLETS[rng.randrange(len(_OUTLETS))]
            body = [f"{outlet.split('.')[0].upper()}.ID, {_CITIES[rng.randrange(len(_CITIES))]} - "
                    + self._swap(src.body[0], NEAR_SWAP)]
            body += [self._swap(p, NEAR_SWAP) for p in src.body[1:]]
            body.insert(min(2, len(body)), "Baca juga: " + self.bases[rng.randrange(len(self.bases))].title)
            body.append(f"Editor: Redaksi {rng.randrange(100)}")
        planted = src.flags[0].split(":", 1)[1] if src.flags else src.id
        return self._article(src.title, body, d, planted)

    def pages(self, n: int, day0: int | None = None) -> Iterator[Article]:
        """n synthetic pages; with day0 (an ordinal), events start on or after that day (an increment)."""
        rng = self.rng
        event = iter(())
        for _ in range(n):
            r = rng.random()
            if self.recent and r < EXACT_SHARE:
                yield self._copy(True)
            elif self.recent and r < EXACT_SHARE + NEAR_SHARE:
                yield self._copy(False)
            else:
                a = next(event, None)
                if a is None:
                    event = self._event_pages(None if day0 is None else day0 + rng.randrange(3))
                    a = next(event)
                yield a


def write_jsonl(pages: Iterator[Article], path: Path) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for a in pages:
            f.write(json.dumps(a.to_record(), ensure_ascii=False) + "\n")
