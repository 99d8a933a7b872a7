"""World Bank country groups of a table's year, for ``gvc.icio(..., groups=[...])``,
``gvc.read_icio(groups=)`` and ``gvc io decompose --groups``.

Names (package data ``gvc/panels/data/wb_groups.csv``; the alias in brackets also works):

- income groups *of the table's year*: ``WB:H`` (high-income), ``WB:UM`` (upper-middle-income),
  ``WB:LM`` (lower-middle-income), ``WB:L`` (low-income), from the ``income_groups`` table
  (World Bank OGHIST, keyed ``iso3, year``): a table of year t uses the classification based on
  GNI per capita of year t (World Bank fiscal year t+2). Years after OGHIST's last data year
  carry its last classification forward (``carried_forward``), with a warning.
- regions: ``WB:EAP``, ``WB:ECA``, ``WB:LAC``, ``WB:MENA``, ``WB:NA``, ``WB:SA``, ``WB:SSA``,
  from the ``countries`` table's ``region`` (the World Bank region in the WDI country metadata,
  ``Metadata_Country_*.csv``, of the mirror's vintage: one classification for every year).
  country_converter 1.3.2 ships no World Bank region classification (its region columns are
  ``UNregion``, ``continent``, ``Continent_7`` and model regions), so it is not used here.

A country of the table that the World Bank did not classify that year (or that the processed
table lacks) is left out of every such group, named in a warning and returned, never assigned.
Memberships come only from those tables: no member list is typed here.
"""

from __future__ import annotations

import csv
import warnings
from collections.abc import Sequence
from functools import lru_cache
from importlib.resources import files

import pandas as pd

from gvc.errors import ValidationError, user_stacklevel


@lru_cache(maxsize=1)
def _rows() -> tuple[dict[str, str], ...]:
    text = files("gvc.panels").joinpath("data/wb_groups.csv").read_text(encoding="utf-8")
    return tuple(csv.DictReader(text.splitlines()))


def names() -> dict[str, str]:
    """Canonical name -> kind (``income`` or ``region``)."""
    return {r["name"]: r["kind"] for r in _rows()}


def canonical(spec: str) -> str | None:
    """``"wb:h"``, ``"High-Income"`` -> ``"WB:H"``; None when ``spec`` is no World Bank group."""
    s = str(spec).strip()
    for r in _rows():
        if s.upper() == r["name"] or s.lower() == r["alias"]:
            return r["name"]
    return None


def _values(name: str) -> tuple[str, ...]:
    """The published codes (income) or region names a group stands for."""
    return tuple(r["value"] for r in _rows() if r["name"] == name)


def _load(table: str, columns: list[str], **filters) -> pd.DataFrame:
    from gvc.panels.load import load

    return load(table, columns, **filters)


def income_of_year(year: int, income: pd.DataFrame | None = None) -> pd.DataFrame:
    """``iso3, income_group, carried_forward`` of data year ``year`` (``income``: the
    ``income_groups`` table or rows of it; default: the processed table)."""
    cols = ["iso3", "year", "income_group", "carried_forward"]
    if income is None:
        income = _load("income_groups", cols)
    have = income["year"].astype(int)
    if int(year) not in set(have):
        raise ValidationError(
            f"World Bank income groups cover data years {have.min()}-{have.max()} "
            f"(income_groups table, OGHIST); not {year}"
        )
    return income.loc[have == int(year), ["iso3", "income_group", "carried_forward"]]


def members(
    specs: Sequence[str],
    year: int,
    countries: Sequence[str],
    *,
    income: pd.DataFrame | None = None,
    regions: pd.DataFrame | None = None,
) -> tuple[dict[str, tuple[str, ...]], dict[str, list[str]]]:
    """Members among ``countries`` of the World Bank groups ``specs`` (canonical names) in
    ``year``: (groups, unclassified countries by group). ``income`` / ``regions`` (``iso3,
    region``) default to the processed ``income_groups`` / ``countries`` tables.

    Raises ValidationError for a year outside the classification or a group with no member.
    """
    from gvc.names import is_country

    kinds = names()
    lookup: dict[str, dict[str, str]] = {}
    carried = False
    if any(kinds[s] == "income" for s in specs):
        y = income_of_year(year, income)
        carried = bool(y["carried_forward"].any())
        lookup["income"] = dict(zip(y["iso3"].astype(str), y["income_group"], strict=True))
    if any(kinds[s] == "region" for s in specs):
        if regions is None:
            regions = _load("countries", ["iso3", "region"])
        lookup["region"] = dict(zip(regions["iso3"].astype(str), regions["region"], strict=True))
    table = [c for c, ok in zip(countries, is_country(pd.Series(list(countries))), strict=True)
             if ok]  # fmt: skip
    groups, unclassified = {}, {}
    for name in specs:
        got = lookup[kinds[name]]
        value = {c: got.get(c) for c in table}
        none = [c for c, v in value.items() if v is None or pd.isna(v)]
        groups[name] = tuple(c for c, v in value.items() if c not in none and v in _values(name))
        if none:
            unclassified[name] = none
        if not groups[name]:
            raise ValidationError(
                f"group {name} ({year}): no country of the table is in it"
                + (f" (unclassified: {', '.join(none)})" if none else "")
            )
    for kind, what in (("income", f"income group in {year}"), ("region", "region")):
        bad = sorted({c for n, cs in unclassified.items() if kinds[n] == kind for c in cs})
        if bad:
            warnings.warn(
                f"{', '.join(bad)}: no World Bank {what}; left out of "
                f"{', '.join(n for n in specs if kinds[n] == kind)}",
                stacklevel=user_stacklevel(),
            )
    if carried:
        warnings.warn(
            f"World Bank income groups for {year} repeat the last OGHIST data year's "
            "classification (carried forward)",
            stacklevel=user_stacklevel(),
        )
    return groups, unclassified
