"""Incremental linking (issue 16): a build that adds a few pages to a linked archive links only them,
from the linking state kept beside the archive (link/state.py), and keeps the rest of the links.

Pages: the fictional outlets of test_build_order (written for these tests), built without outlet
templates: with 30 pages of two outlets, each build's new pages change the templates enough to
re-extract older pages whose fields change, which (rightly) makes the next link a whole one."""
from __future__ import annotations

import json
import random
import shutil
import sqlite3
from pathlib import Path

from kliping.archive.build import build_archive
from kliping.link import state as link_state
from kliping.link.collection import Linker
from linkfixtures import summit, unrelated, wire_copies
from test_build_order import OUTLETS, _page


def _pages() -> list[dict]:
    """32 pages in the order of their days (test_build_order's dates), so that the last ones are
    the news of later days."""
    rng = random.Random(16)
    pages = [_page(o, n, rng) for n in range(16) for o in OUTLETS]

    def day(p: dict) -> tuple[int, int]:
        n = int(p["id"].rsplit("-", 1)[1])
        return 3 + n % 8, 1 + (n * 7) % 27      # the month and day _page gives page n
    return sorted(pages, key=day)


def _write(path: Path, pages: list[dict]) -> Path:
    path.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pages), encoding="utf-8")
    return path


def _links(path: Path) -> dict:
    db = sqlite3.connect(path)
    out = {
        "groups": sorted(db.execute("SELECT grp, article FROM duplicate_members")),
        "story_of": dict(db.execute("SELECT id, story FROM articles WHERE kind = 'article'")),
        "stories": {r[0]: json.loads(r[1]) for r in db.execute(
            "SELECT s.id, json_group_array(sa.article) FROM stories s JOIN story_articles sa ON sa.story = s.id "
            "GROUP BY s.id")},
        "story_ids": {r[0] for r in db.execute("SELECT id FROM stories")},
        "related": db.execute("SELECT article, other FROM related").fetchall(),
        "ids": {r[0] for r in db.execute("SELECT id FROM articles")},
        "dup_of": dict(db.execute("SELECT id, duplicate_of FROM articles WHERE duplicate_of IS NOT NULL")),
    }
    db.close()
    return out


def _consistent(links: dict) -> None:
    """Every news article sits in exactly the story that lists it; no story is empty; related
    links join archived articles."""
    assert links["story_ids"] == set(links["stories"])
    for story, members in links["stories"].items():
        for m in members:
            assert links["story_of"][m] == story
    assert all(s is not None for s in links["story_of"].values())
    assert sum(map(len, links["stories"].values())) == len(links["story_of"])
    assert all(a in links["ids"] and b in links["ids"] for a, b in links["related"])


def test_a_few_new_pages_are_linked_alone_and_join_what_is_there(tmp_path):
    pages = _pages()
    old, new = pages[:28], pages[28:]
    copy = dict(old[5], id="salinan-05", url=old[5]["url"].replace("www.", "m.") + "?amp=1")
    archive = tmp_path / "a.db"
    first = build_archive(archive, [str(_write(tmp_path / "old.jsonl", old))], templates=False)
    assert first.link_note.startswith("linked ")
    assert (link_state.state_dir(archive) / "linker.pickle").exists()
    before = _links(archive)

    report = build_archive(archive, [str(_write(tmp_path / "new.jsonl", [*new, copy]))], templates=False)
    assert "new articles into the" in report.link_note, report.link_note
    after = _links(archive)
    _consistent(after)
    assert len(after["story_of"]) == len(before["story_of"]) + 5
    # the copy is one article with the page it copies: same duplicate group, same story
    db = sqlite3.connect(archive)
    original = db.execute("SELECT id FROM articles WHERE url = ?", (old[5]["url"],)).fetchone()[0]
    db.close()
    group_of = {a: g for g, a in after["groups"]}
    assert group_of["salinan-05"] == group_of[original] and "salinan-05" in after["dup_of"]
    assert after["story_of"]["salinan-05"] == after["story_of"][original]
    # old articles keep their stories unless a new article joined theirs
    for art, story in before["story_of"].items():
        assert after["story_of"][art] == story

    # the same archive linked whole again gives the same duplicate groups
    full = tmp_path / "full.db"
    shutil.copy(archive, full)
    rep = build_archive(full, [], relink=True)
    assert rep.link_note.startswith("linked 33 articles")
    assert _links(full)["groups"] == after["groups"]
    _consistent(_links(full))


def test_nothing_new_keeps_the_links_and_a_changed_article_links_everything_again(tmp_path):
    pages = _pages()
    archive = tmp_path / "a.db"
    build_archive(archive, [str(_write(tmp_path / "old.jsonl", pages[:28]))], templates=False)
    assert build_archive(archive, []).link_note.startswith("links kept: no new articles")
    # an article added after the linking and rewritten before it is linked (a re-extraction in the
    # build that added it) leaves the state alone
    build_archive(archive, [str(_write(tmp_path / "later.jsonl", pages[28:29]))], link=False, templates=False)
    db = sqlite3.connect(archive)
    new_rowid = db.execute("SELECT max(rowid) FROM articles").fetchone()[0]
    db.execute("UPDATE articles SET title = title || ' (diperbarui)' WHERE rowid = ?", (new_rowid,))
    db.commit()
    assert db.execute("SELECT count(*) FROM meta WHERE key = 'link_state'").fetchone()[0] == 1
    db.close()
    # an archived article changes (its text rewritten): the saved state no longer describes the
    # archive, so the next build links the whole archive
    db = sqlite3.connect(archive)
    db.execute("UPDATE articles SET title = title || ' (diperbarui)' WHERE rowid = 3")
    db.commit()
    assert db.execute("SELECT count(*) FROM meta WHERE key = 'link_state'").fetchone()[0] == 0
    db.close()
    report = build_archive(archive, [str(_write(tmp_path / "new.jsonl", pages[29:31]))], templates=False)
    assert report.link_note.startswith("linked 31 articles"), report.link_note
    # and the state is kept again
    report = build_archive(archive, [str(_write(tmp_path / "n2.jsonl", pages[31:]))], templates=False)
    assert "new articles into" in report.link_note


def test_an_unreadable_state_links_everything_again(tmp_path):
    pages = _pages()
    archive = tmp_path / "a.db"
    build_archive(archive, [str(_write(tmp_path / "old.jsonl", pages[:28]))], templates=False)
    (link_state.state_dir(archive) / "linker.pickle").write_bytes(b"not a pickle")
    report = build_archive(archive, [str(_write(tmp_path / "new.jsonl", pages[28:]))], templates=False)
    assert report.link_note.startswith("linked 32 articles"), report.link_note
    _consistent(_links(archive))


def test_a_saved_and_loaded_linker_adds_as_the_one_kept_in_memory(tmp_path):
    first = [*wire_copies()[:2], summit("s1", 2028, "05-10", "a.id", 0), unrelated("u1", "2028-05-10", "b.id"),
             summit("s2", 2028, "05-10", "c.id", 1)]
    later = [*wire_copies()[2:], summit("s3", 2028, "05-11", "d.id", 2), summit("t1", 2029, "05-12", "a.id", 0),
             unrelated("u2", "2028-05-11", "c.id")]
    kept = Linker()
    kept.add(first)
    saved = Linker()
    saved.add(first)
    folder = tmp_path / "state"
    link_state.save(folder, saved, "tok")
    assert link_state.load(folder, "another token") is None
    loaded = link_state.load(folder, "tok")
    new_kept, new_loaded = kept.add(later), loaded.add(later)
    assert new_kept.tolist() == new_loaded.tolist()
    assert [(g.id, g.members) for g in kept.duplicate_groups()] == [(g.id, g.members) for g in loaded.duplicate_groups()]
    assert [(s.id, [e.article for e in s.timeline]) for s in kept.stories()] == \
           [(s.id, [e.article for e in s.timeline]) for s in loaded.stories()]
    assert [(a, [(r.id, r.score) for r in links]) for a, links in kept.iter_related()] == \
           [(a, [(r.id, r.score) for r in links]) for a, links in loaded.iter_related()]
    # the wire copies added later joined the group of the first two
    assert {"w1", "w2", "w3", "w4"} <= set(next(g.members for g in loaded.duplicate_groups() if "w1" in g.members))
    # only the stories of new articles and the related lists that changed are handed to the writer
    assert {s.id for s in loaded.stories_of(new_loaded)} <= {s.id for s in loaded.stories()}
    assert set(loaded.related.changed().tolist()) >= {p for p in new_loaded.tolist()
                                                      if loaded.related.ids[p, 0] >= 0}


def test_pages_of_earlier_days_added_late_are_linked_with_the_whole_archive(tmp_path):
    """A backfill (most new articles older than the linked ones) is linked whole, in time order,
    as one build links it: the same links as the archive built at once."""
    pages = _pages()
    archive, once = tmp_path / "a.db", tmp_path / "once.db"
    build_archive(archive, [str(_write(tmp_path / "late.jsonl", pages[4:]))], templates=False)
    report = build_archive(archive, [str(_write(tmp_path / "early.jsonl", pages[:4]))], templates=False)
    assert report.link_note.startswith("linked 32 articles"), report.link_note
    build_archive(once, [str(_write(tmp_path / "all.jsonl", pages))], templates=False)
    a, b = _links(archive), _links(once)
    assert a["groups"] == b["groups"] and a["stories"] == b["stories"] and sorted(a["related"]) == sorted(b["related"])


def test_a_rewrite_that_leaves_what_linking_reads_keeps_the_state(tmp_path):
    """A re-extraction rewrites a stored article whole when any line changes role, also one linking
    never reads: the state is forgotten only when the fields or entity rows linking reads change
    (schema v11)."""
    from kliping.archive.schema import connect
    from kliping.archive.store import rewrite_article
    from kliping.model import Document
    from kliping.run.extract import Extractor

    pages = _pages()
    archive = tmp_path / "a.db"
    build_archive(archive, [str(_write(tmp_path / "old.jsonl", pages[:28]))], templates=False)
    db = connect(archive)

    def kept() -> bool:
        return db.execute("SELECT count(*) FROM meta WHERE key = 'link_state'").fetchone()[0] == 1

    rowid, page_id = db.execute("SELECT rowid, id FROM articles WHERE kind = 'article' ORDER BY rowid LIMIT 1").fetchone()
    page = next(p for p in pages if p["id"] == page_id)

    def again():
        return Extractor(templates=False).extract(Document(id=page["id"], text=page["text"], url=page.get("url")))

    # the same fields written again (every column assigned, as rewrite_article does): kept
    rewrite_article(db, rowid, again())
    db.execute("UPDATE articles SET title = title, body = body WHERE rowid = ?", (rowid,))
    db.execute("UPDATE article_entities SET mentions = mentions WHERE article = ?", (rowid,))
    db.commit()
    assert kept()
    # a line that changes role but no field linking reads: kept
    art = again()
    art.lines[-1].role = "boilerplate" if art.lines[-1].role != "boilerplate" else "related"
    rewrite_article(db, rowid, art)
    db.commit()
    assert kept()
    # an entity read more often: forgotten
    art = again()
    assert art.entities
    art.entities[0].mentions += 1
    rewrite_article(db, rowid, art)
    db.commit()
    assert not kept()
    db.close()


def test_an_entity_added_to_a_linked_article_forgets_the_state(tmp_path):
    archive = tmp_path / "a.db"
    build_archive(archive, [str(_write(tmp_path / "old.jsonl", _pages()[:28]))], templates=False)
    db = sqlite3.connect(archive)
    db.execute("INSERT INTO entities (key, name, type) VALUES ('LOC:kota_baru', 'Kota Baru', 'LOC')")
    db.execute("INSERT INTO article_entities VALUES (1, 'LOC:kota_baru', 'Kota Baru', 2)")
    db.commit()
    assert db.execute("SELECT count(*) FROM meta WHERE key = 'link_state'").fetchone()[0] == 0
    db.close()


def test_link_changes_rewrite_only_what_changed_and_leave_the_rows_a_full_write_leaves(tmp_path):
    """write_link_changes writes the rows of a group or story that change (a new copy joining a group
    of thousands rewrites one row, not thousands); the tables end as a full rewrite leaves them:
    members added and dropped, two groups merged under a new canonical, a story's new member
    placed in the middle of its timeline."""
    from kliping.archive.schema import connect
    from kliping.archive.store import write_link_changes
    from kliping.model import DuplicateGroup, Story, TimelineEntry

    archive = tmp_path / "a.db"
    build_archive(archive, [str(_write(tmp_path / "p.jsonl", _pages()[:12]))], templates=False, link=False)
    db = connect(archive)
    ids = [r[0] for r in db.execute("SELECT id FROM articles WHERE kind = 'article' ORDER BY rowid")][:8]
    a, b, c, d, e, f = ids[:6]
    write_link_changes(db, groups=[DuplicateGroup("g1", "near", a, [a, b, c]), DuplicateGroup("g2", "near", d, [d, e])],
                       stories=[Story("s1", "Satu", None, None, [], [TimelineEntry(x, None, None, None) for x in (a, b, d)])])
    # g1 loses c and takes in g2 (e its canonical now); s1 gets f between a and b
    write_link_changes(db, groups=[DuplicateGroup("g1", "near", e, [a, b, d, e])],
                       stories=[Story("s1", "Satu", None, None, [], [TimelineEntry(x, None, None, None)
                                                                     for x in (a, f, b, d)])])
    assert sorted(tuple(r) for r in db.execute("SELECT grp, article FROM duplicate_members")) == \
        [("g1", x) for x in sorted([a, b, d, e])]
    assert [r[0] for r in db.execute("SELECT id FROM duplicate_groups")] == ["g1"]
    assert dict((r[0], (r[1], r[2])) for r in db.execute(
        "SELECT id, duplicate_group, duplicate_of FROM articles WHERE duplicate_group IS NOT NULL OR duplicate_of IS NOT NULL")) \
        == {a: ("g1", e), b: ("g1", e), d: ("g1", e), e: ("g1", None)}
    assert tuple(db.execute("SELECT duplicate_group, duplicate_of FROM articles WHERE id = ?", (c,)).fetchone()) \
        == (None, None)
    assert [r[0] for r in db.execute("SELECT article FROM story_articles WHERE story = 's1' ORDER BY position")] \
        == [a, f, b, d]
    assert {r[0] for r in db.execute("SELECT id FROM articles WHERE story = 's1'")} == {a, f, b, d}
    # writing the same links again changes no row
    before = db.total_changes
    write_link_changes(db, groups=[DuplicateGroup("g1", "near", e, [a, b, d, e])],
                       stories=[Story("s1", "Satu", None, None, [], [TimelineEntry(x, None, None, None)
                                                                     for x in (a, f, b, d)])])
    assert db.total_changes - before <= 2        # the group's and the story's own rows
    db.close()
