"""kliping's own JSONL article records (docs/schema.md) back into Article objects, for `kliping link`."""
from __future__ import annotations

import json
from dataclasses import fields
from typing import IO, Any, Iterator

from ..model import Article, Entity, Mention, Quote, RelatedLink, TimeExpr

_NESTED = {"mentions": Mention, "entities": Entity, "times": TimeExpr, "quotes": Quote, "related": RelatedLink}
_FIELDS = {f.name for f in fields(Article)} - {"lines"}


def _make(cls, value: dict[str, Any]):
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in value.items() if k in names})


def article_from_record(rec: dict[str, Any]) -> Article:
    """An `"type": "article"` record as an Article (unknown keys ignored, nested records rebuilt)."""
    kwargs: dict[str, Any] = {}
    for k, v in rec.items():
        if k not in _FIELDS:
            continue
        if k in _NESTED and v is not None:
            v = [_make(_NESTED[k], x) for x in v]
        elif v is None and k in ("authors", "editors", "agencies", "credits", "related_links", "body",
                                  "captions", "sources", "flags"):
            v = []
        kwargs[k] = v
    kwargs.setdefault("url", None)
    kwargs.setdefault("outlet", None)
    kwargs.setdefault("kind", "article")
    kwargs.setdefault("lang", None)
    return Article(**kwargs)


def read_records(stream: IO[str]) -> Iterator[dict[str, Any]]:
    """JSON objects of a JSON Lines stream (blank lines skipped)."""
    for line in stream:
        if line.strip():
            yield json.loads(line)
