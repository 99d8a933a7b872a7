"""Shock-level (exposure-robust) inference for shift-share designs.

Borusyak, Hull and Jaravel (2022, REStud), Proposition 3: the unit-level coefficient of ``y`` on
``x`` instrumented (or measured) by the shift-share z_u = sum_k s_uk g_k, with unit controls W,
equals the coefficient of a shock-level IV regression

    ybar_k = beta xbar_k + eps_k,   instrument g_k,   weights s_k = sum_u e_u s_uk,

where ybar_k = sum_u e_u s_uk y_u^perp / s_k (and likewise xbar_k) aggregate the residuals of
y and x on W to shocks. Heteroskedasticity-robust SEs of that regression are valid when shocks
are as-good-as randomly assigned and many, even though units sharing exposure have correlated
residuals.

Adao, Kolesar and Morales (2019, QJE) show that unit-level robust or clustered SEs ignore this
correlation and over-reject. :func:`akm_placebo_check` reproduces their placebo exercise: draw
random shocks, rebuild the exposure, and report how often each SE rejects a true null at 5%.
Unit-level rejection far above 5% signals the AKM problem; the shock-level SE should be near 5%.
Its standard error coincides with the AKM (2019) formula without the null imposed:
V = sum_k g_k^2 (sum_u e_u s_uk eps_u)^2 / (sum_u e_u z_u x_u^perp)^2.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from gvc.estimators.errors import SpecificationError
from gvc.estimators.validation import require_columns


@dataclass
class ShockLevelResult:
    """Shift-share estimate with exposure-robust (shock-level) and unit-level SEs.

    ``estimate`` has units of y per unit of x. ``effective_n_shocks`` = 1 / sum_k (s_k/S)^2 (BHJ's
    inverse HHI of shock weights; small values mean few shocks drive identification).
    """

    estimate: float
    std_error: float
    unit_estimate: float
    unit_robust_se: float
    n_units: int
    n_shocks: int
    effective_n_shocks: float
    shock_frame: pd.DataFrame

    def tidy(self, conf_level: float = 0.95) -> pd.DataFrame:
        """Rows for the shock-level (exposure-robust) and unit-level (HC1) inference."""
        z = stats.norm.ppf(0.5 + conf_level / 2)
        rows = []
        for term, est, se in (
            ("shock_level", self.estimate, self.std_error),
            ("unit_level_hc1", self.unit_estimate, self.unit_robust_se),
        ):
            t = est / se
            rows.append((term, est, se, t, 2 * stats.norm.sf(abs(t)), est - z * se, est + z * se))
        return pd.DataFrame(
            rows,
            columns=["term", "estimate", "std_error", "statistic", "p_value", "ci_low", "ci_high"],
        )


def _share_matrix(units: pd.DataFrame, shares: pd.DataFrame, unit: str, shock: str):
    require_columns(shares, [unit, shock, "share"], "shares")
    S = shares.pivot_table(index=unit, columns=shock, values="share", aggfunc="sum", fill_value=0.0)
    missing = set(units[unit]) - set(S.index)
    if missing:
        raise SpecificationError(f"{len(missing)} units have no shares, e.g. {sorted(missing)[:3]}")
    S = S.reindex(units[unit].to_numpy())
    return S.to_numpy(float), list(S.columns)


def _residualize(W: np.ndarray, e: np.ndarray, *cols: np.ndarray) -> list[np.ndarray]:
    if W.shape[1] == 0:
        return list(cols)
    sw = np.sqrt(e)[:, None]
    coef, *_ = np.linalg.lstsq(W * sw, np.column_stack(cols) * sw, rcond=None)
    resid = np.column_stack(cols) - W @ coef
    return [resid[:, j] for j in range(resid.shape[1])]


def shock_level_regression(
    units: pd.DataFrame,
    shares: pd.DataFrame,
    shocks: pd.DataFrame,
    *,
    y: str,
    x: str,
    shock_value: str = "shock",
    controls: Sequence[str] = (),
    unit_weights: str | None = None,
    unit: str = "iso3",
    shock: str = "industry",
    add_constant: bool = True,
) -> ShockLevelResult:
    """BHJ shock-level IV: aggregate residualised y and x to shocks, regress there.

    ``units`` holds one row per unit with ``y``, ``x`` (x may be the exposure itself: then this
    is the reduced form/OLS), ``controls`` and optional ``unit_weights`` (e.g. baseline
    employment). The shift-share instrument is built from ``shares`` and ``shocks``. When shares
    are incomplete, include their sum among ``controls`` (see :func:`shift_share_exposure`).
    """
    require_columns(
        units, [unit, y, x, *controls, *([unit_weights] if unit_weights else [])], "units"
    )
    require_columns(shocks, [shock, shock_value], "shocks")
    if units[unit].duplicated().any():
        raise SpecificationError(f"units must have one row per {unit!r}")
    cols = [y, x, *controls, *([unit_weights] if unit_weights else [])]
    u = units.dropna(subset=cols)
    S, names = _share_matrix(u, shares, unit, shock)
    g_map = shocks.set_index(shock)[shock_value]
    if g_map.reindex(names).isna().any():
        raise SpecificationError("shocks missing for some industries in the shares")
    g = g_map.reindex(names).to_numpy(float)
    e = u[unit_weights].to_numpy(float) if unit_weights else np.ones(len(u))
    W = u[list(controls)].to_numpy(float) if controls else np.empty((len(u), 0))
    if add_constant:
        W = np.column_stack([np.ones(len(u)), W])
    yv, xv = u[y].to_numpy(float), u[x].to_numpy(float)
    z = S @ g
    y_p, x_p, z_p = _residualize(W, e, yv, xv, z)
    # unit level: IV of y on x with instrument z (OLS when x == z), HC1
    beta_u = (z_p * e) @ y_p / ((z_p * e) @ x_p)
    eps_u = y_p - beta_u * x_p
    k = W.shape[1] + 1
    n = len(u)
    meat = np.sum((e * z_p * eps_u) ** 2) * n / (n - k)
    se_u = np.sqrt(meat) / abs((z_p * e) @ x_p)
    # shock level
    s_k = e @ S
    keep = s_k > 0
    ybar = (e * y_p) @ S[:, keep] / s_k[keep]
    xbar = (e * x_p) @ S[:, keep] / s_k[keep]
    frame = pd.DataFrame(
        {
            shock: np.asarray(names)[keep],
            "weight": s_k[keep],
            "shock": g[keep],
            "y_bar": ybar,
            "x_bar": xbar,
        }
    )
    from linearmodels.iv import IV2SLS

    res = IV2SLS(
        frame["y_bar"], None, frame[["x_bar"]], frame[["shock"]], weights=frame["weight"]
    ).fit(cov_type="robust", debiased=False)
    w = s_k[keep] / s_k[keep].sum()
    return ShockLevelResult(
        estimate=float(res.params["x_bar"]),
        std_error=float(res.std_errors["x_bar"]),
        unit_estimate=float(beta_u),
        unit_robust_se=float(se_u),
        n_units=n,
        n_shocks=int(keep.sum()),
        effective_n_shocks=float(1 / np.sum(w**2)),
        shock_frame=frame,
    )


def akm_placebo_check(
    units: pd.DataFrame,
    shares: pd.DataFrame,
    *,
    y: str,
    controls: Sequence[str] = (),
    unit_weights: str | None = None,
    unit: str = "iso3",
    shock: str = "industry",
    n_draws: int = 500,
    level: float = 0.05,
    seed: int | None = None,
) -> pd.DataFrame:
    """Adao-Kolesar-Morales placebo: rejection rates of a true null with random N(0,1) shocks.

    For each draw, regress ``y`` on the placebo exposure sum_k s_uk g*_k (plus controls) and test
    beta = 0 with (a) unit-level HC1 and (b) shock-level/AKM SEs, normal critical values.
    Returns one row per method with ``rejection_rate`` and its Monte Carlo standard error.
    """
    require_columns(units, [unit, y, *controls], "units")
    u = units.dropna(subset=[y, *controls])
    S, _ = _share_matrix(u, shares, unit, shock)
    rng = np.random.default_rng(seed)
    G = rng.normal(size=(S.shape[1], n_draws))
    Z = S @ G
    e = u[unit_weights].to_numpy(float) if unit_weights else np.ones(len(u))
    W = (
        np.column_stack([np.ones(len(u)), u[list(controls)].to_numpy(float)])
        if controls
        else np.ones((len(u), 1))
    )
    sw = np.sqrt(e)[:, None]
    proj = np.linalg.lstsq(W * sw, np.column_stack([u[y].to_numpy(float), Z]) * sw, rcond=None)[0]
    R = np.column_stack([u[y].to_numpy(float), Z]) - W @ proj
    y_p, Z_p = R[:, 0], R[:, 1:]
    denom = np.sum(Z_p * Z_p * e[:, None], axis=0)
    beta = (Z_p * e[:, None]).T @ y_p / denom
    eps = y_p[:, None] - Z_p * beta
    n, k = len(u), W.shape[1] + 1
    se_unit = np.sqrt(np.sum((e[:, None] * Z_p * eps) ** 2, axis=0) * n / (n - k)) / denom
    Rk = S.T @ (e[:, None] * eps)  # shocks x draws
    se_shock = np.sqrt(np.sum(G**2 * Rk**2, axis=0)) / denom
    crit = stats.norm.ppf(1 - level / 2)
    out = []
    for name, se in (("unit_level_hc1", se_unit), ("shock_level_akm", se_shock)):
        rate = float(np.mean(np.abs(beta / se) > crit))
        out.append(
            {
                "method": name,
                "rejection_rate": rate,
                "mc_se": float(np.sqrt(rate * (1 - rate) / n_draws)),
                "nominal": level,
                "n_draws": n_draws,
            }
        )
    return pd.DataFrame(out)
