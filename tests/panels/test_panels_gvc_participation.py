"""``gvc_participation``: WIOD 1995-2011 GVC measures, checked by accounting identities."""

from __future__ import annotations

import numpy as np

import gvc
from gvc.sources.wiod2013 import MANUFACTURING

SHARES = ["exgr_dvash", "exgr_fvash", "gvc_part_prod_fwd", "gvc_part_prod_bwd"]


def test_panel_shape_key_and_identities(use_data):
    d = gvc.load("gvc_participation")
    assert set(d.year) == set(range(1995, 2012))
    assert set(d.source) == {"wiod2013"}
    assert not d.duplicated(["source", "iso3", "industry", "year", "measure"]).any()
    wide = d.pivot_table(index=["iso3", "industry", "year"], columns="measure", values="value")
    tot = wide.xs("TOTAL", level="industry")
    # domestic + foreign value added = gross exports (shares sum to one)
    np.testing.assert_allclose(tot.exgr_dvash + tot.exgr_fvash, 1.0, atol=1e-9)
    np.testing.assert_allclose(tot.gvc_part_trade, tot.exgr_fvash + tot.dexfvapsh, atol=1e-12)
    for m in SHARES:
        assert tot[m].between(0, 1).all(), m
    # MANUF is summed from levels of c3..c16, not an average of shares
    lv = wide.reset_index()
    manuf = lv[lv.industry.isin(MANUFACTURING)].groupby(["iso3", "year"]).exgr.sum()
    got = wide.xs("MANUF", level="industry").exgr
    np.testing.assert_allclose(got.loc[manuf.index], manuf, rtol=1e-12)
    m = wide.xs("MANUF", level="industry")
    np.testing.assert_allclose(m.exgr_fvash, m.exgr_fva / m.exgr, rtol=1e-12)


def test_china_backward_participation_rises_after_wto_entry(use_data):
    # Known pattern in WIOD (e.g. Timmer et al. 2014 JEP): China's foreign content of exports
    # rose strongly between 1995 and the mid-2000s.
    d = gvc.load("gvc_participation")
    s = d[(d.iso3 == "CHN") & (d.industry == "TOTAL") & (d.measure == "exgr_fvash")]
    s = s.set_index("year").value
    assert s.loc[2005] > s.loc[1995] + 0.05


def test_panel_has_the_tripartite_shares(use_data):
    """Borin-Mancini-Taglioni (2025) shares for every country, industry set and year: the three
    GVC shares add up to one and forward = PF share - PB share, in trade and in output."""
    from gvc.io.bmt_participation import MEASURES

    d = gvc.load("gvc_participation", measure=list(MEASURES))
    assert set(d.measure) == set(MEASURES)
    wide = d.pivot_table(index=["iso3", "industry", "year"], columns="measure", values="value")
    assert {"TOTAL", "MANUF", "c1"} <= set(wide.index.get_level_values("industry"))
    tot = wide.xs("TOTAL", level="industry")
    for kind in ("trade", "output"):
        parts = tot[[f"share_{p}_{kind}" for p in ("pf", "ts", "pb")]]
        np.testing.assert_allclose(parts.sum(axis=1), 1.0, atol=1e-9)
        np.testing.assert_allclose(tot[f"forward_{kind}"],
                                   parts.iloc[:, 0] - parts.iloc[:, 2], atol=1e-9)  # fmt: skip
        assert tot[f"share_gvc_{kind}"].between(0, 1).all()
