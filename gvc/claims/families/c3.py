"""C3: developing countries' share of AI patents, 18.7% (2015) -> 12.3% (2023).

Wraps :func:`gvc.claims.patent_share.c3_rows` (trends in pts/yr, levels in pct) and adds a
figure of the developing share (pct) by definition, with and without China. "Developing" is the
World Bank classification of each data year (``income_groups``, OGHIST); base-year and current
classifications are robustness rows, UN M49 the alternative definition.
"""

from __future__ import annotations

from pathlib import Path

from matplotlib.ticker import MaxNLocator

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
from gvc.claims.patent_share import c3_rows, developing_share, proxy_coverage
from gvc.claims.registry import get_claim


def run(load: Loader, fig_dir: Path) -> FamilyResult:
    """Every registered C3 specification plus the share-by-definition figure."""
    claim = get_claim("C3")
    patents = try_load(load, "patents")
    countries = try_load(load, "countries")
    if patents is None or countries is None:
        rows = [
            unavailable(claim, s.id, "patents/countries tables", "run `gvc build` (owid/, wdi/)")
            for s in claim.specifications
        ]
        return FamilyResult("C3", rows_frame(rows, claim))
    groups = try_load(load, "income_groups")
    df = rows_frame(c3_rows(patents, countries, groups).to_dict("records"), claim)
    shares = developing_share(patents, countries, income_groups=groups)
    cover = proxy_coverage(patents)
    import seaborn as sns

    plot = shares[(shares["denominator"] == "covered")].dropna(subset=["share_pct"])
    plot = plot.assign(china=plot["china"].map({"incl": "incl. China", "excl": "excl. China"}))
    fig, ax = new_figure()
    sns.lineplot(
        data=plot, x="year", y="share_pct", hue="definition", style="china", marker="o", ax=ax
    )
    ax.scatter([2015, 2023], [18.7, 12.3], color="black", marker="x", zorder=5, label="claim")
    ax.legend(fontsize=7)
    ax.set_ylabel("Developing countries' share of AI patent applications (pct)")
    ax.set_xlabel("Year")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    figure = save_figure(
        fig,
        fig_dir / "c3_patent_share.png",
        "C3: developing share of AI patents by definition (x: claimed 18.7% / 12.3%)",
        "OWID / CSET AI patents per million x World Bank WDI population; World Bank OGHIST",
    )
    lines = [describe_row(r) for _, r in df.iterrows()]
    return FamilyResult(
        claim_id="C3",
        rows=df,
        figures=[figure],
        tables={"c3_shares": shares},
        result_md="Reference: 18.7% (2015) -> 12.3% (2023), i.e. -0.8 pts/yr. "
        f"Tested with a proxy ({cover}).\n\n" + "\n".join(f"- {x}" for x in lines),
        caveats=(
            f"The {cover}: the 2023 level cannot be reached and the trend uses six years, so "
            "its CI is indicative (OLS with iid errors and t(4); drop-one-endpoint rows show "
            "its sensitivity). 'Developing' follows the World Bank classification of each data "
            "year; today's classification is a labelled robustness row only. " + claim.data_to_test
        ),
        data="patents (OWID/CSET x WDI population), income_groups (World Bank OGHIST), countries.",
        specification=claim.primary.description if claim.primary else "",
    )
