"""C8: in highly automated countries productivity gains decouple from employment (000).

Country-year panel, OECD ALFS countries (44 incl. aggregates; countries only), 1995-2019:

- employment: ALFS ``YGTT08L1_ST`` (thousands of persons);
- real GDP = WDI ``NY.GDP.PCAP.KD`` (constant 2015 USD per person) x ``SP.POP.TOTL`` (persons);
  ``NY.GDP.MKTP.CD`` is in current USD and is not used;
- labour productivity = real GDP / employment; growth rates are 100 x log differences (pct);
- high automation: top third of the IFR press-release countries by their mean manufacturing
  robot density (robots per 10,000 employees) over the published years; ALFS countries absent
  from the press releases (which list the most automated economies) count as not high;
- post = years after 2010.

Model (``C8-alfs-interaction``): ``emp_g ~ prod_g + prod_g:post + prod_g:high + prod_g:high:post
+ post + high:post | iso3``, SE clustered by country (CRV1; ~35 clusters). Claim: the
triple interaction (the change after 2010 in the employment-productivity slope of high-automation
countries relative to the others) is negative. Units: pts of employment growth per pt of
productivity growth.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from gvc.claims.families.base import (
    FamilyResult,
    Loader,
    describe_row,
    fit_row,
    new_figure,
    quiet_feols,
    rows_frame,
    save_figure,
    try_load,
    unavailable,
)
from gvc.claims.families.common import alfs
from gvc.claims.registry import get_claim

TERM = "prod_g:high:post"
SOURCE = "OECD ALFS; World Bank WDI NY.GDP.PCAP.KD, SP.POP.TOTL; IFR press releases"


def high_automation(robots: pd.DataFrame) -> tuple[set[str], pd.Series]:
    """Top third of IFR press countries by mean manufacturing density; returns (set, means)."""
    ifr = robots[
        (robots["source"] == "ifr_press") & (robots["industry"] == "MANUF") & robots["is_country"]
    ].dropna(subset=["density_per_10k"])
    means = ifr.groupby("iso3")["density_per_10k"].mean().sort_values(ascending=False)
    k = int(np.ceil(len(means) / 3))
    return set(means.index[:k].astype(str)), means


def panel(load: Loader) -> tuple[pd.DataFrame | None, str, set[str]]:
    """``iso3, year, emp_g, prod_g`` (pct), ``high``, ``post`` or (None, reason, set())."""
    lab = alfs()
    wdi = try_load(load, "wdi")
    robots = try_load(load, "robots")
    countries = try_load(load, "countries")
    if lab is None:
        return None, "OECD ALFS (jara/ALFS_SUMTAB_*.csv)", set()
    if wdi is None or robots is None or countries is None:
        return None, "wdi/robots/countries tables", set()
    emp = lab[lab["subject"] == "YGTT08L1_ST"][["iso3", "year", "value"]]
    emp = emp.rename(columns={"value": "emp"})
    w = wdi[wdi["indicator"].isin(["NY.GDP.PCAP.KD", "SP.POP.TOTL"])]
    w = w.pivot_table(index=["iso3", "year"], columns="indicator", values="value").reset_index()
    w["gdp"] = w["NY.GDP.PCAP.KD"] * w["SP.POP.TOTL"]
    df = emp.merge(w[["iso3", "year", "gdp"]].astype({"iso3": str}), on=["iso3", "year"])
    is_c = set(countries.loc[countries["is_country"], "iso3"])
    df = (
        df[df["iso3"].isin(is_c) & df["year"].between(1994, 2019)]
        .sort_values(["iso3", "year"])
        .copy()
    )
    df["prod"] = df["gdp"] / (df["emp"] * 1000.0)
    g = df.groupby("iso3")
    df["emp_g"] = 100.0 * g["emp"].transform(lambda s: np.log(s).diff())
    df["prod_g"] = 100.0 * g["prod"].transform(lambda s: np.log(s).diff())
    df = df.dropna(subset=["emp_g", "prod_g"]).copy()
    high, _ = high_automation(robots)
    df["high"] = df["iso3"].isin(high).astype(float)
    df["post"] = (df["year"] > 2010).astype(float)
    return df.reset_index(drop=True), "", high


def run(load: Loader, fig_dir: Path) -> FamilyResult:
    """The registered C8 specification (direction rule: negative triple interaction)."""
    claim = get_claim("C8")
    df, why, high = panel(load)
    sid = "C8-alfs-interaction"
    if df is None or df.empty:
        row = unavailable(claim, sid, why, "run `gvc build` with the mirror (jara/, wdi/)")
        return FamilyResult("C8", rows_frame([row], claim))
    formula = (
        "emp_g ~ prod_g + prod_g:post + prod_g:high + prod_g:high:post + post + high:post | iso3"
    )
    fit = quiet_feols(formula, df, {"CRV1": "iso3"})
    high_in = sorted(set(df["iso3"]) & high)
    note = (
        f"{df['iso3'].nunique()} ALFS countries, {df['year'].min()}-{df['year'].max()}; high "
        f"automation (top third of IFR press densities) in sample: {', '.join(high_in)}; "
        "pts of employment growth per pt of productivity growth; country FE"
    )
    row, _ = fit_row(claim, sid, fit, TERM, note)
    out = rows_frame([row], claim)
    from gvc.estimators import compare

    table = compare([fit], names=[sid])
    slopes = []
    for (h, p), g in df.groupby(["high", "post"]):
        b = np.polyfit(g["prod_g"], g["emp_g"], 1)[0] if len(g) > 2 else np.nan
        slopes.append({"high": bool(h), "post2010": bool(p), "slope": b, "n_obs": len(g)})
    import seaborn as sns

    fig, ax = new_figure()
    plot = df.assign(
        group=np.where(df["high"] == 1, "high automation", "other")
        + np.where(df["post"] == 1, ", 2011-2019", ", 1995-2010")
    )
    sns.scatterplot(data=plot, x="prod_g", y="emp_g", hue="group", s=10, alpha=0.5, ax=ax)
    ax.set_xlim(-10, 12)
    ax.set_ylim(-8, 8)
    ax.set_xlabel("Labour productivity growth (pct, real GDP per worker)")
    ax.set_ylabel("Employment growth (pct)")
    fig_path = save_figure(
        fig,
        fig_dir / "c8_decoupling.png",
        "C8: employment vs productivity growth by automation group and period",
        SOURCE,
    )
    return FamilyResult(
        claim_id="C8",
        rows=out,
        figures=[fig_path],
        tables={"c8_regression": table, "c8_group_slopes": pd.DataFrame(slopes), "c8_panel": df},
        result_md="Claim: negative interaction (decoupling).\n\n- "
        + describe_row(out.iloc[0], "pts per pt"),
        caveats=(
            "The statement names no countries, period or magnitude; the test fixes them "
            "(post-2010, top third of IFR press densities). The high-automation group is small "
            "and defined by 2010s densities; ALFS ends in 2019. Business-cycle co-movement of "
            "output and employment dominates annual growth rates; this is a descriptive "
            "interaction, not a causal estimate."
        ),
        data="OECD ALFS employment x WDI real GDP (NY.GDP.PCAP.KD x SP.POP.TOTL) x IFR press.",
        specification=claim.primary.description if claim.primary else "",
    )
