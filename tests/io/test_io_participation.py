"""``gvc_participation`` comes from ``gvc.io.tiva`` and ``gvc.io.wwyz`` (issue 14: one source of
truth for indicators).

Reference: the formulas ``gvc.io.participation`` used before issue 14 (its own copy of the TiVA
levels and of the WWYZ ratios), kept here verbatim as an independent second implementation; the
panel's values on a real WIOD year (2005, built exactly as the panel builds it) must not change
(1e-12 relative).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from io_testdata import wiot

from gvc.io import participation_measures
from gvc.io.multipliers import multipliers
from gvc.io.tiva import partner_export_content
from gvc.io.wwyz import wwyz_vectors
from gvc.sources.wiod2013 import MANUFACTURING

OLD_MEASURES = (
    "exgr", "exgr_dva", "exgr_fva", "exgr_dvash", "exgr_fvash", "dexfvap", "dexfvapsh",
    "gvc_part_trade", "gvc_part_prod_fwd", "gvc_part_prod_bwd", "gvc_position",
)  # fmt: skip


def old_participation(io, groups) -> pd.DataFrame:
    """``participation_measures`` as it was before issue 14 (gvc commit 70f4a6a)."""
    sets = {ind: [ind] for ind in io.industries}
    sets["TOTAL"] = list(io.industries)
    for name, members in groups.items():
        sets[str(name)] = list(members)
    pos = {ind: j for j, ind in enumerate(io.industries)}
    M = np.zeros((io.N, len(sets)))
    for k, members in enumerate(sets.values()):
        M[[pos[i] for i in members], k] = 1.0
    m = multipliers(io)
    X = partner_export_content(io)
    dex = io.v * (X.sum(axis=1) - X[np.arange(io.n), io.country_of])
    w = wwyz_vectors(io)
    levels = {
        "exgr": io.e,
        "exgr_dva": m.wB * io.e,
        "exgr_fva": m.u * io.e,
        "dexfvap": dex,
        **{t: w[t] for t in ("va", "V_GVC", "y", "Y_GVC", "Xv_GVC", "Xy_GVC")},
    }
    agg = {k: v.reshape(io.G, io.N) @ M for k, v in levels.items()}
    with np.errstate(divide="ignore", invalid="ignore"):
        res = {
            "exgr": agg["exgr"],
            "exgr_dva": agg["exgr_dva"],
            "exgr_fva": agg["exgr_fva"],
            "exgr_dvash": agg["exgr_dva"] / agg["exgr"],
            "exgr_fvash": agg["exgr_fva"] / agg["exgr"],
            "dexfvap": agg["dexfvap"],
            "dexfvapsh": agg["dexfvap"] / agg["exgr"],
            "gvc_part_trade": (agg["exgr_fva"] + agg["dexfvap"]) / agg["exgr"],
            "gvc_part_prod_fwd": agg["V_GVC"] / agg["va"],
            "gvc_part_prod_bwd": agg["Y_GVC"] / agg["y"],
            "gvc_position": (agg["Xv_GVC"] / agg["V_GVC"]) / (agg["Xy_GVC"] / agg["Y_GVC"]),
        }
    K = len(sets)
    iso = np.repeat(np.array(io.countries, dtype=object), K)
    ind = np.tile(np.array(list(sets), dtype=object), io.G)
    out = pd.concat(
        [
            pd.DataFrame({"iso3": iso, "industry": ind, "measure": n, "value": res[n].ravel()})
            for n in OLD_MEASURES
        ],
        ignore_index=True,
    )
    out["value"] = out["value"].replace([np.inf, -np.inf], np.nan)
    return out


@pytest.fixture(scope="module")
def wiod_2005():
    from gvc.panels.gvc_participation import wiod_icio

    return wiod_icio(wiot(2005))  # as the panel builds it (rebalanced, negative VA kept)


def _keyed(df: pd.DataFrame) -> pd.Series:
    return df.set_index(["iso3", "industry", "measure"])["value"].sort_index()


def test_panel_values_unchanged_on_wiod_2005(wiod_2005):
    groups = {"MANUF": list(MANUFACTURING)}
    new = _keyed(participation_measures(wiod_2005, groups))
    old = _keyed(old_participation(wiod_2005, groups))
    assert set(OLD_MEASURES) <= set(new.index.get_level_values("measure"))
    new = new[new.index.get_level_values("measure").isin(OLD_MEASURES)]
    assert new.index.equals(old.index)
    assert (new.isna() == old.isna()).all()
    ok = old.notna()
    assert ok.sum() > 40 * 37 * 11 * 0.9  # countries x industry sets x measures, nearly all
    np.testing.assert_allclose(new[ok], old[ok], rtol=1e-12, atol=0)


def test_ffd_dva_accounting_identities_wiod_2005(wiod_2005):
    """FFD_DVA (value added of s absorbed in foreign final demand, Johnson and Noguera 2012):
    (1) equals Borin-Mancini's (2019) country-level VAX, computed from gross exports with local
    inverses by gvc.io.bm (a second implementation); (2) plus the value added absorbed at home,
    from a dense inverse by numpy, equals the value added of s (v x_model)."""
    from gvc.io import decompose

    io = wiod_2005
    t = decompose(io, "tiva", include_groups=False, wide=True).set_index("exporter")
    b = decompose(io, "bm", include_groups=False, wide=True).set_index("exporter")
    np.testing.assert_allclose(t["FFD_DVA"], b.loc[t.index, "VAX"], rtol=1e-10)
    B = np.linalg.inv(np.eye(io.n) - io.A)
    home = np.array(
        [
            io.v[s * io.N : (s + 1) * io.N] @ (B @ io.Y[:, s])[s * io.N : (s + 1) * io.N]
            for s in range(io.G)
        ]
    )
    va = (io.v * (B @ io.Y.sum(axis=1))).reshape(io.G, io.N).sum(axis=1)
    np.testing.assert_allclose(t["FFD_DVA"].to_numpy() + home, va, rtol=1e-10)
    share = t["FFD_DVA"].to_numpy() / va
    assert ((share > 0.05) & (share < 0.8)).all()  # every economy exports some, none all


def test_a_tiva_term_reaches_the_panel(wiod_2005):
    """FFD_DVA, VALU and FFD_DVASH were added to gvc.io.tiva only; the panel carries them,
    summed over partners and industry sets from the same levels as decompose(..., 'tiva')."""
    from gvc.io import decompose

    pm = participation_measures(wiod_2005, {"MANUF": list(MANUFACTURING)})
    wide = pm.set_index(["iso3", "industry", "measure"]).value.unstack()
    t = decompose(wiod_2005, "tiva", include_groups=False, wide=True).set_index("exporter")
    tot = wide.xs("TOTAL", level="industry")
    np.testing.assert_allclose(tot.loc[t.index, "ffd_dva"], t["FFD_DVA"], rtol=1e-12)
    np.testing.assert_allclose(tot.loc[t.index, "ffd_dvash"], t["FFD_DVASH"], rtol=1e-12)
    np.testing.assert_allclose(tot.ffd_dvash, tot.ffd_dva / tot.valu, rtol=1e-12)
    man = wide.xs("MANUF", level="industry")["ffd_dva"]
    parts = wide[wide.index.get_level_values("industry").isin(MANUFACTURING)]["ffd_dva"]
    np.testing.assert_allclose(man, parts.groupby(level="iso3").sum().loc[man.index], rtol=1e-12)


def test_a_new_tiva_indicator_needs_no_second_edit(leather, monkeypatch):
    """Issue 14, done when: an indicator added to gvc.io.tiva only (a term in TERMS returned by
    tiva(), a ratio in RATIOS) reaches decompose(..., 'tiva') and participation_measures. The
    made-up term is twice EXGR_DVA, so the reference values are known."""
    import importlib

    from gvc.io import decompose

    tiva = importlib.import_module("gvc.io.tiva")  # the module (gvc.io.tiva is also a function)
    original = tiva.tiva

    def with_double(io, exporters=None, include_groups=True):
        return [
            (u, {**terms, "TWICE_DVA": 2 * terms["EXGR_DVA"]})
            for u, terms in original(io, exporters, include_groups)
        ]

    monkeypatch.setattr(tiva, "tiva", with_double)
    monkeypatch.setattr(tiva, "TERMS", (*tiva.TERMS, "TWICE_DVA"))
    monkeypatch.setattr(
        tiva, "RATIOS", {**tiva.RATIOS, "TWICE_DVASH": lambda d: d["TWICE_DVA"] / d["EXGR"]}
    )
    pm = participation_measures(leather)
    wide = pm.set_index(["iso3", "industry", "measure"]).value.unstack()
    np.testing.assert_allclose(wide["twice_dva"], 2 * wide["exgr_dva"], rtol=1e-14)
    np.testing.assert_allclose(wide["twice_dvash"], 2 * wide["exgr_dvash"], rtol=1e-14)
    d = decompose(leather, "tiva", wide=True).set_index("exporter")
    np.testing.assert_allclose(d["TWICE_DVASH"], 2 * d["EXGR_DVASH"], rtol=1e-14)
