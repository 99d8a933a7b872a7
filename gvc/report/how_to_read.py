"""The report's "How to read a verdict" section: the verdict rule in plain words.

One text (:data:`gvc.claims.verdict.HOW_TO_READ_INTRO` and :data:`~gvc.claims.verdict.HOW_TO_READ`)
rendered as Markdown for ``claims.md`` and as HTML for ``index.html``, so the two never differ;
then :data:`TREND_INTERVALS`, how trend intervals are built and how often they cover (measured in
:mod:`gvc.claims.trend_coverage`, ``bench/bench_trend_coverage.py``).
"""

from __future__ import annotations

from html import escape

from gvc.claims.trend import EWC_MIN_POINTS, INDICATIVE_POINTS
from gvc.claims.verdict import HOW_TO_READ, HOW_TO_READ_INTRO

TITLE = "How to read a verdict"

TREND_INTERVALS = (
    f"Trend intervals (slopes in pts/yr) on {EWC_MIN_POINTS} or more years are "
    "autocorrelation-robust: equal-weighted cosine (EWC) standard errors with Student t(B) "
    "critical values, B = 0.4 n^(2/3) rounded (Lazarus, Lewis, Stock and Watson 2018; the "
    "cosines are made orthogonal to the trend). In simulations with AR(1) errors, nominal 95% "
    "intervals cover the true slope 92-96% of the time on 10 to 50 years when the "
    "autocorrelation is at most 0.5 (89-92% at 0.7); the Newey-West rule used before covered 79% "
    "on 20 years with autocorrelation 0.5. The price is width: 2 to 2.6 times the classical "
    f"interval at autocorrelation 0.5. On fewer than {EWC_MIN_POINTS} years the interval is the "
    "classical one, right only if the years' errors are independent. Trends on fewer than "
    f"{INDICATIVE_POINTS} years stay marked indicative."
)
"""How trend rows' intervals are built and their measured coverage (one paragraph)."""


def how_to_read_md() -> str:
    """The section as Markdown (heading, paragraph, one bullet per verdict)."""
    items = "\n".join(f"- **{label}**: {text}" for label, text in HOW_TO_READ)
    return f"## {TITLE}\n\n{HOW_TO_READ_INTRO}\n\n{items}\n\n{TREND_INTERVALS}"


def how_to_read_html() -> str:
    """The section as HTML (``<section id="how-to-read">``), same words as the Markdown."""
    items = "".join(
        f"<li><strong>{escape(label)}</strong>: {escape(text)}</li>" for label, text in HOW_TO_READ
    )
    return (
        f'<section id="how-to-read"><h2>{TITLE}</h2>\n<p>{escape(HOW_TO_READ_INTRO)}</p>\n'
        f"<ul>{items}</ul>\n<p>{escape(TREND_INTERVALS)}</p></section>"
    )
