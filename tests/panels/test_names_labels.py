"""One spelling per concept (gvc.names): filter aliases, case-insensitive values, industry and
sector names, natural order and the is_country flag on aggregates."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import gvc
from gvc.errors import DataError
from gvc.names import is_country, natural_key


def test_natural_key_orders_codes_numerically():
    s = pd.Series(["c10", "c2", "c1", "c35", "a35_10", "a35_2", "a5_1"])
    assert s.sort_values(key=natural_key).tolist() == [
        "a5_1", "a35_2", "a35_10", "c1", "c2", "c10", "c35",
    ]  # fmt: skip


def test_is_country_flags_aggregates():
    got = is_country(pd.Series(["USA", "RoW", "BEL+LUX", "WLD", "EU27", "EUU"]))
    assert got.tolist() == [True, False, False, False, False, False]


@pytest.fixture
def panel(tmp_path, monkeypatch):
    """A small gvc_participation-shaped panel in a throw-away data directory."""
    monkeypatch.setenv("GVC_DATA_DIR", str(tmp_path))
    (tmp_path / "processed").mkdir()
    ind = ["c1", "c10", "c2", "MANUF", "TOTAL"]
    rows = [
        ("wiod2013", c, i, y, m, float(k))
        for k, (c, i, y, m) in enumerate(
            (c, i, y, m)
            for c in ("CHN", "RoW")
            for i in ind
            for y in (2000, 2001)
            for m in ("exgr", "exgr_fvash")
        )
    ]
    df = pd.DataFrame(rows, columns=["source", "iso3", "industry", "year", "measure", "value"])
    df.to_parquet(tmp_path / "processed" / "gvc_participation.parquet", index=False)
    return df


def test_load_accepts_the_other_spelling(panel):
    up = gvc.load("gvc_participation", measure="EXGR_FVASH", exporter="chn", labels=False)
    low = gvc.load("gvc_participation", measure="exgr_fvash", iso3="CHN", labels=False)
    pd.testing.assert_frame_equal(up, low)
    want = panel[(panel.measure == "exgr_fvash") & (panel.iso3 == "CHN")]
    assert len(up) == len(want) == 10 and up.value.sum() == want.value.sum()
    assert gvc.load("gvc_participation", term="exgr", country="RoW").shape[0] == 10
    with pytest.raises(DataError, match="did you mean 'exgr_fvash'"):
        gvc.load("gvc_participation", measure="exgr_fvsh")
    with pytest.raises(DataError, match="no iso3 'XXX'"):
        gvc.load("gvc_participation", iso3=["CHN", "XXX"])
    with pytest.raises(DataError, match="given twice"):
        gvc.load("gvc_participation", iso3="CHN", exporter="CHN")


def test_load_labels_names_order_and_flags(panel):
    df = gvc.load("gvc_participation", iso3="CHN", year=2000, measure="exgr")
    assert df.industry.tolist() == ["MANUF", "TOTAL", "c1", "c2", "c10"]
    names = dict(zip(df.industry, df.industry_name, strict=True))
    assert names["c1"] == "AtB Agriculture, hunting, forestry and fishing"
    assert names["c10"] == "25 Rubber and plastics" and names["TOTAL"] == "All industries"
    assert list(df.columns[:5]) == ["source", "iso3", "is_country", "industry", "industry_name"]
    row = gvc.load("gvc_participation", iso3="RoW")
    assert not row.is_country.any()
    # the claim families' loader is unchanged: no added columns
    raw = gvc.panels.load.load("gvc_participation")
    assert list(raw.columns) == list(panel.columns) and len(raw) == len(panel)


def test_decompose_iso3_alias_and_case(tmp_path):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parents[1] / "io"))
    from io_testdata import LEATHER_COUNTRIES, LEATHER_F, LEATHER_INDUSTRIES, LEATHER_Z

    io = gvc.ICIO(LEATHER_Z, LEATHER_F, LEATHER_COUNTRIES, LEATHER_INDUSTRIES)
    a = gvc.decompose(io, "tiva", iso3=["deu"])
    b = gvc.decompose(io, "tiva", exporters=["DEU"])
    pd.testing.assert_frame_equal(a, b)
    assert set(a.exporter) == {"DEU"}
    from gvc.errors import ValidationError

    with pytest.raises(ValidationError, match=r"unknown exporters \['XXX'\]; valid: ARG,TUR,DEU"):
        gvc.decompose(io, "bm", exporters="XXX")


def test_adb_sector_names_from_the_mirror(mirror):
    from gvc.sources.adb import read_sector_names

    names = read_sector_names(mirror / "adb-mrio-gvc" / "sectors_dict.csv")
    assert len([k for k in names if k.startswith("a35_")]) == 35
    assert names["a35_1"] == "Agriculture, hunting, forestry and fishing"
    assert names["a35_14"] == "Electrical and optical equipment"
    assert names["a5_1"] == "Primary" and names["TOTAL"] == "All sectors"
    assert np.all([bool(v) for v in names.values()])


def test_wdi_aggregates_flagged_from_the_countries_table(tmp_path, monkeypatch):
    monkeypatch.setenv("GVC_DATA_DIR", str(tmp_path))
    (tmp_path / "processed").mkdir()
    wdi = pd.DataFrame(
        {"iso3": ["EUU", "FRA", "WLD", "XKX"], "year": 2000, "indicator": "x", "value": 1.0}
    )
    wdi.to_parquet(tmp_path / "processed" / "wdi.parquet", index=False)
    # without the countries table the three-letter rule cannot tell EUU from a country: no flag
    assert "is_country" not in gvc.load("wdi").columns
    countries = pd.DataFrame(
        {"iso3": ["EUU", "FRA", "WLD", "XKX"], "is_country": [False, True, False, True]}
    )
    countries.to_parquet(tmp_path / "processed" / "countries.parquet", index=False)
    got = gvc.load("wdi")
    assert got.is_country.tolist() == [False, True, False, True]
    assert "is_country" not in gvc.load("wdi", labels=False).columns
    # countries only, in one filter, although the flag is added after reading
    assert gvc.load("wdi", is_country=True).iso3.tolist() == ["FRA", "XKX"]
    assert gvc.load("wdi", is_country=False).iso3.tolist() == ["EUU", "WLD"]


def test_countries_only_filter_on_the_participation_panel(panel):
    only = gvc.load("gvc_participation", is_country=True)
    assert set(only.iso3) == {"CHN"} and len(only) == (panel.iso3 == "CHN").sum()
