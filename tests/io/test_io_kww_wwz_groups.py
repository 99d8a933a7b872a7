"""KWW and WWZ for country groups merged after inversion (``gvc.io.kww_wwz_groups``).

Independent check: split country 0 of a random table into two identical halves (each sector's
rows, columns and final demand halved between them): the group of the two halves is country 0
again, so its KWW/WWZ terms must equal the single-country implementations on the original table
(themselves checked against dense re-inversions in test_io_identities). Identities: KWW 1-6 and
WWZ 1-10 = Borin-Mancini DC of the group, KWW 7-9 and WWZ 11-16 = BM FC, all = extra-group
exports.
"""

from __future__ import annotations

import io_naive
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gvc.io import ICIO, decompose
from gvc.io.kww import kww as kww_countries
from gvc.io.kww_wwz_groups import kww_group, wwz_group
from gvc.io.wwz import TERMS as WWZ_TERMS
from gvc.io.wwz import wwz as wwz_countries

TABLES = st.tuples(st.integers(3, 4), st.integers(1, 3), st.integers(0, 2**32 - 1))
SETTINGS = settings(max_examples=10, deadline=None, derandomize=True)


def split_first(Z, Y, G, N):
    """Country 0 split into identical halves H1, H2 (placed first): rows and final demand of
    its sectors halved, its columns (as buyer and final user) halved."""
    orig = np.concatenate([np.arange(N), np.arange(N), np.arange(N, G * N)])
    w = np.concatenate([np.full(2 * N, 0.5), np.ones((G - 1) * N)])
    corig = np.concatenate([[0, 0], np.arange(1, G)])
    wc = np.concatenate([[0.5, 0.5], np.ones(G - 1)])
    Z2 = Z[np.ix_(orig, orig)] * w[:, None] * w[None, :]
    Y2 = Y[np.ix_(orig, corig)] * w[:, None] * wc[None, :]
    return Z2, Y2


def tables(G, N, seed):
    Z, Y = io_naive.random_table(np.random.default_rng(seed), G, N)
    inds = [f"i{j}" for j in range(N)]
    base = ICIO(Z, Y, [f"C{i}" for i in range(G)], inds)
    Z2, Y2 = split_first(Z, Y, G, N)
    split = ICIO(Z2, Y2, ["H1", "H2", *[f"C{i}" for i in range(1, G)]], inds,
                 groups={"GRP": ["H1", "H2"]})  # fmt: skip
    return base, split


def unit(io, name):
    return next(u for u in io.units(True) if u.name == name)


@SETTINGS
@given(TABLES)
def test_group_of_identical_halves_is_the_country(t):
    G, N, _ = t
    base, split = tables(*t)
    ref_k = dict(kww_countries(base, ["C0"])[0][1])
    got_k = kww_group(split, unit(split, "GRP"))
    for term, val in ref_k.items():
        assert got_k[term][0] == pytest.approx(val[0], rel=1e-9, abs=1e-9), term
    ref_w = dict(wwz_countries(base, ["C0"])[0][1])
    got_w = wwz_group(split, unit(split, "GRP"))
    for term, val in ref_w.items():
        g = got_w[term].reshape(2, N, G + 1).sum(axis=0)  # halves summed by industry
        np.testing.assert_allclose(g[:, 2:], val[:, 1:], rtol=1e-9, atol=1e-9, err_msg=term)
        assert not g[:, :2].any()  # no exports to the group's own members


@SETTINGS
@given(TABLES)
def test_group_terms_add_up_to_borin_mancini(t):
    G, N, seed = t
    Z, Y = io_naive.random_table(np.random.default_rng(seed), G, N)
    io = ICIO(Z, Y, [f"C{i}" for i in range(G)], [f"i{j}" for j in range(N)],
              groups={"GRP": ["C0", "C1"]})  # fmt: skip
    bm = decompose(io, "bm", "country", exporters=["GRP"], wide=True).iloc[0]
    k = decompose(io, "kww", "country", exporters=["GRP"], wide=True).iloc[0]
    tol = 1e-9 * bm.GEXP
    dc = k[["DVA_FIN", "DVA_INT", "DVA_INTrex", "RDV_FIN", "RDV_INT", "DDC"]].sum()
    assert dc == pytest.approx(bm.DC, abs=tol)
    assert k[["FVA_FIN", "FVA_INT", "FDC"]].sum() == pytest.approx(bm.FC, abs=tol)
    assert k[["DVA_FIN", "DVA_INT", "DVA_INTrex"]].sum() == pytest.approx(bm.VAX, abs=tol)
    assert k[["RDV_FIN", "RDV_INT"]].sum() == pytest.approx(bm.REF, abs=tol)
    assert k.DDC == pytest.approx(bm.DDC, abs=tol)
    bs = decompose(io, "bm", "bilateral_sector", exporters=["GRP"], wide=True)
    w = decompose(io, "wwz", "bilateral_sector", exporters=["GRP"], wide=True)
    assert list(w.importer) == list(bs.importer) and set(w.importer) == {
        f"C{i}" for i in range(2, G)
    }
    terms = list(WWZ_TERMS)
    dom = [t for t in terms if t.startswith(("DVA", "RDV", "DDC"))]
    assert len(dom) == 10
    foreign = [t for t in terms if t not in dom]
    np.testing.assert_allclose(w[dom].sum(axis=1), bs.DC, atol=tol)
    np.testing.assert_allclose(w[foreign].sum(axis=1), bs.FC, atol=tol)
    np.testing.assert_allclose(w[terms].sum(axis=1), bs.GEXP, atol=tol)


def test_groups_listed_by_default_and_on_request(leather):
    io = ICIO(leather.Z, leather.Y, leather.countries, leather.industries,
              groups={"ARGTUR": ["ARG", "TUR"]})  # fmt: skip
    df = decompose(io, "kww", "country", wide=True)
    assert list(df.exporter) == ["ARG", "TUR", "DEU", "ARGTUR"]
    assert list(decompose(io, "wwz", "country", include_groups=False, wide=True).exporter) == [
        "ARG", "TUR", "DEU",
    ]  # fmt: skip
    only = decompose(io, "wwz", "bilateral", exporters=["ARGTUR"], wide=True)
    assert list(only.importer) == ["DEU"]
