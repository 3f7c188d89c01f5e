"""Page text to Article: lines -> roles (with outlet templates) -> fields -> language."""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from ..clean.features import PageContext, template_signature
from ..clean.fields import build_article
from ..clean.lines import split_lines
from ..clean.outlet import outlet_from_url
from ..clean.pagekind import is_listing_page
from ..clean.estimate import estimate_published
from ..clean.headmeta import apply_head_metadata
from ..clean.htmlroles import HtmlRoleModel, packaged_html_model_path
from ..clean.roles import RoleModel
from ..clean.templates import TemplateIndex
from ..enrich.lang import detect_lang, detect_langs
from ..enrich.pipeline import Enricher
from ..model import Article, Document, Line, Rejection

# A line this long is a dump (minified script, base64), not page text.
MAX_LINE_CHARS = 200_000
# Pages are read in blocks so that the lines of every page in a block count
# toward the outlet templates before any page of the block is tagged.
TEMPLATE_BLOCK = 2000
TEMPLATE_BLOCK_CHARS = 20_000_000  # and at most this much text held at once
# a block of fewer pages is extracted in this process even when worker processes are asked for
# (starting them costs a few seconds: they load the models)
PARALLEL_MIN = 1000


@dataclass(slots=True)
class TemplateUse:
    """The template evidence an article was tagged under: its outlet (as templates group pages),
    each line's template key, and the signature of what the model read (features.template_signature)."""

    outlet: str
    keys: list[int | None]
    signature: bytes


class Extractor:
    """Holds the loaded line-role model and the run's outlet-template index."""

    def __init__(self, model_path: Path | None = None, templates: bool = True,
                 html_model_path: Path | None = None, enrich: bool = True,
                 aliases: list[Path] | None = None, collection: bool = True) -> None:
        self.model = RoleModel(model_path)
        # entities, time expressions and quotes (NER when its model is installed); `collection`:
        # names seen in earlier articles of the run help canonicalise later ones
        self.enricher = Enricher(ner="auto", aliases=aliases, collection=collection) if enrich else None
        self.templates = TemplateIndex() if templates else None
        self._html_model_path = html_model_path
        self._html_model: HtmlRoleModel | None | bool = None  # loaded on the first HTML page
        # worker processes for large runs (process_sourced); what a worker builds its own Extractor from
        self.jobs = 1
        self.parallel_min = PARALLEL_MIN
        self.settings = {"model_path": model_path, "html_model_path": html_model_path, "enrich": enrich,
                         "aliases": aliases, "collection": collection}

    def html_model(self) -> HtmlRoleModel | None:
        """The HTML line-role model, or None when none is trained (HTML pages then use the text model)."""
        if self._html_model is None:
            path = self._html_model_path or packaged_html_model_path()
            self._html_model = HtmlRoleModel(path) if path.exists() else False
        return self._html_model or None

    def extract(self, doc: Document, counted: bool = False, lines: list[Line] | None = None,
                keys: list[int | None] | None = None) -> Article | Rejection:
        """One page to an article. `lines` and template `keys` may come precomputed from process()."""
        tagged = self.tag_lines(doc, counted, lines, keys)
        if isinstance(tagged, Rejection):
            return tagged
        return self.finish_tagged(doc, tagged)

    def finish_tagged(self, doc: Document, lines: list[Line]) -> Article:
        """`finish` with the language read from the tagged lines (one page; process() reads a block's at once)."""
        return self.finish(doc, lines, detect_lang(_content_sample(lines)))

    def tag_lines(self, doc: Document, counted: bool = False, lines: list[Line] | None = None,
                  keys: list[int | None] | None = None) -> list[Line] | Rejection:
        """The page's lines, each with its role and the model's confidence; or why there are none."""
        return self.tag_sourced(doc, counted, lines, keys)[0]

    def tag_sourced(self, doc: Document, counted: bool = False, lines: list[Line] | None = None,
                    keys: list[int | None] | None = None) -> tuple[list[Line] | Rejection, TemplateUse | None]:
        """`tag_lines`, with the template evidence the page was tagged under (None without templates
        or an outlet): what an archive keeps to tag the page again (archive/templates.py)."""
        if lines is None:
            lines = split_lines(doc.text)
        if not lines:
            return Rejection(doc.id, "empty", "the page has no text", doc.source, doc.url), None
        longest = max(len(ln.text) for ln in lines)
        if longest > MAX_LINE_CHARS:
            return Rejection(doc.id, "line_too_long", f"a line of {longest:,} characters is not page text",
                             doc.source, doc.url), None
        ctx, use = self.context(doc, lines, counted, keys)
        return self.tag_in_context(doc, lines, ctx), use

    def context(self, doc: Document, lines: list[Line], counted: bool = False,
                keys: list[int | None] | None = None) -> tuple[PageContext, TemplateUse | None]:
        """What the line model reads of the page's outlet: how often each line recurs on the
        outlet's other pages (the run's template index), and the evidence kept with the article."""
        texts = [ln.text for ln in lines]
        ctx = PageContext(url=doc.url)
        use = None
        if self.templates is not None:
            outlet = outlet_from_url(doc.url)
            if keys is None:
                keys = TemplateIndex.keys(texts)
            ctx.recurrence, ctx.outlet_pages = self.templates.recurrence(outlet, texts, counted, keys)
            if outlet:
                use = TemplateUse(outlet, keys, template_signature(ctx.recurrence, ctx.outlet_pages))
        else:  # a page alone: no other page of its outlet, as the model saw for single-page outlets
            ctx.recurrence, ctx.outlet_pages = [0] * len(texts), 0
        return ctx, use

    def tag_in_context(self, doc: Document, lines: list[Line], ctx: PageContext) -> list[Line]:
        """Each line's role and confidence, given the page's template context."""
        texts = [ln.text for ln in lines]
        html = doc.html_lines if doc.html_lines is not None and len(doc.html_lines) == len(texts) else None
        if is_listing_page(doc.url, doc.head_meta):
            roles, conf = ["boilerplate"] * len(texts), [1.0] * len(texts)
        elif html is not None and self.html_model() is not None:
            roles, conf = self.html_model().tag(texts, html, ctx)  # type: ignore[union-attr]
        else:
            roles, conf = self.model.tag(texts, ctx)
        for ln, role, c in zip(lines, roles, conf):
            ln.role, ln.confidence = role, round(c, 3)
        return lines

    def finish(self, doc: Document, lines: list[Line], lang: str | None) -> Article:
        """Tagged lines to the article: fields, head metadata, enrichment."""
        article = build_article(doc, lines, lang)
        if doc.head_meta is not None or doc.fetched:
            apply_head_metadata(article, doc)
        if article.published is None and article.kind == "article":
            est = estimate_published(article.body)
            if est is not None:
                article.published_estimate, article.estimate_evidence = est.day, est.evidence
            elif article.updated:
                # a page that gives only when it was last updated was published on or before that day
                article.published_estimate = article.updated[:10]
                article.estimate_evidence = f"updated {article.updated}"
        if self.enricher is not None:
            self.enricher(article)
        return article

    def process(self, items: Iterable[Document | Rejection]) -> Iterator[Article | Rejection]:
        """Articles and rejections, one per input item, in input order."""
        for _, out, _ in self.process_sourced(items):
            yield out

    def process_sourced(self, items: Iterable[Document | Rejection]) -> Iterator[
            tuple[Document | Rejection, Article | Rejection, TemplateUse | None]]:
        """(input item, its article or rejection, the template evidence it was tagged under), one
        per input item, in input order: what an archive keeps to re-extract the page later.

        With `jobs` > 1, the pages of a block of at least `parallel_min` pages are tagged and
        finished by that many worker processes (run/parallel.py) while this process reads the next
        block and the caller stores the last one; the template context of every page is still
        computed here, in input order, so the articles are the ones one process makes."""
        it = iter(items)
        pool = None
        pending: deque = deque()       # blocks handed to the workers: (block, uses, their results)
        try:
            while True:
                block = _block(it)
                if block:
                    prepared = self._prepare(block)
                    # names canonicalised by what earlier articles named (`collection`) need one process
                    if (pool is None and self.jobs > 1 and len(block) >= self.parallel_min
                            and not self.settings["collection"]):
                        from .parallel import ExtractPool
                        pool = ExtractPool(self, self.jobs)
                    if pool is not None:
                        pending.append((block, [u for _, u in prepared], pool.submit(block, prepared)))
                    else:
                        yield from self._collect(block, [u for _, u in prepared],
                                                 lambda: self._finished(block, [p for p, _ in prepared]))
                        continue
                # keep one block in the workers while the caller stores the one before
                while pending and (not block or len(pending) > 1):
                    yield from self._collect(*pending.popleft())
                if not block:
                    break
        finally:
            if pool is not None:
                pool.close()

    def _prepare(self, block: list[Document | Rejection]) -> list[tuple[tuple[list[Line], PageContext] | Rejection,
                                                                      TemplateUse | None]]:
        """Each page's lines and template context, or why it has none (a Rejection): every page of
        the block counts toward the outlet templates before any page of it is tagged."""
        split: list[tuple[list[Line], list[int | None] | None, bool]] = []
        for item in block:
            lines = split_lines(item.text) if isinstance(item, Document) else []
            # a page that will be rejected (no text, a line too long to be text) is no template evidence
            ok = bool(lines) and max(len(ln.text) for ln in lines) <= MAX_LINE_CHARS
            keys = None
            if self.templates is not None and ok:
                keys = TemplateIndex.keys([ln.text for ln in lines])
                self.templates.add_page(outlet_from_url(item.url), [], keys)
            split.append((lines, keys, ok))
        out: list = []
        for item, (lines, keys, ok) in zip(block, split):
            if isinstance(item, Rejection):
                out.append((item, None))
            elif not ok:                  # tag_sourced says why, before it reads any template
                out.append((self.tag_sourced(item, lines=lines)[0], None))
            else:
                ctx, use = self.context(item, lines, counted=self.templates is not None, keys=keys)
                out.append(((lines, ctx), use))
        return out

    def finish_pages(self, block: list[Document | Rejection],
                     prepared: list[tuple[list[Line], PageContext] | Rejection]) -> list[Article | Rejection]:
        """Tag and finish a block's pages from their prepared lines and contexts (in a worker)."""
        return list(self._finished(block, prepared))

    def _finished(self, block: list[Document | Rejection],
                  prepared: list[tuple[list[Line], PageContext] | Rejection]) -> Iterator[Article | Rejection]:
        """The block's pages tagged, then finished one at a time as they are asked for (the
        caller stores each before the next is enriched)."""
        tagged = [prep if isinstance(prep, Rejection) else self.tag_in_context(item, *prep)
                  for item, prep in zip(block, prepared)]
        # every page of the block tagged first, then their languages in one call: the language
        # model's tables stay in the CPU cache (half the cost of one call a page between taggings)
        langs = iter(detect_langs([_content_sample(t) for t in tagged if not isinstance(t, Rejection)]))
        for item, t in zip(block, tagged):
            yield t if isinstance(t, Rejection) else self.finish(item, t, next(langs))

    @staticmethod
    def _collect(block, uses, results) -> Iterator[tuple]:
        """(item, output, template use) of a block; `results()` gives the outputs (the workers'
        chunks as they are done, or this process's pages finished one at a time)."""
        for item, out, use in zip(block, results(), uses):
            yield item, out, use


def _content_sample(lines: list[Line], chars: int = 1000) -> str:
    """The start of the title, deck and body text: all the language detector reads."""
    out: list[str] = []
    size = 0
    for ln in lines:
        if ln.role in ("title", "deck", "body"):
            out.append(ln.text)
            size += len(ln.text)
            if size >= chars:
                break
    return "\n".join(out)


def _block(it: Iterator[Document | Rejection]) -> list[Document | Rejection]:
    """The next block: TEMPLATE_BLOCK items, fewer if their text passes TEMPLATE_BLOCK_CHARS."""
    block: list[Document | Rejection] = []
    chars = 0
    for item in it:
        block.append(item)
        chars += len(item.text) if isinstance(item, Document) else 0
        if len(block) >= TEMPLATE_BLOCK or chars >= TEMPLATE_BLOCK_CHARS:
            break
    return block


_default: Extractor | None = None


def extract(text: str, url: str | None = None, id: str = "page") -> Article | Rejection:
    """Extract one page with the packaged model (no outlet templates: a single page has none)."""
    global _default
    if _default is None:
        _default = Extractor(templates=False, collection=False)
    return _default.extract(Document(id=id, text=text, url=url))
