"""kliping's Indonesian stemmer (kliping/stemming.py) on the project's own word pairs
(tests/data/stem_pairs.tsv): forms a reader expects to find each other meet, unrelated words
that look alike stay apart; and against Sastrawi where it happens to be installed (it is not a
dependency: its root dictionary forbids commercial use)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from kliping.stemming import STEMMER_VERSION, stem_token, stem_word

PAIRS = Path(__file__).parent / "data" / "stem_pairs.tsv"


def pairs() -> list[tuple[str, str, str, str]]:
    rows = []
    for line in PAIRS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(tuple(line.split("\t")))
    return rows


def agrees(stem, kind: str, a: str, b: str) -> bool:
    return (stem(a) == stem(b)) == (kind == "meet")


def test_the_pair_set_is_what_the_comparison_needs():
    rows = pairs()
    kinds = {(s, k) for s, k, _, _ in rows}
    assert kinds == {("A", "meet"), ("A", "apart"), ("B", "meet"), ("B", "apart")}
    assert len([r for r in rows if r[1] == "meet"]) >= 150 and len([r for r in rows if r[1] == "apart"]) >= 30


def test_every_pair_meets_or_stays_apart():
    missed = [(k, a, b, stem_token(a), stem_token(b)) for _, k, a, b in pairs() if not agrees(stem_token, k, a, b)]
    assert missed == []


def test_sound_changes_affixes_and_reduplication():
    assert {stem_word(w) for w in ("menulis", "ditulis", "penulis", "tulisan", "tulis")} == {"tulis"}
    assert {stem_word(w) for w in ("mengirim", "dikirim", "pengiriman", "kiriman")} == {"kirim"}
    assert {stem_word(w) for w in ("menilai", "dinilai", "penilaian", "nilai")} == {"nilai"}
    assert {stem_word(w) for w in ("memasak", "dimasak", "masakan", "masak")} == {"masak"}
    assert stem_word("menteri") == "menteri" and stem_word("kementerian") == "menteri" and stem_word("teri") == "teri"
    assert stem_token("anak-anak") == "anak"
    assert stem_token("berbalas-balasan") == "balas" and stem_token("kejar-kejaran") == "kejar"
    # whole: short words, words with digits, foreign words Snowball leaves alone
    assert [stem_word(w) for w in ("dia", "covid19", "yang", "film")] == ["dia", "covid19", "yang", "film"]
    assert STEMMER_VERSION


@pytest.mark.skipif(importlib.util.find_spec("Sastrawi") is None, reason="Sastrawi is not installed")
def test_at_least_as_many_pairs_as_sastrawi():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    sastrawi = StemmerFactory().create_stemmer()
    ours = theirs = 0
    for _, kind, a, b in pairs():
        ours += agrees(stem_token, kind, a, b)
        theirs += agrees(sastrawi.stem, kind, a, b)
    assert ours >= theirs
