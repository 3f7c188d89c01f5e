"""Indonesian NER datasets: readers, the PER/ORG/LOC mapping, and CoNLL entity scoring.

The five datasets in ../shared/data/ner (see its README) are CoNLL files: one token per
line, a blank line between sentences, token in the first column and the IOB2 tag in the
last. They differ in separator (space for idner-news-2k, tab elsewhere), line endings
(CRLF in idner-news-2k) and in holding multi-word tokens (NERP: `salah satu`), so a
reader splits on the one separator of its file, never on any whitespace.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

# Type names of every dataset folded to the PER / ORG / LOC vocabulary (README, "Combining
# the datasets"). Anything else (NER-UGM's TIME and QUANTITY, NERP's IND, EVT, FNB) is O.
TYPE_MAP: dict[str, str] = {
    "PER": "PER", "PERSON": "PER", "PPL": "PER",
    "ORG": "ORG", "ORGANIZATION": "ORG", "ORGANISATION": "ORG",
    "LOC": "LOC", "LOCATION": "LOC", "PLACE": "LOC", "PLC": "LOC",
}
TYPES: tuple[str, ...] = ("PER", "ORG", "LOC")


@dataclass(frozen=True, slots=True)
class DatasetSpec:
    name: str
    folder: str
    train: str
    dev: str
    sep: str                 # "\t" or " "
    has_org: bool = True
    lowercased: bool = False


DATASETS: dict[str, DatasetSpec] = {
    "idner": DatasetSpec("idner-news-2k", "idner-news-2k", "train.txt", "dev.txt", " "),
    "nerugm": DatasetSpec("NER-UGM", "nerugm", "train.01.tsv", "dev.01.tsv", "\t"),
    "nerui": DatasetSpec("NER-UI", "nerui", "train.01.tsv", "dev.01.tsv", "\t"),
    "nerp": DatasetSpec("NERP", "nerp", "train_preprocess.txt", "valid_preprocess.txt", "\t",
                        has_org=False, lowercased=True),
    "nergrit": DatasetSpec("NERGrit", "nergrit", "train_preprocess.txt", "valid_preprocess.txt", "\t"),
}
# The dev splits with PER, ORG and LOC that `kliping ner-eval` reports (NERP has no ORG).
EVAL_SETS: tuple[str, ...] = ("idner", "nerui", "nerugm", "nergrit")


@dataclass(slots=True)
class Sentence:
    tokens: list[str]
    tags: list[str] = field(default_factory=list)
    source: str = ""         # the dataset key it came from ("idner", "nerui", ...)


def default_data_dir() -> Path:
    """../shared/data/ner beside the repository (the checkout's parent's `shared`)."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        cand = parent / "shared" / "data" / "ner"
        if cand.is_dir():
            return cand
    return Path.cwd().parent / "shared" / "data" / "ner"


def _guess_sep(path: Path) -> str:
    """Tab when any token line holds one, else a space (idner-news-2k)."""
    with open(path, encoding="utf-8", newline="") as fh:
        for i, line in enumerate(fh):
            if "\t" in line:
                return "\t"
            if i > 200:
                break
    return " "


def read_conll(path: Path | str, sep: str | None = None, map_types: bool = True) -> list[Sentence]:
    """Sentences of a CoNLL file: first field the token, last field the tag.

    `sep` None guesses tab vs space from the file. CRLF and LF both end a line; a line
    that is empty after removing its line ending ends a sentence; a missing trailing blank
    line still closes the last sentence. With `map_types`, tags are folded to PER/ORG/LOC.
    """
    path = Path(path)
    sep = sep or _guess_sep(path)
    out: list[Sentence] = []
    cur = Sentence([], [])
    with open(path, encoding="utf-8", newline="") as fh:
        for raw in fh:
            line = raw.rstrip("\r\n")
            if not line.strip():
                if cur.tokens:
                    out.append(cur)
                    cur = Sentence([], [])
                continue
            parts = line.split(sep)
            if len(parts) < 2:
                # a token line without a tag: take it as O rather than lose the token
                parts = [parts[0], "O"]
            tok, tag = parts[0], parts[-1].strip()
            cur.tokens.append(tok)
            cur.tags.append(map_tag(tag) if map_types else tag)
    if cur.tokens:
        out.append(cur)
    return out


def map_tag(tag: str) -> str:
    """B-PERSON -> B-PER, I-PLACE -> I-LOC, B-TIME -> O."""
    if tag == "O" or len(tag) < 3 or tag[1] != "-":
        return "O"
    t = TYPE_MAP.get(tag[2:].upper())
    return f"{tag[0]}-{t}" if t else "O"


def load_split(key: str, split: str, data_dir: Path | None = None) -> list[Sentence]:
    spec = DATASETS[key]
    data_dir = data_dir or default_data_dir()
    name = spec.train if split == "train" else spec.dev
    sents = read_conll(data_dir / spec.folder / name, spec.sep)
    for s in sents:
        s.source = key
    return sents


# --- scoring -------------------------------------------------------------------------------
# Written here rather than taken from seqeval: the conlleval rule needed is a dozen lines
# (I- after O or after another type starts an entity), and seqeval's default mode differs
# from it in corner cases and would be a new runtime dependency for that alone.


def spans(tags: Iterable[str]) -> list[tuple[int, int, str]]:
    """Entities (start, end exclusive, type) of an IOB sequence, as conlleval reads it:
    B- starts one, I- continues one of the same type, an I- after O or of another type
    starts one."""
    out: list[tuple[int, int, str]] = []
    start, typ = -1, ""
    for i, tag in enumerate(list(tags) + ["O"]):
        prefix, _, t = tag.partition("-")
        begins = prefix == "B" or (prefix == "I" and t != typ) or prefix not in ("B", "I")
        if begins and typ:
            out.append((start, i, typ))
            typ = ""
        if prefix in ("B", "I") and (begins or not typ):
            start, typ = i, t
    return out


@dataclass(slots=True)
class Scores:
    tp: Counter = field(default_factory=Counter)
    n_pred: Counter = field(default_factory=Counter)
    n_gold: Counter = field(default_factory=Counter)

    def add(self, gold: list[str], pred: list[str]) -> None:
        g, p = set(spans(gold)), set(spans(pred))
        for s in g:
            self.n_gold[s[2]] += 1
        for s in p:
            self.n_pred[s[2]] += 1
        for s in g & p:
            self.tp[s[2]] += 1

    def prf(self, typ: str | None = None) -> tuple[float, float, float]:
        if typ is None:
            tp, npred, ngold = sum(self.tp.values()), sum(self.n_pred.values()), sum(self.n_gold.values())
        else:
            tp, npred, ngold = self.tp[typ], self.n_pred[typ], self.n_gold[typ]
        p = tp / npred if npred else 0.0
        r = tp / ngold if ngold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def merge(self, other: "Scores") -> None:
        self.tp.update(other.tp)
        self.n_pred.update(other.n_pred)
        self.n_gold.update(other.n_gold)

    def summary(self) -> dict[str, dict[str, float]]:
        out = {}
        for typ in (None, *sorted(set(self.n_gold) | set(self.n_pred))):
            p, r, f = self.prf(typ)
            out[typ or "all"] = {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4),
                                 "gold": (sum(self.n_gold.values()) if typ is None else self.n_gold[typ])}
        return out


def score(gold: Iterable[list[str]], pred: Iterable[list[str]]) -> Scores:
    s = Scores()
    for g, p in zip(gold, pred):
        s.add(g, p)
    return s


def iter_tokens(sentences: Iterable[Sentence]) -> Iterator[str]:
    for s in sentences:
        yield from s.tokens
