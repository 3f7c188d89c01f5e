"""Mentions that are no entity, and names of one entity folded into one key (issue 18).

Before canonicalisation (`clean_mentions`):
- a dateline's site name is no entity: a span holding a web address in the dateline's place
  (the first 120 characters) or in capitals (`KONTAN.CO.ID`), a bare `COM`/`CO`/`ID` cut from one (`RAKYATKU.COM`), a span running over the
  dateline's dash (`KOMPAS.com - Umat Nasrani`), a wire agency in the dateline's parentheses
  (`Pontianak (ANTARA) -`);
- a span with a number of digits or a lower-case number word is a measure, a code or a plate, not
  a name (`4 MMI`, `Kloter 24`, `JKS 24`, `Kloter delapan Embarkasi Medan`); a span that starts
  inside a film's or song's title (`Film Pengabdi [Setan]`) is part of the title;
- a police or army rank inside an organisation or a place opens a person's name: `Polres Lumajang
  Ipda Untoro` is the unit and Untoro, `Jember AKBP Alfian Nurrizal` the place and the officer;
- a title alone tagged as a person (`Analis`, `Kepala`) is no entity;
- two people joined by a hyphen (`Acep Adang Ruhiyat-Gitalis Dwinatarina`, a ticket) are two
  mentions;
- a day or month name after an organisation or place is not part of it (`Kementerian Kesehatan
  Sabtu`);
- a place whose first word names a kind of organisation is an organisation (`Kantor Berita Politik
  RMOL`, `Dispendik Surabaya`);
- a vehicle's or phone's model after its maker is a product, no entity (`Honda Scoopy`);
- a licence plate after `nomor polisi`/`nopol`/`pelat` is no entity (`AB XX`); a place opening a
  sports event's name (`Indonesia Open`, `... Masters`, `... Cup`) is the event, no place;
- a one-word mention that only opens a sentence, whose word the article also writes in lower case,
  is that common word (`Aborsi menjadi ...` beside `aborsi`);
- a "person" with a price after it (`Smoot Zuzu: Rp 19,9 juta`) is a product, no entity (a place
  with one is a region of a price list and stays);
- a place cited as a source (`dilansir dari Wikipedia`) or after a role title (`Ketua Umum Projo`)
  is an organisation; a person after a lower-case word for a kind of place (`di jalan Sudirman`,
  `perlintasan kereta api Joglo`, `di Sintang`, `menempati Loji Gandrung`) is that place; a person's name goes on over a capitalised
  particle (`Fabio Di Giannantonio`);
- an organisation after a head's title that swallowed a person named alone elsewhere in the
  article keeps its own words, the person becomes a mention of its own (`Kepala BMKG Pekanbaru
  Sugarin`);
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
# a licence plate is written after these words (`nomor polisi AB XX`)
_PLATE_BEFORE = re.compile(r"(?i)\b(?:(?:ber)?nomor polisi|no\.? polisi|nopol|pelat nomor|plat nomor|pelat|plat)\s*$")
# a country or city name that opens a sports event's name (`Indonesia Open`, `Jakarta Masters`)
_EVENT_AFTER = re.compile(r"^\s+(?:(?:[A-Z][\w'-]+\s+){0,3}(?:Festival|Fest|Awards?|Expo|Fair|Summit|Week)|"
                          r"Open|Masters|Cup|Championships?|Grand Prix|International Series)\b")
# a vehicle noun before a maker's name makes a product (`Mobil BMW`, `motor Honda`)
_VEHICLE_WORDS = frozenset("mobil motor truk bus skuter sepeda ponsel hp smartphone laptop".split())
# honorifics and titles written inside a person's span (`Tun Dr Mahathir Mohamad`, `Muhammad SAW`):
# the name is what is left
_TITLE_HEAD = re.compile(r"^(?:(?:Tun|Tan Sri|Datuk Seri|Datuk|Dato'?|Dr\.?|Prof\.?|Ir\.?|Drs\.?|Dra\.?|H\.|Hj\.|KH\.?|"
                         r"K\.H\.|Kiai|Syekh|Habib|Gus|Raden|RM\.?|Letjen|Mayjen|Brigjen|Jenderal|Kombes|AKBP|"
                         r"AKP|Irjen|Komjen)\s+)+")
# a title or an office alone, tagged as a person: nobody in particular
_ROLE_WORDS = frozenset("""analis pengamat peneliti ekonom prakirawan kepala direktur menteri presiden wapres gubernur
bupati walikota wali ketua wakil sekretaris komandan panglima kapolri kapolda kapolres kapolsek kasat kanit kabid
kadaker kadis camat lurah jaksa hakim dokter juru jubir manajer pelatih""".split())
# police and army ranks written before a name (abbreviations only: `Jenderal`, `Kapten` and `Mayor`
# also open street and stadium names, `Jalan Jenderal Sudirman`, `Stadion Kapten I Wayan Dipta`)
_RANK = re.compile(r"(?:^|\s)(?:Komjen|Irjen|Brigjen|Kombes|AKBP|Kompol|AKP|Iptu|Ipda|Aiptu|Aipda|Bripka|Brigpol|"
                   r"Briptu|Bripda|Bharada|Letjen|Mayjen|Letkol|Lettu|Letda|Serma|Serka|Sertu|Serda|Kopda|Praka|"
                   r"Prada)(?:\s+Pol\.?)?(?=\s|$)")
_TITLE_TAIL = re.compile(r"\s+(?:SAW|SWT|AS|RA|S\.?H\.?|S\.?E\.?|M\.?Si\.?|M\.?M\.?|Ph\.?D\.?)$")
# an organisation's suffix on a "place" makes it an organisation (`Saudi Arabia Airlines`)
_ORG_TAILS = frozenset("airlines airline airways air bank group corporation corp inc ltd fc united "
                       "university universitas institute".split())
# a unit named after its region (`Direktorat Reserse Narkoba Polda` + `Sumatera Utara`) is one organisation
_REGIONAL_HEADS = frozenset("polda polres polresta polrestabes polsek kodam korem kodim lanud lantamal pemprov pemkab "
                            "pemkot kanwil kemenag kejati kejari dprd kpu kpud bawaslu bpbd bps".split())
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|\n\s*|[\"“]\s*)$")
# a publication cited as a source is an organisation, never a place (`dilansir dari Wikipedia`)
_SOURCE_BEFORE = re.compile(r"(?i)\b(?:dilansir dari|dilansir|melansir|dikutip dari|mengutip|menurut laporan)\s*$")
# the organisation of a role title (`Ketua Umum Projo`) is an organisation, never a place
_ROLE_BEFORE = re.compile(r"(?i)\b(?:ketua umum|ketua|wakil ketua|sekretaris jenderal|sekjen|bendahara umum|"
                          r"pendiri|relawan)\s*$")
# a name written right after a lower-case word for a kind of place, after `di` (at, in: no one is
# "at" a person) or `menempati` (to occupy) is that place (`di jalan Sudirman`, `perlintasan kereta
# api Joglo`, `menempati Loji Gandrung`), not a person
_PLACE_NOUN_BEFORE = re.compile(r"(?:^|\s)(?:jalan|jl\.|desa|kelurahan|kecamatan|kampung|dusun|stasiun|terminal|"
                                r"bandara|pelabuhan|perlintasan kereta api|perlintasan|gedung|lapangan|pasar|"
                                r"taman|sungai|gunung|pantai|pulau|di|menempati)\s+$")
# ... unless the place word names someone's office (`kepala desa Sutarno`, `petugas stasiun Budi`)
_ROLE_OF_PLACE_BEFORE = re.compile(r"(?i)\b(?:kepala|sekretaris|perangkat|ketua|pengelola|penjaga|petugas|"
                                   r"pegawai|camat|lurah|wakil)\s+\w+\s+$")
# a price list's item (`Smoot Zuzu: Rp 19,9 juta`) is a product
_PRICE_AFTER = re.compile(r"^\s*[:=–-]?\s*Rp\.?\s?\d")
# a name particle written with a capital inside a name (`Fabio Di Giannantonio`, `Van Dijk`): the
# person's name goes on (the preposition `di` is written in lower case)
_PARTICLE_AFTER = re.compile(r"^ (?:Di|De|Da|Van|Von|Le|La|Dos|Del|Der) (?:[A-Z][\w'-]+)(?: [A-Z][\w'-]+)?")
# the head of an organisation, named after it (`Kepala BMKG Pekanbaru Sugarin`)
_HEAD_OF_BEFORE = re.compile(r"(?i)\b(?:kepala|ketua|direktur|sekretaris|komandan|kapolres|kapolda|kapolsek|"
                             r"juru bicara|jubir|pimpinan|manajer|kabid|kasi)\s+$")
# a number written as a word inside a span is a count or a code too (`Kloter delapan Embarkasi Medan`)
_NUMBER_WORD = re.compile(r"(?<!\w)(?:satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|"
                          r"\w+ belas|\w+ puluh|seratus|ratusan|ribuan)(?!\w)")
# a span that starts inside the title of a work (`Film Pengabdi [Setan]`): part of a title, no entity
_WORK_TITLE_BEFORE = re.compile(r"\b(?:[Ff]ilm|[Ll]agu|[Aa]lbum|[Nn]ovel|[Ss]inetron|[Ss]erial)\s+(?:[A-Z][\w'-]*\s+){0,3}$")
_ADMIN = re.compile(r"^(?P<kind>kota|provinsi|kabupaten|kab) (?P<name>.+)$")
_SMALL_WORDS = frozenset("dan dari di ke untuk atas bagi serta the of and".split())


def _dateline_agency(text: str, m: Mention) -> bool:
    before = text[max(0, m.start - 1):m.start]
    after = text[m.end:m.end + 4]
    return before == "(" and re.match(r"\)\s*[-–—]", after) is not None


def _common_word(m: Mention, text: str, lowered: str) -> bool:
    """A one-word mention capitalised only because it opens a sentence, whose word the article also
    writes in lower case (`Aborsi menjadi isu ...` beside `... soal aborsi`; `Medan yang berat`
    beside `medan`)."""
    word = m.text.strip()
    if " " in word or not word[:1].isupper() or word.isupper() or m.entity is not None:
        return False        # (a name the alias table knows, `Pertamina`, stays one)
    if _SENTENCE_START.search(text[max(0, m.start - 3):m.start]) is None:
        return False
    # written as a word, not inside an address (`pertamina.com`, `@pertamina`, `/pertamina`)
    return re.search(r"(?<![\w/.@-])" + re.escape(word.lower()) + r"(?![\w-]|\.\w)", lowered) is not None


def clean_mentions(mentions: list[Mention], texts: dict[str, str]) -> list[Mention]:
    out: list[Mention] = []
    # the article's words as written, lower-case ones only (to tell a common word from a name)
    lowered = " ".join(texts.values())
    for m in mentions:
        text = texts.get(m.field, "")
        span = m.text
        words = span.split()
        if _DASH.search(span) or (_SITE.search(span) and (m.start < 120 or span.isupper())):
            continue        # a web address in the dateline's place (a cited `Kompas.com` later on stays)
        if span.upper() in _SITE_PART and text[m.start - 1:m.start] == ".":
            continue
        if m.start < 200 and _dateline_agency(text, m):
            continue
        if _NUMBER.search(span) or _NUMBER_WORD.search(span):
            continue
        if _WORK_TITLE_BEFORE.search(text[max(0, m.start - 60):m.start]):
            continue        # inside a film's or a song's title
        if _PLATE_BEFORE.search(text[max(0, m.start - 16):m.start]):
            continue        # a licence plate (`nomor polisi AB XX`)
        if m.type == "LOC" and _EVENT_AFTER.match(text[m.end:m.end + 25]):
            continue        # a sports event (`Indonesia Open 2025`), not the place
        if _common_word(m, text, lowered):
            continue
        if m.type == "PER" and span.strip().lower() in _ROLE_WORDS:
            continue        # a title alone is nobody (`kata Analis Cuaca BMKG ...`: `Analis`)
        if m.type in ("LOC", "PER") and len(words) > 1 and words[0].lower() in _VEHICLE_WORDS and any(
                w.lower() in _MAKERS or w.isupper() for w in words[1:]):
            continue        # a product (`Mobil BMW`)
        if "(" in span and ")" not in span:
            # a span that stops inside its own parentheses (`PT Pertamina (Persero`): the name before them
            cut = span[:span.index("(")].rstrip()
            if not cut:
                continue
            m = Mention(m.field, m.start, m.start + len(cut), cut, m.type, m.entity)
            span, words = m.text, m.text.split()
        rank = _RANK.search(span) if m.type in ("ORG", "LOC") else None
        if rank is not None:
            # a police or army rank opens a person's name: what the tagger ran together with the unit
            # or the place before it is two mentions (`Polres Lumajang Ipda Untoro`, `Jember AKBP
            # Alfian Nurrizal`), the unit cut off before a rank left at its end (`Polda Sumut Kombes Pol`)
            unit = span[:rank.start()].rstrip()
            name = span[rank.end():].strip()
            if unit:
                out.append(Mention(m.field, m.start, m.start + len(unit), unit, m.type, None))
            if name and name[0].isupper():
                a = m.start + span.index(name, rank.end())
                m = Mention(m.field, a, a + len(name), name, "PER", None)
                span, words = m.text, m.text.split()
            else:
                continue
        if m.type == "PER":
            head = _TITLE_HEAD.match(span)
            tail = _TITLE_TAIL.search(span)
            a = head.end() if head else 0
            b = tail.start() if tail else len(span)
            if (a or b < len(span)) and span[a:b].strip():
                m = Mention(m.field, m.start + a, m.start + b, span[a:b], "PER", None)
                span, words = m.text, m.text.split()
        if m.type == "LOC" and len(words) > 1 and words[-1].lower() in _ORG_TAILS:
            m = Mention(m.field, m.start, m.end, m.text, "ORG", None)
        if m.type == "PER" and _PRICE_AFTER.match(text[m.end:m.end + 12]):
            continue        # a "person" with a price is a product (a place with one is a price list's region)
        if m.type == "LOC" and (_SOURCE_BEFORE.search(text[max(0, m.start - 20):m.start])
                                or _ROLE_BEFORE.search(text[max(0, m.start - 24):m.start])):
            m = Mention(m.field, m.start, m.end, m.text, "ORG", None)
        if (m.type == "PER" and _PLACE_NOUN_BEFORE.search(text[max(0, m.start - 28):m.start])
                and not _ROLE_OF_PLACE_BEFORE.search(text[max(0, m.start - 40):m.start])):
            m = Mention(m.field, m.start, m.end, m.text, "LOC", None)
        if m.type == "PER":
            particle = _PARTICLE_AFTER.match(text[m.end:m.end + 40])
            if particle:
                end = m.end + particle.end()
                m = Mention(m.field, m.start, end, text[m.start:end], "PER", None)
                span = m.text
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
    return _retype_listed(_regional_units(_person_cut_off(out, texts), texts), texts)


def _regional_units(mentions: list[Mention], texts: dict[str, str]) -> list[Mention]:
    """A unit named after its region is one organisation: an organisation ending in a regional
    body's word (`Direktorat Reserse Narkoba Polda`, `Kanwil Kemenag`) with a place right after it
    (`Sumatera Utara`) takes the place into its name."""
    ordered = sorted(mentions, key=lambda m: (m.field, m.start))
    out: list[Mention] = []
    skip = -1
    for k, m in enumerate(ordered):
        if k == skip:
            continue
        nxt = ordered[k + 1] if k + 1 < len(ordered) else None
        if (m.type == "ORG" and nxt is not None and nxt.field == m.field and nxt.type == "LOC"
                and m.text.split()[-1].lower() in _REGIONAL_HEADS
                and texts.get(m.field, "")[m.end:nxt.start] == " "):
            text = texts[m.field]
            out.append(Mention(m.field, m.start, nxt.end, text[m.start:nxt.end], "ORG", None))
            skip = k + 1
            continue
        out.append(m)
    return out


def _person_cut_off(mentions: list[Mention], texts: dict[str, str]) -> list[Mention]:
    """An organisation after a head's title that swallowed the person named after it (`Kepala BMKG
    Pekanbaru Sugarin` where the article then writes `Sugarin mengatakan`): the last word is cut
    off as a person of its own when the article names that word alone as a person elsewhere."""
    people = {m.text for m in mentions if m.type == "PER" and " " not in m.text.strip()}
    if not people:
        return mentions
    out = []
    for m in mentions:
        words = m.text.split(" ")
        text = texts.get(m.field, "")
        if (m.type == "ORG" and len(words) > 2 and words[-1] in people
                and _HEAD_OF_BEFORE.search(text[max(0, m.start - 20):m.start])):
            head = " ".join(words[:-1])
            out.append(Mention(m.field, m.start, m.start + len(head), head, m.type, None))
            out.append(Mention(m.field, m.end - len(words[-1]), m.end, words[-1], "PER", None))
            continue
        out.append(m)
    return out


_COUNT_AFTER = re.compile(r"^\s?\(\d+\)")
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

        # until nothing changes: a place retyped can make its neighbour's list ("Sumba Timur, Sabu
        # Raijua, Rote Ndao" with both of the last two read as people)
        changed = True
        while changed:
            changed = False
            for k, i in enumerate(idx):
                if out[i].type != "PER":
                    continue
                prev = [idx[j] for j in (k - 1, k - 2) if j >= 0]
                nxt = [idx[j] for j in (k + 1, k + 2) if j < len(idx)]
                p1 = len(prev) > 0 and listed(prev[0], i) and out[prev[0]].type == "LOC"
                n1 = len(nxt) > 0 and listed(i, nxt[0]) and out[nxt[0]].type == "LOC"
                n2 = n1 and len(nxt) > 1 and listed(nxt[0], nxt[1]) and out[nxt[1]].type == "LOC"
                # a place list with counts (`Kabupaten Pelalawan (50), Rokan Hilir (31), Kuansing (14)`):
                # the place before it and this one both followed by a count
                counted = (p1 and _COUNT_AFTER.match(text[out[prev[0]].end:out[prev[0]].end + 8]) is not None
                           and _COUNT_AFTER.match(text[out[i].end:out[i].end + 8]) is not None)
                # (not the two before it alone: "Jagir, Surabaya, Kiai Maftuh" ends a list with a person)
                if (p1 and n1) or n2 or counted:
                    m = out[i]
                    out[i] = Mention(m.field, m.start, m.end, m.text, "LOC", None)
                    changed = True
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
