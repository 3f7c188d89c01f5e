"""Wire agencies found in a body: the Aho-Corasick scan reads names exactly as a word-bounded regex would."""
import random
import re

from kliping.clean.fields import _AGENCY_NAMES, _agencies, agency_names

# the definition the scan replaces: a name, no word character or "." before it, no word character after
_REFERENCE = re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, _AGENCY_NAMES)) + r")(?!\w)")


def test_scan_reads_names_as_the_word_bounded_regex():
    rng = random.Random(7)
    pieces = [*_AGENCY_NAMES, " ", ".", "-", "_", "x", "É", "é", "7", "(", ")", "/", "\n", "Jakarta", "KAPOLDA",
              "ap", "Reutersnya"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert agency_names(text) == [m.group(1) for m in _REFERENCE.finditer(text)], text


def test_agencies_credited_in_body():
    body = ["JAKARTA - Pejabat itu berbicara kepada Reuters pada Jumat.",
            "Laporan AFP dan kantor berita Yonhap menyebut hal serupa.",
            "Kepala KAPOLDA dan www.apnews.com bukan kredit; begitu pula Reutersnya."]
    assert _agencies(body, [], "example.com") == ["Reuters", "AFP", "Yonhap"]


def test_outlet_does_not_credit_itself():
    assert _agencies(["JAKARTA (ANTARA) - Harga beras naik."], [], "antaranews.com") == []
