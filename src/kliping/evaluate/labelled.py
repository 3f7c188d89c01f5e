"""Labelled pages (LABELS.md form), joined with their text by id when the file holds none.

The project keeps only ids, roles and fields (data/labels/); the page text stays
in ../shared/data/dev/pages.jsonl and is joined here.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..clean.lines import split_lines
from ..clean.outlet import outlet_from_url

DEFAULT_PAGES = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "dev" / "pages.jsonl"


@dataclass(slots=True)
class LabelledPage:
    id: str
    url: str | None
    text: str
    roles: list[str]
    fields: dict
    kind: str | None = None
    lang: str | None = None
    event: str | None = None
    lines: list[str] = field(default_factory=list)

    @property
    def outlet(self) -> str:
        return self.fields.get("outlet") or outlet_from_url(self.url) or self.id


def _pages(path: Path | None) -> dict[str, dict]:
    path = path or DEFAULT_PAGES
    if not path.exists():
        return {}
    with open(path, encoding="utf-8") as f:
        return {d["id"]: d for d in map(json.loads, f) if d.get("id")}


def load_labelled(paths: list[Path], pages_path: Path | None = None) -> list[LabelledPage]:
    """All labelled pages from the files, first file winning on a repeated id."""
    pages: dict[str, dict] | None = None
    out: dict[str, LabelledPage] = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for no, raw in enumerate(f, 1):
                if not raw.strip():
                    continue
                d = json.loads(raw)
                if d["id"] in out:
                    continue
                text, url = d.get("text"), d.get("url")
                if text is None:
                    if pages is None:
                        pages = _pages(pages_path)
                    page = pages.get(d["id"])
                    if page is None:
                        raise ValueError(f"{path}:{no}: no text for {d['id']} (pages file {pages_path or DEFAULT_PAGES})")
                    text, url = page["text"], url or page.get("url")
                lines = [ln.text for ln in split_lines(text)]
                if len(lines) != len(d["roles"]):
                    raise ValueError(f"{path}:{no}: {len(d['roles'])} roles for {len(lines)} lines")
                out[d["id"]] = LabelledPage(d["id"], url, text, d["roles"], d.get("fields", {}), d.get("kind"),
                                            d.get("lang"), d.get("event"), lines)
    return list(out.values())
