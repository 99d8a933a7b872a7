"""The Anderson-Rubin confidence set by wild cluster bootstrap, for few clusters.

For each null ``b0`` the outcome ``y - b0 x`` is regressed on the instrument ``z`` (with the
exogenous regressors, the fixed effects and the analytic weights) and the instrument's
coefficient is tested against zero with the restricted wild cluster bootstrap
(:func:`gvc.estimators.wild.wild_test` on the design of
:func:`gvc.estimators.wild_weighted.weighted_design`: the same draws for every ``b0``). The set
is the ``b0`` not rejected at ``1 - level``: found on a grid of :data:`GRID` points around the
2SLS estimate (widened while the set touches its ends) and refined at each bound by bisection.
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

GRID = 81
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
    from gvc.estimators.wild import wild_test
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

    def accepted(b0: float) -> bool:
        t = wild_test(dy.X, dy.y - b0 * dx.y, dy.cluster, 0, reps=reps, seed=seed,
                      weights_type=weights_type)  # fmt: skip
        return t.p_value(0.0) >= alpha

    scale = se if np.isfinite(se) and se > 0 else max(abs(estimate), 1.0)
    half = SPAN * scale
    for _ in range(WIDEN + 1):
        grid = estimate + np.linspace(-half, half, GRID)
        ok = np.array([accepted(b) for b in grid])
        if not (ok[0] or ok[-1]):
            break
        half *= 2
    extra = {"level": level, "reps": reps, "cluster": cluster}
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


def _bisect(accepted, inside: float, outside: float) -> float:
    """The boundary between an accepted and a rejected null (midpoint of the last bracket)."""
    for _ in range(BISECT):
        mid = 0.5 * (inside + outside)
        if accepted(mid):
            inside = mid
        else:
            outside = mid
    return 0.5 * (inside + outside)
