"""Entity precision on a random sample of the mentions in an archive of the dev pages, judged by
hand (issue 18): the sample and the judgments are kept in the project as positions only
(data/entities/sample.jsonl: article id, field, start, end, type, entity key, judgment);
the text is read from the archive when needed, never stored.

    # 1. an archive of the dev pages
    .venv/bin/kliping build ../shared/data/dev/pages.jsonl --archive /tmp/dev.db
    # 2. draw the sample (seed 18) and print each mention in its context, to judge
    .venv/bin/python bench/entity_precision.py --archive /tmp/dev.db --draw 300
    .venv/bin/python bench/entity_precision.py --archive /tmp/dev.db --show
    # 3. score an archive built with the code to measure against the judged sample
    .venv/bin/python bench/entity_precision.py --archive /tmp/dev.db
    # 4. the second sample (seed 19, 100 mentions not in the first), judged after the rules were written
    .venv/bin/python bench/entity_precision.py --archive /tmp/dev.db --sample data/entities/sample_seed19.jsonl

Judgment (`ok`): the span is a named person, organisation or place of the type given, its
boundaries the name's (`right_type`: the type it should have, where only the type is wrong) (a title or a dateline's site name inside the span is wrong), and it is not
furniture (a site name, a measure, a product). Scoring: a sampled mention the archive still
holds (same article, field and span) counts with its judgment; one it no longer holds was
dropped. Precision = judged right among those kept; also printed: how many wrong ones were
dropped and how many right ones were lost, and the entity keys that changed.
"""
from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "entities" / "sample.jsonl"


def _text(db: sqlite3.Connection, art: str, field: str) -> str:
    row = db.execute("SELECT title, deck, body FROM articles WHERE id = ?", (art,)).fetchone()
    return {"title": row[0], "deck": row[1], "body": row[2]}.get(field) or ""


def draw(db: sqlite3.Connection, n: int, seed: int) -> None:
    rows = db.execute("SELECT a.id, m.field, m.start, m.\"end\", m.type, m.entity FROM mentions m "
                      "JOIN articles a ON a.rowid = m.article ORDER BY a.id, m.field, m.start").fetchall()
    picked = sorted(random.Random(seed).sample(rows, n))
    SAMPLE.parent.mkdir(parents=True, exist_ok=True)
    with SAMPLE.open("w", encoding="utf-8") as f:
        for i, (art, field, start, end, typ, ent) in enumerate(picked):
            f.write(json.dumps({"n": i, "article": art, "field": field, "start": start, "end": end, "type": typ,
                                "entity": ent, "ok": None}, ensure_ascii=False) + "\n")
    print(f"{n} mentions drawn (seed {seed}) of {len(rows)} into {SAMPLE}")


def load() -> list[dict]:
    return [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]


def show(db: sqlite3.Connection) -> None:
    for s in load():
        text = _text(db, s["article"], s["field"])
        a, b = s["start"], s["end"]
        left = text[max(0, a - 60):a].replace("\n", " ")
        right = text[b:b + 40].replace("\n", " ")
        print(f"{s['n']:3d} {s['type']} {s['entity']}\n    …{left}[[{text[a:b]}]]{right}…")


def score(db: sqlite3.Connection) -> int:
    sample = load()
    if any(s["ok"] is None for s in sample):
        print("the sample is not judged yet (`ok` null)")
        return 1
    kept_ok = kept_bad = dropped_ok = dropped_bad = 0
    rekeyed = []
    for s in sample:
        row = db.execute("SELECT m.type, m.entity FROM mentions m JOIN articles a ON a.rowid = m.article "
                         "WHERE a.id = ? AND m.field = ? AND m.start = ? AND m.\"end\" = ?",
                         (s["article"], s["field"], s["start"], s["end"])).fetchone()
        if row is None:
            dropped_ok += s["ok"]
            dropped_bad += not s["ok"]
            continue
        # a mention judged wrong only for its type is right once it has the right one
        ok = s["ok"] or (s.get("right_type") is not None and row[0] == s["right_type"])
        kept_ok += ok
        kept_bad += not ok
        if row[1] != s["entity"]:
            rekeyed.append((s["n"], s["entity"], row[1]))
    judged_ok = sum(s["ok"] for s in sample)
    print(f"sample: {len(sample)} mentions, judged right {judged_ok} (precision as drawn {judged_ok / len(sample):.3f})")
    kept = kept_ok + kept_bad
    print(f"this archive: keeps {kept} (right {kept_ok}, wrong {kept_bad}): precision {kept_ok / max(kept, 1):.3f}; "
          f"dropped {dropped_bad} wrong and {dropped_ok} right")
    for n, old, new in rekeyed:
        print(f"  #{n}: {old} -> {new}")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--archive", type=Path, required=True)
    ap.add_argument("--draw", type=int)
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--sample", type=Path, default=None,
                    help="a judged sample file (default data/entities/sample.jsonl; data/entities/sample_seed19.jsonl: "
                         "100 mentions drawn and judged after the mention rules, out of sample for them)")
    args = ap.parse_args()
    if args.sample is not None:
        global SAMPLE
        SAMPLE = args.sample
    db = sqlite3.connect(f"{args.archive.resolve().as_uri()}?mode=ro", uri=True)
    if args.draw:
        draw(db, args.draw, args.seed)
        return 0
    if args.show:
        show(db)
        return 0
    return score(db)


if __name__ == "__main__":
    sys.exit(main())
