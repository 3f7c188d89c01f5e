"""Fictional news pages for the archive, web and browser tests (written for this project).

Every outlet, person, place and event here is invented. The pages mimic scraped layouts:
menus, a byline, a date stamp, a photo credit, "Baca juga" links and a footer around the story.
"""
from __future__ import annotations

import json
from pathlib import Path

from kliping.model import DuplicateGroup, RelatedLink, Story, TimelineEntry

MENU = "Beranda\n\nNasional\n\nDaerah\n\nEkonomi\n\nOlahraga\n\nIndeks"
FOOTER = "Tentang Kami | Redaksi | Pedoman Media Siber | Kontak\n\nCopyright © 2024 {site}. All rights reserved."


def _page(site: str, title: str, byline: str, stamp: str, caption: str, credit: str, city: str,
          body: list[str], baca: list[str] = ()) -> str:
    parts = [site, MENU, "DAERAH", title, byline, stamp, caption, f"Foto: {credit}",
             f"{city.upper()}, {site.upper()} - {body[0]}"]
    parts += body[1:2]
    parts += [f"Baca juga: {b}" for b in baca]
    parts += body[2:]
    parts += ["Bagikan: Facebook Twitter WhatsApp", FOOTER.format(site=site)]
    return "\n\n".join(parts)


PAGES: list[dict] = [
    {"id": "t01", "url": "https://www.kabarsanda.id/read/2024/05/06/101500/nelayan-teluk-sanda-dan-pemkab-berunding-soal-zona-tangkap",
     "text": _page(
         "Kabarsanda.id", "Nelayan Teluk Sanda dan Pemkab Berunding Soal Zona Tangkap",
         "Penulis: Marlina Tuwo | Editor: Fajar Rumengan", "Kabarsanda.id - 06/05/2024, 10:15 WIB",
         "Perwakilan nelayan Teluk Sanda saat tiba di kantor bupati, Senin (6/5/2024).",
         "Kabarsanda/Marlina Tuwo", "Sanda",
         ["Perwakilan Serikat Nelayan Teluk Sanda dan Pemerintah Kabupaten Sanda Raya berunding selama lima jam "
          "di kantor bupati, Senin (6/5/2024), membahas batas zona tangkap bagi kapal di atas sepuluh gros ton.",
          "Ketua Serikat Nelayan Teluk Sanda, Yosef Manopo, mengatakan nelayan kecil kehilangan hasil tangkapan "
          "sejak kapal besar masuk ke perairan dekat pantai pada awal tahun.",
          "\"Kami hanya minta jarak empat mil dari pantai dijaga untuk perahu kecil,\" kata Yosef Manopo seusai "
          "pertemuan.",
          "Bupati Sanda Raya, Herlina Pakasi, menyebut pemerintah akan menyiapkan rancangan peraturan bupati "
          "dalam dua pekan dan mengundang kembali perwakilan nelayan."],
         ["Harga Solar Nelayan di Teluk Sanda Naik, Melaut Dikurangi"])},
    {"id": "t02", "url": "https://www.kabarsanda.id/read/2024/05/20/143000/pemkab-sanda-raya-terbitkan-aturan-zona-tangkap-nelayan-kecil",
     "text": _page(
         "Kabarsanda.id", "Pemkab Sanda Raya Terbitkan Aturan Zona Tangkap untuk Nelayan Kecil",
         "Penulis: Marlina Tuwo | Editor: Fajar Rumengan", "Kabarsanda.id - 20/05/2024, 14:30 WIB",
         "Perahu nelayan bersandar di dermaga Teluk Sanda, Senin (20/5/2024).",
         "Kabarsanda/Dimas Lolong", "Sanda",
         ["Pemerintah Kabupaten Sanda Raya menerbitkan peraturan bupati tentang zona tangkap, Senin (20/5/2024), "
          "dua pekan setelah perundingan dengan Serikat Nelayan Teluk Sanda.",
          "Aturan itu melarang kapal di atas sepuluh gros ton menangkap ikan dalam jarak empat mil dari pantai.",
          "Bupati Sanda Raya, Herlina Pakasi, mengatakan dinas perikanan akan mengawasi perairan bersama "
          "kepolisian air.",
          "Yosef Manopo dari Serikat Nelayan Teluk Sanda menyambut aturan tersebut dan meminta pengawasan "
          "dilakukan setiap pekan."],
         ["Nelayan Teluk Sanda dan Pemkab Berunding Soal Zona Tangkap"])},
    {"id": "t03", "url": "https://www.warta-wonoraya.com/ekonomi/2024/04/02/harga-beras-medium-di-pasar-wonoraya-turun",
     "text": _page(
         "Warta Wonoraya", "Harga Beras Medium di Pasar Wonoraya Turun Rp500 per Kilogram",
         "Reporter: Agus Santoso | Editor: Rina Kusumawati", "Warta Wonoraya - 02/04/2024, 09:10 WIB",
         "Pedagang menata karung beras di Pasar Wonoraya, Selasa (2/4/2024).",
         "Warta Wonoraya/Agus Santoso", "Wonoraya",
         ["Harga beras medium di Pasar Wonoraya turun Rp500 per kilogram menjadi Rp12.500 sejak panen raya "
          "dimulai di sejumlah kecamatan, Selasa (2/4/2024).",
          "Pedagang beras, Sutrisno, mengatakan pasokan dari penggilingan di Kecamatan Ngarep bertambah dua kali "
          "lipat dalam sepekan terakhir.",
          "\"Pembeli mulai ramai lagi karena harga sudah turun,\" kata Sutrisno.",
          "Dinas Perdagangan Kota Wonoraya memperkirakan harga beras masih akan turun hingga akhir bulan."])},
    {"id": "t04", "url": "javascript:alert(3)",
     "text": _page(
         "Kabarsanda.id", "Warga Temukan <script>alert(1)</script> di Papan Pengumuman Desa",
         "Penulis: Marlina Tuwo | Editor: Fajar Rumengan", "Kabarsanda.id - 21/05/2024, 08:00 WIB",
         "Papan pengumuman di balai Desa Lembean, Selasa (21/5/2024).",
         "Kabarsanda/<img src=x onerror=alert(2)>", "Sanda",
         ["Warga Desa Lembean menemukan tulisan <img src=x onerror=alert(2)> pada papan pengumuman balai desa, "
          "Selasa (21/5/2024), yang diduga dipasang oleh orang iseng.",
          "Kepala Desa Lembean, Stefanus Rondonuwu, meminta warga tidak membuka tautan yang tertulis di papan itu.",
          "Tulisan <script>document.body.innerHTML='diretas'</script> itu sudah dibersihkan petugas desa.",
          "Polisi sektor setempat mencatat laporan warga dan memeriksa kamera pengawas di sekitar balai desa."])},
    {"id": "t05", "url": "https://www.nusaherald.com/news/2024/05/21/fishers-welcome-new-zone-rule-in-sanda-bay",
     "text": "The Nusa Herald\n\nHome | News | Business | Opinion\n\nFishers welcome new catch zone rule in Sanda Bay\n\n"
             "By Adrian Halim\n\nMay 21, 2024 09:30 WIB\n\n"
             "SANDA - Small-scale fishers in Sanda Bay welcomed a regency regulation that keeps boats above ten "
             "gross tonnes four miles away from the shore, two weeks after talks with the regency government.\n\n"
             "Yosef Manopo, who leads the Sanda Bay fishers' union, said the rule would protect the catch of "
             "families who fish from small wooden boats.\n\n"
             "Regent Herlina Pakasi said the fisheries office would patrol the bay every week with the water "
             "police.\n\n© 2024 The Nusa Herald"},
    {"id": "t06", "url": "https://www.kabarsanda.id/read/2024/05/22/empty", "text": "   \n\n  "},
]


def write_pages(path: Path, pages: list[dict] = PAGES) -> Path:
    with open(path, "w", encoding="utf-8") as f:
        for p in pages:
            f.write(json.dumps(p, ensure_ascii=False) + "\n")
    return path


def many_pages(n: int) -> list[dict]:
    """n distinct pages: the fixture pages with the copy number in the id, URL and text."""
    out = []
    for i in range(n):
        p = dict(PAGES[i % 3])
        p["id"] = f"{p['id']}-{i}"
        p["url"] = p["url"].replace("/read/", f"/read/{i}/").replace("/ekonomi/", f"/ekonomi/{i}/")
        p["text"] = p["text"].replace("Bagikan:", f"Artikel nomor {i}.\n\nBagikan:")
        out.append(p)
    return out


def story_links() -> tuple[list[DuplicateGroup], list[Story], dict[str, list[RelatedLink]]]:
    """The linking a collection of PAGES has: the zone-rule story (t01, t02, t05), related links
    between its articles. Written to the archive with `write_links` like the linking stage's output."""
    story = Story(id="story:t01", label="Nelayan Teluk Sanda dan Pemkab Berunding Soal Zona Tangkap",
                  first="2024-05-06T03:15:00Z", last="2024-05-21T02:30:00Z",
                  entities=["PER:yosef_manopo", "PER:herlina_pakasi"],
                  timeline=[TimelineEntry("t01", "2024-05-06T10:15+07:00", "kabarsanda.id",
                                          "Nelayan Teluk Sanda dan Pemkab Berunding Soal Zona Tangkap"),
                            TimelineEntry("t02", "2024-05-20T14:30+07:00", "kabarsanda.id",
                                          "Pemkab Sanda Raya Terbitkan Aturan Zona Tangkap untuk Nelayan Kecil"),
                            TimelineEntry("t05", "2024-05-21T09:30+07:00", "nusaherald.com",
                                          "Fishers welcome new catch zone rule in Sanda Bay")])
    related = {"t01": [RelatedLink("t02", 0.61, ["term:zona", "entity:PER:yosef_manopo"])],
               "t02": [RelatedLink("t01", 0.61, ["term:zona"]), RelatedLink("t05", 0.22, ["entity:PER:herlina_pakasi"])]}
    return [], [story], related


# Two reports of one invented event that name a country two ways (the alias table's `Korut` and
# `Korea Utara`), and one that names neither: for alias-aware search.
ALIAS_PAGES: list[dict] = [
    {"id": "k01", "url": "https://www.warta-lembah.id/sport/2024/09/02/timnas-u17-tahan-imbang-korut",
     "text": _page("Warta Lembah", "Timnas U-17 Tahan Imbang Korut di Laga Uji Coba", "Penulis: Dimas Aryaguna",
                   "Senin, 2 September 2024 | 21:05 WIB", "Pemain timnas U-17 merayakan gol di Stadion Lembah Hijau.",
                   "Warta Lembah/Dimas", "Lembah Hijau",
                   ["Tim nasional U-17 bermain imbang 1-1 melawan Korut dalam laga uji coba di Stadion Lembah "
                    "Hijau, Senin (2/9/2024) malam.",
                    "Pelatih timnas U-17, Bara Sentosa, mengatakan timnya masih perlu memperbaiki penyelesaian "
                    "akhir sebelum kualifikasi bulan depan.",
                    "Gol penyeimbang dicetak pada menit ke-78 melalui sundulan kapten tim."])},
    {"id": "k02", "url": "https://www.kabarpesisir.id/olahraga/2024/09/03/pelajaran-dari-laga-melawan-korea-utara",
     "text": _page("Kabar Pesisir", "Pelajaran dari Laga Melawan Korea Utara", "Reporter: Sekar Pramesti",
                   "Selasa, 3 September 2024 | 08:30 WIB", "Suasana latihan timnas U-17 sehari setelah laga.",
                   "Kabar Pesisir/Sekar", "Lembah Hijau",
                   ["Hasil imbang melawan Korea Utara memberi pelajaran penting bagi tim nasional U-17 menjelang "
                    "kualifikasi.",
                    "Bara Sentosa menilai para pemain muda tampil berani meski sempat tertinggal lebih dulu.",
                    "Tim dijadwalkan kembali berlatih di Lembah Hijau pada Kamis (5/9/2024)."])},
    {"id": "k03", "url": "https://www.kabarpesisir.id/daerah/2024/09/03/jembatan-gantung-desa-sukamulya-diperbaiki",
     "text": _page("Kabar Pesisir", "Jembatan Gantung Desa Sukamulya Diperbaiki", "Reporter: Sekar Pramesti",
                   "Selasa, 3 September 2024 | 10:00 WIB", "Warga melintasi jembatan gantung yang diperbaiki.",
                   "Kabar Pesisir/Sekar", "Sukamulya",
                   ["Pemerintah desa memperbaiki jembatan gantung yang menghubungkan dua dusun di Sukamulya.",
                    "Perbaikan ditargetkan selesai dalam dua pekan, kata kepala desa."])},
]
