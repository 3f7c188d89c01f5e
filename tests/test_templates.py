"""Outlet templates: recurring lines are counted per outlet, and memory stays bounded."""
from kliping.clean import templates
from kliping.clean.templates import TemplateIndex

MENU = ["Beranda Nasional Daerah Ekonomi", "© 2024 Kabarcontoh.id"]


def test_a_line_on_every_page_of_an_outlet_recurs_and_an_article_line_does_not():
    index = TemplateIndex()
    for n in range(5):
        index.add_page("kabarcontoh.id", MENU + [f"Paragraf unik nomor {'x' * n} tentang banjir."])
    rec, pages = index.recurrence("kabarcontoh.id", MENU + ["Paragraf baru yang belum pernah ada."], counted=False)
    assert pages == 5
    assert rec[0] == 5 and rec[1] == 5
    assert rec[2] == 0


def test_counted_page_is_not_counted_against_itself():
    index = TemplateIndex()
    index.add_page("a.id", MENU)
    index.add_page("a.id", MENU)
    rec, pages = index.recurrence("a.id", MENU, counted=True)
    assert rec == [1, 1] and pages == 1


def test_other_outlets_do_not_count():
    index = TemplateIndex()
    index.add_page("a.id", MENU)
    rec, pages = index.recurrence("b.id", MENU, counted=False)
    assert rec == [0, 0] and pages == 0


def _letters(n: int) -> str:
    out = ""
    while True:
        n, r = divmod(n, 26)
        out += chr(97 + r)
        if not n:
            return out


def test_index_size_is_capped_and_keeps_frequent_lines(monkeypatch):
    monkeypatch.setattr(templates, "MAX_KEYS_TOTAL", 1_000)
    index = TemplateIndex()
    for n in range(3_000):
        outlet = f"situs{n % 50}.id"
        index.add_page(outlet, MENU + [f"baris unik {_letters(n)}"])  # digits would fold together
    assert 0 < len(index) <= 1_000
    assert sum(len(t) for t in index._counts.values()) == len(index)
    rec, _ = index.recurrence("situs7.id", MENU, counted=False)
    assert rec[0] > 10  # the menu line survives pruning
