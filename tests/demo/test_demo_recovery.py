"""Estimators recover the demo's known truth; OLS is biased upward by the confounder.

All regressions: country-industry and year fixed effects, standard errors clustered by country
(the level at which the cost shock varies), run with pyfixest.
"""

from __future__ import annotations

import numpy as np
import pytest

pf = pytest.importorskip("pyfixest")

VCOV = {"CRV1": "iso3"}


def _frame(w):
    df = w.estimation_frame()
    df["ci"] = df["iso3"] + "_" + df["industry"]
    return df


def _coef(model):
    row = model.tidy().loc["density_100"]
    return row["Estimate"], row["Std. Error"], row["2.5%"], row["97.5%"]


@pytest.fixture(scope="module")
def large_frame(large_world):
    return _frame(large_world)


def test_iv_recovers_beta_and_ols_is_biased_upward(large_world, large_frame):
    beta = large_world.truth["beta"]
    assert large_world.truth["n_share_clipped"] < 0.005 * len(large_frame)
    iv = pf.feols(
        "foreign_input_share ~ 1 | ci + year | density_100 ~ cost_shock_iv",
        data=large_frame,
        vcov=VCOV,
    )
    b_iv, se_iv, lo_iv, hi_iv = _coef(iv)
    assert lo_iv <= beta <= hi_iv, (b_iv, se_iv)
    ols = pf.feols("foreign_input_share ~ density_100 | ci + year", data=large_frame, vcov=VCOV)
    b_ols, se_ols, lo_ols, _ = _coef(ols)
    # upward bias: delta > 0 and lambda_conf > 0; the truth lies below OLS's 95% interval
    assert lo_ols > beta, (b_ols, se_ols)
    assert b_ols > b_iv and b_ols - beta > 0.1 * beta


def test_first_stage_is_strong(large_frame):
    fs = pf.feols("density_100 ~ cost_shock_iv | ci + year", data=large_frame, vcov=VCOV)
    t = fs.tidy().loc["cost_shock_iv", "t value"]
    assert t > 10  # F = t^2 > 100


def test_iv_on_io_engine_measure_recovers_its_estimand(large_world, large_frame):
    """The Leontief foreign VA content (exgr_fvash) is nonlinear; 2SLS targets the recorded
    instrument-weighted effect, not the own-industry derivative."""
    iv = pf.feols(
        "foreign_va_content ~ 1 | ci + year | density_100 ~ cost_shock_iv",
        data=large_frame,
        vcov=VCOV,
    )
    b, se, lo, hi = _coef(iv)
    assert lo <= large_world.truth["leontief_iv_estimand"] <= hi, (b, se)


def test_default_world_iv_covers_beta(world):
    df = _frame(world)
    iv = pf.feols(
        "foreign_input_share ~ 1 | ci + year | density_100 ~ cost_shock_iv", data=df, vcov=VCOV
    )
    _, _, lo, hi = _coef(iv)
    assert lo <= world.truth["beta"] <= hi


def test_youth_unemployment_effect_recovered(large_world):
    df = large_world.country_frame()
    df["density_100"] = df["manuf_density_per_10k"] / 100
    m = pf.feols("youth_unemployment ~ density_100 | iso3 + year", data=df, vcov=VCOV)
    _, _, lo, hi = _coef(m)
    assert lo <= large_world.truth["theta_youth"] <= hi


def test_structural_equation_holds_exactly(world):
    """foreign_input_share from Z = alpha + gamma + beta d/100 + delta u + eps, cell by cell."""
    lat = world.latent()
    fis = world.measures()["foreign_input_share"].to_numpy()
    t = world.truth
    rhs = (
        lat["alpha"]
        + lat["gamma"]
        + t["beta"] * lat["density_latent"] / 100
        + t["delta"] * lat["confounder"]
        + lat["eps"]
    )
    np.testing.assert_allclose(fis, rhs.to_numpy(), atol=1e-12)
