"""Dates on Indonesian news pages: kliping.clean.dates."""
from __future__ import annotations

import dataclasses
import time

import pytest

from kliping.clean.dates import DateHit, date_from_url, find_dates, is_relative_time, parse_date_line

# (line as printed on a real page, ISO value of its one date)
FORMS = [
    ("Senin, 8 Januari 2018 16:49 WIB", "2018-01-08T16:49+07:00"),
    ("Kompas.com - 16/01/2017, 16:07 WIB", "2017-01-16T16:07+07:00"),
    ("04/07/2020, 20:04 WIB", "2020-07-04T20:04+07:00"),
    ("Jumat (4/10/19)", "2019-10-04"),
    ("Sabtu (5/10/2019)", "2019-10-05"),
    ("Kamis, 04 Januari 2018 | 13:28 WIB", "2018-01-04T13:28+07:00"),
    ("Selasa, 05 Jun 2018 21:22 WIB", "2018-06-05T21:22+07:00"),
    ("Rabu, 10 Oktober 2018 - 17:55 WIB", "2018-10-10T17:55+07:00"),
    ("1 Maret 2022, 22:24 WIB", "2022-03-01T22:24+07:00"),
    ("29 Agustus 2023, 07:48", "2023-08-29T07:48"),
    ("Thu, July 9, 2015", "2015-07-09"),
    ("Jul. 9, 2015", "2015-07-09"),
    ("2015-07-09T07:14:41+07:00", "2015-07-09T07:14:41+07:00"),
    ("OCT 16, 2023@10:00 WIB", "2023-10-16T10:00+07:00"),
    ("Senin 8 Juli 2019 7:30 WIB", "2019-07-08T07:30+07:00"),
    ("Sabtu, 02 Januari 2021 - 08:02:00 WIB", "2021-01-02T08:02:00+07:00"),
    ("Rabu, 13 Maret 2024 / 14:08 WIB", "2024-03-13T14:08+07:00"),
    ("26 June 2024 |", "2024-06-26"),
    ("Minggu 21 Dec 2025 - 20:00 WIB", "2025-12-21T20:00+07:00"),
    ("Sucipto , Jurnalis-Selasa, 24 September 2024 |01:23 WIB", "2024-09-24T01:23+07:00"),
    ("oleh Fachrur Rozie diperbarui 26 Nov 2021, 00:03 WIB", "2021-11-26T00:03+07:00"),
    ("Diterbitkan 26 Nov 2021, 00:03 WIB", "2021-11-26T00:03+07:00"),
    ("Diposting : 7 November 2019 13:38", "2019-11-07T13:38"),
    ("Wenti Ayu | Ekonomi | 07-11-2023", "2023-11-07"),
    ("Published on 2015-07-09T07:14:41+07:00", "2015-07-09T07:14:41+07:00"),
    ("1929-07-03", "1929-07-03"),
    ("Senin, 8 Juli 2019 pukul 19.30 WIB", "2019-07-08T19:30+07:00"),
    ("Senin, 8 Juli 2019 10.00 WIB", "2019-07-08T10:00+07:00"),
    ("2017-07-22T18:48+07:00", "2017-07-22T18:48+07:00"),
    ("2017-07-22T18:48+0700", "2017-07-22T18:48+07:00"),
    ("Jumat, 04 Okt 2019 17:19", "2019-10-04T17:19"),
    ("Rabu, 5 Pebruari 2020 09:15 WITA", "2020-02-05T09:15+08:00"),
    ("Kamis, 6 Agustus 2020 11:00 WIT", "2020-08-06T11:00+09:00"),
    ("2023.10.16 14:30 KST", "2023-10-16T14:30+09:00"),
    ("16 Oct 2023 14:30 JST", "2023-10-16T14:30+09:00"),
    ("Sept 1, 2023 08:00 GMT", "2023-09-01T08:00+00:00"),
    ("1 Sep 2023 08:00 UTC", "2023-09-01T08:00+00:00"),
    ("Isnin, 3 Julai 2023 10:15 MYT", "2023-07-03T10:15+08:00"),
    ("2015-07-09T07:14:41.123Z", "2015-07-09T07:14:41+00:00"),
    ("July 9, 2015 7:14 PM GMT+7", "2015-07-09T19:14+07:00"),
    ("Wed, 12 Mar 2020 10:00:00 -0500", "2020-03-12T10:00:00-05:00"),
    ("9th of July 2015", "2015-07-09"),
    ("tanggal 17-08-1945", "1945-08-17"),
]


@pytest.mark.parametrize("line, expected", FORMS)
def test_find_dates_forms(line, expected):
    hits = find_dates(line)
    assert [h.value for h in hits] == [expected]


@pytest.mark.parametrize("line, expected", FORMS)
def test_parse_date_line_single_date_is_published(line, expected):
    published, updated = parse_date_line(line)
    if "diperbarui" in line:
        assert (published, updated) == (None, expected)
    else:
        assert (published, updated) == (expected, None)


@pytest.mark.parametrize("line", [line for line, _ in FORMS])
def test_span_covers_the_date(line):
    (hit,) = find_dates(line)
    assert 0 <= hit.start < hit.end <= len(line)
    piece = line[hit.start:hit.end]
    year = hit.value[:4]
    assert year in piece or year[2:] in piece
    assert piece == piece.strip()


@pytest.mark.parametrize("line, piece", [
    ("Senin, 8 Januari 2018 16:49 WIB", "8 Januari 2018 16:49 WIB"),
    ("Kompas.com - 16/01/2017, 16:07 WIB", "16/01/2017, 16:07 WIB"),
    ("Jumat (4/10/19)", "4/10/19"),
    ("Thu, July 9, 2015", "July 9, 2015"),
    ("26 June 2024 |", "26 June 2024"),
    ("Gempa 6,4 SR terjadi 1 Maret 2022 6,4 km", "1 Maret 2022"),
    ("Senin, 8 Juli 2019 10:00-12:00 WIB", "8 Juli 2019 10:00"),
])
def test_span_exact(line, piece):
    (hit,) = find_dates(line)
    assert line[hit.start:hit.end] == piece


def test_glued_write_update_stamp():
    line = "Write: 2019-10-04 17:19:56Update: 2019-10-04 18:05:44"
    hits = find_dates(line)
    assert [(h.value, h.kind) for h in hits] == [
        ("2019-10-04T17:19:56", "published"),
        ("2019-10-04T18:05:44", "updated"),
    ]
    assert line[hits[0].start:hits[0].end] == "2019-10-04 17:19:56"
    assert line[hits[1].start:hits[1].end] == "2019-10-04 18:05:44"
    assert parse_date_line(line) == ("2019-10-04T17:19:56", "2019-10-04T18:05:44")


@pytest.mark.parametrize("line, kinds", [
    ("Diterbitkan 26 Nov 2021, 00:03 WIB", ["published"]),
    ("oleh Fachrur Rozie diperbarui 26 Nov 2021, 00:03 WIB", ["updated"]),
    ("Diposting : 7 November 2019 13:38", ["published"]),
    ("Published on 2015-07-09T07:14:41+07:00", ["published"]),
    ("Senin, 8 Januari 2018 16:49 WIB", ["unknown"]),
    ("Dipublikasikan 1 Jan 2020 | Terakhir diperbarui 2 Jan 2020", ["published", "updated"]),
    ("Posted 1 Jan 2020 - Last updated 2 Jan 2020 10:00", ["published", "updated"]),
    ("Diupdate 2 Jan 2020, dibuat 1 Jan 2020", ["updated", "published"]),
    ("Tayang: 3 Mei 2021 | Modified: 4 Mei 2021", ["published", "updated"]),
    ("Terbit 3 Mei 2021 pembaruan 4 Mei 2021", ["published", "updated"]),
    ("Diperbaharui 4 Mei 2021", ["updated"]),
    ("Diterbitkan\n1 Jan 2020", ["unknown"]),          # a cue on another line does not count
    ("Writer: Budi | 5 Maret 2020", ["unknown"]),     # 'write' only as a whole word
])
def test_kind_from_cues(line, kinds):
    assert [h.kind for h in find_dates(line)] == kinds


@pytest.mark.parametrize("line, expected", [
    ("Dipublikasikan 1 Jan 2020 | Terakhir diperbarui 2 Jan 2020", ("2020-01-01", "2020-01-02")),
    ("Diupdate 2 Jan 2020, dibuat 1 Jan 2020", ("2020-01-01", "2020-01-02")),
    ("Senin, 1 Jan 2020 | 2 Jan 2020", ("2020-01-01", None)),
    ("Updated: 2 Jan 2020", (None, "2020-01-02")),
    ("Tidak ada tanggal di sini", (None, None)),
    ("", (None, None)),
])
def test_parse_date_line(line, expected):
    assert parse_date_line(line) == expected


@pytest.mark.parametrize("line", [
    "",
    "Baca juga: Menteri keuangan bicara soal pajak",
    "Presiden mengatakan pemerintah akan terus bekerja sejak 2019 hingga kini.",
    "Gempa magnitudo 6,4 mengguncang 12 desa",
    "Mei 2019",                      # month and year only
    "Juli 2019 7:30 WIB",
    "Harga naik 10.000 rupiah",
    "IP 10.20.30.2020",
    "31/02/2020",                    # no 31 February
    "30 Februari 2021",
    "29/02/2019",                    # not a leap year
    "32 Januari 2020",
    "13/13/2020",
    "7 tahun yang lalu",
    "2 jam lalu",
])
def test_no_date(line):
    assert find_dates(line) == []


def test_leap_day_is_valid():
    assert [h.value for h in find_dates("29/02/2020")] == ["2020-02-29"]


@pytest.mark.parametrize("line, expected", [
    ("05/06/2020", "2020-06-05"),    # Indonesian order: day first
    ("25/12/2020", "2020-12-25"),    # first > 12: day first
    ("12/25/2020", "2020-12-25"),    # second > 12: month first
    ("Jumat (4/10/19)", "2019-10-04"),
    ("Sabtu (1/2/85)", "1985-02-01"),  # 2-digit year far ahead of now: 19xx
    ("Senin (16/1/2017)", "2017-01-16"),
])
def test_numeric_order_and_two_digit_years(line, expected):
    assert [h.value for h in find_dates(line)] == [expected]


@pytest.mark.parametrize("line, expected", [
    ("Senin, 8 Juli 2019 10.00 WIB", "2019-07-08T10:00+07:00"),   # '10.00' right after a date is a time
    ("1 Maret 2022 6,4 persen", "2022-03-01"),                     # '6,4' is not
    ("Senin, 8 Januari 2018 10.000 orang hadir", "2018-01-08"),    # a number, not 10:00
    ("2 Mei 2020 16.50% naik", "2020-05-02"),
    ("29 Agustus 2023, 07:48", "2023-08-29T07:48"),                # no zone printed, none invented
    ("Senin, 8 Juli 2019 10:00-12:00 WIB", "2019-07-08T10:00"),   # a range is not UTC-12
    ("2017-07-22T18:48-05:00", "2017-07-22T18:48-05:00"),
    ("Senin, 8 Januari 2018 16:49:05 WIB", "2018-01-08T16:49:05+07:00"),
])
def test_time_after_date(line, expected):
    assert [h.value for h in find_dates(line)] == [expected]


def test_several_dates_in_order():
    line = "1 Jan 2020 2 Feb 2021 3/3/2022 2023-04-04T10:00Z"
    hits = find_dates(line)
    assert [h.value for h in hits] == ["2020-01-01", "2021-02-02", "2022-03-03", "2023-04-04T10:00+00:00"]
    assert [h.start for h in hits] == sorted(h.start for h in hits)
    for h in hits:
        assert line[h.start:h.end].strip() == line[h.start:h.end]


def test_date_inside_prose():
    line = ("JAKARTA, KOMPAS.com - Presiden Joko Widodo pada Senin (16/1/2017) mengatakan anggaran naik "
            "6,4 persen di tahun 2017.")
    hits = find_dates(line)
    assert [h.value for h in hits] == ["2017-01-16"]
    assert line[hits[0].start:hits[0].end] == "16/1/2017"


def test_day_only_never_gets_offset():
    for line in ("Kamis, 04 Januari 2018 WIB", "Jumat (4/10/19) WIB", "2015-07-09 GMT"):
        (hit,) = find_dates(line)
        assert "T" not in hit.value and "+" not in hit.value


def test_datehit_is_frozen():
    hit = find_dates("1 Maret 2022")[0]
    assert hit == DateHit("2022-03-01", 0, 12, "unknown")
    with pytest.raises(dataclasses.FrozenInstanceError):
        hit.value = "x"  # type: ignore[misc]


@pytest.mark.parametrize("text", [
    "7 tahun yang lalu", "2 jam lalu", "3 hours ago", "5 menit yang lalu", "1 day ago", "sejam lalu",
    "Diperbarui 10 menit lalu",
])
def test_relative_time(text):
    assert is_relative_time(text)
    assert find_dates(text) == []


@pytest.mark.parametrize("text", [
    "", "Senin, 8 Januari 2018 16:49 WIB", "jam lalu lintas", "lalu ia pergi", "2015-07-09",
])
def test_not_relative_time(text):
    assert not is_relative_time(text)


@pytest.mark.parametrize("url, expected", [
    ("https://news.example.com/2022/05/24/judul-berita", "2022-05-24"),
    ("https://nasional.kompas.com/read/2017/01/16/160732126/judul-berita", "2017-01-16"),
    ("https://www.example.co.id/read/20250407/123/judul", "2025-04-07"),
    ("https://example.id/berita/2024-03-15/judul", "2024-03-15"),
    ("https://example.id/judul-berita-panjang-20240315", "2024-03-15"),
    ("https://example.id/2022/5/4/judul", "2022-05-04"),
    ("https://example.id/2026/01/", None),                  # year and month only
    ("https://example.id/2026/01/judul-berita", None),
    ("https://x.com/a-b-c", None),
    ("https://example.id/berita/d-7295412/judul", None),    # an id, not a date
    ("https://example.id/read/160732126/judul", None),
    ("https://example.id/2024/02/30/judul", None),          # impossible day
    ("https://example.id/1850/01/01/judul", None),          # year < 1900
    ("https://example.id/2150/01/01/judul", None),          # year > 2100
    ("https://example.id/judul-20241345", None),
    ("https://2022.example.id/judul", None),
    ("", None),
    (None, None),
])
def test_date_from_url(url, expected):
    assert date_from_url(url) == expected


def test_speed():
    lines = [line for line, _ in FORMS] + [
        "Presiden mengatakan bahwa pemerintah akan terus berupaya meningkatkan kesejahteraan rakyat "
        "melalui berbagai program yang telah disiapkan sejak 2019 dan berlanjut hingga tahun ini.",
        "Baca juga: Menteri keuangan bicara soal pajak dan belanja negara",
    ]
    t0 = time.perf_counter()
    for _ in range(200):
        for line in lines:
            find_dates(line)
    per_line = (time.perf_counter() - t0) / (200 * len(lines))
    assert per_line < 200e-6    # measured ~10 µs; generous for slow CI machines
