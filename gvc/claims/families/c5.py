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

Developing: ``countries.developing_wb`` (World Bank low + middle income) or ``developing_m49``
(UN M49 developing regions); "without China" drops China from the group.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

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
from gvc.claims.ledger import ledger_row
from gvc.claims.registry import get_claim
from gvc.claims.trend import linear_trend

SPECS = {
    # spec: (data, definition, include China)
    "C5-adb-dev": ("adb", "developing_wb", True),
    "C5-adb-dev-exCHN": ("adb", "developing_wb", False),
    "C5-adb-dev-m49": ("adb", "developing_m49", True),
    "C5-wiod-dev": ("wiod", "developing_wb", True),
    "C5-wiod-dev-exCHN": ("wiod", "developing_wb", False),
}


def group_members(countries: pd.DataFrame, definition: str, china: bool) -> set[str]:
    """ISO3 codes of the countries flagged ``definition`` (NA = not developing)."""
    flag = countries[definition].fillna(False).astype(bool) & countries["is_country"]
    members = set(countries.loc[flag, "iso3"])
    return members if china else members - {"CHN"}


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


def group_share(flows: pd.DataFrame, members: set[str]) -> pd.DataFrame:
    """``year, share_pct, n_countries``: 100 x sum(dva) / sum(exports) over ``members``."""
    sub = flows[flows["iso3"].isin(members)].dropna(subset=["dva", "exports"])
    g = sub.groupby("year").agg(dva=("dva", "sum"), exports=("exports", "sum"), n=("iso3", "size"))
    g["share_pct"] = 100.0 * g["dva"] / g["exports"]
    return g.reset_index().rename(columns={"n": "n_countries"})


def _coverage(countries: pd.DataFrame | None, flows: dict[str, pd.DataFrame | None]) -> str:
    """Caveat sentences: which developing economies (World Bank) each source covers, and years."""
    if countries is None:
        return ""
    members = group_members(countries, "developing_wb", True)
    out = []
    for data, label in (("wiod", "WIOD"), ("adb", "ADB MRIO")):
        f = flows[data]
        if f is None or f.empty:
            continue
        present = sorted(set(f["iso3"]) & members)
        years = f"{int(f['year'].min())}-{int(f['year'].max())}"
        out.append(
            f"{label} ({years}, {f['year'].nunique()} years) covers {len(present)} developing "
            f"economies by the countries table's World Bank classification"
            + (f" ({', '.join(present)})" if len(present) <= 15 else "")
            + "."
        )
    return " ".join(out) + (" Short series make the Newey-West CI indicative." if out else "")


def run(load: Loader, fig_dir: Path) -> FamilyResult:
    """Every registered C5 specification: trend of the DVA share in pts/yr (reference -0.6)."""
    claim = get_claim("C5")
    countries = try_load(load, "countries")
    gvcp = try_load(load, "gvc_participation")
    adb = try_load(load, "adb_gvc")
    flows = {
        "wiod": None if gvcp is None else wiod_dva(gvcp),
        "adb": None if adb is None else adb_dva(adb),
    }
    rows, lines, series = [], [], []
    for sid, (data, definition, china) in SPECS.items():
        if countries is None or flows[data] is None:
            rows.append(
                unavailable(
                    claim,
                    sid,
                    f"{'gvc_participation (WIOD)' if data == 'wiod' else 'adb_gvc'} / countries",
                    "run `gvc build` with the mirror (wiod2013/, adb-mrio-gvc/)",
                )
            )
            continue
        members = group_members(countries, definition, china)
        share = group_share(flows[data], members)
        present = sorted(set(flows[data]["iso3"]) & members)
        if share["year"].nunique() < 3:
            rows.append(
                unavailable(
                    claim,
                    sid,
                    f"{definition}{'' if china else ' excl. China'} economies with DVA and exports "
                    f"in {data.upper()} ({len(present)} economies, {share['year'].nunique()} "
                    "years; a trend needs 3+ years)",
                    "check countries.developing_* flags and the source's country coverage",
                )
            )
            continue
        tr = linear_trend(share, x="year", y="share_pct")
        note = (
            f"{data.upper()} {int(tr['x_min'])}-{int(tr['x_max'])}, {definition}"
            f"{'' if china else ' excl. China'}: {len(present)} economies ({', '.join(present[:12])}"
            f"{', ...' if len(present) > 12 else ''}); DVA share {share['share_pct'].iloc[0]:.1f}% "
            f"-> {share['share_pct'].iloc[-1]:.1f}%; {tr['method']}"
        )
        if data == "adb":
            note += "; DVA share = 1 - Borin-Mancini backward participation (see docs)"
        row = ledger_row(claim, sid, tr["slope"], tr["ci_low"], tr["ci_high"], tr["n_obs"], note)
        rows.append(row)
        lines.append(describe_row(pd.Series(row), "pts/yr"))
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
                "WIOD 2013 (gvc engine, TiVA EXGR_DVA); ADB MRIO July 2023 via mrio-processing",
            )
        )
    return FamilyResult(
        claim_id="C5",
        rows=df,
        figures=figures,
        tables=tables,
        result_md="Reference: -0.6 pts/yr.\n\n" + "\n".join(f"- {x}" for x in lines),
        caveats=(
            "The claim cites a book review that reports no estimate, and names no period or "
            f"country set. {_coverage(countries, flows)} "
            "The ADB measure is domestic value added net of pure double counting, slightly "
            "below TiVA's EXGR_DVA. Developing-country flags are current classifications "
            "(countries table; World Bank income groups of the latest WDI metadata) applied to "
            "all years."
        ),
        data="gvc_participation (WIOD 2013, TOTAL), adb_gvc (TOTAL), countries.",
        specification=claim.primary.description if claim.primary else "",
    )
