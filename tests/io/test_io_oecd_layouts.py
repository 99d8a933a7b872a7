"""Every OECD ICIO release layout (issue 25 item 1), each written by ``icio_layouts`` from the
same synthetic world and read back through ``gvc.read_icio`` and ``gvc io decompose --file``;
checked against the same table given as plain arrays (labels, the split handling: inverse on
the split table, parts merged afterwards, and the balance). Layout references: the releases'
documentation and pymrio's ``tests/mock_mrios/oecd_mock`` (2016: ``VA+TAXSUB``/``OUT`` rows,
no ``TOTAL`` column, ``CAT_CTY`` final demand; 2018: ``CTY_CAT``, ``TOTAL``) and its and
exvatools' parsers; the fixtures are gvc's own.

Variants: 2016 (VA+TAXSUB/OUT, no output column, DISC, zero CHN_ block beside CN1/CN2), 2018
with MEX's national total beside MX1/MX2 (with and without the parts repeating their sales in
the total columns), 2021 and 2023 with and without the China/Mexico splits, the November 2023
zip of zips."""

from __future__ import annotations

import io
import zipfile
from io import StringIO

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from icio_layouts import INDUSTRIES, make_world, oecd_frame

from gvc.cli import main
from gvc.errors import DataError
from gvc.io import ICIO, decompose
from gvc.io.kww import TERMS as KWW_TERMS
from gvc.sources.icio_files import detect
from gvc.tables_io import read_icio


def _long(df):
    keys = ["exporter", "importer", "industry", "term"]
    return df.astype(dict.fromkeys(keys, str)).set_index(keys)["value"].sort_index()


def _same_as_plain(io, w, methods=(("bm", "bilateral_sector"),)):
    """Z, final demand and every term equal those of the plain arrays (same order of rows)."""
    ref = ICIO(w.Z, w.F, w.table_countries, w.industries, splits=w.splits)
    perm = [ref.labels.index(lab) for lab in io.labels]
    cperm = [ref.countries.index(c) for c in io.countries]
    np.testing.assert_allclose(io.Z, ref.Z[np.ix_(perm, perm)], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(io.Y, ref.Y[np.ix_(perm, cperm)], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(io.x, ref.x[perm], rtol=1e-12)
    assert io.meta["rebalance_gap_share"] < 1e-12  # the fixture balances: nothing to close
    for method, level in methods:
        got, exp = _long(decompose(io, method, level)), _long(decompose(ref, method, level))
        pd.testing.assert_series_equal(got, exp, rtol=1e-10, atol=1e-9)


def _cli(path, *args):
    res = CliRunner().invoke(main, ["io", "decompose", "--file", str(path), *map(str, args)])
    assert res.exit_code == 0, res.output
    return pd.read_csv(StringIO(res.stdout), keep_default_na=False)


def test_2016_layout_va_taxsub_out_rows_no_total_column(tmp_path):
    w = make_world(21, INDUSTRIES["2016"])
    df = oecd_frame(w, "2016")
    assert "TOTAL" not in df.columns and list(df.index[-2:]) == ["VA+TAXSUB", "OUT"]
    assert df.loc["OUT", "HFCE_AUS"] != df.loc["OUT", "HFCE_AUS"]  # blank under final demand
    path = tmp_path / "ICIO2016_2011.csv"
    df.to_csv(path, float_format="%.17g")
    assert detect(path) == "oecd-icio"  # no output column: detected by its CAT_CTY columns
    io = read_icio(path)
    assert io.industries == INDUSTRIES["2016"] and io.meta["year"] == 2011
    assert io.splits == {"CHN": ("CN1", "CN2"), "MEX": ("MX1", "MX2")}
    _same_as_plain(io, w)
    out = _cli(path, "--level", "bilateral")
    assert set(out.exporter) == set(out.importer) == {"AUS", "CHN", "MEX", "USA", "ROW"}
    assert set(out.year) == {2011} and set(out.rebalance) == {"own-final-demand"}


@pytest.mark.parametrize("repeat", [False, True])
def test_2018_layout_national_total_beside_parts(tmp_path, repeat):
    """MEX_ rows and columns hold Mexico's national total beside MX1/MX2: checked against the
    parts, dropped, the inverse taken on the split table and MX1+MX2 reported as MEX."""
    w = make_world(22, INDUSTRIES["2018"])
    df = oecd_frame(w, "2018", totals=("MEX",))
    assert df.loc["MEX_01T03", "AUS_05T06"] != 0  # the layout the old reader refused
    if repeat:  # the parts also repeat their sales to Mexico in the total columns
        for i in INDUSTRIES["2018"]:
            for p in ("MX1", "MX2"):
                lab = f"{p}_{i}"
                df.loc[lab, [f"MEX_{j}" for j in INDUSTRIES["2018"]]] = [
                    df.loc[lab, [f"MX1_{j}", f"MX2_{j}"]].sum() for j in INDUSTRIES["2018"]
                ]
                df.loc[lab, "TOTAL"] = df.loc[lab].iloc[:-1].sum()  # output counts the repeat
    path = tmp_path / "ICIO2018_2012.csv"
    df.to_csv(path, float_format="%.17g")
    io = read_icio(path)
    assert "MEX" not in io.countries and io.splits["MEX"] == ("MX1", "MX2")
    _same_as_plain(io, w, (("bm", "bilateral_sector"), ("bm", "country")))
    # inversion before merging: Mexico's domestic content is not that of the merged table
    first = read_icio(path, splits="merge_first")
    a = decompose(io, "bm", exporters=["MEX"]).set_index("term")["value"]
    b = decompose(first, "bm", exporters=["MEX"]).set_index("term")["value"]
    assert a["GEXP"] == pytest.approx(b["GEXP"]) and abs(a["DC"] / b["DC"] - 1) > 1e-3
    _cli(path, "--exporters", "MEX", "--splits")


def test_2018_layout_total_that_is_not_the_sum_of_its_parts(tmp_path):
    df = oecd_frame(make_world(23, INDUSTRIES["2018"]), "2018", totals=("MEX",))
    df.loc["MEX_05T06", "USA_01T03"] *= 1.5
    df.to_csv(tmp_path / "t.csv")
    with pytest.raises(DataError, match=r"row MEX_05T06 \(the national total beside MX1/MX2\) "
                       r"in column USA_01T03 is .* but its parts sum to"):  # fmt: skip
        read_icio(tmp_path / "t.csv")


@pytest.mark.parametrize("edition", ["2021", "2023"])
@pytest.mark.parametrize("splits", [True, False])
def test_2021_2023_with_and_without_splits(tmp_path, edition, splits):
    w = make_world(24, INDUSTRIES[edition], splits=splits)
    path = tmp_path / f"ICIO{edition}_2019.csv"
    oecd_frame(w, edition).to_csv(path, float_format="%.17g")
    io = read_icio(path)
    assert io.industries == INDUSTRIES[edition]
    assert set(io.reported) == {"AUS", "CHN", "MEX", "USA", "ROW"}
    if splits:
        assert io.splits == {"CHN": ("CN1", "CN2"), "MEX": ("MX1", "MX2")}
        _same_as_plain(io, w)
    else:
        assert not io.splits and io.countries == ("AUS", "CHN", "MEX", "USA", "ROW")
        _same_as_plain(io, w, (("bm", "bilateral_sector"), ("kww", "country")))
        k = decompose(io, "kww", wide=True).set_index("exporter")[list(KWW_TERMS)]
        e = decompose(io, "bm", wide=True).set_index("exporter")["GEXP"]
        np.testing.assert_allclose(k.sum(axis=1), e, rtol=1e-10)
    assert set(_cli(path).exporter) == {"AUS", "CHN", "MEX", "USA", "ROW"}


def _zip_of_zips(path, frames: dict[int, pd.DataFrame]) -> None:
    """The November 2023 release: one zip per period, each holding that year's CSV."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as outer:
        for year, df in frames.items():
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as inner:
                inner.writestr(f"{year}.csv", df.to_csv(float_format="%.17g"))
            outer.writestr(f"{year}.zip", buf.getvalue())


def test_november_2023_zip_of_zips(tmp_path):
    w19, w20 = make_world(25, INDUSTRIES["2023"]), make_world(26, INDUSTRIES["2023"])
    path = tmp_path / "ICIO2023_2019-2020.zip"
    _zip_of_zips(path, {2019: oecd_frame(w19, "2023"), 2020: oecd_frame(w20, "2023")})
    assert detect(path) == "oecd-icio"
    got = read_icio(path, year=2020)
    assert got.meta["year"] == 2020 and got.meta["path"].endswith("2020.zip!2020.csv")
    _same_as_plain(got, w20)
    with pytest.raises(DataError, match=r"2 zipped tables; pass year="):
        read_icio(path)
    out = _cli(path, "--years", "2019")
    assert set(out.year) == {2019}
