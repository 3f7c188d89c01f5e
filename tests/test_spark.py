"""`kliping spark` in Spark local mode equals the local run on the same input.

One local[2] session for the module. The input is written here: fictional pages (an outlet
whose menu and footer recur, a wire story republished by three outlets, an exact copy, HTML in
JSON Lines, a Parquet file, a WARC file, broken records), the repository's samples, and the first
60 dev pages of ../shared when it is there. A small template block (25 pages) makes the job replay
several blocks, as a large local run does.
"""
from __future__ import annotations

import gzip
import io
import json
import os
import random
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

from kliping.model import Article, Document, Rejection

ROOT = Path(__file__).resolve().parent.parent
SHARED_DEV = ROOT.parent / "shared" / "data" / "dev" / "pages.jsonl"
BLOCK = 25

MENU = ["Beranda", "Nasional", "Daerah", "Ekonomi", "Olahraga", "Indeks Berita"]
FOOTER = ["Tentang Kami | Redaksi | Pedoman Media Siber | Kontak", "© 2024 Kabar Lembah. Hak cipta dilindungi."]

STORIES = [
    ("banjir-bandang-terjang-tiga-desa", "Banjir Bandang Terjang Tiga Desa di Lembah Hijau",
     ["Banjir bandang menerjang tiga desa di Kecamatan Lembah Hijau pada Senin malam setelah hujan deras "
      "mengguyur kawasan hulu sungai selama hampir enam jam.",
      "Kepala Badan Penanggulangan Bencana Daerah setempat, Ratna Wulandari, mengatakan sedikitnya 140 rumah "
      "terendam lumpur dan dua jembatan gantung putus.",
      "\"Warga sudah kami evakuasi ke balai desa dan sekolah yang lebih tinggi,\" kata Ratna kepada wartawan."]),
    ("harga-cabai-rawit-naik-dua-kali-lipat", "Harga Cabai Rawit di Pasar Induk Naik Dua Kali Lipat",
     ["Harga cabai rawit di Pasar Induk Lembah Hijau naik dari Rp40.000 menjadi Rp85.000 per kilogram dalam "
      "sepekan terakhir.",
      "Pedagang menyebut pasokan dari petani berkurang karena banyak kebun rusak akibat cuaca buruk.",
      "Dinas Perdagangan berencana menggelar operasi pasar mulai Kamis pekan ini."]),
    ("tim-voli-putri-juarai-kejurda", "Tim Voli Putri Lembah Hijau Juarai Kejurda",
     ["Tim voli putri Lembah Hijau menjuarai kejuaraan daerah setelah menundukkan tim Sungai Biru tiga set "
      "langsung di GOR Serbaguna, Minggu sore.",
      "Pelatih kepala, Yohanes Sitorus, memuji disiplin pemainnya yang tampil tanpa kehilangan fokus sejak set "
      "pertama.",
      "Gelar ini menjadi yang ketiga berturut-turut bagi tim tersebut."]),
]

WIRE = [
    "Pemerintah provinsi menetapkan status tanggap darurat kekeringan selama tiga puluh hari setelah debit "
    "air di empat waduk utama turun di bawah batas aman untuk irigasi sawah petani.",
    "Kepala Dinas Sumber Daya Air, Bambang Prasetyo, mengatakan pasokan air bersih untuk warga akan diprioritaskan "
    "dan distribusi menggunakan truk tangki dimulai besok pagi di dua belas kecamatan terdampak.",
    "Menurut Bambang, petani diminta menunda masa tanam padi hingga hujan pertama turun dan beralih sementara ke "
    "tanaman palawija yang lebih sedikit membutuhkan air.",
    "Badan Meteorologi memperkirakan musim hujan baru akan dimulai pada pertengahan November, lebih lambat "
    "sekitar tiga minggu dibanding rata-rata tahun sebelumnya.",
    "Pemerintah juga menyiapkan dana cadangan untuk membantu petani yang gagal panen akibat kekeringan panjang "
    "tahun ini, termasuk bantuan benih dan pupuk bersubsidi.",
]


def _outlet_page(n: int, slug: str, title: str, paras: list[str]) -> dict:
    lines = MENU + ["DAERAH", title, f"Penulis: Dimas Aryanto | Editor: Sri Lestari",
                    f"Selasa, {n + 3} September 2024 | 10:{n:02d} WIB"]
    lines += [f"LEMBAH HIJAU, KABARLEMBAH - {paras[0]}"] + paras[1:]
    lines += ["Baca Juga: Jalan Provinsi Ditutup Sementara Akibat Longsor", "Tag: lembah hijau daerah"] + FOOTER
    return {"id": f"kl-{n}", "url": f"https://www.kabarlembah.example/daerah/2024/09/0{n + 3}/{slug}",
            "text": "\n\n".join(lines)}


def _wire_page(outlet: str, n: int, dateline: str, paras: list[str], pid: str) -> dict:
    lines = [outlet.split(".")[0].upper(), "Home | Berita | Nasional",
             "Status Tanggap Darurat Kekeringan Ditetapkan Tiga Puluh Hari",
             "Rabu, 11 September 2024 08:15 WIB", f"{dateline} - {paras[0]}", *paras[1:], "(ant/rdk)",
             f"Copyright {outlet} 2024"]
    return {"id": pid, "url": f"https://{outlet}/nasional/2024/09/11/status-tanggap-darurat-kekeringan-{n}",
            "text": "\n".join(lines)}


HTML_PAGE = ("<html><head><title>Festival Perahu Naga Kembali Digelar</title>"
             '<meta property="article:published_time" content="2024-08-17T09:00:00+07:00"></head><body>'
             "<nav><a href='/'>Beranda</a> <a href='/budaya'>Budaya</a></nav><article>"
             "<h1>Festival Perahu Naga Kembali Digelar</h1><p>Oleh Agus Salim</p>"
             "<p>Sungai Biru - Festival perahu naga kembali digelar di Sungai Biru setelah tiga tahun absen, diikuti "
             "dua puluh empat tim dayung dari berbagai kabupaten.</p>"
             "<p>Panitia menyebut ribuan penonton memadati tepian sungai sejak pagi untuk menyaksikan babak "
             "penyisihan yang berlangsung hingga sore hari.</p></article>"
             "<footer>Hak cipta 2024 Warta Sungai</footer></body></html>")


def _warc(path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=True)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "kliping-test"}))
        for url, body, ctype in [
            ("https://wartasungai.example/budaya/festival-perahu-naga", HTML_PAGE.encode(), "text/html; charset=utf-8"),
            ("https://wartasungai.example/logo.png", b"\x89PNG\r\n\x1a\nbukan gambar", "image/png"),
            ("https://wartasungai.example/budaya/perahu-naga-babak-final",
             HTML_PAGE.replace("babak penyisihan", "babak final").encode(), "text/html; charset=utf-8"),
        ]:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))


def write_corpus(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    pages = [_outlet_page(n, slug, title, paras) for n, (slug, title, paras) in enumerate(STORIES * 4)]
    for i, p in enumerate(pages):
        p["id"] = f"kl-{i}"
    edited = WIRE[:4] + [WIRE[4].replace("bantuan benih dan pupuk bersubsidi", "bantuan benih gratis")]
    pages += [
        _wire_page("kabarlembah.example", 1, "LEMBAH HIJAU, KABARLEMBAH", WIRE, "wire-1"),
        _wire_page("suaratimur.example", 2, "Kota Timur (ANTARA)", WIRE, "wire-2"),
        _wire_page("lintaspagi.example", 3, "JAKARTA, LINTASPAGI", edited, "wire-3"),
        _wire_page("lintaspagi.example", 4, "JAKARTA, LINTASPAGI", edited, "wire-4"),
        {"id": "tag-page", "url": "https://www.kabarlembah.example/tag/banjir", "text": "\n".join(MENU + FOOTER)},
        {"id": "no-text", "url": "https://www.kabarlembah.example/x"},
    ]
    with open(folder / "a_pages.jsonl", "w", encoding="utf-8") as f:
        for p in pages:
            f.write(json.dumps(p, ensure_ascii=False) + "\n")
        f.write('{"id": "patah", "text": "Kalimat yang terpotong\n')
    with gzip.open(folder / "b_html.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write(json.dumps({"id": "html-1", "url": "https://wartasungai.example/budaya/festival", "html": HTML_PAGE}) + "\n")
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = random.Random(7).sample([_outlet_page(n, s, t, p) for n, (s, t, p) in enumerate(STORIES)], 3)
    for i, r in enumerate(rows):
        r["id"], r["judul"] = f"pq-{i}", r["text"].split("\n\n")[len(MENU) + 1]
    pq.write_table(pa.Table.from_pylist(rows), folder / "c_pages.parquet")
    _warc(folder / "d_crawl.warc.gz")
    shutil.copy(ROOT / "samples" / "pages.jsonl", folder / "e_samples.jsonl")
    if SHARED_DEV.exists():  # real pages too, when the shared data is there
        with open(SHARED_DEV, encoding="utf-8") as src, open(folder / "f_dev.jsonl", "w", encoding="utf-8") as dst:
            for _, line in zip(range(60), src):
                dst.write(line)


# ------------------------------------------------------------------ no Spark needed

def test_block_starts_are_the_local_runs_blocks():
    pytest.importorskip("numpy")
    from kliping.run import extract as local
    from kliping.spark.job import block_starts

    rng = random.Random(3)
    for _ in range(200):
        block, chars = rng.randint(1, 6), rng.randint(1, 40)
        files = [[rng.choice([0, 0, 1, 3, 7, 12, 50]) for _ in range(rng.randint(0, 12))] for _ in range(rng.randint(1, 5))]
        items: list = [Rejection("r", "x") if n == 0 else Document("d", "x" * n) for f in files for n in f]
        expected, at = [], 0
        old = (local.TEMPLATE_BLOCK, local.TEMPLATE_BLOCK_CHARS)
        local.TEMPLATE_BLOCK, local.TEMPLATE_BLOCK_CHARS = block, chars
        try:
            it = iter(items)
            while b := local._block(it):
                expected.append(at)
                at += len(b)
        finally:
            local.TEMPLATE_BLOCK, local.TEMPLATE_BLOCK_CHARS = old
        offsets = [sum(len(f) for f in files[:i]) for i in range(len(files))]
        got = [offsets[fi] + pos for fi, pos in block_starts(list(enumerate(files)), block, chars)]
        assert got == expected


# ------------------------------------------------------------------ Spark local mode

def _spark_available() -> str | None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed (pip install -e '.[spark]')"
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        return "no Java runtime (Spark needs Java 17)"
    return None


needs_spark = pytest.mark.skipif(_spark_available() is not None, reason=str(_spark_available()))


@pytest.fixture(scope="module")
def spark():
    from kliping.spark.job import spark_session

    session = spark_session("local[2]", app="kliping-test", conf={
        "spark.ui.enabled": "false", "spark.sql.shuffle.partitions": "4", "spark.default.parallelism": "2"})
    yield session
    session.stop()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder)
    return folder


@contextmanager
def _local_block(size: int):
    """The local run with a smaller template block (process() reads the module constant)."""
    from kliping.run import extract as local

    old = local.TEMPLATE_BLOCK
    local.TEMPLATE_BLOCK = size
    try:
        yield
    finally:
        local.TEMPLATE_BLOCK = old


@pytest.fixture(scope="module")
def local_run(corpus):
    """The local pipeline on the same folder, with the same template block."""
    from kliping.read import read_inputs
    from kliping.run.extract import Extractor

    with _local_block(BLOCK):
        return list(Extractor(collection=False).process(read_inputs([str(corpus)])))


@pytest.fixture(scope="module")
def spark_run(spark, corpus, tmp_path_factory):
    from kliping.spark.job import run_job

    out = tmp_path_factory.mktemp("spark-out") / "run"
    summary = run_job(spark, [str(corpus)], str(out), partitions=3, block=BLOCK)
    return out, summary


@needs_spark
def test_spark_articles_equal_the_local_run(corpus, local_run, spark_run):
    """Every field of every article equals the local extraction linked by the local Linker (the
    link fields `kliping link` writes: duplicate_group, duplicate_of, story), except `related`,
    which the job does not compute (left empty)."""
    import copy

    from kliping.link.collection import Linker, canonical_order
    from kliping.spark.parquet_io import read_articles_parquet

    out, _ = spark_run
    local_articles = [copy.deepcopy(x) for x in local_run if isinstance(x, Article)]
    linker = Linker()
    linker.add(canonical_order(local_articles))
    expected = []
    for a in local_articles:
        linker.annotate(a)
        a.related = []
        expected.append(a.to_record())
    got = [a.to_record() for a in read_articles_parquet(out)]
    assert len(got) == len(expected) > 20
    assert got == expected          # every field, in input order
    assert all(r["story"] for r in got) and any(r["duplicate_of"] for r in got)
    kinds = {r["kind"] for r in got}
    assert {"article", "listing"} <= kinds
    assert any(r["id"] == "html-1" and r["title"] == "Festival Perahu Naga Kembali Digelar" for r in got)
    assert any(r["source"].startswith(f"{corpus / 'd_crawl.warc.gz'}@") for r in got)


@needs_spark
def test_spark_rejections_and_counts_equal_the_local_run(local_run, spark_run):
    import pyarrow.parquet as pq

    from kliping.run.summary import Summary

    out, summary = spark_run
    expected = [x.to_record() for x in local_run if isinstance(x, Rejection)]
    got = pq.read_table(out / "rejections").to_pylist()
    assert got == expected
    assert {r["reason"] for r in got} >= {"bad_json", "no_text"}
    local_summary = Summary()
    for x in local_run:
        local_summary.count(x)
    assert summary.to_dict() == local_summary.to_dict()


@needs_spark
def test_spark_pages_see_the_template_counts_of_the_local_run(spark, corpus):
    """Line confidences depend on the template counts a page sees (the roles alone may not change):
    the job's pages carry the same confidences as the local run's, and without templates they differ."""
    from kliping.read import read_inputs
    from kliping.run.extract import Extractor
    from kliping.spark.job import documents, extract_rdd, template_blocks

    files = [str(corpus / "a_pages.jsonl")]
    docs = documents(spark, files)
    settings = {"model": None, "templates": True, "enrich": False, "aliases": ()}
    got = sorted(extract_rdd(docs, template_blocks(docs, BLOCK, 10**9, True), 2, settings).collect())
    lines = lambda items: [[(ln.role, ln.confidence) for ln in x.lines] for x in items if isinstance(x, Article)]
    with _local_block(BLOCK):
        expected = lines(Extractor(enrich=False, collection=False).process(read_inputs(files)))
    assert lines([x for _, x in got]) == expected and len(expected) > 10
    plain = lines(Extractor(templates=False, enrich=False, collection=False).process(read_inputs(files)))
    assert plain != expected


@needs_spark
def test_spark_duplicate_groups_equal_the_link_stage(spark_run):
    import pyarrow.parquet as pq

    from kliping.link.collection import link
    from kliping.spark.parquet_io import read_articles_parquet

    out, _ = spark_run
    expected = [(g.id, g.kind, g.canonical, g.members) for g in link(list(read_articles_parquet(out))).duplicates]
    got = [(r["id"], r["kind"], r["canonical"], r["members"]) for r in pq.read_table(out / "duplicates").to_pylist()]
    assert sorted(got) == sorted(expected)
    kinds = {k for _, k, _, _ in got}
    assert kinds == {"exact", "near"}          # the wire copies: one exact pair inside a near group, and
    assert any({"wire-1", "wire-2", "wire-3"} <= set(m) for *_, m in got)


def _stories_of(linker) -> list[dict]:
    from dataclasses import asdict

    return [asdict(s) for s in linker.stories()]


@needs_spark
def test_spark_stories_equal_the_link_stage(spark_run):
    """The `stories` table equals Linker's stories over the same articles: every field, in order."""
    import pyarrow.parquet as pq

    from kliping.link.collection import Linker, canonical_order
    from kliping.spark.parquet_io import read_articles_parquet

    out, _ = spark_run
    linker = Linker()
    linker.add(canonical_order(read_articles_parquet(out)))
    expected = _stories_of(linker)
    got = pq.read_table(out / "stories").to_pylist()
    assert got == expected
    assert len(got) > 10 and sum(len(s["timeline"]) > 1 for s in got) >= 3


def story_collection() -> list[Article]:
    """Several stories: two summits a year apart, a wire story with copies (one undated, one
    republished months later), a football match, a bridge closure and traffic, rice prices twice,
    undated articles whose lead days fit a story or not, undated market closes of two days, a repeated id."""
    import copy

    from linkfixtures import article, daily_close, summit, unrelated, wire_copies

    arts = [summit("a18", 2028, "11-10", "kantorberita.id", 0), summit("b18", 2028, "11-10", "harian.id", 1),
            summit("c18", 2028, "11-11", "pos.id", 2), summit("a19", 2029, "11-14", "kantorberita.id", 0),
            summit("b19", 2029, "11-15", "harian.id", 1)]
    arts += wire_copies() + [unrelated("u1", "2031-03-03T08:00:00+07:00", "pasarwetan.id"),
                             unrelated("u2", "2031-04-20T08:00:00+07:00", "pasarwetan.id")]
    x = summit("x", 2028, "11-10", "blog.id", 2)
    x.published = None
    x.body[0] = "Selasa (10/11) " + x.body[0]
    y = summit("y", 2028, "11-10", "blog2.id", 2)
    y.published = None
    y.body = ["Kamis (14/3) " + y.body[0], "Para menteri luar negeri lebih dulu membahas agenda kerja sama maritim."]
    late = wire_copies()[0]
    late.id, late.published = "w-late", "2031-06-01T09:00:00+07:00"
    undated_copy = wire_copies()[2]
    undated_copy.id, undated_copy.published = "w-undated", None
    arts += [x, y, late, undated_copy, copy.deepcopy(arts[0])]
    arts += [
        article("s1", ["Tim sepak bola Persikota menang 3-1 atas Persiwetan di Stadion Lestari dalam laga lanjutan "
                       "liga daerah, Sabtu malam.",
                       "Pelatih Persikota memuji lini tengah yang menguasai bola sejak menit awal dan mencetak dua gol "
                       "sebelum turun minum."], "Persikota Tundukkan Persiwetan 3-1", "2030-05-04T21:00:00+07:00", "bola.id"),
        article("s2", ["Kemenangan 3-1 atas Persiwetan membawa Persikota ke puncak klasemen liga daerah.",
                       "Pelatih Persikota meminta pemain menjaga fokus menjelang laga tandang pekan depan di Stadion "
                       "Wetan."], "Persikota Naik ke Puncak Klasemen Usai Kalahkan Persiwetan",
                "2030-05-05T10:00:00+07:00", "olahraga.id"),
        article("t1", ["Jembatan Kali Bening di Kota Wetan ditutup selama dua bulan untuk perbaikan fondasi yang "
                       "tergerus arus sungai.",
                       "Dinas Perhubungan mengalihkan kendaraan ke jalur alternatif melalui Desa Sukarame dan memasang "
                       "rambu tambahan."], "Jembatan Kali Bening Ditutup Dua Bulan", "2030-08-12T07:00:00+07:00", "wetan.id"),
        article("t2", ["Pengendara mengeluhkan kemacetan di jalur alternatif Desa Sukarame sejak Jembatan Kali Bening "
                       "ditutup untuk perbaikan.", "Dinas Perhubungan menambah petugas pengatur lalu lintas di dua "
                       "persimpangan."], "Macet di Jalur Alternatif Sukarame", "2030-08-14T07:00:00+07:00", "wetan.id"),
        # undated closes of two Tuesdays (one sentence, other figures) and another outlet's of the first
        daily_close("isl1", "27,45", "0,56", "4.879,1", "babel.kantorberita.id"),
        daily_close("isl2", "19,91", "0,34", "5.784,14", "mandala.kantorberita.id", other_day=True),
        daily_close("isl3", "27,45", "0,56", "4.879,1", "harianbursa.id", rewrite=True),
    ]
    return arts


@needs_spark
@pytest.mark.parametrize("sweep", [1, None])
def test_spark_stories_on_a_story_collection(spark, tmp_path, sweep):
    """The job's link stage on a collection with several stories equals Linker: the stories table
    and every article's duplicate group and story. sweep=1: the driver writes finished stories out
    after every dated article (what a large run does every time the live stories double)."""
    import copy

    import pyarrow.parquet as pq

    from kliping.link.collection import Linker, canonical_order
    from kliping.spark.job import link_stage, positioned_frame
    from kliping.spark.records import article_row, article_schema

    arts = story_collection()
    rows = [(0, k) + article_row(a.to_record()) for k, a in enumerate(arts)]
    frame = positioned_frame(spark, spark.sparkContext.parallelize(rows, 3), article_schema())
    out = tmp_path / "linked"
    linked, counts = link_stage(spark, frame, str(out), story_sweep=sweep)
    got_links = sorted((r["id"], r["duplicate_group"], r["duplicate_of"], r["story"]) for r in linked.collect())

    items = copy.deepcopy(arts)
    linker = Linker()
    linker.add(canonical_order(items))
    expected = _stories_of(linker)
    assert pq.read_table(out / "stories").to_pylist() == expected
    annotated = [linker.annotate(a) for a in items]
    assert got_links == sorted((a.id, a.duplicate_group, a.duplicate_of, a.story) for a in annotated)
    assert not (out / "stories-parts").exists()
    by = {a.id: a.story for a in annotated}
    assert by["a18"] == by["b18"] == by["c18"] == by["x"] != by["a19"]       # an undated article placed by its day
    assert by["w1"] == by["w2"] == by["w-undated"] != by["w-late"]             # a copy months later stands apart
    assert by["s1"] == by["s2"] != by["t1"]
    assert by["t1"] == by["t2"]      # the closure and the traffic it causes two days later: one story
    assert by["isl1"] == by["isl3"] != by["isl2"]
    assert counts["stories"] == len(expected) == 10 and counts["articles"] == len(arts) - 1
    if sweep == 1:
        assert counts["peak_live"] < counts["stories"]       # stories were written out during the pass


@needs_spark
def test_cli_spark_command(spark, tmp_path, monkeypatch, capsys):
    from kliping.cli import main
    from kliping.spark.parquet_io import read_articles_parquet

    monkeypatch.setenv("KLIPING_KEEP_SPARK", "1")   # reuse the module's session
    out = tmp_path / "cli-out"
    assert main(["spark", str(ROOT / "samples" / "pages.jsonl"), "--out", str(out), "--no-link"]) == 0
    arts = list(read_articles_parquet(out))
    assert len(arts) == 12 and all(a.body for a in arts if a.kind == "article")
    # --no-link: no link tables, no link fields
    assert not (out / "duplicates").exists() and not (out / "stories").exists()
    assert all(a.story is None and a.duplicate_group is None for a in arts)
    assert "documents read: 12" in capsys.readouterr().err


@needs_spark
def test_files_fetched_through_spark_read_as_local_files(spark, corpus):
    """The path for s3a://, gs://, hdfs:// inputs (Spark's binaryFile source, read from a task-local
    copy) gives the same documents, ids and sources as reading the files in place."""
    from kliping.spark.job import documents, expand_inputs

    files = [f for f in expand_inputs([str(corpus)]) if "f_dev" not in f]   # every format, fewer pages
    in_place = sorted(documents(spark, files).collect(), key=lambda kv: kv[0])
    fetched = sorted(documents(spark, files, fetch=True).collect(), key=lambda kv: kv[0])
    assert fetched == in_place and len(in_place) > 20
    assert any(isinstance(x, Document) and x.html_lines for _, x in fetched)   # WARC and HTML pages too


@needs_spark
def test_spark_duplicate_groups_across_linker_batches(spark, spark_run):
    """With batches of 7 articles the local index links a document to earlier batches only through
    the first documents of a bucket: the job forms the same candidate pairs."""
    from pyspark.sql import functions as F

    from kliping.link.collection import Linker, canonical_order
    from kliping.spark.dedup import duplicate_groups
    from kliping.spark.parquet_io import read_articles_parquet

    out, _ = spark_run
    articles = canonical_order(read_articles_parquet(out))
    linker = Linker(chunk=7)
    linker.add(articles)
    expected = [(g.id, g.kind, g.canonical, g.members) for g in linker.duplicate_groups()]
    frame = spark.read.parquet(str(out / "articles")).coalesce(1) \
        .withColumn("_file", F.lit(0).cast("long")).withColumn("_pos", F.monotonically_increasing_id())
    got = [(r["id"], r["kind"], r["canonical"], list(r["members"])) for r in duplicate_groups(spark, frame, chunk=7).collect()]
    assert sorted(got) == sorted(expected) and len(got) >= 3


@needs_spark
def test_archive_built_from_the_spark_output(spark_run, tmp_path):
    # kliping build --from-parquet: the Spark run's articles go into the archive, idempotently
    from kliping.archive.build import build_from_parquet
    from kliping.archive.schema import connect
    from kliping.spark.parquet_io import read_articles_parquet

    out, _ = spark_run
    db_path = tmp_path / "news.db"
    first = build_from_parquet(db_path, out, link=False)
    assert first.articles > 0 and first.skipped == 0
    again = build_from_parquet(db_path, out, link=False)
    assert again.articles == 0 and again.skipped == first.read
    db = connect(db_path)
    try:
        n = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    finally:
        db.close()
    assert n == first.articles == sum(1 for _ in read_articles_parquet(out))
