"""C2: US-China gap of top AI models (MMLU, HumanEval; AI Index 17.5 -> 0.3 pts on MMLU).

Data: ``ai_benchmarks`` (Epoch AI Benchmarking Hub: one row per model x benchmark, score as a
fraction correct, developer countries). Estimate: :func:`gvc.claims.ai_gap.c2_rows` (gap = best
US minus best Chinese score among the models released up to the end of the year, pts); context
gaps on index-scale benchmarks get no verdict (:func:`gvc.claims.ai_gap.context_gaps`). Figure:
the frontier best MMLU score by developer country and year (pct correct).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gvc.claims.ai_gap import C2_SPECS as SPECS  # noqa: F401 (the specs this family computes)
from gvc.claims.ai_gap import HUMANEVAL_NOTE, best_by_country_year, c2_rows, context_gaps, gap_table
from gvc.claims.families import kit

HOW = "run `gvc build` (epoch/)"


def data(load: kit.Loader) -> kit.FamilyData:
    """``benchmarks`` (the ai_benchmarks table) and ``mmlu`` (its MMLU rows)."""
    out = kit.FamilyData()
    panel = kit.try_load(load, "ai_benchmarks")
    if panel is None:
        out.missing["benchmarks"] = "ai_benchmarks (Epoch AI)"
        return out
    out.frames["benchmarks"] = panel
    out.frames["mmlu"] = panel[panel["benchmark"] == "mmlu"]
    return out


def estimate(claim: kit.Claim, data: kit.FamilyData) -> list[dict[str, object]]:
    """Every registered C2 specification: the US minus China best-score gap (pts)."""
    if "benchmarks" in data.missing:
        return kit.unavailable_all(claim, data.missing["benchmarks"], HOW)
    return c2_rows(data["benchmarks"]).to_dict("records")


def figures(
    claim: kit.Claim, data: kit.FamilyData, rows: pd.DataFrame, fig_dir: Path
) -> list[Path]:
    """Best MMLU score of the models released so far, by developer country and year."""
    mmlu = data.get("mmlu")
    if mmlu is None or mmlu.empty:
        return []
    import seaborn as sns
    from matplotlib.ticker import MaxNLocator

    best = best_by_country_year(mmlu, window="frontier").dropna(subset=["best"])
    best = best.assign(best_pct=100 * best["best"])
    fig, ax = kit.new_figure()
    sns.lineplot(data=best, x="year", y="best_pct", hue="country", marker="o", ax=ax)
    ax.set_ylabel("Best MMLU score of models released so far (pct correct)")
    ax.set_xlabel("Year (end of)")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    path = kit.save_figure(
        fig,
        fig_dir / "c2_mmlu_best.png",
        "C2: frontier MMLU score, US vs China (claim: gap < 10 pts in 2024)",
        "Epoch AI Benchmarking Hub, MMLU external evaluations",
    )
    return [path]


def context_lines(ctx: pd.DataFrame) -> list[str]:
    """One line per context gap (index-scale benchmarks, no verdict)."""
    lines = []
    for _, g in ctx.iterrows():
        if pd.isna(g["gap"]):
            lines.append(f"context `{g['name']}`: no US or Chinese model (no verdict)")
            continue
        lines.append(
            f"context `{g['name']}` (no verdict: {g['unit']}, not comparable with the pts "
            f"reference): US {g['usa_model']} {g['usa_best']:.1f} vs China {g['chn_model']} "
            f"{g['chn_best']:.1f}, gap {g['gap']:.1f} {g['unit']}"
        )
    return lines


def describe(claim: kit.Claim, data: kit.FamilyData, rows: pd.DataFrame) -> kit.FamilyText:
    """Result lines (one per specification, then the context gaps), caveats, gap tables."""
    panel = data.get("benchmarks")
    lines = kit.row_lines(rows, "pts")
    tables = {}
    if panel is not None:
        ctx = context_gaps(panel)
        lines += context_lines(ctx)
        tables = {"c2_gaps": gap_table(panel), "c2_context_gaps": ctx}
    return kit.FamilyText(
        result_md="Reference: double digits (2023) -> single digits (2024); AI Index MMLU 17.5 -> "
        "0.3 pts.\n\n" + kit.bullets(lines),
        caveats=f"{HUMANEVAL_NOTE}. {claim.context}",
        data="Epoch AI benchmark files (ai_benchmarks table).",
        tables=tables,
    )
