"""C16 proxy: US + China + Europe share of private AI investment (claim: 85% of AI VC)."""

from __future__ import annotations

import pandas as pd
import pytest

from gvc.claims.ai_investment import EU27, us_china_europe_share


def _real(mirror):
    raw = pd.read_csv(mirror / "owid" / "private-investment-in-artificial-intelligence-cset.csv")
    col = [c for c in raw.columns if c.startswith("Estimated investment")][0]
    raw = raw.dropna(subset=["Code"])
    return pd.DataFrame(
        {
            "iso3": raw["Code"].replace({"OWID_WRL": "WLD"}),
            "year": raw["Year"],
            "investment_usd": raw[col],
        }
    )


def test_toy_share():
    df = pd.DataFrame(
        {
            "iso3": ["USA", "CHN", "DEU", "IND", "WLD"],
            "year": 2020,
            "investment_usd": [50.0, 20.0, 10.0, 20.0, 100.0],
        }
    )
    out = us_china_europe_share(df)
    assert out["share_pct"].item() == pytest.approx(80.0)
    assert out["n_countries"].item() == 4
    with pytest.raises(ValueError, match="WLD"):
        us_china_europe_share(df[df.iso3 != "WLD"])
    with pytest.raises(KeyError):
        us_china_europe_share(df.drop(columns="year"))


def test_real_share_near_but_not_exactly_85(mirror):
    out = us_china_europe_share(_real(mirror)).set_index("year")
    assert out.index.min() == 2014 and out.index.max() == 2023
    assert out["share_pct"].between(50, 100).all()
    eu = us_china_europe_share(_real(mirror), europe=EU27).set_index("year")
    assert (eu["share_pct"] <= out["share_pct"] + 1e-9).all()
