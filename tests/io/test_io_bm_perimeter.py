"""Borin-Mancini "self" perimeters (sector, bilateral, bilateral-sector; gvc.io.bm_perimeter).

References: a dense naive computation written from the definition (extraction matrix A^x =
A without the perimeter's intermediate exports, inverted densely per flow, as exvatools'
``get_xmatrix`` and Stata ``icio`` ``perspective(sectexp|bilateral|sectbil)``), and identities:
DC = DVA + DDC, FC = FVA + FDC, DVA(self) >= DVA(country), and the perimeters that coincide with
the country one (one industry: sector; two countries: bilateral).
"""

from __future__ import annotations

import io_naive
import numpy as np
import pytest

from gvc.errors import ValidationError
from gvc.io import ICIO, borin_mancini, decompose
from gvc.io.bm_perimeter import borin_mancini_perimeter


def _table(G, N, seed=0):
    rng = np.random.default_rng(seed)
    Z, Y = io_naive.random_table(rng, G, N)
    return Z, Y, [f"C{g}" for g in range(G)], [f"i{j}" for j in range(N)]


def naive(Z, Y, G, N, perimeter):
    """{(s, i, r): (DVA, FVA)} by dense inversion of each flow's extraction matrix."""
    d = io_naive.Dense(Z, Y, G, N)
    out = {}
    for s in range(G):
        S = d.idx([s])
        Oth = np.setdiff1d(np.arange(d.n), S)
        E = d.exports([s])
        for k, i in enumerate(S):
            for r in range(G):
                if r == s:
                    continue
                rows = [i] if perimeter != "bilateral" else S
                cols = d.idx([r]) if perimeter != "sector" else Oth
                Ax = d.A.copy()
                Ax[np.ix_(rows, cols)] = 0.0
                Bx = np.linalg.inv(np.eye(d.n) - Ax)
                out[s, k, r] = (
                    d.v[S] @ Bx[S, i] * E[k, r],
                    d.v[Oth] @ Bx[Oth, i] * E[k, r],
                )
    return out


@pytest.mark.parametrize("perimeter", ["sector", "bilateral", "bilateral_sector"])
def test_perimeter_matches_dense_extraction(perimeter):
    G, N = 4, 3
    Z, Y, cs, inds = _table(G, N, seed=3)
    ref = naive(Z, Y, G, N, perimeter)
    got = borin_mancini_perimeter(ICIO(Z, Y, cs, inds), perimeter)
    for s, (unit, t) in enumerate(got):
        assert unit.name == cs[s]
        for k in range(N):
            for r in range(G):
                if r == s:
                    assert t["DVA"][k, r] == 0.0 and t["GEXP"][k, r] == 0.0
                    continue
                dva, fva = ref[s, k, r]
                np.testing.assert_allclose(t["DVA"][k, r], dva, rtol=1e-10)
                np.testing.assert_allclose(t["FVA"][k, r], fva, rtol=1e-10)


@pytest.mark.parametrize("perimeter", ["sector", "bilateral", "bilateral_sector"])
def test_perimeter_identities_and_ordering(perimeter):
    Z, Y, cs, inds = _table(5, 4, seed=7)
    io = ICIO(Z, Y, cs, inds)
    country = {u.name: t for u, t in borin_mancini(io, include_groups=False)}
    for unit, t in borin_mancini_perimeter(io, perimeter):
        c = country[unit.name]
        np.testing.assert_allclose(t["DC"], c["DC"], rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(t["FC"], c["FC"], rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(t["DC"], t["DVA"] + t["DDC"], rtol=1e-12)
        np.testing.assert_allclose(t["GEXP"], t["DC"] + t["FC"], rtol=1e-10)
        # a narrower perimeter counts less double counting
        assert (t["DVA"] >= c["DVA"] - 1e-12 * np.abs(c["DVA"]).max()).all()
        assert (t["FVA"] >= c["FVA"] - 1e-12 * np.abs(c["FVA"]).max()).all()
        assert (t["DDC"] >= -1e-12 * np.abs(t["DC"]).max()).all()
        assert t["DDC"].sum() > 0 and (t["DVA"] > c["DVA"]).any()


def test_perimeters_that_coincide_with_the_country_one():
    one_industry = ICIO(*_table(4, 1, seed=1))
    c = {u.name: t for u, t in borin_mancini(one_industry, include_groups=False)}
    for unit, t in borin_mancini_perimeter(one_industry, "sector"):
        np.testing.assert_allclose(t["DVA"], c[unit.name]["DVA"], rtol=1e-11)
        np.testing.assert_allclose(t["FVA"], c[unit.name]["FVA"], rtol=1e-11)
    two_countries = ICIO(*_table(2, 3, seed=2))
    c = {u.name: t for u, t in borin_mancini(two_countries, include_groups=False)}
    for unit, t in borin_mancini_perimeter(two_countries, "bilateral"):
        np.testing.assert_allclose(t["DVA"], c[unit.name]["DVA"], rtol=1e-11)
        np.testing.assert_allclose(t["FVA"], c[unit.name]["FVA"], rtol=1e-11)


def test_decompose_perimeter_frames_and_refusals():
    Z, Y, cs, inds = _table(3, 2, seed=4)
    io = ICIO(Z, Y, cs, inds, groups={"G1": ["C0", "C1"]})
    df = decompose(io, "bm", "bilateral_sector", perimeter="sector", wide=True)
    assert set(df["exporter"].astype(str)) == set(cs)  # countries only, groups skipped
    np.testing.assert_allclose(df["DC"], df["DVA"] + df["DDC"], rtol=1e-12)
    sec = decompose(io, "bm", "sector", perimeter="sector", wide=True)
    np.testing.assert_allclose(sec["DVA"].sum(), df["DVA"].sum(), rtol=1e-12)
    with pytest.raises(ValidationError, match="approach='source'"):
        decompose(io, "bm", "sector", perimeter="sector", approach="sink")
    with pytest.raises(ValidationError, match="single countries"):
        decompose(io, "bm", "sector", perimeter="bilateral", exporters=["G1"])
    with pytest.raises(ValueError, match="perimeter must be one of"):
        decompose(io, "bm", "sector", perimeter="self")
