"""Training and scoring of the NER model on the datasets in ../shared/data/ner.

idner-news-2k and NER-UGM annotate the same pool of sentences (and NERP shares about a
thousand of them), so a sentence of one dataset's train split can be another's dev
sentence. Every training sentence that matches any dev sentence of any dataset (same
lower-cased alphanumeric text, or at least half of its word 4-grams shared) is dropped
before training, so that the dev figures are out of sample.
"""
from __future__ import annotations

import json
import re
import time
from collections import defaultdict
from pathlib import Path
from typing import Iterable, Sequence

from .ner import (DEFAULT_C1, DEFAULT_C2, DEFAULT_ITERATIONS, Featuriser, NerModel, _clusters_path,
                  _meta_path, read_clusters, train_crf)
from .ner_data import DATASETS, EVAL_SETS, TYPES, Scores, Sentence, default_data_dir, load_split, read_conll

# Chosen by measurement on the dev splits (docs/ner.md): the cased datasets with an ORG class.
DEFAULT_TRAIN_SETS: tuple[str, ...] = ("idner", "nerui", "nergrit")
_ALNUM = re.compile(r"[^0-9a-z]+")


def _key(tokens: Sequence[str]) -> str:
    return _ALNUM.sub("", " ".join(tokens).lower())


def _grams(tokens: Sequence[str]) -> set[tuple[str, ...]]:
    w = [t.lower() for t in tokens if any(c.isalnum() for c in t)]
    return {tuple(w[i:i + 4]) for i in range(len(w) - 3)}


class DevFilter:
    """Tells whether a sentence matches one of a set of held-out sentences."""

    def __init__(self, held_out: Iterable[Sentence]) -> None:
        self.keys: set[str] = set()
        self.grams: list[set[tuple[str, ...]]] = []
        self.index: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for s in held_out:
            self.keys.add(_key(s.tokens))
            g = _grams(s.tokens)
            for x in g:
                self.index[x].append(len(self.grams))
            self.grams.append(g)

    def matches(self, s: Sentence) -> bool:
        if _key(s.tokens) in self.keys:
            return True
        g = _grams(s.tokens)
        if not g:
            return False
        shared: dict[int, int] = defaultdict(int)
        for x in g:
            for i in self.index.get(x, ()):
                shared[i] += 1
        return any(n / len(g | self.grams[i]) >= 0.5 for i, n in shared.items())


def training_sentences(sets: Sequence[str], data_dir: Path, held_out: DevFilter | None,
                       titlecase_copies: float = 0.0) -> tuple[list[Sentence], dict[str, int]]:
    out: list[Sentence] = []
    dropped: dict[str, int] = {}
    for key in sets:
        sents = load_split(key, "train", data_dir)
        kept = [s for s in sents if held_out is None or not held_out.matches(s)]
        dropped[key] = len(sents) - len(kept)
        out += kept
    if titlecase_copies:
        # headlines are written in title case: show the model some sentences so written
        step = max(1, round(1 / titlecase_copies))
        out += [Sentence([t[:1].upper() + t[1:] if t[:1].isalpha() else t for t in s.tokens], s.tags, s.source)
                for s in out[::step]]
    return out, dropped


def all_dev(data_dir: Path) -> list[Sentence]:
    """The dev sentences of every dataset present (all five in ../shared/data/ner)."""
    return [s for key, spec in DATASETS.items() if (data_dir / spec.folder / spec.dev).exists()
            for s in load_split(key, "dev", data_dir)]


def evaluate_sentences(model: NerModel, sents: Iterable[Sentence], domain: str | None = None) -> Scores:
    sc = Scores()
    for s in sents:
        sc.add(s.tags, model.tag_tokens(s.tokens, domain))
    return sc


def evaluate_dev(model: NerModel, data_dir: Path, sets: Sequence[str] = EVAL_SETS,
                 own_domain: bool = False) -> dict[str, Scores]:
    """Dev scores per dataset and combined. `own_domain`: decode each dataset with its own
    domain copies (a model trained with them); otherwise as a run decodes articles."""
    out: dict[str, Scores] = {}
    combined = Scores()
    for key in sets:
        if not (data_dir / DATASETS[key].folder / DATASETS[key].dev).exists():
            continue
        domain = key if own_domain and key in model.domains else None
        sc = evaluate_sentences(model, load_split(key, "dev", data_dir), domain)
        out[DATASETS[key].name] = sc
        combined.merge(sc)
    out["combined"] = combined
    return out


def evaluate_file(model: NerModel, path: Path) -> dict[str, Scores]:
    """Score CoNLL files (a file, or every file in a folder) in any of the datasets' formats."""
    files = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
    return {p.name: evaluate_sentences(model, read_conll(p)) for p in files}


def report(scores: dict[str, Scores]) -> str:
    lines = [f"{'set':<16} {'type':<4} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6}"]
    for name, sc in scores.items():
        for typ in (None, *TYPES):
            p, r, f = sc.prf(typ)
            gold = sum(sc.n_gold.values()) if typ is None else sc.n_gold[typ]
            lines.append(f"{name:<16} {typ or 'all':<4} {p:6.3f} {r:6.3f} {f:6.3f} {gold:6d}")
    return "\n".join(lines)


def train(out: Path, data_dir: Path | None = None, sets: Sequence[str] = DEFAULT_TRAIN_SETS,
          c1: float = DEFAULT_C1, c2: float = DEFAULT_C2, iterations: int = DEFAULT_ITERATIONS,
          gazetteer: bool = True, clusters: bool = True, titlecase_copies: float = 0.1,
          n_clusters: int = 0, domains: bool = False, run_domain: str | None = None,
          score: bool = True, log=print) -> dict:
    """Train, save model + meta (+ cluster file), score the dev splits; return the meta."""
    data_dir = data_dir or default_data_dir()
    t0 = time.time()
    held = DevFilter(all_dev(data_dir))
    sents, dropped = training_sentences(sets, data_dir, held, titlecase_copies)
    log(f"training sentences: {len(sents)} (dropped as dev matches: {dropped})")
    cl_path = _clusters_path(out)
    cluster_map: dict[str, str] = {}
    if clusters:
        from .ner_clusters import build_clusters, write_clusters

        cluster_map = build_clusters(data_dir, sets, log=log, **({"k": n_clusters} if n_clusters else {}))
        write_clusters(cluster_map, cl_path)
    elif cl_path.exists():
        cl_path.unlink()
    feat = Featuriser(cluster_map, use_gazetteer=gazetteer, use_clusters=clusters)
    train_crf(sents, out, feat, c1=c1, c2=c2, iterations=iterations, domains=domains)
    meta: dict = {
        "model": "python-crfsuite linear-chain CRF (lbfgs)",
        "params": {"c1": c1, "c2": c2, "max_iterations": iterations, "titlecase_copies": titlecase_copies},
        "features": {"gazetteer": gazetteer, "clusters": clusters, "n_cluster_words": len(cluster_map)},
        "train_sets": [DATASETS[k].name for k in sets],
        "domains": list(sets) if domains else [],
        "run_domain": run_domain if domains else None,
        "train_sentences": len(sents),
        "dropped_dev_matches": {DATASETS[k].name: v for k, v in dropped.items()},
        "train_seconds": round(time.time() - t0, 1),
    }
    _meta_path(out).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    if score:
        model = NerModel(out)
        scores = evaluate_dev(model, data_dir)
        meta["dev"] = {name: sc.summary() for name, sc in scores.items()}
        if domains:
            own = evaluate_dev(model, data_dir, own_domain=True)
            meta["dev_own_domain"] = {name: sc.summary() for name, sc in own.items()}
            log("decoded with each dataset's own domain copies:\n" + report(own))
        _meta_path(out).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
        log(report(scores))
    return meta
