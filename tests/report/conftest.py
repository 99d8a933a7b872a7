"""Handmade report inputs: a small ledger, two sections (a figure, a DataFrame table and a
regression-style comparison table) and a data availability statement."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from gvc.claims.ledger import LEDGER_COLUMNS
from gvc.estimators.compare import ComparisonTable
from gvc.report import ClaimSection, new_figure, save_figure

WATERMARK = "SYNTHETIC DEMO DATA - not evidence"

NAN = float("nan")


def _row(cid, spec, est, lo, hi, n, verdict, data="japan_panel", note="", ref="-0.8", unit="pts"):
    return {
        "claim_id": cid,
        "claim": {"C1": "robots cut GVC participation", "C2": "US-China gap closes"}.get(
            cid, f"claim {cid}"
        ),
        "source": "004_efb9977eb94b42d4.txt",
        "reference_value": ref,
        "unit": unit,
        "estimate": est,
        "ci_low": lo,
        "ci_high": hi,
        "n_obs": n,
        "n_clusters": pd.NA,
        "sample": "",
        "inference": "",
        "data": data,
        "specification": spec,
        "verdict": verdict,
        "note": note,
    }


def make_ledger() -> pd.DataFrame:
    """Rows deliberately out of order (C2 before C1) with floats needing rounding."""
    rows = [
        _row(
            "C2",
            "mmlu_gap",
            0.3000000000000001,
            -1.2,
            1.8,
            40,
            "consistent",
            "epoch",
            ref="[-10, 10]",
        ),
        _row(
            "C1", "pts_on_pts", 0.41234567891, 0.2, 0.62, 1234, "contradicted", note="significant"
        ),
        _row("C1", "elasticity", -0.1, -0.9, 0.7, 1234.0, "inconclusive", ref="-0.8", unit="%/%"),
        _row("C9", "", NAN, NAN, NAN, pd.NA, "not testable", data="", note="would need: firm data"),
        _row("C4", "youth", NAN, NAN, NAN, None, "data unavailable", data="ilo", note="get ILO"),
    ]
    df = pd.DataFrame(rows, columns=LEDGER_COLUMNS)
    df["n_obs"] = df["n_obs"].astype("Int64")
    return df


def make_sections(fig_dir: Path, *, bad_table: bool = False) -> list[ClaimSection]:
    fig, ax = new_figure()
    ax.plot([1995, 2000, 2005, 2011], [40.0, 42.5, 41.0, 44.2], marker="o")
    ax.set_xlabel("year")
    ax.set_ylabel("GVC participation (pts)")
    fig_path = save_figure(
        fig,
        fig_dir / "c1_participation.png",
        title="Manufacturing GVC participation, Japan",
        source_note="WIOD 2013 release; JARA",
        units="percentage points",
        close=True,
    )
    comp = ComparisonTable(
        frame=pd.DataFrame(
            {
                "(1)": ["0.412***", "(0.104)", "1234", "0.31"],
                "(2)": ["-0.100", "(0.41)", "1234", "0.05"],
            },
            index=["robot_density", "", "Observations", "R2"],
        ),
        n_coef_rows=2,
        note="* p<0.1, ** p<0.05, *** p<0.01; SEs clustered by industry.",
    )
    desc = pd.DataFrame(
        {"year": [2023, 2024], "gap_mmlu": [17.512345, 0.3], "best_us": ["gpt-4", "o1"]}
    )

    class Exploding:
        def to_markdown(self):
            raise RuntimeError("table rendering failed")

        to_html = to_latex = to_markdown

    c1 = ClaimSection(
        claim_id="C1",
        title="Robots and GVC participation",
        claim_text="every 1 percentage Industrial Robot Density elevation leads to a 0.8 percentage point decrease",
        source="004",
        cited="Huang, Lin and Wang (2023)",
        data="Japan industry panel, WIOD 1995-2011 x JARA robot stocks.",
        specification="Two-way FE, `gvc_part ~ robot_density | industry + year`, SEs by industry.",
        result_md="The estimate is **+0.41** pts (95% CI [0.20, 0.62]): the opposite sign.\n\n- N = 1,234",
        figures=[fig_path],
        tables={"c1_main": comp, "c1_bad": Exploding()} if bad_table else {"c1_main": comp},
        caveats="Robot stocks are built from shipments.",
        context="Artuc, Bastos and Rijkers (2023) find robots raise trade; see [the paper](https://doi.org/10.1016/j.jinteco.2023.103806).",
        headline_verdict="contradicted: Japan industry panel, points on points",
    )
    c2 = ClaimSection(
        claim_id="C2",
        title="US-China gap on MMLU",
        claim_text="double digits in 2023, single digits in 2024",
        source="004",
        cited="Stanford AI Index",
        data="Epoch AI benchmarking hub.",
        specification="Best score by developer country and year.",
        result_md="Gap 2024: 0.3 pts.",
        tables={"c2_gap": desc},
    )
    return [c1, c2]


@pytest.fixture
def inputs(tmp_path) -> dict:
    """Keyword arguments for ``write_report`` (minus ``out_dir``)."""
    fig_dir = tmp_path / "figsrc"
    return {
        "ledger": make_ledger(),
        "sections": make_sections(fig_dir),
        "data_availability_md": "All data are public. HumanEval: **no open data** here.\n\n- WIOD: mirror",
        "manifest": {
            "raw_files": {"wiod/wiot.zip": "ab" * 32},
            "seeds": {"bootstrap": 20240611},
            "timing": {"run_started_at": "2026-01-01T00:00:00+00:00"},
        },
    }
