"""``compare([fit, ...])``: side-by-side regression tables of fitted models (Markdown, HTML,
LaTeX, Excel). The layout and rendering are in :mod:`gvc.estimators.regression_table`; this
module checks its inputs are fitted models (``FeolsResult``) and builds the table.
"""

from __future__ import annotations

from collections.abc import Sequence

from gvc.estimators.regression_table import (
    DEFAULT_STARS,
    ComparisonTable,
    regression_table,
    tex_escape,
)
from gvc.estimators.results import FeolsResult

__all__ = ["DEFAULT_STARS", "ComparisonTable", "compare", "tex_escape"]


def compare(
    results: Sequence[FeolsResult],
    names: Sequence[str] | None = None,
    *,
    keep: Sequence[str] | None = None,
    labels: dict[str, str] | None = None,
    digits: int = 3,
    stars: Sequence[tuple[float, str]] = DEFAULT_STARS,
    extra_rows: dict[str, Sequence[object]] | None = None,
) -> ComparisonTable:
    """Build a side-by-side table of ``results``.

    Parameters
    ----------
    results : fitted models (:class:`FeolsResult`).
    names : column headers; default ``(1), (2), ...``.
    keep : terms to show, in order; default every term in order of first appearance.
    labels : display names for terms and fixed effects, e.g. ``{"robots": "Robots per 10k"}``.
    digits : decimals for estimates and standard errors; a nonzero value that would print as
        0 (``-0.000``) gets ``digits`` significant digits instead (``-2.35e-05``).
    stars : ``(p-value threshold, mark)`` pairs; defined in the note.
    extra_rows : custom rows below the statistics, ``{label: one value per model}`` (as
        fixest's ``etable(extralines=)`` and pyfixest's ``etable(custom_model_stats=)``), e.g.
        ``{"Mean of y": [0.41, 0.38], "Sample": ["all", "no c16"]}``.
    """
    results = list(results)
    for r in results:
        if not isinstance(r, FeolsResult):
            raise TypeError(f"compare() takes FeolsResult objects, got {type(r).__name__}")
    return regression_table(
        results, names, keep=keep, labels=labels, digits=digits, stars=stars, extra_rows=extra_rows
    )
