"""kliping's Indonesian stemmer (kliping/stemming.py) against plain Snowball (PyStemmer) and,
where it is installed, Sastrawi (not a kliping dependency: its root dictionary is CC-BY-NC-SA),
in the same run:

    .venv/bin/python bench/stemmer.py [--pages ../shared/data/dev/pages.jsonl] [--words 200000]

Pairs: tests/data/stem_pairs.tsv (written for kliping; set A tuned the tables, set B held out
until its first score, see kliping/stemming.py); a pair counts when its words meet (one stem) or
stay apart as the file says. Speed: the words of the first `--words` word tokens of the dev
pages, stemmed one by one with no cache (the CPU time per word each stemmer costs when a word is
new) and with the per-word cache the index uses (`stem_text` over the same text), median of 3.
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from kliping import stemming  # noqa: E402

WORD = re.compile(r"[^\W_]+")


def pairs() -> list[tuple[str, str, str, str]]:
    out = []
    for line in (ROOT / "tests" / "data" / "stem_pairs.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            out.append(tuple(line.split("\t")))
    return out


def score(stem, rows) -> dict[str, str]:
    got: dict[str, list[int]] = {}
    for s, kind, a, b in rows:
        ok = (stem(a) == stem(b)) == (kind == "meet")
        got.setdefault(f"{s} {kind}", [0, 0])
        got[f"{s} {kind}"][0] += ok
        got[f"{s} {kind}"][1] += 1
    total = sum(v[0] for v in got.values())
    return {**{k: f"{v[0]}/{v[1]}" for k, v in sorted(got.items())}, "all": f"{total}/{len(rows)}"}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=Path, default=ROOT.parent / "shared" / "data" / "dev" / "pages.jsonl")
    ap.add_argument("--words", type=int, default=200_000)
    args = ap.parse_args()

    import Stemmer

    snowball = Stemmer.Stemmer("indonesian")
    contenders = {"kliping": stemming.stem_token,
                  "snowball": lambda w: "-".join(dict.fromkeys(snowball.stemWord(p) for p in w.split("-")))}
    sastrawi = None
    try:
        from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

        sastrawi = StemmerFactory().create_stemmer()
        raw = sastrawi.delegatedStemmer
        raw.dictionary.words = set(raw.dictionary.words)    # its list lookups made constant-time
        contenders["sastrawi"] = sastrawi.stem
    except ImportError:
        print("# Sastrawi is not installed: `pip install Sastrawi` to compare with it")
    rows = pairs()
    print(f"# pairs: {len(rows)} (tests/data/stem_pairs.tsv)")
    for name, stem in contenders.items():
        print(f"{name:9s} " + "  ".join(f"{k}: {v}" for k, v in score(stem, rows).items()))

    if not args.pages.exists():
        print(f"# {args.pages} not found: no speed figures")
        return 0
    words: list[str] = []
    for line in args.pages.open(encoding="utf-8"):
        words += [w.lower() for w in WORD.findall(json.loads(line).get("text") or "")]
        if len(words) >= args.words:
            break
    words = words[:args.words]
    distinct = sorted(set(words))
    print(f"# speed: {len(words):,} word tokens of the dev pages, {len(distinct):,} distinct words")
    uncached = {"kliping": stemming.stem_word.__wrapped__, "snowball": snowball.stemWord}
    if sastrawi is not None:
        uncached["sastrawi"] = sastrawi.delegatedStemmer.stem_word
    base = None
    for name, stem in uncached.items():
        runs = []
        for _ in range(3):
            t = time.process_time()
            for w in distinct:
                if len(w) >= 4 and w.isalpha():
                    stem(w)
            runs.append(time.process_time() - t)
        per_word = statistics.median(runs) / len(distinct) * 1e6
        base = base or per_word
        print(f"{name:9s} new words: {per_word:7.2f} us a word")
    # the index's path: stem_text with kliping's per-word cache, as `kliping build` runs it
    from kliping.archive.stem import stem_text
    text = " ".join(words)
    runs = []
    for _ in range(3):
        stemming.stem_word.cache_clear()
        t = time.process_time()
        stem_text(text)
        runs.append(time.process_time() - t)
    print(f"kliping   index text (stem_text, cache from empty): {statistics.median(runs) / len(words) * 1e6:.2f} us a token")
    if sastrawi is not None:
        cache: dict[str, str] = {}
        runs = []
        for _ in range(3):
            cache.clear()
            t = time.process_time()
            out = []
            for w in words:
                s = cache.get(w)
                if s is None:
                    s = cache[w] = w if len(w) < 4 or not w.isalpha() else (sastrawi.delegatedStemmer.stem_word(w) or w)
                out.append(s)
            " ".join(out)
            runs.append(time.process_time() - t)
        print(f"sastrawi  index text (the same cache, from empty): {statistics.median(runs) / len(words) * 1e6:.2f} us a token")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
