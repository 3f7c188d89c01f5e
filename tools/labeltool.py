#!/usr/bin/env python3
"""Helpers for labelling dev pages: show numbered lines, check a label file.

Labels kept in the project hold ids, roles, fields, kind and lang only; the page
text stays in ../shared and is joined by id.

  python3 tools/labeltool.py show d0001 [d0002 ...]    # numbered non-blank lines
  python3 tools/labeltool.py check data/labels/FILE.jsonl
"""
import json
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT.parent / "shared" / "data" / "dev" / "pages.jsonl"
ROLES = {"title", "deck", "byline", "datetime", "category", "caption",
         "body", "related", "source", "boilerplate"}
FIELDS = ("title", "published", "updated", "authors", "editors", "outlet", "category")


def pages() -> dict:
    with open(PAGES, encoding="utf-8") as f:
        return {d["id"]: d for d in map(json.loads, f)}


def nonblank(text: str) -> list[str]:
    return [ln for ln in text.splitlines() if ln.strip()]


def show(ids: list[str]) -> None:
    ps = pages()
    for i in ids:
        p = ps[i]
        print(f"===== {i} {p['url']}")
        for n, ln in enumerate(nonblank(p["text"])):
            print(f"{n:3d}| {ln}")


def check(path: str) -> int:
    ps = pages()
    bad = 0
    for no, raw in enumerate(open(path, encoding="utf-8"), 1):
        if not raw.strip():
            continue
        try:
            d = json.loads(raw)
        except json.JSONDecodeError as e:
            print(f"{path}:{no}: not JSON: {e}"); bad += 1; continue
        i = d.get("id")
        if i not in ps:
            print(f"{path}:{no}: unknown id {i}"); bad += 1; continue
        n = len(nonblank(ps[i]["text"]))
        roles = d.get("roles", [])
        errs = []
        if len(roles) != n:
            errs.append(f"{len(roles)} roles for {n} lines")
        errs += [f"unknown role {r!r}" for r in roles if r not in ROLES]
        if roles.count("title") > 1:
            errs.append("more than one title")
        f = d.get("fields", {})
        errs += [f"field {k} missing" for k in FIELDS if k not in f]
        for k in ("published", "updated"):
            v = f.get(k)
            if v is not None:
                try:
                    datetime.fromisoformat(v)
                except (TypeError, ValueError):
                    errs.append(f"{k} not ISO: {v!r}")
        for k in ("authors", "editors"):
            if not isinstance(f.get(k), list):
                errs.append(f"{k} not a list")
        if d.get("kind") not in ("article", "listing", "other"):
            errs.append("kind must be article|listing|other")
        if not d.get("lang"):
            errs.append("lang missing")
        if "text" in d:
            errs.append("do not store text")
        for e in errs:
            print(f"{path}:{no} ({i}): {e}")
        bad += bool(errs)
    print("ok" if not bad else f"{bad} bad records")
    return 1 if bad else 0


if __name__ == "__main__":
    cmd, *args = sys.argv[1:]
    if cmd == "show":
        show(args)
    elif cmd == "check":
        sys.exit(check(args[0]))
