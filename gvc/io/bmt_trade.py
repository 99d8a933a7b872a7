"""Borin, Mancini and Taglioni (2025) tripartite decomposition of GVC-related trade.

References: Borin, A., Mancini, M. and Taglioni, D. (2025), "Economic consequences of trade and
global value chain integration: a measurement perspective", World Bank Economic Review,
doi:10.1093/wber/lhaf017, sec. 3.1 (earlier: "Countries and sectors in global value chains",
World Bank Policy Research Working Paper 9785, 2021); building on Borin and Mancini (2019, 2023),
whose terms are in :mod:`gvc.io.bm`. Other implementations: gvcAnalyzer (R, Bhusal 2025,
``bm_2025_tripartite_trade``) is the only other one we know of (the documentation of the Python
package InTrade describes ``BMT_trade``/``BMT_output`` functions that follow its formulas). Its
trade terms are the ones below, with PF computed as the residual GVC - TS - PB; gvc computes
every term from its own formula, so the identities are checks, not definitions.

Notation (exporter s, importer r != s, table's currency unit): L_ss = (I - A_ss)^-1 the local
(domestic) Leontief inverse, V_s value-added coefficients, u a row of ones, A_{-s,s} the imported
input coefficients of s (rows of every other country, columns of s), E_r* = sum_{j != r} E_rj the
gross exports of r to every destination (s included). Gross exports split by where they go:

    E_sr = DAE_sr + RE_sr,  DAE_sr = Y_sr + A_sr L_rr Y_rr   (absorbed by the direct importer r)
                            RE_sr  = A_sr L_rr E_r*           (re-exported by r)

and, per unit, by what they are made of along s's domestic chain (column identity
u = V_s L_ss + u A_{-s,s} L_ss when value added is the column residual):
domestic value added ``d = V_s L_ss`` and imported inputs ``m = u A_{-s,s} L_ss`` (gross value of
the intermediates s imports, at their first border crossing into s). The four cells:

- ``DAVAX``  = d DAE   domestic value added absorbed by the direct importer (one border crossing;
  Borin-Mancini's DAVAX).
- ``GVC_PF`` = d RE    pure-forward: domestic value added that the importer exports again.
- ``GVC_TS`` = m RE    two-sided: imported content of exports that the importer exports again.
- ``GVC_PB`` = m DAE   pure-backward: imported content of exports the importer absorbs.
- ``E`` gross exports; ``GVC = E - DAVAX`` = GVC_PF + GVC_TS + GVC_PB.

Each term is reported by exporting sector i (the multipliers d_i, m_i times the sector's exports
e_i), so sector, bilateral and bilateral-sector values add up to the country totals, and the
identities hold cell by cell. RE is computed as E - DAE (the table's flows, A_sr x_r = Z_sr 1);
on a balanced table this is A_sr L_rr E_r* exactly (``x_r = L_rr (Y_rr + E_r*)``).

Ratios (at every level, from the aggregated levels): ``share_GVC_trade`` = GVC / E,
``share_PF_trade``, ``share_TS_trade``, ``share_PB_trade`` = GVC_PF, GVC_TS, GVC_PB over GVC,
``forward_trade`` = (GVC_PF - GVC_PB) / GVC (in [-1, 1]; > 0 means forward-oriented).

Relation to Borin-Mancini (exporter perspective, source approach): DAVAX and GVC are the same;
GVC_PF = GVCF (= DVA - DAVAX); GVC_TS + GVC_PB = GVCB (= FC + DDC) when value added is the column
residual, i.e. the standard backward measure holds all two-sided trade (which is why it overstates
backward integration).

Country groups (``icio.groups``): the group is one economy, intra-group trade domestic, as in
Borin and Mancini's group perimeter (``gvc.io.bm``): L_SS is the group's local
inverse and the partners are the countries outside it. This is gvc's extension: BMT report
countries.

Cost: no factorization of the global I - A at all; only the per-country local inverses (cached
on the table, shared with ``bm``) and matrix-vector products.
"""

from __future__ import annotations

import numpy as np

from gvc.io.multipliers import multipliers, partner_sum
from gvc.io.units import exporter_views

TERMS = ("E", "DAVAX", "GVC", "GVC_PF", "GVC_TS", "GVC_PB")
RATIOS = {
    "share_GVC_trade": lambda d: d["GVC"] / d["E"],
    "share_PF_trade": lambda d: d["GVC_PF"] / d["GVC"],
    "share_TS_trade": lambda d: d["GVC_TS"] / d["GVC"],
    "share_PB_trade": lambda d: d["GVC_PB"] / d["GVC"],
    "forward_trade": lambda d: (d["GVC_PF"] - d["GVC_PB"]) / d["GVC"],
}
LEVELS = ("country", "sector", "bilateral", "bilateral_sector")


def imported_inputs(io, S: np.ndarray) -> np.ndarray:
    """u A_{-S,S} (k*N,): direct imported intermediate inputs per unit of output of each sector
    of the unit with sectors ``S`` (column sums of A over the rows of every other country)."""
    A_S = io.A[:, S]
    return A_S.sum(axis=0) - A_S[S].sum(axis=0)


def split_exports(io, w) -> tuple[np.ndarray, np.ndarray]:
    """(DAE, RE) (k*N, G) for exporter view ``w``: exports absorbed by the direct importer,
    Y_sr + A_sr L_rr Y_rr, and the rest E - DAE (re-exported by r); own columns 0."""
    dae = w.Yex + partner_sum(io, io.A[w.S], multipliers(io).Ly_dom)
    dae[:, w.own] = 0.0
    return dae, w.E - dae


def chain_content(w, imp: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(d, m) (k*N,): domestic value added V_S L_SS and imported inputs u A_{-S,S} L_SS per unit
    of each sector's output, along the unit's domestic chain."""
    return w.wL, w.local_solve(imp, trans=1)


def bmt_trade(io, exporters=None, include_groups: bool = True):
    """Per-exporter tripartite terms (``TERMS``): list of (unit, {term: (k*N, G) array})."""
    out = []
    for w in exporter_views(io, exporters, include_groups):
        d, m = chain_content(w, imported_inputs(io, w.S))
        dae, re = split_exports(io, w)
        E = w.E
        davax = d[:, None] * dae
        terms = {
            "E": E,
            "DAVAX": davax,
            "GVC": E - davax,
            "GVC_PF": d[:, None] * re,
            "GVC_TS": m[:, None] * re,
            "GVC_PB": m[:, None] * dae,
        }
        out.append((w.unit, terms))
    return out
