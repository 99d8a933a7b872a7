"""Data helpers shared by several families: WIOD value added, ALFS employment, ADB manufacturing.

Units: WIOD values in millions of current USD; ALFS employment in thousands of persons; ADB
exports in millions of USD; participation rates as fractions (callers convert to ``pct``).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from gvc import config
from gvc.claims.families.base import Loader, try_load
from gvc.errors import DataError

ALFS_EMPLOYMENT = "YGTT08L1_ST"
"""ALFS subject: total employment, thousands of persons."""
ALFS_INDUSTRY = "YGTT10L1_ST"
"""ALFS subject: employment in industry (ISIC C-F), thousands of persons."""

ADB_MANUF_15 = ("a15_3", "a15_4")
"""Manufacturing in ADB MRIO's 15-sector split (``sectors_dict.csv``: c15 3 = light
manufacturing, ADB 35-sector codes 3-7, 10, 11, 16; c15 4 = heavy manufacturing, codes 8, 9,
12-15). The 5-sector split's group 2 ("low-technology manufacturing") also holds utilities and
construction, so it is not used."""


@lru_cache(maxsize=17)
def _wiod(path: str, mtime_ns: int, year: int):
    from gvc.panels.icio_cache import from_frame
    from gvc.panels.load import read_processed

    return from_frame(read_processed(path, "icio_wiod2013"), year)


def wiod_path(year: int):
    """Path of the cached WIOD 2013 table of ``year`` in the current data directory."""
    from gvc.panels.icio_cache import relpath

    return config.processed_dir() / relpath("wiod2013", int(year))


def wiod(year: int):
    """The cached WIOD 2013 table of ``year`` (as :func:`gvc.panels.icio_cache.load_wiod`).

    Memoised on the cached file's path and modification time (17 entries: one per WIOD year), so
    families share one read and a rebuilt or different data directory is never served stale.

    Raises:
        DataError: the cached file is missing (run ``gvc build``).
    """
    p = wiod_path(year)
    try:
        mtime = p.stat().st_mtime_ns
    except FileNotFoundError:
        raise DataError(
            f"{p} is missing; run `gvc build icio_wiod2013` (or `make build`) first"
        ) from None
    return _wiod(str(p), mtime, int(year))


def require_wiod(load: Loader) -> str:
    """Why the WIOD panels are unavailable through ``load``, or an empty string when they are
    (the processed, validated ``gvc_participation`` table is built from the same WIOD tables as
    the cache).

    Call it before :func:`wiod` so that WIOD availability goes through the loader (MANIFEST,
    validation) rather than through the cache alone.
    """
    g = try_load(load, "gvc_participation")
    if g is None:
        return "processed table gvc_participation (WIOD 2013; run `gvc build`)"
    if "source" in g.columns and not (g["source"] == "wiod2013").any():
        return "WIOD 2013 rows in gvc_participation"
    return ""


def wiod_industry_accounts(iso3: str, years: range) -> pd.DataFrame:
    """Gross output and value added by industry of one WIOD country (raises
    :class:`~gvc.errors.DataError` when a cached year is missing).

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


def alfs(load: Loader) -> pd.DataFrame | None:
    """The processed OECD ALFS table (``load("alfs")``), long: ``iso3, year, subject, value``
    (``value`` in thousands of persons for the ``*L1_ST`` subjects, percent for
    ``*PE_ST``/``*PC_ST``); None when the table is unavailable."""
    d = try_load(load, "alfs")
    if d is None:
        return None
    return d[["iso3", "year", "subject", "value"]].astype(
        {"iso3": str, "subject": str, "year": "int64", "value": "float64"}
    )


def adb_manufacturing(adb: pd.DataFrame) -> pd.DataFrame:
    """Manufacturing GVC participation per ADB economy and year (ISO3 codes).

    Export-weighted over :data:`ADB_MANUF_15`: each rate = sum(rate x exports) / sum(exports)
    (i.e. GVC-related exports over gross exports of manufacturing), where both sums run over the
    sectors that report that rate (a missing rate does not dilute the share). Returns ``iso3,
    year, exports`` (USD million) and the ``gvc_part_*`` fractions.
    """
    rates = ["gvc_part_trade_fwd", "gvc_part_trade_bwd", "gvc_part_trade", "gvc_part_prod"]
    m = adb[adb["sector"].isin(ADB_MANUF_15)].copy()
    for r in rates:
        m[f"_w_{r}"] = m["exports"].where(m[r].notna())
        m[r] = m[r] * m["exports"]
    cols = ["exports", *rates, *(f"_w_{r}" for r in rates)]
    g = m.groupby(["iso3", "year"], as_index=False)[cols].sum(min_count=1)
    for r in rates:
        g[r] = g[r] / g[f"_w_{r}"].where(g[f"_w_{r}"] > 0)
    return g.drop(columns=[f"_w_{r}" for r in rates])


def adb_total(adb: pd.DataFrame) -> pd.DataFrame:
    """Whole-economy rows of ``adb_gvc`` with ISO3 codes."""
    t = adb[adb["sector"] == "TOTAL"].copy()
    return t


def safe_log(s: pd.Series) -> pd.Series:
    """Natural log with non-positive values set to NaN."""
    return np.log(s.where(s > 0))
