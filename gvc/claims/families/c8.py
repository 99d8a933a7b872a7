"""C8: in highly automated countries productivity gains decouple from employment (000).

Country-year panel, OECD ALFS countries (44 incl. aggregates; countries only), 1995-2019:

- employment: ALFS ``YGTT08L1_ST`` (thousands of persons);
- real GDP = WDI ``NY.GDP.PCAP.KD`` (constant 2015 USD per person) x ``SP.POP.TOTL`` (persons);
  ``NY.GDP.MKTP.CD`` is in current USD and is not used;
- labour productivity = real GDP / employment; growth rates are 100 x log differences (pct)
  between consecutive years; where ALFS skips years (e.g. BRA 2009 -> 2011, POL 1997 -> 2000)
  the multi-year change is not an annual growth rate and is set to NaN (row dropped);
- high automation: top third, by mean manufacturing robot density (robots per 10,000 employees),
  of the IFR press-release countries with a density published for a *pre-period* year (up to
  :data:`PRE_END` = 2016), so the group is fixed before the outcome period; ALFS countries
  without a pre-period density count as not high;
- post = years after :data:`PRE_END` (2017-2019 in ALFS).

Model (``C8-alfs-output``, primary): ``emp_g ~ gdp_g + gdp_g:post + gdp_g:high + gdp_g:high:post
+ high:post | iso3 + year`` (country and year fixed effects; ``post`` alone is absorbed by the
year effects). Inference: wild cluster bootstrap by country (Webb weights): the high-automation
group holds only a handful of countries, and CRV1 t-tests over-reject when few clusters are
treated (MacKinnon and Webb 2017). Beside it, randomization inference over every assignment of
as many treated countries (:func:`randomization`) and its minimum detectable effect. Claim: ``gdp_g:high:post`` < 0, a weaker
employment response to output growth in high-automation countries after the break. Units: pts of
employment growth per pt of real GDP growth.

No regressor is built from the outcome: labour productivity growth (= GDP growth - employment
growth) on the right of an employment-growth regression would put measurement error in
employment on both sides with opposite signs (division bias), so the productivity regression
of earlier versions is not estimated; productivity slopes are descriptive only
(``c8_group_slopes``).

Robustness (``C8-alfs-output-post2010``): the same model with the break after 2010; the group is
still the pre-2017 one, which is measured partly after that break (IFR press densities start in
2010), so the row is labelled accordingly.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from gvc.claims.families import kit
from gvc.claims.families.common import ALFS_EMPLOYMENT, alfs

TERM = "gdp_g:high:post"
FORMULA = "emp_g ~ gdp_g + gdp_g:post + gdp_g:high + gdp_g:high:post + high:post | iso3 + year"
PRE_END = 2016
"""Last year of the pre-period: the high-automation group uses densities up to this year."""
BREAKS = {"C8-alfs-output": PRE_END, "C8-alfs-output-post2010": 2010}
SPECS = tuple(BREAKS)
"""The registry specs this module computes (checked against seed_claims.toml by
tests/claims/test_claims_spec_ids.py)."""
"""Specification -> last year before the break (post = later years)."""
SOURCE = "OECD ALFS; World Bank WDI NY.GDP.PCAP.KD, SP.POP.TOTL; IFR press releases"


def high_automation(robots: pd.DataFrame, pre_end: int = PRE_END) -> tuple[set[str], pd.Series]:
    """Top third of IFR press countries by mean manufacturing density over the published years
    up to ``pre_end`` (the pre-period); returns (set, means in robots per 10,000 employees)."""
    ifr = robots[
        (robots["source"] == "ifr_press")
        & (robots["industry"] == "MANUF")
        & robots["is_country"]
        & (robots["year"] <= pre_end)
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


def growth_panel(
    lab: pd.DataFrame, wdi: pd.DataFrame, countries: pd.DataFrame
) -> tuple[pd.DataFrame, int]:
    """``iso3, year, emp, gdp, prod, gap, emp_g, prod_g, gdp_g`` (levels: thousands of persons,
    constant 2015 USD, USD per person; growth in pct, annual only) of the countries in ALFS and
    WDI, 1995-2019, and the number of changes across year gaps that were dropped."""
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
    return df.dropna(subset=["emp_g", "prod_g", "gdp_g"]).copy(), n_gaps


def data(load: kit.Loader) -> kit.FamilyData:
    """``panel`` (:func:`growth_panel` plus ``high`` and ``post`` = year > :data:`PRE_END`, 0/1)
    and ``pre_period_densities`` (``iso3, mean_density_per_10k``); notes ``high`` (the
    high-automation ISO3 codes) and ``n_gaps``."""
    out = kit.FamilyData()
    lab = alfs(load)
    wdi = kit.try_load(load, "wdi")
    robots = kit.try_load(load, "robots")
    countries = kit.try_load(load, "countries")
    if lab is None:
        out.missing["panel"] = "processed table alfs (OECD ALFS; run `gvc build alfs`)"
        return out
    if wdi is None or robots is None or countries is None:
        out.missing["panel"] = "wdi/robots/countries tables"
        return out
    df, n_gaps = growth_panel(lab, wdi, countries)
    if df.empty:
        out.missing["panel"] = "annual ALFS employment x WDI real GDP changes (none overlap)"
        return out
    high, means = high_automation(robots)
    df["high"] = df["iso3"].isin(high).astype(float)
    df["post"] = (df["year"] > PRE_END).astype(float)
    out.frames["panel"] = df.reset_index(drop=True)
    out.frames["pre_period_densities"] = means.rename("mean_density_per_10k").reset_index()
    out.notes.update(high=high, n_gaps=n_gaps)
    return out


def with_break(df: pd.DataFrame, last_pre: int) -> pd.DataFrame:
    """``df`` with ``post`` = 1 for years after ``last_pre``."""
    return df.assign(post=(df["year"] > last_pre).astype(float))


def fits(data: kit.FamilyData) -> dict[str, object]:
    """Specification -> the fitted model (:data:`FORMULA`, wild cluster bootstrap by country),
    fitted once per data and shared by the estimate and describe steps."""

    def fit_all():
        df = data["panel"]
        return {
            sid: kit.quiet_feols(FORMULA, with_break(df, last_pre), kit.wild("iso3"))
            for sid, last_pre in BREAKS.items()
        }

    return kit.cached(data, "fits", fit_all)


def estimate(claim: kit.Claim, data: kit.FamilyData) -> list[dict[str, object]]:
    """The registered C8 specifications (direction rule: negative triple interaction)."""
    if "panel" in data.missing:
        how = "run `gvc build` with the mirror (jara/, wdi/, ifr-press/)"
        return kit.unavailable_all(claim, data.missing["panel"], how)
    df, means = data["panel"], data["pre_period_densities"]
    high_in = sorted(set(df["iso3"]) & data.notes["high"])
    common = (
        f"{df['iso3'].nunique()} ALFS countries, {df['year'].min()}-{df['year'].max()} "
        f"(annual changes only; {data.notes['n_gaps']} changes across year gaps dropped); "
        f"high automation = top third of the {len(means)} IFR press countries by mean density "
        f"published up to {PRE_END} (pre-period); in sample: {', '.join(high_in)} "
        f"({len(high_in)} treated clusters: wild cluster bootstrap, not CRV1); "
        "country and year FE; pts of employment growth per pt of real GDP growth"
    )
    rows = []
    ri = randomization(data)
    for sid, fit in fits(data).items():
        last_pre = BREAKS[sid]
        extra = f"break after {last_pre}"
        if last_pre < PRE_END:
            extra += f" (group measured with densities up to {PRE_END}, partly after the break)"
        crv = kit.quiet_feols(FORMULA, with_break(df, last_pre), {"CRV1": "iso3"})
        c = crv.tidy().set_index("term").loc[TERM]
        coef = fit.coef
        base = float(coef.get("gdp_g", 0.0) + coef.get("gdp_g:high", 0.0))
        extra += (
            f"; {ri[sid].words()}; CRV1 by country for comparison: CI [{c['ci_low']:.3g}, "
            f"{c['ci_high']:.3g}], p = {c['p_value']:.2g} (over-rejects with "
            f"{ri[sid].n_treated} treated clusters)"
        )
        rows.append(
            kit.fit_row(
                claim,
                sid,
                fit,
                TERM,
                f"{common}; {extra}",
                claimed_size=abs(base),
                size_words="full decoupling (|pre-break slope of the high group|)",
            )[0]
        )
    return rows


def randomization(data: kit.FamilyData) -> dict[str, object]:
    """Randomization inference on :data:`TERM` over every assignment of the high-automation
    group's size among the panel's countries, per specification
    (:func:`gvc.estimators.randomization.randomization_inference`; computed once per data)."""
    from gvc.estimators.randomization import randomization_inference

    def compute():
        out = {}
        for sid, last_pre in BREAKS.items():
            df = with_break(data["panel"], last_pre)
            df = df.assign(gdp_g_post=df["gdp_g"] * df["post"])
            out[sid] = randomization_inference(
                df,
                y="emp_g",
                controls=["gdp_g", "gdp_g_post"],
                interacted=["gdp_g", "gdp_g_post", "post"],
                target="gdp_g_post",
                unit="iso3",
                treated=data.notes["high"],
                fe=("iso3", "year"),
                direction=-1,
            )
        return out

    return kit.cached(data, "randomization", compute)


def group_slopes(df: pd.DataFrame) -> pd.DataFrame:
    """Descriptive OLS slopes of employment growth on productivity and on output growth, by
    automation group and period (pts per pt)."""
    slopes = []
    for (h, p), g in df.groupby(["high", "post"]):
        b = np.polyfit(g["prod_g"], g["emp_g"], 1)[0] if len(g) > 2 else np.nan
        b_out = np.polyfit(g["gdp_g"], g["emp_g"], 1)[0] if len(g) > 2 else np.nan
        slopes.append(
            {
                "high": bool(h),
                f"post{PRE_END}": bool(p),
                "slope_on_productivity_descriptive": b,
                "slope_on_output": b_out,
                "n_obs": len(g),
            }
        )
    return pd.DataFrame(slopes)


def figures(
    claim: kit.Claim, data: kit.FamilyData, rows: pd.DataFrame, fig_dir: Path
) -> list[Path]:
    """Employment growth against real GDP growth, by automation group and period."""
    if "panel" in data.missing:
        return []
    import seaborn as sns

    df = data["panel"]
    fig, ax = kit.new_figure()
    y0, y1 = int(df["year"].min()), int(df["year"].max())
    plot = df.assign(
        group=np.where(df["high"] == 1, "high automation", "other")
        + np.where(df["post"] == 1, f", {PRE_END + 1}-{y1}", f", {y0}-{PRE_END}")
    )
    sns.scatterplot(data=plot, x="gdp_g", y="emp_g", hue="group", s=10, alpha=0.5, ax=ax)
    ax.set_xlim(-10, 12)
    ax.set_ylim(-8, 8)
    ax.set_xlabel("Real GDP growth (pct)")
    ax.set_ylabel("Employment growth (pct)")
    path = kit.save_figure(
        fig,
        fig_dir / "c8_decoupling.png",
        "C8: employment vs output growth by automation group and period",
        SOURCE,
    )
    return [path]


DIVISION_BIAS = (
    "Division bias: labour productivity growth is GDP growth minus employment growth, so a "
    "regression of employment growth on it puts measurement error in employment on both sides; "
    "no regressor here is built from the outcome (employment growth is regressed on real GDP "
    "growth)."
)


def describe(claim: kit.Claim, data: kit.FamilyData, rows: pd.DataFrame) -> kit.FamilyText:
    """Result lines, caveats (group size, post years, division bias), regression and group
    tables."""
    text = kit.FamilyText(
        result_md="Claim: negative interaction (decoupling).\n\n"
        + kit.bullets(kit.row_lines(rows, "pts per pt")),
        data="OECD ALFS employment (alfs table) x WDI real GDP (NY.GDP.PCAP.KD x SP.POP.TOTL) x "
        "IFR press.",
    )
    if "panel" in data.missing:
        text.caveats = f"The statement names no countries, period or magnitude. {DIVISION_BIAS}"
        return text
    from gvc.estimators import compare

    df, means = data["panel"], data["pre_period_densities"]
    y1 = int(df["year"].max())
    models = fits(data)
    ri = randomization(data)
    text.result_md += "\n\nBeside the wild bootstrap (few treated clusters): " + "; ".join(
        f"`{sid}`: {r.words()}" for sid, r in ri.items()
    )
    text.tables = {
        "c8_regression": compare(list(models.values()), names=list(models)),
        "c8_group_slopes": group_slopes(df),
        "c8_panel": df,
        "c8_pre_period_densities": means,
        "c8_randomization": pd.concat(
            [r.table().assign(specification=sid) for sid, r in randomization(data).items()],
            ignore_index=True,
        ),
    }
    treated = df[df["iso3"].isin(data.notes["high"])]
    n_treated = treated["iso3"].nunique()
    n_cells = int((treated["year"] > PRE_END).sum())
    text.caveats = (
        "The statement names no countries, period or magnitude; the test fixes them "
        f"(break after {PRE_END}; high automation = top third of IFR press densities "
        f"published up to {PRE_END}, before the outcome period). IFR press densities start "
        f"in 2010 and only {len(means)} countries have one by {PRE_END}, so the group is "
        f"small; ALFS ends in {y1}, leaving {y1 - PRE_END} post years. {DIVISION_BIAS} "
        "Year fixed effects absorb common shocks. Changes "
        "across gaps in the ALFS series are dropped, not annualised. Business-cycle "
        "co-movement of output and employment dominates annual growth rates; these are "
        f"descriptive interactions, not causal estimates. With {n_treated} treated countries "
        f"and {y1 - PRE_END} post years the interaction rests on {n_cells} country-years: the "
        "wild bootstrap keeps the test from over-rejecting, but with so few treated clusters it "
        "has little power (MacKinnon and Webb 2017, 'Wild bootstrap inference for wildly "
        "different cluster sizes'), so an inconclusive verdict here says the data cannot detect "
        "decoupling, not that there is none. Randomization inference over every assignment of "
        f"{n_treated} treated countries among the panel's {df['iso3'].nunique()} (table "
        "c8_randomization) gives the same answer without relying on cluster asymptotics, and "
        "its minimum detectable effect says how large a change the design could have seen."
    )
    return text
