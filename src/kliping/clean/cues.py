"""Word lists and patterns that mark a line's job on Indonesian (and Malay/English) news pages.

Written here rather than taken from a library: no maintained package carries
these page-furniture cues for Indonesian outlets, and precompiled regexes keep
feature extraction fast (the per-page budget is about one millisecond).
"""
from __future__ import annotations

import re
from functools import lru_cache

import ahocorasick

MONTHS = {
    # Indonesian / Malay
    "januari": 1, "februari": 2, "pebruari": 2, "maret": 3, "mac": 3, "april": 4, "mei": 5,
    "juni": 6, "jun": 6, "juli": 7, "julai": 7, "agustus": 8, "ogos": 8, "september": 9,
    "oktober": 10, "november": 11, "nopember": 11, "desember": 12, "disember": 12,
    # English
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7,
    "august": 8, "october": 10, "december": 12,
    # short forms used by Indonesian and English sites
    "jan": 1, "feb": 2, "peb": 2, "mar": 3, "apr": 4, "jul": 7, "agu": 8, "agt": 8, "ags": 8,
    "aug": 8, "sep": 9, "sept": 9, "okt": 10, "oct": 10, "nov": 11, "nop": 11, "des": 12, "dec": 12,
}
DAYS = ("senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "sabtu", "minggu", "ahad",
        "isnin", "khamis",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "mon", "tue", "wed", "thu", "fri", "sat", "sun")

_month_alt = "|".join(sorted(MONTHS, key=len, reverse=True))
_day_alt = "|".join(sorted((re.escape(d) for d in DAYS), key=len, reverse=True))

MONTH_RE = re.compile(rf"\b(?:{_month_alt})\b\.?", re.I)
DAY_RE = re.compile(rf"\b(?:{_day_alt})\b", re.I)
TIME_RE = re.compile(r"\b(?:[01]?\d|2[0-3])[:.][0-5]\d(?:[:.][0-5]\d)?\b")
ZONE_RE = re.compile(r"\b(?:WIB|WITA|WIT|KST|GMT|UTC|WEST|MYT)\b")
NUMDATE_RE = re.compile(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}\b")
ISODATE_RE = re.compile(r"\b(?:19|20)\d\d-\d\d-\d\d\b")
YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")
RELATIVE_TIME_RE = re.compile(r"\b\d+\s+(?:detik|menit|jam|hari|minggu|bulan|tahun|seconds?|minutes?|hours?|days?|weeks?|months?|years?)\s+(?:yang\s+)?(?:lalu|ago)\b", re.I)

# A dateline opening the body: "JAKARTA, KOMPAS.com -", "TEMPO.CO, Jakarta -",
# "Jakarta (ANTARA) -", "SEMARANG - ", "Liputan6.com, Jakarta -".
DATELINE_RE = re.compile(
    r"^(?:[A-Z][\w.'’]*(?:\s+[A-Z][\w.'’]*){0,3}\s*,\s*)?"
    r"(?:[A-Za-z0-9][\w.]*\.(?:com|co|id|net|tv|co\.id)\b[\w.]*|[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+){0,3})"
    r"(?:\s*,\s*[A-Z][\w]+(?:\s+[A-Z][\w]+){0,2})?"
    r"(?:\s*\((?:ANTARA|Antara|ANTARA News|Reuters|AFP|AP|Xinhua)\))?"
    r"\s*[-–—]\s+\S"
)
# The same, where the em dash was garbled by a wrong charset: its first byte read as Greek
# (cp1253) "β" ("JAKARTA, KOMPAS β Pemerintah ..."). For the body-start rules, not a model feature.
GARBLED_DATELINE_RE = re.compile(DATELINE_RE.pattern.replace(r"\s*[-–—]\s+\S", r"\s*(?:[-–—]|β(?=\s))\s+\S"))
INITIALS_RE = re.compile(r"^\(?\s*[A-Za-z]{1,5}(?:\s*/\s*[A-Za-z]{1,5})*\s*\)?\s*$")
TRAILING_INITIALS_RE = re.compile(r"\(\s*[a-z]{2,5}(?:\s*/\s*[a-z]{2,5})*\s*\)\s*$", re.I)

# Prefix cues: a line that starts with one of these (lower-cased, stripped of
# bullets) gets the cue's tag as a feature.
PREFIX_CUES: tuple[tuple[str, str], ...] = (
    ("baca juga", "readalso"), ("baca :", "readalso"), ("baca:", "readalso"), ("(baca", "readalso"),
    ("[baca", "readalso"), ("lihat juga", "readalso"), ("simak juga", "readalso"), ("read also", "readalso"),
    ("read more", "readalso"), ("artikel terkait", "relhead"), ("berita terkait", "relhead"),
    ("berita lainnya", "relhead"), ("berita rekomendasi", "relhead"), ("rekomendasi", "relhead"),
    ("terkini", "relhead"), ("terpopuler", "relhead"), ("populer", "relhead"), ("pilihan editor", "relhead"),
    ("baca berita", "promo"), ("simak", "promo"), ("dapatkan", "promo"), ("ikuti", "promo"), ("follow", "promo"),
    ("klik", "promo"), ("download", "promo"), ("unduh", "promo"), ("gabung", "promo"), ("langganan", "promo"),
    ("subscribe", "promo"), ("tonton", "promo"),
    ("penulis", "writer"), ("reporter", "writer"), ("pewarta", "writer"), ("wartawan", "writer"),
    ("laporan wartawan", "writer"), ("laporan reporter", "writer"), ("oleh", "writer"), ("by ", "writer"),
    ("kontributor", "writer"), ("author", "writer"), ("writer", "writer"), ("penyunting", "editor"),
    ("editor", "editor"), ("redaktur", "editor"), ("editing", "editor"), ("sumber", "source"),
    ("source", "source"), ("foto", "photo"), ("photo", "photo"), ("ilustrasi", "photo"), ("image", "photo"),
    ("advertisement", "ad"), ("advertising", "ad"), ("iklan", "ad"), ("[iklan", "ad"), ("scroll", "ad"),
    ("sponsored", "ad"), ("copyright", "legal"), ("©", "legal"), ("hak cipta", "legal"), ("all rights", "legal"),
    ("share", "share"), ("bagikan", "share"), ("komentar", "share"), ("tags", "tags"), ("tag:", "tags"),
    ("topik", "tags"), ("write:", "dated"), ("update:", "dated"), ("updated", "dated"), ("diperbarui", "dated"),
    ("dipublikasikan", "dated"), ("diterbitkan", "dated"), ("published", "dated"), ("posted", "dated"),
    ("home", "nav"), ("beranda", "nav"), ("menu", "nav"), ("pergi ke", "nav"), ("skip to", "nav"), ("login", "nav"),
    ("masuk", "nav"), ("daftar", "nav"), ("close", "nav"), ("tutup", "nav"), ("go top", "nav"), ("loading", "nav"),
    ("situs kami menggunakan", "legal"), ("kami menggunakan cookie", "legal"), ("cookie", "legal"),
)
CONTAINS_CUES: tuple[tuple[str, str], ...] = (
    ("whatsapp", "promo"), ("google news", "promo"), ("telegram", "promo"), ("instagram", "social"),
    ("facebook", "social"), ("twitter", "social"), ("youtube", "social"), ("tiktok", "social"),
    ("cookie", "legal"), ("hak cipta", "legal"), ("copyright", "legal"), ("all rights reserved", "legal"),
    ("baca juga", "readalso"), ("editor:", "editor"), ("editor :", "editor"), ("penulis:", "writer"),
    ("penulis :", "writer"), ("reporter:", "writer"), ("| editor", "editor"), ("foto:", "photo"),
    ("foto :", "photo"), ("(foto", "photo"), ("dok.", "photo"), ("wib", "zone"), ("wita", "zone"),
    ("kompas.com", "outletname"), ("tribunnews", "outletname"), ("detik", "outletname"), ("antara", "agency"),
    ("reuters", "agency"), ("afp", "agency"), ("(ap)", "agency"), ("xinhua", "agency"), ("yonhap", "agency"),
    ("scroll to continue", "ad"), ("advertisement", "ad"), ("gulir", "ad"), ("iklan", "ad"),
    ("komentar", "comment"), ("komen", "comment"), ("comment", "comment"), ("reply", "comment"),
    ("balas", "comment"), ("email address", "comment"), ("loading", "nav"), ("blogger", "nav"),
    ("browser", "nav"), ("daftar isi", "nav"), ("most popular", "relhead"), ("next article", "relhead"),
    ("bacaan lainnya", "relhead"), ("berita lainnya", "relhead"), ("view this post", "social"),
    ("lihat postingan", "social"), ("post shared by", "social"), ("smartphone", "promo"), ("channel", "promo"),
    ("follow", "promo"), ("ikuti", "promo"), ("klik", "promo"), ("dewan pers", "legal"),
    ("terverifikasi", "legal"), ("diterbitkan semula", "legal"), ("memperkenankan", "legal"),
    ("#", "hashtag"), ("berita terkini", "promo"), ("berita terbaru", "promo"), ("selengkapnya", "promo"),
)

# High-frequency Indonesian/Malay function words: their share tells running prose from labels.
FUNCTION_WORDS = frozenset(
    "yang dan di ke dari itu ini dengan untuk pada dalam tidak akan juga ada adalah karena oleh sebagai "
    "atau telah sudah bisa saat para kata ia mereka kami kita saya dia bahwa jika namun tetapi lebih "
    "secara masih hanya setelah hingga agar serta seperti menjadi tersebut sejak antara tak lagi pun "
    "bagi kepada terhadap sedang akan harus dapat belum bukan sangat banyak semua setiap".split()
)
ENGLISH_WORDS = frozenset("the of and to in is for on that with was are as by at from it this be has have".split())

AGENCIES = {
    "reuters": "Reuters", "afp": "AFP", "ap": "AP", "associated press": "AP", "antara": "Antara",
    "yonhap": "Yonhap", "xinhua": "Xinhua", "bernama": "Bernama", "kyodo": "Kyodo", "anadolu": "Anadolu",
    "dpa": "DPA", "efe": "EFE", "bloomberg": "Bloomberg", "sputnik": "Sputnik", "tass": "TASS",
    "nhk": "NHK", "cnn": "CNN", "bbc": "BBC", "al jazeera": "Al Jazeera", "aljazeera": "Al Jazeera",
}

LISTING_URL_RE = re.compile(
    r"/(?:tag|tags|topik|topic|search|cari|pencarian|kategori|category|categories|indeks|index|arsip|archive|"
    r"label|author|penulis|page|halaman|feed|rss|kanal|channel)(?:/|$|\?|=)|[?&](?:q|s|page|tag)=|/page/\d+",
    re.I,
)

# Section names outlets print above a headline (the `category` role).
SECTION_WORDS = frozenset(
    "internasional nasional ekonomi bisnis olahraga politik hukum regional dunia teknologi tekno otomotif "
    "hiburan seleb selebriti lifestyle kesehatan pendidikan megapolitan metro daerah sport sports sepakbola "
    "bola news berita travel kuliner sains opini humaniora religi haji keuangan market properti global "
    "internasional nusantara jabodetabek peristiwa kriminal edukasi showbiz entertainment musik film "
    "gaya hidup otomotif finansial investasi energi infrastruktur hankam pemilu pilkada parlemen "
    "world asia business politics technology health education".split()
)

# Words of navigation bars and site chrome (with SECTION_WORDS they make a menu line).
NAV_WORDS = frozenset(
    "beranda home indeks index subscribe login masuk daftar cari search kontak contact tentang about "
    "redaksi menu video foto galeri infografis terpopuler terkini trending live tv podcast premium "
    "langganan newsletter lainnya more".split()
)

# Lines that LABELS.md names as boilerplate whatever surrounds them: headings of
# related-story lists and ad markers. Compared lower-cased, without punctuation.
_HEADING_PUNCT = re.compile(r"[^\w\s']+")
BOILERPLATE_HEADINGS = frozenset({
    "berita terkait", "artikel terkait", "berita lainnya", "berita rekomendasi", "rekomendasi",
    "terkini", "terpopuler", "populer", "pilihan editor", "editor's pick", "editors pick", "related articles",
    "related news", "most popular", "most read", "advertisement", "advertising", "iklan",
    "scroll to continue with content", "gulir untuk melanjutkan isi", "lanjutkan membaca", "bacaan lainnya",
    "pos terkait", "berita populer", "topik terkait", "tag terkait", "video pilihan", "foto pilihan",
    # the same headings on pages in other languages (HTML input is often mixed)
    "you may also like", "you may like", "you may like these posts", "you might also like", "related posts",
    "related stories", "related topics", "related content", "more stories", "more from", "recommended",
    "recommended for you", "read next", "up next", "trending now", "more news", "popular posts",
    "você pode gostar", "leia também", "veja também", "lea también", "te puede interesar", "vous aimerez aussi",
    "à lire aussi", "a lire aussi", "lesen sie auch", "das könnte sie auch interessieren", "anda mungkin suka",
    "mungkin anda suka", "artikel lainnya", "berita pilihan",
})
# Headings after which a list of other articles follows (BOILERPLATE_HEADINGS minus page chrome).
RELATED_HEADINGS = BOILERPLATE_HEADINGS - {"advertisement", "advertising", "iklan", "scroll to continue with content",
                                           "gulir untuk melanjutkan isi", "lanjutkan membaca"}


@lru_cache(maxsize=1 << 16)  # short lines (menus, headings) repeat on every page of a site
def heading_key(text: str) -> str:
    """A short line as a heading key: lower-cased, punctuation dropped, spaces collapsed."""
    return " ".join(_HEADING_PUNCT.sub(" ", text.lower()).split())

# Page furniture LABELS.md names as boilerplate, recognisable from its wording alone:
# app / channel promos, comment forms, embed prompts, copyright lines. On the 363
# labelled dev pages every line this matches is labelled boilerplate.
# Each part is (words one of which every match of the part contains, lower-cased; the pattern).
_FURNITURE_PARTS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("google", "whatsapp", "telegram", "channel", "saluran", "aplikasi", "app", "smartphone", "ponsel",
      "newsletter"),
     r"""\b(?:ikuti|follow|gabung|join|simak|dapatkan|download|unduh|klik|kunjungi|subscribe|langganan|berlangganan)\b
   .{0,90}\b(?:google\s*news|whatsapp|telegram|channel|saluran|aplikasi|app|apps|smartphone|ponsel|newsletter)\b"""),
    (("google", "whatsapp", "saluran"),
     r"\b(?:google\s*news|whatsapp\s*channel|saluran\s*whatsapp)\b.{0,60}\b(?:ikuti|follow|gabung|klik|simak)\b"),
    (("memperkenankan", "terverifikasi", "please", "your"),
     r"memperkenankan\s+konten|terverifikasi\s+administratif|please\s+enter\s+your|your\s+email\s+address\s+will\s+not"),
    (("instagram",), r"^(?:lihat\s+postingan\s+ini\s+di\s+instagram|view\s+this\s+post\s+on\s+instagram)"),
    (("daftar", "leave", "komentar", "blogger"),
     r"^daftar\s+isi\b|^leave\s+a\s+(?:reply|comment)|^tidak\s+ada\s+komentar|^diberdayakan\s+oleh\s+blogger"),
    (("copyright", "cipta", "©", "reserved"), r"^(?:copyright|hak\s+cipta)\b|©\s*\d{4}|all\s+rights?\s+reserved"),
    (("halaman",), r"^halaman\s*(?::|\d+\s*(?:dari|of)\s*\d+|(?:\d+\s*)+)?\s*$"),
    (("whatsapp", "telegram", "google"), r"^berita\b.{0,40}\bdi\s+(?:whatsapp|telegram|google\s*news)\s+anda\b"),
    (("dapatkan", "ikuti"), r"^(?:dapatkan|ikuti)\s+(?:update|berita|artikel|kami)\b"),
    (("share", "bagikan"),
     r"^(?:share\s+this(?:\s+(?:image|article|post|page|story))?|bagikan(?:\s+(?:artikel|berita)(?:\s+ini)?)?)\s*:?\s*$"),
    (("bacaan", "baca", "read"), r"\bbacaan\s+\d+\s+menit\b|\bwaktu\s+baca\s+\d+\s*menit|\b\d+\s+min(?:ute)?s?\s+read\b"),
    # cookie consent notices
    (("cookie", "kuki"),
     r"\b(?:uses?|using|menggunakan|memakai)\s+(?:of\s+)?(?:cookies?|kuki)\b|\b(?:cookies?|kuki)\s+(?:policy|settings|"
     r"preferences|consent|notice)\b|\bkebijakan\s+(?:cookies?|kuki)\b|\baccept\s+(?:all\s+)?cookies\b"),
)
FURNITURE_RE = re.compile("(?ix)" + "|".join(f"(?:{pattern})" for _, pattern in _FURNITURE_PARTS))
_FURNITURE_PART_RES = tuple(re.compile("(?ix)" + pattern) for _, pattern in _FURNITURE_PARTS)

# Literal words at least one of which every FURNITURE_RE match contains: a cheap
# Aho-Corasick pass skips the regex on the ~95% of lines that have none.
_FURNITURE_GATE = ("google", "whatsapp", "telegram", "channel", "saluran", "aplikasi", "app", "smartphone", "ponsel",
                   "newsletter", "memperkenankan", "terverifikasi", "please enter", "email address", "postingan",
                   "view this post", "daftar isi", "leave a", "komentar", "blogger", "copyright", "hak cipta", "©",
                   "reserved", "halaman", "dapatkan", "ikuti", "bacaan", "waktu baca", " read", "share", "bagikan", "cookie",
                   "kuki")
# One automaton for the gate and for each part's words: a hit yields (is a gate word, parts it unlocks).
_FURNITURE_ANCHORS = ahocorasick.Automaton()
_anchor_parts: dict[str, set[int]] = {w: set() for w in _FURNITURE_GATE}
for _i, (_words, _) in enumerate(_FURNITURE_PARTS):
    for _w in _words:
        _anchor_parts.setdefault(_w, set()).add(_i)
for _w, _parts in _anchor_parts.items():
    _FURNITURE_ANCHORS.add_word(_w, (_w in _FURNITURE_GATE, frozenset(_parts)))
_FURNITURE_ANCHORS.make_automaton()


def is_furniture(text: str, low: str) -> bool:
    """FURNITURE_RE.search(text) behind the gate words, running only the parts whose words the
    line holds (one part's regex instead of the whole alternation: ~30 us a gated line less)."""
    gated = False
    parts: set[int] = set()
    for _, (gate, unlocks) in _FURNITURE_ANCHORS.iter(low):
        gated = gated or gate
        parts |= unlocks
    return gated and any(_FURNITURE_PART_RES[i].search(text) for i in sorted(parts))


_ANY_WORD = re.compile(r"[^\W_]")
_TAG_LINE = re.compile(r"^\s*#?\s*(?:tags?|topik|tagar|label)\s*:\s*(?:\S+\s*){1,15}$", re.I)


def named_boilerplate(text: str) -> bool:
    """A line LABELS.md names as boilerplate by its wording alone: a related-list heading,
    a tag line ("Tag: banjir kendari", "# TAGAR : ..."), FURNITURE_RE furniture, or a line
    with no letter or digit at all (separators, stray quotes, bullets): no text of the article."""
    if not _ANY_WORD.search(text):
        return True
    if len(text) < 60:
        if heading_key(text) in BOILERPLATE_HEADINGS:
            return True
    if ":" in text[:30] and _TAG_LINE.match(text):
        return True
    if len(text) < 400:
        low = text.lower()
        if is_furniture(text, low):
            return True
    return False


# A dateline alone on its line ("Jakarta -", "Jakarta CNN Indonesia —") opens the body
# (dev labelling convention).
_STANDALONE_DATELINE = re.compile(r"^\s*[A-Z][A-Za-z.]*(?:\s+[A-Z][A-Za-z.]*){0,2}\s*[-–—]\s*$")


def named_body(text: str) -> bool:
    return len(text) < 40 and bool(_STANDALONE_DATELINE.match(text))


# A reporter's sign-off closing the article: "(Rizka Diputra)", "(Awaludin)" (okezone and
# others). Capitalised words with lower-case letters, so desk initials "(HUS)" and "(dhn/dhn)"
# and agency credits "(Antara)" are not taken for it.
_SIGN_OFF = re.compile(r"^\s*\(\s*([A-Z][a-z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s*\)\.?\s*$")


def named_sign_off(text: str) -> bool:
    m = _SIGN_OFF.match(text) if len(text) < 50 else None
    return bool(m) and m.group(1).lower() not in AGENCIES


# A photo credit alone on its line: the outlet or agency, a slash, the photographer
# ("TRIBUNNEWS/HERUDIN", "KOMPAS/DIONISIUS REYNALDO", "Antara Foto/Rivan Awal Lingga").
_CREDIT_LINE = re.compile(
    r"^\s*(?:[A-Z][A-Za-z0-9.\-]*(?:\s+(?:FOTO|Foto|foto|PHOTO|Photo))?)\s*/\s*"
    r"[A-Z][A-Za-z.'’\-]*(?:\s+[A-Z][A-Za-z.'’\-]*){0,4}\s*$")


def named_credit(text: str) -> bool:
    return len(text) <= 70 and "/" in text and bool(_CREDIT_LINE.match(text))


# A section label printed with its label word ("Kategori : Nasional", "Category: News").
_CATEGORY_LABEL = re.compile(r"^\s*(?:kategori|category|categories|rubrik|kanal)\s*:", re.I)
# The attribution line feeds and syndicated copies end with (WordPress's default wording).
_FEED_SOURCE = re.compile(r"^\s*the post\s.+\sappeared first on\s", re.I)


def named_category(text: str) -> bool:
    return len(text) <= 60 and bool(_CATEGORY_LABEL.match(text))


def named_source(text: str) -> bool:
    return len(text) <= 400 and bool(_FEED_SOURCE.match(text))


# The "Baca juga" label alone on its line, the story link on the next (LABELS.md: related).
_RELATED_LABEL = re.compile(r"^\s*(?:baca\s+juga|baca\s+pula|simak\s+juga|lihat\s+juga)\s*:?\s*$", re.I)


def named_related_label(text: str) -> bool:
    return len(text) <= 30 and bool(_RELATED_LABEL.match(text))
