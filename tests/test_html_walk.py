"""The DOM walk in C (read/_lexborwalk.c) gives what the Python walk gives, line for line and
field for field, on hand-written pages with the awkward parts of real markup and, where
../shared is present, on every html-bench page."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from kliping.read import html as H

from test_html import LD, news_page

BENCH = Path(__file__).resolve().parents[2] / "shared" / "data" / "html-bench"

needs_c = pytest.mark.skipif(H._C_WALK is None, reason="the C walk is not built (no compiler at install)")

AWKWARD = [
    # text straight under the body, inline runs, <br>, a hidden <br>, comments, entities
    "<html><body>Teks lepas <b>tebal</b> &amp; <i>miring</i><br>baris dua<!-- komentar --> lanjut"
    "<br hidden>baris tiga</body></html>",
    # table rows as lines, a layout table with blocks in its cells, links in cells
    "<html><body><table><tr><td>Harga</td><td><a href='/x'>Rp 5.000</a></td></tr>"
    "<tr><td><div>blok dalam sel</div>sisa sel</td><th>kepala</th></tr></table></body></html>",
    # class and id cue words, custom elements, empty elements, whitespace-only text
    "<html><body><main id='konten-utama'><article class='detail__body-text'><h1 class='judul'>Judul</h1>"
    "<my-widget class='share-box'>Bagikan</my-widget><p></p><p>   </p><span class=''>kosong</span>"
    "<p class>tanpa nilai</p><div id=''><p>Isi berita di sini.</p></div></article></main>"
    "<footer class='site-footer'><ul><li><a href='/'>Beranda</a></li><li>Kontak</li></ul></footer></body></html>",
    # non-Latin text, odd whitespace (no-break space, ideographic space, tabs), uppercase markup
    "<HTML><BODY><DIV CLASS='Content'><P>Jakarta\u00a0—\u3000berita\t\tdengan  spasi</P>"
    "<P>ข่าว ภาษาไทย and 日本語のニュース</P><A HREF='/a'>  tautan  </A></DIV></BODY></HTML>",
    # nesting deeper than Python's recursion limit
    "<html><body>" + "<div class='lapis'>" * 1500 + "<p>paling dalam</p>" + "</div>" * 1500 + "<p>sesudahnya</p></body></html>",
    # no body element written, stray text after the html end
    "<p>Hanya paragraf</p><p>dua <a href='#'>tautan</a></p></html> sisa",
    # scripts, styles, svg, hidden blocks (removed before the walk) and figure captions
    "<html><body><script>var a = 1;</script><style>p{}</style><svg><text>grafik</text></svg>"
    "<figure><img src='x.jpg'><figcaption class='caption'>Foto: Dok. Warga</figcaption></figure>"
    "<div style='display: none'>tersembunyi</div><p>Terlihat</p></body></html>",
    "",
]


def both_walks(page: str):
    c_tree, py_tree = LexborHTMLParser(page), LexborHTMLParser(page)
    for tree in (c_tree, py_tree):
        for node in tree.css(H._DROP_SELECTOR):
            node.decompose()
        for node in tree.css(H._UNWRAP_SELECTOR):
            node.unwrap()
        H._drop_hidden(tree)
    return H.html_lines(c_tree), H.python_html_lines(py_tree)


@needs_c
@pytest.mark.parametrize("page", AWKWARD + [news_page(LD), news_page(None, byline="Oleh: Rina")])
def test_c_walk_equals_python_walk(page):
    (c_texts, c_lines), (py_texts, py_lines) = both_walks(page)
    assert c_texts == py_texts
    assert c_lines == py_lines


@needs_c
def test_c_walk_reads_what_the_page_says():
    (texts, lines), _ = both_walks(AWKWARD[1])
    assert texts == ["Harga Rp 5.000", "blok dalam sel", "sisa sel kepala"]
    assert lines[0].link_chars == len("Rp 5.000") and lines[0].tag == "tr"
    (texts, lines), _ = both_walks(AWKWARD[4])
    assert texts == ["paling dalam", "sesudahnya"] and lines[0].depth == 1501


@needs_c
@pytest.mark.skipif(not BENCH.exists(), reason="../shared/data/html-bench is not present")
def test_c_walk_equals_python_walk_on_html_bench():
    truth = json.loads((BENCH / "ground-truth.json").read_text())
    pages = sorted(BENCH.glob("html/*.html.gz"))
    assert len(pages) >= len(truth) > 100
    for path in pages:
        page, _ = H.decode_html(gzip.decompress(path.read_bytes()))
        (c_texts, c_lines), (py_texts, py_lines) = both_walks(page)
        assert (c_texts, c_lines) == (py_texts, py_lines), path.name


_TAGS = ["div", "p", "span", "a", "b", "table", "tr", "td", "th", "li", "ul", "br", "h1", "section", "figure",
         "figcaption", "my-widget", "math", "svg", "script", "template", "font", "pre", "nav", "footer", "select",
         "noscript"]
_ATTRS = ["class='isi berita'", "class='share-box'", "id='main'", "hidden", "style='display:none'",
          "style='display: block'", "class=''", "CLASS='Footer'", "id='relatedNews'", "href='#'"]
_TEXTS = ["Halo", " ", "  \n ", "\u00a0", "warga&amp;relawan", "日本語", "x" * 30, "&nbsp;", "\t", "\u3000", "Baca juga: "]


def _random_markup(rng, depth: int = 0) -> str:
    out = []
    for _ in range(rng.randint(0, 5)):
        r = rng.random()
        if r < 0.4 or depth > 8:
            out.append(rng.choice(_TEXTS))
        elif r < 0.45:
            out.append("<!-- komentar -->")
        elif r < 0.5:
            out.append(f"<{rng.choice(_TAGS)}>")  # never closed
        elif r < 0.53:
            out.append(f"</{rng.choice(_TAGS)}>")  # closes nothing
        else:
            tag = rng.choice(_TAGS)
            attrs = " ".join(rng.sample(_ATTRS, rng.randint(0, 2)))
            out.append(f"<{tag} {attrs}>{_random_markup(rng, depth + 1)}</{tag}>")
    return "".join(out)


@needs_c
def test_c_walk_equals_python_walk_on_random_markup():
    """Seeded random markup (unclosed and stray tags, hidden parts, odd whitespace): both walks agree."""
    import random

    rng = random.Random(20261123)
    for _ in range(400):
        page = _random_markup(rng)
        if rng.random() < 0.5:
            page = f"<html><body>{page}</body></html>"
        (c_texts, c_lines), (py_texts, py_lines) = both_walks(page)
        assert (c_texts, c_lines) == (py_texts, py_lines), page
