"""C16 proxy: share of private AI investment going to the US, China and Europe.

The claim (85% of global AI venture capital) is tested with a proxy (family
:mod:`gvc.claims.families.c16`): venture-capital deal data are proprietary, and CSET's estimated
private AI investment by investee country (via OWID, processed table ``ai_investment``, current
USD, 2014-2023) is the public series closest to it (broader than VC).

Input: a long frame ``iso3, year, investment_usd`` with a ``WLD`` row per year (the World total).
Europe = the UN M49 Europe region (:data:`EUROPE_M49`) or the EU27 (:data:`EU27`).
"""

from __future__ import annotations

import pandas as pd

EU27 = frozenset(
    "AUT BEL BGR HRV CYP CZE DNK EST FIN FRA DEU GRC HUN IRL ITA LVA LTU LUX MLT NLD POL PRT ROU "
    "SVK SVN ESP SWE".split()
)
EUROPE_M49 = EU27 | frozenset(
    "ALB AND BLR BIH FRO GIB ISL IMN LIE MDA MCO MNE MKD NOR RUS SMR SRB CHE UKR GBR VAT".split()
)


def us_china_europe_share(
    investment: pd.DataFrame, *, europe: frozenset[str] = EUROPE_M49
) -> pd.DataFrame:
    """Per year: ``year, us_china_europe_usd, world_usd, share_pct`` (share of the World total,
    ``pct``) and ``n_countries`` (economies in the file that year, World excluded).

    Cyprus counts in both EU27 and M49 Europe here (EU member; M49 places it in Western Asia).
    """
    need = {"iso3", "year", "investment_usd"}
    if need - set(investment.columns):
        raise KeyError(f"investment frame lacks {sorted(need - set(investment.columns))}")
    world = investment[investment["iso3"] == "WLD"].set_index("year")["investment_usd"]
    if world.empty:
        raise ValueError("investment frame needs a WLD (World) row per year")
    cty = investment[investment["iso3"] != "WLD"]
    group = {"USA", "CHN"} | set(europe)
    num = cty[cty["iso3"].isin(group)].groupby("year")["investment_usd"].sum()
    n = cty.groupby("year")["iso3"].nunique()
    out = pd.DataFrame({"us_china_europe_usd": num, "world_usd": world, "n_countries": n})
    out["share_pct"] = 100 * out["us_china_europe_usd"] / out["world_usd"]
    out = out.reset_index().rename(columns={"index": "year"})
    return out[["year", "us_china_europe_usd", "world_usd", "share_pct", "n_countries"]]
