"""Training a python-crfsuite model to a file: shared by the line-role, HTML-role and NER models."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pycrfsuite


def train_crf(trainer: pycrfsuite.Trainer, out: Path, c1: float, c2: float, iterations: int) -> Path:
    """L-BFGS with L1 `c1` and L2 `c2` over the sequences appended to `trainer`; the model is
    written beside `out` and renamed onto it, so a reader never sees half a model."""
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iterations,
                        "feature.possible_transitions": True})
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, suffix=".tmp")
    os.close(fd)
    try:
        trainer.train(tmp)
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return out
