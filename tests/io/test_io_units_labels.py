"""Labels and columns (issue 25 item 3) and your own table from Python (item 4): a unit per
term (a share is labelled ``share``, never a currency), ``year`` and ``unit`` on the user route,
``ROW`` spelled once, and errors that name the missing or misplaced label."""

from __future__ import annotations

from io import StringIO

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from io_testdata import LEATHER_COUNTRIES, LEATHER_F, LEATHER_INDUSTRIES, LEATHER_Z

from gvc.cli import main
from gvc.errors import DataError
from gvc.io import ICIO, decompose
from gvc.tables_io import read_icio, read_user_icio

USD = "millions of current USD"


def _tables(tmp_path, rename=None):
    labels = [f"{c}_{i}" for c in LEATHER_COUNTRIES for i in LEATHER_INDUSTRIES]
    Z = pd.DataFrame(LEATHER_Z, index=labels, columns=labels)
    F = pd.DataFrame(LEATHER_F, index=labels, columns=LEATHER_COUNTRIES)
    x = pd.DataFrame({"x": LEATHER_Z.sum(axis=1) + LEATHER_F.sum(axis=1)}, index=labels)
    if rename:
        rename(Z, F, x)
    Z.to_csv(tmp_path / "Z.csv")
    F.to_csv(tmp_path / "F.csv")
    x.to_csv(tmp_path / "x.csv")
    return tmp_path / "Z.csv", tmp_path / "F.csv", tmp_path / "x.csv"


def test_tiva_units_per_term_long_and_wide():
    io = ICIO(LEATHER_Z, LEATHER_F, LEATHER_COUNTRIES, LEATHER_INDUSTRIES, unit=USD, year=2011)
    long = decompose(io, "tiva", "country")
    units = dict(zip(long.term.astype(str), long.unit.astype(str), strict=True))
    assert units["EXGR"] == units["EXGR_FVA"] == units["VALU"] == USD
    for share in ("EXGR_DVASH", "EXGR_FVASH", "DEXFVAPSH", "GVC_PART_TRADE", "FFD_DVASH"):
        assert units[share] == "share", share
    assert (long.year == 2011).all()
    wide = decompose(io, "tiva", "country", wide=True)
    assert "unit" not in wide  # mixed units: one unit column per term column
    terms = [c for c in wide.columns if c.isupper() and not c.startswith("unit_")]
    for t in terms:
        assert set(wide[f"unit_{t}"]) == {"share" if t in units and units[t] == "share" else USD}
    # a method of levels only keeps one unit column
    assert set(decompose(io, "bm", "country", wide=True).unit) == {USD}
    w = decompose(io, "wwyz", "country")
    wu = dict(zip(w.term.astype(str), w.unit.astype(str), strict=True))
    assert wu["gvc_part_prod_fwd"] == "share" and wu["gvc_position"] == "ratio"
    assert wu["va"] == USD


def test_cli_tiva_wide_unit_per_column(tmp_path):
    z, f, x = _tables(tmp_path)
    res = CliRunner().invoke(main, ["io", "decompose", "--z", str(z), "--final", str(f), "--x",
                                    str(x), "--method", "tiva", "--wide", "--unit", USD,
                                    "--years", "2011"])  # fmt: skip
    assert res.exit_code == 0, res.output
    df = pd.read_csv(StringIO(res.stdout), keep_default_na=False)
    assert df.columns[0] == "year" and set(df.year) == {2011}
    assert set(df.unit_EXGR) == {USD} and set(df.unit_EXGR_FVASH) == {"share"}
    assert set(df.rebalance) == {"own-final-demand"}


def test_user_route_without_unit_says_so(tmp_path):
    z, f, _ = _tables(tmp_path)
    io = read_icio(z=z, final=f)
    assert io.meta["unit"] == "as in Z.csv" and io.meta["source"] == "user"
    assert set(decompose(io, "bm").unit) == {"as in Z.csv"}


def test_rest_of_world_spelled_once(tmp_path):
    def row(Z, F, x):
        new = {lab: lab.replace("DEU_", "RoW_") for lab in Z.index}
        Z.rename(index=new, columns=new, inplace=True)
        F.rename(index=new, columns={"DEU": "RoW"}, inplace=True)
        x.rename(index=new, inplace=True)

    z, f, x = _tables(tmp_path, row)
    io = read_user_icio(z, f, x)
    assert io.countries[-1] == "ROW"
    assert "ROW" in set(decompose(io, "bm", "bilateral").importer)


@pytest.mark.parametrize(
    "edit,match",
    [
        (lambda Z, F, x: Z.drop(columns="DEU_Agriculture", inplace=True),
         r"column 'DEU_Agriculture' missing from Z\.csv"),
        (lambda Z, F, x: Z.rename(columns={"DEU_Agriculture": "DEU_Farming"}, inplace=True),
         r"column 'DEU_Agriculture' missing from Z\.csv"),
        (lambda Z, F, x: F.drop(index="TUR_Agriculture", inplace=True),
         r"row 'TUR_Agriculture' missing from F\.csv"),
        (lambda Z, F, x: F.drop(columns="TUR", inplace=True),
         r"column 'TUR' missing from F\.csv"),
        (lambda Z, F, x: x.drop(index="ARG_Textile & Leather", inplace=True),
         r"row 'ARG_Textile & Leather' missing from x\.csv"),
    ],
)  # fmt: skip
def test_errors_name_the_label(tmp_path, edit, match):
    z, f, x = _tables(tmp_path, edit)
    with pytest.raises(DataError, match=match):
        read_icio(z=z, final=f, x=x)


def test_errors_name_a_label_out_of_order(tmp_path):
    def swap(Z, F, x):
        cols = list(Z.columns)
        cols[0], cols[1] = cols[1], cols[0]
        Z.columns = cols  # values stay, labels swap: a misplaced column

    z, f, x = _tables(tmp_path, swap)
    with pytest.raises(DataError, match=r"column 'ARG_Textile & Leather' is at position 1 of "
                       r"Z\.csv, where 'ARG_Agriculture' belongs"):  # fmt: skip
        read_icio(z=z, final=f, x=x)


def test_read_icio_points_to_the_user_reader(tmp_path):
    z, f, _ = _tables(tmp_path)
    with pytest.raises(DataError, match=r"read_icio\(z="):
        read_icio(z)
    np.testing.assert_allclose(read_icio(z=z, final=f).Z, LEATHER_Z)


def test_decompose_of_something_else_than_a_table_is_one_line():
    """`gvc.decompose(pd.DataFrame())` was an AttributeError (issue 24): now one line naming
    what decompose takes."""
    import pandas as pd
    import pytest

    import gvc
    from gvc.errors import ValidationError

    with pytest.raises(ValidationError, match="decompose takes a gvc.ICIO table, got DataFrame"):
        gvc.decompose(pd.DataFrame())
