"""EWC HAR variance (gvc.claims.har) against second implementations: scipy's orthonormal DCT-II
and a least-squares projection on the cosine basis (LLSW 2018 eq. 5); Parseval identities (all
cosines: the scores estimator is n/(n-1) x White HC0, the residual-projected one is the classical
OLS variance, both via statsmodels); the exact t(B) law of the residual-projected t-ratio under
iid normal errors; bad input."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import fft, stats

from gvc.claims.har import (
    cosine_basis,
    ewc_bandwidth,
    ewc_cov,
    ewc_long_run_variance,
    projected_cosines,
)


def _trend_data(n, seed=0, rho=0.0):
    rng = np.random.default_rng(seed)
    e = rng.standard_normal(n)
    u = np.empty(n)
    u[0] = e[0]
    for t in range(1, n):
        u[t] = rho * u[t - 1] + e[t]
    X = np.column_stack([np.ones(n), np.arange(2000, 2000 + n, dtype=float)])
    return X @ np.array([10.0, -0.4]) + u, X


def test_bandwidth_rule():
    # B = 0.4 T^(2/3) rounded (LLSW 2018): 0.4 * 20^(2/3) = 2.95 -> 3; 0.4 * 100^(2/3) = 8.6 -> 9
    assert ewc_bandwidth(20) == 3 and ewc_bandwidth(100) == 9 and ewc_bandwidth(3) == 1
    with pytest.raises(ValueError, match="positive number of periods"):
        ewc_bandwidth(0)


def test_long_run_variance_matches_dct_and_a_projection():
    y, X = _trend_data(12, seed=1, rho=0.4)
    beta = np.linalg.lstsq(X, y, rcond=None)[0]
    z = X * (y - X @ beta)[:, None]
    b = 4
    omega = ewc_long_run_variance(z, b)
    # (1) scipy's orthonormal type-II DCT: coefficient j is sqrt(2/T) sum_t z_t cos(pi j (t-1/2)/T)
    lam = fft.dct(z, type=2, norm="ortho", axis=0)[1 : b + 1]
    np.testing.assert_allclose(omega, lam.T @ lam / b, rtol=1e-12)
    # (2) least squares of each score column on the first B cosines written out by hand
    t = np.arange(1, 13)
    basis = np.column_stack([np.cos(np.pi * j * (t - 0.5) / 12) for j in range(1, b + 1)])
    coef = np.linalg.lstsq(basis, z, rcond=None)[0]
    fitted = basis @ coef  # the projection; its sum of squares / B is Omega
    np.testing.assert_allclose(omega, fitted.T @ fitted / b, rtol=1e-10)
    # the scores of an OLS fit with a constant sum to zero: the 0th cosine carries nothing
    assert (abs(fft.dct(z, type=2, norm="ortho", axis=0)[0]) < 1e-10 * abs(z).sum(0)).all()


def test_cosines_are_orthonormal_and_projected_ones_orthogonal_to_the_regressors():
    c = cosine_basis(15, 14)
    np.testing.assert_allclose(c.T @ c, np.eye(14), atol=1e-12)
    np.testing.assert_allclose(c.sum(0), 0, atol=1e-12)
    _, X = _trend_data(15)
    w = projected_cosines(X, 13)  # the whole residual space (n - k = 13)
    np.testing.assert_allclose(w.T @ w, np.eye(13), atol=1e-10)
    np.testing.assert_allclose(X.T @ w, 0, atol=1e-8)
    # the first projected cosine is the first cosine minus its part in span(1, t), normalised
    q, _ = np.linalg.qr(X)
    v = c[:, 0] - q @ (q.T @ c[:, 0])
    np.testing.assert_allclose(np.abs(w[:, 0]), np.abs(v / np.linalg.norm(v)), atol=1e-12)


def test_all_cosines_give_white_and_classical_variances():
    # Parseval: with B = n - 1 cosines the scores EWC is n/(n-1) x HC0; with the whole residual
    # space (B = n - 2) the residual-projected EWC is s^2 (X'X)^-1, the classical variance
    y, X = _trend_data(25, seed=3, rho=0.3)
    ols = sm.OLS(y, X)
    _, cov_s, b_s = ewc_cov(y, X, b=24, variant="scores")
    np.testing.assert_allclose(cov_s, ols.fit(cov_type="HC0").cov_params() * 25 / 24, rtol=1e-10)
    beta, cov_p, b_p = ewc_cov(y, X, b=23, variant="residual-projected")
    np.testing.assert_allclose(cov_p, ols.fit().cov_params(), rtol=1e-10)
    np.testing.assert_allclose(beta, ols.fit().params, rtol=1e-12)
    assert (b_s, b_p) == (24, 23)


def test_many_cosines_and_iid_errors_approach_the_ols_iid_variance():
    # 400 points, iid errors, B = 200: both EWC slope variances within 20% of the iid one
    y, X = _trend_data(400, seed=4)
    se_iid = sm.OLS(y, X).fit().bse[1]
    for variant in ("scores", "residual-projected"):
        _, cov, _ = ewc_cov(y, X, b=200, variant=variant)
        assert np.sqrt(cov[1, 1]) == pytest.approx(se_iid, rel=0.2)


def test_residual_projected_t_ratio_is_exactly_t_b_under_iid_normal_errors():
    # n = 12, B = 2; 4,000 draws: the t-ratio of the slope follows t(2) (Kolmogorov-Smirnov),
    # while the normal (the consistent-HAC reference) is rejected
    rng = np.random.default_rng(11)
    n, b = 12, 2
    X = np.column_stack([np.ones(n), np.arange(n, dtype=float)])
    w = projected_cosines(X, b)
    xtx_inv = np.linalg.inv(X.T @ X)
    e = rng.standard_normal((4000, n))
    beta = e @ X @ xtx_inv
    resid = e - beta @ X.T
    se = np.sqrt(xtx_inv[1, 1] * ((resid @ w) ** 2).sum(1) / b)
    tr = beta[:, 1] / se
    _, cov, _ = ewc_cov(e[0], X, b=b, variant="residual-projected")
    assert se[0] == pytest.approx(np.sqrt(cov[1, 1]), rel=1e-10)
    assert stats.kstest(tr, stats.t(b).cdf).pvalue > 0.05
    assert stats.kstest(tr, stats.norm.cdf).pvalue < 1e-6


def test_bad_input():
    y, X = _trend_data(10)
    with pytest.raises(ValueError, match="variant"):
        ewc_cov(y, X, variant="bartlett")
    with pytest.raises(ValueError, match="1 <= B <= n - 1"):
        cosine_basis(10, 10)
    with pytest.raises(ValueError, match="n - k = 8"):
        projected_cosines(X, 9)
