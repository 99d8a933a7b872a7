"""The Anderson-Rubin confidence set by wild cluster bootstrap, for few clusters.

For each null ``b0`` the outcome ``y - b0 x`` is regressed on the instrument ``z`` (with the
exogenous regressors, the fixed effects and the analytic weights) and the instrument's
coefficient is tested against zero with the restricted wild cluster bootstrap
(:func:`gvc.estimators.wild.wild_test` on the design of
:func:`gvc.estimators.wild_weighted.weighted_design`: the same draws for every ``b0``). The set
is the ``b0`` not rejected at ``1 - level``: found on a grid of :data:`GRID` points around the
2SLS estimate (widened while the set touches its ends) and refined at each bound by bisection;
whether the set reaches infinity is decided by the limit of the test (the first stage's wild
test), not by the grid. A piece narrower than the grid step (0.25 standard errors) between
rejected grid points can be missed.
Like the analytic AR set it keeps its size with a weak instrument; unlike a CRV1 AR test it
keeps it with few clusters (Roodman, MacKinnon, Nielsen and Webb 2019, sect. 3.5). One-way
clustering only: correlation across clusters is not covered.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from gvc.estimators.errors import SpecificationError
from gvc.estimators.weak_iv import ARSet

GRID = 161
"""Grid points over estimate +- :data:`SPAN` standard errors."""

SPAN = 20.0
WIDEN = 6
"""Times the grid's half-width is doubled while the set touches an end (then: unbounded)."""

BISECT = 30
"""Bisection steps per bound (to about 1e-7 of the grid step)."""


@dataclass(frozen=True)
class WildARSet(ARSet):
    """An :class:`ARSet` from the wild bootstrap; ``pieces`` > 1 when the accepted grid points
    are not contiguous (then ``low``/``high`` span them all), ``reps`` draws, ``cluster``."""

    reps: int = 0
    cluster: str = ""
    pieces: int = 1

    def __str__(self) -> str:
        text = "wild bootstrap " + ARSet.__str__(self)
        if self.pieces > 1:
            text += f" (hull of {self.pieces} disjoint pieces)"
        return text


def wild_anderson_rubin(
    data: pd.DataFrame,
    y: str,
    x: str,
    z: str,
    *,
    fe: tuple[str, ...] = (),
    exog: tuple[str, ...] = (),
    cluster: str,
    weights: str | None = None,
    estimate: float,
    se: float,
    reps: int = 999,
    seed: int | None = None,
    weights_type: str = "webb",
    level: float = 0.95,
) -> WildARSet:
    """The wild bootstrap AR set of the coefficient on ``x`` instrumented by ``z``.

    ``estimate`` and ``se`` (the 2SLS estimate and any standard error) only place the grid.
    Rows alone in a fixed-effect group are dropped, as the fixed-effects fit drops them.
    """
    from gvc.estimators.singletons import non_singletons
    from gvc.estimators.wild_weighted import weighted_design

    cols = [y, x, z, *exog, cluster, *fe, *([weights] if weights else [])]
    d = data[list(dict.fromkeys(cols))].replace([np.inf, -np.inf], np.nan).dropna()
    if fe:
        d = d[non_singletons(d, list(fe))]
    if d[cluster].nunique() < 2:
        raise SpecificationError(f"wild Anderson-Rubin set: fewer than 2 clusters of {cluster}")
    w = d[weights].to_numpy(float) if weights else np.ones(len(d))
    Z = d[[z, *exog]].to_numpy(float)
    names = [z, *exog]
    dy = weighted_design(d, d[y].to_numpy(float), Z, names, tuple(fe), cluster, w)
    dx = weighted_design(d, d[x].to_numpy(float), Z, names, tuple(fe), cluster, w)
    alpha = 1.0 - level
    p_value = ar_p_values(dy.X, dy.y, dx.y, dy.cluster, reps=reps, seed=seed,
                          weights_type=weights_type)  # fmt: skip

    def accepted(b0: float) -> bool:
        return p_value(b0) >= alpha

    scale = se if np.isfinite(se) and se > 0 else max(abs(estimate), 1.0)
    half = SPAN * scale
    for _ in range(WIDEN + 1):
        grid = estimate + np.linspace(-half, half, GRID)
        ok = np.array([accepted(b) for b in grid])
        if not (ok[0] or ok[-1]):
            break
        half *= 2
    extra = {"level": level, "reps": reps, "cluster": cluster}
    if accepted(np.inf) and not ok.all():
        # the first stage is not rejected: the set reaches infinity (rays beyond the grid,
        # however far the grid was widened); a piece inside the grid as well: its hull is the line
        if ok.any():
            pieces = int(np.sum(np.diff(ok.astype(int)) == 1) + ok[0]) + 2 * (not ok[0])
            return WildARSet("whole line", -np.inf, np.inf, pieces=pieces, **extra)
        low, high = _ray(accepted, grid[0], -half), _ray(accepted, grid[-1], half)
        return WildARSet("two rays", low, high, **extra)
    if not ok.any():
        return WildARSet("empty", np.nan, np.nan, **extra)
    if ok.all():
        return WildARSet("whole line", -np.inf, np.inf, **extra)
    pieces = int(np.sum(np.diff(ok.astype(int)) == 1) + ok[0])
    if ok[0] and ok[-1]:  # accepted at both far ends: two rays (inner bounds refined)
        lo_i = int(np.argmin(ok))
        hi_i = len(ok) - 1 - int(np.argmin(ok[::-1]))
        low = _bisect(accepted, grid[lo_i - 1], grid[lo_i])
        high = _bisect(accepted, grid[hi_i + 1], grid[hi_i])
        return WildARSet("two rays", low, high, **extra)
    if ok[0] or ok[-1]:  # a ray that never closed within the widened grid
        return WildARSet("whole line", -np.inf, np.inf, pieces=pieces, **extra)
    first, last = int(np.argmax(ok)), len(ok) - 1 - int(np.argmax(ok[::-1]))
    low = _bisect(accepted, grid[first], grid[first - 1])
    high = _bisect(accepted, grid[last], grid[last + 1])
    return WildARSet("interval", low, high, pieces=pieces, **extra)


def ar_p_values(X, y, x, cluster, *, reps: int, seed: int | None, weights_type: str = "webb"):
    """``p(b0)``: the wild bootstrap p-value of the instrument's coefficient (column 0 of
    ``X``) being 0 in the regression of ``y - b0 x`` on ``X``, for any ``b0``: exactly
    :func:`gvc.estimators.wild.wild_test` ``(X, y - b0 x, cluster, 0).p_value(0)``, but set up
    once, since every piece of that test is linear in the outcome (the estimate, the cluster
    scores, the restricted residuals and each draw's numerator and score matrix), so the
    squared SEs are quadratic in ``b0`` and each ``p(b0)`` costs O(draws). ``p(inf)`` is the
    limit as ``|b0|`` grows (both ways alike): the wild test of the first stage, ``x`` on ``X``
    (the set is unbounded exactly when that limit is not rejected)."""
    from gvc.estimators.wild import _weights, bootstrap_p_value

    X = np.asarray(X, dtype=float)
    n_obs, k = X.shape
    _, g_idx = np.unique(np.asarray(cluster).ravel(), return_inverse=True)
    n_g = int(g_idx.max()) + 1
    member = np.zeros((n_g, n_obs))
    member[g_idx, np.arange(n_obs)] = 1.0
    xtx = X.T @ X
    if np.linalg.matrix_rank(xtx, hermitian=True) < k:
        inv = np.linalg.pinv(xtx, hermitian=True)
    else:
        inv = np.linalg.inv(xtx)
    w = inv[:, 0]
    q = X @ w
    dvec = w / w[0]
    ssc = (n_obs - 1) / (n_obs - k) * n_g / (n_g - 1)
    v = _weights(weights_type, n_g, reps, seed)

    def parts(out: np.ndarray):
        beta = inv @ (X.T @ out)
        s = member @ (q * (out - X @ beta))  # cluster scores of the unrestricted fit
        u0 = out - X @ (beta - dvec * beta[0])  # residuals with the coefficient at 0
        cg = member @ (q * u0)
        h = member @ (q[:, None] * (X @ (inv @ (member @ (X * u0[:, None])).T)))
        return beta[0], s, cg @ v, cg[:, None] * v - h @ v

    by, sy, ny, zy = parts(np.asarray(y, dtype=float))
    bx, sx, nx, zx = parts(np.asarray(x, dtype=float))
    ayy, axy, axx = (np.sum(a * b, axis=0) for a, b in ((zy, zy), (zx, zy), (zx, zx)))
    syy, sxy, sxx = float(sy @ sy), float(sx @ sy), float(sx @ sx)

    def p_value(b0: float) -> float:
        if not np.isfinite(b0):  # the limit: t and every draw's t* divided by |b0|
            with np.errstate(divide="ignore", invalid="ignore"):
                return bootstrap_p_value(
                    bx / np.sqrt(ssc * sxx), nx / np.sqrt(np.maximum(ssc * axx, 0.0))
                )
        se = np.sqrt(ssc * max(syy - 2 * b0 * sxy + b0 * b0 * sxx, 0.0))
        t = (by - b0 * bx) / se
        den = np.sqrt(np.maximum(ssc * (ayy - 2 * b0 * axy + b0 * b0 * axx), 0.0))
        with np.errstate(divide="ignore", invalid="ignore"):
            return bootstrap_p_value(t, (ny - b0 * nx) / den)

    return p_value


def _ray(accepted, start: float, step: float) -> float:
    """The inner end of a ray of accepted nulls beyond ``start`` (rejected), searched by doubling
    steps outward and refined by bisection; infinite when none is found within 2^60 steps."""
    outside = start
    for _ in range(60):
        nxt = outside + step
        if accepted(nxt):
            return _bisect(accepted, nxt, outside)
        outside, step = nxt, 2 * step
    return float(np.sign(step)) * np.inf


def _bisect(accepted, inside: float, outside: float) -> float:
    """The boundary between an accepted and a rejected null (midpoint of the last bracket)."""
    for _ in range(BISECT):
        mid = 0.5 * (inside + outside)
        if accepted(mid):
            inside = mid
        else:
            outside = mid
    return 0.5 * (inside + outside)
