"""NSF NCSES Science and Engineering Indicators 2024, table SKTI-2: value added by industry for the
world and selected economies, 2002-2022, millions of current USD (public domain)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from gvc.errors import DataError
from gvc.sources.country_codes import to_iso3
from gvc.sources.readers import number_format, read_csv, require_columns, to_numeric

ECONOMY_CODES = {"World": "WLD", "EU-27": "EUU", "European Union": "EUU"}


def read_manufacturing_va(path: str | Path) -> pd.DataFrame:
    """Manufacturing value added: ``iso3, year, va_usd_mn`` (millions of current USD)."""
    path = Path(path)
    df = read_csv(path, dtype=str)
    require_columns(df, ["industry_level_1", "industry_level_2", "field_economy"], path)
    years = [c for c in df.columns if re.fullmatch(r"field_\d{4}", c)]
    if not years:
        raise DataError(f"{path}: no field_YYYY year columns")
    number_format(df, years, path)  # one format for the file (';', 1.234,5), kept by melt
    lvl2 = df["industry_level_2"].fillna("")
    lvl3 = df["industry_level_3"].fillna("") if "industry_level_3" in df else ""
    manuf = df[(lvl2 == "All manufacturing") & (lvl3 == "") & df["field_economy"].notna()]
    if manuf.empty:
        raise DataError(f"{path}: no 'Manufacturing' rows under industry_level_2")
    econ = manuf["field_economy"].str.replace(r"\s*\(\d+\)$", "", regex=True).str.strip()
    known = econ.map(ECONOMY_CODES)
    rest = econ[known.isna()]
    iso = known.copy()
    if not rest.empty:
        iso[known.isna()] = to_iso3(rest, file=str(path), column="field_economy")
    manuf = manuf.assign(iso3=iso)
    long = manuf.melt(id_vars=["iso3"], value_vars=years, var_name="year", value_name="v")
    long["year"] = long["year"].str[-4:].astype("int64")
    long["va_usd_mn"] = to_numeric(long, "v", path)
    long = long.dropna(subset=["va_usd_mn"])
    return long[["iso3", "year", "va_usd_mn"]].reset_index(drop=True)
