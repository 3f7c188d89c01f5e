"""Named entities (PER / ORG / LOC) in article text: a linear-chain CRF over tokens.

The model is python-crfsuite with hand-made token features (word, shape, affixes,
capitalisation, neighbours ±2, hits in the small lists of `ner_gazetteer`, word clusters
learnt at train time), trained by `kliping ner-train` from ../shared/data/ner and shipped
as `models/ner.crfsuite` with its parameters and measured dev figures in `models/ner.json`.
"""
from __future__ import annotations

import json
import re
import threading
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Sequence

import pycrfsuite

from ..crf import CrfTagger
from ..crf import train_crf as _train_to_file

from ..model import Article, Mention
from .ner_data import Sentence, spans
from .ner_gazetteer import MAX_PLACE_TOKENS, ORG_WORDS, PER_TITLES, PLACE_FIRST, PLACES

MODEL_NAME = "ner.crfsuite"
META_NAME = "ner.json"
CLUSTERS_NAME = "ner-clusters.txt"

# --- tokenising ------------------------------------------------------------------------------
# A regex tokeniser (written here: the datasets' convention is simple and a library
# tokeniser would split differently): words with inner hyphens or apostrophes stay one token
# as idner-news-2k keeps them (`Jong-un`, `Jokowi-JK`, `undang-undang`); numbers keep their
# separators (`1.000`, `2,5`); a few title abbreviations keep their dot (`Dr.`); host names
# stay whole (`Tribunnews.com`); every other non-space character is a token of its own.
_ABBREV = r"(?:Dr|Drs|Dra|Prof|Ir|Hj|KH|Jl|Jln|No|Inc|Ltd|Corp|Tbk|St|Mr|Mrs|Ms|Sdr|Bpk|Kol|Jend|Letjen|Mayjen|Brigjen)\."
_TOKEN = re.compile(
    _ABBREV
    + r"|[^\W_]+(?:\.(?:com|co\.id|id|net|org|go\.id|ac\.id))\b"
    + r"|\d+(?:[.,:]\d+)*(?:[^\W\d_]+)?"
    + r"|[^\W_]+(?:[-'’][^\W_]+)*"
    + r"|\S"
)
# Sentence ends: . ! ? (and a closing quote) then space and an upper-case letter, digit or quote.
_SENT_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
MAX_SENT_TOKENS = 120


def tokenize(text: str, offset: int = 0) -> list[tuple[str, int, int]]:
    """(token, start, end) with offsets into `text` (plus `offset`)."""
    return [(m.group(), m.start() + offset, m.end() + offset) for m in _TOKEN.finditer(text)]


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of the sentences of a paragraph."""
    out, start = [], 0
    for m in _SENT_END.finditer(text):
        if _is_abbrev_end(text, m.start()):
            continue
        out.append((start, m.start()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return [(s, e) for s, e in out if text[s:e].strip()]


_ABBREV_END = re.compile(_ABBREV + r"$|\b[A-Z]\.$")


def _is_abbrev_end(text: str, pos: int) -> bool:
    """`Dr. Budi` or an initial `S. Widodo` is no sentence end."""
    return bool(_ABBREV_END.search(text[max(0, pos - 8):pos]))


# --- features --------------------------------------------------------------------------------

_SHAPE_MAP = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
    "X" * 26 + "x" * 26 + "d" * 10,
)
_COLLAPSE = re.compile(r"(.)\1+")


def _shape(tok: str) -> str:
    s = tok.translate(_SHAPE_MAP)
    return s if len(s) <= 4 else s[:2] + _COLLAPSE.sub(r"\1", s[2:])


class Featuriser:
    """Token features. Features that depend on the token alone are cached per token string."""

    def __init__(self, clusters: dict[str, str] | None = None, use_gazetteer: bool = True,
                 use_clusters: bool = True) -> None:
        self.clusters = clusters or {}
        self.use_gazetteer = use_gazetteer
        self.use_clusters = use_clusters and bool(self.clusters)
        self._own = lru_cache(maxsize=200_000)(self._own_features)

    def _own_features(self, tok: str) -> tuple[tuple[str, ...], str, str]:
        low = tok.lower()
        shape = _shape(tok)
        f = ["b", "w=" + low, "s=" + shape]
        n = len(low)
        f += ["p1=" + low[:1], "p2=" + low[:2], "p3=" + low[:3],
              "x2=" + low[-2:], "x3=" + low[-3:], "x4=" + low[-4:]]
        if tok[:1].isupper():
            f.append("T")
            if tok.isupper() and n > 1:
                f.append("U")
        elif tok[:1].isalpha():
            f.append("L")
        if any(c.isdigit() for c in tok):
            f.append("D")
        if "-" in tok:
            f.append("H")
        f.append("n=" + (str(n) if n < 6 else "6+"))
        cl = ""
        if self.use_clusters:
            c = self.clusters.get(low)
            if c:
                cl = c
                f += ["c4=" + c[:4], "c6=" + c[:6], "c=" + c]
            else:
                f.append("c=?")
        if self.use_gazetteer:
            if low in ORG_WORDS:
                f.append("gO")
            if low in PER_TITLES:
                f.append("gT")
        # short key for neighbours: the lower-cased word and a case class
        case = "U" if tok.isupper() and n > 1 else "T" if tok[:1].isupper() else "l" if tok[:1].isalpha() else "o"
        return tuple(f), low, case + (":" + cl[:6] if cl else "")

    def sentence(self, tokens: Sequence[str]) -> list[list[str]]:
        own = [self._own(t) for t in tokens]
        n = len(tokens)
        lows = [o[1] for o in own]
        keys = [o[2] for o in own]
        gaz = self._place_hits(lows) if self.use_gazetteer else [""] * n
        # a sentence written in title case (a headline) weakens capitalisation as a cue
        alpha = [t for t in tokens if t[:1].isalpha()]
        titled = len(alpha) >= 3 and sum(t[:1].isupper() for t in alpha) >= 0.8 * len(alpha)
        out = []
        for i in range(n):
            f = list(own[i][0])
            if i == 0:
                f.append("BOS")
            if i == n - 1:
                f.append("EOS")
            if titled:
                f.append("TC")
            if gaz[i]:
                f.append("gP=" + gaz[i])
            for d in (-2, -1, 1, 2):
                j = i + d
                if 0 <= j < n:
                    f.append(f"{d}w={lows[j]}")
                    f.append(f"{d}k={keys[j]}")
                    if self.use_gazetteer and d in (-1, 1) and lows[j] in PER_TITLES:
                        f.append(f"{d}gT")
                    if self.use_gazetteer and d in (-1, 1) and lows[j] in ORG_WORDS:
                        f.append(f"{d}gO")
                else:
                    f.append(f"{d}w=<>")
            if i > 0:
                f.append(f"bw={lows[i - 1]}|{lows[i]}")
            if i + 1 < n:
                f.append(f"fw={lows[i]}|{lows[i + 1]}")
            out.append(f)
        return out

    @staticmethod
    def _place_hits(lows: list[str]) -> list[str]:
        """B/I marks for tokens inside the longest place-list match starting at each token."""
        n = len(lows)
        marks = [""] * n
        i = 0
        while i < n:
            if lows[i] not in PLACE_FIRST:
                i += 1
                continue
            for k in range(min(MAX_PLACE_TOKENS, n - i), 0, -1):
                if " ".join(lows[i:i + k]) in PLACES:
                    marks[i] = "B"
                    for j in range(i + 1, i + k):
                        marks[j] = "I"
                    i += k
                    break
            else:
                i += 1
        return marks


# --- the model -------------------------------------------------------------------------------

def packaged_model_path() -> Path:
    return Path(str(resources.files("kliping") / "models" / MODEL_NAME))


def _meta_path(model: Path) -> Path:
    return model.with_name(model.stem + ".json") if model.suffix == ".crfsuite" else Path(str(model) + ".json")


def _clusters_path(model: Path) -> Path:
    return model.with_name(model.stem + "-clusters.txt")


def read_clusters(path: Path) -> dict[str, str]:
    out = {}
    if path.exists():
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                word, _, bits = line.rstrip("\n").partition("\t")
                if bits:
                    out[word] = bits
    return out


class NerModel:
    """Tags tokens with B-/I-PER, ORG, LOC and turns them into character spans."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path else packaged_model_path()
        if not self.path.exists():
            raise FileNotFoundError(f"no NER model at {self.path}; run `kliping ner-train`")
        meta_file = _meta_path(self.path)
        self.meta = json.loads(meta_file.read_text(encoding="utf-8")) if meta_file.exists() else {}
        feats = self.meta.get("features", {})
        clusters = read_clusters(_clusters_path(self.path)) if feats.get("clusters", True) else {}
        self.featuriser = Featuriser(clusters, use_gazetteer=feats.get("gazetteer", True),
                                     use_clusters=feats.get("clusters", True))
        self.domains: list[str] = self.meta.get("domains") or []
        self.domain: str | None = self.meta.get("run_domain")
        self._tagger = CrfTagger(self.path)

    def tag_tokens(self, tokens: Sequence[str], domain: str | None = None) -> list[str]:
        """Tags of one sentence. `domain`: decode with that training set's own feature copies
        (only for a model trained with domain copies; the run uses the model's default)."""
        if not tokens:
            return []
        feats = self.featuriser.sentence(tokens)
        domain = domain or self.domain
        if domain and self.domains:
            feats = with_domain(feats, domain)
        return self._tagger.tag(feats).labels

    def find(self, text: str, field: str) -> list[Mention]:
        """Mentions in one text field; offsets into `text`."""
        out: list[Mention] = []
        pos = 0
        for para in text.split("\n"):
            if para.strip():
                for s, e in split_sentences(para):
                    toks = tokenize(para[s:e], pos + s)
                    for k in range(0, len(toks), MAX_SENT_TOKENS):
                        chunk = toks[k:k + MAX_SENT_TOKENS]
                        tags = self.tag_tokens([t[0] for t in chunk])
                        for a, b, typ in spans(tags):
                            # idner-news-2k counts a leading descriptor in the name (`kota
                            # perbatasan Kaesong`, `wilayah Jabotabek`); a mention starts at
                            # its first capitalised word so that the name itself is linked.
                            while a < b - 1 and chunk[a][0][:1].islower():
                                a += 1
                            start, end = chunk[a][1], chunk[b - 1][2]
                            out.append(Mention(field, start, end, text[start:end], typ))
            pos += len(para) + 1
        return out


_MODEL: NerModel | None = None
_MODEL_LOCK = threading.Lock()


def get_model() -> NerModel:
    """The packaged model, loaded once per process."""
    global _MODEL
    if _MODEL is None:
        with _MODEL_LOCK:
            if _MODEL is None:
                _MODEL = NerModel()
    return _MODEL


def find_mentions(text: str, field: str) -> list[Mention]:
    """PER / ORG / LOC mentions in `text` (one article field), by the packaged model."""
    if not text:
        return []
    return get_model().find(text, field)


def tag_article(article: Article, model: NerModel | None = None) -> list[Mention]:
    """Mentions in the title, deck and body (body offsets into `Article.text`)."""
    m = model or get_model()
    out: list[Mention] = []
    for field, text in (("title", article.title), ("deck", article.deck), ("body", article.text)):
        if text:
            out += m.find(text, field)
    return out


# --- training --------------------------------------------------------------------------------

DEFAULT_C1 = 0.05
DEFAULT_C2 = 0.05
DEFAULT_ITERATIONS = 150


def with_domain(feats: list[list[str]], domain: str) -> list[list[str]]:
    """Every feature twice: shared, and as the domain's own copy (Daume III 2007, "frustratingly
    easy domain adaptation"), so that each dataset's annotation habits get their own weights."""
    return [f + [domain + ":" + x for x in f] for f in feats]


def train_crf(sentences: Iterable[Sentence], out: Path, featuriser: Featuriser, c1: float = DEFAULT_C1,
              c2: float = DEFAULT_C2, iterations: int = DEFAULT_ITERATIONS, domains: bool = False) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for s in sentences:
        feats = featuriser.sentence(s.tokens)
        trainer.append(with_domain(feats, s.source) if domains else feats, s.tags)
    _train_to_file(trainer, out, c1, c2, iterations)
