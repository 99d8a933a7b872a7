"""Borin and Mancini (2019, 2023) gross-export decomposition, exporter perspective.

References: Borin, A. and Mancini, M. (2019), "Measuring what matters in global value chains and
value-added trade", World Bank PRWP 8804; (2023) "Measuring what matters in value-added trade",
Economic Systems Research 35(1); Belotti, Borin and Mancini (2021), Stata Journal 21(3) (``icio``).

Exporter perspective, all values in the table's currency unit, by exporting sector i of exporter
s (country or group) and importer r (additive, so bilateral sums to sector sums to country):

- GEXP  gross exports E_sr.
- DC    domestic content V_s B_ss E_sr (= OECD EXGR_DVA).  FC foreign content
        sum_{t!=s} V_t B_ts E_sr (= EXGR_FVA);  GEXP = DC + FC.
- DVA   domestic value added counted once:  source-based V_s L_ss E_sr (first exit from s),
        sink-based V_s B_ss E^last_sr (last exit).  DDC = DC - DVA (double counting).
- VAX   DVA absorbed abroad; REF = DVA - VAX (reflection: absorbed at home).
- DAVAX directly absorbed VAX: V_s L_ss (Y_sr + A_sr L_rr Y_rr).
- FVA   foreign value added counted once: source-based sum_{t!=s} V_t B^s_ts E_sr with
        B^s = Leontief inverse without s's intermediate exports; computed without re-inversion
        as (sum_{t!=s} V_t B_ts) B_ss^-1 L_ss (block identity B^s_ts = B_ts B_ss^-1 L_ss).
        Sink-based: sum_{t!=s} V_t B_ts E^last_sr.  FDC = FC - FVA.
- GVC = GEXP - DAVAX = GVCB + GVCF; GVCB (backward) = FC + DDC; GVCF (forward) = DVA - DAVAX.
- VAXIM (sink approach only, as exvatools' sink-based "standard" output): the part of VAX absorbed
  by the direct importer r itself, V_s B_ss (Y_sr + A_sr x^(r)_r) with x^(r) = M_{-s,-s}^-1
  y^(r)_{-s} the output of non-s countries for r's final demand that never passes through s
  again (= exvatools VAX1 + VAX2 + VAXIM3); VAXIM <= VAX, equal with two countries.

E^last_sr = Y_sr + A_sr x^nr_r where x^nr = output of partners that never passes through s's
exports again, x^nr = M_{-s,-s}^-1 (y_{-s} + A_{-s,s} L_ss Y_ss), M = I - A, applied through the
Schur-complement identity M_{-s,-s}^-1 b = (B b)_{-s} - B_{-s,s} B_ss^-1 (B b)_s (two batched
solves for all exporters). Terms are named as in Stata ``icio``.

R decompr 7.0 (``bm()``), on identical inputs (``tests/io/test_io_r_reference.py``, WIOD 2013
table for 2011 with its published x): every term of both approaches (country, sector, bilateral;
exporter and world perspective) and the importer terms agree to 1e-8 relative, also with
``rebalance='none'``, where the table's x is not Z1 + Y1. That convention takes the published x
where decompr does: source VAX (decompr's VAXE) and the sink E^last, which then uses
decompr's published-output form (``_published_nr``): x~ = x - B_{.,s} B_ss^-1 L_ss e_s and
x^nr_r = L_rr (y_r + A_{r,-r} x~_{-r}), while the reflection DVA - VAX stays the model's (as
decompr's REF). On a balanced table (any other ``rebalance``, or x = Z1 + Y1) both forms are the
same x^nr, so the default results do not depend on it. Before gvc took decompr's form, its
model-output sink terms on WIOD 2011 were up to 0.26% (sector) and 0.57% (sector x importer) of
the value from decompr's; they now agree to 1e-11. Under an imbalance neither form keeps the
country identity sum of sink DVA = source DVA exactly (WIOD 2011: up to 0.23% of gross exports
in decompr's form, 0.25% in the model form). One difference remains, a convention of
decompr's: its world-sink DVA, VAX, DDC (country level) are its source-approach values, gvc's
(``gvc.io.bm_world``) the sums of the sink-approach sector values; equal on a balanced table,
up to 0.23% of gross exports apart on WIOD 2011 with ``rebalance='none'`` (EST; FVA, FDC, REF
agree to 1e-8). ``decompose(..., perspective='world', world_domestic='source')`` takes decompr's
convention and matches it to 1e-8 there (``tests/io/test_io_r_reference.py``).
"""

from __future__ import annotations

import numpy as np

from gvc.io.multipliers import multipliers, partner_sum
from gvc.io.units import exporter_views

TERMS = (
    "GEXP",
    "DC",
    "DVA",
    "VAX",
    "DAVAX",
    "REF",
    "DDC",
    "FC",
    "FVA",
    "FDC",
    "GVC",
    "GVCB",
    "GVCF",
)
"""Terms of both approaches; the sink approach adds ``VAXIM``."""


def borin_mancini(io, approach: str = "source", exporters=None, include_groups: bool = True):
    """Per-exporter BM terms: list of (unit, {term: (k*N, G) array}) in the table's units."""
    if approach not in ("source", "sink"):
        raise ValueError("approach must be 'source' or 'sink'")
    m = multipliers(io)
    views = exporter_views(io, exporters, include_groups)
    out = []
    if approach == "sink":
        last, last_abroad = _sink_exports(io, views)
        absorbed_by_importer = _importer_absorbed(io, views)
    for k, w in enumerate(views):
        S, own = w.S, w.own
        A_S = io.A[S]
        E = w.E
        DC, FC = w.wB[:, None] * E, w.u[:, None] * E
        davax_base = w.Yex + partner_sum(io, A_S, m.Ly_dom)
        DAVAX = w.wL[:, None] * davax_base
        if approach == "source":
            DVA = w.wL[:, None] * E
            # output absorbed outside the unit: the table's x less what the unit's own final
            # demand draws (decompr 7.0's VAXE: with rebalance='none' the published x)
            z = io.x - m.BY[:, own].sum(axis=1)
            VAX = w.wL[:, None] * (w.Yex + partner_sum(io, A_S, z))
            q = w.local_solve(np.linalg.solve(w.B_SS.T, w.u), trans=1)  # u B_ss^-1 L_ss
            FVA = q[:, None] * E
        else:
            DVA = w.wB[:, None] * last[k]
            VAX = w.wB[:, None] * last_abroad[k]
            FVA = w.u[:, None] * last[k]
        for a in (DVA, VAX, DAVAX, FVA):
            a[:, own] = 0.0
        DDC, FDC, REF = DC - DVA, FC - FVA, DVA - VAX
        terms = {
            "GEXP": E, "DC": DC, "DVA": DVA, "VAX": VAX, "DAVAX": DAVAX, "REF": REF,
            "DDC": DDC, "FC": FC, "FVA": FVA, "FDC": FDC, "GVC": E - DAVAX,
            "GVCB": FC + DDC, "GVCF": DVA - DAVAX,
        }  # fmt: skip
        if approach == "sink":
            terms["VAXIM"] = w.wB[:, None] * absorbed_by_importer[k]
        out.append((w.unit, terms))
    return out


def _sink_exports(io, views):
    """E^last and E^last-abroad (k*N, G) per exporter, via two batched solves (and, with
    ``rebalance='none'``, one more for the published-output form, see ``_published_last``)."""
    lev = io.leontief
    n = io.n
    rhs = np.zeros((n, 2 * len(views)))
    for k, w in enumerate(views):
        h = w.local_solve(w.Y_SS)  # L_SS Y_SS
        b = io.y_total + io.A[:, w.S] @ h
        ab = io.y_total - io.Y[:, w.own].sum(axis=1)
        b[w.S] = 0.0
        ab[w.S] = 0.0
        rhs[:, 2 * k], rhs[:, 2 * k + 1] = b, ab
    X1 = lev.solve(rhs)
    rhs2 = np.zeros_like(rhs)
    for k, w in enumerate(views):
        rhs2[w.S, 2 * k : 2 * k + 2] = np.linalg.solve(w.B_SS, X1[w.S, 2 * k : 2 * k + 2])
    Xnr = X1 - lev.solve(rhs2)
    published = _published_nr(io, views) if io.rebalance == "none" else None
    last, last_abroad = [], []
    for k, w in enumerate(views):
        A_S = io.A[w.S]
        a, ab = (w.Yex + partner_sum(io, A_S, Xnr[:, c]) for c in (2 * k, 2 * k + 1))
        if published is not None:  # the reflection a - ab stays the model's (as decompr's REF)
            p = w.Yex + partner_sum(io, A_S, published[:, k])
            a, ab = p, p - (a - ab)
        a[:, w.own] = 0.0
        ab[:, w.own] = 0.0
        last.append(a)
        last_abroad.append(ab)
    return last, last_abroad


def _published_nr(io, views):
    """x^nr in R decompr 7.0's published-output form (n, K), one column per exporter s:
    x~ = x - B_{.,s} B_ss^-1 L_ss e_s with the table's x and total exports e_s, then
    x^nr_r = L_rr (y_r + A_{r,-r} x~_{-r}) for every country r. Equal to the model x^nr when
    x = Z1 + Y1 (then x~_{-s} = M_{-s,-s}^-1 (y_{-s} + A_{-s,s} L_ss Y_ss) and x~_s = L_ss Y_ss)."""
    G, N = io.G, io.N
    rhs = np.zeros((io.n, len(views)))
    for k, w in enumerate(views):
        rhs[w.S, k] = np.linalg.solve(w.B_SS, w.local_solve(w.E.sum(axis=1)))
    Xt = io.x[:, None] - io.leontief.solve(rhs)
    A4 = io.A.reshape(G, N, G, N)
    own = np.concatenate([A4[r, :, r, :] @ Xt[r * N : (r + 1) * N] for r in range(G)])
    return io.local.solve(io.y_total[:, None] + io.A @ Xt - own)


def _importer_absorbed(io, views):
    """Y_sr + A_sr x^(r)_r (k*N, G) per exporter: exports that the direct importer r absorbs,
    x^(r) = M_{-s,-s}^-1 y^(r)_{-s} by the Schur-complement identity (two solves with one
    right-hand side per importing country). Importers are reported countries (split parts
    merged); the value sits in the column of the importer's first part."""
    lev = io.leontief
    Yr = io.merge_partners(io.Y)  # (n, R) final demand by reported country
    first = {}
    for g, r in enumerate(io.partner_index):
        first.setdefault(int(r), g)
    out = []
    for w in views:
        b = Yr.copy()
        b[w.S] = 0.0
        X1 = lev.solve(b)
        rhs2 = np.zeros_like(X1)
        rhs2[w.S] = np.linalg.solve(w.B_SS, X1[w.S])
        Xr = X1 - lev.solve(rhs2)  # column r: output for r's final demand, never through s
        A_S = io.A[w.S]
        a = np.zeros((w.S.size, io.G))
        own = {int(io.partner_index[c]) for c in w.own}
        for r, g in first.items():
            if r in own:
                continue
            rows = np.flatnonzero(io.partner_index[io.country_of] == r)
            cols = np.flatnonzero(io.partner_index == r)
            a[:, g] = io.Y[w.S][:, cols].sum(axis=1) + A_S[:, rows] @ Xr[rows, r]
        out.append(a)
    return out
