"""The line-role model: a linear-chain CRF (python-crfsuite) over a page's lines."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pycrfsuite

from ..crf import CrfTagger, Tagging, train_crf

from ..model import ROLES
from .bylines import named_byline, names_from_line, page_lexicon
from .lines import normalise
from .cues import (GARBLED_DATELINE_RE, named_body, named_boilerplate, named_category, named_credit,
                   named_related_label, named_sign_off, named_source)
from .features import PageContext, features_weighed, page_features, slug_overlap, url_slug_words

MODEL_NAME = "roles.crfsuite"
# Chosen by outlet-grouped cross-validation on the labelled dev pages
# (see docs/evaluation.md); L1 keeps the model small, L2 smooths rare cues.
DEFAULT_C1 = 0.1
DEFAULT_C2 = 0.05
DEFAULT_ITERATIONS = 200
# Where a headline can sit, and how likely a line must be to be taken as the
# missing one (chosen by outlet-grouped cross-validation).
TITLE_SEARCH_LINES = 12
TITLE_MIN_MARGINAL = 0.2
TITLE_MIN_SLUG_OVERLAP = 0.7
_WORDS = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def packaged_model_path() -> Path:
    return Path(str(resources.files("kliping") / "models" / MODEL_NAME))


@dataclass(slots=True)
class TrainingPage:
    lines: list[str]
    roles: list[str]
    ctx: PageContext
    id: str = ""


class RoleModel:
    """Tags each line of a page with one of the LABELS.md roles."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or packaged_model_path()
        if not self.path.exists():
            raise FileNotFoundError(f"no line-role model at {self.path}; run `kliping train`")
        self._tagger = CrfTagger(self.path)
        # the optional feature families this model weighs: the others are not computed
        self._features = features_weighed(self._tagger.attributes)

    def tag(self, lines: list[str], ctx: PageContext | None = None) -> tuple[list[str], list[float]]:
        if not lines:
            return [], []
        feats = page_features(lines, ctx, self._features)
        tagging = self._tagger.tag(feats)
        roles = tagging.labels
        wording_rules(roles, lines)
        n_titles = roles.count("title")
        if n_titles == 0:
            self._restore_title(roles, lines, ctx.url if ctx else None, tagging)
        elif n_titles > 1:
            self._keep_one_title(roles)
        layout_rules(roles, lines)
        conf = [tagging.marginal(r, i) for i, r in enumerate(roles)]
        return roles, conf

    def _keep_one_title(self, roles: list[str]) -> None:
        """A page has one headline, its first occurrence (LABELS.md); later ones are furniture."""
        first = roles.index("title")
        for i in range(first + 1, len(roles)):
            if roles[i] == "title":
                roles[i] = "boilerplate"

    def _restore_title(self, roles: list[str], lines: list[str], url: str | None, tagging: Tagging) -> None:
        """Most news pages print a headline: when the best path has none, take the line
        that repeats the URL slug, else the line the model finds likeliest to be one,
        if it is likely enough."""
        head = range(min(len(roles), TITLE_SEARCH_LINES))
        slug = url_slug_words(url)
        if slug:
            overlaps = {i: slug_overlap(_WORDS.findall(lines[i].lower()), slug) for i in head
                        if roles[i] not in ("body", "source")}
            best = max(overlaps, key=overlaps.__getitem__, default=None)
            if best is not None and overlaps[best] >= TITLE_MIN_SLUG_OVERLAP:
                roles[best] = "title"
                return
        best = max(head, key=lambda i: tagging.marginal("title", i), default=None)
        if best is not None and roles[best] != "body" and tagging.marginal("title", best) >= TITLE_MIN_MARGINAL:
            roles[best] = "title"


def wording_rules(roles: list[str], lines: list[str]) -> None:
    """Roles a line's wording decides whatever the model read (LABELS.md names these lines):
    furniture, section labels, source lines, labelled bylines, related-link labels, a standalone dateline, a
    reporter's sign-off closing the body. Shared by the text and the HTML role models."""
    for i, text in enumerate(lines):
        if named_boilerplate(text):
            roles[i] = "boilerplate"
        elif named_category(text):
            roles[i] = "category"
        elif named_source(text):
            roles[i] = "source"
        elif named_byline(text):
            roles[i] = "byline"
        elif named_related_label(text) and i + 1 < len(roles):
            roles[i] = "related"
        elif named_body(text) and i + 1 < len(roles) and roles[i + 1] == "body":
            roles[i] = "body"
        elif (roles[i] == "body" and i and roles[i - 1] == "body" and named_sign_off(text)
              and "body" not in roles[i + 1:]):
            roles[i] = "byline"  # "(Nama Reporter)" signing off the last paragraph


def layout_rules(roles: list[str], lines: list[str]) -> None:
    """Roles decided by a line's place among the others' roles (after the title is settled):
    the deck before the dateline, credits and their captions, headline lists, a name under the
    headline, a repeated deck. Shared by the text and the HTML role models."""
    _deck_before_dateline(roles, lines)
    _credit_and_caption(roles, lines)
    _headline_lists(roles, lines)
    _name_under_headline(roles, lines)
    _deck_repeated_in_body(roles, lines)


DECK_DATELINE_REACH = 5
HEADLINE_LIST_MIN = 3
_BULLET = re.compile(r"^\s*[-•–—·▪►]\s*(?=\S)")
_LONG_WORD = re.compile(r"[^\W\d_]{4,}")


def _deck_repeated_in_body(roles: list[str], lines: list[str]) -> None:
    """The standfirst printed again further down opens (or sits in) the body: the repeat is body.
    On the labelled dev pages every later copy of a deck is body (6 of 6)."""
    if "deck" not in roles:
        return
    first = roles.index("deck")
    deck = normalise(lines[first]).lower()
    if len(deck) < 40:
        return
    for i in range(first + 1, len(roles)):
        if (roles[i] not in ("body", "deck") and i + 1 < len(roles) and roles[i + 1] == "body"
                and normalise(lines[i]).lower() == deck):
            roles[i] = "body"


def _name_under_headline(roles: list[str], lines: list[str]) -> None:
    """A bare person's name printed right under the headline is its byline, when the model read
    it as body (a paragraph is never just a name)."""
    if "title" not in roles:
        return
    i = roles.index("title") + 1
    if i < len(roles) and roles[i] == "body" and len(lines[i]) <= 40:
        authors, _ = names_from_line(lines[i], "byline",
                                     page_lexicon(t for t, r in zip(lines, roles) if r == "body"))
        if authors and " ".join(" ".join(authors).split()) == " ".join(lines[i].strip(" •·").split()):
            roles[i] = "byline"


def _headline_item(text: str) -> bool:
    """A bulleted line written like a headline: most longer words capitalised, no closing period."""
    m = _BULLET.match(text)
    if not m:
        return False
    rest = text[m.end():].rstrip()
    words = _LONG_WORD.findall(rest)
    return (len(rest.split()) >= 4 and bool(words) and not rest.endswith(".")
            and sum(w[0].isupper() for w in words) >= 0.6 * len(words))


def _headline_lists(roles: list[str], lines: list[str]) -> None:
    """Three or more bulleted headlines in a row are a list of other stories (LABELS.md: related
    lists are boilerplate), with or without a heading; in-article lists are written as text."""
    i, n = 0, len(lines)
    while i < n:
        if not _headline_item(lines[i]):
            i += 1
            continue
        j = i
        while j < n and _headline_item(lines[j]):
            j += 1
        if j - i >= HEADLINE_LIST_MIN:
            roles[i:j] = ["boilerplate"] * (j - i)
        i = j


def _credit_and_caption(roles: list[str], lines: list[str]) -> None:
    """A photo credit alone on its line (`TRIBUNNEWS/HERUDIN`) is a caption, and so is the photo's
    description printed right under it when the model read that as body: unless a caption is
    already above the credit (then the credit closes the caption block) or the line opens with the
    body's dateline."""
    for i, text in enumerate(lines):
        if roles[i] in ("caption", "title") or not named_credit(text):
            continue
        roles[i] = "caption"
        j = i + 1
        if (j < len(roles) and roles[j] == "body" and (i == 0 or roles[i - 1] != "caption")
                and not GARBLED_DATELINE_RE.match(lines[j][:160]) and "body" in roles[j + 1:]):
            roles[j] = "caption"


def _deck_before_dateline(roles: list[str], lines: list[str]) -> None:
    """The dateline (`JAKARTA, KOMPAS.com -`) opens the body, so prose the model read as body between
    the headline and the dateline paragraph is not body: right under the headline it is the
    standfirst (deck), right under a caption it is the rest of that caption. On the labelled dev
    pages, every such line is a deck (16 of 16) or a caption (13 of 13)."""
    if "title" not in roles:
        return
    t = roles.index("title")
    j = next((i for i in range(t + 1, len(roles)) if roles[i] == "body"), None)
    if j is None or GARBLED_DATELINE_RE.match(lines[j][:160]):
        return
    k = next((i for i in range(j + 1, min(len(roles), j + 1 + DECK_DATELINE_REACH)) if roles[i] == "body"), None)
    if k is None or not GARBLED_DATELINE_RE.match(lines[k][:160]):
        return
    for i in range(j, k):
        if roles[i] != "body":
            continue
        if roles[i - 1] == "caption":
            roles[i] = "caption"
        elif i == j and "deck" not in roles[t + 1:i]:
            roles[i] = "deck"


def training_ids(model: Path) -> set[str]:
    """Ids of the pages a model was trained on (recorded beside it by train())."""
    meta = model.with_suffix(".json")
    return set(json.loads(meta.read_text()).get("ids", [])) if meta.exists() else set()


def train(pages: list[TrainingPage], out: Path, c1: float = DEFAULT_C1, c2: float = DEFAULT_C2,
          iterations: int = DEFAULT_ITERATIONS) -> Path:
    """Train a CRF on labelled pages and write it to `out` (atomically)."""
    trainer = pycrfsuite.Trainer(verbose=False)
    for p in pages:
        if len(p.lines) != len(p.roles):
            raise ValueError("lines and roles differ in length")
        bad = set(p.roles) - set(ROLES)
        if bad:
            raise ValueError(f"unknown roles {sorted(bad)}")
        trainer.append(page_features(p.lines, p.ctx), p.roles)
    train_crf(trainer, out, c1, c2, iterations)
    meta = {"c1": c1, "c2": c2, "iterations": iterations, "pages": len(pages),
            "ids": sorted(p.id for p in pages if p.id),
            "lines": sum(len(p.lines) for p in pages)}
    out.with_suffix(".json").write_text(json.dumps(meta, indent=1) + "\n")
    return out
