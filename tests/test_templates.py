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


def _stored(counts: dict[int, int]):
    """An archive's template tables holding one outlet's line counts (key -> pages)."""
    import sqlite3

    from kliping.archive.templates import SCHEMA

    db = sqlite3.connect(":memory:")
    db.executescript(SCHEMA)
    db.execute("INSERT INTO template_outlets VALUES ('a.id', 9)")
    db.executemany("INSERT INTO template_lines VALUES ('a.id', ?, ?)", counts.items())
    return db


def test_stored_counts_load_frequent_lines_first_and_single_page_lines_only_where_there_is_room(monkeypatch):
    from kliping.archive import templates as stored

    frequent = {900: 9, 500: 5, 300: 3, 200: 2}
    single = {k: 1 for k in range(1, 60)}
    load = stored.loader(_stored({**frequent, **single}))
    assert load("b.id", 100) == (0, {})
    pages, table = load("a.id", 10)
    assert pages == 9 and table == {**frequent, **{k: 1 for k in range(1, 7)}}   # the lowest keys
    assert load("a.id", 0)[1] == frequent
    assert load("a.id", 1_000)[1] == {**frequent, **single}
    monkeypatch.setattr(stored, "MAX_KEYS_PER_OUTLET", 3)
    assert load("a.id", 1_000)[1] == {900: 9, 500: 5, 300: 3}


def test_an_index_started_from_a_full_archive_keeps_its_frequent_lines(monkeypatch):
    from kliping.archive import templates as stored

    monkeypatch.setattr(templates, "MAX_KEYS_TOTAL", 20)
    menu = TemplateIndex.keys(MENU)
    counts = {menu[0]: 8, menu[1]: 7, **{k: 1 for k in range(1, 200)}}
    index = TemplateIndex(loader=stored.loader(_stored(counts)))
    rec, pages = index.recurrence("a.id", MENU + ["Paragraf baru."], counted=False)
    assert (rec, pages) == ([8, 7, 0], 9)
    assert len(index) <= 20


def test_stored_pages_whose_signature_changed_are_found_as_page_by_page(monkeypatch):
    """The check of every stored page after a build (all lines of an outlet at once) finds the
    pages the one-page-at-a-time definition finds, torn records included."""
    import random

    from kliping.archive.sources import pack_keys, unpack_keys
    from kliping.archive.templates import OutletEvidence
    from kliping.clean.features import template_signature

    rng = random.Random(7)
    pool = [rng.randrange(-2**63, 2**63) or 1 for _ in range(40)]
    for outlet_pages, torn in ((1, True), (2, False), (3, True), (4, False), (9, True), (60, False)):
        db = _stored({k: rng.randint(2, outlet_pages + 2) for k in pool[:25]})
        db.execute("UPDATE template_outlets SET pages = ?", (outlet_pages,))
        evidence = OutletEvidence(db, "a.id")
        rows = []
        for n in range(300):
            keys = [rng.choice(pool + [None]) for _ in range(rng.randint(0, 12))]
            sig = template_signature(*evidence.counts(keys))
            if n % 3 == 0 and sig:              # tagged under other counts
                i = rng.randrange(len(sig))
                sig = sig[:i] + bytes([(sig[i] + rng.choice((1, 5))) % 25]) + sig[i + 1:]
            blob = pack_keys(keys)
            if torn and n % 97 == 5:            # a torn record: one line short
                sig = sig[:-1]
            rows.append((n, blob, sig))
        want = [i for i, (_, blob, sig) in enumerate(rows)
                if len(sig) * 8 != len(blob) or template_signature(*evidence.counts(unpack_keys(blob))) != sig]
        assert 0 < len(want) < len(rows)
        assert evidence.changed(rows) == want
    assert evidence.changed([]) == []


def test_a_build_checks_only_its_own_pages_where_no_old_pages_line_changed():
    from kliping.archive.templates import BuildEvidence, EvidenceBatch, OutletEvidence

    def archive(dirty: bool = False):
        db = _stored({900: 40, 500: 40, 7: 1})        # a menu and a footer on all 40 pages; one page's own line
        db.execute("UPDATE template_outlets SET pages = 40")
        db.executemany("INSERT INTO page_sources VALUES (?, 'a.id', x'', x'', x'')", [(r,) for r in range(1, 41)])
        if dirty:
            db.execute("INSERT INTO template_dirty VALUES ('a.id')")
        return db

    def build(db, *pages, other_build: bool = False):
        since = BuildEvidence(db)
        batch = EvidenceBatch()
        for keys in pages:
            batch.add("a.id", keys)
        batch.write(db)
        since.add(batch)
        if other_build:                                 # pages another process added meanwhile
            EvidenceBatch.add(other := EvidenceBatch(), "a.id", [900])
            other.write(db)
        return since.checked_before(OutletEvidence(db, "a.id"))

    assert build(archive(), [900, 500, 11], [900, 500, 12]) == 40     # new lines only: the old 40 pages stand
    assert build(archive(), [900, 500, 7]) == 0                       # an old page's own line now on two
    assert build(archive(dirty=True), [900, 500, 11]) == 0            # dirty before the build
    assert build(archive(), [900, 500, 11], other_build=True) == 0
    assert build(archive(), *([[11]] * 30)) == 0                      # the menu's share falls below 0.6
    assert build(archive(), *([[900, 500]] * 9 + [[11]])) == 40     # the shares stay above 0.6


def test_a_build_too_large_to_track_checks_its_outlets_whole(monkeypatch):
    from kliping.archive.templates import BuildEvidence, EvidenceBatch, OutletEvidence

    db = _stored({900: 40, 500: 40})
    db.execute("UPDATE template_outlets SET pages = 40")
    db.executemany("INSERT INTO page_sources VALUES (?, 'a.id', x'', x'', x'')", [(r,) for r in range(1, 41)])
    monkeypatch.setattr(BuildEvidence, "MAX_TRACKED", 3)
    since = BuildEvidence(db)
    for keys in ([900, 500, 11], [900, 500, 12]):
        batch = EvidenceBatch()
        batch.add("a.id", keys)
        batch.write(db)
        since.add(batch)
    assert not since.tracking and not since.lines
    assert since.checked_before(OutletEvidence(db, "a.id")) == 0
