"""Borin and Mancini (2019) gross-export decomposition, world perspective.

References: Borin, A. and Mancini, M. (2019), "Measuring what matters in global value chains and
value-added trade", World Bank PRWP 8804, section 5 ("world perspective"), eq. (52) source-based
and eq. (54) sink-based foreign value added; Belotti, Borin and Mancini (2021), Stata Journal
21(3), ``icio, exporter(...) perspective(world)``, reproduced by R ``decompr::bm(perspective =
"world")`` and Julia ``GlobalValueChains.jl`` (9 terms, country level).

What changes with the perimeter. In the exporter perspective a unit of value added is counted
once in the exports of the exporting country s. In the world perspective it is counted once in
*world* exports. Domestic value added is first exported (source) and, counted as domestic, last
exported (sink) by its own country of origin in both perspectives, so the domestic side
(DC, DVA, VAX, REF, DDC) and the foreign content FC are perspective-invariant. Only the split of
foreign content FC = FVA + FDC changes: value added of origin t != s in s's exports is counted as
FVA only the first (source) or last (sink) time it is exported by *any* country other than t:

- source (eq. 52): the item travels t ... t -> s ... s -> exported by s, i.e. it has not been
  exported by a non-origin country before:
  ``FVA_sr = sum_{t != s} (V_t L_tt A_ts L_ss)_i E_sr``.
- sink (eq. 54; the "corrected KWW" of Borin and Mancini): after s -> r no non-origin country
  exports it again: either it is absorbed by r through r's domestic chain (directly absorbed
  exports DAE_sr = Y_sr + A_sr L_rr Y_rr, any foreign origin), or it is r's own value added that
  r re-exports once more and that is then absorbed by the direct importer:
  ``FVA_sr = (sum_{t != s} V_t B_ts)_i DAE_sr + (V_r B_rs)_i (A_sr L_rr REX_r)``,
  ``REX_r = sum_{q != r} DAE_rq`` (r's directly absorbed exports, by sector of r).

Relations used in the tests (all follow from the path definitions): FVA_world <= FVA_exporter
for the same approach at every cell (world paths are a subset of exporter paths), hence
FDC_world >= FDC_exporter; world source and world sink FVA have the same world total (each
re-exported foreign item has exactly one first and one last re-export); DVA, DDC, VAX, REF, DC,
FC are equal to the exporter perspective.

Levels. Stata ``icio`` and decompr report the world perspective at country level only (9 terms:
GEXP DC DVA VAX REF DDC FC FVA FDC). Here the FVA coefficients are per exporting sector and
partner, so the same terms are also allocated to sector and bilateral levels (additive; the
domestic side then follows the exporter perspective with the same ``approach``); the country
totals are those of Stata ``icio``. DAVAX, GVC, GVCB (= FC + DDC), GVCF are perspective-invariant
and reported unchanged from the exporter perspective for convenience. Country groups are not
supported in the world perspective (the "origin" of foreign value added is a single country).

Cost: the exporter-perspective terms plus matrix-vector work (local inverses and the cached
multipliers); no re-inversion.
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import lu_solve

from gvc.io import bm
from gvc.io.multipliers import multipliers, partner_sum

TERMS = bm.TERMS
WORLD_ONLY_TERMS = ("GEXP", "DC", "DVA", "VAX", "REF", "DDC", "FC", "FVA", "FDC")
"""The 9 terms Stata ``icio, perspective(world)`` reports."""


WORLD_DOMESTIC = ("approach", "source")
"""Where the world perspective takes its domestic terms (DC, DVA, VAX, REF, DDC, FC): from the
same ``approach`` as FVA (gvc's default: additive at every level with the exporter perspective of
that approach), or always from the source approach (R decompr 7.0 and Stata ``icio``, which
report the world perspective at country level). At country level the two agree on a balanced
table; under ``rebalance='none'`` on WIOD 2011 the world-sink DVA and VAX differ by up to 0.23%
of gross exports (EST) and 'source' reproduces decompr's."""


def borin_mancini_world(io, approach: str = "source", exporters=None, domestic: str = "approach"):
    """Per-exporter world-perspective BM terms: list of (unit, {term: (N, G) array});
    ``domestic``: :data:`WORLD_DOMESTIC`."""
    if approach not in ("source", "sink"):
        raise ValueError("approach must be 'source' or 'sink'")
    if domestic not in WORLD_DOMESTIC:
        raise ValueError(f"domestic must be one of {WORLD_DOMESTIC}")
    if exporters is not None:
        names = [exporters] if isinstance(exporters, str) else list(exporters)
        groups = [e for e in names if e in io.groups]
        if groups:
            raise ValueError(
                f"the world perspective is defined for single countries only; got groups {groups}"
            )
    base = bm.borin_mancini(io, approach, exporters, include_groups=False)
    fva = _fva_source(io, base) if approach == "source" else _fva_sink(io, base)
    if domestic == "source" and approach != "source":
        base = bm.borin_mancini(io, "source", exporters, include_groups=False)
    out = []
    for (unit, terms), F in zip(base, fva, strict=True):
        terms = dict(terms)
        terms.pop("VAXIM", None)  # an exporter-perspective sink term
        terms["FVA"] = F
        terms["FDC"] = terms["FC"] - F
        out.append((unit, terms))
    return out


def _gross(io, unit) -> np.ndarray:
    E = io.E[unit.sectors].copy()
    E[:, list(unit.countries)] = 0.0
    return E


def _fva_source(io, base) -> list[np.ndarray]:
    """Eq. (52): FVA_sr = (sum_{t != s} V_t L_tt A_ts L_ss)_i E_sr."""
    m = multipliers(io)
    wLA = io.A.T @ m.wL  # (V L A)_j over all origins (n,)
    out = []
    for unit, _ in base:
        s, S = unit.countries[0], unit.sectors
        g = wLA[S] - io.A[np.ix_(S, S)].T @ m.wL[S]  # drop the domestic origin t = s
        coef = lu_solve(io.local._lu[s], g, trans=1, check_finite=False)  # g L_ss
        out.append(coef[:, None] * _gross(io, unit))
    return out


def _dae(io, S, own: int) -> np.ndarray:
    """Directly absorbed exports Y_sr + A_sr L_rr Y_rr (k, G), own column 0."""
    D = io.Y[S] + partner_sum(io, io.A[S], multipliers(io).Ly_dom)
    D[:, own] = 0.0
    return D


def _fva_sink(io, base) -> list[np.ndarray]:
    """Eq. (54): FVA_sr = u_s DAE_sr + (V_r B_rs)(A_sr L_rr REX_r)."""
    m = multipliers(io)
    rex = np.empty(io.n)
    for r in range(io.G):
        S = io.block(r)
        rex[S] = _dae(io, np.arange(io.n)[S], r).sum(axis=1)
    wrex = io.local.solve(rex)  # L_rr REX_r, stacked
    out = []
    for unit, _ in base:
        s, S = unit.countries[0], unit.sectors
        u = m.VB[S] - m.wB[S]  # foreign content per unit of exports
        F = u[:, None] * _dae(io, S, s) + m.VsB[S] * partner_sum(io, io.A[S], wrex)
        F[:, s] = 0.0
        out.append(F)
    return out
