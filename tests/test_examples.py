"""The two real example pages in ../shared come out as a careful reader would label them."""
from pathlib import Path

import pytest

import kliping

EXAMPLES = Path(__file__).resolve().parents[2] / "shared" / "data" / "examples"
pytestmark = pytest.mark.skipif(not EXAMPLES.exists(), reason="../shared/data/examples is not present")


def _page(name: str) -> str:
    return (EXAMPLES / name).read_text(encoding="utf-8")


def test_first_example_fields_and_clean_body():
    art = kliping.extract(_page("000_5db728e82970b1f1.txt"))
    assert art.title == "Korut dan AS Mulai Kontak Pendahuluan untuk Pertemuan Tingkat Kerja Bilateral Esok Hari"
    assert art.category == "Internasional"
    assert art.published == "2019-10-04T17:19:56"
    assert art.updated == "2019-10-04T18:05:44"
    assert art.credits == ["YONHAP News"]
    body = "\n".join(art.body)
    for furniture in ("Pergi ke Menu", "Go Top", "Pilihan Editor", "Close", "cookie"):
        assert furniture not in body
    assert art.body[0].startswith("Kontak pendahuluan")
    assert len(art.body) == 8
    assert art.lang == "id"


def test_second_example_no_invented_date_links_and_wire():
    art = kliping.extract(_page("002_b224ccba23e89a74.txt"))
    assert art.published is None and art.updated is None
    assert art.related_links == [
        "Para Ilmuwan Peringatkan Krisis Iklim Sudah Dekat",
        "Rusia Setujui Uji Kombinasi Vaksin Sputnik dan AstraZaneca",
        "Kapal Perang Inggris HMS Defender Masuk Laut Cina Selatan, Cina Beri Peringatan",
    ]
    assert "Reuters" in art.agencies
    assert all("Berita Terkait" not in p and not p.startswith("Baca juga") for p in art.body)
    assert art.outlet == "kampartrapost.com"
    assert art.title == "Korea Utara dan Korea Selatan Sepakat Buka Kembali Kantor Penghubung Bersama"
    assert len(art.body) == 11
