"""C3: developing countries' share of AI patents (reference: 18.7% in 2015 -> 12.3% in 2023,
seed 004 citing Han, Zhang and Peng 2023). Real data: the processed ``patents`` and
``countries`` tables (OWID/CSET AI patents per million x WDI population, 2014-2019), checked
against shares recomputed here from the raw mirror files with the ``csv`` module."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gvc.claims.patent_share import (
    WORLD_UNAVAILABLE,
    c3_rows,
    coverage,
    developing_share,
    share_trends,
)
from gvc.claims.registry import get_claim


@pytest.fixture
def toy():
    patents = pd.DataFrame(
        {
            "iso3": ["USA", "CHN", "IND", "TWN", "WLD"] * 2,
            "year": [2015] * 5 + [2016] * 5,
            "field": "All",
            "applications": [60.0, 30.0, 10.0, None, 120.0, 50.0, 40.0, 10.0, None, 110.0],
        }
    )
    patents["applications_per_million"] = 1.0
    patents["world_share"] = None
    countries = pd.DataFrame(
        {
            "iso3": ["USA", "CHN", "IND", "TWN", "WLD"],
            "is_country": [True, True, True, True, False],
            "developing_wb": pd.array([False, True, True, pd.NA, pd.NA], dtype="boolean"),
            "developing_m49": pd.array([False, True, True, True, pd.NA], dtype="boolean"),
        }
    )
    return patents, countries


def toy_groups():
    """Historical groups for the toy: IND low income, CHN upper middle, USA high, TWN unclassified."""
    rows = [
        (iso, year, grp)
        for year in range(2015, 2019)
        for iso, grp in (("USA", "H"), ("CHN", "UM"), ("IND", "L"), ("TWN", None))
    ]
    g = pd.DataFrame(rows, columns=["iso3", "year", "income_group"])
    g["developing"] = pd.array(
        [None if x is None else x != "H" for x in g["income_group"]], dtype="boolean"
    )
    g["carried_forward"] = False
    return g


def _pick(df, **kw):
    mask = pd.Series(True, index=df.index)
    for k, v in kw.items():
        mask &= df[k] == v
    return df[mask]


def test_shares_by_denominator_and_china(toy):
    patents, countries = toy
    s = developing_share(patents, countries, claim_years=())
    cov = _pick(s, definition="developing_wb", china="incl", denominator="covered", year=2015)
    assert cov["share_pct"].item() == pytest.approx(40.0)  # (30+10)/100
    world = _pick(s, definition="developing_wb", china="incl", denominator="world", year=2015)
    assert world["share_pct"].item() == pytest.approx(100 * 40 / 120)
    excl = _pick(s, definition="developing_wb", china="excl", denominator="covered", year=2015)
    assert excl["share_pct"].item() == pytest.approx(100 * 10 / 70)
    wexcl = _pick(s, definition="developing_wb", china="excl", denominator="world", year=2016)
    assert wexcl["share_pct"].item() == pytest.approx(100 * 10 / 70)
    # TWN has no count: left out and counted as missing
    assert (cov["n_missing"] == 1).all() and (cov["n_countries"] == 3).all()


def test_claim_years_outside_coverage_are_flagged(toy):
    patents, countries = toy
    s = developing_share(patents, countries)
    late = s[s["year"] == 2023]
    assert late["share_pct"].isna().all()
    assert late["note"].str.contains("2023 outside data coverage 2015-2016").all()
    assert coverage(patents) == (2015, 2016)


def test_no_world_row_skips_world_denominator(toy):
    patents, countries = toy
    s = developing_share(patents[patents.iso3 != "WLD"], countries, claim_years=())
    assert set(s["denominator"]) == {"covered", "balanced"}
    # shares without a World row do not depend on it
    with_world = developing_share(patents, countries, claim_years=())
    key = ["definition", "china", "denominator", "year"]
    merged = s.merge(with_world[with_world.denominator != "world"], on=key)
    assert len(merged) == len(s)
    assert np.allclose(merged["share_pct_x"], merged["share_pct_y"], equal_nan=True)


def test_no_world_row_ledger_says_world_unavailable(toy):
    patents, countries = toy
    more = pd.concat([patents, patents.assign(year=patents["year"] + 2)], ignore_index=True)
    groups = toy_groups()
    rows = c3_rows(more[more.iso3 != "WLD"], countries, groups).set_index("specification")
    world = rows.loc["C3-trend-wb-world"]
    assert world["verdict"] == "data unavailable"
    assert WORLD_UNAVAILABLE in world["note"]
    # with a WLD row the same specification gets an estimate
    assert (
        c3_rows(more, countries, groups)
        .set_index("specification")
        .loc["C3-trend-wb-world", "verdict"]
        != "data unavailable"
    )
    # without the income_groups table the historical rows say what is missing
    no_groups = c3_rows(more, countries).set_index("specification")
    assert no_groups.loc["C3-trend-wb", "verdict"] == "data unavailable"
    assert "income_groups table missing" in no_groups.loc["C3-trend-wb", "note"]
    assert no_groups.loc["C3-trend-m49", "verdict"] != "data unavailable"


def test_historical_and_base_year_definitions(toy):
    patents, countries = toy
    groups = toy_groups()
    # CHN graduates to high income in 2016: counted in 2015 only (historical), in both years
    # under the base-year (2015) classification
    groups.loc[(groups.iso3 == "CHN") & (groups.year >= 2016), ["income_group", "developing"]] = [
        "H",
        False,
    ]
    s = developing_share(patents, countries, claim_years=(), income_groups=groups)
    hist = _pick(s, definition="developing_wb_hist", china="incl", denominator="covered")
    assert hist.set_index("year")["share_pct"].to_dict() == pytest.approx({2015: 40.0, 2016: 10.0})
    base = _pick(s, definition="developing_wb_base", china="incl", denominator="covered")
    assert base.set_index("year")["share_pct"].to_dict() == pytest.approx({2015: 40.0, 2016: 50.0})


def test_errors(toy):
    patents, countries = toy
    with pytest.raises(KeyError):
        developing_share(patents, countries.drop(columns="developing_m49"))
    two = pd.concat([patents, patents.assign(field="Other")])
    with pytest.raises(ValueError, match="field"):
        developing_share(two, countries)
    assert not developing_share(two, countries, field="All", claim_years=()).empty


def test_trend_from_shares(toy):
    patents, countries = toy
    more = pd.concat(
        [patents, patents.assign(year=patents["year"] + 2)], ignore_index=True
    )  # 2015-2018, shares repeat -> slope defined
    t = share_trends(developing_share(more, countries, claim_years=()))
    assert set(t["unit"]) == {"pts/yr"} and (t["n_obs"] == 4).all()


# ---- real data: processed tables vs. an independent recomputation from the raw files --------

OWID_FILE = Path("owid") / "artificial-intelligence-patents-submitted-per-million.csv"
WDI_POP = Path("wdi") / "API_SP.POP.TOTL_DS2_en_csv_v2_391465.csv"  # vintage 2025-04-15
WDI_META = Path("wdi") / "Metadata_Country_API_SP.POP.TOTL_DS2_en_csv_v2_391465.csv"
WB_DEVELOPING = {"Low income", "Lower middle income", "Upper middle income"}


def _raw_applications(mirror: Path) -> dict[tuple[str, int], float]:
    """(iso3, year) -> AI patent applications = OWID rate per million x WDI population / 1e6,
    for country rows (OWID_ aggregates such as World left out) with a WDI population."""
    with open(mirror / OWID_FILE, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        col = next(c for c in reader.fieldnames if c.startswith("Patent applications per"))
        rates = {
            (r["Code"], int(r["Year"])): float(r[col])
            for r in reader
            if r["Code"] and not r["Code"].startswith("OWID_") and r[col]
        }
    with open(mirror / WDI_POP, newline="", encoding="utf-8-sig") as f:
        rows = csv.reader(f)
        header = next(r for r in rows if r and r[0] == "Country Name")
        pop = {}
        for r in rows:
            for year, value in zip(header[4:], r[4:], strict=False):
                if year.isdigit() and value:
                    pop[(r[1], int(year))] = float(value)
    return {k: rate * pop[k] / 1e6 for k, rate in rates.items() if k in pop}


def _raw_wb_developing(mirror: Path) -> set[str]:
    with open(mirror / WDI_META, newline="", encoding="utf-8-sig") as f:
        return {r["Country Code"] for r in csv.DictReader(f) if r["IncomeGroup"] in WB_DEVELOPING}


def _raw_share(apps, developing, year, *, exclude=()):
    cells = {iso: v for (iso, y), v in apps.items() if y == year and iso not in exclude}
    return 100 * sum(v for iso, v in cells.items() if iso in developing) / sum(cells.values())


@pytest.fixture
def raw(mirror):
    return _raw_applications(mirror), _raw_wb_developing(mirror)


def test_real_countries_use_2025_income_groups(countries, raw):
    _, wb_dev = raw
    flags = countries.set_index("iso3")["developing_wb"]
    assert not flags["BGR"] and not flags["RUS"] and flags["CHN"]  # WDI 2025-04-15 vintage
    in_table = set(flags[flags.fillna(False).astype(bool)].index)
    assert in_table == wb_dev


def test_real_patents_table_matches_raw_files(patents, raw):
    apps, _ = raw
    assert not (patents["iso3"] == "WLD").any()  # OWID's World rows are aggregates: dropped
    table = patents.dropna(subset=["applications"]).set_index(["iso3", "year"])["applications"]
    assert set(table.index) == set(apps)
    assert np.allclose([table[k] for k in apps], list(apps.values()), rtol=1e-12)


def test_real_coverage_cannot_reach_2023(patents, countries, raw):
    apps, _ = raw
    years = {y for _, y in apps}
    assert coverage(patents) == (min(years), max(years)) == (2014, 2019)
    s = developing_share(patents, countries)
    assert s.loc[s.year == 2023, "share_pct"].isna().all()


def test_real_developing_share_levels(patents, countries, raw):
    apps, wb_dev = raw
    s = developing_share(patents, countries)
    flags = countries.set_index("iso3")
    m49_dev = set(flags.index[flags["developing_m49"].fillna(False).astype(bool)])
    for year in range(2014, 2020):
        wb = _pick(s, definition="developing_wb", china="incl", denominator="covered", year=year)
        assert wb["share_pct"].item() == pytest.approx(_raw_share(apps, wb_dev, year), rel=1e-9)
        ex = _pick(s, definition="developing_wb", china="excl", denominator="covered", year=year)
        expected = _raw_share(apps, wb_dev, year, exclude={"CHN"})
        assert ex["share_pct"].item() == pytest.approx(expected, rel=1e-9)
        m49 = _pick(s, definition="developing_m49", china="incl", denominator="covered", year=year)
        assert m49["share_pct"].item() == pytest.approx(_raw_share(apps, m49_dev, year), rel=1e-9)
    # with China, the developing share in 2015 is far above the claimed 18.7%; without China
    # it is far below
    assert (
        _raw_share(apps, wb_dev, 2015)
        > 30
        > 18.7
        > 10
        > _raw_share(apps, wb_dev, 2015, exclude={"CHN"})
    )
    # the balanced panel barely moves the 2015 share
    y15 = _pick(s, definition="developing_wb", china="incl", year=2015)
    assert set(y15["denominator"]) == {"covered", "balanced"}  # no World row: no "world"
    assert y15["share_pct"].max() - y15["share_pct"].min() < 1.5


def test_real_trend_rises_with_china_falls_without(patents, countries, raw):
    apps, wb_dev = raw
    years = np.arange(2014, 2020)
    t = share_trends(developing_share(patents, countries)).set_index(
        ["definition", "china", "denominator"]
    )
    for china, exclude in (("incl", ()), ("excl", {"CHN"})):
        shares = [_raw_share(apps, wb_dev, int(y), exclude=exclude) for y in years]
        ols_slope = np.polyfit(years, shares, 1)[0]
        assert t.loc[("developing_wb", china, "covered"), "slope"] == pytest.approx(ols_slope)
    incl = t.loc[("developing_wb", "incl", "covered")]
    assert incl["ci_low"] > 0  # rising; the claim implies (12.3 - 18.7) / 8 = -0.8 pts/yr
    excl = t.loc[("developing_wb", "excl", "covered")]
    assert excl["ci_high"] < 0 and -0.8 < excl["slope"] < 0  # falling, but slower than claimed


def _raw_hist_developing(mirror: Path) -> dict[tuple[str, int], bool]:
    """(iso3, data year) -> low/middle income, read from OGHIST.xlsx cell by cell (openpyxl)."""
    import openpyxl

    wb = openpyxl.load_workbook(mirror / "wb-class" / "OGHIST.xlsx", read_only=True, data_only=True)
    rows = list(wb["Country Analytical History"].iter_rows(values_only=True))
    years = rows[5]
    out = {}
    for r in rows[11:]:
        if isinstance(r[0], str) and len(r[0]) == 3 and r[0].isupper():
            for j in range(2, len(r)):
                if isinstance(years[j], int) and r[j] not in (None, ".."):
                    out[(r[0], years[j])] = str(r[j]).rstrip("*") in ("L", "LM", "UM")
    return out


def test_real_historical_shares_match_raw_oghist(patents, countries, income_groups, mirror, raw):
    apps, _ = raw
    hist = _raw_hist_developing(mirror)
    s = developing_share(patents, countries, income_groups=income_groups)
    for year in range(2014, 2020):
        dev = {iso for (iso, y), d in hist.items() if y == year and d}
        got = _pick(
            s, definition="developing_wb_hist", china="incl", denominator="covered", year=year
        )
        assert got["share_pct"].item() == pytest.approx(_raw_share(apps, dev, year), rel=1e-9)


def test_real_ledger_rows(patents, countries, income_groups):
    rows = c3_rows(patents, countries, income_groups).set_index("specification")
    assert list(rows.index) == [s.id for s in get_claim("C3").specifications]
    # issue 20: the covered economies' 2015 developing share is 42% with China and 6% without,
    # against the claimed 18.7% (level tolerance 5 pts): another construct, so no row carries a
    # verdict; the note keeps what the rule alone would say (the trend with China: significant
    # and of the opposite sign to the claimed fall; without China: inconclusive).
    assert rows.loc["C3-trend-wb", "verdict"] == "not comparable"
    assert "2015 level 42.16" in rows.loc["C3-trend-wb", "note"]
    assert "the rule alone would say: contradicted" in rows.loc["C3-trend-wb", "note"]
    assert rows.loc["C3-trend-wb", "note"].startswith("indicative (n = 6)")
    assert "no HAC" in rows.loc["C3-trend-wb", "inference"]
    assert rows.loc["C3-trend-wb-exCHN", "verdict"] == "not comparable"
    assert "the rule alone would say: inconclusive" in rows.loc["C3-trend-wb-exCHN", "note"]
    assert rows.loc["C3-level2015-wb", "verdict"] == "not comparable"
    assert "the rule alone would say: differs" in rows.loc["C3-level2015-wb", "note"]
    assert "tolerance 1" in rows.loc["C3-level2015-wb", "note"]
    assert "proxy coverage" in rows.loc["C3-level2015-wb", "note"]
    for sid in ("C3-trend-wb-drop-first", "C3-trend-wb-drop-last"):
        assert rows.loc[sid, "n_obs"] == 5 and "sensitivity" in rows.loc[sid, "note"]
    assert rows.loc["C3-level2023", "verdict"] == "data unavailable"
    assert "outside data coverage 2014-2019" in rows.loc["C3-level2023", "note"]
    # the processed table has no World row: the world denominator is unavailable, not a crash
    assert rows.loc["C3-trend-wb-world", "verdict"] == "data unavailable"
    assert WORLD_UNAVAILABLE in rows.loc["C3-trend-wb-world", "note"]
