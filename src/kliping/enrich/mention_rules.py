"""Mentions that are no entity, and names of one entity folded into one key (issue 18).

Before canonicalisation (`clean_mentions`):
- a dateline's site name is no entity: a span holding a web address in the dateline's place
  (the first 120 characters) or in capitals (`KONTAN.CO.ID`), a bare `COM`/`CO`/`ID` cut from one (`RAKYATKU.COM`), a span running over the
  dateline's dash (`KOMPAS.com - Umat Nasrani`), a wire agency in the dateline's parentheses
  (`Pontianak (ANTARA) -`);
- a span with a number word of digits is a measure, a code or a plate, not a name (`4 MMI`,
  `Kloter 24`, `JKS 24`);
- two people joined by a hyphen (`Acep Adang Ruhiyat-Gitalis Dwinatarina`, a ticket) are two
  mentions;
- a day or month name after an organisation or place is not part of it (`Kementerian Kesehatan
  Sabtu`);
- a place whose first word names a kind of organisation is an organisation (`Kantor Berita Politik
  RMOL`, `Dispendik Surabaya`);
- a vehicle's or phone's model after its maker is a product, no entity (`Honda Scoopy`);
- a "person" in a list of places is a place (`Kabupaten Kupang, Ende, Sikka, Sabu Raijua`;
  `Bengkalis (4), Rokan Hilir (9), Siak (31)`): a PER mention whose list neighbours (separated by
  a comma or `dan`, maybe after a count in parentheses) are places on both sides, or the two
  after it are.
After canonicalisation (`fold_entities`), within one article:
- `Kota X` and `Provinsi X` are X (the city, the province): one key with X;
- `Kabupaten X` stays apart from X: a regency and its namesake city are two places;
- an acronym the article spells out (`Badan Penanggulangan Bencana Daerah (BPBD)`): the long
  name takes the acronym's key, so the articles that write only `BPBD` meet it.
Each rule is written for the forms of Indonesian news pages, not for one outlet; they were
checked on the hand-judged sample of bench/entity_precision.py (in-sample for it).
"""
from __future__ import annotations

import re

from ..model import Entity, Mention
from .aliases import name_key, slug

_SITE = re.compile(r"(?i)[a-z0-9-]\.(?:co\.id|com|id|net|org|tv|co|news)\b")
_SITE_PART = frozenset({"COM", "CO", "ID", "CO.ID", "NET"})
_DASH = re.compile(r"\s[-–—]\s")
_NUMBER = re.compile(r"(?<![^\W\d_])\d+(?![^\W\d_])")
_DAYS_MONTHS = frozenset("""senin selasa rabu kamis jumat sabtu minggu ahad januari februari maret april mei juni
    juli agustus september oktober november desember""".split())
_JOINED = re.compile(r"^(?P<a>[A-Z][\w'.]*(?: [A-Z][\w'.]*)+)-(?P<b>[A-Z][\w'.]*(?: [A-Z][\w'.]*)+)$")
# a name that starts with one of these is an organisation, whatever the tagger said (`Kantor Berita
# Politik RMOL`, `Dispendik Surabaya`, `Dinas Pendidikan`)
_ORG_HEADS = frozenset("""kantor dinas dispendik disdik dishub dinkes dinsos badan komisi kementerian kemenag kemenkes
    partai lembaga polda polres polsek pemkab pemkot pemprov dprd kpu bawaslu yayasan perusahaan pt""".split())
# vehicle and phone makers: a name right after one, or a span starting with one and going on, is a
# product (`Honda Scoopy`, `Honda Kharisma`), not a person or an organisation
_MAKERS = frozenset("honda yamaha suzuki kawasaki toyota daihatsu mitsubishi nissan hyundai wuling xiaomi oppo "
                    "vivo realme infinix iphone".split())
_ADMIN = re.compile(r"^(?P<kind>kota|provinsi|kabupaten|kab) (?P<name>.+)$")
_SMALL_WORDS = frozenset("dan dari di ke untuk atas bagi serta the of and".split())


def _dateline_agency(text: str, m: Mention) -> bool:
    before = text[max(0, m.start - 1):m.start]
    after = text[m.end:m.end + 4]
    return before == "(" and re.match(r"\)\s*[-–—]", after) is not None


def clean_mentions(mentions: list[Mention], texts: dict[str, str]) -> list[Mention]:
    out: list[Mention] = []
    for m in mentions:
        text = texts.get(m.field, "")
        span = m.text
        if _DASH.search(span) or (_SITE.search(span) and (m.start < 120 or span.isupper())):
            continue        # a web address in the dateline's place (a cited `Kompas.com` later on stays)
        if span.upper() in _SITE_PART and text[m.start - 1:m.start] == ".":
            continue
        if m.start < 200 and _dateline_agency(text, m):
            continue
        if _NUMBER.search(span):
            continue
        joined = _JOINED.match(span) if m.type == "PER" else None
        if joined:
            b_start = m.start + joined.start("b")
            out.append(Mention(m.field, m.start, m.start + joined.end("a"), joined.group("a"), m.type, m.entity))
            out.append(Mention(m.field, b_start, m.end, joined.group("b"), m.type, m.entity))
            continue
        words = span.split()
        before = text[max(0, m.start - 12):m.start].split()
        if (len(words) > 1 and words[0].lower() in _MAKERS) or (before and before[-1].lower() in _MAKERS
                                                                 and m.type in ("PER", "ORG")):
            continue        # a product: `Honda Scoopy`, `Honda [Kharisma]`
        if m.type == "LOC" and len(words) > 1 and words[0].lower() in _ORG_HEADS:
            m = Mention(m.field, m.start, m.end, m.text, "ORG", None)
        if m.type in ("ORG", "LOC") and len(words) > 1 and words[-1].lower().strip(".,") in _DAYS_MONTHS:
            cut = span.rstrip()
            cut = cut[:cut.rstrip().rfind(" ")].rstrip(" ,")
            m = Mention(m.field, m.start, m.start + len(cut), cut, m.type, m.entity)
        out.append(m)
    return _retype_listed(out, texts)


_LIST_SEP = re.compile(r"^\s*(?:\(\d+\))?\s*(?:,|dan|,\s*dan|serta)\s*$")


def _retype_listed(mentions: list[Mention], texts: dict[str, str]) -> list[Mention]:
    out = list(mentions)
    by_field: dict[str, list[int]] = {}
    for i, m in enumerate(out):
        by_field.setdefault(m.field, []).append(i)
    for fld, idx in by_field.items():
        idx.sort(key=lambda i: out[i].start)
        text = texts.get(fld, "")

        def listed(a: int, b: int) -> bool:        # mentions a and b are neighbours in a list
            return _LIST_SEP.match(text[out[a].end:out[b].start]) is not None

        for k, i in enumerate(idx):
            if out[i].type != "PER":
                continue
            prev = [idx[j] for j in (k - 1, k - 2) if j >= 0]
            nxt = [idx[j] for j in (k + 1, k + 2) if j < len(idx)]
            p1 = len(prev) > 0 and listed(prev[0], i) and out[prev[0]].type == "LOC"
            n1 = len(nxt) > 0 and listed(i, nxt[0]) and out[nxt[0]].type == "LOC"
            n2 = n1 and len(nxt) > 1 and listed(nxt[0], nxt[1]) and out[nxt[1]].type == "LOC"
            # (not the two before it alone: "Jagir, Surabaya, Kiai Maftuh" ends a list with a person)
            if (p1 and n1) or n2:
                m = out[i]
                out[i] = Mention(m.field, m.start, m.end, m.text, "LOC", None)
    return out


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w.lower() not in _SMALL_WORDS and w[:1].isalpha()).upper()


def fold_entities(mentions: list[Mention], entities: list[Entity], texts: dict[str, str]) -> list[Entity]:
    """Keys of one article's mentions and entities folded as the module says; returns the
    article's entities (counts recomputed, first mention order kept)."""
    by_key = {e.key: e for e in entities}
    remap: dict[str, str] = {}
    names: dict[str, Entity] = {}          # new display names of folded keys
    locs = {name_key(e.name): e for e in entities if e.type == "LOC"}
    # Kota X, Provinsi X -> X (a bare X beside Kabupaten X is left alone: "rain in Kabupaten
    # Semarang flooded Semarang" names two places)
    for e in entities:
        if e.type != "LOC":
            continue
        m = _ADMIN.match(name_key(e.name))
        if not m:
            continue
        kind, bare = m.group("kind"), m.group("name")
        if kind in ("kota", "provinsi"):
            target = locs.get(bare)
            key = target.key if target else f"LOC:{slug(bare)}"
            if key != e.key:
                remap[e.key] = key
                if target is None:
                    names[key] = Entity(key, e.name.split(" ", 1)[1], "LOC")
    # an acronym spelled out: "Long Name (ACR)" -> the long name takes the acronym's key
    orgs = [e for e in entities if e.type in ("ORG", "LOC")]
    for e in orgs:
        if not (e.name.isupper() and 2 <= len(e.name) <= 8 and e.name.isalpha()):
            continue
        for long in orgs:
            if long is e or len(long.name.split()) < 2 or _initials(long.name) != e.name:
                continue
            if any(f"{long.name} ({e.name})" in t for t in texts.values()):
                remap[long.key] = e.key
                names.setdefault(e.key, Entity(e.key, long.name, e.type))
    if not remap:
        return entities
    for m in mentions:
        if m.entity in remap:
            m.entity = remap[m.entity]
    counts: dict[str, int] = {}
    order: list[str] = []
    for m in mentions:
        if m.entity is None:
            continue
        if m.entity not in counts:
            order.append(m.entity)
        counts[m.entity] = counts.get(m.entity, 0) + 1
    out = []
    for key in order:
        base = by_key.get(key) or names.get(key)
        if base is None:
            continue
        out.append(Entity(key, base.name, base.type, counts[key]))
    return out
