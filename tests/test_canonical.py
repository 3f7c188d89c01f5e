"""Canonical entities: alias table, normalisation, fuzzy spelling, short forms, collection index."""
from kliping.enrich.aliases import load_aliases, name_key, slug
from kliping.enrich.canonical import (EntityIndex, canonical_entities, entities_from, merge_mentions,
                                      short_form_mentions)
from kliping.model import Mention

TABLE = load_aliases()


def mention(text: str, phrase: str, typ: str, field: str = "body", nth: int = 0) -> Mention:
    """A hand-made NER mention of the nth occurrence of `phrase` in `text`."""
    i = -1
    for _ in range(nth + 1):
        i = text.index(phrase, i + 1)
    return Mention(field, i, i + len(phrase), phrase, typ)


def keys(mentions):
    return [(m.text, m.entity) for m in mentions]


def test_table_has_a_version_and_non_entities():
    assert TABLE.version.startswith("20")
    assert TABLE.is_not_entity("KTT") and TABLE.is_not_entity("ktt")
    assert TABLE.lookup("Korut") == TABLE.lookup("korea utara") == TABLE.lookup("North Korea") == "LOC:korea_utara"
    assert TABLE.lookup("Kim Jong Un") == TABLE.lookup("KIM JONG-UN") == "PER:kim_jong_un"
    assert TABLE.lookup("Jokowi") == TABLE.lookup("Joko Widodo") == "PER:joko_widodo"
    assert TABLE.lookup("RRT") == TABLE.lookup("Tiongkok") == TABLE.lookup("China")


def test_normalisation_and_slug():
    assert name_key("Kim  Jong-Un") == name_key("kim jong un") == "kim jong un"
    assert name_key("Ma’ruf Amin") == name_key("Ma'ruf Amin") == "maruf amin"
    assert slug("Erdoğan") == "erdogan"
    assert slug("Kim Jong-gun") == "kim_jong_gun"


def test_scan_finds_abbreviations_and_variants_as_one_entity():
    text = ("Korut menembakkan rudal pada Senin. Korea Utara menyebut uji coba itu sah, "
            "sementara AS dan Korsel mengecamnya. North Korea tidak menanggapi KTT tersebut.")
    found = TABLE.find(text, "body")
    got = keys(found)
    assert ("Korut", "LOC:korea_utara") in got and ("Korea Utara", "LOC:korea_utara") in got
    assert ("North Korea", "LOC:korea_utara") in got
    assert ("AS", "LOC:amerika_serikat") in got and ("Korsel", "LOC:korea_selatan") in got
    assert not any(t == "KTT" for t, _ in got)
    _, entities = canonical_entities(found, TABLE)
    nk = [e for e in entities if e.key == "LOC:korea_utara"]
    assert len(nk) == 1 and nk[0].mentions == 3 and nk[0].name == "Korea Utara"


def test_scan_leaves_longer_names_and_lowercase_words_alone():
    text = ("Direktur Urusan Amerika Utara di Kementerian Luar Negeri Korea Utara tiba, "
            "seperti yang terjadi as usual. Bank Indonesia menahan suku bunga di Jakarta Selatan.")
    got = keys(TABLE.find(text, "body"))
    assert ("Amerika", "LOC:amerika_serikat") not in got          # Amerika Utara is not the US
    assert not any(k == "ORG:kemlu" for _, k in got)             # a foreign ministry is not Kemlu
    assert ("Korea Utara", "LOC:korea_utara") in got
    assert not any(t.lower() == "as" for t, _ in got)             # lower-case 'as' is no country
    assert ("Bank Indonesia", "ORG:bi") in got
    assert not any(k == "LOC:indonesia" for _, k in got)
    assert not any(k == "LOC:jakarta" for _, k in got)            # Jakarta Selatan is another place


def test_role_phrase_names_the_holder_and_gives_way_to_an_appositive_name():
    alone = TABLE.find("Pemimpin Korut menyaksikan peluncuran itu.", "body")
    assert keys(alone) == [("Pemimpin Korut", "PER:kim_jong_un")]
    text = "Pemimpin Korea Utara, Kim Jong-un, menyaksikan peluncuran itu."
    got = keys(TABLE.find(text, "body"))
    assert got == [("Korea Utara", "LOC:korea_utara"), ("Kim Jong-un", "PER:kim_jong_un")]


def test_ner_mentions_take_table_keys_titles_are_stripped_and_event_words_dropped():
    text = "Presiden Joko Widodo membuka KTT ASEAN di Jakarta bersama Jokowi muda."
    ms = [mention(text, "Presiden Joko Widodo", "PER"), mention(text, "KTT", "ORG"),
          mention(text, "ASEAN", "ORG"), mention(text, "Jakarta", "LOC")]
    kept, entities = canonical_entities(ms, TABLE)
    assert keys(kept) == [("Joko Widodo", "PER:joko_widodo"), ("ASEAN", "ORG:asean"), ("Jakarta", "LOC:jakarta")]
    assert kept[0].start == text.index("Joko")
    assert [e.key for e in entities] == ["PER:joko_widodo", "ORG:asean", "LOC:jakarta"]


def test_spelling_variants_and_typos_share_a_key():
    text = ("Kim Jong-Un tiba di Pyonngyang. Utusan Stephen Bigeun bertemu Kwon Jong-gun, "
            "lalu Kwon Jong Gun kembali ke Pyongyang.")
    ms = [mention(text, "Kim Jong-Un", "PER"), mention(text, "Pyonngyang", "LOC"),
          mention(text, "Stephen Bigeun", "PER"), mention(text, "Kwon Jong-gun", "PER"),
          mention(text, "Kwon Jong Gun", "PER"), mention(text, "Pyongyang", "LOC")]
    kept, entities = canonical_entities(ms, TABLE)
    got = dict(keys(kept))
    assert got["Kim Jong-Un"] == "PER:kim_jong_un"
    assert got["Pyonngyang"] == got["Pyongyang"] == "LOC:pyongyang"
    assert got["Stephen Bigeun"] == "PER:stephen_biegun"
    assert got["Kwon Jong-gun"] == got["Kwon Jong Gun"] == "PER:kwon_jong_gun"
    by_key = {e.key: e for e in entities}
    assert by_key["LOC:pyongyang"].mentions == 2 and by_key["LOC:pyongyang"].name == "Pyongyang"
    assert by_key["PER:kwon_jong_gun"].name == "Kwon Jong-gun"


def test_fuzzy_does_not_merge_different_names():
    text = "Kim Jong-il dan Kim Jong-un, serta Budi Hartono dan Budi Harsono."
    ms = [mention(text, p, "PER") for p in ("Kim Jong-il", "Kim Jong-un", "Budi Hartono", "Budi Harsono")]
    kept, _ = canonical_entities(ms, TABLE)
    assert len({m.entity for m in kept}) == 4


def test_typo_of_a_known_place_is_found_without_ner():
    text = "Kantor itu dihancurkan Pyonngyang tahun lalu, kata pejabat di Seoul."
    found = TABLE.find(text, "body")
    near = TABLE.find_near(text, "body", found)
    assert keys(near) == [("Pyonngyang", "LOC:pyongyang")]


def test_short_form_of_a_person_named_in_full_earlier():
    text = ("Presiden Korea Selatan Moon Jae-in bertemu Kim Yo-jong dan Kim Jong-un. "
            "Moon mengatakan pertemuan berjalan baik, sedangkan Kim tidak berkomentar.")
    ms = [mention(text, "Moon Jae-in", "PER"), mention(text, "Kim Yo-jong", "PER"),
          mention(text, "Kim Jong-un", "PER"), mention(text, "Moon", "PER", nth=1),
          mention(text, "Kim", "PER", nth=2)]
    kept, _ = canonical_entities(ms, TABLE)
    got = keys(kept)
    assert got[3] == ("Moon", "PER:moon_jae_in")
    assert got[4] == ("Kim", "PER:kim_jong_un")           # the nearest full name before it


def test_short_forms_found_in_text_when_no_mention_covers_them():
    title = "Moon dan Kim Sepakat Bertemu"
    body = "Presiden Moon Jae-in dan Kim Jong-un sepakat. Moon berharap Kim Myong-gil ikut."
    ms = TABLE.find(body, "body")
    kept, entities = canonical_entities(ms, TABLE)
    extra = short_form_mentions({"title": title, "body": body}, kept, {"title"})
    got = {(m.field, m.text, m.entity) for m in extra}
    assert ("title", "Moon", "PER:moon_jae_in") in got and ("title", "Kim", "PER:kim_jong_un") in got
    assert ("body", "Moon", "PER:moon_jae_in") in got
    assert not any(m.field == "body" and m.text == "Kim" for m in extra)   # Kim Myong-gil is someone else
    counted = {e.key: e.mentions for e in entities_from(kept + extra, entities)}
    assert counted["PER:moon_jae_in"] == 3


def test_merge_prefers_the_longer_span():
    text = "Menurut Kementerian Luar Negeri Korea Utara, Korea Utara siap."
    ner = [mention(text, "Kementerian Luar Negeri Korea Utara", "ORG"), mention(text, "Korea", "LOC", nth=1)]
    known = TABLE.find(text, "body")
    merged = merge_mentions(ner, known)
    assert [m.text for m in merged] == ["Kementerian Luar Negeri Korea Utara", "Korea Utara"]


def test_user_alias_file_extends_and_overrides(tmp_path):
    extra = tmp_path / "aliases.tsv"
    extra.write_text(
        "# version: mine-1\n"
        "key\ttype\tname\taliases\n"
        "PER:budi_santoso\tPER\tBudi Santoso\tPak Bus|Budi S.\n"
        "ORG:kpk\tORG\tKomisi Pemberantasan Korupsi\tKPK|Komisi Antirasuah\n", encoding="utf-8")
    table = load_aliases([extra])
    assert table.version.endswith("+mine-1")
    assert table.lookup("Pak Bus") == "PER:budi_santoso"
    assert table.lookup("Komisi Antirasuah") == "ORG:kpk"
    assert table.get("ORG:kpk").name == "Komisi Pemberantasan Korupsi"
    text = "Pak Bus diperiksa Komisi Antirasuah."
    assert keys(table.find(text, "body")) == [("Pak Bus", "PER:budi_santoso"), ("Komisi Antirasuah", "ORG:kpk")]
    assert load_aliases().lookup("Pak Bus") is None      # the packaged table is left as it was


def test_collection_index_carries_names_across_articles():
    index = EntityIndex()
    first = "Gubernur Rahmat Hidayatullah meresmikan jembatan."
    kept, entities = canonical_entities([mention(first, "Rahmat Hidayatullah", "PER")], TABLE, index)
    index.add(kept, entities)
    second = "Hidayatullah kembali meninjau proyek bersama Rahmat Hidayatulah dari Sulawesi."
    ms = [mention(second, "Hidayatullah", "PER"), mention(second, "Rahmat Hidayatulah", "PER")]
    kept2, entities2 = canonical_entities(ms, TABLE, index)
    assert [m.entity for m in kept2] == ["PER:rahmat_hidayatullah"] * 2
    assert entities2[0].name == "Rahmat Hidayatullah"
    # without the index the short form stands alone
    kept3, _ = canonical_entities([mention(second, "Hidayatullah", "PER")], TABLE)
    assert kept3[0].entity == "PER:hidayatullah"
