"""The remaining CSV readers (JARA, Comtrade, ALFS, Epoch, IFR press releases, NCSES, ADB sector
names) read a file re-saved by a European spreadsheet (``;``, decimal commas, thousands points)
into the identical frame (issue 24 item 4): numbers go through :mod:`gvc.sources.csv_numbers`,
never pandas' own parser, which reads ``1.500`` as 1.5. Checked on the mirror's real files
converted in a temporary folder. ``countries.xlsx`` and the Parquet files are not CSV."""

from __future__ import annotations

import pandas as pd
import pytest
from european_csv import europeanize

from gvc.sources import adb, alfs, epoch, ifr_press, jara, ncses

READERS = {
    "jara/by-industry_by-application_1978-2017_labelled_prices.csv": jara.read_shipments,
    "jara/comtrade_847950.csv": jara.read_comtrade_robots,
    "jara/ALFS_SUMTAB_23042021012546383.csv": alfs.read_alfs,
    "ifr-press/ifr_robot_density.csv": ifr_press.read_density,
    "ifr-press/ifr_installations_stock.csv": ifr_press.read_installations_stock,
    "ncses/10758/data.csv": ncses.read_manufacturing_va,
    "adb-mrio-gvc/sectors_dict.csv": adb.read_sector_names,
    **{f"epoch/{n}": epoch.read_benchmark for n in sorted(epoch.BENCHMARKS)},
}


def _same(got, want) -> None:
    if isinstance(want, pd.DataFrame):
        pd.testing.assert_frame_equal(got, want, check_exact=True)
    else:
        assert got == want


@pytest.mark.parametrize("key", sorted(READERS))
@pytest.mark.parametrize("thousands", [".", ""])
def test_european_file_reads_as_published(mirror, tmp_path, key, thousands):
    src = mirror / key
    dst = tmp_path / src.name  # the readers know Epoch files by name
    eu = europeanize(src, dst, thousands=thousands)
    text = eu.read_text(encoding="utf-8")
    assert text.count(";") > text.count("\n")  # really converted
    read = READERS[key]
    _same(read(eu), read(src))


def test_european_numbers_really_differ(mirror, tmp_path):
    """The conversion writes decimal commas and thousands points where the published files
    have decimals and numbers of 1000 or more (so the test above compares something)."""
    eu = europeanize(mirror / "jara" / "comtrade_847950.csv", tmp_path / "c.csv")
    text = eu.read_text(encoding="utf-8")
    assert ";44.633.788;" in text and ";2.363;" in text
    eu = europeanize(
        mirror / "jara/by-industry_by-application_1978-2017_labelled_prices.csv", tmp_path / "j.csv"
    )
    assert ";600,75;" in eu.read_text(encoding="utf-8")


def test_adb_sector_number_that_is_not_whole_names_the_cell(mirror, tmp_path):
    from gvc.errors import DataError

    lines = (mirror / "adb-mrio-gvc" / "sectors_dict.csv").read_text().splitlines(keepends=True)
    lines[3] = "3.5" + lines[3][1:]
    p = tmp_path / "sectors_dict.csv"
    p.write_text("".join(lines))
    with pytest.raises(DataError) as e:
        adb.read_sector_names(p)
    msg = str(e.value)
    assert "sectors_dict.csv" in msg and "'c_ind'" in msg and "'3.5'" in msg and "row 4" in msg
