"""The known truth: the structural foreign-input-share equation and what it implies.

Structural equation, for country c, industry i, year index t::

    s_{c,i,t} = alpha_{c,i} + gamma_t + beta * density*_{c,i,t} / 100 + delta * u_{c,i,t} + eps

``s`` is the foreign-input share: imported intermediate inputs / all intermediate inputs bought
by industry i of country c (a fraction). Because the tables are built so that this share is
exactly what one computes from Z (``gvc.demo.tables.imported_input_share``), a regression of the
table-computed share on ``density_per_10k / 100`` with country-industry and year fixed effects
has true coefficient ``beta`` (fraction per 100 robots per 10k workers; ``beta * 100`` is
percentage points). ``density*`` differs from the reported density only by rounding robot stocks to
whole units.

``u`` (unobserved) raises both adoption (``lambda_conf``) and the share (``delta``), so fixed
effects OLS is biased upward when ``delta * lambda_conf > 0``. The cost shock is independent of
``u`` and ``eps``: the instrument ``-cost x exposure`` is valid, and 2SLS is consistent.

``alpha_{c,i} = base_i * size_factor_c * exp(N(0, 0.15^2))``: manufacturing sources more abroad
than services and small countries more than large ones. ``gamma_t = 0.004 t`` minus 0.02 in the
trade-collapse year plus N(0, 0.002^2). ``eps ~ N(0, share_noise_sd^2)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gvc.demo.params import LABEL, DemoParams
from gvc.demo.tables import TRADE_COLLAPSE_YEAR_INDEX, Structure, foreign_split

SHARE_BOUNDS = (0.005, 0.85)
"""Shares outside these bounds are clipped (and counted in ``truth['n_share_clipped']``)."""


@dataclass(frozen=True)
class Shares:
    """Components of the structural equation. ``alpha`` (G, N), ``gamma`` (T,), ``eps`` and
    ``share`` (G, N, T); ``n_clipped`` cells were moved into ``SHARE_BOUNDS``."""

    alpha: np.ndarray
    gamma: np.ndarray
    eps: np.ndarray
    share: np.ndarray
    n_clipped: int


def draw_shares(
    p: DemoParams,
    st: Structure,
    density: np.ndarray,
    confounder: np.ndarray,
    rng: np.random.Generator,
) -> Shares:
    """Foreign-input shares from latent density (robots per 10k) and the confounder."""
    g, n, t = density.shape
    nm = p.n_manuf
    manuf_base = p.base_foreign_share_manuf * np.linspace(1.2, 0.8, nm)
    base = np.concatenate([manuf_base, np.full(n - nm, p.base_foreign_share_serv)])
    alpha = base[None, :] * st.size_factor[:, None] * np.exp(rng.normal(0.0, 0.15, (g, n)))
    k = np.arange(t)
    gamma = 0.004 * k - 0.02 * (k == TRADE_COLLAPSE_YEAR_INDEX) + rng.normal(0.0, 0.002, t)
    eps = rng.normal(0.0, p.share_noise_sd, (g, n, t))
    raw = (
        alpha[:, :, None]
        + gamma[None, None, :]
        + p.beta * density / 100.0
        + p.delta * confounder
        + eps
    )
    share = np.clip(raw, *SHARE_BOUNDS)
    return Shares(alpha, gamma, eps, share, int((share != raw).sum()))


def leontief_jacobian(
    A: np.ndarray,
    st: Structure,
    share: np.ndarray,
    w: np.ndarray,
    n_countries: int,
    B: np.ndarray | None = None,
) -> np.ndarray:
    """J[c, i, j] = d(foreign VA content of output of (c, i)) / d(foreign-input share of (c, j)).

    Exact derivatives through the Leontief inverse, within each country (shape (G, N, N)); the
    diagonal J[c, i, i] is the direct (own-industry) effect. Moving s_k changes only column k of
    A, by dA_k, and leaves value-added coefficients unchanged (inputs are only reallocated between
    domestic and foreign suppliers), so dB = B dA_k e_k' B and for sector l in country c
    d fva_l / d s_k = B[k, l] * sum_{r not in c} v_r (B dA_k)_r.
    """
    gn = A.shape[0]
    g, n = n_countries, gn // n_countries
    _, df = foreign_split(st, share)  # d f_d[i,j] / d s_dj
    m = st.a[:, None, :] * st.p * df  # [d, i, j]
    sign = w - np.eye(g)  # +W[c,d] abroad, -1 at home
    dA = np.einsum("cd,dij->cidj", sign, m).reshape(gn, gn)
    if B is None:
        B = np.linalg.inv(np.eye(gn) - A)
    v = 1.0 - A.sum(axis=0)
    H = (v[:, None] * (B @ dA)).reshape(g, n, gn).sum(axis=1)  # [source country, k]
    Hk = H.reshape(g, g, n)  # [source country, country of k, industry of k]
    foreign = Hk.sum(axis=0) - np.einsum("ccj->cj", Hk)  # [c, j]: foreign part for k = (c, j)
    Bd = np.einsum("cjci->cji", B.reshape(g, n, g, n))  # B[(c,j),(c,i)]
    return np.einsum("cji,cj->cij", Bd, foreign)


def build_truth(
    p: DemoParams,
    seed: int,
    sh: Shares,
    density: np.ndarray,
    fva: np.ndarray,
    jac: np.ndarray,
    exposure: np.ndarray,
    counts: dict[str, int],
) -> dict:
    """The ``DemoWorld.truth`` dict: parameters, definitions and implied effects.

    ``fva`` (G, N, T): foreign VA content of output; ``jac`` (G, N, N, T): its derivatives with
    respect to the foreign-input shares of the same country's industries (``leontief_jacobian``).

    Implied effects on ``fva`` (= ``exgr_fvash`` of ``gvc.io.participation_measures``), per 100
    robots per 10k workers: *direct* = beta x mean of J[c,i,i]; *IV estimand* = beta x
    sum expo_i J[c,i,j] expo_j / sum expo_i^2 -- what 2SLS with the cost-shock instrument
    converges to, because the instrument moves every industry of a country at once in proportion
    to its exposure, so other industries' sourcing feeds through domestic inputs (first-order
    approximation; the measure is nonlinear).
    """
    nm = p.n_manuf
    dfva = np.einsum("ciit->cit", jac)
    iv_num = np.einsum("i,cijt,j->", exposure, jac, exposure)
    iv_den = (exposure**2).sum() * jac.shape[0] * jac.shape[3]
    d100 = density / 100.0
    share = sh.share

    def _elasticity(sel: slice) -> float:
        return float(p.beta * d100[:, sel].mean() / share[:, sel].mean())

    manuf = slice(0, nm)
    return {
        "label": LABEL,
        "seed": seed,
        "outcome": "foreign_input_share",
        "outcome_definition": (
            "imported intermediate inputs / all intermediate inputs of the using country-industry, "
            "computed from Z: sum_{c!=d,i} Z[(c,i),(d,j)] / sum_{c,i} Z[(c,i),(d,j)] (fraction)"
        ),
        "regressor": "density_per_10k / 100",
        "columns": {
            "outcome": "foreign_input_share",
            "regressor": "density_100",
            "instrument": "cost_shock_iv",
            "frame": "DemoWorld.estimation_frame()",
        },
        "equation": (
            "foreign_input_share_cit = alpha_ci + gamma_t + beta * density_per_10k_cit / 100 "
            "+ delta * confounder_cit + eps_cit"
        ),
        "fixed_effects": ["country x industry", "year"],
        "beta": p.beta,
        "beta_units": "fraction of intermediate inputs per 100 robots per 10k workers",
        "beta_pp_per_100_robots": 100.0 * p.beta,
        "delta": p.delta,
        "delta_units": "fraction per standard deviation of the (unobserved) confounder",
        "instrument": "cost_shock_iv = -log robot price index x industry exposure",
        "pi_cost": p.pi_cost,
        "lambda_conf": p.lambda_conf,
        "confounder_rho": p.confounder_rho,
        "ols_bias_direction": "upward" if p.delta * p.lambda_conf > 0 else "downward",
        "elasticity_at_means": _elasticity(slice(None)),
        "elasticity_at_means_manufacturing": _elasticity(manuf),
        "mean_foreign_input_share": float(share.mean()),
        "mean_density_per_10k": float(density.mean()),
        "leontief_measure": (
            "foreign value-added content of output = exgr_fvash of a single industry in "
            "gvc.io.participation_measures (VS share of gross exports)"
        ),
        "leontief_direct_effect": float(p.beta * dfva.mean()),
        "leontief_direct_effect_manufacturing": float(p.beta * dfva[:, manuf].mean()),
        "leontief_iv_estimand": float(p.beta * iv_num / iv_den),
        "leontief_direct_effect_units": (
            "fraction per 100 robots per 10k workers; direct = average over country-industry-years "
            "of the exact derivative when only the own industry's density moves; iv_estimand = "
            "exposure-weighted effect when a country's industries move together as the cost "
            "shock moves them (first order; the measure is nonlinear)"
        ),
        "mean_foreign_va_content": float(fva.mean()),
        "theta_youth": p.theta_youth,
        "theta_youth_units": (
            "percentage points of youth unemployment (SL.UEM.1524.ZS) per 100 robots per 10k "
            "manufacturing workers (country-year; country and year fixed effects; unconfounded)"
        ),
        "kappa_patents": p.kappa_patents,
        "kappa_patents_units": (
            "log points of expected AI patents (Poisson) per 100 robots per 10k manufacturing workers"
        ),
        **counts,
        "n_share_clipped": sh.n_clipped,
        "params": p.as_dict(),
    }
