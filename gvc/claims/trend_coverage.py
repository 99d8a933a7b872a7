"""Monte Carlo coverage of 95% trend intervals on short series with AR(1) errors.

Design: ``y_t = 0.6 t + u_t`` (t = 1..n), ``u_t = rho u_{t-1} + e_t``, ``e_t`` iid N(0, 1),
started from the stationary distribution. Each interval is computed for every draw with the
formulas of :mod:`gvc.claims.trend` and :mod:`gvc.claims.har`, vectorised over draws (the tests
check these against :func:`gvc.claims.trend.linear_trend` draw by draw). Methods:

- ``iid``: classical OLS standard error, t(n-2);
- ``nw``: Newey-West (Bartlett, ``floor(4 (n/100)^(2/9))`` lags, n/(n-2) correction), t(n-2);
- ``previous``: the rule used before EWC: iid below 15 points, the wider of iid and NW from
  15 to 29, NW from 30;
- ``ewc_scores``: EWC on the scores ``x_t u_t`` (LLSW 2018), B = 0.4 n^(2/3) rounded, t(B);
- ``ewc_projected``: EWC on the residuals with cosines projected off (1, t), t(B);
- ``rule``: what :func:`gvc.claims.trend.linear_trend` does by default (``ewc_projected`` from
  :data:`gvc.claims.trend.EWC_MIN_POINTS` points, ``iid`` below).

Used by ``bench/bench_trend_coverage.py`` (the table) and the tests.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
from scipy import stats

from gvc.claims.har import cosine_basis, ewc_bandwidth, projected_cosines
from gvc.claims.trend import EWC_MIN_POINTS, default_maxlags

METHODS = ("iid", "nw", "previous", "ewc_scores", "ewc_projected", "rule")
PREVIOUS_HAC_MIN, PREVIOUS_HAC_ALONE = 15, 30
"""The thresholds of the rule EWC replaced (iid / wider of iid and NW / NW)."""
TRUE_SLOPE = 0.6


def ar1_errors(rng: np.random.Generator, reps: int, n: int, rho: float) -> np.ndarray:
    """``reps x n`` stationary AR(1) draws with unit innovation variance."""
    if not -1 < rho < 1:
        raise ValueError(f"rho must be in (-1, 1) for stationary AR(1) errors, got {rho}")
    e = rng.standard_normal((reps, n))
    u = np.empty_like(e)
    u[:, 0] = e[:, 0] / np.sqrt(1 - rho**2)
    for t in range(1, n):
        u[:, t] = rho * u[:, t - 1] + e[:, t]
    return u


def interval_half_widths(draws: np.ndarray) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Slopes (per draw) and, per method, the half-width of the 95% interval (per draw).

    ``draws`` is ``reps x n`` values of y at t = 1..n."""
    reps, n = draws.shape
    t = np.arange(1, n + 1, dtype=float)
    X = np.column_stack([np.ones(n), t])
    xtx_inv = np.linalg.inv(X.T @ X)
    a = xtx_inv[1] @ X.T  # slope = a @ y
    slope = draws @ a
    beta = draws @ X @ xtx_inv
    resid = draws - beta @ X.T
    q_iid = stats.t.ppf(0.975, n - 2)
    se_iid = np.sqrt((resid**2).sum(1) / (n - 2) * xtx_inv[1, 1])
    s = resid * a  # slope scores: slope - 0.6 = sum_t a_t u_t
    lags = default_maxlags(n)
    lrv = (s**2).sum(1)
    for lag in range(1, lags + 1):
        lrv += 2 * (1 - lag / (lags + 1)) * (s[:, lag:] * s[:, :-lag]).sum(1)
    se_nw = np.sqrt(lrv * n / (n - 2))
    b = ewc_bandwidth(n)
    q_b = stats.t.ppf(0.975, b)
    lam = s @ cosine_basis(n, b)
    se_ewc = np.sqrt(n * (lam**2).sum(1) / b)
    lam_p = resid @ projected_cosines(X, b)
    se_proj = np.sqrt(xtx_inv[1, 1] * (lam_p**2).sum(1) / b)
    if n < PREVIOUS_HAC_MIN:
        prev = q_iid * se_iid
    elif n < PREVIOUS_HAC_ALONE:
        prev = q_iid * np.maximum(se_iid, se_nw)
    else:
        prev = q_iid * se_nw
    return slope, {
        "iid": q_iid * se_iid,
        "nw": q_iid * se_nw,
        "previous": prev,
        "ewc_scores": q_b * se_ewc,
        "ewc_projected": q_b * se_proj,
        "rule": q_b * se_proj if n >= EWC_MIN_POINTS else q_iid * se_iid,
    }


COVERAGE_RHOS = (0.5, 0.8)
"""The AR(1) coefficients at which a trend row's note states the rule's simulated coverage."""
COVERAGE_REPS = 4000
COVERAGE_SEED = 20260


@lru_cache(maxsize=64)
def rule_coverage(n: int, rho: float, reps: int = COVERAGE_REPS) -> float:
    """Simulated coverage of the default trend interval (``rule``) of 95% nominal at ``n`` points
    with AR(1) errors of coefficient ``rho`` (``reps`` draws, fixed seed per cell)."""
    rng = np.random.default_rng([COVERAGE_SEED, int(n), int(round(rho * 100))])
    t = np.arange(1, n + 1)
    draws = TRUE_SLOPE * t + ar1_errors(rng, reps, int(n), rho)
    slope, half = interval_half_widths(draws)
    return float(np.mean(np.abs(slope - TRUE_SLOPE) <= half["rule"]))


def coverage_words(n: int, rhos=COVERAGE_RHOS) -> str:
    """``"simulated coverage of this 95% interval rule at n = 17: 92% with AR(1) errors rho =
    0.5, 85% with rho = 0.8 (4,000 draws)"``."""
    cov = ", ".join(
        f"{100 * rule_coverage(int(n), r):.0f}% with AR(1) errors rho = {r:g}" for r in rhos
    )
    return f"simulated coverage of this 95% interval rule at n = {int(n)}: {cov} ({COVERAGE_REPS:,} draws)"


def coverage_table(
    ns=(10, 15, 20, 30, 50), rhos=(0.0, 0.3, 0.5, 0.7), reps: int = 2000, seed: int = 20260
) -> pd.DataFrame:
    """One row per (n, rho, method): ``coverage`` of the true slope by the 95% interval and the
    ``median_width`` (pts per period, innovation sd 1) over ``reps`` draws; seed per cell."""
    rows = []
    for n in ns:
        for rho in rhos:
            rng = np.random.default_rng([seed, n, int(round(rho * 100))])
            t = np.arange(1, n + 1)
            draws = TRUE_SLOPE * t + ar1_errors(rng, reps, n, rho)
            slope, half = interval_half_widths(draws)
            err = np.abs(slope - TRUE_SLOPE)
            for m in METHODS:
                rows.append(
                    {
                        "n": n,
                        "rho": rho,
                        "method": m,
                        "coverage": float(np.mean(err <= half[m])),
                        "median_width": float(np.median(2 * half[m])),
                    }
                )
    return pd.DataFrame(rows)
