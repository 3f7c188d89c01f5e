"""Optional feature families: a model that weighs none of a family's strings tags without them,
and gets the same roles and confidences as with every family computed."""
from __future__ import annotations

import json
from pathlib import Path

from kliping.clean.features import ALL_FEATURES, OPTIONAL_FAMILIES, FeatureSet, features_weighed, page_features
from kliping.clean.htmlfeatures import html_page_features
from kliping.clean.htmlroles import HtmlRoleModel
from kliping.clean.lines import split_lines
from kliping.read.html import document_from_html

from test_html import LD, URL, news_page

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "pages.jsonl"
NONE = FeatureSet(**{family: False for family in OPTIONAL_FAMILIES})


def test_a_family_is_weighed_as_own_or_neighbour_feature():
    fs = features_weighed(["bias", "-1:menu", "url", "2:listitem", "h[-1]tag=p", "pipe"])
    assert fs.menu and fs.url and fs.listitem and fs.pipes
    assert not (fs.english or fs.section or fs.dateline or fs.initials)
    assert features_weighed([]) == NONE


def test_left_out_families_only_remove_their_own_strings():
    optional = {s for strings in OPTIONAL_FAMILIES.values() for s in strings}
    pages = [json.loads(line) for line in SAMPLES.read_text().splitlines() if line.strip()]
    seen: set[str] = set()
    for page in pages:
        lines = [ln.text for ln in split_lines(page["text"])]
        for full, lean in zip(page_features(lines), page_features(lines, fs=NONE)):
            assert set(lean) <= set(full)
            gone = {x.split(":", 1)[-1] for x in set(full) - set(lean)}
            assert gone <= optional
            seen |= gone
    assert {"menu", "pipe", "dateline"} <= seen  # the sample pages have lines of these families


def test_html_model_tags_the_same_without_the_families_it_does_not_weigh():
    model = HtmlRoleModel()
    assert model._features != ALL_FEATURES  # the packaged HTML model leaves some out
    for page in (news_page(LD), news_page(None, byline="Oleh: Rina Wulandari")):
        doc = document_from_html(page, "p", "test", url=URL)
        lines = doc.text.split("\n")
        results = []
        for fs in (ALL_FEATURES, model._features):
            tagging = model._tagger.tag(html_page_features(lines, doc.html_lines, None, fs))
            results.append((tagging.labels, [tagging.marginal(r, i) for i, r in enumerate(tagging.labels)]))
        assert results[0] == results[1]
