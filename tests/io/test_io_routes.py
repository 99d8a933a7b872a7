"""One balancing convention on every route (issue 25).

The same published table through ``--source``/``gvc.icio``, ``--file``/``gvc.read_icio(path)``
and ``--z/--final/--x``/``gvc.read_icio(z=, final=, x=)`` gives the same numbers for every method
and level (checked on the mirror's real WIOD 2013 table for 2011, whose rounded rows do not
balance); KWW's nine terms add up to gross exports on every route and under both conventions;
with ``rebalance="none"`` the KWW and WWZ terms follow R decompr 7.0's convention
(``load_tables_vectors(x, y, k, i, o)``: A = Z diag(o)^-1, no rebalancing, KWW's FDC as exports
minus the other eight terms), checked against the dense reference of ``io_naive`` with the
given output in place of the row sums (a second implementation).
"""

from __future__ import annotations

import warnings
from io import StringIO

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from io_naive import Dense, random_table
from io_naive import kww as naive_kww
from io_naive import wwz as naive_wwz

from gvc.cli import main
from gvc.io import ICIO, decompose
from gvc.io.kww import TERMS as KWW_TERMS

KEYS = ["exporter", "importer", "industry", "term"]
COMBOS = [
    *(("bm", lv) for lv in ("country", "sector", "bilateral", "bilateral_sector")),
    ("kww", "country"),
    *(("wwz", lv) for lv in ("country", "sector", "bilateral", "bilateral_sector")),
    ("wwyz", "country"),
    ("wwyz", "sector"),
    *(("tiva", lv) for lv in ("country", "sector", "bilateral", "bilateral_sector")),
    *(("bmt_trade", lv) for lv in ("country", "sector", "bilateral", "bilateral_sector")),
    ("bmt_output", "country"),
    ("bmt_output", "sector"),
]


@pytest.fixture(scope="module")
def wiod_csv(mirror, tmp_path_factory):
    """The mirror's WIOD 2011 table as a user would write it: Z.csv, F.csv (final demand by
    destination) and x.csv (the published output), labels as published (``RoW_c1``)."""
    from gvc.sources import wiod2013

    w = wiod2013.read_wiot(mirror / "wiod2013" / "wiot_2011.RData")
    d = tmp_path_factory.mktemp("wiod2011")
    labels = [f"{c}_{i}" for c in w.countries for i in w.industries]
    assert labels[-1] == "RoW_c35"  # WIOD's spelling, which every route reports as ROW
    pd.DataFrame(w.Z, index=labels, columns=labels).to_csv(d / "Z.csv", float_format="%.17g")
    pd.DataFrame(w.F_by_country, index=labels, columns=list(w.countries)).to_csv(
        d / "F.csv", float_format="%.17g"
    )
    pd.DataFrame({"x": w.x}, index=labels).to_csv(d / "x.csv", float_format="%.17g")
    return d


@pytest.fixture(scope="module")
def routes(mirror, wiod_csv, tmp_path_factory):
    """The same table through the three Python routes (source, file, user)."""
    import os

    from gvc.tables_io import icio, read_icio

    old = os.environ.get("GVC_DATA_DIR")
    os.environ["GVC_DATA_DIR"] = str(tmp_path_factory.mktemp("data"))  # no processed cache
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a few WIOD sectors have negative value added
            out = {
                "source": icio("wiod2013", 2011, mirror=mirror),
                "file": read_icio(mirror / "wiod2013" / "wiot_2011.RData"),
                "user": read_icio(
                    z=wiod_csv / "Z.csv",
                    final=wiod_csv / "F.csv",
                    x=wiod_csv / "x.csv",
                    year=2011,
                    unit="millions of current USD",
                ),  # fmt: skip
            }
    finally:
        if old is None:
            os.environ.pop("GVC_DATA_DIR", None)
        else:
            os.environ["GVC_DATA_DIR"] = old
    return out


def _series(df: pd.DataFrame) -> pd.Series:
    return df.astype(dict.fromkeys(KEYS, str)).set_index(KEYS)["value"].sort_index()


def test_wiod2011_tables_identical_on_every_route(routes):
    src = routes["source"]
    assert src.countries[-1] == "ROW" and src.meta["rebalance"] == "own-final-demand"
    assert src.meta["rebalance_gap_max"] > 0  # WIOD's rounded rows: there is a gap to close
    for name, io in routes.items():
        assert io.countries == src.countries, name  # ROW on every route (WIOD publishes RoW)
        assert io.meta["rebalance"] == "own-final-demand", name
        assert io.meta["year"] == 2011 and io.meta["unit"] == "millions of current USD", name
        np.testing.assert_array_equal(io.Z, src.Z)
        np.testing.assert_array_equal(io.Y, src.Y)
        np.testing.assert_array_equal(io.x, src.x)


@pytest.mark.slow
@pytest.mark.parametrize("method,level", COMBOS)
def test_wiod2011_routes_agree_every_method_and_level(routes, method, level):
    """User route vs source and file routes: every term at every level within 1e-9 (relative
    to the largest value of the frame); measured: identical to the last bit."""
    ref = _series(decompose(routes["source"], method, level))
    vals = np.abs(ref.to_numpy())
    scale = max(float(vals[np.isfinite(vals)].max()), 1.0)
    for name in ("file", "user"):
        got = _series(decompose(routes[name], method, level))
        assert got.index.equals(ref.index), name
        np.testing.assert_allclose(got.to_numpy(), ref.to_numpy(), rtol=1e-9, atol=1e-9 * scale,
                                   equal_nan=True, err_msg=f"{name} {method} {level}")  # fmt: skip


@pytest.mark.parametrize("rebalance", ["own-final-demand", "none"])
def test_wiod2011_kww_sums_to_gross_exports_on_every_route(routes, rebalance):
    """KWW's nine terms = gross exports (BM's GEXP) for every country, whatever the convention
    (decompr's accounting: FDC closes the sum)."""
    for name, io in routes.items():
        if rebalance == "none":
            io = ICIO(io.Z, io.Y, io.countries, io.industries, x=io.x, rebalance="none",
                      negative_va="ignore")  # fmt: skip
        k = decompose(io, "kww", "country", wide=True).set_index("exporter")
        e = decompose(io, "bm", "country", wide=True).set_index("exporter")["GEXP"]
        np.testing.assert_allclose(k[list(KWW_TERMS)].sum(axis=1), e.loc[k.index], rtol=1e-10,
                                   err_msg=name)  # fmt: skip


def _cli(*args) -> pd.DataFrame:
    res = CliRunner().invoke(main, ["io", "decompose", *map(str, args)])
    assert res.exit_code == 0, res.output
    return pd.read_csv(StringIO(res.stdout), keep_default_na=False)


@pytest.mark.slow
@pytest.mark.parametrize(
    "args", [("--method", "kww"), ("--method", "tiva", "--level", "bilateral", "--wide")]
)
def test_wiod2011_cli_source_file_and_user_routes_agree(mirror, wiod_csv, tmp_path, monkeypatch,
                                                        args):  # fmt: skip
    """The command line: --source, --file and --z/--final/--x write the same CSV (values,
    year, rebalance and unit columns; ROW spelled once); only the published tables know their
    industries' names (industry_name)."""
    monkeypatch.setenv("GVC_DATA_DIR", str(tmp_path))
    src = _cli("--source", "wiod2013", "--years", "2011", *args)
    fil = _cli("--file", mirror / "wiod2013" / "wiot_2011.RData", *args)
    usr = _cli("--z", wiod_csv / "Z.csv", "--final", wiod_csv / "F.csv", "--x",
               wiod_csv / "x.csv", "--years", "2011", "--unit", "millions of current USD",
               *args)  # fmt: skip
    assert "ROW" in set(src.exporter) and "RoW" not in set(usr.exporter)
    assert set(src.rebalance) == {"own-final-demand"}
    pd.testing.assert_frame_equal(fil, src, rtol=1e-9, atol=1e-6)
    src = src.drop(columns="industry_name")
    for other in (fil.drop(columns="industry_name"), usr):
        pd.testing.assert_frame_equal(other, src, rtol=1e-9, atol=1e-6)


# --------------------------------------------------------------------- the conventions
def _unbalanced(seed: int = 3, G: int = 3, N: int = 2):
    """A random table and a published output that misses the row sums by up to 0.05%."""
    rng = np.random.default_rng(seed)
    Z, Y = random_table(rng, G, N)
    rows = Z.sum(axis=1) + Y.sum(axis=1)
    return Z, Y, rows * (1 + rng.uniform(-5e-4, 5e-4, rows.size)), G, N


def _decompr_dense(Z, Y, o, G, N) -> Dense:
    """io_naive's dense algebra with decompr's inputs: the given output o (not the row sums)
    for A, v and x."""
    d = Dense(Z, Y, G, N)
    d.x = o
    d.A = Z / o
    d.v = 1 - d.A.sum(axis=0)
    d.B = np.linalg.inv(np.eye(G * N) - d.A)
    return d


def test_rebalance_none_is_decomprs_convention_kww_and_wwz():
    """rebalance='none' = R decompr 7.0's load_tables_vectors: KWW terms 1-8 and all 16 WWZ
    terms equal the closed forms on A = Z/o to 1e-8, KWW's FDC = exports - the other eight."""
    Z, Y, o, G, N = _unbalanced()
    io = ICIO(Z, Y, ["AAA", "BBB", "CCC"], ["agr", "man"], x=o, rebalance="none")
    assert io.meta["rebalance"] == "none" and io.meta["rebalance_gap_max"] > 0
    d = _decompr_dense(Z, Y, o, G, N)
    k = decompose(io, "kww", "country", wide=True).set_index("exporter")
    w = decompose(io, "wwz", "bilateral_sector")
    for s, c in enumerate(io.countries):
        ref = naive_kww(d, s)
        exports = d.exports([s]).sum()
        ref["FDC"] = exports - sum(v for t, v in ref.items() if t != "FDC")
        for t in KWW_TERMS:
            assert k.loc[c, t] == pytest.approx(ref[t], rel=1e-8, abs=1e-10), (c, t)
        for r, p in enumerate(io.countries):
            if r == s:
                continue
            got = w[(w.exporter == c) & (w.importer == p)]
            for t, vals in naive_wwz(d, s, r).items():
                g = got[got.term == t].set_index("industry")["value"].loc[list(io.industries)]
                np.testing.assert_allclose(g.to_numpy(), vals, rtol=1e-8, atol=1e-10)


def test_default_convention_closes_the_gap_in_own_final_demand():
    """Default 'own-final-demand': the balanced table's KWW equals decompr's closed forms on the
    rebalanced arrays (FDC formula = residual there), gross exports are the same as 'none', and
    the output reports the convention."""
    Z, Y, o, G, N = _unbalanced(4)
    dflt = ICIO(Z, Y, ["AAA", "BBB", "CCC"], ["agr", "man"], x=o)
    none = ICIO(Z, Y, ["AAA", "BBB", "CCC"], ["agr", "man"], x=o, rebalance=False)
    assert dflt.meta["rebalance"] == "own-final-demand" and none.meta["rebalance"] == "none"
    np.testing.assert_allclose(dflt.Z.sum(axis=1) + dflt.Y.sum(axis=1), o, rtol=1e-14)
    np.testing.assert_allclose(dflt.e, none.e, rtol=1e-14)  # own final demand is not exported
    d = Dense(dflt.Z, dflt.Y, G, N)  # balanced: x = row sums = o
    k = decompose(dflt, "kww", "country", wide=True).set_index("exporter")
    for s, c in enumerate(dflt.countries):
        for t, v in naive_kww(d, s).items():  # closed-form FDC included
            assert k.loc[c, t] == pytest.approx(v, rel=1e-9), (c, t)
    df = decompose(dflt, "bm", "country")
    assert set(df.rebalance) == {"own-final-demand"}
    # without a given output there is no gap and no convention to report
    assert "rebalance" not in decompose(ICIO(Z, Y, ["AAA", "BBB", "CCC"], ["agr", "man"]))


def test_rebalance_option_checked():
    from gvc.errors import ValidationError

    Z, Y, o, _, _ = _unbalanced(5)
    with pytest.raises(ValidationError, match="rebalance must be one of"):
        ICIO(Z, Y, ["AAA", "BBB", "CCC"], ["agr", "man"], x=o, rebalance="output")
