"""Wang, Wei, Yu and Zhu (2017) production-based GVC participation, position and length.

References: Wang, Wei, Yu, Zhu (2017a) "Measures of participation in global value chains and
global business cycles", NBER WP 23222; (2017b) "Characterizing global value chains: production
length and upstreamness", NBER WP 23261.

Decomposition of V^ B Y^ (L = block-diagonal local inverses, A_F = off-diagonal blocks of A):
V^BY^ = V^LY^_D + V^LY^_F + V^LA_F LY^_D + V^LA_F (BY^ - LY^_D)
        (pure domestic, traditional trade, simple GVC, complex GVC).
Forward (row sums, by value-adding sector i; value added in the table's unit):
  va, V_D, V_RT, V_GVC_S, V_GVC_C, V_GVC = v_i (L A_F x)_i.
Backward (column sums, by final-goods-producing sector j): y (final goods output), Y_D, Y_RT,
  Y_GVC_S, Y_GVC_C, Y_GVC = (V L A_F B)_j y_j.
Production lengths (2017b): Xv_GVC = v^(LL A_F B + L A_F BB) Y u, Xy_GVC = u V^(same) Y^;
  Xv = v^ BB Y u, Xy = u V^ BB Y^ (all production stages counted).
Ratios: gvc_part_prod_fwd = V_GVC/va; gvc_part_prod_bwd = Y_GVC/y; *_simple, *_complex;
  plv_gvc = Xv_GVC/V_GVC; ply_gvc = Xy_GVC/Y_GVC; gvc_position = plv_gvc/ply_gvc (> 1: upstream);
  plv = Xv/va (upstreamness, = Ghosh row sums), ply = Xy/y (downstreamness, = Leontief column
  sums). All work is matrix-vector: 5 solves with the LU and a few block-diagonal solves.
Here va = v x_model with x_model = BY1 (= x for a balanced table), so the parts add up exactly.
"""

from __future__ import annotations

import numpy as np

from gvc.io.multipliers import multipliers

LEVEL_TERMS = (
    "va", "V_D", "V_RT", "V_GVC_S", "V_GVC_C", "V_GVC", "Xv_GVC", "Xv",
    "y", "Y_D", "Y_RT", "Y_GVC_S", "Y_GVC_C", "Y_GVC", "Xy_GVC", "Xy",
)  # fmt: skip
RATIOS = {
    "gvc_part_prod_fwd": lambda d: d["V_GVC"] / d["va"],
    "gvc_part_prod_fwd_simple": lambda d: d["V_GVC_S"] / d["va"],
    "gvc_part_prod_fwd_complex": lambda d: d["V_GVC_C"] / d["va"],
    "gvc_part_prod_bwd": lambda d: d["Y_GVC"] / d["y"],
    "gvc_part_prod_bwd_simple": lambda d: d["Y_GVC_S"] / d["y"],
    "gvc_part_prod_bwd_complex": lambda d: d["Y_GVC_C"] / d["y"],
    "plv_gvc": lambda d: d["Xv_GVC"] / d["V_GVC"],
    "ply_gvc": lambda d: d["Xy_GVC"] / d["Y_GVC"],
    "gvc_position": lambda d: (d["Xv_GVC"] / d["V_GVC"]) / (d["Xy_GVC"] / d["Y_GVC"]),
    "plv": lambda d: d["Xv"] / d["va"],
    "ply": lambda d: d["Xy"] / d["y"],
}


def _af(io, z: np.ndarray, trans: bool = False) -> np.ndarray:
    """A_F z (or A_F' z): A with its diagonal country blocks removed, times a vector."""
    A = io.A
    out = (A.T @ z) if trans else (A @ z)
    N = io.N
    for s in range(io.G):
        sl = slice(s * N, (s + 1) * N)
        blk = A[sl, sl]
        out[sl] -= (blk.T if trans else blk) @ z[sl]
    return out


def wwyz_vectors(io) -> dict[str, np.ndarray]:
    """WWYZ level terms as (n,) vectors by sector (cached on the table)."""
    m = multipliers(io)
    cached = m.__dict__.get("_wwyz")
    if cached is not None:
        return cached
    lev, loc, v = io.leontief, io.local, io.v
    x = m.x_model
    y, y_d = io.y_total, io.y_dom
    y_f = y - y_d
    Bx = lev.solve(x)
    LAFx = loc.solve(_af(io, x))
    V_GVC = v * LAFx
    V_GVC_S = v * loc.solve(_af(io, m.Ly_dom))
    Xv_GVC = v * (loc.solve(LAFx) + loc.solve(_af(io, Bx)))
    wL = m.wL  # V L
    rAF = _af(io, wL, trans=True)  # V L A_F
    rAFB = lev.solve_t(rAF)  # V L A_F B
    rAFL = loc.solve_t(rAF)  # V L A_F L
    t1 = lev.solve_t(_af(io, loc.solve_t(wL), trans=True))  # V LL A_F B
    t2 = lev.solve_t(rAFB)  # V L A_F BB
    out = {
        "va": v * x,
        "V_D": v * m.Ly_dom,
        "V_RT": v * loc.solve(y_f),
        "V_GVC_S": V_GVC_S,
        "V_GVC_C": V_GVC - V_GVC_S,
        "V_GVC": V_GVC,
        "Xv_GVC": Xv_GVC,
        "Xv": v * Bx,
        "y": y,
        "Y_D": wL * y_d,
        "Y_RT": wL * y_f,
        "Y_GVC_S": rAFL * y_d,
        "Y_GVC_C": rAFB * y - rAFL * y_d,
        "Y_GVC": rAFB * y,
        "Xy_GVC": (t1 + t2) * y,
        "Xy": lev.solve_t(m.VB) * y,
    }
    m.__dict__["_wwyz"] = out
    return out


def wwyz(io, exporters=None, include_groups: bool = True):
    """Per-country (and group: member sums) WWYZ levels: list of (unit, {term: (k*N,)})."""
    from gvc.io.units import exporter_views

    vec = wwyz_vectors(io)
    return [
        (w.unit, {t: vec[t][w.S] for t in LEVEL_TERMS})
        for w in exporter_views(io, exporters, include_groups)
    ]
