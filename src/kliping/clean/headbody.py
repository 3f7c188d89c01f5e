"""The whole article where the page shows only part of it.

Pages behind a paywall, or that load the rest of the text on a "read more" click, often print the
first paragraph or two and hold the complete text in their JSON-LD `articleBody`. When that text
is much longer than the body read from the page's lines and contains it, it is the article; the
lines keep their roles (the raw view still shows what the page printed) and the article records
where its body came from (`provenance["body"]`, flag `body_from_head`).

On the field benchmark (../shared/data/fundus) 70 of 257 pages carry an `articleBody`; the rule
changes the body of the few whose printed text is a small part of it (publisher-grouped CV figures
in docs/evaluation.md).
"""
from __future__ import annotations

import re

from ..model import Article
from .fields import body_hash

# The head's text replaces the body only when it is this much longer than the body, in share and in
# characters (a head text a little longer than the body is the same article with a caption or a
# byline more: the lines are kept),
LONGER_SHARE = 1.5
LONGER_CHARS = 400
# and when this share of the body's word 4-grams are in it (the page prints part of that text, not
# another article's: a related article's JSON-LD, a teaser).
CONTAINED = 0.7
# A paragraph longer than this (an articleBody with its paragraphs joined by spaces) is cut at
# sentence ends into parts of about this size, so that the reader shows paragraphs.
PARAGRAPH_CHARS = 700

_WORD = re.compile(r"\w+")
# a sentence end: . ! ? or … (a closing quote or bracket may follow), then space and a capital,
# a digit or an opening quote
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’»)]?\s+(?=[\"“‘«(]?[^\W\d_a-z])")


def _grams(text: str, n: int = 4) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i:i + n]) for i in range(max(len(words) - n + 1, 0))}


def paragraphs(text: str) -> list[str]:
    """The head text as paragraphs: its own line breaks, long ones cut at sentence ends."""
    out: list[str] = []
    for para in (" ".join(p.split()) for p in text.split("\n")):
        if not para:
            continue
        if len(para) <= PARAGRAPH_CHARS:
            out.append(para)
            continue
        part = ""
        for sentence in _split_sentences(para):
            if part and len(part) + len(sentence) > PARAGRAPH_CHARS:
                out.append(part)
                part = sentence
            else:
                part = f"{part} {sentence}" if part else sentence
        if part:
            out.append(part)
    return out


def _split_sentences(para: str) -> list[str]:
    cuts, start = [], 0
    for m in _SENTENCE_END.finditer(para):
        cuts.append(para[start:m.end()].strip())
        start = m.end()
    cuts.append(para[start:].strip())
    return [c for c in cuts if c]


def complete_body(article: Article, head_body: str | None) -> bool:
    """Replace the article's body with the head's whole text where the page shows only part of
    it (see the module's note). True when it did."""
    if not head_body or article.kind != "article":
        return False
    shown = " ".join(article.body)
    head = " ".join(head_body.split())
    if len(head) < max(LONGER_SHARE * len(shown), len(shown) + LONGER_CHARS):
        return False
    # longer in distinct wording too: some pages hold their text twice in the one string
    grams, head_grams = _grams(shown), _grams(head)
    if len(head_grams) < LONGER_SHARE * len(grams):
        return False
    if shown and (not grams or len(grams & head_grams) < CONTAINED * len(grams)):
        return False
    paras = paragraphs(head_body)
    article.provenance["body"] = {
        "head": f"{len(paras)} paragraphs, {len(head):,} characters", "head_source": "jsonld",
        "text": f"{len(article.body)} paragraphs, {len(shown):,} characters printed on the page", "used": "head"}
    article.body = paras
    article.flags = [f for f in article.flags if f != "no_body"] + ["body_from_head"]
    article.content_hash = body_hash(paras)
    return True
