"""WIOD 2016 as the release ships it, an ``.xlsb`` binary workbook (issue 25 item 1), read by
gvc's own BIFF12 reader (``gvc.sources.xlsb``, no new dependency) on the mirror's real
cut-down release workbook ``wiod2016-sample/WIOTtest_Nov16_ROW.xlsb`` (CLIMADA's test file:
sheet ``2014``, USA and ROW x 56 industries, the release's header rows and bottom rows, a GO
column, no final demand). Checked against the workbook's own redundancy: the GO row (output by
column) equals the GO column (output by row) for every sector, the year comes from the sheet
name (the file name has none), and the same parser reads the .xlsx layout
(``tests/io/test_io_read_sheets.py``)."""

from __future__ import annotations

import zipfile

import numpy as np
import pytest

from gvc.errors import DataError, ValidationError
from gvc.sources.icio_files import detect, read_table
from gvc.sources.wiot_sheet import _sheet
from gvc.tables_io import read_icio


@pytest.fixture(scope="module")
def sample(mirror):
    return mirror / "wiod2016-sample" / "WIOTtest_Nov16_ROW.xlsb"


def test_real_wiod2016_xlsb_labels_year_and_output(sample):
    assert detect(sample) == "wiod2016"
    t = read_table(sample)
    assert t.year == 2014  # from the sheet name '2014'
    assert t.countries == ("USA", "ROW") and len(t.industries) == 56
    assert t.industries[:3] == ("A01", "A02", "A03") and t.industries[-1] == "U"
    assert t.industry_names["A01"].startswith("Crop and animal production")
    assert t.unit == "millions of current USD"
    assert t.Z.shape == (112, 112) and not t.F.any()  # the sample has no final demand
    title, rows = _sheet(sample)
    go = next(r for r in rows if r and r[0] == "GO")
    np.testing.assert_array_equal(np.array(go[4:116], dtype=float), t.x)  # GO row = GO column
    first = next(r for r in rows if r and r[0] == "A01" and r[2] == "USA")
    assert t.Z[0, 0] == first[4] and t.Z[0, 1] == first[5]  # cells as stored (RK or double)


def test_real_wiod2016_xlsb_without_final_demand_does_not_balance(sample):
    """The cut-down sample lacks final demand: the engine refuses it naming the balance check
    (a layout sample, not data for estimates)."""
    with pytest.raises(ValidationError, match="ICIO check 'balance' failed"):
        read_icio(sample)


def test_damaged_xlsb_names_the_file(tmp_path, sample):
    bad = tmp_path / "WIOT2014_Nov16_ROW.xlsb"
    bad.write_bytes(b"PK\x03\x04binary")
    with pytest.raises(DataError, match=r"cannot be opened as an \.xlsb workbook"):
        read_icio(bad)
    cut = tmp_path / "cut.xlsb"
    with zipfile.ZipFile(sample) as src, zipfile.ZipFile(cut, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.bin":
                data = data[: len(data) // 3]  # a worksheet cut off mid-record
            dst.writestr(item, data)
    with pytest.raises(DataError, match="cut.xlsb"):
        read_icio(cut)
