"""gvc.feols on simulated panels with known coefficients (DGP: gvc.estimators.simulate).

References: the true coefficient of the DGP; pyfixest 0.60 ``feols`` called directly for the
result schema and inference (tidy must equal pyfixest's own table).
"""

from __future__ import annotations

import re
import warnings

import numpy as np
import pyfixest as pf
import pytest
from scipy import stats

from gvc.estimators import TIDY_COLUMNS, feols
from gvc.estimators.simulate import simulate_panel


@pytest.fixture(scope="module")
def large():
    return simulate_panel(100, 20, 15, beta=0.5, seed=2024)  # 30,000 rows


def test_estimate_within_2pct_of_truth_large_sample(large):
    fit = feols("y ~ x | pair + year", large, {"CRV1": "iso3"})
    assert abs(fit.coef["x"] / 0.5 - 1) < 0.02
    tab = fit.tidy()
    assert tab.ci_low[0] <= 0.5 <= tab.ci_high[0]


def test_tidy_schema_and_attributes(large):
    fit = feols("y ~ x | pair + year", large, {"CRV1": "iso3"})
    tab = fit.tidy()
    assert list(tab.columns) == TIDY_COLUMNS
    assert tab.term.tolist() == ["x"]
    assert fit.nobs == len(large)
    assert fit.fixed_effects == ("pair", "year")
    assert fit.vcov_type == "CRV1: iso3"
    assert fit.n_clusters == {"iso3": 100}
    assert fit.df_t == 99
    assert "CRV1: iso3" in fit.summary()
    assert re.search(r"Observations\s+30,000", fit.summary())


def test_tidy_matches_pyfixest_inference(large):
    fit = feols("y ~ x | pair + year", large, {"CRV1": "iso3"})
    ref = pf.feols("y ~ x | pair + year", large, vcov={"CRV1": "iso3"}).tidy()
    tab = fit.tidy().set_index("term")
    for ours, theirs in [
        ("estimate", "Estimate"),
        ("std_error", "Std. Error"),
        ("statistic", "t value"),
        ("ci_low", "2.5%"),
        ("ci_high", "97.5%"),
    ]:
        assert tab.loc["x", ours] == pytest.approx(ref.loc["x", theirs], rel=1e-10)
    # 90% interval uses t(G-1)
    t90 = fit.tidy(conf_level=0.9).set_index("term")
    half = stats.t.ppf(0.95, 99) * tab.loc["x", "std_error"]
    assert t90.loc["x", "ci_high"] - tab.loc["x", "estimate"] == pytest.approx(half)


def test_iv_recovers_truth_where_ols_is_biased():
    df = simulate_panel(80, 10, 10, beta=0.5, iv=True, seed=5)
    ols = feols("y_iv ~ x_endog | pair + year", df, {"CRV1": "iso3"}).tidy().iloc[0]
    iv = feols("y_iv ~ 1 | pair + year | x_endog ~ z", df, {"CRV1": "iso3"})
    ivt = iv.tidy().iloc[0]
    assert ols.ci_low > 0.5 + 0.1  # OLS clearly biased upward
    assert ivt.ci_low <= 0.5 <= ivt.ci_high
    assert abs(ivt.estimate - 0.5) < 0.05
    diag = iv.first_stage["x_endog"]
    assert diag["effective_f"] > 100 and diag["kp_rk_wald_f"] > 100
    assert iv.is_iv and iv.instruments == ("z",)


def test_wild_bootstrap_pvalues():
    """Bootstrap-t p-value large under a true null, tiny under a strong effect (12 clusters)."""
    df = simulate_panel(12, 5, 8, beta=0.0, seed=9)
    df["y_strong"] = df["y"] + 1.0 * df["x"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        null = feols(
            "y ~ x | pair + year", df, {"wild": {"cluster": "iso3", "reps": 999, "seed": 1}}
        )
        crv = feols("y ~ x | pair + year", df, {"CRV1": "iso3"})
        strong = feols(
            "y_strong ~ x | pair + year", df, {"wild": {"cluster": "iso3", "reps": 999, "seed": 1}}
        )
    assert null.tidy().p_value[0] > 0.05
    assert strong.tidy().p_value[0] < 0.01
    assert null.se["x"] == pytest.approx(crv.se["x"])  # SE stays CRV1
    boot = null.bootstrap["x"]
    assert boot["t_boot"].size == 999
    # bootstrap critical value for 12 clusters exceeds the normal 1.96
    tab = null.tidy()
    assert (tab.ci_high[0] - tab.estimate[0]) / tab.std_error[0] > 1.96


def test_log_log_formula_and_interactions(large):
    d = large.assign(ey=np.exp(large.y / 10), ex=np.exp(large.x / 10))
    fit = feols("log(ey) ~ log(ex) | iso3^industry + year", d, "hetero")
    assert abs(fit.coef.iloc[0] - 0.5) < 0.02
    assert fit.fixed_effects == ("iso3^industry", "year")
