"""C5: developing countries' export value-added rate falls 0.6 pt a year (004).

Statistic: the domestic value-added (DVA) share of gross exports of a group of developing
economies, export-weighted (ratio of sums: sum DVA / sum gross exports, in pct), per year;
then :func:`gvc.claims.trend.linear_trend` (OLS slope; 95% CI by its rule: EWC HAR
with fixed-b t(B) from 8 points, iid t(n-2) below) in pts/yr.

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
iid errors and t(4), indicative, with drop-one-endpoint rows; WIOD: 17 years, EWC HAR with t(B)).

The claim names a cause ("this oppression leads to ..."); the data test only the trend.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gvc.claims import developing as dv
from gvc.claims.families import kit
from gvc.claims.families.common import adb_total
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


def group_key(spec_id: str) -> str:
    """Name of the frame holding ``spec_id``'s yearly group share, e.g.
    ``share_adb_developing_wb_hist`` (``_exCHN`` appended without China); the drop-endpoint rows
    use their trend's frame."""
    source, definition, china, _ = SPECS[spec_id]
    return f"share_{source}_{definition}" + ("" if china else "_exCHN")


def data(load: kit.Loader) -> kit.FamilyData:
    """The flows and each specification's yearly group share.

    Frames: ``flows_wiod`` / ``flows_adb`` (``iso3, year, dva, exports``, USD million, every
    economy and aggregate of the source), ``countries``, ``income_groups`` and, per group
    (:func:`group_key`), ``year, dva, exports, share_pct, n_countries``. Notes: per group,
    ``members`` (economies developing in some year) and ``words`` (the definition in words).
    """
    out = kit.FamilyData()
    countries = kit.try_load(load, "countries")
    groups = kit.try_load(load, "income_groups")
    gvcp = kit.try_load(load, "gvc_participation")
    adb = kit.try_load(load, "adb_gvc")
    flows = {
        "wiod": None if gvcp is None else wiod_dva(gvcp),
        "adb": None if adb is None else adb_dva(adb),
    }
    for name, frame in (("countries", countries), ("income_groups", groups)):
        if frame is not None:
            out.frames[name] = frame
    for source, frame in flows.items():
        if frame is not None:
            out.frames[f"flows_{source}"] = frame
    for sid, (source, definition, china, _) in SPECS.items():
        key = group_key(sid)
        if key in out.frames or key in out.missing:
            continue
        hist = definition in (dv.HISTORICAL, dv.BASE_YEAR)
        if countries is None or flows[source] is None or (hist and groups is None):
            out.missing[key] = (
                f"{'gvc_participation (WIOD)' if source == 'wiod' else 'adb_gvc'} / countries"
                + (" / income_groups" if hist else "")
            )
            continue
        flagged = flag_flows(flows[source], definition, china, countries, groups)
        out.frames[key] = group_share(flagged)
        out.notes[key] = {
            "members": sorted(set(flagged.loc[flagged["developing"], "iso3"])),
            "words": dv.label(definition, int(flagged["year"].min()))
            + ("" if china else ", excl. China"),
        }
    return out


def _trend(share: pd.DataFrame, stat: str) -> tuple[dict[str, object], str]:
    """The trend of ``share_pct`` on ``year`` (pts/yr) for ``stat`` and the note's prefix."""
    if stat == "trend":
        return linear_trend(share, x="year", y="share_pct"), ""
    tr = drop_endpoint_trends(share, x="year", y="share_pct")[stat]
    return tr, f"sensitivity: {stat} year ({int(tr['dropped'])}) dropped; "


def estimate(claim: kit.Claim, data: kit.FamilyData) -> list[dict[str, object]]:
    """Every registered C5 specification: trend of the DVA share in pts/yr (reference -0.6)."""
    from gvc.panels.income_groups import coverage_note

    rows = []
    groups = data.get("income_groups")
    for sid, (source, definition, _, stat) in SPECS.items():
        key = group_key(sid)
        if key in data.missing:
            how = "run `gvc build` with the mirror (wiod2013/, adb-mrio-gvc/, wb-class/)"
            rows.append(kit.unavailable(claim, sid, data.missing[key], how))
            continue
        share, present, words = data[key], data.notes[key]["members"], data.notes[key]["words"]
        if share["year"].nunique() < 3:
            missing = (
                f"{words}: economies with DVA and exports in {source.upper()} "
                f"({len(present)} economies, {share['year'].nunique()} years; a trend needs "
                "3+ years)"
            )
            how = "check the income_groups / countries tables and the source's coverage"
            rows.append(kit.unavailable(claim, sid, missing, how))
            continue
        tr, what = _trend(share, stat)
        hist = definition in (dv.HISTORICAL, dv.BASE_YEAR)
        carried = coverage_note(groups, share["year"]) if hist and groups is not None else ""
        n_lo, n_hi = int(share["n_countries"].min()), int(share["n_countries"].max())
        n_econ = f"{n_lo}-{n_hi} economies" if n_lo != n_hi else f"{n_lo} economies"
        note = (
            f"{what}{source.upper()} {int(tr['x_min'])}-{int(tr['x_max'])}, {words}: "
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
        if source == "adb":
            note += "; DVA share = 1 - Borin-Mancini backward participation (see docs)"
        note += "; trend tested, not its claimed cause"
        rows.append(kit.trend_row(claim, sid, tr, note, n_econ))
    return rows


def trend_series(data: kit.FamilyData) -> pd.DataFrame:
    """The yearly group shares of the trend specifications with 3+ years, stacked with a
    ``spec`` column (the figure's lines and the ``c5_dva_shares`` table)."""
    series = [
        data[group_key(sid)].assign(spec=sid)
        for sid, (*_, stat) in SPECS.items()
        if stat == "trend"
        and group_key(sid) not in data.missing
        and data[group_key(sid)]["year"].nunique() >= 3
    ]
    return pd.concat(series, ignore_index=True) if series else pd.DataFrame()


def figures(
    claim: kit.Claim, data: kit.FamilyData, rows: pd.DataFrame, fig_dir: Path
) -> list[Path]:
    """The DVA share of each trend specification's group, by year: one panel per
    specification (small multiples on shared axes, so that no line hides another)."""
    plot = trend_series(data)
    if plot.empty:
        return []
    specs = list(dict.fromkeys(plot["spec"]))
    ncols = min(3, len(specs))
    nrows = -(-len(specs) // ncols)
    fig, _ = kit.new_figure(width=3.4 * ncols, height=2.3 * nrows + 0.9)
    fig.clear()
    axes = fig.subplots(nrows, ncols, sharex=True, sharey=True, squeeze=False).ravel()
    colours = {"adb": "#1b9e77", "wiod": "#7570b3"}
    for ax, sid in zip(axes, specs, strict=False):
        d = plot[plot["spec"] == sid].sort_values("year")
        colour = next((c for k, c in colours.items() if f"-{k}-" in sid), "#444444")
        ax.plot(d["year"], d["share_pct"], marker="o", markersize=3, color=colour)
        ax.set_title(sid, fontsize=9)
    for ax in axes[len(specs) :]:
        ax.set_visible(False)
    for i, ax in enumerate(axes[: len(specs)]):
        if i % ncols == 0:
            ax.set_ylabel("DVA share of\ngross exports (pct)", fontsize=8)
        if i >= len(specs) - ncols:
            ax.set_xlabel("Year", fontsize=8)
            ax.tick_params(labelbottom=True)
    path = kit.save_figure(
        fig,
        fig_dir / "c5_dva_share.png",
        "C5: DVA share of developing countries' exports (claim: -0.6 pts/yr)",
        "WIOD 2013 (gvc engine, TiVA EXGR_DVA); ADB MRIO July 2023 via mrio-processing; "
        "World Bank OGHIST",
    )
    return [path]


def describe(claim: kit.Claim, data: kit.FamilyData, rows: pd.DataFrame) -> kit.FamilyText:
    """Result lines, caveats (no estimate in the cited source, group membership), share table."""
    flows = {s: data.get(f"flows_{s}") for s in ("wiod", "adb")}
    plot = trend_series(data)
    coverage = _coverage(data.get("countries"), data.get("income_groups"), flows)
    return kit.FamilyText(
        result_md="Reference: -0.6 pts/yr. A trend is tested, not the claimed cause.\n\n"
        + kit.bullets(kit.row_lines(rows, "pts/yr", skip_unavailable=True)),
        caveats=(
            "The claim cites a book review that reports no estimate, and names no period or "
            f"country set. {CAUSE} {coverage} "
            "The ADB series has 6 years: its rows are descriptive (no interval verdict below 8 "
            "time points), and the drop-one-endpoint rows show how much one year moves it; the "
            "WIOD rows (17 years) carry the verdicts, with the interval rule's simulated "
            "coverage at n = 17 in their notes. "
            "The ADB measure is domestic value added net of pure double counting, slightly "
            "below TiVA's EXGR_DVA. 'Developing' follows the World Bank classification of each "
            "data year (OGHIST), so the group's membership changes as economies graduate; the "
            "base-year rows hold it fixed and the current-classification rows (robustness only) "
            "apply today's groups to all years."
        ),
        data="gvc_participation (WIOD 2013, TOTAL), adb_gvc (TOTAL), income_groups (World Bank "
        "OGHIST), countries.",
        tables={} if plot.empty else {"c5_dva_shares": plot},
    )
