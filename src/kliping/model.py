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
    # HTML input only (read/html.py): one HtmlLine per line of `text`, the page's head
    # metadata (read/htmlmeta.py), and the fetch time a WARC record carried.
    html_lines: list[HtmlLine] | None = None
    head_meta: dict[str, Any] | None = None
    fetched: str | None = None


@dataclass(slots=True)
class HtmlLine:
    """Where a line of an HTML page sat in the DOM: what the HTML line-role model reads."""

    tag: str                       # the innermost block element holding the line (p, li, h1, td, div...)
    path: tuple[str, ...] = ()     # ancestor tags, innermost first (inline ones included)
    cues: frozenset[str] = frozenset()       # class/id cue words of the ancestors (read/html.py CUE_WORDS)
    near_cues: frozenset[str] = frozenset()  # the same, of the nearest three ancestors only
    chars: int = 0                 # characters of text
    link_chars: int = 0            # characters inside <a>
    depth: int = 0                 # element depth in the DOM
    in_main: bool = False          # inside the element holding the most prose (the page's content block)
    in_main_blocks: bool = False   # the same, scored over block elements only, list items not scoring
    box_prose: float = 0.0         # share of the page's prose inside the line's enclosing element (block's parent)
    box_links: float = 0.0         # link density of that element
    outer_prose: float = 0.0       # share of the page's prose one element further out
    box: int = 0                   # id of that enclosing element within the page (lines of one box share it)
    block_box: int = 0             # id of the parent of the line's innermost block element
    block_box_end: int = 0         # the last element id inside that parent (ids number the page's elements in order)
    eid: int = 0                   # id of the innermost element holding the line's first text


@dataclass(slots=True)
class Line:
    """A non-blank line of a page, with the role the model gave it."""

    index: int          # position among the page's non-blank lines
    text: str           # the line as scraped (not stripped)
    role: str = "boilerplate"
    confidence: float = 1.0


@dataclass(slots=True)
class Mention:
    """A named-entity mention. Offsets are into one text field of the article:
    `title`, `deck`, or `body` (the body as `Article.text`: paragraphs joined by a blank line)."""

    field: str           # "title" | "deck" | "body"
    start: int
    end: int
    text: str
    type: str            # PER | ORG | LOC (| others the model supports)
    entity: str | None = None   # key of the canonical Entity it refers to


@dataclass(slots=True)
class Entity:
    """A canonical thing mentioned in the article: one key, one display name."""

    key: str             # stable across articles, e.g. "PER:kim_jong_un"
    name: str            # display name, e.g. "Kim Jong-un"
    type: str
    mentions: int = 0


@dataclass(slots=True)
class TimeExpr:
    """A time expression in the text, resolved against the publication time where possible."""

    field: str
    start: int
    end: int
    text: str
    value: str | None = None        # ISO date (day; a week's Monday), "YYYY-MM" (month) or "YYYY" (year); None: unresolved
    end_value: str | None = None    # for intervals ("sejak April": from value to end_value; a week's Sunday)
    granularity: str | None = None  # "day" | "week" | "month" | "year"


@dataclass(slots=True)
class Quote:
    """A direct quote and who said it."""

    field: str
    start: int
    end: int
    text: str
    speaker: str | None = None          # as written: "Moon", "sumber anonim"
    speaker_entity: str | None = None   # Entity.key when the speaker is one
    cue: str | None = None              # the reporting verb or pattern: "kata", "ujar", "menurut"


@dataclass(slots=True)
class RelatedLink:
    """Another article of the collection related to this one, and why."""

    id: str                      # the other article's id
    score: float
    reasons: list[str] = field(default_factory=list)   # e.g. "entity:PER:kim_jong_un", "term:kaesong", "time:2d"


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
    mentions: list[Mention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    content_hash: str = ""
    source: str = ""
    # field -> {"head": value from the page head (JSON-LD, meta tags), "text": value from the lines,
    #           "used": "head" | "text"}, for fields where the two disagree (HTML input only)
    provenance: dict[str, dict[str, Any]] = field(default_factory=dict)
    fetched: str | None = None       # when the page was fetched (WARC-Date), where the input says
    # the day the page's own dated references point to, only where the page states no publication
    # time (clean/estimate.py): never mixed into `published`; with the words it was read from
    published_estimate: str | None = None
    estimate_evidence: str | None = None
    # filled by the linking stage (kliping.link) over a collection; empty for a page alone
    duplicate_of: str | None = None          # id of the canonical article of its duplicate group
    duplicate_group: str | None = None       # DuplicateGroup.id
    related: list[RelatedLink] = field(default_factory=list)  # computed "Berita Terkait"
    story: str | None = None                 # Story.id
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
                if isinstance(value, list):
                    value = [asdict(v) if hasattr(v, "__dataclass_fields__") else v for v in value]
                rec[f.name] = value
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


@dataclass(slots=True)
class DuplicateGroup:
    """Articles with the same (exact) or nearly the same (near) cleaned body."""

    id: str
    kind: str                    # "exact" | "near"
    canonical: str               # article id kept: earliest published, else the most complete
    members: list[str] = field(default_factory=list)   # every article id, the canonical one included


@dataclass(slots=True)
class TimelineEntry:
    article: str
    published: str | None
    outlet: str | None
    title: str | None


@dataclass(slots=True)
class Story:
    """The articles of one news event."""

    id: str
    label: str                   # a representative title
    first: str | None            # earliest and latest publication time of its articles
    last: str | None
    entities: list[str] = field(default_factory=list)     # key entities (Entity.key), most central first
    timeline: list[TimelineEntry] = field(default_factory=list)  # articles in time order
    terms: list[str] = field(default_factory=list)        # its heaviest stems (says what it is when no entities)


