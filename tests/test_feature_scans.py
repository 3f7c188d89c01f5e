"""The fast scans in clean/features.py decide exactly what the regexes they replace decide."""
import random
import re

from kliping.clean import cues
from kliping.clean.features import calendar_words, has_year

_DAY = re.compile(cues.DAY_RE.pattern)
_MONTH = re.compile(cues.MONTH_RE.pattern)
_PIECES = ["senin", "jum'at", "sat", "saat", "mar", "maret", "mei", "des", "desember", "sun", "sunda", "mon", "money",
           " ", "-", "_", ".", "(", ")", "/", "é", "x", "7", "19", "20", "2019", "1999", "12019", "202", "_2020",
           "agu", "ags", "sept", "jumat", "minggu", "ahad", "khamis", "ı"]


def _random_texts(n: int, seed: int):
    rng = random.Random(seed)
    for _ in range(n):
        yield "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 10)))


def test_calendar_words_as_the_day_and_month_patterns():
    for text in _random_texts(20000, 11):
        assert calendar_words(text) == (bool(_DAY.search(text)), bool(_MONTH.search(text))), text


def test_has_year_as_the_year_pattern():
    for text in _random_texts(20000, 12):
        assert has_year(text) == bool(cues.YEAR_RE.search(text)), text


def test_dateline_examples():
    assert calendar_words("jakarta, senin (4/10/2019) 08:00 wib") == (True, False)
    assert calendar_words("jumat, 4 oktober 2019") == (True, True)
    assert calendar_words("pada saat itu, menurut sunday times") == (True, False)
    assert calendar_words("pada saat itu") == (False, False)
    assert has_year("Senin (4/10/2019)") and not has_year("kode 120190")


def test_ascii_patterns_find_what_the_unicode_ones_find_on_ascii_lines():
    from kliping.clean import features as F

    rng = random.Random(13)
    pieces = ["a", "Z", "0", "9", "12", "2019", "1999", " ", "-", "'", "_", ".", "/", ":", "Jakarta", "x7", "2019-10-04", "-10-"]
    hits = 0
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        hits += bool(cues.ISODATE_RE.search(text))
        assert F._WORD_ASCII_RE.findall(text) == F._WORD_RE.findall(text), text
        assert bool(F._NUMDATE_ASCII_RE.search(text)) == bool(cues.NUMDATE_RE.search(text)), text
        assert bool(F._ISODATE_ASCII_RE.search(text)) == bool(cues.ISODATE_RE.search(text)), text
    assert hits > 20  # iso dates are among the samples
