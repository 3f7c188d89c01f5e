"""Features of the lines of an HTML page for the HTML line-role model: the text model's
features (clean/features.page_features, reused as they are) plus where each line sat in the DOM.

The text features cost ~50 us a line; a page's menus and link lists outside its content block
are most of its lines and are told apart by their markup alone, so those lines ("link lines")
get the DOM features and a few cheap text ones, and page_features runs on the other lines,
in page order, as one sequence.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from ..model import HtmlLine
from .features import ALL_FEATURES, FeatureSet, PageContext, page_features

_LEN_EDGES = (10, 30, 60, 120, 250, 500)
_LD_EDGES = (0.01, 0.3, 0.7, 0.99)
_SHARE_EDGES = (0.01, 0.1, 0.3, 0.6, 0.9)
_SENT_END = (".", "!", "?", '"', "”", "’", ")")
LINK_LINE_DENSITY = 0.5
_FIRST_WORD = re.compile(r"[^\W\d_]+")


def is_link_line(hl: HtmlLine) -> bool:
    """A line mostly of link text outside the content block: menus, link lists, teasers."""
    return not (hl.in_main or hl.in_main_blocks) and hl.chars > 0 and hl.link_chars >= LINK_LINE_DENSITY * hl.chars


def _dom(hl: HtmlLine) -> tuple[str, ...]:
    """The DOM features of one line."""
    ld = hl.link_chars / hl.chars if hl.chars else 0.0
    return _dom_strings(hl.tag, hl.path[:2], hl.cues, hl.near_cues, bisect_right(_LD_EDGES, ld),
                        bisect_right(_SHARE_EDGES, hl.box_prose), bisect_right(_SHARE_EDGES, hl.outer_prose),
                        bisect_right(_LD_EDGES, hl.box_links), hl.in_main_blocks, hl.in_main)


@lru_cache(maxsize=50_000)  # lines of a site repeat the same markup: most reuse a tuple (~7 us a line)
def _dom_strings(tag: str, path: tuple[str, ...], cues: frozenset[str], near: frozenset[str], ldb: int, bp: int,
                 op: int, bl: int, main_blocks: bool, main: bool) -> tuple[str, ...]:
    f = ["h.tag=" + tag]
    if len(path) > 1:
        f.append("h.up=" + path[1])
        f.append("h.tu=" + tag + "/" + path[1])
    if path and path[0] != tag:
        f.append("h.in=" + path[0])
    f.extend("h.c=" + c for c in cues)
    f.extend("h.nc=" + c for c in near)
    f.append(f"h.ld={ldb}")
    f.append(f"h.bp={bp}")
    f.append(f"h.op={op}")
    f.append(f"h.bl={bl}")
    if main_blocks:
        f.append("h.mainb")
        if not main:
            f.append("h.mainb_only")
    if main:
        f.append("h.main")
    return tuple(f)


# the line above and the line below: offset, which of (below, above) holds what they show, and
# the feature strings of this side
_SIDES = ((-1, 0, "h[-1]same", "h[-1]samebox", "h[-1]edge"), (1, 1, "h[+1]same", "h[+1]samebox", "h[+1]edge"))
_TLEN = tuple(f"t.len={b}" for b in range(len(_LEN_EDGES) + 1))
_REGION = {r: "h.reg=" + r for r in ("none", "before", "justbefore", "after", "justafter", "in")}


@lru_cache(maxsize=1024)
def _seen(offset: int, tag: str, main: bool) -> tuple[str, str]:
    """A line's tag and main-block mark as a neighbour sees them: offset -1 for the line below
    (to which this line is h[-1]), +1 for the line above."""
    p = "h[%+d]" % offset
    return p + "tag=" + tag, p + ("h.main" if main else "nomain")


def _region(i: int, first: int, last: int) -> str:
    if first < 0:
        return "none"
    if i < first:
        return "before" if first - i > 3 else "justbefore"
    if i > last:
        return "after" if i - last > 3 else "justafter"
    return "in"


def html_page_features(texts: list[str], hls: list[HtmlLine], ctx: PageContext | None = None,
                       fs: FeatureSet = ALL_FEATURES) -> list[list[str]]:
    """One feature list per line (crfsuite item strings); `fs`: the optional text feature
    families to compute (features.OPTIONAL_FAMILIES)."""
    n = len(texts)
    ctx = ctx or PageContext()
    keep = [i for i in range(n) if not is_link_line(hls[i])]
    text_feats: dict[int, list[str]] = {}
    if keep:
        sub_ctx = PageContext(url=ctx.url, outlet_pages=ctx.outlet_pages,
                              recurrence=[ctx.recurrence[i] for i in keep] if ctx.recurrence else None)
        for i, fs in zip(keep, page_features([texts[i] for i in keep], sub_ctx, fs)):
            text_feats[i] = fs
    main_idx = [i for i, hl in enumerate(hls) if hl.in_main]
    first, last = (main_idx[0], main_idx[-1]) if main_idx else (-1, -1)
    dom = [_dom(hl) for hl in hls]
    # what each line tells its neighbours, made once a line: (its tag and main-block mark as the
    # line below sees them, as the line above sees them)
    below = [_seen(-1, hl.tag, d[-1] == "h.main") for hl, d in zip(hls, dom)]
    above = [_seen(1, hl.tag, d[-1] == "h.main") for hl, d in zip(hls, dom)]
    seen = (below, above)
    out: list[list[str]] = []
    for i in range(n):
        hl = hls[i]
        f = text_feats.get(i)
        if f is None:
            t = texts[i]
            f = ["bias", "t.link", _TLEN[bisect_right(_LEN_EDGES, len(t))]]
            if t.endswith(_SENT_END):
                f.append("t.end")
            # the first word, as the text features name it: "Penulis", "Editor", "Oleh" open bylines
            # and a section name is often a linked word
            m = _FIRST_WORD.search(t)
            if m:
                f.append("w0=" + m.group().lower()[:20])
            if ":" in t[:30]:
                f.append("t.colon")
        else:
            f = list(f)
        f.extend(dom[i])
        f.append(_REGION[_region(i, first, last)])
        for d, side, same, samebox, edge in _SIDES:
            j = i + d
            if 0 <= j < n:
                other = hls[j]
                f.extend(seen[side][j])
                if other.tag == hl.tag and other.path[1:2] == hl.path[1:2]:
                    f.append(same)
                if other.box == hl.box:
                    f.append(samebox)
            else:
                f.append(edge)
        out.append(f)
    return out
