"""Output files that are whole or absent: written under a temporary name beside the target and
renamed over it only when complete, so a full disk, an error or Ctrl-C never leaves half a file
where a finished one is expected (and never clobbers an earlier complete one)."""
from __future__ import annotations

import errno
import gzip
import os
import sqlite3
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator


def _special(target: Path) -> bool:
    """A target that is not a regular file (a device such as /dev/null, a pipe, /dev/stdout): written
    in place, never replaced by a renamed file."""
    return target.exists() and not target.is_file()


@contextmanager
def partial_path(path: str | Path) -> Iterator[Path]:
    """A temporary path beside `path`, renamed to it when the block ends normally, removed otherwise
    (a device or a pipe is given as it is)."""
    target = Path(path)
    if _special(target):
        yield target
        return
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent or ".")
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def text_output(path: str | None) -> Iterator[IO[str]]:
    """A text stream to write: stdout for None or "-", else the file (gzip for a `.gz` name), whole
    or absent (see the module's docstring)."""
    if path is None or path == "-":
        try:
            yield sys.stdout
        finally:
            sys.stdout.flush()
        return
    with partial_path(path) as tmp:
        if str(path).endswith(".gz"):
            out: IO[str] = gzip.open(tmp, "wt", encoding="utf-8")
        else:
            out = open(tmp, "w", encoding="utf-8")
        try:
            yield out
        finally:
            out.close()


def full_disk_message(exc: BaseException) -> str | None:
    """The one-line explanation of a full disk (or quota), or None for any other error."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        where = f" writing {exc.filename}" if exc.filename else ""
        return f"no space left on the device{where}: free some space and run the command again"
    if isinstance(exc, sqlite3.OperationalError) and "disk is full" in str(exc):
        return ("the archive's disk is full: the build keeps every batch it committed; free some space "
                "and run the same command again to add the rest")
    return None
