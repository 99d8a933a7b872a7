"""C3: developing countries' share of AI patents (reference: 18.7% in 2015 -> 12.3% in 2023,
seed 004 citing Han, Zhang and Peng 2023). Real data: OWID/CSET AI patents per million x WDI
population, 2014-2019."""

from __future__ import annotations

import pandas as pd
import pytest

from gvc.claims.patent_share import c3_rows, coverage, developing_share, share_trends
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


# ---- real data ------------------------------------------------------------------------------


def test_real_coverage_cannot_reach_2023(patents, countries):
    assert coverage(patents) == (2014, 2019)
    s = developing_share(patents, countries)
    assert s.loc[s.year == 2023, "share_pct"].isna().all()


def test_real_developing_share_levels(patents, countries):
    # with China, developing countries hold ~41% (WB) / ~46% (M49) of applications in 2015,
    # far above the claimed 18.7%; without China, ~4% (WB)
    s = developing_share(patents, countries)
    wb = _pick(s, definition="developing_wb", china="incl", denominator="covered", year=2015)
    assert wb["share_pct"].item() == pytest.approx(41.1, abs=0.5)
    m49 = _pick(s, definition="developing_m49", china="incl", denominator="covered", year=2015)
    assert m49["share_pct"].item() == pytest.approx(46.1, abs=0.5)
    ex = _pick(s, definition="developing_wb", china="excl", denominator="covered", year=2015)
    assert ex["share_pct"].item() == pytest.approx(4.2, abs=0.5)
    # the three denominators agree within 1.5 pts
    y15 = _pick(s, definition="developing_wb", china="incl", year=2015)["share_pct"]
    assert y15.max() - y15.min() < 1.5


def test_real_trend_rises_with_china_falls_without(patents, countries):
    t = share_trends(developing_share(patents, countries)).set_index(
        ["definition", "china", "denominator"]
    )
    incl = t.loc[("developing_wb", "incl", "covered")]
    assert incl["ci_low"] > 0  # rising ~4.3 pts/yr, claim implies -0.8
    excl = t.loc[("developing_wb", "excl", "covered")]
    assert excl["ci_high"] < 0 and excl["ci_low"] > -0.8  # falling ~0.5 pts/yr


def test_real_ledger_rows(patents, countries):
    rows = c3_rows(patents, countries).set_index("specification")
    assert list(rows.index) == [s.id for s in get_claim("C3").specifications]
    assert rows.loc["C3-trend-wb", "verdict"] == "contradicted"
    assert rows.loc["C3-trend-wb-exCHN", "verdict"] == "same sign, different magnitude"
    assert rows.loc["C3-level2023", "verdict"] == "data unavailable"
    assert "outside data coverage 2014-2019" in rows.loc["C3-level2023", "note"]
