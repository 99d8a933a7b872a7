"""``gvc_participation``: GVC measures by country x industry x year from inter-country
input-output tables, computed by the input-output engine (:func:`gvc.io.participation_measures`).

Long form ``source, iso3, industry, year, measure, value`` (key: the first five). Sources:

- ``wiod2013``: WIOD 2013 release, 1995-2011, 40 economies + ``RoW`` (always built).
- ``adb_mrio``: the user's ADB MRIO tables placed in ``data/raw/adb-mrio/`` (Asian Development
  Bank, kidb.adb.org/globalization, free account; xlsx as published: one workbook per year or a workbook
  of year sheets; read by :mod:`gvc.sources.adb_mrio`), every table year found
  (:mod:`gvc.panels.adb_mrio_years`). Economies in ADB's codes mapped to ISO3, the rest of the
  world ``RoW`` as in WIOD (``is_country`` False in ``gvc.load``). None are in the mirror and
  none was read on the machine this was written on: the tests use SYNTHETIC tables in ADB's
  layout. A file that cannot be read is left out (the rest builds) and recorded in the
  manifest entry (:func:`left_out`): ``gvc build`` prints one ``error:`` line per file and
  exits 2. Without ADB files the panel is the WIOD panel alone, byte for byte.

``industry`` is the source's industry code (WIOD and ADB share the 35-sector classification
``c1``..``c35``), ``TOTAL`` for the whole economy and ``MANUF`` for manufacturing (c3..c16 in
both: ADB's sector dictionary puts c3 food .. c16 manufacturing n.e.c. under light and heavy
manufacturing, c17 under utilities). Shares are fractions in [0, 1] (``dexfvapsh`` can exceed 1
for single industries); levels in the table's currency unit (WIOD and ADB: millions of current
USD). Besides the TiVA and WWYZ measures, the Borin-Mancini-Taglioni (2025) tripartite shares of
:func:`gvc.io.bmt_participation.bmt_participation_measures` (``share_gvc_trade``,
``share_pf_trade``, ``share_ts_trade``, ``share_pb_trade``, ``forward_trade`` and their
``_output`` counterparts; ``forward_*`` in [-1, 1]); every source's rows come from the same
function, :func:`measures`.

Published tables are rounded (WIOD to whole millions), so rows do not balance exactly; the
tolerated discrepancy (WIOD: at most a few hundred million on outputs of 10^4-10^6) is added to
each sector's own final demand (``ICIO(..., rebalance=True)``, WIOD and ADB alike) so that every
accounting identity of the decompositions holds.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd

from gvc.sources import wiod2013

ROW = "RoW"
"""The rest of the world, spelled as WIOD spells it (ADB's ``ROW``/``RoW`` become this)."""
COLUMNS = ["source", "iso3", "industry", "year", "measure", "value"]
LEFT_OUT = "left_out"
"""Key of the manifest entry (and of the built frame's ``attrs``) listing what was left out."""


def icio_of(Z, F, countries, industries, x):
    """The engine's ICIO container for one published table year (final demand summed by
    destination; own-final-demand rebalancing, module docstring)."""
    from gvc.io import ICIO

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a few WIOD sectors have negative value added
        return ICIO(Z, F, countries, industries, x=x, rebalance=True, negative_va="ignore")


def wiod_icio(w: wiod2013.WIOT):
    """The engine's ICIO container for one WIOD year (final demand summed by destination)."""
    return icio_of(w.Z, w.F_by_country, w.countries, w.industries, w.x)


def measures(io, source: str, year: int) -> pd.DataFrame:
    """Every measure of the panel for one table year of ``source``: TiVA/WWYZ
    (:func:`gvc.io.participation_measures`) and BMT shares, by country x (industry, ``TOTAL``,
    ``MANUF`` = the table's sectors among c3..c16, all 14 in a published table)."""
    from gvc.io import participation_measures
    from gvc.io.bmt_participation import bmt_participation_measures

    manuf = [i for i in wiod2013.MANUFACTURING if i in io.industries]
    groups = {"MANUF": manuf} if manuf else {}
    df = pd.concat(
        [participation_measures(io, groups), bmt_participation_measures(io, groups)],
        ignore_index=True,
    )
    df.insert(0, "source", source)
    df.insert(3, "year", year)
    return df[COLUMNS]


def measures_for_year(w: wiod2013.WIOT) -> pd.DataFrame:
    return measures(wiod_icio(w), "wiod2013", w.year)


def adb_measures(t) -> pd.DataFrame:
    """:func:`measures` of one ADB MRIO table year (a ``gvc.sources.icio_table.IcioTable``),
    the rest of the world spelled ``RoW`` as in WIOD."""
    countries = [ROW if c.upper() == "ROW" else c for c in t.countries]
    return measures(icio_of(t.Z, t.F, countries, t.industries, t.x), "adb_mrio", t.year)


def build_participation(paths: dict[str, Path]) -> pd.DataFrame:
    """The panel from the WIOD files (``wiot_<year>.RData``) and any user ADB MRIO files
    (``adb-mrio/<file>``) in ``paths``; what was left out in ``attrs[LEFT_OUT]`` (lines)."""
    from gvc.panels import adb_mrio_years
    from gvc.progress import track

    frames = []
    for year in track(wiod2013.YEARS, description="GVC measures, WIOD"):
        frames.append(measures_for_year(wiod2013.read_wiot(paths[f"wiot_{year}.RData"])))
    adb = {n: p for n, p in paths.items() if n.startswith(f"{adb_mrio_years.DIR}/")}
    left_out = []
    if adb:
        rows, left_out = adb_mrio_years.build_adb(adb, adb_measures)
        frames += rows
    df = pd.concat(frames, ignore_index=True)
    for c in ("source", "iso3", "industry", "measure"):
        df[c] = df[c].astype("string")
    df["year"] = df["year"].astype("int64")
    df["value"] = df["value"].astype("float64")
    if left_out:
        df.attrs[LEFT_OUT] = list(left_out)
    return df


def left_out() -> list[str]:
    """What the last build of the panel left out (one line per user file or year), from its
    manifest entry; empty when nothing was."""
    from gvc.errors import GvcError
    from gvc.panels import store

    try:
        entry = store.read_manifest()["tables"].get("gvc_participation") or {}
    except GvcError:
        return []
    return list(entry.get(LEFT_OUT) or [])
