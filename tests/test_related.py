"""Related articles computed from the collection, with scores and reasons."""
from __future__ import annotations

from linkfixtures import article, summit, unrelated, wire_copies

from kliping.link import Linker, link


def test_related_links_have_scores_reasons_and_skip_duplicates():
    follow_up = article("f1", [
        "Jumlah rumah rusak akibat gempa di Kabupaten Sukamaju bertambah menjadi 112 unit. Badan Penanggulangan "
        "Bencana Daerah Sukamaju masih mendata kerusakan di Kecamatan Padangrejo.",
        "Posko pengungsian di lapangan kecamatan menampung 640 warga yang rumahnya rusak setelah gempa.",
    ], "Rumah Rusak Akibat Gempa Sukamaju Bertambah", "2031-03-05T09:00:00+07:00", "kantorberita.id")
    arts = wire_copies() + [follow_up, unrelated("u1", "2031-03-04T08:00:00+07:00", "pasarwetan.id")]
    res = link(arts)
    by = {a.id: a for a in res.articles}
    rel = by["f1"].related
    assert rel, "the follow-up has related articles"
    assert rel[0].id in {"w1", "w2", "w3", "w4"}
    assert all(0 < r.score <= 1.5 for r in rel)
    assert rel == sorted(rel, key=lambda r: -r.score)
    reasons = rel[0].reasons
    assert any(x.startswith("term:") for x in reasons)
    assert any(x.startswith("time:") for x in reasons)
    # members of one duplicate group are one article, not related to each other
    assert not any(r.id in {"w2", "w3", "w4"} for r in by["w1"].related)
    assert "u1" not in {r.id for r in rel}


def test_shared_entities_are_a_reason_and_raise_the_score():
    a, b = summit("s1", 2028, "11-10", "a.id", 0), summit("s2", 2028, "11-10", "b.id", 1)
    res = link([a, b])
    link_ab = res.articles[0].related[0]
    assert link_ab.id == "s2"
    assert "entity:PER:arga_wibisana" in link_ab.reasons


def test_closeness_in_time_counts():
    near = summit("s2", 2028, "11-11", "b.id", 1)
    far = summit("s3", 2028, "12-05", "c.id", 1)
    res = link([summit("s1", 2028, "11-10", "a.id", 0), near, far])
    rel = {r.id: r.score for r in res.articles[0].related}
    assert rel["s2"] > rel["s3"]


def test_incremental_add_updates_older_articles():
    linker = Linker()
    first = summit("s1", 2028, "11-10", "a.id", 0)
    linker.add([first, unrelated("u1", "2028-11-10T08:00:00+07:00", "p.id")])
    assert linker.annotate(first).related == [] or all(r.id == "u1" for r in first.related)
    linker.add([summit("s2", 2028, "11-11", "b.id", 1)])
    assert linker.annotate(first).related[0].id == "s2"
