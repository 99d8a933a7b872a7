"""The ``income_groups`` table: each economy's World Bank income group by data year.

Built from :func:`gvc.sources.wb_class.read_history` (OGHIST.xlsx, FY89-FY23 = data years
1987-2021 in the mirror's copy). ``developing`` = low or middle income (``L``, ``LM``, ``UM``);
NA where the World Bank did not classify the economy that year. Years after the file's last data
year, up to :data:`CARRY_THROUGH`, repeat that last year's group with ``carried_forward = True``
(the classification of later fiscal years is not in the file; claims say so in their notes).
"""

from __future__ import annotations

import pandas as pd

CARRY_THROUGH = 2024
"""Last data year of the table (the latest year any claim's data reach)."""

DEVELOPING_GROUPS = ("L", "LM", "UM")


def build_income_groups(history: pd.DataFrame, through: int = CARRY_THROUGH) -> pd.DataFrame:
    """``iso3, year, fiscal_year, income_group, developing, carried_forward`` from the long
    OGHIST history; years ``last + 1 .. through`` carry the last data year forward."""
    h = history[["iso3", "year", "fiscal_year", "income_group"]].copy()
    h["carried_forward"] = False
    last = int(h["year"].max())
    tail = h[h["year"] == last]
    extra = [tail.assign(year=y, carried_forward=True) for y in range(last + 1, through + 1)]
    out = pd.concat([h, *extra], ignore_index=True)
    group = out["income_group"].astype("string")
    out["developing"] = group.isin(DEVELOPING_GROUPS).astype("boolean").where(group.notna())
    out = out.sort_values(["iso3", "year"]).reset_index(drop=True)
    return out.astype(
        {
            "iso3": "string",
            "year": "int64",
            "fiscal_year": "string",
            "income_group": "string",
            "developing": "boolean",
            "carried_forward": bool,
        }
    )[["iso3", "year", "fiscal_year", "income_group", "developing", "carried_forward"]]


def coverage_note(groups: pd.DataFrame, years) -> str:
    """Prose for a claim's note: which of ``years`` use the file's own classification and which
    carry its last year forward (empty when none is carried)."""
    years = sorted({int(y) for y in years})
    carried = groups.loc[groups["carried_forward"], "year"].unique()
    late = [y for y in years if y in set(int(c) for c in carried)]
    if not late:
        return ""
    last = int(groups.loc[~groups["carried_forward"], "year"].max())
    return (
        f"income groups for {', '.join(map(str, late))} carry the last OGHIST data year "
        f"({last}, FY{(last + 2) % 100:02d}) forward"
    )
