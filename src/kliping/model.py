"""The one data model every stage reads and writes.

Vocabulary follows ../shared/data/LABELS.md: ten line roles, the article fields,
and three page kinds.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

SCHEMA_VERSION = "1.0"

ROLES: tuple[str, ...] = (
    "title", "deck", "byline", "datetime", "category",
    "caption", "body", "related", "source", "boilerplate",
)
KINDS: tuple[str, ...] = ("article", "listing", "other")


@dataclass(slots=True)
class Document:
    """One input page as read, before any cleaning."""

    id: str
    text: str
    url: str | None = None
    date: str | None = None          # a date the input carried beside the page (CSV, JSONL)
    title_hint: str | None = None    # a title column given by a scraper's CSV
    source: str = ""                 # file and position it came from
    outlet_hint: str | None = None


@dataclass(slots=True)
class Line:
    """A non-blank line of a page, with the role the model gave it."""

    index: int          # position among the page's non-blank lines
    text: str           # the line as scraped (not stripped)
    role: str = "boilerplate"
    confidence: float = 1.0


@dataclass(slots=True)
class Article:
    """The structured article made from one page."""

    id: str
    url: str | None
    outlet: str | None
    kind: str
    lang: str | None
    title: str | None = None
    deck: str | None = None
    published: str | None = None
    updated: str | None = None
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    category: str | None = None
    dateline: str | None = None
    agencies: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    related_links: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    content_hash: str = ""
    source: str = ""
    lines: list[Line] = field(default_factory=list)

    @property
    def text(self) -> str:
        """Clean body text, paragraphs separated by blank lines."""
        return "\n\n".join(self.body)

    @property
    def roles(self) -> list[str]:
        return [ln.role for ln in self.lines]

    def to_record(self, with_roles: bool = False) -> dict[str, Any]:
        """The JSON Lines record documented in docs/schema.md."""
        # field by field: asdict() would deep-copy every Line only to drop them
        rec: dict[str, Any] = {"schema": SCHEMA_VERSION, "type": "article"}
        for f in fields(self):
            if f.name != "lines":
                value = getattr(self, f.name)
                rec[f.name] = list(value) if isinstance(value, list) else value
        if with_roles:
            rec["roles"] = self.roles
        return rec


@dataclass(slots=True)
class Rejection:
    """An input document that could not become an article, and why."""

    id: str
    reason: str          # a short key, counted in the run summary
    detail: str = ""
    source: str = ""
    url: str | None = None

    def to_record(self) -> dict[str, Any]:
        return {"schema": SCHEMA_VERSION, "type": "rejection", **asdict(self)}
