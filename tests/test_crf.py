"""CRF tagging from the model file (crf.py, _crftag.c) gives python-crfsuite's labels and
marginals, on a model trained here and on every packaged model."""
from __future__ import annotations

import json
import random
from pathlib import Path

import pycrfsuite
import pytest

from kliping.clean.features import PageContext, page_features
from kliping.clean.lines import split_lines
from kliping.crf import CrfTagger, read_crfsuite, train_crf

MODELS = Path(__file__).resolve().parents[1] / "src" / "kliping" / "models"
SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "pages.jsonl"


def _toy_model(tmp_path: Path) -> tuple[Path, list[list[list[str]]]]:
    """A small model over random sequences: some attributes tell the label, some are noise."""
    rng = random.Random(7)
    trainer = pycrfsuite.Trainer(verbose=False)
    seqs = []
    for _ in range(60):
        labels = [rng.choice("ABC") for _ in range(rng.randint(1, 12))]
        xseq = [[f"is{lab}" if rng.random() < 0.7 else f"is{rng.choice('ABC')}", f"n{rng.randint(0, 9)}", "bias"]
                for lab in labels]
        trainer.append(xseq, labels)
        seqs.append(xseq)
    path = train_crf(trainer, tmp_path / "toy.crfsuite", c1=0.01, c2=0.1, iterations=50)
    return path, seqs


def _reference(path: Path, xseq: list[list[str]]) -> tuple[list[str], list[float]]:
    ref = pycrfsuite.Tagger()
    ref.open(str(path))
    labels = ref.tag(xseq)
    return labels, [ref.marginal(lab, t) for t in range(len(labels)) for lab in ref.labels()]


def _ours(tagger: CrfTagger, xseq: list[list[str]]) -> tuple[list[str], list[float]]:
    tagging = tagger.tag(xseq)
    return tagging.labels, [tagging.marginal(lab, t) for t in range(len(xseq)) for lab in tagger.labels()]


def test_weights_read_from_the_file_are_crfsuites(tmp_path):
    path, _ = _toy_model(tmp_path)
    info = pycrfsuite.Tagger()
    info.open(str(path))
    dump = info.info()
    w = read_crfsuite(path)
    assert w.labels == list(dump.labels)
    assert w.state.keys() == dump.state_features.keys() and w.transitions.keys() == dump.transitions.keys()
    for key, weight in dump.state_features.items():  # (crfsuite's dump rounds to six decimals)
        assert w.state[key] == pytest.approx(weight, abs=5e-7)
    for key, weight in dump.transitions.items():
        assert w.transitions[key] == pytest.approx(weight, abs=5e-7)


@pytest.mark.parametrize("backend", ["c", "pycrfsuite"])
def test_labels_and_marginals_equal_crfsuites(tmp_path, monkeypatch, backend):
    if backend == "pycrfsuite":
        monkeypatch.setenv("KLIPING_PYCRFSUITE", "1")
    path, seqs = _toy_model(tmp_path)
    tagger = CrfTagger(path)
    if backend == "c" and tagger._c is None:
        pytest.skip("the C tagger is not built (no compiler at install)")
    seqs.append([["unknown-attribute"], [], ["isA", "isA", "bias"]])  # unknown, none, repeated
    for xseq in seqs:
        labels, marginals = _ours(tagger, xseq)
        ref_labels, ref_marginals = _reference(path, xseq)
        assert labels == ref_labels
        assert marginals == pytest.approx(ref_marginals, abs=1e-12)
    # a tagging keeps its own marginals after the tagger has tagged another sequence
    first, _ = tagger.tag(seqs[0]), tagger.tag(seqs[1])
    assert [first.marginal(lab, t) for t in range(len(seqs[0])) for lab in tagger.labels()] == \
        pytest.approx(_reference(path, seqs[0])[1], abs=1e-12)
    assert tagger.tag([]).labels == []
    with pytest.raises(IndexError):
        tagger.tag(seqs[0]).marginal("A", len(seqs[0]))


def test_packaged_models_tag_as_crfsuite_does():
    pages = [json.loads(line) for line in SAMPLES.read_text().splitlines() if line.strip()]
    seqs = [page_features([ln.text for ln in split_lines(p["text"])], PageContext(url=p.get("url"))) for p in pages]
    for name in ("roles.crfsuite", "roles_html.crfsuite"):  # (the HTML model simply ignores DOM-less items)
        tagger = CrfTagger(MODELS / name)
        for xseq in seqs:
            labels, marginals = _ours(tagger, xseq)
            ref_labels, ref_marginals = _reference(MODELS / name, xseq)
            assert labels == ref_labels
            assert marginals == pytest.approx(ref_marginals, abs=1e-12)


def test_random_attribute_sequences_tag_as_crfsuite_does():
    """Known and unknown attributes mixed, repeated, empty items, long sequences: the HTML model."""
    path = MODELS / "roles_html.crfsuite"
    tagger = CrfTagger(path)
    rng = random.Random(11)
    known = tagger.attributes
    for _ in range(60):
        xseq = [[rng.choice(known) if rng.random() < 0.8 else rng.choice(["", "kata=ß", "bias", "a" * 300])
                 for _ in range(rng.randint(0, 40))] for _ in range(rng.randint(1, 80))]
        labels, marginals = _ours(tagger, xseq)
        ref_labels, ref_marginals = _reference(path, xseq)
        assert labels == ref_labels
        assert marginals == pytest.approx(ref_marginals, abs=1e-12)


def test_not_a_model_is_refused(tmp_path):
    bad = tmp_path / "bad.crfsuite"
    bad.write_bytes(b"not a model at all" * 10)
    with pytest.raises(ValueError):
        read_crfsuite(bad)
    bad.write_bytes(b"lCRF")  # a model file cut short
    with pytest.raises(ValueError):
        read_crfsuite(bad)


def test_a_model_trained_on_nothing_is_refused(tmp_path):
    empty = train_crf(pycrfsuite.Trainer(verbose=False), tmp_path / "empty.crfsuite", c1=1, c2=1, iterations=5)
    assert read_crfsuite(empty).labels == []
    with pytest.raises(ValueError, match="no labels"):
        CrfTagger(empty)
