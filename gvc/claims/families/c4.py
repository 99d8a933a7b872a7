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

from gvc.claims.families import kit
from gvc.claims.trend import HAC_MIN_POINTS, indicative_label

SPECS = ("C4-sea-fe", "C4-sea-fd", "C4-all-ifr")
"""The registry specs this module computes (checked against seed_claims.toml by
tests/claims/test_claims_spec_ids.py)."""
SEA = ("SGP", "THA", "MYS", "VNM", "IDN", "PHL")
SEA_REGION = "IFR:South East Asia"
SOURCE = "IFR World Robotics press releases; World Bank WDI SL.UEM.1524.ZS"
HOW = "run `gvc build` (robots from ifr-press/, wdi/); IFR stocks for ASEAN are licensed"


def panel(load: kit.Loader) -> pd.DataFrame | None:
    """``iso3, year, density`` (robots per 100 manufacturing employees), ``density_per_10k``,
    ``youth_unemp`` (pct), ``is_country``, for every IFR press row matched with WDI."""
    robots = kit.try_load(load, "robots")
    wdi = kit.try_load(load, "wdi")
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


def region_years(load: kit.Loader) -> str:
    """The years with a published :data:`SEA_REGION` density, as prose (e.g. ``1 year (2019)``)."""
    robots = kit.try_load(load, "robots")
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


def data(load: kit.Loader) -> kit.FamilyData:
    """The IFR press x WDI panel and the Southeast Asian samples.

    Frames: ``panel`` (:func:`panel`: every IFR press row matched with WDI), ``sea_panel`` (the
    SEA countries plus the :data:`SEA_REGION` row, as shown in the report), ``sea`` (SEA
    countries with 3+ published years, with ``trend`` = years since the first), ``sea_fd``
    (:func:`first_differences` of ``sea``), ``all_ifr`` (countries with 2+ published years).
    Notes: ``present`` (SEA country -> published years), ``cover`` and ``region`` (in words).
    """
    out = kit.FamilyData()
    df = panel(load)
    if df is None:
        out.missing["panel"] = "robots / wdi tables"
        return out
    sea = df[df["iso3"].isin(SEA)].copy()
    present = sea.groupby("iso3")["year"].nunique()
    absent = [c for c in SEA if c not in present.index]
    region = region_years(load)
    out.notes["present"] = {k: int(v) for k, v in present.items()}
    out.notes["region"] = region
    out.notes["cover"] = (
        f"SEA countries with IFR densities (years): { ({k: int(v) for k, v in present.items()}) }; "
        f"none for {', '.join(absent) or 'no country'}; {SEA_REGION} region: {region}"
    )
    out.frames["panel"] = df
    out.frames["sea_panel"] = pd.concat([sea, df[df["iso3"] == SEA_REGION]])
    sea = sea[sea["iso3"].isin(present[present >= 3].index)]
    if not sea.empty:
        sea["trend"] = sea["year"] - sea["year"].min()
    out.frames["sea"] = sea
    out.frames["sea_fd"] = first_differences(sea) if len(sea) else sea
    allc = df[df["is_country"]].copy()
    out.frames["all_ifr"] = allc[allc.groupby("iso3")["year"].transform("nunique") >= 2]
    return out


def estimate(claim: kit.Claim, data: kit.FamilyData) -> list[dict[str, object]]:
    """Every registered C4 specification (reference +0.5 pts per pt)."""
    if "panel" in data.missing:
        return kit.unavailable_all(claim, data.missing["panel"], HOW)
    rows, fitted = [], kit.fits(data)
    sea, cover = data["sea"], data.notes["cover"]
    if sea.empty:
        rows.append(kit.unavailable(claim, "C4-sea-fe", "IFR densities for SEA (3+ years)", HOW))
        rows.append(kit.unavailable(claim, "C4-sea-fd", "IFR densities for SEA (3+ years)", HOW))
    else:
        fit = fitted["C4-sea-fe"] = kit.quiet_feols(
            "youth_unemp ~ density + trend | iso3", sea, "iid"
        )
        hc3 = _hc3_ci(sea, "youth_unemp ~ density + trend + C(iso3)", "density")
        note = (
            f"{indicative_label(len(sea))}; {cover}; N = {len(sea)} country-years "
            f"({sea['year'].min()}-{sea['year'].max()}); fewer than {HAC_MIN_POINTS} "
            f"observations: no HAC; HC3 CI {hc3}"
        )
        row = kit.fit_row(
            claim, "C4-sea-fe", fit, "density", note, time_points=int(sea["year"].nunique())
        )[0]
        row["inference"] = f"{indicative_label(len(sea))}: {row['inference']}"
        rows.append(row)
        fd = data["sea_fd"]
        fit_fd = fitted["C4-sea-fd"] = kit.quiet_feols("d_youth_unemp ~ d_density", fd, "iid")
        hc3_fd = _hc3_ci(fd, "d_youth_unemp ~ d_density", "d_density")
        who = ", ".join(sorted(fd["iso3"].unique()))
        note = (
            f"{indicative_label(len(fd))}: {len(fd)} changes between consecutive published "
            f"years of {who} (gaps {sorted(int(g) for g in fd['gap'].unique())} years); too few "
            f"for HAC or HC1 (HC1 with t({len(fd) - 2}) under-covers); HC3 CI {hc3_fd}"
        )
        row_fd = kit.fit_row(
            claim, "C4-sea-fd", fit_fd, "d_density", note, time_points=int(fd["year"].nunique())
        )[0]
        row_fd["inference"] = f"{indicative_label(len(fd))}: {row_fd['inference']}"
        rows.append(row_fd)
    allc = data["all_ifr"]
    try:
        fit_all = kit.quiet_feols("youth_unemp ~ density | iso3 + year", allc, kit.wild("iso3"))
    except kit.RECOVERABLE as exc:
        rows.append(kit.unavailable(claim, "C4-all-ifr", f"estimable IFR panel ({exc})", HOW))
        return rows
    fitted["C4-all-ifr"] = fit_all
    note = (
        f"{allc['iso3'].nunique()} countries with 2+ published years, "
        f"{allc['year'].min()}-{allc['year'].max()}; country + year FE; wild cluster "
        "bootstrap by country (context: not Southeast Asia)"
    )
    rows.append(kit.fit_row(claim, "C4-all-ifr", fit_all, "density", note)[0])
    return rows


def figures(
    claim: kit.Claim, data: kit.FamilyData, rows: pd.DataFrame, fig_dir: Path
) -> list[Path]:
    """Youth unemployment against robot density, every country, SEA highlighted."""
    if "panel" in data.missing:
        return []
    import seaborn as sns

    df = data["panel"]
    fig, ax = kit.new_figure()
    plot = df[df["is_country"]]
    sns.scatterplot(
        data=plot.assign(SEA=plot["iso3"].isin(SEA).map({True: "Southeast Asia", False: "other"})),
        x="density",
        y="youth_unemp",
        hue="SEA",
        ax=ax,
    )
    for _, r in df[df["iso3"] == "SGP"].iterrows():
        ax.annotate(str(r["year"]), (r["density"], r["youth_unemp"]), fontsize=6)
    ax.set_xlabel("Robots per 100 manufacturing employees (IFR press)")
    ax.set_ylabel("Youth unemployment (pct of labour force 15-24)")
    path = kit.save_figure(
        fig,
        fig_dir / "c4_youth_unemployment.png",
        "C4: robot density and youth unemployment (claim: +0.5 pt per pt; SGP years labelled)",
        SOURCE,
    )
    return [path]


def describe(claim: kit.Claim, data: kit.FamilyData, rows: pd.DataFrame) -> kit.FamilyText:
    """Result lines (pts per pt), caveats (a short SEA time series), the SEA panel and fits."""
    sources = "IFR press densities (robots table) x WDI SL.UEM.1524.ZS."
    if "panel" in data.missing:
        return kit.unavailable_text(claim, data.missing["panel"], HOW, sources)
    tables: dict[str, object] = {"c4_sea_panel": data["sea_panel"]}
    fitted = kit.fits(data)
    if fitted:
        from gvc.estimators import compare

        tables["c4_regressions"] = compare(list(fitted.values()), names=list(fitted))
    n_sea = int(rows.loc[rows["specification"] == "C4-sea-fe", "n_obs"].fillna(0).iloc[0])
    several = sorted(k for k, v in data.notes["present"].items() if v >= 3)
    who = ", ".join(several) if several else "no country"
    return kit.FamilyText(
        result_md=(
            f"Reference: +0.5 pts per pt. Southeast Asian countries with 3+ IFR press densities: "
            f"{who} (N = {n_sea}).\n\n" + kit.bullets(kit.row_lines(rows, "pts per pt"))
        ),
        caveats=(
            f"Among SEA countries the IFR press releases publish 3+ years of densities for {who} "
            f"only ({SEA_REGION} region: {data.notes['region']}), so the 'Southeast Asian' test "
            "is a short time series; its CI is wide and any verdict is fragile. The cited source "
            "(Acemoglu and Restrepo 2016) is a theory paper with no such number."
            f"{_largest_fall(data['sea'])} Associations only."
        ),
        data=sources,
        tables=tables,
    )
