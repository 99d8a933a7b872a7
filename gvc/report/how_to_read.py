"""The report's "How to read a verdict" section: the verdict rule in plain words.

One text (:data:`gvc.claims.verdict.HOW_TO_READ_INTRO` and :data:`~gvc.claims.verdict.HOW_TO_READ`)
rendered as Markdown for ``claims.md`` and as HTML for ``index.html``, so the two never differ;
then :data:`TREND_INTERVALS`, how trend intervals are built and how often they cover (measured in
:mod:`gvc.claims.trend_coverage`, ``bench/bench_trend_coverage.py``).
"""

from __future__ import annotations

from html import escape

from gvc.claims.trend import EWC_MIN_POINTS, INDICATIVE_POINTS
from gvc.claims.trend_coverage import rule_coverage
from gvc.claims.verdict import HOW_TO_READ, HOW_TO_READ_INTRO, MIN_TIME_POINTS

TITLE = "How to read a verdict"

TREND_INTERVALS = (
    f"Trends on {EWC_MIN_POINTS}+ years have autocorrelation-robust intervals (equal-weighted "
    "cosine SE, t(B), B = 0.4 n^(2/3); Lazarus, Lewis, Stock and Watson 2018): with simulated "
    "AR(1) errors up to 0.5 they cover 92-96% (the former lag-window HAC rule: 79% on 20 years), "
    "at 2-2.6 times the classical width; each trend row that carries a verdict states the "
    "rule's simulated coverage at its own n with AR(1) errors of 0.5 and 0.8. Below "
    f"{MIN_TIME_POINTS} time points no interval verdict is given (the row is descriptive): at "
    f"n = 6 the rule covers {100 * rule_coverage(6, 0.5):.0f}% with rho = 0.5 and "
    f"{100 * rule_coverage(6, 0.8):.0f}% with rho = 0.8. Trends on fewer than "
    f"{INDICATIVE_POINTS} years stay marked indicative."
)
"""How trend rows' intervals are built and their measured coverage (one paragraph)."""


def how_to_read_md() -> str:
    """The section as Markdown (heading, paragraph, one bullet per verdict, the trend paragraph)."""
    items = "\n".join(f"- **{label}**: {text}" for label, text in HOW_TO_READ)
    return f"## {TITLE}\n\n{HOW_TO_READ_INTRO}\n\n{items}\n\n{TREND_INTERVALS}"


def how_to_read_html() -> str:
    """The section as HTML (``<section id="how-to-read">``), same words as the Markdown (the
    trend paragraph folded in a ``<details>``, so the page above the fold keeps its layout)."""
    items = "".join(
        f"<li><strong>{escape(label)}</strong>: {escape(text)}</li>" for label, text in HOW_TO_READ
    )
    return (
        f'<section id="how-to-read"><h2>{TITLE}</h2>\n<p>{escape(HOW_TO_READ_INTRO)}</p>\n'
        f"<ul>{items}</ul>\n<details><summary>How trend intervals are built</summary>"
        f"<p>{escape(TREND_INTERVALS)}</p></details></section>"
    )
