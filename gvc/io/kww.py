"""Koopman, Wang and Wei (2014) 9-term decomposition of gross exports, country level.

Reference: Koopman, Wang, Wei (2014), "Tracing value-added and double counting in gross
exports", American Economic Review 104(2): 459-494, eq. (36); names as in R ``decompr::kww``.
Only the country aggregate is meaningful (the sector split is known to be biased, see decompr
and Borin-Mancini 2019), so this module returns country totals. Units: the table's currency.

For exporter s (B_sr = off-diagonal Leontief blocks, L_ss local inverse, E_s* gross exports):
 DVA_FIN    V_s B_ss sum_{r!=s} Y_sr
 DVA_INT    V_s sum_{r!=s} B_sr Y_rr
 DVA_INTrex V_s sum_{r!=s} sum_{t!=s,r} B_sr Y_rt        (1-3 = value-added exports, VAX)
 RDV_FIN    V_s sum_{r!=s} B_sr Y_rs
 RDV_INT    V_s sum_{r!=s} B_sr A_rs L_ss Y_ss            (4-5 = reflection, BM REF)
 DDC        V_s sum_{r!=s} B_sr A_rs L_ss E_s*            (= BM source DDC; 1-6 = BM DC)
 FVA_FIN    sum_{t!=s} V_t B_ts sum_{r!=s} Y_sr
 FVA_INT    sum_{t!=s} V_t B_ts sum_{r!=s} A_sr L_rr Y_rr
 FDC        sum_{t!=s} V_t B_ts sum_{r!=s} A_sr L_rr E_r*  (7-9 = BM FC)

FDC is reported as gross exports minus the other eight terms, as R ``decompr::kww`` (7.0) does,
so the nine terms sum to gross exports whatever the input. On a balanced table (every table
under the default ``rebalance="own-final-demand"``) this equals the formula above to rounding
(``tests/io/test_io_identities.py``); on a table kept as given (``rebalance="none"``) the row
discrepancy ends up in FDC, exactly as in decompr.
"""

from __future__ import annotations

import numpy as np

from gvc.io.multipliers import multipliers

TERMS = (
    "DVA_FIN", "DVA_INT", "DVA_INTrex", "RDV_FIN", "RDV_INT", "DDC", "FVA_FIN", "FVA_INT", "FDC",
)  # fmt: skip


def close_fdc(terms: dict, exports: float) -> dict:
    """The eight terms of ``terms`` and FDC = gross ``exports`` minus them (decompr's
    convention), in ``TERMS`` order."""
    out = {t: terms[t] for t in TERMS if t != "FDC"}
    out["FDC"] = exports - sum(out.values())
    return out


def kww(io, exporters=None):
    """Per-country KWW terms: list of (unit, {term: (1,) array}) (country totals)."""
    m = multipliers(io)
    n, G, N = io.n, io.G, io.N
    own = io.country_of
    yfex = io.y_total - io.y_dom
    Le = io.local.solve(io.e)
    # H[:, s] = A_{., s} L_ss Y_ss and A_{., s} L_ss E_s (columns restricted to block s)
    hd = np.zeros((n, 2 * G))
    hd[np.arange(n), own] = m.Ly_dom
    hd[np.arange(n), G + own] = Le
    H = io.A @ hd
    # A_F applied to L Y_D and L E (block diagonal removed)
    from gvc.io.wwyz import _af

    afLy = _af(io, m.Ly_dom)
    K = m.VsB.copy()
    K[np.arange(n), own] = 0.0  # V_s B_sr for r != s only
    units = [u for u in io.units(include_groups=False)]
    if exporters is not None:
        names = [exporters] if isinstance(exporters, str) else list(exporters)
        units = [u for u in units if u.name in names]
    out = []
    for unit in units:
        s = unit.countries[0]
        S = unit.sectors
        k = K[:, s]
        terms = {
            "DVA_FIN": m.wB[S] @ yfex[S],
            "DVA_INT": k @ io.y_dom,
            "DVA_INTrex": k @ (yfex - io.Y[:, s]),
            "RDV_FIN": k @ io.Y[:, s],
            "RDV_INT": k @ H[:, s],
            "DDC": k @ H[:, G + s],
            "FVA_FIN": m.u[S] @ yfex[S],
            "FVA_INT": m.u[S] @ afLy[S],
        }
        terms = close_fdc(terms, io.e[S].sum())
        out.append((unit, {t: np.array([val]) for t, val in terms.items()}))
    del N
    return out
