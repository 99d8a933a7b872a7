"""Rows of the claims ledger (``reports/claims.csv``): one per claim and test.

:func:`ledger_row` turns an estimate for one registered specification into a row with the verdict
computed by :func:`gvc.claims.verdict.assess`; :func:`untested_rows` gives the rows of claims
that are not testable. Columns: :data:`LEDGER_COLUMNS`. Every estimated row says what it was
estimated on and how: ``n_clusters`` (clusters of the variance estimator, empty when it does not
cluster), ``sample`` (e.g. "12 countries x 6 years; 7 singletons dropped") and ``inference`` (e.g.
"wild cluster bootstrap by iso3, Webb weights, 9,999 draws").
"""

from __future__ import annotations

import math

import pandas as pd

from gvc.claims.registry import CLAIMS, Claim, ReferenceValue
from gvc.claims.verdict import (
    DESCRIPTIVE,
    INCONCLUSIVE,
    MIN_TIME_POINTS,
    NO_ESTIMATE,
    NOT_COMPARABLE,
    assess,
    comparability,
    power,
)

LEDGER_COLUMNS = [
    "claim_id",
    "claim",
    "source",
    "reference_value",
    "unit",
    "estimate",
    "ci_low",
    "ci_high",
    "n_obs",
    "n_clusters",
    "sample",
    "inference",
    "data",
    "specification",
    "verdict",
    "note",
]


def format_reference(ref: ReferenceValue, stated: bool = True) -> str:
    """The reference as printed in the ledger: ``-0.8 (i.e. -0.85 to -0.75 as stated)`` (a
    point value and the range its stated digits imply, :meth:`ReferenceValue.stated_range`;
    ``stated=False``: the value alone), ``[-10, 10]``, ``> 0``, ``< 0`` or a one-sided
    threshold ``> 50``."""
    span = ref.stated_range() if stated else None
    if span is not None:
        how = "at the claim's precision" if ref.precision_given else "as stated"
        return f"{ref.value:g} (i.e. {span[0]:g} to {span[1]:g} {how})"
    if ref.bound is not None and ref.value is not None:
        return f"{'>' if ref.bound == 'greater_than' else '<'} {ref.value:g}"
    if ref.low is not None and ref.high is not None:
        return f"[{ref.low:g}, {ref.high:g}]"
    if ref.value is not None:
        return f"{ref.value:g}"
    if ref.direction is not None:
        return "> 0" if ref.direction > 0 else "< 0"
    return ""


def _absent(x: object) -> bool:
    return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x))


def _count(x: object) -> object:
    if x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x)):
        return pd.NA
    return int(x)  # type: ignore[arg-type]


def ledger_row(
    claim: Claim,
    spec_id: str,
    estimate: float | None,
    ci_low: float | None = None,
    ci_high: float | None = None,
    n_obs: int | None = None,
    note: str = "",
    *,
    n_clusters: int | None = None,
    sample: str = "",
    inference: str = "",
    time_points: int | None = None,
    window: tuple[int, int] | None = None,
    level: float | None = None,
    claimed_size: float | None = None,
    size_words: str = "",
    mde: float | None = None,
    mde_how: str = "",
) -> dict[str, object]:
    """One ledger row for ``claim``'s specification ``spec_id``; the verdict follows the
    specification's rule and tolerance, and its reason is appended to ``note``.

    Before the rule, the row's comparability with the claim's scope (``window``: first and last
    year of the data; ``level``: the data's level at the scope's level year) and its number of
    ``time_points`` (time series only) are checked: ``not comparable`` and ``descriptive`` rows
    keep their estimate and CI, and the note says what the rule alone would have said
    (:mod:`gvc.claims.verdict`, rule 5). An ``inconclusive`` row's note gets its power
    (:func:`gvc.claims.verdict.power`; ``claimed_size``/``size_words`` name the size a sign-only
    claim is judged against; ``mde``/``mde_how`` a bootstrap's own minimum detectable effect).

    ``n_clusters``, ``sample`` and ``inference`` fill the columns of the same names (see the
    module docstring); :func:`gvc.claims.families.base.fit_row` fills them from a fit. A
    point-rule row without ``inference`` gets "point comparison (no CI), tolerance ..."."""
    spec = claim.specification(spec_id)
    ref = claim.reference(spec.reference)
    # a point value judged at its stated precision; a point rule with its own tolerance is
    # judged against the value alone (the tolerance already covers how precisely it is stated)
    sized = spec.rule == "interval" or (spec.rule == "point" and not spec.tolerance)
    v = assess(
        estimate,
        ci_low,
        ci_high,
        ref.judged() if sized else ref.target(),
        kind=spec.rule,
        tolerance=spec.tolerance,
        testable=claim.testable,
        stated=format_reference(ref) if sized else "",
    )
    label, reason = v.label, v.reason
    has_ci = not (_absent(ci_low) or _absent(ci_high))
    if label not in NO_ESTIMATE:
        why = comparability(claim.scope, window, level)
        if spec.construct:
            claimed = claim.scope.construct or "quantity"
            label = NOT_COMPARABLE
            reason = (
                f"not comparable: the row measures {spec.construct}, not the claim's {claimed}; "
                "reported beside the claim, without a verdict"
            )
        elif why:
            label = NOT_COMPARABLE
            reason = f"not comparable: {why} (the rule alone would say: {v.label}; {v.reason})"
        elif (
            time_points is not None
            and int(time_points) < MIN_TIME_POINTS
            and spec.rule != "point"
            and has_ci
        ):
            label = DESCRIPTIVE
            reason = (
                f"descriptive: {int(time_points)} time points, fewer than {MIN_TIME_POINTS}, so "
                f"no interval verdict (the rule alone would say: {v.label}; {v.reason})"
            )
        elif label == INCONCLUSIVE and has_ci:
            p = power(
                ci_low,
                ci_high,
                ref.judged() if sized else ref.target(),  # power: the range's nearer end
                kind=spec.rule,
                size=claimed_size,
                size_words=size_words,
                mde=mde,
                mde_how=mde_how,
            )
            if p is not None:
                reason = f"{reason}; power: {p.words}"
    nan = float("nan")
    notes = "; ".join(x for x in (note, reason) if x)
    if not inference and spec.rule == "point" and v.label not in NO_ESTIMATE:
        tol = 0.0 if spec.tolerance is None else spec.tolerance
        inference = f"point comparison (no CI), tolerance {tol:g} {ref.unit.split(' ')[0]}"
    return {
        "claim_id": claim.id,
        "claim": claim.text,
        "source": claim.source,
        "reference_value": "" if spec.construct else format_reference(ref, stated=sized),
        "unit": spec.unit or ref.unit,
        "estimate": nan if estimate is None else float(estimate),
        "ci_low": nan if ci_low is None else float(ci_low),
        "ci_high": nan if ci_high is None else float(ci_high),
        "n_obs": _count(n_obs),
        "n_clusters": _count(n_clusters),
        "sample": sample,
        "inference": inference,
        "data": spec.data,
        "specification": spec.id,
        "verdict": label,
        "note": notes,
    }


def untested_rows(claims: list[Claim] | None = None) -> pd.DataFrame:
    """``not testable`` rows for every claim that public data cannot test, saying what would."""
    rows = []
    for claim in claims if claims is not None else CLAIMS:
        if claim.testable:
            continue
        ref = claim.references[0]
        rows.append(
            {
                "claim_id": claim.id,
                "claim": claim.text,
                "source": claim.source,
                "reference_value": format_reference(ref, stated=False),
                "unit": ref.unit,
                "estimate": float("nan"),
                "ci_low": float("nan"),
                "ci_high": float("nan"),
                "n_obs": pd.NA,
                "n_clusters": pd.NA,
                "sample": "",
                "inference": "",
                "data": "",
                "specification": "",
                "verdict": "not testable",
                "note": f"{claim.status}; would need: {claim.data_to_test}",
            }
        )
    return pd.DataFrame(rows, columns=LEDGER_COLUMNS)
