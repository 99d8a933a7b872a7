"""Randomization inference over treatment assignments for a difference-in-differences with few
treated clusters, and the minimum detectable effect it implies.

Model: ``y ~ controls + sum_k z_k x D | fe_1 + fe_2`` where ``D = 1[unit in S]`` marks the treated
units (``S``: a set of ``n_treated`` units) and the ``z_k`` are columns (e.g. ``gdp_g``,
``gdp_g x post``, ``post``); the coefficient of interest is that of ``z_target x D``. With few
treated clusters, cluster-robust t-tests over-reject and even the wild cluster bootstrap has
little power (MacKinnon and Webb 2017, 2020); randomization inference asks instead how unusual
the estimate is among the estimates every other assignment of ``n_treated`` treated units
would give (Fisher's sharp null of no effect; the assignment is treated as exchangeable, which
holds only approximately when treatment follows robot density).

Each assignment's estimate is exact OLS with the fixed effects partialled out: by
Frisch-Waugh-Lovell the demeaned ``z_k x 1[unit = u]`` of every unit ``u`` are computed once
(alternating projections, :func:`pyfixest.estimation.demean`), and an assignment's regressors
are sums of them, so all assignments cost one Gram matrix and a batch of small solves. All
``C(units, n_treated)`` assignments are used when there are at most :data:`MAX_EXACT` of them,
else :data:`DRAWS` random ones (fixed seed).

Minimum detectable effect: the smallest effect ``tau`` (in the claimed direction) that the
randomization test at 5% (two-sided) would detect with 80% power, taking the assignments'
estimates, centred, as the estimate's sampling distribution: power(tau) = share of
assignments with ``|b_S - mean + tau|`` beyond the test's critical value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import combinations

import numpy as np
import pandas as pd

MAX_EXACT = 50_000
"""Enumerate every assignment up to this many; else draw :data:`DRAWS` at random."""
DRAWS = 9_999
SEED = 20240501


@dataclass(frozen=True)
class RandomizationResult:
    """Randomization inference on one coefficient.

    Attributes:
        estimate: the coefficient with the observed assignment.
        p_two_sided: share of assignments whose |estimate| is at least the observed one.
        p_claimed: share of assignments whose estimate is at least as far in the claimed
            direction (``direction`` -1: as low or lower).
        n_assignments: assignments used (the observed one included); ``exact``: all of them.
        n_units, n_treated: units that can be treated and units treated.
        critical: the 95th percentile of |centred estimate| (the test's cut-off).
        mde: minimum detectable effect at 80% power (5% two-sided), in the estimate's unit.
        draws: every assignment's estimate.
    """

    estimate: float
    p_two_sided: float
    p_claimed: float
    n_assignments: int
    exact: bool
    n_units: int
    n_treated: int
    critical: float
    mde: float
    draws: np.ndarray

    def words(self) -> str:
        """One sentence for a ledger note."""
        how = (
            f"all {self.n_assignments:,} assignments of {self.n_treated} treated among "
            f"{self.n_units} units"
            if self.exact
            else f"{self.n_assignments:,} random assignments (seed {SEED}) of {self.n_treated} "
            f"treated among {self.n_units} units"
        )
        return (
            f"randomization inference over {how}: two-sided p = {self.p_two_sided:.2f}, "
            f"p in the claimed direction = {self.p_claimed:.2f}; minimum detectable effect at "
            f"80% power (5% two-sided) {self.mde:.2g}"
        )

    def table(self) -> pd.DataFrame:
        """The result as a one-row frame (for the report's tables)."""
        return pd.DataFrame(
            [
                {
                    "estimate": self.estimate,
                    "p_two_sided": self.p_two_sided,
                    "p_claimed_direction": self.p_claimed,
                    "assignments": self.n_assignments,
                    "exact": self.exact,
                    "units": self.n_units,
                    "treated": self.n_treated,
                    "critical_abs_estimate": self.critical,
                    "mde_80pct_power": self.mde,
                }
            ]
        )


def _assignments(n_units: int, k: int, observed: tuple[int, ...]) -> tuple[np.ndarray, bool]:
    total = math.comb(n_units, k)
    if total <= MAX_EXACT:
        return np.array(list(combinations(range(n_units), k)), dtype=np.int64), True
    rng = np.random.default_rng(SEED)
    draws = np.array([np.sort(rng.choice(n_units, k, replace=False)) for _ in range(DRAWS)])
    return np.vstack([np.array(observed)[None, :], draws]), False


def randomization_inference(
    data: pd.DataFrame,
    *,
    y: str,
    controls: list[str],
    interacted: list[str],
    target: str,
    unit: str,
    treated: set[str],
    fe: tuple[str, ...],
    direction: int = -1,
) -> RandomizationResult:
    """Randomization inference on the coefficient of ``target x D`` (see the module docstring).

    Args:
        data: one row per observation with ``y``, ``controls``, ``interacted``, ``unit`` and the
            ``fe`` columns; rows with missing values are dropped.
        y: the outcome.
        controls: regressors not interacted with treatment (e.g. ``gdp_g``, ``gdp_g_post``).
        interacted: the columns ``z_k`` that enter as ``z_k x D`` (``target`` among them).
        target: the ``z_k`` whose interaction is tested.
        unit: the column naming the units that are assigned treatment (e.g. ``iso3``).
        treated: the observed treated units.
        fe: fixed-effect columns (partialled out).
        direction: the claimed sign of the effect (for ``p_claimed`` and the MDE).
    """
    from pyfixest.estimation import demean

    cols = list(dict.fromkeys([y, *controls, *interacted, unit, *fe]))
    d = data[cols].dropna().reset_index(drop=True)
    units = sorted(d[unit].astype(str).unique())
    index = {u: i for i, u in enumerate(units)}
    observed = tuple(sorted(index[u] for u in treated if u in index))
    k = len(observed)
    if k == 0 or k == len(units):
        raise ValueError("randomization inference needs treated and untreated units")
    n, n_units, n_z, p0 = len(d), len(units), len(interacted), len(controls)
    codes = d[unit].astype(str).map(index).to_numpy()
    blocks = [d[[y, *controls]].to_numpy(float)]
    for z in interacted:
        zv = d[z].to_numpy(float)
        m = np.zeros((n, n_units))
        m[np.arange(n), codes] = zv
        blocks.append(m)
    raw = np.column_stack(blocks)
    flist = np.column_stack([pd.factorize(d[f])[0].astype(np.uint64) for f in fe])
    res, ok = demean(raw, flist, np.ones(n), tol=1e-12, maxiter=100_000)
    if not ok:
        raise ValueError("demeaning on the fixed effects did not converge")
    yv, x0 = res[:, 0], res[:, 1 : 1 + p0]
    per = [res[:, 1 + p0 + j * n_units : 1 + p0 + (j + 1) * n_units] for j in range(n_z)]
    assign, exact = _assignments(n_units, k, observed)
    m_a = len(assign)
    T = np.zeros((m_a, n_units))
    T[np.repeat(np.arange(m_a), k), assign.ravel()] = 1.0
    dim = p0 + n_z
    xtx = np.empty((m_a, dim, dim))
    xty = np.empty((m_a, dim))
    xtx[:, :p0, :p0] = x0.T @ x0
    xty[:, :p0] = x0.T @ yv
    for a in range(n_z):
        xtx[:, :p0, p0 + a] = T @ (per[a].T @ x0)
        xtx[:, p0 + a, :p0] = xtx[:, :p0, p0 + a]
        xty[:, p0 + a] = T @ (per[a].T @ yv)
        for b in range(a, n_z):
            h = per[a].T @ per[b]
            v = np.einsum("mu,uv,mv->m", T, h, T)
            xtx[:, p0 + a, p0 + b] = v
            xtx[:, p0 + b, p0 + a] = v
    beta = np.linalg.solve(xtx, xty[..., None])[..., 0]
    draws = beta[:, p0 + interacted.index(target)]
    obs_row = int(np.flatnonzero((assign == np.array(observed)).all(axis=1))[0])
    b_obs = float(draws[obs_row])
    tol = 1e-10 * max(1.0, abs(b_obs))
    p_two = float(np.mean(np.abs(draws) >= abs(b_obs) - tol))
    p_dir = float(np.mean(direction * draws >= direction * b_obs - tol))
    centred = draws - draws.mean()
    crit = float(np.quantile(np.abs(centred), 0.95))
    taus = np.linspace(0, 10 * crit + 1e-12, 2001)
    power = np.array([np.mean(np.abs(centred + direction * t) > crit) for t in taus])
    mde = float(taus[np.argmax(power >= 0.8)]) if (power >= 0.8).any() else float("inf")
    return RandomizationResult(b_obs, p_two, p_dir, m_a, exact, n_units, k, crit, mde, draws)
