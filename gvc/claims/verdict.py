"""One documented rule from (estimate, 95% CI, reference) to a verdict, and the headline rule.

Verdicts (:data:`VERDICTS`)::

    consistent | same sign, different magnitude | contradicted | inconclusive
    data unavailable | not testable

The rule (:func:`assess`; :func:`verdict` returns its label). The reference is a number ``r`` or a
claimed range ``(r_lo, r_hi)`` (e.g. "single digits" = ``(-10, 10)`` pts); the CI ``[lo, hi]`` is
closed, so a reference on a CI bound is inside it. "sign of the reference" is ``sign(r)``, or the
sign of the range midpoint.

0. Not testable (``testable=False`` or ``kind="not testable"``) -> ``not testable``.
   Estimate missing (None/NaN) -> ``data unavailable``.
1. ``kind="interval"`` (claim types effect, trend, share, gap; needs a CI):
   R = the reference (range) meets the CI; Z = 0 is inside the CI.

   a. R and Z and the reference is not 0 -> ``inconclusive``: the CI is too wide to tell the
      claim from no effect.
   b. R -> ``consistent``.
   c. not R, estimate has the reference's sign -> ``same sign, different magnitude``
      (the reason says when the estimate is not significant, i.e. Z).
   d. not R otherwise (opposite sign, or exactly 0) -> ``contradicted`` (significant when not Z;
      the reason says so).

   Without a CI (a bound is NaN): the point rule when a ``tolerance`` is given, else
   ``inconclusive`` (nothing to judge the distance by).
2. ``kind="direction"`` (sign-only claims such as "rising" or "decoupling"; ``reference`` carries the
   claimed sign, e.g. +1): CI excludes 0 with the claimed sign -> ``consistent``; with the
   opposite sign -> ``contradicted``; CI includes 0 or is missing -> ``inconclusive``.
3. ``kind="point"`` (claim type descriptive, or point comparisons without a CI): the CI is
   ignored; ``|estimate - r| <= tolerance`` (or ``r_lo - tolerance <= estimate <= r_hi +
   tolerance``) -> ``consistent``; else the estimate's sign equals the reference's ->
   ``same sign, different magnitude``; else ``contradicted``. ``tolerance`` defaults to 0 and is
   in the reference's unit.

Headline rule (:func:`headline`): a claim tested several ways reports every row; its headline is
the pre-registered primary specification (the first in the claim's ``specifications``) when that
row has an estimate; else the next specification, in registry order, that has one; rows without an
estimate (``data unavailable``, ``not testable``) never head a claim that has an estimate. When no
row has one, the headline is ``data unavailable`` if any row says so, else ``not testable``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

CONSISTENT = "consistent"
DIFFERENT_MAGNITUDE = "same sign, different magnitude"
CONTRADICTED = "contradicted"
INCONCLUSIVE = "inconclusive"
DATA_UNAVAILABLE = "data unavailable"
NOT_TESTABLE = "not testable"

VERDICTS = (
    CONSISTENT,
    DIFFERENT_MAGNITUDE,
    CONTRADICTED,
    INCONCLUSIVE,
    DATA_UNAVAILABLE,
    NOT_TESTABLE,
)
"""Every verdict label."""

NO_ESTIMATE = (DATA_UNAVAILABLE, NOT_TESTABLE)
"""Verdicts of rows that carry no estimate."""

_KIND_ALIASES = {
    "interval": "interval",
    "effect": "interval",
    "trend": "interval",
    "share": "interval",
    "gap": "interval",
    "direction": "direction",
    "point": "point",
    "descriptive": "point",
    "not testable": "not testable",
}
"""``kind`` accepts a rule name or a claim type (mapped to its default rule)."""

Reference = float | tuple[float, float]


@dataclass(frozen=True)
class Verdict:
    """A verdict label and the reason the rule gave it (for the report's ``note`` column)."""

    label: str
    reason: str

    def __str__(self) -> str:
        return self.label


def _missing(x: object) -> bool:
    if x is None:
        return True
    try:
        return math.isnan(float(x))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


def _as_range(reference: Reference) -> tuple[float, float]:
    if isinstance(reference, tuple | list):
        if len(reference) != 2:
            raise ValueError(f"a reference range needs (low, high), got {reference!r}")
        lo, hi = float(reference[0]), float(reference[1])
    else:
        lo = hi = float(reference)
    if math.isnan(lo) or math.isnan(hi):
        raise ValueError("reference is NaN: register a value, a range or a direction")
    if lo > hi:
        raise ValueError(f"reference range low {lo} > high {hi}")
    return lo, hi


def _fmt(r_lo: float, r_hi: float) -> str:
    return f"{r_lo:g}" if r_lo == r_hi else f"[{r_lo:g}, {r_hi:g}]"


def _point(est: float, r_lo: float, r_hi: float, tolerance: float) -> Verdict:
    if tolerance < 0 or math.isnan(tolerance):
        raise ValueError(f"tolerance must be >= 0, got {tolerance}")
    ref = _fmt(r_lo, r_hi)
    if r_lo - tolerance <= est <= r_hi + tolerance:
        return Verdict(CONSISTENT, f"estimate {est:g} within {tolerance:g} of reference {ref}")
    target_sign = _sign((r_lo + r_hi) / 2)
    if _sign(est) == target_sign and est != 0:
        return Verdict(
            DIFFERENT_MAGNITUDE,
            f"estimate {est:g} farther than {tolerance:g} from reference {ref}, same sign",
        )
    return Verdict(
        CONTRADICTED,
        f"estimate {est:g} farther than {tolerance:g} from reference {ref}, "
        "not of the reference's sign",
    )


def assess(
    estimate: float | None,
    ci_low: float | None,
    ci_high: float | None,
    reference: Reference | None,
    *,
    kind: str = "interval",
    tolerance: float | None = None,
    testable: bool = True,
) -> Verdict:
    """The verdict and its reason under the module's rule (see the module docstring).

    Args:
        estimate: point estimate, in the reference's unit (e.g. ``pts``, ``pts/yr``, ``pct``).
        ci_low, ci_high: 95% confidence bounds (None/NaN when there is no CI).
        reference: claimed value, claimed ``(low, high)`` range, or for ``kind="direction"`` any
            number whose sign is the claimed sign.
        kind: ``interval``, ``direction``, ``point`` or ``not testable``, or a claim type
            (effect/trend/share/gap -> interval, descriptive -> point).
        tolerance: allowed |estimate - reference| for point comparisons (reference's unit).
        testable: False gives ``not testable`` whatever the numbers.

    Raises:
        ValueError: unknown ``kind``, NaN reference, ``ci_low > ci_high``, negative tolerance.
    """
    if kind not in _KIND_ALIASES:
        raise ValueError(f"unknown kind {kind!r}; use one of {sorted(_KIND_ALIASES)}")
    rule = _KIND_ALIASES[kind]
    if not testable or rule == "not testable":
        return Verdict(NOT_TESTABLE, "no public data can test the claim")
    if _missing(estimate):
        return Verdict(DATA_UNAVAILABLE, "no estimate: the data are unavailable")
    if reference is None:
        raise ValueError("reference is None: register a value, a range or a direction")
    est = float(estimate)  # type: ignore[arg-type]
    r_lo, r_hi = _as_range(reference)
    has_ci = not (_missing(ci_low) or _missing(ci_high))
    if has_ci:
        lo, hi = float(ci_low), float(ci_high)  # type: ignore[arg-type]
        if lo > hi:
            raise ValueError(f"ci_low {lo} > ci_high {hi}")

    if rule == "point":
        return _point(est, r_lo, r_hi, 0.0 if tolerance is None else float(tolerance))

    if rule == "direction":
        claimed = _sign((r_lo + r_hi) / 2)
        if claimed == 0:
            raise ValueError("a direction reference must be positive or negative")
        if not has_ci:
            return Verdict(INCONCLUSIVE, "no CI: a sign cannot be judged from a point estimate")
        if lo <= 0 <= hi:
            return Verdict(INCONCLUSIVE, f"CI [{lo:g}, {hi:g}] includes 0")
        if _sign(lo) == claimed:
            return Verdict(CONSISTENT, f"CI [{lo:g}, {hi:g}] excludes 0 with the claimed sign")
        return Verdict(CONTRADICTED, f"CI [{lo:g}, {hi:g}] excludes 0 with the opposite sign")

    # interval rule
    if not has_ci:
        if tolerance is not None:
            return _point(est, r_lo, r_hi, float(tolerance))
        return Verdict(INCONCLUSIVE, "no CI and no tolerance: nothing to judge the distance by")
    ref = _fmt(r_lo, r_hi)
    ci = f"CI [{lo:g}, {hi:g}]"
    ref_in = r_lo <= hi and lo <= r_hi
    zero_in = lo <= 0 <= hi
    ref_is_zero = r_lo == 0 == r_hi
    if ref_in and zero_in and not ref_is_zero:
        return Verdict(INCONCLUSIVE, f"{ci} includes both 0 and the reference {ref}")
    if ref_in:
        return Verdict(CONSISTENT, f"{ci} includes the reference {ref}")
    signif = "not significant: CI includes 0" if zero_in else "significant"
    if _sign(est) == _sign((r_lo + r_hi) / 2) and est != 0:
        return Verdict(DIFFERENT_MAGNITUDE, f"{ci} excludes the reference {ref}; {signif}")
    return Verdict(
        CONTRADICTED,
        f"{ci} excludes the reference {ref}; estimate {est:g} of the other sign; {signif}",
    )


def verdict(
    estimate: float | None,
    ci_low: float | None,
    ci_high: float | None,
    reference: Reference | None,
    *,
    kind: str = "interval",
    tolerance: float | None = None,
    testable: bool = True,
) -> str:
    """The verdict label (one of :data:`VERDICTS`); see :func:`assess` and the module docstring."""
    return assess(
        estimate,
        ci_low,
        ci_high,
        reference,
        kind=kind,
        tolerance=tolerance,
        testable=testable,
    ).label


def headline(
    rows: pd.DataFrame | Iterable[Mapping[str, object]],
    order: Sequence[str] | None = None,
) -> pd.Series:
    """The row that heads a claim tested several ways (see the module docstring for the rule).

    Args:
        rows: one row per test, with columns ``specification`` and ``verdict``.
        order: the claim's specification ids, primary first (``[s.id for s in
            claim.specifications]``); rows whose specification is not listed come after, in their
            given order. Without ``order`` the rows' own order is the registry order.

    Returns:
        The chosen row (a copy, with its original index as ``name``).

    Raises:
        ValueError: no rows, missing columns, or a verdict not in :data:`VERDICTS`.
    """
    df = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
    if df.empty:
        raise ValueError("headline needs at least one row")
    missing = {"specification", "verdict"} - set(df.columns)
    if missing:
        raise ValueError(f"rows lack columns {sorted(missing)}")
    bad = set(df["verdict"]) - set(VERDICTS)
    if bad:
        raise ValueError(f"unknown verdicts {sorted(bad)}")
    rank = {spec: i for i, spec in enumerate(order or ())}
    position = pd.Series(range(len(df)), index=df.index)
    key = df["specification"].map(lambda s: rank.get(s, len(rank))) * (len(df) + 1) + position
    ordered = df.loc[key.sort_values(kind="stable").index]
    with_estimate = ordered[~ordered["verdict"].isin(NO_ESTIMATE)]
    if not with_estimate.empty:
        return with_estimate.iloc[0].copy()
    unavailable = ordered[ordered["verdict"] == DATA_UNAVAILABLE]
    return (unavailable if not unavailable.empty else ordered).iloc[0].copy()
