"""Quote speakers scored against judged quotes of real pages (`kliping eval-quotes`).

A labels file holds one JSON object a line, no page text: the page id, `quote` (the first 12 hex
digits of the SHA-1 of the quote's text with its spaces collapsed: `quote_key`), `speaker` (the
names or descriptions that count as right, most complete first; null when the quoted words are
nobody's: a title, a phrase in scare quotes) and `type` (the entity types that count as right for
the speaker's entity: "PER", "ORG", or null for none, as for an unnamed speaker: `warga Jalan
Krukah`, whose street is not the speaker), and `set` (the sample it was judged in).

Two figures per labelled quote found:
- speaker: the speaker kliping gives names the labelled one: its words hold the words of one of
  the labelled names, or its words are all words of one of them (`Dwikorita` for `Dwikorita
  Karnawati`); for a null label, kliping gives no speaker;
- entity: the speaker's entity is of a labelled type and its key shares a word with a labelled
  name (`PER:dwikorita_karnawati`), or there is none where null is a labelled type.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Article

_WORD = re.compile(r"[^\W_]+")


def quote_key(text: str) -> str:
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def speaker_right(given: str | None, names: list[str] | None) -> bool:
    if names is None:
        return given is None
    if not given:
        return False
    mine = _words(given)
    for name in names:
        theirs = _words(name)
        if theirs and (set(theirs) <= set(mine) or set(mine) <= set(theirs)):
            return True
    return False


def entity_right(key: str | None, names: list[str] | None, types: list[str | None]) -> bool:
    if key is None:
        return None in types
    kind, _, rest = key.partition(":")
    if kind not in types or not names:
        return False
    mine = set(rest.split("_"))
    return any(w in mine for name in names for w in _words(name) if len(w) >= 3)


@dataclass(slots=True)
class QuoteScores:
    labelled: int = 0
    found: int = 0
    speaker: Counter = field(default_factory=Counter)      # set -> right speakers
    entity: Counter = field(default_factory=Counter)       # set -> right entities
    total: Counter = field(default_factory=Counter)        # set -> labelled quotes found
    misses: list[str] = field(default_factory=list)


def load_quote_labels(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def score_quotes(labels: list[dict], articles: list[Article]) -> QuoteScores:
    found: dict[tuple[str, str], tuple[str | None, str | None]] = {}
    for a in articles:
        for q in a.quotes:
            found.setdefault((a.id, quote_key(q.text)), (q.speaker, q.speaker_entity))
    sc = QuoteScores(labelled=len(labels))
    for lab in labels:
        got = found.get((lab["id"], lab["quote"]))
        part = lab.get("set") or "all"
        if got is None:
            sc.misses.append(f"{lab['id']} {lab['quote']}: quote not found")
            continue
        sc.found += 1
        sc.total[part] += 1
        spk, ent = got
        ok_s = speaker_right(spk, lab["speaker"])
        ok_e = entity_right(ent, lab["speaker"], lab["type"])
        sc.speaker[part] += ok_s
        sc.entity[part] += ok_e
        if not (ok_s and ok_e):
            sc.misses.append(f"{lab['id']} {lab['quote']} [{part}]: gave {spk!r} {ent}, "
                             f"judged {lab['speaker']} {lab['type']}")
    return sc
