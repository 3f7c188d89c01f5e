"""The enrichment stage: mentions, canonical entities, time expressions and quotes of an article.

    mentions  = NER mentions (when the NER model is there) + alias-table hits + near spellings
    entities  = canonical_entities(mentions)  + one-word short forms of people named in full
    times     = time expressions resolved against `published`
    quotes    = direct quotes, speakers linked to entities

`Enricher` holds what a run loads once (the alias table, the NER model) and, when asked, the
collection's `EntityIndex`; `enrich()` is the one-article convenience.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Union

from ..model import Article, Mention
from .aliases import AliasTable, load_aliases
from .mention_rules import clean_mentions, fold_entities
from .canonical import FIELD_ORDER, EntityIndex, canonical_entities, entities_from, merge_mentions, short_form_mentions
from .quotes import article_quotes
from .timex import article_times

__all__ = ["Enricher", "enrich", "ner_available", "NerArg"]

NerArg = Union[str, bool, None, Callable[[Article], list[Mention]]]
AliasArg = Union[AliasTable, str, Path, Iterable[Union[str, Path]], None]


def ner_available() -> bool:
    """True when the NER module and its packaged model file are installed."""
    try:
        from . import ner
    except ImportError:
        return False
    try:
        return Path(ner.packaged_model_path()).exists()
    except Exception:   # a half-installed NER module is no NER
        return False


def _ner_function(ner: NerArg) -> Callable[[Article], list[Mention]] | None:
    if callable(ner):
        return ner
    if ner in (None, False, "none", "off"):
        return None
    if ner in ("auto", True) and ner_available():
        from .ner import tag_article

        return tag_article
    if ner is True:
        raise RuntimeError("the NER model is not installed (src/kliping/models/ner.crfsuite)")
    return None


def _title_case(text: str) -> bool:
    words = [w for w in text.split() if w[:1].isalpha()]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _alnum(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _names_outlet(mention: str, outlet: str) -> bool:
    key = _alnum(mention)
    return len(key) >= 4 and outlet.startswith(key)


class Enricher:
    """Mentions, entities, time expressions and quotes for the articles of one run.

    `ner`: "auto" (the packaged NER model when it is installed, else none), None (alias table
    only), or a function article -> mentions. `aliases`: extra alias files (same form as the
    packaged `aliases.tsv`) or a loaded `AliasTable`. `collection`: keep an `EntityIndex` over
    the articles enriched so far, so a later article's short form or variant finds the entity an
    earlier one named in full.
    """

    def __init__(self, ner: NerArg = "auto", aliases: AliasArg = None, collection: bool = False) -> None:
        self.table = aliases if isinstance(aliases, AliasTable) else load_aliases(aliases)
        self.ner = _ner_function(ner)
        self.index = EntityIndex() if collection else None

    def mentions(self, article: Article) -> list[Mention]:
        """NER mentions and alias-table hits, merged (before canonicalisation)."""
        texts = _texts(article)
        known: list[Mention] = []
        for fld, text in texts.items():
            known.extend(self.table.find(text, fld, title_case=fld == "title" and _title_case(text)))
        ner = self.ner(article) if self.ner is not None else []
        merged = merge_mentions(ner, known)
        near: list[Mention] = []
        for fld, text in texts.items():
            near.extend(self.table.find_near(text, fld, [m for m in merged if m.field == fld]))
        return merge_mentions(merged, near) if near else merged

    def entities(self, article: Article, mentions: list[Mention]) -> None:
        outlet = _alnum(article.outlet or "")
        if outlet:  # the outlet naming itself in the dateline ("KENDARI, KABARNUSA.CO.ID -") is no entity
            mentions = [m for m in mentions if not _names_outlet(m.text, outlet)]
        texts = _texts(article)
        mentions = clean_mentions(mentions, texts)
        kept, entities = canonical_entities(mentions, self.table, self.index)
        for e in entities:
            if e.name.isupper() and len(e.name) > 5 and e.key not in self.table.entries:
                # a shouted dateline city ("KENDARI") is displayed as the name is written
                e.name = e.name.title()
        extra = short_form_mentions(texts, kept, {f for f, t in texts.items() if f == "title" and _title_case(t)})
        if extra:
            kept = sorted(kept + extra, key=lambda m: (FIELD_ORDER.get(m.field, 3), m.start))
            entities = entities_from(kept, entities)
        entities = fold_entities(kept, entities, texts)
        article.mentions, article.entities = kept, entities
        if self.index is not None:
            self.index.add(kept, entities)

    def __call__(self, article: Article) -> Article:
        """The article with `mentions`, `entities`, `times` and `quotes` filled (in place)."""
        self.entities(article, self.mentions(article))
        article.times = article_times(article)
        article.quotes = article_quotes(article.title, article.deck, article.text, article.mentions, article.entities)
        return article


def _texts(article: Article) -> dict[str, str]:
    out = {}
    if article.title:
        out["title"] = article.title
    if article.deck:
        out["deck"] = article.deck
    body = article.text
    if body:
        out["body"] = body
    return out


_default: dict[tuple, Enricher] = {}


def enrich(article: Article, ner: NerArg = "auto", aliases: AliasArg = None) -> Article:
    """Fill one article's mentions, entities, time expressions and quotes (in place; returned)."""
    if isinstance(aliases, AliasTable) or callable(ner):
        return Enricher(ner, aliases)(article)
    key = (ner, tuple(str(p) for p in ([aliases] if isinstance(aliases, (str, Path)) else aliases or ())))
    enricher = _default.get(key)
    if enricher is None:
        enricher = _default[key] = Enricher(ner, aliases)
    return enricher(article)
