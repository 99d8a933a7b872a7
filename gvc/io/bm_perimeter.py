"""Borin-Mancini source-based decomposition with the "self" perimeter: each export flow is its own
perimeter (sector, bilateral or bilateral-sector), instead of the exporting country.

References: Borin and Mancini (2023), Economic Systems Research 35(1), sec. 4 (perimeters of
double counting); Stata ``icio`` (Belotti, Borin and Mancini 2021) ``perspective(sectexp)``,
``perspective(bilateral)``, ``perspective(sectbil)``; exvatools ``make_exvadec(...,
method="bm_src", sector=, partner=)``, whose extraction matrix for a perimeter sets to zero the
perimeter's intermediate exports in A: rows of the exporting sector(s), columns of the partner
country (bilateral) or of every other country (sector).

For exporter s, exporting sector i and importer r (values in the table's currency unit):

- DC, FC, GEXP as in the country perimeter (``gvc.io.bm``).
- DVA = (V_s B^x_ss)_i E_ir, FVA = (sum_{t!=s} V_t B^x_ts)_i E_ir, with B^x = (I - A^x)^-1 and
  A^x = A without the perimeter's intermediate exports; DDC = DC - DVA, FDC = FC - FVA.

B^x is never formed: A^x = A - U P' with U selecting the perimeter's rows, so by the
Sherman-Morrison-Woodbury identity w B^x restricted to s's columns is
(w B_S) (I + P' B U)^-1 with P' B U = A[rows, cols] B[cols, rows] (a scalar for the sector and
bilateral-sector perimeters, N x N for the bilateral one). Cost: one solve of B with N columns per
exporter (B[:, S]), then small dense algebra.

A narrower perimeter counts less as double counting: DVA(self) >= DVA(country). With one industry
the sector perimeter is the country perimeter; with two countries the bilateral one is.
"""

from __future__ import annotations

import numpy as np

from gvc.errors import ValidationError
from gvc.io.units import exporter_views

PERIMETERS = ("country", "sector", "bilateral", "bilateral_sector")
TERMS = ("GEXP", "DC", "DVA", "DDC", "FC", "FVA", "FDC")


def borin_mancini_perimeter(io, perimeter: str, exporters=None):
    """Per-exporter terms (``TERMS``) for the self ``perimeter`` (``sector``, ``bilateral`` or
    ``bilateral_sector``): list of (unit, {term: (N, G) array}); single countries only."""
    if perimeter not in PERIMETERS[1:]:
        raise ValueError(f"perimeter must be one of {PERIMETERS}, got {perimeter!r}")
    if getattr(io, "splits", {}):
        raise ValidationError(
            f"perimeter={perimeter!r} is not available on tables with split countries; use "
            "perimeter='country' or read the table with splits='merge_first'"
        )
    views = exporter_views(io, exporters, include_groups=exporters is not None)
    groups = [w.unit.name for w in views if not w.unit.is_country]
    if groups:
        raise ValidationError(
            f"perimeter={perimeter!r} is defined for single countries, not {groups}"
        )
    lev, A, v, N, G = io.leontief, io.A, io.v, io.N, io.G
    out = []
    for w in views:
        S, s = w.S, w.own[0]
        rhs = np.zeros((io.n, N))
        rhs[S, np.arange(N)] = 1.0
        BS = lev.solve(rhs)  # B[:, S]
        v_for = v.copy()
        v_for[S] = 0.0
        d, f = v[S] @ BS[S], v_for @ BS  # DC and FC multipliers by exporting sector
        E = w.E
        dva, fva = np.zeros_like(E), np.zeros_like(E)
        if perimeter == "sector":  # the same perimeter (all partners) for every importer
            abroad = _abroad(io, s)
            scale = 1.0 / (1.0 + np.einsum("ij,ji->i", A[np.ix_(S, abroad)], BS[abroad]))
            dva, fva = (d * scale)[:, None] * E, (f * scale)[:, None] * E
        for r in range(G) if perimeter != "sector" else ():
            if r == s:
                continue
            cols = np.arange(r * N, (r + 1) * N)
            P = A[np.ix_(S, cols)] @ BS[cols]  # P' B[:, S] for all of s's rows, N x N
            if perimeter == "bilateral":
                M = np.eye(N) + P
                dva[:, r] = np.linalg.solve(M.T, d) * E[:, r]
                fva[:, r] = np.linalg.solve(M.T, f) * E[:, r]
            else:  # one exporting sector at a time: the scalar 1 + P_ii
                scale = 1.0 / (1.0 + np.diag(P))
                dva[:, r] = d * scale * E[:, r]
                fva[:, r] = f * scale * E[:, r]
        DC, FC = d[:, None] * E, f[:, None] * E
        out.append(
            (
                w.unit,
                {
                    "GEXP": E,
                    "DC": DC,
                    "DVA": dva,
                    "DDC": DC - dva,
                    "FC": FC,
                    "FVA": fva,
                    "FDC": FC - fva,
                },
            )  # fmt: skip
        )
    return out


def _abroad(io, s: int) -> np.ndarray:
    """Row positions of every country but s."""
    own = np.repeat(np.arange(io.G), io.N)
    return np.flatnonzero(own != s)
