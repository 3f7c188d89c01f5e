"""The enrichment stage on a page written for this test: mentions, entities, times, quotes."""
import json

import kliping
from kliping.enrich.pipeline import Enricher, enrich
from kliping.model import Article, Mention

PAGE = """Beranda
Nasional
Jokowi dan Prabowo Bahas Kerja Sama dengan Korsel
Rabu, 12 Juni 2024 14:05 WIB
Penulis: Dewi Lestari
JAKARTA - Presiden Joko Widodo menerima Menteri Pertahanan Prabowo Subianto di Istana Merdeka, Jakarta, pada Rabu (12/6/2024) untuk membahas kerja sama pertahanan dengan Korea Selatan.

Pertemuan itu merupakan tindak lanjut kunjungan Prabowo ke Seoul pada bulan April lalu. Menurut seorang pejabat Kemlu, kedua negara menargetkan perjanjian ditandatangani tahun depan.

"Kami ingin kerja sama ini memberi manfaat nyata bagi industri dalam negeri," kata Jokowi kepada wartawan.

Prabowo mengatakan pembahasan teknis akan dilanjutkan di Seoul pekan depan. "Tim kami sudah siap berangkat kapan saja," ujarnya.

Sementara itu, KPK dan DPR tidak terlibat dalam pembahasan tersebut, kata pejabat itu.
Baca juga: Harga Beras Naik Lagi
"""


def _article():
    art = kliping.extract(PAGE, url="https://contoh-berita.id/nasional/2024/06/12/jokowi-prabowo-korsel")
    assert isinstance(art, Article) and art.published and art.published.startswith("2024-06-12")
    return art


def test_page_is_enriched_with_canonical_entities_times_and_quotes():
    art = Enricher(ner=None)(_article())
    keys = {e.key for e in art.entities}
    assert {"PER:joko_widodo", "PER:prabowo_subianto", "LOC:korea_selatan", "LOC:seoul", "ORG:kpk",
            "ORG:dpr", "ORG:kemlu"} <= keys
    jokowi = {m.text for m in art.mentions if m.entity == "PER:joko_widodo"}
    assert {"Jokowi", "Joko Widodo"} <= jokowi
    assert {m.text for m in art.mentions if m.entity == "LOC:korea_selatan"} >= {"Korsel", "Korea Selatan"}
    for m in art.mentions:
        src = {"title": art.title, "deck": art.deck, "body": art.text}[m.field]
        assert src[m.start:m.end] == m.text
    times = {t.text: t.value for t in art.times}
    assert times["Rabu (12/6/2024)"] == "2024-06-12"
    assert times["bulan April lalu"] == "2024-04"
    assert times["tahun depan"] == "2025"
    assert times["pekan depan"] == "2024-06-17"
    quotes = [(q.speaker, q.speaker_entity, q.cue) for q in art.quotes]
    assert quotes == [("Jokowi", "PER:joko_widodo", "kata"), ("Prabowo", "PER:prabowo_subianto", "ujar")]


def test_ner_function_is_used_and_merged_with_the_alias_table():
    seen = []

    def fake_ner(article):
        seen.append(article.id)
        text = article.text
        i = text.index("Dewi") if "Dewi" in text else text.index("Istana Merdeka")
        return [Mention("body", i, i + len("Istana Merdeka"), "Istana Merdeka", "LOC"),
                Mention("body", text.index("Korea"), text.index("Korea") + 5, "Korea", "LOC")]

    art = Enricher(ner=fake_ner)(_article())
    assert seen == ["page"]
    got = {(m.text, m.entity) for m in art.mentions}
    assert ("Istana Merdeka", "ORG:istana_kepresidenan") in got      # the table's key and type win
    assert ("Korea Selatan", "LOC:korea_selatan") in got             # the longer known name covers 'Korea'
    assert not any(t == "Korea" for t, _ in got)


def test_enrich_function_and_json_record(tmp_path):
    extra = tmp_path / "mine.tsv"
    extra.write_text("PER:dewi_lestari\tPER\tDewi Lestari\tDee\n"
                     "LOC:istana_merdeka\tLOC\tIstana Merdeka\t\n", encoding="utf-8")
    art = enrich(_article(), ner=None, aliases=[extra])
    assert any(e.key == "LOC:istana_merdeka" for e in art.entities)
    rec = json.loads(json.dumps(art.to_record(), ensure_ascii=False))
    assert {"mentions", "entities", "times", "quotes"} <= set(rec)
    assert rec["times"][0]["granularity"] in ("day", "week", "month", "year")


def test_collection_index_links_a_later_short_form():
    enricher = Enricher(ner=None, collection=True)

    def art(i, body):
        return Article(id=str(i), url=None, outlet=None, kind="article", lang="id", body=[body])

    first = enricher(art(1, "Kepala desa Sutarno Wiryo meresmikan jembatan baru di Jakarta."))
    assert first.entities[0].key == "LOC:jakarta"            # no NER: the unknown name is no mention

    def ner(article):
        t = article.text
        out = []
        for name in ("Sutarno Wiryo", "Wiryo"):
            i = t.find(name)
            if i != -1 and not any(m.start <= i < m.end for m in out):
                out.append(Mention("body", i, i + len(name), name, "PER"))
        return out

    enricher.ner = ner
    enricher(art(2, "Kepala desa Sutarno Wiryo meresmikan jembatan."))
    later = enricher(art(3, "Wiryo berjanji memperbaiki jalan desa tahun ini."))
    assert later.mentions[0].entity == "PER:sutarno_wiryo"
    assert later.entities[0].name == "Sutarno Wiryo"


def test_cli_enriches_and_no_enrich_leaves_the_lists_empty(tmp_path):
    from clihelp import run_kliping

    page = tmp_path / "berita.txt"
    page.write_text(PAGE, encoding="utf-8")
    mine = tmp_path / "mine.tsv"
    mine.write_text("PER:dewi_lestari\tPER\tDewi Lestari\tDee\n", encoding="utf-8")
    done = run_kliping(["extract", page, "-q", "--aliases", mine])
    assert done.returncode == 0, done.stderr
    rec = json.loads(done.stdout)
    assert any(e["key"] == "PER:joko_widodo" for e in rec["entities"])
    assert rec["times"] and rec["quotes"]
    bare = json.loads(run_kliping(["extract", page, "-q", "--no-enrich"]).stdout)
    assert bare["mentions"] == bare["entities"] == bare["times"] == bare["quotes"] == []
    assert bare["body"] == rec["body"]
    bad = tmp_path / "bad.tsv"
    bad.write_text("X:y\tTHING\tY\n", encoding="utf-8")
    failed = run_kliping(["extract", page, "-q", "--aliases", bad])
    assert failed.returncode == 2 and "type must be" in failed.stderr.decode()
    assert run_kliping(["extract", page, "-q", "--aliases", tmp_path / "none.tsv"]).returncode == 2


def test_outlet_in_the_dateline_is_no_entity_and_a_shouted_city_reads_normally():
    body = ("KENDARI, KABARNUSA.CO.ID - Banjir merendam rumah warga di Kelurahan Tanjung Lowu, "
            "kata Hasnah Pratiwi kepada wartawan.")

    def fake_ner(article):
        t = article.text
        return [Mention("body", 0, 7, "KENDARI", "LOC"),
                Mention("body", 9, 21, "KABARNUSA.CO", "ORG"),
                Mention("body", t.index("Hasnah"), t.index("Hasnah") + len("Hasnah Pratiwi"), "Hasnah Pratiwi", "PER")]

    art = Article(id="k1", url="https://www.kabarnusa.co.id/read/1", outlet="kabarnusa.co.id", kind="article",
                  lang="id", title="Banjir di Kendari", body=[body])
    Enricher(ner=fake_ner)(art)
    names = {e.name for e in art.entities}
    assert "Kendari" in names and "KENDARI" not in names
    assert not any("KABARNUSA" in n.upper() for n in names)
    assert "Hasnah Pratiwi" in names
