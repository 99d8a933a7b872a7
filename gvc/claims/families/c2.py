"""C2: US-China gap of top AI models (MMLU, HumanEval; AI Index 17.5 -> 0.3 pts on MMLU).

Wraps :func:`gvc.claims.ai_gap.c2_rows` (gap = best US minus best Chinese score, pts) and adds a
figure of the frontier best MMLU score by developer country and year (pct correct).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from matplotlib.ticker import MaxNLocator

from gvc.claims.ai_gap import (
    HUMANEVAL_NOTE,
    best_by_country_year,
    c2_rows,
    context_gaps,
    gap_table,
)
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
from gvc.claims.registry import get_claim


def run(load: Loader, fig_dir: Path) -> FamilyResult:
    """Every registered C2 specification plus the MMLU best-score figure."""
    claim = get_claim("C2")
    panel = try_load(load, "ai_benchmarks")
    if panel is None:
        rows = [
            unavailable(claim, s.id, "ai_benchmarks (Epoch AI)", "run `gvc build` (epoch/)")
            for s in claim.specifications
        ]
        return FamilyResult("C2", rows_frame(rows, claim))
    df = rows_frame(c2_rows(panel).to_dict("records"), claim)
    figures = []
    mmlu = panel[panel["benchmark"] == "mmlu"]
    if not mmlu.empty:
        import seaborn as sns

        best = best_by_country_year(mmlu, window="frontier").dropna(subset=["best"])
        best = best.assign(best_pct=100 * best["best"])
        fig, ax = new_figure()
        sns.lineplot(data=best, x="year", y="best_pct", hue="country", marker="o", ax=ax)
        ax.set_ylabel("Best MMLU score of models released so far (pct correct)")
        ax.set_xlabel("Year (end of)")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        figures.append(
            save_figure(
                fig,
                fig_dir / "c2_mmlu_best.png",
                "C2: frontier MMLU score, US vs China (claim: gap < 10 pts in 2024)",
                "Epoch AI Benchmarking Hub, MMLU external evaluations",
            )
        )
    lines = [describe_row(r, "pts") for _, r in df.iterrows()]
    ctx = context_gaps(panel)
    for _, g in ctx.iterrows():
        if pd.isna(g["gap"]):
            lines.append(f"context `{g['name']}`: no US or Chinese model (no verdict)")
            continue
        lines.append(
            f"context `{g['name']}` (no verdict: {g['unit']}, not comparable with the pts "
            f"reference): US {g['usa_model']} {g['usa_best']:.1f} vs China {g['chn_model']} "
            f"{g['chn_best']:.1f}, gap {g['gap']:.1f} {g['unit']}"
        )
    return FamilyResult(
        claim_id="C2",
        rows=df,
        figures=figures,
        tables={"c2_gaps": gap_table(panel), "c2_context_gaps": ctx},
        result_md="Reference: double digits (2023) -> single digits (2024); AI Index MMLU 17.5 -> "
        "0.3 pts.\n\n" + "\n".join(f"- {x}" for x in lines),
        caveats=f"{HUMANEVAL_NOTE}. {claim.context}",
        data="Epoch AI benchmark files (ai_benchmarks table).",
        specification=claim.primary.description if claim.primary else "",
    )
