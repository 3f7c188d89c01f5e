"""Page furniture by wording: the part-by-part scan decides as the whole FURNITURE_RE behind its gate."""
import random

from kliping.clean import cues

_VOCAB = ("ikuti kami di google news whatsapp channel saluran telegram aplikasi app apps klik simak berita anda "
          "di halaman 2 dari 5 1 2 3 share this article bagikan : © 2024 all rights reserved copyright hak cipta "
          "please enter your email address will not daftar isi leave a reply tidak ada komentar bacaan 5 menit "
          "waktu baca 3 min read untuk dapatkan update view this post on instagram lihat postingan ini "
          "memperkenankan konten terverifikasi administratif Presiden mengatakan harga naik").split()


def _reference(text: str) -> bool:
    low = text.lower()
    return any(w in low for w in cues._FURNITURE_GATE) and bool(cues.FURNITURE_RE.search(text))


def test_parts_decide_as_the_whole_pattern():
    rng = random.Random(5)
    positives = 0
    for _ in range(20000):
        text = " ".join(rng.choice(_VOCAB) for _ in range(rng.randint(1, 9)))
        text = rng.choice((text, text.title(), text.upper()))
        expected = _reference(text)
        positives += expected
        assert cues.is_furniture(text, text.lower()) == expected, text
    assert positives > 500  # the sample reaches every kind of furniture often enough to compare


def test_named_furniture_lines():
    for text in ("Ikuti berita terkini kami di Google News", "Halaman 2 dari 5", "© 2024 Kabar Nusantara",
                 "Bagikan artikel ini:", "Waktu baca 3 menit", "Dapatkan update berita pilihan setiap hari",
                 "Situs ini menggunakan cookie agar pengalaman Anda lebih baik. Baca kebijakan cookie kami.",
                 "This website uses cookies. By continuing you agree to our use of cookies.",
                 "Você pode gostar...", "You may also like", "Related posts:"):
        assert cues.named_boilerplate(text), text
    for text in ("Warga mengunduh aplikasi itu setelah pemerintah mengumumkan bantuan, kata Budi.",
                 "Ia membaca halaman demi halaman laporan itu di ruang sidang.",
                 "Toko kue itu menjual cookies cokelat buatan warga desa setiap akhir pekan."):
        assert not cues.named_boilerplate(text), text
