"""Alias-aware search: a query word or phrase that names a known entity also finds the entity's
articles under its other names (`jokowi` also searches "Joko Widodo"; `korut` "Korea Utara").

The entity is found by the words as typed: in the packaged alias table (enrich/aliases.tsv: a
name or an alias) or, for an entity the archive found by itself, by its key (`PER:` + slug of the
words) in the archive's `entities`. Its other names: the table's name and aliases, the archive's
display name, and the names articles wrote it under (`article_entities.name`, from a sample of
its articles). Left out: role phrases ("Pemimpin Korut"), names of three letters or fewer or
with a one-letter word (`AS`, `RI`, `U.S.` would find the words `as`, `ri`, `s`; nor is a typed
word that short looked up), names holding the typed words (`Presiden Jokowi`
adds nothing to `jokowi`) or another kept name; at most ALTERNATES a term. Two or three unquoted
words in a row that name an entity (`joko widodo`) are read as that name. Each alternate joins
the term's OR group, so ranking, snippets and highlighting treat it as typed; an excluded word
(`-jokowi`) excludes the other names too.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .stem import words

if TYPE_CHECKING:
    from .search import Query, Term

ALTERNATES = 4
MAX_EXPANDED = 6        # terms a search expands at most (each adds up to ALTERNATES names)
NAME_SAMPLE = 500       # article_entities rows read for the names articles wrote
TYPES = ("PER", "ORG", "LOC")


@dataclass
class Expansion:
    term: str               # what the user typed
    entity: str             # the entity's key
    name: str               # its display name
    also: list[str]         # the other names searched, as written

    def to_dict(self) -> dict:
        return {"term": self.term, "entity": self.entity, "name": self.name, "also": self.also}


def _table():
    from ..enrich.aliases import load_aliases

    return load_aliases()


def _entity_of(db: sqlite3.Connection, text: str) -> str | None:
    from ..enrich.aliases import name_key, slug

    table = _table()
    key = table.by_name.get(name_key(text))
    if key and not key.startswith("NOT:") and name_key(text) not in table.roles:
        return key
    s = slug(text)
    for t in TYPES:
        if db.execute("SELECT 1 FROM entities WHERE key = ?", (f"{t}:{s}",)).fetchone():
            return f"{t}:{s}"
    return None


def _contains(big: list[str], small: list[str]) -> bool:
    n = len(small)
    return any(big[i:i + n] == small for i in range(len(big) - n + 1))


def _alternates(db: sqlite3.Connection, key: str, typed: list[str]) -> tuple[str, list[tuple[str, list[str]]]]:
    """(display name, other names as written with their word lists) of the entity."""
    table = _table()
    entry = table.entries.get(key)
    names: list[str] = []
    if entry:
        names += [entry.name] + [a for a in entry.aliases if not a.startswith("@")]
    row = db.execute("SELECT name FROM entities WHERE key = ?", (key,)).fetchone()
    display = row[0] if row else (entry.name if entry else typed and " ".join(typed))
    if row:
        names.append(row[0])
    names += [r[0] for r in db.execute(
        "SELECT name FROM (SELECT name FROM article_entities WHERE entity = ? LIMIT ?) GROUP BY name "
        "ORDER BY count(*) DESC", (key, NAME_SAMPLE))]
    kept: list[tuple[str, list[str]]] = []
    for name in names:
        ws = [w for _, _, w in words(name)]
        if len("".join(ws)) <= 3 or any(len(w) < 2 for w in ws):
            continue
        if not ws or _contains(ws, typed) or any(_contains(ws, k) for _, k in kept):
            continue
        # a kept name holding this one is replaced by it (the shorter name finds both)
        kept = [(n, k) for n, k in kept if not _contains(k, ws)]
        kept.append((" ".join(name.split()), ws))
        if len(kept) >= ALTERNATES:
            break
    return display, kept


def expand(db: sqlite3.Connection, query: "Query") -> list[Expansion]:
    """Add the other names of every entity the query names to its OR groups (in place)."""
    from .search import Term

    out: list[Expansion] = []
    # two or three unquoted words in a row that name an entity: one term, that name
    i = 0
    groups = query.groups
    while i < len(groups):
        for n in (3, 2):
            run = groups[i:i + n]
            if len(run) == n and all(len(g) == 1 and not g[0].prefix and len(g[0].words) == 1 for g in run):
                text = " ".join(g[0].words[0] for g in run)
                if _entity_of(db, text):
                    groups[i:i + n] = [[Term([g[0].words[0] for g in run])]]
                    break
        i += 1
    for group in list(groups) + [query.excluded]:
        for term in list(group):
            if term.prefix or len(out) >= MAX_EXPANDED:
                continue
            if len("".join(term.words)) <= 3:      # `as`, `ri`: the capitals-only aliases, lower-cased
                continue
            key = _entity_of(db, " ".join(term.words))
            if key is None:
                continue
            display, alts = _alternates(db, key, term.words)
            if not alts:
                continue
            group.extend(Term(ws, negated=term.negated) for _, ws in alts)
            out.append(Expansion(" ".join(term.words), key, display, [name for name, _ in alts]))
    return out
