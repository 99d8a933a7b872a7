"""Wang, Wei and Zhu (2013) 16-term decomposition of gross exports by exporter, sector, importer.

Reference: Wang, Wei, Zhu (2013), "Quantifying international production sharing at the bilateral
and sector levels", NBER WP 19677, eq. (37) / Table E1; term names as in R ``decompr::wwz``.
For exporting sector i of s and importer r ('#' = element-wise by exporting sector; B global
and L local Leontief inverses; E_r* gross exports of r; units: the table's currency):

 DVA_FIN       (V_s B_ss) # Y_sr
 DVA_INT       (V_s L_ss) # (A_sr B_rr Y_rr)
 DVA_INTrexI1  (V_s L_ss) # (A_sr sum_{t!=s,r} B_rt Y_tt)
 DVA_INTrexF   (V_s L_ss) # (A_sr B_rr sum_{t!=s,r} Y_rt)
 DVA_INTrexI2  (V_s L_ss) # (A_sr sum_{t!=s,r} B_rt sum_{u!=s,t} Y_tu)
 RDV_INT       (V_s L_ss) # (A_sr B_rs Y_ss)
 RDV_FIN       (V_s L_ss) # (A_sr B_rr Y_rs)
 RDV_FIN2      (V_s L_ss) # (A_sr sum_{t!=s,r} B_rt Y_ts)
 OVA_FIN       (sum_{t!=s,r} V_t B_ts) # Y_sr          MVA_FIN  (V_r B_rs) # Y_sr
 OVA_INT       (sum_{t!=s,r} V_t B_ts) # (A_sr L_rr Y_rr)   MVA_INT  (V_r B_rs) # (A_sr L_rr Y_rr)
 DDC_FIN       (V_s L_ss) # (A_sr B_rs sum_{u!=s} Y_su)
 DDC_INT       (V_s L_ss sum_{t!=s} A_st B_ts) # (A_sr x_r)
 ODC           (sum_{t!=s,r} V_t B_ts) # (A_sr L_rr E_r*)   MDC  (V_r B_rs) # (A_sr L_rr E_r*)

Terms 1-10 sum to V_s B_ss E_sr (BM DC), 11-16 to BM FC. Every B-product is a batched solve with
G right-hand sides or a diagonal block B_rr; nothing is inverted per exporter.
"""

from __future__ import annotations

import numpy as np

from gvc.io.multipliers import multipliers, partner_sum

TERMS = (
    "DVA_FIN", "DVA_INT", "DVA_INTrexI1", "DVA_INTrexF", "DVA_INTrexI2", "RDV_INT", "RDV_FIN",
    "RDV_FIN2", "OVA_FIN", "MVA_FIN", "OVA_INT", "MVA_INT", "DDC_FIN", "DDC_INT", "ODC", "MDC",
)  # fmt: skip


def _masked(io, vec_or_cols: np.ndarray, inside: bool) -> np.ndarray:
    """(n, G) matrix whose column s keeps rows inside (or outside) country block s."""
    n, G = io.n, io.G
    src = vec_or_cols if vec_or_cols.ndim == 2 else np.repeat(vec_or_cols[:, None], G, axis=1)
    mask = io.country_of[:, None] == np.arange(G)[None, :]
    return np.where(mask if inside else ~mask, src, 0.0).reshape(n, G)


def wwz(io, exporters=None):
    """Per-country WWZ terms: list of (unit, {term: (N, G) array}), own column zero."""
    m = multipliers(io)
    lev, n, G, N = io.leontief, io.n, io.G, io.N
    Y, own = io.Y, io.country_of
    yfex = io.y_total - io.y_dom
    BdY = np.empty((n, G))  # B_rr Y_r.
    for r, Brr in enumerate(m.diag_blocks):
        sl = io.block(r)
        BdY[sl] = Brr @ Y[sl]
    BdYdom = BdY[np.arange(n), own]
    BdYfex = BdY.sum(axis=1) - BdYdom
    rhs = np.hstack(
        [
            _masked(io, io.y_dom, inside=True),  # -> B_rs Y_ss
            _masked(io, yfex[:, None] - Y, inside=False),  # -> sum_{t!=s} B_rt (yfex_t - Y_ts)
            _masked(io, Y, inside=False),  # -> sum_{t!=s} B_rt Y_ts
            _masked(io, yfex, inside=True),  # -> B_rs yfex_s
        ]
    )
    sol = lev.solve(rhs)
    BYd, BW, BYm, BYfexd = (sol[:, k * G : (k + 1) * G] for k in range(4))
    Bz = BYd.sum(axis=1)
    AdL = partner_sum(io, io.A, m.Ly_dom)
    AeL = partner_sum(io, io.A, io.local.solve(io.e))
    P2 = partner_sum(io, io.A, BdYdom)
    units = io.units(include_groups=False)
    if exporters is not None:
        names = [exporters] if isinstance(exporters, str) else list(exporters)
        units = [u for u in units if u.name in names]
    out = []
    for unit in units:
        s = unit.countries[0]
        S = unit.sectors
        A_S = io.A[S]
        wL, wB = m.wL[S, None], m.wB[S, None]
        Ys = Y[S]
        mva = m.VsB[S]  # [i, r] = (V_r B_rs)_i
        ova = m.u[S, None] - mva
        f4 = BdYfex - BdY[:, s]
        t = {
            "DVA_FIN": wB * Ys,
            "DVA_INT": wL * P2[S],
            "DVA_INTrexI1": wL * partner_sum(io, A_S, Bz - BdYdom - BYd[:, s]),
            "DVA_INTrexF": wL * partner_sum(io, A_S, f4),
            "DVA_INTrexI2": wL * partner_sum(io, A_S, BW[:, s] - f4),
            "RDV_INT": wL * partner_sum(io, A_S, BYd[:, s]),
            "RDV_FIN": wL * partner_sum(io, A_S, BdY[:, s]),
            "RDV_FIN2": wL * partner_sum(io, A_S, BYm[:, s] - BdY[:, s]),
            "OVA_FIN": ova * Ys,
            "MVA_FIN": mva * Ys,
            "OVA_INT": ova * AdL[S],
            "MVA_INT": mva * AdL[S],
            "DDC_FIN": wL * partner_sum(io, A_S, BYfexd[:, s]),
            "DDC_INT": (wB - wL) * io.Zc[S],
            "ODC": ova * AeL[S],
            "MDC": mva * AeL[S],
        }
        for a in t.values():
            a[:, s] = 0.0
        out.append((unit, t))
    del N
    return out
