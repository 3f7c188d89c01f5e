"""The two real example pages in ../shared through extraction and enrichment (the issue's done-means)."""
from pathlib import Path

import pytest

import kliping
from kliping.enrich.pipeline import Enricher

EXAMPLES = Path(__file__).resolve().parents[2] / "shared" / "data" / "examples"
pytestmark = pytest.mark.skipif(not EXAMPLES.exists(), reason="../shared/data/examples is not present")


def _enriched(name: str, ner="auto"):
    art = kliping.extract((EXAMPLES / name).read_text(encoding="utf-8"))
    return Enricher(ner=ner)(art)


@pytest.mark.parametrize("ner", ["auto", None])
def test_first_example_entities_and_dates(ner):
    art = _enriched("000_5db728e82970b1f1.txt", ner)
    by_key = {e.key: e for e in art.entities}
    korut = [m for m in art.mentions if m.entity == "LOC:korea_utara"]
    assert {m.text for m in korut} >= {"Korut", "Korea Utara"}          # one entity, two spellings
    assert by_key["LOC:korea_utara"].name == "Korea Utara"
    assert {m.text for m in art.mentions if m.entity == "LOC:amerika_serikat"} >= {"AS", "Amerika Serikat"}
    for key in ("LOC:stockholm", "LOC:swedia", "LOC:hanoi", "LOC:vietnam", "LOC:beijing"):
        assert key in by_key
    assert not any(m.text == "KTT" for m in art.mentions)
    assert not any(m.entity == "LOC:amerika_serikat" for m in art.mentions
                   if art.text[m.end:m.end + 6] == " Utara")               # Amerika Utara is not the US
    times = {t.text: t for t in art.times}
    assert times["hari Jumat (4/10/19)"].value == "2019-10-04"
    assert times["esok hari, tanggal 5 Oktober"].value == "2019-10-05"
    assert times["hari Sabtu (5/10/19)"].value == "2019-10-05"
    assert times["bulan Februari lalu"].value == "2019-02" and times["bulan Februari lalu"].granularity == "month"
    for t in art.times:
        src = art.title if t.field == "title" else art.text
        assert src[t.start:t.end] == t.text


@pytest.mark.parametrize("ner", ["auto", None])
def test_second_example_people_places_and_anonymous_source(ner):
    art = _enriched("002_b224ccba23e89a74.txt", ner)
    by_key = {e.key: e for e in art.entities}
    assert {m.text for m in art.mentions if m.entity == "LOC:pyongyang"} == {"Pyonngyang", "Pyongyang"}
    assert by_key["LOC:pyongyang"].mentions == 3
    assert {m.text for m in art.mentions if m.entity == "PER:moon_jae_in"} == {"Moon Jae-In", "Moon"}
    assert {m.text for m in art.mentions if m.entity == "PER:kim_jong_un"} == {"Kim Jong-Un", "Kim"}
    assert by_key["PER:kim_jong_un"].name == "Kim Jong-un"
    assert "ORG:reuters" in by_key and "LOC:korea_selatan" in by_key and "LOC:panmunjom" in by_key
    assert {m.text for m in art.mentions if m.entity == "LOC:korea_utara"} == {"Korea Utara"}
    # the quotes are the anonymous source's, the last one through 'kata sumber tersebut'
    assert len(art.quotes) >= 2
    assert all(q.speaker == "sumber anonym" for q in art.quotes)
    assert art.quotes[-1].text.startswith("jika kita bisa")
    times = {t.text: t for t in art.times}
    assert times["tahun 2020"].value == "2020"
    assert times["sejak April"].value is None                     # no publication date: no anchor
    assert times["tahun lalu"].value is None


def test_records_carry_the_enrichment():
    art = _enriched("002_b224ccba23e89a74.txt")
    rec = art.to_record()
    assert rec["entities"] and rec["mentions"] and rec["quotes"] and rec["times"]
    assert {"key", "name", "type", "mentions"} <= set(rec["entities"][0])
