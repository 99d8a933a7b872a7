"""``gvc.read_icio`` on OECD ICIO tables written in each edition's layout, against the same table
given as plain arrays; the CN1/CN2 split against an independent numpy computation and against
pymrio's merge-first parse."""

from __future__ import annotations

import zipfile

import numpy as np
import pandas as pd
import pytest
from icio_layouts import INDUSTRIES, make_world, oecd_frame, write_oecd

from gvc.errors import DataError, ValidationError
from gvc.io import ICIO, decompose
from gvc.tables_io import read_icio


def plain(w, **kw):
    return ICIO(w.Z, w.F, w.table_countries, w.industries, splits=w.splits, **kw)


def wide(df):
    keys = ["exporter", "importer", "industry", "term"]
    return df.astype(dict.fromkeys(keys, str)).pivot_table(
        index=keys[:3], columns="term", values="value"
    )


@pytest.mark.parametrize("edition", ["2016", "2018", "2021", "2023"])
def test_oecd_editions_equal_plain_arrays(tmp_path, edition):
    w = make_world(1, INDUSTRIES[edition])
    path = tmp_path / f"ICIO{edition}_2015.csv"
    write_oecd(path, w, edition)
    io = read_icio(path)
    # parts in place of the zero CHN_/MEX_ blocks (2018, 2021) or where they first appear
    if edition in ("2016", "2018", "2021"):
        assert io.countries == tuple(w.table_countries)
    else:
        assert io.countries == ("AUS", "USA", "ROW", "MX1", "MX2", "CN1", "CN2")
    assert set(io.reported) == {"AUS", "CHN", "MEX", "USA", "ROW"}
    assert io.splits == {"CHN": ("CN1", "CN2"), "MEX": ("MX1", "MX2")}
    assert io.industries == INDUSTRIES[edition]
    assert io.meta["year"] == 2015 and io.meta["source"] == "oecd-icio"
    ref = plain(w)
    perm = [ref.labels.index(lab) for lab in io.labels]
    cperm = [ref.countries.index(c) for c in io.countries]
    np.testing.assert_allclose(io.Z, ref.Z[np.ix_(perm, perm)], rtol=1e-12)
    np.testing.assert_allclose(io.Y, ref.Y[np.ix_(perm, cperm)], rtol=1e-12, atol=1e-12)
    for level in ("country", "bilateral_sector"):
        got, exp = wide(decompose(io, "bm", level)), wide(decompose(ref, "bm", level))
        pd.testing.assert_frame_equal(got, exp, rtol=1e-10, atol=1e-9)
    # the merged exporters and partners: CHN and MEX, never CN1 or MX2
    bil = decompose(io, "bm", "bilateral")
    assert set(bil.exporter) == set(bil.importer) == set(io.reported)


def test_oecd_zip_picks_the_year(tmp_path):
    w1, w2 = make_world(2), make_world(3)
    zpath = tmp_path / "ICIO2021_2019-2020.zip"
    with zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("ICIO2021_2019.csv", oecd_frame(w1).to_csv(float_format="%.17g"))
        zf.writestr("ICIO2021_2020.csv", oecd_frame(w2).to_csv(float_format="%.17g"))
    io = read_icio(zpath, year=2020)
    assert io.meta["year"] == 2020
    np.testing.assert_allclose(io.Z, plain(w2).Z, rtol=1e-12)
    with pytest.raises(DataError, match="pass year="):
        read_icio(zpath)


# --------------------------------------------------------------------------- split countries
def _by_hand(w):
    """Independent numpy: CHN's DC and source DVA with the inverse of the split table, CN1+CN2
    treated as one domestic block (exvatools' definition)."""
    n, N = w.Z.shape[0], len(w.industries)
    A = w.Z / w.x
    v = 1 - A.sum(axis=0)
    B = np.linalg.inv(np.eye(n) - A)
    own = np.repeat(np.arange(len(w.table_countries)), N)
    chn = [w.table_countries.index(p) for p in ("CN1", "CN2")]
    S = np.flatnonzero(np.isin(own, chn))
    out = np.setdiff1d(np.arange(n), S)
    F = w.F
    fexp = np.delete(F[S], chn, axis=1).sum(axis=1)
    e = w.Z[np.ix_(S, out)].sum(axis=1) + fexp  # CHN's gross exports by sector
    L = np.linalg.inv(np.eye(S.size) - A[np.ix_(S, S)])
    return {
        "GEXP": e.sum(),
        "DC": v[S] @ B[np.ix_(S, S)] @ e,
        "DVA": v[S] @ L @ e,
        "FC": (v[out] @ B[np.ix_(out, S)]) @ e,
    }


def test_split_inversion_before_merging_differs_from_merge_first(tmp_path):
    w = make_world(4)
    path = tmp_path / "ICIO2021_2018.csv"
    write_oecd(path, w, "2021")
    after = read_icio(path)
    first = read_icio(path, splits="merge_first")
    assert first.countries == ("AUS", "CHN", "MEX", "USA", "ROW") and not first.splits
    hand = _by_hand(w)
    got = decompose(after, "bm", "country", exporters=["CHN"]).set_index("term")["value"]
    pym = decompose(first, "bm", "country", exporters=["CHN"]).set_index("term")["value"]
    for term, val in hand.items():
        assert got[term] == pytest.approx(val, rel=1e-10)
    # gross exports are the same; domestic content is not (different technical coefficients)
    assert pym["GEXP"] == pytest.approx(hand["GEXP"], rel=1e-10)
    for term in ("DC", "DVA", "FC"):
        assert abs(pym[term] / hand[term] - 1) > 0.01, term
    # accounting still holds on the split table
    assert got["DC"] + got["FC"] == pytest.approx(got["GEXP"], rel=1e-10)


def test_merge_first_equals_pymrio_parse(tmp_path):
    pymrio = pytest.importorskip("pymrio")
    w = make_world(5)
    path = tmp_path / "ICIO2021_2018.csv"
    write_oecd(path, w, "2021")
    mr = pymrio.parse_oecd(path)
    first = read_icio(path, splits="merge_first", rebalance=False)
    labels = [f"{c}_{i}" for c in first.countries for i in first.industries]
    Zp = mr.Z.copy()
    Zp.index = [f"{r}_{s}" for r, s in Zp.index]
    Zp.columns = [f"{r}_{s}" for r, s in Zp.columns]
    np.testing.assert_allclose(Zp.loc[labels, labels].to_numpy(), first.Z, rtol=1e-12)


def test_split_other_exporters_partner_china_by_hand(tmp_path):
    """USA's directly absorbed VAX to China uses China's whole domestic block L_CHN,CHN."""
    w = make_world(6)
    io = plain(w)
    n, N = w.Z.shape[0], len(w.industries)
    A = w.Z / w.x
    v = 1 - A.sum(axis=0)
    own = np.repeat(np.arange(len(w.table_countries)), N)
    usa = np.flatnonzero(own == w.table_countries.index("USA"))
    chn = [w.table_countries.index(p) for p in ("CN1", "CN2")]
    R = np.flatnonzero(np.isin(own, chn))
    F = w.F
    y_rr = F[R][:, chn].sum(axis=1)
    L_rr = np.linalg.inv(np.eye(R.size) - A[np.ix_(R, R)])
    L_ss = np.linalg.inv(np.eye(usa.size) - A[np.ix_(usa, usa)])
    base = F[usa][:, chn].sum(axis=1) + A[np.ix_(usa, R)] @ L_rr @ y_rr
    davax = v[usa] @ L_ss @ base
    df = decompose(io, "bm", "bilateral", exporters=["USA"])
    got = df[(df.importer == "CHN") & (df.term == "DAVAX")]["value"].item()
    assert got == pytest.approx(davax, rel=1e-10)
    gexp = w.Z[np.ix_(usa, R)].sum() + F[usa][:, chn].sum()
    assert df[(df.importer == "CHN") & (df.term == "GEXP")]["value"].item() == pytest.approx(gexp)
    assert n == io.n


def test_split_parts_on_request_sum_to_country(tmp_path):
    io = plain(make_world(7))
    df = decompose(io, "bm", "sector", exporters=["CHN"], splits=True)
    t = df.pivot_table(index="exporter", columns="term", values="value", aggfunc="sum")
    assert list(t.index) == ["CHN", "CN1", "CN2"]
    for term in ("GEXP", "DC", "DVA", "VAX", "FVA"):
        assert t.loc["CN1", term] + t.loc["CN2", term] == pytest.approx(t.loc["CHN", term])
        assert t.loc["CN1", term] != pytest.approx(t.loc["CN2", term])


def test_split_table_refuses_block_methods(tmp_path):
    io = plain(make_world(8))
    for method in ("kww", "wwz", "wwyz", "tiva"):
        with pytest.raises(ValidationError, match="split countries .*CHN=CN1\\+CN2"):
            decompose(io, method, "country")
    with pytest.raises(ValidationError, match="world"):
        decompose(io, "bm", "country", perspective="world")
    imp = decompose(io, "bm", "bilateral", perspective="importer", importers=["CHN"])
    assert "CN1" not in set(imp.exporter) and set(imp.importer) == {"CHN"}
    # importer GIMP of China = everybody's exports to China
    exp = decompose(io, "bm", "bilateral")
    to_chn = exp[(exp.importer == "CHN") & (exp.term == "GEXP")]["value"].sum()
    gimp = imp[imp.term == "GIMP"]["value"].sum()
    assert gimp == pytest.approx(to_chn)


def test_groups_may_name_split_countries():
    io = plain(make_world(9), groups={"NA": ["USA", "MEX"]})
    assert io.groups["NA"] == ("USA", "MX1", "MX2")
    df = decompose(io, "bm", "bilateral", exporters=["NA"])
    assert "MEX" not in set(df.importer) and "USA" not in set(df.importer)


# --------------------------------------------------------------------------- damaged files
def test_oecd_bad_label_names_format_and_label(tmp_path):
    df = oecd_frame(make_world(10))
    df = df.rename(index={"USA_05T06": "USA-05T06"})
    df.to_csv(tmp_path / "bad.csv")
    with pytest.raises(DataError, match=r"OECD ICIO.*'USA-05T06'"):
        read_icio(tmp_path / "bad.csv")


def test_oecd_bad_column_and_cell(tmp_path):
    df = oecd_frame(make_world(11))
    df.rename(columns={"AUS_HFCE": "AUS_XYZ"}).to_csv(tmp_path / "c.csv")
    with pytest.raises(DataError, match=r"column label 'AUS_XYZ'"):
        read_icio(tmp_path / "c.csv")
    df = df.astype(object)
    df.iloc[3, 4] = "n/a"
    df.to_csv(tmp_path / "d.csv")
    with pytest.raises(DataError, match=r"cell at row 'CHN_01T02', column 'CHN_05T06' is 'n/a'"):
        read_icio(tmp_path / "d.csv")


def test_oecd_truncated_and_damaged_zip(tmp_path):
    path = tmp_path / "ICIO2021_2018.csv"
    write_oecd(path, make_world(12))
    text = path.read_text()
    (tmp_path / "cut.csv").write_text(text[: int(len(text) * 0.6)])
    with pytest.raises(DataError, match="truncated|not a valid OECD"):
        read_icio(tmp_path / "cut.csv")
    zpath = tmp_path / "ICIO2021_2018.zip"
    with zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(path, "ICIO2021_2018.csv")
    data = bytearray(zpath.read_bytes())
    data[200:260] = b"\x00" * 60  # corrupt the compressed stream
    (tmp_path / "bad.zip").write_bytes(bytes(data))
    with pytest.raises(DataError, match="damaged|CSV"):
        read_icio(tmp_path / "bad.zip")


def test_not_a_table(tmp_path):
    (tmp_path / "x.csv").write_text("a,b,c\n1,2,3\n")
    with pytest.raises(DataError, match=r"input-output table \(first column label 'b'\).*OECD"):
        read_icio(tmp_path / "x.csv")
    (tmp_path / "y.txt").write_text("no header here\n")
    with pytest.raises(DataError, match="no comma-separated header row"):
        read_icio(tmp_path / "y.txt")


def test_nonzero_chn_block_beside_splits(tmp_path):
    df = oecd_frame(make_world(13))
    df.loc["CHN_05T06", "USA_01T02"] = 1.0
    df.to_csv(tmp_path / "z.csv")
    with pytest.raises(DataError, match=r"row CHN_01T02 \(the national total beside CN1/CN2\) "
                       r"in column AUS_01T02 is 0 but its parts sum to"):  # fmt: skip
        read_icio(tmp_path / "z.csv")


def test_participation_measures_refuse_split_tables():
    from gvc.io import participation_measures

    with pytest.raises(ValidationError, match="split countries"):
        participation_measures(plain(make_world(14)))
