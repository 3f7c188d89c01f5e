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
        ("category", a.category), ("published", a.published),
        ("estimated", f"≈ {a.published_estimate} from '{a.estimate_evidence}'" if a.published_estimate else None),
        ("updated", a.updated),
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
    out += _enrichment(a, width)
    if a.flags:
        out.append("flags: " + ", ".join(a.flags))
    return "\n".join(out)


ENTITY_TYPES = (("PER", "people"), ("ORG", "orgs"), ("LOC", "places"))


def _enrichment(a: Article, width: int) -> list[str]:
    """Entities by type (most mentioned first), resolved dates and quotes with their speakers."""
    out: list[str] = []
    for etype, label in ENTITY_TYPES:
        ents = sorted((e for e in a.entities if e.type == etype), key=lambda e: (-e.mentions, e.name))
        if ents:
            out.append(textwrap.fill(", ".join(e.name for e in ents), width, initial_indent=f"{label + ':':<8} ",
                                     subsequent_indent=" " * 9))
    dates = [f"{t.text!r} → {t.value}" + (f"..{t.end_value}" if t.end_value else "")
             for t in a.times if t.value]
    if dates:
        out.append(textwrap.fill("; ".join(dates[:6]), width, initial_indent="dates:   ", subsequent_indent=" " * 9))
    for q in a.quotes[:4]:
        said = q.text if len(q.text) <= 60 else q.text[:57] + "..."
        out.append(f"quote:   {said} — {q.speaker or 'unattributed'}")
    if out:
        out.insert(0, "")
    return out
