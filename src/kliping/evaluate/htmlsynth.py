"""HTML made from labelled text pages: each line wrapped in the markup a news site gives its role.

Real Indonesian news HTML with line labels does not exist here, so the HTML model learns the
finer roles (byline, datetime, caption, related...) from the labelled dev pages set in a few
hand-written layouts. The layouts vary classes, wrappers and link use per page, and leave many
elements without any class, so that the model must read the text as well as the markup.
Each labelled line becomes exactly one block, so line i of the HTML is line i of the labels.
"""
from __future__ import annotations

import random
import re
from html import escape

from ..clean.features import PageContext
from ..clean.htmlroles import HtmlTrainingPage
from ..read.html import parse_html

_READ_ALSO = re.compile(r"^(\W*(?:baca(?:\s+juga)?|lihat\s+juga|simak\s+juga|berita\s+terkait|artikel\s+terkait)\s*[:：\-–]?\s*)(.+)$",
                        re.I)

# role -> (tags, class choices); "" is no class at all
_MARKUP = {
    "title": (("h1",), ("", "title", "headline", "post-title", "judul", "detail__title", "entry-title")),
    "deck": (("h2", "p", "div"), ("", "lead", "excerpt", "deck", "summary", "subtitle")),
    "byline": (("div", "span", "p"), ("", "author", "byline", "penulis", "meta-author", "reporter", "info")),
    "datetime": (("time", "span", "div"), ("", "date", "time", "post-date", "tanggal", "detail__date", "meta")),
    "category": (("a",), ("", "category", "kanal", "breadcrumb-item", "section")),
    "caption": (("figcaption", "p", "div"), ("", "caption", "wp-caption-text", "foto-caption", "credit")),
    "body": (("p",), ("",)),
    "source": (("p", "div"), ("", "source", "sumber", "editor")),
}
_BODY_BOX = ("", "content", "detail-text", "post-body", "isi-berita", "article-content", "entry-content", "read__content",
             "txt-article", "x7")
_NAV_BOX = ("", "menu", "nav", "navbar", "top-menu", "kanal-list", "header")
_FOOT_BOX = ("", "footer", "site-footer", "bottom", "copyright", "info")
_MID_BOX = ("", "ads", "iklan", "share", "social", "tags", "widget", "promo", "baca-juga", "box")
_REL_BOX = ("", "related", "berita-terkait", "baca-juga", "more-news", "list")


def _cls(rng: random.Random, choices: tuple[str, ...]) -> str:
    c = rng.choice(choices)
    return f' class="{c}"' if c else ""


def _el(tag: str, cls: str, inner: str) -> str:
    if tag == "a":
        return f'<div><a href="/k"{cls}>{inner}</a></div>'
    if tag in ("span", "time"):  # inline: its own block, or two such lines would join
        return f"<div><{tag}{cls}>{inner}</{tag}></div>"
    return f"<{tag}{cls}>{inner}</{tag}>"


def page_html(lines: list[str], roles: list[str], seed: str) -> str:
    """One labelled page as an HTML page of one of the layouts (chosen from the seed)."""
    rng = random.Random(seed)
    content = [i for i, r in enumerate(roles) if r != "boilerplate"]
    first, last = (content[0], content[-1]) if content else (len(roles), -1)
    link_bp = rng.random() < 0.8   # most sites print menus as links
    parts = [f'<header{_cls(rng, ("", "header", "site-header", "top"))}><nav{_cls(rng, _NAV_BOX)}><ul>']
    zone = "head"
    body_open = False
    for i, (text, role) in enumerate(zip(lines, roles)):
        t = escape(text.strip())
        if zone == "head" and i >= first:
            parts.append(f'</ul></nav></header><main><article{_cls(rng, ("", "post", "article", "detail", "news"))}>')
            zone = "article"
        if zone == "article" and i > last:
            if body_open:
                parts.append("</div>")
                body_open = False
            parts.append(f'</article></main><footer{_cls(rng, _FOOT_BOX)}><ul>')
            zone = "foot"
        if role == "body" and not body_open:
            parts.append(f"<div{_cls(rng, _BODY_BOX)}>")
            body_open = True
        if zone in ("head", "foot"):
            parts.append(f'<li><a href="/m">{t}</a></li>' if link_bp or rng.random() < 0.3 else f"<li>{t}</li>")
            continue
        if role == "boilerplate":
            inner = f'<a href="/b">{t}</a>' if rng.random() < 0.5 else t
            parts.append(f"<div{_cls(rng, _MID_BOX)}>{inner}</div>")
        elif role == "related":
            m = _READ_ALSO.match(t)
            inner = f'<strong>{m.group(1)}</strong><a href="/r">{m.group(2)}</a>' if m else f'<a href="/r">{t}</a>'
            parts.append(f"<p{_cls(rng, _REL_BOX)}>{inner}</p>" if rng.random() < 0.6 else
                         f"<ul{_cls(rng, _REL_BOX)}><li>{inner}</li></ul>")
        elif role == "body":
            parts.append(f"<p>{t}</p>")
        else:
            tags, classes = _MARKUP[role]
            tag = rng.choice(tags)
            if role == "caption" and tag == "figcaption":
                parts.append(f'<figure><img src="/f.jpg" alt="">{_el(tag, _cls(rng, classes), t)}</figure>')
            elif role == "byline" and rng.random() < 0.3:
                parts.append(_el(tag, _cls(rng, classes), f'<a href="/penulis">{t}</a>'))
            else:
                parts.append(_el(tag, _cls(rng, classes), t))
    if body_open:
        parts.append("</div>")
    parts.append("</ul></nav></header>" if zone == "head" else "</article></main>" if zone == "article" else "</ul></footer>")
    return "<!DOCTYPE html><html><head><title>berita</title></head><body>" + "".join(parts) + "</body></html>"


def synthetic_pages(pages, recurrence: dict[str, tuple[list[int], int]] | None = None) -> list[HtmlTrainingPage]:
    """Labelled pages (evaluate.labelled.LabelledPage) as HTML training pages; a page whose HTML
    does not give back its lines one for one is left out."""
    out = []
    for p in pages:
        texts, feats, _ = parse_html(page_html(p.lines, p.roles, p.id))
        if len(texts) != len(p.roles):
            continue
        rec, n = (recurrence or {}).get(p.id, ([0] * len(texts), 0))
        out.append(HtmlTrainingPage(texts, feats, list(p.roles), PageContext(url=p.url, recurrence=rec, outlet_pages=n),
                                    "synth:" + p.id))
    return out


def cross_validate_synthetic(labelled, extra: list[HtmlTrainingPage], k: int = 5, **params):
    """Line roles and fields of labelled pages given as HTML, outlet-grouped k-fold: each fold
    scored by an HTML model trained on the other folds' pages (plus `extra`, e.g. benchmark pages).
    Returns evaluate.metrics.Scores, the same figures `kliping eval --cv` gives for text input."""
    import tempfile
    from pathlib import Path

    from ..clean.htmlroles import train_html
    from ..model import Document
    from ..run.extract import Extractor
    from .cv import fold_of
    from .metrics import Scores

    scores = Scores()
    with tempfile.TemporaryDirectory() as tmp:
        for fold in range(k):
            test = [p for p in labelled if fold_of(p.outlet, k) == fold]
            if not test:
                continue
            train = synthetic_pages([p for p in labelled if fold_of(p.outlet, k) != fold]) + extra
            model = train_html(train, Path(tmp) / f"fold{fold}.crfsuite", **params)
            ex = Extractor(templates=False, html_model_path=model, enrich=False)
            for p in test:
                texts, feats, meta = parse_html(page_html(p.lines, p.roles, p.id))
                if len(texts) != len(p.roles):
                    continue
                doc = Document(id=p.id, text="\n".join(texts), url=p.url, html_lines=feats, head_meta={})
                scores.add(p, ex.extract(doc))  # type: ignore[arg-type]
    return scores
