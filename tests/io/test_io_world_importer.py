"""Borin-Mancini world perspective and importer view (gvc.io.bm_world, gvc.io.importer).

References checked:
- Borin and Mancini (2019, WB PRWP 8804) eq. (52) (world, source) and eq. (54) (world, sink),
  sec. 4.3 eq. (51) (importer perspective); Belotti, Borin and Mancini (2021, Stata Journal
  21(3)) ``icio, perspective(world)`` and ``icio, importer()``.
- Published numbers: the leather table's world/sink ("corrected KWW") FVA and FDC as printed by
  the R package icio (S. Krantz, vignette "Global Value Chain Decomposition with icio", which
  reproduces Stata icio), 7 significant digits.
- Naive references written here straight from the path definitions with dense re-inversion
  (no block identities, no Woodbury, no LU reuse).
"""

import io_naive
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from io_testdata import wiod_icio
from test_io_identities import SETTINGS, TABLES, make

from gvc.io import borin_mancini, borin_mancini_world, decompose, importer_decomposition
from gvc.io.importer import importer_coefficients


def wide(df, index="exporter"):
    return df.pivot_table(index=index, columns="term", values="value", aggfunc="sum")


# ----------------------------------------------------------------- naive references
def naive_world_fva(d: io_naive.Dense, s: int, approach: str) -> np.ndarray:
    """World-perspective FVA (N, G) of exporter s from the path definitions (BM 2019 sec. 5)."""
    S = d.idx([s])
    E = d.exports([s])
    out = np.zeros_like(E)
    if approach == "source":
        # foreign item of origin t first re-exported by s: paths t..t -> s..s only. Keep the
        # blocks tt, ts, ss of A and invert that restricted system (re-inversion per t).
        for t in range(d.G):
            if t == s:
                continue
            T = d.idx([t])
            Ar = np.zeros_like(d.A)
            for P, Q in ((T, T), (T, S), (S, S)):
                Ar[np.ix_(P, Q)] = d.A[np.ix_(P, Q)]
            Br = np.linalg.inv(np.eye(d.n) - Ar)
            out += (d.v[T] @ Br[np.ix_(T, S)])[:, None] * E
        return out
    # sink: after s -> r no non-origin country exports the item again
    Oth = np.setdiff1d(np.arange(d.n), S)
    u = d.v[Oth] @ d.B[np.ix_(Oth, S)]
    for r in range(d.G):
        if r == s:
            continue
        R = d.idx([r])
        Lr = d.Linv(R)
        dae = d.Y[S, r] + d.A[np.ix_(S, R)] @ Lr @ d.Y[R, r]
        rex = np.zeros(R.size)  # r's own exports that the direct importer q absorbs
        for q in range(d.G):
            if q == r:
                continue
            Q = d.idx([q])
            rex += d.Y[R, q] + d.A[np.ix_(R, Q)] @ d.Linv(Q) @ d.Y[Q, q]
        vr = d.v[R] @ d.B[np.ix_(R, S)]
        out[:, r] = u * dae + vr * (d.A[np.ix_(S, R)] @ Lr @ rex)
    return out


def naive_importer(d: io_naive.Dense, C) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """BM (2019) eq. (51) by dense re-inversion: imports d, VA and DC by exporting sector (n,)."""
    R = d.idx(C)
    out = np.setdiff1d(np.arange(d.n), R)
    At = d.A.copy()
    At[np.ix_(out, R)] = 0.0  # no intermediate imports into R: paths never entered R
    Bt = np.linalg.inv(np.eye(d.n) - At)
    Abar = np.zeros_like(d.A)
    Abar[np.ix_(out, R)] = d.A[np.ix_(out, R)]
    Zc = d.Z.reshape(d.n, d.G, d.N).sum(axis=2)
    imp = (Zc + d.Y)[:, list(C)].sum(axis=1)
    imp[R] = 0.0
    va = (d.v @ Bt) * imp
    dc = (d.v @ Bt @ Abar @ d.B) * imp
    return imp, va, dc


# ----------------------------------------------------------------- published numbers
# R icio vignette, bm(x, perspective = "world", approach = "sink"), leather table.
WORLD_SINK_LEATHER = pd.DataFrame(
    {"FVA": [8.471827, 18.265189, 33.128506], "FDC": [2.138217, 2.873058, 3.180911]},
    index=["ARG", "TUR", "DEU"],
)


def test_world_sink_matches_published_corrected_kww(leather):
    w = wide(decompose(leather, "bm", perspective="world", approach="sink"))
    for c in WORLD_SINK_LEATHER.index:
        for term in ("FVA", "FDC"):
            assert w.loc[c, term] == pytest.approx(WORLD_SINK_LEATHER.loc[c, term], abs=1e-6)


def test_world_leather_smoke_and_invariants(leather):
    ex = wide(decompose(leather, "bm"))
    src = wide(decompose(leather, "bm", perspective="world"))
    snk = wide(decompose(leather, "bm", perspective="world", approach="sink"))
    same = ["GEXP", "DC", "DVA", "VAX", "DAVAX", "REF", "DDC", "FC", "GVC", "GVCB", "GVCF"]
    pd.testing.assert_frame_equal(src[same], ex[same], atol=1e-12, rtol=0)
    pd.testing.assert_frame_equal(snk[same], ex[same], atol=1e-10, rtol=0)
    # world source and sink count each re-exported foreign item once in world exports
    assert src.FVA.sum() == pytest.approx(snk.FVA.sum(), abs=1e-10)
    assert src.FVA.sum() == pytest.approx(59.865531, abs=1e-5)
    assert (src.FVA <= ex.FVA).all() and (snk.FVA <= ex.FVA).all()


def test_importer_leather_smoke(leather):
    imp = wide(decompose(leather, "bm_importer"), "importer")
    ex = decompose(leather, "bm", "bilateral")
    gexp_to = ex[ex.term == "GEXP"].groupby("importer").value.sum()
    np.testing.assert_allclose(imp.GIMP, gexp_to.loc[imp.index], atol=1e-12)
    np.testing.assert_allclose(imp.GIMP, imp.VA + imp.DC, atol=1e-12)
    # gross imports of each country from the raw table (ARG 81.2, TUR 112.5, DEU 131.8)
    assert imp.loc[["ARG", "TUR", "DEU"], "GIMP"].tolist() == pytest.approx([81.2, 112.5, 131.8])
    assert imp.loc["ARG", "VA"] == pytest.approx(79.632328, abs=1e-5)
    same = decompose(leather, "bm", perspective="importer")
    pd.testing.assert_frame_equal(same, decompose(leather, "bm_importer"))


def test_importer_levels_and_labels(leather):
    s = decompose(leather, "bm_importer", "sector")
    b = decompose(leather, "bm_importer", "bilateral")
    bs = decompose(leather, "bm_importer", "bilateral_sector")
    c = decompose(leather, "bm_importer").set_index(["importer", "term"]).value
    for df in (s, b, bs):
        agg = df.groupby(["importer", "term"]).value.sum()
        np.testing.assert_allclose(agg.loc[c.index], c, atol=1e-12)
    assert set(s.industry) == {"Agriculture", "Textile & Leather", "Transport Equipment"}
    assert (s.exporter == "").all() and (b.industry == "").all()
    assert not (b.exporter == b.importer).any()
    # sector level = imports by product: ARG's imports of agriculture from TUR and DEU
    gimp = s[(s.importer == "ARG") & (s.term == "GIMP")].set_index("industry").value
    from io_testdata import LEATHER_F, LEATHER_Z

    agri = LEATHER_Z[[3, 6], :3].sum() + LEATHER_F[[3, 6], 0].sum()
    assert gimp["Agriculture"] == pytest.approx(agri)


def test_option_errors(leather):
    from io_testdata import LEATHER_COUNTRIES, LEATHER_F, LEATHER_INDUSTRIES, LEATHER_Z

    from gvc.io import ICIO

    with pytest.raises(ValueError, match="perspective"):
        decompose(leather, "bm", perspective="self")
    with pytest.raises(TypeError):
        decompose(leather, "bm_importer", approach="sink")
    g = ICIO(LEATHER_Z, LEATHER_F, LEATHER_COUNTRIES, LEATHER_INDUSTRIES,
             groups={"TD": ["TUR", "DEU"]})  # fmt: skip
    with pytest.raises(ValueError, match="single countries"):
        decompose(g, "bm", perspective="world", exporters=["TD"])
    assert set(decompose(g, "bm", perspective="world").exporter) == set(LEATHER_COUNTRIES)
    assert "TD" in set(decompose(g, "bm_importer").importer)


def test_world_domestic_source_is_decomprs_convention(leather):
    """On a balanced table world_domestic='source' changes no country total of the world sink
    (DVA, VAX, DDC from the source approach equal the sink ones there) and keeps the identity
    GEXP = DVA + DDC + FVA + FDC at every level; it needs the world perspective."""
    for level in ("country", "sector"):
        a = wide(decompose(leather, "bm", level, perspective="world", approach="sink"))
        b = wide(
            decompose(
                leather, "bm", level, perspective="world", approach="sink", world_domestic="source"
            )
        )
        np.testing.assert_allclose(
            b[["DVA", "DDC", "FVA", "FDC"]].sum(axis=1), b["GEXP"], rtol=1e-10
        )
        np.testing.assert_allclose(b["FVA"], a["FVA"], rtol=1e-12)
        if level == "country":
            np.testing.assert_allclose(
                b[["DVA", "VAX", "DDC"]], a[["DVA", "VAX", "DDC"]], rtol=1e-9
            )
    with pytest.raises(ValueError, match="world_domestic applies to perspective='world' only"):
        decompose(leather, "bm", world_domestic="source")
    with pytest.raises(ValueError, match="world_domestic must be one of"):
        decompose(leather, "bm", perspective="world", world_domestic="sink")


# ----------------------------------------------------------------- random tables (hypothesis)
@SETTINGS
@given(TABLES)
def test_world_identities_and_naive(t):
    io, d = make(*t)
    for approach in ("source", "sink"):
        world = dict((u.name, terms) for u, terms in borin_mancini_world(io, approach))
        expo = dict((u.name, terms) for u, terms in borin_mancini(io, approach, None, False))
        for s, name in enumerate(io.countries):
            w, e = world[name], expo[name]
            scale = 1e-9 * max(1.0, np.abs(w["GEXP"]).max())
            np.testing.assert_allclose(w["GEXP"], w["DC"] + w["FC"], atol=scale)
            np.testing.assert_allclose(w["DC"], w["DVA"] + w["DDC"], atol=scale)
            np.testing.assert_allclose(w["FC"], w["FVA"] + w["FDC"], atol=scale)
            np.testing.assert_allclose(w["DVA"], w["VAX"] + w["REF"], atol=scale)
            for term in ("DC", "DVA", "DDC", "VAX", "REF", "FC", "DAVAX", "GVCB"):
                np.testing.assert_array_equal(w[term], e[term])
            # world paths are a subset of exporter paths: FVA_world <= FVA_exporter per cell
            assert (w["FVA"] <= e["FVA"] + scale).all()
            assert (w["FVA"] >= -scale).all() and (w["FDC"] >= e["FDC"] - scale).all()
            np.testing.assert_allclose(
                w["FVA"], naive_world_fva(d, s, approach), atol=1e-9, err_msg=f"{approach} {s}"
            )
    tot = {
        ap: sum(terms["FVA"].sum() for _, terms in borin_mancini_world(io, ap))
        for ap in ("source", "sink")
    }
    assert tot["source"] == pytest.approx(tot["sink"], rel=1e-10)


@SETTINGS
@given(TABLES)
def test_world_levels_additive(t):
    io, _ = make(*t)
    for approach in ("source", "sink"):
        c = decompose(io, "bm", perspective="world", approach=approach)
        c = c.set_index(["exporter", "term"]).value
        for level in ("sector", "bilateral", "bilateral_sector"):
            df = decompose(io, "bm", level, perspective="world", approach=approach)
            s = df.groupby(["exporter", "term"]).value.sum()
            np.testing.assert_allclose(s.loc[c.index], c, atol=1e-9 * max(1, c.abs().max()))


@SETTINGS
@given(TABLES)
def test_importer_identities_and_naive(t):
    io, d = make(*t)
    per = dict((u.name, terms) for u, terms in importer_decomposition(io))
    for name, C in [(c, [i]) for i, c in enumerate(io.countries)] + [("GRP", [0, 1])]:
        imp, va, dc = naive_importer(d, C)
        got = per[name]
        np.testing.assert_allclose(got["GIMP"], imp, atol=1e-10)
        np.testing.assert_allclose(got["VA"], va, atol=1e-9, err_msg=name)
        np.testing.assert_allclose(got["DC"], dc, atol=1e-9, err_msg=name)
        np.testing.assert_allclose(got["VA"] + got["DC"], got["GIMP"], atol=1e-9)
        assert (got["VA"] >= -1e-12).all() and (got["DC"] >= -1e-12).all()
    # bilateral consistency: GIMP of r from partner s = BM bilateral GEXP of s to r
    ex = decompose(io, "bm", "bilateral", include_groups=False)
    ex = ex[ex.term == "GEXP"].set_index(["exporter", "importer"]).value
    im = decompose(io, "bm_importer", "bilateral", include_groups=False)
    im = im[im.term == "GIMP"].set_index(["exporter", "importer"]).value
    np.testing.assert_allclose(im.loc[ex.index], ex, atol=1e-10)
    # coefficients: VA + DC per unit of imports = V B (= 1 with residual value added)
    for _, a, b in importer_coefficients(io, include_groups=False):
        np.testing.assert_allclose((a + b)[io.x > 0], 1.0, atol=1e-10)


# ----------------------------------------------------------------- real data: WIOD 2011
def test_wiod_2011_world_and_importer(wiod):
    io = wiod_icio(wiod(2011), rebalance=True)
    ex = wide(decompose(io, "bm", include_groups=False))
    tol = 1e-9 * ex.GEXP.max()
    for approach in ("source", "sink"):
        w = wide(decompose(io, "bm", perspective="world", approach=approach))
        assert np.allclose(w.GEXP, w.DC + w.FC, atol=tol)
        assert np.allclose(w.DC, w.DVA + w.DDC, atol=tol)
        assert np.allclose(w.FC, w.FVA + w.FDC, atol=tol)
        assert np.allclose(w.DVA, w.VAX + w.REF, atol=tol)
        assert np.allclose(w.DDC, ex.DDC.loc[w.index], atol=tol)
        assert (w.FVA <= ex.FVA.loc[w.index] + tol).all()
        assert (w.FDC >= -tol).all()
        if approach == "source":
            fva_src = w.FVA.sum()
    assert w.FVA.sum() == pytest.approx(fva_src, rel=1e-9)
    im = wide(decompose(io, "bm_importer", include_groups=False), "importer")
    assert np.allclose(im.GIMP, im.VA + im.DC, atol=tol)
    assert im.GIMP.sum() == pytest.approx(ex.GEXP.sum(), rel=1e-12)
    # double counting in imports (value that already entered the importer: re-imported inputs)
    # is a small share of gross imports; WIOD 2011 gives 0.004% to 1.8% (DEU highest)
    share = im.DC / im.GIMP
    assert share.between(0, 0.05).all(), share.sort_values().tail()
    sec = decompose(io, "bm_importer", "sector", importers=["USA", "CHN"])
    agg = sec.groupby(["importer", "term"]).value.sum().unstack()
    np.testing.assert_allclose(agg.GIMP, im.loc[agg.index, "GIMP"], rtol=1e-12)
