"""Specification curve of a claim: which rows are on it, agreement with the primary, the figure
(built by SpecGrid.from_results / SpecGrid.plot)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gvc.claims.ledger import ledger_row
from gvc.claims.registry import get_claim
from gvc.claims.spec_curve import agreement, agreement_note, curve_rows, spec_curve_figure
from gvc.estimators import SpecGrid
from gvc.estimators.errors import SpecificationError


def c3_rows(n_trend: int = 9):
    """C3 rows: trend rows with CIs (the first n_trend trend specs), levels, one unavailable."""
    claim = get_claim("C3")
    rows = []
    trend_specs = [s for s in claim.specifications if s.reference == "trend 2015-2023"]
    for i, s in enumerate(trend_specs):
        if i < n_trend and s.id != "C3-trend-wb-world":
            est = 4.0 if i % 3 else -0.5
            rows.append(ledger_row(claim, s.id, est, est - 0.5, est + 0.5, 6))
        else:
            rows.append(ledger_row(claim, s.id, None))
    for s in claim.specifications:
        if s.reference != "trend 2015-2023":
            est = None if s.id == "C3-level2023" else 41.0
            rows.append(ledger_row(claim, s.id, est))
    return claim, pd.DataFrame(rows)


def test_curve_rows_keep_estimated_rows_of_the_primary_reference():
    claim, rows = c3_rows()
    curve = curve_rows(rows, claim)
    assert "C3-level2015-wb" not in set(curve["specification"])  # point rule, other reference
    assert "C3-trend-wb-world" not in set(curve["specification"])  # no estimate
    assert curve["specification"].iloc[0] == "C3-trend-wb"
    trend = {s.id for s in claim.specifications if s.reference == "trend 2015-2023"}
    expected = rows[rows["specification"].isin(trend) & rows["estimate"].notna()]
    assert len(curve) == len(expected) == 8  # 10 trend specs: world and the 10th unestimated


def test_agreement_counts_distinct_designs_with_the_primary_verdict():
    # issue 20: near-duplicates (variant_of: drop-one-endpoint rows, the classification's timing)
    # count once with the design they vary, so "k of n agree" is over distinct designs.
    from gvc.claims.headline import designs

    claim, rows = c3_rows()
    k, n, head = agreement(rows, claim)
    curve = curve_rows(rows, claim)
    assert head["specification"] == "C3-trend-wb"
    ds = designs(curve, claim)
    assert n == len(ds) < len(curve)
    assert k == sum(d.verdict == head["verdict"] for d in ds)
    assert 1 <= k < n
    trend_wb = next(d for d in ds if d.root == "C3-trend-wb")
    assert {"C3-trend-wb-drop-first", "C3-trend-wb-base"} <= set(trend_wb.merged)
    assert agreement_note(rows, claim) == (
        f"{k - 1} of the {n - 1} other distinct designs agree with the primary, C3-trend-wb"
    )


def test_agreement_note_with_two_rows():
    claim, rows = c3_rows(n_trend=2)
    assert agreement_note(rows, claim) in (
        "the other distinct design agrees with the primary, C3-trend-wb",
        "the other distinct design does not agree with the primary, C3-trend-wb",
    )
    k, n, _ = agreement(rows, claim)
    assert n == 2 and agreement_note(rows, claim).split()[4] == ("agrees" if k == 2 else "does")


def test_figure_only_with_five_rows(tmp_path):
    claim, rows = c3_rows()
    path = spec_curve_figure(rows, claim, tmp_path)
    assert path == tmp_path / "c3_spec_curve.png" and path.stat().st_size > 10_000
    claim, few = c3_rows(n_trend=4)
    assert len(curve_rows(few, claim)) == 4
    assert spec_curve_figure(few, claim, tmp_path / "few") is None


def test_specgrid_from_results_plots_reference_and_primary(tmp_path):
    res = pd.DataFrame(
        {
            "estimate": [0.1, -0.5, 0.3],
            "ci_low": [-0.2, -0.9, 0.1],
            "ci_high": [0.4, -0.1, 0.5],
            "outcome": "y",
            "regressor": "x",
            "fe": "",
            "sample": ["a", "b", "c"],
            "spec_id": ["a", "b", "c"],
        }
    )
    grid = SpecGrid.from_results(res)
    fig = grid.plot(tmp_path / "c.png", reference=-0.8, highlight="b")
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "claimed: -0.8" in labels and "primary" in labels
    assert any(np.allclose(line.get_ydata(), -0.8) for line in ax.get_lines())
    with pytest.raises(SpecificationError, match="from_results needs"):
        SpecGrid.from_results(res.drop(columns="ci_low"))
