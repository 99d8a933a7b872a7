"""Processed tables hold the values of the real upstream files (checked against the files)."""

from __future__ import annotations

import csv

import numpy as np
import pandas as pd

import gvc
from gvc.sources.wiod2013 import read_wiot


def test_korea_robot_density_2022_from_ifr_press_release(use_data):
    # IFR World Robotics 2023 press release (2024-01-10): Korea 1,012 robots per 10,000 employees
    robots = gvc.load("robots")
    row = robots[
        (robots.source == "ifr_press")
        & (robots.iso3 == "KOR")
        & (robots.year == 2022)
        & (robots.industry == "MANUF")
    ]
    assert len(row) == 1
    assert row.density_per_10k.item() == 1012
    assert row.industry.item() == "MANUF"
    assert row.source_type.item() == "ifr_pr"


def test_conflicting_ifr_values_resolved_by_rule(use_data):
    # KOR 2019: 868 (news summary of the WR2020 press release) vs 855 (secondary list)
    robots = gvc.load("robots")
    row = robots[
        (robots.source == "ifr_press")
        & (robots.iso3 == "KOR")
        & (robots.year == 2019)
        & (robots.industry == "MANUF")
    ]
    assert row.density_per_10k.item() == 868
    assert "855" in row.note.item()
    assert row.n_reports.item() == 2


def test_wdi_youth_unemployment_equals_file_cell(use_data, mirror):
    path = next((mirror / "wdi").glob("API_SL.UEM.1524.ZS_DS2_*.csv"))
    with open(path, encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    header = next(r for r in rows if r and r[0] == "Country Name")
    line = next(r for r in rows if len(r) > 1 and r[1] == "IDN")
    cell = float(line[header.index("2015")])
    wdi = gvc.load("wdi")
    got = wdi[(wdi.iso3 == "IDN") & (wdi.year == 2015) & (wdi.indicator == "SL.UEM.1524.ZS")]
    assert got.value.item() == cell


def test_headerless_wdi_variant_is_read(use_data, mirror):
    # NV.IND.MANF.CD comes without the 4 header lines upstream
    path = next((mirror / "wdi").glob("API_NV.IND.MANF.CD_*.csv"))
    df = pd.read_csv(path)
    cell = df.loc[df["Country Code"] == "CHN", "2010"].item()
    wdi = gvc.load("wdi")
    got = wdi[(wdi.iso3 == "CHN") & (wdi.year == 2010) & (wdi.indicator == "NV.IND.MANF.CD")]
    assert got.value.item() == cell


def test_wiod_2011_rows_balance_within_rounding(mirror):
    w = read_wiot(mirror / "wiod2013" / "wiot_2011.RData")
    assert w.countries[-1] == "RoW" and "ROU" in w.countries and "ROM" not in w.countries
    gap = np.abs(w.Z.sum(axis=1) + w.F.sum(axis=1) - w.x)
    # every cell is rounded to a whole million: a row of 1,640 cells can be off by at most 820
    assert gap.max() <= 0.5 * (w.Z.shape[1] + w.F.shape[1])
    # and in total the rows sum to output within 0.1% (WIOD 2011: -0.04%)
    assert abs((w.Z.sum() + w.F.sum() - w.x.sum()) / w.x.sum()) < 1e-3


def test_wiod_cache_round_trips(use_data, mirror):
    from gvc.panels.icio_cache import load_wiod

    cached = load_wiod(2011)
    raw = read_wiot(mirror / "wiod2013" / "wiot_2011.RData")
    assert cached.countries == raw.countries and cached.industries == raw.industries
    np.testing.assert_array_equal(cached.Z, raw.Z)
    np.testing.assert_array_equal(cached.F, raw.F)
    np.testing.assert_array_equal(cached.x, raw.x)


def test_countries_developing_definitions(use_data):
    c = gvc.load("countries").set_index("iso3")
    assert c.loc["CHN", "developing_wb"] and c.loc["CHN", "developing_m49"]
    assert not c.loc["USA", "developing_wb"] and not c.loc["USA", "developing_m49"]
    # Korea: high income (World Bank) but in a developing region under UN M49
    assert not c.loc["KOR", "developing_wb"] and c.loc["KOR", "developing_m49"]
    assert not c.loc["WLD", "is_country"] and not c.loc["RoW", "is_country"]
    assert c.loc["IDN", "region"] == "East Asia & Pacific"


def test_patents_counts_are_rate_times_population(use_data, mirror):
    p = gvc.load("patents")
    raw = pd.read_csv(mirror / "owid" / "artificial-intelligence-patents-submitted-per-million.csv")
    rate = raw[(raw.Code == "CHN") & (raw.Year == 2018)].iloc[0, 3]
    row = p[(p.iso3 == "CHN") & (p.year == 2018)]
    assert row.applications_per_million.item() == rate
    assert np.isclose(row.applications.item(), rate * row.population.item() / 1e6)
    shares = p.groupby("year").world_share.sum()
    assert np.allclose(shares, 1.0)


def test_ai_benchmarks_multi_country_flag(use_data):
    b = gvc.load("ai_benchmarks")
    multi = b[b.multi_country]
    assert (multi.countries.str.contains(";")).all() and len(multi) > 0
    assert b.loc[b.score_unit == "share", "score"].between(0, 1).all()
    assert {"mmlu", "gpqa_diamond", "math_level_5", "eci"} <= set(b.benchmark)


def test_jara_stock_is_12_year_sum_of_shipments(use_data, mirror):
    r = gvc.load("robots")
    j = r[(r.source == "jara") & (r.industry == "c15")].set_index("year")
    assert np.isnan(j.loc[1988, "operational_stock"])  # no full 12-year window before 1989
    assert j.loc[2000, "operational_stock"] == j.loc[1989:2000, "installations"].sum()
    raw = pd.read_csv(
        mirror / "jara" / "by-industry_by-application_1978-2017_labelled_prices.csv",
        dtype={"code_union": str},
    )
    autos = raw[raw.code_union.isin(["7-1", "7-3", "7-8"]) & (raw.year == 2000)].quantity.sum()
    assert j.loc[2000, "installations"] == autos


def test_manufacturing_va_sources(use_data):
    m = gvc.load("manufacturing_va")
    assert set(m.source) == {"ncses_skti2", "wdi_nv_ind_manf_cd"}
    chn = m[(m.source == "ncses_skti2") & (m.iso3 == "CHN") & (m.year == 2022)].va_usd_mn.item()
    usa = m[(m.source == "ncses_skti2") & (m.iso3 == "USA") & (m.year == 2022)].va_usd_mn.item()
    assert chn > usa > 0


def test_every_table_key_unique_and_manifest_complete(use_data):
    import json

    manifest = json.loads((use_data / "processed" / "MANIFEST.json").read_text())
    for name in [
        "countries",
        "wdi",
        "robots",
        "patents",
        "ai_benchmarks",
        "adb_gvc",
        "manufacturing_va",
    ]:
        entry = manifest["tables"][name]
        df = gvc.load(name)
        assert len(df) == entry["rows"] > 0
        assert not df.duplicated(entry["key"]).any()
        assert not df[entry["key"]].isna().any().any()
        assert all(len(i["sha256"]) == 64 for i in entry["inputs"])
