"""HTML pages to the same line sequence as text input, each line with where it sat in the DOM.

Parsed with selectolax's lexbor backend (chosen over lxml by bench/html_parsers.py: a full
parse-and-walk of the html-bench pages is faster, and script/style removal runs in C).
Block-level elements start a new line, <br> ends one, inline text joins; a line keeps the
innermost block's tag, its ancestors' tags, the class/id cue words of its ancestors, how much
of it is link text, and whether it lies in the page's main content block.
"""
from __future__ import annotations

import codecs
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Iterator

import selectolax.lexbor
from selectolax.lexbor import LexborHTMLParser

from ..model import Document, HtmlLine, Rejection
from .common import DATE_KEYS, ID_KEYS, URL_KEYS, open_binary, pick
from .htmlmeta import head_metadata

# An HTML page carries markup, scripts and styles around its text: allowed to be larger
# than a text page (the largest html-bench page is 1.5 MB).
MAX_HTML_BYTES = 20_000_000

# Never page text. Removed by lexbor before the walk.
DROP_TAGS = ["script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "canvas",
             "select", "option", "button", "input", "textarea", "map", "audio", "video", "source", "picture"]
BLOCK_TAGS = frozenset(
    "address article aside blockquote body center dd details dialog dir div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main menu nav ol p pre section summary table tbody thead "
    "tfoot tr caption ul legend html".split())
# A table row is one line, its cells joined by spaces (how the row reads, and how article-body
# benchmarks write a table); a block inside a cell (layout tables) still makes its own lines.
CELL_TAGS = frozenset(("td", "th"))
HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
# Formatting-only inline tags, unwrapped by lexbor before the walk (fewer nodes to visit in
# Python); span, time, small and label stay: their classes often say byline, date, caption.
UNWRAP_TAGS = ["strong", "em", "b", "i", "u", "font", "sup", "sub", "mark", "abbr", "cite", "q", "s", "code",
               "ins", "del", "big", "tt", "wbr", "nobr"]
_DROP_SELECTOR = ", ".join(DROP_TAGS)
_UNWRAP_SELECTOR = ", ".join(UNWRAP_TAGS)

# class/id words -> the cue they give (both languages; Indonesian CMS names included).
_CUE_GROUPS = {
    "body": "article articlebody body content contents story post entry text main detail details prose paragraph "
            "isi richtext copy read reader konten berita artikel txt detailtext",
    "related": "related recommended recommendation recommendations more popular trending terkait lainnya populer "
               "terpopuler rekomendasi also next prev previous teaser teasers promo latest terbaru headlines list "
               "listing feed stream card cards outbrain taboola mgid",
    "share": "share sharing social socials facebook twitter whatsapp bagikan sosmed",
    "footer": "footer foot copyright bottom colophon",
    "header": "header masthead topbar top brand logo",
    "nav": "nav menu navbar navigation breadcrumb breadcrumbs crumb crumbs pagination pager skip",
    "caption": "caption figcaption credit credits photo image img figure media gallery foto thumb thumbnail pic",
    "comment": "comment comments disqus komentar reply respond discussion",
    "aside": "sidebar aside widget widgets rail side column",
    "ad": "ad ads advert advertisement advertising iklan banner sponsor sponsored dfp gpt adsense adslot",
    "byline": "author authors byline writer penulis reporter editor contributor",
    "date": "date time timestamp published dateline tanggal posted updated meta info",
    "tag": "tag tags topic topics keyword keywords label labels category kategori section",
    "title": "title headline heading judul",
    "subscribe": "newsletter subscribe subscription signup login register modal popup cookie cookies consent "
                 "gdpr paywall",
    "hidden": "hidden hide sr only visually invisible offscreen",
    "lead": "lead summary excerpt deck standfirst dek intro subtitle subheadline description",
}
CUE_WORDS: dict[str, str] = {w: cue for cue, words in _CUE_GROUPS.items() for w in words.split()}
_TOKEN = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]{2,40})""", re.I)
# Labels the HTML standard says to read as another encoding.
_ENCODING_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252",
                     "ascii": "cp1252", "iso8859-1": "cp1252"}


@lru_cache(maxsize=16384)  # class strings repeat on every page of a site
def cues_of(value: str) -> frozenset[str]:
    """The cue words a class or id value gives ("td-post-content" -> {"body"}; "relatedNews" -> {"related"})."""
    words = [w.lower() for w in _TOKEN.findall(value)]
    return frozenset(CUE_WORDS[t] for i, t in enumerate(words) if t in CUE_WORDS and not (
        # a state flag on a wrapper ("comments-enabled", "has-sidebar", "no-ads") says what the
        # page may show, not what the element is: the whole article sat under "comments-enabled"
        (i + 1 < len(words) and words[i + 1] in _STATE_AFTER) or (i and words[i - 1] in _STATE_BEFORE)))


_STATE_AFTER = frozenset("enabled disabled open closed allowed active inactive on off".split())
_STATE_BEFORE = frozenset("has with no without show hide enable disable allow".split())


def _usable(enc: str | None) -> str | None:
    if not enc:
        return None
    enc = enc.strip().strip("\"'").lower()
    enc = _ENCODING_ALIASES.get(enc, enc)
    try:
        return codecs.lookup(enc).name
    except LookupError:
        return None


def decode_html(data: bytes, declared: str | None = None) -> tuple[str, bool]:
    """HTML bytes to text: the HTTP header's charset, then UTF-8 if the bytes are valid UTF-8, then
    the page's meta charset, then detection (charset-normalizer). Returns (text, lossy)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), False
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), False
    tried: list[str] = []
    m = _META_CHARSET.search(data, 0, 4096)
    # Bytes that are valid UTF-8 beyond ASCII are UTF-8 whatever the page's own meta tag says: text
    # in a single-byte charset almost never forms valid UTF-8 sequences, while crawlers often store
    # pages re-encoded to UTF-8 with the old meta tag kept (fundus has such a page: "sanciÃ³n").
    # The HTTP header's charset, which describes the bytes as sent, still comes first.
    meta = _usable(m.group(1).decode("ascii", "ignore")) if m else None
    # (7-bit charsets such as ISO-2022-JP read as valid UTF-8 too: their tag is believed first)
    order = (meta, "utf-8") if meta and meta.startswith(("iso2022", "utf-7", "utf-16")) else ("utf-8", meta)
    for enc in (_usable(declared), *order):
        if enc and enc not in tried:
            tried.append(enc)
            try:
                return data.decode(enc), False
            except (UnicodeDecodeError, LookupError):
                continue
    from charset_normalizer import from_bytes

    best = from_bytes(data[:500_000]).best()
    if best is not None and best.encoding:
        try:
            return data.decode(best.encoding), False
        except (UnicodeDecodeError, LookupError):
            return data.decode(best.encoding, errors="replace"), True
    return data.decode("utf-8", errors="replace"), True


class _Frame:
    __slots__ = ("mid", "tag", "own", "cues", "link", "block", "eid", "depth", "blk_tag")

    def __init__(self, mid, tag, own, cues, link, block, eid, depth, blk_tag):
        self.mid, self.tag, self.own, self.cues, self.link, self.block, self.eid, self.depth, self.blk_tag = \
            mid, tag, own, cues, link, block, eid, depth, blk_tag


class _Tree:
    """The page's elements as numbered in the walk (pre-order: an element's subtree is the
    range of ids from its own to end[id]), with each one's parent and nearest block ancestor."""
    __slots__ = ("parent", "bparent", "end", "block")

    def __init__(self) -> None:
        self.parent = [-1]    # the root (the body) is element 0
        self.bparent = [-1]
        self.end = [0]
        self.block = [True]


def _bind_c_walk():
    """The C walk (read/_lexborwalk.c), bound to selectolax's lexbor; None where it is not built,
    or KLIPING_PYTHON_WALK is set (the tests compare both walks)."""
    if os.environ.get("KLIPING_PYTHON_WALK"):
        return None
    try:
        from . import _lexborwalk
        _lexborwalk.bind(selectolax.lexbor.__file__)
    except (ImportError, OSError):
        return None
    return _lexborwalk


_C_WALK = _bind_c_walk()


def html_lines(tree: LexborHTMLParser) -> tuple[list[str], list[HtmlLine]]:
    """The page body's text lines and, for each, where it sat in the DOM: in C where the
    extension is built (~6x faster), else in Python (python_html_lines); the same either way."""
    if _C_WALK is None:
        return python_html_lines(tree)
    root = tree.body or tree.root
    document = tree.root.parent
    empty: frozenset[str] = frozenset()
    texts, lines, parent, bparent, end, block = _C_WALK.walk(root.mem_id, document.mem_id, cues_of,
                                                             BLOCK_TAGS, CELL_TAGS, empty)
    feats = [HtmlLine(tag=t, path=p, cues=c, near_cues=n, chars=ch, link_chars=lk, depth=d, eid=e)
             for t, p, c, n, ch, lk, d, e in lines]
    dom = _Tree()
    dom.parent, dom.bparent, dom.end, dom.block = parent, bparent, end, block
    _mark_main(feats, dom)
    return texts, feats


def python_html_lines(tree: LexborHTMLParser) -> tuple[list[str], list[HtmlLine]]:
    """The page body's text lines and, for each, where it sat in the DOM.

    One pass of lexbor's own pre-order traversal (a C loop: an iterator per element costs
    twice as much), with an explicit stack of the open elements: a node's parent closes every
    element opened after it. Hidden elements are gone before the walk (_drop_hidden)."""
    root = tree.body or tree.root
    texts: list[str] = []
    feats: list[HtmlLine] = []
    dom = _Tree()
    parent, bparent, end, is_block = dom.parent, dom.bparent, dom.end, dom.block
    buf: list[str] = []
    link = 0
    ctx: list[_Frame] | None = None
    empty: frozenset[str] = frozenset()
    top = _Frame(root.mem_id, "body", empty, empty, False, True, 0, 0, "body")
    stack = [top]

    def flush() -> None:
        text = " ".join("".join(buf).split())  # (str.split's whitespace is re's \s: same as sub + strip)
        buf.clear()
        if not text:
            return
        inner = ctx[-1]  # type: ignore[index]
        near: frozenset[str] = empty
        for f in ctx[-3:]:  # type: ignore[index]
            if f.own:
                near = near | f.own
        texts.append(text)
        feats.append(HtmlLine(tag=inner.blk_tag, path=tuple([f.tag for f in ctx[::-1]]), cues=inner.cues,  # type: ignore[index]
                              near_cues=near, chars=len(text), link_chars=min(link, len(text)), depth=inner.depth,
                              eid=inner.eid))

    eid = 0
    nodes = root.traverse(include_text=True)
    next(nodes)  # the root itself
    for node in nodes:
        pid = node.parent.mem_id
        if pid != top.mid:  # the elements opened since this node's parent are closed
            while True:
                stack.pop()
                end[top.eid] = eid
                if top.block and ctx is not None:  # (no text since the last line: nothing to end)
                    flush()
                    ctx, link = None, 0
                top = stack[-1]
                if top.mid == pid:
                    break
        tag = node.tag
        if tag == "-text":
            t = node.text_content
            if not t:
                continue
            if ctx is None:
                if t.isspace():
                    continue
                ctx = stack[-6:]  # what a line keeps of where it starts: the six innermost
            buf.append(t)
            if top.link:
                link += len(t.strip())
            continue
        if tag[0] in "-_!":  # comments, doctype
            continue
        if tag == "br":
            if ctx is not None:
                flush()
                ctx, link = None, 0
            continue
        own = empty
        attrs = node.attributes
        cls, ident = attrs.get("class"), attrs.get("id")
        if cls:
            own = cues_of(cls)
        if ident:
            own = own | cues_of(ident)
        block = tag in BLOCK_TAGS
        if block and ctx is not None:
            flush()
            ctx, link = None, 0
        elif tag in CELL_TAGS and buf:
            buf.append(" ")
        eid += 1
        parent.append(top.eid)
        bparent.append(top.eid if top.block else bparent[top.eid])
        end.append(eid)
        is_block.append(block)
        top = _Frame(node.mem_id, tag, own, top.cues | own if own else top.cues,
                     top.link or tag == "a", block, eid, top.depth + 1, tag if block else top.blk_tag)
        stack.append(top)
    while len(stack) > 1:
        top = stack.pop()
        end[top.eid] = eid
        if top.block and ctx is not None:
            flush()
            ctx, link = None, 0
    end[0] = eid
    if ctx is not None:
        flush()
    _mark_main(feats, dom)
    return texts, feats


# Climbing from the best block to an ancestor that adds this much more prose, with few links,
# takes in body text split over sibling blocks (chosen on html-bench by cross-validation).
CLIMB_GAIN = 0.25
CLIMB_MAX_LINKS = 0.25
BLOCK_CLIMB_LEVELS = 3


def _is_prose(hl: HtmlLine) -> bool:
    # comments are never the main content, however much prose a thread holds
    # nor the page's <footer> (a copyright notice in CJK outweighed an article of short paragraphs)
    return hl.chars >= 60 and hl.link_chars < 0.3 * hl.chars and "comment" not in hl.cues and "footer" not in hl.path


def _best_box(lines: list[HtmlLine], starts: list[int], up: list[int], prose: list[int], chars: list[int],
              links: list[int], skip_li: bool, levels: int) -> int | None:
    """The element whose children hold the most prose (readability-style scoring), climbed
    to an ancestor within `levels` steps that adds much more prose with few links.

    `starts[i]` is the innermost element of line i in the chain scored, `up` the chain's parent
    of each element (the DOM parent, or the nearest block ancestor)."""
    score: dict[int, float] = {}  # (a dict: ties go to the element scored first)
    for hl, e in zip(lines, starts):
        if skip_li and hl.tag == "li":  # list items are teasers far more often than article text
            continue
        # the block's parent gets the line's length, each element further out half as much
        weight = float(hl.chars)
        e = up[e]
        for _ in range(5):
            if e < 0:
                break
            score[e] = score.get(e, 0.0) + weight
            weight /= 2
            e = up[e]
    best = max(score, key=score.__getitem__) if score else None
    # climb while an ancestor within `levels` steps adds enough prose (wrappers that add
    # nothing are passed over) and its links stay few
    node, steps = best, 0
    while node is not None and up[node] >= 0 and steps < levels:
        node = up[node]
        steps += 1
        if node == 0 or links[node] > CLIMB_MAX_LINKS * (chars[node] or 1):
            break
        if prose[node] >= (1 + CLIMB_GAIN) * prose[best]:
            best, steps = node, 0
    return best


def _mark_main(feats: list[HtmlLine], dom: _Tree) -> None:
    """Mark the lines inside the page's main content block, two ways: over all ancestors
    (`in_main`) and over block ancestors only, list items not scoring (`in_main_blocks`; inline
    wrappers and teaser lists mislead the first on some layouts, the second on others, and
    the role model weighs both); and give each line the share of the page's prose and the
    link density of its enclosing elements.

    Each element's totals are its own lines' plus its children's, summed once from the last
    element back (children are numbered after their parents): linear in the page's size."""
    parent, bparent, end = dom.parent, dom.bparent, dom.end
    n = len(parent)
    chars, links, prose = [0] * n, [0] * n, [0] * n
    total = 0
    prose_lines: list[HtmlLine] = []
    for hl in feats:
        e = hl.eid
        chars[e] += hl.chars
        links[e] += hl.link_chars
        if _is_prose(hl):
            prose[e] += hl.chars
            total += hl.chars
            prose_lines.append(hl)
    for e in range(n - 1, 0, -1):
        p = parent[e]
        chars[p] += chars[e]
        links[p] += links[e]
        prose[p] += prose[e]
    # a line's innermost block: its element, or that element's nearest block ancestor
    inner_block = [e if dom.block[e] else bparent[e] for e in (hl.eid for hl in prose_lines)]
    best = _best_box(prose_lines, [hl.eid for hl in prose_lines], parent, prose, chars, links,
                     skip_li=False, levels=1)
    best_block = _best_box(prose_lines, inner_block, bparent, prose, chars, links,
                           skip_li=True, levels=BLOCK_CLIMB_LEVELS)
    main_end = end[best] if best is not None else -1
    block_end = end[best_block] if best_block is not None else -1
    for hl in feats:
        e = hl.eid
        hl.in_main = best is not None and best <= e <= main_end
        hl.in_main_blocks = best_block is not None and best_block <= e <= block_end
        b = e if dom.block[e] else bparent[e]
        if b >= 0 and bparent[b] >= 0:
            hl.block_box = bparent[b]
            hl.block_box_end = end[hl.block_box]
        box = parent[e]
        if box >= 0:
            hl.box = box
            hl.box_prose = prose[box] / total if total else 0.0
            hl.box_links = links[box] / chars[box] if chars[box] else 0.0
            p2 = parent[box]
            outer = parent[p2] if p2 >= 0 else -1
            if outer >= 0:
                hl.outer_prose = prose[outer] / total if total else 0.0


# Elements the page hides: the `hidden` attribute, or `display:none` in the inline style.
# (A hidden <br> still ends its line; the body and the root are never dropped.)
_HIDDEN_SELECTOR = '[hidden]:not(br):not(body):not(html), [style*="display"]:not(br):not(body):not(html)'


def _drop_hidden(tree: LexborHTMLParser) -> None:
    """Detach the hidden elements from the tree, their text with them: found by one selector
    query in C, instead of reading every element's attributes in the walk."""
    for node in tree.css(_HIDDEN_SELECTOR):
        if "hidden" in node.attributes or "display:none" in (node.attributes.get("style") or "").replace(" ", ""):
            node.decompose(recursive=False)  # unlinked with its subtree (nothing freed that a later match uses)


# React's streaming renderer's calls that move a late part into place: $RC/$RR(boundary, part),
# $RS(part, placeholder).
_STREAM_CALL = re.compile(r'\$R([CRS])\("([BSP]:[0-9a-z]+)","([BSP]:[0-9a-z]+)"')


def _place_streamed(tree: LexborHTMLParser, html: str) -> None:
    """Put the parts a streaming server rendered late back where the page shows them. React's
    streaming renderer (Next.js and others) sends a placeholder `<template id="B:n">` (or `P:n`)
    where a part goes and, further down, the part itself in `<div hidden id="S:n">`, which an
    inline script call moves into place; read as sent, such a page's article text is hidden
    (fundus has pages of several publishers built this way). Done by hand, in the order of the
    page's own calls (else by matching numbers): no HTML library runs the page's script."""
    if 'id="S:' not in html and "id=S:" not in html:
        return
    calls = [(b, part) if kind in "CR" else (b, part)[::-1] for kind, b, part in _STREAM_CALL.findall(html)]
    if not calls:
        calls = [("B:" + n.attributes.get("id", "")[2:], n.attributes.get("id", ""))
                 for n in tree.css('div[hidden][id^="S:"]')]
        calls += [("P:" + s_id[2:], s_id) for _, s_id in calls]
    for slot_id, part_id in calls:
        slot = tree.css_first(f'template[id="{slot_id}"]')
        part = tree.css_first(f'div[hidden][id="{part_id}"]')
        if slot is None or part is None:
            continue
        nxt = slot.next  # a boundary's fallback shown until the part arrives ("loading"), up to <!--/$-->
        while slot_id.startswith("B:") and nxt is not None and not (
                nxt.tag == "-comment" and "/$" in (nxt.comment_content or "")):
            after = nxt.next
            if nxt.tag not in ("-text", "-comment"):
                nxt.decompose()
            nxt = after
        del part.attrs["hidden"]
        slot.insert_before(part)  # a copy: the part as sent and the slot go
        part.decompose()
        slot.decompose()


# Deeper element nesting than this is flattened before parsing: lexbor's tree builder checks the
# stack of open elements for most start tags, so its time grows with depth times elements (a page
# nested 50,000 deep took 8 s, 100,000 deep 30 s). Chrome's parser stops nesting at 512 as well.
MAX_NESTING = 512
# elements that never hold others (void) or whose end tag the parser implies: not nesting
_FLAT_TAGS = frozenset("area base br col embed hr img input link meta source track wbr param keygen "
                       "p li dt dd option optgroup tr td th thead tbody tfoot colgroup rb rt rp".split())
_TAG_OR_RAW = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^<>]*>?|<!--")
_RAW_END = {"script": re.compile(r"</script", re.I), "style": re.compile(r"</style", re.I),
            "textarea": re.compile(r"</textarea", re.I), "!--": re.compile(r"-->"),
            # SVG and MathML: foreign content, where <path/> closes itself
            "svg": re.compile(r"</svg", re.I), "math": re.compile(r"</math", re.I)}


def flatten_deep(html: str, limit: int = MAX_NESTING) -> str:
    """The page with the tags that would nest elements deeper than `limit` left out (their text
    kept), or the page itself when it nests no deeper. One linear scan: tag names by a regex,
    the contents of comments, scripts, styles, text areas, SVG and MathML skipped (their ends
    found by one search each, so an unclosed one costs no rescans); depth counted as a browser
    nests (void elements and those whose end tag is implied, such as p and li, do not count; a
    `<div/>` opens a div, as in a browser)."""
    if html.count("<") < limit:
        return html
    depth, cut, pieces, start, skip_to = 0, False, [], 0, 0
    ends: dict[str, list[int]] = {}
    for m in _TAG_OR_RAW.finditer(html):
        if m.start() < skip_to:
            continue
        closing, name = m.group(1), (m.group(2) or "!--").lower()
        if name in _RAW_END and not closing:
            found = ends.get(name)
            if found is None:
                found = ends[name] = [e.start() for e in _RAW_END[name].finditer(html)]
            nxt = _next_after(found, m.end())
            skip_to = len(html) if nxt is None else nxt
            continue
        if name in _FLAT_TAGS:
            continue
        if closing:
            if depth > limit:
                pieces.append(html[start:m.start()])
                start, cut = m.end(), True
            depth = max(0, depth - 1)
        else:
            depth += 1
            if depth > limit:
                pieces.append(html[start:m.start()])
                start, cut = m.end(), True
    if not cut:
        return html
    pieces.append(html[start:])
    return "".join(pieces)


def _next_after(positions: list[int], pos: int) -> int | None:
    from bisect import bisect_left

    i = bisect_left(positions, pos)
    return positions[i] if i < len(positions) else None


def parse_html(html: str) -> tuple[list[str], list[HtmlLine], dict]:
    """Text lines, their DOM features, and the head metadata of one page."""
    tree = LexborHTMLParser(flatten_deep(html))
    meta = head_metadata(tree)
    _place_streamed(tree, html)
    # one selector query each instead of selectolax's query per tag (strip_tags/unwrap_tags)
    for node in tree.css(_DROP_SELECTOR):
        node.decompose()
    for node in tree.css(_UNWRAP_SELECTOR):
        node.unwrap()
    _drop_hidden(tree)
    texts, feats = html_lines(tree)
    return texts, feats, meta


def document_from_html(data: bytes | str, doc_id: str, source: str, url: str | None = None,
                       charset: str | None = None, fetched: str | None = None) -> Document | Rejection:
    """One HTML page (bytes or text) to a Document whose text is its lines joined by newlines."""
    if len(data) > MAX_HTML_BYTES:
        return Rejection(doc_id, "too_large", f"an HTML page of {len(data):,} bytes", source, url)
    lossy = False
    if isinstance(data, bytes):
        if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return Rejection(doc_id, "binary", "the input holds binary data, not HTML", source, url)
        text, lossy = decode_html(data, charset)
    else:
        text = data
    texts, feats, meta = parse_html(text)
    if not texts:
        return Rejection(doc_id, "empty", "the HTML page has no text", source, url)
    doc = Document(id=doc_id, text="\n".join(texts), url=url or meta.get("url"), source=source,
                   html_lines=feats, head_meta=meta, fetched=fetched)
    if lossy:
        doc.source += "#lossy-decode"
    return doc


def document_from_html_record(record: dict, default_id: str, source: str) -> Document | Rejection:
    """A JSON record with an `html` field (and optionally id, url, date) to a Document."""
    rid = pick(record, ID_KEYS)
    url = pick(record, URL_KEYS)
    doc = document_from_html(record["html"], str(rid) if rid is not None else default_id, source,
                             url=str(url) if url is not None else None)
    if isinstance(doc, Document):
        date = pick(record, DATE_KEYS)
        doc.date = str(date) if date is not None else None
        fetched = pick(record, ("fetched", "fetch_time", "crawled", "crawl_date", "warc_date", "timestamp"))
        doc.fetched = str(fetched) if fetched is not None else None
    return doc


def is_html_name(name: str) -> bool:
    name = name.lower()
    return name.endswith((".html", ".htm", ".xhtml", ".html.gz", ".htm.gz"))


def read_html_file(path: Path) -> Iterator[Document | Rejection]:
    doc_id = path.name.split(".")[0]
    source = str(path)
    try:
        with open_binary(path) as f:  # gzip by its first bytes, as every reader
            data = f.read(MAX_HTML_BYTES + 1)
    except (OSError, EOFError) as e:  # unreadable, or a gzip stream cut short
        yield Rejection(doc_id, "truncated" if isinstance(e, EOFError) or "gzip" in str(e).lower() else "unreadable",
                        str(e), source)
        return
    yield document_from_html(data, doc_id, source)
