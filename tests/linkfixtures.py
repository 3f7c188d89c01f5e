"""Fictional Indonesian news articles for the linking tests (written for these tests)."""
from __future__ import annotations

from kliping.model import Article, Entity

WIRE = [
    "Gempa bumi bermagnitudo 6,2 mengguncang Kabupaten Sukamaju, Provinsi Nusa Selatan, pada Senin pagi "
    "sekitar pukul 06.14 waktu setempat. Badan Meteorologi menyatakan pusat gempa berada di laut, 42 kilometer "
    "barat daya Kota Wetan, pada kedalaman 10 kilometer, dan tidak berpotensi tsunami.",
    "Kepala Badan Penanggulangan Bencana Daerah Sukamaju, Ratna Widuri, mengatakan sedikitnya 37 rumah rusak "
    "berat dan dua sekolah retak di Kecamatan Padangrejo. Warga sempat berhamburan keluar rumah karena "
    "guncangan terasa cukup lama, sekitar sepuluh detik.",
    "Hingga siang hari petugas mencatat 14 gempa susulan dengan magnitudo terbesar 4,1. Pemerintah daerah "
    "mendirikan tiga posko pengungsian di lapangan kecamatan dan meminta warga tetap waspada terhadap "
    "kemungkinan longsor di lereng bukit setelah hujan turun sore nanti.",
    "Bupati Sukamaju Darmawan Eko menyatakan bantuan logistik berupa tenda, selimut dan makanan siap saji "
    "sudah dikirim ke desa-desa yang terdampak. Ia juga meminta dinas kesehatan menyiagakan tenaga medis di "
    "setiap posko selama masa tanggap darurat tujuh hari ke depan.",
]


def article(id: str, body: list[str], title: str | None = None, published: str | None = None,
            outlet: str | None = None, entities: list[Entity] | None = None) -> Article:
    return Article(id=id, url=f"https://{outlet or 'contoh.id'}/berita/{id}", outlet=outlet, kind="article",
                   lang="id", title=title, published=published, body=list(body), entities=entities or [])


def wire_copies() -> list[Article]:
    """One wire story republished by four outlets, each with its own header, footer and 'Baca juga' lines."""
    return [
        article("w1", ["Sukamaju (KANTORBERITA) - " + WIRE[0], *WIRE[1:]], "Gempa 6,2 guncang Sukamaju",
                "2031-03-03T09:00:00+07:00", "kantorberita.id"),
        article("w2", ["SUKAMAJUPOS.COM, WETAN - " + WIRE[0], "Baca juga: Harga cabai di Pasar Wetan naik lagi",
                       *WIRE[1:3], "Baca Juga: Jadwal kapal ke Pulau Batu pekan ini", WIRE[3],
                       "Editor: Sinta Larasati"],
                "Gempa Magnitudo 6,2 Guncang Sukamaju, 37 Rumah Rusak", "2031-03-03T10:30:00+07:00", "sukamajupos.com"),
        article("w3", ["Wetan, Harian Timur - " + WIRE[0], *WIRE[1:], "(ktb/hrt)"],
                "Sukamaju Diguncang Gempa, Warga Berhamburan", "2031-03-03T11:05:00+07:00", "hariantimur.co.id"),
        article("w4", ["Jakarta - " + WIRE[0], WIRE[1], "Simak juga: Video warga mengungsi di lapangan", WIRE[2],
                       WIRE[3], "Ikuti berita terkini kami di kanal WhatsApp."],
                "BMKG: Gempa Sukamaju Tak Berpotensi Tsunami", "2031-03-03T12:00:00+07:00", "beritanusa.com"),
    ]


def summit(id: str, year: int, day: str, outlet: str, variant: int) -> Article:
    """A fictional ASEAN-style summit in Kota Lestari; the 2028 and 2029 summits read alike."""
    openings = [
        f"Para pemimpin negara Asia Tenggara berkumpul di Kota Lestari untuk Konferensi Tingkat Tinggi Samudra "
        f"ke-{year - 1990} yang dibuka Presiden Arga Wibisana pada hari pertama pertemuan.",
        f"Konferensi Tingkat Tinggi Samudra ke-{year - 1990} resmi dibuka di Kota Lestari. Presiden Arga Wibisana "
        f"menyambut para kepala negara dan kepala pemerintahan dalam upacara di gedung konvensi.",
        f"Presiden Arga Wibisana membuka KTT Samudra ke-{year - 1990} di Kota Lestari dengan seruan kerja sama "
        f"maritim, perdagangan pangan dan penanganan bencana di kawasan.",
    ]
    rests = [
        ["Dalam pidatonya, presiden menekankan pentingnya kerja sama maritim dan ketahanan pangan di kawasan. "
         "Para pemimpin dijadwalkan menandatangani deklarasi bersama tentang perdagangan pangan pada hari kedua.",
         "Pengamanan di sekitar gedung konvensi diperketat. Polisi menutup sejumlah ruas jalan di pusat Kota "
         "Lestari selama konferensi berlangsung dan mengalihkan arus kendaraan ke jalan lingkar."],
        ["Kerja sama maritim dan ketahanan pangan menjadi pokok pidato pembukaan. Deklarasi bersama soal "
         "perdagangan pangan direncanakan ditandatangani esok hari oleh seluruh kepala negara yang hadir.",
         "Sejumlah jalan di pusat kota ditutup sementara dan kendaraan dialihkan ke jalan lingkar, sementara "
         "ratusan personel polisi berjaga di sekitar gedung konvensi."],
        ["Arga mengajak negara tetangga memperkuat patroli laut bersama dan cadangan pangan kawasan. Menurut "
         "panitia, naskah deklarasi tentang perdagangan pangan sudah disepakati para menteri.",
         "Warga Kota Lestari diminta menghindari kawasan gedung konvensi selama dua hari karena penutupan jalan "
         "dan pemeriksaan keamanan berlapis."],
    ]
    rest = rests[variant % 3]
    titles = [f"KTT Samudra ke-{year - 1990} Dibuka di Kota Lestari",
              f"Presiden Arga Buka KTT Samudra {year}",
              f"Pemimpin Asia Tenggara Berkumpul di Kota Lestari untuk KTT Samudra {year}"]
    ents = [Entity("PER:arga_wibisana", "Arga Wibisana", "PER", 2), Entity("LOC:kota_lestari", "Kota Lestari", "LOC", 2),
            Entity("ORG:ktt_samudra", "KTT Samudra", "ORG", 1)]
    return article(id, [openings[variant % 3], *rest], titles[variant % 3], f"{year}-{day}T08:00:00+07:00",
                   outlet, ents)


def unrelated(id: str, published: str, outlet: str) -> Article:
    return article(id, [
        "Harga beras medium di pasar tradisional Kota Wetan naik menjadi Rp14.500 per kilogram pekan ini. "
        "Pedagang menyebut pasokan dari sentra produksi berkurang karena panen mundur akibat hujan.",
        "Dinas Perdagangan berencana menggelar operasi pasar di lima kecamatan untuk menahan kenaikan harga "
        "hingga panen raya tiba bulan depan.",
    ], "Harga Beras Medium Naik di Pasar Wetan", published, outlet)


def daily_close(id_: str, points: str, pct: str, level: str, outlet: str, rewrite: bool = False,
                 other_day: bool = False):
    """An undated wire-style close of a fictional exchange on a Tuesday: the same sentences every day,
    other figures."""
    figures = f"ISL berakhir melemah {points} poin atau {pct} persen ke posisi {level}."
    if rewrite:            # another outlet's report of the same close, the wire's figure sentence kept
        body = [f"Kota Pranaja - Bursa Efek Kota Pranaja berakhir di zona merah pada Selasa sore. {figures} "
                "Aksi jual investor asing menekan saham perbankan sejak sesi kedua.",
                "Analis Sekuritas Baruna menyebut pasar minim sentimen dari dalam negeri pekan ini."]
    elif other_day:        # another Tuesday: the wire's frame, that day's reasons
        body = [f"Kota Pranaja (KANTORBERITA) - Indeks Harga Saham Pranaja (ISL) di Bursa Efek Kota Pranaja pada "
                f"Selasa sore berakhir melemah dibayangi kekhawatiran wabah di kawasan. {figures} Investor "
                "memilih menahan diri menunggu data inflasi.",
                "Indeks bergerak di zona merah sejak pembukaan dan saham pertambangan turun paling dalam, "
                "kata analis Sekuritas Baruna di Kota Pranaja, Selasa."]
    else:
        body = [f"Kota Pranaja (KANTORBERITA) - Indeks Harga Saham Pranaja (ISL) di Bursa Efek Kota Pranaja pada "
                f"Selasa sore berakhir melemah di tengah minimnya sentimen. {figures} Sementara indeks saham unggulan "
                "bergerak turun mengikuti pelemahan saham perbankan.",
                "Dibuka menguat, indeks lebih banyak bergerak di zona merah pada sesi kedua hingga penutupan "
                "perdagangan, kata analis Sekuritas Baruna di Kota Pranaja, Selasa."]
    return article(id_, body, None, None, outlet)
