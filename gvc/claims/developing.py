"""Which economies count as "developing" in a given year, under each definition used by claims.

Definitions (``definition`` argument):

- ``developing_wb_hist`` (primary): World Bank low or middle income in the classification of
  each data year (``income_groups`` table, OGHIST: FY t+2 uses data for year t). Years after the
  file's coverage carry its last year forward (the table flags them, notes say so).
- ``developing_wb_base``: the same classification frozen at the sample's base (first) year, for
  every year (robustness: a fixed country set).
- ``developing_wb``: today's classification (``countries`` table, latest WDI metadata) applied
  to every year; robustness only, since it drops economies that graduated later (e.g. Poland,
  Chile) from the group retroactively.
- ``developing_m49``: UN M49 developing regions (``countries`` table), the alternative
  definition.

NA = not classified (e.g. no World Bank group for the economy that year): such economies count
in totals only, never as developing.
"""

from __future__ import annotations

import pandas as pd

HISTORICAL = "developing_wb_hist"
BASE_YEAR = "developing_wb_base"
CURRENT = "developing_wb"
M49 = "developing_m49"
DEFINITIONS = (HISTORICAL, BASE_YEAR, CURRENT, M49)

LABELS = {
    HISTORICAL: "World Bank low/middle income in each data year (historical OGHIST)",
    BASE_YEAR: "World Bank low/middle income in the base year {base} (OGHIST), fixed",
    CURRENT: "World Bank low/middle income today (current classification, robustness only)",
    M49: "UN M49 developing regions",
}


def label(definition: str, base_year: int | None = None) -> str:
    """The definition in words (with the base year for ``developing_wb_base``)."""
    return LABELS[definition].format(base=base_year)


def developing_flags(
    keys: pd.DataFrame,
    definition: str,
    countries: pd.DataFrame,
    income_groups: pd.DataFrame | None = None,
    base_year: int | None = None,
) -> pd.Series:
    """Boolean (nullable) flag per row of ``keys`` (columns ``iso3``, ``year``), same index.

    Raises:
        KeyError: unknown ``definition``, or a ``countries`` flag column missing.
        ValueError: a historical definition without ``income_groups``, or ``developing_wb_base``
            without ``base_year``.
    """
    if definition not in DEFINITIONS:
        raise KeyError(f"unknown definition {definition!r}; use one of {DEFINITIONS}")
    iso = keys["iso3"].astype(str)
    if definition in (CURRENT, M49):
        if definition not in countries.columns:
            raise KeyError(f"countries table lacks {definition}")
        flags = countries.assign(iso3=countries["iso3"].astype(str)).set_index("iso3")
        return iso.map(flags[definition]).astype("boolean")
    if income_groups is None:
        raise ValueError(f"{definition} needs the income_groups table (run `gvc build`)")
    g = income_groups.assign(iso3=income_groups["iso3"].astype(str))
    if definition == HISTORICAL:
        dev = g.set_index(["iso3", "year"])["developing"]
        idx = pd.MultiIndex.from_arrays([iso, keys["year"].astype("int64")])
        return pd.Series(dev.reindex(idx).to_numpy(), index=keys.index, dtype="boolean")
    if base_year is None:
        raise ValueError("developing_wb_base needs base_year")
    base = g[g["year"] == int(base_year)].set_index("iso3")["developing"]
    return iso.map(base).astype("boolean")


def members_by_year(
    keys: pd.DataFrame,
    definition: str,
    countries: pd.DataFrame,
    income_groups: pd.DataFrame | None = None,
    base_year: int | None = None,
) -> pd.DataFrame:
    """``keys`` with a ``developing`` column (False where unclassified), for group sums."""
    flag = developing_flags(keys, definition, countries, income_groups, base_year)
    return keys.assign(developing=flag.fillna(False).astype(bool))


def changes(
    keys: pd.DataFrame, countries: pd.DataFrame, income_groups: pd.DataFrame
) -> dict[str, list[str]]:
    """Economies in ``keys`` whose historical and current flags differ in some year:
    ``{"developing then, not now": [...], "not developing then, developing now": [...]}``."""
    hist = developing_flags(keys, HISTORICAL, countries, income_groups).fillna(False)
    cur = developing_flags(keys, CURRENT, countries).fillna(False)
    iso = keys["iso3"].astype(str)
    return {
        "developing then, not now": sorted(set(iso[hist & ~cur])),
        "not developing then, developing now": sorted(set(iso[~hist & cur])),
    }
