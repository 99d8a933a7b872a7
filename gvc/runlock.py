"""One ``gvc reproduce`` at a time per report folder, private work directories, and clean-up of
what killed runs left behind.

:class:`ReportLock` holds an exclusive lock (``.<name>.lock`` beside the report folder) for a whole
run: a second run on the same folder waits, then runs, so both succeed. On entry it removes stale
work directories and temporary files of earlier runs (safe: no other run on this folder is
active while the lock is held). :func:`work_dir` gives each run its own temporary directory inside
the report's parent, removed when the run ends.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger(__name__)


class ReportLock:
    """``with ReportLock(out): ...``: exclusive use of report folder ``out`` (POSIX flock)."""

    def __init__(self, out: str | Path):
        self.out = Path(out).resolve()
        self.path = self.out.parent / f".{self.out.name}.lock"

    def __enter__(self):
        for d in (self.out, *self.out.parents):  # fail early, naming the culprit
            if d.exists():
                if not d.is_dir():
                    raise NotADirectoryError(errno.ENOTDIR, "Not a directory", str(d))
                break
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self._fh = open(self.path, "a+")  # noqa: SIM115
        try:
            import fcntl

            try:
                fcntl.flock(self._fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                log.warning("another gvc run is writing %s; waiting for it to finish", self.out)
                fcntl.flock(self._fh, fcntl.LOCK_EX)
        except ImportError:  # pragma: no cover - Windows
            pass
        remove_stale(self.out)
        return self

    def __exit__(self, *exc):
        with contextlib.suppress(ImportError):
            import fcntl

            fcntl.flock(self._fh, fcntl.LOCK_UN)
        self._fh.close()
        return False


def remove_stale(out: Path) -> list[Path]:
    """Delete work directories and temporary files that killed runs left for report ``out``."""
    gone = []
    for p in out.parent.glob(f".{out.name}.work*"):
        shutil.rmtree(p, ignore_errors=True)
        gone.append(p)
    for d in (out, out / "tables", out / "figures"):  # not recursive: reports/demo is another run's
        if d.is_dir():
            for pattern in (".*.tmp", ".*.bak"):
                for p in d.glob(pattern):
                    if p.is_file():
                        p.unlink(missing_ok=True)
                        gone.append(p)
    if gone:
        log.info("removed %d leftover(s) of an interrupted run", len(gone))
    return gone


@contextlib.contextmanager
def work_dir(out: str | Path) -> Iterator[Path]:
    """A private temporary directory beside report folder ``out``, removed afterwards."""
    out = Path(out).resolve()
    d = Path(tempfile.mkdtemp(prefix=f".{out.name}.work-", dir=out.parent))
    try:
        yield d
    finally:
        shutil.rmtree(d, ignore_errors=True)
