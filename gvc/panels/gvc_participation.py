"""``gvc_participation``: GVC measures by country x industry x year from inter-country
input-output tables, computed by the input-output engine (:func:`gvc.io.participation_measures`).

Long form ``source, iso3, industry, year, measure, value`` (key: the first five). ``industry`` is
the source's industry code, ``TOTAL`` for the whole economy and ``MANUF`` for manufacturing
(WIOD c3..c16). Shares are fractions in [0, 1] (``dexfvapsh`` can exceed 1 for single
industries); levels in the table's currency unit (WIOD: millions of current USD). Besides the
TiVA and WWYZ measures, the Borin-Mancini-Taglioni (2025) tripartite shares of
:func:`gvc.io.bmt_participation.bmt_participation_measures` (``share_gvc_trade``,
``share_pf_trade``, ``share_ts_trade``, ``share_pb_trade``, ``forward_trade`` and their
``_output`` counterparts; ``forward_*`` in [-1, 1]).

WIOD tables are published rounded to whole millions, so rows do not balance exactly; the
tolerated discrepancy (at most a few hundred million on outputs of 10^4-10^6) is added to each
sector's own final demand (``ICIO(..., rebalance=True)``) so that every accounting identity of the
decompositions holds.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd

from gvc.sources import wiod2013


def wiod_icio(w: wiod2013.WIOT):
    """The engine's ICIO container for one WIOD year (final demand summed by destination)."""
    from gvc.io import ICIO

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a few WIOD sectors have negative value added
        return ICIO(
            w.Z,
            w.F_by_country,
            w.countries,
            w.industries,
            x=w.x,
            rebalance=True,
            negative_va="ignore",
        )


def measures_for_year(w: wiod2013.WIOT) -> pd.DataFrame:
    from gvc.io import participation_measures
    from gvc.io.bmt_participation import bmt_participation_measures

    io, groups = wiod_icio(w), {"MANUF": list(wiod2013.MANUFACTURING)}
    df = pd.concat(
        [participation_measures(io, groups), bmt_participation_measures(io, groups)],
        ignore_index=True,
    )
    df.insert(0, "source", "wiod2013")
    df.insert(3, "year", w.year)
    return df[["source", "iso3", "industry", "year", "measure", "value"]]


def build_wiod(paths: dict[str, Path]) -> pd.DataFrame:
    from gvc.progress import track

    frames = []
    for year in track(wiod2013.YEARS, description="GVC measures, WIOD"):
        frames.append(measures_for_year(wiod2013.read_wiot(paths[f"wiot_{year}.RData"])))
    df = pd.concat(frames, ignore_index=True)
    for c in ("source", "iso3", "industry", "measure"):
        df[c] = df[c].astype("string")
    df["year"] = df["year"].astype("int64")
    df["value"] = df["value"].astype("float64")
    return df
