"""KWW (2014) and WWZ (2013) terms for a country group merged after inversion.

KWW and WWZ define their terms for one exporting country s against single partners r; neither
paper, nor R decompr, defines a group version. This module is gvc's own extension, consistent
with the group perimeter of Borin-Mancini (2019) and Stata ``icio, groups()`` (Belotti, Borin and
Mancini 2021) but not checked against their output: for a group S (e.g. EU27) the same formulas
hold with S read as one economy whose member blocks stay separate in the inverse: trade among members is domestic, the
exports decomposed are the group's extra-group exports E_S*, ``L_SS = (I - A_SS)^-1`` is the
local inverse of the members' joint block (intra-group trade included) and ``B_SS``, ``B_Sr``,
``B_rS`` are the blocks of the global inverse over the members' rows and columns. Partners r and
third countries t are single countries outside S. The derivations of KWW eq. (36) and WWZ eq.
(37) only use the partition of the world into {s} and single partners, so every identity
carries over: KWW terms 1-6 = BM DC and 7-9 = BM FC of S; WWZ DVA*, RDV*, DDC* = V_S B_SS E_Sr,
the other six = FC. Summing members' own (single-country) terms is a different quantity (it counts intra-group
trade as exports and double counts along intra-group chains); it is not what this module does.

Checked in tests against (i) the single-country implementations on a table where one country
is split into two identical halves grouped back together, and (ii) Borin-Mancini group terms.
Cost: the cached multipliers (V_s B, local inverses), 5 solves with the factorized I - A (WWZ)
and one LU of the group's joint block.
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import lu_solve

from gvc.io.kww import close_fdc
from gvc.io.leontief import local_inverse
from gvc.io.multipliers import multipliers


class _Group:
    """Index sets and shared vectors of one group unit."""

    def __init__(self, io, unit) -> None:
        self.io, self.unit = io, unit
        self.S = unit.sectors
        self.members = list(unit.countries)
        self.inside = np.zeros(io.n, bool)
        self.inside[self.S] = True
        self.outside_c = [c for c in range(io.G) if c not in set(self.members)]
        self.lu = local_inverse(io.A, self.S)
        m = multipliers(io)
        self.full = m.VsB[:, self.members].sum(axis=1)  # V_S B_S. (n,)
        self.vB = self.full[self.S]  # V_S B_SS
        self.fv = m.VB[self.S] - self.vB  # sum_{t not in S} V_t B_tS
        self.vL = lu_solve(self.lu, io.v[self.S], trans=1, check_finite=False)  # V_S L_SS
        Y = io.Y
        self.y_out = Y[self.S][:, self.outside_c].sum(axis=1)  # Y_S,out
        self.y_SS = Y[self.S][:, self.members].sum(axis=1)  # Y_SS
        self.E_S = io.Zc[self.S][:, self.outside_c].sum(axis=1) + self.y_out  # E_S*

    def L(self, z: np.ndarray) -> np.ndarray:
        """L_SS z for z over the group's sectors."""
        return lu_solve(self.lu, z, check_finite=False)

    def over_n(self, z_S: np.ndarray) -> np.ndarray:
        out = np.zeros(self.io.n)
        out[self.S] = z_S
        return out


def kww_group(io, unit) -> dict[str, np.ndarray]:
    """KWW's 9 terms (country totals, (1,) arrays) for group ``unit``."""
    g = _Group(io, unit)
    m = multipliers(io)
    Y, A = io.Y, io.A
    k = np.where(g.inside, 0.0, g.full)  # V_S B_Sr for r outside S
    out_c = g.outside_c
    y_dom = np.where(g.inside, 0.0, io.y_dom)  # Y_rr of partners
    y_rex = np.where(g.inside, 0.0, Y[:, out_c].sum(axis=1) - io.y_dom)  # sum_{t!=r, not S} Y_rt
    y_back = Y[:, g.members].sum(axis=1)  # Y_rS
    AS = A[:, g.S]
    out = ~g.inside
    terms = {
        "DVA_FIN": g.vB @ g.y_out,
        "DVA_INT": k @ y_dom,
        "DVA_INTrex": k @ y_rex,
        "RDV_FIN": k @ y_back,
        "RDV_INT": k @ (AS @ g.L(g.y_SS)),
        "DDC": k @ (AS @ g.L(g.E_S)),
        "FVA_FIN": g.fv @ g.y_out,
        "FVA_INT": g.fv @ (A[np.ix_(g.S, out)] @ m.Ly_dom[out]),
    }
    return {t: np.array([v]) for t, v in close_fdc(terms, g.E_S.sum()).items()}


def wwz_group(io, unit) -> dict[str, np.ndarray]:
    """WWZ's 16 terms, (k*N, G) arrays (members' columns zero), for group ``unit``."""
    g = _Group(io, unit)
    m = multipliers(io)
    n, G, N, Y, A = io.n, io.G, io.N, io.Y, io.A
    out = ~g.inside
    y_dom_O = np.where(out, io.y_dom, 0.0)
    y_rex_O = np.where(out, Y[:, g.outside_c].sum(axis=1) - io.y_dom, 0.0)
    y_back = Y[:, g.members].sum(axis=1)
    sol = io.leontief.solve(
        np.column_stack(
            [y_dom_O, y_rex_O, np.where(out, y_back, 0.0), g.over_n(g.y_SS), g.over_n(g.y_out)]
        )
    )
    B_ydom, B_yrex, B_yback, B_ySS, B_yout = sol.T
    Le = io.local.solve(io.e)
    k = g.S.size
    t = {name: np.zeros((k, G)) for name in _TERMS}
    wL, wB = g.vL, g.vB
    for r in g.outside_c:
        R = io.block(r)
        Brr = m.diag_blocks[r]
        Asr = A[np.ix_(g.S, np.arange(n)[R])]
        a1 = Brr @ Y[R, r]  # B_rr Y_rr
        a2 = B_ydom[R] - a1  # sum_{t!=r} B_rt Y_tt
        yrt = Y[R][:, g.outside_c].sum(axis=1) - Y[R, r]
        a3 = Brr @ yrt  # B_rr sum_{t!=r} Y_rt
        a4 = B_yrex[R] - a3  # sum_{t!=r} B_rt sum_{u!=t} Y_tu
        a6 = Brr @ y_back[R]  # B_rr Y_rS
        a7 = B_yback[R] - a6  # sum_{t!=r} B_rt Y_tS
        mva = m.VsB[g.S, r]  # V_r B_rS
        ova = g.fv - mva
        ysr = Y[g.S, r]
        t["DVA_FIN"][:, r] = wB * ysr
        t["DVA_INT"][:, r] = wL * (Asr @ a1)
        t["DVA_INTrexI1"][:, r] = wL * (Asr @ a2)
        t["DVA_INTrexF"][:, r] = wL * (Asr @ a3)
        t["DVA_INTrexI2"][:, r] = wL * (Asr @ a4)
        t["RDV_INT"][:, r] = wL * (Asr @ B_ySS[R])
        t["RDV_FIN"][:, r] = wL * (Asr @ a6)
        t["RDV_FIN2"][:, r] = wL * (Asr @ a7)
        t["OVA_FIN"][:, r] = ova * ysr
        t["MVA_FIN"][:, r] = mva * ysr
        t["OVA_INT"][:, r] = ova * (Asr @ m.Ly_dom[R])
        t["MVA_INT"][:, r] = mva * (Asr @ m.Ly_dom[R])
        t["DDC_FIN"][:, r] = wL * (Asr @ B_yout[R])
        t["DDC_INT"][:, r] = (wB - wL) * io.Zc[g.S, r]
        t["ODC"][:, r] = ova * (Asr @ Le[R])
        t["MDC"][:, r] = mva * (Asr @ Le[R])
    del N
    return t


_TERMS = (
    "DVA_FIN", "DVA_INT", "DVA_INTrexI1", "DVA_INTrexF", "DVA_INTrexI2", "RDV_INT", "RDV_FIN",
    "RDV_FIN2", "OVA_FIN", "MVA_FIN", "OVA_INT", "MVA_INT", "DDC_FIN", "DDC_INT", "ODC", "MDC",
)  # fmt: skip
