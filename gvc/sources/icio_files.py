"""Which published input-output format a file is, and the parser that reads it.

``REGISTRY`` lists every format's ``TableFormat`` (name, README title, detection, parser),
defined in the format's own module; detection, ``read_table``, the expected-format text of error
messages and the README's list all follow it. Detection looks at labels only (header row, label
columns, member names), never at the file name, so renamed files are recognised.
"""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

from gvc.errors import DataError
from gvc.sources import (
    adb_mrio,
    eora26,
    exiobase3,
    figaro,
    oecd_icio,
    wiod2013,
    wiod2016,
    wiot_sheet,
)
from gvc.sources.bundle import Bundle
from gvc.sources.icio_table import IcioTable, Probe, TableFormat

REGISTRY: tuple[TableFormat, ...] = (
    oecd_icio.TABLE_FORMAT,
    adb_mrio.TABLE_FORMAT,
    wiod2016.TABLE_FORMAT,
    wiod2013.TABLE_FORMAT,
    eora26.TABLE_FORMAT,
    exiobase3.TABLE_FORMAT,
    figaro.TABLE_FORMAT,
)
"""Every table format, in detection order: the first whose ``detect`` is True wins, then the
first whose ``fallback`` is. A new format is one ``TABLE_FORMAT`` in its module and one line
here (CONTRIBUTING, "Add a table format")."""

BY_NAME = {f.name: f for f in REGISTRY}
FORMATS = tuple(BY_NAME)
EXPECTED = ", ".join(f.expected for f in REGISTRY[:-1]) + f" or {REGISTRY[-1].expected}"
"""What a file read by ``read_table`` may be, for error messages."""

SHEETS = (".xlsx", ".xlsm", ".xlsb")


def probe(path: str | Path) -> Probe:
    """What detection looks at in ``path``; one-line errors for a missing file, an .xls
    workbook or a damaged zip."""
    path = Path(path)
    if path.is_dir():  # an extracted Eora26 or EXIOBASE 3 zip
        return Probe(path, "folder", names=Bundle(path).names())
    if not path.is_file():
        raise DataError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise DataError(
            f"{path}: {path.suffix} workbooks are not read; save the sheet as .xlsx, or for WIOD "
            "2016 use the release's .xlsb or R data files (wiot_r_Nov16.zip, source wiod2016)"
        )
    if suffix in SHEETS:
        return Probe(path, "sheet")
    if suffix in (".rdata", ".rda"):
        return Probe(path, "rdata")
    if zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as zf:
                names = zf.namelist()
        except zipfile.BadZipFile as exc:
            raise DataError(f"{path}: damaged zip archive ({exc})") from exc
        return Probe(path, "zip", names=names)
    try:
        with open(path, encoding="utf-8-sig", errors="strict") as fh:
            header = next(csv.reader([fh.readline()]), [])
    except UnicodeDecodeError:
        header = []
    return Probe(path, "csv", header=header)


def detect(path: str | Path) -> str:
    """The format of ``path`` (one of ``FORMATS``); a one-line error naming what was expected."""
    p = probe(path)
    for f in REGISTRY:
        if f.detect(p):
            return f.name
    for f in REGISTRY:
        if f.fallback is not None and f.fallback(p):
            return f.name
    raise unrecognised(p)


def unrecognised(p: Probe) -> DataError:
    """The one-line error for a file no format claimed, by kind of file."""
    path = p.path
    if p.kind == "folder":
        return DataError(
            f"{path}: a folder of none of the known layouts (first file "
            f"{p.names[0] if p.names else None!r}); expected an extracted Eora26 or EXIOBASE 3 zip"
        )
    if p.kind == "sheet":
        return wiot_sheet.unrecognised_sheet(p, EXPECTED)
    if p.kind == "zip":
        first = next((n for n in p.names if not n.endswith("/")), None)
        return DataError(
            f"{path}: a zip of none of the known layouts (first member {first!r}); expected "
            f"{EXPECTED}"
        )
    header = p.header
    first = next((h for h in header[1:] if h.strip()), None)
    what = f"first column label {first!r}" if first else "no comma-separated header row"
    labels = [h.strip() for h in header[1:] if h.strip()]
    if labels and all(oecd_icio.SECTOR.match(h) or "_" in h for h in labels[:20]):
        return DataError(
            f"{path}: not a published input-output table ({what}, no output column): it looks "
            "like your own Z table; read it with gvc.read_icio(z=..., final=..., x=...) or "
            "`gvc io decompose --z Z.csv --final F.csv [--x x.csv]`"
        )
    return DataError(f"{path}: not a recognised input-output table ({what}); expected {EXPECTED}")


def read_table(
    path: str | Path, year: int | None = None, fmt: str | None = None, eora_row: str = "fold"
) -> IcioTable:
    """Read ``path`` with the parser of its (detected or given) format (``eora_row``: see
    :func:`gvc.sources.eora26.read_eora26`)."""
    fmt = fmt or detect(path)
    if fmt not in BY_NAME:
        raise ValueError(f"format must be one of {FORMATS}, got {fmt!r}")
    entry = BY_NAME[fmt]
    options = {"eora_row": eora_row}
    return entry.read(path, year, **{k: options[k] for k in entry.options})
