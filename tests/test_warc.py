"""WARC input: every record is an article or a counted rejection, nothing is lost, nothing crashes.

The archive is built in the test with warcio from fictional pages."""
from __future__ import annotations

import io
import json

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from kliping.model import Document, Rejection
from kliping.read.warc import read_warc

from clihelp import run_kliping

PAGE = ("<html><head><title>Pasar Terapung Dibuka Lagi</title>"
        '<meta property="article:published_time" content="2024-06-02T07:00:00+08:00"></head><body>'
        "<nav><a href='/'>Beranda</a> <a href='/wisata'>Wisata</a></nav><article><h1>Pasar Terapung Dibuka Lagi</h1>"
        "<p>Banjarsari - Pasar terapung di Sungai Kelayan kembali dibuka pada Minggu pagi setelah dua bulan ditutup "
        "karena pendangkalan sungai, dan puluhan perahu pedagang sayur sudah berjajar sejak subuh.</p>"
        "<p>Pengelola pasar mengatakan pengerukan sungai selesai pekan lalu sehingga perahu besar kembali bisa "
        "merapat ke dermaga utama tanpa harus menunggu air pasang.</p></article>"
        "<footer>Hak cipta 2024 Kabar Sungai</footer></body></html>")


def _writer(gz: bool):
    buf = io.BytesIO()
    return buf, WARCWriter(buf, gzip=gz)


def _response(w, url: str, body: bytes, ctype: str = "text/html; charset=utf-8", status: str = "200 OK") -> None:
    headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
    w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))


def build_archive(gz: bool) -> tuple[bytes, int]:
    """An archive with 9 records of every kind, garbage between two of them, and a last record cut short."""
    buf, w = _writer(gz)
    w.write_record(w.create_warcinfo_record("uji.warc", {"software": "kliping-test"}))
    w.write_record(w.create_warc_record("https://kabarsungai.example/a", "request",
                                        payload=io.BytesIO(b"GET /a HTTP/1.1\r\nHost: kabarsungai.example\r\n\r\n")))
    _response(w, "https://kabarsungai.example/wisata/pasar-terapung-dibuka-lagi", PAGE.encode("utf-8"))
    _response(w, "https://kabarsungai.example/logo.png", b"\x89PNG\r\n\x1a\nnot really", "image/png")
    _response(w, "https://kabarsungai.example/lama", b"", status="301 Moved Permanently")
    latin = PAGE.replace("Pasar Terapung", "Pasar Terapung Caf\u00e9").encode("cp1252")
    _response(w, "https://kabarsungai.example/wisata/kafe", latin, "text/html; charset=ISO-8859-1")
    w.write_record(w.create_warc_record("https://kabarsungai.example/meta", "metadata",
                                        payload=io.BytesIO(b"outlinks: 3"), warc_content_type="text/plain"))
    good = buf.getvalue()
    garbage = b"\x1f\x8b\x08 bukan gzip yang utuh" if gz else b"INI BUKAN RECORD WARC\r\nsama sekali\r\n\r\n"
    buf2, w2 = _writer(gz)
    _response(w2, "https://kabarsungai.example/wisata/dermaga", PAGE.replace("Kelayan", "Martapura").encode())
    after = buf2.getvalue()
    buf3, w3 = _writer(gz)
    _response(w3, "https://kabarsungai.example/terpotong", PAGE.encode() * 5)
    cut = buf3.getvalue()
    return good + garbage + after + cut[: len(cut) // 2], 7 + 1 + 1 + 1


@pytest.mark.parametrize("gz", [False, True])
def test_every_record_accounted_for(tmp_path, gz):
    data, expected = build_archive(gz)
    path = tmp_path / ("uji.warc.gz" if gz else "uji.warc")
    path.write_bytes(data)
    items = list(read_warc(path))
    assert len(items) == expected
    docs = [i for i in items if isinstance(i, Document)]
    reasons = sorted(i.reason for i in items if isinstance(i, Rejection))
    assert [d.url for d in docs] == ["https://kabarsungai.example/wisata/pasar-terapung-dibuka-lagi",
                                     "https://kabarsungai.example/wisata/kafe",
                                     "https://kabarsungai.example/wisata/dermaga"]
    assert all(d.fetched and d.fetched.endswith("Z") for d in docs)
    assert "Caf\u00e9" in docs[1].text  # charset from the HTTP header
    assert reasons == sorted(["warc_not_response", "warc_not_response", "not_html", "warc_http_status",
                              "warc_not_response", "warc_malformed", "warc_truncated"])


def test_empty_and_garbage_files(tmp_path):
    (tmp_path / "kosong.warc").write_bytes(b"")
    assert list(read_warc(tmp_path / "kosong.warc")) == []
    (tmp_path / "acak.warc.gz").write_bytes(b"\x00\x01 ini bukan arsip" * 50)
    items = list(read_warc(tmp_path / "acak.warc.gz"))
    assert items and all(isinstance(i, Rejection) for i in items)


def test_cli_run_summary_counts_every_record(tmp_path):
    data, expected = build_archive(True)
    (tmp_path / "uji.warc.gz").write_bytes(data)
    res = run_kliping(["extract", tmp_path / "uji.warc.gz"])
    assert res.returncode == 0, res.stderr
    recs = [json.loads(x) for x in res.stdout.decode().splitlines()]
    assert len(recs) == expected
    arts = [r for r in recs if r["type"] == "article"]
    assert len(arts) == 3
    assert arts[0]["url"] == "https://kabarsungai.example/wisata/pasar-terapung-dibuka-lagi"
    assert arts[0]["fetched"] and arts[0]["published"] == "2024-06-02T07:00:00+08:00"
    assert any("Sungai Kelayan" in b for b in arts[0]["body"])
    assert f"documents read: {expected}" in res.stderr.decode()


def _four_pages_one_with_length(clen_of) -> tuple[bytes, str]:
    """Four HTML responses, the second with its Content-Length header rewritten by clen_of(true)."""
    parts = []
    for i in range(4):
        buf, w = _writer(False)
        _response(w, f"https://kabarsungai.example/wisata/berita-{i}", PAGE.replace("Kelayan", f"Kelayan {i}").encode())
        parts.append(buf.getvalue())
    import re as _re

    m = _re.search(rb"Content-Length: (\d+)\r\n", parts[1])
    parts[1] = parts[1][:m.start(1)] + str(clen_of(int(m.group(1)))).encode() + parts[1][m.end(1):]
    return b"".join(parts), "https://kabarsungai.example/wisata/berita-1"


@pytest.mark.parametrize("clen_of", [lambda n: n + 5000, lambda n: n + 40, lambda n: n - 300, lambda n: -5,
                                     lambda n: 0], ids=["far-too-long", "too-long", "too-short", "negative", "zero"])
def test_a_wrong_content_length_loses_only_its_own_record(tmp_path, clen_of):
    data, bad_url = _four_pages_one_with_length(clen_of)
    path = tmp_path / "salah.warc"
    path.write_bytes(data)
    items = list(read_warc(path))
    docs = [i for i in items if isinstance(i, Document)]
    rejected = [i for i in items if isinstance(i, Rejection)]
    assert [d.url for d in docs] == [f"https://kabarsungai.example/wisata/berita-{i}" for i in (0, 2, 3)]
    assert len(rejected) == 1 and rejected[0].reason == "warc_malformed"
    assert "Content-Length" in rejected[0].detail
