"""Leontief algebra: one LU factorization of I - A reused for every right-hand side.

``B = (I - A)^-1`` is never formed unless asked for (``Leontief.inverse``). Diagonal blocks B_ss
come from the trailing parts of the same LU factors: I - A with non-negative A and column sums
< 1 is strictly column diagonally dominant, so partial pivoting does no row swaps and I - A = L U
exactly; the trailing factors L[c:, c:] U[c:, c:] are then the Schur complement of I - A whose
inverse is B[c:, c:]. Countries are taken in about :data:`DIAG_CHUNKS` chunks; a chunk starting
at row c solves L[c:, c:] U[c:, c:] X = I[c:, chunk] (two triangular solves with many right-hand
sides, level-3 BLAS) and keeps its diagonal blocks. Cost: ~2 n^3 (1/3 + 1/(2k)) flops for k
chunks (~1.2 LU units by flops at k = 8; about 1 LU unit of time with multi-threaded BLAS, where
LAPACK's triangular inversion (``dtrtri``, used before) took 2-3.6). When LAPACK did pivot (e.g.
negative coefficients), diagonal blocks fall back to solves with N right-hand sides each.
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import lu_factor, lu_solve

from gvc.errors import ValidationError

SINGULAR_RTOL = 1e-12
DIAG_CHUNKS = 8
"""Chunks of countries for the diagonal blocks of B (see the module docstring)."""


class Leontief:
    """LU factorization of ``I - A`` (n x n) with country blocks of size ``N``."""

    def __init__(self, A: np.ndarray, N: int, labels=None) -> None:
        n = A.shape[0]
        self.n, self.N, self.G = n, N, n // N
        M = np.empty((n, n), order="F")  # LAPACK's layout: lu_factor then works in place
        np.negative(A, out=M)
        M[np.diag_indices(n)] += 1.0
        self.lu, self.piv = lu_factor(M, overwrite_a=True, check_finite=False)
        d = np.abs(np.diag(self.lu))
        k = int(np.argmin(d))
        if not d[k] > SINGULAR_RTOL * max(d.max(), 1.0):
            label = labels[k] if labels is not None else str(k)
            raise ValidationError(
                f"ICIO check 'singular' failed for sector {label}: I - A is singular "
                f"(LU pivot {d[k]:.3g})"
            )
        self.pivoted = not np.array_equal(self.piv, np.arange(n))
        self._diag: list[np.ndarray] | None = None

    def solve(self, rhs: np.ndarray) -> np.ndarray:
        """B @ rhs (rhs: (n,) or (n, k))."""
        return lu_solve((self.lu, self.piv), rhs, check_finite=False)

    def solve_t(self, rhs: np.ndarray) -> np.ndarray:
        """B' @ rhs, i.e. row vectors r B returned as columns (rhs: (n,) or (n, k))."""
        return lu_solve((self.lu, self.piv), rhs, trans=1, check_finite=False)

    def inverse(self) -> np.ndarray:
        """The full Leontief inverse B (n x n); avoid for large tables."""
        return self.solve(np.eye(self.n))

    def diag_blocks(self) -> list[np.ndarray]:
        """[B_ss for each country s], each N x N (cached)."""
        if self._diag is None:
            self._diag = self._diag_fallback() if self.pivoted else self._diag_trailing()
        return self._diag

    def _diag_trailing(self) -> list[np.ndarray]:
        N, G, n = self.N, self.G, self.n
        per = -(-G // DIAG_CHUNKS)
        out = []
        for start in range(0, G, per):
            stop = min(G, start + per)
            c, w = start * N, (stop - start) * N
            rhs = np.zeros((n - c, w), order="F")
            rhs[np.arange(w), np.arange(w)] = 1.0
            piv = np.arange(n - c, dtype=np.int32)  # no row swaps (checked: not self.pivoted)
            X = lu_solve((self.lu[c:, c:], piv), rhs, overwrite_b=True, check_finite=False)
            out.extend(X[k * N : (k + 1) * N, k * N : (k + 1) * N].copy()
                       for k in range(stop - start))  # fmt: skip
        return out

    def _diag_fallback(self) -> list[np.ndarray]:
        return [self.block(np.arange(s * self.N, (s + 1) * self.N)) for s in range(self.G)]

    def block(self, idx: np.ndarray) -> np.ndarray:
        """B[idx][:, idx] by solving with the identity columns idx."""
        rhs = np.zeros((self.n, idx.size))
        rhs[idx, np.arange(idx.size)] = 1.0
        return self.solve(rhs)[idx]


class LocalInverses:
    """Block-diagonal local Leontief inverses L = diag((I - A_ss)^-1), one LU per country."""

    def __init__(self, A: np.ndarray, N: int) -> None:
        n = A.shape[0]
        self.n, self.N, self.G = n, N, n // N
        eye = np.eye(N)
        self._lu = [
            lu_factor(eye - A[s * N : (s + 1) * N, s * N : (s + 1) * N], check_finite=False)
            for s in range(self.G)
        ]

    def solve(self, rhs: np.ndarray, trans: int = 0) -> np.ndarray:
        """L @ rhs (trans=0) or L' @ rhs (trans=1), block by block; rhs (n,) or (n, k)."""
        out = np.empty_like(rhs, dtype=np.float64)
        N = self.N
        for s, f in enumerate(self._lu):
            sl = slice(s * N, (s + 1) * N)
            out[sl] = lu_solve(f, rhs[sl], trans=trans, check_finite=False)
        return out

    def solve_t(self, rhs: np.ndarray) -> np.ndarray:
        """L' @ rhs: row vectors r L returned as columns."""
        return self.solve(rhs, trans=1)

    def matrix(self, s: int) -> np.ndarray:
        """(I - A_ss)^-1 for country s, N x N."""
        return lu_solve(self._lu[s], np.eye(self.N), check_finite=False)


def local_inverse(A: np.ndarray, idx: np.ndarray):
    """LU factors of I - A[idx, idx] (for country groups)."""
    return lu_factor(np.eye(idx.size) - A[np.ix_(idx, idx)], check_finite=False)


# --------------------------------------------------------------------- functional helpers
def technical_coefficients(Z: np.ndarray, x: np.ndarray) -> np.ndarray:
    """A = Z diag(x)^-1 by broadcasting; columns with x = 0 are 0."""
    x = np.asarray(x, dtype=np.float64)
    zero = x == 0
    A = np.asarray(Z, dtype=np.float64) / np.where(zero, 1.0, x)
    A[:, zero] = 0.0
    return A


def leontief_inverse(A: np.ndarray) -> np.ndarray:
    """B = (I - A)^-1 (dense; for small tables and tests)."""
    M = np.eye(A.shape[0]) - A
    return lu_solve(lu_factor(M, check_finite=False), np.eye(A.shape[0]), check_finite=False)


def ghosh_inverse(Z: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Ghosh inverse G = (I - Abar)^-1 with Abar = diag(x)^-1 Z; equals diag(x)^-1 B diag(x)."""
    x = np.asarray(x, dtype=np.float64)
    safe = np.where(x == 0, 1.0, x)
    Abar = np.asarray(Z, dtype=np.float64) / safe[:, None]
    Abar[x == 0, :] = 0.0
    return leontief_inverse(Abar)


def va_multipliers(v: np.ndarray, A: np.ndarray | None = None, leontief: Leontief | None = None):
    """Value-added multipliers v B (row vector, (n,)): value added generated per unit of final
    demand for each sector's product. Sums to 1 column-wise when va is the residual x - Z'1."""
    if leontief is None:
        leontief = Leontief(A, A.shape[0])
    return leontief.solve_t(np.asarray(v, dtype=np.float64))


def va_multiplier_matrix(v: np.ndarray, A: np.ndarray) -> np.ndarray:
    """diag(v) B (n x n, dense): value added of row sector embodied in column sector's final
    demand (pymrio's ``M``-style multiplier matrix for value added)."""
    return v[:, None] * leontief_inverse(A)
