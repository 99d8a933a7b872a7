"""Accounting identities and naive-reference agreement on random balanced tables (hypothesis).

References: Borin-Mancini (2019, 2023) identities gexp = dc + fc, dc = dva + ddc,
fc = fva + fdc, dva = vax + ref, gvc = gvcb + gvcf = gexp - davax, davax <= vax; KWW (2014) and
WWZ (2013) terms sum to gross exports; Miller-Blair (2009, ch. 6): with residual value added the
column sums of V B equal 1. The naive references (io_naive) re-invert per exporter, as the papers
define the terms, and use dense matrices only.
"""

import io_naive
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gvc.io import ICIO, borin_mancini, decompose, kww, tiva, wwz
from gvc.io.frames import tidy
from gvc.io.wwyz import wwyz_vectors

TABLES = st.tuples(st.integers(3, 4), st.integers(1, 3), st.integers(0, 2**32 - 1), st.booleans())
SETTINGS = settings(max_examples=15, deadline=None, derandomize=True)


def make(G, N, seed, zero):
    rng = np.random.default_rng(seed)
    Z, Y = io_naive.random_table(rng, G, N, zero)
    countries = [f"C{i}" for i in range(G)]
    io = ICIO(Z, Y, countries, [f"i{j}" for j in range(N)], groups={"GRP": countries[:2]})
    return io, io_naive.Dense(Z, Y, G, N)


@SETTINGS
@given(TABLES)
def test_bm_identities_all_levels(t):
    io, _ = make(*t)
    for approach in ("source", "sink"):
        for level in ("country", "sector", "bilateral", "bilateral_sector"):
            df = decompose(io, "bm", level, approach=approach)
            w = df.set_index(["exporter", "importer", "industry", "term"]).value.unstack("term")
            scale = 1e-9 * max(1.0, w.GEXP.abs().max())
            assert np.allclose(w.GEXP, w.DC + w.FC, atol=scale)
            assert np.allclose(w.DC, w.DVA + w.DDC, atol=scale)
            assert np.allclose(w.FC, w.FVA + w.FDC, atol=scale)
            assert np.allclose(w.DVA, w.VAX + w.REF, atol=scale)
            assert np.allclose(w.GVC, w.GVCB + w.GVCF, atol=scale)
            assert np.allclose(w.GVC, w.GEXP - w.DAVAX, atol=scale)
            assert (w.DAVAX <= w.VAX + scale).all()
            assert (w[["DVA", "VAX", "DAVAX", "FVA", "DDC", "FDC", "REF"]] >= -scale).all().all()


@SETTINGS
@given(TABLES)
def test_bilateral_sums_to_sector_sums_to_country(t):
    io, _ = make(*t)
    out = {lv: decompose(io, "bm", lv) for lv in ("country", "sector", "bilateral")}
    c = out["country"].set_index(["exporter", "term"]).value
    for lv in ("sector", "bilateral"):
        s = out[lv].groupby(["exporter", "term"]).value.sum()
        np.testing.assert_allclose(s.loc[c.index], c, atol=1e-9 * max(1, c.abs().max()))


@SETTINGS
@given(TABLES)
def test_bm_matches_naive_reinversion(t):
    io, d = make(*t)
    for approach in ("source", "sink"):
        fast = dict((u.name, terms) for u, terms in borin_mancini(io, approach))
        for name, C in (("C0", [0]), ("C1", [1]), ("GRP", [0, 1])):
            ref = io_naive.bm(d, C, approach)
            for term, arr in ref.items():
                np.testing.assert_allclose(
                    fast[name][term], arr, atol=1e-9, err_msg=f"{approach} {name} {term}"
                )


@SETTINGS
@given(TABLES)
def test_tiva_and_wwyz_match_naive(t):
    io, d = make(*t)
    fast = dict((u.name, terms) for u, terms in tiva(io))
    for name, C in (("C0", [0]), ("GRP", [0, 1])):
        for term, arr in io_naive.tiva(d, C).items():
            np.testing.assert_allclose(fast[name][term], arr, atol=1e-9, err_msg=term)
    vec = wwyz_vectors(io)
    for term, arr in io_naive.wwyz(d).items():
        np.testing.assert_allclose(vec[term], arr, atol=1e-9, err_msg=term)


@SETTINGS
@given(TABLES)
def test_kww_wwz_match_naive_and_sum_to_exports(t):
    io, d = make(*t)
    G = io.G
    k = dict((u.name, terms) for u, terms in kww(io))
    w = dict((u.name, terms) for u, terms in wwz(io))
    for s in range(G):
        name = io.countries[s]
        ref = io_naive.kww(d, s)
        for term, val in ref.items():
            assert k[name][term][0] == pytest.approx(val, abs=1e-9), term
        gexp = io.e[io.block(s)].sum()
        assert sum(v[0] for v in k[name].values()) == pytest.approx(gexp, abs=1e-9)
        total = sum(v for v in w[name].values())
        np.testing.assert_allclose(total, io.E[io.block(s)], atol=1e-9)
        for r in range(G):
            if r == s:
                continue
            for term, arr in io_naive.wwz(d, s, r).items():
                np.testing.assert_allclose(w[name][term][:, r], arr, atol=1e-9, err_msg=term)


@SETTINGS
@given(TABLES)
def test_va_multipliers_sum_to_one_with_residual_va(t):
    io, d = make(*t)
    from gvc.io.multipliers import multipliers

    vb = multipliers(io).VB
    np.testing.assert_allclose(vb[io.x > 0], 1.0, atol=1e-12)
    np.testing.assert_allclose(io.leontief.inverse(), d.B, atol=1e-10)
    for s, blk in enumerate(io.leontief.diag_blocks()):
        np.testing.assert_allclose(blk, d.B[io.block(s), io.block(s)], atol=1e-10)


def test_ratio_terms_are_recomputed_from_levels():
    io, _ = make(3, 2, 7, False)
    per_unit = tiva(io)
    df = tidy(io, per_unit, "country").set_index(["exporter", "term"]).value
    np.testing.assert_allclose(
        df.xs("EXGR_FVA", level="term") / df.xs("EXGR", level="term"),
        decompose(io, "tiva").set_index(["exporter", "term"]).value.xs("EXGR_FVASH", level="term"),
    )


@pytest.mark.parametrize("G", [8, 17, 19])
def test_diag_blocks_from_trailing_factors_in_chunks(G):
    """Chunks of several countries (G > DIAG_CHUNKS, G not a multiple of it): every B_ss equals
    the block of the dense inverse; BM country results equal the naive re-inversion."""
    from gvc.io.leontief import DIAG_CHUNKS

    assert G >= DIAG_CHUNKS
    io, d = make(G, 2, 11, False)
    assert not io.leontief.pivoted
    for s, blk in enumerate(io.leontief.diag_blocks()):
        np.testing.assert_allclose(blk, d.B[io.block(s), io.block(s)], atol=1e-12)
    fast = dict((u.name, terms) for u, terms in borin_mancini(io, "source"))
    for s in (0, G // 2, G - 1):
        for term, arr in io_naive.bm(d, [s], "source").items():
            np.testing.assert_allclose(fast[f"C{s}"][term], arr, atol=1e-9, err_msg=term)
