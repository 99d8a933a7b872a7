"""IFR World Robotics press-release figures (transcribed; every row keeps its URL and quotation).

``ifr_robot_density.csv``: robots per 10,000 manufacturing employees (``density_per_10k``).
``ifr_installations_stock.csv``: annual installations and operational stock (units, all
industries). Conflicting values for the same economy and year are kept in the raw file on purpose;
:func:`resolve_conflicts` picks one by the documented rule below.

Conflict rule (documented in the README): prefer the source type ``ifr_pr`` (the press release
itself) over ``ifr_report_quote`` over ``ifr_pr_summary`` (a news summary of a release) over
``secondary`` (Statista-type lists); among equals prefer the newer World Robotics edition (later
editions revise earlier years); among equals keep the first row of the file. The number of
conflicting rows and the values set aside are recorded in ``note``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from gvc.sources.readers import number_format, read_csv, require_columns, to_numeric, to_year

SOURCE_TYPE_RANK = {"ifr_pr": 0, "ifr_report_quote": 1, "ifr_pr_summary": 2, "secondary": 3}
REGION_CODES = {
    "World": "WLD",
    "European Union": "EUU",
    "Belgium and Luxembourg": "BEL+LUX",
}


def _edition_year(edition: pd.Series) -> pd.Series:
    """'WR2020 (PR 2021-01)' -> 2020; editions like 'WR2018/WR2020' -> the latest."""
    return edition.fillna("").map(
        lambda s: max((int(y) for y in re.findall(r"WR(\d{4})", s)), default=0)
    )


def _codes(df: pd.DataFrame) -> pd.Series:
    """ISO3 where given; region rows get a readable pseudo-code (``IFR:<region name>``)."""
    iso = df["iso3"].astype("string").str.strip()
    region = df["country"].astype("string").str.replace(r"\s*\(IFR region\)", "", regex=True)
    fallback = region.map(lambda r: REGION_CODES.get(r, f"IFR:{r}"))
    return iso.where(iso.notna() & (iso != ""), fallback)


def _read(path: Path, value_cols: list[str]) -> pd.DataFrame:
    df = read_csv(path, dtype=str)
    require_columns(
        df,
        ["country", "iso3", "year", "wr_edition", "source_url", "source_type", *value_cols],
        path,
    )
    unknown = sorted(set(df["source_type"].dropna()) - set(SOURCE_TYPE_RANK))
    if unknown:
        from gvc.errors import DataError

        raise DataError(f"{path}: unknown source_type {unknown}; expected {list(SOURCE_TYPE_RANK)}")
    number_format(df, ["year", value_cols[-1]], path)  # one format for the file (';', 1.234,5)
    df["code"] = _codes(df)
    df["year"] = to_year(df, "year", path)
    return df


def resolve_conflicts(df: pd.DataFrame, by: list[str], value: str) -> pd.DataFrame:
    """Keep one row per ``by`` by the documented rule; note the values set aside."""
    df = df.assign(
        _rank=df["source_type"].map(SOURCE_TYPE_RANK),
        _ed=_edition_year(df["wr_edition"]),
        _order=range(len(df)),
    ).sort_values([*by, "_rank", "_ed", "_order"], ascending=[True] * len(by) + [True, False, True])
    first = df.groupby(by, sort=False).head(1).copy()
    alts = df.groupby(by, sort=False)[value].agg(lambda s: sorted(set(s.iloc[1:]) - {s.iloc[0]}))
    n = df.groupby(by, sort=False).size()
    first = first.set_index(by)
    first["n_reports"] = n
    first["note"] = [
        f"other reported values: {', '.join(f'{v:g}' for v in a)}" if a else ""
        for a in alts.loc[first.index]
    ]
    return first.reset_index().drop(columns=["_rank", "_ed", "_order"])


def read_density(path: str | Path) -> pd.DataFrame:
    """Robot density (robots per 10,000 manufacturing employees), one row per economy and year."""
    path = Path(path)
    df = _read(path, ["robots_per_10k_employees"])
    df["density_per_10k"] = to_numeric(df, "robots_per_10k_employees", path)
    out = resolve_conflicts(df, ["code", "year"], "density_per_10k")
    return pd.DataFrame(
        {
            "source": "ifr_press",
            "iso3": out["code"].astype("string"),
            "industry": "MANUF",
            "year": out["year"].astype("int64"),
            "density_per_10k": out["density_per_10k"],
            "source_type": out["source_type"].astype("string"),
            "source_url": out["source_url"].astype("string"),
            "n_reports": out["n_reports"].astype("int64"),
            "note": out["note"].astype("string"),
        }
    )


def read_installations_stock(path: str | Path) -> pd.DataFrame:
    """Installations and operational stock (units, all industries), one row per economy-year."""
    path = Path(path)
    df = _read(path, ["measure", "value"])
    df["value"] = to_numeric(df, "value", path)
    parts = []
    for measure in ("installations", "operational_stock"):
        sub = df[df["measure"] == measure]
        r = resolve_conflicts(sub, ["code", "year"], "value").rename(columns={"value": measure})
        cols = [measure, "source_type", "source_url", "n_reports", "note"]
        parts.append(r.set_index(["code", "year"])[cols])
    merged = parts[0].join(parts[1], how="outer", rsuffix="_stock")
    merged = merged.reset_index()
    for c in ("source_type", "source_url", "note"):
        if f"{c}_stock" in merged:
            merged[c] = merged[c].fillna(merged[f"{c}_stock"])
    merged["n_reports"] = merged["n_reports"].fillna(0) + merged["n_reports_stock"].fillna(0)
    return pd.DataFrame(
        {
            "source": "ifr_press",
            "iso3": merged["code"].astype("string"),
            "industry": "ALL",
            "year": merged["year"].astype("int64"),
            "installations": merged["installations"],
            "operational_stock": merged["operational_stock"],
            "source_type": merged["source_type"].astype("string"),
            "source_url": merged["source_url"].astype("string"),
            "n_reports": merged["n_reports"].astype("int64"),
            "note": merged["note"].astype("string"),
        }
    )
