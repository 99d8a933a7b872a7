"""C8: in highly automated countries productivity gains decouple from employment (000).

Country-year panel, OECD ALFS countries (44 incl. aggregates; countries only), 1995-2019:

- employment: ALFS ``YGTT08L1_ST`` (thousands of persons);
- real GDP = WDI ``NY.GDP.PCAP.KD`` (constant 2015 USD per person) x ``SP.POP.TOTL`` (persons);
  ``NY.GDP.MKTP.CD`` is in current USD and is not used;
- labour productivity = real GDP / employment; growth rates are 100 x log differences (pct)
  between consecutive years; where ALFS skips years (e.g. BRA 2009 -> 2011, POL 1997 -> 2000)
  the multi-year change is not an annual growth rate and is set to NaN (row dropped);
- high automation: top third of the IFR press-release countries by their mean manufacturing
  robot density (robots per 10,000 employees) over the published years; ALFS countries absent
  from the press releases (which list the most automated economies) count as not high;
- post = years after 2010.

Model (``C8-alfs-interaction``): ``emp_g ~ prod_g + prod_g:post + prod_g:high + prod_g:high:post
+ post + high:post | iso3``, SE clustered by country (CRV1; ~35 clusters). Claim: the
triple interaction (the change after 2010 in the employment-productivity slope of high-automation
countries relative to the others) is negative. Units: pts of employment growth per pt of
productivity growth.

Division bias: prod_g = gdp_g - emp_g, so measurement error in employment enters both sides with
opposite signs and biases the employment-productivity slope downwards. The robustness model
``C8-alfs-output`` avoids it: employment growth on *output* (real GDP) growth,
``emp_g ~ gdp_g + gdp_g:post + gdp_g:high + gdp_g:high:post + post + high:post | iso3`` (same SE);
decoupling = a negative ``gdp_g:high:post`` (a weaker employment response to growth in
high-automation countries after 2010). Units: pts of employment growth per pt of GDP growth.
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
from gvc.claims.families.common import ALFS_EMPLOYMENT, alfs
from gvc.claims.registry import get_claim

TERM = "prod_g:high:post"
TERM_OUTPUT = "gdp_g:high:post"
FORMULA = "emp_g ~ prod_g + prod_g:post + prod_g:high + prod_g:high:post + post + high:post | iso3"
FORMULA_OUTPUT = (
    "emp_g ~ gdp_g + gdp_g:post + gdp_g:high + gdp_g:high:post + post + high:post | iso3"
)
SOURCE = "OECD ALFS; World Bank WDI NY.GDP.PCAP.KD, SP.POP.TOTL; IFR press releases"


def high_automation(robots: pd.DataFrame) -> tuple[set[str], pd.Series]:
    """Top third of IFR press countries by mean manufacturing density; returns (set, means)."""
    ifr = robots[
        (robots["source"] == "ifr_press") & (robots["industry"] == "MANUF") & robots["is_country"]
    ].dropna(subset=["density_per_10k"])
    means = ifr.groupby("iso3")["density_per_10k"].mean().sort_values(ascending=False)
    k = int(np.ceil(len(means) / 3))
    return set(means.index[:k].astype(str)), means


def annual_growth(df: pd.DataFrame, cols: list[str]) -> pd.DataFrame:
    """Adds ``<col>_g`` = 100 x log difference to the previous row of the same ``iso3`` (pct) and
    ``gap`` (years since that row); growth is NaN unless ``gap == 1`` (a multi-year change is not
    an annual rate). ``df`` needs ``iso3, year`` and positive ``cols``."""
    df = df.sort_values(["iso3", "year"]).copy()
    g = df.groupby("iso3")
    df["gap"] = g["year"].diff()
    annual = df["gap"] == 1
    for c in cols:
        d = 100.0 * (np.log(df[c]) - np.log(g[c].shift()))
        df[f"{c}_g"] = d.where(annual)
    return df


def panel(load: Loader) -> tuple[pd.DataFrame | None, str, set[str]]:
    """``iso3, year, emp_g, prod_g, gdp_g`` (pct, annual: NaN rows across year gaps dropped),
    ``gap`` (years since the previous observation), ``high``, ``post`` or (None, reason, set())."""
    lab = alfs(load)
    wdi = try_load(load, "wdi")
    robots = try_load(load, "robots")
    countries = try_load(load, "countries")
    if lab is None:
        return None, "processed table alfs (OECD ALFS; run `gvc build alfs`)", set()
    if wdi is None or robots is None or countries is None:
        return None, "wdi/robots/countries tables", set()
    emp = lab[lab["subject"] == ALFS_EMPLOYMENT][["iso3", "year", "value"]]
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
    df = df.dropna(subset=["emp", "gdp"])
    df = df[(df["emp"] > 0) & (df["gdp"] > 0)].copy()
    df["prod"] = df["gdp"] / (df["emp"] * 1000.0)
    df = annual_growth(df, ["emp", "prod", "gdp"])
    n_gaps = int((df["gap"] > 1).sum())
    df = df.dropna(subset=["emp_g", "prod_g", "gdp_g"]).copy()
    high, _ = high_automation(robots)
    df["high"] = df["iso3"].isin(high).astype(float)
    df["post"] = (df["year"] > 2010).astype(float)
    df = df.reset_index(drop=True)
    df.attrs["n_gaps"] = n_gaps
    return df, "", high


def run(load: Loader, fig_dir: Path) -> FamilyResult:
    """The registered C8 specifications (direction rule: negative triple interaction)."""
    claim = get_claim("C8")
    df, why, high = panel(load)
    sid, sid_out = "C8-alfs-interaction", "C8-alfs-output"
    if df is None or df.empty:
        how = "run `gvc build` with the mirror (jara/, wdi/, ifr-press/)"
        rows = [unavailable(claim, s.id, why, how) for s in claim.specifications]
        return FamilyResult("C8", rows_frame(rows, claim))
    fit = quiet_feols(FORMULA, df, {"CRV1": "iso3"})
    fit_out = quiet_feols(FORMULA_OUTPUT, df, {"CRV1": "iso3"})
    high_in = sorted(set(df["iso3"]) & high)
    common = (
        f"{df['iso3'].nunique()} ALFS countries, {df['year'].min()}-{df['year'].max()} "
        f"(annual changes only; {df.attrs.get('n_gaps', 0)} changes across year gaps dropped); "
        f"high automation (top third of IFR press densities) in sample: {', '.join(high_in)}; "
        "country FE"
    )
    row, _ = fit_row(
        claim, sid, fit, TERM, f"{common}; pts of employment growth per pt of productivity growth"
    )
    row_out, _ = fit_row(
        claim,
        sid_out,
        fit_out,
        TERM_OUTPUT,
        f"{common}; pts of employment growth per pt of real GDP growth (no division bias)",
    )
    out = rows_frame([row, row_out], claim)
    from gvc.estimators import compare

    table = compare([fit, fit_out], names=[sid, sid_out])
    slopes = []
    for (h, p), g in df.groupby(["high", "post"]):
        b = np.polyfit(g["prod_g"], g["emp_g"], 1)[0] if len(g) > 2 else np.nan
        b_out = np.polyfit(g["gdp_g"], g["emp_g"], 1)[0] if len(g) > 2 else np.nan
        slopes.append(
            {
                "high": bool(h),
                "post2010": bool(p),
                "slope_on_productivity": b,
                "slope_on_output": b_out,
                "n_obs": len(g),
            }
        )
    import seaborn as sns

    fig, ax = new_figure()
    y0, y1 = int(df["year"].min()), int(df["year"].max())
    plot = df.assign(
        group=np.where(df["high"] == 1, "high automation", "other")
        + np.where(df["post"] == 1, f", 2011-{y1}", f", {y0}-2010")
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
    lines = [describe_row(r, "pts per pt") for _, r in out.iterrows()]
    return FamilyResult(
        claim_id="C8",
        rows=out,
        figures=[fig_path],
        tables={"c8_regression": table, "c8_group_slopes": pd.DataFrame(slopes), "c8_panel": df},
        result_md="Claim: negative interaction (decoupling).\n\n"
        + "\n".join(f"- {x}" for x in lines),
        caveats=(
            "The statement names no countries, period or magnitude; the test fixes them "
            "(post-2010, top third of IFR press densities). The high-automation group is small "
            f"and defined by 2010s densities; ALFS ends in {y1}. Division bias: productivity "
            "growth is GDP growth minus employment growth, so errors in employment enter both "
            "sides of the primary regression with opposite signs and push its slopes down; "
            "the robustness specification C8-alfs-output regresses employment growth on real "
            "GDP growth instead. Changes across gaps in the ALFS series are dropped, not "
            "annualised. Business-cycle co-movement of output and employment dominates annual "
            "growth rates; these are descriptive interactions, not causal estimates."
        ),
        data="OECD ALFS employment (alfs table) x WDI real GDP (NY.GDP.PCAP.KD x SP.POP.TOTL) x "
        "IFR press.",
        specification=claim.primary.description if claim.primary else "",
    )
