"""C16 proxy: US + China + Europe share of private AI investment (claim: 85% of AI VC)."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from gvc.claims.ai_investment import EU27, EUROPE_M49, us_china_europe_share

OWID_FILE = Path("owid") / "private-investment-in-artificial-intelligence-cset.csv"


def _raw_share(mirror: Path, countries: frozenset[str]) -> dict[int, float]:
    """Per year, 100 x investment of USA, CHN and ``countries`` / World, read from the raw OWID
    CSV with the ``csv`` module (independent of the ETL and of the code under test)."""
    with open(mirror / OWID_FILE, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        col = next(c for c in reader.fieldnames if c.startswith("Estimated investment"))
        rows = [r for r in reader if r[col]]
    group = {"USA", "CHN"} | set(countries)
    world = {int(r["Year"]): float(r[col]) for r in rows if r["Code"] == "OWID_WRL"}
    num: dict[int, float] = {}
    for r in rows:
        if r["Code"] in group:
            num[int(r["Year"])] = num.get(int(r["Year"]), 0.0) + float(r[col])
    return {y: 100 * num.get(y, 0.0) / w for y, w in world.items()}


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


def test_real_share_near_but_not_exactly_85(ai_investment, mirror):
    # the processed ai_investment table (gvc.load), checked against the raw OWID file
    out = us_china_europe_share(ai_investment).set_index("year")
    raw = _raw_share(mirror, EUROPE_M49)
    assert sorted(out.index) == sorted(raw) and min(raw) == 2014 and max(raw) == 2023
    for year, share in raw.items():
        assert out.loc[year, "share_pct"] == pytest.approx(share, rel=1e-9)
    assert out["share_pct"].between(50, 100).all()
    eu = us_china_europe_share(ai_investment, europe=EU27).set_index("year")
    for year, share in _raw_share(mirror, EU27).items():
        assert eu.loc[year, "share_pct"] == pytest.approx(share, rel=1e-9)
    assert (eu["share_pct"] <= out["share_pct"] + 1e-9).all()
