"""C1: robot density and manufacturing GVC participation (the headline claim).

Claim (004, citing Huang, Lin and Wang 2023): +1 pt robot density -> -0.8 pt manufacturing GVC
participation; restated as an elasticity "1% -> 0.8%".

Japan industry panel (``C1-jp-*``; 10 JARA user industries mapped to WIOD c-codes, JPN,
1995-2011):

- robots: JARA operational stock (units; 12-year perpetual inventory of domestic shipments).
- density: industry employment is not available by WIOD industry, so employment is imputed as
  "workers-equivalent": Japan's employment in industry (OECD ALFS ``YGTT10L1_ST``, thousands;
  ISIC C-F) allocated to WIOD industries c2-c18 in proportion to their value added (WIOD,
  current USD, shares within Japan so exchange rates cancel). Density = robots per 100
  workers-equivalent (the claim's "robots per 100 workers" up to the equal-productivity
  assumption). Robustness (tables only): robots per million USD of gross output, log stock.
- participation (pct = 100 x fraction, from ``gvc_participation``): trade-based
  ``gvc_part_trade`` (= exgr_fvash + dexfvapsh), backward ``exgr_fvash``, forward
  ``dexfvapsh``, production-based ``gvc_part_prod_fwd`` (Wang et al. 2017, forward; the backward
  variant is reported in the note).
- model: ``y ~ density | industry + year``; inference by wild cluster bootstrap by industry
  (10 clusters, Webb weights, 999 reps, null imposed), since CRV1 with 10 clusters over-rejects.

Cross-country (``C1-xc-*``): ADB MRIO manufacturing participation (15-sector split, light +
heavy manufacturing, export-weighted) x IFR press-release densities (robots per 10,000
manufacturing employees / 100 = per 100), 2017-2022, country and year FE, wild bootstrap by
country; OWID installations (2011-2023, five countries) give a cumulative-installations stock
proxy. WIOD (1995-2011) cannot be paired with OWID (from 2011) or IFR press densities (from 2010).

The cited design (``C1-ifr-*``, registered first; :mod:`gvc.claims.families.c1_ifr`): the
user's IFR file by country x WIOD manufacturing industry x year against WIOD participation.
Without the file these rows are ``data unavailable`` and name what to supply. Among the Japan
rows the unit-free elasticity comes first (JARA-based "density" is not IFR's unit); c16 is
reported with and without, and each Japan note gives the CRV1 CI beside the wild one.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gvc.claims.families import c1_ifr
from gvc.claims.families.base import (
    RECOVERABLE,
    FamilyResult,
    Loader,
    describe_row,
    fit_row,
    fmt,
    new_figure,
    quiet_feols,
    rows_frame,
    save_figure,
    try_load,
    unavailable,
    wild,
)
from gvc.claims.families.common import (
    ALFS_INDUSTRY,
    adb_manufacturing,
    alfs,
    require_wiod,
    safe_log,
    wiod_industry_accounts,
)
from gvc.claims.registry import get_claim

YEARS = range(1995, 2012)
INDUSTRY_SECTOR = [f"c{i}" for i in range(2, 19)]
"""WIOD industries making up ALFS 'industry' employment (ISIC Rev.3 C-F)."""

JP_MEASURES = {
    "C1-jp-elast": ("gvc_part_trade", "log trade-based participation"),
    "C1-jp-elast-no-c16": ("gvc_part_trade", "log trade-based participation, without c16"),
    "C1-jp-pp": ("gvc_part_trade", "trade-based participation (exgr_fvash + dexfvapsh)"),
    "C1-jp-backward": ("exgr_fvash", "backward participation (foreign VA share of exports)"),
    "C1-jp-forward": ("dexfvapsh", "forward participation (DVA in partners' exports / exports)"),
    "C1-jp-production": ("gvc_part_prod_fwd", "production-based forward participation (WWYZ)"),
}

SOURCE_JP = "JARA shipments (Adachi-Kawaguchi-Saito data), WIOD 2013, OECD ALFS; gvc computations"
SOURCE_XC = "ADB MRIO July 2023 (mrio-processing), IFR World Robotics press releases; gvc"


def japan_panel(load: Loader) -> tuple[pd.DataFrame | None, str]:
    """Japan industry x year panel (see module docstring) or (None, reason).

    Columns: ``industry, year, stock`` (units), ``workers_eq`` (persons), ``density`` (robots
    per 100 workers-equivalent), ``per_output`` (robots per million USD gross output),
    ``log_stock``, ``log_density``, and each participation measure in pct (``gvc_part_trade``,
    ``exgr_fvash``, ``dexfvapsh``, ``gvc_part_prod_fwd``, ``gvc_part_prod_bwd``) plus its log.
    """
    robots = try_load(load, "robots_by_industry")  # C1's one robots input, whatever the source
    gvcp = try_load(load, "gvc_participation")
    if robots is None or gvcp is None:
        return None, "processed tables robots_by_industry/gvc_participation (run `gvc build`)"
    jp = robots[(robots["source"] == "jara") & (robots["iso3"] == "JPN")]
    jp = jp[jp["year"].between(YEARS.start, YEARS.stop - 1)]
    jp = jp.dropna(subset=["operational_stock"])
    if jp.empty:
        return None, "JARA robot stocks (jara/ in the mirror)"
    lab = alfs(load)
    if lab is None:
        return None, "processed table alfs (OECD ALFS employment; run `gvc build alfs`)"
    emp = lab[(lab["iso3"] == "JPN") & (lab["subject"] == ALFS_INDUSTRY)]
    if emp.empty:
        return None, f"ALFS {ALFS_INDUSTRY} (industry employment) for Japan"
    emp = emp.set_index("year")["value"] * 1000.0  # persons
    why = require_wiod(load)
    if why:
        return None, why
    try:
        acc = wiod_industry_accounts("JPN", YEARS)
    except RECOVERABLE as exc:  # a missing WIOD cache year
        return None, f"WIOD 2013 tables ({exc})"
    ind = acc[acc["industry"].isin(INDUSTRY_SECTOR)].copy()
    ind["va_share"] = ind["va"] / ind.groupby("year")["va"].transform("sum")
    ind["workers_eq"] = ind["va_share"] * ind["year"].map(emp)
    measures = [
        "gvc_part_trade",
        "exgr_fvash",
        "dexfvapsh",
        "gvc_part_prod_fwd",
        "gvc_part_prod_bwd",
    ]
    g = gvcp[
        (gvcp["source"] == "wiod2013") & (gvcp["iso3"] == "JPN") & gvcp["measure"].isin(measures)
    ]
    wide = g.pivot_table(index=["industry", "year"], columns="measure", values="value")
    wide = (wide * 100.0).reset_index()
    wide.columns.name = None
    panel = jp[["industry", "year", "operational_stock"]].rename(
        columns={"operational_stock": "stock"}
    )
    panel = panel.astype({"industry": str}).merge(
        ind[["industry", "year", "output", "va", "workers_eq"]].astype({"industry": str}),
        on=["industry", "year"],
    )
    panel = panel.merge(wide.astype({"industry": str}), on=["industry", "year"])
    panel["density"] = 100.0 * panel["stock"] / panel["workers_eq"]
    panel["per_output"] = panel["stock"] / panel["output"]
    panel["log_stock"] = safe_log(panel["stock"])
    panel["log_density"] = safe_log(panel["density"])
    for m in measures:
        panel[f"log_{m}"] = safe_log(panel[m])
    return panel.sort_values(["industry", "year"]).reset_index(drop=True), ""


def xc_panel(load: Loader) -> tuple[pd.DataFrame | None, str]:
    """Country x year panel 2017-2022: ADB manufacturing participation (pct) x IFR press
    manufacturing density (``density`` = robots per 100 employees), or (None, reason)."""
    adb = try_load(load, "adb_gvc")
    robots = try_load(load, "robots")
    if adb is None or robots is None:
        return None, "processed tables adb_gvc/robots (run `gvc build`)"
    m = adb_manufacturing(adb)
    ifr = robots[
        (robots["source"] == "ifr_press") & (robots["industry"] == "MANUF") & robots["is_country"]
    ].dropna(subset=["density_per_10k"])
    ifr = ifr[ifr["year"].between(2017, 2022)]
    df = m.merge(
        ifr[["iso3", "year", "density_per_10k"]].astype({"iso3": str}), on=["iso3", "year"]
    )
    if df.empty:
        return None, "IFR press densities matching ADB economies"
    df["density"] = df["density_per_10k"] / 100.0
    df["part_pct"] = 100.0 * df["gvc_part_trade"]
    df["log_part"] = safe_log(df["gvc_part_trade"])
    df["log_density"] = safe_log(df["density"])
    return df.sort_values(["iso3", "year"]).reset_index(drop=True), ""


def owid_panel(load: Loader) -> tuple[pd.DataFrame | None, str]:
    """CHN, DEU, JPN, KOR, USA 2017-2022: ADB manufacturing participation x OWID stock proxy.

    OWID installations start in 2011, so a 12-year perpetual inventory is impossible; the proxy
    is cumulative installations since 2011 (units), ``log_stock`` its log.
    """
    adb = try_load(load, "adb_gvc")
    robots = try_load(load, "robots")
    if adb is None or robots is None:
        return None, "processed tables adb_gvc/robots (run `gvc build`)"
    o = robots[(robots["source"] == "owid") & robots["is_country"]].sort_values(["iso3", "year"])
    o = o.dropna(subset=["installations"]).copy()
    if o.empty:
        return None, "OWID robot installations (owid/ in the mirror)"
    o["stock_proxy"] = o.groupby("iso3")["installations"].cumsum()
    m = adb_manufacturing(adb)
    df = m.merge(o[["iso3", "year", "stock_proxy"]].astype({"iso3": str}), on=["iso3", "year"])
    df = df[df["year"].between(2017, 2022)].copy()
    df["log_stock"] = safe_log(df["stock_proxy"])
    df["log_part"] = safe_log(df["gvc_part_trade"])
    return df.sort_values(["iso3", "year"]).reset_index(drop=True), ""


def _singletons(xc: pd.DataFrame, x: str, y: str) -> set[str]:
    """Countries observed in one year only (dropped by the country fixed effect)."""
    d = xc[xc[x].notna() & xc[y].notna()]
    n = d.groupby("iso3")["year"].nunique()
    return set(n[n < 2].index.astype(str))


def _figure(panel: pd.DataFrame, xc: pd.DataFrame | None, fig_dir: Path) -> Path:
    import seaborn as sns

    fig, axes = new_figure(11, 4.5)
    fig.clf()
    ax1 = fig.add_subplot(1, 2, 1)
    sns.scatterplot(data=panel, x="density", y="gvc_part_trade", hue="industry", ax=ax1, s=18)
    ax1.set_xlabel("Robots per 100 workers-equivalent (JARA stock / imputed employment)")
    ax1.set_ylabel("Trade-based GVC participation (pct of gross exports)")
    ax1.set_title(
        f"Japan, {panel['industry'].nunique()} manufacturing industries, "
        f"{panel['year'].min()}-{panel['year'].max()}",
        fontsize=9,
    )
    ax1.legend(fontsize=6, ncol=2, title="WIOD industry", title_fontsize=6)
    ax2 = fig.add_subplot(1, 2, 2)
    if xc is not None and not xc.empty:
        sns.scatterplot(data=xc, x="density", y="part_pct", hue="iso3", ax=ax2, s=22)
        ax2.legend(fontsize=6, ncol=2, title="country", title_fontsize=6)
    ax2.set_xlabel("Robots per 100 manufacturing employees (IFR press)")
    ax2.set_ylabel("Manufacturing GVC participation (pct of exports, ADB)")
    ax2.set_title("Countries, 2017-2022", fontsize=9)
    return save_figure(
        fig,
        fig_dir / "c1_robots_gvc.png",
        "C1: robot density and GVC participation (claim: -0.8 pt per pt)",
        f"{SOURCE_JP}; {SOURCE_XC}",
    )


def run(load: Loader, fig_dir: Path) -> FamilyResult:
    """Every registered C1 specification (see the module docstring for data and units)."""
    claim = get_claim("C1")
    rows: list[dict[str, object]] = []
    tables: dict[str, object] = {}
    fits = {}
    from gvc.estimators import compare

    panel, why = japan_panel(load)
    how_jp = "build the panels from the mirror (`gvc build`; needs jara/ and wiod2013/)"
    if panel is None:
        for sid in JP_MEASURES:
            rows.append(unavailable(claim, sid, why, how_jp))
    else:
        ci_side: list[dict[str, object]] = []
        for sid, (measure, label) in JP_MEASURES.items():
            elast = "elast" in sid
            formula = (
                f"log_{measure} ~ log_density | industry + year"
                if elast
                else f"{measure} ~ density | industry + year"
            )
            data = panel[panel["industry"] != "c16"] if sid.endswith("no-c16") else panel
            fit = quiet_feols(formula, data, wild("industry"))
            fits[sid] = fit
            term = "log_density" if elast else "density"
            crv = quiet_feols(formula, data, {"CRV1": "industry"}).tidy().set_index("term")
            note = (
                f"Japan {data['industry'].nunique()} industries "
                f"({', '.join(sorted(data['industry'].unique(), key=lambda s: int(s[1:])))}) x "
                f"{data['year'].min()}-{data['year'].max()}; y = "
                f"{label}, {'log' if elast else 'pct'}; x = robots per 100 workers-equivalent"
                f"{' (log)' if elast else ''}; industry + year FE; wild cluster bootstrap "
                f"(Webb, 999 reps) CI beside CRV1 by industry CI [{crv.loc[term, 'ci_low']:.3f}, "
                f"{crv.loc[term, 'ci_high']:.3f}] ({data['industry'].nunique()} clusters)"
            )
            if sid == "C1-jp-production":
                alt = quiet_feols(
                    "gvc_part_prod_bwd ~ density | industry + year", panel, wild("industry")
                )
                fits["C1-jp-production-bwd"] = alt
                t = alt.tidy().iloc[0]
                note += (
                    f"; backward production-based (gvc_part_prod_bwd): {t['estimate']:.3f} "
                    f"[{t['ci_low']:.3f}, {t['ci_high']:.3f}]"
                )
            row, _ = fit_row(claim, sid, fit, term, note)
            rows.append(row)
            ci_side.append(
                {
                    "specification": sid,
                    "estimate": row["estimate"],
                    "wild_ci_low": row["ci_low"],
                    "wild_ci_high": row["ci_high"],
                    "crv1_ci_low": crv.loc[term, "ci_low"],
                    "crv1_ci_high": crv.loc[term, "ci_high"],
                    "clusters": data["industry"].nunique(),
                }
            )
        # robustness: other robot measures for the primary outcome
        for name, x in (("per_output", "per_output"), ("log_stock", "log_stock")):
            fits[f"C1-jp-pp-{name}"] = quiet_feols(
                f"gvc_part_trade ~ {x} | industry + year", panel, wild("industry")
            )
        jp_cols = [
            "C1-jp-elast",
            "C1-jp-elast-no-c16",
            "C1-jp-pp",
            "C1-jp-pp-per_output",
            "C1-jp-pp-log_stock",
            "C1-jp-backward",
            "C1-jp-forward",
            "C1-jp-production",
            "C1-jp-production-bwd",
        ]
        tables["c1_japan_wild_vs_crv1"] = pd.DataFrame(ci_side)
        tables["c1_japan"] = compare(
            [fits[c] for c in jp_cols],
            names=jp_cols,
            labels={
                "density": "Robots per 100 workers-eq.",
                "log_density": "log robots per 100 workers-eq.",
                "per_output": "Robots per USD mn gross output",
                "log_stock": "log robot stock",
            },
        )

    xc, why_xc = xc_panel(load)
    how_xc = "build adb_gvc and robots from the mirror (adb-mrio-gvc/, ifr-press/)"
    if xc is None:
        rows.append(unavailable(claim, "C1-xc-adb-ifr", why_xc, how_xc))
        rows.append(unavailable(claim, "C1-xc-adb-ifr-elast", why_xc, how_xc))
    else:
        base_note = (
            "2017-2022; ADB manufacturing (15-sector light + heavy, export-weighted) trade-based "
            "participation x IFR press density; country + year FE; wild cluster bootstrap by "
            "country"
        )
        for sid, formula, term in (
            ("C1-xc-adb-ifr", "part_pct ~ density | iso3 + year", "density"),
            ("C1-xc-adb-ifr-elast", "log_part ~ log_density | iso3 + year", "log_density"),
        ):
            try:
                fit = quiet_feols(formula, xc, wild("iso3"))
            except RECOVERABLE as exc:  # too few countries with repeated years
                rows.append(unavailable(claim, sid, f"estimable panel ({exc})", how_xc))
                continue
            fits[sid] = fit
            used = sorted(xc.loc[xc[term].notna() & xc[formula.split(" ~")[0]].notna(), "iso3"])
            # the countries of the estimation sample, after singleton countries are dropped
            kept = sorted(set(used) - _singletons(xc, term, formula.split(" ~")[0]))
            note = f"{len(kept)} countries ({', '.join(kept)}) after singletons; {base_note}"
            rows.append(fit_row(claim, sid, fit, term, note)[0])

    ow, why_ow = owid_panel(load)
    if ow is None or ow["iso3"].nunique() < 2:
        rows.append(unavailable(claim, "C1-xc-adb-owid", why_ow or "OWID x ADB overlap", how_xc))
    else:
        fit = quiet_feols("log_part ~ log_stock | iso3 + year", ow, wild("iso3"))
        fits["C1-xc-adb-owid"] = fit
        note = (
            f"{', '.join(sorted(ow['iso3'].unique()))} 2017-2022; log ADB manufacturing "
            "participation on log cumulative OWID installations since 2011 (stock proxy); "
            f"wild bootstrap with only {ow['iso3'].nunique()} clusters: indicative"
        )
        rows.append(fit_row(claim, "C1-xc-adb-owid", fit, "log_stock", note)[0])
    xc_cols = [c for c in ("C1-xc-adb-ifr", "C1-xc-adb-ifr-elast", "C1-xc-adb-owid") if c in fits]
    if xc_cols:
        tables["c1_cross_country"] = compare([fits[c] for c in xc_cols], names=xc_cols)

    ifr_rows, ifr_tables, ifr_figures, ifr_summary = c1_ifr.run_rows(claim, load, fig_dir)
    rows.extend(ifr_rows)
    tables.update(ifr_tables)

    df = rows_frame(rows, claim)
    figures = [_figure(panel, xc, fig_dir)] if panel is not None else []
    figures += ifr_figures
    if panel is not None:
        tables["c1_japan_panel"] = panel
    if xc is not None:
        tables["c1_xc_panel"] = xc
    with_est = df[df["estimate"].notna()]
    primary = with_est.iloc[0] if len(with_est) else df.iloc[0]
    registered = claim.primary.id if claim.primary else ""
    head_word = (
        "Primary"
        if primary["specification"] == registered
        else f"Headline (the primary {registered} has no estimate)"
    )
    lines = [describe_row(r) for _, r in df.iterrows() if r["verdict"] != "data unavailable"]
    dens = ""
    if panel is not None:
        by_year = panel.groupby("year")["density"].mean()
        dens = (
            f" Mean robot density of the {panel['industry'].nunique()} Japanese industries: "
            f"{fmt(by_year.iloc[0])} ({by_year.index[0]}) -> {fmt(by_year.iloc[-1])} "
            f"({by_year.index[-1]}) robots per 100 workers-equivalent."
        )
    result_md = (
        "Reference: -0.8 pts of participation per 1 pt of robot density (or -0.8 %/%). "
        f"{head_word}: {describe_row(primary)}."
        f"{dens} {ifr_summary}\n\n" + "\n".join(f"- {x}" for x in lines)
    )
    return FamilyResult(
        claim_id="C1",
        rows=df,
        figures=figures,
        tables=tables,
        result_md=result_md,
        caveats=(
            "Industry employment is not available by WIOD industry: density uses employment "
            "imputed from OECD ALFS industry employment allocated by value-added shares "
            "(equal productivity within Japanese industry), so its level is only "
            "'workers-equivalent'. JARA stocks are a 12-year perpetual inventory of domestic "
            f"shipments.{_density_outlier(panel)} Few industries give few clusters: inference "
            "is a wild cluster bootstrap (Webb weights); CRV1 would over-reject. The "
            "cross-country panels are short "
            "(2017-2022) with few countries repeated in the IFR press releases; the OWID spec "
            f"has {0 if ow is None else ow['iso3'].nunique()} countries and a "
            "cumulative-installations proxy. WIOD 1995-2011 cannot be "
            "paired with OWID installations (from 2011) or IFR press densities (from 2010). "
            "These are two-way fixed-effects associations, not causal estimates. The cited "
            "design (C1-ifr) needs the user's licensed IFR file; its IV uses other high-income "
            "countries' adoption of the same industry and so drops industry x year effects. "
            f"Context: {get_claim('C1').context}"
        ),
        data=(
            "JARA shipments by user industry -> operational stocks (robots_by_industry, source "
            "jara); "
            "WIOD 2013 GVC measures by industry (gvc_participation) and industry value added "
            "(WIOD tables); OECD ALFS employment; ADB MRIO GVC participation (adb_gvc, "
            "15-sector manufacturing); IFR press-release densities; OWID installations; the "
            "user's IFR file (robots_by_industry, source ifr) and WIOD SEA employment when "
            "supplied."
        ),
        specification=claim.primary.description if claim.primary else "",
    )


def _density_outlier(panel: pd.DataFrame | None) -> str:
    """Caveat sentence on the industry with the highest density in the Japan panel."""
    if panel is None or panel.empty:
        return ""
    from gvc.sources.wiod2013 import INDUSTRIES

    top = panel.loc[panel["density"].idxmax()]
    ind = str(top["industry"])
    name = INDUSTRIES.get(ind, ("", ind))[1]
    median = panel["density"].median()
    return (
        f" {ind} ({name}) reaches {top['density']:.0f} robots per 100 workers-equivalent "
        f"({int(top['year'])}; panel median {median:.1f}), an artefact of the JARA-to-WIOD "
        "mapping and its small imputed employment."
    )
