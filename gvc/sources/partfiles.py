"""Names of partial downloads and removal of those that killed processes left behind.

A download is written to ``.<name>.<pid>.part`` (and a zip member to ``.<name>.<pid>.tmp``)
beside its destination; the process id tells a live download from a dead one's leftover.
"""

from __future__ import annotations

import os
from pathlib import Path


def part_name(dest: Path) -> Path:
    """This process's partial-download file for ``dest``."""
    return dest.with_name(f".{dest.name}.{os.getpid()}.part")


def remove_stale(directory: Path) -> list[Path]:
    """Delete partial downloads in ``directory`` whose process is no longer running."""
    gone = []
    if not directory.is_dir():
        return gone
    for p in list(directory.glob(".*.part")) + list(directory.glob(".*.tmp")):
        pid = p.name.rsplit(".", 2)[-2]
        if not pid.isdigit() or not alive(int(pid)):
            p.unlink(missing_ok=True)
            gone.append(p)
    for p in directory.glob("*.part"):  # the layout before per-process names
        if not p.name.startswith("."):
            p.unlink(missing_ok=True)
            gone.append(p)
    return gone


def alive(pid: int) -> bool:
    """True when process ``pid`` exists (this process included)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):  # no such process (or an impossible id)
        return False
    except PermissionError:  # exists, owned by another user
        return True
    return True
