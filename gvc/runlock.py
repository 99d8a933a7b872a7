"""One ``gvc reproduce`` at a time per report folder, private work directories, and clean-up of
what killed runs left behind.

:class:`ReportLock` holds an exclusive lock (``.<name>.lock`` beside the report folder) for a whole
run: a second run on the same folder waits, then runs, so both succeed. On entry it removes stale
work directories and temporary files of earlier runs (safe: no other run on this folder is
active while the lock is held). On exit it removes its lock file, and the folders it created
for the report when the run wrote nothing into them (a failed run leaves no empty folder).
:func:`work_dir` gives each run its own temporary directory inside the report's parent, removed
when the run ends. :class:`FileLock` is the lock itself (also ``gvc build``'s).
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger(__name__)


class FileLock:
    """``with FileLock(path): ...``: an exclusive POSIX ``flock`` on ``path``, created on entry
    and removed on exit, so no empty lock file stays behind. A run that waited on a lock file
    its holder removed takes the lock again on the file now at ``path`` (the inode is checked),
    so two runs never hold the lock at once. ``waiting`` is logged when the lock is busy."""

    def __init__(self, path: str | Path, waiting: str | None = None):
        self.path = Path(path)
        self.waiting = waiting
        self._fh = None

    def __enter__(self):
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: no locking
            return self
        told = False
        while True:
            try:
                fh = open(self.path, "a+")  # noqa: SIM115
            except FileNotFoundError:  # the folder was removed by a run that just ended
                self.path.parent.mkdir(parents=True, exist_ok=True)
                continue
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if self.waiting and not told:
                    log.warning(self.waiting)
                    told = True
                fcntl.flock(fh, fcntl.LOCK_EX)
            except BaseException:
                fh.close()
                raise
            if _same_file(fh, self.path):
                self._fh = fh
                return self
            fh.close()  # the holder removed this file when it finished: lock the new one

    def __exit__(self, *exc):
        if self._fh is not None:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()  # while still holding it (see _same_file)
            import fcntl

            fcntl.flock(self._fh, fcntl.LOCK_UN)
            self._fh.close()
            self._fh = None
        return False


def _same_file(fh, path: Path) -> bool:
    try:
        a, b = os.fstat(fh.fileno()), os.stat(path)
    except FileNotFoundError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


class ReportLock:
    """``with ReportLock(out): ...``: exclusive use of report folder ``out`` (see the module
    docstring)."""

    def __init__(self, out: str | Path):
        self.out = Path(out).resolve()
        self.path = self.out.parent / f".{self.out.name}.lock"
        self._created: list[Path] = []

    def __enter__(self):
        for d in (self.out, *self.out.parents):  # fail early, naming the culprit
            if d.exists():
                if not d.is_dir():
                    raise NotADirectoryError(errno.ENOTDIR, "Not a directory", str(d))
                break
        self._created = [d for d in (self.out, *self.out.parents) if not d.exists()]
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self._lock = FileLock(
            self.path, f"another gvc run is writing {self.out}; waiting for it to finish"
        )
        try:
            self._lock.__enter__()
        except BaseException:
            self._remove_created()
            raise
        remove_stale(self.out)
        return self

    def __exit__(self, *exc):
        self._lock.__exit__(*exc)
        self._remove_created()
        return False

    def _remove_created(self) -> None:
        """The folders this run created, deepest first, if nothing was written into them."""
        for d in self._created:
            with contextlib.suppress(OSError):  # not empty (or gone): it stays as it is
                d.rmdir()


def remove_stale(out: Path) -> list[Path]:
    """Delete work directories and temporary files that killed runs left for report ``out``."""
    gone = []
    work = [*out.parent.glob(f".{out.name}.work*"), *out.glob(".gvc.work-*")]
    for p in work:
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
