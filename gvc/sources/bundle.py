"""A published multi-file table: a zip archive, or the folder it was extracted to.

Eora26 and EXIOBASE 3 publish one zip per year; users often extract it. Both are read the same
way; a damaged archive raises one ``DataError`` line naming the file.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from gvc.errors import DataError

ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, OSError, EOFError, KeyError)


class Bundle:
    """Files of ``path`` (a zip or a folder) by their relative POSIX names."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.is_dir = self.path.is_dir()

    def names(self) -> list[str]:
        if self.is_dir:
            return sorted(
                p.relative_to(self.path).as_posix() for p in self.path.rglob("*") if p.is_file()
            )
        try:
            with zipfile.ZipFile(self.path) as zf:
                return [n for n in zf.namelist() if not n.endswith("/")]
        except ZIP_ERRORS as exc:
            raise DataError(f"{self.path}: damaged zip archive ({exc}); fetch it again") from exc

    def read(self, name: str) -> bytes:
        if self.is_dir:
            return (self.path / name).read_bytes()
        try:
            with zipfile.ZipFile(self.path) as zf:
                return zf.read(name)  # checks the CRC: a damaged member fails here
        except ZIP_ERRORS as exc:
            raise DataError(f"{self.path}: damaged zip archive ({exc}); fetch it again") from exc

    def label(self, name: str) -> str:
        """How errors name a member: ``archive.zip!member`` or ``folder/member``."""
        return str(self.path / name) if self.is_dir else f"{self.path}!{name}"
