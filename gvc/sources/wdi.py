"""World Bank World Development Indicators: single-indicator CSV downloads.

Two published layouts are read: the standard one with 4 lines ("Data Source", "Last Updated
Date", blank lines) before the header ``Country Name, Country Code, Indicator Name, Indicator
Code, 1960, ...``, and a header-only variant (some files come with those lines removed).
Values are in the indicator's own unit (see its code, e.g. SL.UEM.1524.ZS = percent of the
labour force aged 15-24). Source: World Bank, WDI, CC BY 4.0.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from gvc.errors import DataError
from gvc.sources.csv_numbers import parse
from gvc.sources.readers import number_format, read_csv, require_columns

ID_COLUMNS = ["Country Name", "Country Code", "Indicator Name", "Indicator Code"]


BOUNDS = [
    ("SL.*.ZS", 0.0, 100.0),  # labour-market shares and rates, percent
    ("NE.EXP.GNFS.ZS", 0.0, 2000.0),  # exports, percent of GDP (entrepots exceed 100)
    ("NE.EXP.GNFS.CD", 0.0, np.inf),  # current US$
    ("NV.IND.MANF.CD", 0.0, np.inf),  # current US$
    ("NY.GDP.MKTP.CD", 0.0, np.inf),  # current US$
    ("NY.GDP.PCAP.CD", 0.0, np.inf),  # current US$ per person
    ("NY.GDP.PCAP.KD", 0.0, np.inf),  # constant US$ per person
    ("SP.POP.TOTL", 0.0, np.inf),  # persons
]
"""Plausible ranges (in the indicator's unit) by indicator-code pattern (fnmatch, first match);
other codes (growth rates, balances) are only checked for finiteness."""


def bounds(code: str) -> tuple[float, float]:
    """(min, max) allowed for WDI indicator ``code``; (-inf, inf) when gvc knows no range."""
    from fnmatch import fnmatchcase

    for pattern, lo, hi in BOUNDS:
        if fnmatchcase(code, pattern):
            return lo, hi
    return -np.inf, np.inf


def _header_skip(path: Path) -> int:
    try:
        with open(path, encoding="utf-8-sig") as fh:
            first = [fh.readline() for _ in range(6)]
    except UnicodeDecodeError as exc:
        raise DataError(
            f"{path}: not UTF-8 text (byte {exc.start} cannot be decoded; the file may be binary, "
            "UTF-16 or damaged). Supply the CSV exactly as the World Bank publishes it, or delete "
            "it and fetch it again (`gvc data fetch wdi`)."
        ) from exc
    for i, line in enumerate(first):
        if line.lstrip('"').startswith("Country Name"):
            return i
    raise DataError(
        f"{path}: no 'Country Name' header in the first 6 lines; this is not a WDI indicator "
        "file in either published layout (4 header lines, or header first)."
    )


def read_indicator(path: str | Path) -> pd.DataFrame:
    """One WDI indicator file -> long frame ``iso3, year, indicator, value`` (empty cells dropped)."""
    path = Path(path)
    skip = _header_skip(path)
    df = read_csv(path, skiprows=skip, encoding="utf-8-sig", dtype=str)
    df = df.loc[:, ~df.columns.str.startswith("Unnamed")]
    require_columns(df, ID_COLUMNS, path)
    years = [c for c in df.columns if c.isdigit()]
    if not years:
        raise DataError(f"{path}: no year columns (1960, 1961, ...) after the ID columns")
    codes = df["Indicator Code"].dropna().unique()
    if len(codes) != 1:
        raise DataError(f"{path}: expected one indicator, found {list(codes)[:5]}")
    long = df.melt(id_vars=ID_COLUMNS, value_vars=years, var_name="year", value_name="raw")
    long = long[long["raw"].notna() & (long["raw"].str.strip() != "")]
    value = parse(long["raw"], number_format(df, years, path))  # ';' and decimal commas too
    lo, hi = bounds(str(codes[0]))
    bad = value.isna() | ~np.isfinite(value) | (value < lo) | (value > hi)
    if bad.any():
        i = bad.to_numpy().argmax()
        row = long.iloc[i]
        line = int(long.index[i]) % len(df) + skip + 2  # melt stacks the rows once per year
        what = "non-numeric" if pd.isna(value.iloc[i]) else f"outside [{lo:g}, {hi:g}] or infinite"
        raise DataError(
            f"{path}: row {line}, column '{row['year']}': {what} value {row['raw']!r} for "
            f"{row['Country Code']}; correct the file or delete it and fetch it again."
        )
    return pd.DataFrame(
        {
            "iso3": long["Country Code"].astype("string").values,
            "year": long["year"].astype("int64").values,
            "indicator": long["Indicator Code"].astype("string").values,
            "value": value.astype("float64").values,
        }
    )


def read_country_metadata(path: str | Path) -> pd.DataFrame:
    """``Metadata_Country_*.csv`` -> ``iso3, name, region, income_group`` (aggregates: empty region)."""
    path = Path(path)
    df = read_csv(path, encoding="utf-8-sig", dtype=str)
    require_columns(df, ["Country Code", "Region", "IncomeGroup", "TableName"], path)
    return pd.DataFrame(
        {
            "iso3": df["Country Code"].astype("string"),
            "name": df["TableName"].astype("string"),
            "region": df["Region"].astype("string"),
            "income_group": df["IncomeGroup"].astype("string"),
        }
    )
