"""Wild cluster bootstrap: p-values and confidence intervals by test inversion.

The test is the restricted (null imposed) WCR11 bootstrap-t of Cameron, Gelbach and Miller
(2008) for a scalar restriction ``H0: beta_term = r``, the variant run by ``boottest`` and by
the ``wildboottest`` package behind pyfixest's ``Feols.wildboottest``. pyfixest 0.60 only
tests ``r = 0``, so the test is implemented here directly, following the "fast and wild"
algebra of Roodman, MacKinnon, Nielsen and Webb (2019): the restricted estimate, the
restricted residuals and hence the bootstrap numerator and the cluster score matrix are affine
in ``r``, so after one O(N k G + G^2 B) set-up the bootstrap t-statistics

    t*_b(r) = (n0_b + r n1_b) / sqrt(ssc (a_b + 2 r c_b + r^2 d_b))

and the p-value ``p(r) = mean(|t*_b(r)| >= |t(r)|)``, ``t(r) = (beta_hat - r) / se``, cost
O(B) for every ``r``.

Ties. A draw whose ``|t*|`` equals ``|t|`` counts as at least as extreme (Davidson and MacKinnon's
``p = #{|t*| >= |t|} / B``). Ties are not rare: under full enumeration of Rademacher weights
(``2^G <= reps``) the all-ones and all-minus-ones draws reproduce ``|t|`` exactly in exact
arithmetic, and in floating point they land a few ulps either side of it, so a strict ``>``
would make the p-value depend on rounding (and on BLAS threading). Equality is therefore tested
with a relative tolerance :data:`TIE_RTOL`; counting ties is the conservative choice (it never
lowers the p-value). ``wildboottest`` counts strictly (``>``), so its p-value can be lower by
``#ties / B``. The bootstrap weights are drawn once, with ``wildboottest``'s own
``draw_weights`` and the same seeded generator, so ``p(0)`` and ``t*(0)`` are exactly those of
``Feols.wildboottest`` (cross-checked in ``tests/estimators/test_wild_ci.py``) and every
``p(r)`` uses the same draw: ``p`` is a deterministic step function of ``r``.

The confidence interval is the set of ``r`` the test does not reject at level ``1 - conf``
(reject iff ``p(r) < 1 - conf``), found on each side of the estimate by bracketing (starting
from ``estimate +- q SE``, ``q`` the ``conf`` quantile of ``|t*(0)|``, doubling the step) and
bisection to a tolerance of ``1e-4 SE``, with at most 25 evaluations per side. If no rejected
point is found within that budget, the bound falls back to ``estimate +- q SE`` and the result
says so. As in pyfixest, the model matrix expands every fixed effect into dummies; the
small-sample factor (N-1)/(N-K) x G/(G-1) cancels in the bootstrap-t. A weighted (WLS) fit is
bootstrapped on its sqrt(weight)-scaled design (:mod:`gvc.estimators.wild_weighted`). Not
available for IV fits or two-way clustering.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse

from gvc.estimators import pyfixest_adapter as pfa
from gvc.estimators.errors import SpecificationError
from gvc.estimators.vcov import VcovSpec

MAX_EVALS_PER_SIDE = 25
"""Bound on p-value evaluations for each CI endpoint (bracketing plus bisection)."""

TIE_RTOL = 1e-9
"""``|t*|`` within ``TIE_RTOL x max(|t|, 1)`` of ``|t|`` is a tie, counted as at least as extreme."""

REL_TOL = 1e-4
"""Bisection stops once the bracket is narrower than ``REL_TOL x SE``."""


def bootstrap_p_value(t: float, t_boot: np.ndarray) -> float:
    """``mean(|t*| >= |t|)`` with ties within :data:`TIE_RTOL` counted as at least as extreme."""
    tol = TIE_RTOL * max(abs(t), 1.0)
    return float(np.mean(np.abs(t_boot) > abs(t) - tol))


@dataclass(frozen=True)
class WildInterval:
    """A confidence interval from inverting the wild bootstrap test (see :meth:`WildTest.ci`)."""

    low: float
    high: float
    conf_level: float
    method: str
    converged: tuple[bool, bool]
    n_evals: tuple[int, int]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class WildTest:
    """WCR11 wild cluster bootstrap test of ``H0: beta_term = r`` for any ``r``.

    Build with :func:`wild_test`. ``n0, n1, a, c, d`` are the per-draw coefficients of the
    numerator and squared-denominator polynomials in ``r`` (see the module docstring).
    """

    term: str
    estimate: float
    se: float
    ssc: float
    reps: int
    weights_type: str
    seed: int | None
    n_clusters: int
    n0: np.ndarray = field(repr=False)
    n1: np.ndarray = field(repr=False)
    a: np.ndarray = field(repr=False)
    c: np.ndarray = field(repr=False)
    d: np.ndarray = field(repr=False)

    # ------------------------------------------------------------------ the test
    def t_stat(self, r: float) -> float:
        """Observed t-statistic of ``H0: beta = r`` (CRV1, unrestricted residuals)."""
        return (self.estimate - r) / self.se

    def t_boot(self, r: float = 0.0) -> np.ndarray:
        """The ``reps`` bootstrap t-statistics with ``beta = r`` imposed."""
        denom = self.ssc * (self.a + 2.0 * r * self.c + r * r * self.d)
        with np.errstate(divide="ignore", invalid="ignore"):
            return (self.n0 + r * self.n1) / np.sqrt(np.maximum(denom, 0.0))

    def p_value(self, r: float = 0.0) -> float:
        """Two-sided bootstrap p-value of ``H0: beta = r``: share of draws with ``|t*| >= |t|``.

        Ties (within :data:`TIE_RTOL`) count as at least as extreme; see the module docstring.
        """
        return bootstrap_p_value(self.t_stat(r), self.t_boot(r))

    def approx_interval(self, conf_level: float = 0.95) -> tuple[float, float]:
        """``estimate +- q SE`` with ``q`` the ``conf_level`` quantile of ``|t*(0)|``."""
        q = float(np.quantile(np.abs(self.t_boot(0.0)), conf_level))
        return self.estimate - q * self.se, self.estimate + q * self.se

    # ------------------------------------------------------------------ inversion
    @property
    def method(self) -> str:
        return (
            f"wild bootstrap test inversion (WCR, {self.weights_type.capitalize()} weights, "
            f"{self.reps} reps)"
        )

    def ci(
        self,
        conf_level: float = 0.95,
        *,
        max_evals: int = MAX_EVALS_PER_SIDE,
        rel_tol: float = REL_TOL,
    ) -> WildInterval:
        """The set of ``r`` with ``p(r) >= 1 - conf_level``, as ``[low, high]``.

        Each bound is found by bracketing and bisection (at most ``max_evals`` p-values per
        side, stopping at a bracket narrower than ``rel_tol x SE``) and reported as the
        midpoint of the final bracket. A side without a rejected point within the budget falls
        back to ``estimate -+ q SE`` (see :meth:`approx_interval`) and adds a note.
        """
        if not 0 < conf_level < 1:
            raise ValueError(f"conf_level must be in (0, 1), got {conf_level}")
        alpha = 1.0 - conf_level
        approx = self.approx_interval(conf_level)
        bounds, conv, evals, notes = [], [], [], []
        for side, fallback in ((-1.0, approx[0]), (1.0, approx[1])):
            bound, ok, n, note = self._bound(side, alpha, fallback, max_evals, rel_tol)
            bounds.append(bound)
            conv.append(ok)
            evals.append(n)
            if note:
                notes.append(note)
        return WildInterval(
            low=bounds[0],
            high=bounds[1],
            conf_level=conf_level,
            method=self.method,
            converged=(conv[0], conv[1]),
            n_evals=(evals[0], evals[1]),
            notes=tuple(notes),
        )

    def _bound(
        self, side: float, alpha: float, fallback: float, max_evals: int, rel_tol: float
    ) -> tuple[float, bool, int, str]:
        """One CI endpoint: ``(value, converged, evaluations, note)``."""
        name = "upper" if side > 0 else "lower"
        est, se = self.estimate, self.se
        if not (np.isfinite(est) and np.isfinite(se) and se > 0):
            return fallback, False, 0, f"{name} CI bound: degenerate SE, no inversion"
        tol = rel_tol * se
        n = 0

        def rejected(r: float) -> bool:
            nonlocal n
            n += 1
            return self.p_value(r) < alpha

        inner = est  # t(est) = 0: never rejected unless every |t*| is 0
        if rejected(inner):
            return fallback, False, n, f"{name} CI bound: test rejects at the estimate"
        step = max(abs(fallback - est), se)
        while True:
            outer = est + side * step
            if n >= max_evals:
                sign = "+" if side > 0 else "-"
                return (
                    fallback,
                    False,
                    n,
                    f"{name} CI bound: no rejection within {n} evaluations (up to "
                    f"{abs(inner - est) / se:.3g} SE); fell back to estimate {sign} q x SE",
                )
            if rejected(outer):
                break
            inner, step = outer, 2.0 * step
        while abs(outer - inner) > tol and n < max_evals:
            mid = 0.5 * (inner + outer)
            if rejected(mid):
                outer = mid
            else:
                inner = mid
        ok = abs(outer - inner) <= tol
        note = (
            "" if ok else f"{name} CI bound: bisection stopped at {abs(outer - inner) / se:.2g} SE"
        )
        return 0.5 * (inner + outer), ok, n, note


# ---------------------------------------------------------------------- construction
def _weights(weights_type: str, n_clusters: int, reps: int, seed: int | None) -> np.ndarray:
    """The G x B weight matrix exactly as ``wildboottest.WildboottestCL.get_weights`` draws it."""
    from wildboottest.weights import draw_weights

    if seed is None:  # same fallback as wildboottest
        seed = np.random.randint(low=1, high=(2**32 - 1), size=1, dtype=np.int64)
    rng = np.random.default_rng(seed=seed)
    full = weights_type == "rademacher" and 2**n_clusters < reps
    v, _ = draw_weights(
        t=weights_type, full_enumeration=full, N_G_bootcluster=n_clusters, boot_iter=reps, rng=rng
    )
    return np.asarray(v, dtype=float)


def wild_test(
    X: np.ndarray,
    y: np.ndarray,
    cluster: np.ndarray,
    j: int,
    *,
    reps: int = 999,
    weights_type: str = "webb",
    seed: int | None = None,
    term: str = "",
) -> WildTest:
    """Set up the WCR11 test of ``H0: beta_j = r`` for the OLS fit of ``y`` on ``X``.

    ``X`` must include every regressor, fixed-effect dummies and the intercept (as in
    pyfixest's ``_model_matrix_one_hot``); ``cluster`` labels the rows (one-way clustering).
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float).ravel()
    n_obs, k = X.shape
    _, g_idx = np.unique(np.asarray(cluster).ravel(), return_inverse=True)
    n_clusters = int(g_idx.max()) + 1

    member = sparse.csr_matrix(
        (np.ones(n_obs), (g_idx, np.arange(n_obs))), shape=(n_clusters, n_obs)
    )

    def by_cluster(m: np.ndarray) -> np.ndarray:
        """Sum the rows of ``m`` within clusters (G x ...)."""
        return np.asarray(member @ m)

    # interacted fixed effects (country x industry + country x year) give collinear dummy
    # columns: then the pseudo-inverse (the tested coefficient stays identified and X (X'X)^+ X'
    # is still the projection on X's column space); full-rank designs keep the plain inverse
    xtx = X.T @ X
    rank_deficient = np.linalg.matrix_rank(xtx, hermitian=True) < k
    tXXinv = np.linalg.pinv(xtx, hermitian=True) if rank_deficient else np.linalg.inv(xtx)
    beta_hat = tXXinv @ (X.T @ y)
    w = tXXinv[:, j]  # (X'X)^-1 R'
    q = X @ w  # row contributions to R (X'X)^-1 X'
    ssc = (n_obs - 1) / (n_obs - k) * n_clusters / (n_clusters - 1)
    se = float(np.sqrt(ssc * np.sum(by_cluster(q * (y - X @ beta_hat)) ** 2)))

    # restricted estimate beta~(r) = beta_hat - (w / w_j) (beta_hat_j - r): residuals u0 + r u1
    dvec = w / w[j]
    u0 = y - X @ (beta_hat - dvec * beta_hat[j])
    u1 = -(X @ dvec)
    v = _weights(weights_type, n_clusters, reps, seed)  # G x B

    def pieces(u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Numerator and cluster-score coefficients for residual vector ``u`` (affine part)."""
        cg = by_cluster(q * u)  # C_g = R (X'X)^-1 X_g' u_g
        scores = by_cluster(X * u[:, None])  # G x k, X_g' u_g
        # H[g, h] = R (X'X)^-1 X_g'X_g (X'X)^-1 X_h' u_h
        h = by_cluster(q[:, None] * (X @ (tXXinv @ scores.T)))
        z = cg[:, None] * v - h @ v  # G x B
        return cg @ v, z

    n0, z0 = pieces(u0)
    n1, z1 = pieces(u1)
    return WildTest(
        term=term,
        estimate=float(beta_hat[j]),
        se=se,
        ssc=float(ssc),
        reps=int(v.shape[1]),
        weights_type=weights_type,
        seed=seed,
        n_clusters=n_clusters,
        n0=n0,
        n1=n1,
        a=np.sum(z0 * z0, axis=0),
        c=np.sum(z0 * z1, axis=0),
        d=np.sum(z1 * z1, axis=0),
    )


def model_wild_tests(model: Any, spec: VcovSpec, terms: list[str]) -> dict[str, WildTest]:
    """:func:`wild_test` for each of ``terms`` of a fitted pyfixest ``Feols``.

    Uses the same model matrix (fixed effects as dummies) and cluster codes as pyfixest's
    ``Feols.wildboottest``; a weighted fit uses the sqrt(weight)-scaled design of
    :func:`gvc.estimators.wild_weighted.weighted_design` (fixed effects nested in the clusters
    partialled out exactly, the others kept as dummies).
    """
    if pfa.has_weights(model):
        from gvc.estimators.wild_weighted import weighted_design

        y, X, names, w = pfa.weighted_parts(model)
        design = weighted_design(
            pfa.model_data(model), y, X, names, pfa.fixed_effects(model), spec.cluster[0], w
        )
        y, X, names, cluster = design.y, design.X, design.names, design.cluster
    else:
        y, X, names = pfa.one_hot_design(model)
        cluster = pfa.model_data(model)[spec.cluster[0]].to_numpy().ravel()
    return {
        term: wild_test(
            X,
            y,
            cluster,
            names.index(term),
            reps=spec.reps,
            weights_type=spec.weights_type,
            seed=spec.seed,
            term=term,
        )
        for term in terms
    }


def wild_bootstrap_terms(
    model: Any, spec: VcovSpec, terms: list[str], conf_level: float = 0.95
) -> dict[str, dict]:
    """Run the bootstrap for each term.

    Returns ``{term: {"p_value", "t_boot", "reps", "ci_low", "ci_high", "conf_level",
    "ci_method", "ci_converged", "ci_notes", "test"}}``: the p-value of ``H0: beta = 0``
    (identical to pyfixest's ``wildboottest``), the bootstrap t's under that null, and the
    ``conf_level`` CI by test inversion; ``test`` is the :class:`WildTest` (``p_value(r)``).
    """
    if pfa.is_iv(model):
        raise SpecificationError("the wild cluster bootstrap is not available for IV fits")
    tests = model_wild_tests(model, spec, terms)
    out: dict[str, dict] = {}
    for term, test in tests.items():
        ci = test.ci(conf_level)
        out[term] = {
            "p_value": test.p_value(0.0),
            "t_boot": test.t_boot(0.0),
            "reps": test.reps,
            "ci_low": ci.low,
            "ci_high": ci.high,
            "conf_level": conf_level,
            "ci_method": ci.method,
            "ci_converged": ci.converged,
            "ci_notes": list(ci.notes),
            "test": test,
        }
    return out
