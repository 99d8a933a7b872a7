"""Naive dense reference implementations written directly from the papers' formulas.

Every exporter re-inverts its own matrix (B^s = (I - A^s)^-1 with s's intermediate exports set
to zero), exactly as Borin and Mancini (2019, sec. 3) define it; no block identities, no LU
reuse. Used only on small tables to check the fast engine in ``gvc.io``.
"""

from __future__ import annotations

import numpy as np


def random_table(rng, G: int, N: int, zero_sector: bool = False):
    """A balanced random ICIO: A with column sums <= 0.85, Y > 0, x = B Y 1, Z = A diag(x)."""
    n = G * N
    A = rng.random((n, n)) * (rng.random((n, n)) < 0.8)
    A *= rng.uniform(0.1, 0.85, n) / np.maximum(A.sum(axis=0), 1e-12)
    Y = rng.uniform(0.5, 10.0, (n, G))
    if zero_sector and n > 2:
        j = int(rng.integers(n))
        A[j, :] = 0.0  # nobody buys from sector j and it has no final demand: x_j = 0
        Y[j, :] = 0.0
    x = np.linalg.solve(np.eye(n) - A, Y.sum(axis=1))
    x[np.abs(x) < 1e-12] = 0.0
    Z = A * x
    return Z, Y


class Dense:
    """Dense table algebra: A, v (residual value added), B, local inverses."""

    def __init__(self, Z, Y, G, N):
        self.Z, self.Y, self.G, self.N = Z, Y, G, N
        n = self.n = G * N
        self.x = Z.sum(1) + Y.sum(1)
        safe = np.where(self.x == 0, 1.0, self.x)
        self.A = np.where(self.x == 0, 0.0, Z / safe)
        self.v = np.where(self.x == 0, 0.0, 1 - self.A.sum(0))
        self.B = np.linalg.inv(np.eye(n) - self.A)
        self.own = np.repeat(np.arange(G), N)

    def idx(self, countries):
        return np.flatnonzero(np.isin(self.own, countries))

    def Linv(self, S):
        return np.linalg.inv(np.eye(S.size) - self.A[np.ix_(S, S)])

    def exports(self, C):
        """E[S, r] for partners r not in C (k*N, G), zero in own columns."""
        S = self.idx(C)
        E = np.zeros((S.size, self.G))
        for r in range(self.G):
            if r in C:
                continue
            R = self.idx([r])
            E[:, r] = self.Z[np.ix_(S, R)].sum(1) + self.Y[S, r]
        return E


def bm(d: Dense, C, approach="source"):
    """Borin-Mancini exporter perspective for the unit of countries C: dict of (k*N, G)."""
    S, Oth = d.idx(C), np.setdiff1d(np.arange(d.n), d.idx(C))
    E = d.exports(C)
    B, A, v, Y = d.B, d.A, d.v, d.Y
    As = A.copy()
    As[np.ix_(S, Oth)] = 0.0
    Bs = np.linalg.inv(np.eye(d.n) - As)
    LS = d.Linv(S)
    dc = (v[S] @ B[np.ix_(S, S)])[:, None] * E
    fc = (v[Oth] @ B[np.ix_(Oth, S)])[:, None] * E
    partners = [r for r in range(d.G) if r not in C]
    davax_base = np.zeros_like(E)
    for r in partners:
        R = d.idx([r])
        davax_base[:, r] = Y[S, r] + A[np.ix_(S, R)] @ d.Linv(R) @ Y[R, r]
    davax = (v[S] @ LS)[:, None] * davax_base
    if approach == "source":
        dva = (v[S] @ Bs[np.ix_(S, S)])[:, None] * E
        fva = (v[Oth] @ Bs[np.ix_(Oth, S)])[:, None] * E
        absorbed_abroad = (B @ Y[:, partners]).sum(1)
        vb = np.zeros_like(E)
        for r in partners:
            R = d.idx([r])
            vb[:, r] = Y[S, r] + A[np.ix_(S, R)] @ absorbed_abroad[R]
        vax = (v[S] @ LS)[:, None] * vb
    else:
        # output of partners that never passes through the unit's exports again
        own_final = Y[np.ix_(S, C)].sum(1)
        xnr = Bs[np.ix_(Oth, Oth)] @ Y[Oth].sum(1) + Bs[np.ix_(Oth, S)] @ own_final
        xnr_ab = Bs[np.ix_(Oth, Oth)] @ Y[np.ix_(Oth, partners)].sum(1)
        full, full_ab = np.zeros(d.n), np.zeros(d.n)
        full[Oth], full_ab[Oth] = xnr, xnr_ab
        last, last_ab = np.zeros_like(E), np.zeros_like(E)
        for r in partners:
            R = d.idx([r])
            last[:, r] = Y[S, r] + A[np.ix_(S, R)] @ full[R]
            last_ab[:, r] = Y[S, r] + A[np.ix_(S, R)] @ full_ab[R]
        dva = (v[S] @ B[np.ix_(S, S)])[:, None] * last
        vax = (v[S] @ B[np.ix_(S, S)])[:, None] * last_ab
        fva = (v[Oth] @ B[np.ix_(Oth, S)])[:, None] * last
    return {"GEXP": E, "DC": dc, "FC": fc, "DVA": dva, "FVA": fva, "VAX": vax, "DAVAX": davax}


def tiva(d: Dense, C):
    """EXGR, EXGR_DVA, EXGR_FVA, DEXFVAP (k*N, G) for the unit C."""
    S, Oth = d.idx(C), np.setdiff1d(np.arange(d.n), d.idx(C))
    E = d.exports(C)
    e_all = np.zeros(d.n)
    for s in range(d.G):
        e_all[d.idx([s])] = d.exports([s]).sum(1)
    dex = np.zeros_like(E)
    for r in range(d.G):
        if r in C:
            continue
        R = d.idx([r])
        dex[:, r] = d.v[S] * (d.B[np.ix_(S, R)] @ e_all[R])
    return {
        "EXGR": E,
        "EXGR_DVA": (d.v[S] @ d.B[np.ix_(S, S)])[:, None] * E,
        "EXGR_FVA": (d.v[Oth] @ d.B[np.ix_(Oth, S)])[:, None] * E,
        "DEXFVAP": dex,
        "FFD_DVA": _ffd_dva(d, C, S),
        "VALU": d.v[S] * (d.B @ d.Y.sum(1))[S],
    }


def _ffd_dva(d: Dense, C, S):
    """v_i (B Y)_ip for partners p outside C, from the dense inverse (Johnson-Noguera 2012)."""
    out = d.v[S, None] * (d.B @ d.Y)[S]
    out[:, list(C)] = 0.0
    return out


def wwyz(d: Dense):
    """WWYZ (2017) level vectors from the dense matrices V^ B Y^ etc."""
    n, G = d.n, d.G
    L = np.zeros((n, n))
    for s in range(G):
        S = d.idx([s])
        L[np.ix_(S, S)] = d.Linv(S)
    AF = d.A - np.where(d.own[:, None] == d.own[None, :], d.A, 0.0)
    y = d.Y.sum(1)
    yd = d.Y[np.arange(n), d.own]
    Vh, B = np.diag(d.v), d.B
    core = Vh @ L @ AF @ B
    simple = Vh @ L @ AF @ L
    length = Vh @ (L @ L @ AF @ B + L @ AF @ B @ B)
    return {
        "va": d.v * d.x,
        "V_GVC": (core @ np.diag(y)).sum(1),
        "V_GVC_S": (simple @ np.diag(yd)).sum(1),
        "Xv_GVC": (length @ np.diag(y)).sum(1),
        "y": y,
        "Y_GVC": (core @ np.diag(y)).sum(0),
        "Y_GVC_S": (simple @ np.diag(yd)).sum(0),
        "Xy_GVC": (length @ np.diag(y)).sum(0),
        "Xv": (Vh @ B @ B @ np.diag(y)).sum(1),
        "Xy": (Vh @ B @ B @ np.diag(y)).sum(0),
    }


def kww(d: Dense, s: int):
    """KWW (2014) eq. (36) terms for country s, dense loops."""
    B, A, v, Y, G = d.B, d.A, d.v, d.Y, d.G
    S = d.idx([s])
    LS = d.Linv(S)
    Es = d.exports([s]).sum(1)
    vs = v[S]
    others = [r for r in range(G) if r != s]
    t = dict.fromkeys(
        ["DVA_FIN", "DVA_INT", "DVA_INTrex", "RDV_FIN", "RDV_INT", "DDC", "FVA_FIN", "FVA_INT",
         "FDC"], 0.0)  # fmt: skip
    fvB = sum(v[d.idx([q])] @ B[np.ix_(d.idx([q]), S)] for q in others)
    for r in others:
        R = d.idx([r])
        Bsr = B[np.ix_(S, R)]
        Lr = d.Linv(R)
        t["DVA_FIN"] += vs @ B[np.ix_(S, S)] @ Y[S, r]
        t["DVA_INT"] += vs @ Bsr @ Y[R, r]
        t["DVA_INTrex"] += sum(vs @ Bsr @ Y[R, q] for q in others if q != r)
        t["RDV_FIN"] += vs @ Bsr @ Y[R, s]
        t["RDV_INT"] += vs @ Bsr @ A[np.ix_(R, S)] @ LS @ Y[S, s]
        t["DDC"] += vs @ Bsr @ A[np.ix_(R, S)] @ LS @ Es
        t["FVA_FIN"] += fvB @ Y[S, r]
        t["FVA_INT"] += fvB @ A[np.ix_(S, R)] @ Lr @ Y[R, r]
        t["FDC"] += fvB @ A[np.ix_(S, R)] @ Lr @ d.exports([r]).sum(1)
    return t


def wwz(d: Dense, s: int, r: int):
    """WWZ (2013) eq. (37) 16 terms for exporter s, importer r, by exporting sector (N,)."""
    B, A, v, Y, G = d.B, d.A, d.v, d.Y, d.G
    S, R = d.idx([s]), d.idx([r])
    ix = np.ix_
    vL = v[S] @ d.Linv(S)
    vB = v[S] @ B[ix(S, S)]
    third = [t for t in range(G) if t not in (s, r)]
    Asr = A[ix(S, R)]
    Lr = d.Linv(R)
    Er = d.exports([r]).sum(1)
    xr = d.x[R]
    ddc_mult = vL @ sum((A[ix(S, d.idx([t]))] @ B[ix(d.idx([t]), S)] for t in range(G) if t != s),
                        np.zeros((S.size, S.size)))  # fmt: skip
    mva = v[R] @ B[ix(R, S)]
    ova = sum((v[d.idx([t])] @ B[ix(d.idx([t]), S)] for t in third), np.zeros(S.size))
    yfex_s = Y[S].sum(1) - Y[S, s]
    z = {
        "DVA_FIN": vB * Y[S, r],
        "DVA_INT": vL * (Asr @ B[ix(R, R)] @ Y[R, r]),
        "DVA_INTrexI1": vL
        * (
            Asr @ sum((B[ix(R, d.idx([t]))] @ Y[d.idx([t]), t] for t in third), np.zeros(R.size))
        ),  # fmt: skip
        "DVA_INTrexF": vL * (Asr @ B[ix(R, R)] @ sum((Y[R, t] for t in third), np.zeros(R.size))),
        "DVA_INTrexI2": vL
        * (
            Asr
            @ sum(
                (
                    B[ix(R, d.idx([t]))]
                    @ Y[d.idx([t])][:, [u for u in range(G) if u not in (s, t)]].sum(1)
                    for t in third
                ),
                np.zeros(R.size),
            )
        ),  # fmt: skip
        "RDV_INT": vL * (Asr @ B[ix(R, S)] @ Y[S, s]),
        "RDV_FIN": vL * (Asr @ B[ix(R, R)] @ Y[R, s]),
        "RDV_FIN2": vL
        * (
            Asr @ sum((B[ix(R, d.idx([t]))] @ Y[d.idx([t]), s] for t in third), np.zeros(R.size))
        ),  # fmt: skip
        "OVA_FIN": ova * Y[S, r],
        "MVA_FIN": mva * Y[S, r],
        "OVA_INT": ova * (Asr @ Lr @ Y[R, r]),
        "MVA_INT": mva * (Asr @ Lr @ Y[R, r]),
        "DDC_FIN": vL * (Asr @ B[ix(R, S)] @ yfex_s),
        "DDC_INT": ddc_mult * (Asr @ xr),
        "ODC": ova * (Asr @ Lr @ Er),
        "MDC": mva * (Asr @ Lr @ Er),
    }
    return z
