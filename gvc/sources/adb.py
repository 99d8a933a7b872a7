"""GVC participation from the ADB multi-regional input-output tables (July 2023 vintage),
computed by the ``mrio-processing`` scripts (K. S. Reyes).

``gvcp.parquet``: per year ``t``, exporting economy ``s`` (ADB MRIO index 1..73) and sector ``i``
(``agg`` = 0: whole economy with ``i`` = 0; 5, 15 or 35: sector splits): ``Exports`` (USD
million), trade-based GVC exports forward/backward (Borin-Mancini 2019; ``GVC_trade_f``,
``GVC_trade_b``) and production-based (``GVC_prod``), and participation rates ``GVCP_*`` =
GVC exports / exports (fractions). The MRIO sheet of ``countries.xlsx`` maps ``s`` to codes.
These are ADB's published indicators (the mirror's ``adb-mrio-gvc/``), not the MRIO tables; the
tables themselves (xlsx from kidb.adb.org/globalization, not in the mirror) are read by
``gvc.sources.adb_mrio`` through ``gvc.read_icio``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gvc.errors import DataError
from gvc.parquet import read_parquet
from gvc.sources.readers import read_csv, require_columns, to_numeric

COLUMNS = {
    "Exports": "exports",
    "GVCP_trade_f": "gvc_part_trade_fwd",
    "GVCP_trade_b": "gvc_part_trade_bwd",
    "GVCP_trade": "gvc_part_trade",
    "GVCP_prod": "gvc_part_prod",
}


def read_country_codes(path: str | Path) -> dict[int, str]:
    """ADB MRIO index -> ISO3 code (ADB's own codes such as PRC, GER, INO are not ISO3; the
    'Consolidated' sheet gives ``iso_a3`` beside the MRIO index). Rest of world -> ``RoW``."""
    path = Path(path)
    try:
        m = pd.read_excel(path, sheet_name="Consolidated")
    except Exception as exc:
        raise DataError(f"{path}: cannot read sheet 'Consolidated' ({exc})") from exc
    require_columns(m, ["mrio", "iso_a3"], path)
    m = m[m["mrio"].notna()]
    return {
        int(k): ("RoW" if str(v).upper() == "ROW" else str(v))
        for k, v in zip(m["mrio"], m["iso_a3"], strict=True)
    }


def read_gvcp(path: str | Path, codes: dict[int, str]) -> pd.DataFrame:
    """``iso3, sector, year, exports, gvc_part_trade_fwd/bwd, gvc_part_trade, gvc_part_prod``.

    ``sector`` is ``TOTAL`` for whole economies and ``a<agg>_<i>`` for the splits (e.g.
    ``a35_14`` = sector 14 of the 35-sector ADB classification). Exports in USD million.
    """
    path = Path(path)
    try:
        g = read_parquet(path)
    except Exception as exc:
        raise DataError(f"{path}: cannot read as Parquet ({exc})") from exc
    require_columns(g, ["t", "s", "agg", "i", *COLUMNS], path)
    unknown = sorted(set(g["s"].astype(int)) - set(codes))
    if unknown:
        raise DataError(
            f"{path}: economy indices {unknown[:10]} are not in countries.xlsx MRIO sheet"
        )
    sector = ["TOTAL" if a == 0 else f"a{a}_{i}" for a, i in zip(g["agg"], g["i"], strict=True)]
    out = pd.DataFrame(
        {
            "iso3": g["s"].astype(int).map(codes).astype("string"),
            "sector": pd.array(sector, dtype="string"),
            "year": g["t"].astype("int64"),
        }
    )
    for src, dst in COLUMNS.items():
        out[dst] = g[src].astype("float64").values
    return out


def read_sector_names(path: str | Path) -> dict[str, str]:
    """``sector`` code -> name from mrio-processing's ``sectors_dict.csv``: ``a35_<i>`` (the 35
    ADB MRIO sectors, ``c_name``), ``a15_<i>`` and ``a5_<i>`` (its 15- and 5-group aggregates),
    and ``TOTAL`` (all sectors)."""
    path = Path(path)
    d = read_csv(path, dtype=str)  # indices parsed by gvc, as written (a ';' re-save too)
    require_columns(d, ["c_ind", "c_name", "c15_ind", "c15_name", "c5_ind", "c5_name"], path)
    for c in ("c_ind", "c15_ind", "c5_ind"):
        v = to_numeric(d, c, path)
        bad = v.isna() | (v != v.round())
        if bad.any():
            i = int(bad.to_numpy().argmax())
            raise DataError(
                f"{path}: column '{c}' has {d[c].iloc[i]!r} at row {i + 2}, not a sector number; "
                "correct the file or fetch it again."
            )
        d[c] = v.astype("int64")
    out = {"TOTAL": "All sectors"}
    for agg, ind, nm in (("35", "c_ind", "c_name"), ("15", "c15_ind", "c15_name"),
                         ("5", "c5_ind", "c5_name")):  # fmt: skip
        for i, n in d[[ind, nm]].drop_duplicates().itertuples(index=False):
            out[f"a{agg}_{int(i)}"] = str(n)
    return out
