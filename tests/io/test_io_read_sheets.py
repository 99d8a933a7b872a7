"""``gvc.read_icio`` on ADB MRIO and WIOD 2016 sheets written in the publishers' layouts, against
the same table given as plain arrays; damaged files give one clear error."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from icio_layouts import WIOD_INDUSTRIES, make_world, sheet_rows, write_sheet

from gvc.errors import DataError
from gvc.io import ICIO, decompose
from gvc.sources.icio_files import detect
from gvc.tables_io import read_icio

ISO = {"adb-mrio": ["AUS", "CHN", "MEX", "USA", "ROW"], "wiod2016": None}  # ADB: RoW -> ROW


def _world(fmt):
    inds = WIOD_INDUSTRIES if fmt == "wiod2016" else ("x1", "x2", "x3")
    return make_world(21, inds, K=5, splits=False)


@pytest.mark.parametrize("fmt", ["adb-mrio", "wiod2016"])
def test_sheet_equals_plain_arrays(tmp_path, fmt):
    w = _world(fmt)
    path = tmp_path / ("ADB-MRIO-2019.xlsx" if fmt == "adb-mrio" else "WIOT2014_Nov16_ROW.xlsx")
    write_sheet(path, w, fmt)
    assert detect(path) == fmt
    io = read_icio(path)
    countries = ISO[fmt] or w.reported
    assert io.countries == tuple(countries)  # ADB's PRC is ISO3 CHN
    if fmt == "adb-mrio":
        assert io.industries == ("c1", "c2", "c3")
    else:
        assert io.industries == WIOD_INDUSTRIES
    assert io.meta["rebalance"] == "own-final-demand" and io.meta["rebalance_gap_share"] < 1e-12
    assert {k: v for k, v in io.meta.items() if not k.startswith("rebalance")} == {
        "source": fmt,
        "year": 2019 if fmt == "adb-mrio" else 2014,
        "unit": "millions of current USD",
        "path": str(path),
        "group_members_missing": {},
        "industry_names": {i: f"Industry {i}" for i in io.industries},  # column B
    }
    ref = ICIO(w.Z, w.F, countries, io.industries)
    np.testing.assert_allclose(io.Z, ref.Z, rtol=1e-15)
    np.testing.assert_allclose(io.Y, ref.Y, rtol=1e-12)
    for method, level in (("bm", "bilateral_sector"), ("wwz", "bilateral"), ("kww", "country")):
        keys = ["exporter", "importer", "industry", "term"]
        got = decompose(io, method, level).astype(dict.fromkeys(keys, str)).set_index(keys)
        exp = decompose(ref, method, level).astype(dict.fromkeys(keys, str)).set_index(keys)
        pd.testing.assert_series_equal(
            got["value"].sort_index(), exp["value"].sort_index(), rtol=1e-10, atol=1e-9
        )


def _save(path, rows):
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("t")
    for r in rows:
        ws.append(r)
    wb.save(path)


@pytest.mark.parametrize("fmt", ["adb-mrio", "wiod2016"])
def test_sheet_bad_label_names_format_and_label(tmp_path, fmt):
    rows = sheet_rows(_world(fmt), fmt)
    k = next(i for i, r in enumerate(rows) if len(r) > 4 and isinstance(r[4], float)) + 4
    bad = list(rows[k])
    bad[3 if fmt == "adb-mrio" else 0] = "zz9"
    rows[k] = bad
    _save(tmp_path / "bad.xlsx", rows)
    title = "ADB MRIO" if fmt == "adb-mrio" else "WIOD 2016"
    with pytest.raises(DataError, match=rf"not a valid {title}.*row {k + 1} label .*'zz9'"):
        read_icio(tmp_path / "bad.xlsx", fmt=fmt)


@pytest.mark.parametrize("fmt", ["adb-mrio", "wiod2016"])
def test_sheet_cut_off_and_bad_cell(tmp_path, fmt):
    rows = sheet_rows(_world(fmt), fmt)
    _save(tmp_path / "cut.xlsx", rows[:-6])  # the total output row is missing
    with pytest.raises(DataError, match="no total output row"):
        read_icio(tmp_path / "cut.xlsx")
    k = next(i for i, r in enumerate(rows) if len(r) > 4 and isinstance(r[4], float))
    row = list(rows[k + 2])
    row[6] = "n.a."
    rows[k + 2] = row
    _save(tmp_path / "cell.xlsx", rows)
    with pytest.raises(DataError, match=rf"cell in row {k + 3}, column 7 is 'n.a.'"):
        read_icio(tmp_path / "cell.xlsx")


def test_damaged_xlsx_container(tmp_path):
    w = _world("adb-mrio")
    write_sheet(tmp_path / "ok.xlsx", w, "adb-mrio")
    data = (tmp_path / "ok.xlsx").read_bytes()
    (tmp_path / "half.xlsx").write_bytes(data[: len(data) // 2])
    with pytest.raises(DataError, match="cannot be opened as an xlsx|damaged"):
        read_icio(tmp_path / "half.xlsx")


def _wiot_frame(w):
    """The WIOD 2016 R data frame ``wiot`` for the world (as in WIOTyyyy_October16_ROW.RData)."""
    from icio_layouts import WIOD_VA_ROWS

    rows = sheet_rows(w, "wiod2016")
    first = next(i for i, r in enumerate(rows) if len(r) > 4 and isinstance(r[4], float))
    G, N = len(w.reported), len(w.industries)
    cols = [f"{c}{k + 1}" for c in w.reported for k in range(N)]
    cols += [f"{c}{57 + k}" for c in w.reported for k in range(5)] + ["TOT"]
    recs = []
    for r in rows[first:]:
        code = r[0]
        rnr = 64 + WIOD_VA_ROWS.index(code) if code in WIOD_VA_ROWS else int(r[3][1:])
        recs.append([code, r[1], r[2], rnr, 2014, *r[4:]])
    df = pd.DataFrame(recs, columns=["IndustryCode", "IndustryDescription", "Country", "RNr",
                                     "Year", *cols])  # fmt: skip
    assert len(cols) == G * N + 5 * G + 1
    return df


def test_wiod2016_rdata_equals_sheet(tmp_path):
    import zipfile

    import rdata

    w = _world("wiod2016")
    write_sheet(tmp_path / "WIOT2014_Nov16_ROW.xlsx", w, "wiod2016")
    rdata.write_rda(tmp_path / "WIOT2014_October16_ROW.RData", {"wiot": _wiot_frame(w)})
    sheet = read_icio(tmp_path / "WIOT2014_Nov16_ROW.xlsx")
    rd = read_icio(tmp_path / "WIOT2014_October16_ROW.RData")
    assert rd.countries == sheet.countries and rd.industries == sheet.industries
    np.testing.assert_allclose(rd.Z, sheet.Z, rtol=1e-13)
    np.testing.assert_allclose(rd.Y, sheet.Y, rtol=1e-13)
    with zipfile.ZipFile(tmp_path / "wiot_r_Nov16.zip", "w") as zf:
        zf.write(tmp_path / "WIOT2014_October16_ROW.RData", "WIOT2014_October16_ROW.RData")
    zipped = read_icio(tmp_path / "wiot_r_Nov16.zip", year=2014)
    np.testing.assert_allclose(zipped.Z, sheet.Z, rtol=1e-13)
    assert zipped.meta["year"] == 2014
    data = (tmp_path / "WIOT2014_October16_ROW.RData").read_bytes()
    (tmp_path / "cut.RData").write_bytes(data[: len(data) // 3])
    with pytest.raises(DataError, match="cannot be read as a WIOD 2016 R data file"):
        read_icio(tmp_path / "cut.RData")


def test_xls_names_the_way_out(tmp_path):
    (tmp_path / "WIOT2014_Nov16_ROW.xls").write_bytes(b"\xd0\xcf\x11\xe0binary")
    with pytest.raises(DataError, match=r"\.xls workbooks are not read.*\.xlsb"):
        read_icio(tmp_path / "WIOT2014_Nov16_ROW.xls")


def test_sheet_with_a_row_of_column_numbers_above_the_header(tmp_path):
    """A numbered header row (numbers in column E, no labels) is not taken for data."""
    w = _world("adb-mrio")
    rows = sheet_rows(w, "adb-mrio")
    rows[3] = [None] * 4 + list(range(1, len(rows[6]) - 3))
    _save(tmp_path / "numbered.xlsx", rows)
    write_sheet(tmp_path / "plain.xlsx", w, "adb-mrio")
    a, b = read_icio(tmp_path / "numbered.xlsx"), read_icio(tmp_path / "plain.xlsx")
    np.testing.assert_array_equal(a.Z, b.Z)
    assert a.countries == b.countries
