"""Direct quotes and who said them, from Indonesian reporting verbs and patterns.

Hand-written patterns: no maintained quote-attribution tool covers Indonesian, and the forms
are few and regular: `“...,” kata X`, `ujar X`, `ucap X`, `tutur X`, `jelas X`, `tambah X`,
`ungkap X`, `katanya`, `X mengatakan, “...”`, `menurut X, “...”`, `X: “...”`.

- A quote is the text between “ and ” or between two straight double quotes, within one field.
  An open quote that meets the end of a paragraph goes on when the next paragraph opens with a
  quote mark (the convention for a quote running over paragraphs), else it ends there.
  Two or three quoted words are a term or a title, not a quote, unless a reporting cue names
  a speaker.
- The speaker is read after the quote (`kata X`) first, then before it (`X mengatakan, “`,
  `menurut X, “`, `X: “`); a quote with neither takes the speaker of the quote before it in
  the same paragraph, or of the previous paragraph's quote when its paragraph is only the quote.
- A speaker is a name (the capitalised words: `Moon Jae-in`, `Menteri Luar Negeri Retno
  Marsudi`), a description (from a speaker noun on: `sumber anonim`, `juru bicara kepolisian`,
  leading `sebuah`, `seorang`, numbers and trailing `tersebut`, `itu` dropped), or a pronoun.
- Anaphora: `sumber tersebut`, `sumber itu` -> the latest earlier speaker with the same head
  noun, as that speaker was described (`menurut sebuah sumber anonim` -> `sumber anonim`);
  `dia`, `ia`, `beliau`, `-nya` -> the latest earlier speaker. Earlier speakers include indirect
  attributions (`menurut X`, `X mengatakan bahwa`), not only quoted ones.
- `speaker_entity`: the entity of the last person mention the speaker's words overlap (the name
  follows the office: `Kepala BMKG Dwikorita Karnawati`), else of an organisation mention that is
  the whole speaker, never a place (`warga Jalan Krukah`, `Bupati Lumajang ...`) and none for a
  relative (`putra sulung Presiden ...`); else of an entity whose name (or a person's first or last
  word) equals the speaker, else of the resolved antecedent. Measured: `kliping eval-quotes`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Entity, Mention, Quote
from .aliases import name_key

__all__ = ["find_quotes", "article_quotes"]

# someone's relative, aide or friend: 'putra sulung Presiden Joko Widodo' is the son, not the
# president, so a speaker opening with one of these links to no entity (`ibu` and `bapak` are also
# honorifics, 'kata Ibu Sri Mulyani', and `pengacara` a title, 'pengacara Hotman Paris': they stay out)
_RELATION_NOUNS = frozenset("""
putra putri anak istri suami ayah ayahanda ibunda adik kakak abang cucu menantu mertua keponakan sepupu
paman bibi nenek kakek ajudan sahabat tetangga kerabat keluarga teman rekan
""".split())

_SPEAKER_NOUNS = frozenset("""
sumber pejabat juru jubir saksi warga polisi pihak pengamat analis menteri presiden wakil ketua
kepala direktur ahli peneliti korban pelaku kuasa pengacara dokter petugas tersangka terdakwa
pemimpin diplomat perwakilan utusan anggota seseorang orang pria wanita perempuan laki-laki ibu
bapak politikus politisi ekonom pakar guru siswa mahasiswa pengusaha pedagang penduduk staf
pegawai karyawan komandan jaksa hakim gubernur bupati walikota wali kapolri kapolda kapolres
narasumber informan kerabat keluarga tetangga teman rekan pelatih pemain penyidik penasihat
sekretaris dubes duta delegasi kantor kementerian pemerintah perusahaan organisasi lembaga
""".split())


def _is_speaker_noun(word: str) -> bool:
    """A noun a description of a speaker opens with; a relation noun only in lower case (`Anak Agung`
    and `Putri` open Balinese and Javanese names)."""
    low = word.lower()
    return low in _SPEAKER_NOUNS or (word.islower() and low in _RELATION_NOUNS)


_DETERMINERS = frozenset("sebuah seorang salah satu para sang si beberapa sejumlah dua tiga empat lima".split())
_ANAPHORIC = frozenset(("tersebut", "itu", "ini"))
_PRONOUNS = frozenset(("dia", "ia", "beliau", "mereka", "nya", "he", "she"))
_AUX = frozenset("""sempat juga telah sudah pun pernah akan tidak belum kembali lalu kemudian hanya bahkan
sendiri pula lantas masih terus kerap sering""".split())
_STOP_AFTER = frozenset("""kepada saat ketika di dalam pada usai seusai setelah sebelum dikutip seperti sambil yang
melalui lewat dilansir via dari kepada dengan menjawab menanggapi""".split()) | frozenset("""
belum sudah telah akan tidak masih berdasarkan bahwa jika karena agar untuk namun tetapi sebagai
terkait soal tentang""".split())

_AFTER_RE = re.compile(
    # 'begitu jawaban Henry', 'demikian tulis laporan WAFA': a cue after `begitu`/`demikian`, or a
    # noun of what was said
    r"\s*[,.]?\s*(?:(?i:begitu|demikian)\s+)?"
    r"(?P<cue>(?i:kata|ujar|ucap|tutur|jelas|tambah|ungkap|imbuh|terang|sebut|papar|tegas|"
    r"lanjut|pungkas|tukas|timpal|seru|aku|tanya|sambung|tutup|tulis|tandas|seloroh|kelakar|pinta|"
    r"harap|kenang|sahut|jawab|teriak|keluh|bisik|sindir|canda|beber|urai|kisah|"
    r"jawaban|keterangan|pernyataan|penjelasan|katanya|ujarnya))(?P<nya>nya)?(?![\w-])"
    r"(?:\s+(?P<spk>[^.,;:!?“”\"\n]{1,80}))?"
)
_VERBS = (r"mengatakan|menyatakan|berkata|menegaskan|menjelaskan|mengungkapkan|menambahkan|menuturkan|"
          r"menyebutkan|menyebut|bilang|berujar|menandaskan|memaparkan|mengakui|menilai|mengucapkan")
# the same verbs for the lower-cased text, opening with a literal so the engine skips fast
_VERB_LOW_RE = re.compile(
    r"(?:me(?:ngatakan|nyatakan|negaskan|njelaskan|ngungkapkan|nambahkan|nuturkan|nyebutkan|nyebut|"
    r"nandaskan|maparkan|ngakui|nilai|ngucapkan|"
    # who believes, claims, asks or reminds is who goes on speaking: antecedents only
    r"yakini|ngklaim|nduga|mperkirakan|ngingatkan|nyampaikan|ngimbau|nekankan|nerangkan|mbenarkan|"
    r"ngaku)|berkata|berujar|berharap|bilang)(?![\w-])"
)
_LAST_BREAK_RE = re.compile(r"[.,;:!?“”\"\n](?=[^.,;:!?“”\"\n]*$)")
_APPOSITIVE_RE = re.compile(
    r",\s*(?!(?:Senin|Selasa|Rabu|Kamis|Jum'?at|Sabtu|Minggu|Ahad)\b)"      # a weekday is no name
    r"(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,4})(?=\s*[,.;(]|\s*$|\s+(?:dalam|di|saat|kepada|"
    r"ketika|sambil|seperti|melalui|lewat|usai|seusai|setelah|pada|dikutip)\s)"
)
_ABOUT_RE = re.compile(r"\s(?:bahwa|soal|tentang|terkait)\s")
# '“...” ia menambahkan.', '“...” Wakil Ketua KPK Nurul Ghufron mengatakan.'
_AFTER_VERB_RE = re.compile(
    r"\s*[,.]?\s*(?P<spk>(?:[A-Z][\w'’.-]*|ia|dia|beliau|he|she)(?:\s+[\w'’.-]+){0,6}?)\s+(?P<cue>" + _VERBS +
    # English pages in an Indonesian pile (a ministry's English edition): '“...” President Jokowi said.'
    r"|said|says|added|told|explained|stated)(?![\w-])"
)
_VERB_TAIL_RE = re.compile(r"\s+(?P<cue>" + _VERBS + r")(?:\s+bahwa)?\s*[,:]?\s*$", re.I)
_MENURUT_RE = re.compile(r"(?P<cue>menurut)\s+(?P<spk>[^.,;:!?“”\"\n]{1,80})", re.I)
_MENURUT_TAIL_RE = re.compile(r"(?i:menurut|kata)\s+(?P<spk>[^.,;:!?“”\"\n]{1,80}?)\s*[,:]\s*$")
_COLON_TAIL_RE = re.compile(r"(?P<spk>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,5})\s*:\s*$")
_NAME_RUN_RE = re.compile(
    r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|bin|binti|de|van|der|al|el|\([A-Z][\w'’. -]*\)))*"
)
_SENTENCE_END_RE = re.compile(r"[.!?]\s|\n")
_WEEKDAY_TAIL_RE = re.compile(r"(?:\s+(?:Senin|Selasa|Rabu|Kamis|Jum'?at|Sabtu|Minggu|Ahad))+$")
_QUOTE_CHARS_RE = re.compile(r"[“”\"]")


@dataclass(slots=True)
class _Speaker:
    pos: tuple[int, int]     # (field order, offset) where the attribution is
    text: str                # what the quote record says: a name as written, or a description
    start: int               # span of the speaker words in the field (-1: none)
    end: int
    kind: str                # "name" | "desc" | "pron"
    head: str | None = None  # first noun of a description
    entity: str | None = None
    anaphoric: bool = False  # 'sumber tersebut'


def _classify(words_text: str, start: int, leading: bool) -> _Speaker | None:
    """A speaker from a short phrase; `leading`: the speaker opens it (after `kata`), else ends it."""
    text = words_text.strip()
    if not text:
        return None
    offset = start + words_text.find(text)
    words = text.split()
    low = [w.lower() for w in words]
    if leading:
        if low[0] in _PRONOUNS or (len(low[0]) > 5 and low[0].endswith("nya") and words[0].islower()):
            # 'menurut kesaksiannya', 'menurut keterangannya': his or her account
            return _Speaker((0, 0), low[0], offset, offset + len(words[0]), "pron")
        m = _NAME_RUN_RE.match(text)
        if m and m.group()[0].isupper() and not _is_speaker_noun(words[0]) and low[0] not in _DETERMINERS:
            name = _WEEKDAY_TAIL_RE.sub("", m.group().rstrip("."))      # 'ungkap Jokowi Selasa (15/10)'
            return _Speaker((0, 0), name, offset, offset + len(name), "name")
        cut = len(words)
        for i, w in enumerate(low):
            if i and w in _STOP_AFTER:
                cut = i
                break
        words, low = words[:cut], low[:cut]
    else:
        while low and low[-1] in _AUX:
            words, low = words[:-1], low[:-1]
        if not words:
            return None
        if low[-1] in _PRONOUNS:
            end = offset + text.rfind(words[-1]) + len(words[-1])
            return _Speaker((0, 0), low[-1], end - len(words[-1]), end, "pron")
        phrase = " ".join(words)
        m = re.search(_NAME_RUN_RE.pattern + r"$", phrase)
        if m and not any(_is_speaker_noun(w) for w in m.group().split()[:1]):
            s = offset + text.find(m.group())
            return _Speaker((0, 0), m.group(), s, s + len(m.group()), "name")
    # a description: from its first speaker noun on, determiners and 'tersebut' dropped; after
    # `kata` any short phrase is the speaker ('kata nenek lima cucu itu')
    first = next((i for i, w in enumerate(words) if _is_speaker_noun(w)), None)
    if first is None:
        if not leading:
            return None
        first = next((i for i, w in enumerate(low) if w not in _DETERMINERS), None)
        if first is None or len(words) - first > 6:
            return None
    desc = words[first:]
    anaphoric = False
    while desc and desc[-1].lower() in _ANAPHORIC:
        desc = desc[:-1]
        anaphoric = True
    if not desc:
        return None
    s = offset + text.find(desc[0])
    e = offset + text.find(desc[-1], s - offset) + len(desc[-1])
    return _Speaker((0, 0), " ".join(desc), s, e, "desc", desc[0].lower(), None, anaphoric)


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the words inside each quote."""
    out: list[tuple[int, int]] = []
    marks = [(m.start(), m.group()) for m in _QUOTE_CHARS_RE.finditer(text)]
    if not marks:
        return out
    open_at: int | None = None
    para_from = 0           # where the open quote's current paragraph starts
    i = 0
    while i < len(marks):
        pos, ch = marks[i]
        if open_at is not None:
            brk = text.find("\n\n", para_from, pos)
            if brk != -1:
                # the paragraph ended first: go on only if the next paragraph opens with a mark
                nxt = brk + 2
                if text.startswith(("“", '"'), nxt) and pos == nxt:
                    para_from = pos + 1
                    i += 1
                    continue
                out.append((open_at, brk))
                open_at = None
                continue
            if ch in "”\"":                 # (a second “ inside an open quote is a stray: skipped)
                out.append((open_at, pos))
                open_at = None
            i += 1
            continue
        if ch == "“" or ch == '"':
            open_at = para_from = pos + 1
        elif ch == "”":
            # a closing mark with no opening one opens a quote when another one follows in the paragraph
            end_para = text.find("\n\n", pos)
            later = text.find("”", pos + 1, end_para if end_para != -1 else len(text))
            if later != -1:
                open_at = para_from = pos + 1
        i += 1
    if open_at is not None:
        brk = text.find("\n\n", open_at)
        out.append((open_at, brk if brk != -1 else len(text)))
    spans = []
    for s, e in out:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
    return spans


def _appositive(sp: _Speaker, text: str, at: int) -> None:
    """'kata Sekretaris Desa Sumberwuluh, Samsul Arifin.', 'Menurut Kanit Lantas, Iptu Galan Adi,': the
    name after the comma that closes a speaker's title joins it."""
    app = _APPOSITIVE_RE.match(text, at)
    if app is not None:
        sp.text = text[sp.start:app.end("name")].rstrip(".")
        sp.end = sp.start + len(sp.text)
        sp.kind = "name"


def _clause_start(text: str, lo: int) -> int:
    """Where the clause ending at `lo` starts: after the last punctuation mark or quote before it."""
    m = _LAST_BREAK_RE.search(text, max(0, lo - 160), lo)
    return m.start() + 1 if m else max(0, lo - 160) if lo > 160 else 0


def _attributions(text: str, fo: int) -> list[_Speaker]:
    """Every `menurut X` and `X mengatakan` in the field, quoted or not: the antecedents of anaphora."""
    out: list[_Speaker] = []
    low = text.lower()
    if len(low) != len(text):
        low = text
    i = low.find("menurut")
    while i != -1:
        if i == 0 or not low[i - 1].isalnum():
            m = _MENURUT_RE.match(text, i)
            if m is not None:
                phrase = m.group("spk")
                b = _ABOUT_RE.search(phrase)
                if b:
                    phrase = phrase[:b.start()]
                sp = _classify(phrase, m.start("spk"), leading=True)
                if sp is not None and sp.kind != "pron" and sp.end == m.start("spk") + len(phrase.rstrip()):
                    _appositive(sp, text, m.start("spk") + len(phrase))
                if sp is not None:
                    sp.pos = (fo, m.start())
                    out.append(sp)
        i = low.find("menurut", i + 7)
    for m in _VERB_LOW_RE.finditer(low):
        lo = m.start()
        if lo and (low[lo - 1].isalnum() or low[lo - 1] == "-"):
            continue
        k = _clause_start(text, lo)
        sp = _classify(text[k:lo], k, leading=False)
        if sp is None and k >= 2 and not text[k:lo].strip() and text[k - 1] == ",":
            # 'Resti Larasati, duta Cyber Mall Malang, menjelaskan': the name before the appositive
            k2 = _clause_start(text, k - 1)
            if k2 >= 2 and text[k2 - 1] == ",":
                k3 = _clause_start(text, k2 - 1)
                sp = _classify(text[k3:k2 - 1], k3, leading=False)
            if sp is None:
                sp = _classify(text[k2:k - 1], k2, leading=False)
        if sp is not None:
            sp.pos = (fo, lo)
            out.append(sp)
    return out


def _link(sp: _Speaker, fld: str, mentions: list[Mention], entities: list[Entity]) -> str | None:
    if sp.kind == "desc" and sp.head in _RELATION_NOUNS and sp.text[:1].islower():
        return None                          # someone's son, aide, neighbour: not that someone
    if sp.start >= 0:
        over = [m for m in mentions if m.field == fld and m.entity and m.start < sp.end and sp.start < m.end]
        # who speaks is a person, else an organisation; the place in a title or a description
        # ('Bupati Lumajang ...', 'warga Jalan Krukah') is not the speaker, nor is the office a
        # person holds ('Kepala BMKG Dwikorita Karnawati': the name comes after it)
        people = [m for m in over if m.type == "PER"]
        if people:
            return people[-1].entity
        for m in over:
            if m.type == "ORG" and m.start <= sp.start and m.end >= sp.end:
                return m.entity
    if sp.kind == "pron":
        return None
    nk = name_key(sp.text)
    for e in entities:                      # 'pelatih Andi Wijaya', 'Presiden Moon Jae-in'
        if e.type == "PER" and nk.endswith(" " + name_key(e.name)):
            return e.key
    if sp.kind != "name":
        return None
    for e in entities:
        if name_key(e.name) == nk and e.type != "LOC":
            return e.key
    for e in entities:
        if e.type == "PER":
            words = name_key(e.name).split()
            if len(words) > 1 and nk in (words[0], words[-1]):
                return e.key
    return None


def _resolve(sp: _Speaker, history: list[_Speaker]) -> _Speaker:
    """The antecedent of a pronoun or of `sumber tersebut`, or the speaker itself."""
    if sp.kind == "pron":
        for h in reversed(history):
            if h.pos < sp.pos and h.kind != "pron":
                return h
        return sp
    if sp.kind == "desc" and sp.anaphoric:
        for h in reversed(history):
            if h.pos < sp.pos and h.kind == "desc" and h.head == sp.head and h is not sp:
                return h
    return sp


def find_quotes(text: str, field: str = "body", mentions: list[Mention] | None = None,
                entities: list[Entity] | None = None, history: list[_Speaker] | None = None) -> list[Quote]:
    """Quotes of one text field with their speakers. `history`: earlier fields' speakers (shared, extended)."""
    mentions = mentions or []
    entities = entities or []
    if history is None:
        history = []
    if not text or _QUOTE_CHARS_RE.search(text) is None:
        history.extend(_attributions(text, _FO.get(field, 3)) if text else [])
        return []
    fo = _FO.get(field, 3)
    found = _attributions(text, fo)
    quotes: list[Quote] = []
    prev: tuple[Quote, int, _Speaker | None] | None = None    # last quote, where its paragraph starts
    spans = _quote_spans(text)
    for s, e in spans:
        brk = text.rfind("\n\n", 0, s)
        para_start = brk + 2 if brk != -1 else 0
        close = e
        while close < len(text) and text[close] in " \t":      # '"  ... masyarakat  " ujar sumber'
            close += 1
        close = close + 1 if close < len(text) and text[close] in "”\"" else e
        sp: _Speaker | None = None
        cue: str | None = None
        m = _AFTER_RE.match(text, close) if close < len(text) and "\n" not in text[close:close + 2] else None
        if m is not None:
            cue = m.group("cue").lower()
            if m.group("nya") or cue in ("katanya", "ujarnya"):
                sp = _Speaker((fo, close), "nya", -1, -1, "pron")
                cue = cue.removesuffix("nya")
            elif m.group("spk"):
                sp = _classify(m.group("spk"), m.start("spk"), leading=True)
                if sp is not None and sp.kind != "pron" and sp.end == m.start("spk") + len(m.group("spk").rstrip()):
                    _appositive(sp, text, m.end("spk"))
        elif close < len(text) and "\n" not in text[close:close + 2]:
            vm = _AFTER_VERB_RE.match(text, close)
            if vm is not None:
                cue = vm.group("cue").lower()
                sp = _classify(vm.group("spk"), vm.start("spk"), leading=False)
        if sp is not None:
            sp.pos = (fo, close)
            found.append(sp)
        if sp is None:
            opening = s - 1 if s > 0 and text[s - 1] in "“\"”" else s
            pre = text[para_start:opening]
            vm = _VERB_TAIL_RE.search(pre)
            mm = _MENURUT_TAIL_RE.search(pre)
            cm = _COLON_TAIL_RE.search(pre)
            if vm is not None:
                k = vm.start()
                j = _clause_start(pre, k)
                sp = _classify(pre[j:k], para_start + j, leading=False)
                cue = vm.group("cue").lower()
            elif mm is not None:
                sp = _classify(mm.group("spk"), para_start + mm.start("spk"), leading=True)
                cue = mm.group().split()[0].lower()
            elif cm is not None:
                sp = _classify(cm.group("spk"), para_start + cm.start("spk"), leading=True)
                cue = ":"
            if sp is not None:
                sp.pos = (fo, opening)
        words = len(text[s:e].split())
        if sp is None:
            carried = _carry(prev, text, s, para_start)
            if carried is not None and words >= 2:
                sp = carried
        if sp is None and words < 4:
            continue                     # a term or a title in quote marks
        speaker = speaker_entity = None
        if sp is not None:
            ante = _resolve(sp, history + sorted(found, key=lambda h: h.pos))
            if sp.kind == "pron":
                person = _nearest_person(sp, mentions, field, fo, s, spans)
                if person is not sp and (ante.kind == "pron" or (person.pos > ante.pos and not (
                        # 'Menurut Dian, Pashmina mulai ditinggalkan.': a name in the attribution's own
                        # sentence is what the speaker talks about
                        ante.pos[0] == fo and not _SENTENCE_END_RE.search(text, ante.pos[1], person.pos[1])))):
                    ante = person
            speaker = ante.text if ante.kind != "pron" else None
            speaker_entity = _link(ante, _FIELDS.get(ante.pos[0], ""), mentions, entities)
            sp = ante
        q = Quote(field, s, e, text[s:e], speaker, speaker_entity, cue)
        quotes.append(q)
        prev = (q, para_start, sp)
    history.extend(found)
    history.sort(key=lambda h: h.pos)
    return quotes


def _nearest_person(sp: _Speaker, mentions: list[Mention], field: str, fo: int, before: int,
                    quoted: list[tuple[int, int]]) -> _Speaker:
    """For a pronoun: the person mentioned last before the quote, outside quotes (the caller
    keeps an earlier attribution instead when that one is nearer)."""
    best = None
    for m in mentions:
        if m.field == field and m.type == "PER" and m.end <= before and (best is None or m.start > best.start) \
                and not any(qs <= m.start < qe for qs, qe in quoted):
            best = m
    if best is None:
        return sp
    return _Speaker((fo, best.start), best.text, best.start, best.end, "name", None, best.entity)


def _carry(prev: tuple[Quote, int, _Speaker | None] | None, text: str, s: int, para_start: int) -> _Speaker | None:
    """The speaker of the previous quote, when this one continues it."""
    if prev is None or prev[2] is None:
        return None
    q, prev_para, sp = prev
    if prev_para == para_start:
        return sp                                   # same paragraph
    # the previous paragraph held that quote and this paragraph is only a quote
    between = text[q.end:para_start]
    if between.count("\n\n") == 1:
        rest = text[para_start:].split("\n\n", 1)[0].strip()
        if rest.startswith(("“", '"')) and rest.endswith(("”", '"', "”.", '".')):
            return sp
    return None


_FO = {"title": 0, "deck": 1, "body": 2}
_FIELDS = {v: k for k, v in _FO.items()}


def article_quotes(title: str | None, deck: str | None, body: str,
                   mentions: list[Mention], entities: list[Entity]) -> list[Quote]:
    """Quotes of the title, deck and body, speakers resolved in reading order."""
    history: list[_Speaker] = []
    out: list[Quote] = []
    for fld, text in (("title", title), ("deck", deck), ("body", body)):
        if text:
            out.extend(find_quotes(text, fld, mentions, entities, history))
    return out
