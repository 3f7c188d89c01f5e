"""Run the real `kliping` command in tests."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path


def kliping_cmd() -> list[str]:
    """The installed `kliping` script beside this Python, else on PATH, else `python -m kliping.cli`."""
    script = Path(sys.executable).with_name("kliping")
    if script.exists():
        return [str(script)]
    found = shutil.which("kliping")
    return [found] if found else [sys.executable, "-m", "kliping.cli"]


def run_kliping(args: list, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(kliping_cmd() + [str(a) for a in args], input=stdin, capture_output=True, cwd=cwd,
                          timeout=300)
