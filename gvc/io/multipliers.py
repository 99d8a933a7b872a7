"""Shared Leontief products for one table, computed once and cached on the ICIO.

All are matrix-vector (or n x G) solves with the single LU factorization of I - A, or
block-diagonal solves with the local inverses; units follow the table (ratios are unitless).
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
from scipy.linalg import lu_solve

from gvc.io.leontief import local_inverse


class Multipliers:
    """Cached multipliers of an ICIO ``io`` (see ``multipliers(io)``)."""

    def __init__(self, io) -> None:
        self.io = io

    @cached_property
    def VB(self) -> np.ndarray:
        """v B (n,): value added (all countries) per unit of each sector's output."""
        return self.io.leontief.solve_t(self.io.v)

    @cached_property
    def VsB(self) -> np.ndarray:
        """(n, G): column s is the row vector V_s B_{s.}: value added of country s per unit of
        final output of each sector (one transposed solve with G right-hand sides)."""
        io = self.io
        Vd = np.zeros((io.n, io.G))
        Vd[np.arange(io.n), io.country_of] = io.v
        return io.leontief.solve_t(Vd)

    @cached_property
    def wB(self) -> np.ndarray:
        """(V_s B_ss)_i (n,): domestic content (with double counting) per unit of exports."""
        io = self.io
        return self.VsB[np.arange(io.n), io.country_of]

    @cached_property
    def wL(self) -> np.ndarray:
        """(V_s L_ss)_i (n,): domestic value added via purely domestic chains, L = local inverse."""
        return self.io.local.solve_t(self.io.v)

    @cached_property
    def u(self) -> np.ndarray:
        """sum_{t != s} (V_t B_ts)_i (n,): foreign content per unit of exports of sector i."""
        return self.VB - self.wB

    @cached_property
    def BY(self) -> np.ndarray:
        """B Y (n, G): output of each sector needed for final demand of each country."""
        return self.io.leontief.solve(self.io.Y)

    @cached_property
    def x_model(self) -> np.ndarray:
        """B Y 1 (n,): model output (= x for a balanced table)."""
        return self.BY.sum(axis=1)

    @cached_property
    def Ly_dom(self) -> np.ndarray:
        """L_rr Y_rr (n,): local output for own-country final demand. For a split country
        (``io.splits``) r is the whole country: the local inverse of all its parts' block and
        its final demand in any of its parts' columns."""
        io = self.io
        out = io.local.solve(io.y_dom)
        for u in io.units(include_groups=False):
            if u.name in io.splits:
                y = io.Y[u.sectors][:, list(u.countries)].sum(axis=1)
                out[u.sectors] = lu_solve(local_inverse(io.A, u.sectors), y, check_finite=False)
        return out

    @cached_property
    def diag_blocks(self) -> list[np.ndarray]:
        """[B_ss] for every country."""
        return self.io.leontief.diag_blocks()


def multipliers(io) -> Multipliers:
    """The cached ``Multipliers`` of ``io``."""
    m = io.__dict__.get("_multipliers")
    if m is None:
        m = io.__dict__["_multipliers"] = Multipliers(io)
    return m


def partner_sum(io, A_rows: np.ndarray, z: np.ndarray) -> np.ndarray:
    """(A_rows diag(z)) summed within each buyer country: (k, G), entry [i, r] = (A_{i,r} z_r)."""
    k = A_rows.shape[0]
    return np.einsum("irj,rj->ir", A_rows.reshape(k, io.G, io.N), z.reshape(io.G, io.N))
