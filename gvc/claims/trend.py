"""Linear time trends with confidence intervals that stay honest on short autocorrelated series.

Used for trend claims: C5 (domestic value-added share of exports, ``pct`` -> slope in
``pts/yr``), C3 (developing share of AI patents, ``pct`` -> ``pts/yr``) and C6. The slope is in
the unit of ``y`` per unit of ``x`` (per year when ``x`` is a year); give ``y`` in ``pct`` to get
``pts/yr``.

Estimator: OLS of ``y`` on a constant and ``x``. The interval depends on the number of points n:

- n >= :data:`EWC_MIN_POINTS` (8): equal-weighted cosine (EWC) HAR standard error with fixed-b
  Student t(B) critical values (Lazarus, Lewis, Stock and Watson 2018, JBES 36(4)), B = 0.4
  n^(2/3) rounded (2 at n = 8-15, 3 at 16-25, 4 at 26-37, 5 at 38-50): the long-run variance of
  the errors is the mean square of the residuals' projections on the B lowest type-II cosines,
  the cosines first made orthogonal to (1, x) (:func:`gvc.claims.har.ewc_cov`,
  ``"residual-projected"``). With iid normal errors the t-ratio is then exactly t(B); with
  autocorrelated errors it is close. The cosines index the observations in order (gaps in x
  are not spaced out; the projection uses the actual x). B is rounded half up (LLSW write
  B = 0.4 T^(2/3); some implementations floor or ceil it). Measured coverage of nominal 95% intervals (4,000 draws per
  cell, ``bench/bench_trend_coverage.py``, AR(1) errors rho = 0 / 0.3 / 0.5 / 0.7): n = 10:
  0.95 / 0.95 / 0.93 / 0.91; n = 20: 0.96 / 0.94 / 0.92 / 0.89; n = 50: 0.95 / 0.94 / 0.94 /
  0.92. The rule it replaces (iid below 15 points, the wider of Newey-West and iid from 15 to 29,
  Newey-West from 30) covered 0.79 at n = 20, rho = 0.5 and 0.82 at n = 50, rho = 0.5. The
  price is width: at n = 20, rho = 0.5 the median EWC interval is about 2x the iid one.
  It assumes a constant error variance, but with the error sd rising 7-fold over the sample it
  still covered 0.93-0.96 (n = 10-50, rho = 0 and 0.5; tests).
  LLSW's own EWC of the scores ``x_t u_t`` (:func:`gvc.claims.har.ewc_cov`, ``"scores"``)
  covered only 0.90 with iid errors and 0.86 at n = 20, rho = 0.5: with a time trend as the
  regressor its t(B) reference is not exact.
- n < 8: B would be 1 (a t(1) interval, several times the iid width), so classical (iid) t(n-2)
  standard errors, exact under normal iid errors (the tests check 95% coverage at n = 6), or HC3
  with ``small_se="HC3"``. No autocorrelation correction (coverage 0.84 at n = 6 with AR(1)
  errors, rho = 0.5): :func:`drop_endpoint_trends` gives the drop-one-endpoint sensitivity.
- ``maxlags`` given: Newey-West HAC (Bartlett, small-sample correction) with t(n-2), only from
  :data:`HAC_MIN_POINTS` (15) points; it under-covers on short autocorrelated series (0.76 at
  n = 20, rho = 0.5), so it is not the default.

Trends on fewer than :data:`INDICATIVE_POINTS` (30) points are marked ``indicative (n = 20)``
(descriptions rather than tests); the HC3 interval of the fit is reported alongside
(``ci_low_hc3``, ``ci_high_hc3``).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

from gvc.claims.har import ewc_bandwidth, ewc_cov

EWC_MIN_POINTS = 8
"""Fewest points on which a trend uses the EWC interval (B = 0.4 n^(2/3) rounded is 2 there);
shorter series use iid/HC3 errors."""
HAC_MIN_POINTS = 15
"""Fewest points on which Newey-West (HAC) errors may be asked for with ``maxlags``."""
INDICATIVE_POINTS = 30
"""Trends on fewer points are marked indicative."""

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
    "ewc_b",
    "df",
    "method",
    "indicative",
    "ci_low_hc3",
    "ci_high_hc3",
]

SMALL_SE = ("iid", "HC3")


def default_maxlags(n: int) -> int:
    """Newey-West (1994) rule of thumb ``floor(4 (n/100)^(2/9))``, at least 1 when n > 2."""
    if n <= 2:
        return 0
    return max(1, math.floor(4 * (n / 100) ** (2 / 9)))


def indicative_label(n: int) -> str:
    """``"indicative (n = 6)"``: the mark of a trend on fewer than :data:`INDICATIVE_POINTS`."""
    return f"indicative (n = {n})"


def linear_trend(
    data: pd.DataFrame | pd.Series,
    *,
    x: str = "year",
    y: str = "value",
    maxlags: int | None = None,
    alpha: float = 0.05,
    small_se: str = "iid",
    ewc_b: int | None = None,
) -> dict[str, object]:
    """Slope of ``y`` on ``x`` with a (1 - alpha) confidence interval (see the module docstring).

    Args:
        data: a frame with columns ``x`` and ``y`` (one row per period; rows with NaN are
            dropped), or a Series indexed by ``x``.
        x, y: column names (``x`` numeric, usually the year; ``y`` e.g. a share in ``pct``).
        maxlags: ask for Newey-West HAC errors with this many lags instead of EWC (15+ points).
        alpha: 0.05 for a 95% CI.
        small_se: ``iid`` (default) or ``HC3``: the errors of series shorter than 8 points.
        ewc_b: number of cosines B of the EWC interval (8+ points; 1 <= B <= n - 2); default
            :func:`gvc.claims.har.ewc_bandwidth`.

    Returns:
        A dict with :data:`TREND_COLUMNS`: ``slope`` (unit of y per unit of x, e.g. ``pts/yr``),
        ``ci_low``, ``ci_high``, ``se``, ``p_value``, ``intercept``, ``n_obs``, ``x_min``,
        ``x_max``, ``maxlags`` (0 without Newey-West), ``ewc_b`` (0 without EWC), ``df`` (of
        the t critical value), ``method`` (in words), ``indicative`` (True below 30 points)
        and the HC3 interval ``ci_low_hc3``/``ci_high_hc3``. With fewer than 3 observations,
        or no variation in ``x``, the numbers are NaN and ``method`` says why.

    Raises:
        KeyError: ``x`` or ``y`` not in ``data``.
        ValueError: duplicated ``x`` values (aggregate first), ``maxlags`` given for a series
            shorter than 15 points, ``maxlags`` and ``ewc_b`` together, ``ewc_b`` out of range
            or on fewer than 8 points, unknown ``small_se``.
    """
    if small_se not in SMALL_SE:
        raise ValueError(f"small_se must be one of {SMALL_SE}, got {small_se!r}")
    if maxlags is not None and ewc_b is not None:
        raise ValueError("give maxlags (Newey-West) or ewc_b (EWC), not both")
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
    out["indicative"] = n < INDICATIVE_POINTS
    out["maxlags"], out["ewc_b"] = 0, 0
    if n < 3 or frame[x].nunique() < 2:
        out["method"] = f"not estimated: {n} observations (need 3 with distinct {x})"
        return out
    prefix = f"{indicative_label(n)}: " if n < INDICATIVE_POINTS else ""
    exog = sm.add_constant(frame[x].to_numpy(), has_constant="add")
    yv = frame[y].to_numpy()
    model = sm.OLS(yv, exog)
    hc3 = model.fit(cov_type="HC3", use_t=True)
    lags = 0
    if maxlags is not None:
        if n < HAC_MIN_POINTS:
            raise ValueError(
                f"maxlags={maxlags} asks for HAC errors on {n} points; HAC needs "
                f"{HAC_MIN_POINTS}+ points (drop maxlags to use the default EWC/iid errors)"
            )
        lags = int(maxlags)
        fit = model.fit(
            cov_type="HAC", cov_kwds={"maxlags": lags, "use_correction": True}, use_t=True
        )
        slope, intercept, se, df = float(fit.params[1]), float(fit.params[0]), fit.bse[1], n - 2
        method = (
            f"{prefix}OLS, Newey-West HAC SE (Bartlett, {lags} lags, asked for), t({df}); "
            "under-covers on short autocorrelated series"
        )
    elif n >= EWC_MIN_POINTS:
        if ewc_b is not None and not 1 <= int(ewc_b) <= n - 2:
            raise ValueError(f"ewc_b={ewc_b}: EWC on {n} points needs 1 <= B <= {n - 2}")
        beta, cov, b = ewc_cov(yv, exog, ewc_b, variant="residual-projected")
        slope, intercept, se, df = float(beta[1]), float(beta[0]), math.sqrt(cov[1, 1]), b
        rule = " = 0.4 n^(2/3) rounded" if ewc_b is None else ", asked for"
        method = (
            f"{prefix}OLS, equal-weighted cosine (EWC) HAR SE (B = {b} cosines{rule}, projected "
            f"off the trend), fixed-b t({b}) (adapted from Lazarus, Lewis, Stock and Watson 2018)"
        )
        out["ewc_b"] = b
    else:
        if ewc_b is not None:
            raise ValueError(f"ewc_b={ewc_b} on {n} points: EWC needs {EWC_MIN_POINTS}+ points")
        fit = hc3 if small_se == "HC3" else model.fit(use_t=True)
        slope, intercept, se, df = float(fit.params[1]), float(fit.params[0]), fit.bse[1], n - 2
        se_words = "HC3" if small_se == "HC3" else "classical (iid)"
        method = (
            f"{prefix}OLS, {se_words} SE, t({df}); fewer than {EWC_MIN_POINTS} points, so no "
            f"HAC/HAR correction (EWC would have B = {ewc_bandwidth(n)}, t(1))"
        )
    q = stats.t.ppf(1 - alpha / 2, df)
    se = float(se)
    ci3 = np.asarray(hc3.conf_int(alpha=alpha))[1]
    out.update(
        slope=slope,
        ci_low=float(slope - q * se),
        ci_high=float(slope + q * se),
        se=se,
        p_value=float(2 * stats.t.sf(abs(slope) / se, df)) if se > 0 else float("nan"),
        intercept=intercept,
        maxlags=lags,
        df=df,
        method=method,
        ci_low_hc3=float(ci3[0]),
        ci_high_hc3=float(ci3[1]),
    )
    return out


def drop_endpoint_trends(
    data: pd.DataFrame | pd.Series, *, x: str = "year", y: str = "value", **kw
) -> dict[str, dict[str, object]]:
    """:func:`linear_trend` without the first and without the last point (sensitivity of a short
    series to its endpoints): ``{"drop first": ..., "drop last": ...}`` (each key also gives the
    dropped ``x`` as ``dropped``)."""
    if isinstance(data, pd.Series):
        frame = pd.DataFrame({x: data.index.to_numpy(), y: data.to_numpy()})
    else:
        frame = data[[x, y]]
    frame = frame.dropna().sort_values(x)
    out = {}
    for name, rest, gone in (
        ("drop first", frame.iloc[1:], frame.iloc[:1]),
        ("drop last", frame.iloc[:-1], frame.iloc[-1:]),
    ):
        res = linear_trend(rest, x=x, y=y, **kw)
        res["dropped"] = gone[x].iloc[0] if len(gone) else float("nan")
        out[name] = res
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
