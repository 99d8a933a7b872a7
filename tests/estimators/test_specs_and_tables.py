"""Specification families, SpecGrid, comparison tables and plots.

References: the DGP truth (levels beta = 0.5; log-log elasticity 0.3); a long difference
computed with an explicit pivot; pyfixest ``event_study`` called directly.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pyfixest as pf
import pytest

from gvc.estimators import (
    SpecGrid,
    SpecificationError,
    adoption_year,
    coefplot,
    compare,
    event_study,
    feols,
    log_log,
    long_difference,
    twfe_levels,
)
from gvc.estimators.simulate import simulate_panel


@pytest.fixture(scope="module")
def df():
    d = simulate_panel(40, 8, 12, beta=0.5, seed=21)
    rng = np.random.default_rng(0)
    d["robots"] = np.exp(0.5 * d["x"] + 2)  # robots per 10k, positive
    d["gvc"] = np.exp(0.3 * np.log(d["robots"]) + 0.2 * d["y"] / 5 + 0.1 * rng.normal(size=len(d)))
    return d


def test_twfe_levels_and_log_log(df):
    lv = twfe_levels(df, "y", "x")
    assert abs(lv.coef["x"] - 0.5) < 0.05 and lv.vcov_type == "CRV1: iso3"
    ll = log_log(df, "gvc", "robots")
    # elasticity of gvc w.r.t. robots: 0.3 + 0.2/5 * d y/d log robots (= 0.5/0.5 = 1) -> 0.34
    assert abs(ll.coef["log_robots"] - 0.34) < 0.02
    with pytest.raises(SpecificationError, match="positive 'x'"):
        log_log(df, "gvc", "x")


def test_long_difference_by_hand(df):
    fit = long_difference(df, "y", "x", start=2000, end=2011)
    w = df.pivot_table(index=["iso3", "industry"], columns="year", values=["y", "x"])
    dy, dx = w["y"][2011] - w["y"][2000], w["x"][2011] - w["x"][2000]
    slope = np.cov(dx, dy, ddof=0)[0, 1] / np.var(dx)
    assert fit.coef["d_x"] == pytest.approx(slope, rel=1e-8)
    assert fit.nobs == 40 * 8


def test_event_study_matches_pyfixest():
    d = simulate_panel(30, 4, 10, seed=5)
    d["unit"] = d["pair"]
    rng = np.random.default_rng(2)
    g = pd.Series(rng.choice([0, 2004, 2006], size=d.unit.nunique()), index=d.unit.unique())
    d["g"] = d.unit.map(g)
    d["y"] = d["y"] + 1.0 * ((d.g > 0) & (d.year >= d.g))
    fit = event_study(d, "y", unit="unit", time="year", first_treated="g")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = pf.event_study(d, yname="y", idname="unit", tname="year", gname="g")
    assert np.allclose(fit.coef.to_numpy(), ref.coef().to_numpy())
    tab = fit.tidy().set_index("term").loc["is_treated"]
    assert tab.ci_low <= 1.0 <= tab.ci_high  # true effect of adoption is 1.0
    assert fit.vcov_type == "CRV1: unit"


def test_adoption_year():
    d = pd.DataFrame(
        {
            "iso3": ["A"] * 3 + ["B"] * 3,
            "industry": "m",
            "year": [1, 2, 3] * 2,
            "dens": [1, 5, 9, 0, 1, 2],
        }
    )
    assert adoption_year(d, "dens", 5).tolist() == [2, 2, 2, 0, 0, 0]


def test_spec_grid_runs_cross_product(df, tmp_path):
    grid = SpecGrid(
        df,
        outcomes=["y"],
        regressors=["x", "robots"],
        fe_sets={"pair+year": "pair + year", "iso3+year": "iso3 + year"},
        samples={"all": None, "early": lambda d: d.year < 2006},
        vcovs={"CRV1 iso3": {"CRV1": "iso3"}, "HC1": "hetero"},
    )
    assert len(grid) == 16
    res = grid.run()
    assert len(res) == 16 and (res.error == "").all()
    one = res[
        (res.regressor == "x")
        & (res.fe == "pair+year")
        & (res["sample"] == "all")
        & (res.vcov == "HC1")
    ]
    direct = feols("y ~ x | pair + year", df, "hetero").tidy().iloc[0]
    assert one.estimate.iloc[0] == pytest.approx(direct.estimate)
    assert one.std_error.iloc[0] == pytest.approx(direct.std_error)
    fig = grid.plot(tmp_path / "curve.png")
    assert (tmp_path / "curve.png").stat().st_size > 5_000 and fig is not None


def test_spec_grid_records_failures(df):
    grid = SpecGrid(df, ["y"], ["x", "nope"], fe_sets={"fe": "pair + year"})
    with pytest.warns(UserWarning, match="1 of 2 specifications failed"):
        res = grid.run()
    assert "nope" in res.loc[res.regressor == "nope", "error"].iloc[0]


def test_compare_renders_all_formats(df, tmp_path):
    a = feols("y ~ x | pair + year", df, {"CRV1": "iso3"})
    b = feols("y ~ x + robots | iso3 + year", df, "hetero")
    tab = compare([a, b], names=["Pair FE", "Country FE"])
    md, html, tex = tab.to_markdown(), tab.to_html(), tab.to_latex()
    est = f"{a.coef['x']:.3f}"
    se = f"({a.se['x']:.3f})"
    for out in (md, html.replace("&lt;", "<"), tex):
        assert est in out and se in out
        assert "p<0.01" in out and "Observations" in out
    assert "| FE: pair | Yes | No |" in md
    assert "\\begin{tabular}{lcc}" in tex and "\\toprule" in tex and "$^{***}$" in tex
    assert "<table" in html and "<tfoot>" in html
    assert "| Clusters | 40 |  |" in md
    stars = tab.frame.loc["x", "Pair FE"].count("*")
    assert stars == 3  # |t| is large in this DGP
    coefplot([a, b], tmp_path / "cp.png", names=["Pair FE", "Country FE"], title="x on y")
    assert (tmp_path / "cp.png").stat().st_size > 5_000


def test_compare_rejects_bad_names(df):
    a = feols("y ~ x | pair + year", df)
    with pytest.raises(ValueError, match="names"):
        compare([a, a], names=["one"])


def test_compare_keeps_small_coefficients_readable(df):
    """A coefficient on a regressor in large units (robots, not thousands) would print as
    ``0.000 (0.000)``: the table gives it significant digits instead, parseable back to the
    estimate's own value."""
    d = df.assign(robots_units=df["robots"] * 1e6)
    fit = feols("y ~ x + robots_units | iso3 + year", d, "hetero")
    est, se = fit.coef["robots_units"], fit.se["robots_units"]
    assert round(abs(est), 3) == 0 and est != 0  # the case: 3 decimals would show 0.000
    frame = compare([fit]).frame
    i = list(frame.index).index("robots_units")
    cell_est = frame.iloc[i, 0].rstrip("*")
    cell_se = frame.iloc[i + 1, 0].strip("()")
    assert float(cell_est) == pytest.approx(est, rel=1e-2)
    assert float(cell_se) == pytest.approx(se, rel=1e-2)
    assert frame.loc["x", "(1)"].rstrip("*") == f"{fit.coef['x']:.3f}"  # ordinary sizes unchanged
