"""`kliping extract` end to end on the bundled (fictional) sample, samples/pages.jsonl."""
from __future__ import annotations

import gzip
import json
import re
import subprocess
from pathlib import Path

import pytest
from clihelp import run_kliping

from kliping.model import KINDS, ROLES, SCHEMA_VERSION

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "pages.jsonl"
SHARED = ROOT.parent / "shared" / "data"

# the ten line roles of ../shared/data/LABELS.md
LABELS_ROLES = {"title", "deck", "byline", "datetime", "category", "caption", "body", "related", "source", "boilerplate"}
ARTICLE_FIELDS = ("schema", "type", "id", "url", "outlet", "kind", "lang", "title", "deck", "published", "updated",
                  "authors", "editors", "category", "dateline", "agencies", "credits", "related_links", "body",
                  "captions", "sources", "flags", "content_hash", "source")


def run_cli(args: list, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    proc = run_kliping(args, stdin, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr.decode()
    return proc


def nonblank(text: str) -> list[str]:
    return [t for t in text.splitlines() if t.strip()]


@pytest.fixture(scope="module")
def pages() -> list[dict]:
    return [json.loads(x) for x in SAMPLE.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    proc = run_cli(["extract", "--roles", "samples/pages.jsonl"])
    return [json.loads(x) for x in proc.stdout.decode("utf-8").splitlines()]


@pytest.fixture(scope="module")
def by_id(records) -> dict[str, dict]:
    return {r["id"]: r for r in records}


# --- the sample itself --------------------------------------------------------------------------

def test_sample_is_twelve_pages(pages):
    assert [p["id"] for p in pages] == [f"s{i:02d}" for i in range(1, 13)]
    for p in pages:
        assert set(p) == {"id", "url", "text"}
        assert p["url"].startswith("https://")
        assert len(nonblank(p["text"])) >= 10


# --- JSONL --------------------------------------------------------------------------------------

def test_one_record_per_page_in_order(pages, records):
    assert [r["id"] for r in records] == [p["id"] for p in pages]
    assert all(r["type"] == "article" for r in records)


def test_records_carry_the_schema(records, pages):
    for r, p in zip(records, pages):
        for f in ARTICLE_FIELDS:
            assert f in r, (r["id"], f)
        assert r["schema"] == SCHEMA_VERSION
        assert r["kind"] in KINDS
        assert r["url"] == p["url"]
        assert r["source"] == f"samples/pages.jsonl:{pages.index(p) + 1}"
        for f in ("authors", "editors", "agencies", "credits", "related_links", "body", "captions", "sources", "flags"):
            assert isinstance(r[f], list), (r["id"], f)


def test_listing_page_is_a_listing_without_body(by_id):
    s05 = by_id["s05"]
    assert s05["kind"] == "listing"
    assert s05["body"] == [] and s05["content_hash"] == ""
    assert set(s05["roles"]) == {"boilerplate"}
    assert "no_body" not in s05["flags"]


def test_story_pages_are_articles_with_a_body(by_id):
    for pid, r in by_id.items():
        if pid != "s05":
            assert r["kind"] == "article", pid
            assert len(r["body"]) >= 4, pid
            assert r["content_hash"], pid


def test_roles_one_per_nonblank_line_in_labels_vocabulary(records, pages):
    assert set(ROLES) == LABELS_ROLES
    for r, p in zip(records, pages):
        assert len(r["roles"]) == len(nonblank(p["text"])), r["id"]
        assert set(r["roles"]) <= LABELS_ROLES, r["id"]


def test_roles_are_left_out_without_the_option():
    proc = run_cli(["extract", "-q", "samples/pages.jsonl"])
    recs = [json.loads(x) for x in proc.stdout.decode().splitlines()]
    assert len(recs) == 12 and all("roles" not in r for r in recs)


def test_body_is_made_of_input_lines_and_skips_furniture(records, pages):
    for r, p in zip(records, pages):
        lines = {re.sub(r"\s+", " ", t).strip() for t in nonblank(p["text"])}
        for para in r["body"]:
            assert para in lines, (r["id"], para)
            assert "cookie" not in para.lower()
            assert not para.startswith(("Pergi ke Menu", "Beranda ", "Bagikan", "Berita Terkait", "©", "Copyright"))


def test_fields_the_page_prints(by_id):
    # datetime stamps in four layouts
    assert by_id["s03"]["published"] == "2023-10-04T17:19:56"
    assert by_id["s03"]["updated"] == "2023-10-04T18:05:44"
    assert by_id["s04"]["published"] == "2024-01-08T16:49+07:00"
    assert by_id["s02"]["published"] == "2024-04-01T09:03+07:00"
    assert by_id["s12"]["published"] == "2024-03-13T14:08+07:00"
    # no date on the page nor in the URL
    assert by_id["s06"]["published"] is None and by_id["s06"]["updated"] is None
    # bylines
    assert by_id["s03"]["authors"] == ["Yohanes Kewa Ladjar"] and by_id["s03"]["editors"] == ["Maria Goreti Bunga"]
    assert by_id["s02"]["authors"] == ["Fitri Handayani"] and by_id["s02"]["editors"] == ["Dewi Anggraini"]
    # outlets from the URL host (a regional network keeps its sub-host, a section host folds)
    assert by_id["s01"]["outlet"] == "kabarnusa.co.id"
    assert by_id["s03"]["outlet"] == "warta-timur.com"
    assert by_id["s04"]["outlet"] == "kupang.tribunkabar.com"
    # in-article links
    assert "Suporter Persilo Siapkan Koreografi Raksasa untuk Laga Derbi" in by_id["s03"]["related_links"]


def test_language(by_id):
    assert by_id["s07"]["lang"] == "en"
    for pid, r in by_id.items():
        if pid not in ("s05", "s07"):
            assert r["lang"] == "id", (pid, r["lang"])


def test_wire_story_on_two_outlets(by_id):
    a, b = by_id["s08"], by_id["s09"]
    assert a["outlet"] != b["outlet"]
    assert "Antara" in a["agencies"] and "Antara" in b["agencies"]
    shared = set(a["body"]) & set(b["body"])
    assert len(shared) >= 6
    assert any(p.startswith("Sigura (ANTARA) - ") for p in shared)


def test_stdin_gives_the_same_articles(records):
    proc = run_cli(["extract", "--roles", "-q", "-"], stdin=SAMPLE.read_bytes())
    piped = [json.loads(x) for x in proc.stdout.decode().splitlines()]
    strip = lambda r: {k: v for k, v in r.items() if k != "source"}  # noqa: E731
    assert [strip(r) for r in piped] == [strip(r) for r in records]


# --- other formats and outputs ------------------------------------------------------------------

def test_format_text_is_clean_body_text(by_id):
    proc = run_cli(["extract", "--format", "text", "samples/pages.jsonl"])
    out = proc.stdout.decode("utf-8")
    for furniture in ("Pergi ke Menu", "cookie", "Beranda Nasional Daerah", "Masuk | Daftar", "Skip to main content",
                      "Berita Terkait", "Hak Cipta", "All Rights Reserved", "Muat Lebih Banyak"):
        assert furniture not in out, furniture
    assert not out.lstrip().startswith("{")
    # every article's body is there, each article separated by a blank line
    for pid, r in by_id.items():
        for para in r["body"]:
            assert para in out, (pid, para)
    assert out.count("\n\n") >= 11
    # a listing contributes nothing
    assert "Warga Bantaran Sungai Bongka" not in out
    assert "documents read: 12" in proc.stderr.decode()


def test_format_pretty(by_id):
    proc = run_cli(["extract", "--format", "pretty", "samples/pages.jsonl"])
    out = proc.stdout.decode("utf-8")
    heads = re.findall(r"^── (s\d\d) · (\S+) · (\w+) · ", out, re.M)
    assert [h[0] for h in heads] == [f"s{i:02d}" for i in range(1, 13)]
    assert ("s05", "kabarnusa.co.id", "listing") in heads
    assert ("s03", "warta-timur.com", "article") in heads
    assert "  published 2023-10-04T17:19:56" in out
    assert "Baca juga:" in out
    assert "cookie" not in out


def test_output_gz_is_gzip_of_the_same_records(tmp_path, records):
    out = tmp_path / "out.jsonl.gz"
    proc = run_cli(["extract", "--roles", "samples/pages.jsonl", "-o", out])
    assert proc.stdout == b""
    raw = out.read_bytes()
    assert raw[:2] == b"\x1f\x8b"
    lines = gzip.decompress(raw).decode("utf-8").splitlines()
    assert [json.loads(x) for x in lines] == records
    assert "documents read: 12" in proc.stderr.decode()


def test_output_plain_file(tmp_path, records):
    out = tmp_path / "out.jsonl"
    run_cli(["extract", "-q", "--roles", "samples/pages.jsonl", "-o", out])
    assert [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()] == records


def test_text_output_gz(tmp_path):
    out = tmp_path / "korpus.txt.gz"
    run_cli(["extract", "-q", "--format", "text", "samples/pages.jsonl", "-o", out])
    text = gzip.decompress(out.read_bytes()).decode("utf-8")
    assert "Persilo Lowu mengamankan tiga poin" in text and "Pergi ke Menu" not in text


def test_summary_counts_kinds():
    proc = run_cli(["extract", "samples/pages.jsonl", "-o", "/dev/null"])
    err = proc.stderr.decode().splitlines()
    assert err[0] == "documents read: 12"
    assert err[1] == "articles written: 12 (article 11, listing 1)"
    assert err[2] == "rejected: 0"


def test_without_templates_still_one_record_per_page():
    proc = run_cli(["extract", "-q", "--no-templates", "samples/pages.jsonl"])
    recs = [json.loads(x) for x in proc.stdout.decode().splitlines()]
    assert [r["id"] for r in recs] == [f"s{i:02d}" for i in range(1, 13)]
    assert recs[4]["kind"] == "listing"


# --- against the shared labelling guide and examples (skipped where ../shared is absent) ----------

@pytest.mark.skipif(not (SHARED / "LABELS.md").exists(), reason="../shared/data/LABELS.md is not here")
def test_role_vocabulary_matches_labels_md():
    text = (SHARED / "LABELS.md").read_text(encoding="utf-8")
    section = text.split("## Roles", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `(\w+)` \|", section, re.M))
    assert documented == LABELS_ROLES == set(ROLES)


@pytest.mark.skipif(not (SHARED / "examples").is_dir(), reason="../shared/data/examples is not here")
def test_shared_examples_as_a_folder_of_text_pages():
    folder = SHARED / "examples"
    files = sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))
    proc = run_cli(["extract", "--roles", folder])
    recs = [json.loads(x) for x in proc.stdout.decode().splitlines()]
    assert [r["id"] for r in recs] == [p.stem for p in files]
    for r, p in zip(recs, files):
        assert r["type"] == "article"
        assert len(r["roles"]) == len(nonblank(p.read_text(encoding="utf-8")))
        assert r["body"], r["id"]
