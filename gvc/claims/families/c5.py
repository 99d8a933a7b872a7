"""C5: developing countries' export value-added rate falls 0.6 pt a year (004).

Statistic: the domestic value-added (DVA) share of gross exports of a group of developing
economies, export-weighted (ratio of sums: sum DVA / sum gross exports, in pct), per year;
then :func:`gvc.claims.trend.linear_trend` (OLS slope, Newey-West 95% CI) in pts/yr.

- WIOD 2013, 1995-2011 (``C5-wiod-*``): ``gvc_participation`` TOTAL rows, ``exgr_dva`` (V_s B_ss
  e_s, TiVA EXGR_DVA) over ``exgr``; WIOD's RoW is not a country and is left out.
- ADB MRIO, 2017-2022 (``C5-adb-*``): the processed ``adb_gvc`` table has no DVA column and
  ``summary62.parquet`` has only output, value added and exports (no Leontief content), so the
  DVA share is 1 - ``gvc_part_trade_bwd``: in Borin-Mancini (2019) backward GVC exports are
  foreign value added plus pure double counting, so the complement is domestic value added net of
  double counting (DAVAX + re-exported/reflected DVA) over gross exports. TOTAL sector.

Developing (:mod:`gvc.claims.developing`): the primary rows use the World Bank classification of
each data year (``income_groups``, OGHIST), so an economy counts while it was low or middle
income; robustness rows hold the base-year classification fixed (``-base``) or apply today's
(``-current``, labelled robustness only); ``-m49`` uses UN M49 developing regions; "without China"
drops China from the group. Trends: :func:`gvc.claims.trend.linear_trend` (ADB: 6 years, OLS with
iid errors and t(4), indicative, with drop-one-endpoint rows; WIOD: 17 years, Newey-West).

The claim names a cause ("this oppression leads to ..."); the data test only the trend.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gvc.claims import developing as dv
from gvc.claims.families.base import (
    FamilyResult,
    Loader,
    describe_row,
    new_figure,
    rows_frame,
    save_figure,
    try_load,
    unavailable,
)
from gvc.claims.families.common import adb_total
from gvc.claims.families.sample import trend_sample
from gvc.claims.ledger import ledger_row
from gvc.claims.registry import get_claim
from gvc.claims.trend import drop_endpoint_trends, linear_trend

SPECS = {
    # spec: (data, definition, include China, statistic)
    "C5-adb-dev": ("adb", dv.HISTORICAL, True, "trend"),
    "C5-adb-dev-exCHN": ("adb", dv.HISTORICAL, False, "trend"),
    "C5-adb-dev-m49": ("adb", dv.M49, True, "trend"),
    "C5-wiod-dev": ("wiod", dv.HISTORICAL, True, "trend"),
    "C5-wiod-dev-exCHN": ("wiod", dv.HISTORICAL, False, "trend"),
    "C5-adb-dev-drop-first": ("adb", dv.HISTORICAL, True, "drop first"),
    "C5-adb-dev-drop-last": ("adb", dv.HISTORICAL, True, "drop last"),
    "C5-adb-dev-base": ("adb", dv.BASE_YEAR, True, "trend"),
    "C5-wiod-dev-base": ("wiod", dv.BASE_YEAR, True, "trend"),
    "C5-adb-dev-current": ("adb", dv.CURRENT, True, "trend"),
    "C5-wiod-dev-current": ("wiod", dv.CURRENT, True, "trend"),
}
CAUSE = (
    "The claim names a cause ('this oppression leads to'); the data test only the trend of the "
    "DVA share, not what causes it."
)


def flag_flows(
    flows: pd.DataFrame,
    definition: str,
    china: bool,
    countries: pd.DataFrame,
    groups: pd.DataFrame | None,
) -> pd.DataFrame:
    """``flows`` (iso3, year, ...) with a boolean ``developing`` column for ``definition`` in each
    row's year (base year = the flows' first year); countries only; China dropped unless
    ``china``."""
    is_c = set(countries.loc[countries["is_country"], "iso3"].astype(str))
    f = flows[flows["iso3"].astype(str).isin(is_c)]
    base = int(f["year"].min()) if len(f) else None
    out = dv.members_by_year(f, definition, countries, groups, base_year=base)
    if not china:
        out = out.assign(developing=out["developing"] & (out["iso3"] != "CHN"))
    return out


def wiod_dva(gvcp: pd.DataFrame) -> pd.DataFrame:
    """``iso3, year, dva, exports`` (millions of USD), WIOD TOTAL rows."""
    t = gvcp[(gvcp["source"] == "wiod2013") & (gvcp["industry"] == "TOTAL")]
    t = t[t["measure"].isin(["exgr_dva", "exgr"])]
    w = t.pivot_table(index=["iso3", "year"], columns="measure", values="value").reset_index()
    w.columns.name = None
    return w.rename(columns={"exgr_dva": "dva", "exgr": "exports"})[
        ["iso3", "year", "dva", "exports"]
    ]


def adb_dva(adb: pd.DataFrame) -> pd.DataFrame:
    """``iso3, year, dva, exports`` (USD million), ADB TOTAL, dva = (1 - bwd) x exports."""
    t = adb_total(adb)
    t["dva"] = (1.0 - t["gvc_part_trade_bwd"]) * t["exports"]
    return t[["iso3", "year", "dva", "exports"]]


def group_share(flows: pd.DataFrame, members: set[str] | None = None) -> pd.DataFrame:
    """``year, share_pct, n_countries``: 100 x sum(dva) / sum(exports) over the developing rows
    (``flows["developing"]``, which may change by year) or, when ``members`` is given, over
    those ISO3 codes in every year."""
    if members is not None:
        sub = flows[flows["iso3"].isin(members)]
    else:
        sub = flows[flows["developing"]]
    sub = sub.dropna(subset=["dva", "exports"])
    g = sub.groupby("year").agg(dva=("dva", "sum"), exports=("exports", "sum"), n=("iso3", "size"))
    g["share_pct"] = 100.0 * g["dva"] / g["exports"]
    return g.reset_index().rename(columns={"n": "n_countries"})


def _coverage(
    countries: pd.DataFrame | None,
    groups: pd.DataFrame | None,
    flows: dict[str, pd.DataFrame | None],
) -> str:
    """Caveat sentences: which economies each source counts as developing (historical World Bank
    classification), which of them today's classification would drop, and years."""
    if countries is None or groups is None:
        return ""
    out = []
    for data, label in (("wiod", "WIOD"), ("adb", "ADB MRIO")):
        f = flows[data]
        if f is None or f.empty:
            continue
        flagged = flag_flows(f, dv.HISTORICAL, True, countries, groups)
        present = sorted(set(flagged.loc[flagged["developing"], "iso3"]))
        moved = dv.changes(flagged[["iso3", "year"]], countries, groups)["developing then, not now"]
        years = f"{int(f['year'].min())}-{int(f['year'].max())}"
        out.append(
            f"{label} ({years}, {f['year'].nunique()} years) counts {len(present)} economies as "
            "developing in at least one year by the World Bank classification of that year"
            + (f" ({', '.join(present)})" if len(present) <= 15 else "")
            + (
                f"; today's classification would drop {', '.join(moved)} from every year"
                if moved
                else ""
            )
            + "."
        )
    return " ".join(out)


def run(load: Loader, fig_dir: Path) -> FamilyResult:
    """Every registered C5 specification: trend of the DVA share in pts/yr (reference -0.6)."""
    from gvc.panels.income_groups import coverage_note

    claim = get_claim("C5")
    countries = try_load(load, "countries")
    groups = try_load(load, "income_groups")
    gvcp = try_load(load, "gvc_participation")
    adb = try_load(load, "adb_gvc")
    flows = {
        "wiod": None if gvcp is None else wiod_dva(gvcp),
        "adb": None if adb is None else adb_dva(adb),
    }
    rows, lines, series = [], [], []
    for sid, (data, definition, china, stat) in SPECS.items():
        hist = definition in (dv.HISTORICAL, dv.BASE_YEAR)
        if countries is None or flows[data] is None or (hist and groups is None):
            rows.append(
                unavailable(
                    claim,
                    sid,
                    f"{'gvc_participation (WIOD)' if data == 'wiod' else 'adb_gvc'} / countries"
                    + (" / income_groups" if hist else ""),
                    "run `gvc build` with the mirror (wiod2013/, adb-mrio-gvc/, wb-class/)",
                )
            )
            continue
        flagged = flag_flows(flows[data], definition, china, countries, groups)
        share = group_share(flagged)
        present = sorted(set(flagged.loc[flagged["developing"], "iso3"]))
        words = dv.label(definition, int(flagged["year"].min())) + (
            "" if china else ", excl. China"
        )
        if share["year"].nunique() < 3:
            rows.append(
                unavailable(
                    claim,
                    sid,
                    f"{words}: economies with DVA and exports in {data.upper()} "
                    f"({len(present)} economies, {share['year'].nunique()} years; a trend needs "
                    "3+ years)",
                    "check the income_groups / countries tables and the source's coverage",
                )
            )
            continue
        if stat == "trend":
            tr, what = linear_trend(share, x="year", y="share_pct"), ""
        else:
            tr = drop_endpoint_trends(share, x="year", y="share_pct")[stat]
            what = f"sensitivity: {stat} year ({int(tr['dropped'])}) dropped; "
        carried = coverage_note(groups, share["year"]) if hist and groups is not None else ""
        n_lo, n_hi = int(share["n_countries"].min()), int(share["n_countries"].max())
        n_econ = f"{n_lo}-{n_hi} economies" if n_lo != n_hi else f"{n_lo} economies"
        note = (
            f"{what}{data.upper()} {int(tr['x_min'])}-{int(tr['x_max'])}, {words}: "
            f"{len(present)} economies in some year ({', '.join(present[:12])}"
            f"{', ...' if len(present) > 12 else ''}); DVA share {share['share_pct'].iloc[0]:.1f}% "
            f"-> {share['share_pct'].iloc[-1]:.1f}%"
        )
        if carried:
            note += f"; {carried}"
        if tr["indicative"]:
            note = (
                f"{str(tr['method']).split(':')[0]}; {note}; HC3 CI "
                f"[{tr['ci_low_hc3']:.3g}, {tr['ci_high_hc3']:.3g}]"
            )
        if data == "adb":
            note += "; DVA share = 1 - Borin-Mancini backward participation (see docs)"
        note += "; trend tested, not its claimed cause"
        row = ledger_row(
            claim,
            sid,
            tr["slope"],
            tr["ci_low"],
            tr["ci_high"],
            tr["n_obs"],
            note,
            sample=trend_sample(tr, n_econ),
            inference=str(tr["method"]),
        )
        rows.append(row)
        lines.append(describe_row(pd.Series(row), "pts/yr"))
        if stat == "trend":
            series.append(share.assign(spec=sid))
    df = rows_frame(rows, claim)
    figures, tables = [], {}
    if series:
        import seaborn as sns

        plot = pd.concat(series, ignore_index=True)
        tables["c5_dva_shares"] = plot
        fig, ax = new_figure()
        sns.lineplot(data=plot, x="year", y="share_pct", hue="spec", marker="o", ax=ax)
        ax.set_ylabel("Domestic value added in gross exports (pct, export-weighted)")
        ax.set_xlabel("Year")
        figures.append(
            save_figure(
                fig,
                fig_dir / "c5_dva_share.png",
                "C5: DVA share of developing countries' exports (claim: -0.6 pts/yr)",
                "WIOD 2013 (gvc engine, TiVA EXGR_DVA); ADB MRIO July 2023 via mrio-processing; "
                "World Bank OGHIST",
            )
        )
    return FamilyResult(
        claim_id="C5",
        rows=df,
        figures=figures,
        tables=tables,
        result_md="Reference: -0.6 pts/yr. A trend is tested, not the claimed cause.\n\n"
        + "\n".join(f"- {x}" for x in lines),
        caveats=(
            "The claim cites a book review that reports no estimate, and names no period or "
            f"country set. {CAUSE} {_coverage(countries, groups, flows)} "
            "The ADB series has 6 years: its CI (OLS, iid errors, t(4)) is indicative, and the "
            "drop-one-endpoint rows show how much one year moves it. "
            "The ADB measure is domestic value added net of pure double counting, slightly "
            "below TiVA's EXGR_DVA. 'Developing' follows the World Bank classification of each "
            "data year (OGHIST), so the group's membership changes as economies graduate; the "
            "base-year rows hold it fixed and the current-classification rows (robustness only) "
            "apply today's groups to all years."
        ),
        data="gvc_participation (WIOD 2013, TOTAL), adb_gvc (TOTAL), income_groups (World Bank "
        "OGHIST), countries.",
        specification=claim.primary.description if claim.primary else "",
    )
