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
    def scores(far_day):
        res = link([summit("s1", 2028, "11-10", "a.id", 0), summit("s2", 2028, far_day, "b.id", 1)])
        return {r.id: r.score for r in res.articles[0].related}

    # the same report a day after and 25 days after (one report twice is a duplicate group: apart)
    assert scores("11-11")["s2"] > scores("12-05")["s2"]


def test_incremental_add_updates_older_articles():
    linker = Linker()
    first = summit("s1", 2028, "11-10", "a.id", 0)
    linker.add([first, unrelated("u1", "2028-11-10T08:00:00+07:00", "p.id")])
    assert linker.annotate(first).related == [] or all(r.id == "u1" for r in first.related)
    linker.add([summit("s2", 2028, "11-11", "b.id", 1)])
    assert linker.annotate(first).related[0].id == "s2"


def _follow_up(id_="f1", day="05"):
    return article(id_, [
        "Jumlah rumah rusak akibat gempa di Kabupaten Sukamaju bertambah menjadi 112 unit. Badan Penanggulangan "
        "Bencana Daerah Sukamaju masih mendata kerusakan di Kecamatan Padangrejo.",
        "Posko pengungsian di lapangan kecamatan menampung 640 warga yang rumahnya rusak setelah gempa.",
    ], "Rumah Rusak Akibat Gempa Sukamaju Bertambah", f"2031-03-{day}T09:00:00+07:00", "kantorberita.id")


def test_a_wire_story_is_one_related_article_and_its_copies_share_one_list():
    res = link(wire_copies() + [_follow_up()])
    by = {a.id: a for a in res.articles}
    wire = {"w1", "w2", "w3", "w4"}
    canonical = {g.canonical for g in res.duplicates if set(g.members) == wire}
    assert len(canonical) == 1
    # four outlets carried the quake report: the follow-up lists it once, as its canonical copy
    assert [r.id for r in by["f1"].related if r.id in wire] == list(canonical)
    lists = {w: [(r.id, r.score) for r in by[w].related] for w in wire}
    assert len({tuple(v) for v in lists.values()}) == 1 and lists["w1"][0][0] == "f1"


def test_a_copy_added_later_takes_its_groups_list_and_is_handed_to_the_writer():
    copies = wire_copies()
    linker = Linker()
    linker.add(copies[:3] + [_follow_up()])
    new = linker.add([copies[3]])
    w4 = linker.pos["w4"]
    assert new.tolist() == [w4]
    assert w4 in linker.related_changed().tolist()
    assert [r.id for r in linker.related_of(w4)] == [r.id for r in linker.related_of(linker.pos["w1"])] == ["f1"]


def test_a_new_copy_alone_does_not_rewrite_its_whole_group():
    copies = wire_copies()
    linker = Linker()
    linker.add(copies[:3] + [_follow_up()])
    new = linker.add([copies[3]])
    # w1..w3 keep the list they have: only the new copy is written
    assert linker.related_changed().tolist() == new.tolist()
