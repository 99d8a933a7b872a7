"""income_groups table: keyed (iso3, year), developing = L/LM/UM, carry-forward after the file's
coverage flagged, schema validation, and the built table on the real mirror."""

from __future__ import annotations

import pandas as pd

from gvc.panels.income_groups import CARRY_THROUGH, build_income_groups, coverage_note
from gvc.panels.schemas import validate


def history():
    return pd.DataFrame(
        {
            "iso3": ["AAA", "AAA", "BBB", "BBB"],
            "name": ["A", "A", "B", "B"],
            "year": [2020, 2021, 2020, 2021],
            "fiscal_year": ["FY22", "FY23", "FY22", "FY23"],
            "income_group": pd.array(["UM", "H", "L", pd.NA], dtype="string"),
        }
    )


def test_developing_flags_and_carry_forward():
    t = build_income_groups(history(), through=2023).set_index(["iso3", "year"])
    validate("income_groups", t.reset_index())
    assert t.loc[("AAA", 2020), "developing"] and not t.loc[("AAA", 2021), "developing"]
    assert pd.isna(t.loc[("BBB", 2021), "developing"])  # not classified stays NA
    assert t.loc[("AAA", 2023), "income_group"] == "H"
    assert t.loc[("AAA", 2023), "fiscal_year"] == "FY23"
    assert t.loc[("AAA", 2023), "carried_forward"] and not t.loc[("AAA", 2021), "carried_forward"]
    assert len(t) == 2 * 4
    assert coverage_note(t.reset_index(), [2020, 2021]) == ""
    note = coverage_note(t.reset_index(), range(2019, 2024))
    assert (
        note == "income groups for 2022, 2023 carry the last OGHIST data year (2021, FY23) forward"
    )


def test_built_table_on_real_data(use_data):
    import gvc

    t = gvc.load("income_groups")
    assert not t.duplicated(["iso3", "year"]).any()
    assert int(t["year"].min()) == 1987 and int(t["year"].max()) == CARRY_THROUGH
    assert set(t.loc[t["carried_forward"], "year"]) == set(range(2022, CARRY_THROUGH + 1))
    g = t.set_index(["iso3", "year"])["developing"]
    # issue 10: these left the group retroactively under today's classification
    for iso3, year in (("POL", 1995), ("RUS", 2005), ("ROU", 2011), ("CHL", 2011)):
        assert g.loc[(iso3, year)], (iso3, year)
    assert not g.loc[("POL", 2019)] and g.loc[("CHN", 2019)]
