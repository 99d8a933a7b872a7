"""Kleibergen-Paap rk Wald F under HC, one-way, two-way (CGM) clustering and Driscoll-Kraay.

References: linearmodels' ``kleibergen_paap_f`` (HC, one-way; DK with lag 0 = clustering on
time); matrix formulas written here with fixed-effect dummies (two-way CGM, DK Bartlett); and
the identity that with one endogenous regressor the KP rk Wald F equals the first-stage Wald
statistic of the excluded instruments divided by their number, under the same variance
estimator with fixest's ``ssc(k_fixef="none")`` small-sample factor.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pyfixest as pf
import pytest
from linearmodels.iv import kleibergen_paap_f

from gvc.estimators import feols, parse_vcov
from gvc.estimators.iv_diagnostics import iv_diagnostics, kleibergen_paap_rk_f
from gvc.estimators.simulate import simulate_panel

DK = {"DK": {"panel_id": "pair", "time_id": "year", "lag": 2}}


@pytest.fixture(scope="module")
def df():
    d = simulate_panel(40, 5, 10, iv=True, pi=0.3, seed=3)
    d["z2"] = 0.5 * d["z"] + np.random.default_rng(1).normal(size=len(d))
    return d


def _quiet(fn, *a, **k):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*a, **k)


def _iv_fit(df, instr, vcov):
    """IV fit with gvc; for DK through pyfixest (gvc.feols cannot fit IV + DK: see report)."""
    if "DK" not in vcov:
        return _quiet(feols, f"y_iv ~ x | pair + year | x_endog ~ {instr}", df, vcov)
    m = _quiet(pf.feols, f"y_iv ~ x | pair + year | x_endog ~ {instr}", data=df, vcov="hetero")
    m.vcov("DK", vcov_kwargs=vcov["DK"])
    diag, notes = iv_diagnostics(m, parse_vcov(vcov), None)
    return diag["x_endog"]["kp_rk_wald_f"], notes


def _kp(df, instr, vcov):
    fit = _iv_fit(df, instr, vcov)
    if isinstance(fit, tuple):
        return fit
    return fit.first_stage["x_endog"]["kp_rk_wald_f"], fit.notes


@pytest.mark.parametrize("vcov", ["hetero", {"CRV1": "iso3"}, {"CRV1": "iso3 + year"}, DK], ids=str)
@pytest.mark.parametrize("instr", ["z", "z + z2"])
def test_kp_equals_first_stage_wald(df, vcov, instr):
    """One endogenous regressor: KP F = Wald(excluded instruments)/k under the same vcov."""
    kp, _ = _kp(df, instr, vcov)
    fs = _quiet(feols, f"x_endog ~ {instr} + x | pair + year", df, vcov, ssc={"k_fixef": "none"})
    names = instr.replace(" ", "").split("+")
    b = fs.coef[names].to_numpy()
    v = fs.vcov_matrix.loc[names, names].to_numpy()
    wald_f = float(b @ np.linalg.solve(v, b)) / len(names)
    assert np.isfinite(kp) and kp == pytest.approx(wald_f, rel=1e-6)
    if len(names) == 1:  # squared robust t statistic
        assert kp == pytest.approx((fs.coef["z"] / fs.se["z"]) ** 2, rel=1e-6)


def _dummies_design(df, instr):
    """Endog, instruments and exog (x + FE dummies) as arrays, without pyfixest."""
    dummies = pd.get_dummies(df[["pair", "year"]].astype(str), drop_first=True, dtype=float)
    w = np.column_stack([np.ones(len(df)), df[["x"]].to_numpy(), dummies.to_numpy()])
    return df[["x_endog"]].to_numpy(), df[instr].to_numpy(), w


def _by_hand_f(df, meat_fn, n_groups):
    """Single instrument: F = pi^2 / V_raw x (n - k - c)/(n - 1) x (M - 1)/M, c = 1 (x)."""
    x, z, w = _dummies_design(df, ["z"])
    proj = w @ np.linalg.lstsq(w, np.column_stack([x, z]), rcond=None)[0]
    xt, zt = (np.column_stack([x, z]) - proj).T
    pi = zt @ xt / (zt @ zt)
    s = zt * (xt - pi * zt)
    v_raw = meat_fn(s) / (zt @ zt) ** 2
    n = len(df)
    return pi**2 / v_raw * (n - 1 - 1) / (n - 1) * (n_groups - 1) / n_groups


def _sum_sq(s, groups):
    sums = pd.Series(s).groupby(np.asarray(groups)).sum().to_numpy()
    return float(sums @ sums)


def test_kp_two_way_by_hand(df):
    kp, notes = _kp(df, "z", {"CRV1": "iso3 + year"})
    cell = df.iso3 + "-" + df.year.astype(str)
    ref = _by_hand_f(
        df,
        lambda s: _sum_sq(s, df.iso3) + _sum_sq(s, df.year) - _sum_sq(s, cell),
        min(df.iso3.nunique(), df.year.nunique()),
    )
    assert kp == pytest.approx(ref, rel=1e-6)
    assert any("Cameron-Gelbach-Miller" in n for n in notes)
    assert any("first_stage_f" in n and "'iso3' only" in n for n in notes)
    # differs from each one-way statistic
    for one in ("iso3", "year"):
        assert abs(kp - _kp(df, "z", {"CRV1": one})[0]) > 1e-3 * kp


def test_kp_driscoll_kraay_by_hand(df):
    lag = 2
    kp, notes = _kp(df, "z", DK)

    def dk_meat(s):
        a = pd.Series(s).groupby(df.year.to_numpy()).sum().to_numpy()
        out = a @ a
        for ell in range(1, lag + 1):
            out += 2 * (1 - ell / (lag + 1)) * (a[ell:] @ a[:-ell])
        return out

    ref = _by_hand_f(df, dk_meat, df.year.nunique())
    assert kp == pytest.approx(ref, rel=1e-6)
    assert any("Driscoll-Kraay" in n for n in notes)


@pytest.mark.parametrize("m", [1, 2])
def test_array_function_matches_linearmodels(m):
    rng = np.random.default_rng(0)
    n = 600
    z = rng.normal(size=(n, 3))
    w = np.column_stack([np.ones(n), rng.normal(size=n)])
    x = np.column_stack(
        [z @ [0.3, 0.2, 0.0] + rng.normal(size=n), z @ [0.1, -0.4, 0.2] + rng.normal(size=n)]
    )[:, :m]
    g = rng.integers(0, 40, n)
    t = np.repeat(np.arange(30), 20)
    cases = [
        ("iid", {}, "unadjusted", None),
        ("hetero", {}, "robust", None),
        ("cluster", {"clusters": g}, "clustered", {"clusters": g}),
        # DK with lag 0 is one-way clustering on time
        ("dk", {"time": t, "lag": 0}, "clustered", {"clusters": t}),
    ]
    for ours, kw, theirs, cfg in cases:
        got = kleibergen_paap_rk_f(x, z, w, cov_type=ours, **kw)
        assert got == pytest.approx(
            kleibergen_paap_f(x, z, w, cov_type=theirs, cov_config=cfg), rel=1e-9
        ), ours
    # two-way with identical dimensions collapses to one-way
    both = np.column_stack([g, g])
    assert kleibergen_paap_rk_f(x, z, w, cov_type="twoway", clusters=both) == pytest.approx(
        kleibergen_paap_rk_f(x, z, w, cov_type="cluster", clusters=g), rel=1e-9
    )


def test_indefinite_two_way_is_nan_with_reason():
    """Scores that cancel within every row and column group but not within cells."""
    rng = np.random.default_rng(5)
    a = np.repeat([0, 0, 1, 1], 50)
    b = np.repeat([0, 1, 0, 1], 50)
    sign = np.where(a == b, 1.0, -1.0)
    z = 1 + 0.1 * rng.normal(size=a.size)
    x = 0.5 * z + sign * (1 + 0.1 * rng.normal(size=a.size))
    f, reason = kleibergen_paap_rk_f(
        x, z, None, cov_type="twoway", clusters=np.column_stack([a, b]), return_reason=True
    )
    assert np.isnan(f) and "not positive definite" in reason


def test_other_vcovs_unchanged(df):
    """iid: the KP statistic is the Cragg-Donald F = classical first-stage F (unchanged)."""
    iid = _quiet(feols, "y_iv ~ x | pair + year | x_endog ~ z", df, "iid")
    fs = _quiet(feols, "x_endog ~ z + x | pair + year", df, "iid", ssc={"k_fixef": "none"})
    assert iid.first_stage["x_endog"]["kp_rk_wald_f"] == pytest.approx(
        (fs.coef["z"] / fs.se["z"]) ** 2, rel=1e-6
    )
