"""The outlets file of `kliping crawl` (TOML): which outlets to collect, where their article URLs
are listed, and how politely to fetch them.

    [defaults]                 # every key here may also be set per outlet
    delay = 1.0                # seconds between two requests to one host, at least
    concurrency = 1            # requests at once to one host (1 or 2)
    timeout = 30               # seconds a response may take
    max_bytes = 5_000_000      # larger responses are dropped
    retries = 2                # tries after a failed one (5xx, 429, timeouts), with backoff
    obey_robots = true
    max_age_days = 3           # sitemap entries older than this are not fetched (0: any age)
    max_pages = 0              # article pages fetched per outlet and run (0: no cap)

    [[outlet]]
    name = "Kabar Lembah"
    feeds = ["https://kabarlembah.id/rss.xml"]                 # RSS or Atom
    sitemaps = ["https://kabarlembah.id/sitemap_index.xml"]    # news sitemaps, sitemap indexes
    sections = ["https://kabarlembah.id/nasional/"]            # listing pages: links read, page not kept
    robots_sitemaps = false    # also the Sitemap: lines of each host's robots.txt
    allow = ['/\\d{4}/\\d{2}/\\d{2}/']   # article URL patterns (regular expressions, any of)
    deny = ['/tag/', '/search']          # never an article

An outlet's sites are the registered domains of its feeds, sitemaps and sections (and of
`hosts`): `https://www.kompas.com/` covers `nasional.kompas.com`; an article URL elsewhere is left out.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

from .urls import host_of

DEFAULT_USER_AGENT = "kliping/0.1 (news archive; +https://pypi.org/project/kliping/)"


class OutletsError(ValueError):
    """An outlets file that cannot be used, with what is wrong and where."""


@dataclass
class Politeness:
    user_agent: str = DEFAULT_USER_AGENT
    delay: float = 1.0
    concurrency: int = 1
    timeout: float = 30.0
    max_bytes: int = 5_000_000
    retries: int = 2
    obey_robots: bool = True
    max_age_days: float = 3.0
    max_pages: int = 0


@dataclass
class Outlet:
    name: str
    feeds: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    hosts: list[str] = field(default_factory=list)
    robots_sitemaps: bool = False
    allow: list[re.Pattern] = field(default_factory=list)
    deny: list[re.Pattern] = field(default_factory=list)
    polite: Politeness = field(default_factory=Politeness)

    def all_hosts(self) -> set[str]:
        return {h for h in (self.hosts + [host_of(u) for u in self.feeds + self.sitemaps + self.sections]) if h}

    def domains(self) -> set[str]:
        return {_domain(h) for h in self.all_hosts()}

    def wants(self, url: str) -> bool:
        """An article candidate of this outlet: on one of its sites (a host under the registered
        domain of one of its hosts: `nasional.kompas.com` for `www.kompas.com`), matching `allow`
        (when given) and no `deny` pattern."""
        if _domain(host_of(url)) not in self.domains():
            return False
        if any(p.search(url) for p in self.deny):
            return False
        return not self.allow or any(p.search(url) for p in self.allow)


def _domain(host: str) -> str:
    from ..archive.outlet_groups import registered

    if not host or host.replace(".", "").isdigit() or ":" in host:     # an IP address is its own site
        return host
    return registered(host)


_POLITE_KEYS = {f.name: f.type for f in fields(Politeness)}
_OUTLET_KEYS = {"name", "feeds", "sitemaps", "sections", "hosts", "robots_sitemaps", "allow", "deny"}


def _politeness(table: dict, base: Politeness, where: str) -> Politeness:
    values = dict(vars(base))
    for key in set(table) & set(_POLITE_KEYS):
        v = table[key]
        want = type(getattr(base, key))
        if want is float and isinstance(v, int) and not isinstance(v, bool):
            v = float(v)
        if not isinstance(v, want) or (want is int and isinstance(v, bool)):
            raise OutletsError(f"{where}: {key} must be {want.__name__}, not {v!r}")
        values[key] = v
    p = Politeness(**values)
    if not 1 <= p.concurrency <= 8:
        raise OutletsError(f"{where}: concurrency must be 1 to 8 (1 or 2 is polite), not {p.concurrency}")
    if p.delay < 0 or p.timeout <= 0 or p.max_bytes <= 0 or p.retries < 0 or p.max_pages < 0 or p.max_age_days < 0:
        raise OutletsError(f"{where}: delay, retries, max_pages and max_age_days must be >= 0; "
                           "timeout and max_bytes > 0")
    return p


def _urls(table: dict, key: str, where: str) -> list[str]:
    v = table.get(key, [])
    if isinstance(v, str):
        v = [v]
    if not isinstance(v, list) or not all(isinstance(u, str) for u in v):
        raise OutletsError(f"{where}: {key} must be a list of URLs")
    for u in v:
        if not re.match(r"https?://[^/\s]+", u):
            raise OutletsError(f"{where}: {key}: {u!r} is not an http(s) URL")
    return v


def _patterns(table: dict, key: str, where: str) -> list[re.Pattern]:
    v = table.get(key, [])
    if isinstance(v, str):
        v = [v]
    out = []
    for p in v:
        try:
            out.append(re.compile(p))
        except (re.error, TypeError) as e:
            raise OutletsError(f"{where}: {key}: {p!r} is not a regular expression ({e})") from None
    return out


def parse_outlets(data: dict, source: str = "outlets file") -> list[Outlet]:
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict):
        raise OutletsError(f"{source}: [defaults] must be a table")
    unknown = set(defaults) - set(_POLITE_KEYS)
    if unknown:
        raise OutletsError(f"{source}: [defaults]: unknown keys {', '.join(sorted(unknown))} "
                           f"(known: {', '.join(_POLITE_KEYS)})")
    base = _politeness(defaults, Politeness(), f"{source} [defaults]")
    tables = data.get("outlet", [])
    if not isinstance(tables, list) or not tables:
        raise OutletsError(f"{source}: no [[outlet]] tables: name at least one outlet")
    outlets: list[Outlet] = []
    for i, t in enumerate(tables, 1):
        where = f"{source} outlet {i}"
        unknown = set(t) - _OUTLET_KEYS - set(_POLITE_KEYS)
        if unknown:
            raise OutletsError(f"{where}: unknown keys {', '.join(sorted(unknown))}")
        name = t.get("name")
        if not isinstance(name, str) or not name.strip():
            raise OutletsError(f"{where}: every outlet needs a name")
        where = f"{source} outlet {name!r}"
        o = Outlet(name=name.strip(), feeds=_urls(t, "feeds", where), sitemaps=_urls(t, "sitemaps", where),
                   sections=_urls(t, "sections", where), hosts=[h.lower() for h in t.get("hosts", [])],
                   robots_sitemaps=bool(t.get("robots_sitemaps", False)), allow=_patterns(t, "allow", where),
                   deny=_patterns(t, "deny", where), polite=_politeness(t, base, where))
        if not (o.feeds or o.sitemaps or o.sections):
            raise OutletsError(f"{where}: give at least one of feeds, sitemaps, sections")
        if any(o.name == p.name for p in outlets):
            raise OutletsError(f"{where}: two outlets have this name")
        outlets.append(o)
    return outlets


def load_outlets(path: str | Path) -> list[Outlet]:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise OutletsError(f"outlets file not found: {path}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise OutletsError(f"{path}: not a TOML file ({e})") from None
    return parse_outlets(data, str(path))


def example_outlets_path() -> Path:
    """The packaged example: a few major Indonesian outlets, to copy and edit."""
    return Path(__file__).with_name("outlets.example.toml")
