"""Built-in country groups for exporters merged after the Leontief inversion.

Compositions (package data ``gvc/io/data/country_groups.csv``, ISO3):
EU27 = the 27 member states since 1 February 2020; EU28 = EU27 + GBR (2013-2020); USMCA and its
alias NAFTA = CAN, MEX, USA; ASEAN = the 10 members since 1999. Compositions are fixed (the same
members in every year) so that a group's series is comparable over time. Members a table does
not have (e.g. HRV in WIOD 2013, which counts it in RoW) are left out with a warning and listed
in ``icio.meta["group_members_missing"]``.

Groups whose membership depends on the table's year (World Bank income groups and regions,
``WB:H``, ``WB:EAP``, ...) are resolved above this package (``gvc.tables_io`` with
``gvc.panels.wb_groups``) and passed here as ``extra``: this module only applies a membership
mapping.
"""

from __future__ import annotations

import csv
import warnings
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib.resources import files

from gvc.errors import ValidationError, user_stacklevel


@lru_cache(maxsize=1)
def builtin() -> dict[str, tuple[str, ...]]:
    """Group name -> ISO3 members."""
    text = files("gvc.io").joinpath("data/country_groups.csv").read_text(encoding="utf-8")
    out: dict[str, list[str]] = {}
    for row in csv.DictReader(text.splitlines()):
        out.setdefault(row["group"], []).append(row["iso3"])
    return {k: tuple(v) for k, v in out.items()}


def resolve(
    names: Sequence[str],
    countries: Sequence[str],
    extra: Mapping[str, Sequence[str]] | None = None,
) -> tuple[dict[str, tuple[str, ...]], dict[str, list[str]]]:
    """Groups for ``names`` (built-in names, names in ``extra`` (memberships resolved by the
    caller, e.g. for the table's year), or ``NAME=AAA+BBB`` for one's own) restricted to the
    table's ``countries``: (groups, members missing from the table by group)."""
    table = set(countries)
    extra = extra or {}
    groups, missing = {}, {}
    for spec in names:
        spec = spec.strip()
        if spec in extra:
            groups[spec] = tuple(m for m in extra[spec] if m in table)
            continue
        if "=" in spec:
            name, members = spec.split("=", 1)
            groups[name.strip()] = tuple(m.strip() for m in members.split("+") if m.strip())
            continue
        key = spec.upper()
        if key not in builtin():
            raise ValidationError(
                f"unknown country group {spec!r}: built-in groups are {', '.join(builtin())}; "
                "World Bank groups of the table's year (WB:H, WB:UM, WB:LM, WB:L, WB:EAP, WB:ECA, "
                "WB:LAC, WB:MENA, WB:NA, WB:SA, WB:SSA; tables with a year only); "
                "or define one as NAME=ISO3+ISO3+..."
            )
        members = builtin()[key]
        have = tuple(m for m in members if m in table)
        if not have:
            raise ValidationError(f"group {key}: none of its members {members} is in the table")
        groups[key] = have
        if len(have) < len(members):
            missing[key] = [m for m in members if m not in table]
            warnings.warn(
                f"group {key}: {missing[key]} are not separate countries in this table and are "
                "left out",
                stacklevel=user_stacklevel(),
            )
    return groups, missing
