"""The alias table: canonical names of well-known entities and the ways pages write them.

The packaged table (`aliases.tsv`, versioned in its header) is curated by hand; users add or
override rows with files of the same form. `AliasTable.find` scans a text for every alias at
once with an Aho-Corasick automaton (pyahocorasick), so known names become mentions even
where the NER model misses them (`Korut`, `AS`, `KPK`).

Name normalisation is written here rather than taken from a library: it has to keep the
length of the text (so that offsets found on the normalised copy are offsets into the page),
which `unicodedata.normalize` and `unidecode` do not.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable

import ahocorasick

from ..model import Mention

__all__ = ["AliasEntry", "AliasTable", "load_aliases", "name_key", "scan_form", "slug"]

TYPES = ("PER", "ORG", "LOC")


def _fold_table() -> dict[int, str]:
    """One ASCII letter for each accented Latin letter (same length), and the dash/quote variants."""
    table: dict[int, str] = {}
    for cp in range(0xC0, 0x250):
        ch = chr(cp)
        base = unicodedata.normalize("NFD", ch)[0]
        if base != ch and base.isascii() and base.isalpha():
            table[cp] = base
    for ch in "-‐‑‒–—":
        table[ord(ch)] = " "
    for ch in "’‘`´":
        table[ord(ch)] = "'"
    return table


_FOLD = _fold_table()
# For the scan, every punctuation mark and space also becomes a plain space, so that an alias
# padded with spaces (" korut ") matches only whole words: the automaton then reports no 'as'
# inside 'kelas', which is what a boundary check in Python would otherwise have to throw away.
_SCAN_FOLD = dict(_FOLD)
for _cp in range(0x2070):
    _ch = chr(_cp)
    if not _ch.isalnum() and _cp not in _SCAN_FOLD:
        _SCAN_FOLD[_cp] = " "
for _ch in "'’‘`´":
    _SCAN_FOLD[ord(_ch)] = " "
_SPACES_RE = re.compile(r"\s+")
_KEY_DROP_RE = re.compile(r"[.'\"()]")
_SLUG_RE = re.compile(r"[^a-z0-9]+")


def _lower(text: str) -> str:
    low = text.lower()
    if len(low) != len(text):   # 'İ' lower-cases to two characters: keep those as they are
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return low


def scan_form(text: str) -> str:
    """Lower case, accents folded, punctuation and spaces as one space each: same length as
    `text`, so offsets found in it are offsets into `text`."""
    return _lower(text).translate(_SCAN_FOLD)


@lru_cache(maxsize=16384)
def name_key(name: str) -> str:
    """The form names are compared in: `Kim Jong-Un`, `kim jong un` and `Kim  Jong Un` are one key."""
    return _SPACES_RE.sub(" ", _KEY_DROP_RE.sub("", _lower(name).translate(_FOLD))).strip()


def slug(name: str) -> str:
    """`Kim Jong-un` -> `kim_jong_un`: the part of an entity key after the type."""
    return _SLUG_RE.sub("_", name_key(name)).strip("_") or "x"


@dataclass(slots=True)
class AliasEntry:
    key: str
    type: str            # PER | ORG | LOC | NOT
    name: str
    aliases: list[str]   # as written in the table; role phrases keep their leading '@'


@dataclass(slots=True)
class _Hit:
    start: int
    end: int
    entry: AliasEntry
    role: bool


# A place name followed by one of these is a longer, different place (Jakarta Selatan, Amerika Utara).
_DIRECTIONS = frozenset("utara selatan barat timur tengah tenggara barat daya laut raya".split())
# A place name right after one of these is part of an organisation or facility name.
_ORG_HEADS = frozenset("universitas institut bank bandara stadion museum hotel pt harian majalah jalan jl jln".split())
_NEXT_WORD_RE = re.compile(r"\s+(\w+)")
_PREV_WORD_RE = re.compile(r"(\w+)\.?\s+$")
_APPOSITIVE_RE = re.compile(r",?\s+[A-Z]")
_MISS = object()
_CAP_WORD_RE = re.compile(r"(?<![\w-])[A-Z][a-z]{6,}(?![\w-])")   # 7+ letters: shorter words misfire (Kabiro, Bernam)


class AliasTable:
    """Entries by key, a name-key lookup, the words that are not entities, and the scan automaton."""

    def __init__(self, entries: Iterable[AliasEntry], version: str = "") -> None:
        self.version = version
        self.entries: dict[str, AliasEntry] = {}
        for e in entries:
            self.entries[e.key] = e          # a later row with the same key replaces the earlier one
        self.by_name: dict[str, str] = {}    # name_key(alias) -> entity key
        self.not_entities: set[str] = set()
        self.roles: set[str] = set()
        # later entries (user files) win a conflict over the same alias
        for e in self.entries.values():
            for alias in [e.name, *e.aliases]:
                role = alias.startswith("@")
                nk = name_key(alias.lstrip("@"))
                if not nk:
                    continue
                if e.type == "NOT":
                    self.not_entities.add(nk)
                else:
                    self.by_name[nk] = e.key
                    if role:
                        self.roles.add(nk)
        self._automaton = self._build()
        # names for fuzzy matching, bucketed by first letter (role phrases and short forms left out)
        self.fuzzy_names: dict[str, list[str]] = {}
        for nk, key in self.by_name.items():
            if nk not in self.roles and len(nk) >= 5:
                self.fuzzy_names.setdefault(nk[0], []).append(nk)
        self._one_word = {k: [n for n in v if " " not in n] for k, v in self.fuzzy_names.items()}
        self._near_cache: dict[str, str | None] = {}   # word -> key of the name it misspells, or None

    def _build(self) -> ahocorasick.Automaton | None:
        auto = ahocorasick.Automaton()
        payloads: dict[str, list[tuple[AliasEntry, str, bool, bool]]] = {}
        for e in self.entries.values():
            if e.type == "NOT":
                continue
            for alias in [e.name, *e.aliases]:
                role = alias.startswith("@")
                alias = alias.lstrip("@").strip()
                if not alias:
                    continue
                letters = alias.replace(".", "").replace("-", "")
                exact_case = letters.isupper() and len(letters) <= 5
                form = scan_form(alias).strip()
                if not form:
                    continue
                payloads.setdefault(form, []).append((e, alias.translate(_SCAN_FOLD).strip(), exact_case, role))
        for form, plist in payloads.items():
            # padded with spaces: whole words only; later rows (user files) first
            auto.add_word(f" {form} ", (len(form), plist[::-1]))
        if not payloads:
            return None
        auto.make_automaton()
        return auto

    def get(self, key: str) -> AliasEntry | None:
        return self.entries.get(key)

    def lookup(self, name: str) -> str | None:
        """Entity key of a name written as the table knows it, or None."""
        return self.by_name.get(name_key(name))

    def is_not_entity(self, name: str) -> bool:
        return name_key(name) in self.not_entities

    def find(self, text: str, field: str, title_case: bool = False) -> list[Mention]:
        """Mentions of known names in one text field, longest match first, left to right.

        `title_case`: the text capitalises every word (a headline), so a capitalised word after a
        name says nothing about the name being longer.
        """
        if not text or self._automaton is None:
            return []
        padded = f" {scan_form(text)} "
        hits: list[_Hit] = []
        for last, (size, plist) in self._automaton.iter(padded):
            # the key ' form ' ends at `last` in the padded text, whose index i is text index i - 1
            end = last - 1
            start = end - size
            for entry, folded, exact_case, role in plist:
                if exact_case:
                    if text[start:end].translate(_SCAN_FOLD) != folded:
                        continue
                elif not role and not (text[start].isupper() or text[start].isdigit()):
                    continue
                hits.append(_Hit(start, end, entry, role))
                break
        if not hits:
            return []
        hits.sort(key=lambda h: (h.start, h.start - h.end))
        chosen = self._select(hits, text, title_case)
        return [Mention(field, h.start, h.end, text[h.start:h.end], h.entry.type, h.entry.key) for h in chosen]

    def find_near(self, text: str, field: str, taken: list[Mention]) -> list[Mention]:
        """One-word known names misspelt (`Pyonngyang`) where no mention is: capitalised words of
        7+ letters that are a typo of a one-word name by the rule of `canonical._fuzzy`."""
        from .canonical import _fuzzy
        out: list[Mention] = []
        spans = sorted((t.start, t.end) for t in taken)
        starts = [s for s, _ in spans]
        cache = self._near_cache
        for m in _CAP_WORD_RE.finditer(text):
            word = m.group()
            key = cache.get(word, _MISS)
            if key is _MISS:
                nk = name_key(word)
                key = None
                if nk not in self.by_name and nk not in self.not_entities:
                    best = _fuzzy(nk, self._one_word.get(nk[0], ()), False)
                    key = self.by_name[best] if best is not None else None
                if len(cache) < 20_000:
                    cache[word] = key
            if key is None:
                continue
            start, end = m.span()
            i = bisect_right(starts, start)
            if (i and spans[i - 1][1] > start) or (i < len(spans) and spans[i][0] < end):
                continue
            entry = self.entries[key]
            out.append(Mention(field, start, end, word, entry.type, entry.key))
        return out

    def _select(self, hits: list[_Hit], text: str, title_case: bool) -> list[_Hit]:
        out: list[_Hit] = []
        pos = 0
        for i, h in enumerate(hits):
            if h.start < pos:
                continue
            if not self._stands_alone(h, hits, text, title_case):
                continue
            if h.role and _APPOSITIVE_RE.match(text, h.end):
                # 'Pemimpin Korea Utara, Kim Jong-un': the name that follows carries the person;
                # the place inside the role phrase is still a mention.
                inner = [g for g in hits[i + 1:] if g.start >= h.start and g.end <= h.end and not g.role]
                out.extend(self._select(inner, text, title_case))
                pos = h.end
                continue
            out.append(h)
            pos = h.end
        return out

    @staticmethod
    def _stands_alone(h: _Hit, hits: list[_Hit], text: str, title_case: bool) -> bool:
        """False when the alias is the start or the end of a longer, different name."""
        if h.entry.type == "PER" or h.role:
            return True
        m = _NEXT_WORD_RE.match(text, h.end)
        if m is not None and m.group(1)[:1].isupper():
            word = m.group(1).lower()
            if h.entry.type == "LOC" and word in _DIRECTIONS:
                return False                      # Amerika Utara, Jakarta Selatan
            if h.entry.type == "ORG" and not title_case and any(
                    g.start == m.start(1) and g.entry.type == "LOC" for g in hits):
                return False                      # Kementerian Luar Negeri Korea Utara
        if h.entry.type == "LOC":
            p = _PREV_WORD_RE.search(text, max(0, h.start - 20), h.start)
            if p is not None and p.group(1)[:1].isupper() and p.group(1).lower() in _ORG_HEADS:
                return False                      # Bank Indonesia, Universitas Indonesia
        return True


def _parse(lines: Iterable[str], where: str) -> tuple[list[AliasEntry], str]:
    entries: list[AliasEntry] = []
    version = ""
    for no, raw in enumerate(lines, 1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        if line.startswith("#"):
            m = re.match(r"#\s*version:\s*(\S+)", line)
            if m and not version:
                version = m.group(1)
            continue
        cols = line.split("\t")
        if cols[0] == "key":
            continue
        if len(cols) < 3:
            raise ValueError(f"{where}:{no}: expected key, type, name, aliases separated by tabs")
        key, typ, name = cols[0].strip(), cols[1].strip().upper(), cols[2].strip()
        if typ not in TYPES and typ != "NOT":
            raise ValueError(f"{where}:{no}: type must be PER, ORG, LOC or NOT, not {typ!r}")
        aliases = [a.strip() for a in cols[3].split("|")] if len(cols) > 3 else []
        entries.append(AliasEntry(key, typ, name, [a for a in aliases if a]))
    return entries, version


def packaged_path() -> Path:
    return Path(str(resources.files("kliping.enrich") / "aliases.tsv"))


@lru_cache(maxsize=8)
def _load(paths: tuple[str, ...]) -> AliasTable:
    entries: list[AliasEntry] = []
    versions: list[str] = []
    for i, p in enumerate((str(packaged_path()), *paths)):
        with open(p, encoding="utf-8") as f:
            rows, version = _parse(f, p)
        entries.extend(rows)
        versions.append(version or ("user" if i else ""))
    return AliasTable(entries, "+".join(versions))


def load_aliases(paths: Iterable[str | Path] | str | Path | None = None) -> AliasTable:
    """The packaged table, extended (and overridden, row by row on the key) by the user's files."""
    if paths is None:
        paths = ()
    elif isinstance(paths, (str, Path)):
        paths = (paths,)
    return _load(tuple(str(Path(p).resolve()) for p in paths))
