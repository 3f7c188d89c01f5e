"""Mentions to canonical entities: one key and one display name for every way a page names a thing.

For one article (`canonical_entities`), a mention gets its entity by the first rule that applies:

1. it is a word that is never an entity (`KTT`, titles, day names: the alias table's NOT rows):
   dropped; a PER mention loses leading titles first (`Presiden Joko Widodo` -> `Joko Widodo`);
2. the alias table knows the name after normalisation (case, hyphen or space, accents, dots):
   `Korut`, `Korea Utara`, `North Korea` -> `LOC:korea_utara`; `Kim Jong-Un` -> `PER:kim_jong_un`;
3. the same normalised name earlier in the article -> the same entity;
4. a typo of a table name, of a name in this article, or of a name the collection index holds:
   rapidfuzz ratio >= 90, names of 6+ characters, same first letter, same number of words for
   people, and the difference one letter added or dropped or two neighbours swapped
   (`Pyonngyang` -> Pyongyang, `Stephen Bigeun` -> Stephen Biegun); one letter replaced is not
   taken (`Budi Hartono` and `Budi Harsono` may be two people);
5. a one-word person mention that is the first or last word of a person named in full in the
   article (the nearest full name before it, else the only one after it): `Moon` -> Moon Jae-in;
6. the collection index (`EntityIndex`), for a name or short form seen in earlier articles;
7. otherwise a new entity keyed `TYPE:slug` (`PER:kwon_jong_gun`): the same name gets the same
   key in every article, so keys are stable across articles and runs.

`short_form_mentions` then finds the one-word short forms of the article's people that the
mention finder did not report (`Moon dan Kim`), so they are counted too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, Indel

from ..model import Entity, Mention
from .aliases import AliasTable, name_key, slug

__all__ = ["EntityIndex", "FIELD_ORDER", "canonical_entities", "entities_from", "merge_mentions", "short_form_mentions"]

FIELD_ORDER = {"title": 0, "deck": 1, "body": 2}
FUZZY_CUTOFF = 90.0
FUZZY_MIN_CHARS = 6
_WORD_RE = re.compile(r"[A-Z][\w'’-]*[\w]|[A-Z]")


def _order(m: Mention) -> tuple[int, int]:
    return FIELD_ORDER.get(m.field, 3), m.start


def merge_mentions(ner: list[Mention], known: list[Mention]) -> list[Mention]:
    """NER mentions plus alias-table mentions, no two overlapping.

    A known name wins over the NER mentions it covers (`Korea` inside `Korea Utara`); an NER
    mention wins over the known names inside it (`Kementerian Luar Negeri Korea Utara`) and over
    any it only partly overlaps.
    """
    by_field: dict[str, list[Mention]] = {}
    for m in ner:
        by_field.setdefault(m.field, []).append(m)
    out = list(ner)
    for k in known:
        overlapping = [m for m in by_field.get(k.field, ()) if m.start < k.end and k.start < m.end]
        if not overlapping:
            out.append(k)
        elif all(k.start <= m.start and m.end <= k.end for m in overlapping):
            for m in overlapping:
                out.remove(m)
                by_field[k.field].remove(m)
            out.append(k)
            by_field[k.field].append(k)
    out.sort(key=_order)
    return out


@dataclass(slots=True)
class _Seen:
    key: str
    name: str
    type: str
    count: int = 0
    tokens: list[str] = field(default_factory=list)   # name_key words of full person names
    first: tuple[int, int] = (9, 0)


class EntityIndex:
    """Names seen across the articles of one collection (a run), so that a later article's variant,
    typo or short form can map to the entity an earlier article named in full.

    It remembers, for the entities of every article given to `add`: each normalised name an entity
    was written as (-> its key, whatever type the NER gives it later) and its display name, and
    for people named in full their first and last words (-> the person they shorten, or nobody
    when two people share the word). `lookup` answers an exact normalised name, then a short form
    that belongs to one person only; `fuzzy` a typo of a known name. Bounded: past `max_names`
    names it stops learning new ones (it keeps answering); about 0.6 kB a name, 12 MB at the cap.
    """

    _AMBIGUOUS = ""

    def __init__(self, max_names: int = 20_000) -> None:
        self.names: dict[str, str] = {}
        self.display: dict[str, tuple[str, str]] = {}      # key -> (name, type), keys not in the table
        self.short: dict[str, str] = {}                    # word -> key ('' when shared)
        self._buckets: dict[str, list[str]] = {}
        self.max_names = max_names

    def add(self, mentions: list[Mention], entities: list[Entity]) -> None:
        if len(self.names) >= self.max_names:
            return
        for e in entities:
            if e.key not in self.display:
                self.display[e.key] = (e.name, e.type)
        for m in mentions:
            if m.entity is None:
                continue
            nk = name_key(m.text)
            if nk not in self.names:
                self.names[nk] = m.entity
                if len(nk) >= FUZZY_MIN_CHARS:
                    self._buckets.setdefault(nk[0], []).append(nk)
            words = nk.split()
            if len(words) >= 2 and m.entity.startswith("PER:"):
                for w in (words[0], words[-1]):
                    if len(w) >= 3:
                        old = self.short.get(w)
                        if old is None:
                            self.short[w] = m.entity
                        elif old != m.entity:
                            self.short[w] = self._AMBIGUOUS

    def lookup(self, nk: str, person_like: bool) -> str | None:
        key = self.names.get(nk)
        if key is not None:
            return key
        if person_like and " " not in nk:
            return self.short.get(nk) or None
        return None

    def fuzzy(self, nk: str, person: bool) -> str | None:
        hit = _fuzzy(nk, self._buckets.get(nk[:1], ()), person)
        return self.names[hit] if hit is not None else None


def _fuzzy(nk: str, choices, person: bool) -> str | None:
    """The closest name in `choices` at ratio >= FUZZY_CUTOFF that differs from `nk` as a typo
    does (one letter added or dropped, or two neighbours swapped), or None. One letter replaced is
    not taken: `Budi Hartono` and `Budi Harsono` are as likely two people as a typo."""
    if len(nk) < FUZZY_MIN_CHARS or not choices:
        return None
    for cand, _score, _i in process.extract(nk, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=3):
        if person and cand.count(" ") != nk.count(" "):
            continue
        if _typo_like(nk, cand):
            return cand
    return None


def _typo_like(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) == 1:
        return Indel.distance(a, b) == 1
    return len(a) == len(b) and a != b and sorted(a) == sorted(b) and OSA.distance(a, b) == 1


def _strip_titles(m: Mention, table: AliasTable) -> Mention | None:
    """`Presiden Joko Widodo` -> `Joko Widodo`; a mention that is only titles or a non-entity -> None."""
    text = m.text
    if table.is_not_entity(text):
        return None
    if m.type != "PER" or m.entity is not None:   # alias-table hits (role phrases) are whole
        return m
    start = m.start
    while True:
        sp = text.find(" ")
        if sp <= 0 or not table.is_not_entity(text[:sp]):
            break
        cut = sp + 1
        while cut < len(text) and text[cut] == " ":
            cut += 1
        text, start = text[cut:], start + cut
    if start == m.start:
        return m
    return Mention(m.field, start, m.end, text, m.type, m.entity)


def canonical_entities(mentions: list[Mention], table: AliasTable,
                       index: EntityIndex | None = None) -> tuple[list[Mention], list[Entity]]:
    """The article's kept mentions (each with its entity key) and its entities, in reading order."""
    kept: list[Mention] = []
    for m in sorted(mentions, key=_order):
        m2 = _strip_titles(m, table)
        if m2 is not None and m2.text.strip():
            kept.append(m2)
    seen: dict[str, _Seen] = {}          # key -> what the article says of it
    names: dict[str, str] = {}           # name_key -> key, this article
    pending: list[tuple[Mention, str]] = []

    def assign(m: Mention, key: str, nk: str) -> None:
        m.entity = key
        names.setdefault(nk, key)
        s = seen.get(key)
        if s is None:
            entry = table.get(key)
            if entry is not None:
                s = _Seen(key, entry.name, entry.type)
            elif index is not None and key in index.display:
                s = _Seen(key, *index.display[key])
            else:
                s = _Seen(key, " ".join(m.text.split()), m.type)
            seen[key] = s
        s.count += 1
        s.first = min(s.first, _order(m))
        words = nk.split()
        if s.type == "PER" and len(words) >= 2 and len(words) > len(s.tokens):
            s.tokens = words

    # rule 2: the alias table (and the keys the alias scan already set)
    for m in kept:
        nk = name_key(m.text)
        key = m.entity if m.entity is not None else table.by_name.get(nk)
        if key is not None:
            assign(m, key, nk)
        else:
            pending.append((m, nk))

    # rules 3, 4, 6, 7 for names of two or more words; one-word names wait for the full names
    later: list[tuple[Mention, str]] = []
    for m, nk in pending:
        if " " not in nk and m.type in ("PER", "MISC", "UNK"):
            later.append((m, nk))
            continue
        assign(m, _resolve(m, nk, names, table, index, person=m.type == "PER"), nk)

    # rule 5: short forms of people named in full in the article
    for m, nk in later:
        key = names.get(nk) or _short_form(m, nk, kept, seen)
        if key is None:
            key = _resolve(m, nk, names, table, index, person=True)
        assign(m, key, nk)

    entities = [Entity(s.key, s.name, s.type, s.count) for s in sorted(seen.values(), key=lambda s: s.first)]
    return kept, entities


def _resolve(m: Mention, nk: str, names: dict[str, str], table: AliasTable,
             index: EntityIndex | None, person: bool) -> str:
    key = names.get(nk)
    if key is not None:
        return key
    hit = _fuzzy(nk, table.fuzzy_names.get(nk[:1], ()), person)
    if hit is not None:
        return table.by_name[hit]
    hit = _fuzzy(nk, [n for n in names if n[:1] == nk[:1]], person)
    if hit is not None:
        return names[hit]
    if index is not None:
        key = index.lookup(nk, person) or index.fuzzy(nk, person)
        if key is not None:
            return key
    return f"{m.type}:{slug(m.text)}"


def _short_form(m: Mention, nk: str, kept: list[Mention], seen: dict[str, _Seen]) -> str | None:
    """Key of the person whose full name starts or ends with this one word: nearest before, else only after."""
    if len(nk) < 3:
        return None
    candidates = {s.key for s in seen.values() if s.tokens and nk in (s.tokens[0], s.tokens[-1])}
    if not candidates:
        return None
    if len(candidates) == 1:
        return next(iter(candidates))
    pos = _order(m)
    best = None
    for other in kept:
        if _order(other) >= pos:
            break
        if other.entity in candidates and " " in other.text.strip():
            best = other.entity
    return best


def short_form_mentions(texts: dict[str, str], mentions: list[Mention],
                        title_case: frozenset[str] | set[str] = frozenset()) -> list[Mention]:
    """One-word short forms (first or last word) of the people the article names in full, found where
    no mention covers them: `Moon` after `Moon Jae-in`. A word followed by another capitalised word
    is part of a different name (`Kim Myong-gil` is not Kim Jong-un) and is left alone; in the
    fields named in `title_case` (headlines capitalising every word) only a hyphenated one is."""
    full: list[tuple[tuple[int, int], str, str]] = []    # (position, word, key)
    for m in mentions:
        if m.entity is None or not m.entity.startswith("PER:"):
            continue
        words = m.text.split()
        if len(words) < 2:
            continue
        for w in {words[0], words[-1]}:
            w = w.strip(".,")
            if len(w) >= 3 and w[0].isupper() and "-" not in w:
                full.append((_order(m), w, m.entity))
    if not full:
        return []
    words = {w for _, w, _ in full}
    taken: dict[str, list[tuple[int, int]]] = {}
    for m in mentions:
        taken.setdefault(m.field, []).append((m.start, m.end))
    out: list[Mention] = []
    for fld, text in texts.items():
        if not text:
            continue
        spans = taken.get(fld, [])
        for w in words:
            i = text.find(w)
            while i != -1:
                j = i + len(w)
                if (i == 0 or not text[i - 1].isalnum()) and (j == len(text) or not (text[j].isalnum() or text[j] == "-")) \
                        and not any(s < j and i < e for s, e in spans) and not _followed_by_name(text, j, fld in title_case):
                    pos = (FIELD_ORDER.get(fld, 3), i)
                    keys = [k for p, ww, k in full if ww == w]
                    before = [k for p, ww, k in sorted(full) if ww == w and p <= pos]
                    key = before[-1] if before else (keys[0] if len(set(keys)) == 1 else None)
                    if key is not None:
                        out.append(Mention(fld, i, j, w, "PER", key))
                i = text.find(w, j)
    return out


def _followed_by_name(text: str, j: int, title_case: bool) -> bool:
    k = j
    while k < len(text) and text[k] == " ":
        k += 1
    if not (j < k < len(text) and text[k].isupper()):
        return False
    if not title_case:
        return True
    e = k
    while e < len(text) and not text[e].isspace():
        e += 1
    return "-" in text[k:e].strip(".,:;")


def entities_from(mentions: list[Mention], entities: list[Entity]) -> list[Entity]:
    """Entity list with mention counts recomputed over `mentions` (after short forms were added)."""
    counts: dict[str, int] = {}
    for m in mentions:
        if m.entity is not None:
            counts[m.entity] = counts.get(m.entity, 0) + 1
    return [Entity(e.key, e.name, e.type, counts.get(e.key, 0)) for e in entities if counts.get(e.key)]
