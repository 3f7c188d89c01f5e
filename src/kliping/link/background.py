"""Background document frequencies: how common each story term is in news at large.

A story term's weight is its inverse document frequency, and a run's own articles are a poor
measure of it when the run is small: in 120 pages of 25 events, an event's own words (`banjir`,
`sintang`) sit in one page of twenty and weigh like everyday words, so reports of one event look
less alike than they do in an archive of thousands, and the same pages split differently when
linked with others. A run's document frequencies are therefore counted together with a fixed
background table: the articles of the dev pages, counted once at train time (`kliping
background-train`) and shipped as `models/background-df.tsv` (stems and counts only, no text).
In a large archive the run's own counts outweigh it; in a small one it keeps the weights near those
of news at large. Measured with the table built from the other half's pages (`kliping eval-stories
--alone`); see docs/linking.md.

Written here rather than taken from a library: the counts must be of the same stems, counted the
same way, as the run's terms (terms.term_counts), and the table is a few thousand lines.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from ..model import Article
from .shingles import normalise
from .terms import Stemmer, article_text_parts, term_counts

BACKGROUND_PATH = Path(__file__).resolve().parent.parent / "models" / "background-df.tsv"
MIN_DF = 2              # stems of a single background article are left out (names of one page)


@dataclass(frozen=True, slots=True)
class Background:
    df: dict[str, int]          # stem -> background articles holding it
    docs: int                   # background articles counted

    def __len__(self) -> int:
        return len(self.df)


def background_from_articles(articles: Iterable[Article], min_df: int = MIN_DF) -> Background:
    """Document frequencies of the articles' story terms (each article counted once per stem; an
    exact copy of a text already counted is skipped: a wire story five outlets carry is one article
    of news at large)."""
    stemmer = Stemmer()
    df: Counter[str] = Counter()
    docs = 0
    seen: set[str] = set()
    for a in articles:
        key = normalise(a.body)
        if key in seen:
            continue
        seen.add(key)
        head, lead = article_text_parts(a)
        df.update(term_counts(head, lead, stemmer).keys())
        docs += 1
    return Background({s: k for s, k in df.items() if k >= min_df}, docs)


def write_background(bg: Background, path: Path) -> None:
    """`#docs<TAB>N` then `stem<TAB>df` lines, most frequent first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(f"#docs\t{bg.docs}\n")
        for s, k in sorted(bg.df.items(), key=lambda kv: (-kv[1], kv[0])):
            f.write(f"{s}\t{k}\n")
    tmp.replace(path)


def read_background(path: Path) -> Background:
    df: dict[str, int] = {}
    docs = 0
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 2:
                raise ValueError(f"{path}:{n}: expected two tab-separated fields")
            if parts[0] == "#docs":
                docs = int(parts[1])
            else:
                df[parts[0]] = int(parts[1])
    if docs <= 0:
        raise ValueError(f"{path}: no '#docs' line")
    return Background(df, docs)


@lru_cache(maxsize=1)
def shipped_background() -> Background:
    """The table shipped in the package (read once per process)."""
    return read_background(BACKGROUND_PATH)
