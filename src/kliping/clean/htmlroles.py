"""The HTML line-role model: the same linear-chain CRF family as clean/roles.py, over the
text features plus DOM features of each line (clean/htmlfeatures.py), in its own model file."""
from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pycrfsuite

from ..crf import CrfTagger, train_crf

from ..model import ROLES, HtmlLine
from .cues import RELATED_HEADINGS, heading_key
from .dates import find_dates
from .roles import layout_rules, wording_rules
from .features import PageContext, features_weighed
from .htmlfeatures import html_page_features

MODEL_NAME = "roles_html.crfsuite"
DEFAULT_C1 = 4.0
DEFAULT_C2 = 0.5
DEFAULT_ITERATIONS = 150
# Below this share of the main block's prose taken as body, the main block is taken instead.
FALLBACK_BODY_SHARE = 0.3
# C1, C2 chosen by host-grouped cross-validation on html-bench (strong regularisation: 120 pages).


def packaged_html_model_path() -> Path:
    return Path(str(resources.files("kliping") / "models" / MODEL_NAME))


@dataclass(slots=True)
class HtmlTrainingPage:
    lines: list[str]
    html: list[HtmlLine]
    roles: list[str]
    ctx: PageContext
    id: str = ""


class HtmlRoleModel:
    """Tags each line of an HTML page with one of the LABELS.md roles."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or packaged_html_model_path()
        if not self.path.exists():
            raise FileNotFoundError(f"no HTML line-role model at {self.path}; run `kliping train --html-bench`")
        self._tagger = CrfTagger(self.path)
        self._labels = frozenset(self._tagger.labels())
        # the optional feature families this model weighs: the others are not computed
        self._features = features_weighed(self._tagger.attributes)

    def tag(self, lines: list[str], html: list[HtmlLine], ctx: PageContext | None = None
            ) -> tuple[list[str], list[float]]:
        if not lines:
            return [], []
        tagging = self._tagger.tag(html_page_features(lines, html, ctx, self._features))
        roles = tagging.labels
        wording_rules(roles, lines)
        _fill_from_main(roles, html)
        _body_outside_main(roles, html)
        _fill_gaps(roles, html)
        _drop_related_lists(lines, roles, html)
        _body_by_markup(roles, html)
        if roles.count("title") > 1:  # one headline: the first (LABELS.md)
            first = roles.index("title")
            roles[first + 1:] = ["boilerplate" if r == "title" else r for r in roles[first + 1:]]
        layout_rules(roles, lines)
        _date_by_headline(roles, lines)
        known = self._labels
        # a role the model never learnt (caption in a benchmark-only model) takes the body's
        # marginal, the label it replaced
        conf = [tagging.marginal(r if r in known else "body", i) for i, r in enumerate(roles)]
        return roles, conf


# A gap line is filled back as body only if it is this long and at most this share of it is
# link text (list items in an article often open with a linked name or title).
GAP_MIN_CHARS = 30
GAP_MAX_LINKS = 0.7


def _fill_from_main(roles: list[str], html: list[HtmlLine]) -> None:
    """When the model takes hardly any of the main block's prose as body (a layout unlike any it
    was trained on), take the main block's lines of few links as body, as readability would."""
    main = [i for i, hl in enumerate(html) if hl.in_main and hl.link_chars < 0.5 * hl.chars]
    prose = sum(html[i].chars for i in main if html[i].chars >= 60)
    body = sum(hl.chars for hl, r in zip(html, roles) if r == "body")
    if prose and body < FALLBACK_BODY_SHARE * prose:
        for i in main:
            if roles[i] == "boilerplate":
                roles[i] = "body"


def _body_outside_main(roles: list[str], html: list[HtmlLine]) -> None:
    """When not one body line lies inside either main-block estimate while the main block holds
    at least as much prose as that body (the body the model found is a footer, a contact or
    newsletter block, a teaser box), the main block's lines of few links are the body instead."""
    body = [i for i, r in enumerate(roles) if r == "body"]
    if not body or any(html[i].in_main or html[i].in_main_blocks for i in body):
        return
    main = [i for i, hl in enumerate(html) if (hl.in_main or hl.in_main_blocks) and hl.link_chars < 0.5 * hl.chars]
    prose = sum(html[i].chars for i in main if html[i].chars >= 60)
    if not prose or prose < sum(html[i].chars for i in body):
        return
    for i in body:
        roles[i] = "boilerplate"
    for i in main:
        if roles[i] == "boilerplate":
            roles[i] = "body"


DATE_AFTER_TITLE = 6   # lines under the headline where its date line is looked for


def _date_by_headline(roles: list[str], lines: list[str]) -> None:
    """When the model found no date line, a short line that is mostly a date, under the headline
    and before the body, is the article's: on the labelled pages all 33 such lines are (above the
    headline only 3 of 6 are: the others are the day's date in the site's header)."""
    if "datetime" in roles or "title" not in roles:
        return
    t = roles.index("title")
    first_body = next((i for i in range(t, len(roles)) if roles[i] == "body"), len(roles))
    for i in range(t + 1, min(first_body, t + DATE_AFTER_TITLE + 1)):
        text = lines[i]
        if roles[i] != "boilerplate" or len(text) > 70:
            continue
        hits = find_dates(text)
        if hits and sum(h.end - h.start for h in hits) >= 0.5 * len(text.strip()):
            roles[i] = "datetime"
            return


def _body_by_markup(roles: list[str], html: list[HtmlLine]) -> None:
    """Body lines whose markup says otherwise: a <figcaption> is the photo's caption, whatever its
    prose; a line in a page footer outside the main block (disclaimers, company boilerplate,
    legal notices) is boilerplate (on html-bench no such line is article text)."""
    for i, hl in enumerate(html):
        if roles[i] != "body":
            continue
        if hl.tag == "figcaption" or "figcaption" in hl.path:
            roles[i] = "caption"
        elif "footer" in hl.cues and not (hl.in_main or hl.in_main_blocks):
            roles[i] = "boilerplate"


def _fill_gaps(roles: list[str], html: list[HtmlLine]) -> None:
    """A run of boilerplate lines set between two body lines of the same element, each line of
    the run in that element too, written like them (the same tag) and not mostly links, is body:
    the CRF sometimes drops the middle of a long list inside an article."""
    body = [i for i, r in enumerate(roles) if r == "body"]
    for a, b in zip(body, body[1:]):
        if b - a < 2 or html[a].block_box != html[b].block_box:
            continue
        run = range(a + 1, b)
        if all(roles[i] == "boilerplate" and html[i].block_box == html[a].block_box
               and html[i].tag in (html[a].tag, html[b].tag) and html[i].chars >= GAP_MIN_CHARS
               and html[i].link_chars < GAP_MAX_LINKS * html[i].chars for i in run):
            for i in run:
                roles[i] = "body"


def _drop_related_lists(lines: list[str], roles: list[str], html: list[HtmlLine]) -> None:
    """Under a heading that announces other articles ("Related posts", "Você pode gostar...",
    "Berita Terkait"), the lines inside the heading's parent element are no body of the
    article (teaser excerpts read like article prose and fool the line model), unless that
    element also holds body lines before the heading (then it is the article itself). The
    article may go on right after such a box."""
    box, box_end = -1, -1
    for i, text in enumerate(lines):
        hl = html[i]
        if box >= 0:
            if box <= hl.eid <= box_end:
                if roles[i] == "body":
                    roles[i] = "boilerplate"
                continue
            box = -1
        if len(text) < 60 and hl.block_box_end and heading_key(text) in RELATED_HEADINGS:
            parent, parent_end = hl.block_box, hl.block_box_end
            if not any(roles[j] == "body" and parent <= html[j].eid <= parent_end for j in range(i)):
                box, box_end = parent, parent_end


def train_html(pages: list[HtmlTrainingPage], out: Path, c1: float = DEFAULT_C1, c2: float = DEFAULT_C2,
               iterations: int = DEFAULT_ITERATIONS, note: dict | None = None) -> Path:
    """Train the HTML CRF and write it to `out` (atomically), with its training ids beside it."""
    trainer = pycrfsuite.Trainer(verbose=False)
    for p in pages:
        if not (len(p.lines) == len(p.roles) == len(p.html)):
            raise ValueError("lines, DOM features and roles differ in length")
        bad = set(p.roles) - set(ROLES)
        if bad:
            raise ValueError(f"unknown roles {sorted(bad)}")
        trainer.append(html_page_features(p.lines, p.html, p.ctx), p.roles)
    train_crf(trainer, out, c1, c2, iterations)
    meta = {"c1": c1, "c2": c2, "iterations": iterations, "pages": len(pages),
            "ids": sorted(p.id for p in pages if p.id), "lines": sum(len(p.lines) for p in pages), **(note or {})}
    out.with_suffix(".json").write_text(json.dumps(meta, indent=1) + "\n")
    return out
