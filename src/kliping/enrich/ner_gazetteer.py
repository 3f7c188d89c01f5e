"""Small hand-written name lists the NER model uses as features (never as answers).

The lists are short on purpose: a hit is one more feature the CRF weighs against the
word itself and its context. Written for this project from general knowledge
(Indonesian provinces and large cities, countries, the words that head organisation
names, the titles that precede a person's name).
"""
from __future__ import annotations

_PLACES = """
Aceh; Sumatera Utara; Sumatera Barat; Riau; Kepulauan Riau; Jambi; Bengkulu; Sumatera Selatan;
Kepulauan Bangka Belitung; Bangka Belitung; Lampung; Banten; DKI Jakarta; Jakarta; Jawa Barat; Jawa Tengah;
DI Yogyakarta; Yogyakarta; Jawa Timur; Bali; Nusa Tenggara Barat; Nusa Tenggara Timur; NTB; NTT;
Kalimantan Barat; Kalimantan Tengah; Kalimantan Selatan; Kalimantan Timur; Kalimantan Utara;
Sulawesi Utara; Sulawesi Tengah; Sulawesi Selatan; Sulawesi Tenggara; Sulawesi Barat; Gorontalo;
Maluku; Maluku Utara; Papua; Papua Barat; Papua Selatan; Papua Tengah; Papua Pegunungan; Papua Barat Daya;
Sumatera; Sumatra; Jawa; Kalimantan; Sulawesi; Madura; Lombok; Flores; Timor; Nusantara;
Jakarta Pusat; Jakarta Selatan; Jakarta Utara; Jakarta Barat; Jakarta Timur; Bogor; Depok; Tangerang;
Tangerang Selatan; Bekasi; Bandung; Cirebon; Tasikmalaya; Sukabumi; Karawang; Serang; Cilegon;
Semarang; Solo; Surakarta; Magelang; Pekalongan; Tegal; Purwokerto; Kudus; Surabaya; Malang; Sidoarjo;
Gresik; Kediri; Madiun; Jember; Banyuwangi; Blitar; Denpasar; Mataram; Kupang; Medan; Binjai;
Pematangsiantar; Padang; Bukittinggi; Pekanbaru; Batam; Tanjungpinang; Palembang; Bandar Lampung;
Pangkalpinang; Pontianak; Palangka Raya; Banjarmasin; Banjarbaru; Samarinda; Balikpapan; Tarakan;
Makassar; Manado; Palu; Kendari; Mamuju; Ambon; Ternate; Jayapura; Manokwari; Sorong; Merauke;
Banda Aceh; Lhokseumawe; Sabang; Nunukan; Labuan Bajo;
Indonesia; Malaysia; Singapura; Singapore; Thailand; Filipina; Philippines; Vietnam; Kamboja; Cambodia;
Laos; Myanmar; Brunei; Brunei Darussalam; Timor Leste; Australia; Selandia Baru; New Zealand; Papua Nugini;
China; Tiongkok; Cina; Jepang; Japan; Korea; Korea Selatan; Korea Utara; South Korea; North Korea; Korsel;
Korut; Taiwan; Hong Kong; Mongolia; India; Pakistan; Bangladesh; Sri Lanka; Nepal; Afganistan; Afghanistan;
Iran; Irak; Iraq; Suriah; Syria; Arab Saudi; Saudi Arabia; Yaman; Yemen; Qatar; Kuwait; Oman; Uni Emirat Arab;
Yordania; Jordan; Lebanon; Libanon; Israel; Palestina; Palestine; Gaza; Turki; Turkey; Mesir; Egypt; Libya;
Tunisia; Aljazair; Algeria; Maroko; Morocco; Sudan; Ethiopia; Etiopia; Kenya; Nigeria; Afrika Selatan;
South Africa; Afrika; Eropa; Europe; Asia; Amerika; Amerika Serikat; United States; AS; USA; Kanada;
Canada; Meksiko; Mexico; Brasil; Brazil; Argentina; Chile; Cile; Kolombia; Colombia; Peru; Venezuela; Kuba;
Cuba; Inggris; Britania Raya; United Kingdom; England; Skotlandia; Irlandia; Prancis; Perancis; France;
Jerman; Germany; Italia; Italy; Spanyol; Spain; Portugal; Belanda; Netherlands; Belgia; Belgium; Swiss;
Switzerland; Austria; Swedia; Sweden; Norwegia; Norway; Denmark; Finlandia; Finland; Polandia; Poland;
Ceko; Hungaria; Yunani; Greece; Rusia; Russia; Ukraina; Ukraine; Belarus;
Washington; New York; London; Paris; Berlin; Tokyo; Seoul; Beijing; Shanghai; Moskow; Moscow; Kiev; Kyiv;
Canberra; Sydney; Kuala Lumpur; Bangkok; Manila; Hanoi; Phnom Penh; Pyongyang; Taipei; New Delhi; Delhi;
Dubai; Riyadh; Mekkah; Makkah; Madinah; Yerusalem; Jerusalem; Teheran; Tehran; Baghdad; Damaskus; Kairo;
Cairo; Ankara; Istanbul; Roma; Rome; Madrid; Amsterdam; Brussel; Brussels; Jenewa; Geneva; Wina; Vienna;
Stockholm; Oslo; Den Haag; Los Angeles; Chicago; San Francisco
"""

# Words that head (or close) organisation names in Indonesian news.
_ORG_WORDS = """
Kementerian; Kemenkes; Kemendikbud; Kemenkeu; Kemenlu; Kemendagri; Kemenag; Kemenhan; Kemensos;
Partai; Universitas; Institut; Sekolah; Politeknik; Akademi; Bank; PT; CV; Tbk; Persero; Inc; Corp;
Ltd; Co; Group; Grup; Holding; Yayasan; Lembaga; Badan; Dewan; Majelis; Mahkamah; Komisi; Komite;
Pengadilan; Kejaksaan; Kejagung; Kejati; Kejari; Kepolisian; Polri; Polda; Polres; Polresta; Polsek;
Mabes; TNI; Kodam; Kodim; Korem; Pemerintah; Pemprov; Pemkot; Pemkab; Pemda; Dinas; Dishub; Disdik;
DPR; DPRD; DPD; MPR; KPK; KPU; Bawaslu; BPK; BPS; BI; OJK; BUMN; BNN; BNPB; BPBD; BMKG; Basarnas;
PBB; ASEAN; WHO; UNICEF; IMF; NATO; FIFA; PSSI; PDIP; PDI-P; Golkar; Gerindra; Demokrat; PKB; PKS;
PAN; PPP; Nasdem; Hanura; Perindo; PSI; NU; Muhammadiyah; MUI; Pertamina; PLN; Telkom; Garuda;
Asosiasi; Federasi; Organisasi; Serikat; Perhimpunan; Ikatan; Himpunan; Persatuan; Koperasi; Rumah Sakit;
RSUD; RS; Puskesmas; Kantor; Sekretariat; Direktorat; Ditjen; Biro; Kedutaan; Kedubes; Konsulat;
Satgas; Tim; Klub; FC; Kabinet; Istana; Senat; Kongres; Parlemen; Reuters; AFP; Antara; Kompas; Tempo;
Detik; Yonhap; Xinhua; Bernama; BBC; CNN; Facebook; Google; Twitter; Microsoft; Apple; Samsung; Toyota;
Honda
"""

# Titles and roles written before a person's name.
_PER_TITLES = """
Presiden; Wakil; Wapres; Menteri; Menko; Mendagri; Menkes; Menlu; Menkeu; Gubernur; Wagub; Bupati;
Wabup; Wali; Walikota; Camat; Lurah; Kades; Ketua; Sekjen; Sekretaris; Direktur; Dirut; Kepala; Kapolri;
Kapolda; Kapolres; Kapolsek; Panglima; Pangdam; Jenderal; Jaksa; Hakim; Kapten; Kolonel; Letjen; Mayjen;
Brigjen; Kombes; AKBP; Kompol; AKP; Iptu; Ipda; Bripka; Briptu; Aiptu; Pak; Bu; Ibu; Bapak; Mas; Mbak;
Bang; Kak; Tuan; Nyonya; Dr; Prof; Ir; Drs; Dra; Haji; Hj; KH; Ustaz; Ustadz; Habib; Kiai; Pastor; Pendeta;
Raja; Ratu; Pangeran; Sultan; Perdana; PM; Juru; Jubir; Kabid; Kasat; Kasubag; Kabag; Anggota; Pelatih;
Striker; Penyanyi; Aktor; Aktris; Artis; Pengamat; Peneliti; Dosen; Rektor; Dekan; Dokter; Pengacara;
Kuasa; Tersangka; Terdakwa; Korban; Saksi; Kata; Ujar; Tutur; Ucap; Menurut; Imbuh; Jelas; Sebut
"""


def _items(block: str) -> list[str]:
    return [x.strip() for x in block.replace("\n", " ").split(";") if x.strip()]


PLACES: frozenset[str] = frozenset(x.lower() for x in _items(_PLACES))
ORG_WORDS: frozenset[str] = frozenset(x.lower() for x in _items(_ORG_WORDS))
PER_TITLES: frozenset[str] = frozenset(x.lower() for x in _items(_PER_TITLES))
# first words of place names and the longest one in tokens (for the n-gram lookup)
PLACE_FIRST: frozenset[str] = frozenset(p.split()[0] for p in PLACES)
MAX_PLACE_TOKENS = max(len(p.split()) for p in PLACES)
