"""Borin and Mancini (2019) importer perspective: value added and double counting in gross imports.

References: Borin, A. and Mancini, M. (2019), World Bank PRWP 8804, section 4.3, eq. (51);
Belotti, Borin and Mancini (2021), Stata Journal 21(3): ``icio, importer(country_code)``
(aggregate imports, terms GIMP VA DC), also in R ``decompr::bm(flow = "imports")``.

Definition (importer perimeter = the border of the importing country or group R as a whole).
Gross imports of R, d_s = sum_{r in R} E_sr for every foreign country-sector s, split into

- VA (value added counted once at R's border, i.e. the first time it enters R):
  ``VA = V Btilde^R d`` with ``Btilde^R = (I - Atilde^R)^-1`` and ``Atilde^R`` = A with R's
  intermediate imports A_tR (t not in R) set to zero (paths that have never entered R).
  Value added of any origin j, including R's own value added coming back, is included.
- DC (double counting: value that has already entered R before):
  ``DC = V Btilde^R Abar_{.R} B_{R.} d`` with Abar_{.R} = A_tR for t not in R.
- GIMP = VA + DC = sum_s d_s when value added is the column residual (``V B = 1``).

Sector level = imports **by product**: the industry of the imported good, i.e. of the foreign
exporting sector (``importer(country, sector_code)`` in Stata ``icio`` refers to the sector of
the imported flows). The perimeter stays the whole importing country (the terms are allocated
to products, additive: products sum to the country total). This is *not* icio's ``sectimp``
perimeter (double counting defined relative to imports of that one product only), which is not
implemented. Bilateral level = by partner (the country exporting to R); ``bilateral_sector`` =
partner x product. Tidy columns: ``importer`` = R, ``exporter`` = partner (bilateral levels),
``industry`` = product.

Computation without re-inversion (Woodbury on the column block R): with U = Abar_{.R},
``I - Atilde^R = (I - A) + U P_R'``, ``B U = B_{.R}(I - A_RR) - I_{.R}``, so
``V Btilde^R = V B - y B_{R.}`` with ``y K_R = V B U``, ``K_R = B_RR (I - A_RR)``; both row
vectors for all importers come from two batched transposed solves with the single LU of I - A
(and the diagonal blocks B_RR already cached). The coefficients are per exporting sector, so
every level is an allocation of the same country totals.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from gvc.io.frames import COLUMNS, LEVELS
from gvc.io.multipliers import multipliers
from gvc.io.units import exporter_views

TERMS = ("GIMP", "VA", "DC")


def importer_coefficients(io, importers=None, include_groups: bool = True):
    """[(unit, alpha, beta)]: VA and DC per unit of R's imports from each sector (n,) each."""
    views = exporter_views(io, importers, include_groups)
    lev, VB = io.leontief, multipliers(io).VB
    k = len(views)
    rhs = np.zeros((io.n, k))
    Us = []
    for j, w in enumerate(views):
        S = w.S
        U = io.A[:, S].copy()
        U[S] = 0.0  # A_tR for t outside R
        K = w.B_SS - w.B_SS @ io.A[np.ix_(S, S)]  # B_RR (I - A_RR)
        rhs[S, j] = np.linalg.solve(K.T, VB @ U)
        Us.append(U)
    alpha = VB[:, None] - lev.solve_t(rhs)  # V Btilde^R, column j
    rhs2 = np.zeros((io.n, k))
    for j, w in enumerate(views):
        rhs2[w.S, j] = alpha[:, j] @ Us[j]
    beta = lev.solve_t(rhs2)  # (V Btilde^R Abar_{.R}) B_{R.}
    return [(w.unit, alpha[:, j], beta[:, j]) for j, w in enumerate(views)]


def imports_of(io, unit) -> np.ndarray:
    """Gross imports of ``unit`` from each foreign country-sector (n,), 0 inside the unit."""
    d = io.E[:, list(unit.countries)].sum(axis=1)
    d[unit.sectors] = 0.0
    return d


def importer_decomposition(io, importers=None, include_groups: bool = True):
    """Per-importer terms: list of (unit, {GIMP, VA, DC: (n,) by exporting country-sector})."""
    out = []
    for unit, a, b in importer_coefficients(io, importers, include_groups):
        d = imports_of(io, unit)
        out.append((unit, {"GIMP": d, "VA": a * d, "DC": b * d}))
    return out


def tidy_imports(io, per_unit, level: str = "country") -> pd.DataFrame:
    """Aggregate importer terms to ``level``; columns ``exporter, importer, industry, term, value``
    with ``importer`` the importing unit, ``exporter`` the partner and ``industry`` the product."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, got {level!r}")
    G, N = io.G, io.N
    R = len(io.reported)
    rows = []
    for unit, terms in per_unit:
        own = {int(io.partner_index[c]) for c in unit.countries}
        partners = [c for c in range(R) if c not in own]
        if level == "country":
            exp, ind = [""], [""]
        elif level == "sector":
            exp, ind = [""] * N, list(io.industries)
        elif level == "bilateral":
            exp, ind = [io.reported[c] for c in partners], [""] * len(partners)
        else:
            exp = [io.reported[c] for c in partners for _ in range(N)]
            ind = list(io.industries) * len(partners)
        for t, a in terms.items():
            b = io.merge_partners(a.reshape(G, N).T).T  # (R, N): partner countries merged
            if level == "country":
                vals = np.array([b.sum()])
            elif level == "sector":
                vals = b.sum(axis=0)
            elif level == "bilateral":
                vals = b.sum(axis=1)[partners]
            else:
                vals = b[partners].ravel()
            rows.append(
                pd.DataFrame(
                    {
                        "exporter": exp,
                        "importer": unit.name,
                        "industry": ind,
                        "term": t,
                        "value": vals,
                    }
                )  # fmt: skip
            )
    if not rows:
        return pd.DataFrame(columns=COLUMNS)
    out = pd.concat(rows, ignore_index=True)[COLUMNS]
    out["value"] = out["value"].astype(np.float64)
    for c in ("exporter", "importer", "industry", "term"):
        out[c] = pd.Categorical(out[c], categories=list(dict.fromkeys(out[c])))
    return out
