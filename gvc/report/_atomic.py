"""Atomic file writes: write a temporary file in the target's folder, then rename over it."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

FILE_MODE = 0o644
"""Permissions of written files (``mkstemp`` would leave them owner-only)."""


def write_temp(target: Path, data: bytes) -> Path:
    """Write ``data`` to a new hidden temporary file beside ``target``; return its path."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, FILE_MODE)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and not exc.filename:  # a full disk names no file
            from gvc.failures import named

            raise named(exc, target) from exc
        raise
    return Path(tmp)


def atomic_write(target: str | os.PathLike, data: bytes) -> Path:
    """Replace ``target`` with ``data`` atomically (readers see the old or the new file)."""
    target = Path(target)
    tmp = write_temp(target, data)
    try:
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return target
