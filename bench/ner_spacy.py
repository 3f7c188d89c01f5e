"""A spaCy NER pipeline trained from scratch on the same data as kliping's CRF, for comparison.

    .venv/bin/python bench/ner_spacy.py [--epochs 12] [--out /tmp/kliping-ner-spacy]

Same training sentences as `kliping ner-train` (same datasets, same PER/ORG/LOC mapping,
same removal of sentences that match a dev sentence), a blank Indonesian spaCy pipeline
with its default `ner` component (hash embeddings + CNN tok2vec, transition parser), no
pretrained vectors (nothing is downloaded). The epoch with the best combined dev F1 is
saved to --out and scored with kliping's own scorer on the same dev splits
(tokens given as in the data, so tokenisation plays no part). Needs `spacy` (bench extra).
Skips (exit 0) when ../shared/data/ner is absent.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

from kliping.enrich.ner_data import DATASETS, EVAL_SETS, Scores, default_data_dir, load_split
from kliping.enrich.ner_train import DEFAULT_TRAIN_SETS, DevFilter, all_dev, training_sentences


def to_doc(nlp, tokens, tags=None):
    from spacy.tokens import Doc

    if tags is None:
        return Doc(nlp.vocab, words=tokens)
    # conlleval reading: an I- after O or another type starts an entity
    fixed, prev = [], "O"
    for t in tags:
        if t.startswith("I-") and (prev == "O" or prev[2:] != t[2:]):
            t = "B-" + t[2:]
        fixed.append(t)
        prev = t
    return Doc(nlp.vocab, words=tokens, ents=fixed)


def iob_of(doc) -> list[str]:
    return [("O" if t.ent_iob_ == "O" else f"{t.ent_iob_}-{t.ent_type_}") for t in doc]


def dev_scores(nlp, dev: dict[str, list]) -> dict[str, Scores]:
    out, comb = {}, Scores()
    for key, sents in dev.items():
        sc = Scores()
        docs = nlp.pipe(to_doc(nlp, s.tokens) for s in sents)
        for s, doc in zip(sents, docs):
            sc.add(s.tags, iob_of(doc))
        out[DATASETS[key].name] = sc
        comb.merge(sc)
    out["combined"] = comb
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--out", type=Path, default=Path("/tmp/kliping-ner-spacy"))
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    data = args.data or default_data_dir()
    if not data.is_dir():
        print(f"skip: {data} is absent")
        return 0
    import spacy
    from spacy.training import Example
    from spacy.util import minibatch

    random.seed(args.seed)
    spacy.util.fix_random_seed(args.seed)
    sents, _ = training_sentences(DEFAULT_TRAIN_SETS, data, DevFilter(all_dev(data)), 0.1)
    nlp = spacy.blank("id")
    nlp.add_pipe("ner")
    examples = [Example(to_doc(nlp, s.tokens), to_doc(nlp, s.tokens, s.tags)) for s in sents]
    opt = nlp.initialize(lambda: examples)
    dev = {k: load_split(k, "dev", data) for k in EVAL_SETS}
    best, best_f = None, -1.0
    t0 = time.time()
    for epoch in range(args.epochs):
        random.shuffle(examples)
        losses: dict = {}
        for batch in minibatch(examples, size=32):
            nlp.update(batch, drop=0.2, sgd=opt, losses=losses)
        f = dev_scores(nlp, dev)["combined"].prf()[2]
        print(f"epoch {epoch + 1}: loss {losses.get('ner', 0):.0f}, combined dev F1 {f:.3f} "
              f"({time.time() - t0:.0f} s)", flush=True)
        if f > best_f:
            best_f = f
            nlp.to_disk(args.out)
            best = epoch + 1
    nlp = spacy.load(args.out)
    scores = dev_scores(nlp, dev)
    print(f"# spaCy blank('id') + ner, best epoch {best} of {args.epochs}, saved to {args.out}")
    from kliping.enrich.ner_train import report

    print(report(scores))
    (args.out / "kliping-dev.json").write_text(json.dumps({n: s.summary() for n, s in scores.items()}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
