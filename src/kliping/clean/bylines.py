"""Author and editor names from the byline-like lines of an Indonesian news page.

Hand-written because no library parses Indonesian / Malay bylines: labels such
as ``Penulis:``, ``Pewarta:``, ``Rep: .../ Red: ...``, ``Laporan Wartawan
Tribunnews.com, ...``, kompas.com's name-then-``Penulis`` layout, okezone's
trailing ``(Nama Penulis)`` and desk initials like ``(dhn/dhn)`` are outlet
habits, not a standard. Rules are precompiled regexes and stay conservative:
a line yields names only through a label, a byline-role bare name, a name
leading a datetime line, or (for body text) a trailing parenthesised credit.
"""
from __future__ import annotations

import re
from typing import Iterable

from ..stemming import FUNCTION_WORDS
from .cues import MONTHS

AUTHOR, EDITOR, SKIP = "author", "editor", "skip"
_ROLES = ("byline", "datetime", "source", "body")
_FIELD = {
    "penulis": AUTHOR, "reporter": AUTHOR, "pewarta": AUTHOR, "wartawan": AUTHOR, "kontributor": AUTHOR,
    "writer": AUTHOR, "author": AUTHOR, "rep": AUTHOR, "oleh": AUTHOR, "by": AUTHOR, "written by": AUTHOR,
    # the same labels of the other languages on the field benchmark (German, Spanish, French, Dutch...)
    "von": AUTHOR, "por": AUTHOR, "par": AUTHOR, "door": AUTHOR, "autor": AUTHOR, "autorin": AUTHOR,
    "autora": AUTHOR, "auteur": AUTHOR, "autore": AUTHOR,
    "anggitanipun": AUTHOR, "editor": EDITOR, "penyunting": EDITOR, "redaktur": EDITOR, "red": EDITOR,
    "editing": EDITOR, "edited by": EDITOR, "sumber": SKIP, "source": SKIP, "foto": SKIP, "photo": SKIP,
}
# A label may sit anywhere in the line (after a date, after "|"); "EditorNama" is glued on some pages.
_LABEL_RE = re.compile(
    r"(?<![\w.@])(?:"
    r"(?P<lap>laporan\s+(?:wartawan|reporter|jurnalis|kontributor)\b[^,]*,)"
    r"|(?P<loose>written\s+by|edited\s+by|oleh|by|anggitanipun|von|por|par|door)\b[\s:;]*"
    r"|(?P<short>rep|red)\s*[:;]"
    r"|(?P<strict>penulis|reporter|pewarta|wartawan|kontributor|writer|author|autorin|autora|autore|autor|auteur"
    r"|editor|penyunting|redaktur"
    r"|editing|sumber|source|foto|photo)(?:\s*[:;]|(?=\s|$|(?-i:[A-Z])))"
    r")\s*", re.I)
# A whole line that is a labelled byline ("Penulis: Dewi Lestari", "Editor : Budi Santoso"): the
# author and editor labels above, with a colon and a capital after it; prepositions ("oleh", "by")
# are left out, they open sentences too.
_BYLINE_LINE_RE = re.compile(
    r"^\s*(?:laporan\s+wartawan|" + "|".join(sorted(
        (k.replace(" ", r"\s+") for k, v in _FIELD.items()
         if v in (AUTHOR, EDITOR) and k not in ("oleh", "by", "written by", "edited by", "von", "por", "par", "door")),
        key=len, reverse=True))
    + r")\s*:\s*[A-Z]", re.I)


def named_byline(text: str) -> bool:
    """A short line that is a labelled byline: on the labelled dev pages 44 of the 45 such lines
    are bylines (the other packs a promo into the same line)."""
    return len(text) < 100 and bool(_BYLINE_LINE_RE.match(text))


_PARENS_RE = re.compile(r"\([^()]*\)?|\)")
_JUNK_RE = re.compile(r"\S+@\S+|https?://\S+|www\.\S+|@\w+")
_DASH_SUFFIX_RE = re.compile(r"\s+[-–—]\s.*$|\s*[-–—]\s*$")
_GLUED_OUTLET_RE = re.compile(r"-\s*(?:\S*\.[a-z]{2,}\S*|detik\w*|tribun\w*)$", re.I)
_SPLIT_RE = re.compile(r"\s*[|,&/;]\s*|\s+(?:dan|and|und|et|og|y)\s+")
_DEGREE_RE = re.compile(r"^(?:[A-Z][a-z]{0,3}\.(?:[A-Z][A-Za-z]{0,3}\.?)+|Lc|MA|MM|MH|SH|SE|MSi|SPd|PhD|BA|MSc|BSc)\.?,?$")
_PREFIX_TITLE_RE = re.compile(r"^(?:(?:Prof|Dr|Drs|Dra|Ir|dr)\.?\s+)+")
_BULLET_RE = re.compile(r"^[\s•·●▪\-–—*>]+")
_DIGIT_RE = re.compile(r"\d")
_OUTLET_TOKEN_RE = re.compile(
    r"^(?:\w+\.(?:com|co|id|net|tv|org|my)\S*|detik\w*|tribun\w*|kompas\w*|okezone|liputan6|antara|reuters|afp|ap"
    r"|xinhua|bernama|indonesia|news|online|media|post|times|tv|com|daily|network)$", re.I)
# Press offices, desks and generic staff words: never a person.
_OFFICE = frozenset(
    "humas admin administrator redaksi redaktur tim team kontributor penulis editor reporter wartawan jurnalis pewarta "
    "staf staff desk newsroom webmaster operator author writer anonim anonymous guest tamu pengelola official website "
    "sumber source foto photo ilustrasi istimewa ist dok dokumentasi video bersambung selesai tamat adv advertorial "
    "rilis release red rep corporate secretary sekretaris manager manajer officer".split())
# Section words and calendar words that lead datetime lines ("Nasional Rabu, ...").
_NOT_NAME = frozenset(
    "berita kabar info nasional internasional regional daerah politik ekonomi bisnis hukum olahraga sport hiburan "
    "teknologi opini headline utama terkini terbaru populer home beranda date posted published updated diperbarui "
    "diterbitkan diposting senin selasa rabu kamis jumat sabtu minggu ahad monday tuesday wednesday thursday friday "
    "saturday sunday januari februari maret april mei juni juli agustus september oktober november desember "
    "january february march may june july august october december jan feb mar apr jun jul agu aug sep okt oct "
    "nov des dec di ke dari yang untuk dalam pada bagi menurut kata ujar adapun bahkan berikut sementara kemudian "
    "namun jadi ini itu para presiden menteri kepala ketua wali walikota bupati gubernur direktur kapolsek kapolres "
    "kasat pj plt juru bicara".split())
_PARTICLES = frozenset("bin binti van der den de al el da la le von".split())
_DT_NAME_RE = re.compile(
    r"^(?P<name>[^|,\-–—:]+?)\s*(?:,\s*(?P<role>jurnalis|reporter|wartawan|kontributor|penulis)\b\s*)?[-–—|,]", re.I)
# What may follow that name: a short date / time ("- Minggu, 16 September 2018 | 17:00 WIB").
_DT_REST_RE = re.compile(r"^.{0,40}?(?:\b(?:19|20)\d\d\b|\b\d{1,2}[:.]\d\d\b|\b\d{1,2}[-/]\d{1,2}[-/]\d{2,4}\b).{0,25}$")
_SENTENCE_RE = re.compile(r"[?!\"“”:;]|\w{4,}\.(?:\s|$)")
_SEP_BEFORE = "|/(-–—,;•"
_TRAIL_RE = re.compile(r"(?:^|[.!?\"”’'»])\s*\(\s*([^()]{2,60}?)\s*\)\s*$")


def _tokens(name: str) -> list[str]:
    return [t.strip(".,'’") for t in name.split()]


def _valid(name: str, caps: bool) -> bool:
    """Is this a person's name? ``caps``: also demand capitalised words (unlabelled text)."""
    toks = name.split()
    if not toks or len(toks) > 6 or len(name) > 60 or _DIGIT_RE.search(name) or ":" in name:
        return False
    low = [t.lower() for t in _tokens(name)]
    if max(len(t) for t in low) < 2:  # "A A A" (font-size buttons), lone initials
        return False
    if any(t in _OFFICE or t in _NOT_NAME or _OUTLET_TOKEN_RE.match(t) for t in low):
        return False
    if not caps:
        return any(c.isalpha() for c in name)
    if any(len(t) > 4 and t.endswith(".") for t in toks[:-1]):  # "Australia. Kedua" spans a sentence break
        return False
    if not all(t[0].isupper() or t.lower() in _PARTICLES for t in toks):
        return False
    if len(toks) == 1:  # a lone word: "Sanusi" yes, "(ton)", "(HUS)", "Ali" no
        word = toks[0].strip(".")
        return len(word) >= 4 and word.isalpha() and not word.isupper()
    return True


def page_lexicon(texts: Iterable[str]) -> frozenset[str]:
    """The words a page writes in lower case (in its body): common words, where a name's words
    are written capitalised."""
    return frozenset(w for t in texts for w in _LOWER_WORD_RE.findall(t))


_LOWER_WORD_RE = re.compile(r"\b[a-z][a-z]+\b")


def _is_word(token: str, lexicon: frozenset[str]) -> bool:
    """An Indonesian common word: a function word, or a word the page itself writes in lower case.
    (Without a root dictionary: the free ones forbid commercial use.)"""
    w = token.lower().strip(".,'’")
    return w in FUNCTION_WORDS or w in lexicon


_BARE_NAME_RE = re.compile(r"^[^\W\d_][\w'’.-]*(?:\s[^\W\d_][\w'’.-]*){1,3}$")


def bare_full_name(text: str, lexicon: frozenset[str], most_words: int = 4) -> bool:
    """A person's full name alone on a line (`Lê Phương`, `Marlene Lundberg Holm`): two to
    `most_words` capitalised words, no digit or acronym, no word the page writes in lower case
    (`Follow Us`, `World Court`), and a name to the byline parser."""
    words = text.split()
    return (2 <= len(words) <= most_words and bool(_BARE_NAME_RE.match(text)) and all(w[0].isupper() for w in words)
            and not any(c.isdigit() for c in text) and not any(len(w) > 1 and w.isupper() for w in words)
            and not any(_is_word(w, lexicon) for w in words) and names_from_line(text, "byline")[0] == [text])


def _reads_as_words(name: str, lexicon: frozenset[str]) -> bool:
    """A headline in a name's place ("Harga Cabai Makin Mahal"): three or more words, every one a
    common word. Names of that shape exist ("Indra Citra Sena") but come with a label, and this
    test is only for bare, unlabelled bylines."""
    toks = name.split()
    if len(toks) < 3:
        return False
    # a function word ("Harga Cabai Makin Mahal"), or only words the page writes in lower case
    return any(t.lower().strip(".,'’") in FUNCTION_WORDS for t in toks) or all(_is_word(t, lexicon) for t in toks)


def _outletish(part: str) -> bool:
    return any(_OUTLET_TOKEN_RE.match(t) for t in _tokens(part.lower()))


_DOUBLED_RE = re.compile(r"(\w[\w.' ]{2,}?)\s*\1")
# A table row printed as cells: "Penulis | : | Nama |" reads as "Penulis: Nama |".
_CELL_COLON_RE = re.compile(r"\s*\|\s*:\s*\|?\s*")


# a job title after the name, glued by a page that prints them as two elements (`Tim HanlonNews Reporter`)
_ROLE_AFTER_RE = re.compile(r"(?<=[a-z])\s*(?:(?:Senior|Chief|Political|News|Sports?|Foreign|Staff|Business)\s+)*"
                            r"(?:Reporter|Correspondent|Writer|Wartawan|Jurnalis|Kontributor)$")


def _tidy(name: str) -> str:
    name = _PREFIX_TITLE_RE.sub("", name.strip(" .:;,-–—/|*\"'"))
    name = _ROLE_AFTER_RE.sub("", name)
    doubled = _DOUBLED_RE.fullmatch(name)  # "Budi SantosoBudi Santoso": two elements holding one name
    if doubled and (" " in doubled.group(1).strip() or not name[len(doubled.group(1))].isspace()):
        name = doubled.group(1).strip()
    toks = name.split()
    while len(toks) > 1 and _DEGREE_RE.match(toks[-1]):
        toks.pop()
    name = " ".join(toks).rstrip(",")
    return "" if _DEGREE_RE.match(name) else name


def _clean_segment(seg: str) -> str:
    seg = _JUNK_RE.sub(" ", _PARENS_RE.sub(" ", seg.replace("\xa0", " ")))
    seg = _DASH_SUFFIX_RE.sub("", seg.strip())
    return _GLUED_OUTLET_RE.sub("", seg.strip()).strip(" .:;,-–—/*")


def _split(seg: str, caps: bool) -> list[str]:
    names = (_tidy(p) for p in _SPLIT_RE.split(seg))
    return [n for n in names if n and _valid(n, caps)]


_JOINERS = frozenset("dan and und et og y".split())


# a month glued to the name before it by a page that prints name and date as two elements
# (`by Lesotho TimesNovember 21, 2025`)
_GLUED_MONTH_RE = re.compile(r"(?<=[a-z])(?=(?:" + "|".join(sorted((m.capitalize() for m in MONTHS if len(m) > 3),
                                                                     key=len, reverse=True)) + r")\b)")


def _cap_run(seg: str) -> str:
    """Leading run of capitalised words: 'Fachrur Rozie diperbarui 26 Nov' -> 'Fachrur Rozie'."""
    out = []
    for tok in _GLUED_MONTH_RE.sub(" ", seg).split():
        bare = tok.strip(",.;/&")
        if not (bare and (bare[0].isupper() or bare.lower() in _PARTICLES | _JOINERS) or tok in ("&", "/", ",", ";")):
            break
        if bare.lower() in _NOT_NAME and out:  # "Paul Serran Jul. 19, 2026": the date starts
            break
        out.append(tok)
    return " ".join(out)


def _label_ok(text: str, m: re.Match) -> bool:
    """A label with a colon counts anywhere; a bare word ("oleh", "Penulis") only at the start or after a separator
    ("... dilepas oleh Boy William" is prose), or glued to a capital ("EditorNama")."""
    before = text[:m.start()].rstrip()
    return (bool(m.group("short")) or (not m.group("loose") and ":" in m.group(0)) or not before
            or before[-1] in _SEP_BEFORE or (bool(m.group("strict")) and m.group(0)[-1].isalpha() and m.end() < len(text)))


def _scan(text: str, role: str, lexicon: frozenset[str] = frozenset()) -> tuple[list[tuple[str, str, str]], list[str]]:
    """Items (field, name, how) with how in label / weak / bare, and the fields of labels left empty."""
    text = _BULLET_RE.sub("", text.replace("\xa0", " ")).strip()
    if "|" in text and role != "body":
        text = _CELL_COLON_RE.sub(": ", text).strip(" |")
    items: list[tuple[str, str, str]] = []
    empties: list[str] = []
    if role == "body":
        # the pattern ends in ")": a paragraph that does not is spared a scan of its whole text
        m = _TRAIL_RE.search(text) if text.rstrip().endswith(")") else None
        if m and not re.search(r"[:/\d]", m.group(1)):
            name = _tidy(_GLUED_OUTLET_RE.sub("", m.group(1)))
            if name and _valid(name, caps=True):
                items.append((AUTHOR, name, "weak"))
        return items, empties
    labels = [m for m in _LABEL_RE.finditer(text) if _label_ok(text, m)]
    for k, m in enumerate(labels):
        end = labels[k + 1].start() if k + 1 < len(labels) else len(text)
        seg = text[m.end():end]
        if m.group("lap"):
            items += [(AUTHOR, n, "weak") for n in _split(_clean_segment(seg.split("|")[0]), caps=True)]
            continue
        key = re.sub(r"\s+", " ", (m.group("loose") or m.group("short") or m.group("strict")).lower())
        field = _FIELD[key]
        if field == SKIP:
            continue
        if m.group("loose"):
            names = _split(_clean_segment(_cap_run(_PARENS_RE.sub(" ", seg))), caps=True)
        else:  # after "Editor:" even "ninda iswara" is a name; a capitalised one ends at the first lower word
            seg = _clean_segment(seg.split("|")[0])
            names = _split(_cap_run(seg) if seg[:1].isupper() else seg, caps=False)
        if not names and not _clean_segment(seg):
            empties.append(field)
        items += [(field, n, "label") for n in names]
    if labels:
        return items, empties
    if role == "byline" and len(text) <= 80:
        inner = text[1:-1] if text.startswith("(") and text.endswith(")") else text
        parts = [_tidy(p) for p in _SPLIT_RE.split(_clean_segment(inner))]
        names = [p for p in parts if p and _valid(p, caps=True) and not _reads_as_words(p, lexicon)]
        # every part must be a name (or an outlet) and nothing may read like a sentence or a heading "Bahan:"
        if not _SENTENCE_RE.search(_PARENS_RE.sub(" ", inner)) and all(p in names or not p or _outletish(p) for p in parts):
            items += [(AUTHOR, n, "bare") for n in names[:4]]
    elif role == "datetime":
        m = _DT_NAME_RE.match(text)
        if m:
            name = _tidy(m.group("name"))
            rest = text[m.end():]
            if (_valid(name, caps=True) and (m.group("role") or 2 <= len(name.split()) <= 4)
                    and _DT_REST_RE.match(rest)):
                items.append((AUTHOR, name, "weak"))
    return items, empties


def names_from_line(text: str, role: str, lexicon: frozenset[str] = frozenset()) -> tuple[list[str], list[str]]:
    """(authors, editors) named in one line whose role is 'byline', 'datetime', 'source' or 'body' (a trailing
    sign-off); `lexicon`: the page's lower-case words (page_lexicon), which no bare name is made of."""
    if role not in _ROLES:
        return [], []
    items, _ = _scan(text, role, lexicon)
    return _dedupe(n for f, n, _ in items if f == AUTHOR), _dedupe(n for f, n, _ in items if f == EDITOR)


def _dedupe(names) -> list[str]:
    seen: set[str] = set()
    out = []
    for n in names:
        if n.lower() not in seen:
            seen.add(n.lower())
            out.append(n)
    return out


def names_from_page(lines: list[tuple[str, str]]) -> tuple[list[str], list[str]]:
    """(authors, editors) for a whole page given (line_text, role) pairs in order; deduplicated, order kept.

    Labelled names win. A bare byline name takes the label of an empty label line just before it
    (tempo: "Reporter" / name) or of a bare label line just after it (kompas: name / "Penulis").
    Unlabelled authors ("Laporan Wartawan ...", a name leading a datetime line, a lone byline name, a
    trailing "(Nama)" on the last body line) count only when no labelled author exists, and then only
    those of the first line that has any.
    """
    last_body = max((i for i, (_, r) in enumerate(lines) if r == "body"), default=-1)
    lexicon = page_lexicon(t for t, r in lines if r == "body")
    scanned = [_scan(t, r, lexicon) if r in _ROLES and (r != "body" or i == last_body) else ([], [])
               for i, (t, r) in enumerate(lines)]
    named: dict[str, list[str]] = {AUTHOR: [], EDITOR: []}
    weak: list[str] = []
    weak_line, weak_bare = -1, False
    pending: list[str] = []
    carry: tuple[str, int] = (AUTHOR, -9)
    consumed: set[int] = set()
    for i, (_, role) in enumerate(lines):
        if role != "byline":
            pending.clear()
        items, empties = scanned[i]
        for field, name, how in items:
            if how == "bare":
                after = scanned[i + 1] if i + 1 < len(lines) and lines[i + 1][1] == "byline" else ([], [])
                if pending:
                    field, how = pending.pop(0), "label"
                    carry = (field, i)
                elif carry[1] in (i, i - 1) and role == "byline" and " " in name:
                    # the label over a column of names, one a line (`By` / `Lucy Thornton` / `Tim Hanlon`)
                    field, how = carry[0], "label"
                    carry = (field, i)
                elif not after[0] and after[1]:
                    field, how = after[1][0], "label"
                    consumed.add(i + 1)
            if how == "label":
                named[field].append(name)
            elif weak_line in (-1, i) or (how == "bare" and weak_bare and weak_line == i - 1 and " " in name):
                # one line's unlabelled names, or a run of lines of bare full names (one reporter a line;
                # a lone word after a name is the dateline's city)
                weak_line, weak_bare = i, how == "bare"
                weak.append(name)
        if not items and i not in consumed:
            pending.extend(empties)
    printed = [n for items, _ in scanned for _, n, _ in items]
    return _dedupe(_fullest(n, printed) for n in named[AUTHOR] or weak), _dedupe(named[EDITOR])


def _fullest(name: str, printed: list[str]) -> str:
    """The fullest form of a one-word name among the names the page's byline lines print
    ("Rahmat" beside "Rahmat Siregar"); the name itself when none or several extend it."""
    if " " in name:
        return name
    longer = {n for n in printed if n.startswith(name + " ")}
    return longer.pop() if len(longer) == 1 else name
