"""Borin-Mancini importer view by value-added origin country (not by direct partner).

Reference: Borin and Mancini (2019), WB PRWP 8804, sec. 4.3, eq. (51); Stata ``icio,
importer(R) origin(...)``. For importer R (country or group) with gross imports d (n,) from
foreign country-sectors (``gvc.io.importer.imports_of``):

- VA by origin: v_i (Btilde^R d)_i summed over the sectors i of each origin country, value
  added counted once at R's border (R's own value added coming back included);
- DC by origin: v_i (Btilde^R Abar_{.R} B_{R.} d)_i, value of that origin that already entered R;
- GIMP by origin = VA + DC: the content of R's gross imports by origin; the origins sum to R's
  gross imports, and VA and DC sum to the by-partner totals of ``gvc.io.importer``.

Btilde^R = (I - Atilde^R)^-1 without re-inversion (Woodbury on the column block R, as in
``gvc.io.importer``): Btilde x = B x - B U K_R^-1 (B x)_R with B U z = B_{.R}(I - A_RR) z - I_{.R} z
and K_R = B_RR (I - A_RR). Four solves with one right-hand side per importer, batched.
Units: the table's currency unit. Origins are reported countries (split parts merged).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from gvc.io.frames import COLUMNS
from gvc.io.importer import imports_of
from gvc.io.units import exporter_views

TERMS = ("GIMP", "VA", "DC")


def _btilde(io, views, X: np.ndarray) -> np.ndarray:
    """Btilde^R x for each importer's column x of X (n, k)."""
    lev = io.leontief
    Y = lev.solve(X)
    T = np.zeros_like(Y)
    Zs = []
    for j, w in enumerate(views):
        S = w.S
        I_A = np.eye(S.size) - io.A[np.ix_(S, S)]
        z = np.linalg.solve(w.B_SS @ I_A, Y[S, j])
        T[S, j] = I_A @ z
        Zs.append(z)
    BU = lev.solve(T)
    for j, w in enumerate(views):
        BU[w.S, j] -= Zs[j]
    return Y - BU


def importer_by_origin(io, importers=None, include_groups: bool = True):
    """[(unit, {GIMP, VA, DC: (R,) by reported origin country})] per importer."""
    views = exporter_views(io, importers, include_groups)
    if not views:
        return []
    D = np.column_stack([imports_of(io, w.unit) for w in views])
    BD = io.leontief.solve(D)
    C = np.zeros_like(D)
    for j, w in enumerate(views):
        c = io.A[:, w.S] @ BD[w.S, j]  # Abar_{.R} (B d)_R: first entry into R
        c[w.S] = 0.0
        C[:, j] = c
    va = io.v[:, None] * _btilde(io, views, D)
    dc = io.v[:, None] * _btilde(io, views, C)
    origin = io.partner_index[io.country_of]
    R = len(io.reported)
    out = []
    for j, w in enumerate(views):
        a = np.bincount(origin, weights=va[:, j], minlength=R)
        b = np.bincount(origin, weights=dc[:, j], minlength=R)
        out.append((w.unit, {"GIMP": a + b, "VA": a, "DC": b}))
    return out


def tidy_origin(io, per_unit, level: str = "bilateral") -> pd.DataFrame:
    """Columns ``exporter`` (= origin country of the value added), ``importer``, ``industry``
    (''), ``term``, ``value``; level ``country`` sums the origins."""
    if level not in ("country", "bilateral"):
        raise ValueError("the importer view by origin has levels 'country' and 'bilateral'")
    rows = []
    for unit, terms in per_unit:
        for t, a in terms.items():
            if level == "country":
                exp, vals = [""], [a.sum()]
            else:
                exp, vals = list(io.reported), list(a)
            rows.append(
                pd.DataFrame(
                    {
                        "exporter": exp,
                        "importer": unit.name,
                        "industry": "",
                        "term": t,
                        "value": np.asarray(vals, dtype=np.float64),
                    }
                )  # fmt: skip
            )
    if not rows:
        return pd.DataFrame(columns=COLUMNS)
    out = pd.concat(rows, ignore_index=True)[COLUMNS]
    for c in ("exporter", "importer", "industry", "term"):
        out[c] = pd.Categorical(out[c], categories=list(dict.fromkeys(out[c])))
    return out
