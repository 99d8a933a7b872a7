"""The Anderson-Rubin confidence set by wild cluster bootstrap, for few clusters.

For each null ``b0`` the outcome ``y - b0 x`` is regressed on the instrument ``z`` (with the
exogenous regressors, the fixed effects and the analytic weights) and the instrument's
coefficient is tested against zero with the restricted wild cluster bootstrap
(:func:`gvc.estimators.wild.wild_test` on the design of
:func:`gvc.estimators.wild_weighted.weighted_design`: the same draws for every ``b0``). The set
is the ``b0`` not rejected at ``1 - level``, found exactly: a draw's bootstrap statistic
crosses the sample one only where a quartic in ``b0`` is zero, so ``p(b0)`` is constant between
those change points and is evaluated once in each gap (beyond the outermost ones it is its limit,
the first stage's wild test: the set is unbounded exactly when that is not rejected). Disjoint
pieces are found too; a row reports their hull and how many there are.
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


@dataclass(frozen=True)
class WildARSet(ARSet):
    """An :class:`ARSet` from the wild bootstrap; ``pieces`` > 1 when the accepted nulls are
    not contiguous (then ``low``/``high`` span them all), ``reps`` draws, ``cluster``."""

    reps: int = 0
    cluster: str = ""
    pieces: int = 1

    def _repr_html_(self) -> str:
        """One-row table in Jupyter: kind, bounds, pieces, clusters and draws."""
        import html

        return (
            "<table><tr><th>wild bootstrap Anderson-Rubin set</th><th>kind</th><th>low</th>"
            "<th>high</th><th>pieces</th><th>clusters</th><th>draws</th></tr>"
            f"<tr><td>{self.level:.0%}</td><td>{html.escape(self.kind)}</td>"
            f"<td>{self.low:.4g}</td><td>{self.high:.4g}</td><td>{self.pieces}</td>"
            f"<td>{html.escape(self.cluster)}</td><td>{self.reps:,}</td></tr></table>"
        )

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
    reps: int = 999,
    seed: int | None = None,
    weights_type: str = "webb",
    level: float = 0.95,
) -> WildARSet:
    """The wild bootstrap AR set of the coefficient on ``x`` instrumented by ``z``.

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

    extra = {"level": level, "reps": reps, "cluster": cluster}
    pieces = exact_set(p_value, alpha)
    if not pieces:
        return WildARSet("empty", np.nan, np.nan, **extra)
    low, high = pieces[0][0], pieces[-1][1]
    n = len(pieces)
    if np.isinf(low) and np.isinf(high):
        if n == 1:
            return WildARSet("whole line", -np.inf, np.inf, **extra)
        if n == 2:
            return WildARSet("two rays", pieces[0][1], pieces[1][0], **extra)
        return WildARSet("whole line", -np.inf, np.inf, pieces=n, **extra)  # rays + inner pieces
    if np.isinf(low) or np.isinf(high):  # one ray (a limit at the test's level): unbounded
        return WildARSet("whole line", -np.inf, np.inf, pieces=n, **extra)
    return WildARSet("interval", low, high, pieces=n, **extra)


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

    def change_points() -> np.ndarray:
        """Every b0 where some draw's |t*| crosses |t|: the real parts of the roots of
        (ny - b0 nx)^2 (syy - 2 b0 sxy + b0^2 sxx) - (by - b0 bx)^2 (ayy - 2 b0 axy + b0^2 axx),
        a quartic per draw (ssc cancels). Extra points are harmless (p is evaluated between
        them); none is missed but by root-finding error."""
        q = np.array([sxx, -2 * sxy, syy])
        r = np.array([bx * bx, -2 * by * bx, by * by])
        pts = []
        for j in range(len(ny)):
            pp = np.array([nx[j] ** 2, -2 * ny[j] * nx[j], ny[j] ** 2])
            ss = np.array([axx[j], -2 * axy[j], ayy[j]])
            f = np.polysub(np.polymul(pp, q), np.polymul(r, ss))
            scale = np.max(np.abs(f))
            if not np.isfinite(scale) or scale == 0:
                continue
            f = f / scale
            f[np.abs(f) < 1e-14] = 0.0
            f = np.trim_zeros(f, "f")
            if len(f) > 1:
                pts.append(np.real(np.roots(f)))
        out = np.concatenate(pts) if pts else np.empty(0)
        return np.unique(out[np.isfinite(out)])

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

    p_value.change_points = change_points
    return p_value


def exact_set(p_value, alpha: float) -> list[tuple[float, float]]:
    """The accepted nulls ``{b0: p(b0) >= alpha}`` as closed pieces ``(low, high)`` (infinite
    ends for rays), exactly: p is constant between consecutive change points (and beyond the
    last, where it is the limit ``p(inf)``), so it is evaluated once inside each gap."""
    pts = p_value.change_points()
    if not len(pts):
        return [(-np.inf, np.inf)] if p_value(0.0) >= alpha else []
    far = p_value(np.inf) >= alpha  # beyond the outermost change points p is its limit
    ok = [far, *(p_value(b) >= alpha for b in (pts[:-1] + pts[1:]) / 2), far]
    ends = [-np.inf, *pts, np.inf]
    pieces: list[tuple[float, float]] = []
    for i, good in enumerate(ok):
        if not good:
            continue
        lo, hi = ends[i], ends[i + 1]
        if pieces and pieces[-1][1] == lo:
            pieces[-1] = (pieces[-1][0], hi)
        else:
            pieces.append((lo, hi))
    return pieces
