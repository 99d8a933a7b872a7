"""VAXIM (value added in exports absorbed by the direct importer, sink approach) against a dense
computation of exvatools' definition (VAX1 + VAX2 + VAXIM3, with the inverse that extracts the
exporter's intermediate exports) and against the identities."""

from __future__ import annotations

import numpy as np
import pytest
from io_naive import Dense, random_table

from gvc.io import ICIO, decompose


def dense_vaxim(d: Dense, C):
    """(k*N, G) VAXIM for the exporter unit of countries C, loops over importers."""
    S = d.idx(C)
    Oth = np.setdiff1d(np.arange(d.n), S)
    As = d.A.copy()
    As[np.ix_(S, Oth)] = 0.0  # no intermediate exports of s: value never passes s again
    Bs = np.linalg.inv(np.eye(d.n) - As)
    wB = d.v[S] @ d.B[np.ix_(S, S)]
    out = np.zeros((S.size, d.G))
    for r in range(d.G):
        if r in C:
            continue
        R = d.idx([r])
        x_r = Bs[np.ix_(R, Oth)] @ d.Y[Oth, r]  # output in r for r's final demand, not via s
        out[:, r] = wB * (d.Y[S, r] + d.A[np.ix_(S, R)] @ x_r)
    return out


@pytest.mark.parametrize("seed", [0, 1])
def test_vaxim_equals_dense_exvatools_definition(seed):
    rng = np.random.default_rng(seed)
    G, N = 4, 3
    Z, Y = random_table(rng, G, N)
    countries = ["AAA", "BBB", "CCC", "DDD"]
    io = ICIO(Z, Y, countries, [f"i{k}" for k in range(N)], groups={"AB": ["AAA", "BBB"]})
    d = Dense(Z, Y, G, N)
    df = decompose(io, "bm", "bilateral_sector", approach="sink")
    got = df[df.term == "VAXIM"].set_index(["exporter", "importer", "industry"])["value"]
    for s, C in (("AAA", [0]), ("CCC", [2]), ("AB", [0, 1])):
        exp = dense_vaxim(d, C)
        k = len(C)
        for r, name in enumerate(countries):
            if r in C:
                continue
            for i in range(N):
                val = sum(exp[j * N + i, r] for j in range(k))
                assert got[(s, name, f"i{i}")] == pytest.approx(val, rel=1e-10, abs=1e-12)


def test_vaxim_identities(leather):
    w = decompose(leather, "bm", "bilateral", approach="sink")
    t = w.pivot_table(index=["exporter", "importer"], columns="term", values="value")
    assert (t["VAXIM"] <= t["VAX"] + 1e-12).all() and (t["VAXIM"] > 0).all()
    assert (t["VAXIM"] < t["VAX"] - 1e-9).any()  # third-country absorption exists
    assert "VAXIM" not in set(decompose(leather, "bm", "bilateral").term)  # sink only


def test_vaxim_two_countries_equals_vax():
    rng = np.random.default_rng(3)
    Z, Y = random_table(rng, 2, 3)
    io = ICIO(Z, Y, ["AAA", "BBB"], ["a", "b", "c"])
    t = decompose(io, "bm", "country", approach="sink").pivot(
        index="exporter", columns="term", values="value"
    )
    np.testing.assert_allclose(t["VAXIM"], t["VAX"], rtol=1e-12)


def test_vaxim_split_partner_merged():
    """With China split, the VAXIM of exports to CHN uses all of China's final demand."""
    from icio_layouts import make_world

    w = make_world(51)
    split = ICIO(w.Z, w.F, w.table_countries, w.industries, splits=w.splits)
    d = Dense(w.Z, w.F, len(w.table_countries), len(w.industries))
    usa = w.table_countries.index("USA")
    chn = [w.table_countries.index(p) for p in ("CN1", "CN2")]
    S, R = d.idx([usa]), d.idx(chn)
    Oth = np.setdiff1d(np.arange(d.n), S)
    As = d.A.copy()
    As[np.ix_(S, Oth)] = 0.0
    Bs = np.linalg.inv(np.eye(d.n) - As)
    y_chn = d.Y[:, chn].sum(axis=1)
    x_r = Bs[np.ix_(R, Oth)] @ y_chn[Oth]
    exp = (d.v[S] @ d.B[np.ix_(S, S)]) @ (y_chn[S] + d.A[np.ix_(S, R)] @ x_r)
    df = decompose(split, "bm", "bilateral", approach="sink", exporters=["USA"])
    got = df[(df.importer == "CHN") & (df.term == "VAXIM")]["value"].item()
    assert got == pytest.approx(exp, rel=1e-10)
