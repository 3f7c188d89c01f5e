"""The background table of story-term document frequencies (kliping.link.background)."""
from __future__ import annotations

import json

import pytest

from kliping.link.background import (Background, background_from_articles, read_background,
                                     shipped_background, write_background)
from kliping.link.collection import LinkParams, Linker
from kliping.link.terms import Stemmer
from kliping.link.vectors import TermSpace
from clihelp import run_kliping
from linkfixtures import article


def _weights(space: TermSpace, rows) -> list[dict[str, float]]:
    m = space.weigh(*space.counts(rows))
    return [{space.names[j]: float(v) for j, v in zip(m.indices[m.indptr[r]:m.indptr[r + 1]],
                                                       m.data[m.indptr[r]:m.indptr[r + 1]])}
            for r in range(m.shape[0])]


def test_a_word_common_in_news_at_large_weighs_less_in_a_small_run():
    from collections import Counter

    rows = [Counter({"banjir": 1, "warga": 1, "sintang": 1}), Counter({"banjir": 1, "warga": 1, "ketapang": 1})]
    alone = _weights(TermSpace(), rows)
    # in these two articles `banjir` and `warga` are alike; in news at large `warga` is everywhere
    assert alone[0]["banjir"] == pytest.approx(alone[0]["warga"])
    bg = Background({"warga": 80, "banjir": 3}, 100)
    weighed = _weights(TermSpace(background=bg), rows)
    assert weighed[0]["banjir"] > 1.5 * weighed[0]["warga"]
    assert weighed[0]["sintang"] > weighed[0]["banjir"]       # unseen in the background: rarest of all


def test_later_batches_register_their_new_terms_background_counts():
    from collections import Counter

    space = TermSpace(background=Background({"warga": 80}, 100))
    space.weigh(*space.counts([Counter({"banjir": 1})]))
    w = _weights(space, [Counter({"warga": 1, "longsor": 1})])[0]     # `warga` first seen in this batch
    assert w["longsor"] > 1.5 * w["warga"]
    assert space.prior[space.vocab["warga"]] == 80 and space.prior[space.vocab["banjir"]] == 0


def test_counted_from_articles_once_per_text_and_round_trip(tmp_path):
    body = ["Banjir merendam ratusan rumah warga di Kecamatan Sungai Tebal sejak Senin malam.",
            "Warga mengungsi ke balai desa dan masjid terdekat."]
    other = ["Harga cabai di Pasar Wetan naik dua kali lipat menjelang hari raya.",
             "Warga mengeluhkan harga yang terus naik."]
    arts = [article("a", body, "Banjir Rendam Sungai Tebal"), article("b", body, "Sungai Tebal Kebanjiran"),
            article("c", other, "Harga Cabai Naik")]
    bg = background_from_articles(arts, min_df=1)
    assert bg.docs == 2                       # b is a copy of a's text: one article of news at large
    warga = Stemmer().stem("warga")
    assert bg.df[warga] == 2 and bg.df[Stemmer().stem("cabai")] == 1
    assert Stemmer().stem("cabai") not in background_from_articles(arts).df     # min_df 2 by default
    path = tmp_path / "bg.tsv"
    write_background(bg, path)
    assert path.read_text(encoding="utf-8").splitlines()[0] == "#docs\t2"
    assert read_background(path) == bg
    path.write_text("warga\t2\n", encoding="utf-8")
    with pytest.raises(ValueError, match="#docs"):
        read_background(path)


def test_the_shipped_table_is_used_unless_turned_off():
    bg = shipped_background()
    assert bg.docs > 300 and len(bg) > 2000
    assert Linker().terms.prior_docs == bg.docs
    assert Linker(LinkParams(background=False)).terms.prior_docs == 0


def test_background_train_command(tmp_path):
    pages = tmp_path / "pages.jsonl"
    flood = ["Banjir Rendam Ratusan Rumah di Desa Sukamaju",
             "Banjir merendam ratusan rumah warga Desa Sukamaju, Kecamatan Padangrejo, sejak Senin malam setelah "
             "hujan deras mengguyur selama enam jam.",
             "Kepala desa Sukamaju mengatakan air setinggi satu meter masuk ke rumah warga di tiga dusun. Warga "
             "mengungsi ke balai desa dan masjid terdekat.",
             "Petugas penanggulangan bencana mendirikan dapur umum dan membagikan selimut kepada warga yang "
             "mengungsi. Mereka meminta warga tetap waspada karena hujan diperkirakan turun lagi."]
    chili = ["Harga Cabai di Pasar Wetan Naik Dua Kali Lipat",
             "Harga cabai rawit di Pasar Wetan naik dua kali lipat dalam sepekan terakhir menjelang hari raya.",
             "Pedagang mengatakan pasokan dari petani berkurang karena panen terganggu hujan. Warga mengeluhkan "
             "harga yang terus naik dan mengurangi belanja cabai.",
             "Dinas perdagangan berjanji menggelar operasi pasar di tiga kecamatan pekan depan agar harga kembali "
             "turun dan pasokan ke pasar tradisional terjaga."]
    texts = ["\n\n".join(flood), "\n\n".join(chili)]
    pages.write_text("".join(json.dumps({"id": f"p{k}", "text": t}) + "\n" for k, t in enumerate(texts)),
                     encoding="utf-8")
    out = tmp_path / "bg.tsv"
    r = run_kliping(["background-train", pages, "--out", out])
    assert r.returncode == 0, r.stderr.decode()
    bg = read_background(out)
    assert bg.docs == 2 and bg.df.get(Stemmer().stem("warga")) == 2
    r = run_kliping(["background-train", tmp_path / "none.jsonl", "--out", out])
    assert r.returncode == 2 and b"not found" in r.stderr, r.stderr.decode()
