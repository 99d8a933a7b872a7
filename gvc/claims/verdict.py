"""One documented rule from (estimate, 95% CI, reference) to a verdict, and the headline rule.

Verdicts (:data:`VERDICTS`)::

    consistent | same sign, different magnitude | contradicted | inconclusive
    data unavailable | not testable

The rule (:func:`assess`; :func:`verdict` returns its label). The reference is a number ``r`` or a
claimed range ``[r_lo, r_hi]`` (a number is the range ``[r, r]``); the CI ``[lo, hi]`` and the
range are closed, so a reference on a CI bound is inside the CI and 0 on a CI bound is inside it.

The reference's sign: a range strictly on one side of 0 (``r_lo > 0`` or ``r_hi < 0``) is a
*signed* reference with that sign. A range that contains 0 (``r_lo <= 0 <= r_hi``: the reference
0, "single digits" = ``[-10, 10]`` pts, or ``[0, 30]``) is *unsigned*: it bounds a magnitude and
already includes "no effect", so no estimate has or lacks "its sign".

0. Not testable (``testable=False`` or ``kind="not testable"``) -> ``not testable``.
   Estimate missing (None/NaN) -> ``data unavailable``.
1. ``kind="interval"`` (claim types effect, trend, share, gap; needs a CI):
   R = the reference range meets the CI (``r_lo <= hi`` and ``lo <= r_hi``);
   Z = 0 is inside the CI (``lo <= 0 <= hi``; not Z = significant at 5%).

   Signed reference:

   a. R and Z -> ``inconclusive``: the CI holds both the claim and no effect, too wide to tell.
   b. R (and not Z) -> ``consistent``.
   c. not R, the estimate has the reference's sign -> ``same sign, different magnitude`` (the
      reason says "significant" or "not significant: CI includes 0").
   d. not R, the estimate has the opposite sign (or is 0), not Z -> ``contradicted``
      (significant, opposite sign).
   e. not R, the estimate has the opposite sign (or is 0), Z -> ``inconclusive`` ("claimed value
      outside the CI, but the sign is not determined").

   Unsigned reference (the range contains 0):

   f. R -> ``consistent`` (the CI meets the claimed range; as the range includes 0, a CI that
      also holds 0 does not make the claim indistinguishable from no effect: "no effect" is part
      of the claim).
   g. not R -> ``contradicted``. The CI lies wholly beyond one end of a range that contains 0,
      so it excludes 0 as well: the estimate is significantly larger in magnitude than the claim
      allows. "same sign, different magnitude" is not used because the claim has no sign.

   Without a CI (a bound is NaN): the point rule when a ``tolerance`` is given, else
   ``inconclusive`` (nothing to judge the distance by).
2. ``kind="direction"`` (sign-only claims such as "rising" or "decoupling"; ``reference`` carries the
   claimed sign, e.g. +1): CI excludes 0 with the claimed sign -> ``consistent``; with the
   opposite sign -> ``contradicted``; CI includes 0 or is missing -> ``inconclusive``.
3. ``kind="point"`` (claim type descriptive, or point comparisons without a CI): the CI is
   ignored; ``r_lo - tolerance <= estimate <= r_hi + tolerance`` -> ``consistent``; else, for a
   signed reference, the estimate's sign equals the reference's -> ``same sign, different
   magnitude``, otherwise ``contradicted``; for an unsigned reference (range containing 0) ->
   ``contradicted`` (as in 1g). ``tolerance`` defaults to 0 and is in the reference's unit.

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


def _ref_sign(r_lo: float, r_hi: float) -> int:
    """+1/-1 for a range strictly above/below 0; 0 (unsigned) for a range that contains 0."""
    if r_lo > 0:
        return 1
    if r_hi < 0:
        return -1
    return 0


def _point(est: float, r_lo: float, r_hi: float, tolerance: float) -> Verdict:
    if tolerance < 0 or math.isnan(tolerance):
        raise ValueError(f"tolerance must be >= 0, got {tolerance}")
    ref = _fmt(r_lo, r_hi)
    if r_lo - tolerance <= est <= r_hi + tolerance:
        return Verdict(CONSISTENT, f"estimate {est:g} within {tolerance:g} of reference {ref}")
    far = f"estimate {est:g} farther than {tolerance:g} from reference {ref}"
    target_sign = _ref_sign(r_lo, r_hi)
    if target_sign == 0:
        return Verdict(CONTRADICTED, f"{far}, which contains 0 (a bound on the magnitude)")
    if _sign(est) == target_sign:
        return Verdict(DIFFERENT_MAGNITUDE, f"{far}, same sign")
    return Verdict(CONTRADICTED, f"{far}, not of the reference's sign")


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
    ref_in = r_lo <= hi and lo <= r_hi  # R
    zero_in = lo <= 0 <= hi  # Z
    ref_sign = _ref_sign(r_lo, r_hi)
    if ref_sign == 0:  # unsigned reference: the claimed range contains 0
        if ref_in:
            return Verdict(CONSISTENT, f"{ci} meets the reference {ref}, which contains 0")
        return Verdict(
            CONTRADICTED,
            f"{ci} lies outside the reference {ref}, which contains 0: "
            "significantly larger in magnitude than claimed",
        )
    if ref_in and zero_in:
        return Verdict(INCONCLUSIVE, f"{ci} includes both 0 and the reference {ref}")
    if ref_in:
        return Verdict(CONSISTENT, f"{ci} includes the reference {ref} and excludes 0")
    signif = "not significant: CI includes 0" if zero_in else "significant"
    if _sign(est) == ref_sign:
        return Verdict(DIFFERENT_MAGNITUDE, f"{ci} excludes the reference {ref}; {signif}")
    if not zero_in:
        return Verdict(
            CONTRADICTED,
            f"{ci} excludes the reference {ref}; estimate {est:g} not of the reference's sign; "
            "significant",
        )
    return Verdict(
        INCONCLUSIVE,
        f"claimed value outside the CI, but the sign is not determined: {ci} excludes the "
        f"reference {ref} and includes 0",
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
