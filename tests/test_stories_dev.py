"""Stories on the labelled dev events (needs ../shared/data/dev/pages.jsonl)."""
from __future__ import annotations

from pathlib import Path

import pytest

from kliping.link.background import background_from_articles
from kliping.link.collection import canonical_order
from kliping.link.evaluate import articles_from_pages, halves, load_events, score_alone, score_stories, story_assignment

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT.parent / "shared" / "data" / "dev" / "pages.jsonl"
EVENTS = ROOT / "data" / "labels" / "events.jsonl"
MORE = ROOT / "data" / "labels" / "events-more.jsonl"
pytestmark = pytest.mark.skipif(not PAGES.exists(), reason="../shared/data/dev/pages.jsonl is not present")


@pytest.fixture(scope="module")
def articles() -> list:
    # in the order builds and `kliping eval-stories` link them (day, then id)
    return canonical_order(a for a in articles_from_pages(PAGES) if a.kind == "article")


@pytest.fixture(scope="module")
def story_of(articles) -> dict[str, str | None]:
    # as `kliping eval-stories` scores them: the shipped background table was counted from these
    # pages, so each half of the judged events is linked with a table counted without its pages
    story_of, across = story_assignment(articles, load_events(EVENTS, MORE), background="held-out")
    assert not across
    return story_of


def test_dev_events_no_merges_and_a_floor(story_of):
    events = load_events(EVENTS)
    sc = score_stories(events, story_of)
    assert sc.pages == len(events)
    assert sc.merges == []                # no story holds two labelled events
    assert sc.precision >= 0.95
    # 0.923 with Sastrawi's stems; 0.889 with kliping's own stemmer (kliping/stemming.py); 0.923 since
    # a day named anywhere in an undated body places it (2026-12-07; in-sample, see docs/linking.md)
    assert sc.f1 >= 0.92


def test_all_judged_dev_pages(story_of):
    # the 81 pages above and 195 more judged afterwards: 2026-12-07 precision 0.882, recall 0.862,
    # F1 0.872 with five stories holding two events, each through an article with no date clue at all;
    # 0.915 / 0.862 / 0.888 and three such stories once a clueless article joins no one of two dated
    # stories it reads alike (the margin chosen on these pages; docs/linking.md); 0.949 / 0.862 /
    # 0.904 and two such stories once the dates in a URL's slug, windows of undated stories and
    # weekdays named in a lead are read (rules written reading these pages). Six more pages judged
    # (2026-12-07, 282): 0.927 / 0.854 / 0.889, a Wednesday's IHSG close in the story of two Tuesdays';
    # 0.950 / 0.854 / 0.899 once an undated story takes no report whose lead names another weekday;
    # the same with the background table held out by halves; 0.962 / 0.854 / 0.905 and one such
    # story (the Persib report) once a lead sentence printed with other figures keeps another day's
    # undated report out (written reading the two Tuesdays' IHSG closes: in-sample)
    events = load_events(EVENTS, MORE)
    assert len(events) == 282
    sc = score_stories(events, story_of)
    assert sc.pages == len(events)
    assert sc.precision >= 0.95 and sc.recall >= 0.85
    assert len(sc.merges) <= 1
    assert sc.b3_f1 >= 0.97


def test_labels_files_agree_and_a_page_with_two_events_is_an_error(tmp_path):
    assert not set(load_events(EVENTS)) & set(load_events(MORE))
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "d0065", "event": "another-event"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="d0065"):
        load_events(EVENTS, bad)


def test_each_half_linked_alone_holds_up_with_a_background_table(articles):
    """A small run of unseen pages (each half of the judged events linked on its own) weighs its
    terms with a background table counted without its pages: recall no longer falls because the
    run is small. 2026-12-07, F1 without a table / with one: half A 0.755 / 0.862, half B 0.827 /
    0.911 (`kliping eval-stories --alone`)."""
    for half in halves(load_events(EVENTS, MORE)):
        alone = score_alone(articles, half, False)
        weighed = score_alone(articles, half, background_from_articles(a for a in articles if a.id not in half))
        assert weighed.f1 >= 0.85 and weighed.recall > alone.recall + 0.08
        assert weighed.precision >= alone.precision and len(weighed.merges) <= len(alone.merges)
