"""OECD Inter-Country Input-Output (ICIO) tables, editions 2016, 2018, 2021 and 2023.

Source: OECD, Inter-Country Input-Output tables (oe.cd/icio), one CSV per year, published in zip
archives of several years. Values: millions of current US dollars. Cite OECD (year of edition),
OECD Inter-Country Input-Output Database, http://oe.cd/icio.

Layout (first column = row labels, header = column labels):

- Sector rows and columns ``CTY_IND`` (``AUS_01T02``, 2023: ``AUS_A01_02``), split at the first
  underscore.
- Value-added rows: 2016-2021 ``TAXSUB``, ``VALU``, ``OUTPUT``; 2023 ``TLS``, ``VA``, ``OUT``.
- Gross-output column: ``TOTAL`` (2016-2021) or ``OUT`` (2023).
- Final demand ``CTY_HFCE``, ``CTY_NPISH``, ``CTY_GGFC``, ``CTY_GFCF``, ``CTY_INVNT``,
  ``CTY_DPABR``; the 2016 edition reverses them (``HFCE_CTY``). A discrepancy column (``DISC``)
  is added to the producing country's own final demand.
- China and Mexico split by processing trade: industry rows and columns ``CN1``/``CN2`` (up to
  ``CN4``) and ``MX1``/``MX2`` (``MX3``); final demand stays by ``CHN`` and ``MEX``. Editions
  that also keep ``CHN_``/``MEX_`` rows and columns have them all zero; they are dropped.

This module only reads files into arrays and labels; the math lives in ``gvc.io``.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path

import numpy as np
import pandas as pd

from gvc.errors import DataError
from gvc.sources.icio_table import IcioTable, fail, mismatched, year_in

FORMAT = "OECD ICIO (CSV, rows and columns CTY_IND)"
VA_ROWS = ("TAXSUB", "VALU", "TLS", "VA")
OUTPUT_ROWS = ("OUTPUT", "OUT")
OUTPUT_COLS = ("TOTAL", "OUT")
FD_CATEGORIES = ("HFCE", "NPISH", "NPS", "GGFC", "GFCF", "INVNT", "INV", "DPABR", "DIRP", "P33")
SPLIT_PARTS = {"CHN": re.compile(r"^CN\d$"), "MEX": re.compile(r"^MX\d$")}
SECTOR = re.compile(r"^([A-Z][A-Z0-9]{2})_(\S+)$")


def is_oecd_header(header: list[str]) -> bool:
    """True when a CSV header looks like an OECD ICIO table (its output column and CTY_IND)."""
    labels = [str(h) for h in header[1:]]
    return bool(set(labels) & set(OUTPUT_COLS)) and any(SECTOR.match(h) for h in labels[:5])


def open_csv(path: str | Path, year: int | None = None) -> tuple[pd.DataFrame, str, int | None]:
    """The table of ``path`` (CSV, or the member for ``year`` of a published zip) as strings."""
    path = Path(path)
    if zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as zf:
                members = [m for m in zf.namelist() if m.lower().endswith(".csv")]
                if year is not None:
                    members = [m for m in members if year_in(m) == year]
                if len(members) != 1:
                    raise DataError(
                        f"{path}: the zip holds {len(members)} CSV tables"
                        + (f" for {year}" if year is not None else "")
                        + f"; pass year= to choose one ({sorted(zf.namelist())[:8]})"
                    )
                data = zf.read(members[0])  # checks the CRC: a damaged archive fails here
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
            raise DataError(f"{path}: damaged zip archive ({exc}); fetch it again") from exc
        name = f"{path}!{members[0]}"
        return _parse(io.BytesIO(data), name), name, year_in(members[0])
    from gvc.sources.readers import _last_line_fields

    n_head, n_last = _last_line_fields(path, 0)
    if n_last < n_head:
        raise DataError(
            f"{path}: the last line has {n_last} of the header's {n_head} fields; the file "
            "appears truncated. Fetch it again."
        )
    return _parse(path, str(path)), str(path), year_in(path.name)


def _parse(src, name: str) -> pd.DataFrame:
    try:
        df = pd.read_csv(src, index_col=0, keep_default_na=False, na_values=[""])
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise DataError(f"{name}: cannot be parsed as CSV ({exc})") from exc
    df.index = df.index.map(str)
    df.columns = df.columns.map(str)
    return df


def numeric(df: pd.DataFrame, name: str, fmt: str) -> np.ndarray:
    """Cells as float; the first non-numeric or empty cell raises naming its row and column."""
    vals = np.empty(df.shape)
    for j, (_, col) in enumerate(df.items()):
        vals[:, j] = pd.to_numeric(col, errors="coerce") if col.dtype == object else col
    bad = ~np.isfinite(vals)
    if bad.any():
        r, c = np.argwhere(bad)[0]
        raise fail(
            name,
            fmt,
            f"cell at row {df.index[r]!r}, column {df.columns[c]!r} is {df.iat[r, c]!r}, "
            "not a number",
        )
    return vals


def _fd_label(label: str, countries: set[str]) -> tuple[str, str] | None:
    """(country, category) of a final-demand column label, either order; None otherwise."""
    if "_" not in label:
        return None
    a, b = label.split("_", 1)
    if b in FD_CATEGORIES and a in countries:
        return a, b
    if a in FD_CATEGORIES and b in countries:  # 2016 edition: HFCE_AUS
        return b, a
    return None


def _country_order(row_countries: list[str], splits: dict) -> list[str]:
    """File order, with each split country's parts (sorted) at the place of its zero block
    when the file has one, else at its first part's place."""
    out: list[str] = []
    part_of = {p: c for c, parts in splits.items() for p in parts}
    for c in row_countries:
        name = part_of.get(c, c)
        if name in splits:
            if splits[name][0] not in out:
                out.extend(sorted(splits[name]))
        else:
            out.append(c)
    return out


def read_oecd_icio(path: str | Path, year: int | None = None) -> IcioTable:
    """Read one year of the OECD ICIO (CSV or the published zip) into an ``IcioTable``."""
    df, name, file_year = open_csv(path, year)
    rows = [str(r) for r in df.index]
    cols = [str(c) for c in df.columns]
    dup = df.index[df.index.duplicated()]
    if len(dup):
        raise fail(name, FORMAT, f"row label {dup[0]!r} appears twice")
    sector_rows, va_rows, out_row = [], [], None
    for i, r in enumerate(rows):
        if r in OUTPUT_ROWS:
            out_row = i
        elif r in VA_ROWS:
            va_rows.append(i)
        elif SECTOR.match(r):
            sector_rows.append(i)
        else:
            raise fail(
                name,
                FORMAT,
                f"row label {r!r} (row {i + 2}) is neither CTY_IND nor one of "
                f"{'/'.join(VA_ROWS + OUTPUT_ROWS)}",
            )
    if not sector_rows:
        raise fail(name, FORMAT, "no CTY_IND row labels")
    row_labels = [rows[i] for i in sector_rows]
    row_countries = list(dict.fromkeys(lab.split("_", 1)[0] for lab in row_labels))
    splits = {
        c: tuple(sorted(p for p in row_countries if rx.match(p)))
        for c, rx in SPLIT_PARTS.items()
        if any(rx.match(p) for p in row_countries)
    }
    reported = {p: c for c, parts in splits.items() for p in parts}
    dest_countries = {reported.get(c, c) for c in row_countries}
    sector_set = set(row_labels)
    z_cols, fd_cols, out_col, disc_cols = [], [], None, []
    for j, c in enumerate(cols):
        if c in OUTPUT_COLS:
            out_col = j
        elif c in sector_set:
            z_cols.append(j)
        elif _fd_label(c, dest_countries):
            fd_cols.append(j)
        elif "DISC" in c.upper():
            disc_cols.append(j)
        else:
            raise fail(
                name,
                FORMAT,
                f"column label {c!r} (column {j + 2}) is neither a CTY_IND sector of the rows, "
                f"a final-demand column CTY_{{{','.join(FD_CATEGORIES[:6])}}} nor "
                f"{'/'.join(OUTPUT_COLS)}",
            )
    values = numeric(df, name, FORMAT)
    row_at = {r: i for i, r in enumerate(rows)}
    # zero CHN_/MEX_ blocks kept beside their splits are dropped (all zero, else an error)
    dropped = [lab for lab in row_labels if lab.split("_", 1)[0] in splits]
    for lab in dropped:
        i, j = row_at[lab], cols.index(lab) if lab in cols else None
        if np.any(values[i] != 0) or (j is not None and np.any(values[sector_rows, j] != 0)):
            raise fail(
                name,
                FORMAT,
                f"{lab} has non-zero values although {lab.split('_')[0]} is split into "
                f"{'/'.join(splits[lab.split('_')[0]])}",
            )
    keep = [lab for lab in row_labels if lab not in set(dropped)]
    countries = _country_order(row_countries, splits)
    industries = list(dict.fromkeys(lab.split("_", 1)[1] for lab in keep))
    order = [f"{c}_{i}" for c in countries for i in industries]
    missing = [lab for lab in order if lab not in sector_set]
    if missing or len(order) != len(keep):
        raise fail(
            name,
            FORMAT,
            f"sector {missing[0] if missing else keep[0]!r} breaks the countries x industries "
            f"grid ({len(countries)} countries x {len(industries)} industries expected)",
        )
    col_of = {cols[j]: j for j in z_cols}
    absent = [lab for lab in order if lab not in col_of]
    if absent:
        raise fail(name, FORMAT, f"row sector {absent[0]!r} has no column of the same label")
    extra = [cols[j] for j in z_cols if cols[j] not in set(order) and cols[j] not in dropped]
    if extra:
        raise fail(name, FORMAT, f"column {extra[0]!r} has no row of the same label")
    ri = np.array([row_at[lab] for lab in order])
    ci = np.array([col_of[lab] for lab in order])
    Z = values[np.ix_(ri, ci)]
    G = len(countries)
    dest_pos = {c: countries.index(splits[c][0] if c in splits else c) for c in dest_countries}
    F = np.zeros((len(order), G))
    cats = []
    for j in fd_cols:
        dest, cat = _fd_label(cols[j], dest_countries)
        F[:, dest_pos[dest]] += values[ri, j]
        cats.append(cat)
    own = np.repeat([dest_pos[reported.get(c, c)] for c in countries], len(industries))
    for j in disc_cols:  # the statistical discrepancy goes to own final demand
        F[np.arange(len(order)), own] += values[ri, j]
    x = values[ri, out_col] if out_col is not None else Z.sum(axis=1) + F.sum(axis=1)
    if out_row is not None:
        colx = values[out_row, ci]
        bad = mismatched(colx, x)
        if bad.size:
            k = bad[0]
            raise fail(
                name,
                FORMAT,
                f"sector {order[k]}: output row {rows[out_row]} = {colx[k]:g} but output column "
                f"= {x[k]:g}",
            )
    return IcioTable(
        "oecd-icio",
        name,
        year if year is not None else file_year,
        "millions of current USD",
        tuple(countries),
        tuple(industries),
        Z,
        F,
        x,
        tuple(dict.fromkeys(cats)),
        splits,
    )
