"""`build_archive`: inputs -> pipeline (extract, enrich) -> archive, then the linking stage."""
from __future__ import annotations

import json
import time
from contextlib import nullcontext
from pathlib import Path
from typing import Callable, Iterable

from ..clean.templates import TemplateIndex
from .schema import connect
from .store import (BATCH, SUMMARY_TABLES, BuildReport, counts, iter_link_articles, new_items, store_items,
                    write_link_changes, write_links)
from .templates import BuildEvidence, reconcile
from .templates import loader as template_loader


# SQLite's page cache for a build's connection (its default is 2 MiB): a 1M-article archive's
# indexes take pages from all over the file on every insert; writing an article with its rows
# into the 1.2M-article archive took 0.88 ms with the default, 0.63 ms with this (1,000 articles
# in one transaction, rolled back)
BUILD_CACHE_KIB = 128 * 1024


def build_archive(archive: str | Path, inputs: Iterable[str], batch: int = BATCH, enrich: bool = True,
                  link: bool = True, templates: bool = True, stdin_format: str = "auto",
                  after_batch: Callable[[int], None] | None = None,
                  progress: Callable[[Iterable], Iterable] | None = None, relink: bool = False,
                  jobs: int = 1) -> BuildReport:
    """Add the inputs' new pages to the archive (created or upgraded as needed) and link them
    (`relink`: link the whole archive again, see link_archive). `jobs`: worker processes that
    extract the pages of a large build (run/parallel.py; the same articles as one process)."""
    from ..read import read_inputs
    from ..run.extract import Extractor

    db = connect(archive)
    db.execute(f"PRAGMA cache_size = -{BUILD_CACHE_KIB}")
    try:
        report = BuildReport()
        inputs = list(inputs)
        extractor = None
        since = None        # what this build adds to the template evidence
        if inputs:
            # the extractor enriches each article (entities, times, quotes) unless told not to.
            # collection=False: names are canonicalised per article, not by what earlier articles of
            # the run named (that would make an article depend on the order pages arrived in)
            extractor = Extractor(templates=templates, enrich=enrich, collection=False)
            extractor.jobs = jobs
            if templates:
                extractor.templates = TemplateIndex(loader=template_loader(db))
                since = BuildEvidence(db)
            items = new_items(db, read_inputs(inputs, stdin_format), extractor.process_sourced, report)
            store_items(db, progress(items) if progress else items, batch=batch, after_batch=after_batch,
                        report=report, evidence_added=since)
        if templates and db.execute("SELECT 1 FROM template_dirty LIMIT 1").fetchone() is not None:
            # pages stored earlier (this build's first blocks, earlier builds, a build killed
            # halfway) whose outlets' templates changed: extracted again as one build would
            extractor = extractor or Extractor(templates=True, enrich=enrich, collection=False)
            rec = reconcile(db, extractor, batch=batch, since=since)
            report.reextracted, report.reextract_failed = rec.reextracted, rec.failed
        return _finish(db, report, link, relink)
    finally:
        db.close()


def _finish(db, report: BuildReport, link: bool, relink: bool = False) -> BuildReport:
    """After the writes: the linking stage over the whole archive (unless skipped), then the counts
    (read when the links were written, so the summary counts what was linked)."""
    if link:
        report.linked, report.link_note, report.counts = link_archive(db, relink=relink)
    else:
        report.link_note = "linking skipped (--no-link)"
    if not report.counts:
        report.counts = counts(db, SUMMARY_TABLES)
    return report


def parquet_article_hash(article) -> str:
    """The archive key of an article read back from a `kliping spark` output: its id, URL and
    body hash (the page text itself is not in that output)."""
    import hashlib

    h = hashlib.sha256()
    for part in ("spark-article", article.id, article.url or "", article.content_hash, article.source):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def build_from_parquet(archive: str | Path, folder: str | Path, batch: int = BATCH, link: bool = True,
                       after_batch: Callable[[int], None] | None = None,
                       progress: Callable[[Iterable], Iterable] | None = None, relink: bool = False) -> BuildReport:
    """Load the articles a `kliping spark` run wrote (DIR/articles/*.parquet) into the archive:
    the same incremental, idempotent writes as a build from pages, then the linking stage."""
    from ..records import read_articles_parquet
    from .store import unseen

    db = connect(archive)
    try:
        report = BuildReport()
        items = unseen(db, read_articles_parquet(folder), parquet_article_hash, report)  # (hash, article)
        store_items(db, progress(items) if progress else items, batch=batch, after_batch=after_batch, report=report)
        return _finish(db, report, link, relink)
    finally:
        db.close()


class _Counted:
    """An iterable that counts what passed through it."""

    def __init__(self, items: Iterable) -> None:
        self.items, self.n = items, 0

    def __iter__(self):
        for x in self.items:
            self.n += 1
            yield x


class _Items:
    """What write_links reads of a dict (`items()`), made on demand."""

    def __init__(self, make: Callable[[], Iterable]) -> None:
        self.make = make

    def items(self) -> Iterable:
        return self.make()


# how many times linking starts again when another build added articles while it ran
LINK_TRIES = 3
# an incremental link adds at most this share of the linked articles; a larger batch links the
# whole archive again (about as fast then, and every link as one run in canonical order gives)
INCREMENTAL_MAX_SHARE = 0.25
# pages of earlier days added late (a backfill) are linked with the whole archive, in time order,
# while that takes well under a minute; a larger archive links them incrementally and says how to
# link it whole (`--relink`)
BACKFILL_RELINK_MAX = 50_000


class _ArchiveChanged(Exception):
    pass


def _link_state(db) -> tuple[int, int]:
    return tuple(db.execute("SELECT count(*), coalesce(max(rowid), 0) FROM articles").fetchone())


def _archive_file(db) -> Path | None:
    """The archive's file (None for a database in memory or a temporary one)."""
    for _seq, name, file in db.execute("PRAGMA database_list"):
        if name == "main":
            return Path(file) if file else None
    return None


def _saved_link_state(db) -> dict | None:
    row = db.execute("SELECT value FROM meta WHERE key = 'link_state'").fetchone()
    return json.loads(row[0]) if row else None


def _record_link_state(db, token: str, state: tuple[int, int], linker) -> None:
    import numpy as np

    times = linker.times[~np.isnan(linker.times)] if len(linker.times) else linker.times
    last = float(times.max()) if len(times) else None     # the latest day linked (days since 1970)
    db.execute("INSERT OR REPLACE INTO meta VALUES ('link_state', ?)",
               (json.dumps({"token": token, "max_rowid": state[1], "count": len(linker), "last_day": last}),))


def _backfill(db, info: dict) -> bool:
    """Whether most of the new dated articles are older than the linked ones (by more than a
    story's gap): pages of earlier days added late, which a whole link places in their time order."""
    from ..link.collection import _days
    from ..link.stories import GAP_DAYS

    last = info.get("last_day")
    if last is None:
        return False
    older = dated = 0
    for (day,) in db.execute("SELECT substr(coalesce(nullif(published, ''), nullif(published_estimate, '')), 1, 10) "
                             "FROM articles WHERE kind = 'article' AND rowid > ?", (info["max_rowid"],)):
        t = _days(day)
        if t == t:                # not nan
            dated += 1
            older += t < last - GAP_DAYS
    return older > dated / 2


def link_archive(db, relink: bool = False) -> tuple[bool, str, dict[str, int]]:
    """Run the linking stage (kliping.link) and store its output: duplicate groups, computed
    related articles, stories. Returns (ran, note, the archive's counts as linked).

    When the archive keeps the linking state of its last build (link/state.py) and only new
    articles came since (at most INCREMENTAL_MAX_SHARE of the linked ones, and not mostly of
    earlier days in an archive of up to BACKFILL_RELINK_MAX), only they are linked:
    they join the duplicate groups and stories as they stand and the related lists they change
    are rewritten; the rest of the archive's links stay. Otherwise, or with `relink`, the whole
    archive is linked again in canonical order (link/collection.py). When another build adds
    articles while this one links (concurrent builds), the links are computed again over the new
    collection (up to LINK_TRIES times; then stored, saying which articles the next build links)."""
    try:
        from ..link.collection import Linker
        from ..link import state as link_state
    except ImportError as e:
        return False, (f"linking stage (kliping.link) not available ({e}): no duplicate groups, related "
                       "articles or stories"), {}
    file = _archive_file(db)
    folder = link_state.state_dir(file) if file is not None else None
    if folder is not None:
        try:
            folder.mkdir(exist_ok=True)
        except OSError:              # a folder it may not write in: linked whole each time, as before
            folder = None
    if folder is not None and not relink:
        with link_state.locked(folder):
            done = _link_new(db, folder)
        if done is not None:
            return done
    for attempt in range(1, LINK_TRIES + 1):
        state = _link_state(db)
        # news articles only (listing and other pages tell no event), streamed in the canonical
        # order link() uses: the linker keeps its compact state, not every article
        linker = Linker(timelines=False)      # the archive stores no entity timelines
        linker.add(iter_link_articles(db))
        if not len(linker):
            return True, "nothing to link", counts(db, SUMMARY_TABLES)
        groups = linker.duplicate_groups()
        # stories and related links are built one at a time while they are written
        stories = _Counted(linker.iter_stories())
        related = _Items(linker.iter_related)
        seen: dict[str, int] = {}
        token = link_state.new_token() if folder is not None else None
        kept = []

        def check(state=state, last=attempt == LINK_TRIES) -> None:
            if _link_state(db) != state and not last:
                raise _ArchiveChanged

        def after(state=state) -> None:
            seen.update(counts(db, SUMMARY_TABLES))
            # the state is kept only when it is the archive's whole linking
            if token is not None and _link_state(db) == state:
                _record_link_state(db, token, state, linker)
                kept.append(True)
            else:
                db.execute("DELETE FROM meta WHERE key = 'link_state'")
        try:
            write_links(db, groups, stories, related, check=check, after=after)
        except _ArchiveChanged:
            continue
        n = len(linker)
        note = f"linked {n} articles: {len(groups)} duplicate groups, {stories.n} stories"
        if state[0] > n:
            note += f" ({state[0] - n} listing and other pages are not linked)"
        if seen["articles"] != state[0]:
            note += (f" ({seen['articles'] - state[0]} articles added meanwhile by another build "
                     "are linked by the next build)")
        if kept:
            note += _save_state(link_state, folder, linker, token)
        return True, note, seen
    raise AssertionError("unreachable")


def _save_state(link_state, folder: Path, linker, token: str, lock: bool = True) -> str:
    try:
        with link_state.locked(folder) if lock else nullcontext():     # else the caller holds it
            link_state.save(folder, linker, token)
    except OSError as e:       # the links are stored; the next build links the whole archive again
        link_state.forget(folder)
        return f" (linking state not kept: {e})"
    return ""


def _link_new(db, folder: Path) -> tuple[bool, str, dict[str, int]] | None:
    """Link only the articles added since the archive's saved linking state; None when that state
    cannot be used (missing, stale, from another version) or the new articles are too many."""
    from ..link import state as link_state

    info = _saved_link_state(db)
    if info is None:
        return None
    state = _link_state(db)
    fresh = db.execute("SELECT count(*) FROM articles WHERE kind = 'article' AND rowid > ?",
                       (info["max_rowid"],)).fetchone()[0]
    if not fresh:
        return (True, f"links kept: no new articles since the last linking ({info['count']} articles)",
                counts(db, SUMMARY_TABLES))
    if fresh > INCREMENTAL_MAX_SHARE * info["count"]:
        return None
    backfill = _backfill(db, info)
    if backfill and info["count"] <= BACKFILL_RELINK_MAX:
        return None
    t0 = time.perf_counter()
    linker = link_state.load(folder, info["token"])
    if linker is None:
        return None
    before = len(linker)
    t1 = time.perf_counter()
    new = linker.add(iter_link_articles(db, after_rowid=info["max_rowid"]))
    groups = linker.duplicate_groups(new)
    stories = _Counted(linker.stories_of(new))
    related = [(linker.ids[p], linker.related_of(p)) for p in linker.related_changed().tolist()]
    t2 = time.perf_counter()
    token = link_state.new_token()
    seen: dict[str, int] = {}

    def check() -> None:
        if _link_state(db) != state:
            raise _ArchiveChanged

    def after() -> None:
        _record_link_state(db, token, state, linker)
        seen.update(counts(db, SUMMARY_TABLES))
    try:
        write_link_changes(db, groups, stories, related, check=check, after=after)
    except _ArchiveChanged:
        return None
    t3 = time.perf_counter()
    kept = _save_state(link_state, folder, linker, token, lock=False)
    if backfill:
        kept += ("; most of them are older than the articles linked before: `kliping build --archive "
                 "ARCHIVE --relink` links the whole archive in time order")
    note = (f"linked {len(new)} new articles into the {before} linked before (the rest of the links kept): "
            f"{len(groups)} duplicate groups, {stories.n} stories and {len(related)} related lists written "
            f"(state read {t1 - t0:.1f} s, linked {t2 - t1:.1f} s, written {t3 - t2:.1f} s, "
            f"state kept {time.perf_counter() - t3:.1f} s)")
    return True, note + kept, seen
