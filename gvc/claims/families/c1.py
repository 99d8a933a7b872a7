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
  workers-equivalent of the base year 1995 (a fixed denominator, as Graetz-Michaels and
  Acemoglu-Restrepo; the claim's "robots per 100 workers" up to the equal-productivity
  assumption). Robustness (tables only): robots per million USD of gross output, log stock.
- participation (pct = 100 x fraction, from ``gvc_participation``): trade-based
  ``gvc_part_trade`` (= exgr_fvash + dexfvapsh), backward ``exgr_fvash``, forward
  ``dexfvapsh``, production-based ``gvc_part_prod_fwd`` (Wang et al. 2017, forward; the backward
  variant is reported in the note).
- model: ``y ~ density | industry + year``; inference by wild cluster bootstrap by industry
  (10 clusters, Webb weights, 9,999 reps, null imposed), since CRV1 with 10 clusters over-rejects.

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

from gvc.claims.families import c1_ifr, kit
from gvc.claims.families.common import (
    ALFS_INDUSTRY,
    adb_manufacturing,
    alfs,
    require_wiod,
    safe_log,
    wiod_industry_accounts,
)

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

SPECS = (*c1_ifr.ALL_IDS, *JP_MEASURES, "C1-xc-adb-ifr", "C1-xc-adb-ifr-elast", "C1-xc-adb-owid")
"""The registry specs this module computes (checked against seed_claims.toml by
tests/claims/test_claims_spec_ids.py)."""
SOURCE_JP = "JARA shipments (Adachi-Kawaguchi-Saito data), WIOD 2013, OECD ALFS; gvc computations"
SOURCE_XC = "ADB MRIO July 2023 (mrio-processing), IFR World Robotics press releases; gvc"
HOW_JP = "build the panels from the mirror (`gvc build`; needs jara/ and wiod2013/)"
HOW_XC = "build adb_gvc and robots from the mirror (adb-mrio-gvc/, ifr-press/)"
JP_TABLE = [
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
"""Columns of the ``c1_japan`` regression table (rows plus robustness fits)."""


def japan_panel(load: kit.Loader) -> tuple[pd.DataFrame | None, str]:
    """Japan industry x year panel (see module docstring) or (None, reason).

    Columns: ``industry, year, stock`` (units), ``workers_eq`` (persons), ``workers_eq_base``
    (its 1995 value), ``density`` (robots per 100 base-year workers-equivalent), ``per_output`` (robots per million USD gross output),
    ``log_stock``, ``log_density``, and each participation measure in pct (``gvc_part_trade``,
    ``exgr_fvash``, ``dexfvapsh``, ``gvc_part_prod_fwd``, ``gvc_part_prod_bwd``) plus its log.
    """
    robots = kit.try_load(load, "robots_by_industry")  # C1's one robots input, whatever the source
    gvcp = kit.try_load(load, "gvc_participation")
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
    except kit.RECOVERABLE as exc:  # a missing WIOD cache year
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
    # base-year denominator (Graetz-Michaels, Acemoglu-Restrepo): a workers-equivalent that
    # moves with each year's value-added share would put the outcome's own dynamics (offshoring
    # moves value added) into the regressor
    base = panel.loc[panel["year"] == YEARS.start, ["industry", "workers_eq"]]
    panel = panel.merge(base.rename(columns={"workers_eq": "workers_eq_base"}), on="industry")
    panel["density"] = 100.0 * panel["stock"] / panel["workers_eq_base"]
    panel["per_output"] = panel["stock"] / panel["output"]
    panel["log_stock"] = safe_log(panel["stock"])
    panel["log_density"] = safe_log(panel["density"])
    for m in measures:
        panel[f"log_{m}"] = safe_log(panel[m])
    return panel.sort_values(["industry", "year"]).reset_index(drop=True), ""


def xc_panel(load: kit.Loader) -> tuple[pd.DataFrame | None, str]:
    """Country x year panel 2017-2022: ADB manufacturing participation (pct) x IFR press
    manufacturing density (``density`` = robots per 100 employees), or (None, reason)."""
    adb = kit.try_load(load, "adb_gvc")
    robots = kit.try_load(load, "robots")
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


def owid_panel(load: kit.Loader) -> tuple[pd.DataFrame | None, str]:
    """CHN, DEU, JPN, KOR, USA 2017-2022: ADB manufacturing participation x OWID stock proxy.

    OWID installations start in 2011, so a 12-year perpetual inventory is impossible; the proxy
    is cumulative installations since 2011 (units), ``log_stock`` its log.
    """
    adb = kit.try_load(load, "adb_gvc")
    robots = kit.try_load(load, "robots")
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


SHORT_NAMES = {
    "c3": "Food", "c4": "Textiles", "c5": "Leather", "c6": "Wood", "c7": "Paper, printing",
    "c8": "Petroleum", "c9": "Chemicals", "c10": "Rubber, plastics", "c11": "Minerals",
    "c12": "Metals", "c13": "Machinery", "c14": "Electrical, optical", "c15": "Transport eq.",
    "c16": "Manufacturing n.e.c.",
}  # fmt: skip
"""Short names of the WIOD manufacturing industries for legends (full names:
:data:`gvc.sources.wiod2013.INDUSTRIES`)."""


def _figure(panel: pd.DataFrame, xc: pd.DataFrame | None, fig_dir: Path) -> Path:
    """Japan by industry (named, a qualitative palette) and the countries (20 distinct colours
    and markers), legends below the axes so they never cover the data."""
    import seaborn as sns

    fig, _ = kit.new_figure(13, 6.2)
    fig.clf()
    ax1 = fig.add_subplot(1, 2, 1)
    p = panel.assign(industry_name=panel["industry"].map(lambda i: f"{i} {SHORT_NAMES.get(i, '')}"))
    order = sorted(p["industry_name"].unique(), key=lambda s: int(s.split()[0][1:]))
    sns.scatterplot(
        data=p, x="density", y="gvc_part_trade", hue="industry_name", hue_order=order,
        style="industry_name", palette=sns.color_palette("tab10", len(order)), ax=ax1, s=24,
    )  # fmt: skip
    ax1.set_xlabel("Robots per 100 workers-equivalent of 1995 (JARA stock / imputed employment)")
    ax1.set_ylabel("Trade-based GVC participation (pct of gross exports)")
    ax1.set_title(
        f"Japan, {panel['industry'].nunique()} manufacturing industries, "
        f"{panel['year'].min()}-{panel['year'].max()}",
        fontsize=10,
    )
    ax1.legend(fontsize=7, ncol=3, title="WIOD industry", title_fontsize=7,
               loc="upper center", bbox_to_anchor=(0.5, -0.14), frameon=False)  # fmt: skip
    ax2 = fig.add_subplot(1, 2, 2)
    if xc is not None and not xc.empty:
        n = xc["iso3"].nunique()
        sns.scatterplot(
            data=xc, x="density", y="part_pct", hue="iso3", style="iso3",
            palette=sns.color_palette("tab20", n), ax=ax2, s=30,
        )  # fmt: skip
        ax2.legend(fontsize=7, ncol=6, title="country", title_fontsize=7,
                   loc="upper center", bbox_to_anchor=(0.5, -0.14), frameon=False)  # fmt: skip
    ax2.set_xlabel("Robots per 100 manufacturing employees (IFR press)")
    ax2.set_ylabel("Manufacturing GVC participation (pct of exports, ADB)")
    ax2.set_title("Countries, 2017-2022", fontsize=10)
    return kit.save_figure(
        fig,
        fig_dir / "c1_robots_gvc.png",
        "C1: robot density and GVC participation (claim: -0.8 pt per pt)",
        f"{SOURCE_JP}; {SOURCE_XC}",
    )


def data(load: kit.Loader) -> kit.FamilyData:
    """The four C1 panels (see the module docstring for sources and units).

    Frames: ``japan`` (:func:`japan_panel`), ``xc`` (:func:`xc_panel`), ``owid``
    (:func:`owid_panel`), ``ifr`` (:func:`gvc.claims.families.c1_ifr.load_panel`: the user's IFR
    file by country x industry) and ``ifr_files`` (what became of each IFR file) when built.
    ``missing`` says, per panel, what is needed when it cannot be built.
    """
    out = kit.FamilyData()
    builders = {"japan": japan_panel, "xc": xc_panel, "owid": owid_panel, "ifr": c1_ifr.load_panel}
    for name, build in builders.items():
        frame, why = build(load)
        if frame is None:
            out.missing[name] = why
        else:
            out.frames[name] = frame
    if "ifr" in out.frames:
        log = kit.try_load(load, "ifr_files")
        if log is not None:
            out.frames["ifr_files"] = log
    return out


def japan_formula(spec_id: str) -> tuple[str, str]:
    """``(formula, term)`` of a ``C1-jp-*`` specification: the elasticities are log on log."""
    measure = JP_MEASURES[spec_id][0]
    if "elast" in spec_id:
        return f"log_{measure} ~ log_density | industry + year", "log_density"
    return f"{measure} ~ density | industry + year", "density"


def japan_sample(panel: pd.DataFrame, spec_id: str) -> pd.DataFrame:
    """The Japan panel rows a ``C1-jp-*`` specification uses (``-no-c16`` drops c16)."""
    return panel[panel["industry"] != "c16"] if spec_id.endswith("no-c16") else panel


def _japan_rows(
    claim: kit.Claim, panel: pd.DataFrame, fitted: dict
) -> tuple[list[dict], pd.DataFrame]:
    """The ``C1-jp-*`` rows (wild bootstrap CI; CRV1 CI in the note; fits added to ``fitted``)
    and the table of wild bootstrap against CRV1 intervals."""
    rows, ci_side = [], []
    for sid, (_measure, label) in JP_MEASURES.items():
        elast = "elast" in sid
        formula, term = japan_formula(sid)
        d = japan_sample(panel, sid)
        fit = fitted[sid] = kit.quiet_feols(formula, d, kit.wild("industry"))
        crv = kit.quiet_feols(formula, d, {"CRV1": "industry"}).tidy().set_index("term")
        note = (
            f"Japan {d['industry'].nunique()} industries "
            f"({', '.join(sorted(d['industry'].unique(), key=lambda s: int(s[1:])))}) x "
            f"{d['year'].min()}-{d['year'].max()}; y = "
            f"{label}, {'log' if elast else 'pct'}; x = robots per 100 workers-equivalent"
            f"{' (log)' if elast else ''}; industry + year FE; wild cluster bootstrap "
            f"(Webb, {kit.BOOT_REPS:,} reps) CI beside CRV1 by industry CI [{crv.loc[term, 'ci_low']:.3f}, "
            f"{crv.loc[term, 'ci_high']:.3f}] ({d['industry'].nunique()} clusters)"
        )
        if sid == "C1-jp-production":
            alt = kit.quiet_feols(
                "gvc_part_prod_bwd ~ density | industry + year", panel, kit.wild("industry")
            )
            fitted["C1-jp-production-bwd"] = alt
            t = alt.tidy().iloc[0]
            note += (
                f"; backward production-based (gvc_part_prod_bwd): {t['estimate']:.3f} "
                f"[{t['ci_low']:.3f}, {t['ci_high']:.3f}]"
            )
        row, _ = kit.fit_row(claim, sid, fit, term, note, **c1_ifr.bootstrap_power(fit, term))
        rows.append(row)
        ci_side.append(
            {
                "specification": sid,
                "estimate": row["estimate"],
                "wild_ci_low": row["ci_low"],
                "wild_ci_high": row["ci_high"],
                "crv1_ci_low": crv.loc[term, "ci_low"],
                "crv1_ci_high": crv.loc[term, "ci_high"],
                "clusters": d["industry"].nunique(),
            }
        )
    return rows, pd.DataFrame(ci_side)


REVISION_FALL = 0.10
"""A year-on-year fall of a country's IFR press density by more than this share is listed as a
likely revision between World Robotics editions (operational stocks rarely fall that fast)."""


def revision_note(xc: pd.DataFrame) -> str:
    """The caveat of the press densities: each year comes from that year's World Robotics press
    release, so a country's change between years includes IFR's revisions between editions (of
    the stock and of the employment denominator); the falls above :data:`REVISION_FALL` in
    consecutive years are named, e.g. ``"; ... ESP 2020-2021 203 -> 167 ..."``. Such noise in the
    regressor attenuates the slope toward 0."""
    d = xc.sort_values(["iso3", "year"])[["iso3", "year", "density_per_10k"]].dropna()
    prev = d.groupby("iso3").shift(1)
    fall = d[
        (prev["year"] == d["year"] - 1)
        & (d["density_per_10k"] < (1 - REVISION_FALL) * prev["density_per_10k"])
    ]
    text = (
        "; densities from successive World Robotics press releases (one edition per year): a "
        "country's change between years includes IFR's revisions between editions, and noise in "
        "the regressor attenuates the slope toward 0"
    )
    if len(fall):
        p = prev.loc[fall.index]
        falls = ", ".join(
            f"{c} {int(y0)}-{int(y)} {v0:.0f} -> {v:.0f}"
            for c, y0, y, v0, v in zip(fall["iso3"], p["year"], fall["year"],
                                       p["density_per_10k"], fall["density_per_10k"], strict=True)
        )  # fmt: skip
        text += (
            f" (falls of more than {REVISION_FALL:.0%} in a year, per 10,000 employees: {falls})"
        )
    return text


def _xc_rows(claim: kit.Claim, xc: pd.DataFrame, fitted: dict) -> list[dict]:
    """``C1-xc-adb-ifr`` (pts per pt) and ``C1-xc-adb-ifr-elast`` (%/%), country + year FE."""
    rows = []
    base_note = (
        "2017-2022; ADB manufacturing (15-sector light + heavy, export-weighted) trade-based "
        "participation x IFR press density; country + year FE; wild cluster bootstrap by "
        "country"
    ) + revision_note(xc)
    for sid, formula, term in (
        ("C1-xc-adb-ifr", "part_pct ~ density | iso3 + year", "density"),
        ("C1-xc-adb-ifr-elast", "log_part ~ log_density | iso3 + year", "log_density"),
    ):
        y = formula.split(" ~")[0]
        try:
            fit = kit.quiet_feols(formula, xc, kit.wild("iso3"))
        except kit.RECOVERABLE as exc:  # too few countries with repeated years
            rows.append(kit.unavailable(claim, sid, f"estimable panel ({exc})", HOW_XC))
            continue
        fitted[sid] = fit
        used = sorted(xc.loc[xc[term].notna() & xc[y].notna(), "iso3"])
        # the countries of the estimation sample, after singleton countries are dropped
        kept = sorted(set(used) - _singletons(xc, term, y))
        note = f"{len(kept)} countries ({', '.join(kept)}) after singletons; {base_note}"
        rows.append(
            kit.fit_row(claim, sid, fit, term, note, **c1_ifr.bootstrap_power(fit, term))[0]
        )
    return rows


def estimate(claim: kit.Claim, data: kit.FamilyData) -> list[dict[str, object]]:
    """Every registered C1 specification: Japan (``C1-jp-*``), cross-country (``C1-xc-*``) and
    the cited design (``C1-ifr-*``, :mod:`~gvc.claims.families.c1_ifr`)."""
    rows: list[dict[str, object]] = []
    fitted = kit.fits(data)
    if "japan" in data.missing:
        rows += [kit.unavailable(claim, s, data.missing["japan"], HOW_JP) for s in JP_MEASURES]
    else:
        jp_rows, data.notes["wild_vs_crv1"] = _japan_rows(claim, data["japan"], fitted)
        rows += jp_rows
    if "xc" in data.missing:
        for sid in ("C1-xc-adb-ifr", "C1-xc-adb-ifr-elast"):
            rows.append(kit.unavailable(claim, sid, data.missing["xc"], HOW_XC))
    else:
        rows += _xc_rows(claim, data["xc"], fitted)
    ow = data.get("owid")
    if ow is None or ow["iso3"].nunique() < 2:
        why = data.missing.get("owid") or "OWID x ADB overlap"
        rows.append(kit.unavailable(claim, "C1-xc-adb-owid", why, HOW_XC))
    else:
        fit = fitted["C1-xc-adb-owid"] = kit.quiet_feols(
            "log_part ~ log_stock | iso3 + year", ow, kit.wild("iso3")
        )
        note = (
            f"{', '.join(sorted(ow['iso3'].unique()))} 2017-2022; log ADB manufacturing "
            "participation on log cumulative OWID installations since 2011 (stock proxy); "
            f"wild bootstrap with only {ow['iso3'].nunique()} clusters: indicative"
        )
        power = c1_ifr.bootstrap_power(fit, "log_stock")
        rows.append(kit.fit_row(claim, "C1-xc-adb-owid", fit, "log_stock", note, **power)[0])
    if "ifr" in data.missing:
        rows += c1_ifr.unavailable_rows(claim, data.missing["ifr"])
    else:
        ifr_rows, ifr_fits = c1_ifr.estimate_rows(claim, data["ifr"], data.get("ifr_files"))
        data.notes["ifr_fits"] = ifr_fits
        rows += ifr_rows
    return rows


def figures(
    claim: kit.Claim, data: kit.FamilyData, rows: pd.DataFrame, fig_dir: Path
) -> list[Path]:
    """Japan and cross-country scatters; the cited design's long differences and estimates."""
    out = []
    if "japan" in data.frames:
        out.append(_figure(data["japan"], data.get("xc"), fig_dir))
    if "ifr" in data.frames:
        ifr_rows = rows.set_index("specification").loc[c1_ifr.ALL_IDS].reset_index()
        out.append(c1_ifr.figure(data["ifr"], ifr_rows.to_dict("records"), fig_dir, c1_ifr.SOURCE))
    return out


def _tables(data: kit.FamilyData) -> dict[str, object]:
    """The regression tables (Japan with robustness fits, cross-country, C1-ifr) and panels."""
    from gvc.estimators import compare

    fitted = kit.fits(data)
    tables: dict[str, object] = {}
    if "japan" in data.frames:
        panel = data["japan"]
        # robustness: other robot measures for the primary outcome (tables only)
        for name, x in (("per_output", "per_output"), ("log_stock", "log_stock")):
            if f"C1-jp-pp-{name}" not in fitted:
                fitted[f"C1-jp-pp-{name}"] = kit.quiet_feols(
                    f"gvc_part_trade ~ {x} | industry + year", panel, kit.wild("industry")
                )
        tables["c1_japan_wild_vs_crv1"] = data.notes["wild_vs_crv1"]
        tables["c1_japan"] = compare(
            [fitted[c] for c in JP_TABLE],
            names=JP_TABLE,
            labels={
                "density": "Robots per 100 workers-eq.",
                "log_density": "log robots per 100 workers-eq.",
                "per_output": "Robots per USD mn gross output",
                "log_stock": "log robot stock",
            },
        )
    xc_cols = [c for c in ("C1-xc-adb-ifr", "C1-xc-adb-ifr-elast", "C1-xc-adb-owid") if c in fitted]
    if xc_cols:
        tables["c1_cross_country"] = compare([fitted[c] for c in xc_cols], names=xc_cols)
    tables.update(c1_ifr.tables(data.notes.get("ifr_fits", {})))
    if "japan" in data.frames:
        tables["c1_japan_panel"] = data["japan"]
    if "xc" in data.frames:
        tables["c1_xc_panel"] = data["xc"]
    return tables


def describe(claim: kit.Claim, data: kit.FamilyData, rows: pd.DataFrame) -> kit.FamilyText:
    """The headline (primary row, or the first with an estimate), every row, mean Japanese
    density, the C1-ifr sentence; caveats; the regression tables and panels."""
    panel, ow = data.get("japan"), data.get("owid")
    with_est = rows[rows["estimate"].notna()]
    primary = with_est.iloc[0] if len(with_est) else rows.iloc[0]
    registered = claim.primary.id if claim.primary else ""
    head_word = (
        "Primary"
        if primary["specification"] == registered
        else f"Headline from a substitute design, not the cited one (the primary {registered} "
        "has no estimate)"
    )
    dens = ""
    if panel is not None:
        by_year = panel.groupby("year")["density"].mean()
        dens = (
            f" Mean robot density of the {panel['industry'].nunique()} Japanese industries: "
            f"{kit.fmt(by_year.iloc[0])} ({by_year.index[0]}) -> {kit.fmt(by_year.iloc[-1])} "
            f"({by_year.index[-1]}) robots per 100 workers-equivalent."
        )
    if "ifr" in data.missing:
        ifr_summary = c1_ifr.unavailable_summary(data.missing["ifr"])
    else:
        ifr_summary = c1_ifr.summary(rows)
    result_md = (
        f"Reference: {_stated(claim)} pts of participation per 1 pt of robot density (or the "
        "same in %/%). "
        f"{head_word}: {kit.describe_row(primary)}."
        f"{dens} {ifr_summary}\n\n" + kit.bullets(kit.row_lines(rows, skip_unavailable=True))
    )
    return kit.FamilyText(
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
            "design (C1-ifr) needs the user's licensed IFR file; its IV uses the same industry's "
            "adoption in five leading European adopters (Acemoglu and Restrepo 2020; the "
            "leave-one-out mean over high-income countries as a robustness row), which varies "
            "only by industry and year, so the IV drops industry x year effects. "
            f"Context: {claim.context}"
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
        tables=_tables(data),
    )


def _stated(claim: kit.Claim) -> str:
    """The claimed value with the range its stated digits imply (``-0.8 (i.e. -0.85 to -0.75 as
    stated)``), as the ledger prints it."""
    from gvc.claims.ledger import format_reference

    return format_reference(claim.references[0])


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
