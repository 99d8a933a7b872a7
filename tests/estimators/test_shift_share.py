"""Shift-share inference.

References: Borusyak-Hull-Jaravel (2022) numerical equivalence of unit- and shock-level
estimates; the Adao-Kolesar-Morales (2019) standard-error formula written out by hand; their
placebo exercise (unit-level SEs over-reject when residuals share industry exposure).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gvc.estimators.shift_share import akm_placebo_check, shock_level_regression


def _design(n_units=300, n_shocks=40, beta=0.0, seed=0):
    """Concentrated shares; residuals load on shock-level unobservables eta_k (AKM's concern)."""
    rng = np.random.default_rng(seed)
    S = rng.dirichlet(np.full(n_shocks, 0.15), size=n_units)
    g = rng.normal(size=n_shocks)
    eta = rng.normal(size=n_shocks)
    ctrl = rng.normal(size=n_units)
    x = S @ g
    y = beta * x + 3.0 * (S @ eta) + 0.5 * ctrl + 0.3 * rng.normal(size=n_units)
    units = pd.DataFrame(
        {
            "iso3": [f"U{i}" for i in range(n_units)],
            "y": y,
            "x": x,
            "ctrl": ctrl,
            "emp": rng.uniform(1, 5, n_units),
        }
    )
    shares = pd.DataFrame(
        [(f"U{u}", f"K{k}", S[u, k]) for u in range(n_units) for k in range(n_shocks)],
        columns=["iso3", "industry", "share"],
    )
    shocks = pd.DataFrame({"industry": [f"K{k}" for k in range(n_shocks)], "shock": g})
    return units, shares, shocks, S, g


def test_shock_level_equals_unit_level_and_akm_formula():
    units, shares, shocks, S, g = _design(beta=0.7, seed=3)
    res = shock_level_regression(
        units, shares, shocks, y="y", x="x", controls=["ctrl"], unit_weights="emp"
    )
    assert res.estimate == pytest.approx(res.unit_estimate, abs=1e-10)
    # AKM formula by hand: weighted residualisation on [1, ctrl]
    e = units.emp.to_numpy()
    W = np.column_stack([np.ones(len(units)), units.ctrl])
    M = lambda v: v - W @ np.linalg.solve(W.T @ (W * e[:, None]), W.T @ (e * v))  # noqa: E731
    xp, yp = M(units.x.to_numpy()), M(units.y.to_numpy())
    b = (e * xp) @ yp / ((e * xp) @ xp)
    eps = yp - b * xp
    v = np.sum(g**2 * (S.T @ (e * eps)) ** 2) / ((e * xp) @ units.x.to_numpy()) ** 2
    assert res.estimate == pytest.approx(b, rel=1e-10)
    assert res.std_error == pytest.approx(np.sqrt(v), rel=1e-8)
    assert res.n_shocks == 40 and 1 < res.effective_n_shocks <= 40
    assert list(res.tidy().term) == ["shock_level", "unit_level_hc1"]


def test_akm_placebo_unit_level_over_rejects():
    units, shares, _, _, _ = _design(n_shocks=100, seed=4)
    out = akm_placebo_check(units, shares, y="y", controls=["ctrl"], n_draws=1000, seed=1)
    out = out.set_index("method")
    assert out.loc["unit_level_hc1", "rejection_rate"] > 0.15  # AKM: over-rejection
    assert 0.02 < out.loc["shock_level_akm", "rejection_rate"] < 0.09  # ~5% +- 4 MC s.e.
