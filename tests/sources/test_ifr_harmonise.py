"""One industry breakdown per country over time (gvc.sources.ifr_industries.allocate): a code
reported alone in some years and with its sub-industries in others is used alone in every year,
with numbers computed by hand below. The countries are SYNTHETIC (codes AAA, BBB, CCC, DDD)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from gvc.sources.ifr import _Problems
from gvc.sources.ifr_industries import allocate, to_wiod

NAN = float("nan")
# AAA switches: 24-28 alone in 2000, with 24/25/28/289 in 2001, only the children in 2002.
# 2000: 000 1100 = D 1000 + 99 100; D's pool 100 spread over 24-28 (600) and 29 (400):
#       24-28 660, 29 440.
# 2001: the same, and 24-28's 660 would be spread over 24 (200), 25 (100), 28 (200) with 289
#       and 24-28's share of 99: 264, 132, 264. Harmonised: 24-28 660.
# 2002: no 000, no 24-28: D 1000 = 24 300 + 25 100 + 28 200 + 29 400. Harmonised: 24-28 = the
#       children's sum 600, 29 400.
# BBB always reports the children (untouched). CCC reports only D in 2000 (stays D), 24-28 alone
# in 2001 and with children in 2002 (harmonised, 2000 not pulled to D). DDD reports only D in
# 2000 and the children from 2001 (nothing to harmonise: 2000 stays D, 2001 the children).
ROWS = [
    ("AAA", 2000, "000", 1100), ("AAA", 2000, "D", 1000), ("AAA", 2000, "99", 100),
    ("AAA", 2000, "24-28", 600), ("AAA", 2000, "29", 400),
    ("AAA", 2001, "000", 1100), ("AAA", 2001, "D", 1000), ("AAA", 2001, "99", 100),
    ("AAA", 2001, "24-28", 600), ("AAA", 2001, "24", 200), ("AAA", 2001, "25", 100),
    ("AAA", 2001, "28", 200), ("AAA", 2001, "289", 100), ("AAA", 2001, "29", 400),
    ("AAA", 2002, "D", 1000), ("AAA", 2002, "24", 300), ("AAA", 2002, "25", 100),
    ("AAA", 2002, "28", 200), ("AAA", 2002, "29", 400),
    ("BBB", 2000, "D", 100), ("BBB", 2000, "24-28", 100), ("BBB", 2000, "24", 50),
    ("BBB", 2000, "28", 30),
    ("BBB", 2001, "D", 120), ("BBB", 2001, "24-28", 120), ("BBB", 2001, "24", 60),
    ("BBB", 2001, "28", 60),
    ("CCC", 2000, "D", 500),
    ("CCC", 2001, "D", 500), ("CCC", 2001, "24-28", 300), ("CCC", 2001, "29", 200),
    ("CCC", 2002, "D", 500), ("CCC", 2002, "24-28", 300), ("CCC", 2002, "24", 100),
    ("CCC", 2002, "25", 100), ("CCC", 2002, "28", 100), ("CCC", 2002, "29", 200),
    ("DDD", 2000, "D", 80),
    ("DDD", 2001, "D", 90), ("DDD", 2001, "24-28", 90), ("DDD", 2001, "24", 30),
    ("DDD", 2001, "28", 60),
]  # fmt: skip


def _frame() -> pd.DataFrame:
    df = pd.DataFrame(ROWS, columns=["iso3", "year", "industry", "operational_stock"])
    return df.assign(installations=NAN, row=range(2, len(df) + 2))


def _leaves(df=None, **kw) -> dict:
    out = allocate(_frame() if df is None else df, **kw)
    out = out[out["measure"] == "operational_stock"]
    return {
        (r.iso3, r.year): dict(zip(g["ifr_code"], g["amount"], strict=True))
        for r, g in ((g.iloc[0], g) for _, g in out.groupby(["iso3", "year"]))
    }


def test_a_switching_country_gets_the_parent_in_every_year():
    got = _leaves()
    assert got[("AAA", 2000)] == pytest.approx({"24-28": 660.0, "29": 440.0})
    assert got[("AAA", 2001)] == pytest.approx({"24-28": 660.0, "29": 440.0})
    assert got[("AAA", 2002)] == pytest.approx({"24-28": 600.0, "29": 400.0})
    # without harmonisation the children would be the leaves in 2001 (hand numbers above)
    raw = _leaves(harmonise=False)
    assert raw[("AAA", 2001)] == pytest.approx({"24": 264.0, "25": 132.0, "28": 264.0, "29": 440})
    # the WIOD cells of 24-28 are fed by 24-28 in every year
    w = to_wiod(allocate(_frame()))
    aaa = w[(w.iso3 == "AAA") & w.industry.isin(["c12", "c13"])]
    assert set(aaa["ifr_codes"]) == {"24-28"} and len(aaa) == 6
    assert aaa.groupby("year")["operational_stock"].sum().to_dict() == pytest.approx(
        {2000: 660.0, 2001: 660.0, 2002: 600.0}
    )


def test_a_country_always_reporting_the_children_is_untouched():
    got, raw = _leaves(), _leaves(harmonise=False)
    for key in [("BBB", 2000), ("BBB", 2001), ("DDD", 2001)]:
        assert got[key] == raw[key]
    # BBB 2000: 24-28 100 over 24 (50) and 28 (30): the remainder 20 in proportion
    assert got[("BBB", 2000)] == pytest.approx({"24": 62.5, "28": 37.5})


def test_manufacturing_only_years_stay_d_and_do_not_pull_the_country_to_d():
    got = _leaves()
    assert got[("CCC", 2000)] == {"D": 500.0} and got[("DDD", 2000)] == {"D": 80.0}
    assert got[("CCC", 2001)] == got[("CCC", 2002)] == pytest.approx({"24-28": 300.0, "29": 200})
    assert got[("DDD", 2001)] == pytest.approx({"24": 30.0, "28": 60.0})
    w = to_wiod(allocate(_frame())).set_index(["iso3", "year", "industry"])
    assert ("CCC", 2000, "c12") not in w.index and w.loc[("CCC", 2000, "MANUF")].iloc[0] == 500


def test_totals_are_preserved_manufacturing_per_country_year():
    def manuf(**kw):
        w = to_wiod(allocate(_frame(), **kw))
        return w[w.industry == "MANUF"].set_index(["iso3", "year"])["operational_stock"]

    on, off = manuf(), manuf(harmonise=False)
    pd.testing.assert_series_equal(on, off, rtol=1e-12)
    hand = {("AAA", 2000): 1100.0, ("AAA", 2001): 1100.0, ("AAA", 2002): 1000.0}
    hand |= {("BBB", 2000): 100.0, ("BBB", 2001): 120.0, ("CCC", 2000): 500.0}
    hand |= {("CCC", 2001): 500.0, ("CCC", 2002): 500.0, ("DDD", 2000): 80.0}
    hand |= {("DDD", 2001): 90.0}
    assert on.to_dict() == pytest.approx(hand)


def test_each_harmonised_code_is_listed_with_country_parent_children_and_years():
    problems = _Problems(Path("SYNTHETIC.csv"))
    allocate(_frame(), problems=problems)
    log = problems.frame()
    assert list(log["status"]) == ["harmonised", "harmonised"]
    aaa, ccc = log["message"]
    assert "AAA operational_stock: IFR code 24-28 is not broken down" in aaa
    assert "in 2000 but is (24, 25, 28, 289) in 2001-2002" in aaa
    assert "summed into 24-28 in every year" in aaa
    rows = _frame().query("iso3 == 'AAA' and industry in ['24', '25', '28', '289']")["row"]
    assert log["n_rows"].iloc[0] == len(rows) == 7
    assert "CCC operational_stock: IFR code 24-28" in ccc and "in 2001 but is (24, 25, 28)" in ccc


def test_only_the_highest_switching_code_is_harmonised():
    """29 alone in 2000; 291 and 293 in 2001; 293 split into 2931/2932 in 2002: 29 is used in
    every year (once, not also 293)."""
    df = pd.DataFrame(
        [
            ("EEE", 2000, "29", 100),
            ("EEE", 2001, "29", 110),
            ("EEE", 2001, "291", 60),
            ("EEE", 2001, "293", 50),
            ("EEE", 2002, "29", 120),
            ("EEE", 2002, "291", 60),
            ("EEE", 2002, "293", 60),
            ("EEE", 2002, "2931", 30),
            ("EEE", 2002, "2932", 30),
        ],  # fmt: skip
        columns=["iso3", "year", "industry", "operational_stock"],
    ).assign(installations=NAN, row=range(2, 11))
    problems = _Problems(Path("SYNTHETIC.csv"))
    got = _leaves(df, problems=problems)
    assert got == {("EEE", 2000): {"29": 100.0}, ("EEE", 2001): {"29": 110.0}} | {
        ("EEE", 2002): {"29": 120.0}
    }
    log = problems.frame()
    assert len(log) == 1 and "(291, 293, 2931, 2932) in 2001-2002" in log["message"].iloc[0]


def test_harmonised_breakdowns_are_one_note_per_file_not_warnings():
    """gvc build prints a harmonisation (deliberate, exact) as one note per file, and keeps the
    warning lines for rows left out."""
    import pandas as pd

    from gvc.panels.robots_by_industry import ifr_log_lines

    log = pd.DataFrame(
        {
            "file": ["a.csv"] * 4,
            "status": ["read", "harmonised", "harmonised", "row left out"],
            "n_rows": [10, 3, 2, 1],
            "message": ["a.csv: read", "BEL ... 24-28", "BEL ... 19-22", "a.csv: row 7 ..."],
        }
    )
    warn, errors = ifr_log_lines(log)
    assert not errors
    assert warn[0].startswith("note: IFR file a.csv: 2 industry breakdown(s) harmonised")
    assert warn[1:] == ["warning: IFR row left out: a.csv: row 7 ..."]
