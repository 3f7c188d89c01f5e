"""A fictional news outlet served on 127.0.0.1 for the crawl tests: "Kabar Lembah", with an RSS
feed, a sitemap index over a news sitemap, robots.txt with a disallowed folder, a section page,
redirects, a 404, a 500 that succeeds when tried again, a slow page, a PDF, and one article
linked under tracking parameters. Every request is logged (time, path, headers). All text is
written for these tests."""
from __future__ import annotations

import hashlib
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

PLACES = ["Lembah Hijau", "Sungai Rawa", "Bukit Kapur", "Tanjung Sari", "Karang Anyar", "Pulau Besi",
          "Gunung Jati", "Danau Biru", "Muara Baru", "Padang Luas"]
REPORTERS = ["Ratih Kusumawardani", "Yohanes Pattinama", "Siti Nuraini", "Bagus Wicaksono", "Lestari Handayani"]


def _story(n: int, place: str) -> tuple[str, list[str]]:
    """One of four fictional stories, told with the page's own numbers and place."""
    kind = n % 4
    if kind == 0:
        return (f"Warga {place} Bergotong Royong Membangun Jembatan Bambu Baru ke-{n}", [
            f"KABAR LEMBAH, {place} - Ratusan warga {place} bergotong royong membangun jembatan bambu sepanjang "
            f"{40 + n} meter yang menghubungkan dua dusun, Senin (2/11/2026).",
            f"Kepala Desa {place}, Darmawan Sitorus, mengatakan jembatan lama rusak diterjang arus sungai pekan lalu "
            "sehingga anak-anak harus memutar sejauh tujuh kilometer untuk sampai ke sekolah.",
            "\"Kami tidak mau menunggu anggaran turun. Warga sepakat menyumbang bambu, tali ijuk dan tenaga,\" "
            "kata Darmawan kepada wartawan di lokasi pembangunan.",
            f"Menurut dia, pekerjaan ditargetkan selesai dalam {3 + n % 4} hari apabila cuaca mendukung."])
    if kind == 1:
        return (f"Banjir Setinggi {30 + n} Sentimeter Rendam Permukiman di {place}", [
            f"KABAR LEMBAH, {place} - Hujan deras sejak Sabtu malam membuat Sungai Cibening meluap dan merendam "
            f"{120 + 7 * n} rumah warga di {place}, Minggu (1/11/2026).",
            "Badan Penanggulangan Bencana Daerah mendirikan dapur umum di balai desa dan mengerahkan dua perahu karet "
            "untuk mengevakuasi warga lanjut usia.",
            "\"Air naik cepat sekali setelah tengah malam, kami hanya sempat menyelamatkan surat-surat penting,\" "
            "ujar Marlina Simbolon, warga setempat.",
            "Petugas memperkirakan air baru surut dalam dua hari jika hujan tidak kembali turun di hulu."])
    if kind == 2:
        return (f"Pasar Tradisional {place} Terbakar, {n + 2} Kios Hangus", [
            f"KABAR LEMBAH, {place} - Kebakaran melanda Pasar Tradisional {place} pada Selasa dini hari "
            f"(3/11/2026) dan menghanguskan {n + 2} kios pedagang pakaian dan kelontong.",
            "Empat unit mobil pemadam kebakaran dikerahkan dan api baru dapat dipadamkan sekitar pukul 04.30 WIB.",
            "\"Dugaan sementara api berasal dari korsleting listrik di salah satu kios,\" kata Kepala Kepolisian "
            "Sektor setempat, Ajun Komisaris Hendra Gunawan.",
            "Pemerintah kabupaten berjanji membangun tempat berjualan sementara bagi pedagang yang kiosnya terbakar."])
    return (f"Petani {place} Panen Raya Jagung, Harga Turun Jadi Rp{3000 + 50 * n} per Kilogram", [
        f"KABAR LEMBAH, {place} - Petani di {place} memulai panen raya jagung di lahan seluas {200 + 11 * n} "
        "hektare, Rabu (4/11/2026).",
        f"Harga jagung pipil kering di tingkat petani turun menjadi Rp{3000 + 50 * n} per kilogram karena "
        "pasokan melimpah dari beberapa kecamatan sekaligus.",
        "\"Hasil panen bagus, tetapi kami berharap pemerintah membantu menyerap jagung lewat koperasi,\" "
        "kata Ketua Kelompok Tani Subur Makmur, Wayan Sudarsa.",
        "Dinas Pertanian menyatakan sedang menyiapkan pengering jagung agar petani tidak terpaksa menjual murah."])


def article_html(slug: str, n: int) -> str:
    place = PLACES[n % len(PLACES)]
    who = REPORTERS[n % len(REPORTERS)]
    title, body = _story(n, place)
    paras = "\n".join(f"<p>{p}</p>" for p in body)
    day = 2 + n % 20
    return f"""<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">
<title>{title} - Kabar Lembah</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="Kabar Lembah">
<meta property="article:published_time" content="2026-11-{day:02d}T09:{n % 60:02d}:00+07:00">
<meta name="author" content="{who}">
</head><body>
<nav><a href="/">Beranda</a> <a href="/nasional/">Nasional</a> <a href="/daerah/">Daerah</a> <a href="/olahraga/">Olahraga</a></nav>
<div class="cookie">Situs ini memakai kuki untuk pengalaman membaca yang lebih baik. <a href="/privasi">Setuju</a></div>
<article><h1>{title}</h1>
<div class="byline">Penulis: {who}</div>
<time datetime="2026-11-{day:02d}T09:{n % 60:02d}:00+07:00">{day} November 2026 09:{n % 60:02d} WIB</time>
{paras}
<p>Baca juga: <a href="/2026/10/01/panen-raya-jagung">Panen Raya Jagung di Lembah Hijau</a></p>
</article>
<footer>Kabar Lembah &copy; 2026. Redaksi | Pedoman Media Siber | Kontak</footer>
</body></html>"""


class Site:
    """The outlet's pages (path -> spec) and the request log; `start()` serves them."""

    def __init__(self, slow_seconds: float = 1.2, page_delay: float = 0.0) -> None:
        self.log: list[tuple[float, str, dict]] = []
        self.lock = threading.Lock()
        self.articles: list[str] = []
        self.sitemap_articles: list[str] = []
        self.failed_once: set[str] = set()
        self.slow_seconds = slow_seconds
        self.page_delay = page_delay          # every article page waits this long (kill tests)
        n = 0
        for i in range(1, 5):
            self.articles.append(f"/2026/11/0{i}/jembatan-bambu-{i}")
        for i in range(5, 9):
            self.sitemap_articles.append(f"/2026/11/0{i}/jembatan-bambu-{i}")
        self.extra_feed: list[str] = []
        self.server: ThreadingHTTPServer | None = None
        del n

    # ---------------------------------------------------------------- content

    def base(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def feed(self) -> str:
        b = self.base()
        items = [f"{b}{p}" for p in self.articles] + [f"{b}{p}" for p in self.extra_feed]
        if len(items) > 1:
            items[1] += "?utm_source=rss&utm_medium=feed"           # tracking parameters
        items += [f"{b}/rahasia/2026/11/02/dokumen-internal",       # robots.txt disallows it
                  f"{b}/2026/11/01/alamat-lama-jembatan",           # redirects to an article
                  f"{b}/2026/11/01/berita-hilang"]                  # 404
        entries = "\n".join(f"<item><title>Berita {i}</title><link>{u}</link></item>" for i, u in enumerate(items))
        return f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Kabar Lembah</title>
<link>{b}/</link>{entries}</channel></rss>"""

    def news_sitemap(self) -> str:
        b = self.base()
        urls = [f"{b}{p}" for p in self.sitemap_articles] + [
            f"{b}/2026/11/09/gangguan-server",       # 500 once, then the page
            f"{b}/2026/11/10/halaman-lambat",        # answers after slow_seconds
            f"{b}/berkas/laporan-tahunan.pdf",       # not HTML
            f"{b}/2026/11/01/jembatan-bambu-1?fbclid=XYZ&utm_campaign=a"]   # the feed's first article again
        rows = "\n".join(
            f"<url><loc>{u}</loc><news:news><news:publication><news:name>Kabar Lembah</news:name>"
            f"<news:language>id</news:language></news:publication>"
            f"<news:publication_date>{time.strftime('%Y-%m-%d')}T08:00:00+07:00</news:publication_date>"
            f"<news:title>Berita</news:title></news:news></url>" for u in urls)
        return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{rows}</urlset>')

    def sitemap_index(self) -> str:
        b = self.base()
        return ('<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f'<sitemap><loc>{b}/sitemap-news.xml</loc><lastmod>{time.strftime("%Y-%m-%d")}</lastmod></sitemap>'
                '</sitemapindex>')

    def section(self) -> str:
        links = "".join(f'<li><a href="{p}">Judul {p}</a></li>' for p in self.articles[:2])
        links += '<li><a href="/2026/11/01/jembatan-bambu-1?utm_medium=section&fbclid=abc">lagi</a></li>'
        links += '<li><a href="/2026/11/11/sekolah-darurat">Sekolah Darurat</a></li>'
        links += '<li><a href="/tag/jembatan">#jembatan</a></li><li><a href="https://lain.example/x">luar</a></li>'
        return f"<!DOCTYPE html><html><head><title>Nasional - Kabar Lembah</title></head><body><h1>Nasional</h1><ul>{links}</ul></body></html>"

    def page(self, path: str) -> tuple[int, dict, bytes] | None:
        if path == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, (
                f"User-agent: *\nDisallow: /rahasia/\n\nSitemap: {self.base()}/sitemap_index.xml\n").encode()
        if path == "/rss.xml":
            return 200, {"Content-Type": "application/rss+xml; charset=utf-8"}, self.feed().encode()
        if path == "/sitemap_index.xml":
            return 200, {"Content-Type": "application/xml"}, self.sitemap_index().encode()
        if path == "/sitemap-news.xml":
            return 200, {"Content-Type": "application/xml"}, self.news_sitemap().encode()
        if path == "/nasional/":
            return 200, {"Content-Type": "text/html; charset=utf-8"}, self.section().encode()
        if path == "/2026/11/01/alamat-lama-jembatan":
            return 301, {"Location": "/2026/11/12/jembatan-pindah-alamat"}, b""
        if path == "/berkas/laporan-tahunan.pdf":
            return 200, {"Content-Type": "application/pdf"}, b"%PDF-1.4\n% laporan\n"
        if path == "/2026/11/09/gangguan-server" and path not in self.failed_once:
            self.failed_once.add(path)
            return 500, {"Content-Type": "text/plain"}, b"server sibuk"
        known = self.articles + self.sitemap_articles + self.extra_feed + [
            "/2026/11/09/gangguan-server", "/2026/11/10/halaman-lambat", "/2026/11/11/sekolah-darurat",
            "/2026/11/12/jembatan-pindah-alamat"]
        if path in known:
            if path == "/2026/11/10/halaman-lambat":
                time.sleep(self.slow_seconds)
            elif self.page_delay:
                time.sleep(self.page_delay)
            n = known.index(path) + 1
            return 200, {"Content-Type": "text/html; charset=utf-8"}, article_html(path, n).encode()
        return None

    # ---------------------------------------------------------------- serving

    def start(self) -> "Site":
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802
                path = urlsplit(self.path).path
                with site.lock:
                    site.log.append((time.monotonic(), self.path, dict(self.headers)))
                got = site.page(path)
                if got is None:
                    status, headers, body = 404, {"Content-Type": "text/html"}, b"<html><body>Tidak ditemukan</body></html>"
                else:
                    status, headers, body = got
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                if path.endswith(".xml") and status == 200:
                    headers = {**headers, "ETag": etag, "Last-Modified": formatdate(usegmt=True)}
                    if self.headers.get("If-None-Match") == etag:
                        status, body = 304, b""
                try:
                    self.send_response(status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass        # the crawler was killed (the resume test)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def requests(self, path_prefix: str = "") -> list[str]:
        with self.lock:
            return [p for _, p, _ in self.log if p.startswith(path_prefix)]

    def outlets_toml(self, delay: float = 0.05, concurrency: int = 1, timeout: float = 5.0, retries: int = 2) -> str:
        b = self.base()
        return f"""[defaults]
delay = {delay}
concurrency = {concurrency}
timeout = {timeout}
retries = {retries}
user_agent = "kliping-test/1.0"

[[outlet]]
name = "Kabar Lembah"
feeds = ["{b}/rss.xml"]
sitemaps = ["{b}/sitemap_index.xml"]
sections = ["{b}/nasional/"]
allow = ['/20\\d\\d/\\d\\d/\\d\\d/', '\\.pdf$']
deny = ['/tag/']
"""
