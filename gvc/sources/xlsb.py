"""Cell values of an Excel binary workbook (``.xlsb``), as the WIOD 2016 release ships its
world input-output tables, without a new dependency.

An ``.xlsb`` is a zip of BIFF12 record streams ([MS-XLSB], Microsoft Open Specifications):
``xl/workbook.bin`` lists the sheets (record ``BrtBundleSh``: name and relationship id, resolved
through ``xl/_rels/workbook.bin.rels``), ``xl/sharedStrings.bin`` the shared strings
(``BrtSSTItem``) and each ``xl/worksheets/sheetN.bin`` its cells between ``BrtBeginSheetData`` and
``BrtEndSheetData``: a row header (``BrtRowHdr``: the row index), then one record per cell, each
starting with the column index (numbers as ``BrtCellRk``, ``BrtCellReal`` or ``BrtFmlaNum``,
strings as ``BrtCellIsst`` (an index into the shared strings), ``BrtCellSt`` or
``BrtFmlaString``). Record headers are a 1-2 byte type and a 1-4 byte size, 7 bits per byte.
Only values are read (cached formula results, as openpyxl's ``data_only=True``); styles,
formulas and other sheets are skipped. This module only reads files.
"""

from __future__ import annotations

import re
import struct
import zipfile
from pathlib import Path

from gvc.errors import DataError

BEGIN_SHEET_DATA, END_SHEET_DATA = 145, 146
ROW_HEADER, BUNDLE_SHEET, SST_ITEM = 0, 156, 19
CELL_RK, CELL_REAL, CELL_ST, CELL_ISST = 2, 5, 6, 7
FMLA_STRING, FMLA_NUM, CELL_BOOL, FMLA_BOOL = 8, 9, 4, 10


def _records(data: bytes):
    """(type, payload) of every record of a BIFF12 stream."""
    pos, n = 0, len(data)
    while pos < n:
        b = data[pos]
        pos += 1
        rtype = b & 0x7F
        if b & 0x80:
            rtype |= (data[pos] & 0x7F) << 7
            pos += 1
        size, shift = 0, 0
        for _ in range(4):
            b = data[pos]
            pos += 1
            size |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                break
        yield rtype, data[pos : pos + size]
        pos += size


def _wide_string(buf: bytes, at: int) -> tuple[str, int]:
    """An XLWideString (uint32 character count, UTF-16LE) at ``at``; (text, next offset)."""
    (cch,) = struct.unpack_from("<I", buf, at)
    if cch == 0xFFFFFFFF:  # a null string
        return "", at + 4
    end = at + 4 + 2 * cch
    return buf[at + 4 : end].decode("utf-16-le"), end


def _rk(v: int) -> float:
    """An RkNumber: a 30-bit integer or the high 30 bits of a double, optionally / 100."""
    if v & 2:
        x = float(struct.unpack("<i", struct.pack("<I", v))[0] >> 2)
    else:
        x = struct.unpack("<d", struct.pack("<Q", (v & 0xFFFFFFFC) << 32))[0]
    return x / 100 if v & 1 else x


def sheets(zf: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(name, member) of every worksheet, in workbook order."""
    rels = zf.read("xl/_rels/workbook.bin.rels").decode("utf-8", "replace")
    target = {
        m.group(1): m.group(2)
        for m in re.finditer(r'<Relationship[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"', rels)
    }
    target |= {
        m.group(2): m.group(1)
        for m in re.finditer(r'<Relationship[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)
    }
    out = []
    for rtype, rec in _records(zf.read("xl/workbook.bin")):
        if rtype == BUNDLE_SHEET:
            rel, at = _wide_string(rec, 8)
            name, _ = _wide_string(rec, at)
            member = target.get(rel, "")
            out.append((name, "xl/" + member.lstrip("/").removeprefix("xl/")))
    return out


def _shared_strings(zf: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.bin" not in zf.namelist():
        return []
    return [
        _wide_string(rec, 1)[0]
        for rtype, rec in _records(zf.read("xl/sharedStrings.bin"))
        if rtype == SST_ITEM
    ]


def read_xlsb(path: str | Path, max_rows: int | None = None) -> tuple[str, list[tuple]]:
    """(sheet name, cell values of the first worksheet as rows of tuples, A1 first; empty cells
    None, numbers float, strings str); ``max_rows`` stops early (format detection)."""
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as zf:
            listed = sheets(zf)
            if not listed:
                raise DataError(f"{path}: an .xlsb workbook without worksheets")
            name, member = listed[0]
            sst = _shared_strings(zf)
            data = zf.read(member)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, struct.error) as exc:
        raise DataError(
            f"{path}: cannot be opened as an .xlsb workbook ({type(exc).__name__}: {exc}); the "
            "file may be damaged or truncated. Fetch it again."
        ) from exc
    rows: dict[int, dict[int, object]] = {}
    current: dict[int, object] | None = None
    inside = False
    try:
        for rtype, rec in _records(data):
            if rtype == BEGIN_SHEET_DATA:
                inside = True
                continue
            if rtype == END_SHEET_DATA:
                break
            if not inside:
                continue
            if rtype == ROW_HEADER:
                (r,) = struct.unpack_from("<I", rec, 0)
                if max_rows is not None and r >= max_rows:
                    break
                current = rows.setdefault(r, {})
                continue
            if current is None or rtype > FMLA_BOOL + 1:
                continue
            (col,) = struct.unpack_from("<I", rec, 0)
            if rtype == CELL_RK:
                current[col] = _rk(struct.unpack_from("<I", rec, 8)[0])
            elif rtype in (CELL_REAL, FMLA_NUM):
                current[col] = struct.unpack_from("<d", rec, 8)[0]
            elif rtype == CELL_ISST:
                current[col] = sst[struct.unpack_from("<I", rec, 8)[0]]
            elif rtype in (CELL_ST, FMLA_STRING):
                current[col] = _wide_string(rec, 8)[0]
            elif rtype in (CELL_BOOL, FMLA_BOOL):
                current[col] = bool(rec[8])
    except (struct.error, IndexError, UnicodeDecodeError) as exc:
        raise DataError(
            f"{path}!{member}: damaged worksheet record ({exc}); fetch it again"
        ) from exc
    if not rows:
        return name, []
    out = []
    for r in range(max(rows) + 1):
        cells = rows.get(r, {})
        width = max(cells) + 1 if cells else 0
        out.append(tuple(cells.get(c) for c in range(width)))
    return name, out
