"""Did you mean: other searches for one that finds nothing or next to nothing (`jokowii`,
`prabow`, `tromp`), from the archive's own vocabulary.

The vocabulary is the full-text index's (FTS5's `fts5vocab` over `articles_fts`: every stem and
the number of articles holding it). A word of the query whose stem is in no article is compared by
edit distance (rapidfuzz's Levenshtein) with the indexed stems that start with the same two
letters (a typing slip is rarely in the first two), at most one edit for stems up to five
letters and two for longer ones; the closest, then the most common, wins. A word in fewer than
RARE articles gets only a word one edit away that is in ten times as many (and at least ten). A stem
is shown as a word the archive prints (the first word of an article holding it that stems to it:
`jokowi`, not the stem `jokow`). Up to three suggestions: every rare word replaced by its best
candidate, then each rare word by its next candidates. Not reached: a slip that changes how an
affixed word is stemmed (`perundngan` stems to `undngan`, far from `runding`).
"""
from __future__ import annotations

import re
import sqlite3

from .stem import WORD, stem_word

FEW = 2          # a search with at most this many hits is offered other words
RARE = 3         # ... for a word in fewer articles than this
SUGGESTIONS = 3
_VOCAB = "temp.kliping_vocab"


def _vocab(db: sqlite3.Connection) -> str:
    # a temporary table exists for this connection only, and a read-only archive allows it
    db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {_VOCAB} USING fts5vocab(main, 'articles_fts', 'row')")
    return _VOCAB


def _docs(db: sqlite3.Connection, stem: str) -> int:
    row = db.execute(f"SELECT doc FROM {_vocab(db)} WHERE term = ?", (stem,)).fetchone()  # noqa: S608 - fixed name
    return row[0] if row else 0


def _candidates(db: sqlite3.Connection, stem: str, docs: int) -> list[tuple[int, int, str]]:
    """(edits, -articles, stem) of indexed stems close to `stem` and more common, best first."""
    from rapidfuzz.distance import Levenshtein

    most = 1 if len(stem) <= 5 else 2
    head = stem[:2]
    upper = head[:-1] + chr(ord(head[-1]) + 1)
    out = []
    for term, n in db.execute(f"SELECT term, doc FROM {_vocab(db)} WHERE term >= ? AND term < ?",  # noqa: S608
                              (head, upper)):
        if term == stem or n <= docs or term.startswith("_"):
            continue
        d = Levenshtein.distance(stem, term, score_cutoff=most)
        if d <= most:
            out.append((d, -n, term))
    out.sort()
    return out


def _surface(db: sqlite3.Connection, stem: str) -> str | None:
    """A word the archive prints whose stem is `stem` (lower-cased), from an article holding it."""
    row = db.execute("SELECT a.title, a.deck, a.body FROM articles_fts f JOIN articles a ON a.rowid = f.rowid "
                     "WHERE articles_fts MATCH ? LIMIT 1", ('"' + stem + '"',)).fetchone()
    if row is None:
        return None
    for text in row:
        for w in WORD.findall(text or ""):
            w = w.lower()
            if stem_word(w) == stem:
                return w
    return None


def _replace(text: str, word: str, new: str) -> str:
    return re.sub(r"(?<![^\W_])" + re.escape(word) + r"(?![^\W_])", new, text, flags=re.IGNORECASE)


def suggest(db: sqlite3.Connection, text: str, words: list[str], total: int) -> list[str]:
    """Other searches for `text` (its plain words `words`, lower-cased) when it found `total`
    articles; [] when it found enough or nothing closer is in the archive."""
    if total > FEW:
        return []
    options: list[tuple[str, list[str]]] = []       # a rare word and its replacements, best first
    for w in dict.fromkeys(words):
        if len(w) < 3 or not w.isalpha():
            continue
        stem = stem_word(w)
        docs = _docs(db, stem)
        if docs >= RARE:
            continue
        # a word no article holds: any closer word that some do; a rare one (`kendari` in two
        # articles): only a word one edit away in ten times as many
        cands = _candidates(db, stem, docs)
        if docs:
            cands = [c for c in cands if c[0] <= 1 and -c[1] >= max(10, 10 * docs)]
        found = []
        for _, _, term in cands[:SUGGESTIONS]:
            shown = _surface(db, term)
            if shown and shown != w and shown not in found:
                found.append(shown)
        if found:
            options.append((w, found))
    if not options:
        return []
    out = []
    best = text
    for w, found in options:
        best = _replace(best, w, found[0])
    out.append(best)
    for w, found in options:
        for alt in found[1:]:
            out.append(_replace(text, w, alt))
    return list(dict.fromkeys(s for s in out if s != text))[:SUGGESTIONS]
