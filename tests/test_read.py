"""Readers: every input form streams the right Documents (fixtures are made up, written in tmp_path)."""
from __future__ import annotations

import csv
import gzip
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from clihelp import run_kliping

from kliping.model import Document, Rejection
from kliping.read import format_of, read_inputs

PAGE = (
    "Pergi ke Menu\n\nBeranda Nasional Daerah\n\nDAERAH\n\n"
    "Jembatan Gantung Desa Wae Rana Putus Diterjang Arus Sungai\n\n"
    "Penulis: Lestari Ayu | Editor: Bagas Pramudya\n\n"
    "Rabu, 13 Maret 2024 14:08 WIB\n\n"
    "RUTENG, KABARCONTOH.CO.ID - Jembatan gantung satu-satunya di Desa Wae Rana putus setelah diterjang arus "
    "sungai yang meluap, Rabu (13/3/2024).\n\n"
    "\"Anak-anak sekarang harus memutar dua jam untuk ke sekolah,\" kata kepala desa, Yosef Jemarut.\n\n"
    "© 2024 Kabarcontoh.co.id\n"
)


def run_cli(args: list[str], stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return run_kliping(args, stdin, cwd)


def docs(paths: list, stdin_format: str = "auto") -> list[Document | Rejection]:
    return list(read_inputs([str(p) for p in paths], stdin_format))


RECORDS = [
    {"id": "a1", "url": "https://www.kabarcontoh.co.id/read/2024/03/13/jembatan", "date": "2024-03-13 14:08",
     "title": "Jembatan Gantung Putus", "text": PAGE},
    {"id": "a2", "url": "https://regional.contohwarta.com/olahraga/99/laga-derbi", "text": "Laga derbi\n\nIsi berita."},
    {"url": "https://www.contohpos.id/berita/tanpa-id", "text": "Berita tanpa id\n\nParagraf."},
]


def write_jsonl(path: Path, records: list[dict], opener=open) -> Path:
    with opener(path, "wt", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def check_records(items: list, stem: str) -> None:
    assert all(isinstance(d, Document) for d in items), items
    assert [d.id for d in items] == ["a1", "a2", f"{stem}:3"]
    assert items[0].text == PAGE
    assert items[0].url == RECORDS[0]["url"]
    assert items[0].date == "2024-03-13 14:08"
    assert items[0].title_hint == "Jembatan Gantung Putus"
    assert items[1].date is None and items[1].title_hint is None
    assert items[2].url == "https://www.contohpos.id/berita/tanpa-id"
    assert items[2].text == "Berita tanpa id\n\nParagraf."


# --- plain text ---------------------------------------------------------------------------------

def test_text_file_is_one_document(tmp_path):
    p = tmp_path / "jembatan-putus.txt"
    p.write_text(PAGE, encoding="utf-8")
    [d] = docs([p])
    assert isinstance(d, Document)
    assert d.id == "jembatan-putus"
    assert d.text == PAGE
    assert d.url is None and d.date is None
    assert d.source == str(p)


def test_text_file_bom_and_crlf(tmp_path):
    p = tmp_path / "bom.txt"
    p.write_bytes(b"\xef\xbb\xbf" + PAGE.replace("\n", "\r\n").encode("utf-8"))
    [d] = docs([p])
    assert isinstance(d, Document)
    assert not d.text.startswith("\ufeff")
    assert d.text.splitlines() == PAGE.splitlines()
    assert "#lossy-decode" not in d.source


def test_folder_is_read_recursively_in_sorted_order(tmp_path):
    root = tmp_path / "pages"
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / "z.txt").write_text("Halaman Z\n\nIsi Z.", encoding="utf-8")
    (root / "b.txt").write_text("Halaman B\n\nIsi B.", encoding="utf-8")
    (root / "a.txt").write_text("Halaman A\n\nIsi A.", encoding="utf-8")
    (root / "sub" / "c.txt").write_text("Halaman C\n\nIsi C.", encoding="utf-8")
    (root / "sub" / "deeper" / "d.txt").write_text("Halaman D\n\nIsi D.", encoding="utf-8")
    (root / ".hidden.txt").write_text("tersembunyi", encoding="utf-8")
    items = docs([root])
    assert all(isinstance(d, Document) for d in items)
    assert [d.id for d in items] == ["a", "b", "c", "d", "z"]
    assert [d.text.split("\n")[0] for d in items] == ["Halaman A", "Halaman B", "Halaman C", "Halaman D", "Halaman Z"]
    # the same order however the files were created
    assert [Path(d.source).name for d in items] == ["a.txt", "b.txt", "c.txt", "d.txt", "z.txt"]


def test_folder_mixes_formats(tmp_path):
    root = tmp_path / "campur"
    root.mkdir()
    (root / "a.txt").write_text("Halaman A\n\nIsi A.", encoding="utf-8")
    write_jsonl(root / "b.jsonl", RECORDS[:2])
    items = docs([root])
    assert [d.id for d in items] == ["a", "a1", "a2"]


def test_several_inputs_keep_their_order(tmp_path):
    first = write_jsonl(tmp_path / "x.jsonl", RECORDS[1:2])
    second = tmp_path / "page.txt"
    second.write_text(PAGE, encoding="utf-8")
    assert [d.id for d in docs([second, first])] == ["page", "a2"]


# --- standard input -----------------------------------------------------------------------------

def _fake_stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(data)), encoding="utf-8"))


def test_stdin_text_is_one_page(monkeypatch):
    _fake_stdin(monkeypatch, PAGE.encode("utf-8"))
    [d] = list(read_inputs(["-"]))
    assert isinstance(d, Document)
    assert d.id == "stdin" and d.text == PAGE and d.source == "-"


def test_stdin_jsonl_is_detected(monkeypatch):
    data = "".join(json.dumps(r) + "\n" for r in RECORDS).encode()
    _fake_stdin(monkeypatch, data)
    items = list(read_inputs(["-"]))
    check_records(items, "stdin")


def test_stdin_format_text_overrides_detection(monkeypatch):
    data = (json.dumps(RECORDS[1]) + "\n").encode()
    _fake_stdin(monkeypatch, data)
    [d] = list(read_inputs(["-"], stdin_format="text"))
    assert isinstance(d, Document)
    assert d.text == data.decode()


def test_cli_reads_a_page_from_stdin():
    proc = run_cli(["extract", "-", "--roles", "--quiet"], stdin=PAGE.encode("utf-8"))
    assert proc.returncode == 0, proc.stderr
    [line] = proc.stdout.decode().splitlines()
    rec = json.loads(line)
    assert rec["type"] == "article" and rec["id"] == "stdin"
    assert len(rec["roles"]) == sum(1 for t in PAGE.splitlines() if t.strip())
    assert any("Jembatan gantung satu-satunya" in p for p in rec["body"])


def test_cli_reads_jsonl_from_stdin():
    data = "".join(json.dumps(r) + "\n" for r in RECORDS).encode()
    proc = run_cli(["extract", "-"], stdin=data)
    assert proc.returncode == 0, proc.stderr
    recs = [json.loads(x) for x in proc.stdout.decode().splitlines()]
    assert [r["id"] for r in recs] == ["a1", "a2", "stdin:3"]
    assert recs[0]["url"] == RECORDS[0]["url"]
    assert "documents read: 3" in proc.stderr.decode()


# --- JSON Lines ---------------------------------------------------------------------------------

def test_jsonl_with_text_key(tmp_path):
    check_records(docs([write_jsonl(tmp_path / "pages.jsonl", RECORDS)]), "pages")


def test_jsonl_with_content_key_and_other_column_names(tmp_path):
    recs = [
        {"doc_id": "k1", "link": "https://www.contohpos.id/berita/satu", "publish_date": "2023-07-04",
         "judul": "Satu", "content": "Isi satu."},
        {"ID": "k2", "URL": "https://www.contohpos.id/berita/dua", "Content": "Isi dua.", "tanggal": "5 Juli 2023"},
        {"id": 7, "isi": "Isi tujuh."},
    ]
    items = docs([write_jsonl(tmp_path / "scrape.ndjson", recs)])
    assert all(isinstance(d, Document) for d in items), items
    assert [d.id for d in items] == ["k1", "k2", "7"]
    assert [d.text for d in items] == ["Isi satu.", "Isi dua.", "Isi tujuh."]
    assert items[0].url == "https://www.contohpos.id/berita/satu" and items[0].date == "2023-07-04"
    assert items[0].title_hint == "Satu"
    assert items[1].url == "https://www.contohpos.id/berita/dua" and items[1].date == "5 Juli 2023"
    assert items[2].url is None


def test_jsonl_text_wins_over_content(tmp_path):
    [d] = docs([write_jsonl(tmp_path / "p.jsonl", [{"id": "x", "content": "ringkasan", "text": "halaman penuh"}])])
    assert d.text == "halaman penuh"


def test_jsonl_blank_lines_are_skipped_and_ids_follow_line_numbers(tmp_path):
    p = tmp_path / "gaps.jsonl"
    p.write_text('{"text": "satu"}\n\n   \n{"text": "dua"}\n', encoding="utf-8")
    items = docs([p])
    assert [(d.id, d.text) for d in items] == [("gaps:1", "satu"), ("gaps:4", "dua")]
    assert items[1].source == f"{p}:4"


def test_jsonl_last_line_without_newline(tmp_path):
    p = tmp_path / "nonl.jsonl"
    p.write_text('{"id": "a", "text": "satu"}\n{"id": "b", "text": "dua"}', encoding="utf-8")
    assert [d.id for d in docs([p])] == ["a", "b"]


def test_jsonl_gz(tmp_path):
    p = write_jsonl(tmp_path / "pages.jsonl.gz", RECORDS, opener=gzip.open)
    assert p.read_bytes()[:2] == b"\x1f\x8b"
    check_records(docs([p]), "pages")


def test_jsonl_zst(tmp_path):
    zstandard = pytest.importorskip("zstandard")
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS).encode("utf-8")
    p = tmp_path / "pages.jsonl.zst"
    p.write_bytes(zstandard.ZstdCompressor(level=3).compress(data))
    check_records(docs([p]), "pages")


def test_jsonl_zst_streamed_in_several_frames(tmp_path):
    zstandard = pytest.importorskip("zstandard")
    p = tmp_path / "big.jsonl.zst"
    with open(p, "wb") as raw, zstandard.ZstdCompressor().stream_writer(raw) as w:
        for i in range(2000):
            w.write((json.dumps({"id": f"z{i}", "text": f"Paragraf berita nomor {i}. " * 20}) + "\n").encode())
    items = docs([p])
    assert len(items) == 2000
    assert items[0].id == "z0" and items[-1].id == "z1999"
    assert items[1234].text.startswith("Paragraf berita nomor 1234.")


def test_format_of():
    assert format_of(Path("a.jsonl.gz")) == "jsonl"
    assert format_of(Path("a.JSONL.ZST")) == "jsonl"
    assert format_of(Path("a.ndjson")) == "jsonl"
    assert format_of(Path("a.parquet")) == "parquet"
    assert format_of(Path("a.csv.gz")) == "csv"
    assert format_of(Path("halaman.txt")) == "text"
    assert format_of(Path("README")) == "text"
    assert format_of(Path("foto.png")) is None


# --- Parquet ------------------------------------------------------------------------------------

def test_parquet_streams_rows_in_order(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    n = 1300  # more than two row batches
    table = pa.table({
        "id": [f"p{i}" for i in range(n)],
        "url": [f"https://www.contohpos.id/read/2024/01/{1 + i % 28:02d}/berita-{i}" for i in range(n)],
        "text": [f"Judul berita {i}\n\nParagraf pertama berita {i}." for i in range(n)],
        "date": ["2024-01-02" if i % 2 else None for i in range(n)],
    })
    p = tmp_path / "pages.parquet"
    pq.write_table(table, p, row_group_size=400)
    items = docs([p])
    assert len(items) == n and all(isinstance(d, Document) for d in items)
    assert [d.id for d in items[:3]] == ["p0", "p1", "p2"] and items[-1].id == f"p{n - 1}"
    assert items[700].text == "Judul berita 700\n\nParagraf pertama berita 700."
    assert items[700].url.endswith("/berita-700")
    assert items[0].date is None and items[1].date == "2024-01-02"


def test_parquet_with_content_column_and_no_id(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    p = tmp_path / "scrape.parquet"
    pq.write_table(pa.table({"link": ["https://a.co.id/x", "https://a.co.id/y"], "content": ["Isi x.", "Isi y."]}), p)
    items = docs([p])
    assert [(d.id, d.url, d.text) for d in items] == [
        ("scrape:1", "https://a.co.id/x", "Isi x."), ("scrape:2", "https://a.co.id/y", "Isi y.")]


# --- CSV as Indonesian scrapers write it --------------------------------------------------------

def _scraper_rows(n: int) -> list[dict]:
    rows = []
    for i in range(n):
        rows.append({
            "title": f"Harga Cabai di Pasar Lama Naik, Pedagang Mengeluh ({i})",
            "content": (f"KOTA CONTOH - Harga cabai rawit naik, kata pedagang, \"sudah dua minggu\" ({i}).\n\n"
                        "\"Pembeli berkurang, kami juga rugi,\" ujar Sari; ia berjualan sejak subuh.\n"
                        "Baca juga: Stok Bawang Aman\n" + "Paragraf panjang. " * 30),
            "url": f"https://www.contohpos.id/ekonomi/{i}/harga-cabai-naik",
            "publish_date": f"2024-03-{1 + i % 28:02d} 10:15:00",
        })
    return rows


def _write_csv(path: Path, rows: list[dict], lineterminator: str = "\n") -> Path:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=["title", "content", "url", "publish_date"], lineterminator=lineterminator)
        w.writeheader()
        w.writerows(rows)
    return path


def _check_csv(items: list, rows: list[dict], stem: str) -> None:
    assert len(items) == len(rows)
    for i, (d, r) in enumerate(zip(items, rows)):
        assert isinstance(d, Document), d
        assert d.id == f"{stem}:{i + 1}"
        assert d.text == r["content"]
        assert d.url == r["url"]
        assert d.title_hint == r["title"]
        assert d.date == r["publish_date"]


def test_csv_quoted_multiline_content(tmp_path):
    rows = _scraper_rows(3)
    p = _write_csv(tmp_path / "berita.csv", rows)
    raw = p.read_text(encoding="utf-8")
    assert raw.startswith("title,content,url,publish_date\n") and '""sudah dua minggu""' in raw
    _check_csv(docs([p]), rows, "berita")


def test_csv_longer_than_the_sniffed_sample(tmp_path):
    # rows cross the 64 KB sample the reader sniffs first; CRLF as Excel and pandas on Windows write it
    rows = _scraper_rows(300)
    rows[5]["title"] = "Judul dengan pemisah baris\u2028Unicode di tengahnya"  # unquoted: no \n in it
    p = _write_csv(tmp_path / "besar.csv", rows, lineterminator="\r\n")
    assert p.stat().st_size > 2 * 64 * 1024
    _check_csv(docs([p]), rows, "besar")


def test_csv_semicolon_delimited_with_bom(tmp_path):
    p = tmp_path / "excel.csv"
    p.write_bytes(("\ufefftitle;content;url;publish_date\r\n"
                   "Judul satu;\"Baris satu;\r\nbaris dua\";https://a.co.id/1;2024-01-01\r\n").encode("utf-8"))
    [d] = docs([p])
    assert isinstance(d, Document)
    assert d.title_hint == "Judul satu"
    assert d.text == "Baris satu;\r\nbaris dua"
    assert d.url == "https://a.co.id/1" and d.date == "2024-01-01"


def test_csv_gz(tmp_path):
    rows = _scraper_rows(4)
    plain = _write_csv(tmp_path / "x.csv", rows)
    p = tmp_path / "berita.csv.gz"
    p.write_bytes(gzip.compress(plain.read_bytes()))
    _check_csv(docs([p]), rows, "berita")
