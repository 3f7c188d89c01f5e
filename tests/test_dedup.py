"""Exact and near duplicates: wire copy across outlets with their own headers and footers."""
from __future__ import annotations

from linkfixtures import WIRE, article, unrelated, wire_copies

from kliping.link import Linker, link
from kliping.link.dedup import DedupIndex
from kliping.link.shingles import body_paragraphs, jaccard, normalise, shingles


def test_wire_copies_form_one_near_group_with_the_earliest_as_canonical():
    arts = wire_copies() + [unrelated("u1", "2031-03-03T08:00:00+07:00", "pasarwetan.id")]
    res = link(arts)
    assert len(res.duplicates) == 1
    g = res.duplicates[0]
    assert sorted(g.members) == ["w1", "w2", "w3", "w4"]
    assert g.canonical == "w1"                      # earliest published
    assert g.kind == "near"
    by = {a.id: a for a in res.articles}
    assert by["w1"].duplicate_of is None and by["w1"].duplicate_group == g.id
    assert all(by[i].duplicate_of == "w1" for i in ("w2", "w3", "w4"))
    assert by["u1"].duplicate_group is None and by["u1"].duplicate_of is None


def test_outlet_furniture_is_dropped_before_comparing():
    a, b = wire_copies()[0], wire_copies()[1]
    assert normalise(a.body) == normalise([p for p in b.body if not p.startswith(("Baca", "Editor"))])[:len(normalise(a.body))] \
        or jaccard(set(shingles(normalise(a.body))), set(shingles(normalise(b.body)))) > 0.9
    assert not any(p.lower().startswith("baca juga") for p in body_paragraphs(b.body))
    assert body_paragraphs(a.body)[0].startswith("Gempa bumi")


def test_exact_copies_are_an_exact_group_and_the_canonical_is_the_longest_when_undated():
    body = WIRE[:2]
    arts = [article("e1", body, "Satu", None, "a.id"), article("e2", list(body), "Dua", None, "b.id"),
            article("e3", body + ["(ant)"], "Tiga", None, "c.id")]
    res = link(arts)
    assert len(res.duplicates) == 1
    assert res.duplicates[0].kind == "exact"      # the credit line is stripped: same normalised body
    assert sorted(res.duplicates[0].members) == ["e1", "e2", "e3"]


def test_a_rewritten_story_on_the_same_event_is_not_a_duplicate():
    rewritten = article("r1", [
        "Warga Padangrejo memilih tidur di tenda depan rumah setelah gempa pagi tadi. Mereka khawatir gempa "
        "susulan merobohkan dinding yang sudah retak.",
        "Seorang warga, Sutrisno, mengatakan dapurnya ambruk dan ia belum berani masuk ke rumah.",
    ], "Warga Padangrejo Tidur di Tenda", "2031-03-03T15:00:00+07:00", "lokal.id")
    res = link(wire_copies() + [rewritten])
    assert all("r1" not in g.members for g in res.duplicates)


def test_incremental_add_joins_an_existing_group():
    copies = wire_copies()
    linker = Linker()
    linker.add(copies[:2])
    assert len(linker.duplicate_groups()) == 1
    linker.add(copies[2:])
    groups = linker.duplicate_groups()
    assert len(groups) == 1 and sorted(groups[0].members) == ["w1", "w2", "w3", "w4"]
    assert linker.annotate(copies[3]).duplicate_of == "w1"


def test_index_threshold_separates_near_from_far():
    idx = DedupIndex()
    base = normalise(WIRE)
    near = normalise(WIRE[:3] + [WIRE[3].replace("tujuh", "sepuluh")])
    far = normalise(["Harga beras medium di pasar tradisional Kota Wetan naik menjadi Rp14.500 per kilogram."])
    idx.add([base, near, far])
    roots = idx.roots()
    assert roots[0] == roots[1] and roots[2] != roots[0]
    assert idx.estimated_jaccard(0, 1) > 0.7
