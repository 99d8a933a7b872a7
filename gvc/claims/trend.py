"""Linear time trends with heteroskedasticity- and autocorrelation-robust (Newey-West) CIs.

Used for trend claims: C5 (domestic value-added share of exports, ``pct`` -> slope in
``pts/yr``) and C3 (developing share of AI patents, ``pct`` -> ``pts/yr``). The slope is in the
unit of ``y`` per unit of ``x`` (per year when ``x`` is a year); give ``y`` in ``pct`` to get
``pts/yr``.

Estimator: OLS of ``y`` on a constant and ``x``; HAC (Bartlett kernel) standard errors with the
small-sample correction, ``maxlags`` by default ``floor(4 (n/100)^(2/9))`` (Newey and West 1994),
and t(n-2) critical values. Like all HAC estimators it under-covers in short, autocorrelated
samples (simulation in the tests, n = 40, 3 lags: nominal 95% CIs cover ~89% with iid errors
and ~85% with AR(1) errors, rho = 0.3); with very short series (n < 10, e.g. C3's 2014-2019) the
CI is indicative only.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import statsmodels.api as sm

TREND_COLUMNS = [
    "slope",
    "ci_low",
    "ci_high",
    "se",
    "p_value",
    "intercept",
    "n_obs",
    "x_min",
    "x_max",
    "maxlags",
    "method",
]


def default_maxlags(n: int) -> int:
    """Newey-West (1994) rule of thumb ``floor(4 (n/100)^(2/9))``, at least 1 when n > 2."""
    if n <= 2:
        return 0
    return max(1, math.floor(4 * (n / 100) ** (2 / 9)))


def linear_trend(
    data: pd.DataFrame | pd.Series,
    *,
    x: str = "year",
    y: str = "value",
    maxlags: int | None = None,
    alpha: float = 0.05,
) -> dict[str, object]:
    """Slope of ``y`` on ``x`` with a (1 - alpha) HAC confidence interval.

    Args:
        data: a frame with columns ``x`` and ``y`` (one row per period; rows with NaN are
            dropped), or a Series indexed by ``x``.
        x, y: column names (``x`` numeric, usually the year; ``y`` e.g. a share in ``pct``).
        maxlags: HAC lag truncation; default :func:`default_maxlags`.
        alpha: 0.05 for a 95% CI.

    Returns:
        A dict with :data:`TREND_COLUMNS`: ``slope`` (unit of y per unit of x, e.g. ``pts/yr``),
        ``ci_low``, ``ci_high``, ``se``, ``p_value``, ``intercept``, ``n_obs``, ``x_min``,
        ``x_max``, ``maxlags`` and ``method``. With fewer than 3 observations, or no variation
        in ``x``, the numbers are NaN and ``method`` says why.

    Raises:
        KeyError: ``x`` or ``y`` not in ``data``.
        ValueError: duplicated ``x`` values (aggregate to one row per period first).
    """
    if isinstance(data, pd.Series):
        frame = pd.DataFrame({x: data.index.to_numpy(), y: data.to_numpy()})
    else:
        frame = data[[x, y]]
    frame = frame.dropna().astype(float).sort_values(x)
    if frame[x].duplicated().any():
        raise ValueError(f"duplicated {x!r} values: aggregate to one row per period first")
    n = len(frame)
    out: dict[str, object] = dict.fromkeys(TREND_COLUMNS, float("nan"))
    out["n_obs"] = n
    out["x_min"] = frame[x].min() if n else float("nan")
    out["x_max"] = frame[x].max() if n else float("nan")
    if n < 3 or frame[x].nunique() < 2:
        out["maxlags"] = 0
        out["method"] = f"not estimated: {n} observations (need 3 with distinct {x})"
        return out
    lags = default_maxlags(n) if maxlags is None else int(maxlags)
    exog = sm.add_constant(frame[x].to_numpy())
    fit = sm.OLS(frame[y].to_numpy(), exog).fit(
        cov_type="HAC", cov_kwds={"maxlags": lags, "use_correction": True}, use_t=True
    )
    ci = np.asarray(fit.conf_int(alpha=alpha))[1]
    out.update(
        slope=float(fit.params[1]),
        ci_low=float(ci[0]),
        ci_high=float(ci[1]),
        se=float(fit.bse[1]),
        p_value=float(fit.pvalues[1]),
        intercept=float(fit.params[0]),
        maxlags=lags,
        method=f"OLS, Newey-West HAC SE (Bartlett, {lags} lags), t({n - 2})",
    )
    return out


def trends_by_group(
    data: pd.DataFrame,
    group: str | list[str],
    *,
    x: str = "year",
    y: str = "value",
    maxlags: int | None = None,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """:func:`linear_trend` for each group; one tidy row per group (group columns first)."""
    keys = [group] if isinstance(group, str) else list(group)
    rows = []
    for name, sub in data.groupby(keys, sort=True, dropna=False):
        values = name if isinstance(name, tuple) else (name,)
        res = linear_trend(sub, x=x, y=y, maxlags=maxlags, alpha=alpha)
        rows.append({**dict(zip(keys, values, strict=True)), **res})
    return pd.DataFrame(rows, columns=[*keys, *TREND_COLUMNS])
