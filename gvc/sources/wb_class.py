"""World Bank historical income classification (``OGHIST.xlsx``, sheet 'Country Analytical
History').

Layout (as published): above the country rows, the row whose second cell is "Bank's fiscal
year:" names each column's fiscal year (``FY89`` ... ``FY23``) and the row "Data for calendar
year :" the year of the GNI per capita data behind it (1987 ... 2021); the classification of FY
t+2 is the one based on data for year t. Country rows give the ISO3-like code in column A, the
name in column B and one group per column: ``L`` (low), ``LM`` (lower middle), ``UM`` (upper
middle), ``H`` (high) income; ``..`` or blank = not classified; a trailing ``*`` marks a footnote
(e.g. Yemen before unification) and is dropped. Rows whose code is not three capital letters
(``YUGf``, footnotes) are left out.

:func:`read_history` returns one row per economy and data year: ``iso3, name, year`` (the data
year), ``fiscal_year`` (e.g. ``FY17``) and ``income_group`` (``L``/``LM``/``UM``/``H`` or NA).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from gvc.errors import DataError

SHEET = "Country Analytical History"
FY_LABEL = "bank's fiscal year"
DATA_YEAR_LABEL = "data for calendar year"
GROUPS = ("L", "LM", "UM", "H")
"""Income group codes as published."""


def _find_row(raw: pd.DataFrame, label: str, path: Path) -> int:
    col = raw.iloc[:, 1].astype("string").str.strip().str.lower()
    hits = col.index[col.fillna("").str.startswith(label)]
    if len(hits) == 0:
        raise DataError(
            f"{path}: sheet '{SHEET}' has no header row starting with {label!r} in column B; "
            "supply OGHIST.xlsx in its published layout"
        )
    return int(hits[0])


def read_history(path: str | Path) -> pd.DataFrame:
    """Long table of the historical income groups (see the module docstring).

    Raises:
        DataError: the sheet or a header row is missing, a fiscal year has no data year, or a
            cell holds a group other than L, LM, UM, H, '..' (naming the row and column).
    """
    path = Path(path)
    try:
        raw = pd.read_excel(path, sheet_name=SHEET, header=None, dtype=object)
    except ValueError as exc:
        raise DataError(f"{path}: cannot read sheet '{SHEET}' ({exc})") from exc
    except Exception as exc:  # zip/xml errors of a damaged workbook
        raise DataError(f"{path}: not a readable xlsx workbook ({exc}); fetch it again") from exc
    if raw.shape[1] < 3:  # an empty sheet, or one without codes, names and groups
        what = (
            "is empty"
            if raw.empty
            else f"has {raw.shape[1]} column(s), not codes, names and groups"
        )
        raise DataError(
            f"{path}: sheet '{SHEET}' {what}; supply OGHIST.xlsx in its published layout"
        )
    fy_row = _find_row(raw, FY_LABEL, path)
    dy_row = _find_row(raw, DATA_YEAR_LABEL, path)
    columns = {}
    for j in range(2, raw.shape[1]):
        fy = raw.iat[fy_row, j]
        if pd.isna(fy) or not str(fy).strip():
            continue
        fy = str(fy).strip()
        if not re.fullmatch(r"FY\d{2}", fy):
            raise DataError(f"{path}: fiscal year header {fy!r} in column {j + 1} is not FYxx")
        dy = pd.to_numeric(raw.iat[dy_row, j], errors="coerce")
        if pd.isna(dy):
            raise DataError(
                f"{path}: fiscal year {fy} (column {j + 1}) has no 'Data for calendar year' value"
            )
        columns[j] = (fy, int(dy))
    if not columns:
        raise DataError(f"{path}: no fiscal-year columns in sheet '{SHEET}'")
    codes = raw.iloc[:, 0].astype("string").str.strip()
    is_country = codes.fillna("").str.fullmatch(r"[A-Z]{3}") & (raw.index > dy_row)
    rows = []
    for i in raw.index[is_country]:
        for j, (fy, dy) in columns.items():
            cell = raw.iat[i, j]
            text = "" if pd.isna(cell) else str(cell).strip().rstrip("*").strip()
            if text in ("", ".."):
                group = pd.NA
            elif text in GROUPS:
                group = text
            else:
                raise DataError(
                    f"{path}: row {i + 1} ({codes[i]}), column {j + 1} ({fy}) holds {cell!r}; "
                    f"expected one of {', '.join(GROUPS)} or '..'"
                )
            rows.append((codes[i], str(raw.iat[i, 1]).strip(), dy, fy, group))
    out = pd.DataFrame(rows, columns=["iso3", "name", "year", "fiscal_year", "income_group"])
    dup = out.duplicated(["iso3", "year"])
    if dup.any():
        first = out.loc[dup].iloc[0]
        raise DataError(
            f"{path}: economy {first['iso3']} appears twice for data year {first['year']}"
        )
    return out.astype(
        {
            "iso3": "string",
            "name": "string",
            "year": "int64",
            "fiscal_year": "string",
            "income_group": "string",
        }
    )
