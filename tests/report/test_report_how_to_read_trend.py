"""The trend-interval paragraph of "How to read a verdict": in both pages, with the thresholds
gvc.claims.trend uses."""

from __future__ import annotations

from html import escape

from gvc.claims.trend import EWC_MIN_POINTS, INDICATIVE_POINTS
from gvc.report import write_report
from gvc.report.how_to_read import TREND_INTERVALS


def test_trend_paragraph_in_both_pages(tmp_path, inputs):
    write_report(tmp_path / "rep", **inputs)
    md = (tmp_path / "rep/claims.md").read_text(encoding="utf-8")
    page = (tmp_path / "rep/index.html").read_text(encoding="utf-8")
    assert TREND_INTERVALS in md
    assert (
        f"<summary>How trend intervals are built</summary><p>{escape(TREND_INTERVALS)}</p>" in page
    )
    assert f"Trends on {EWC_MIN_POINTS}+ years" in TREND_INTERVALS
    assert f"fewer than {INDICATIVE_POINTS} years stay marked indicative" in TREND_INTERVALS
    assert "t(B)" in TREND_INTERVALS and "Lazarus, Lewis, Stock and Watson 2018" in TREND_INTERVALS
    # the paragraph sits inside the section, before the first claim section
    assert md.index(TREND_INTERVALS) < md.index("## C1:")
