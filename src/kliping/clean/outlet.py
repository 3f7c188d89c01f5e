"""Which outlet published a page: from its URL, else from the dateline or a printed site name.

Host folding follows the dev labelling rule: section and mobile hosts of one
national site fold into it (money.kompas.com -> kompas.com), regional sites of
a network keep their own host (makassar.tribunnews.com).
"""
from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

# Second-level labels under a country code: "co.id", "or.id", "com.my", ...
_SECOND_LEVEL = {"co", "or", "go", "ac", "web", "my", "sch", "net", "com", "org", "gov", "edu", "mil", "biz", "ponpes", "desa"}
# Networks whose sub-hosts are regional newsrooms with their own identity.
_REGIONAL_NETWORKS = {"tribunnews.com", "antaranews.com", "suara.com", "inews.id", "disway.id", "jpnn.com",
                      "pikiran-rakyat.com", "nu.or.id", "okezone.com", "grid.id", "gridoto.com", "rtm.gov.my",
                      "yahoo.com", "berita24.com", "riau24.com", "pintas24.co.id", "ngakorming.com", "unpad.ac.id",
                      "dpr.go.id", "blogspot.com", "pages.dev"}
# Sub-hosts that are never a regional newsroom: mobile, AMP, language and section hosts.
_SECTION_HOSTS = {"www", "m", "mobile", "amp", "en", "origin", "beta", "news", "newsmaker", "pemilu", "yoursay",
                  "money", "oto", "health", "tekno", "inet", "finance", "hot", "food", "travel", "sport", "sports",
                  "bola", "haji", "ihram", "nasional", "internasional", "ekonomi", "lifestyle", "celebrity",
                  "seleb", "megapolitan", "regional", "edukasi", "jeda", "foto", "video", "tv", "insight",
                  "jelajahekonomi", "kabar24", "databoks", "menjadi-lebih", "kompaspedia", "opera", "wolipop",
                  "20", "x", "apps"}
# Hosts that serve another outlet's pages.
_ALIASES = {"bisnis-cdn.com": "bisnis.com"}

_DATELINE_SITE = re.compile(r"\b([A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*\.(?:com|co\.id|co|id|net|tv|news|or\.id|my))\b", re.I)


def registered_domain(host: str) -> str:
    parts = host.lower().strip(".").split(".")
    if len(parts) >= 3 and parts[-2] in _SECOND_LEVEL and len(parts[-1]) == 2:
        return ".".join(parts[-3:])
    return ".".join(parts[-2:])


@lru_cache(maxsize=4096)  # one page's URL is asked for by several stages
def outlet_from_url(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    host = host.lower()
    base = registered_domain(host)
    base = _ALIASES.get(base, base)
    sub = host[: -len(registered_domain(host))].rstrip(".") if host != registered_domain(host) else ""
    labels = [s for s in sub.split(".") if s] if sub else []
    # drop section / mobile labels; keep what names a regional newsroom or a distinct site
    kept = [s for s in labels if s not in _SECTION_HOSTS and not re.fullmatch(r"www\d*|www-\w+", s)]
    if not kept:
        return base
    if base in _REGIONAL_NETWORKS or base not in _KNOWN_NATIONAL:
        return ".".join(kept + [base])
    return base


# National sites whose sub-hosts are all sections of one newsroom.
_KNOWN_NATIONAL = {"kompas.com", "detik.com", "kompas.id", "kontan.co.id", "liputan6.com", "republika.co.id",
                   "tempo.co", "kompas.tv", "katadata.co.id", "bisnis.com", "merdeka.com", "cnnindonesia.com",
                   "cnbcindonesia.com", "sindonews.com", "viva.co.id", "idntimes.com", "kumparan.com",
                   "metrotvnews.com", "medcom.id", "tirto.id", "jawapos.com", "mediaindonesia.com",
                   "dailymotion.com", "beritasatu.com", "tvonenews.com", "okezone.com"}


def outlet_from_text(lines: list[str]) -> str | None:
    """The site name a dateline or a headline suffix prints: 'TEMPO.CO, Jakarta -' -> tempo.co."""
    for text in lines[:40]:
        head = text.strip()[:80]
        if re.search(r"\s[-–—]\s", head) or re.search(r"[-–—]\s*$", head):
            m = _DATELINE_SITE.search(head)
            if m:
                return outlet_from_url("//" + m.group(1).lower())
    return None
