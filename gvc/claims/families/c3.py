"""C3: developing countries' share of AI patents, 18.7% (2015) -> 12.3% (2023).

Wraps :func:`gvc.claims.patent_share.c3_rows` (trends in pts/yr, levels in pct) and adds a
figure of the developing share (pct) by definition, with and without China. "Developing" is the
World Bank classification of each data year (``income_groups``, OGHIST); base-year and current
classifications are robustness rows, UN M49 the alternative definition.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gvc.claims.families import kit
from gvc.claims.patent_share import C3_SPECS as SPECS  # noqa: F401 (the specs this family computes)
from gvc.claims.patent_share import c3_rows, developing_share, proxy_coverage

HOW = "run `gvc build` (owid/, wdi/)"


def data(load: kit.Loader) -> kit.FamilyData:
    """Frames ``patents`` (AI patent applications by economy and year), ``countries``,
    ``income_groups`` (when built) and ``shares`` (:func:`developing_share`: the developing share
    in pct by definition x China x denominator x year); note ``coverage`` (the proxy in words)."""
    out = kit.FamilyData()
    patents = kit.try_load(load, "patents")
    countries = kit.try_load(load, "countries")
    if patents is None or countries is None:
        out.missing["patents"] = "patents/countries tables"
        return out
    groups = kit.try_load(load, "income_groups")
    out.frames.update(patents=patents, countries=countries)
    if groups is not None:
        out.frames["income_groups"] = groups
    out.frames["shares"] = developing_share(patents, countries, income_groups=groups)
    out.notes["coverage"] = proxy_coverage(patents)
    return out


def estimate(claim: kit.Claim, data: kit.FamilyData) -> list[dict[str, object]]:
    """Every registered C3 specification (:data:`gvc.claims.patent_share.C3_SPECS`)."""
    if "patents" in data.missing:
        return kit.unavailable_all(claim, data.missing["patents"], HOW)
    rows = c3_rows(
        data["patents"], data["countries"], data.get("income_groups"), shares=data["shares"]
    )
    return rows.to_dict("records")


def figures(
    claim: kit.Claim, data: kit.FamilyData, rows: pd.DataFrame, fig_dir: Path
) -> list[Path]:
    """The developing share (pct, covered economies) by definition, with and without China."""
    if "patents" in data.missing:
        return []
    import seaborn as sns
    from matplotlib.ticker import MaxNLocator

    shares = data["shares"]
    plot = shares[(shares["denominator"] == "covered")].dropna(subset=["share_pct"])
    plot = plot.assign(china=plot["china"].map({"incl": "incl. China", "excl": "excl. China"}))
    fig, ax = kit.new_figure()
    sns.lineplot(
        data=plot, x="year", y="share_pct", hue="definition", style="china", marker="o", ax=ax
    )
    ax.scatter([2015, 2023], [18.7, 12.3], color="black", marker="x", zorder=5, label="claim")
    ax.legend(fontsize=7)
    ax.set_ylabel("Developing countries' share of AI patent applications (pct)")
    ax.set_xlabel("Year")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    path = kit.save_figure(
        fig,
        fig_dir / "c3_patent_share.png",
        "C3: developing share of AI patents by definition (x: claimed 18.7% / 12.3%)",
        "OWID / CSET AI patents per million x World Bank WDI population; World Bank OGHIST",
    )
    return [path]


def describe(claim: kit.Claim, data: kit.FamilyData, rows: pd.DataFrame) -> kit.FamilyText:
    """Result lines, caveats (proxy coverage, short trend, classification), the shares table."""
    sources = "patents (OWID/CSET x WDI population), income_groups (World Bank OGHIST), countries."
    if "patents" in data.missing:
        return kit.unavailable_text(claim, data.missing["patents"], HOW, sources)
    cover = data.notes["coverage"]
    return kit.FamilyText(
        result_md="Reference: 18.7% (2015) -> 12.3% (2023), i.e. -0.8 pts/yr. "
        f"Tested with a proxy ({cover}).\n\n" + kit.bullets(kit.row_lines(rows)),
        caveats=(
            f"The {cover}: the 2023 level cannot be reached and the trend uses six years, so "
            "it is descriptive (no interval verdict below 8 time points; drop-one-endpoint rows "
            f"show its sensitivity).{_levels(claim, data['shares'])} 'Developing' follows the World Bank classification of each data "
            "year; today's classification is a labelled robustness row only. " + claim.data_to_test
        ),
        data=sources,
        tables={"c3_shares": data["shares"]},
    )


def _levels(claim: kit.Claim, shares: pd.DataFrame) -> str:
    """Caveat sentence: the covered economies' developing share in the claim's level year, with
    and without China, against the claimed level."""
    from gvc.claims import developing as dv

    sc = claim.scope
    if sc.level is None:
        return ""
    sel = shares[
        (shares["definition"] == dv.HISTORICAL)
        & (shares["denominator"] == "covered")
        & (shares["year"] == sc.level_year)
    ].dropna(subset=["share_pct"])
    got = {r["china"]: r["share_pct"] for _, r in sel.iterrows()}
    if not {"incl", "excl"} <= set(got):
        return ""
    return (
        f" The covered economies' developing share in {sc.level_year} is {got['incl']:.1f}% with "
        f"China and {got['excl']:.1f}% without it, against the claimed {sc.level:g}%: beyond the "
        f"tolerance of {sc.level_tolerance:g} pts either way, the proxy measures another pool "
        "than the claim's, so its rows are 'not comparable' and the headline shows the results "
        "with and without China side by side."
    )
