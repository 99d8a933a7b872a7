"""C6: industrial chains cluster regionally (004): is foreign value added in exports
increasingly sourced from the exporter's own region?

For every WIOD 2013 year (1995-2011) the input-output engine gives, with one LU factorisation of
I - A and one transposed solve with G right-hand sides (``gvc.io.multipliers(icio).VsB``), the
value added of each source country t per unit of each sector's output, V_t B_t. (n x G). Foreign
value added in the gross exports of country s by source t is then
FVA[s, t] = sum_{i in s} (V_t B_t,i) e_i, t != s (TiVA EXGR_FVA by source; millions of USD).

Regions (``countries.region``, World Bank): Europe = Europe & Central Asia (EU members, RUS,
TUR; Malta, 'Middle East & North Africa' for the World Bank, is set to Europe); Asia-Pacific = East Asia & Pacific + South Asia (AUS, CHN, IDN, IND, JPN, KOR, TWN);
Americas = North America + Latin America & Caribbean (BRA, CAN, MEX, USA). WIOD's RoW belongs to
no region and is left out as exporter and as source, so shares are of the FVA from the 40
identified economies.

- ``C6-wiod-regional-fva``: intra-regional share (pct) of all exporters' FVA, per year;
  :func:`gvc.claims.trend.linear_trend` (pts/yr, EWC HAR CI with t(B)); claim = positive trend.
- ``C6-wiod-by-region``: each region's intra-regional share; the row's estimate is the pooled
  within-region trend (``share ~ year | region``, a common slope), computed as the trend of the
  regions' mean share (equal on a balanced panel) so that its CI follows the trend rule (EWC HAR
  with fixed-b t(B); 17 years, indicative); the regions' own slopes are in the note and table.
- ``C6-wiod-asia-pacific``: the Asia-Pacific exporters' intra-regional share alone (it rises while
  Europe's falls).

WIOD ends in 2011, before the period the claim is about (AI after the 2010s): every row says so.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from gvc.claims.families import kit
from gvc.claims.families.common import require_wiod, wiod
from gvc.claims.trend import linear_trend

SPECS = ("C6-wiod-regional-fva", "C6-wiod-by-region", "C6-wiod-asia-pacific")
"""The registry specs this module computes (checked against seed_claims.toml by
tests/claims/test_claims_spec_ids.py)."""
YEARS = range(1995, 2012)
REGIONS = {
    "Europe & Central Asia": "Europe",
    "East Asia & Pacific": "Asia-Pacific",
    "South Asia": "Asia-Pacific",
    "North America": "Americas",
    "Latin America & Caribbean": "Americas",
}
OVERRIDES = {"MLT": "Europe"}
"""Malta is 'Middle East & North Africa' for the World Bank; it is an EU member in WIOD."""
HOW = "run `gvc build icio_wiod2013` with the mirror (wiod2013/)"


def _mark(tr: dict) -> str:
    """``"indicative (n = 17); "`` for a trend on too few points to test (gvc.claims.trend)."""
    return f"{str(tr['method']).split(':')[0]}; " if tr["indicative"] else ""


def fva_by_source(year: int) -> pd.DataFrame:
    """``exporter, source, year, fva`` (millions of current USD; source != exporter) for one
    WIOD year, from the engine's V_t B multipliers and gross exports."""
    from gvc.io.multipliers import multipliers
    from gvc.panels.gvc_participation import wiod_icio

    io = wiod_icio(wiod(year))
    vsb = multipliers(io).VsB  # (n, G)
    fva = (vsb * io.e[:, None]).reshape(io.G, io.N, io.G).sum(axis=1)  # exporter x source
    np.fill_diagonal(fva, np.nan)
    c = np.array(io.countries)
    out = pd.DataFrame(
        {
            "exporter": np.repeat(c, io.G),
            "source": np.tile(c, io.G),
            "year": year,
            "fva": fva.ravel(),
        }
    )
    return out.dropna(subset=["fva"])


def regional_shares(flows: pd.DataFrame, region: dict[str, str]) -> pd.DataFrame:
    """Intra-regional share of FVA (pct) per year, overall (``region`` = 'All') and by exporter
    region: ``region, year, intra, total, share_pct``. Pairs with an unmapped side are dropped."""
    f = flows.assign(r_exp=flows["exporter"].map(region), r_src=flows["source"].map(region))
    f = f.dropna(subset=["r_exp", "r_src"])
    f["intra"] = np.where(f["r_exp"] == f["r_src"], f["fva"], 0.0)
    by = f.groupby(["r_exp", "year"], as_index=False)[["intra", "fva"]].sum()
    by = by.rename(columns={"r_exp": "region", "fva": "total"})
    allr = (
        f.groupby("year", as_index=False)[["intra", "fva"]].sum().rename(columns={"fva": "total"})
    )
    allr["region"] = "All"
    out = pd.concat([allr, by], ignore_index=True)
    out["share_pct"] = 100.0 * out["intra"] / out["total"]
    return out[["region", "year", "intra", "total", "share_pct"]]


def data(load: kit.Loader) -> kit.FamilyData:
    """FVA by exporter x source (every WIOD year), the region map and the intra-regional shares.

    Frames: ``flows`` (:func:`fva_by_source`, all years), ``shares`` (:func:`regional_shares`:
    'All' and each exporter region), ``regions`` (the regions' series, with a ``panel_id``). Notes: ``region`` (ISO3 -> region), ``years`` (first, last),
    ``outside_pct`` (share of all FVA from RoW and unmapped sources, pct).
    """
    out = kit.FamilyData()
    countries = kit.try_load(load, "countries")
    why = require_wiod(load)
    if why:
        out.missing["wiod"] = why
        return out
    try:
        flows = pd.concat([fva_by_source(y) for y in YEARS], ignore_index=True)
    except kit.RECOVERABLE as exc:  # a missing WIOD cache year
        out.missing["wiod"] = f"WIOD tables ({exc})"
        return out
    if countries is None:
        out.missing["wiod"] = "countries table"
        return out
    cmap = countries.dropna(subset=["region"]).set_index("iso3")["region"].map(REGIONS)
    region = {c: cmap.get(c) for c in flows["exporter"].unique() if pd.notna(cmap.get(c))}
    region.update({c: r for c, r in OVERRIDES.items() if c in set(flows["exporter"])})
    shares = regional_shares(flows, region)
    regs = shares[shares["region"] != "All"].copy()
    regs["panel_id"] = pd.factorize(regs["region"])[0]
    unmapped = ~flows["source"].isin(list(region))
    out.frames.update(flows=flows, shares=shares, regions=regs)
    out.notes["region"] = region
    out.notes["years"] = (int(flows["year"].min()), int(flows["year"].max()))
    out.notes["outside_pct"] = 100.0 * flows.loc[unmapped, "fva"].sum() / flows["fva"].sum()
    return out


def trends(data: kit.FamilyData) -> dict[str, dict]:
    """Linear trend (pts/yr; :func:`gvc.claims.trend.linear_trend`) of the intra-regional share,
    for 'All' and each exporter region (computed once per data)."""

    def compute() -> dict[str, dict]:
        s = data["shares"]
        out = {"All": linear_trend(s[s["region"] == "All"], x="year", y="share_pct")}
        for r, g in data["regions"].groupby("region"):
            out[r] = linear_trend(g, x="year", y="share_pct")
        return out

    return kit.cached(data, "trends", compute)


def _era(data: kit.FamilyData) -> str:
    return f"data end in {data.notes['years'][1]}, before the period the claim is about"


def estimate(claim: kit.Claim, data: kit.FamilyData) -> list[dict[str, object]]:
    """Every registered C6 specification (direction rule: claim = positive trend)."""
    if "wiod" in data.missing:
        return kit.unavailable_all(claim, data.missing["wiod"], HOW)
    region, (y0, y1), era = data.notes["region"], data.notes["years"], _era(data)
    allr = data["shares"][data["shares"]["region"] == "All"]
    tr = trends(data)
    per = {r: t for r, t in tr.items() if r != "All"}
    rows = [
        kit.trend_row(
            claim,
            "C6-wiod-regional-fva",
            tr["All"],
            f"{_mark(tr['All'])}{era}; WIOD {y0}-{y1}, {len(region)} economies (RoW excluded); "
            f"intra-regional share {allr['share_pct'].iloc[0]:.1f}% -> "
            f"{allr['share_pct'].iloc[-1]:.1f}% of FVA; pts/yr",
            f"{len(region)} economies",
        )
    ]
    # Pooled within-region trend: with region fixed effects and a common slope on a balanced
    # panel it equals the slope of the cross-region mean series, whose interval follows the
    # trend rule (EWC HAR, fixed-b t(B)); Driscoll-Kraay with t(T-1) on 17 years covered only
    # 0.74 at AR(1) rho = 0.5 in a referee's simulation.
    regs = data["regions"]
    counts = regs.groupby("year")["region"].nunique()
    if counts.nunique() != 1:  # the mean's slope is the pooled one only on a balanced panel
        rows.append(kit.unavailable(claim, "C6-wiod-by-region", "every region in every year", HOW))
    else:
        mean = regs.groupby("year", as_index=False)["share_pct"].mean()
        pooled = linear_trend(mean, x="year", y="share_pct")
        note = (
            f"{_mark(pooled)}{era}; pooled within-region trend (region FE, common slope) = trend "
            f"of the mean of the {counts.iloc[0]} regions' shares, pts/yr; by region: "
            + "; ".join(
                f"{r} {t['slope']:.3f} [{t['ci_low']:.3f}, {t['ci_high']:.3f}]"
                for r, t in per.items()
            )
        )
        rows.append(
            kit.trend_row(claim, "C6-wiod-by-region", pooled, note, f"{counts.iloc[0]} regions")
        )
    ap = per.get("Asia-Pacific")
    ap_series = data["regions"][data["regions"]["region"] == "Asia-Pacific"]
    if ap is None or ap_series.empty:
        rows.append(kit.unavailable(claim, "C6-wiod-asia-pacific", "Asia-Pacific economies", HOW))
    else:
        members = sorted(c for c, r in region.items() if r == "Asia-Pacific")
        note = (
            f"{_mark(ap)}{era}; Asia-Pacific exporters ({', '.join(members)}): intra-regional "
            f"share {ap_series['share_pct'].iloc[0]:.1f}% -> "
            f"{ap_series['share_pct'].iloc[-1]:.1f}% of their FVA; pts/yr"
        )
        rows.append(
            kit.trend_row(claim, "C6-wiod-asia-pacific", ap, note, f"{len(members)} economies")
        )
    return rows


def figures(
    claim: kit.Claim, data: kit.FamilyData, rows: pd.DataFrame, fig_dir: Path
) -> list[Path]:
    """The intra-regional share of FVA per year, overall and by exporter region."""
    if "wiod" in data.missing:
        return []
    import seaborn as sns

    fig, ax = kit.new_figure()
    sns.lineplot(data=data["shares"], x="year", y="share_pct", hue="region", marker="o", ax=ax)
    ax.set_ylabel("Intra-regional share of foreign value added in exports (pct)")
    ax.set_xlabel("Year")
    path = kit.save_figure(
        fig,
        fig_dir / "c6_regional_fva.png",
        "C6: regional sourcing of foreign value added in exports (claim: rising)",
        "WIOD 2013 world input-output tables; gvc input-output engine (V_t B e_s by source)",
    )
    return [path]


def describe(claim: kit.Claim, data: kit.FamilyData, rows: pd.DataFrame) -> kit.FamilyText:
    """Result lines (pts/yr), caveats (data end in 2011; Europe-heavy; sources dropped), tables."""
    if "wiod" in data.missing:
        sources = "WIOD 2013 tables via the gvc input-output engine; countries.region."
        return kit.unavailable_text(claim, data.missing["wiod"], HOW, sources)
    (y0, y1), era = data.notes["years"], _era(data)
    trend_table = pd.DataFrame([{"region": r, **t} for r, t in trends(data).items()])
    n_econ = data["flows"]["exporter"].nunique()
    return kit.FamilyText(
        result_md=f"Claim: a rising regional share (sign only). The WIOD {era}.\n\n"
        + kit.bullets(kit.row_lines(rows, "pts/yr")),
        caveats=(
            f"WIOD ends in {y1}, before the period the claim is about (the 'AI' era); WIOD's "
            f"{n_econ} economies (incl. RoW) are Europe-heavy, and sources outside the regions "
            f"(RoW and unmapped economies: {data.notes['outside_pct']:.1f}% of all FVA, "
            f"{y0}-{y1}) are dropped. The claim is causal ('AI triggers'); the data test only "
            "the trend. Shares are of foreign value added with the standard EXGR_FVA accounting "
            "(including foreign double counting)."
        ),
        data=f"WIOD 2013 tables {y0}-{y1} via the gvc input-output engine; countries.region.",
        tables={"c6_shares": data["shares"], "c6_trends": trend_table},
    )
