"""One-line messages for expected failures (bad data, bad settings, OS errors), for the CLI.

:func:`describe` turns an exception into a single line that names the file or parameter and what
to do; the CLI prints it and exits with code 2 (the full traceback only with ``--debug``).
"""

from __future__ import annotations

import errno
import json

from gvc.errors import GvcError

_OS_REMEDY = {
    errno.EACCES: "permission denied; make it readable/writable for you, or choose another "
    "directory (GVC_DATA_DIR, --out)",
    errno.EPERM: "operation not permitted; check its permissions or choose another directory",
    errno.EROFS: "the file system is read-only; choose a writable directory (GVC_DATA_DIR, --out)",
    errno.ENOSPC: "no space left on the device; free some space or choose another directory",
    errno.EDQUOT: "disk quota exceeded; free some space or choose another directory",
    errno.EFBIG: "the file would be larger than this system allows (ulimit -f, or the file "
    "system's limit); write a smaller output or choose another directory",
    errno.ENOTDIR: "a part of this path is a file, not a directory; fix the path or move the file",
    errno.EISDIR: "is a directory where a file was expected; remove or rename the directory",
    errno.ENOENT: "does not exist; check the path",
    errno.EEXIST: "already exists; remove it or choose another name",
}


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _os_message(exc: OSError) -> str:
    where = exc.filename or ""
    if getattr(exc, "filename2", None):
        where = f"{where} -> {exc.filename2}"
    what = _OS_REMEDY.get(exc.errno, exc.strerror or exc.__class__.__name__)
    return f"{where}: {what} ({exc.strerror or exc})" if where else f"{what} ({exc})"


def named(exc: OSError, path) -> OSError:
    """``exc`` with ``path`` as its file name when it has none: a full disk or a file-size limit
    hit inside ``write()`` (or arrow's writer) names no file, and the message must say which.
    Arrow's ``[Errno 28] ...`` text gets its errno back, so the remedy is the right one."""
    import re

    if exc.filename:
        return exc
    code, text = exc.errno, exc.strerror or str(exc)
    m = re.match(r"\s*(?:IOError: )?\[Errno (\d+)\] (.*)", str(exc)) if code is None else None
    if m:
        code, text = int(m.group(1)), m.group(2)
    return type(exc)(code, text, str(path))


def describe(exc: BaseException) -> str | None:
    """The message for an expected failure, or None when ``exc`` is not one (a bug)."""
    if isinstance(exc, GvcError):
        text = str(exc)
        # gvc's own errors may list several items on their own lines; keep them
        return text if "\n" in text else _one_line(text)
    if isinstance(exc, UnicodeDecodeError):
        return _one_line(
            f"a file is not UTF-8 text ({exc.encoding} cannot decode byte at position "
            f"{exc.start}); supply the file as published (UTF-8 CSV)"
        )
    if isinstance(exc, json.JSONDecodeError):
        return _one_line(f"a JSON file is corrupt ({exc}); delete it and run the command again")
    if isinstance(exc, OSError):
        return _one_line(_os_message(exc))
    if isinstance(exc, MemoryError):
        return "out of memory; close other programs or process fewer years/tables at once"
    try:
        import pyarrow as pa

        if isinstance(exc, pa.ArrowException):
            return _one_line(
                f"a Parquet file is corrupt ({exc}); delete the files in data/processed and run "
                "`gvc build`"
            )
    except ImportError:  # pragma: no cover
        pass
    return None
