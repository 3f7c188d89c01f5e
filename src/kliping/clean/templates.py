"""Outlet templates: lines that recur across pages of one outlet in a run.

A menu, a footer or a "Baca berita tanpa iklan" promo is printed on every page
of its outlet; a paragraph of an article is not. The index counts, per outlet,
on how many distinct pages each line occurs, and the role model reads that
count as a feature. Memory is bounded: when an outlet's table grows past its
cap, lines seen only once are dropped (a template line is seen many times).
"""
from __future__ import annotations

from collections import defaultdict

from .lines import line_key

MAX_KEYS_PER_OUTLET = 20_000
# Long lines are prose; a template line is short. Skipping long ones keeps the table small.
MAX_TEMPLATE_CHARS = 300


class TemplateIndex:
    def __init__(self) -> None:
        self._counts: dict[str, dict[str, int]] = defaultdict(dict)
        self._pages: dict[str, int] = defaultdict(int)

    @staticmethod
    def keys(lines: list[str]) -> list[str | None]:
        """The template key of each line (None for a line too long to be template)."""
        return [line_key(t) if len(t) <= MAX_TEMPLATE_CHARS else None for t in lines]

    def add_page(self, outlet: str | None, lines: list[str], keys: list[str | None] | None = None) -> None:
        if not outlet:
            return
        table = self._counts[outlet]
        self._pages[outlet] += 1
        for key in set(keys if keys is not None else self.keys(lines)) - {None}:
            table[key] = table.get(key, 0) + 1
        if len(table) > MAX_KEYS_PER_OUTLET:
            self._counts[outlet] = {k: v for k, v in table.items() if v > 1}

    def recurrence(self, outlet: str | None, lines: list[str], counted: bool = True,
                   keys: list[str | None] | None = None) -> tuple[list[int], int]:
        """For each line, on how many *other* pages of the outlet it occurs; and the outlet's page count.

        counted: whether this page itself was already added to the index.
        """
        if not outlet or outlet not in self._counts:
            return [0] * len(lines), 0
        table = self._counts[outlet]
        own = 1 if counted else 0
        out = [max(0, table.get(k, 0) - own) if k is not None else 0
               for k in (keys if keys is not None else self.keys(lines))]
        return out, max(0, self._pages[outlet] - own)
