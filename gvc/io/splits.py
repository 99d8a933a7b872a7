"""Merging split countries *before* the Leontief inverse (pymrio's OECD parser), for comparison.

gvc inverts the split table and merges the parts afterwards (``ICIO(..., splits=...)``), as
exvatools does; aggregating the parts' rows and columns first (``merge_first``) changes the
technical coefficients and therefore domestic and foreign content. This module only aggregates
arrays: intermediate use Z (rows and columns), final demand F (rows; a split country's
destination column is the sum of its parts' columns) and output x.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np


def merge_first(
    Z: np.ndarray,
    F: np.ndarray,
    x: np.ndarray,
    countries: Sequence[str],
    N: int,
    splits: Mapping[str, Sequence[str]],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """(Z, F, x, countries) with every split country's parts summed into one country, placed
    at its first part's position; sector order within countries is kept."""
    part_of = {p: name for name, parts in splits.items() for p in parts}
    merged = list(dict.fromkeys(part_of.get(c, c) for c in countries))
    G, M = len(countries), len(merged)
    C = np.zeros((G, M))  # country aggregation matrix
    C[np.arange(G), [merged.index(part_of.get(c, c)) for c in countries]] = 1.0
    S = np.kron(C, np.eye(N))  # (G*N, M*N) sector aggregation
    return S.T @ Z @ S, S.T @ F @ C, S.T @ x, merged
