"""Body-line accuracy of kliping against off-the-shelf boilerplate removers, on the labelled dev pages.

    .venv/bin/python bench/accuracy_peers.py [--k 5] [--skip-kliping] [--json]
    (peers need `.venv/bin/pip install trafilatura justext`; datatrove's C4 filter needs spaCy)

The task every system is scored on: given a page's non-blank lines (LABELS.md),
say which are article body. Gold: role == "body". Per system:

  P / R / F1   body-line precision, recall, F1, pooled over all lines of all pages
  exact        share of pages whose *set* of body lines is exactly right; a page
               with no gold body lines is right only if no line is predicted body
  ms/page      median wall time per page, one process, one core, same run

Systems
  kliping          outlet-grouped 5-fold cross-validation (evaluate/cv.py): each
                   fold's outlets are unseen in training, so these are figures for
                   unseen outlets. P/R from the pooled Scores, F1 and exact from
                   Scores.summary(). Time: Extractor.extract per page inside the CV
                   (the outlet-template index is built once beforehand, and training
                   is not a per-page cost, so neither is counted).
  c4               datatrove C4QualityFilter() with its defaults. split_paragraph=True
                   (the default) *is* the line mode: the text is split on "\\n" and
                   each line kept or dropped by C4's rules (terminal punctuation,
                   >= 3 words, no "javascript", no cookie/policy phrase), then the
                   page is dropped whole if the kept lines hold < 5 sentences (or
                   on "lorem ipsum" / a "{"). A dropped page predicts no body line.
  c4-nosent        the same, min_num_sentences=-1: the line rules alone, no page gate.
  c4-sentences     split_paragraph=False: the rules are applied to sentences
                   (datatrove's spaCy-based splitter, language left at its default,
                   English) and the kept sentences joined with " ". Not a line mode:
                   a line counts as body only if all of its text survives.
  justext          jusText with justext.get_stoplist("Indonesian"), default
                   thresholds; a line is body if its <p> is not boilerplate.
  trafilatura      trafilatura.extract(html) with its defaults (balanced: neither
                   favor_precision nor favor_recall; include_comments/tables on).
  trafilatura-rec  the same with favor_recall=True.
  trafilatura-prec the same with favor_precision=True.
  baseline         every line predicted body (no time): the floor a remover must beat.

Caveats (read the figures with these in mind)
  * jusText and trafilatura are HTML extractors. They are given not the page's
    HTML (we do not have it) but a minimal document, <title></title> empty and
    each line escaped in its own <p>. So they lose everything they normally use
    besides text: tags, classes/ids, link density, <nav>/<footer>/<aside>, the
    DOM tree. This is the text-only setting kliping works in, but it is not how
    they are meant to be run; on real HTML they would score differently.
  * trafilatura's output is text; lines are mapped back to input lines by
    normalised text (HTML-unescaped, NFKC, whitespace collapsed, case-folded):
    first exact whole-line matches in order, then, between those anchors,
    containment either way (an output line that is a fragment of an input line,
    or an input line inside a merged output line). An input line whose text only
    partly survives is counted as body. Output lines that match nothing are
    counted and reported (column "unmapped") rather than hidden.
  * C4 is a line filter for pretraining corpora, not an article extractor: it
    keeps any long punctuated line (comments, promos, captions ending in ".") and
    drops short body lines and sub-headings without terminal punctuation. Its
    document-level sentence gate drops short pages entirely.
  * C4 is mapped back by the same in-order alignment; the filter strips lines and
    removes [1]-style citations, which the alignment tolerates (containment).
  * Timings include building the minimal HTML / datatrove Document, not the
    mapping back. Each peer gets one untimed warm-up call (spaCy, lxml, stoplist
    loading). kliping's time is per extract() in its own CV run.
  * The dev pages are few (a few hundred, a few dozen outlets): differences of a
    point or two are within noise.

Exits 0 with a message when /work/shared (the page texts) is absent.
"""
from __future__ import annotations

import argparse
import html
import json
import re
import statistics
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path("/work/shared")
PAGES = SHARED / "data" / "dev" / "pages.jsonl"
LABEL_FILES = [SHARED / "data" / "dev" / "labelled.jsonl", *sorted((REPO / "data" / "labels").glob("*.jsonl"))]

_WS = re.compile(r"\s+")


def norm(text: str) -> str:
    """Text for matching: HTML-unescaped, NFKC, whitespace collapsed, case-folded."""
    text = unicodedata.normalize("NFKC", html.unescape(text))
    return _WS.sub(" ", text).strip().casefold()


def align(lines: list[str], out_text: str | None, min_words: int = 1) -> tuple[list[bool], int]:
    """Which input lines survive in an extractor's output text, and how many output lines matched none.

    Pass 1: output lines equal to an input line, in order (earliest next equal line).
    Pass 2: each unmatched output line, within the window between its neighbouring
    pass-1 anchors: the first input line containing it (a fragment), else the input
    lines it contains, walked in order (a merged line, or sentence-mode output).
    """
    n = len(lines)
    body = [False] * n
    if not out_text:
        return body, 0
    ins = [norm(x) for x in lines]
    outs = [o for o in (norm(x) for x in out_text.splitlines()) if o]
    at: list[int | None] = [None] * len(outs)
    j = 0
    for oi, o in enumerate(outs):
        for k in range(j, n):
            if ins[k] == o:
                at[oi], body[k], j = k, True, k + 1
                break
    unmapped = 0
    for oi, o in enumerate(outs):
        if at[oi] is not None:
            continue
        lo = next((at[i] + 1 for i in range(oi - 1, -1, -1) if at[i] is not None), 0)
        hi = next((at[i] for i in range(oi + 1, len(outs)) if at[i] is not None), n)
        hit = next((k for k in range(lo, hi) if ins[k] and o in ins[k]), None)
        if hit is not None:
            body[hit] = True
            continue
        pos, found = 0, False
        for k in range(lo, hi):
            if not ins[k] or len(ins[k].split()) < min_words:
                continue
            idx = o.find(ins[k], pos)
            if idx >= 0:
                body[k], pos, found = True, idx + len(ins[k]), True
        unmapped += not found
    return body, unmapped


def minimal_html(lines: list[str]) -> str:
    ps = "\n".join(f"<p>{html.escape(x.strip())}</p>" for x in lines)
    return f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title></title></head><body>\n{ps}\n</body></html>'


@dataclass
class Tally:
    name: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    pages: int = 0
    exact: int = 0
    unmapped: int = 0
    ms: list[float] = field(default_factory=list)
    note: str = ""
    f1_override: float | None = None
    exact_override: float | None = None

    def add(self, gold: list[bool], pred: list[bool]) -> None:
        assert len(gold) == len(pred)
        self.pages += 1
        self.exact += gold == pred
        for g, p in zip(gold, pred):
            self.tp += g and p
            self.fp += p and not g
            self.fn += g and not p

    def row(self) -> dict:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "system": self.name,
            "body_p": p,
            "body_r": r,
            "body_f1": self.f1_override if self.f1_override is not None else f1,
            "exact": self.exact_override if self.exact_override is not None else self.exact / max(1, self.pages),
            "pages": self.pages,
            "ms_page": statistics.median(self.ms) if self.ms else float("nan"),
            "unmapped": self.unmapped,
            "note": self.note,
        }


# ---------------------------------------------------------------- systems

def run_kliping(pages, k: int) -> tuple[Tally, dict]:
    from kliping.evaluate.cv import cross_validate
    from kliping.run import extract as extract_mod

    t = Tally("kliping (CV, k=%d)" % k)
    orig = extract_mod.Extractor.extract

    def timed(self, doc, counted=False):
        t0 = time.perf_counter()
        out = orig(self, doc, counted)
        t.ms.append((time.perf_counter() - t0) * 1000)
        return out

    extract_mod.Extractor.extract = timed
    try:
        s = cross_validate(pages, k=k)
    finally:
        extract_mod.Extractor.extract = orig
    summ = s.summary()
    t.tp, t.fp, t.fn = s.tp["body"], s.fp["body"], s.fn["body"]
    t.pages = s.pages
    t.f1_override, t.exact_override = summ["body_f1"], summ["body_exact_pages"]
    t.exact = s.body_exact
    t.note = f"role_accuracy {summ['role_accuracy']:.3f}"
    return t, summ


def c4_predict(flt, lines: list[str], text: str, min_words: int) -> tuple[list[bool], int]:
    from datatrove.data import Document

    doc = Document(text=text, id="p")
    keep = flt.filter(doc)
    if keep is not True and not (isinstance(keep, tuple) and keep[0]):
        return [False] * len(lines), 0
    return align(lines, doc.text, min_words)


def c4_system(name: str, pages, gold, min_words: int = 1, **kw) -> Tally:
    from datatrove.data import Document
    from datatrove.pipeline.filters.c4_filters import C4QualityFilter

    flt = C4QualityFilter(**kw)
    t = Tally(name)
    c4_predict(flt, pages[0].lines, pages[0].text, min_words)  # warm-up (spaCy)
    for p, g in zip(pages, gold):
        t0 = time.perf_counter()
        doc = Document(text=p.text, id=p.id)
        keep = flt.filter(doc)
        t.ms.append((time.perf_counter() - t0) * 1000)
        if keep is True or (isinstance(keep, tuple) and keep[0]):
            pred, un = align(p.lines, doc.text, min_words)
        else:
            pred, un = [False] * len(p.lines), 0
        t.unmapped += un
        t.add(g, pred)
    return t


def justext_system(pages, gold) -> Tally:
    import justext

    stop = justext.get_stoplist("Indonesian")
    t = Tally("justext (Indonesian)")
    xp = re.compile(r"/p\[(\d+)\]$")
    justext.justext(minimal_html(pages[0].lines), stop)  # warm-up
    for p, g in zip(pages, gold):
        t0 = time.perf_counter()
        paras = justext.justext(minimal_html(p.lines), stop)
        t.ms.append((time.perf_counter() - t0) * 1000)
        pred = [False] * len(p.lines)
        loose = []
        for para in paras:
            m = xp.search(para.xpath or "")
            idx = int(m.group(1)) - 1 if m else None
            if idx is not None and 0 <= idx < len(pred) and norm(para.text) == norm(p.lines[idx]):
                pred[idx] = not para.is_boilerplate
            elif not para.is_boilerplate:
                loose.append(para.text)
        if loose:  # a paragraph not addressable by its <p> index: fall back to text alignment
            extra, un = align(p.lines, "\n".join(loose))
            pred = [a or b for a, b in zip(pred, extra)]
            t.unmapped += un
        t.add(g, pred)
    return t


def trafilatura_system(name: str, pages, gold, **kw) -> Tally:
    import trafilatura

    t = Tally(name)
    trafilatura.extract(minimal_html(pages[0].lines), **kw)  # warm-up
    for p, g in zip(pages, gold):
        t0 = time.perf_counter()
        out = trafilatura.extract(minimal_html(p.lines), **kw)
        t.ms.append((time.perf_counter() - t0) * 1000)
        pred, un = align(p.lines, out)
        t.unmapped += un
        t.add(g, pred)
    return t


# ---------------------------------------------------------------- main

def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for pkg in ("kliping", "datatrove", "trafilatura", "jusText", "spacy", "lxml"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = "absent"
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--k", type=int, default=5, help="folds for kliping's outlet-grouped CV")
    ap.add_argument("--skip-kliping", action="store_true")
    ap.add_argument("--json", action="store_true", help="also print the rows as JSON")
    args = ap.parse_args(argv)

    if not SHARED.exists() or not PAGES.exists():
        print(f"{SHARED} (dev page texts) is absent: nothing to measure.")
        return 0

    from kliping.evaluate.labelled import load_labelled

    pages = load_labelled([f for f in LABEL_FILES if f.exists()], PAGES)
    gold = [[r == "body" for r in p.roles] for p in pages]
    n_body = sum(map(sum, gold))
    print(f"{len(pages)} labelled pages, {sum(map(len, gold))} lines, {n_body} gold body lines, "
          f"{sum(not any(g) for g in gold)} pages with no body, {len({p.outlet for p in pages})} outlets")
    print("versions:", ", ".join(f"{k} {v}" for k, v in versions().items()), flush=True)

    tallies: list[Tally] = []
    if not args.skip_kliping:
        t, summ = run_kliping(pages, args.k)
        tallies.append(t)
        print(f"kliping CV: body_f1 {summ['body_f1']:.3f}  body_exact_pages {summ['body_exact_pages']:.3f}  "
              f"role_accuracy {summ['role_accuracy']:.3f}", flush=True)

    peers = [
        ("c4 (defaults, line mode)", lambda: c4_system("c4 (defaults, line mode)", pages, gold)),
        ("c4-nosent", lambda: c4_system("c4-nosent (min_num_sentences=-1)", pages, gold, min_num_sentences=-1)),
        ("c4-sentences", lambda: c4_system("c4-sentences (split_paragraph=False)", pages, gold, min_words=3,
                                           split_paragraph=False)),
        ("justext", lambda: justext_system(pages, gold)),
        ("trafilatura", lambda: trafilatura_system("trafilatura (defaults)", pages, gold)),
        ("trafilatura-rec", lambda: trafilatura_system("trafilatura favor_recall", pages, gold, favor_recall=True)),
        ("trafilatura-prec", lambda: trafilatura_system("trafilatura favor_precision", pages, gold,
                                                        favor_precision=True)),
    ]
    base = Tally("baseline: every line body")
    for p, g in zip(pages, gold):
        base.add(g, [True] * len(g))
    tallies.append(base)
    for key, fn in peers:
        try:
            tallies.append(fn())
        except ImportError as e:
            print(f"{key}: skipped ({e})", flush=True)

    rows = [t.row() for t in tallies]
    w = max(len(r["system"]) for r in rows)
    print()
    print(f"{'system':<{w}}  {'body P':>6} {'R':>6} {'F1':>6}  {'exact':>6} {'pages':>5}  {'ms/page':>8}  {'unmapped':>8}")
    for r in rows:
        print(f"{r['system']:<{w}}  {r['body_p']:6.3f} {r['body_r']:6.3f} {r['body_f1']:6.3f}  "
              f"{r['exact']:6.3f} {r['pages']:5d}  {r['ms_page']:8.2f}  {r['unmapped']:8d}  {r['note']}")
    if args.json:
        print(json.dumps({"versions": versions(), "rows": rows}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
