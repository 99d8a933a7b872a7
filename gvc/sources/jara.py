"""Japan Robot Association shipments and Comtrade robot trade (Adachi, Kawaguchi and Saito data).

Shipments: units (``quantity``) and value (million JPY) by 17 user industries x 7 applications x
year, 1978-2017, plus an ``export`` row (robots shipped abroad, excluded from domestic stocks).
Domestic operational stock is built by perpetual inventory with IFR's 12-year service life, so
stocks exist from 1989 on. Industries are mapped to WIOD 2013 codes by :data:`TO_WIOD`.
Comtrade HS 847950 ("industrial robots, n.e.c."): Japan's imports and exports, 1996-2018.

Both files are read as text and their numbers parsed in the file's own format (a copy re-saved
by a European spreadsheet has ``;``, decimal commas and thousands points:
:mod:`gvc.sources.csv_numbers`); pandas' parser would read ``1.500`` as 1.5 and the year
``1.978`` as 1.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gvc.errors import DataError
from gvc.sources.owid import SERVICE_LIFE_YEARS, perpetual_inventory
from gvc.sources.readers import number_format, read_csv, require_columns, to_numeric, to_year

TO_WIOD = {
    "1": "c12",  # Steel -> basic metals and fabricated metal
    "2": "c12",  # Non-ferrous metal
    "3": "c12",  # Metal products
    "4-2": "c13",  # Construction machinery -> machinery n.e.c.
    "4-3": "c13",  # Metal processing machinery
    "4-4": "c13",  # Other general machinery
    "5": "c14",  # Electric machine -> electrical and optical equipment
    "6": "c14",  # Precision machine (ISIC 33, in WIOD 30t33)
    "7-1": "c15",  # Shipbuilding -> transport equipment
    "7-3": "c15",  # Automobile
    "7-8": "c15",  # Other transport machinery
    "8": "c3",  # Food, beverages, tobacco, feed
    "11": "c7",  # Pulp, paper, printing, publishing
    "12": "c9",  # Chemical, pharmaceuticals, cosmetics
    "15": "c10",  # Plastic products -> rubber and plastics
    "16": "c11",  # Ceramics and earthwork -> other non-metallic minerals
    "17": "c16",  # Other manufacturing -> manufacturing n.e.c.
}
"""JARA user industry (``code_union``) -> WIOD 2013 industry; ``export`` is excluded."""


def read_shipments(path: str | Path) -> pd.DataFrame:
    """Robot shipments to Japanese user industries, aggregated to WIOD industries.

    Returns ``source, iso3, industry, year, installations, operational_stock, shipments_value_mjpy``
    where installations = units shipped to domestic users in the year and operational_stock = the
    12-year perpetual-inventory sum (NaN before a full window).
    """
    path = Path(path)
    df = read_csv(path, dtype=str)
    require_columns(df, ["code_union", "year", "quantity", "sales.m"], path)
    number_format(df, ["year", "quantity", "sales.m"], path)  # one format for the file
    codes = set(df["code_union"].dropna().unique())
    unknown = sorted(codes - set(TO_WIOD) - {"export"})
    if unknown:
        raise DataError(f"{path}: column 'code_union' has industries {unknown} not in TO_WIOD")
    df = df[df["code_union"] != "export"].copy()
    df["year"] = to_year(df, "year", path)
    df["quantity"] = to_numeric(df, "quantity", path)
    df["value"] = to_numeric(df, "sales.m", path)
    df["industry"] = df["code_union"].map(TO_WIOD)
    g = df.groupby(["industry", "year"], as_index=False)[["quantity", "value"]].sum(min_count=1)
    g = g.sort_values(["industry", "year"]).reset_index(drop=True)
    g["stock"] = g.groupby("industry", group_keys=False)[["quantity", "year"]].apply(
        lambda s: perpetual_inventory(s["quantity"], s["year"], SERVICE_LIFE_YEARS)
    )
    return pd.DataFrame(
        {
            "source": "jara",
            "iso3": "JPN",
            "industry": g["industry"].astype("string"),
            "year": g["year"].astype("int64"),
            "installations": g["quantity"],
            "operational_stock": g["stock"],
            "shipments_value_mjpy": g["value"],
            "stock_method": pd.array(
                ["pim_12y" if pd.notna(v) else None for v in g["stock"]], dtype="string"
            ),
        }
    )


def read_comtrade_robots(path: str | Path) -> pd.DataFrame:
    """Comtrade HS 847950 trade of the reporter with the world: units and current USD by flow."""
    path = Path(path)
    df = read_csv(path, dtype=str)
    require_columns(
        df, ["Year", "Trade Flow", "Reporter ISO", "Partner ISO", "Qty", "Trade Value (US$)"], path
    )
    number_format(df, ["Year", "Qty", "Trade Value (US$)"], path)  # one format for the file
    df = df[df["Partner ISO"] == "WLD"].copy()
    df["year"] = to_year(df, "Year", path)
    df["qty"] = to_numeric(df, "Qty", path)
    df["usd"] = to_numeric(df, "Trade Value (US$)", path)
    wide = df.pivot_table(
        index=["Reporter ISO", "year"],
        columns="Trade Flow",
        values=["qty", "usd"],
        aggfunc=lambda s: s.sum(min_count=1),
    )
    wide.columns = [f"{f.lower()}s_{'units' if v == 'qty' else 'usd'}" for v, f in wide.columns]
    wide = wide.reset_index().rename(columns={"Reporter ISO": "iso3"})
    out = pd.DataFrame(
        {
            "source": "comtrade_847950",
            "iso3": wide["iso3"].astype("string"),
            "industry": "ALL",
            "year": wide["year"],
        }
    )
    for c in ("imports_units", "imports_usd", "exports_units", "exports_usd"):
        out[c] = wide[c] if c in wide else float("nan")
    return out
