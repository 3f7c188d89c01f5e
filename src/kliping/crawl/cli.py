"""`kliping crawl OUTLETS.toml --archive news.db`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_parser(sub) -> None:
    c = sub.add_parser("crawl", help="fetch the outlets' new articles (feeds, sitemaps, sections) into an archive, "
                                     "politely, keeping every response in WARC")
    c.add_argument("outlets", nargs="?", help="the outlets file (TOML); `--example` prints a packaged one to start from")
    c.add_argument("--archive", type=Path, help="the archive file (created when missing)")
    c.add_argument("--warc", type=Path, metavar="DIR", help="folder for the WARC files (default: ARCHIVE.warc beside it)")
    c.add_argument("--outlet", action="append", default=[], metavar="NAME", help="only this outlet (repeatable)")
    c.add_argument("--max-pages", type=int, metavar="N", help="at most N article pages per outlet in this run")
    c.add_argument("--batch", type=int, default=50, help="pages processed and written together (default 50)")
    c.add_argument("--no-enrich", action="store_true", help="do not add entities, time expressions and quotes")
    c.add_argument("--no-link", action="store_true", help="do not run the linking stage afterwards")
    c.add_argument("--example", action="store_true", help="print the packaged example outlets file and stop")
    c.add_argument("-v", "--verbose", action="store_true", help="Scrapy's log on the terminal")
    c.add_argument("-q", "--quiet", action="store_true", help="no progress and no summary")


def run(args: argparse.Namespace) -> int:
    from .outlets import OutletsError, example_outlets_path

    if args.example:
        sys.stdout.write(example_outlets_path().read_text(encoding="utf-8"))
        return 0
    if not args.outlets or not args.archive:
        print("kliping crawl: give an outlets file and --archive FILE (`kliping crawl --example > outlets.toml` "
              "writes one to start from)", file=sys.stderr)
        return 2
    from ..archive.schema import ArchiveError
    from .run import crawl

    try:
        report = crawl(args.outlets, args.archive, warc_dir=args.warc, batch=max(1, args.batch),
                       enrich=not args.no_enrich, link=not args.no_link, only=args.outlet or None,
                       max_pages=args.max_pages, progress=not args.quiet, verbose=args.verbose)
    except (OutletsError, ArchiveError) as e:
        print(f"kliping crawl: {e}", file=sys.stderr)
        return 2
    if not args.quiet:
        print_summary(report, args.archive)
    return 0


def print_summary(report, archive) -> None:
    t = report.tally
    out = sys.stderr
    print(f"crawl of {len(report.outlets)} outlets in {report.seconds:.1f} s; raw responses in {report.warc}", file=out)
    width = max(len(n) for n in report.outlets)
    # held: listed again but already in the archive (not fetched), or fetched and found unchanged
    print(f"  {'outlet':<{width}}  fetched  stored  held  rejected  failed", file=out)
    for name in report.outlets:
        rej, fail = t.rejected.get(name, {}), t.failed.get(name, {})
        print(f"  {name:<{width}}  {report.fetched.get(name, 0):7d}  {t.stored[name]:6d}  {t.skipped[name] + report.held.get(name, 0):4d}  "
              f"{sum(rej.values()):8d}  {sum(fail.values()):6d}"
              + (f"   ({', '.join(f'{k} {v}' for k, v in sorted({**rej, **fail}.items()))})" if rej or fail else ""),
              file=out)
    if sum(t.recovered.values()):
        print(f"recovered from an earlier run's WARC file: {sum(t.recovered.values())} articles", file=out)
    for err in report.source_errors:
        print(f"feed or sitemap not read: {err}", file=out)
    c = report.build.counts
    print(f"archive {archive}: {c.get('articles', 0)} articles, {c.get('rejections', 0)} rejections", file=out)
    if report.build.link_note:
        print(report.build.link_note, file=out)
