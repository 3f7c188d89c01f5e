"""Outlet templates: lines that recur across pages of one outlet in a run.

A menu, a footer or a "Baca berita tanpa iklan" promo is printed on every page
of its outlet; a paragraph of an article is not. The index counts, per outlet,
on how many distinct pages each line occurs, and the role model reads that
count as a feature. Memory is bounded: lines are kept as 64-bit hashes, and when
an outlet's table or the whole index grows past its cap, the lines seen on the
fewest pages are dropped first (a template line is seen on many).

Keys are stable across processes (a 64-bit BLAKE2b of the line's key), so an archive can keep
the evidence of every page it holds (archive/templates.py) and a later build starts from it:
`TemplateIndex(loader=...)` reads an outlet's stored counts the first time the run meets it.
"""
from __future__ import annotations

from collections import defaultdict
from hashlib import blake2b
from typing import Callable

from .lines import line_key

MAX_KEYS_PER_OUTLET = 20_000
# ~100 bytes an entry: the whole index stays under ~30 MB however many outlets a run has.
MAX_KEYS_TOTAL = 300_000
# Long lines are prose; a template line is short. Skipping long ones keeps the table small.
MAX_TEMPLATE_CHARS = 300


def template_key(text: str) -> int:
    """A line's template key: a signed 64-bit hash of `line_key`, the same in every process
    (Python's hash() of a str is salted per process), never 0 (the archive's "no key")."""
    key = int.from_bytes(blake2b(line_key(text).encode("utf-8", "surrogatepass"), digest_size=8).digest(),
                         "little", signed=True)
    return key or 1


# an outlet's page count and its line counts (key -> pages), as stored by an archive; the second
# argument: how many keys the index has room for (the loader may return fewer of its rarest)
Loader = Callable[[str, int], tuple[int, dict[int, int]]]


class TemplateIndex:
    def __init__(self, loader: Loader | None = None) -> None:
        self._counts: dict[str, dict[int, int]] = defaultdict(dict)
        self._pages: dict[str, int] = defaultdict(int)
        self._size = 0
        self._loader = loader

    @staticmethod
    def keys(lines: list[str]) -> list[int | None]:
        """The template key of each line (None for a line too long to be template)."""
        return [template_key(t) if len(t) <= MAX_TEMPLATE_CHARS else None for t in lines]

    def _load(self, outlet: str) -> None:
        """An outlet met for the first time: start from what the loader holds of it."""
        if self._loader is None or outlet in self._pages:
            return
        # room up to the size a pruning leaves: single-page keys loaded past it would be dropped
        # by the next pruning, and the pruning itself, on every outlet's table, is what costs
        pages, table = self._loader(outlet, max(0, MAX_KEYS_TOTAL // 2 - self._size))
        self._pages[outlet] = pages
        self._counts[outlet] = dict(table)
        self._size += len(table)
        if len(table) > MAX_KEYS_PER_OUTLET:
            self._trim(outlet)
        if self._size > MAX_KEYS_TOTAL:
            self._prune()

    def _trim(self, outlet: str) -> None:
        table = self._counts[outlet]
        self._counts[outlet] = {k: v for k, v in table.items() if v > 1}
        self._size -= len(table) - len(self._counts[outlet])

    def add_page(self, outlet: str | None, lines: list[str], keys: list[int | None] | None = None) -> None:
        if not outlet:
            return
        self._load(outlet)
        table = self._counts[outlet]
        self._pages[outlet] += 1
        before = len(table)
        for key in set(keys if keys is not None else self.keys(lines)) - {None}:
            table[key] = table.get(key, 0) + 1
        self._size += len(table) - before
        if len(table) > MAX_KEYS_PER_OUTLET:
            self._trim(outlet)
        if self._size > MAX_KEYS_TOTAL:
            self._prune()

    def _prune(self) -> None:
        """Drop the rarest lines of every outlet until the index is at half its cap."""
        threshold = 1
        while self._size > MAX_KEYS_TOTAL // 2:
            for outlet, table in self._counts.items():
                self._counts[outlet] = {k: v for k, v in table.items() if v > threshold}
            self._size = sum(len(t) for t in self._counts.values())
            threshold += 1

    def __len__(self) -> int:
        return self._size

    def recurrence(self, outlet: str | None, lines: list[str], counted: bool = True,
                   keys: list[int | None] | None = None) -> tuple[list[int], int]:
        """For each line, on how many *other* pages of the outlet it occurs; and the outlet's page count.

        counted: whether this page itself was already added to the index.
        """
        if outlet:
            self._load(outlet)
        if not outlet or outlet not in self._counts:
            return [0] * len(lines), 0
        table = self._counts[outlet]
        own = 1 if counted else 0
        out = [max(0, table.get(k, 0) - own) if k is not None else 0
               for k in (keys if keys is not None else self.keys(lines))]
        return out, max(0, self._pages[outlet] - own)
