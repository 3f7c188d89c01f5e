"""A Linker kept between builds, so that adding a day of news links only the new articles.

The state lives in a folder beside the archive (`news.db` -> `news.db.links/`): `linker.pickle`
(the Linker's arrays, vocabularies, stories and related lists; pickle protocol 5, which writes
numpy arrays as raw bytes) and `kgrams.bin` (the near-duplicate check's k-gram hashes, which the
Linker otherwise keeps in an unnamed temporary file). Each state carries a token; the archive
stores the same token in `meta` when it writes the links, and forgets it whenever an article
that was linked changes (archive/schema.py's triggers). A state whose token, format or linking
parameters do not match is not used: the build links the whole archive again.

The files are written under temporary names and renamed into place, the pickle last, so a build
that stops while saving leaves either the old state (whose token the archive no longer holds)
or the new one.
"""
from __future__ import annotations

import os
import pickle
import secrets
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

try:
    import fcntl
except ImportError:          # not on Windows: builds there do not take turns on the state
    fcntl = None

from ..stemming import STEMMER_VERSION
from .collection import Linker

# bumped whenever what the Linker keeps, or how it links, changes
STATE_FORMAT = 9
_PICKLE = "linker.pickle"
_KGRAMS = "kgrams.bin"


def state_dir(archive: str | Path) -> Path:
    return Path(str(archive) + ".links")


def _signature(linker: Linker) -> str:
    """What must be equal for a saved state to be extended: its format, the stemmer and every parameter."""
    return f"{STATE_FORMAT}|{STEMMER_VERSION}|{linker.p!r}|{linker.chunk}|{linker.timelines}"


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Held from loading a state to saving the next one: two builds at once never extend the same
    k-gram file (the second waits, then finds the state the first one left)."""
    folder.mkdir(parents=True, exist_ok=True)
    if fcntl is None:
        yield
        return
    with open(folder / "lock", "a+b") as f:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f.fileno(), fcntl.LOCK_UN)


def new_token() -> str:
    return secrets.token_hex(16)


def save(folder: Path, linker: Linker, token: str) -> None:
    """Write the linker's state (see the module's note on the order of the writes); what it linked
    (the last rowid, how many) the archive's `meta.link_state` says under the same token."""
    folder.mkdir(parents=True, exist_ok=True)
    sets = linker.dedup.sets
    kgrams = folder / _KGRAMS
    name = getattr(sets._file, "name", None)     # a loaded state's own file; an unnamed one while relinking
    if not isinstance(name, str) or os.path.realpath(name) != os.path.realpath(kgrams):
        tmp = folder / (_KGRAMS + ".tmp")
        sets.save(str(tmp))
        os.replace(tmp, kgrams)
    else:
        sets._file.flush()
    # caches that rebuild themselves are not kept (the k-gram word codes, the stems of seen words)
    codes, stems = linker.dedup.hasher.codes, linker.stemmer.cache
    linker.dedup.hasher.codes, linker.stemmer.cache = {}, {}
    try:
        payload = {"signature": _signature(linker), "token": token, "linker": linker}
        tmp = folder / (_PICKLE + ".tmp")
        # not synced to disk: a state cut short by a crash fails to load, and the build then
        # links the whole archive (syncing 2 GB costs a million-article build seconds every time)
        with open(tmp, "wb") as f:
            pickle.dump(payload, f, protocol=5)
        os.replace(tmp, folder / _PICKLE)
    finally:
        linker.dedup.hasher.codes, linker.stemmer.cache = codes, stems


def load(folder: Path, token: str | None) -> Linker | None:
    """The saved linker when it is the archive's (same token) and this kliping can extend it; else None."""
    path = folder / _PICKLE
    if token is None or not path.exists() or not (folder / _KGRAMS).exists():
        return None
    try:
        with open(path, "rb") as f:
            payload = pickle.load(f)  # noqa: S301 - a file this kliping wrote beside its own archive
        linker = payload["linker"]
        if payload["token"] != token or payload["signature"] != _signature(Linker(timelines=linker.timelines)):
            return None
        linker.dedup.sets.attach(str(folder / _KGRAMS))
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, KeyError, TypeError, ValueError,
            ImportError, IndexError):
        return None          # unreadable or from another version: the caller links everything again
    return linker


def forget(folder: Path) -> None:
    """Remove a saved state (after a build that could not use it, before it saves a new one)."""
    for name in (_PICKLE, _PICKLE + ".tmp", _KGRAMS + ".tmp"):
        try:
            os.remove(folder / name)
        except FileNotFoundError:
            pass
