"""Balanced inter-country input-output tables built from technical coefficients and final demand.

Sectors are ordered country-major: row/column k = c * N + i for country c, industry i.
Technical coefficient of supplier (c, i) in the purchases of user (d, j)::

    A[(c,i),(d,j)] = a_dj * p_d[i,j] * ( 1 - f_d[i,j]   if c == d
                                         f_d[i,j] * W[c,d] otherwise )

``a_dj`` is the intermediate-input intensity (intermediates / output), ``p_d[:, j]`` the input
mix over supplying industries (sums to 1), ``W[:, d]`` gravity weights over foreign partners (sum
to 1, zero on the diagonal) and ``f_d[i,j] = s_dj * r_i / sum_k p_d[k,j] r_k`` the foreign share
of inputs from industry i, with tradability ``r`` (goods 1.4, services 0.35; flattened where a
share would exceed ``F_MAX``, see ``foreign_split``). By construction the
imported share of the user's intermediate purchases, sum_{c != d, i} Z / sum_{c, i} Z, equals
``s_dj`` exactly: that share is the structural outcome (``gvc.demo.truth``).

Final demand F[(c,i), d] = fd_d * q_d[i] * (1 - m_di if c == d else m_di * W[c,d]); output
x = (I - A)^-1 F 1 and Z = A diag(x), so x = Z 1 + F 1 and value added x - Z'1 = (1 - a) x > 0.
Values in millions of current USD.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gvc.demo.countries import Countries
from gvc.demo.params import DemoParams

TRADABILITY_GOODS = 1.4
TRADABILITY_SERVICES = 0.35
F_MAX = 0.95
"""Largest foreign share of inputs from any one supplying industry."""
TRADE_COLLAPSE_YEAR_INDEX = 9
"""Year index (2009 with the default start) of a synthetic trade collapse in demand and sourcing."""


@dataclass(frozen=True)
class Structure:
    """Time-invariant input-output structure.

    ``a``: (G, N) intermediate intensity. ``p``: (G, N, N) input mix [d, supplier i, user j].
    ``r``: (N,) tradability. ``q``: (G, N) final-demand mix. ``m``: (G, N) imported share of
    final demand. ``size_factor``: (G,) openness multiplier of the base foreign-input share.
    """

    a: np.ndarray
    p: np.ndarray
    r: np.ndarray
    q: np.ndarray
    m: np.ndarray
    size_factor: np.ndarray


def draw_structure(p: DemoParams, countries: Countries, rng: np.random.Generator) -> Structure:
    """Draw intensities, input and demand mixes and import shares (see module docstring)."""
    g, n, nm = p.n_countries, p.n_industries, p.n_manuf
    manuf = np.arange(n) < nm
    a = np.where(manuf, rng.uniform(0.58, 0.70, (g, n)), rng.uniform(0.35, 0.48, (g, n)))

    base = np.empty((n, n))  # [supplier i, user j]
    for j in range(n):
        goods = 0.62 if manuf[j] else 0.22
        w = np.where(manuf, goods / nm, (1.0 - goods) / (n - nm))
        w[j] += 0.15  # own-industry purchases
        base[:, j] = w / w.sum()
    mix = np.stack([rng.dirichlet(200.0 * base[:, j], size=g) for j in range(n)], axis=2)

    r = np.where(manuf, TRADABILITY_GOODS, TRADABILITY_SERVICES)
    fd_base = np.where(manuf, 0.35 / nm, 0.65 / (n - nm))
    q = rng.dirichlet(300.0 * fd_base, size=g)

    log_size = np.log(countries.size)
    size_factor = np.clip(np.exp(-p.openness_elasticity * (log_size - log_size.mean())), 0.6, 1.7)
    m = (
        np.where(manuf, p.fd_import_share_manuf, p.fd_import_share_serv)[None, :]
        * np.sqrt(size_factor)[:, None]
    )
    return Structure(a=a, p=mix, r=r, q=q, m=np.clip(m, 0.0, 0.6), size_factor=size_factor)


def gravity(countries: Countries, t: int) -> np.ndarray:
    """W[c, d]: share of d's foreign purchases bought from c in year index t (columns sum to 1)."""
    size = countries.size * (1.0 + countries.growth) ** t
    w = size[:, None] ** 0.9 * np.exp(-countries.distance / 6.0)
    np.fill_diagonal(w, 0.0)
    return w / w.sum(axis=0, keepdims=True)


def demand_level(countries: Countries, t: int) -> np.ndarray:
    """Total final demand of each country in year index t, millions of USD."""
    level = countries.size * (1.0 + countries.growth) ** t
    if t == TRADE_COLLAPSE_YEAR_INDEX:
        level = level * 0.94
    elif t > TRADE_COLLAPSE_YEAR_INDEX:
        level = level * 0.97
    return level


def foreign_split(st: Structure, share: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Foreign share of inputs from each supplying industry, and its derivative wrt ``share``.

    Returns (f, df), both [d, i, j]. Normally f = s * R_i with R_i = r_i / sum_k p[k,j] r_k
    (goods are more tradable than services). Where that would push some f above ``F_MAX`` the
    tilt is flattened: f = s * (lam * R_i + 1 - lam) with lam = (F_MAX - s) / (s (max R - 1)).
    Either way sum_i p[i,j] f[i,j] = s exactly.
    """
    denom = np.einsum("dkj,k->dj", st.p, st.r)
    R = st.r[None, :, None] / denom[:, None, :]  # [d, i, j]
    rmax = R.max(axis=1, keepdims=True)
    s = share[:, None, :]
    flat = s * rmax > F_MAX
    lam = np.where(flat, (F_MAX - s) / np.maximum(s * (rmax - 1.0), 1e-12), 1.0)
    f = s * (lam * R + 1.0 - lam)
    df = np.where(flat, 1.0 - (R - 1.0) / (rmax - 1.0), R)
    return f, df


def technical_coefficients(st: Structure, share: np.ndarray, w: np.ndarray) -> np.ndarray:
    """A (GN x GN) given the foreign-input shares ``share`` (G, N) and gravity weights ``w``."""
    g, n = share.shape
    if share.max() >= F_MAX:
        raise ValueError(f"foreign-input share {share.max():.3f} >= {F_MAX}; lower beta or shares")
    f, _ = foreign_split(st, share)
    m = st.a[:, None, :] * st.p  # [d, i, j]
    a4 = np.einsum("cd,dij->cidj", w, m * f) + np.einsum("cd,dij->cidj", np.eye(g), m * (1.0 - f))
    return a4.reshape(g * n, g * n)


def final_demand(st: Structure, level: np.ndarray, w: np.ndarray) -> np.ndarray:
    """F (GN x G): final demand by supplying sector (rows) and destination country (columns)."""
    g, n = st.q.shape
    fd = level[:, None] * st.q  # [d, i]
    f3 = np.einsum("cd,di->cid", w, fd * st.m) + np.einsum("cd,di->cid", np.eye(g), fd * (1 - st.m))
    return f3.reshape(g * n, g)


def leontief_inverse(A: np.ndarray) -> np.ndarray:
    """B = (I - A)^-1."""
    return np.linalg.inv(np.eye(A.shape[0]) - A)


def build_table(
    A: np.ndarray, F: np.ndarray, B: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(Z, x) with x = (I - A)^-1 F 1, Z = A diag(x); the returned x is Z 1 + F 1.

    ``B``: the Leontief inverse of A if already computed.
    """
    f = F.sum(axis=1)
    x = B @ f if B is not None else np.linalg.solve(np.eye(A.shape[0]) - A, f)
    Z = A * x[None, :]
    return Z, Z.sum(axis=1) + f


def imported_input_share(Z: np.ndarray, n_countries: int) -> np.ndarray:
    """Imported intermediate inputs / all intermediate inputs of each user sector, shape (G, N).

    This is the simple backward-integration measure computable from Z alone; in the demo it
    equals the structural foreign-input share exactly.
    """
    gn = Z.shape[0]
    n = gn // n_countries
    z4 = Z.reshape(n_countries, n, n_countries, n)
    total = z4.sum(axis=(0, 1))
    domestic = np.einsum("cicj->cj", z4)
    return (total - domestic) / total


def foreign_va_content(
    Z: np.ndarray, x: np.ndarray, n_countries: int, B: np.ndarray | None = None
) -> np.ndarray:
    """Foreign value-added content per unit of each sector's output (Leontief), shape (G, N).

    sum over foreign source sectors k of v_k B[k, (d,j)], with v = value added / output and
    B = (I - A)^-1 (pass ``B`` if already computed). Equals the foreign value-added share of the
    sector's gross exports (VS share).
    """
    gn = Z.shape[0]
    n = gn // n_countries
    A = Z / x[None, :]
    v = 1.0 - A.sum(axis=0)
    if B is None:
        B = leontief_inverse(A)
    vb = (v[:, None] * B).reshape(n_countries, n, n_countries, n).sum(axis=1)  # [c, d, j]
    domestic = np.einsum("ddj->dj", vb)
    return vb.sum(axis=0) - domestic
