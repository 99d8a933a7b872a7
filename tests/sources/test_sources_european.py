"""WDI and OWID files re-saved with European settings (``;``, decimal commas, thousands
points) give the same frame as the published file (issue 24 item 4); checked on the mirror's
real files converted in a temporary folder (the second reading is the published file itself)."""

from __future__ import annotations

import pandas as pd
import pytest
from european_csv import europeanize

from gvc.errors import DataError
from gvc.sources import owid, wdi

WDI = [
    "API_NY.GDP.MKTP.CD_DS2_en_csv_v2_391573.csv",  # current US$: thousands points
    "API_SL.UEM.1524.ZS_DS2_en_csv_v2_6300644.csv",  # percent: decimal commas
    "API_NV.IND.MANF.CD_DS2_en_csv_v2_5363423.csv",  # the header-only layout
    "API_SP.POP.TOTL_DS2_en_csv_v2_391465.csv",  # persons: whole numbers only
]
OWID = {
    "industrial-robots-annual-installations-total-operational.csv": owid.read_robots,
    "artificial-intelligence-patents-submitted-per-million.csv": owid.read_ai_patents,
    "private-investment-in-artificial-intelligence-cset.csv": owid.read_ai_investment,
}


@pytest.mark.parametrize("name", WDI)
def test_wdi_european_file_reads_as_published(mirror, tmp_path, name):
    src = mirror / "wdi" / name
    eu = europeanize(src, tmp_path / name)
    text = eu.read_text(encoding="utf-8")
    assert ";" in text and "," in text and text.count('","') == 0  # really converted
    pd.testing.assert_frame_equal(wdi.read_indicator(eu), wdi.read_indicator(src), check_exact=True)


@pytest.mark.parametrize("name", sorted(OWID))
@pytest.mark.parametrize("thousands", [".", "\u00a0", ""])
def test_owid_european_file_reads_as_published(mirror, tmp_path, name, thousands):
    src = mirror / "owid" / name
    eu = europeanize(src, tmp_path / name, thousands=thousands)
    read = OWID[name]
    pd.testing.assert_frame_equal(read(eu), read(src), check_exact=True)


def test_wdi_metadata_with_semicolons(mirror, tmp_path):
    src = next((mirror / "wdi").glob("Metadata_Country_API_SP.POP*.csv"))
    eu = europeanize(src, tmp_path / src.name)
    got = wdi.read_country_metadata(eu)
    pd.testing.assert_frame_equal(got, wdi.read_country_metadata(src))


def test_unknown_separator_says_so_not_renamed_columns(mirror, tmp_path):
    """A '|'-separated file is one column to pandas; the error names the separator instead of
    blaming the publisher for renamed columns."""
    name = WDI[1]
    p = europeanize(mirror / "wdi" / name, tmp_path / name, sep="|")
    with pytest.raises(DataError) as e:
        wdi.read_indicator(p)
    msg = str(e.value)
    assert name in msg and "separator" in msg and "'|'" in msg and "renamed" not in msg, msg
