"""Importer view by value-added origin country against a dense computation written from Borin
and Mancini (2019, eq. 51) and against the by-partner totals."""

from __future__ import annotations

import numpy as np
import pytest
from io_naive import Dense, random_table

from gvc.io import ICIO, decompose


def dense_origin(d: Dense, C):
    """VA and DC of importer unit C by origin country (G,), re-inverting Atilde^R."""
    S = d.idx(C)
    Oth = np.setdiff1d(np.arange(d.n), S)
    imports = np.zeros(d.n)
    for s in range(d.G):
        if s in C:
            continue
        R_cols = [r for r in C]
        rows = d.idx([s])
        imports[rows] = d.Z[np.ix_(rows, S)].sum(axis=1) + d.Y[np.ix_(rows, R_cols)].sum(axis=1)
    At = d.A.copy()
    At[np.ix_(Oth, S)] = 0.0  # paths that have not entered R yet
    Bt = np.linalg.inv(np.eye(d.n) - At)
    Abar = np.zeros_like(d.A)
    Abar[np.ix_(Oth, S)] = d.A[np.ix_(Oth, S)]
    va = d.v * (Bt @ imports)
    dc = d.v * (Bt @ Abar @ d.B @ imports)
    by = np.repeat(np.arange(d.G), d.N)
    return np.bincount(by, va, d.G), np.bincount(by, dc, d.G), imports.sum()


@pytest.mark.parametrize("seed", [0, 1])
def test_origin_equals_dense(seed):
    rng = np.random.default_rng(seed)
    G, N = 4, 3
    Z, Y = random_table(rng, G, N)
    names = ["AAA", "BBB", "CCC", "DDD"]
    io = ICIO(Z, Y, names, ["a", "b", "c"], groups={"AB": ["AAA", "BBB"]})
    d = Dense(Z, Y, G, N)
    df = decompose(io, "bm", "bilateral", perspective="importer", by="origin")
    t = df.astype({"exporter": str, "importer": str, "term": str}).pivot_table(
        index=["importer", "exporter"], columns="term", values="value"
    )
    for unit, C in (("AAA", [0]), ("CCC", [2]), ("AB", [0, 1])):
        va, dc, gimp = dense_origin(d, C)
        for g, name in enumerate(names):
            assert t.loc[(unit, name), "VA"] == pytest.approx(va[g], rel=1e-10, abs=1e-12)
            assert t.loc[(unit, name), "DC"] == pytest.approx(dc[g], rel=1e-10, abs=1e-12)
        assert t.loc[unit, "GIMP"].sum() == pytest.approx(gimp, rel=1e-10)
        assert t.loc[(unit, names[C[0]]), "VA"] > 0  # own value added returning home


def test_origin_totals_equal_partner_totals(leather):
    o = decompose(leather, "bm", "country", perspective="importer", by="origin")
    p = decompose(leather, "bm", "country", perspective="importer")
    key = ["importer", "term"]
    a = o.astype(dict.fromkeys(key, str)).set_index(key)["value"].sort_index()
    b = p.astype(dict.fromkeys(key, str)).set_index(key)["value"].sort_index()
    np.testing.assert_allclose(a.to_numpy(), b.to_numpy(), rtol=1e-12)
    with pytest.raises(ValueError, match="by must be"):
        decompose(leather, "bm", perspective="importer", by="sector")


def test_origin_split_table_reports_china_once():
    from icio_layouts import make_world

    w = make_world(71)
    io = ICIO(w.Z, w.F, w.table_countries, w.industries, splits=w.splits)
    df = decompose(io, "bm", "bilateral", perspective="importer", by="origin", importers="USA")
    assert set(df.exporter.astype(str)) == set(io.reported)
    merged = ICIO(w.Z, w.F, w.table_countries, w.industries, groups={"CH": ["CN1", "CN2"]})
    ref = decompose(merged, "bm", "bilateral", perspective="importer", by="origin",
                    importers="USA")  # fmt: skip
    va = df[(df.term == "VA") & (df.exporter == "CHN")].value.item()
    parts = ref[(ref.term == "VA") & ref.exporter.isin(["CN1", "CN2"])].value.sum()
    assert va == pytest.approx(parts, rel=1e-12)
