"""Equal-weighted cosine (EWC) HAR variance for OLS with fixed-b t(B) critical values.

Lazarus, Lewis, Stock and Watson (2018), "HAR Inference: Recommendations for Practice", JBES
36(4), 541-559, eqs. (4)-(5) and Table 1: the long-run variance of the scores ``z_t = x_t u_t``
(t = 1..T) is estimated by projecting them on the first B type-II cosines,

    Lambda_j = sqrt(2/T) sum_t z_t cos(pi j (t - 1/2) / T),    Omega = (1/B) sum_j Lambda_j Lambda_j',

with ``B = 0.4 T^(2/3)`` rounded (at least 1). Under fixed-b asymptotics the t-ratio of one
coefficient is Student t with B degrees of freedom, so the interval is ``b +- t_B se``.

Two variants, both computed here (numpy only: statsmodels 0.15 has neither the EWC estimator
nor fixed-b critical values):

- :func:`ewc_cov` (``"scores"``): the published estimator on the scores ``x_t u_t``, robust to
  heteroskedasticity as well as autocorrelation; B cosines of the scores.
- :func:`ewc_cov` (``"residual-projected"``): the long-run variance of the errors from the
  residuals' projections on the B lowest cosines *after* removing from the cosines their part
  in the span of the regressors (orthonormalised), ``V = (X'X)^-1 sigma2_lr``. With a
  deterministic regressor such as a time trend the plain cosines are not orthogonal to it; the
  projected ones are, so with iid normal errors the t-ratio is *exactly* t(B), and with
  B = T - k the estimator is the classical OLS variance (s^2 (X'X)^-1). It assumes
  homoskedastic errors (a trend in a share series: autocorrelation is the concern).
"""

from __future__ import annotations

import math

import numpy as np

VARIANTS = ("scores", "residual-projected")


def ewc_bandwidth(n: int) -> int:
    """LLSW (2018) rule ``B = 0.4 T^(2/3)`` rounded half up, at least 1 (T = ``n`` periods)."""
    if n < 1:
        raise ValueError(f"n must be a positive number of periods, got {n}")
    return max(1, math.floor(0.4 * n ** (2 / 3) + 0.5))


def cosine_basis(n: int, b: int) -> np.ndarray:
    """The ``n x b`` type-II cosines ``sqrt(2/n) cos(pi j (t - 1/2) / n)``, t = 1..n, j = 1..b
    (orthonormal columns, each orthogonal to the constant)."""
    if not 1 <= b <= n - 1:
        raise ValueError(f"EWC needs 1 <= B <= n - 1 cosines, got B = {b} for n = {n}")
    t = np.arange(1, n + 1) - 0.5
    return math.sqrt(2 / n) * np.cos(np.pi * np.outer(t, np.arange(1, b + 1)) / n)


def ewc_long_run_variance(z: np.ndarray, b: int) -> np.ndarray:
    """``Omega = (1/B) sum_j Lambda_j Lambda_j'`` of the ``n x k`` array ``z`` (a ``k x k``
    array; the scores of an OLS fit with a constant sum to zero, so no demeaning is needed)."""
    z = np.asarray(z, dtype=float)
    z2 = z.reshape(len(z), -1)
    lam = cosine_basis(len(z2), b).T @ z2
    return lam.T @ lam / b


def projected_cosines(X: np.ndarray, b: int) -> np.ndarray:
    """The lowest cosines made orthogonal to the columns of ``X`` (``n x b``, orthonormal).

    The cosines 1..B are projected off ``X``; where that leaves fewer than B independent
    directions (B close to n - k) the next cosines are added, so the result always spans B
    directions of the residual space."""
    n, k = X.shape
    if not 1 <= b <= n - k:
        raise ValueError(f"residual-projected EWC needs 1 <= B <= n - k = {n - k}, got B = {b}")
    q, _ = np.linalg.qr(X)
    c = cosine_basis(n, n - 1)
    c = c - q @ (q.T @ c)
    # Gram-Schmidt in order of frequency, skipping directions that vanish after the projection
    basis: list[np.ndarray] = []
    for j in range(c.shape[1]):
        v = c[:, j].copy()
        for _ in range(2):  # twice: classical Gram-Schmidt re-orthogonalised
            for w in basis:
                v -= (w @ v) * w
        norm = float(np.linalg.norm(v))
        if norm > 1e-8:
            basis.append(v / norm)
        if len(basis) == b:
            break
    return np.column_stack(basis)


def ewc_cov(
    y: np.ndarray, X: np.ndarray, b: int | None = None, variant: str = "scores"
) -> tuple[np.ndarray, np.ndarray, int]:
    """OLS of ``y`` on ``X`` with the EWC covariance: ``(beta, cov, B)``; use t(B).

    ``variant`` is ``"scores"`` (LLSW 2018: ``(X'X)^-1 T Omega (X'X)^-1`` with ``Omega`` from
    :func:`ewc_long_run_variance` of ``x_t u_t``) or ``"residual-projected"`` (``(X'X)^-1``
    times the mean square of the residuals' projections on :func:`projected_cosines`).
    ``b`` defaults to :func:`ewc_bandwidth`."""
    if variant not in VARIANTS:
        raise ValueError(f"variant must be one of {VARIANTS}, got {variant!r}")
    y = np.asarray(y, dtype=float)
    X = np.asarray(X, dtype=float)
    n = len(y)
    b = ewc_bandwidth(n) if b is None else int(b)
    q, r = np.linalg.qr(X)  # QR rather than inv(X'X): years as regressors are ill-conditioned
    r_inv = np.linalg.inv(r)
    xtx_inv = r_inv @ r_inv.T
    beta = r_inv @ (q.T @ y)
    resid = y - X @ beta
    if variant == "scores":
        omega = ewc_long_run_variance(X * resid[:, None], b)
        cov = xtx_inv @ (n * omega) @ xtx_inv
    else:
        lam = projected_cosines(X, b).T @ resid
        cov = xtx_inv * float(lam @ lam / b)
    return beta, cov, b
