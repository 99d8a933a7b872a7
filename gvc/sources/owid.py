"""Our World in Data grapher downloads (CC BY 4.0).

- Industrial robots: annual installations (units) for CHN, DEU, JPN, KOR, USA 2011-2023 and World
  installations and operational stock (rounded to thousands); series from IFR World Robotics via
  the Stanford AI Index.
- AI patent applications per million people (CSET), about 67 entities, 2014-2019.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from gvc.sources.country_codes import check_codes
from gvc.sources.readers import number_format, read_csv, require_columns, to_numeric, to_year

SERVICE_LIFE_YEARS = 12
"""IFR's assumption: a robot stays in operation for 12 years, then is withdrawn at once."""

OWID_CODES = {"OWID_WRL": "WLD"}
OWID_PREFIXES = ("OWID_",)
"""OWID's own codes for aggregates and disputed areas (``OWID_WRL``, ``OWID_KOS``); any other
code must be ISO 3166 alpha-3, so a typo (``ZZZ``) is an error rather than a stored row."""


def perpetual_inventory(
    installations: pd.Series, years: pd.Series, life: int = SERVICE_LIFE_YEARS
) -> pd.Series:
    """Operational stock as the sum of the last ``life`` years of installations (IFR's method).

    Only years with a complete, gap-free window of ``life`` years of installations get a value;
    earlier years are NaN rather than an understated partial sum.
    """
    s = pd.Series(installations.to_numpy(dtype=float), index=years.to_numpy())
    full = s.reindex(range(int(s.index.min()), int(s.index.max()) + 1))
    stock = full.rolling(life, min_periods=life).sum()
    return pd.Series(stock.reindex(s.index).to_numpy(), index=installations.index)


def read_robots(path: str | Path) -> pd.DataFrame:
    """Installations (units per year) and operational stock (units) by economy and year."""
    path = Path(path)
    df = read_csv(path, dtype=str)
    inst_col = "Annual industrial robots installed"
    stock_col = "Total industrial robots in operation"
    require_columns(df, ["Entity", "Code", "Year", inst_col, stock_col], path)
    number_format(df, [inst_col, stock_col], path)  # one format for the file (';', 1.234,5)
    df["year"] = to_year(df, "Year", path)
    check_codes(df["Code"], file=str(path), column="Code", allowed_prefixes=OWID_PREFIXES)
    df["installations"] = to_numeric(df, inst_col, path)
    df["published_stock"] = to_numeric(df, stock_col, path)
    df["iso3"] = df["Code"].map(lambda c: OWID_CODES.get(c, c)).astype("string")
    _one_row_per_year(df, path)
    df = df.sort_values(["iso3", "year"]).reset_index(drop=True)
    pim = df.groupby("iso3", group_keys=False)[["installations", "year"]].apply(
        lambda g: perpetual_inventory(g["installations"], g["year"])
    )
    df["pim_stock"] = pim
    stock = df["published_stock"].where(df["published_stock"].notna(), df["pim_stock"])
    method = np.where(
        df["published_stock"].notna(),
        "published",
        np.where(df["pim_stock"].notna(), "pim_12y", None),
    )
    return pd.DataFrame(
        {
            "source": "owid",
            "iso3": df["iso3"],
            "industry": "ALL",
            "year": df["year"],
            "installations": df["installations"],
            "operational_stock": stock,
            "stock_method": pd.array(method, dtype="string"),
        }
    )


def _one_row_per_year(df: pd.DataFrame, path: Path) -> None:
    """An economy-year given twice (a row repeated, perhaps with other numbers) is an error
    naming the rows: the stock of installations would otherwise count it twice."""
    dup = df.duplicated(["iso3", "year"], keep=False)
    if dup.any():
        from gvc.errors import DataError

        first = df.loc[dup].iloc[0]
        same = dup & (df["iso3"] == first["iso3"]) & (df["year"] == first["year"])
        rows = [int(i) + 2 for i in df.index[same]]  # file rows (header = row 1)
        raise DataError(
            f"{path}: {first['Entity']} ({first['Code']}) {first['year']} is given in more than "
            f"one row (rows {', '.join(map(str, rows))}); keep one row per economy and year"
        )


def read_ai_patents(path: str | Path) -> pd.DataFrame:
    """AI patent applications per million people: ``iso3, year, field, applications_per_million``.

    Rows without an ISO3 code (regional aggregates) are dropped here because the panel is by
    country; world shares are computed over the countries present.
    """
    path = Path(path)
    df = read_csv(path, dtype=str)
    col = [c for c in df.columns if c.startswith("Patent applications per 1 million people")]
    require_columns(df, ["Entity", "Code", "Year"], path)
    if len(col) != 1:
        from gvc.errors import DataError

        raise DataError(
            f"{path}: expected one 'Patent applications per 1 million people - Field: ...' column"
        )
    field = col[0].split("Field:")[-1].strip() if "Field:" in col[0] else "All"
    check_codes(df["Code"], file=str(path), column="Code", allowed_prefixes=OWID_PREFIXES)
    df = df[df["Code"].notna() & ~df["Code"].fillna("").str.startswith("OWID_")]
    return pd.DataFrame(
        {
            "iso3": df["Code"].astype("string").values,
            "year": to_year(df, "Year", path).values,
            "field": field,
            "applications_per_million": to_numeric(df, col[0], path).values,
        }
    )


def read_ai_investment(path: str | Path) -> pd.DataFrame:
    """Estimated private investment in AI (CSET via OWID), current USD: ``iso3, year, field,
    investment_usd, is_country`` (OWID aggregates such as World keep their OWID code)."""
    path = Path(path)
    df = read_csv(path, dtype=str)
    col = [c for c in df.columns if c.startswith("Estimated investment")]
    require_columns(df, ["Entity", "Code", "Year"], path)
    if len(col) != 1:
        from gvc.errors import DataError

        raise DataError(f"{path}: expected one 'Estimated investment - Field: ...' column")
    field = col[0].split("Field:")[-1].strip() if "Field:" in col[0] else "All"
    check_codes(df["Code"], file=str(path), column="Code", allowed_prefixes=OWID_PREFIXES)
    code = df["Code"].fillna("")
    # rows without a code are regional aggregates (e.g. 'Europe'); keep them under their name
    iso = code.where(code != "", "OWID:" + df["Entity"].astype(str))
    iso = iso.map(lambda c: OWID_CODES.get(c, c))
    return pd.DataFrame(
        {
            "iso3": iso.astype("string").values,
            "year": to_year(df, "Year", path).values,
            "field": field,
            "investment_usd": to_numeric(df, col[0], path).values,
            "is_country": (~iso.str.startswith("OWID") & (iso != "WLD")).values,
        }
    )
