"""A plain, readable view of an article for people at a terminal."""
from __future__ import annotations

import textwrap

from .model import Article, Rejection


def render_pretty(item: Article | Rejection, width: int = 88) -> str:
    if isinstance(item, Rejection):
        return f"── {item.id}: rejected ({item.reason}) {item.detail}\n"
    a = item
    head = f"── {a.id} · {a.outlet or 'unknown outlet'} · {a.kind} · {a.lang or '?'} "
    out = [head + "─" * max(0, width - len(head))]
    if a.title:
        out.append(a.title.upper() if len(a.title) < 40 else a.title)
    if a.deck:
        out.append(textwrap.fill(a.deck, width, initial_indent="  ", subsequent_indent="  "))
    facts = [
        ("category", a.category), ("published", a.published), ("updated", a.updated),
        ("authors", ", ".join(a.authors)), ("editors", ", ".join(a.editors)),
        ("dateline", a.dateline), ("agencies", ", ".join(a.agencies)), ("photo", "; ".join(a.credits)),
        ("url", a.url),
    ]
    out += [f"  {k:<9} {v}" for k, v in facts if v]
    out.append("")
    for para in a.body:
        out.append(textwrap.fill(para, width))
        out.append("")
    if a.related_links:
        out.append("Baca juga:")
        out += [f"  • {t}" for t in a.related_links]
    if a.flags:
        out.append("flags: " + ", ".join(a.flags))
    return "\n".join(out)
