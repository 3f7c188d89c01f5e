"""Fuzzing: every reader and the search query parser on hostile input (Hypothesis).

Run briefly with the suite (50 examples a test); longer on demand:

    KLIPING_FUZZ=long .venv/bin/python -m pytest -q tests/test_fuzz.py      # 2,000 examples a test

What must hold whatever the bytes: reading a file never raises, and gives Documents and
Rejections only (each with a reason), every Document gives exactly one article or rejection
through the pipeline; a query is parsed or refused with a QueryError, and a parsed query runs
on a real archive (its FTS5 expression is always valid). Inputs that once broke kliping are kept
as `@example`s below, with what they broke.
"""
from __future__ import annotations

import gzip
import io
import json
import os
import tempfile
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from kliping.archive.search import QueryError, parse_query, search  # noqa: E402
from kliping.model import Article, Document, Rejection  # noqa: E402
from kliping.read import read_inputs  # noqa: E402

settings.register_profile("suite", max_examples=50, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.register_profile("long", max_examples=2000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.load_profile("long" if os.environ.get("KLIPING_FUZZ") == "long" else "suite")

PAGE = ("Beranda Daerah\n\nWarga Desa Tepian Gotong Royong Bersihkan Sungai\n\nPenulis: Rini Sagala\n\n"
        "Senin, 4 Maret 2024 08:00 WIB\n\nTEPIAN - Ratusan warga membersihkan sungai dari sampah plastik, "
        "Senin (4/3/2024).\n\n\"Sampah datang tiap musim hujan,\" kata kepala desa, Amir.\n\n© 2024 Kabar Tepian\n")
HTML = ("<html><head><title>Warga Bersihkan Sungai - Kabar Tepian</title>"
        "<meta property='og:title' content='Warga Bersihkan Sungai'></head><body><nav>Beranda</nav>"
        "<article><h1>Warga Bersihkan Sungai</h1><p>TEPIAN - Ratusan warga membersihkan sungai dari sampah "
        "plastik pada Senin pagi.</p></article><footer>© Kabar Tepian</footer></body></html>")


def _warc() -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=False)
    for i in range(2):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(f"https://kabartepian.example/{i}", "response",
                                            payload=io.BytesIO(HTML.encode()), http_headers=headers))
    return buf.getvalue()


def _csv() -> bytes:
    return ('id,url,text\nk1,https://kabartepian.example/a,"' + PAGE.replace('"', '""') + '"\n'
            'k2,https://kabartepian.example/b,Berita pendek tanpa kutip\n').encode()


def _jsonl() -> bytes:
    return "".join(json.dumps({"id": f"k{i}", "url": f"https://kabartepian.example/{i}", "text": PAGE}) + "\n"
                   for i in range(2)).encode()


# (file name, valid content): what a mutation starts from
BASES = {
    "pages.jsonl": _jsonl(), "pages.jsonl.gz": gzip.compress(_jsonl()), "pages.csv": _csv(),
    "pages.csv.gz": gzip.compress(_csv()), "page.txt": PAGE.encode(), "page.html": HTML.encode(),
    "page.html.gz": gzip.compress(HTML.encode()), "crawl.warc": _warc(), "crawl.warc.gz": gzip.compress(_warc()),
    "pages.jsonl.zst": None, "pages.csv.zst": None,
}
try:
    import zstandard

    BASES["pages.jsonl.zst"] = zstandard.ZstdCompressor().compress(_jsonl())
    BASES["pages.csv.zst"] = zstandard.ZstdCompressor().compress(_csv())
except ImportError:  # pragma: no cover - zstandard is a dependency
    pass
BASES = {k: v for k, v in BASES.items() if v is not None}

_extractor = None


def _check_reading(name: str, data: bytes) -> None:
    global _extractor
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        items = list(read_inputs([str(path)]))
    assert items, "a file gives at least one document or rejection"
    for item in items:
        assert isinstance(item, (Document, Rejection))
        if isinstance(item, Rejection):
            assert item.reason and isinstance(item.detail, str)
        else:
            assert isinstance(item.text, str)
    docs = [i for i in items if isinstance(i, Document)][:3]
    if docs:
        from kliping.run.extract import Extractor

        if _extractor is None:
            _extractor = Extractor(enrich=False, collection=False)
        out = list(_extractor.process(docs))
        assert len(out) == len(docs) and all(isinstance(o, (Article, Rejection)) for o in out)


_mutation = st.lists(st.tuples(st.floats(0, 1), st.sampled_from(["insert", "delete", "replace", "cut"]),
                               st.binary(min_size=0, max_size=16)), min_size=1, max_size=6)


def _mutate(data: bytes, ops) -> bytes:
    for where, op, chunk in ops:
        at = int(where * len(data))
        if op == "insert":
            data = data[:at] + chunk + data[at:]
        elif op == "delete":
            data = data[:at] + data[at + max(1, len(chunk)):]
        elif op == "replace":
            data = data[:at] + chunk + data[at + len(chunk):]
        else:
            data = data[:at]
    return data


@pytest.mark.parametrize("name", sorted(BASES))
@given(ops=_mutation)
# once broke: a URL with an unclosed "[" in its host ("https://[kabartepian...": urlsplit raises)
@example(ops=[(0.25, "cut", b""), (0.25, "insert", b"[")])
def test_a_mutated_file_is_read_without_an_error(name, ops):
    _check_reading(name, _mutate(BASES[name], ops))


@pytest.mark.parametrize("name", sorted(BASES))
@given(data=st.binary(max_size=600))
# once broke: gzip magic and a cut stream (truncated .csv.gz ended the run with a traceback)
@example(data=b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03")
# a zstd frame header alone (truncated .zst)
@example(data=b"\x28\xb5\x2f\xfd\x04\x00")
# a WARC record whose Content-Length is negative (hid the next record)
@example(data=b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: -5\r\n\r\nabc\r\n\r\n")
# blank lines only (a gzip of them took minutes to read)
@example(data=b"\n" * 500)
# a header-only CSV, and a row after an unclosed quote (both vanished without a rejection)
@example(data=b"id,url,text\n")
@example(data=b'id,text\na,"tidak ditutup\nb,baris berikut\n')
# NUL bytes and a lone surrogate's UTF-8 form
@example(data=b"\x00\x00abc\xed\xa0\x80")
def test_arbitrary_bytes_under_any_name_are_read_without_an_error(name, data):
    _check_reading(name, data)


@given(depth=st.integers(0, 3000), tag=st.sampled_from(["div", "span", "section", "font", "p", "li", "table"]))
def test_html_of_any_nesting_is_read(depth, tag):
    _check_reading("deep.html", (f"<{tag}>" * depth + "<p>Isi berita.</p>" + f"</{tag}>" * depth).encode())


@pytest.fixture(scope="module")
def small_archive(tmp_path_factory):
    from kliping.archive.build import build_archive
    from kliping.archive.schema import connect

    tmp = tmp_path_factory.mktemp("fuzz")
    pages = tmp / "p.jsonl"
    pages.write_bytes(_jsonl())
    build_archive(tmp / "a.db", [str(pages)], enrich=False)
    db = connect(tmp / "a.db", readonly=True)
    yield db
    db.close()


_query_text = st.one_of(
    st.text(max_size=120),
    st.lists(st.sampled_from(['banjir', 'sungai', '"', '-', '*', 'OR', 'warga*', '-sampah', '"warga desa"', '(',
                              ')', 'NEAR', 'AND', 'NOT', ':', '^', '{', '}', "'", 'bersih', 'x*', '""']),
             max_size=14).map(" ".join))


@given(text=_query_text)
# once broke: a lone quotation mark, OR at either end, an exclusion alone
@example(text='"')
@example(text="OR banjir")
@example(text="-banjir")
@example(text=" OR ".join(f"{c}*" for c in "xyzwvu"))
def test_any_query_is_parsed_or_refused_and_a_parsed_one_runs(small_archive, text):
    try:
        parse_query(text)
    except QueryError as e:
        assert str(e)
        return
    try:
        res = search(small_archive, text)
    except QueryError as e:   # refused for its cost, never an invalid FTS5 expression
        assert "cannot be run" not in str(e), str(e)
        return
    assert res.total >= 0 and len(res.hits) <= 20


@given(text=_query_text, speaker=st.text(max_size=40), entity=st.text(max_size=30),
       date_from=st.sampled_from(["", "2024", "2024-05", "2024-05-06", "kemarin", "2030-01-01"]))
@example(text='"', speaker='"', entity="", date_from="")
@example(text="banjir", speaker=":", entity="PER:x", date_from="2024")
def test_any_quote_search_runs_or_is_refused_with_a_message(small_archive, text, speaker, entity, date_from):
    from kliping.archive.quotes import search_quotes

    try:
        res = search_quotes(small_archive, text, speaker, entity, "", date_from, "")
    except QueryError as e:
        assert str(e) and "cannot be run" not in str(e)
        return
    assert res.total >= 0 and len(res.hits) <= 20


@given(texts=st.lists(_query_text, max_size=6), interval=st.sampled_from(["auto", "day", "week", "month", "year"]),
       date_to=st.sampled_from(["", "2024-05-31", "2020", "2024-02-30x"]))
def test_any_attention_request_runs_or_is_refused_with_a_message(small_archive, texts, interval, date_to):
    from kliping.archive.search import Filters
    from kliping.archive.series import MAX_SERIES, attention

    try:
        series = attention(small_archive, texts, Filters(date_to=date_to or None), interval)
    except QueryError as e:
        assert str(e)
        return
    assert 1 <= len(series) <= MAX_SERIES
    assert len({len(s.periods) for s in series}) == 1           # the same periods for every search
    for s in series:
        assert all(p.count <= p.total for p in s.periods) and s.undated >= 0
