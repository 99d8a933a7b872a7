"""C4: Southeast Asian manufacturing, +1 pt robot penetration -> +0.5 pt youth unemployment.

Data: IFR press-release manufacturing robot densities (``robots`` source ``ifr_press``, industry
``MANUF``; robots per 10,000 manufacturing employees, divided by 100 -> robots per 100 = "pct
penetration") x WDI ``SL.UEM.1524.ZS`` (youth unemployment, pct of the labour force 15-24).

Southeast Asia = SGP, THA, MYS, VNM, IDN, PHL (plus the ``IFR:South East Asia`` region row, one
year, shown in the table only). In the IFR press releases only Singapore is published in several
years, so the SEA panel is a Singapore time series:

- ``C4-sea-fe``: youth unemployment on density with country FE and a linear trend.
- ``C4-sea-fd``: first differences between consecutive published years (pts per pt).

Both rest on fewer than 15 observations of (in the mirror) one country, so they follow the
small-sample rule of :mod:`gvc.claims.trend`: no HAC (Driscoll-Kraay or Newey-West cannot estimate
autocovariances from 6-7 points), classical (iid) SE with t(n-k) critical values, HC3 reported in
the note, and the row marked ``indicative (n = ...)``.
- ``C4-all-ifr``: every country with IFR densities, country + year FE, wild cluster bootstrap by
  country (context, not Southeast Asia).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gvc.claims.families.base import (
    RECOVERABLE,
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
    wild,
)
from gvc.claims.registry import get_claim
from gvc.claims.trend import HAC_MIN_POINTS, indicative_label

SEA = ("SGP", "THA", "MYS", "VNM", "IDN", "PHL")
SEA_REGION = "IFR:South East Asia"
SOURCE = "IFR World Robotics press releases; World Bank WDI SL.UEM.1524.ZS"


def panel(load: Loader) -> pd.DataFrame | None:
    """``iso3, year, density`` (robots per 100 manufacturing employees), ``density_per_10k``,
    ``youth_unemp`` (pct), ``is_country``, for every IFR press row matched with WDI."""
    robots = try_load(load, "robots")
    wdi = try_load(load, "wdi")
    if robots is None or wdi is None:
        return None
    ifr = robots[(robots["source"] == "ifr_press") & (robots["industry"] == "MANUF")]
    ifr = ifr.dropna(subset=["density_per_10k"])[["iso3", "year", "density_per_10k", "is_country"]]
    yu = wdi[wdi["indicator"] == "SL.UEM.1524.ZS"][["iso3", "year", "value"]]
    df = ifr.astype({"iso3": str}).merge(
        yu.astype({"iso3": str}).rename(columns={"value": "youth_unemp"}), on=["iso3", "year"]
    )
    df["density"] = df["density_per_10k"] / 100.0
    return df.sort_values(["iso3", "year"]).reset_index(drop=True)


def first_differences(df: pd.DataFrame) -> pd.DataFrame:
    """Changes between consecutive published years within country: ``d_density`` (pts),
    ``d_youth_unemp`` (pts), ``gap`` (years between the two observations)."""
    df = df.sort_values(["iso3", "year"])
    g = df.groupby("iso3")
    out = df.assign(
        d_density=g["density"].diff(),
        d_youth_unemp=g["youth_unemp"].diff(),
        gap=g["year"].diff(),
    )
    return out.dropna(subset=["d_density"])


def region_years(load: Loader) -> str:
    """The years with a published :data:`SEA_REGION` density, as prose (e.g. ``1 year (2019)``)."""
    robots = try_load(load, "robots")
    if robots is None:
        return "no rows"
    r = robots[(robots["iso3"] == SEA_REGION) & (robots["source"] == "ifr_press")]
    years = sorted(int(y) for y in r.dropna(subset=["density_per_10k"])["year"].unique())
    if not years:
        return "no rows"
    return f"{len(years)} year{'s' if len(years) > 1 else ''} ({', '.join(map(str, years))})"


def _largest_fall(sea: pd.DataFrame) -> str:
    """Caveat sentence on the largest fall in density between consecutive published years."""
    if sea.empty:
        return ""
    d = sea.sort_values(["iso3", "year"]).copy()
    g = d.groupby("iso3")
    d["prev"] = g["density_per_10k"].shift()
    d["prev_year"] = g["year"].shift()
    d["change"] = d["density_per_10k"] - d["prev"]
    falls = d[d["change"] < 0]
    if falls.empty:
        return " Densities rise in every published year."
    f = falls.loc[falls["change"].idxmin()]
    return (
        f" Densities move non-monotonically ({f['iso3']}: {f['prev']:.0f} in "
        f"{int(f['prev_year'])}, {f['density_per_10k']:.0f} in {int(f['year'])} robots per "
        "10,000 employees; IFR revises the employment base between editions)."
    )


def _hc3_ci(data: pd.DataFrame, formula: str, term: str) -> str:
    """``[lo, hi]`` of ``term``'s 95% CI with HC3 SE and t(n-k) (statsmodels), for the note."""
    import statsmodels.formula.api as smf

    fit = smf.ols(formula, data=data).fit(cov_type="HC3", use_t=True)
    lo, hi = fit.conf_int().loc[term]
    return f"[{lo:.3g}, {hi:.3g}]"


def run(load: Loader, fig_dir: Path) -> FamilyResult:
    """Every registered C4 specification (reference +0.5 pts per pt)."""
    claim = get_claim("C4")
    df = panel(load)
    how = "run `gvc build` (robots from ifr-press/, wdi/); IFR stocks for ASEAN are licensed"
    rows, lines, tables, fits = [], [], {}, {}
    if df is None:
        for s in claim.specifications:
            rows.append(unavailable(claim, s.id, "robots / wdi tables", how))
        return FamilyResult("C4", rows_frame(rows, claim))
    sea = df[df["iso3"].isin(SEA)].copy()
    present = sea.groupby("iso3")["year"].nunique()
    absent = [c for c in SEA if c not in present.index]
    tables["c4_sea_panel"] = pd.concat([sea, df[df["iso3"] == SEA_REGION]])
    region = region_years(load)
    cover = (
        f"SEA countries with IFR densities (years): { ({k: int(v) for k, v in present.items()}) }; "
        f"none for {', '.join(absent) or 'no country'}; {SEA_REGION} region: {region}"
    )
    sea = sea[sea["iso3"].isin(present[present >= 3].index)]
    if sea.empty:
        rows.append(unavailable(claim, "C4-sea-fe", "IFR densities for SEA (3+ years)", how))
        rows.append(unavailable(claim, "C4-sea-fd", "IFR densities for SEA (3+ years)", how))
    else:
        sea["trend"] = sea["year"] - sea["year"].min()
        fit = quiet_feols("youth_unemp ~ density + trend | iso3", sea, "iid")
        fits["C4-sea-fe"] = fit
        hc3 = _hc3_ci(sea, "youth_unemp ~ density + trend + C(iso3)", "density")
        note = (
            f"{indicative_label(len(sea))}; {cover}; N = {len(sea)} country-years "
            f"({sea['year'].min()}-{sea['year'].max()}); fewer than {HAC_MIN_POINTS} "
            f"observations: no HAC; HC3 CI {hc3}"
        )
        row = fit_row(claim, "C4-sea-fe", fit, "density", note)[0]
        row["inference"] = f"{indicative_label(len(sea))}: {row['inference']}"
        rows.append(row)
        fd = first_differences(sea)
        fit_fd = quiet_feols("d_youth_unemp ~ d_density", fd, "iid")
        fits["C4-sea-fd"] = fit_fd
        hc3_fd = _hc3_ci(fd, "d_youth_unemp ~ d_density", "d_density")
        who = ", ".join(sorted(fd["iso3"].unique()))
        row_fd = fit_row(
            claim,
            "C4-sea-fd",
            fit_fd,
            "d_density",
            f"{indicative_label(len(fd))}: {len(fd)} changes between consecutive published "
            f"years of {who} (gaps {sorted(int(g) for g in fd['gap'].unique())} years); too few "
            f"for HAC or HC1 (HC1 with t({len(fd) - 2}) under-covers); HC3 CI {hc3_fd}",
        )[0]
        row_fd["inference"] = f"{indicative_label(len(fd))}: {row_fd['inference']}"
        rows.append(row_fd)
    allc = df[df["is_country"]].copy()
    multi = allc.groupby("iso3")["year"].transform("nunique") >= 2
    allc = allc[multi]
    try:
        fit_all = quiet_feols("youth_unemp ~ density | iso3 + year", allc, wild("iso3"))
        fits["C4-all-ifr"] = fit_all
        rows.append(
            fit_row(
                claim,
                "C4-all-ifr",
                fit_all,
                "density",
                f"{allc['iso3'].nunique()} countries with 2+ published years, "
                f"{allc['year'].min()}-{allc['year'].max()}; country + year FE; wild cluster "
                "bootstrap by country (context: not Southeast Asia)",
            )[0]
        )
    except RECOVERABLE as exc:
        rows.append(unavailable(claim, "C4-all-ifr", f"estimable IFR panel ({exc})", how))
    out = rows_frame(rows, claim)
    for _, r in out.iterrows():
        lines.append(describe_row(r, "pts per pt"))
    if fits:
        from gvc.estimators import compare

        tables["c4_regressions"] = compare(list(fits.values()), names=list(fits))
    import seaborn as sns

    fig, ax = new_figure()
    plot = df[df["is_country"]]
    sns.scatterplot(
        data=plot.assign(SEA=plot["iso3"].isin(SEA).map({True: "Southeast Asia", False: "other"})),
        x="density",
        y="youth_unemp",
        hue="SEA",
        ax=ax,
    )
    sg = df[df["iso3"] == "SGP"]
    for _, r in sg.iterrows():
        ax.annotate(str(r["year"]), (r["density"], r["youth_unemp"]), fontsize=6)
    ax.set_xlabel("Robots per 100 manufacturing employees (IFR press)")
    ax.set_ylabel("Youth unemployment (pct of labour force 15-24)")
    figures = [
        save_figure(
            fig,
            fig_dir / "c4_youth_unemployment.png",
            "C4: robot density and youth unemployment (claim: +0.5 pt per pt; SGP years labelled)",
            SOURCE,
        )
    ]
    n_sea = int(out.loc[out["specification"] == "C4-sea-fe", "n_obs"].fillna(0).iloc[0])
    several = sorted(present[present >= 3].index)
    who = ", ".join(several) if several else "no country"
    return FamilyResult(
        claim_id="C4",
        rows=out,
        figures=figures,
        tables=tables,
        result_md=(
            f"Reference: +0.5 pts per pt. Southeast Asian countries with 3+ IFR press densities: "
            f"{who} (N = {n_sea}).\n\n" + "\n".join(f"- {x}" for x in lines)
        ),
        caveats=(
            f"Among SEA countries the IFR press releases publish 3+ years of densities for {who} "
            f"only ({SEA_REGION} region: {region}), so the 'Southeast Asian' test is a short "
            "time series; its CI is wide and any verdict is fragile. The cited source (Acemoglu "
            f"and Restrepo 2016) is a theory paper with no such number.{_largest_fall(sea)} "
            "Associations only."
        ),
        data="IFR press densities (robots table) x WDI SL.UEM.1524.ZS.",
        specification=claim.primary.description if claim.primary else "",
    )
