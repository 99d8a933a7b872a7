"""Data helpers shared by several families: WIOD value added, ALFS employment, ADB manufacturing.

Units: WIOD values in millions of current USD; ALFS employment in thousands of persons; ADB
exports in millions of USD; participation rates as fractions (callers convert to ``pct``).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from gvc import config
from gvc.claims.families.base import raw_path

ALFS_NAME = "ALFS_SUMTAB_23042021012546383.csv"
"""The OECD Annual Labour Force Statistics summary table shipped with the JARA replication data."""

ADB_MANUF_15 = ("a15_3", "a15_4")
"""Manufacturing in ADB MRIO's 15-sector split (``sectors_dict.csv``: c15 3 = light
manufacturing, ADB 35-sector codes 3-7, 10, 11, 16; c15 4 = heavy manufacturing, codes 8, 9,
12-15). The 5-sector split's group 2 ("low-technology manufacturing") also holds utilities and
construction, so it is not used."""


@lru_cache(maxsize=64)
def _wiod(data_dir: str, year: int):
    from gvc.panels.icio_cache import load_wiod

    return load_wiod(year)


def wiod(year: int):
    """The cached WIOD 2013 table of ``year`` (``gvc.panels.icio_cache.load_wiod``), memoised per
    data directory so several families share one read."""
    return _wiod(str(config.processed_dir()), int(year))


def wiod_industry_accounts(iso3: str, years: range) -> pd.DataFrame:
    """Gross output and value added by industry of one WIOD country.

    Returns ``iso3, industry, year, output, va`` (millions of current USD); ``va`` is the column
    residual output - intermediate inputs, as in the ICIO engine.
    """
    rows = []
    for year in years:
        w = wiod(year)
        s = w.countries.index(iso3)
        N = len(w.industries)
        sl = slice(s * N, (s + 1) * N)
        out = w.x[sl]
        va = out - w.Z[:, sl].sum(axis=0)
        rows.append(
            pd.DataFrame(
                {
                    "iso3": iso3,
                    "industry": list(w.industries),
                    "year": year,
                    "output": out,
                    "va": va,
                }
            )
        )
    return pd.concat(rows, ignore_index=True)


def alfs() -> pd.DataFrame | None:
    """OECD ALFS summary table, long: ``iso3, year, subject, value`` (``value`` in thousands of
    persons for the ``*L1_ST`` subjects, percent for ``*PE_ST``/``*PC_ST``); None when absent."""
    path = raw_path("jara", ALFS_NAME)
    if path is None:
        return None
    d = pd.read_csv(path, encoding="utf-8-sig")
    out = d.rename(
        columns={"LOCATION": "iso3", "TIME": "year", "SUBJECT": "subject", "Value": "value"}
    )
    return out[["iso3", "year", "subject", "value"]].astype({"year": "int64", "value": "float64"})


def adb_manufacturing(adb: pd.DataFrame) -> pd.DataFrame:
    """Manufacturing GVC participation per ADB economy and year (ISO3 codes).

    Export-weighted over :data:`ADB_MANUF_15`: each rate = sum(rate x exports) / sum(exports)
    (i.e. GVC-related exports over gross exports of manufacturing). Returns ``iso3, year,
    exports`` (USD million) and the ``gvc_part_*`` fractions.
    """
    rates = ["gvc_part_trade_fwd", "gvc_part_trade_bwd", "gvc_part_trade", "gvc_part_prod"]
    m = adb[adb["sector"].isin(ADB_MANUF_15)].copy()
    for r in rates:
        m[r] = m[r] * m["exports"]
    g = m.groupby(["iso3", "year"], as_index=False)[["exports", *rates]].sum(min_count=1)
    for r in rates:
        g[r] = g[r] / g["exports"].where(g["exports"] > 0)
    return g


def adb_total(adb: pd.DataFrame) -> pd.DataFrame:
    """Whole-economy rows of ``adb_gvc`` with ISO3 codes."""
    t = adb[adb["sector"] == "TOTAL"].copy()
    return t


def safe_log(s: pd.Series) -> pd.Series:
    """Natural log with non-positive values set to NaN."""
    return np.log(s.where(s > 0))
