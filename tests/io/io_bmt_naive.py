"""Slow reference for the Borin-Mancini-Taglioni (2025) measures, written straight from the
equations with dense inverses and loops over country blocks (no LU reuse, no shortcuts such as
RE = E - DAE). Used only on small tables to check ``gvc.io.bmt_trade`` and ``gvc.io.bmt_output``.
The output equations are gvc's reading of the paper's concepts (the paper's own equations
were not available to us; see the ``gvc.io.bmt_output`` docstring), so this checks the
algebra, not the reading.

For exporter unit S (one country or a group of countries, its intra-group trade domestic) and
partner r outside S, with L_xx = (I - A_xx)^-1 the local inverse of a block and e_rj the gross
exports of r to j (Z_rj 1 + Y_rj):

    DAE_Sr = Y_Sr + A_Sr L_rr Y_rr              RE_Sr = A_Sr L_rr sum_{j != r} e_rj
    d = V_S L_SS                                m = sum_{t not in S} u A_tS L_SS
    DAVAX = d o DAE,  PF = d o RE,  TS = m o RE,  PB = m o DAE      (o: by exporting sector)

Output (by producing sector of S): x^H = L_SS Y_SS, x^T = L_SS sum_r DAE_Sr,
x^R = L_SS sum_r RE_Sr, a = sum_{t not in S} u A_tS; DomX = d o x^H, TradX = m o x^H + d o x^T,
PF_X = d o x^R, PB_X = m o x^T, TSImp = a o x^R, TSDom = (m - a) o x^R.
"""

from __future__ import annotations

import numpy as np


def _exports(d, r: int, j: int) -> np.ndarray:
    """e_rj: gross exports of country r to country j by sector of r (N,)."""
    R, J = d.idx([r]), d.idx([j])
    return d.Z[np.ix_(R, J)].sum(axis=1) + d.Y[R, j]


def _content(d, C):
    S = d.idx(C)
    LS = np.linalg.inv(np.eye(S.size) - d.A[np.ix_(S, S)])
    dom = d.v[S] @ LS
    a = np.zeros(S.size)
    for t in range(d.G):
        if t in C:
            continue
        T = d.idx([t])
        a += np.ones(T.size) @ d.A[np.ix_(T, S)]
    return S, LS, dom, a, a @ LS


def _flows(d, C, S):
    """(DAE, RE) (k*N, G) for the unit of countries C, columns of C zero."""
    dae = np.zeros((S.size, d.G))
    re = np.zeros((S.size, d.G))
    for r in range(d.G):
        if r in C:
            continue
        R = d.idx([r])
        Lr = np.linalg.inv(np.eye(R.size) - d.A[np.ix_(R, R)])
        A_Sr = d.A[np.ix_(S, R)]
        dae[:, r] = d.Y[S, r] + A_Sr @ Lr @ d.Y[R, r]
        e_r = sum(_exports(d, r, j) for j in range(d.G) if j != r)
        re[:, r] = A_Sr @ Lr @ e_r
    return dae, re


def trade(d, C) -> dict[str, np.ndarray]:
    """Tripartite trade terms (k*N, G) of the unit of countries C."""
    S, _, dom, _, m = _content(d, C)
    dae, re = _flows(d, C, S)
    E = np.zeros((S.size, d.G))
    for r in range(d.G):
        if r in C:
            continue
        R = d.idx([r])
        E[:, r] = d.Z[np.ix_(S, R)].sum(axis=1) + d.Y[S, r]
    davax = dom[:, None] * dae
    return {
        "E": E,
        "DAVAX": davax,
        "GVC": E - davax,
        "GVC_PF": dom[:, None] * re,
        "GVC_TS": m[:, None] * re,
        "GVC_PB": m[:, None] * dae,
    }


def output(d, C) -> dict[str, np.ndarray]:
    """Output-based terms (k*N,) of the unit of countries C."""
    S, LS, dom, a, m = _content(d, C)
    dae, re = _flows(d, C, S)
    Y_SS = d.Y[S][:, list(C)].sum(axis=1)
    xH, xT, xR = LS @ Y_SS, LS @ dae.sum(axis=1), LS @ re.sum(axis=1)
    pf, pb, ts_imp, ts_dom = dom * xR, m * xT, a * xR, (m - a) * xR
    return {
        "X": d.x[S],
        "DomX": dom * xH,
        "TradX": m * xH + dom * xT,
        "GVC_PF_X": pf,
        "GVC_PB_X": pb,
        "GVC_TSImp": ts_imp,
        "GVC_TSDom": ts_dom,
        "GVC_TS_X": ts_imp + ts_dom,
        "GVC_X": pf + pb + ts_imp + ts_dom,
    }
