"""Cross-checks of gvc.feols against linearmodels 7.1 (PanelOLS, IV2SLS with dummies).

References: linearmodels ``PanelOLS`` (clustered and Driscoll-Kraay ``kernel`` covariances) and
``IV2SLS`` with explicit dummies; a hand-written Driscoll-Kraay (1998) estimator with Bartlett
weights 1 - l/(L+1). Conventions are those documented in ``gvc.estimators.conventions``.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
from linearmodels import IV2SLS, PanelOLS
from linearmodels.iv import kleibergen_paap_f

from gvc.estimators import feols


def _panel(df):
    return df.set_index(["pair", "year"])


@pytest.fixture(scope="module")
def df(unbalanced):
    return unbalanced


def _panelols(df, clusters, singletons=True, **fit):
    p = _panel(df)
    mod = PanelOLS(p["y"], p[["x"]], entity_effects=True, time_effects=True, singletons=singletons)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return mod.fit(cov_type="clustered", clusters=p[clusters], **fit)


def test_panelols_one_way_cluster_full_convention(df):
    ref = _panelols(df, ["c"], debiased=True, group_debias=True, auto_df=False, count_effects=True)
    g = feols("y ~ x | pair + year", df, {"CRV1": "c"}, ssc="full", drop_singletons=False)
    assert abs(g.coef["x"] - ref.params["x"]) < 1e-8
    # pyfixest demeans iteratively (tolerance 1e-8): SEs agree to ~1e-8 relative, not exactly
    assert g.se["x"] == pytest.approx(ref.std_errors["x"], rel=1e-6)
    assert g.nobs == ref.nobs


def test_panelols_two_way_cluster_full_convention(df):
    ref = _panelols(
        df, ["c", "t"], debiased=True, group_debias=True, auto_df=False, count_effects=True
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # 9 years: few-clusters warning
        g = feols("y ~ x | pair + year", df, {"CRV1": "c + t"}, ssc="full", drop_singletons=False)
    assert abs(g.coef["x"] - ref.params["x"]) < 1e-8
    # pyfixest demeans iteratively (tolerance 1e-8): SEs agree to ~1e-8 relative, not exactly
    assert g.se["x"] == pytest.approx(ref.std_errors["x"], rel=1e-6)
    assert g.n_clusters == {"c": df["c"].nunique(), "t": df["t"].nunique()}


def test_panelols_singleton_removal_same_sample(df):
    """linearmodels ``singletons=False`` drops the same observations as gvc's default."""
    ref = _panelols(df, ["c"], singletons=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        g = feols("y ~ x | pair + year", df, {"CRV1": "c"})
    assert g.nobs == ref.nobs
    assert g.n_singletons == len(df) - ref.nobs
    assert abs(g.coef["x"] - ref.params["x"]) < 1e-8


def _dk_by_hand(df, lag):
    """Driscoll-Kraay on the two-way demeaned data of a balanced panel (no ssc)."""
    d = df.copy()
    for v in ("x", "y"):
        d[v] = (
            d[v] - d.groupby("pair")[v].transform("mean") - d.groupby("year")[v].transform("mean")
        )
        d[v] += df[v].mean()
    beta = (d.x * d.y).sum() / (d.x**2).sum()
    score = d.x * (d.y - beta * d.x)
    h = score.groupby(d.year).sum().sort_index().to_numpy()
    s = h @ h
    for j in range(1, lag + 1):
        s += 2 * (1 - j / (lag + 1)) * (h[j:] @ h[:-j])
    bread = 1 / (d.x**2).sum()
    return beta, bread * s * bread


def test_driscoll_kraay_against_hand_and_linearmodels():
    from gvc.estimators.simulate import simulate_panel

    df = simulate_panel(30, 4, 20, seed=3)
    lag = 3
    g = feols(
        "y ~ x | pair + year", df, {"DK": {"panel_id": "pair", "time_id": "year", "lag": lag}}
    )
    beta, v_raw = _dk_by_hand(df, lag)
    n, T = len(df), df.year.nunique()
    k = 1 + df.pair.nunique() + T - 1
    assert abs(g.coef["x"] - beta) < 1e-8
    # gvc/fixest convention: (N-1)/(N-K) x T/(T-1)
    assert g.se["x"] ** 2 == pytest.approx(v_raw * (n - 1) / (n - k) * T / (T - 1), rel=1e-6)
    assert g.df_t == T - 1
    p = _panel(df)
    ref = PanelOLS(p["y"], p[["x"]], entity_effects=True, time_effects=True).fit(
        cov_type="kernel", kernel="bartlett", bandwidth=lag, debiased=True
    )
    # linearmodels convention: n/(n - K), no T/(T-1)
    assert ref.std_errors["x"] ** 2 == pytest.approx(v_raw * n / (n - k), rel=1e-6)


def test_iv2sls_with_dummies_cluster_and_kp(df):
    dummies = pd.get_dummies(df[["iso3", "year"]].astype(str), drop_first=True, dtype=float)
    exog = pd.concat([pd.Series(1.0, index=df.index, name="const"), df[["x"]], dummies], axis=1)
    ref = IV2SLS(df["y_iv"], exog, df[["x_endog"]], df[["z"]]).fit(
        cov_type="clustered", clusters=df["c"], debiased=True
    )
    g = feols(
        "y_iv ~ x | iso3 + year | x_endog ~ z",
        df,
        {"CRV1": "iso3"},
        ssc="full",
        drop_singletons=False,
    )
    for term in ("x", "x_endog"):
        assert abs(g.coef[term] - ref.params[term]) < 1e-8
        assert g.se[term] == pytest.approx(ref.std_errors[term], rel=1e-8)
    # KP rk Wald F: gvc partials out FE (not counted in c); linearmodels with dummies counts them.
    kp_dummies = kleibergen_paap_f(
        df[["x_endog"]].to_numpy(),
        df[["z"]].to_numpy(),
        exog.to_numpy(),
        cov_type="clustered",
        cov_config={"clusters": df["c"].to_numpy()},
    )
    n, c_dum = len(df), exog.shape[1]
    factor = (n - 1 - 1) / (n - 1 - c_dum)  # (n-k-c) with c = 1 (x) vs c = all exog columns
    assert g.first_stage["x_endog"]["kp_rk_wald_f"] == pytest.approx(kp_dummies * factor, rel=1e-6)
    assert g.first_stage["x_endog"]["effective_f"] > 10
