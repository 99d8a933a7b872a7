"""C16: "85% of global AI venture capital concentrated in the US, China, and Europe" (004).

Tested with a PROXY: CSET's estimated private investment in AI by investee country (via OWID;
processed table ``ai_investment``: ``iso3, year, field, investment_usd`` in current USD, field
``All``, with a World row ``WLD``). CSET's private investment is broader than venture capital
(it includes private-equity and other private deals), so a match or mismatch speaks to the
geography of private AI investment, not to VC as such.

Statistic (:func:`gvc.claims.ai_investment.us_china_europe_share`): 100 x (USA + CHN + Europe)
/ World, in pct, per year. The denominator is CSET's World total, which includes countries not
listed separately, so the share is not the sum over listed countries.

Europe (:func:`europe_from_countries`): the economies of the countries table whose UN M49
sub-region is Northern, Southern, Eastern or Western Europe, plus Cyprus (an EU member that M49
places in Western Asia). Robustness: the EU27 (:data:`gvc.claims.ai_investment.EU27`).

- ``C16-cset-2023``: the 2023 share (latest CSET year), pct, point rule, tolerance 2.5 pts.
- ``C16-cset-pooled``: sum over every year of the group over the sum of the World total.
- ``C16-cset-2023-eu27``: as ``C16-cset-2023`` with Europe = EU27.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gvc.claims.ai_investment import EU27, us_china_europe_share
from gvc.claims.families import kit

SPECS = ("C16-cset-2023", "C16-cset-pooled", "C16-cset-2023-eu27")
"""The registry specs this module computes (checked against seed_claims.toml by
tests/claims/test_claims_spec_ids.py)."""
YEAR = 2023
M49_EUROPE = ("Northern Europe", "Southern Europe", "Eastern Europe", "Western Europe")
EXTRA_EUROPE = frozenset({"CYP"})
"""EU members outside M49 Europe (Cyprus: Western Asia in M49)."""
SOURCE = "CSET estimated private investment in AI, via Our World in Data; UN M49 regions"
HOW = "run `gvc build ai_investment` with the mirror (owid/private-investment-in-*-cset.csv)"
EUROPES = {"m49": "UN M49 Europe + CYP", "eu27": "EU27"}
"""Definitions of Europe: the frame of yearly shares of each is ``shares_<key>``."""


def europe_from_countries(countries: pd.DataFrame) -> frozenset[str]:
    """ISO3 codes of UN M49 Europe (countries table ``un_region``) plus :data:`EXTRA_EUROPE`."""
    m = countries["un_region"].astype("string").isin(M49_EUROPE) & countries["is_country"]
    return frozenset(countries.loc[m.fillna(False), "iso3"].astype(str)) | EXTRA_EUROPE


def shares(investment: pd.DataFrame, europe: frozenset[str]) -> pd.DataFrame:
    """Yearly shares (pct) over the years that have a World total, for field ``All``."""
    inv = investment
    if "field" in inv.columns:
        inv = inv[inv["field"] == "All"]
    inv = inv[["iso3", "year", "investment_usd"]].astype({"iso3": str})
    return us_china_europe_share(inv, europe=europe)


def proxy_coverage(investment: pd.DataFrame, share: pd.DataFrame) -> str:
    """The proxy and its coverage in words, stated next to every C16 verdict."""
    valid = share.dropna(subset=["share_pct"])
    n = share["n_countries"].dropna()
    years = f"{int(valid['year'].min())}-{int(valid['year'].max())}" if len(valid) else "no year"
    return (
        "PROXY (CSET estimated private AI investment, not venture capital); coverage: "
        f"{int(n.min()) if len(n) else 0}-{int(n.max()) if len(n) else 0} economies listed a "
        f"year, {years}, against a World total that includes unlisted economies"
    )


def pooled(share: pd.DataFrame) -> float:
    """Share (pct) of the summed group investment in the summed World total."""
    return float(100.0 * share["us_china_europe_usd"].sum() / share["world_usd"].sum())


def data(load: kit.Loader) -> kit.FamilyData:
    """``investment`` (CSET private AI investment, field All, with the World row ``WLD``) and the
    yearly US + China + Europe shares for both definitions of Europe (``shares_m49``,
    ``shares_eu27``: ``year, us_china_europe_usd, world_usd, share_pct, n_countries``)."""
    out = kit.FamilyData()
    inv = kit.try_load(load, "ai_investment")
    countries = kit.try_load(load, "countries")
    if inv is None or countries is None:
        out.missing["investment"] = "ai_investment (CSET via OWID)" if inv is None else "countries"
        return out
    if not (inv["iso3"] == "WLD").any():
        out.missing["investment"] = "the CSET World (WLD) total in ai_investment"
        return out
    europe = europe_from_countries(countries)
    out.frames["investment"] = inv
    out.frames["shares_m49"] = shares(inv, europe)
    out.frames["shares_eu27"] = shares(inv, EU27)
    listed = set(inv.loc[inv["iso3"] != "WLD", "iso3"].astype(str))
    out.notes["europe_listed"] = sorted(listed & europe)
    out.notes["coverage"] = proxy_coverage(inv, out["shares_m49"])
    return out


def year_row(
    claim: kit.Claim, sid: str, share: pd.DataFrame, label: str, coverage: str
) -> dict[str, object]:
    """The :data:`YEAR` share (pct) of ``share`` as the ledger row ``sid``."""
    r = share[share["year"] == YEAR]
    if r.empty or pd.isna(r["share_pct"].iloc[0]):
        return kit.unavailable(claim, sid, f"CSET {YEAR} World total or countries", HOW)
    r = r.iloc[0]
    note = (
        f"{coverage}; {YEAR}: US + China + {label} "
        f"USD {r['us_china_europe_usd'] / 1e9:.1f} bn of World USD {r['world_usd'] / 1e9:.1f} "
        f"bn; {int(r['n_countries'])} economies listed that year"
    )
    return kit.ledger_row(
        claim,
        sid,
        r["share_pct"],
        n_obs=int(r["n_countries"]),
        note=note,
        sample=f"{int(r['n_countries'])} economies listed, {YEAR}",
    )


def estimate(claim: kit.Claim, data: kit.FamilyData) -> list[dict[str, object]]:
    """Every registered C16 specification (point rule, reference 85 pct, tolerance 2.5 pts)."""
    if "investment" in data.missing:
        return kit.unavailable_all(claim, data.missing["investment"], HOW)
    coverage = data.notes["coverage"]
    m49 = data["shares_m49"]
    label_m49 = (
        f"Europe (UN M49 Europe + Cyprus: {len(data.notes['europe_listed'])} listed economies)"
    )
    valid = m49.dropna(subset=["share_pct"])
    y0, y1 = int(valid["year"].min()), int(valid["year"].max())
    pooled_row = kit.ledger_row(
        claim,
        "C16-cset-pooled",
        pooled(valid),
        n_obs=len(valid),
        sample=f"{len(valid)} years ({y0}-{y1})",
        note=(
            f"{coverage}; pooled {y0}-{y1} ({len(valid)} years): sum of US + China + "
            f"{label_m49} over the sum of the World total; yearly shares range "
            f"{valid['share_pct'].min():.1f}-{valid['share_pct'].max():.1f}%"
        ),
    )
    return [
        year_row(claim, "C16-cset-2023", m49, label_m49, coverage),
        pooled_row,
        year_row(claim, "C16-cset-2023-eu27", data["shares_eu27"], "EU27", coverage),
    ]


def share_table(data: kit.FamilyData) -> pd.DataFrame:
    """Yearly shares of both definitions of Europe, stacked, with a ``europe`` column."""
    return pd.concat(
        [data[f"shares_{k}"].assign(europe=label) for k, label in EUROPES.items()],
        ignore_index=True,
    )


def figures(
    claim: kit.Claim, data: kit.FamilyData, rows: pd.DataFrame, fig_dir: Path
) -> list[Path]:
    """The yearly share for both definitions of Europe against the claimed 85%."""
    if "investment" in data.missing:
        return []
    import seaborn as sns

    table = share_table(data)
    y0 = int(data["shares_m49"].dropna(subset=["share_pct"])["year"].min())
    fig, ax = kit.new_figure()
    sns.lineplot(data=table, x="year", y="share_pct", hue="europe", marker="o", ax=ax)
    ax.axhline(85, color="grey", linestyle="--", linewidth=1)
    ax.text(y0, 85.5, "claim: 85%", fontsize=7, color="grey")
    ax.set_ylabel("US + China + Europe share of world private AI investment (pct)")
    ax.set_xlabel("Year")
    path = kit.save_figure(
        fig,
        fig_dir / "c16_ai_investment_share.png",
        "C16: US + China + Europe share of private AI investment (proxy for AI VC; claim 85%)",
        SOURCE,
    )
    return [path]


CAVEATS = (
    "CSET 'private investment in AI' is not venture capital: it also counts private "
    "equity and other private deals, and it is attributed to the investee's country. "
    "The claim gives no year and cites a 2016 theory paper"
)


def describe(claim: kit.Claim, data: kit.FamilyData, rows: pd.DataFrame) -> kit.FamilyText:
    """Result lines with the yearly shares, caveats (proxy, year-to-year swings), share table."""
    if "investment" in data.missing:
        return kit.FamilyText(
            result_md=kit.bullets(kit.row_lines(rows, "pct")),
            caveats=CAVEATS + ".",
            data="ai_investment (CSET estimated private AI investment via OWID), countries.",
        )
    valid = data["shares_m49"].dropna(subset=["share_pct"])
    y0, y1 = int(valid["year"].min()), int(valid["year"].max())
    yearly = ", ".join(
        f"{int(y)}: {v:.1f}%" for y, v in zip(valid["year"], valid["share_pct"], strict=True)
    )
    return kit.FamilyText(
        result_md=(
            "Reference: 85% of global AI venture capital; tested with CSET private AI investment "
            f"({data.notes['coverage']}). Yearly shares (UN M49 Europe + Cyprus): {yearly}.\n\n"
            + kit.bullets(kit.row_lines(rows, "pct"))
        ),
        caveats=(
            f"{CAVEATS}; the share swings from year "
            f"to year ({valid['share_pct'].min():.1f}-{valid['share_pct'].max():.1f}% over "
            f"{y0}-{y1}), so agreement in one year is weak evidence. 'Europe' is not defined by "
            "the claim: the primary uses UN M49 Europe plus Cyprus; EU27 only is lower. The "
            "World total includes unlisted countries."
        ),
        data="ai_investment (CSET estimated private AI investment via OWID), countries.",
        tables={"c16_shares": share_table(data)},
    )
