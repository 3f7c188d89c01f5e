"""Bad input becomes a Rejection with a reason, and the run goes on (all fixtures made up in tmp_path)."""
from __future__ import annotations

import gzip
import json
import subprocess
from pathlib import Path

import pytest
from clihelp import run_kliping

from kliping.model import Article, Document, Rejection
from kliping.read import read_inputs
from kliping.read.common import MAX_PAGE_BYTES
from kliping.run.extract import Extractor

PAGE = (
    "Beranda Nasional Daerah\n\nDAERAH\n\n"
    "Warga Kampung Nelayan Gotong Royong Bersihkan Pantai\n\n"
    "Penulis: Nur Aisyah | Editor: Bagas Pramudya\n\n"
    "Sabtu, 2 Maret 2024 09:30 WIB\n\n"
    "PANTAI CONTOH, WARTACONTOH.COM - Ratusan warga kampung nelayan membersihkan sampah plastik di sepanjang "
    "pantai, Sabtu (2/3/2024) pagi.\n\n"
    "\"Sampah ini datang dari sungai setiap musim hujan,\" kata ketua RT, Hamzah.\n\n"
    "© 2024 Wartacontoh.com\n"
)


def good(i: str) -> str:
    return json.dumps({"id": i, "url": f"https://www.wartacontoh.com/read/2024/03/02/{i}", "text": PAGE})


def run_cli(args: list, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return run_kliping(args, stdin)


def read(*paths) -> list[Document | Rejection]:
    return list(read_inputs([str(p) for p in paths]))


def reasons(items) -> list[str | None]:
    return [it.reason if isinstance(it, Rejection) else None for it in items]


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(templates=False)


# --- bytes that are not page text ---------------------------------------------------------------

def test_mostly_undecodable_text_file_is_rejected(tmp_path):
    p = tmp_path / "rusak.txt"
    # high bytes that are neither UTF-8 nor cp1252 (0x81, 0x8d, 0x8f, 0x90, 0x9d are unassigned there)
    p.write_bytes(bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D, 0xC3, 0x28, 0xA0]) * 300 + b"\n")
    [r] = read(p)
    assert isinstance(r, Rejection)
    assert r.reason == "undecodable"
    assert "undecodable" in r.detail and r.source == str(p)


def test_a_few_bad_bytes_are_replaced_and_flagged(tmp_path, extractor):
    p = tmp_path / "sedikit-rusak.txt"
    p.write_bytes(PAGE.encode("utf-8").replace(b"Ratusan", b"Ratus\xffan"))
    [d] = read(p)
    assert isinstance(d, Document)
    assert "\ufffd" in d.text and "PANTAI CONTOH" in d.text
    art = extractor.extract(d)
    assert isinstance(art, Article)
    assert "lossy_decode" in art.flags


def test_legacy_windows_text_is_decoded_and_flagged(tmp_path, extractor):
    p = tmp_path / "lama.txt"
    text = "“Kami siap,” kata Bupati — Jum’at pagi.\n\n" * 20
    p.write_bytes(text.encode("cp1252"))
    [d] = read(p)
    assert isinstance(d, Document)
    assert d.text == text  # cp1252 read as cp1252, not as replacement characters
    assert "lossy_decode" in extractor.extract(d).flags


def test_bad_bytes_in_a_jsonl_record_are_flagged_too(tmp_path, extractor):
    p = tmp_path / "bytes.jsonl"
    line = good("x1").encode("utf-8").replace(b"Ratusan", b"Ratus\xffan")
    p.write_bytes(line + b"\n" + good("x2").encode() + b"\n")
    d1, d2 = read(p)
    assert isinstance(d1, Document) and isinstance(d2, Document)
    assert "lossy_decode" in extractor.extract(d1).flags
    assert "lossy_decode" not in extractor.extract(d2).flags


def test_binary_file_is_rejected(tmp_path):
    p = tmp_path / "foto.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20)
    [r] = read(p)
    assert isinstance(r, Rejection) and r.reason == "binary"
    assert "binary" in r.detail


def test_binary_line_in_jsonl_is_rejected_and_the_next_is_read(tmp_path):
    p = tmp_path / "campur.jsonl"
    p.write_bytes(good("a").encode() + b"\n" + b"\x00\x01\x02\x00garbage\x00\n" + good("b").encode() + b"\n")
    items = read(p)
    assert reasons(items) == [None, "binary", None]
    assert items[1].id == "campur:2"
    assert [it.id for it in items if isinstance(it, Document)] == ["a", "b"]


def test_unsupported_file_in_a_folder_is_rejected_and_the_rest_read(tmp_path):
    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b.docx").write_bytes(b"PK\x03\x04 not a page")
    (tmp_path / "c.txt").write_text(PAGE, encoding="utf-8")
    items = read(tmp_path)
    assert reasons(items) == [None, "unsupported_format", None]
    assert ".docx" in items[1].detail


# --- empty and missing text ---------------------------------------------------------------------

@pytest.mark.parametrize("content", ["", "   \n\n\t\n  ", "\u00a0\n \n"])
def test_empty_page_is_rejected(tmp_path, extractor, content):
    p = tmp_path / "kosong.txt"
    p.write_text(content, encoding="utf-8")
    [d] = read(p)
    assert isinstance(d, Document)
    r = extractor.extract(d)
    assert isinstance(r, Rejection) and r.reason == "empty" and r.id == "kosong"


@pytest.mark.parametrize("record, detail", [
    ({"id": "t1", "url": "https://a.co.id/1"}, "no text"),
    ({"id": "t2", "text": None}, "no text"),
    ({"id": "t3", "text": ""}, "no text"),
    ({"id": "t4", "text": 12345}, "int"),
    ({"id": "t5", "content": ["para 1", "para 2"]}, "list"),
])
def test_record_without_text_is_rejected(tmp_path, record, detail):
    p = tmp_path / "tanpa-teks.jsonl"
    p.write_text(good("before") + "\n" + json.dumps(record) + "\n" + good("after") + "\n", encoding="utf-8")
    items = read(p)
    assert reasons(items) == [None, "no_text", None]
    assert items[1].id == record["id"]
    assert detail in items[1].detail
    assert items[1].url == record.get("url")


def test_malformed_json_lines_between_good_ones(tmp_path):
    p = tmp_path / "rusak.jsonl"
    p.write_text("\n".join([
        good("g1"),
        '{"id": "x", "text": "tidak ditutup',
        good("g2"),
        '["sebuah", "array"]',
        "bukan json sama sekali",
        good("g3"),
    ]) + "\n", encoding="utf-8")
    items = read(p)
    assert reasons(items) == [None, "bad_json", None, "bad_json", "bad_json", None]
    assert [it.id for it in items] == ["g1", "rusak:2", "g2", "rusak:4", "rusak:5", "g3"]
    assert "malformed JSON" in items[1].detail
    assert "list" in items[3].detail
    assert items[4].source == f"{p}:5"


# --- size ---------------------------------------------------------------------------------------

def test_a_50_mb_line_is_rejected_and_the_next_record_read(tmp_path):
    p = tmp_path / "besar.jsonl"
    with open(p, "wb") as f:
        f.write(good("first").encode() + b"\n")
        f.write(b'{"id": "huge", "text": "')
        block = b"kata " * 200_000  # 1 MB
        for _ in range(50):
            f.write(block)
        f.write(b'"}\n')
        f.write(good("after").encode() + b"\n")
    assert p.stat().st_size > 50_000_000
    items = read(p)
    assert reasons(items) == [None, "too_large", None]
    assert items[0].id == "first" and items[2].id == "after"
    assert items[2].text == PAGE
    assert items[1].id == "besar:2"
    assert "50,0" in items[1].detail  # the size of the line, in bytes


def test_oversized_text_in_a_short_json_line_is_rejected(tmp_path):
    # just over the cap: the line fits the reader's buffer exactly, the text is still too long
    p = tmp_path / "pas.jsonl"
    p.write_text(json.dumps({"id": "big", "text": "a" * (MAX_PAGE_BYTES + 10)}) + "\n" + good("next") + "\n")
    items = read(p)
    assert reasons(items) == ["too_large", None]


def test_oversized_text_file_is_rejected_without_reading_it(tmp_path):
    p = tmp_path / "dump.txt"
    with open(p, "wb") as f:
        f.seek(MAX_PAGE_BYTES + 1)
        f.write(b"\n")
    [r] = read(p)
    assert isinstance(r, Rejection) and r.reason == "too_large"


def test_a_very_long_line_inside_a_page_is_rejected(extractor):
    d = Document(id="minified", text="Judul\n\n" + "x" * 300_000 + "\n\nParagraf.")
    r = extractor.extract(d)
    assert isinstance(r, Rejection) and r.reason == "line_too_long"


# --- compressed streams that end early ----------------------------------------------------------

def test_truncated_jsonl_gz_keeps_what_was_read_and_says_so(tmp_path):
    data = "".join(good(f"r{i:02d}") + "\n" for i in range(60)).encode()
    whole = gzip.compress(data)
    p = tmp_path / "putus.jsonl.gz"
    p.write_bytes(whole[: len(whole) * 2 // 3])
    after = tmp_path / "z-berikutnya.txt"
    after.write_text(PAGE, encoding="utf-8")
    items = read(p, after)
    docs = [it for it in items if isinstance(it, Document)]
    assert items[-2].reason == "truncated"
    assert "ends early" in items[-2].detail
    assert items[-1].id == "z-berikutnya"  # the run goes on with the next input
    read_ids = [d.id for d in docs[:-1]]
    assert read_ids and read_ids == [f"r{i:02d}" for i in range(len(read_ids))]
    assert len(read_ids) < 60
    assert all(d.text == PAGE for d in docs[:-1])


def test_truncated_jsonl_zst_keeps_what_was_read_and_says_so(tmp_path):
    import zstandard

    import random

    rnd = random.Random(7)  # varied text, so that zstd blocks end often enough to be cut between
    records = [json.dumps({"id": f"r{i:03d}", "text": PAGE + " ".join(f"{rnd.getrandbits(64):x}" for _ in range(300))})
               for i in range(300)]
    whole = zstandard.ZstdCompressor().compress(("\n".join(records) + "\n").encode())
    p = tmp_path / "putus.jsonl.zst"
    p.write_bytes(whole[: len(whole) // 2])
    items = read(p)
    assert items[-1].reason == "truncated"
    docs = [it for it in items if isinstance(it, Document)]
    assert 0 < len(docs) < 300
    assert [d.id for d in docs] == [f"r{i:03d}" for i in range(len(docs))]


def test_multi_frame_jsonl_zst_is_read_whole(tmp_path):
    import zstandard

    frames = [zstandard.ZstdCompressor().compress((good(f"f{k}") + "\n").encode()) for k in range(3)]
    p = tmp_path / "frames.jsonl.zst"
    p.write_bytes(b"".join(frames))
    assert [it.id for it in read(p)] == ["f0", "f1", "f2"]


def test_a_plain_file_named_gz_is_read_as_it_is(tmp_path):
    """The first bytes say what a file is, not its name: a plain JSONL named .jsonl.gz is read,
    a gzip named .jsonl is decompressed."""
    p = tmp_path / "palsu.jsonl.gz"
    p.write_bytes(b'{"id": "a", "text": "bukan gzip"}\n')
    [doc] = read(p)
    assert isinstance(doc, Document) and doc.id == "a"
    q = tmp_path / "asli.jsonl"
    q.write_bytes(gzip.compress(b'{"id": "b", "text": "ternyata gzip"}\n'))
    [doc] = read(q)
    assert isinstance(doc, Document) and doc.text == "ternyata gzip"


def test_broken_parquet_is_rejected(tmp_path):
    pytest.importorskip("pyarrow")
    p = tmp_path / "rusak.parquet"
    p.write_bytes(b"PAR1 this is not really parquet")
    [r] = read(p)
    assert isinstance(r, Rejection) and r.reason == "unreadable" and "Parquet" in r.detail


# --- through the command line -------------------------------------------------------------------

def _summary(stderr: str) -> dict[str, int]:
    out = {}
    for line in stderr.splitlines():
        for key in ("documents read", "articles written", "rejected"):
            if line.startswith(key + ":"):
                out[key] = int(line.split(":", 1)[1].split()[0])
        if line.startswith("  ") and ":" in line:
            reason, n = line.strip().split(":")
            out["reason " + reason] = int(n)
    return out


@pytest.fixture()
def mixed_inputs(tmp_path) -> list[Path]:
    pages = tmp_path / "halaman.jsonl"
    with open(pages, "wb") as f:
        f.write((good("ok1") + "\n").encode())
        f.write(b'{"id": "broken", "text": \n')
        f.write(b'{"id": "notext", "url": "https://www.wartacontoh.com/x"}\n')
        f.write(b'{"id": "blank", "text": "   \\n  "}\n')
        f.write(b'{"id": "big", "text": "' + b"a" * (MAX_PAGE_BYTES + 100) + b'"}\n')
        f.write(b"\x00\x00\x00binary\n")
        f.write((good("ok2") + "\n").encode())
    binary = tmp_path / "gambar.txt"
    binary.write_bytes(b"\x00\x01\x02\x03" * 100)
    empty = tmp_path / "kosong.txt"
    empty.write_bytes(b"")
    text = tmp_path / "berita.txt"
    text.write_text(PAGE, encoding="utf-8")
    gz_data = gzip.compress("".join(good(f"g{i}") + "\n" for i in range(40)).encode())
    trunc = tmp_path / "putus.jsonl.gz"
    trunc.write_bytes(gz_data[: len(gz_data) // 2])
    return [pages, binary, empty, text, trunc]


def test_cli_counts_every_document_and_writes_one_record_each(mixed_inputs):
    proc = run_cli(["extract", *mixed_inputs])
    assert proc.returncode == 0, proc.stderr.decode()
    recs = [json.loads(x) for x in proc.stdout.decode().splitlines()]
    s = _summary(proc.stderr.decode())
    assert s["documents read"] == len(recs)
    assert s["documents read"] == s["articles written"] + s["rejected"]
    rejections = [r for r in recs if r["type"] == "rejection"]
    articles = [r for r in recs if r["type"] == "article"]
    assert len(rejections) == s["rejected"] and len(articles) == s["articles written"]
    by_id = {r["id"]: r for r in recs}
    assert by_id["halaman:2"]["reason"] == "bad_json"
    assert by_id["notext"]["reason"] == "no_text"
    assert by_id["blank"]["reason"] == "empty"
    assert by_id["halaman:5"]["reason"] == "too_large"  # over the cap: never parsed, so named by line
    assert by_id["halaman:6"]["reason"] == "binary"
    assert by_id["gambar"]["reason"] == "binary"
    assert by_id["kosong"]["reason"] == "empty"
    assert by_id["ok1"]["type"] == by_id["ok2"]["type"] == by_id["berita"]["type"] == "article"
    assert rejections[-1]["reason"] == "truncated"
    for r in rejections:
        assert r["schema"] and r["reason"] and "source" in r and "detail" in r
    # the summary lists each reason with its count
    assert s["reason binary"] == 2 and s["reason empty"] == 2 and s["reason truncated"] == 1
    # input order is kept
    assert [r["id"] for r in recs[:7]] == ["ok1", "halaman:2", "notext", "blank", "halaman:5", "halaman:6", "ok2"]


def test_cli_can_omit_rejections_but_still_counts_them(mixed_inputs):
    proc = run_cli(["extract", "--rejections", "omit", *mixed_inputs])
    assert proc.returncode == 0
    recs = [json.loads(x) for x in proc.stdout.decode().splitlines()]
    s = _summary(proc.stderr.decode())
    assert all(r["type"] == "article" for r in recs)
    assert len(recs) == s["articles written"] and s["rejected"] > 0


def test_cli_quiet_has_no_summary(mixed_inputs):
    proc = run_cli(["extract", "-q", *mixed_inputs])
    assert proc.returncode == 0 and proc.stderr == b""
    assert proc.stdout


@pytest.mark.parametrize("args", [
    ["extract", "tidak-ada.jsonl"],
    ["extract", "--bogus", "{pages}"],
    ["extract", "--format", "xml", "{pages}"],
    ["extract"],
    [],
    ["frobnicate"],
    ["extract", "{pages}", "-o", "/nonexistent-dir/sub/out.jsonl"],
    ["extract", "{pages}", "--model", "/nonexistent-dir/model.crfsuite"],
    ["extract", "-", "-"],
])
def test_unusable_arguments_exit_non_zero_with_one_line(tmp_path, args):
    pages = tmp_path / "p.jsonl"
    pages.write_text(good("a") + "\n", encoding="utf-8")
    args = [a.replace("{pages}", str(pages)) for a in args]
    proc = run_cli(args, stdin=b"")
    assert proc.returncode != 0
    err = proc.stderr.decode()
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("kliping: error: ")
    assert "Traceback" not in err
    assert proc.stdout == b""


def test_missing_input_is_named_in_the_message(tmp_path):
    proc = run_cli(["extract", tmp_path / "hilang.jsonl"])
    assert proc.returncode == 2
    assert proc.stderr.decode().strip() == f"kliping: error: input not found: {tmp_path / 'hilang.jsonl'}"


def test_lone_surrogate_escape_in_jsonl_is_replaced_and_flagged(tmp_path, extractor):
    # "\ud800" alone is valid JSON but no character; it used to crash language detection
    page = "Banjir Rendam Desa\n\nWarga mengungsi ke balai desa \\ud800 sejak Senin pagi karena air terus naik."
    path = tmp_path / "s.jsonl"
    path.write_text('{"id": "s1", "text": "' + page.replace("\n", "\\n") + '"}\n{"id": "s2", "text": "Halo"}\n',
                    encoding="utf-8")
    items = list(extractor.process(read_inputs([path])))
    assert [it.id for it in items] == ["s1", "s2"]
    art = items[0]
    assert isinstance(art, Article) and "lossy_decode" in art.flags
    record = json.dumps(art.to_record(), ensure_ascii=False).encode("utf-8")  # encodable now
    assert "\ufffd".encode() in record


# --- one outcome per document, whatever happens to the file (issue 15) ----------------------------

def _csv_rows(n: int) -> str:
    return "id,url,text\n" + "".join(f'c{i},https://www.wartacontoh.com/read/2024/03/02/c{i},"Berita nomor {i}, '
                                      f'tentang banjir di Samarinda."\n' for i in range(n))


@pytest.mark.parametrize("suffix", [".csv.gz", ".csv.zst"])
def test_a_compressed_csv_cut_short_keeps_its_rows_and_the_next_inputs(tmp_path, suffix):
    data = _csv_rows(30000).encode()
    if suffix.endswith("gz"):
        whole = gzip.compress(data)
    else:
        zstandard = pytest.importorskip("zstandard")
        whole = zstandard.ZstdCompressor().compress(data)
    p = tmp_path / f"putus{suffix}"
    p.write_bytes(whole[: len(whole) // 2])
    after = tmp_path / "z-berikutnya.txt"
    after.write_text(PAGE, encoding="utf-8")
    items = read(p, after)
    docs = [it for it in items if isinstance(it, Document)]
    assert items[-2].reason == "truncated" and "documents read before it" in items[-2].detail
    assert items[-1].id == "z-berikutnya"
    assert 0 < len(docs) - 1 < 30000


def test_a_csv_named_gz_that_is_not_and_an_unreadable_csv(tmp_path):
    fake = tmp_path / "palsu.csv.gz"
    fake.write_bytes(b"\x1f\x8b\x08\x00 bukan gzip sama sekali")
    locked = tmp_path / "terkunci.csv"
    locked.write_text(_csv_rows(2), encoding="utf-8")
    locked.chmod(0)
    after = tmp_path / "z.txt"
    after.write_text(PAGE, encoding="utf-8")
    try:
        items = read(fake, locked, after)
    finally:
        locked.chmod(0o644)
    assert isinstance(items[0], Rejection) and items[0].reason in ("bad_compression", "truncated")
    if isinstance(items[1], Rejection):  # (root reads any file: then the rows are read)
        assert items[1].reason == "unreadable" and "Permission" in items[1].detail
    assert items[-1].id == "z"


def test_a_csv_without_its_header_row_says_so(tmp_path):
    p = tmp_path / "tanpa-header.csv"
    p.write_text("b1,https://www.wartacontoh.com/b1,Berita satu-satunya.\n", encoding="utf-8")
    [r] = read(p)
    assert r.reason == "no_rows" and "header" in r.detail


def test_rows_after_an_unclosed_quote_are_read(tmp_path):
    p = tmp_path / "kutip.csv"
    p.write_text('id,url,text\na1,https://x.example/1,"Berita pertama tanpa kutip penutup.\n'
                 'a2,https://x.example/2,Berita kedua.\na3,https://x.example/3,Berita ketiga.\n',
                 encoding="utf-8")
    items = read(p)
    assert [type(i).__name__ for i in items] == ["Rejection", "Document", "Document"]
    assert items[0].reason == "bad_csv" and "unclosed quote" in items[0].detail
    assert [d.id for d in items[1:]] == ["a2", "a3"] and items[2].text == "Berita ketiga."


def test_a_file_with_nothing_in_it_is_a_rejection(tmp_path):
    p = tmp_path / "kosong.jsonl"
    p.write_text("\n\n   \n", encoding="utf-8")
    [r] = read(p)
    assert r.reason == "empty"


def test_jsonl_lines_are_read_across_blocks_with_their_numbers(tmp_path, monkeypatch):
    from kliping.read import jsonl

    monkeypatch.setattr(jsonl, "BLOCK", 7)
    monkeypatch.setattr(jsonl, "MAX_PAGE_BYTES", 60)
    p = tmp_path / "blok.jsonl"
    p.write_bytes(b'\n\n{"id": "a", "text": "satu"}\r\n   \n' + b'{"id": "b", "text": "' + b"x" * 80 + b'"}\n'
                  + b'{"id": "c", "text": "tiga"}')
    items = read(p)
    assert [(i.id, getattr(i, "reason", None)) for i in items] == [("a", None), ("blok:5", "too_large"), ("c", None)]
    assert items[0].source.endswith(":3") and items[2].source.endswith(":6")


def test_a_full_disk_while_extracting_leaves_no_half_file(tmp_path, monkeypatch, capsys):
    """No space left on the device: one line, no traceback, and the output file is whole or absent
    (an earlier complete output stays as it was)."""
    import errno

    import kliping.cli as cli

    pages = tmp_path / "pages.jsonl"
    pages.write_text("\n".join(good(f"p{i}") for i in range(6)) + "\n")
    out = tmp_path / "out.jsonl"
    assert cli.main(["extract", str(pages), "-o", str(out), "-q"]) == 0
    complete = out.read_bytes()
    assert complete.count(b"\n") == 6
    real, written = cli._write, []

    def fills_up(stream, item, args):
        if len(written) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(item)
        real(stream, item, args)

    monkeypatch.setattr(cli, "_write", fills_up)
    for target in (out, tmp_path / "new.jsonl.gz"):
        written.clear()
        assert cli.main(["extract", str(pages), "-o", str(target), "-q"]) == 2
        err = capsys.readouterr().err
        assert err.startswith("kliping: error: no space left on the device") and "Traceback" not in err
    assert out.read_bytes() == complete
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl", "pages.jsonl"]


def test_a_full_disk_while_building_is_one_line_and_keeps_whole_batches(tmp_path, monkeypatch, capsys):
    import sqlite3

    import kliping.archive.build as build
    import kliping.cli as cli

    pages = tmp_path / "pages.jsonl"
    pages.write_text("\n".join(good(f"p{i}") for i in range(40)) + "\n")
    real_connect = build.connect

    def small_disk(path, *a, **k):
        db = real_connect(path, *a, **k)
        used = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {used + 12}")
        return db

    monkeypatch.setattr(build, "connect", small_disk)
    archive = tmp_path / "news.db"
    assert cli.main(["build", "--archive", str(archive), str(pages), "--batch", "5", "-q"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kliping: error: the archive's disk is full") and "Traceback" not in err
    db = sqlite3.connect(archive)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert 0 < stored < 40 and stored % 5 == 0
    db.close()
    monkeypatch.setattr(build, "connect", real_connect)    # space freed: the same command completes
    assert cli.main(["build", "--archive", str(archive), str(pages), "--batch", "5", "-q"]) == 0
    assert sqlite3.connect(archive).execute("SELECT count(*) FROM articles").fetchone()[0] == 40


def test_an_oversized_csv_field_is_refused_without_holding_its_line(tmp_path):
    """A field longer than a page may be (30 MB on one line; 6 MB quoted over several lines) is a
    `too_large` rejection; the rows after it are read; Python holds a few page-sized pieces at
    once (tracemalloc peak), not the whole 30 MB line (which, with the csv module's 4-byte
    characters, took extract to 300 MB)."""
    import tracemalloc

    from kliping.read.common import MAX_PAGE_BYTES

    big = "kata berita " * 500_000            # 6 million characters
    path = tmp_path / "big.csv"
    path.write_text('id,url,text\n'
                    f'a1,https://contoh.id/a,"{big * 5}"\n'
                    'a2,https://contoh.id/b,"Judul pendek\n\nIsi berita pendek, dengan koma."\n'
                    f'a3,https://contoh.id/c,"baris pertama\n{big}\nbaris akhir"\n'
                    'a4,https://contoh.id/d,Berita tanpa tanda kutip\n', encoding="utf-8")
    tracemalloc.start()
    items = read(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    refused = [i for i in items if isinstance(i, Rejection) and i.reason == "too_large"]
    assert [r.id for r in refused] == ["big:1", "big:3"] and "5,000,000 characters" in refused[0].detail
    docs = {i.id: i.text for i in items if isinstance(i, Document)}
    assert docs["a2"].startswith("Judul pendek") and docs["a4"] == "Berita tanpa tanda kutip"
    # the quoted field's last line is read as a row of its own: counted as a rejection, not lost
    assert len(items) == 5
    assert peak < 16 * MAX_PAGE_BYTES, f"peak {peak / 1e6:.0f} MB"


def test_an_unexpected_error_is_one_line_and_a_report_file(tmp_path, monkeypatch, capsys):
    """Whatever goes wrong inside, the terminal gets one line, not a traceback; the traceback is in
    a file named there, for a bug report (KLIPING_DEBUG=1 raises it instead)."""
    import re

    import kliping.cli as cli

    def broken(args):
        raise RuntimeError("a stage that was never meant to fail")

    monkeypatch.setattr(cli, "_extract", broken)
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    monkeypatch.delenv("KLIPING_DEBUG", raising=False)
    assert cli.main(["extract", "-"]) == 70
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and "this is a bug in kliping" in err
    report = Path(re.search(r"details in (\S+)", err).group(1))
    assert report.parent == tmp_path and "RuntimeError: a stage that was never meant to fail" in report.read_text()
    monkeypatch.setenv("KLIPING_DEBUG", "1")
    with pytest.raises(RuntimeError):
        cli.main(["extract", "-"])


def test_a_decompression_bomb_is_refused_not_read_for_hours(tmp_path, monkeypatch):
    """A .jsonl.gz of 64 MB of blank lines (64 kB compressed, 1,000 times smaller) after a page: the
    page is read, then the file stops with a `too_large` rejection saying how far it expanded
    (with the thresholds lowered to 4 MB free and 100 times; by default 256 MB and 200 times)."""
    import zstandard

    import kliping.read.common as common

    monkeypatch.setattr(common, "EXPANSION_FREE", 4 << 20)
    monkeypatch.setattr(common, "MAX_EXPANSION", 100)
    blank = b"\n" * (64 << 20)
    for name, pack in (("bom.jsonl.gz", gzip.compress), ("bom.jsonl.zst", zstandard.ZstdCompressor().compress),
                       ("bom.csv.gz", gzip.compress)):
        head = (b"id,url,text\nb1,https://contoh.id/a,Isi berita\n" if name.endswith(".csv.gz")
                else (good("b1") + "\n").encode())
        path = tmp_path / name
        path.write_bytes(pack(head + blank))
        assert path.stat().st_size < 1 << 20
        items = read(path)
        assert isinstance(items[0], Document) and items[0].id == "b1"
        assert items[-1].reason == "too_large" and "more than 100 times" in items[-1].detail, items[-1]
    # a file of real pages, however long, is never refused: pages compress far less
    ok = tmp_path / "ok.jsonl.gz"
    ok.write_bytes(gzip.compress("".join(good(f"r{i}") + "\n" for i in range(12000)).encode()))
    assert sum(isinstance(i, Document) for i in read(ok)) == 12000
