"""The BM25 score a search ranks by: FTS5's bm25(), or the same score from `kliping_bm25`
(archive/_ftsrank.c) where that extension is built, which remembers each phrase's document count
between searches instead of walking the phrase's whole document list in every search (21 ms of
a 1,000,000-article archive's search for a word most articles hold).

`score_sql(db, expr, weights)` gives the SQL expression and its parameters; a connection gets the
function the first time it needs it. Where the extension is missing or refuses a connection the
built-in bm25() is used: the same scores, computed as before.
"""
from __future__ import annotations

import hashlib
import re
import sqlite3
import sys
from typing import Any

_PHRASE = re.compile(r'"(?:[^"]|"")*"\*?')

_module: Any = None
_loaded = False


def _extension() -> Any:
    global _module, _loaded
    if not _loaded:
        _loaded = True
        # the connection's SQLite handle is read from CPython's connection object, whose first
        # field it is in every CPython from 3.8 on
        if sys.implementation.name == "cpython" and (3, 8) <= sys.version_info[:2] <= (3, 14):
            try:
                import _sqlite3

                from . import _ftsrank
                _ftsrank.bind(_sqlite3.__file__)
                _module = _ftsrank
            except (ImportError, OSError, AttributeError):
                _module = None
    return _module


def available() -> bool:
    return _extension() is not None


def _main_file(db: sqlite3.Connection) -> str:
    for _, name, file in db.execute("PRAGMA database_list"):
        if name == "main":
            return file or ""
    return ""


def register(db: sqlite3.Connection) -> bool:
    """Add kliping_bm25 to this connection; False where it cannot be."""
    ext = _extension()
    if ext is None:
        return False
    try:
        ext.register(db, _main_file(db))
    except (ValueError, RuntimeError):
        return False
    return True


def generation(db: sqlite3.Connection, table: str = "articles_fts") -> str:
    """A name for the state of the full-text index: the archive's file and a digest of FTS5's
    structure record (the list of index segments, rewritten by every change to the index)."""
    row = db.execute(f"SELECT block FROM {table}_data WHERE id = 10").fetchone()  # noqa: S608 - fixed name
    digest = hashlib.blake2b(row[0] if row else b"", digest_size=12).hexdigest()
    return _main_file(db) + "|" + digest


def phrases(expr: str) -> list[str]:
    """The phrases of an FTS5 expression kliping wrote (quoted, maybe with a trailing *), in the
    order FTS5 numbers them."""
    return _PHRASE.findall(expr)


def score_sql(db: sqlite3.Connection, expr: str, weights: tuple[float, ...],
              table: str = "articles_fts") -> tuple[str, list[Any]]:
    """(SQL expression, its parameters) of the BM25 score of the rows matching `expr`."""
    if available():
        keys = generation(db, table) + "\x1e" + "\x1f".join(phrases(expr))
        return f"kliping_bm25({table}, ?, {', '.join(map(repr, weights))})", [keys]
    return f"bm25({table}, {', '.join(map(repr, weights))})", []


def execute(db: sqlite3.Connection, sql: str, params: list[Any]) -> list:
    """Run a statement that may use kliping_bm25, adding the function to this connection first
    when it lacks it; where it cannot be added, the statement runs with the built-in bm25()."""
    try:
        return db.execute(sql, params).fetchall()
    except sqlite3.OperationalError as e:
        if "kliping_bm25" not in str(e):
            raise
    if register(db):
        return db.execute(sql, params).fetchall()
    # the built-in score: the keys parameter goes with the function it fed
    fallback = re.sub(r"kliping_bm25\((\w+), \?, ", r"bm25(\1, ", sql, count=1)
    index = sql[:sql.index("kliping_bm25(")].count("?")
    return db.execute(fallback, params[:index] + params[index + 1:]).fetchall()
