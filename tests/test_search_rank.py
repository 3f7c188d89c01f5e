"""kliping_bm25 (archive/_ftsrank.c, archive/rank.py): the same score as FTS5's bm25(), bit for
bit, with each phrase's document count remembered per state of the index."""
from __future__ import annotations

import random
import sqlite3

import pytest

from kliping.archive import rank
from kliping.archive.schema import FTS_TOKENIZER

pytestmark = pytest.mark.skipif(not rank.available(), reason="the _ftsrank extension is not built")

WEIGHTS = (8.0, 4.0, 1.0, 0.0)
# a vocabulary where a few words are in most rows (as `yang` is) and most are rare
VOCAB = [f"w{i}" for i in range(400)]
EXPRESSIONS = ['"w0"', '"w1"', '"w7"', '"w150"', '"w399"', '"w0 w1"', '"w3 w2"', '"w0" AND "w12"',
               '"w5" OR "w60"', '("w0") NOT ("w2" OR "w9")', '"w1"*', '"w2" AND ("w40" OR "w41" OR "w300")',
               '"nothing"', '"w0" AND "_tag"']


def _words(rng: random.Random, n: int) -> str:
    return " ".join(VOCAB[min(int(rng.paretovariate(0.9)) - 1, len(VOCAB) - 1)] for _ in range(n))


def _index(path, rows: int, seed: int = 3) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute(f"CREATE VIRTUAL TABLE articles_fts USING fts5(title, deck, body, tags, tokenize = \"{FTS_TOKENIZER}\")")
    _add(db, rows, seed)
    return db


def _add(db: sqlite3.Connection, rows: int, seed: int) -> None:
    rng = random.Random(seed)
    db.execute("BEGIN")
    for _ in range(rows):
        db.execute("INSERT INTO articles_fts (title, deck, body, tags) VALUES (?, ?, ?, ?)",
                   (_words(rng, rng.randint(2, 8)), _words(rng, rng.randint(0, 20)),
                    _words(rng, rng.randint(5, 300)), "_tag" if rng.random() < 0.3 else "_s"))
    db.execute("COMMIT")


def _scores(db: sqlite3.Connection, expr: str, score: str, args: list) -> list[tuple]:
    return [tuple(r) for r in rank.execute(
        db, f"SELECT rowid, {score} FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid DESC",
        args + [expr])]


def _builtin(db: sqlite3.Connection, expr: str) -> list[tuple]:
    return _scores(db, expr, f"bm25(articles_fts, {', '.join(map(repr, WEIGHTS))})", [])


def _ours(db: sqlite3.Connection, expr: str) -> list[tuple]:
    score, args = rank.score_sql(db, expr, WEIGHTS)
    assert score.startswith("kliping_bm25(")
    return _scores(db, expr, score, args)


def test_the_same_scores_as_fts5_bm25_bit_for_bit_and_counts_remembered(tmp_path):
    db = _index(tmp_path / "a.db", 1500)
    assert rank.phrases('("w0 w1") AND ("w2"* OR "_t") NOT ("x")') == ['"w0 w1"', '"w2"*', '"_t"', '"x"']
    rank._extension().clear()
    matched = 0
    for expr in EXPRESSIONS:
        builtin = _builtin(db, expr)
        assert _ours(db, expr) == builtin, expr          # counts computed
        assert _ours(db, expr) == builtin, expr          # counts remembered
        matched += len(builtin)
    assert matched > 3000
    stats = rank._extension().stats()
    assert stats["misses"] > 0 and stats["hits"] >= stats["misses"]

    # the index changes: its state's name changes with it, and the scores follow the new counts
    before = rank.generation(db)
    _add(db, 700, seed=8)
    assert rank.generation(db) != before
    misses = rank._extension().stats()["misses"]
    for expr in EXPRESSIONS:
        assert _ours(db, expr) == _builtin(db, expr), expr
    assert rank._extension().stats()["misses"] > misses
    # rows deleted (an article extracted again is rewritten): new state again, same scores
    before = rank.generation(db)
    db.execute("DELETE FROM articles_fts WHERE rowid % 3 = 0")
    assert rank.generation(db) != before
    for expr in EXPRESSIONS:
        assert _ours(db, expr) == _builtin(db, expr), expr


def test_two_archives_in_one_process_keep_their_own_counts(tmp_path):
    one, two = _index(tmp_path / "one.db", 400, seed=1), _index(tmp_path / "two.db", 400, seed=2)
    for _ in range(2):
        for expr in EXPRESSIONS[:6]:
            assert _ours(one, expr) == _builtin(one, expr)
            assert _ours(two, expr) == _builtin(two, expr)


def test_a_connection_that_cannot_take_the_function_gets_the_builtin_score(tmp_path, monkeypatch):
    db = _index(tmp_path / "a.db", 300)
    expected = {e: _builtin(db, e) for e in EXPRESSIONS}
    db.close()
    fresh = sqlite3.connect(tmp_path / "a.db")
    monkeypatch.setattr(rank, "register", lambda db: False)
    for expr in EXPRESSIONS:
        assert _ours(fresh, expr) == expected[expr]
