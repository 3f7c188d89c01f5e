"""The `kliping` command: extract, train, eval."""
from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
from pathlib import Path
from typing import IO, Iterator

from .model import Article, Rejection


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, not a usage dump
        self.exit(2, f"kliping: error: {message} (see `kliping {self.prog.split()[-1]} --help`)\n"
                     if " " in self.prog else f"kliping: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="kliping", description="Scraped Indonesian news pages to clean, structured articles.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    x = sub.add_parser("extract", help="pages (txt, folder, jsonl[.gz|.zst], parquet, csv, '-') to articles")
    x.add_argument("inputs", nargs="+", help="files, folders, or - for standard input")
    x.add_argument("-o", "--output", help="output file (default: standard output); .gz compresses")
    x.add_argument("--format", choices=("jsonl", "text", "pretty"), default="jsonl",
                   help="jsonl records (default), clean text for corpora, or a readable view")
    x.add_argument("--roles", action="store_true", help="add every non-blank input line's role to each record")
    x.add_argument("--rejections", choices=("include", "omit"), default="include",
                   help="write rejection records in the JSONL output (default) or only count them")
    x.add_argument("--stdin-format", choices=("auto", "text", "jsonl"), default="auto")
    x.add_argument("--no-templates", action="store_true", help="do not learn outlet templates from the run")
    x.add_argument("--no-enrich", action="store_true",
                   help="skip entities, time expressions and quotes (mentions, entities, times, quotes stay empty)")
    x.add_argument("--aliases", type=Path, action="append", metavar="FILE",
                   help="an alias table extending the packaged one (same TSV form; repeatable)")
    x.add_argument("--model", type=Path, help="a line-role model file (default: the packaged one)")
    x.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")

    t = sub.add_parser("train", help="train the line-role model on labelled pages")
    t.add_argument("labelled", nargs="*", type=Path, help="labelled JSONL files (LABELS.md form)")
    t.add_argument("--pages", type=Path, help="pages file for labels stored without text")
    t.add_argument("--out", type=Path, help="model file to write (default: the packaged model)")
    t.add_argument("--c1", type=float)
    t.add_argument("--c2", type=float)
    t.add_argument("--html-bench", type=Path, metavar="DIR",
                   help="also train the HTML line-role model on an article-body benchmark folder (html/*.html.gz "
                        "+ ground-truth.json)")
    t.add_argument("--html-out", type=Path, help="HTML model file to write (default: the packaged one)")

    e = sub.add_parser("eval", help="score line roles and fields on labelled pages")
    e.add_argument("labelled", nargs="*", type=Path)
    e.add_argument("--pages", type=Path, help="pages file for labels stored without text")
    e.add_argument("--cv", action="store_true", help="outlet-grouped cross-validation (train on the other outlets)")
    e.add_argument("--folds", type=int, default=5)
    e.add_argument("--model", type=Path, help="model to score (default: the packaged one)")
    e.add_argument("--json", action="store_true", help="print the figures as JSON")
    e.add_argument("--misses", action="store_true", help="list pages whose body is not exactly right (and, on labelled pages, whose authors differ)")
    e.add_argument("--html-bench", type=Path, metavar="DIR",
                   help="score article bodies on an HTML benchmark folder with its own shingle measure "
                        "(host-grouped cross-validation; trafilatura in the same run when installed); labelled "
                        "files given too join every fold's training, in news-site HTML")
    e.add_argument("--fundus", type=Path, metavar="DIR",
                   help="score title, authors, publication day and body on the field benchmark folder "
                        "(publisher-grouped cross-validation with --cv, else the packaged models; trafilatura "
                        "in the same run when installed); --html-bench pages and labelled files join every "
                        "fold's training")
    e.add_argument("--estimate", action="store_true",
                   help="measure the estimated publication day by hiding the known dates of the labelled pages "
                        "(and of --fundus pages)")
    e.add_argument("--no-url", action="store_true",
                   help="give the labelled pages without their URLs (as bare text): what a run without page "
                        "addresses gets")
    e.add_argument("--groupings", type=int, default=1, metavar="N",
                   help="with --html-bench: repeat the cross-validation over N ways of dealing the hosts to the "
                        "folds and report each F1 and their median (the spread to expect on other pages)")
    e.add_argument("--as-html", action="store_true",
                   help="score the labelled pages set in news-site HTML with the HTML model (outlet-grouped "
                        "cross-validation; --html-bench pages join the training)")

    nt = sub.add_parser("ner-train", help="train the named-entity model from ../shared/data/ner")
    nt.add_argument("--data", type=Path, help="the NER data folder (default: ../shared/data/ner)")
    nt.add_argument("--out", type=Path, help="model file to write (default: the packaged model)")
    nt.add_argument("--c1", type=float)
    nt.add_argument("--c2", type=float)

    ne = sub.add_parser("ner-eval", help="entity F1 (exact span and type) of the named-entity model")
    ne.add_argument("--data", type=Path, help="the NER data folder (default: ../shared/data/ner)")
    ne.add_argument("--model", type=Path, help="model to score (default: the packaged one)")
    ne.add_argument("--test", type=Path, help="a CoNLL file, or a folder of them, to score instead of the dev splits")
    ne.add_argument("--json", action="store_true", help="print the figures as JSON")

    eq = sub.add_parser("eval-quotes", help="quote speakers against judged quotes of real pages")
    eq.add_argument("labels", nargs="?", type=Path, help="judged quotes (default: data/labels/quotes.jsonl)")
    eq.add_argument("--pages", type=Path, help="pages the quotes come from (default: ../shared/data/dev/pages.jsonl)")
    eq.add_argument("--misses", action="store_true", help="list the quotes whose speaker or entity is not right")
    eq.add_argument("--json", action="store_true", help="print the figures as JSON")

    from .spark.job import add_arguments as spark_arguments

    spark_arguments(sub.add_parser("spark", help="the same pipeline as a Spark job, articles written as Parquet "
                                                 "(needs pip install 'kliping[spark]' and Java 17)"))

    from .archive.cli import add_commands as add_archive_commands

    add_archive_commands(sub)   # build, serve, export (src/kliping/archive/cli.py)

    from .link.cli import add_parsers as add_link_commands

    add_link_commands(sub)      # link, eval-stories (src/kliping/link/cli.py)

    from .crawl.cli import add_parser as add_crawl_command

    add_crawl_command(sub)      # crawl (src/kliping/crawl/)
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command in ("build", "serve", "export"):
            from .archive.cli import run as run_archive_command

            return run_archive_command(args)
        if args.command == "extract":
            return _extract(args)
        if args.command == "train":
            return _train(args)
        if args.command == "ner-train":
            return _ner_train(args)
        if args.command == "ner-eval":
            return _ner_eval(args)
        if args.command == "eval-quotes":
            return _eval_quotes(args)
        if args.command in ("link", "eval-stories", "background-train"):
            from .link.cli import run as _link_run
            return _link_run(args)
        if args.command == "crawl":
            from .crawl.cli import run as run_crawl

            return run_crawl(args)
        if args.command == "spark":
            from .spark.job import run_cli

            return run_cli(args)
        return _eval(args)
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("kliping: interrupted", file=sys.stderr)
        return 130
    except (OSError, sqlite3.OperationalError) as e:
        from .outfile import full_disk_message

        message = full_disk_message(e)
        if message is None:
            return _bug(e)
        return _fail(message)
    except Exception as e:  # noqa: BLE001 - the last resort: a bug, reported in one line
        return _bug(e)


def _bug(exc: BaseException) -> int:
    """An error kliping did not expect: one line on the terminal, the traceback in a file to send
    with a bug report (KLIPING_DEBUG=1 shows it instead)."""
    import os
    import tempfile
    import traceback

    if os.environ.get("KLIPING_DEBUG"):
        raise exc
    fd, path = tempfile.mkstemp(prefix="kliping-error-", suffix=".txt")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(f"kliping {' '.join(sys.argv[1:])}\n\n")
        traceback.print_exception(exc, file=f)
    print(f"kliping: internal error ({type(exc).__name__}: {str(exc)[:200]}): this is a bug in kliping; "
          f"please report it with the command and the details in {path}", file=sys.stderr)
    return 70


def _fail(message: str) -> int:
    print(f"kliping: error: {message}", file=sys.stderr)
    return 2


def _extract(args: argparse.Namespace) -> int:
    from .read import check_inputs, read_inputs
    from .run.extract import Extractor
    from .outfile import full_disk_message, text_output
    from .run.summary import Summary

    problem = check_inputs(args.inputs)
    if problem:
        return _fail(problem)
    if args.model and not args.model.exists():
        return _fail(f"model not found: {args.model}")
    if args.inputs.count("-") > 1:
        return _fail("standard input can be read only once")
    for path in args.aliases or ():
        if not path.exists():
            return _fail(f"alias file not found: {path}")
    try:
        extractor = Extractor(args.model, templates=not args.no_templates, enrich=not args.no_enrich,
                              aliases=args.aliases)
    except ValueError as e:                  # a malformed alias file
        return _fail(str(e))
    summary = Summary()
    items = extractor.process(read_inputs(args.inputs, args.stdin_format))
    show_progress = not args.quiet and sys.stderr.isatty()
    try:
        with text_output(args.output) as out:
            for item in _progress(items, show_progress):
                summary.count(item)
                _write(out, item, args)
    except OSError as e:
        if isinstance(e, BrokenPipeError) or full_disk_message(e) or args.output in (None, "-"):
            raise
        return _fail(f"cannot write {args.output}: {e.strerror}")
    if not args.quiet:
        for line in summary.lines():
            print(line, file=sys.stderr)
    return 0


def _progress(items: Iterator[Article | Rejection], show: bool) -> Iterator[Article | Rejection]:
    if not show:
        yield from items
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(SpinnerColumn(), TextColumn("pages"), MofNCompleteColumn(), BarColumn(), TimeElapsedColumn(),
                  transient=True) as bar:
        task = bar.add_task("pages", total=None)
        for item in items:
            bar.advance(task)
            yield item


def _write(out: IO[str], item: Article | Rejection, args: argparse.Namespace) -> None:
    if args.format == "jsonl":
        if isinstance(item, Rejection):
            if args.rejections == "include":
                out.write(json.dumps(item.to_record(), ensure_ascii=False) + "\n")
            return
        out.write(json.dumps(item.to_record(with_roles=args.roles), ensure_ascii=False) + "\n")
    elif args.format == "text":
        if isinstance(item, Article) and item.kind == "article" and item.body:
            paras = ([item.title] if item.title else []) + item.body
            out.write("\n".join(paras) + "\n\n")
    else:
        from .render import render_pretty

        out.write(render_pretty(item) + "\n")


def _train(args: argparse.Namespace) -> int:
    from .clean import roles
    from .evaluate.cv import train_on
    from .evaluate.labelled import load_labelled

    if not args.labelled and not args.html_bench:
        return _fail("give labelled files, --html-bench DIR, or both")
    if args.html_bench:
        code = _train_html(args)
        if code or not args.labelled:
            return code
    for path in args.labelled:
        if not path.exists():
            return _fail(f"labelled file not found: {path}")
    pages = load_labelled(args.labelled, args.pages)
    out = args.out or roles.packaged_model_path()
    params = {k: v for k, v in (("c1", args.c1), ("c2", args.c2)) if v is not None}
    train_on(pages, out, **params)
    print(f"trained on {len(pages)} pages, {sum(len(p.lines) for p in pages)} lines -> {out}", file=sys.stderr)
    return 0


def _train_html(args: argparse.Namespace) -> int:
    from .clean.htmlroles import packaged_html_model_path, train_html
    from .evaluate.htmlbench import load_bench, training_pages

    if not (args.html_bench / "ground-truth.json").exists():
        return _fail(f"not a benchmark folder (no ground-truth.json): {args.html_bench}")
    pages = training_pages(load_bench(args.html_bench))
    n_bench = len(pages)
    if args.labelled:  # the labelled text pages too, set in news-site markup: every role, not only body
        from .evaluate.htmlsynth import synthetic_pages
        from .evaluate.labelled import load_labelled

        for path in args.labelled:
            if not path.exists():
                return _fail(f"labelled file not found: {path}")
        pages += synthetic_pages(load_labelled(args.labelled, args.pages))
    out = args.html_out or packaged_html_model_path()
    train_html(pages, out, note={"trained_on": str(args.html_bench), "labelled": [str(p) for p in args.labelled]})
    print(f"trained the HTML model on {n_bench} benchmark pages and {len(pages) - n_bench} labelled pages in HTML, "
          f"{sum(len(p.lines) for p in pages)} lines -> {out}", file=sys.stderr)
    return 0


def _eval_quotes(args: argparse.Namespace) -> int:
    from .evaluate.quotes import load_quote_labels, score_quotes
    from .link.cli import DEFAULT_PAGES
    from .link.evaluate import articles_from_pages

    root = Path(__file__).resolve().parents[2]
    labels_path = args.labels or root / "data" / "labels" / "quotes.jsonl"
    pages = args.pages or DEFAULT_PAGES
    for path in (labels_path, pages):
        if not path.exists():
            print(f"kliping: not found: {path}", file=sys.stderr)
            return 2
    labels = load_quote_labels(labels_path)
    wanted = {lab["id"] for lab in labels}
    articles = [a for a in articles_from_pages(pages) if a.id in wanted]
    sc = score_quotes(labels, articles)
    parts = sorted(sc.total)
    if args.json:
        print(json.dumps({"labelled": sc.labelled, "found": sc.found,
                          "sets": {p: {"quotes": sc.total[p], "speaker": round(sc.speaker[p] / sc.total[p], 4),
                                       "entity": round(sc.entity[p] / sc.total[p], 4)} for p in parts}}, indent=1))
    else:
        print(f"# quote speakers: {sc.found} of {sc.labelled} judged quotes found in {pages}")
        for p in parts + (["all"] if len(parts) > 1 else []):
            n = sum(sc.total.values()) if p == "all" else sc.total[p]
            s = sum(sc.speaker.values()) if p == "all" else sc.speaker[p]
            e = sum(sc.entity.values()) if p == "all" else sc.entity[p]
            print(f"set {p}: {n} quotes, speaker right {s / n:.3f} ({s}), speaker entity right {e / n:.3f} ({e})")
    if args.misses:
        print("\n".join(sc.misses))
    return 0


def _eval_html(args: argparse.Namespace) -> int:
    """The HTML benchmark's measure by cross-validation (with labelled files: the labelled pages in
    news markup join every fold's training, as in `kliping train --html-bench DIR labelled...`);
    with --as-html, line roles and fields of the labelled pages given as HTML."""
    from .evaluate.htmlbench import cross_validate_html, load_bench, score_trafilatura, training_pages
    from .evaluate.htmlsynth import cross_validate_synthetic, synthetic_pages
    from .evaluate.labelled import load_labelled

    if args.html_bench and not (args.html_bench / "ground-truth.json").exists():
        return _fail(f"not a benchmark folder (no ground-truth.json): {args.html_bench}")
    for path in args.labelled:
        if not path.exists():
            return _fail(f"labelled file not found: {path}")
    labelled = load_labelled(args.labelled, args.pages) if args.labelled else []
    bench = load_bench(args.html_bench) if args.html_bench else []
    if args.as_html:
        if not labelled:
            return _fail("--as-html scores labelled pages: give labelled files")
        scores = cross_validate_synthetic(labelled, training_pages(bench), k=args.folds)
        if args.json:
            print(json.dumps(scores.summary(), indent=1))
        else:
            print(f"# {len(labelled)} labelled pages set in news-site HTML (evaluate/htmlsynth.py layouts), HTML model "
                  f"by outlet-grouped {args.folds}-fold cross-validation" + (f", {len(bench)} benchmark pages in "
                                                                            "every fold's training" if bench else ""))
            print(scores.report())
        return 0
    if args.groupings < 1:
        return _fail("--groupings takes a number of 1 or more")
    extra = synthetic_pages(labelled) if labelled else None
    kl = cross_validate_html(bench, k=args.folds, extra=extra)
    rows = {"kliping": kl.summary()}
    if args.groupings > 1:
        f1s = [rows["kliping"]["f1"]] + [cross_validate_html(bench, k=args.folds, extra=extra, grouping=g).summary()["f1"]
                                         for g in range(1, args.groupings)]
        rows["groupings"] = {"f1": f1s, "median": round(statistics.median(f1s), 4), "min": min(f1s), "max": max(f1s)}
    peer = score_trafilatura(bench)
    if peer is not None:
        rows["trafilatura"] = peer.summary()
    if args.json:
        print(json.dumps(rows, indent=1))
        return 0
    print(f"# {len(bench)} pages of {args.html_bench}: shingle precision / recall averaged over pages, F1 of the "
          f"averages; kliping by host-grouped {args.folds}-fold cross-validation (never scored on pages it trained on)"
          + (f", with {len(labelled)} labelled pages in HTML in every fold's training" if labelled else ""))
    for name, r in rows.items():
        if name != "groupings":
            print(f"{name:12s} F1 {r['f1']:.4f}  precision {r['precision']:.4f}  recall {r['recall']:.4f}")
    if "groupings" in rows:
        g = rows["groupings"]
        print(f"kliping over {len(g['f1'])} groupings of the hosts into folds: F1 median {g['median']:.4f}, "
              f"min {g['min']:.4f}, max {g['max']:.4f} ({', '.join(f'{x:.4f}' for x in g['f1'])})")
    if peer is None:
        print("# trafilatura is not installed: pip install -e '.[bench]' to score it in the same run")
    return 0


def _eval_estimate(args: argparse.Namespace) -> int:
    from .evaluate import estimate
    from .evaluate.labelled import load_labelled

    for path in args.labelled:
        if not path.exists():
            return _fail(f"labelled file not found: {path}")
    if not args.labelled and not args.fundus:
        return _fail("--estimate scores labelled files or --fundus DIR: give one")
    rows = {}
    if args.labelled:
        rows["labelled"] = estimate.score_labelled(load_labelled(args.labelled, args.pages))
    if args.fundus:
        from .evaluate.fundus import load_fundus

        if not (args.fundus / "ground-truth.json").exists():
            return _fail(f"not a field benchmark folder (no ground-truth.json): {args.fundus}")
        rows["fundus"] = estimate.score_fundus(load_fundus(args.fundus))
    if args.json:
        print(json.dumps({k: v.summary() for k, v in rows.items()}, indent=1))
        return 0
    print("# estimated publication day, the known date hidden (body only: no date line, URL or head)")
    for name, sc in rows.items():
        r = sc.summary()
        print(f"{name:9s} dated pages {r['dated_pages']}, estimated {r['estimated']} ({r['coverage']:.1%}); "
              f"within one day {r['within_one_day']:.1%}, exact {r['exact_day']:.1%}; "
              f"estimates on {r['pages_naming_no_date']} pages whose lead names no date: {r['estimates_there']}")
        if args.misses:
            for m in sc.misses:
                print("  miss", *m)
    return 0


def _eval_fundus(args: argparse.Namespace) -> int:
    """Every field on the field benchmark: publisher-grouped cross-validation (--cv) or the
    packaged models, and trafilatura on the same pages."""
    from .evaluate import fundus
    from .evaluate.htmlbench import load_bench
    from .evaluate.htmlsynth import synthetic_pages
    from .evaluate.labelled import load_labelled

    if not (args.fundus / "ground-truth.json").exists():
        return _fail(f"not a field benchmark folder (no ground-truth.json): {args.fundus}")
    if args.html_bench and not (args.html_bench / "ground-truth.json").exists():
        return _fail(f"not a benchmark folder (no ground-truth.json): {args.html_bench}")
    for path in args.labelled:
        if not path.exists():
            return _fail(f"labelled file not found: {path}")
    pages = fundus.load_fundus(args.fundus)
    if args.cv:
        extra = synthetic_pages(load_labelled(args.labelled, args.pages)) if args.labelled else None
        bench = load_bench(args.html_bench) if args.html_bench else None
        rows = {"kliping": fundus.cross_validate_fundus(pages, k=args.folds, bench=bench, extra=extra)}
    else:
        rows = {"kliping": fundus.score_packaged(pages)}
    peer = fundus.score_trafilatura(pages)
    if peer is not None:
        rows["trafilatura"] = peer
    if args.json:
        print(json.dumps({k: v.summary() for k, v in rows.items()}, indent=1))
        return 0
    how = (f"publisher-grouped {args.folds}-fold cross-validation (no page scored by a model trained on its "
           "publisher)" if args.cv else "the packaged models (trained on none of these pages)")
    print(f"# {len(pages)} pages of {args.fundus}, {len({p.publisher for p in pages})} publishers; kliping by {how}")
    print(f"{'':12s} {'body F1':>8s} {'title':>7s} {'day':>7s} {'authors':>8s} {'people':>7s}")
    for name, sc in rows.items():
        r = sc.summary()
        print(f"{name:12s} {r['body_f1']:8.4f} {r['title_exact']:7.4f} {r['published_day']:7.4f} "
              f"{r['authors_f1']:8.4f} {r['people_f1']:7.4f}")
    print("# title: exact after whitespace normalisation; day: the publication day; authors: micro F1 over names "
          "as checked; people: the same without the publisher's own name and agencies in the checked lists")
    if peer is None:
        print("# trafilatura is not installed: pip install -e '.[bench]' to score it in the same run")
    if args.misses:
        for key, miss in rows["kliping"].misses.items():
            print(key, json.dumps(miss, ensure_ascii=False))
    return 0


def _eval(args: argparse.Namespace) -> int:
    from .clean.roles import packaged_model_path, training_ids
    from .evaluate.cv import cross_validate, evaluate
    from .evaluate.labelled import load_labelled

    if args.folds < 2:
        return _fail("--folds must be at least 2")
    if args.estimate:
        return _eval_estimate(args)
    if args.fundus:
        return _eval_fundus(args)
    if args.html_bench or args.as_html:
        return _eval_html(args)
    if not args.labelled:
        return _fail("give labelled files or --html-bench DIR")

    for path in args.labelled:
        if not path.exists():
            return _fail(f"labelled file not found: {path}")
    if args.folds < 2:
        return _fail("--folds must be at least 2")
    pages = load_labelled(args.labelled, args.pages)
    scores = (cross_validate(pages, k=args.folds, without_urls=args.no_url) if args.cv
              else evaluate(pages, args.model, without_urls=args.no_url))
    if args.json:
        print(json.dumps(scores.summary(), indent=1))
    else:
        how = f"outlet-grouped {args.folds}-fold cross-validation" if args.cv else "packaged model" if not args.model else str(args.model)
        print(f"# {how} on {len(pages)} labelled pages" + (", given without their URLs" if args.no_url else ""))
        if not args.cv:
            seen = training_ids(args.model or packaged_model_path()) & {p.id for p in pages}
            if seen:
                print(f"# note: {len(seen)} of these pages trained this model: in-sample figures; "
                      "`--cv` scores outlets the model never saw")
        print(scores.report())
    if args.misses:
        print("body not exactly right: " + " ".join(scores.misses))
        for page_id, labelled, found in scores.author_misses:
            print(f"authors {page_id}: labelled {labelled} found {found}")
    return 0


def _ner_train(args: argparse.Namespace) -> int:
    from .enrich.ner import packaged_model_path
    from .enrich.ner_data import default_data_dir
    from .enrich.ner_train import train

    data = args.data or default_data_dir()
    if not data.is_dir():
        return _fail(f"NER data folder not found: {data}")
    out = args.out or packaged_model_path()
    params = {k: v for k, v in (("c1", args.c1), ("c2", args.c2)) if v is not None}
    train(out, data, log=lambda msg: print(msg, file=sys.stderr), **params)
    print(f"NER model -> {out}", file=sys.stderr)
    return 0


def _ner_eval(args: argparse.Namespace) -> int:
    from .enrich.ner import NerModel
    from .enrich.ner_data import default_data_dir
    from .enrich.ner_train import evaluate_dev, evaluate_file, report

    if args.model and not args.model.exists():
        return _fail(f"model not found: {args.model}")
    model = NerModel(args.model)
    if args.test:
        if not args.test.exists():
            return _fail(f"test file not found: {args.test}")
        scores = evaluate_file(model, args.test)
        how = f"{args.test}"
    else:
        data = args.data or default_data_dir()
        if not data.is_dir():
            return _fail(f"NER data folder not found: {data}")
        scores = evaluate_dev(model, data)
        how = f"dev splits in {data}"
    if args.json:
        print(json.dumps({name: sc.summary() for name, sc in scores.items()}, indent=1))
    else:
        print(f"# entity F1 (exact span and type, conlleval rules), {how}, model {model.path}")
        print(report(scores))
    return 0


if __name__ == "__main__":
    sys.exit(main())
