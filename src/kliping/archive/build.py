"""`build_archive`: inputs -> pipeline (extract, enrich) -> archive, then the linking stage."""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from ..clean.templates import TemplateIndex
from .schema import connect
from .store import BuildReport, counts, iter_link_articles, new_items, store_items, write_links
from .templates import loader as template_loader
from .templates import reconcile


def build_archive(archive: str | Path, inputs: Iterable[str], batch: int = 200, enrich: bool = True,
                  link: bool = True, templates: bool = True, stdin_format: str = "auto",
                  after_batch: Callable[[int], None] | None = None,
                  progress: Callable[[Iterable], Iterable] | None = None) -> BuildReport:
    """Add the inputs' new pages to the archive (created or upgraded as needed) and relink it."""
    from ..read import read_inputs
    from ..run.extract import Extractor

    db = connect(archive)
    try:
        report = BuildReport()
        inputs = list(inputs)
        extractor = None
        if inputs:
            # the extractor enriches each article (entities, times, quotes) unless told not to.
            # collection=False: names are canonicalised per article, not by what earlier articles of
            # the run named (that would make an article depend on the order pages arrived in)
            extractor = Extractor(templates=templates, enrich=enrich, collection=False)
            if templates:
                extractor.templates = TemplateIndex(loader=template_loader(db))
            items = new_items(db, read_inputs(inputs, stdin_format), extractor.process_sourced, report)
            store_items(db, progress(items) if progress else items, batch=batch, after_batch=after_batch,
                        report=report)
        if templates and db.execute("SELECT 1 FROM template_dirty LIMIT 1").fetchone() is not None:
            # pages stored earlier (this build's first blocks, earlier builds, a build killed
            # halfway) whose outlets' templates changed: extracted again as one build would
            extractor = extractor or Extractor(templates=True, enrich=enrich, collection=False)
            rec = reconcile(db, extractor, batch=batch)
            report.reextracted, report.reextract_failed = rec.reextracted, rec.failed
        return _finish(db, report, link)
    finally:
        db.close()


def _finish(db, report: BuildReport, link: bool) -> BuildReport:
    """After the writes: the linking stage over the whole archive (unless skipped), then the counts
    (read when the links were written, so the summary counts what was linked)."""
    if link:
        report.linked, report.link_note, report.counts = link_archive(db)
    else:
        report.link_note = "linking skipped (--no-link)"
    if not report.counts:
        report.counts = counts(db)
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


def build_from_parquet(archive: str | Path, folder: str | Path, batch: int = 200, link: bool = True,
                       after_batch: Callable[[int], None] | None = None,
                       progress: Callable[[Iterable], Iterable] | None = None) -> BuildReport:
    """Load the articles a `kliping spark` run wrote (DIR/articles/*.parquet) into the archive:
    the same incremental, idempotent writes as a build from pages, then the linking stage."""
    from ..records import read_articles_parquet
    from .store import unseen

    db = connect(archive)
    try:
        report = BuildReport()
        items = unseen(db, read_articles_parquet(folder), parquet_article_hash, report)  # (hash, article)
        store_items(db, progress(items) if progress else items, batch=batch, after_batch=after_batch, report=report)
        return _finish(db, report, link)
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


class _ArchiveChanged(Exception):
    pass


def _link_state(db) -> tuple[int, int]:
    return tuple(db.execute("SELECT count(*), coalesce(max(rowid), 0) FROM articles").fetchone())


def link_archive(db) -> tuple[bool, str, dict[str, int]]:
    """Run the linking stage (kliping.link) over every archived article and store its output:
    duplicate groups, computed related articles, stories. Returns (ran, note, the archive's counts
    as linked).

    The whole archive is relinked after each build: the groups and stories a new article joins
    can change the old ones, and the link tables are the collection's current linking. When
    another build adds articles while this one links (concurrent builds), the links are computed
    again over the new collection (up to LINK_TRIES times; then stored, saying which articles the
    next build links)."""
    try:
        from ..link.collection import Linker
    except ImportError as e:
        return False, (f"linking stage (kliping.link) not available ({e}): no duplicate groups, related "
                       "articles or stories"), {}
    for attempt in range(1, LINK_TRIES + 1):
        state = _link_state(db)
        # news articles only (listing and other pages tell no event), streamed in the canonical
        # order link() uses: the linker keeps its compact state, not every article
        linker = Linker()
        linker.add(iter_link_articles(db))
        if not len(linker):
            return True, "nothing to link", counts(db)
        groups = linker.duplicate_groups()
        # stories and related links are built one at a time while they are written
        stories = _Counted(linker.iter_stories())
        related = _Items(linker.iter_related)
        seen: dict[str, int] = {}

        def check(state=state, last=attempt == LINK_TRIES) -> None:
            if _link_state(db) != state and not last:
                raise _ArchiveChanged
        try:
            write_links(db, groups, stories, related, check=check, after=lambda: seen.update(counts(db)))
        except _ArchiveChanged:
            continue
        n = len(linker)
        note = f"linked {n} articles: {len(groups)} duplicate groups, {stories.n} stories"
        if state[0] > n:
            note += f" ({state[0] - n} listing and other pages are not linked)"
        if seen["articles"] != state[0]:
            note += (f" ({seen['articles'] - state[0]} articles added meanwhile by another build "
                     "are linked by the next build)")
        return True, note, seen
    raise AssertionError("unreachable")
