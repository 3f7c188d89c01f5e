"""The reader's interface text: Indonesian by default, English available (`?lang=en`)."""
from __future__ import annotations

LANGS = ("id", "en")

TEXT: dict[str, dict[str, str]] = {
    "id": {
        "site": "Arsip kliping", "search": "Cari", "search_placeholder": "Cari berita… (contoh: \"harga beras\" OR banjir -kendari)",
        "results": "hasil", "no_results": "Tidak ada berita yang cocok.", "did_you_mean": "Mungkin maksud Anda:", "network": "Jaringan", "networks": "Jaringan media",
        "unknown_group": "Arsip tidak memuat media dalam jaringan atau kumpulan", "remove": "hapus", "or": "atau", "undated_left_out": "berita tanpa tanggal tidak termasuk rentang ini",
        "include_undated": "sertakan", "undated_included": "Termasuk berita tanpa tanggal", "exclude_undated": "tanpa mereka", "attention": "Perhatian dari waktu ke waktu", "measure": "Ukuran",
        "share": "Porsi dari semua berita", "show": "Tampilkan", "table": "Tabel", "period": "Periode",
        "all_articles": "semua berita", "undated_articles": "tanpa tanggal", "per_day": "Per hari",
        "per_week": "Per pekan (mulai Senin)", "per_month": "Per bulan", "attention_link": "Perhatian dari waktu ke waktu", "who_said": "Siapa berkata apa", "quote_words": "Kata dalam kutipan",
        "speaker": "Pembicara", "speakers": "Pembicara", "no_quotes": "Tidak ada kutipan yang cocok.",
        "unknown_speaker": "pembicara tidak diketahui", "said_by": "Yang dikatakan", "said_about": "Yang dikatakan tentangnya", "download": "Unduh semua hasil:", "also_searched": "Juga mencari:", "for": "untuk",
        "aliases_off": "cari kata ini saja", "aliases_on": "cari juga nama lain tokoh dan tempat", "outlets": "Media", "months": "Bulan",
        "entities": "Entitas", "languages": "Bahasa", "kinds": "Jenis halaman", "sort": "Urutkan",
        "sort_relevance": "Paling relevan", "sort_recent": "Relevan dan terbaru", "sort_newest": "Terbaru",
        "sort_oldest": "Terlama", "date_from": "Dari tanggal", "date_to": "Sampai tanggal", "filter": "Saring",
        "clear": "Hapus saringan", "published": "Terbit", "updated": "Diperbarui", "authors": "Penulis",
        "editors": "Editor", "category": "Rubrik", "dateline": "Tempat", "agencies": "Kantor berita",
        "credits": "Kredit foto", "captions": "Keterangan foto", "outlet": "Media", "language": "Bahasa",
        "kind": "Jenis", "original": "Buka halaman asli", "baca_juga": "Baca juga", "not_in_archive": "tidak ada di arsip",
        "related": "Berita Terkait", "no_related": "Belum ada berita terkait.", "duplicates": "Salinan berita yang sama",
        "canonical": "versi utama", "story": "Rangkaian berita", "stories": "Rangkaian berita",
        "timeline": "Linimasa", "raw": "Lihat halaman mentah dengan peran setiap baris", "clean": "Lihat teks bersih",
        "line": "Baris", "role": "Peran", "text": "Teks", "quotes": "Kutipan", "times": "Keterangan waktu",
        "mentions_over_time": "Penyebutan per bulan", "co_mentioned": "Sering disebut bersama",
        "articles": "berita", "undated": "tanpa tanggal", "estimated": "perkiraan",
        "estimate_from": "Halaman tidak mencantumkan tanggal terbit; diperkirakan dari", "first": "Pertama", "last": "Terakhir",
        "not_found": "Tidak ditemukan", "error": "Pencarian tidak bisa dijalankan", "home": "Beranda",
        "all_outlets": "Semua media", "prev": "Sebelumnya", "next": "Berikutnya", "type": "Tipe",
        "archive_has": "Arsip berisi", "speaker": "Pembicara", "page": "Halaman", "api": "API JSON",
        "entity": "Entitas", "score": "skor", "no_entities": "Tidak ada entitas.",
        "first_report": "Pertama diberitakan", "also_in": "juga dimuat di", "per_day": "Berita per hari",
        "per_month": "Berita per bulan", "key_entities": "Tokoh, lembaga dan tempat", "sort_size": "Terbanyak",
        "sort_latest": "Terbaru", "stories_none": "Tidak ada rangkaian berita yang cocok.",
        "unknown_outlet": "Arsip tidak memuat media bernama", "unknown_entity": "Arsip tidak mengenal entitas",
        "unknown_story": "Arsip tidak memuat rangkaian berita", "follow": "Ikuti pencarian ini (Atom)",
        "skip": "Langsung ke isi", "api_about": "Semua rute GET, jawaban JSON; skemanya:", "param": "Parameter", "slug_title": "Halaman tanpa judul: judul dibaca dari alamat URL",
    },
    "en": {
        "site": "kliping archive", "search": "Search", "search_placeholder": "Search news… (e.g. \"harga beras\" OR banjir -kendari)",
        "results": "results", "no_results": "No matching articles.", "did_you_mean": "Did you mean:", "network": "Network", "networks": "Media networks",
        "unknown_group": "The archive holds no outlet of the network or collection", "remove": "remove", "or": "or", "undated_left_out": "articles with no date are not in this range",
        "include_undated": "include them", "undated_included": "Articles with no date included", "exclude_undated": "leave them out", "attention": "Attention over time", "measure": "Measure",
        "share": "Share of all articles", "show": "Show", "table": "Table", "period": "Period",
        "all_articles": "all articles", "undated_articles": "undated", "per_day": "Per day",
        "per_week": "Per week (from Monday)", "per_month": "Per month", "attention_link": "Attention over time", "who_said": "Who said what", "quote_words": "Words of the quote",
        "speaker": "Speaker", "speakers": "Speakers", "no_quotes": "No matching quotes.",
        "unknown_speaker": "speaker unknown", "said_by": "What they said", "said_about": "What was said about them", "download": "Download every hit:", "also_searched": "Also searched:", "for": "for",
        "aliases_off": "search these words only", "aliases_on": "also search other names of people and places", "outlets": "Outlets", "months": "Months",
        "entities": "Entities", "languages": "Languages", "kinds": "Page kinds", "sort": "Sort",
        "sort_relevance": "Most relevant", "sort_recent": "Relevant and recent", "sort_newest": "Newest",
        "sort_oldest": "Oldest", "date_from": "From", "date_to": "To", "filter": "Filter",
        "clear": "Clear filters", "published": "Published", "updated": "Updated", "authors": "Authors",
        "editors": "Editors", "category": "Section", "dateline": "Dateline", "agencies": "Agencies",
        "credits": "Photo credits", "captions": "Captions", "outlet": "Outlet", "language": "Language",
        "kind": "Kind", "original": "Open the original page", "baca_juga": "Read also", "not_in_archive": "not in the archive",
        "related": "Related articles", "no_related": "No related articles yet.", "duplicates": "Copies of the same story",
        "canonical": "main version", "story": "Story", "stories": "Stories",
        "timeline": "Timeline", "raw": "See the raw page with each line's role", "clean": "See the clean text",
        "line": "Line", "role": "Role", "text": "Text", "quotes": "Quotes", "times": "Time expressions",
        "mentions_over_time": "Mentions per month", "co_mentioned": "Often mentioned with",
        "articles": "articles", "undated": "undated", "estimated": "estimated",
        "estimate_from": "The page prints no publication date; estimated from", "first": "First", "last": "Last",
        "not_found": "Not found", "error": "The search cannot be run", "home": "Home",
        "all_outlets": "All outlets", "prev": "Previous", "next": "Next", "type": "Type",
        "archive_has": "The archive holds", "speaker": "Speaker", "page": "Page", "api": "JSON API",
        "entity": "Entity", "score": "score", "no_entities": "No entities.",
        "first_report": "First reported", "also_in": "also carried by", "per_day": "Articles per day",
        "per_month": "Articles per month", "key_entities": "People, organisations and places", "sort_size": "Largest",
        "sort_latest": "Most recent", "stories_none": "No matching stories.",
        "unknown_outlet": "The archive holds no outlet named", "unknown_entity": "The archive knows no entity",
        "unknown_story": "The archive holds no story", "follow": "Follow this search (Atom)",
        "skip": "Skip to content", "api_about": "Every route is GET and answers JSON; its schema:", "param": "Parameter", "slug_title": "The page printed no title: read from its URL",
    },
}


_DAYS = {"id": ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
         "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")}
_MONTHS = {"id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
                  "Oktober", "November", "Desember"),
           "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                  "October", "November", "December")}
# Indonesia's three time zones by their UTC offset; any other offset is printed as it is
_ZONES = {"+07:00": "WIB", "+08:00": "WITA", "+09:00": "WIT", "+00:00": "UTC", "Z": "UTC"}


def human_date(value: str | None, lang: str = "id") -> str:
    """An ISO date or time as a reader writes it: `2021-04-10T17:44+07:00` -> `Sabtu, 10 April 2021
    17.44 WIB` (English: `Saturday, 10 April 2021 17:44 WIB`), the time in the zone the page gave;
    a value that is not an ISO date is returned as it is."""
    from datetime import date

    if not value or len(value) < 10:
        return value or ""
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return value
    lang = lang if lang in _DAYS else "id"
    out = f"{_DAYS[lang][day.weekday()]}, {day.day} {_MONTHS[lang][day.month - 1]} {day.year}"
    rest = value[10:]
    if rest[:1] in ("T", " ") and len(rest) >= 6 and rest[1:3].isdigit() and rest[4:6].isdigit():
        hh, mm = rest[1:3], rest[4:6]
        zone = rest[6:]
        if zone[:1] == ":" and zone[1:3].isdigit():      # seconds and fractions: not shown
            zone = zone[3:]
            while zone[:1] in "0123456789." and zone:
                zone = zone[1:]
        name = _ZONES.get(zone, zone)
        out += f" {hh}{'.' if lang == 'id' else ':'}{mm}" + (f" {name}" if name else "")
    return out


def translator(lang: str):
    table = TEXT.get(lang, TEXT["id"])
    return lambda key: table.get(key, TEXT["id"].get(key, key))
