"""CRF models shared by the line-role, HTML-role and NER models: training with python-crfsuite to
a file, and tagging with the weights read from that file (in C, _crftag.c)."""
from __future__ import annotations

import os
import struct
import tempfile
import threading
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

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


# --- Tagging ---------------------------------------------------------------------------------
# A crfsuite model file (crfsuite's "lCRF"/"FOMC" layout, little-endian): a 48-byte header of
# counts and offsets, a FEAT chunk of (type, source, target, weight) records (type 0: attribute
# -> label, type 1: label -> label), and the label and attribute names in two CQDB string tables,
# whose backward arrays give each id's name. Read here so that _crftag.c can tag with the
# model's own weights (python-crfsuite exposes them only rounded to six decimals).
_HEADER = struct.Struct("<4sI4sIIIIIIIII")
_FEATURE = struct.Struct("<IIId")


def _cqdb_names(buf: bytes, off: int) -> list[str]:
    magic, _size, _flag, _order, count, bwd = struct.unpack_from("<4sIIIII", buf, off)
    if magic != b"CQDB":
        raise ValueError("not a crfsuite model: no string table where the header points")
    names = []
    for i in range(count):
        (rec,) = struct.unpack_from("<I", buf, off + bwd + 4 * i)
        rid, ksize = struct.unpack_from("<II", buf, off + rec)
        if rid != i:
            raise ValueError("not a crfsuite model: string table out of order")
        names.append(buf[off + rec + 8: off + rec + 7 + ksize].decode("utf-8"))
    return names


@dataclass(slots=True)
class CrfWeights:
    labels: list[str]
    attributes: list[str]
    state: dict[tuple[str, str], float]
    transitions: dict[tuple[str, str], float]


def read_crfsuite(path: Path) -> CrfWeights:
    """The labels, attributes and weights of a crfsuite model file."""
    buf = Path(path).read_bytes()
    try:
        return _parse_crfsuite(path, buf)
    except (struct.error, IndexError, UnicodeDecodeError) as e:  # cut short or not a model at all
        raise ValueError(f"{path} is not a readable crfsuite CRF model: {e}") from None


def _parse_crfsuite(path: Path, buf: bytes) -> CrfWeights:
    magic, _size, kind, _ver, _nf, _nl, _na, off_f, off_l, off_a, _olr, _oar = _HEADER.unpack_from(buf, 0)
    if magic != b"lCRF" or kind != b"FOMC":
        raise ValueError(f"{path} is not a crfsuite CRF model")
    chunk, _csize, count = struct.unpack_from("<4sII", buf, off_f)
    if chunk != b"FEAT":
        raise ValueError(f"{path} is not a crfsuite CRF model: no feature chunk")
    labels, attributes = _cqdb_names(buf, off_l), _cqdb_names(buf, off_a)
    state: dict[tuple[str, str], float] = {}
    transitions: dict[tuple[str, str], float] = {}
    for k in range(count):
        ftype, src, dst, weight = _FEATURE.unpack_from(buf, off_f + 12 + _FEATURE.size * k)
        if ftype == 0:
            state[(attributes[src], labels[dst])] = weight
        else:
            transitions[(labels[src], labels[dst])] = weight
    return CrfWeights(labels, attributes, state, transitions)


class Tagging:
    """One sequence's labels and its marginals (the probability of each label at each position):
    read from the C tagger's table, or asked of python-crfsuite's tagger when one is read."""

    __slots__ = ("labels", "_marginals", "_index", "_ask")

    def __init__(self, labels: list[str], marginals=None, index: dict[str, int] | None = None,
                 ask: Callable[[str, int], float] | None = None) -> None:
        self.labels, self._marginals, self._index, self._ask = labels, marginals, index, ask

    def marginal(self, label: str, position: int) -> float:
        if not 0 <= position < len(self.labels):
            raise IndexError(f"position {position} is out of range of {len(self.labels)}")
        if self._ask is not None:
            return self._ask(label, position)
        return self._marginals[position * len(self._index) + self._index[label]]


class CrfTagger:
    """A trained model's tagger: _crftag.c over the weights in the model file, or python-crfsuite's
    Tagger where the extension is not built (KLIPING_PYCRFSUITE=1 forces it); the same labels and
    marginals either way. One tagger may serve several threads (each call returns its own result)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._c = None
        if not os.environ.get("KLIPING_PYCRFSUITE"):
            try:
                from . import _crftag
                self._c = _crftag
            except ImportError:
                pass
        w = read_crfsuite(self.path)
        if not w.labels:  # (python-crfsuite's tagger crashes on such a model)
            raise ValueError(f"{self.path} has no labels: a model trained on no sequences")
        self._labels = w.labels
        self.attributes = w.attributes
        self._index = {lab: i for i, lab in enumerate(w.labels)}
        if self._c is not None:
            n = len(w.labels)
            self._attr_ids = {a: i for i, a in enumerate(w.attributes)}
            state = array("d", bytes(8 * n * len(w.attributes)))
            for (a, lab), weight in w.state.items():
                state[self._attr_ids[a] * n + self._index[lab]] = weight
            trans = array("d", bytes(8 * n * n))
            for (a, b), weight in w.transitions.items():
                trans[self._index[a] * n + self._index[b]] = weight
            self._state, self._trans = state.tobytes(), trans.tobytes()
        else:
            self._tagger = pycrfsuite.Tagger()
            self._tagger.open(str(self.path))
            self._lock = threading.Lock()
            self._holding: object | None = None  # the tagging whose sequence the tagger holds

    def labels(self) -> list[str]:
        return list(self._labels)

    def tag(self, xseq: list[list[str]]) -> Tagging:
        """The best label sequence for the items (lists of attribute strings) and its marginals."""
        if self._c is not None:
            ids, marginals = self._c.tag(xseq, self._attr_ids, self._state, self._trans, len(self._labels))
            labels = self._labels
            return Tagging([labels[i] for i in ids], memoryview(marginals).cast("d"), self._index)
        token = object()
        with self._lock:  # (pycrfsuite's tagger holds one sequence at a time)
            out = self._tagger.tag(xseq)
            self._holding = token

        def ask(label: str, position: int) -> float:
            with self._lock:
                if self._holding is not token:  # another sequence was tagged since: set this one again
                    self._tagger.set(xseq)
                    self._holding = token
                return self._tagger.marginal(label, position)

        return Tagging(out, ask=ask)
