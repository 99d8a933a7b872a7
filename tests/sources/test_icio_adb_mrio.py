"""ADB MRIO: every economy count and year block of its releases (issue 25 item 1).

No real ADB MRIO table is public here: the mirror's ``adb-mrio-gvc/`` holds indicators
computed from them (``gvcp.parquet``, ``summary*.parquet``) and ADB's code dictionary
(``countries.xlsx``), not the tables. The fixtures are gvc's own SYNTHETIC tables in the
releases' layout (``adb_layouts``), with the real economy codes and order of each release taken
from the mirror's ``countries.xlsx`` (sheet MRIO: ``mrio`` = 72-economy order, ``mrio62`` =
62-economy order). Each is read through ``gvc.read_icio`` and ``gvc io decompose --file`` and
checked against the plain arrays it was written from (labels, values, balance) and against
accounting identities (KWW's nine terms sum to gross exports counted from the table;
Borin-Mancini GEXP = DVA + DDC + FVA + FDC).

Variants: 45 economies + RoW (assumed: WIOD 2013's 40 in ADB codes + BAN, MAL, PHI, THA,
VIE), 62 + RoW (bottom rows r60-r66), 72 + RoW (bottom rows r60-r64, trs); 35 sectors; one
workbook per year (year from the sheet name, or from the file name's first year, not the
release date in ``ADB-MRIO-2022_June2023.xlsx``); a workbook of several year sheets after a
Legend sheet (``year=`` / ``--years`` picks one).
"""

from __future__ import annotations

from io import StringIO

import numpy as np
import pandas as pd
import pytest
from adb_layouts import make_table, sheet_rows, write_workbook
from click.testing import CliRunner

from gvc.cli import main
from gvc.errors import DataError
from gvc.io import ICIO, decompose
from gvc.io.kww import TERMS as KWW_TERMS
from gvc.sources.icio_files import detect
from gvc.tables_io import read_icio

WIOD2016_ONLY = {"SWI", "HRV", "NOR"}  # WIOD 2016's additions to WIOD 2013's 40 economies
EARLY_ASIA = ["BAN", "MAL", "PHI", "THA", "VIE"]


@pytest.fixture(scope="module")
def releases(mirror):
    """ADB economy codes of each release, in order, RoW last as ADB spells it; and ADB code ->
    ISO3 from the same dictionary (sheet Consolidated)."""
    book = mirror / "adb-mrio-gvc" / "countries.xlsx"
    m = pd.read_excel(book, sheet_name="MRIO")
    r72 = list(m.sort_values("mrio")["mrio_code"])
    r62 = list(m[m["mrio62"].notna()].sort_values("mrio62")["mrio_code"])
    assert len(r72) == 73 and len(r62) == 63 and r72[-1] == r62[-1] == "ROW"
    r45 = [c for c in r62[:43] if c not in WIOD2016_ONLY] + EARLY_ASIA + ["ROW"]
    c = pd.read_excel(book, sheet_name="Consolidated")
    c = c[c["mrio"].notna()]
    iso = dict(zip(c["mrio_code"], c["iso_a3"], strict=True))
    fix = {"45": r45, "62": r62, "72": r72}
    return {k: [("RoW" if x == "ROW" else x) for x in v] for k, v in fix.items()}, iso


def _iso(codes, iso):
    return [iso["ROW" if c == "RoW" else c] for c in codes]


def _cli(*args):
    res = CliRunner().invoke(main, ["io", "decompose", *map(str, args)])
    return res


def _exports(io) -> np.ndarray:
    """Gross exports by country counted from the table: Z and final demand sold abroad."""
    G, N = len(io.countries), len(io.industries)
    own = np.repeat(np.arange(G), N)
    sold = np.add.reduceat(io.Z, np.arange(0, G * N, N), axis=1) + io.Y
    return np.array([sold[own == g][:, np.arange(G) != g].sum() for g in range(G)])


def _check_identities(io):
    exports = _exports(io)
    k = decompose(io, "kww", "country").pivot(index="exporter", columns="term", values="value")
    kww = k[list(KWW_TERMS)].sum(axis=1)[list(io.countries)].to_numpy()
    np.testing.assert_allclose(kww, exports, rtol=1e-9)
    b = decompose(io, "bm", "country").pivot(index="exporter", columns="term", values="value")
    b = b.loc[list(io.countries)]
    np.testing.assert_allclose(b["GEXP"], exports, rtol=1e-9)
    np.testing.assert_allclose(b[["DVA", "DDC", "FVA", "FDC"]].sum(axis=1), b["GEXP"], rtol=1e-9)
    return k


def _same_as_plain(io, t, iso_codes):
    ref = ICIO(t.Z, t.F, iso_codes, t.sectors)
    assert io.countries == tuple(iso_codes) and io.industries == tuple(t.sectors)
    np.testing.assert_allclose(io.Z, ref.Z, rtol=1e-13)
    np.testing.assert_allclose(io.Y, ref.Y, rtol=1e-11)
    np.testing.assert_allclose(io.x, t.x, rtol=1e-13)
    assert io.meta["rebalance_gap_share"] < 1e-12  # balanced: no bottom row taken for a sector


RELEASES = [  # (economies, bottom rows, file name, sheet name, table year)
    ("45", "62", "ADB-MRIO-2011.xlsx", "ADB MRIO 2011", 2011),
    ("62", "62", "ADB-MRIO-2019.xlsx", "ADB MRIO 2019", 2019),
    ("72", "72", "ADB-MRIO-2022_June2023.xlsx", "ADB MRIO", 2022),
]


@pytest.mark.parametrize(("eco", "series", "name", "sheet", "year"), RELEASES)
def test_release_economy_counts(tmp_path, releases, eco, series, name, sheet, year):
    """One workbook per year of each release: labels (ADB codes -> ISO3 of ADB's own
    dictionary, RoW -> ROW), year, values, balance; decompositions' identities; the CLI."""
    fixtures, iso = releases
    codes = fixtures[eco]
    assert len(codes) == int(eco) + 1
    t = make_table(codes, 3, seed=int(eco))
    path = tmp_path / name
    write_workbook(path, [(sheet, sheet_rows(t, series))])
    renamed = tmp_path / "table.xlsx"
    renamed.write_bytes(path.read_bytes())
    assert detect(path) == detect(renamed) == "adb-mrio"
    io = read_icio(path)
    _same_as_plain(io, t, _iso(codes, iso))
    assert io.meta["year"] == year and io.meta["unit"] == "millions of current USD"
    k = _check_identities(io)
    res = _cli("--file", path, "--method", "kww", "--level", "country")
    assert res.exit_code == 0, res.output
    cli = pd.read_csv(StringIO(res.stdout), keep_default_na=False)
    assert set(cli["year"]) == {year} and set(cli["unit"]) == {"millions of current USD"}
    got = cli.pivot(index="exporter", columns="term", values="value")[list(KWW_TERMS)]
    want = k[list(KWW_TERMS)]
    np.testing.assert_allclose(got.loc[[str(c) for c in want.index]], want, rtol=1e-10)


def test_35_sectors_and_names(tmp_path, releases):
    """The full 35-sector block (c1..c35, names from column B) with a few economies."""
    fixtures, iso = releases
    codes = fixtures["62"][:4] + ["RoW"]
    t = make_table(codes, 35, seed=35)
    path = tmp_path / "ADB-MRIO-2008.xlsx"
    write_workbook(path, [("ADB MRIO 2008", sheet_rows(t, "62"))])
    io = read_icio(path)
    _same_as_plain(io, t, _iso(codes, iso))
    assert io.industries == tuple(f"c{k}" for k in range(1, 36))
    assert io.meta["industry_names"]["c35"] == "Sector c35 (SYNTHETIC)"
    _check_identities(io)


@pytest.fixture(scope="module")
def year_book(tmp_path_factory, releases):
    """A Legend sheet, then one sheet per year (62-economy release, two sectors)."""
    fixtures, iso = releases
    codes = fixtures["62"]
    tables = {y: make_table(codes, 2, seed=y) for y in (2000, 2007, 2008)}
    path = tmp_path_factory.mktemp("adb") / "ADB MRIO 62 economies.xlsx"
    write_workbook(path, [(f"ADB MRIO {y}", sheet_rows(t, "62")) for y, t in tables.items()],
                   legend=codes)  # fmt: skip
    return path, tables, _iso(codes, iso)


def test_workbook_of_year_sheets(year_book):
    """``year=`` picks the sheet (values of that year's table, not another's); the Legend
    sheet in front is passed over."""
    path, tables, iso = year_book
    assert detect(path) == "adb-mrio"
    for y in (2007, 2000):
        io = read_icio(path, year=y)
        _same_as_plain(io, tables[y], iso)
        assert io.meta["year"] == y and io.meta["path"].endswith(f"!ADB MRIO {y}")
    _check_identities(io)
    res = _cli("--file", path, "--years", "2008", "--method", "bm", "--level", "country")
    assert res.exit_code == 0, res.output
    cli = pd.read_csv(StringIO(res.stdout), keep_default_na=False)
    gexp = cli[cli["term"] == "GEXP"].set_index("exporter")["value"]
    io8 = read_icio(path, year=2008)
    np.testing.assert_allclose(gexp[list(io8.countries)], _exports(io8), rtol=1e-9)
    assert set(cli["year"]) == {2008}


def test_workbook_of_years_needs_a_year(year_book):
    """Without a year, or with a year it does not hold: one line naming the years it has."""
    path, _, _ = year_book
    with pytest.raises(DataError, match=r"a workbook of 3 years \[2000, 2007, 2008\]; pass year="):
        read_icio(path)
    with pytest.raises(DataError, match=r"\[2000, 2007, 2008\]; no sheet for 2010"):
        read_icio(path, year=2010)
    res = _cli("--file", path, "--method", "bm", "--level", "country")
    assert res.exit_code == 2 and "a workbook of 3 years" in res.output
    assert len(res.output.strip().splitlines()) == 1


def test_one_file_per_year_refuses_another_year(tmp_path, releases):
    fixtures, _ = releases
    t = make_table(fixtures["62"][:3] + ["RoW"], 2, seed=1)
    path = tmp_path / "ADB-MRIO-2019_Mar2022.xlsx"
    write_workbook(path, [("Sheet1", sheet_rows(t, "62"))])
    assert read_icio(path).meta["year"] == 2019  # the table's year, not the release's (2022)
    with pytest.raises(DataError, match="holds the table of 2019, not 2018"):
        read_icio(path, year=2018)


def test_bad_label_in_one_year_sheet_names_sheet_and_row(tmp_path, releases):
    """A sector code that is not c1..c35 in one sheet: the error names that sheet and row."""
    codes = releases[0]["62"][:5] + ["RoW"]
    tables = {y: make_table(codes, 2, seed=y) for y in (2000, 2007)}
    rows = sheet_rows(tables[2007], "62")
    rows[9][3] = "c2x"  # row 10, column D
    bad = tmp_path / "bad.xlsx"
    write_workbook(bad, [("ADB MRIO 2000", sheet_rows(tables[2000], "62")),
                         ("ADB MRIO 2007", rows)])  # fmt: skip
    assert read_icio(bad, year=2000).meta["year"] == 2000
    with pytest.raises(DataError, match=r"bad\.xlsx!ADB MRIO 2007: not a valid ADB MRIO .* row 10 "
                       r"label \('\w+', 'c2x'\)") as e:  # fmt: skip
        read_icio(bad, year=2007)
    assert "\n" not in str(e.value)


def test_adb_codes_map_to_adb_dictionary_iso3(releases):
    """gvc's ADB code -> ISO3 table (package data) agrees with ADB's dictionary in the mirror
    for every economy of the 72-economy release."""
    from gvc.sources.wiot_sheet import adb_iso3

    fixtures, iso = releases
    table = adb_iso3()
    for code in fixtures["72"][:-1]:
        assert table.get(code, code) == iso[code], code
