"""``gvc_participation`` from the user's ADB MRIO tables (issue 22 item 6), on SYNTHETIC tables.

No real ADB MRIO table is in the mirror or was read here: the tables are gvc's own SYNTHETIC
fixtures in ADB's layout (``tests/sources/adb_layouts.py``), with the real ADB economy codes of
the 45-economy release taken from ADB's dictionary in the mirror (``adb-mrio-gvc/countries.xlsx``,
as ``tests/sources/test_icio_adb_mrio.py`` does). To stay fast, the tables have four sectors
(c1..c4, so ``MANUF`` = c3 + c4) and WIOD is cut to one year (``wiod2013.YEARS`` patched: the
17 years would only repeat the WIOD build).

Independent references: the panel's ADB values against ``gvc.decompose`` (TiVA, WWYZ) and
``bmt_participation_measures`` run directly on ``read_adb_mrio``'s table; the tripartite shares
add up to one; ISO3 codes against ADB's own dictionary and country_converter; the WIOD rows
without ADB files against the pre-ADB build code written out here (same bytes).
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parents[1] / "sources"))
from adb_layouts import make_table, sheet_rows, write_workbook  # noqa: E402

WIOD2016_ONLY = {"SWI", "HRV", "NOR"}
EARLY_ASIA = ["BAN", "MAL", "PHI", "THA", "VIE"]
SECTORS = 4  # c1..c4: MANUF = c3, c4


@pytest.fixture(scope="module")
def adb_codes(mirror):
    """(ADB codes of the 45-economy release, RoW last as ADB spells it; ADB code -> ISO3 of
    ADB's dictionary), as in ``tests/sources/test_icio_adb_mrio.py``."""
    book = mirror / "adb-mrio-gvc" / "countries.xlsx"
    m = pd.read_excel(book, sheet_name="MRIO")
    r62 = list(m[m["mrio62"].notna()].sort_values("mrio62")["mrio_code"])
    r45 = [c for c in r62[:43] if c not in WIOD2016_ONLY] + EARLY_ASIA + ["RoW"]
    c = pd.read_excel(book, sheet_name="Consolidated")
    c = c[c["mrio"].notna()]
    return r45, dict(zip(c["mrio_code"], c["iso_a3"], strict=True))


@pytest.fixture
def data(tmp_path, monkeypatch):
    """A fresh data directory; WIOD cut to 1995 (a stand-in for the 17 years)."""
    from gvc.sources import wiod2013

    monkeypatch.setenv("GVC_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(wiod2013, "YEARS", (1995,))
    raw = tmp_path / "data" / "raw" / "adb-mrio"
    raw.mkdir(parents=True)
    return tmp_path / "data"


def _write(path: Path, codes, years, seed=0, legend=False) -> dict:
    """A SYNTHETIC ADB workbook: one sheet per year (``ADB MRIO <year>``); the tables."""
    tables = {y: make_table(codes, SECTORS, seed=seed + y) for y in years}
    sheets = [(f"ADB MRIO {y}", sheet_rows(t, "62")) for y, t in tables.items()]
    write_workbook(path, sheets, legend=codes if legend else None)
    return tables


def _build():
    from gvc.cli import main

    res = CliRunner().invoke(main, ["build", "gvc_participation"])
    errors = [ln for ln in res.stderr.splitlines() if ln.startswith("error:")]
    return res, errors


def _panel(**filters) -> pd.DataFrame:
    import gvc

    return gvc.load("gvc_participation", **filters)


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_adb_manufacturing_is_wiod_manufacturing(mirror):
    """ADB's sector dictionary (mirror, ``sectors_dict.csv``) files exactly c3..c16 under light
    or heavy manufacturing: the panel's ``MANUF`` (WIOD c3..c16) is ADB's manufacturing too."""
    from gvc.sources.wiod2013 import MANUFACTURING

    d = pd.read_csv(mirror / "adb-mrio-gvc" / "sectors_dict.csv")
    manuf = d.loc[d["c15_name"].str.contains("manufacturing", case=False), "c_ind"]
    assert [f"c{i}" for i in sorted(manuf)] == list(MANUFACTURING)


def test_adb_rows_equal_the_engine_run_directly(data, adb_codes):
    """A 45-economy year: every ADB value equals ``gvc.decompose`` (TiVA and WWYZ, country and
    sector levels) and ``bmt_participation_measures`` on ``read_adb_mrio``'s table; shares add
    up to one; iso3 are ADB's dictionary's ISO3 codes; ``RoW`` is not a country."""
    import gvc
    from gvc.io import ICIO
    from gvc.io.bmt_participation import bmt_participation_measures
    from gvc.sources.adb_mrio import read_adb_mrio
    from gvc.sources.country_codes import to_iso3

    codes, iso = adb_codes
    assert len(codes) == 46
    path = data / "raw" / "adb-mrio" / "ADB-MRIO-2011.xlsx"
    write_workbook(path, [("ADB MRIO 2011", sheet_rows(make_table(codes, SECTORS, 45), "62"))])
    res, errors = _build()
    assert res.exit_code == 0 and not errors, res.output
    d = _panel(source="adb_mrio")
    assert set(d.year) == {2011} and len(_panel(source="wiod2013", year=1995))
    got = d.set_index(["iso3", "industry", "measure"])["value"]

    t = read_adb_mrio(path)
    assert t.countries[-1] == "ROW"  # the reader's spelling; the panel's is WIOD's "RoW"
    countries = [*t.countries[:-1], "RoW"]
    io = ICIO(t.Z, t.F, countries, t.industries, x=t.x, rebalance=True)
    wide = d.pivot_table(index=["iso3", "industry"], columns="measure", values="value")
    for method in ("tiva", "wwyz"):
        for level in ("country", "sector"):
            ref = gvc.decompose(io, method, level)
            ref = ref.assign(industry=ref["industry"].replace("", "TOTAL"),
                             measure=ref["term"].str.lower())  # fmt: skip
            ref = ref[ref["measure"].isin(wide.columns)]
            assert len(ref) >= 3 * len(codes), (method, level)
            want = ref.set_index(["exporter", "industry", "measure"])["value"]
            np.testing.assert_allclose(got.loc[want.index], want, rtol=1e-10, atol=1e-9)
    bmt = bmt_participation_measures(io, {"MANUF": ["c3", "c4"]})
    want = bmt.set_index(["iso3", "industry", "measure"])["value"]
    np.testing.assert_allclose(got.loc[want.index], want, rtol=1e-12, equal_nan=True)
    assert {"TOTAL", "MANUF", "c1", "c4"} <= set(d.industry)

    g = wide[wide["share_gvc_trade"] > 0]
    assert len(g) > 40
    parts = g["share_pf_trade"] + g["share_ts_trade"] + g["share_pb_trade"]
    np.testing.assert_allclose(parts, 1.0, rtol=0, atol=1e-12)

    countries = d.loc[d["is_country"], "iso3"].unique()
    assert sorted(countries) == sorted(iso[c] for c in codes[:-1])
    mapped = to_iso3(pd.Series(countries), file="panel", column="iso3")
    assert list(mapped) == list(countries)
    assert set(d.loc[~d["is_country"], "iso3"]) == {"RoW"}


def test_workbook_of_years_and_a_duplicate_year(data, adb_codes):
    """A workbook of year sheets gives one year per sheet (each sheet's own values); a second
    file with one of its years leaves that year out (one error line naming both files, exit 2),
    the other year stays; the table rebuilds only when the files change."""
    from gvc.io import ICIO, participation_measures
    from gvc.panels.build_table import table_path
    from gvc.sources.adb_mrio import read_adb_mrio

    codes = adb_codes[0][:3] + ["RoW"]
    book = data / "raw" / "adb-mrio" / "ADB MRIO 62 economies.xlsx"
    _write(book, codes, (2000, 2007), legend=True)
    res, errors = _build()
    assert res.exit_code == 0 and not errors, res.output
    d = _panel(source="adb_mrio", industry="TOTAL", measure="exgr")
    assert sorted(d.year) == [2000] * 4 + [2007] * 4
    for y in (2000, 2007):
        t = read_adb_mrio(book, year=y)
        io = ICIO(t.Z, t.F, t.countries, t.industries, x=t.x, rebalance=True)
        ref = participation_measures(io).query("industry == 'TOTAL' and measure == 'exgr'")
        np.testing.assert_allclose(d[d.year == y]["value"], ref["value"], rtol=1e-12)
    before = _sha(table_path("gvc_participation"))
    res, _ = _build()
    assert res.exit_code == 0 and "current" in res.stdout
    assert _sha(table_path("gvc_participation")) == before

    other = data / "raw" / "adb-mrio" / "ADB-MRIO-2007.xlsx"
    _write(other, codes, (2007,), seed=5)
    for _ in range(2):  # rebuilt, then current: the same line both times
        res, errors = _build()
        assert res.exit_code == 2, res.output
        assert len(errors) == 1, res.stderr
        assert "ADB MRIO year 2007 left out" in errors[0]
        assert str(book) in errors[0] and str(other) in errors[0]
        assert "Traceback" not in res.output
    assert set(_panel(source="adb_mrio")["year"]) == {2000}
    assert _sha(table_path("gvc_participation")) != before


def test_damaged_file_is_left_out(data, adb_codes):
    """A truncated workbook, one without a table sheet, one without a year in its names and a
    bad year sheet in a workbook of years: each one ``error: ADB MRIO file left out: <file>: <why>`` line, exit 2 through the
    CLI; WIOD rows, the good files' years and the workbook's good year are built."""
    codes = adb_codes[0][:3] + ["RoW"]
    raw = data / "raw" / "adb-mrio"
    _write(raw / "ADB-MRIO-2010.xlsx", codes, (2010,))
    good = raw / "ADB-MRIO-2011.xlsx"
    _write(good, codes, (2011,))
    cut = raw / "ADB-MRIO-2012.xlsx"
    cut.write_bytes(good.read_bytes()[:5000])  # cut off: not a zip any more
    write_workbook(raw / "legend only.xlsx", [], legend=codes)
    tables = {y: make_table(codes, SECTORS, seed=y) for y in (2013, 2014)}
    bad = sheet_rows(tables[2014], "62")
    bad[9][3] = "c2x"  # a sector code that is not c1..c35, in the 2014 sheet only
    years = raw / "years.xlsx"
    write_workbook(years, [("ADB MRIO 2013", sheet_rows(tables[2013], "62")),
                           ("ADB MRIO 2014", bad)])  # fmt: skip
    write_workbook(raw / "mine.xlsx", [("Sheet1", sheet_rows(tables[2013], "62"))])  # no year
    (raw / "README.txt").write_text("not a table")  # not a workbook: not an input
    res, errors = _build()
    assert res.exit_code == 2, res.output
    assert "Traceback" not in res.output and "internal error" not in res.output
    assert len(errors) == 4, res.stderr
    assert errors[0].startswith(f"error: ADB MRIO file left out: {cut}: cannot be opened")
    assert errors[1].startswith(f"error: ADB MRIO file left out: {raw / 'legend only.xlsx'}: ")
    assert "no sheet holds" in errors[1]
    assert errors[2].startswith(f"error: ADB MRIO file left out: {raw / 'mine.xlsx'}: no year")
    assert errors[3].startswith(f"error: ADB MRIO file left out: {years}!ADB MRIO 2014: ")
    assert "'c2x'" in errors[3]
    d = _panel()
    assert set(d.loc[d.source == "wiod2013", "year"]) == {1995}
    assert set(d.loc[d.source == "adb_mrio", "year"]) == {2010, 2011, 2013}
    # from Python (a notebook), gvc.build warns with the same lines
    import gvc

    with pytest.warns(UserWarning) as got:
        gvc.build(["gvc_participation"], progress=False)
    said = [str(w.message) for w in got if "ADB MRIO" in str(w.message)]
    assert said == [e.removeprefix("error: ") for e in errors]


def test_no_adb_files_changes_nothing(data):
    """No ADB workbook (an empty folder, a stray text file): the same bytes as the build code
    before ADB (re-stated here from WIOD and the engine), and no ``left_out`` in the manifest."""
    import warnings

    from gvc.io import ICIO, participation_measures
    from gvc.io.bmt_participation import bmt_participation_measures
    from gvc.panels import store
    from gvc.panels.build_table import table_path
    from gvc.sources import wiod2013
    from gvc.sources.acquire import locate
    from gvc.sources.registry import raw_file

    (data / "raw" / "adb-mrio" / "notes.txt").write_text("my ADB downloads go here")
    res, errors = _build()
    assert res.exit_code == 0 and not errors, res.output
    built = table_path("gvc_participation")
    entry = store.read_manifest()["tables"]["gvc_participation"]
    assert "left_out" not in entry
    assert not any(i["file"].startswith("adb-mrio/") for i in entry["inputs"])

    w = wiod2013.read_wiot(locate(raw_file("wiod2013", "wiot_1995.RData")).path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        io = ICIO(w.Z, w.F_by_country, w.countries, w.industries, x=w.x, rebalance=True,
                  negative_va="ignore")  # fmt: skip
    groups = {"MANUF": list(wiod2013.MANUFACTURING)}
    df = pd.concat([participation_measures(io, groups), bmt_participation_measures(io, groups)],
                   ignore_index=True)  # fmt: skip
    df.insert(0, "source", "wiod2013")
    df.insert(3, "year", w.year)
    df = df[["source", "iso3", "industry", "year", "measure", "value"]]
    for c in ("source", "iso3", "industry", "measure"):
        df[c] = df[c].astype("string")
    df = df.astype({"year": "int64", "value": "float64"})
    built_sha = _sha(built)
    built.unlink()
    store.write_parquet(df, built, ["source", "iso3", "industry", "year", "measure"])
    assert _sha(built) == built_sha
