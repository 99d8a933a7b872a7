"""FIGARO EU inter-country input-output tables (Eurostat), industry by industry, matrix CSV.

Source: Eurostat, FIGARO (Full International and Global Accounts for Research in input-Output
analysis), ec.europa.eu/eurostat/web/esa-supply-use-input-tables/database; editions 2022-2025
(2025: 50 countries incl. the rest of the world ``FIGW1`` x 64 NACE Rev. 2 industries,
2010-2023). Millions of current euros. pymrio 0.7.0 has no FIGARO parser; gvc parses it.

Layout of ``matrix_eu-ic-io_ind-by-ind_<ed>ed_<year>.csv`` (comma-separated, one header row):
first column ``rowLabels``; sector rows and columns ``CC_IND`` (two-letter country code or
``FIGW1``, NACE code: ``AR_A01``, ``DE_C31_32``), split at the first underscore; final-demand
columns ``CC_P3_S13`` (government), ``CC_P3_S14`` (households), ``CC_P3_S15`` (NPISH),
``CC_P51G`` (gross fixed capital formation), ``CC_P5M`` (changes in inventories and valuables);
then the primary-input rows ``W2_D21X31`` (taxes less subsidies on products), ``W2_OP_RES``,
``W2_OP_NRES`` (residents' purchases abroad, non-residents' purchases), ``W2_D1``, ``W2_D29X39``,
``W2_B2A3G``. There is no output row or column: x = Z 1 + Y 1 (as exvatools does), checked
against Z'1 + the W2 rows (a warning beyond 0.1 percent). Country codes become ISO3
(country_converter; ``FIGW1`` -> ``ROW``, Eurostat's ``EL``/``UK`` -> GRC/GBR). The
product-by-product file (``CC_CPA_A01``) has the same layout and is read the same way.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from gvc.sources.icio_table import IcioTable, Probe, TableFormat, check_column_balance, fail

FIRST_LABEL = "rowLabels"
FORMAT = "FIGARO matrix CSV (rowLabels, CC_IND sectors, CC_P3_S13..CC_P5M, W2_ rows)"
FD_CATEGORIES = ("P3_S13", "P3_S14", "P3_S15", "P51G", "P5M")
SECTOR = re.compile(r"^([A-Z]{2}|FIGW\d)_(\S+)$")
PRIMARY = "W2"
CODES = {"FIGW1": "ROW", "EL": "GRC", "UK": "GBR"}
UNIT = "millions of current EUR"


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


def _iso3(codes: list[str], name: str) -> list[str]:
    from gvc.sources.country_codes import to_iso3

    todo = [c for c in codes if c not in CODES]
    conv = dict(zip(todo, to_iso3(pd.Series(todo), file=name, column="rowLabels"), strict=True))
    return [CODES.get(c) or str(conv[c]) for c in codes]


def read_figaro(path: str | Path, year: int | None = None) -> IcioTable:
    """Read one FIGARO matrix CSV (or a zip holding it) into an ``IcioTable``."""
    from gvc.sources.oecd_icio import numeric, open_csv

    df, name, file_year = open_csv(path, year)
    if df.index.name != FIRST_LABEL:
        raise fail(name, FORMAT, f"first header cell is {df.index.name!r}, not {FIRST_LABEL!r}")
    rows = [str(r) for r in df.index]
    cols = [str(c) for c in df.columns]
    dup = df.index[df.index.duplicated()]
    if len(dup):
        raise fail(name, FORMAT, f"row label {dup[0]!r} appears twice")
    sector_rows, primary_rows = [], []
    for i, r in enumerate(rows):
        m = SECTOR.match(r)
        if r.startswith(f"{PRIMARY}_"):
            primary_rows.append(i)
        elif m:
            sector_rows.append(i)
        else:
            raise fail(name, FORMAT, f"row label {r!r} (row {i + 2}) is neither CC_IND nor W2_*")
    if not sector_rows:
        raise fail(name, FORMAT, "no CC_IND row labels")
    labels = [rows[i] for i in sector_rows]
    countries = list(dict.fromkeys(lab.split("_", 1)[0] for lab in labels))
    industries = list(dict.fromkeys(lab.split("_", 1)[1] for lab in labels))
    grid = [f"{c}_{i}" for c in countries for i in industries]
    if labels != grid:
        k = next((j for j, (a, b) in enumerate(zip(labels, grid, strict=False)) if a != b),
                 min(len(labels), len(grid)))  # fmt: skip
        lab = labels[k] if k < len(labels) else "the last sector row"
        raise fail(name, FORMAT, f"row {lab!r} breaks the countries x industries grid "
                   f"({len(countries)} x {len(industries)} expected)")  # fmt: skip
    sector_set = set(grid)
    z_cols, fd_cols = {}, []
    for j, c in enumerate(cols):
        cc, _, rest = c.partition("_")
        if c in sector_set:
            z_cols[c] = j
        elif rest in FD_CATEGORIES and cc in countries:
            fd_cols.append((j, cc, rest))
        else:
            raise fail(
                name,
                FORMAT,
                f"column label {c!r} (column {j + 2}) is neither a CC_IND sector of the rows nor "
                f"a final-demand column CC_{{{','.join(FD_CATEGORIES)}}}",
            )
    absent = [lab for lab in grid if lab not in z_cols]
    if absent:
        raise fail(name, FORMAT, f"row sector {absent[0]!r} has no column of the same label")
    values = numeric(df, name, FORMAT)
    ri = np.array(sector_rows)
    ci = np.array([z_cols[lab] for lab in grid])
    Z = values[np.ix_(ri, ci)]
    F = np.zeros((len(grid), len(countries)))
    for j, cc, _ in fd_cols:
        F[:, countries.index(cc)] += values[ri, j]
    x = Z.sum(axis=1) + F.sum(axis=1)
    inputs = Z.sum(axis=0) + values[np.ix_(primary_rows, ci)].sum(axis=0)
    check_column_balance(x, inputs, grid, str(name), "W2 rows")
    return IcioTable(
        "figaro",
        name,
        year if year is not None else file_year,
        UNIT,
        tuple(_iso3(countries, name)),
        tuple(industries),
        Z,
        F,
        x,
        tuple(dict.fromkeys(cat for _, _, cat in fd_cols)),
        {},
    )


def detect(probe: Probe) -> bool:
    """A CSV (or the first CSV of a zip) whose first header cell is ``rowLabels``."""
    if probe.kind == "csv":
        return bool(probe.header) and probe.header[0].strip() == FIRST_LABEL
    if probe.kind == "zip":
        csvs = [n for n in probe.names if n.lower().endswith(".csv")]
        return bool(csvs) and first_header(probe.path, csvs[0]) == FIRST_LABEL
    return False


TABLE_FORMAT = TableFormat(
    name="figaro",
    title="FIGARO",
    expected="a FIGARO matrix CSV (first header rowLabels)",
    detect=detect,
    read=read_figaro,
)
