"""Direct quotes and their speakers (fixture texts written for these tests)."""
from kliping.enrich.quotes import article_quotes, find_quotes
from kliping.model import Entity, Mention


def speakers(text, **kw):
    return [(q.text, q.speaker, q.cue) for q in find_quotes(text, "body", **kw)]


def test_cue_after_the_quote():
    text = "“Kami akan memperbaiki jalan ini sebelum musim hujan,” kata Bupati Sleman Wahyu Pratama kepada wartawan."
    assert speakers(text) == [("Kami akan memperbaiki jalan ini sebelum musim hujan,",
                               "Bupati Sleman Wahyu Pratama", "kata")]


def test_other_reporting_verbs_after_the_quote():
    for cue in ("ujar", "ucap", "tutur", "jelas", "tambah", "ungkap"):
        text = f"\"Harga cabai turun sejak pekan lalu,\" {cue} Siti Aminah di Pasar Gede."
        assert speakers(text) == [("Harga cabai turun sejak pekan lalu,", "Siti Aminah", cue)]


def test_speaker_before_the_quote():
    text = "Kepala BMKG Dwi Santoso mengatakan, “Gempa ini tidak berpotensi tsunami sama sekali.”"
    assert speakers(text) == [("Gempa ini tidak berpotensi tsunami sama sekali.", "Kepala BMKG Dwi Santoso",
                               "mengatakan")]
    text = "Menurut Rina Kusuma, “Warga sudah diungsikan ke balai desa sejak pagi.”"
    assert speakers(text) == [("Warga sudah diungsikan ke balai desa sejak pagi.", "Rina Kusuma", "menurut")]
    text = "Joko Susilo: “Kami tidak pernah menerima uang itu dari siapa pun.”"
    assert speakers(text) == [("Kami tidak pernah menerima uang itu dari siapa pun.", "Joko Susilo", ":")]


def test_anonymous_source_and_its_anaphora():
    text = ("Menurut seorang sumber anonim, kedua pihak masih menimbang waktu pertemuan.\n\n"
            "“Pembicaraan masih berlanjut dan pandemi menjadi faktor besar.” Kata sumber anonim tersebut. "
            "“Pertemuan langsung tetap yang terbaik.”\n\n"
            "Juru bicara istana, Budi Hartono mengatakan rencana itu akan dibahas.\n\n"
            "“Jika mereka setuju, itu akan menjadi perubahan besar bagi kawasan,” kata sumber tersebut.")
    got = speakers(text)
    assert [s for _, s, _ in got] == ["sumber anonim"] * 3
    assert got[0][2] == "kata" and got[1][2] is None and got[2][2] == "kata"


def test_pronoun_and_nya_take_the_latest_speaker():
    text = ("“Kami siap bertanding di final nanti malam,” kata pelatih Andi Wijaya.\n\n"
            "“Semua pemain dalam kondisi bugar dan siap,” ujarnya.\n\n"
            "“Target kami tetap juara tahun ini,” kata dia.")
    got = speakers(text)
    assert [s for _, s, _ in got] == ["pelatih Andi Wijaya"] * 3     # the speaker as written
    assert [c for _, _, c in got] == ["kata", "ujar", "kata"]


def test_quote_running_over_two_paragraphs():
    text = ("“Kami sudah meminta semua sekolah menutup kelas selama sepekan.\n\n"
            "“Setelah itu kami akan menilai lagi keadaannya bersama dinas kesehatan,” kata Kepala Dinas Maria Ulfa.")
    got = find_quotes(text, "body")
    assert len(got) == 1
    q = got[0]
    assert q.text.startswith("Kami sudah") and q.text.endswith("dinas kesehatan,")
    assert q.speaker == "Kepala Dinas Maria Ulfa"


def test_short_quoted_terms_are_not_quotes():
    text = "Program yang disebut “Kampung Tangguh” itu diluncurkan kembali oleh warga."
    assert find_quotes(text, "body") == []


def test_paragraph_that_is_only_a_quote_continues_the_previous_speaker():
    text = ("“Kami menolak rencana itu,” kata Ketua RW Hasan Basri.\n\n"
            "“Warga tidak pernah diajak bicara soal pembangunan gudang tersebut.”")
    assert [q.speaker for q in find_quotes(text, "body")] == ["Ketua RW Hasan Basri"] * 2


def test_unattributed_quote_keeps_no_speaker():
    text = "Spanduk bertuliskan “Kami ingin air bersih untuk semua warga” terpasang di depan kantor desa."
    got = find_quotes(text, "body")
    assert len(got) == 1 and got[0].speaker is None and got[0].speaker_entity is None


def test_speaker_linked_by_name_without_mentions():
    text = "“Kami siap bertanding di final nanti malam,” kata pelatih Andi Wijaya."
    entities = [Entity("PER:andi_wijaya", "Andi Wijaya", "PER", 1)]
    assert find_quotes(text, "body", [], entities)[0].speaker_entity == "PER:andi_wijaya"


def test_speaker_linked_to_entity_by_mention_or_name():
    text = ("Presiden Moon Jae-in mengatakan, “Kami terbuka untuk berdialog kapan saja.”\n\n"
            "“Pintu selalu terbuka bagi Pyongyang,” kata Moon.")
    i = text.index("Moon Jae-in")
    mentions = [Mention("body", i, i + 11, "Moon Jae-in", "PER", "PER:moon_jae_in")]
    entities = [Entity("PER:moon_jae_in", "Moon Jae-in", "PER", 2)]
    got = find_quotes(text, "body", mentions, entities)
    assert [(q.speaker, q.speaker_entity) for q in got] == [("Presiden Moon Jae-in", "PER:moon_jae_in"),
                                                            ("Moon", "PER:moon_jae_in")]


def test_article_quotes_offsets_are_into_their_field():
    body = "“Kami akan mengusut tuntas kasus ini,” kata Kapolres Agus Salim."
    title = "Polisi: \"Kami Usut Tuntas Kasus Ini\""
    got = article_quotes(title, None, body, [], [])
    assert [(q.field, q.speaker) for q in got] == [("title", "Polisi"), ("body", "Kapolres Agus Salim")]
    for q in got:
        src = title if q.field == "title" else body
        assert src[q.start:q.end] == q.text


def test_appositive_name_after_the_title_and_plain_descriptions():
    text = ("“Warga sudah kami ungsikan ke balai desa sejak pagi tadi,” ungkap Sekretaris Desa Sukamaju, "
            "Samsul Arifin.\n\n"
            "\"Harga beras naik terus sejak bulan lalu,\" kata nenek lima cucu itu.\n\n"
            "\"Sistem zonasi ini sama sekali tidak adil bagi kami,\" kata salah seorang pengunjuk rasa.")
    got = [q.speaker for q in find_quotes(text, "body")]
    assert got == ["Sekretaris Desa Sukamaju, Samsul Arifin", "nenek lima cucu", "pengunjuk rasa"]


def test_pronoun_without_attribution_takes_the_last_person_mentioned():
    text = ("Pelatih tim, Yoshi Nakata, tampak tenang setelah laga. Ia memuji suporter.\n\n"
            "“Kami punya beberapa pemain baru musim ini. Tunggu saja,” katanya.")
    i = text.index("Yoshi Nakata")
    mentions = [Mention("body", i, i + 12, "Yoshi Nakata", "PER", "PER:yoshi_nakata")]
    got = find_quotes(text, "body", mentions, [Entity("PER:yoshi_nakata", "Yoshi Nakata", "PER", 1)])
    assert [(q.speaker, q.speaker_entity, q.cue) for q in got] == [("Yoshi Nakata", "PER:yoshi_nakata", "kata")]
    # with no one to point at, the pronoun is no speaker
    alone = find_quotes("“Kami punya beberapa pemain baru musim ini,” katanya.", "body")
    assert alone[0].speaker is None and alone[0].cue == "kata"


def test_subject_and_verb_after_the_quote():
    text = ("“Kami prioritaskan warga yang tidak mampu,” kata Lurah Jimy Tanone.\n\n"
            "“Semua layanan ini diberikan secara gratis,” ia menambahkan.\n\n"
            "“Kasus ini terus kami dalami bersama penyidik,” Wakil Ketua KPK Nurul Ghufron mengatakan.")
    got = [(q.speaker, q.cue) for q in find_quotes(text, "body")]
    assert got == [("Lurah Jimy Tanone", "kata"), ("Lurah Jimy Tanone", "menambahkan"),
                   ("Wakil Ketua KPK Nurul Ghufron", "mengatakan")]


def _mention(text, words, type_, key):
    i = text.index(words)
    return Mention("body", i, i + len(words), words, type_, key)


def _entity_of(text, mentions, entities=()):
    return [q.speaker_entity for q in find_quotes(text, "body", mentions=mentions, entities=list(entities))]


def test_speaker_entity_is_the_person_not_the_office_or_the_place():
    text = "“Pengungsi kami tampung di dua titik,” kata Kepala BPBD Sukamaju Arga Wibisana di posko."
    ms = [_mention(text, "BPBD Sukamaju", "ORG", "ORG:bpbd_sukamaju"),
          _mention(text, "Arga Wibisana", "PER", "PER:arga_wibisana")]
    assert _entity_of(text, ms) == ["PER:arga_wibisana"]
    # a tagger that read the regency and the name as one place: no entity rather than a place
    ms = [_mention(text, "Sukamaju Arga Wibisana", "LOC", "LOC:sukamaju_arga_wibisana")]
    assert _entity_of(text, ms) == [None]
    # a resident of a street is not the street
    text = "“Air masuk rumah sejak subuh tadi,” kata warga Jalan Melati itu."
    assert _entity_of(text, [_mention(text, "Jalan Melati", "LOC", "LOC:jalan_melati")]) == [None]
    # the organisation itself speaking
    text = "“Fitur ini akan hadir bagi semua pengguna bulan depan,” tulis Kabarin dalam blognya."
    assert _entity_of(text, [_mention(text, "Kabarin", "ORG", "ORG:kabarin")]) == ["ORG:kabarin"]


def test_a_relative_is_not_the_person_named_after_the_relation():
    text = "“Bapak sudah siap bekerja sejak hari pertama,” tandas putra sulung Gubernur Arga Wibisana."
    got = find_quotes(text, "body", mentions=[_mention(text, "Arga Wibisana", "PER", "PER:arga_wibisana")])
    assert got[0].speaker == "putra sulung Gubernur Arga Wibisana"
    assert got[0].speaker_entity is None


def test_title_with_an_abbreviation_then_the_name_and_a_weekday_left_out():
    text = ("“Vaksinasi di dua pasar berjalan sampai Selasa,” kata Pelaksana Harian (Plh) Wali Kota Sukamaju, "
            "Rina Kusuma.")
    assert speakers(text)[0][1] == "Pelaksana Harian (Plh) Wali Kota Sukamaju, Rina Kusuma"
    text = "“Sampel sudah kami kirim ke laboratorium,” jawab Direktur Klinik Sehat, Budi Hartono sambil tersenyum."
    assert speakers(text)[0][1] == "Direktur Klinik Sehat, Budi Hartono"
    text = "“Itu hak prerogatif presiden terpilih,” ungkap Wibisana Selasa (15/10/2024)."
    assert speakers(text)[0][1] == "Wibisana"
    text = "“Korban dievakuasi ke puskesmas,” kata Camat Sukamaju Dedi Saputra, Selasa (1/12)."
    assert speakers(text)[0][1] == "Camat Sukamaju Dedi Saputra"


def test_more_cues_and_an_appositive_before_the_verb():
    text = "“Air naik, buat tanggul sekarang!” teriak Ambo Saleh, warga Desa Sungai Jernih."
    assert speakers(text)[0][1:] == ("Ambo Saleh", "teriak")
    text = "“Yang pasti semua produk kami pelajari dulu,” begitu jawaban Henry Sutanto."
    assert speakers(text)[0][1:] == ("Henry Sutanto", "jawaban")
    text = ("Rina Kusuma, pemilik butik di Pasar Baru, menjelaskan bahwa gamis kini laris.\n\n"
            "“Pembeli paling banyak datang menjelang Lebaran,” jelasnya.")
    assert speakers(text)[0][1] == "Rina Kusuma"
    text = ("Siti Aminah mengatakan warga Dusun Krajan terbangun oleh suara letusan.\n\n"
            "Menurut kesaksiannya, abu turun sekitar pukul dua dini hari.\n\n"
            "“Memang ada suara letusan dari gunung,” ujarnya.")
    assert speakers(text)[0][1] == "Siti Aminah"
    text = "“We must be brave to make breakthroughs,” President Wibisana said."
    assert speakers(text)[0][1:] == ("President Wibisana", "said")


def test_a_description_stops_where_its_clause_goes_on():
    text = ("Jumlah titik panas naik namun menurut analis belum memicu kabut asap.\n\n"
            "“Biasanya asap baru muncul ketika titik panas mencapai ratusan,” katanya.")
    assert speakers(text)[0][1] == "analis"


def test_spaces_before_the_closing_mark_and_a_name_in_the_attributions_own_sentence():
    text = "\"  Tambang ini ada yang mengatur, semua warga tahu  \" ujar sumber di lokasi."
    assert speakers(text)[0][1:] == ("sumber", "ujar")
    text = ("Menurut Dewi Lestari, Pashmina mulai ditinggalkan para hijaber muda.\n\n"
            "“Yang trendi sekarang kaftan dengan banyak potongan,” katanya.")
    ms = [_mention(text, "Dewi Lestari", "PER", "PER:dewi_lestari"), _mention(text, "Pashmina", "PER", "PER:pashmina")]
    got = find_quotes(text, "body", mentions=ms)
    assert (got[0].speaker, got[0].speaker_entity) == ("Dewi Lestari", "PER:dewi_lestari")
    text = ("Menurut Kanit Lantas Polres Sukamaju, Iptu Galan Pratama, kecelakaan terjadi pukul 08.45.\n\n"
            "“Kami masih menangani korban di lokasi,” ungkapnya.")
    assert speakers(text)[0][1] == "Kanit Lantas Polres Sukamaju, Iptu Galan Pratama"


def test_a_subject_who_believes_or_claims_is_who_goes_on_speaking():
    text = ("Presiden Arga Wibisana menilai pilihan menteri adalah hak presiden terpilih.\n\n"
            "“Itu hak prerogatif,” ungkap Arga.\n\n"
            "Arga meyakini, Dedi Saputra sudah memiliki pertimbangan yang matang.\n\n"
            "“Kurang lebih 15 menteri akan kembali dipilih,” paparnya.")
    ms = [_mention(text, "Arga Wibisana", "PER", "PER:arga_wibisana"),
          Mention("body", text.index("Arga meyakini"), text.index("Arga meyakini") + 4, "Arga", "PER",
                  "PER:arga_wibisana"),
          _mention(text, "Dedi Saputra", "PER", "PER:dedi_saputra")]
    got = find_quotes(text, "body", mentions=ms)
    assert got[0].speaker == "Arga"
    assert (got[1].speaker, got[1].speaker_entity) == ("Arga", "PER:arga_wibisana")


def test_a_name_that_opens_with_a_relation_word_is_a_name():
    text = "“Upacara dimulai pukul tujuh pagi,” kata Anak Agung Gde Wirawan di Pura Desa."
    ms = [_mention(text, "Anak Agung Gde Wirawan", "PER", "PER:anak_agung_gde_wirawan")]
    got = find_quotes(text, "body", mentions=ms)
    assert (got[0].speaker, got[0].speaker_entity) == ("Anak Agung Gde Wirawan", "PER:anak_agung_gde_wirawan")
    text = "“Kami hanya ingin keadilan untuk korban,” ujar pengacara Hotman Sitorus kepada wartawan."
    ms = [_mention(text, "Hotman Sitorus", "PER", "PER:hotman_sitorus")]
    assert find_quotes(text, "body", mentions=ms)[0].speaker_entity == "PER:hotman_sitorus"
