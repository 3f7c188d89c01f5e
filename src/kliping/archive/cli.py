"""The archive's commands: `kliping build`, `kliping serve`, `kliping export`."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

COMMANDS = ("build", "serve", "export")


def add_commands(sub) -> None:
    from .store import BATCH

    b = sub.add_parser("build", help="run the pipeline and add the pages to an SQLite archive (incremental)")
    b.add_argument("inputs", nargs="*", help="files, folders, or - (none: only upgrade the archive and link what is not linked yet)")
    b.add_argument("--archive", required=True, type=Path, help="the archive file (created when missing)")
    b.add_argument("--batch", type=int, default=BATCH, help=f"pages written per transaction (default {BATCH})")
    b.add_argument("--no-enrich", action="store_true", help="do not add entities, time expressions and quotes")
    b.add_argument("--no-link", action="store_true", help="do not run the linking stage (duplicates, related, stories)")
    b.add_argument("--relink", action="store_true",
                   help="link the whole archive again, in canonical order, instead of only the new articles")
    b.add_argument("--no-templates", action="store_true", help="do not learn outlet templates from the run")
    b.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="worker processes extracting the pages of a large build (default: the CPUs, at most 8; "
                        "1: this process only; the articles are the same either way)")
    b.add_argument("--stdin-format", choices=("auto", "text", "jsonl"), default="auto")
    b.add_argument("--from-parquet", metavar="DIR", type=Path,
                   help="load the articles a `kliping spark` run wrote to DIR (instead of pages)")
    b.add_argument("-q", "--quiet", action="store_true", help="no progress and no summary")

    s = sub.add_parser("serve", help="the web reader and JSON API over an archive (read-only)")
    s.add_argument("archive", type=Path)
    s.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--lang", choices=("id", "en"), default="id", help="interface language (default id)")
    s.add_argument("--workers", type=int, default=None,
                   help="server processes (default: one per CPU core this process may use, at most 8)")
    s.add_argument("--search-cache", type=int, default=256,
                   help="searches whose results each process keeps for a repeat (default 256; 0: none)")
    s.add_argument("--groups", action="append", default=[], metavar="FILE",
                   help="outlet groups and collections (the form of the packaged outlet_groups.tsv); repeatable")

    e = sub.add_parser("export", help="articles of an archive, or the hits of a search, as CSV, JSON Lines, "
                                      "Parquet or a clean-text corpus")
    e.add_argument("archive", type=Path)
    e.add_argument("-o", "--output", required=True,
                   help="output file: .csv, .jsonl, .parquet or .txt ('-' for standard output, not for parquet)")
    e.add_argument("--format", choices=EXPORT_FORMATS, help="default: from the output's extension")
    e.add_argument("-q", "--query", default="", help='a search, as in the reader: words, "phrases", OR, -word')
    e.add_argument("--from", dest="date_from", default="", help="published on or after (YYYY-MM-DD, YYYY-MM, YYYY)")
    e.add_argument("--to", dest="date_to", default="", help="published on or before")
    e.add_argument("--outlet", action="append", default=[],
                   help="an outlet (its host, as in the reader); repeat it: articles of any of them")
    e.add_argument("--group", action="append", default=[],
                   help="a network or collection (outlet_groups.tsv, --groups) or a registered domain: its outlets")
    e.add_argument("--groups", action="append", default=[], metavar="FILE",
                   help="outlet groups and collections of your own (the form of outlet_groups.tsv)")
    e.add_argument("--entity", action="append", default=[],
                   help="articles naming this entity (its key, e.g. PER:joko_widodo); repeat it: all of them")
    e.add_argument("--lang", default="", help="article language (id, en, ...)")
    e.add_argument("--kind", choices=("article", "listing", "other", "all"), default=None,
                   help="only pages of this kind (default: all for csv/jsonl/parquet, article for text)")
    e.add_argument("--dedup", action="store_true", help="leave out the non-canonical members of duplicate groups "
                                                         "(always on for text)")
    e.add_argument("--no-aliases", action="store_true",
                   help="search the query's words only, not the other names of the entities it names")


EXPORT_FORMATS = ("csv", "jsonl", "parquet", "text")
_EXTENSIONS = {".csv": "csv", ".jsonl": "jsonl", ".json": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet",
               ".txt": "text"}


def _fail(message: str) -> int:
    print(f"kliping: error: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    from .schema import ArchiveError

    try:
        if args.command == "build":
            return _build(args)
        if args.command == "serve":
            return _serve(args)
        return _export(args)
    except ArchiveError as e:
        return _fail(str(e))


def _build(args: argparse.Namespace) -> int:
    from ..read import check_inputs
    from .build import build_archive, build_from_parquet

    if args.batch < 1:
        return _fail("--batch must be at least 1")
    show = not args.quiet and sys.stderr.isatty()
    if args.from_parquet is not None:
        if args.inputs:
            return _fail("give either page inputs or --from-parquet DIR, not both")
        if not args.from_parquet.exists():
            return _fail(f"{args.from_parquet}: no such file or folder")
        try:
            report = build_from_parquet(args.archive, args.from_parquet, batch=args.batch, link=not args.no_link,
                                        progress=_with_bar if show else None, relink=args.relink)
        except FileNotFoundError as e:
            return _fail(str(e))
    else:
        problem = check_inputs(args.inputs)
        if problem:
            return _fail(problem)
        from ..run.parallel import default_jobs

        jobs = default_jobs() if args.jobs is None else args.jobs
        if jobs < 1:
            return _fail("--jobs must be at least 1")
        report = build_archive(args.archive, args.inputs, batch=args.batch, enrich=not args.no_enrich,
                               link=not args.no_link, templates=not args.no_templates,
                               stdin_format=args.stdin_format, progress=_with_bar if show else None,
                               relink=args.relink, jobs=jobs)
    if not args.quiet:
        c = report.counts
        print(f"documents read: {report.read} ({report.skipped} already in the archive)", file=sys.stderr)
        print(f"added: {report.articles} articles, {report.rejections} rejections", file=sys.stderr)
        if report.reextracted or report.reextract_failed:
            print(f"re-extracted: {report.reextracted} stored pages whose outlet templates changed"
                  + (f" ({report.reextract_failed} stored pages could not be read back)"
                     if report.reextract_failed else ""), file=sys.stderr)
        print(f"archive {args.archive}: {c['articles']} articles, {c['rejections']} rejections, "
              f"{c['entities']} entities, {c['stories']} stories, {c['duplicate_groups']} duplicate groups",
              file=sys.stderr)
        print(report.link_note, file=sys.stderr)
    return 0


def default_workers() -> int:
    """One server process per core this process may run on (each answers requests with its own
    SQLite connections; threads of one process would share one core through the GIL), at most 8."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:      # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(8, cores))


def _with_bar(items):
    """A progress bar over (hash, item) pairs on a terminal."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(SpinnerColumn(), TextColumn("new pages"), MofNCompleteColumn(), BarColumn(), TimeElapsedColumn(),
                  transient=True) as bar:
        task = bar.add_task("pages", total=None)
        for pair in items:
            bar.advance(task)
            yield pair


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from ..web import create_app

    from .outlet_groups import configure

    try:
        configure(args.groups)
    except (OSError, ValueError) as e:
        return _fail(f"outlet groups: {e}")
    app = create_app(args.archive, lang=args.lang, search_cache=args.search_cache)   # ArchiveError here: missing, old, not an archive
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"kliping: note: serving on {args.host}: other machines can reach the reader", file=sys.stderr)
    workers = default_workers() if args.workers is None else args.workers
    if workers < 1:
        return _fail("--workers must be at least 1")
    print(f"kliping: serving {args.archive} read-only at http://{args.host}:{args.port}/ "
          f"({workers} worker{'s' if workers > 1 else ''})", file=sys.stderr)
    if workers > 1:
        # worker processes import the app themselves: they find the archive in the environment
        os.environ["KLIPING_ARCHIVE"] = str(args.archive.resolve())
        os.environ["KLIPING_LANG"] = args.lang
        os.environ["KLIPING_SEARCH_CACHE"] = str(args.search_cache)
        os.environ["KLIPING_GROUPS"] = os.pathsep.join(str(Path(g).resolve()) for g in args.groups)
        uvicorn.run("kliping.web:app_from_env", factory=True, host=args.host, port=args.port,
                    workers=workers, log_level="warning")
    else:
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


def _export(args: argparse.Namespace) -> int:
    from ..outfile import partial_path, text_output
    from .export import Selection, export_csv, export_jsonl, export_parquet, export_text
    from .schema import connect
    from .search import Filters, QueryError

    fmt = args.format
    if fmt is None:
        if args.output == "-":
            fmt = "jsonl"
        else:
            ext = Path(args.output.lower().removesuffix(".gz")).suffix
            fmt = _EXTENSIONS.get(ext)
            if fmt is None:
                return _fail(f"cannot tell the format from {args.output!r}: name it .csv, .jsonl, .parquet or .txt, "
                             "or give --format")
    kind = None if args.kind == "all" else args.kind
    if fmt == "text" and args.kind is None:
        kind = "article"
    from . import outlet_groups

    try:
        outlet_groups.configure(args.groups)
    except (OSError, ValueError) as e:
        return _fail(f"outlet groups: {e}")
    db = connect(args.archive, readonly=True)
    outlets = list(args.outlet)
    if args.group:
        known = [r[0] for r in db.execute("SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL")]
        for g in args.group:
            found = outlet_groups.members(g, known, outlet_groups.load_groups())
            if not found:
                db.close()
                return _fail(f"the archive holds no outlet of the group {g!r}")
            outlets += found
    one_or_many = lambda vs: None if not vs else vs[0] if len(vs) == 1 else tuple(dict.fromkeys(vs))  # noqa: E731
    filters = Filters(outlet=one_or_many(outlets), date_from=args.date_from or None, date_to=args.date_to or None,
                      entity=one_or_many(args.entity), lang=args.lang or None)
    selection = Selection(args.query, filters, kind=kind, dedup=args.dedup or fmt == "text",
                          aliases=not args.no_aliases)
    try:
        if fmt == "parquet":
            if args.output == "-":
                return _fail("Parquet needs a file: give -o FILE.parquet")
            with partial_path(args.output) as tmp:    # a whole file or none, even on a full disk
                n = export_parquet(db, tmp, selection)
        else:
            with text_output(args.output) as out:
                n = {"text": export_text, "csv": export_csv, "jsonl": export_jsonl}[fmt](db, out, selection)
    except QueryError as e:
        return _fail(str(e))
    finally:
        db.close()
    print(f"exported {n} articles ({fmt}) to {args.output}", file=sys.stderr)
    return 0
