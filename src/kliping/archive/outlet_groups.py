"""Outlet groups: a network's hosts under one name, and collections of outlets a user defines.

Every outlet (a host, `makassar.tribunnews.com`) belongs to its registered domain's group
(`tribunnews.com`: the last two labels, three under an Indonesian or other second-level domain
such as `co.id`), so a network's regional sites count together without a table. The packaged
table (`outlet_groups.tsv`, versioned) joins a network's several domains (`kompas.com`,
`kompas.id`, `kompas.tv` as Kompas Gramedia); a user's file of the same form adds rows or
replaces them by key, and defines collections (`media-kalimantan`). Written here rather than
with a public-suffix library: the Indonesian second-level domains below are the ones news uses,
and a group only needs to be stable, not a legal registrable domain.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable

# second-level domains under which a registered name takes three labels
_SECOND_LEVEL = frozenset("co.id or.id ac.id go.id web.id my.id sch.id mil.id net.id biz.id ponpes.id desa.id "
                          "com.my co.uk com.au com.sg co.jp".split())


@dataclass
class Group:
    key: str
    name: str
    members: list[str]        # hosts; each covers the hosts under it


# hosting platforms: their subdomains are separate sites, not one network
_PLATFORMS = frozenset("blogspot.com wordpress.com medium.com github.io substack.com tumblr.com wixsite.com".split())


def registered(host: str) -> str:
    """`makassar.tribunnews.com` -> `tribunnews.com`; `news.detik.co.id` -> `detik.co.id`; a blog
    on a hosting platform (`x.blogspot.com`) stays itself."""
    parts = host.lower().strip(".").split(".")
    if ".".join(parts[-2:]) in _PLATFORMS:
        return ".".join(parts)
    if len(parts) >= 3 and ".".join(parts[-2:]) in _SECOND_LEVEL:
        return ".".join(parts[-3:])
    return ".".join(parts[-2:]) if len(parts) >= 2 else host


def _parse(text: str, where: str) -> list[Group]:
    out = []
    for no, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#") or line.startswith("key\t"):
            continue
        cols = line.split("\t")
        if len(cols) != 3:
            raise ValueError(f"{where}:{no}: a row is key, name and members separated by tabs")
        out.append(Group(cols[0].strip(), cols[1].strip(), [m.strip().lower() for m in cols[2].split("|") if m.strip()]))
    return out


_USER_FILES: tuple[str, ...] = ()


def configure(paths: Iterable[str | Path]) -> None:
    """The user's group files this process reads (`kliping serve --groups FILE`)."""
    global _USER_FILES
    _USER_FILES = tuple(str(Path(p).resolve()) for p in paths)
    for p in _USER_FILES:
        load_groups((p,))          # a broken file fails now, with its line, not at a request


def load_groups(paths: tuple[str, ...] | None = None) -> dict[str, Group]:
    return _load_groups(_USER_FILES if paths is None else paths)


@lru_cache(maxsize=8)
def _load_groups(paths: tuple[str, ...]) -> dict[str, Group]:
    """The packaged groups, extended (and overridden by key) by the users' files."""
    text = (resources.files("kliping.archive") / "outlet_groups.tsv").read_text(encoding="utf-8")
    groups = {g.key: g for g in _parse(text, "outlet_groups.tsv")}
    for p in paths:
        groups.update((g.key, g) for g in _parse(Path(p).read_text(encoding="utf-8"), p))
    return groups


def _covers(member: str, host: str) -> bool:
    return host == member or host.endswith("." + member)


def group_of(host: str, groups: dict[str, Group]) -> tuple[str, str]:
    """(key, name) of the group an outlet counts under: a table row that covers it, else its
    registered domain."""
    for g in groups.values():
        if any(_covers(m, host) for m in g.members):
            return g.key, g.name
    reg = registered(host)
    return reg, reg


def members(group: str, outlets: Iterable[str], groups: dict[str, Group]) -> list[str]:
    """The outlets (of those given: the archive's) that a group or registered domain holds."""
    g = groups.get(group)
    if g is not None:
        return sorted(o for o in outlets if any(_covers(m, o) for m in g.members))
    return sorted(o for o in outlets if group_of(o, groups)[0] == group)


def counted(outlet_counts: dict[str, int], groups: dict[str, Group]) -> list[tuple[str, str, int, int]]:
    """(key, name, articles, outlets) of the groups of these outlets that hold two or more."""
    agg: dict[str, list] = {}
    for o, n in outlet_counts.items():
        key, name = group_of(o, groups)
        a = agg.setdefault(key, [name, 0, 0])
        a[1] += n
        a[2] += 1
    return sorted(((k, v[0], v[1], v[2]) for k, v in agg.items() if v[2] >= 2), key=lambda x: (-x[2], x[0]))
