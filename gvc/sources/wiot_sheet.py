"""World input-output tables published as one Excel sheet: ADB MRIO and WIOD 2016.

Both follow the WIOD sheet layout (Timmer et al. 2015): a few title rows, then header rows above
the data holding the column country codes and column industry codes, four label columns (A-D)
and the numbers from column E on. Rows: country x industry, then value-added and total rows;
columns: country x industry, then final demand by country x category, then gross output.

- **ADB MRIO** (Asian Development Bank Multi-Regional Input-Output tables, 45/62/72 economies +
  RoW x 35 sectors, 2000 and 2007-, kidb.adb.org/globalization; millions of current USD; the workbook's
  sheets and years: ``gvc.sources.adb_mrio``): label columns C
  = economy code (ADB codes such as PRC, GER; mapped to ISO3), D = sector ``c1``..``c35``;
  header rows: economy codes and ``c1``..``c35`` / ``F1``..``F5`` (households, NPISH,
  government, GFCF, inventories), last column ``ToT``; rows ``r60`` (intermediate total),
  ``r61``..``r66`` (taxes less subsidies, CIF/FOB adjustment, purchases abroad, purchases by
  non-residents, value added, international transport margins), ``r69`` (total input).
- **WIOD 2016** (World Input-Output Database, November 2016 release, 43 countries + ROW x 56
  industries, 2000-2014, www.wiod.org; millions of current USD; cite Timmer et al. 2015, Review
  of International Economics 23:575-605): label columns A = industry code (``A01``..``U``),
  B = description, C = country (ISO3, ``ROW``), D = row number; header rows: industry codes and
  final-demand codes ``CONS_h``, ``CONS_np``, ``CONS_g``, ``GFCF``, ``INVEN``, then ``GO``;
  countries (``TOT`` above ``GO``); rows ``II_fob``, ``TXSP``, ``EXP_adj``, ``PURR``, ``PURNR``,
  ``VA``, ``IntTTM``, ``GO`` (country ``TOT``).

Blank cells are zeros (ADB leaves some cells blank). Workbooks: .xlsx (openpyxl) and the binary
.xlsb in which WIOD ships its release (``gvc.sources.xlsb``); the year is taken from the sheet's
name (``2014``, ``WIOT2014``) or else the file's. This module only reads files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from gvc.errors import DataError
from gvc.sources.icio_table import IcioTable, Probe, fail, mismatched, year_in

FIRST_DATA_COL = 4  # column E


@dataclass(frozen=True)
class SheetFormat:
    name: str
    title: str
    country_col: int
    industry_col: int
    name_col: int | None
    industry: re.Pattern | None  # industry codes, when they follow a pattern
    fd: tuple[str, ...]
    total_row: str
    other_rows: re.Pattern
    total_cols: tuple[str, ...]


ADB = SheetFormat(
    "adb-mrio",
    "ADB MRIO (xlsx: economy/sector codes in columns C/D, c1..c35, F1..F5, r60..r69, ToT)",
    2,
    3,
    1,
    re.compile(r"^c\d{1,2}$"),
    ("F1", "F2", "F3", "F4", "F5"),
    "r69",
    re.compile(r"^(r6\d|trs)$"),  # trs: international transport margins (72-economy series)
    ("ToT",),
)
WIOD2016 = SheetFormat(
    "wiod2016",
    "WIOD 2016 (xlsx WIOT: industry/country in columns A/C, CONS_h..INVEN, II_fob..GO)",
    2,
    0,
    1,
    None,
    ("CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN"),
    "GO",
    re.compile(r"^(II_fob|TXSP|EXP_adj|PURR|PURNR|VA|IntTTM)$"),
    ("GO",),
)
FORMATS = {f.name: f for f in (ADB, WIOD2016)}


@lru_cache(maxsize=1)
def adb_iso3() -> dict[str, str]:
    """ADB MRIO economy codes that are not ISO 3166 alpha-3 -> ISO3 (package data)."""
    import csv
    from importlib.resources import files

    text = files("gvc.sources").joinpath("data/adb_mrio_codes.csv").read_text(encoding="utf-8")
    return {r["adb_code"]: r["iso3"] for r in csv.DictReader(text.splitlines())}


def _str(v) -> str:
    return "" if v is None else str(v).strip()


def _rows(path: Path, max_rows: int | None = None) -> list[tuple]:
    """Values of the first worksheet (read-only, cached formula results)."""
    return _sheet(path, max_rows)[1]


def _sheet(path: Path, max_rows: int | None = None) -> tuple[str, list[tuple]]:
    """(title, values) of the first worksheet of an .xlsx (openpyxl) or .xlsb workbook
    (``gvc.sources.xlsb``: the WIOD 2016 release's binary workbooks)."""
    import zipfile

    if Path(path).suffix.lower() == ".xlsb":
        from gvc.sources.xlsb import read_xlsb

        return read_xlsb(path, max_rows)
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise DataError(
            f"{path}: cannot be opened as an xlsx workbook ({type(exc).__name__}: {exc}); the "
            "file may be damaged or truncated. Fetch it again."
        ) from exc
    try:
        ws = wb.worksheets[0]
        out = []
        for k, row in enumerate(ws.iter_rows(values_only=True)):
            if max_rows is not None and k >= max_rows:
                break
            out.append(row)
        return ws.title, out
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise DataError(f"{path}: damaged xlsx worksheet ({exc}); fetch it again") from exc
    finally:
        wb.close()


def _is_num(v) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _first_data_row(rows: list[tuple]) -> int | None:
    """The first row whose label columns hold a country (C) and an industry code (A or D) and
    column E a number (header rows of column numbers have no labels)."""
    for k, row in enumerate(rows):
        if (
            len(row) > FIRST_DATA_COL
            and _is_num(row[FIRST_DATA_COL])
            and _str(row[2])
            and (_str(row[0]) or _str(row[3]))
        ):
            return k
    return None


def _head(probe: Probe) -> list[tuple]:
    """The sheet's first 40 rows, read once for every format's detector."""
    return probe.memo("sheet_rows", lambda: _rows(probe.path, max_rows=40))


def _first_row(probe: Probe) -> tuple | None:
    rows = _head(probe)
    k = _first_data_row(rows)
    return None if k is None else rows[k]


def is_sheet_of(spec: SheetFormat, probe: Probe) -> bool:
    """True when the first data row of a sheet holds ``spec``'s labels (ADB: an industry code
    ``c1``..``c35`` and a country; WIOD 2016: a country and an industry)."""
    if probe.kind != "sheet" or (row := _first_row(probe)) is None:
        return False
    if spec.industry is not None and not spec.industry.match(_str(row[spec.industry_col])):
        return False
    return bool(_str(row[spec.country_col]) and _str(row[spec.industry_col]))


def unrecognised_sheet(probe: Probe, expected: str) -> DataError:
    """The error for a sheet no format claimed, naming its first label."""
    rows = _head(probe)
    label = next((_str(c) for r in rows[:10] for c in r[:4] if _str(c)), None)
    return DataError(
        f"{probe.path}: not a recognised input-output sheet (first label {label!r}); expected "
        f"{expected}"
    )


def read_wiot_sheet(path: str | Path, fmt: str) -> IcioTable:
    """Read an ADB MRIO or WIOD 2016 sheet (.xlsx, or .xlsb as WIOD ships it) into an
    ``IcioTable``; the year from the sheet's name (``2014``, ``WIOT2014``), else the file's."""
    path = Path(path)
    title, rows = _sheet(path)
    return parse_rows(rows, path, fmt, year_in(str(title)) or year_in(path.name))


def parse_rows(rows: list[tuple], path: Path, fmt: str, year: int | None) -> IcioTable:
    """The table from a sheet's cell values (rows of tuples, A1 first)."""
    spec = FORMATS[fmt]
    first = _first_data_row(rows)
    if first is None:
        raise fail(path, spec.title, "no data row (a number in column E) found")
    # header rows: above the data, the ones holding the first data row's country / industry
    c0, i0 = _str(rows[first][spec.country_col]), _str(rows[first][spec.industry_col])
    head = rows[:first]
    hc = next((r for r in head if len(r) > 4 and _str(r[FIRST_DATA_COL]) == c0), None)
    hi = next((r for r in head if len(r) > 4 and _str(r[FIRST_DATA_COL]) == i0), None)
    if hc is None or hi is None:
        raise fail(
            path,
            spec.title,
            f"no header rows above row {first + 1} naming column E as {c0!r} / {i0!r}",
        )
    # rows: sectors, then the value-added and total rows
    sector_rows, labels, total_row, names = [], [], None, {}
    for k in range(first, len(rows)):
        row = rows[k]
        c, i = _str(row[spec.country_col]), _str(row[spec.industry_col])
        if i == spec.total_row:
            total_row = k
            break
        if spec.other_rows.match(i) or c in spec.total_cols:  # ADB: economy ToT below the table
            continue
        bad_ind = spec.industry is not None and not spec.industry.match(i)
        if not (re.fullmatch(r"[A-Za-z]{3}", c) and i) or bad_ind:
            raise fail(
                path,
                spec.title,
                f"row {k + 1} label ({c!r}, {i!r}) is neither a country x industry code nor "
                f"a value-added/total row ({spec.total_row})",
            )
        sector_rows.append(k)
        labels.append((c, i))
        if spec.name_col is not None and i not in names:
            names[i] = _str(row[spec.name_col])
    if total_row is None:
        raise fail(path, spec.title, f"no total output row {spec.total_row!r}; file cut off?")
    countries = list(dict.fromkeys(c for c, _ in labels))
    industries = [i for c, i in labels if c == countries[0]]
    seen: set = set()
    for k, (c, i) in zip(sector_rows, labels, strict=True):
        if i not in industries or (c, i) in seen:
            raise fail(
                path,
                spec.title,
                f"row {k + 1} label ({c!r}, {i!r}) breaks the countries x industries grid "
                f"(industries of {countries[0]}: {industries[:3]}...)",
            )
        seen.add((c, i))
    order = [(c, i) for c in countries for i in industries]
    missing = [p for p in order if p not in seen]
    if missing:
        raise fail(path, spec.title, f"sector {missing[0]} is missing")
    # columns
    width = max(len(hc), len(hi))
    z_cols, fd_cols, total_col = {}, [], None
    sector_set = set(labels)
    for j in range(FIRST_DATA_COL, width):
        c = _str(hc[j]) if j < len(hc) else ""
        i = _str(hi[j]) if j < len(hi) else ""
        if (c, i) in sector_set:
            z_cols[(c, i)] = j
        elif i in spec.fd and c in countries:
            fd_cols.append((j, c, i))
        elif i in spec.total_cols or c in spec.total_cols:
            total_col = j
            break
        elif not c and not i:
            continue
        else:
            raise fail(
                path,
                spec.title,
                f"column {j + 1} label ({c!r}, {i!r}) is neither a country x industry code, a "
                f"final-demand code {'/'.join(spec.fd)} nor {'/'.join(spec.total_cols)}",
            )
    absent = [p for p in order if p not in z_cols]
    if absent:
        raise fail(path, spec.title, f"row sector {absent[0]} has no column")
    if total_col is None:
        raise fail(path, spec.title, f"no gross-output column {'/'.join(spec.total_cols)}")
    row_of = dict(zip(labels, sector_rows, strict=True))
    ri = [row_of[p] for p in order]
    cj = [z_cols[p] for p in order]
    take_rows = ri + [total_row]
    take_cols = cj + [j for j, _, _ in fd_cols] + [total_col]
    vals = _numbers(path, spec, rows, take_rows, take_cols)
    n = len(order)
    Z = vals[:n, :n]
    F = np.zeros((n, len(countries)))
    for k, (_, dest, _) in enumerate(fd_cols):
        F[:, countries.index(dest)] += vals[:n, n + k]
    x = vals[:n, -1]
    colx = vals[n, :n]
    bad = mismatched(colx, x)
    if bad.size:
        k = bad[0]
        raise fail(
            path,
            spec.title,
            f"sector {order[k]}: total row {spec.total_row} = {colx[k]:g} but output column = "
            f"{x[k]:g}",
        )
    iso = adb_iso3() if fmt == "adb-mrio" else {}
    return IcioTable(
        fmt,
        str(path),
        year,
        "millions of current USD",
        tuple(iso.get(c, c) for c in countries),
        tuple(industries),
        Z,
        F,
        x,
        spec.fd,
        {},
        {i: names[i] for i in industries if names.get(i)},
    )


def _numbers(path, spec, rows, take_rows, take_cols) -> np.ndarray:
    out = np.zeros((len(take_rows), len(take_cols)))
    for a, k in enumerate(take_rows):
        row = rows[k]
        for b, j in enumerate(take_cols):
            v = row[j] if j < len(row) else None
            if _is_num(v):
                out[a, b] = v
            elif v is None or _str(v) == "":
                continue  # blank cells are zeros
            else:
                try:
                    out[a, b] = float(str(v).replace(",", ""))
                except ValueError:
                    raise fail(
                        path, spec.title, f"cell in row {k + 1}, column {j + 1} is {v!r}"
                    ) from None
    if not np.isfinite(out).all():
        a, b = np.argwhere(~np.isfinite(out))[0]
        raise fail(path, spec.title, f"non-finite cell in row {take_rows[a] + 1}")
    return out
