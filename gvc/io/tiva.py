"""OECD TiVA indicators (OECD 2018/2023 TiVA guide names), by exporter, industry and partner.

Values in the table's currency unit; shares are fractions in [0, 1] of gross exports.

- EXGR       gross exports E.
- EXGR_DVA   domestic value-added content of gross exports, V_s B_ss E_s (includes domestic
             double counting; equals Borin-Mancini DC).
- EXGR_FVA   foreign value-added content, sum_{t!=s} V_t B_ts E_s (equals BM FC).
- EXGR_DVASH = EXGR_DVA / EXGR;  EXGR_FVASH = EXGR_FVA / EXGR.
- DEXFVAP    domestic value added of s embodied in partners' gross exports,
             v_i sum_{r!=s} (B_sr E_r)_i; its industry is the industry where the value added
             originates (TiVA convention), its partner is the exporting partner r.
- DEXFVAPSH  = DEXFVAP / EXGR (can exceed 1 for an industry whose value added mostly reaches
             foreign markets through other countries' exports; at most rarely at TOTAL).
- GVC_PART_TRADE = EXGR_FVASH + DEXFVAPSH: trade-based GVC participation (backward + forward),
             Koopman, Powers, Wang and Wei (2010, NBER 16426) in TiVA terms.
- FFD_DVA    domestic value added embodied in foreign final demand, v_i sum_{p!=s} (B Y)_ip:
             value added of s absorbed abroad (Johnson and Noguera 2012 "value-added exports";
             OECD TiVA FFD_DVA). Its industry is where the value added originates, its partner
             the country p whose final demand absorbs it (not the direct importer). Identity:
             FFD_DVA + value added absorbed at home = value added of s (v x).
- VALU       value added v x (x = B Y 1, the table's output when balanced), by industry; it has
             no partner dimension: at the bilateral levels it is not reported, only used as the
             denominator of the shares below (broadcast over partners by ``frames.tidy``).
- FFD_DVASH  = FFD_DVA / VALU: the share of value added absorbed in foreign final demand (of all
             industries: of GDP at basic prices); bilateral: absorbed in partner p's final demand.

Adding a term: return it from :func:`tiva` and list it in ``TERMS`` (ratios in ``RATIOS``); it
then appears in ``decompose(..., 'tiva')`` and in the ``gvc_participation`` panel
(:mod:`gvc.io.participation`, lower-cased) with no other edit.
"""

from __future__ import annotations

import numpy as np

from gvc.io.multipliers import multipliers
from gvc.io.units import exporter_views

TERMS = ("EXGR", "EXGR_DVA", "EXGR_FVA", "DEXFVAP", "FFD_DVA", "VALU")
RATIOS = {
    "EXGR_DVASH": lambda d: d["EXGR_DVA"] / d["EXGR"],
    "EXGR_FVASH": lambda d: d["EXGR_FVA"] / d["EXGR"],
    "DEXFVAPSH": lambda d: d["DEXFVAP"] / d["EXGR"],
    "GVC_PART_TRADE": lambda d: (d["EXGR_FVA"] + d["DEXFVAP"]) / d["EXGR"],
    "FFD_DVASH": lambda d: d["FFD_DVA"] / d["VALU"],
}


def partner_export_content(io) -> np.ndarray:
    """B_{., r} e_r for every partner r: (n, G), one solve with G right-hand sides (cached)."""
    m = multipliers(io)
    X = m.__dict__.get("_BEd")
    if X is None:
        Ed = np.zeros((io.n, io.G))
        Ed[np.arange(io.n), io.country_of] = io.e
        X = m.__dict__["_BEd"] = io.leontief.solve(Ed)
    return X


def tiva(io, exporters=None, include_groups: bool = True):
    """Per-exporter TiVA levels: list of (unit, {term: (k*N, G) array, or (k*N,) for VALU})."""
    X = partner_export_content(io)
    m = multipliers(io)
    BY = m.BY  # (n, G): output for each country's final demand
    valu = io.v * m.x_model
    out = []
    for w in exporter_views(io, exporters, include_groups):
        E = w.E
        dex = io.v[w.S, None] * X[w.S]
        dex[:, w.own] = 0.0
        ffd = io.v[w.S, None] * BY[w.S]
        ffd[:, w.own] = 0.0
        terms = {
            "EXGR": E,
            "EXGR_DVA": w.wB[:, None] * E,
            "EXGR_FVA": w.u[:, None] * E,
            "DEXFVAP": dex,
            "FFD_DVA": ffd,
            "VALU": valu[w.S],
        }
        out.append((w.unit, terms))
    return out
