"""Ratios whose denominator has no partner dimension (issue 14): ``frames.tidy`` broadcasts a
sector vector (TiVA ``VALU``) over partners, so ``FFD_DVASH`` = FFD_DVA / VALU exists at every
level.

References: a dense inverse on R decompr's leather example (value added absorbed in each
partner's final demand, v_i (B Y)_ip, over value added v x), and additivity: with one
denominator for all partners, the bilateral shares of an exporter sum to its country share.
"""

from __future__ import annotations

import numpy as np

from gvc.io import decompose


def _dense(io):
    B = np.linalg.inv(np.eye(io.n) - io.A)
    absorbed = io.v[:, None] * (B @ io.Y)  # (n, G): by origin sector and final-demand country
    valu = io.v * (B @ io.Y.sum(axis=1))
    return absorbed, valu


def test_ffd_dvash_matches_a_dense_inverse(leather):
    io = leather
    absorbed, valu = _dense(io)
    c = decompose(io, "tiva", include_groups=False, wide=True).set_index("exporter")
    for s, iso in enumerate(io.countries):
        rows = slice(s * io.N, (s + 1) * io.N)
        foreign = absorbed[rows].sum() - absorbed[rows, s].sum()
        assert np.isclose(c.loc[iso, "FFD_DVA"], foreign, rtol=1e-12)
        assert np.isclose(c.loc[iso, "VALU"], valu[rows].sum(), rtol=1e-12)
        assert np.isclose(c.loc[iso, "FFD_DVASH"], foreign / valu[rows].sum(), rtol=1e-12)
    b = decompose(io, "tiva", level="bilateral", include_groups=False, wide=True)
    for s, iso in enumerate(io.countries):
        rows = slice(s * io.N, (s + 1) * io.N)
        for p, partner in enumerate(io.countries):
            if p == s:
                continue
            got = b[(b.exporter == iso) & (b.importer == partner)]["FFD_DVASH"].item()
            assert np.isclose(got, absorbed[rows, p].sum() / valu[rows].sum(), rtol=1e-12)


def test_bilateral_shares_add_up_and_valu_is_not_reported_by_partner(leather):
    c = decompose(leather, "tiva").set_index(["exporter", "term"]).value
    b = decompose(leather, "tiva", level="bilateral")
    bs = decompose(leather, "tiva", level="bilateral_sector")
    s = decompose(leather, "tiva", level="sector")
    assert "VALU" not in set(b.term.astype(str)) and "VALU" not in set(bs.term.astype(str))
    assert "VALU" in set(s.term.astype(str))
    sums = b[b.term == "FFD_DVASH"].groupby("exporter", observed=True).value.sum()
    np.testing.assert_allclose(sums, c.xs("FFD_DVASH", level="term").loc[sums.index], rtol=1e-12)
    sec = s[s.term == "FFD_DVASH"].set_index(["exporter", "industry"]).value
    bsum = bs[bs.term == "FFD_DVASH"].groupby(["exporter", "industry"], observed=True).value.sum()
    np.testing.assert_allclose(bsum, sec.loc[bsum.index], rtol=1e-12)
    assert (c.xs("FFD_DVASH", level="term").between(0, 1)).all()
