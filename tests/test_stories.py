"""Stories: one event across outlets, bounded in time, incremental; entity timelines."""
from __future__ import annotations

from linkfixtures import article, daily_close, summit, unrelated, wire_copies

from kliping.link import Linker, link
from kliping.link.evaluate import score_stories


def _story_members(res) -> dict[str, set[str]]:
    return {s.id: {e.article for e in s.timeline} for s in res.stories}


def test_two_summits_a_year_apart_do_not_merge():
    arts = [summit("a18", 2028, "11-10", "kantorberita.id", 0), summit("b18", 2028, "11-10", "harian.id", 1),
            summit("c18", 2028, "11-11", "pos.id", 2),
            summit("a19", 2029, "11-14", "kantorberita.id", 0), summit("b19", 2029, "11-15", "harian.id", 1)]
    res = link(arts)
    by = {a.id: a.story for a in res.articles}
    assert by["a18"] == by["b18"] == by["c18"]
    assert by["a19"] == by["b19"]
    assert by["a18"] != by["a19"]
    s18 = next(s for s in res.stories if s.id == by["a18"])
    assert s18.first.startswith("2028-11-10") and s18.last.startswith("2028-11-11")
    assert [e.article for e in s18.timeline][-1] == "c18"          # time order
    assert {e.outlet for e in s18.timeline} == {"kantorberita.id", "harian.id", "pos.id"}
    assert "KTT Samudra" in s18.label
    assert s18.entities[0] in {"PER:arga_wibisana", "LOC:kota_lestari"}
    assert s18.terms


def test_wire_copies_and_an_unrelated_story():
    res = link(wire_copies() + [unrelated("u1", "2031-03-03T08:00:00+07:00", "pasarwetan.id")])
    by = {a.id: a.story for a in res.articles}
    assert by["w1"] == by["w2"] == by["w3"] == by["w4"] != by["u1"]


def test_incremental_add_joins_open_story_or_starts_a_new_one():
    linker = Linker()
    linker.add([summit("a18", 2028, "11-10", "kantorberita.id", 0), summit("b18", 2028, "11-10", "harian.id", 1)])
    n_before = len(linker.story_index.stories)
    placed_before = list(linker.story_index.of)
    linker.add([summit("c18", 2028, "11-12", "pos.id", 2), summit("a19", 2029, "11-14", "kantorberita.id", 0)])
    assert list(linker.story_index.of)[:2] == placed_before          # nothing recomputed
    assert linker.story_id(linker.pos["c18"]) == linker.story_id(linker.pos["a18"])
    assert linker.story_id(linker.pos["a19"]) != linker.story_id(linker.pos["a18"])
    assert len(linker.story_index.stories) == n_before + 1


def test_undated_article_joins_only_when_its_day_fits():
    base = [summit("a18", 2028, "11-10", "kantorberita.id", 0), summit("b18", 2028, "11-11", "harian.id", 1)]
    undated_fits = summit("x", 2028, "11-10", "blog.id", 2)
    undated_fits.published = None
    undated_fits.body[0] = "Selasa (10/11) " + undated_fits.body[0]
    undated_other = summit("y", 2028, "11-10", "blog2.id", 2)
    undated_other.published = None
    undated_other.body = ["Kamis (14/3) " + undated_other.body[0],
                          "Para menteri luar negeri lebih dulu membahas agenda kerja sama maritim dan perdagangan "
                          "pangan, sementara panitia menyiapkan ruang sidang di gedung konvensi Kota Lestari."]
    res = link(base + [undated_fits, undated_other])
    by = {a.id: a.story for a in res.articles}
    assert by["x"] == by["a18"]
    assert by["y"] != by["a18"]


def test_undated_article_placed_by_a_day_named_below_its_lead():
    from kliping.link.collection import day_months

    base = [summit("a18", 2028, "11-10", "kantorberita.id", 0), summit("b18", 2028, "11-11", "harian.id", 1)]
    late = summit("z", 2028, "11-10", "blog.id", 2)
    late.published = None
    late.body = [late.body[0], late.body[1],
                 "Panitia menambah kursi di ruang sidang sejak malam sebelumnya.",
                 "Seorang petugas mengatakan barisan tamu sudah terbentuk pada Selasa (10/11) pukul 05.00."]
    assert day_months(late) == [(11, 10)]
    res = link(base + [late])
    by = {a.id: a.story for a in res.articles}
    assert by["z"] == by["a18"]
    assert next(a for a in res.articles if a.id == "z").published is None   # placed, not dated


def test_undated_bar_does_not_follow_the_dated_threshold():
    from kliping.link.collection import LinkParams
    from kliping.link.stories import StoryParams

    base = [summit("a18", 2028, "11-10", "kantorberita.id", 0), summit("b18", 2028, "11-11", "harian.id", 1)]
    loose = summit("q", 2028, "11-10", "blog.id", 2)
    loose.published = None
    loose.title = "Hotel Penuh Menjelang KTT Samudra di Kota Lestari"      # similarity about 0.35-0.4
    loose.body = ["Delegasi negara pesisir tiba di Kota Lestari menjelang Konferensi Tingkat Tinggi Samudra.",
                  "Hotel di sekitar gedung konvensi penuh, polisi menutup jalan di pusat kota dan mengalihkan "
                  "kendaraan ke jalan lingkar."]
    loose.entities = loose.entities[1:2]                  # Kota Lestari only
    # (a margin over the threshold, 0.10 + 0.25, would have let it in). Weighed by this run alone: the
    # shipped background table (background.py) would make the fixture's invented names weigh more
    linker = Linker(LinkParams(stories=StoryParams(threshold=0.10), background=False))
    linker.add(base + [loose])
    # at a low dated threshold the dated reports still join each other ...
    assert linker.story_id(linker.pos["a18"]) == linker.story_id(linker.pos["b18"])
    # ... but an article with no date clue needs the undated bar (0.5) whatever that threshold is
    assert linker.story_id(linker.pos["q"]) != linker.story_id(linker.pos["a18"])
    low = Linker(LinkParams(stories=StoryParams(threshold=0.10, undated_threshold=0.3), background=False))
    low.add(base + [loose])
    assert low.story_id(low.pos["q"]) == low.story_id(low.pos["a18"])


def test_article_with_no_date_clue_between_two_dated_events_of_one_kind_joins_neither():
    def clueless():
        u = summit("u", 2028, "11-10", "blog.id", 2)
        u.published = None
        u.title = "Kota Lestari Jadi Tuan Rumah Pertemuan Pemimpin Asia Tenggara"
        u.body = ["Presiden Arga Wibisana menyambut pemimpin negara Asia Tenggara yang berkumpul di Kota Lestari pada "
                  "pembukaan Konferensi Tingkat Tinggi Samudra.",
                  "Ketahanan pangan kawasan dan kerja sama maritim ditekankan presiden dalam pidatonya, sementara "
                  "deklarasi bersama perdagangan pangan dijadwalkan pada hari kedua.",
                  "Patroli laut bersama dan cadangan pangan kawasan diajukan Arga kepada negara tetangga; naskah "
                  "deklarasi sudah disepakati para menteri, kata panitia."]
        return u

    s28 = summit("a18", 2028, "11-10", "kantorberita.id", 0)
    s29 = summit("a19", 2029, "11-14", "kantorberita.id", 2)
    by = {a.id: a.story for a in link([s28, s29, clueless()]).articles}
    # it reads like both summits (cosine about 0.50 and 0.54): nothing says which year it reports
    assert by["u"] not in (by["a18"], by["a19"])
    by = {a.id: a.story for a in link([summit("a18", 2028, "11-10", "kantorberita.id", 0), clueless()]).articles}
    assert by["u"] == by["a18"]                                # one summit only: it joins it
    from kliping.link.collection import LinkParams, Linker, canonical_order
    from kliping.link.stories import StoryParams

    old = Linker(LinkParams(stories=StoryParams(undated_ambiguity=0.0)))
    old.add(canonical_order([summit("a18", 2028, "11-10", "kantorberita.id", 0),
                             summit("a19", 2029, "11-14", "kantorberita.id", 2), clueless()]))
    assert old.story_id(old.pos["u"]) == old.story_id(old.pos["a19"])   # without the rule: the nearer one


def test_entity_timeline():
    arts = [summit("a18", 2028, "11-10", "kantorberita.id", 0), summit("b18", 2028, "11-11", "harian.id", 1),
            summit("a19", 2029, "11-14", "kantorberita.id", 0)]
    linker = Linker()
    linker.add(arts)
    tl = linker.entity_timeline("PER:arga_wibisana")
    assert tl is not None and tl.articles == 3 and tl.mentions == 6
    assert [d.day for d in tl.days] == ["2028-11-10", "2028-11-11", "2029-11-14"]
    assert tl.first == "2028-11-10" and tl.last == "2029-11-14"
    assert len(tl.stories) == 2
    assert linker.entity_timeline("PER:nobody") is None


def test_pairwise_scores():
    events = {"a": "e1", "b": "e1", "c": "e2", "d": "e2"}
    sc = score_stories(events, {"a": "s1", "b": "s1", "c": "s1", "d": "s2"})
    assert (sc.tp, sc.fp, sc.fn) == (1, 2, 1)
    assert sc.merges == [["e1", "e2"]]
    assert round(sc.f1, 4) == round(2 * (1 / 3) * 0.5 / (1 / 3 + 0.5), 4)


def test_link_command_writes_articles_duplicates_stories_and_timelines(tmp_path):
    import json

    from kliping.cli import main

    arts = wire_copies() + [summit("a18", 2028, "11-10", "kantorberita.id", 0),
                            summit("b18", 2028, "11-11", "harian.id", 1)]
    src = tmp_path / "articles.jsonl"
    with open(src, "w", encoding="utf-8") as f:
        for a in arts:
            f.write(json.dumps(a.to_record(), ensure_ascii=False) + "\n")
        f.write(json.dumps({"schema": "1.0", "type": "rejection", "id": "bad", "reason": "binary"}) + "\n")
    out = tmp_path / "linked"
    assert main(["link", str(src), "--out", str(out)]) == 0
    recs = [json.loads(x) for x in open(out / "articles.jsonl", encoding="utf-8")]
    assert [r["id"] for r in recs] == [a.id for a in arts] + ["bad"]
    by = {r["id"]: r for r in recs}
    assert by["w2"]["duplicate_of"] == "w1" and by["a18"]["story"] == by["b18"]["story"]
    assert by["a18"]["related"][0]["id"] == "b18" and by["a18"]["related"][0]["reasons"]
    dups = [json.loads(x) for x in open(out / "duplicates.jsonl", encoding="utf-8")]
    assert len(dups) == 1 and dups[0]["canonical"] == "w1"
    stories = [json.loads(x) for x in open(out / "stories.jsonl", encoding="utf-8")]
    assert {s["id"] for s in stories} == {by["w1"]["story"], by["a18"]["story"]}
    assert all(s["timeline"] for s in stories)
    ents = [json.loads(x) for x in open(out / "entities.jsonl", encoding="utf-8")]
    assert any(e["key"] == "PER:arga_wibisana" and e["articles"] == 2 for e in ents)


_OWN_PARAGRAPHS = {
    "u18": ["Seorang pedagang kopi di dekat gedung konvensi mengaku dagangannya laris karena banyak wartawan asing "
            "yang meliput. Ia berharap konferensi serupa lebih sering digelar di kotanya.",
            "Dinas perhubungan menambah armada bus kota gratis dari bandara ke pusat kota, dan antrean penumpang "
            "terlihat mengular sejak pagi di terminal kedatangan."],
    "u19": ["Relawan mahasiswa membantu delegasi mencari penginapan dan menerjemahkan papan petunjuk. Panitia "
            "menyebut lebih dari tiga ratus relawan dilibatkan selama acara berlangsung.",
            "Hotel-hotel di sekitar alun-alun penuh dipesan sejak sepekan sebelumnya, kata ketua perhimpunan "
            "pengusaha hotel setempat kepada wartawan."],
    "u20": ["Hujan deras sempat mengguyur kawasan pelabuhan menjelang kedatangan rombongan, namun jadwal "
            "pembukaan tidak bergeser, menurut juru bicara pemerintah kota.",
            "Pedagang kaki lima dipindahkan sementara ke lapangan olahraga, dan pemerintah kota menjanjikan "
            "ganti rugi bagi yang kehilangan pendapatan."],
}


def _undated(id: str, year: int, outlet: str, variant: int, url: str | None = None, lead: str = ""):
    """A summit article without a date; its own closing paragraph keeps it from being a copy of another."""
    a = summit(id, year, "11-10", outlet, variant)
    a.published, a.url = None, url
    a.body = [lead + a.body[0], a.body[1], *_OWN_PARAGRAPHS.get(id, [])]
    return a


def test_time_window_from_url_and_body():
    import math

    from kliping.link.collection import _days, time_window

    month = time_window(_undated("m", 2029, "blog.id", 0, "https://blog.id/2029/11/ktt-samudra-dibuka/"))
    assert month == (_days("2029-11-01"), _days("2029-12-01"))
    epoch = time_window(_undated("e", 2029, "blog.id", 0, "https://blog.id/baca/1889000000-ktt-samudra"))
    assert epoch is not None and math.isclose(epoch[0] + 1, 1889000000 / 86400)
    body = time_window(_undated("b", 2029, "blog.id", 0, None, "Rabu (14/11/2029) "))
    assert body == (_days("2029-11-14") - 7, _days("2029-11-14") + 30)
    both = time_window(_undated("mb", 2029, "blog.id", 0, "https://blog.id/2029/11/ktt/", "Rabu (28/11/2029) "))
    assert both == (_days("2029-11-21"), _days("2029-12-01"))        # the overlap of the two
    assert time_window(_undated("n", 2029, "blog.id", 0, "https://blog.id/2029/ktt/")) is None  # a year is too wide
    assert time_window(_undated("i", 2029, "blog.id", 0, "https://blog.id/baca/1234-ktt")) is None
    assert time_window(_undated("bad", 2029, "blog.id", 0, "http://[blog.id/2029/11/ktt")) is None


def test_undated_article_joins_the_story_of_its_url_month_not_another_years():
    base = [summit("a18", 2028, "11-10", "kantorberita.id", 0), summit("b18", 2028, "11-11", "harian.id", 1),
            summit("a19", 2029, "11-14", "kantorberita.id", 2), summit("b19", 2029, "11-15", "harian.id", 0)]

    def story_of(undated):
        by = {a.id: a.story for a in link(base + [undated]).articles}
        assert by["a18"] != by["a19"]
        return "2028" if by[undated.id] == by["a18"] else "2029" if by[undated.id] == by["a19"] else None

    # "Selasa (1/1)": a misprinted day that fits neither summit; the URL's month still places it
    assert story_of(_undated("u19", 2029, "blog.id", 0, "https://blog.id/2029/11/ktt-samudra/", "Selasa (1/1) ")) \
        == "2029"
    assert story_of(_undated("u18", 2028, "blog2.id", 0, "https://blog2.id/2028/11/ktt-samudra/")) == "2028"
    assert story_of(_undated("u20", 2030, "blog3.id", 0, "https://blog3.id/2030/11/ktt-samudra/")) is None


def test_bcubed_scores_and_family_halves():
    from kliping.link.evaluate import event_family, halves, score_stories

    events = {"a1": "banjir-x-2021-11", "a2": "banjir-x-2021-11", "a3": "banjir-x-2022-10", "b1": "ktt-2028"}
    # a1 and a2 together (right), a3 with them (a merge), b1 alone
    sc = score_stories(events, {"a1": "s1", "a2": "s1", "a3": "s1", "b1": "s2"})
    assert (sc.tp, sc.fp, sc.fn) == (1, 2, 0) and sc.merges == [["banjir-x-2021-11", "banjir-x-2022-10"]]
    # B-cubed precision: a1, a2 see 2 of 3 right, a3 1 of 3, b1 1 of 1; recall 1 for all
    assert abs(sc.b3_precision - (2 / 3 + 2 / 3 + 1 / 3 + 1) / 4) < 1e-9 and sc.b3_recall == 1.0
    # a page with no story is its own story
    sc = score_stories(events, {"a1": "s1", "a2": None, "a3": None, "b1": None})
    assert sc.tp == 0 and sc.fn == 1 and abs(sc.b3_recall - (0.5 + 0.5 + 1 + 1) / 4) < 1e-9
    # events of one family (told apart by their dates) fall in the same half
    assert event_family("banjir-x-2021-11") == event_family("banjir-x-2022-10") == "banjir-x"
    a, b = halves(events)
    assert set(a) | set(b) == set(events) and not set(a) & set(b)
    assert ("a1" in a) == ("a3" in a)


def test_representative_of_a_large_story_is_the_member_nearest_its_centroid():
    import numpy as np
    import scipy.sparse as sp

    from kliping.link.stories import StoryIndex, StoryState

    rng = np.random.default_rng(7)
    X = sp.random(300, 50, density=0.2, random_state=7, format="csr")
    idx = StoryIndex()
    st = StoryState(number=0, members=sorted(rng.choice(300, size=120, replace=False).tolist()))
    st.centroid = {int(t): float(w) for t, w in zip(rng.choice(50, 20, replace=False), rng.random(20))}
    st.norm2 = sum(w * w for w in st.centroid.values())
    dots = [sum(X[i, t] * w for t, w in st.centroid.items()) for i in st.members]
    assert idx.representative(st, X) == st.members[int(np.argmax(dots))]
    assert idx.representative(StoryState(number=1, members=[5]), X) == 5


def test_lead_weekdays_are_days_of_the_news_not_days_looked_back_to():
    from kliping.link.collection import lead_weekdays

    assert lead_weekdays("IHSG pada Selasa sore ditutup melemah, kata analis di Jakarta, Rabu.") == [1, 2]
    assert lead_weekdays("Persib menang pada Selasa (1/3/2022) di Bali. Laga digelar Selasa, 1 Maret.") == []
    assert lead_weekdays("Kasus naik dibandingkan Senin kemarin. Sejak Minggu lalu angkanya turun.") == []
    assert lead_weekdays("Dalam dua minggu terakhir harga naik. Rapat digelar Jumat ini.") == []
    assert lead_weekdays("x" * 1300 + " di Jakarta, Selasa.") == []          # past the lead


def test_an_undated_report_naming_another_weekday_does_not_join_a_one_day_story():
    def undated(lead_day: str):
        u = summit("u", 2028, "11-10", "blog.id", 2)
        u.published = None
        u.title = "Kota Lestari Jadi Tuan Rumah Pertemuan Pemimpin Asia Tenggara"
        u.body = [f"Presiden Arga Wibisana menyambut pemimpin negara Asia Tenggara yang berkumpul di Kota Lestari pada "
                  f"{lead_day} untuk pembukaan Konferensi Tingkat Tinggi Samudra.",
                  "Ketahanan pangan kawasan dan kerja sama maritim ditekankan presiden dalam pidatonya, sementara "
                  "deklarasi bersama perdagangan pangan dijadwalkan pada hari kedua."]
        return u

    # the summit opened on Friday 10 November 2028
    for day, joins in (("Jumat pagi", True), ("Kamis malam", True), ("Selasa pagi", False), ("Sabtu", False)):
        by = {a.id: a.story for a in link([summit("a18", 2028, "11-10", "kantorberita.id", 0),
                                             undated(day)]).articles}
        assert (by["u"] == by["a18"]) is joins, day
    # a story of a week or more has every weekday
    by = {a.id: a.story for a in link([summit("a18", 2028, "11-10", "kantorberita.id", 0),
                                         summit("b18", 2028, "11-16", "harian.id", 1),
                                         undated("Selasa pagi")]).articles}
    assert by["a18"] == by["b18"] == by["u"]


def test_undated_reports_dated_only_by_their_slugs_months_apart_stay_apart():
    from kliping.link.collection import _days, time_window

    slug = _undated("u20", 2028, "blog.id", 2, "https://blog.id/baca/ktt-samudra-hari-ini-5-april-2029.html")
    assert time_window(slug) == (_days("2029-04-05") - 7, _days("2029-04-05") + 30)
    month = _undated("u18", 2028, "blog2.id", 0, "https://blog2.id/2028/12/ktt-samudra-dibuka/")

    def together(a, b):
        by = {x.id: x.story for x in link([a, b]).articles}
        return by[a.id] == by[b.id]

    assert not together(month, slug)
    near = _undated("u20", 2028, "blog.id", 2, "https://blog.id/baca/ktt-samudra-hari-ini-10-desember-2028.html")
    assert together(month, near)


def test_a_weekday_is_read_on_the_day_printed_in_indonesia():
    from kliping.link.stories import StoryIndex, StoryState

    index = StoryIndex()
    # published Tuesday 3 October 2028 at 02:00 WIB, that is Monday 19:00 UTC
    from kliping.link.collection import _days

    t = _days("2028-10-03T02:00:00+07:00")
    st = StoryState(number=0, first=t, last=t)
    assert index._weekday_in(st, [1])          # Selasa
    assert index._weekday_in(st, [0])          # Senin, the evening before
    assert not index._weekday_in(st, [2])      # Rabu


def _market_close(id_: str, day: str, level: str, outlet: str, rewrite: bool = False, other_day: bool = False):
    """An undated closing report of a fictional exchange: reports of other days read almost alike."""
    if other_day:        # another day's close: the same frame, other sectors and reasons
        body = [f"Indeks Harga Saham Lestari (ISL) di Bursa Efek Kota Lestari pada {day} sore ditutup melemah "
                f"ke posisi {level}, terbawa kekhawatiran pasar atas kenaikan suku bunga di kawasan.",
                "Indeks dibuka melemah dan tidak mampu beranjak dari zona merah hingga penutupan perdagangan, "
                "kata analis Sekuritas Samudra di Kota Lestari.",
                "Sektor properti dan sektor konsumer turun paling dalam, sementara sektor transportasi "
                "menguat tipis."]
    elif rewrite:          # the same close told by another outlet in its own words
        body = [f"Pada {day} sore Indeks Harga Saham Lestari (ISL) ditutup melemah ke posisi {level}, tertekan "
                "aksi jual investor asing pada saham perbankan di Bursa Efek Kota Lestari.",
                "Sektor keuangan dan sektor infrastruktur memimpin pelemahan, sedangkan sektor pertambangan dan "
                "sektor energi naik tipis, menurut analis Sekuritas Samudra.",
                "Indeks sempat dibuka menguat sebelum bergerak di zona merah sepanjang sesi kedua perdagangan."]
    else:
        body = [f"Indeks Harga Saham Lestari (ISL) di Bursa Efek Kota Lestari pada {day} sore ditutup melemah "
                f"ke posisi {level} di tengah aksi jual investor asing pada saham perbankan.",
                "Dibuka menguat, indeks lebih banyak bergerak di zona merah pada sesi kedua hingga penutupan "
                "perdagangan, kata analis Sekuritas Samudra di Kota Lestari.",
                "Secara sektoral, sektor keuangan dan sektor infrastruktur turun paling dalam, sementara "
                "sektor pertambangan dan sektor energi menguat tipis."]
    return article(id_, body, f"Indeks Saham Lestari Ditutup Melemah ke Posisi {level}", None, outlet)


def test_undated_reports_naming_other_weekdays_stay_apart():
    from kliping.link.collection import lead_weekdays, story_text

    tue = _market_close("tue", "Selasa", "4.879,10", "pasarlestari.id")
    wed = _market_close("wed", "Rabu", "5.993,24", "kabarbursa.id", other_day=True)
    tue2 = _market_close("tue2", "Selasa", "4.879,10", "harianbursa.id", rewrite=True)
    assert lead_weekdays(story_text(tue)) == [1] and lead_weekdays(story_text(wed)) == [2]
    res = link([tue, wed, tue2])
    by = {a.id: a.story for a in res.articles}
    assert not res.duplicates                      # three reports, none a copy of another
    # the same day's close from two outlets is one story; another weekday's is another
    assert by["tue"] == by["tue2"] != by["wed"]
    # a report that names no day joins by its text alone
    plain = _market_close("plain", "hari ini", "4.879,10", "lain.id", rewrite=True)
    by = {a.id: a.story for a in link([tue, plain]).articles}
    assert by["tue"] == by["plain"]


def test_undated_reports_printing_one_sentence_with_other_figures_stay_apart(monkeypatch):
    from array import array

    from kliping.link import collection
    from kliping.link.collection import lead_figures, story_text

    one = daily_close("one", "27,45", "0,56", "4.879,1", "babel.kantorberita.id")
    other = daily_close("other", "19,91", "0,34", "5.784,14", "mandala.kantorberita.id", other_day=True)
    same = daily_close("same", "27,45", "0,56", "4.879,1", "harianbursa.id", rewrite=True)
    def sentences(a):           # skeleton hash -> figures hash
        packed = array("q")
        packed.frombytes(lead_figures(story_text(a)))
        return {v >> 32: v & 0xFFFFFFFF for v in packed}

    figs = {a.id: sentences(a) for a in (one, other, same)}
    shared = set(figs["one"]) & set(figs["other"]) & set(figs["same"])
    assert len(shared) == 1                       # the one figure sentence all three print
    k = shared.pop()
    assert figs["one"][k] == figs["same"][k] != figs["other"][k]
    res = link([one, other, same])
    assert not res.duplicates                      # three reports, none a copy of another
    by = {a.id: a.story for a in res.articles}
    # two Tuesdays' closes, no date on either page: the figures tell them apart; the same close
    # told by another outlet joins its day's report
    assert by["one"] == by["same"] != by["other"]
    # without the figures the two days read alike enough to be one story
    monkeypatch.setattr(collection, "lead_figures", lambda text: b"")
    res = link([one, other])
    by = {a.id: a.story for a in res.articles}
    assert not res.duplicates and by["one"] == by["other"]
    assert lead_figures("Skor akhir 2-1.") == b"" and lead_figures("Harga naik 5 persen.") == b""
