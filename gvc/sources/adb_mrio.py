"""ADB MRIO workbooks: which sheet holds the table, and of which year.

Source: Asian Development Bank, Multiregional Input-Output Tables (kidb.adb.org/globalization, formerly
mrio.adbx.online), current prices, millions of US dollars; 35 sectors ``c1``..``c35`` and five
final-demand categories ``F1``..``F5`` per economy. Releases (economies in ADB's own codes,
mapped to ISO3 by ``gvc/sources/data/adb_mrio_codes.csv``; the rest of the world ``RoW`` last):

- 45 economies + RoW (early releases), 62 + RoW (2000 and 2007-, the "62 economies" series),
  72 + RoW (2017-). The economy count is read from the labels, never assumed.
- Year blocks: one workbook per year (``ADB-MRIO-2022_June2023.xlsx``: the first year in the
  name is the table's, a year after a month name the release's), or a workbook of several
  year sheets (``ADB MRIO 2000``, ``ADB MRIO 2007``, ...) beside non-table sheets such as
  ``Legend``; ``year=`` (``--years``) picks the sheet, and a workbook of several years without
  it is an error listing them.
- Each table sheet has the WIOD sheet layout read by ``gvc.sources.wiot_sheet``: title rows,
  header rows of economy codes and sector codes from column E, label columns B (sector name),
  C (economy), D (sector); bottom rows with economy ``ToT``: ``r60`` (intermediate total),
  ``r61``..``r66`` (62-economy series) or ``r61``..``r64`` and ``trs`` (72-economy series),
  and ``r69`` (total input); last column ``ToT`` (output).

Sources of the layout: the mrio-processing scripts (K. S. Reyes, github.com/ksreyes/
mrio-processing, ``codes/01-preprocess-mrios``) and the ``mrio`` R package's ``check``
(github.com/ksreyes/mrio). This module only reads files.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from gvc.errors import DataError
from gvc.sources.icio_table import IcioTable, Probe, TableFormat, fail
from gvc.sources.wiot_sheet import ADB, _first_data_row, _str, parse_rows

HEAD_ROWS = 12  # rows read from each sheet to tell a table sheet from a legend
MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*[ _-]?"
YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")


def table_year(name: str) -> int | None:
    """The table's year in a sheet or file name: the first year that does not follow a month
    name (``ADB-MRIO-2022_June2023`` -> 2022, ``ADB MRIO 2007`` -> 2007), else None."""
    for m in YEAR.finditer(Path(name).name):
        if not re.search(MONTH + r"$", name[: m.start()].lower()):
            return int(m.group())
    return None


def _open(path: Path):
    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise DataError(
            f"{path}: cannot be opened as an xlsx workbook ({type(exc).__name__}: {exc}); the "
            "file may be damaged or truncated. Fetch it again."
        ) from exc


def _rows(ws, limit: int | None = None) -> list[tuple]:
    out = []
    for k, row in enumerate(ws.iter_rows(values_only=True)):
        if limit is not None and k >= limit:
            break
        out.append(row)
    return out


def is_table(rows: list[tuple]) -> bool:
    """True when the first data row holds an economy (C) and a sector code ``c1``.. (D)."""
    k = _first_data_row(rows)
    return k is not None and bool(ADB.industry.match(_str(rows[k][3]))) and bool(_str(rows[k][2]))


def _scan(wb) -> list[tuple[str, int | None]]:
    """(sheet name, year in its name) of every ADB table sheet of an open workbook, in order."""
    return [(ws.title, table_year(ws.title)) for ws in wb.worksheets
            if is_table(_rows(ws, HEAD_ROWS))]  # fmt: skip


def table_sheets(path: Path) -> list[tuple[str, int | None]]:
    """(sheet name, year in its name) of every ADB table sheet of the workbook ``path``."""
    wb = _open(path)
    try:
        return _scan(wb)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise DataError(f"{path}: damaged xlsx worksheet ({exc}); fetch it again") from exc
    finally:
        wb.close()


def choose(path: Path, sheets: list[tuple[str, int | None]], year: int | None):
    """(sheet, table year) for ``year``; a one-line error naming the years the workbook has."""
    if not sheets:
        raise fail(path, ADB.title, "no sheet holds an economy x sector table (c1.. in column D)")
    file_year = table_year(path.name)
    if len(sheets) == 1:
        sheet, y = sheets[0]
        y = y if y is not None else file_year
        if year is not None and y is not None and y != year:
            raise DataError(f"{path}: holds the table of {y}, not {year}; choose that year's file")
        return sheet, y if y is not None else year
    if any(y is None for _, y in sheets) or len({y for _, y in sheets}) < len(sheets):
        names = [s for s, _ in sheets]
        raise fail(path, ADB.title, f"several table sheets {names[:6]} without one year each")
    years = [y for _, y in sheets]
    if year is None or year not in years:
        what = "pass year= (--years) to choose one" if year is None else f"no sheet for {year}"
        raise DataError(f"{path}: a workbook of {len(years)} years {years}; {what}")
    return sheets[years.index(year)][0], year


def read_adb_mrio(path: str | Path, year: int | None = None) -> IcioTable:
    """Read one year of an ADB MRIO workbook (one sheet per year or one file per year)."""
    path = Path(path)
    wb = _open(path)
    where = path
    try:
        sheet, table_yr = choose(path, _scan(wb), year)
        where = path if len(wb.sheetnames) == 1 else Path(f"{path}!{sheet}")
        rows = _rows(wb[sheet])
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise DataError(f"{where}: damaged xlsx worksheet ({exc}); fetch it again") from exc
    finally:
        wb.close()
    return parse_rows(rows, where, "adb-mrio", table_yr)


USER_SUFFIXES = (".xlsx", ".xlsm")


def user_files(directory: str | Path) -> list[Path]:
    """The user's ADB MRIO workbooks in ``directory`` (``data/raw/adb-mrio/``), sorted by name:
    .xlsx/.xlsm files, not hidden files (``.part`` downloads) or Excel's ``~$`` lock files."""
    d = Path(directory)
    if not d.is_dir():
        return []
    return sorted(p for p in d.iterdir() if p.suffix.lower() in USER_SUFFIXES and p.is_file()
                  and not p.name.startswith((".", "~$")))  # fmt: skip


def detect(probe: Probe) -> bool:
    """An .xlsx/.xlsm workbook with at least one ADB table sheet (labels only)."""
    if probe.kind != "sheet" or probe.path.suffix.lower() == ".xlsb":
        return False
    try:
        return bool(probe.memo("adb_sheets", lambda: table_sheets(probe.path)))
    except DataError:
        return False


TABLE_FORMAT = TableFormat(
    name="adb-mrio",
    title="ADB MRIO",
    expected="an ADB MRIO xlsx (sector codes c1..c35, rows r60-r69)",
    detect=detect,
    read=read_adb_mrio,
)
