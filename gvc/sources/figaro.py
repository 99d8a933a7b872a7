"""FIGARO (Eurostat) inter-country input-output tables, matrix CSV layout."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

FIRST_LABEL = "rowLabels"


def first_header(path: str | Path, member: str | None = None) -> str:
    """The first header cell of a CSV (or of ``member`` of a zip); '' when unreadable."""
    try:
        if member is None:
            with open(path, encoding="utf-8-sig", errors="replace") as fh:
                line = fh.readline()
        else:
            with zipfile.ZipFile(path) as zf, zf.open(member) as fh:
                line = io.TextIOWrapper(fh, encoding="utf-8-sig", errors="replace").readline()
    except Exception:  # a damaged archive is reported by the parser that reads it
        return ""
    return line.split(",", 1)[0].strip().strip('"')
