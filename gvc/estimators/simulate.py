"""Simulated country x industry x year panels with known coefficients (for tests and benches).

DGP (all variables unitless):

    x_cit   = 0.5 a_ci + 0.5 d_t + r_ct + e_cit           (regressor correlated with the FE)
    y_cit   = beta x_cit + a_ci + d_t + s_ct + u_cit       (pair FE a, year FE d)

``r_ct`` and ``s_ct`` are independent country-year AR(1) processes common to every industry of
a country in a year, so both regressor and error are correlated within country: cluster by
``iso3`` (Moulton factor > 1). x is exogenous given the fixed effects.
With ``iv=True`` the frame also holds an endogenous ``x_endog = pi z + v`` where ``v`` also
enters ``y`` (OLS biased upward), an excluded instrument ``z`` and ``y_iv`` generated with
``beta * x_endog``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def simulate_panel(
    n_countries: int = 50,
    n_industries: int = 10,
    n_years: int = 10,
    beta: float = 0.5,
    *,
    rho: float = 0.5,
    cluster_sd: float = 1.0,
    noise_sd: float = 1.0,
    iv: bool = False,
    pi: float = 0.8,
    seed: int | None = None,
) -> pd.DataFrame:
    """Balanced panel with columns ``iso3, industry, year, pair, x, y`` (+ IV columns)."""
    rng = np.random.default_rng(seed)
    c = np.repeat(np.arange(n_countries), n_industries * n_years)
    i = np.tile(np.repeat(np.arange(n_industries), n_years), n_countries)
    t = np.tile(np.arange(n_years), n_countries * n_industries)
    n = c.size

    def country_year_ar1(sd: float) -> np.ndarray:
        shocks = rng.normal(0, sd, size=(n_countries, n_years))
        out = np.empty_like(shocks)
        out[:, 0] = shocks[:, 0] / np.sqrt(1 - rho**2) if rho < 1 else shocks[:, 0]
        for k in range(1, n_years):
            out[:, k] = rho * out[:, k - 1] + shocks[:, k]
        return out[c, t]

    a = rng.normal(0, 1, size=(n_countries, n_industries))[c, i]
    d = rng.normal(0, 1, size=n_years)[t]
    s = country_year_ar1(cluster_sd)
    x = 0.5 * a + 0.5 * d + country_year_ar1(cluster_sd) + rng.normal(0, 1, n)
    u = rng.normal(0, noise_sd, n)
    df = pd.DataFrame(
        {
            "iso3": np.char.add("C", np.char.zfill(c.astype(str), 3)),
            "industry": np.char.add("I", np.char.zfill(i.astype(str), 2)),
            "year": 2000 + t,
            "pair": c * n_industries + i,
            "x": x,
            "y": beta * x + a + d + s + u,
        }
    )
    if iv:
        z = rng.normal(0, 1, n) + 0.5 * country_year_ar1(cluster_sd)
        v = rng.normal(0, 1, n)
        x_endog = pi * z + v + 0.3 * a
        df["z"] = z
        df["x_endog"] = x_endog
        df["y_iv"] = beta * x_endog + a + d + s + u + 1.0 * v
    return df
