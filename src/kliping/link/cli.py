"""`kliping link`, `kliping eval-stories` and `kliping background-train`: the linking stage's commands
(registered in kliping/cli.py)."""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

DEFAULT_PAGES = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "dev" / "pages.jsonl"
_LABELS = Path(__file__).resolve().parents[3] / "data" / "labels"
# events.jsonl: 81 pages of 43 events (the multi-outlet events and their same-topic, other-date hard
# negatives; the story parameters were chosen on these); events-more.jsonl: 195 further dev pages
# judged later, most of them reports no other dev page gives (hard negatives of their topic)
DEFAULT_EVENTS = [_LABELS / "events.jsonl", _LABELS / "events-more.jsonl"]


def add_parsers(sub) -> None:
    lk = sub.add_parser("link", help="link an article collection: duplicates, related articles, stories, timelines")
    lk.add_argument("articles", type=Path, help="kliping's JSONL output (`kliping extract`)")
    lk.add_argument("--out", type=Path, required=True, help="folder for articles.jsonl, duplicates.jsonl, "
                                                            "stories.jsonl, entities.jsonl")
    lk.add_argument("--min-story", type=int, default=1, help="write only stories of at least this many articles")

    ev = sub.add_parser("eval-stories", help="pairwise precision/recall/F1 of stories on labelled news events")
    ev.add_argument("events", nargs="*", type=Path, default=DEFAULT_EVENTS,
                    help="events files: {\"id\", \"event\"} per line (default: data/labels/events.jsonl "
                         "and data/labels/events-more.jsonl)")
    src = ev.add_mutually_exclusive_group()
    src.add_argument("--pages", type=Path, help="pages to extract and link (default: ../shared/data/dev/pages.jsonl)")
    src.add_argument("--articles", type=Path, help="already extracted articles (kliping JSONL) to link")
    ev.add_argument("--json", action="store_true", help="print the figures as JSON")
    ev.add_argument("--sweep", action="store_true", help="also score a range of story thresholds")
    ev.add_argument("--halves", action="store_true",
                    help="tune the story threshold on half of the events (split by event family) and score the other half")
    ev.add_argument("--background", choices=("held-out", "shipped", "none"),
                    help="term-weight background table: held-out scores each half of the events from a run whose "
                         "table was counted without that half's pages (the default on the dev pages, which the "
                         "shipped table was counted from); shipped is the package's table (the default for other "
                         "pages: what a user's run uses); none counts the run only")
    ev.add_argument("--alone", action="store_true",
                    help="also link each half's pages alone (as a small run of unseen pages is linked), with no "
                         "background table, the shipped one, and one built from the other half's and the "
                         "unlabelled pages only")
    bg = sub.add_parser("background-train",
                        help="count the background document frequencies of story terms (models/background-df.tsv)")
    bg.add_argument("pages", nargs="*", type=Path,
                    help="pages to extract and count (default: ../shared/data/dev/pages.jsonl)")
    bg.add_argument("--out", type=Path, help="table to write (default: the one shipped in the package)")


def run(args: argparse.Namespace) -> int:
    if args.command == "link":
        return _link(args)
    if args.command == "background-train":
        return _background_train(args)
    return _eval(args)


def _background_train(args: argparse.Namespace) -> int:
    from .background import BACKGROUND_PATH, background_from_articles, write_background
    from .evaluate import articles_from_pages

    paths = args.pages or [DEFAULT_PAGES]
    for path in paths:
        if not path.exists():
            return _fail(f"pages file not found: {path}")
    articles = [a for path in paths for a in articles_from_pages(path)]
    bg = background_from_articles(a for a in articles if a.kind == "article")
    out = args.out or BACKGROUND_PATH
    write_background(bg, out)
    print(f"background: {len(bg)} stems in >= 2 of {bg.docs} distinct articles ({len(articles)} read) -> {out}",
          file=sys.stderr)
    return 0


def _fail(message: str) -> int:
    print(f"kliping: error: {message}", file=sys.stderr)
    return 2


def _link(args: argparse.Namespace) -> int:
    from .collection import Linker, canonical_order
    from .records import article_from_record, read_records

    if not args.articles.exists():
        return _fail(f"articles file not found: {args.articles}")
    with open(args.articles, encoding="utf-8") as f:
        records = list(read_records(f))
    articles = [article_from_record(r) for r in records if r.get("type", "article") == "article"]
    linker = Linker()
    linker.add(canonical_order(a for a in articles if a.kind == "article"))
    args.out.mkdir(parents=True, exist_ok=True)
    by_id = {a.id: a for a in articles}
    with open(args.out / "articles.jsonl", "w", encoding="utf-8") as f:
        for r in records:
            if r.get("type", "article") == "article":
                a = linker.annotate(by_id[r["id"]])
                f.write(json.dumps(a.to_record(), ensure_ascii=False) + "\n")
            else:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    groups = linker.duplicate_groups()
    stories = linker.stories(min_articles=args.min_story)
    timelines = linker.entity_timelines()
    _write(args.out / "duplicates.jsonl", [asdict(g) for g in groups])
    _write(args.out / "stories.jsonl", [asdict(s) for s in stories])
    _write(args.out / "entities.jsonl", [asdict(t) for t in timelines])
    multi = sum(1 for s in stories if len(s.timeline) > 1)
    print(f"linked {len(linker)} articles: {len(groups)} duplicate groups, {len(stories)} stories "
          f"({multi} with 2+ articles), {len(timelines)} entity timelines -> {args.out}", file=sys.stderr)
    return 0


def _write(path: Path, rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def _eval(args: argparse.Namespace) -> int:
    from .collection import LinkParams, canonical_order
    from .evaluate import articles_from_jsonl, articles_from_pages, link_stories, load_events
    from .stories import StoryParams

    for path in args.events:
        if not path.exists():
            return _fail(f"events file not found: {path}")
    try:
        events = load_events(*args.events)
    except ValueError as e:
        return _fail(str(e))
    if args.articles:
        if not args.articles.exists():
            return _fail(f"articles file not found: {args.articles}")
        articles = articles_from_jsonl(args.articles)
        source = args.articles
    else:
        pages = args.pages or DEFAULT_PAGES
        if not pages.exists():
            return _fail(f"pages file not found: {pages}")
        articles = articles_from_pages(pages)
        source = pages
    articles = canonical_order(a for a in articles if a.kind == "article")
    if args.background is None:
        # the shipped table was counted from the dev pages: on them only a held-out table is fair
        dev = args.articles is None and (args.pages is None or args.pages.resolve() == DEFAULT_PAGES.resolve())
        args.background = "held-out" if dev else "shipped"

    def score(params: LinkParams | None = None):
        return link_stories(articles, events, params, args.background)

    sc = score()
    missing = sorted(set(events) - {a.id for a in articles})
    if args.json:
        out = sc.summary()
        out["missing"] = missing
        out["background"] = args.background
        print(json.dumps(out, indent=1))
    else:
        print(f"# stories on {sc.pages} labelled pages ({sc.events} events, {sc.events_3plus} with 3+ pages) "
              f"of {len(articles)} articles linked from {source}; background table: {args.background}")
        print(f"pairwise precision {sc.precision:.4f}  recall {sc.recall:.4f}  F1 {sc.f1:.4f}  "
              f"(pairs: {sc.tp} right, {sc.fp} wrongly together, {sc.fn} wrongly apart)")
        print(f"B-cubed precision {sc.b3_precision:.4f}  recall {sc.b3_recall:.4f}  F1 {sc.b3_f1:.4f}")
        print(f"stories merging two labelled events: {len(sc.merges)}" +
              "".join(f"\n  merged: {' + '.join(m)}" for m in sc.merges))
        if sc.splits:
            print("events split over stories: " + ", ".join(f"{e} ({n})" for e, n in sc.splits.items()))
        if missing:
            print(f"# {len(missing)} labelled ids not among the articles: {' '.join(missing[:10])}")
    grid = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
    if args.sweep:
        print("# threshold sweep: threshold precision recall F1 merges")
        for th in grid:
            s = score(LinkParams(stories=StoryParams(threshold=th)))
            print(f"{th:.2f} {s.precision:.4f} {s.recall:.4f} {s.f1:.4f} {len(s.merges)}")
    if args.halves:
        _halves(events, articles, grid, args.background)
    if args.alone:
        _alone(events, articles)
    return 0


def _alone(events: dict[str, str], articles: list) -> None:
    """Each half's labelled pages linked on their own, the way a small run of pages from unseen
    outlets is: with no background table, with the shipped one (counted from all dev pages, so
    in-sample here), and with one counted from the other half's and the unlabelled pages only."""
    from .background import background_from_articles
    from .evaluate import halves, score_alone

    print("# each half linked alone: background none / shipped (in-sample on the dev pages) / other half + "
          "unlabelled (held out)")
    for name, half in zip("AB", halves(events)):
        held_out = background_from_articles(x for x in articles if x.id not in half)
        for label, bg in (("none", False), ("shipped", True), ("held out", held_out)):
            sc = score_alone(articles, half, bg)
            print(f"half {name} alone ({sc.events} events, {sc.pages} pages), background {label}: pairwise "
                  f"P {sc.precision:.4f} R {sc.recall:.4f} F1 {sc.f1:.4f}, B-cubed F1 {sc.b3_f1:.4f}, "
                  f"merges {len(sc.merges)}")


def _halves(events: dict[str, str], articles: list, grid: tuple[float, ...], background: str) -> None:
    """Tune the story threshold on one half of the events (by family), score the other half with it."""
    from .collection import LinkParams
    from .evaluate import halves, score_stories, story_assignment
    from .stories import StoryParams

    story_of: dict[float, dict[str, str | None]] = {}
    for th in grid:                      # the whole collection linked once per threshold (twice held-out)
        story_of[th] = story_assignment(articles, events, LinkParams(stories=StoryParams(threshold=th)),
                                        background)[0]
    a, b = halves(events)
    print("# halves by event family: the threshold with the best F1 and no merge on one half, "
          "scored on the other")
    for name, tune, test in (("A", a, b), ("B", b, a)):
        tuned = {th: score_stories(tune, story_of[th]) for th in grid}
        best = max(grid, key=lambda th: (not tuned[th].merges, round(tuned[th].f1, 6), -abs(th - 0.25)))
        sc = score_stories(test, story_of[best])
        print(f"tuned on {name} ({tuned[best].events} events, F1 {tuned[best].f1:.4f}): threshold {best:.2f}; "
              f"other half ({sc.events} events, {sc.pages} pages): pairwise P {sc.precision:.4f} "
              f"R {sc.recall:.4f} F1 {sc.f1:.4f}, B-cubed F1 {sc.b3_f1:.4f}, merges {len(sc.merges)}")
