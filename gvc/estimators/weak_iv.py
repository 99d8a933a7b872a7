"""Weak-instrument-robust inference for one endogenous regressor and one instrument.

The Anderson-Rubin (1949) confidence set inverts the test of ``H0: beta = b0`` that regresses
``y - b0 x`` on the instrument ``z`` (with the model's exogenous regressors and fixed effects)
and asks whether the coefficient on ``z`` is zero. Its size does not depend on the strength of
the first stage: with a weak instrument the set is wide or unbounded, as it should be, where the
2SLS Wald interval stays narrow and wrong (Andrews, Stock and Sun 2019, Annual Review of
Economics 11, sect. 5).

With cluster-robust variances the test statistic is ``t(b0)^2 = (a - b0 c)^2 / V(b0)``: the
reduced-form coefficient ``a - b0 c`` is linear in ``b0`` (``a``: of ``y`` on ``z``, ``c``: of
``x`` on ``z``), and its variance ``V(b0) = A - 2 B b0 + C b0^2`` is quadratic (the residuals are
``e_y - b0 e_x``). gvc reads ``a, c, A, B, C`` off three fits of :func:`gvc.estimators.feols`
(``b0 = -1, 0, 1``, so the small-sample factors and the t critical value are the fits' own) and
solves ``(a - b0 c)^2 <= q^2 V(b0)`` in closed form. The set is an interval, the real line
minus an interval (two rays), the whole line, or empty.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class ARSet:
    """An Anderson-Rubin confidence set: ``kind`` is 'interval' ([low, high]), 'two rays'
    ((-inf, low] and [high, inf)), 'whole line' or 'empty'; ``level`` its coverage."""

    kind: str
    low: float
    high: float
    level: float = 0.95

    @property
    def bounded(self) -> bool:
        return self.kind == "interval"

    def contains(self, b0: float) -> bool:
        if self.kind == "interval":
            return self.low <= b0 <= self.high
        if self.kind == "two rays":
            return b0 <= self.low or b0 >= self.high
        return self.kind == "whole line"

    def _repr_html_(self) -> str:
        """One-row table in Jupyter: the kind of set and its bounds."""
        import html

        return (
            "<table><tr><th>Anderson-Rubin set</th><th>kind</th><th>low</th><th>high</th></tr>"
            f"<tr><td>{self.level:.0%}</td><td>{html.escape(self.kind)}</td>"
            f"<td>{self.low:.4g}</td><td>{self.high:.4g}</td></tr></table>"
        )

    def __str__(self) -> str:
        pct = f"{self.level:.0%}"
        if self.kind == "interval":
            return f"Anderson-Rubin {pct} set [{self.low:.3f}, {self.high:.3f}]"
        if self.kind == "two rays":
            return (
                f"Anderson-Rubin {pct} set (-inf, {self.low:.3f}] U [{self.high:.3f}, inf) "
                "(unbounded: weak instrument)"
            )
        if self.kind == "whole line":
            return f"Anderson-Rubin {pct} set: the whole line (uninformative: weak instrument)"
        return f"Anderson-Rubin {pct} set empty (the model is rejected at every value)"


def solve_ar(a: float, c: float, A: float, B: float, C: float, q: float, level=0.95) -> ARSet:
    """The set ``{b0 : (a - b0 c)^2 <= q^2 (A - 2 B b0 + C b0^2)}`` (module docstring)."""
    q2 = q * q
    alpha = c * c - q2 * C  # > 0 iff the first stage is significant at this level
    beta = -2.0 * (a * c - q2 * B)
    gamma = a * a - q2 * A
    disc = beta * beta - 4.0 * alpha * gamma
    scale = max(abs(c * c), abs(q2 * C), 1e-300)
    if abs(alpha) <= 1e-12 * scale:  # linear: one ray, or all / nothing
        if abs(beta) <= 1e-300:
            return ARSet("whole line" if gamma <= 0 else "empty", -math.inf, math.inf, level)
        root = -gamma / beta
        return (
            ARSet("two rays", -math.inf, root, level)
            if beta > 0
            else ARSet("two rays", root, math.inf, level)
        )
    if disc < 0:
        return ARSet("empty" if alpha > 0 else "whole line", math.nan, math.nan, level)
    r = np.sort([(-beta - math.sqrt(disc)) / (2 * alpha), (-beta + math.sqrt(disc)) / (2 * alpha)])
    if alpha > 0:
        return ARSet("interval", float(r[0]), float(r[1]), level)
    return ARSet("two rays", float(r[0]), float(r[1]), level)


def anderson_rubin(
    data: pd.DataFrame,
    y: str,
    x: str,
    z: str,
    *,
    fe: str | None = None,
    exog: tuple[str, ...] = (),
    vcov="iid",
    weights: str | None = None,
    level: float = 0.95,
) -> ARSet:
    """The Anderson-Rubin confidence set for ``x``'s coefficient in the 2SLS model ``y ~ exog |
    fe | x ~ z`` (module docstring), with ``vcov`` as :func:`gvc.estimators.feols` takes it
    (``{"CRV1": "iso3"}``, ``"hetero"``, ...) and analytic ``weights``."""
    from scipy import stats

    from gvc.estimators import feols

    rhs = " + ".join([z, *exog])
    tail = f" | {fe}" if fe else ""
    d = data.dropna(subset=[y, x, z, *exog, *([weights] if weights else [])]).copy()
    fits = {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for b0 in (-1.0, 0.0, 1.0):
            d["_ar_u"] = d[y] - b0 * d[x]
            fits[b0] = feols(f"_ar_u ~ {rhs}{tail}", d, vcov=vcov, weights=weights)
    # the three auxiliary fits warn alike: once, naming the model the set is for
    what = f"Anderson-Rubin set for {x} in {y} ~ {' + '.join(exog) or '1'}{tail} | {x} ~ {z}"
    for w in {str(w.message): w for w in caught}.values():
        warnings.warn(f"{what}: {w.message}", w.category, stacklevel=2)
    est = {b: float(f.coef[z]) for b, f in fits.items()}
    var = {b: float(f.se[z]) ** 2 for b, f in fits.items()}
    a = est[0.0]
    c = a - est[1.0]
    A = var[0.0]
    C = (var[1.0] + var[-1.0]) / 2.0 - A
    B = (var[-1.0] - var[1.0]) / 4.0
    q = float(stats.t.ppf(0.5 + level / 2, fits[0.0].df_t))
    return solve_ar(a, c, A, B, C, q, level)
