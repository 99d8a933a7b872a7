"""Linear trends: Newey-West CI from 30 points, the wider of HAC and iid from 15 to 29 (indicative),
iid/HC3 below; exact lines, simulated data with a
known slope (coverage), a hand-computed HC3 variance, endpoint sensitivity, edge cases."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from gvc.claims.trend import (
    HAC_ALONE_POINTS,
    HAC_MIN_POINTS,
    default_maxlags,
    drop_endpoint_trends,
    linear_trend,
    trends_by_group,
)


def _ar1(rng, n, rho, sigma):
    e = np.zeros(n)
    shocks = rng.normal(0, sigma, n)
    for t in range(n):
        e[t] = (rho * e[t - 1] if t else 0.0) + shocks[t]
    return e


def test_exact_line():
    years = np.arange(2000, 2020)
    df = pd.DataFrame({"year": years, "value": 70 - 0.6 * (years - 2000)})
    res = linear_trend(df)
    assert res["slope"] == pytest.approx(-0.6)
    assert res["ci_high"] - res["ci_low"] == pytest.approx(0, abs=1e-8)
    assert res["n_obs"] == 20 and res["x_min"] == 2000 and res["x_max"] == 2019


def test_known_slope_recovered_on_one_draw():
    rng = np.random.default_rng(5)
    years = np.arange(1995, 2023)
    y = 60 - 0.6 * (years - 1995) + _ar1(rng, len(years), 0.5, 0.5)
    res = linear_trend(pd.DataFrame({"year": years, "value": y}))
    assert res["ci_low"] < -0.6 < res["ci_high"]
    assert res["slope"] == pytest.approx(-0.6, abs=0.1)
    assert res["ci_high"] < 0  # a -0.6 pts/yr trend over 28 years is detected


@pytest.mark.slow
@pytest.mark.parametrize("rho,low,high", [(0.0, 0.87, 0.97), (0.3, 0.80, 0.94)])
def test_coverage_with_known_slope(rho, low, high):
    # DVA share falling 0.6 pts/yr, 40 years, 1000 draws. Newey-West CIs under-cover in samples
    # this short (known small-sample bias of HAC estimators, documented in gvc.claims.trend):
    # ~89% with iid errors, ~85% with AR(1) errors (rho = 0.3). The slope itself is unbiased.
    rng = np.random.default_rng(20240501)
    years = np.arange(1990, 2030)
    hits, slopes = 0, []
    for _ in range(1000):
        y = 50 - 0.6 * (years - 1990) + _ar1(rng, len(years), rho, 1.0)
        res = linear_trend(pd.DataFrame({"year": years, "value": y}))
        hits += res["ci_low"] <= -0.6 <= res["ci_high"]
        slopes.append(res["slope"])
    assert low <= hits / 1000 <= high
    assert np.mean(slopes) == pytest.approx(-0.6, abs=0.01)


def test_series_input_nan_and_unsorted():
    s = pd.Series([3.0, np.nan, 1.0, 2.0], index=[2003, 2004, 2001, 2002])
    res = linear_trend(s)
    assert res["slope"] == pytest.approx(1.0) and res["n_obs"] == 3


def test_too_short_or_flat_returns_nan():
    res = linear_trend(pd.DataFrame({"year": [2001, 2002], "value": [1.0, 2.0]}))
    assert math.isnan(res["slope"]) and "not estimated" in res["method"]
    res = linear_trend(pd.DataFrame({"year": [], "value": []}))
    assert res["n_obs"] == 0 and math.isnan(res["ci_low"])


def test_duplicated_years_rejected():
    with pytest.raises(ValueError, match="duplicated"):
        linear_trend(pd.DataFrame({"year": [2001, 2001, 2002], "value": [1.0, 2.0, 3.0]}))


def test_maxlags_rule_and_override():
    assert default_maxlags(2) == 0
    assert default_maxlags(6) == 2  # floor(4 * 0.06^(2/9)) = 2
    assert default_maxlags(100) == 4
    years = np.arange(2000, 2030)
    y = np.random.default_rng(1).normal(size=30) + 0.1 * years
    a = linear_trend(pd.DataFrame({"year": years, "value": y}), maxlags=0)
    b = linear_trend(pd.DataFrame({"year": years, "value": y}), maxlags=5)
    assert a["slope"] == pytest.approx(b["slope"]) and a["se"] != pytest.approx(b["se"])
    assert a["maxlags"] == 0 and b["maxlags"] == 5


def test_by_group():
    years = np.arange(2000, 2010)
    df = pd.concat(
        [
            pd.DataFrame({"group": "dev", "year": years, "value": 1 - 0.6 * years}),
            pd.DataFrame({"group": "adv", "year": years, "value": 2 + 0.2 * years}),
        ]
    )
    out = trends_by_group(df, "group").set_index("group")
    assert out.loc["dev", "slope"] == pytest.approx(-0.6)
    assert out.loc["adv", "slope"] == pytest.approx(0.2)


def _line(n, seed=0, slope=-0.6, sigma=0.3):
    years = np.arange(2017 - n + 6, 2017 + 6)[:n]
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {"year": years, "value": 60 + slope * (years - years[0]) + rng.normal(0, sigma, n)}
    )


def test_short_series_uses_no_hac_and_is_marked_indicative():
    res = linear_trend(_line(6))
    assert res["indicative"] and res["maxlags"] == 0
    assert res["method"].startswith("indicative (n = 6): OLS, classical (iid) SE, t(4)")
    assert "Newey" not in res["method"]
    # the iid CI is the textbook one: slope +- t(4) x s / sqrt(Sxx)
    d = _line(6)
    b, a = np.polyfit(d["year"], d["value"], 1)
    resid = d["value"] - (a + b * d["year"])
    se = math.sqrt((resid**2).sum() / 4 / ((d["year"] - d["year"].mean()) ** 2).sum())
    q = stats.t.ppf(0.975, 4)
    assert res["ci_low"] == pytest.approx(b - q * se) and res["ci_high"] == pytest.approx(
        b + q * se
    )


def test_hac_only_from_15_points_with_the_stated_lag_rule():
    assert HAC_MIN_POINTS == 15 and HAC_ALONE_POINTS == 30
    r14, r15 = linear_trend(_line(14)), linear_trend(_line(15))
    assert r14["maxlags"] == 0 and "no HAC" in r14["method"]
    assert r15["maxlags"] == 2 and r15["indicative"]
    assert r15["method"].startswith("indicative (n = 15): OLS, wider of the Newey-West HAC")
    r29, r30 = linear_trend(_line(29)), linear_trend(_line(30))
    assert r29["indicative"] and not r30["indicative"]
    assert "Newey-West HAC SE (Bartlett, 3 lags = floor(4 (n/100)^(2/9))" in r30["method"]
    with pytest.raises(ValueError, match="HAC needs 15"):
        linear_trend(_line(6), maxlags=2)


def test_hc3_matches_a_hand_computation():
    d = _line(6, seed=3)
    X = np.column_stack([np.ones(6), d["year"].to_numpy(float)])
    yv = d["value"].to_numpy()
    xtx_inv = np.linalg.inv(X.T @ X)
    beta = xtx_inv @ X.T @ yv
    e = yv - X @ beta
    h = np.einsum("ij,jk,ik->i", X, xtx_inv, X)
    meat = (X * (e**2 / (1 - h) ** 2)[:, None]).T @ X
    se = math.sqrt((xtx_inv @ meat @ xtx_inv)[1, 1])
    q = stats.t.ppf(0.975, 4)
    res = linear_trend(d, small_se="HC3")
    assert res["ci_low"] == pytest.approx(beta[1] - q * se)
    assert res["ci_low_hc3"] == pytest.approx(beta[1] - q * se)
    assert "HC3 SE" in res["method"]
    with pytest.raises(ValueError, match="small_se"):
        linear_trend(d, small_se="HAC")


def test_six_point_iid_intervals_cover_95_percent():
    # 2,000 six-point series with iid normal errors: t(4) intervals are exact
    rng = np.random.default_rng(6)
    years = np.arange(2017, 2023)
    hits = 0
    for _ in range(2000):
        y = 60 - 0.6 * (years - 2017) + rng.normal(0, 0.4, 6)
        res = linear_trend(pd.DataFrame({"year": years, "value": y}))
        hits += res["ci_low"] <= -0.6 <= res["ci_high"]
    assert 0.93 <= hits / 2000 <= 0.97


def test_drop_endpoint_trends():
    d = _line(6, seed=2)
    out = drop_endpoint_trends(d)
    assert out["drop first"]["dropped"] == d["year"].min()
    assert out["drop last"]["dropped"] == d["year"].max()
    for key, sub in (("drop first", d.iloc[1:]), ("drop last", d.iloc[:-1])):
        assert out[key]["n_obs"] == 5
        assert out[key]["slope"] == pytest.approx(np.polyfit(sub["year"], sub["value"], 1)[0])


def _sandwich_se(res, X, lags):
    """Newey-West (Bartlett, small-sample n/(n-2)) SE of the slope for each row of ``res``: an
    implementation apart from statsmodels, vectorised over draws."""
    n = X.shape[0]
    xtx_inv = np.linalg.inv(X.T @ X)
    u = res[:, :, None] * X[None]
    s = np.einsum("rti,rtj->rij", u, u)
    for lag in range(1, lags + 1):
        g = np.einsum("rti,rtj->rij", u[:, lag:], u[:, :-lag])
        s += (1 - lag / (lags + 1)) * (g + g.transpose(0, 2, 1))
    v = xtx_inv @ (s * n / (n - 2)) @ xtx_inv
    return np.sqrt(v[:, 1, 1])


def test_wider_interval_rule_for_15_to_29_points_coverage():
    """n = 20, AR(1) errors (rho = 0.5), 2,000 draws. Measured: the rule's 95% intervals cover
    ~82%, HAC alone ~77%, iid alone ~77%: the wider interval helps but does NOT reach 90% here
    (hence the 'indicative' mark). The HAC and iid SEs are recomputed apart from statsmodels."""
    rng = np.random.default_rng(2026)
    n, rho, reps = 20, 0.5, 2000
    years = np.arange(2000, 2000 + n)
    draws = np.array([-0.6 * (years - 2000) + _ar1(rng, n, rho, 1.0) for _ in range(reps)])
    hits = 0
    for y in draws:
        res = linear_trend(pd.DataFrame({"year": years, "value": y}))
        hits += res["ci_low"] <= -0.6 <= res["ci_high"]
    assert res["indicative"] and res["maxlags"] == 2
    X = np.column_stack([np.ones(n), years.astype(float)])
    xtx_inv = np.linalg.inv(X.T @ X)
    beta = draws @ X @ xtx_inv
    resid = draws - beta @ X.T
    se_iid = np.sqrt((resid**2).sum(1) / (n - 2) * xtx_inv[1, 1])
    se_hac = _sandwich_se(resid, X, 2)
    q = stats.t.ppf(0.975, n - 2)
    err = np.abs(beta[:, 1] + 0.6)
    cov_iid, cov_hac = np.mean(err <= q * se_iid), np.mean(err <= q * se_hac)
    cov_rule = hits / reps
    assert cov_rule == pytest.approx(np.mean(err <= q * np.maximum(se_iid, se_hac)), abs=0.005)
    assert cov_rule >= max(cov_iid, cov_hac) + 0.02
    print(f"coverage: rule {cov_rule:.4f}, iid {cov_iid:.4f}, HAC {cov_hac:.4f}")
    assert 0.78 <= cov_rule <= 0.87  # short of 0.90: documented in gvc.claims.trend
