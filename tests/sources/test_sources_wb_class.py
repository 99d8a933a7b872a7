"""OGHIST reader: real file checked against direct cell reads (openpyxl, a second reader), the
data-year mapping from the two header rows, and bad input named by row and column."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from gvc.errors import DataError
from gvc.sources.registry import raw_file
from gvc.sources.wb_class import read_history


@pytest.fixture(scope="module")
def oghist(mirror):
    return mirror / "wb-class" / "OGHIST.xlsx"


def test_registry_entry_has_public_url_and_checksum():
    f = raw_file("wb-class", "OGHIST.xlsx")
    assert f.url == "https://ddh-openapi.worldbank.org/resources/DR0090754/download"
    assert f.sha256 == "18c7f3904d9a0641e7017982c7a83e015f372ebea3fab8a9d10ba03557673273"


def test_real_file_matches_direct_cell_reads(oghist):
    h = read_history(oghist).set_index(["iso3", "year"])
    ws = openpyxl.load_workbook(oghist, read_only=True, data_only=True)[
        "Country Analytical History"
    ]
    rows = list(ws.iter_rows(values_only=True))
    fy = rows[4]  # "Bank's fiscal year:" FY89 ...
    dy = rows[5]  # "Data for calendar year :" 1987 ...
    assert fy[1].startswith("Bank's fiscal year") and dy[1].startswith("Data for calendar year")
    cols = [j for j in range(2, len(fy)) if fy[j]]
    assert (fy[cols[0]], dy[cols[0]]) == ("FY89", 1987)
    assert (fy[cols[-1]], dy[cols[-1]]) == ("FY23", 2021)
    checked = 0
    for r in rows[11:]:
        if r[0] in ("POL", "RUS", "ROU", "CHL", "CHN", "IND", "USA"):
            for j in cols:
                want = None if r[j] in (None, "..") else str(r[j]).rstrip("*")
                got = h.loc[(r[0], int(dy[j])), "income_group"]
                assert (pd.isna(got) and want is None) or got == want, (r[0], fy[j])
                assert h.loc[(r[0], int(dy[j])), "fiscal_year"] == fy[j]
                checked += 1
    assert checked == 7 * 35
    # the economies that left "developing" under today's classification were in it then
    assert h.loc[("POL", 1995), "income_group"] == "LM"
    assert h.loc[("CHL", 2011), "income_group"] == "UM"
    assert h.loc[("RUS", 2000), "income_group"] == "LM"
    assert h.index.get_level_values("iso3").nunique() > 210


def _workbook(tmp_path, header="Bank's fiscal year:", cell="LM", data_year=1987):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Country Analytical History"
    ws.append([None, "World Bank Analytical Classifications"])
    ws.append([None, header, "FY89", "FY90"])
    ws.append([None, "Data for calendar year :", data_year, 1988])
    ws.append([None, "Low income (L)", "<= 480", "<= 545"])
    ws.append(["ALB", "Albania", "..", "L"])
    ws.append(["DZA", "Algeria", cell, "UM*"])
    ws.append(["YUGf", "Yugoslavia (former)", "UM", "UM"])
    p = tmp_path / "OGHIST.xlsx"
    wb.save(p)
    return p


def test_small_workbook_mapping_and_markers(tmp_path):
    h = read_history(_workbook(tmp_path)).set_index(["iso3", "year"])
    assert h.loc[("DZA", 1987), "income_group"] == "LM"
    assert h.loc[("DZA", 1988), "income_group"] == "UM"  # footnote star dropped
    assert pd.isna(h.loc[("ALB", 1987), "income_group"])  # '..' = not classified
    assert "YUGf" not in h.index.get_level_values("iso3")


@pytest.mark.parametrize(
    ("kw", "match"),
    [
        ({"header": "Fiscal year"}, 'no header row starting with "bank\'s fiscal year"'),
        ({"cell": "Middle"}, r"row 6 \(DZA\), column 3 \(FY89\) holds 'Middle'"),
        ({"data_year": None}, "FY89 \\(column 3\\) has no 'Data for calendar year' value"),
    ],
)
def test_bad_input_names_row_and_column(tmp_path, kw, match):
    with pytest.raises(DataError, match=match):
        read_history(_workbook(tmp_path, **kw))


def test_not_a_workbook(tmp_path):
    p = tmp_path / "OGHIST.xlsx"
    p.write_text("not a zip")
    with pytest.raises(DataError, match="OGHIST.xlsx"):
        read_history(p)
