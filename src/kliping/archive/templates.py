"""Outlet templates kept in the archive, so that the archive does not depend on how it was built.

The role models read, for every line, on how many other pages of its outlet the line recurs
(`clean/templates.py`). A build used to learn that from its own run, so building 2,000 pages in one
run or in two gave different articles, and a build resumed after a crash differed from an
uninterrupted one. Here the evidence lives in the archive and grows with it:

- `template_outlets` / `template_lines`: for every outlet, its page count and on how many of its
  stored pages each line key occurs (every stored article whose URL names an outlet counts);
- `page_sources`: each such page's read document, line keys and the signature of the template
  features it was tagged with (`features.template_signature`; archive/sources.py);
- `template_dirty`: outlets whose evidence grew since their pages were last checked.

A build starts its template index from the archive's counts (`loader`), writes each page's
evidence in the same transaction as the page, and ends with `reconcile`: for every dirty outlet,
each page whose signature under the outlet's current counts differs from the one it was tagged
with is extracted again from its stored document. Since a page's roles depend on the template
counts only through that signature, every page ends tagged as it would be in one build of the
whole archive, whatever the split into builds, the order within them, or where a build was killed
(a dirty outlet stays dirty until its pages are all checked).
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import numpy as np

from ..clean.features import template_signatures
from ..clean.lines import split_lines
from ..clean.templates import MAX_KEYS_PER_OUTLET, Loader, TemplateIndex
from ..model import Document, Rejection
from .sources import SourceError, decode_document, encode_document, pack_keys, unpack_keys

SCHEMA = """
CREATE TABLE template_outlets (outlet TEXT PRIMARY KEY, pages INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE template_lines (
    outlet TEXT NOT NULL, key INTEGER NOT NULL, pages INTEGER NOT NULL,
    PRIMARY KEY (outlet, key)
) WITHOUT ROWID;
CREATE TABLE page_sources (
    article INTEGER PRIMARY KEY REFERENCES articles(rowid),
    outlet TEXT NOT NULL, keys BLOB NOT NULL, signature BLOB NOT NULL, document BLOB NOT NULL
);
CREATE INDEX page_sources_outlet ON page_sources(outlet);
CREATE TABLE template_dirty (outlet TEXT PRIMARY KEY) WITHOUT ROWID;
"""


def add_evidence(db: sqlite3.Connection, outlet: str, keys: list[int | None]) -> None:
    """Count one more page of `outlet` holding these line keys; the outlet's pages need a check."""
    batch = EvidenceBatch()
    batch.add(outlet, keys)
    batch.write(db)


class EvidenceBatch:
    """The template evidence of a transaction's pages, summed before it is written: a line key
    printed on many of the batch's pages (a menu, a footer) is one upsert, not one a page (adding
    10,000 pages to a 1M-page archive: 300,000 upserts, 3 s)."""

    def __init__(self) -> None:
        self.pages: dict[str, int] = {}
        self.lines: dict[tuple[str, int], int] = {}

    def add(self, outlet: str, keys: list[int | None]) -> None:
        self.pages[outlet] = self.pages.get(outlet, 0) + 1
        lines = self.lines
        for k in {k for k in keys if k}:
            lines[outlet, k] = lines.get((outlet, k), 0) + 1

    def write(self, db: sqlite3.Connection) -> None:
        db.executemany("INSERT INTO template_outlets VALUES (?, ?) "
                       "ON CONFLICT(outlet) DO UPDATE SET pages = pages + excluded.pages", self.pages.items())
        db.executemany("INSERT INTO template_lines VALUES (?, ?, ?) "
                       "ON CONFLICT(outlet, key) DO UPDATE SET pages = pages + excluded.pages",
                       [(o, k, n) for (o, k), n in sorted(self.lines.items())])
        db.executemany("INSERT OR IGNORE INTO template_dirty VALUES (?)", [(o,) for o in self.pages])


class BuildEvidence:
    """What one build added to the template evidence, so that its check reads only the stored
    pages that can have changed. An outlet that was clean when the build began had every stored
    page tagged under the counts it then held: the current counts less the build's own. A page's
    signature is one byte a line, the same byte for every page holding that line's key, so an old
    page can change only where the byte of a key it holds changed between the two states (a key on
    one old page now on a second, a share crossing a bucket edge); where no key held by an old page
    changed, only the build's own pages are checked. Anything else (an outlet dirty before the
    build, pages another build added meanwhile, more keys than MAX_TRACKED) checks the outlet whole."""

    MAX_TRACKED = 600_000       # (outlet, key) counts kept, ~76 MB at most (10,000 dev-page copies: 89,158)

    def __init__(self, db: sqlite3.Connection) -> None:
        self.start_pages = dict(db.execute("SELECT outlet, pages FROM template_outlets").fetchall())
        self.dirty = {r[0] for r in db.execute("SELECT outlet FROM template_dirty")}
        self.start_rowid = db.execute("SELECT coalesce(max(article), 0) FROM page_sources").fetchone()[0]
        self.pages: dict[str, int] = {}
        self.lines: dict[tuple[str, int], int] = {}
        self.tracking = True

    def add(self, batch: EvidenceBatch) -> None:
        """A committed transaction's evidence."""
        if not self.tracking:
            return
        for o, n in batch.pages.items():
            self.pages[o] = self.pages.get(o, 0) + n
        lines = self.lines
        for ok, n in batch.lines.items():
            lines[ok] = lines.get(ok, 0) + n
        if len(lines) > self.MAX_TRACKED:
            self.tracking = False
            lines.clear()

    def checked_before(self, evidence: "OutletEvidence") -> int:
        """The stored pages of the outlet that need no check: those up to this rowid (0: none)."""
        outlet = evidence.outlet
        if not self.tracking or outlet in self.dirty:
            return 0
        p_old = self.start_pages.get(outlet, 0)
        if p_old + self.pages.get(outlet, 0) != evidence.pages:
            return 0                    # another build added pages meanwhile
        if p_old == 0:
            return self.start_rowid     # no page before this build's
        if (p_old - 1 >= 3) != (evidence.pages - 1 >= 3):
            return 0                    # every line's byte changes form
        keys = list(evidence.table)
        counts = np.fromiter(evidence.table.values(), dtype=np.int64, count=len(keys))
        added = np.fromiter((self.lines.get((outlet, k), 0) for k in keys), dtype=np.int64, count=len(keys))
        before = counts - added
        held = before >= 1              # a key no old page holds changes no old page
        now = template_signatures(counts[held] - 1, evidence.pages - 1)
        then = template_signatures(before[held] - 1, p_old - 1)
        return 0 if bool((now != then).any()) else self.start_rowid


def record_source(db: sqlite3.Connection, rowid: int, doc: Document, outlet: str, keys: list[int | None],
                  signature: bytes, evidence: EvidenceBatch | None = None) -> None:
    """A stored article's page: its evidence counted (in `evidence`, written by the caller before
    its transaction ends, when given), its document kept for a later re-extraction."""
    if evidence is None:
        add_evidence(db, outlet, keys)
    else:
        evidence.add(outlet, keys)
    db.execute("INSERT INTO page_sources VALUES (?, ?, ?, ?, ?)",
               (rowid, outlet, pack_keys(keys), signature, encode_document(doc)))


def backfill(db: sqlite3.Connection) -> None:
    """Evidence of the articles an archive held before it kept any (schema version 6): from their
    stored lines. Their pages were not kept, so they are never extracted again; new pages of their
    outlets see them as they would have."""
    from ..clean.outlet import outlet_from_url

    for rowid, url in db.execute("SELECT rowid, url FROM articles WHERE url IS NOT NULL").fetchall():
        outlet = outlet_from_url(url)
        if outlet:
            texts = [r[0] for r in db.execute("SELECT text FROM lines WHERE article = ? ORDER BY idx", (rowid,))]
            add_evidence(db, outlet, TemplateIndex.keys(texts))
    db.execute("DELETE FROM template_dirty")


def loader(db: sqlite3.Connection) -> Loader:
    """What a build's template index starts from for an outlet: its stored page count and its
    most frequent line counts (pages desc, then key), at most `MAX_KEYS_PER_OUTLET`; lines held by
    one stored page only up to `room` of them (the index's free space: they are the first it
    drops). A line on two pages or more is rare (about 1 key in 90 in an archive of 1M real-page
    copies), so reading those first, then single-page keys in key order until the room is used,
    leaves SQLite no sort of the outlet's whole table and Python no millions of rows to drop."""
    def load(outlet: str, room: int = MAX_KEYS_PER_OUTLET) -> tuple[int, dict[int, int]]:
        row = db.execute("SELECT pages FROM template_outlets WHERE outlet = ?", (outlet,)).fetchone()
        if row is None:
            return 0, {}
        table = dict(db.execute("SELECT key, pages FROM template_lines WHERE outlet = ? AND pages >= 2 "
                                "ORDER BY pages DESC, key LIMIT ?", (outlet, MAX_KEYS_PER_OUTLET)).fetchall())
        single = min(MAX_KEYS_PER_OUTLET - len(table), room - len(table))
        if single > 0:
            table.update(db.execute("SELECT key, pages FROM template_lines WHERE outlet = ? AND pages = 1 "
                                    "ORDER BY key LIMIT ?", (outlet, single)).fetchall())
        return row[0], table
    return load


class OutletEvidence:
    """One outlet's stored counts, exactly (no cap), for tagging a stored page: the page itself is
    counted. Keys held by one page only are not loaded (a missing key counts 1: the page's own)."""

    def __init__(self, db: sqlite3.Connection, outlet: str) -> None:
        self.outlet = outlet
        self.pages = self.page_count(db, outlet)
        self.table = dict(db.execute("SELECT key, pages FROM template_lines WHERE outlet = ? AND pages >= 2",
                                     (outlet,)).fetchall())

    @staticmethod
    def page_count(db: sqlite3.Connection, outlet: str) -> int:
        row = db.execute("SELECT pages FROM template_outlets WHERE outlet = ?", (outlet,)).fetchone()
        return row[0] if row else 0

    def counts(self, keys: list[int | None]) -> tuple[list[int], int]:
        """Each line's recurrence on the outlet's other pages, and the number of those pages."""
        get = self.table.get
        return [get(k, 1) - 1 if k else 0 for k in keys], max(0, self.pages - 1)

    def changed(self, rows: list[tuple[int, bytes, bytes]]) -> list[int]:
        """Which of these stored pages (rowid, keys, signature) of the outlet have a signature under
        its current counts other than the one they were tagged with: their positions in `rows`.
        The same test as `template_signature(*self.counts(keys)) != signature` page by page, on
        all the outlet's lines at once."""
        if not rows:
            return []
        lengths = np.fromiter((len(r[2]) for r in rows), dtype=np.int64, count=len(rows))   # lines
        key_bytes = np.fromiter((len(r[1]) for r in rows), dtype=np.int64, count=len(rows))
        torn: list[int] = []
        if np.array_equal(key_bytes, 8 * lengths):
            keys_blob = b"".join([r[1] for r in rows])
            stored = np.frombuffer(b"".join([r[2] for r in rows]), dtype=np.uint8)
        else:       # a record whose keys and signature disagree in length: checked (extracted again)
            lengths = np.fromiter((len(r[1]) // 8 for r in rows), dtype=np.int64, count=len(rows))
            torn = [i for i, r in enumerate(rows) if len(r[2]) != lengths[i] or len(r[1]) % 8]
            keys_blob = b"".join([r[1][:lengths[i] * 8] for i, r in enumerate(rows)])
            stored = np.frombuffer(b"".join([r[2] if len(r[2]) == lengths[i] else bytes(int(lengths[i]))
                                             for i, r in enumerate(rows)]), dtype=np.uint8)
        keys = np.frombuffer(keys_blob, dtype=np.int64)
        known = np.fromiter(self.table.keys(), dtype=np.int64, count=len(self.table))
        counts = np.fromiter(self.table.values(), dtype=np.int64, count=len(self.table))
        order = np.argsort(known)
        known, counts = known[order], counts[order]
        if len(known):
            at = np.minimum(np.searchsorted(known, keys), len(known) - 1)
            total = np.where(known[at] == keys, counts[at], 1)   # a missing key counts 1: the page's own
        else:
            total = np.ones(len(keys), dtype=np.int64)
        recurrence = np.where(keys != 0, total - 1, 0)             # no key (0): no recurrence
        differs = template_signatures(recurrence, max(0, self.pages - 1)) != stored
        ends = np.cumsum(lengths)
        seen = np.concatenate(([0], np.cumsum(differs)))
        out = set(np.flatnonzero(seen[ends] - seen[ends - lengths] > 0).tolist()) | set(torn)
        return sorted(out)

    def recurrence(self, outlet: str | None, lines: list[str], counted: bool = True,
                   keys: list[int | None] | None = None) -> tuple[list[int], int]:
        """TemplateIndex.recurrence for a page of this outlet that the archive holds."""
        return self.counts(keys if keys is not None else TemplateIndex.keys(lines))


@dataclass
class ReconcileReport:
    outlets: int = 0      # dirty outlets checked
    checked: int = 0      # stored pages whose signature was compared
    reextracted: int = 0  # pages extracted again
    failed: int = 0       # stored pages that could not be read back (left as they were)


def reconcile(db: sqlite3.Connection, extractor, batch: int | None = None,
              since: BuildEvidence | None = None) -> ReconcileReport:
    """Extract again every stored page of a dirty outlet whose template signature changed (see the
    module's docstring); one transaction per `batch` rewritten pages, the outlet marked clean in
    the last. `extractor`: a run.extract.Extractor with the build's settings. `since`: what the
    build that ends with this check added (only pages that can have changed are read)."""
    from .store import BATCH, _transaction, refresh_entities

    batch = batch or BATCH
    report = ReconcileReport()
    for (outlet,) in db.execute("SELECT outlet FROM template_dirty ORDER BY outlet").fetchall():
        report.outlets += 1
        evidence = OutletEvidence(db, outlet)
        after = since.checked_before(evidence) if since is not None else 0
        rows = db.execute("SELECT article, keys, signature FROM page_sources WHERE outlet = ? AND article > ? "
                          "ORDER BY article", (outlet, after)).fetchall()
        report.checked += len(rows)
        todo = [(rows[i][0], unpack_keys(rows[i][1])) for i in evidence.changed(rows)]
        saved, extractor.templates = extractor.templates, evidence
        try:
            for start in range(0, max(1, len(todo)), batch):
                chunk = todo[start:start + batch]
                last = start + batch >= len(todo)

                def work(chunk=chunk, last=last) -> None:
                    dropped: dict[str, set[str]] = {}
                    for rowid, keys in chunk:
                        if _reextract(db, extractor, rowid, keys, dropped):
                            report.reextracted += 1
                        else:
                            report.failed += 1
                    refresh_entities(db, dropped)
                    # clean only if no other build added pages of the outlet meanwhile (its
                    # counts grew past what this check read): else the outlet stays to check again
                    if last and OutletEvidence.page_count(db, outlet) == evidence.pages:
                        db.execute("DELETE FROM template_dirty WHERE outlet = ?", (outlet,))
                _transaction(db, work)
        finally:
            extractor.templates = saved
    return report


def _reextract(db: sqlite3.Connection, extractor, rowid: int, keys: list[int | None],
               dropped: dict[str, set[str]]) -> bool:
    """Tag the stored page again under the outlet's current evidence. Where every line keeps its
    role, only the lines' confidences change (no field reads them): they are updated in place;
    otherwise the article is built again from the page and rewritten whole."""
    from .store import rewrite_article

    row = db.execute("SELECT document FROM page_sources WHERE article = ?", (rowid,)).fetchone()
    try:
        doc = decode_document(row[0])
    except SourceError:
        return False
    tagged, use = extractor.tag_sourced(doc, counted=True, lines=split_lines(doc.text), keys=keys)
    if isinstance(tagged, Rejection) or use is None:   # cannot happen for a page once stored as an article
        return False
    stored = db.execute("SELECT idx, role, confidence FROM lines WHERE article = ? ORDER BY idx", (rowid,)).fetchall()
    if [(r[0], r[1]) for r in stored] == [(ln.index, ln.role) for ln in tagged]:
        db.executemany("UPDATE lines SET confidence = ? WHERE article = ? AND idx = ?",
                       [(ln.confidence, rowid, ln.index) for ln, r in zip(tagged, stored) if r[2] != ln.confidence])
    else:
        article = extractor.finish_tagged(doc, tagged)
        for key, name in rewrite_article(db, rowid, article):
            dropped.setdefault(key, set()).add(name)
    db.execute("UPDATE page_sources SET signature = ? WHERE article = ?", (use.signature, rowid))
    return True
