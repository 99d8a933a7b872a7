"""Steps that several claim families repeat, written once (reached through
:mod:`gvc.claims.families.kit`).

- :func:`unavailable_all`: a ``data unavailable`` row for every specification of a claim.
- :func:`trend_row`: the ledger row of a :func:`gvc.claims.trend.linear_trend` result (slope,
  CI, points, sample and inference in words).
- :func:`row_lines` and :func:`bullets`: the result paragraph's one line per ledger row.
- :func:`cached`: a value computed once per :class:`~gvc.claims.families.layout.FamilyData`
  (fits that both the estimate and the describe step need); :func:`fits`, the fitted models.
- :func:`unavailable_text`: the describe step's words when there is nothing to estimate.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

import pandas as pd

from gvc.claims.families.base import describe_row, unavailable
from gvc.claims.families.layout import FamilyData, FamilyText
from gvc.claims.families.sample import trend_sample
from gvc.claims.ledger import ledger_row
from gvc.claims.registry import Claim

T = TypeVar("T")


def unavailable_all(claim: Claim, missing: str, how: str) -> list[dict[str, object]]:
    """One ``data unavailable`` row per registered specification of ``claim``, each saying what
    is ``missing`` and ``how`` to get it."""
    return [unavailable(claim, s.id, missing, how) for s in claim.specifications]


def trend_row(
    claim: Claim,
    spec_id: str,
    tr: dict[str, object],
    note: str,
    units: str = "",
    level: float | None = None,
) -> dict[str, object]:
    """Ledger row of a trend (``tr`` from :func:`gvc.claims.trend.linear_trend`): estimate =
    slope (unit of ``y`` per year), its CI and number of points; ``units`` (e.g.
    ``"14 economies"``) prefixes the sample, the trend's method is the inference.

    The trend's years are its time points and its data window (fewer than 8 points:
    ``descriptive``; a window outside the claim's: ``not comparable``); ``level`` is the series'
    level at the claim's level year, when the claim states one. A trend on 8+ points states the
    interval rule's simulated coverage at its n under AR(1) errors with rho = 0.5 and 0.8
    (:func:`gvc.claims.trend_coverage.coverage_words`)."""
    from gvc.claims.trend_coverage import coverage_words
    from gvc.claims.verdict import MIN_TIME_POINTS

    n = int(tr["n_obs"])  # type: ignore[arg-type]
    window = None
    if n:
        window = (int(tr["x_min"]), int(tr["x_max"]))  # type: ignore[arg-type]
    if n >= MIN_TIME_POINTS and pd.notna(tr["ci_low"]):
        note = f"{note}; {coverage_words(n)}" if note else coverage_words(n)
    return ledger_row(
        claim,
        spec_id,
        tr["slope"],
        tr["ci_low"],
        tr["ci_high"],
        tr["n_obs"],
        note,
        sample=trend_sample(tr, units),
        inference=str(tr["method"]),
        time_points=n,
        window=window,
        level=level,
    )


def row_lines(rows: pd.DataFrame, unit: str = "", *, skip_unavailable: bool = False) -> list[str]:
    """One :func:`~gvc.claims.families.base.describe_row` line per ledger row (``unit`` after
    the estimate); rows without data left out when ``skip_unavailable``."""
    return [
        describe_row(r, unit)
        for _, r in rows.iterrows()
        if not (skip_unavailable and r["verdict"] == "data unavailable")
    ]


def bullets(lines: Iterable[str]) -> str:
    """A markdown list, one ``- line`` per line."""
    return "\n".join(f"- {x}" for x in lines)


def cached(data: FamilyData, key: str, compute: Callable[[], T]) -> T:
    """``data.notes[key]``, computing it with ``compute()`` the first time (e.g. fitted models
    that the estimate step reports and the describe step tabulates)."""
    if key not in data.notes:
        data.notes[key] = compute()
    return data.notes[key]  # type: ignore[return-value]


def fits(data: FamilyData) -> dict[str, object]:
    """The fitted models of a family's estimate step, by specification id (kept in
    ``data.notes["fits"]``; the describe step turns them into regression tables)."""
    return cached(data, "fits", dict)


def unavailable_text(claim: Claim, missing: str, how: str, data: str) -> FamilyText:
    """The describe step's words when the data step found nothing to estimate: what is
    ``missing``, ``how`` to get it, and which ``data`` the family would use (the report never
    shows an empty caveats block)."""
    return FamilyText(
        result_md=f"Data unavailable: {missing}.",
        caveats=f"No {claim.id} estimate without these data; to get them: {how}.",
        data=data,
    )
