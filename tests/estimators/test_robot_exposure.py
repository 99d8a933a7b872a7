"""Robot-exposure measures on small hand-computable panels.

References: the definitions in Acemoglu and Restrepo (2020, JPE, eq. 13) for adjusted
penetration, robots per 10,000 workers (IFR convention) and a leave-one-out mean computed with
an explicit loop over countries.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gvc.estimators import SpecificationError
from gvc.estimators.robot_exposure import (
    adjusted_penetration,
    baseline_shares,
    foreign_adoption_instrument,
    leave_one_out_mean,
    log_robot_density,
    robot_density,
    shift_share_exposure,
)


@pytest.fixture()
def panels():
    rng = np.random.default_rng(1)
    rows, emp = [], []
    for c in ("DEU", "FRA", "ITA", "USA"):
        for ind in ("auto", "metal"):
            for yr in (2005, 2010):
                stock = float(rng.integers(100, 5000))
                rows.append(("IFR", c, ind, yr, stock / 10, stock, np.nan))
                emp.append(
                    (c, ind, yr, float(rng.integers(10_000, 500_000)), float(rng.uniform(50, 150)))
                )
    robots = pd.DataFrame(
        rows,
        columns=[
            "source",
            "iso3",
            "industry",
            "year",
            "installations",
            "operational_stock",
            "density_per_10k",
        ],
    )
    employment = pd.DataFrame(emp, columns=["iso3", "industry", "year", "employment", "output"])
    return robots, employment


def test_density_per_10k(panels):
    robots, employment = panels
    d = robot_density(robots, employment)
    row = d.iloc[3]
    e = employment.set_index(["iso3", "industry", "year"]).loc[(row.iso3, row.industry, row.year)]
    assert row.robot_density_per_10k == pytest.approx(row.operational_stock / e.employment * 1e4)
    assert len(d) == len(robots)


def test_log_density_and_zero_warning():
    s = pd.Series([0.0, 1.0, np.e])
    with pytest.warns(UserWarning, match="offset=1"):
        out = log_robot_density(s)
    assert np.isnan(out[0]) and out[2] == pytest.approx(1.0)
    assert log_robot_density(s, offset=1)[0] == 0.0


def test_adjusted_penetration_matches_formula(panels):
    robots, employment = panels
    apr = adjusted_penetration(robots, employment, start=2005, end=2010)
    r = robots.set_index(["iso3", "industry", "year"])["operational_stock"]
    e = employment.set_index(["iso3", "industry", "year"])
    c, i = "ITA", "metal"
    g = e.loc[(c, i, 2010), "output"] / e.loc[(c, i, 2005), "output"] - 1
    expected = (
        (r[(c, i, 2010)] - r[(c, i, 2005)] - g * r[(c, i, 2005)])
        / e.loc[(c, i, 2005), "employment"]
        * 1000
    )
    got = apr.set_index(["iso3", "industry"]).loc[(c, i), "apr_per_1000"]
    assert got == pytest.approx(expected)
    with pytest.raises(SpecificationError, match="output"):
        adjusted_penetration(robots, employment.drop(columns="output"), start=2005, end=2010)
    plain = adjusted_penetration(robots, employment, start=2005, end=2010, adjust_output=False)
    assert np.allclose(plain.apr_per_1000, plain.delta_robots_per_1000)


def test_leave_one_out_by_loop(panels):
    robots, employment = panels
    d = robot_density(robots, employment)
    ref_group = ["DEU", "FRA", "ITA"]
    got = foreign_adoption_instrument(d, reference=ref_group)
    for _, row in got.iterrows():
        others = d[
            (d.industry == row.industry)
            & (d.year == row.year)
            & (d.iso3 != row.iso3)
            & d.iso3.isin(ref_group)
        ]
        assert row.robot_density_per_10k_loo == pytest.approx(others.robot_density_per_10k.mean())


def test_leave_one_out_no_other_unit_warns():
    df = pd.DataFrame({"iso3": ["A", "B"], "industry": ["x", "y"], "year": [1, 1], "v": [1.0, 2.0]})
    with pytest.warns(UserWarning, match="no other iso3"):
        out = leave_one_out_mean(df, "v")
    assert out.isna().all()


def test_multiple_sources_must_choose(panels):
    robots, employment = panels
    both = pd.concat([robots, robots.assign(source="OTHER")])
    with pytest.raises(SpecificationError, match="several sources"):
        robot_density(both, employment)
    assert len(robot_density(both, employment, source="IFR")) == len(robots)


def test_missing_columns_named(panels):
    robots, employment = panels
    with pytest.raises(SpecificationError, match="'employment'"):
        robot_density(robots, employment.drop(columns="employment"))


def test_shift_share_exposure(panels):
    _, employment = panels
    shares = baseline_shares(employment, year=2005)
    assert np.allclose(shares.groupby("iso3").share.sum(), 1.0)
    shocks = pd.DataFrame({"industry": ["auto", "metal"], "shock": [2.0, -1.0]})
    exp = shift_share_exposure(shares, shocks).set_index("iso3")
    s = shares.set_index(["iso3", "industry"]).share
    assert exp.loc["FRA", "exposure"] == pytest.approx(2 * s[("FRA", "auto")] - s[("FRA", "metal")])
