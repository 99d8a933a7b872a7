"""One documented rule from (estimate, 95% CI, reference) to a verdict, and the headline rule.

Verdicts (:data:`VERDICTS`)::

    consistent | inconclusive | claimed size rejected, sign undetermined
    same sign, different magnitude | contradicted | differs
    descriptive | not comparable | data unavailable | not testable

The rule depends only on what the confidence interval rejects, never on the sign of the point
estimate. The reference is a number ``r`` or a claimed range ``[r_lo, r_hi]`` (a number is the
range ``[r, r]``); the CI ``[lo, hi]`` and the range are closed, so a reference on a CI bound is
inside the CI and 0 on a CI bound is inside it. A claimed point value is judged at the
precision the claim states it with: "0.8" (one decimal) is the range ``[0.75, 0.85]``
(:meth:`gvc.claims.claim_record.ReferenceValue.judged`, which the ledger passes here), so
``consistent`` means the CI meets that range and ``claimed size rejected`` / ``differs`` that
it excludes all of it; a stated 0, thresholds and directions are exact.

The reference's sign: a range strictly on one side of 0 (``r_lo > 0`` or ``r_hi < 0``) is a
*signed* reference with that sign. A range that contains 0 (``r_lo <= 0 <= r_hi``: the reference
0, "single digits" = ``[-10, 10]`` pts, or ``[0, 30]``) is *unsigned*: it bounds a magnitude and
already includes "no effect".

0. Not testable (``testable=False`` or ``kind="not testable"``) -> ``not testable``.
   Estimate missing (None/NaN) -> ``data unavailable``.
1. ``kind="interval"`` (claim types effect, trend, share, gap; needs a CI). Two questions:
   R = does the CI meet the claimed range (``r_lo <= hi`` and ``lo <= r_hi``)? Z = does the CI
   contain 0 (``lo <= 0 <= hi``)?

   Signed reference:

   a. R and Z -> ``inconclusive``: the CI holds both the claim and no effect.
   b. R, not Z -> ``consistent``.
   c. not R, Z -> ``claimed size rejected, sign undetermined`` whatever the sign of the point
      estimate: the claimed value is rejected, but so is no sign.
   d. not R, not Z, the CI on the reference's side of 0 -> ``same sign, different magnitude``.
   e. not R, not Z, the CI on the other side of 0 -> ``contradicted``.

   Unsigned reference (the range contains 0): R -> ``consistent``; not R -> ``contradicted``
   (the CI lies wholly beyond one end of a range that contains 0, so it excludes 0 too).

   Without a CI (a bound is NaN): the point rule when a ``tolerance`` is given, else
   ``inconclusive`` (nothing to judge the distance by).
2. ``kind="direction"`` (sign-only claims such as "rising"; ``reference`` carries the claimed
   sign, e.g. +1): CI excludes 0 on the claimed side -> ``consistent``; on the other side ->
   ``contradicted``; CI includes 0 or is missing -> ``inconclusive``.
3. ``kind="greater_than"`` / ``kind="less_than"`` (one-sided claims: "more than half",
   "below 2%"; ``reference`` is the threshold X). The CI ``[lo, hi]`` is closed, as above:
   "greater than X": ``lo > X`` (the CI lies wholly above X) -> ``consistent``; ``hi < X``
   (wholly below) -> ``contradicted``; ``lo <= X <= hi`` -> ``inconclusive``. "Less than X" is
   the mirror image. The label depends only on whether the CI rejects X and on which side, never
   on 0 or on the point estimate (``greater_than`` 0 gives the labels of ``direction`` +1).
   Without a CI: the point rule against the half-line (``estimate >= X - tolerance`` ->
   ``consistent``, else ``differs``; tolerance default 0).
4. ``kind="point"`` (levels, shares and other numbers without a CI): no sign words.
   ``r_lo - tolerance <= estimate <= r_hi + tolerance`` -> ``consistent``, else ``differs``; the
   reason states the tolerance (in the reference's unit; default 0).

5. Before any of these, two checks a ledger row passes (:func:`gvc.claims.ledger.ledger_row`):

   a. Comparability (:func:`comparability`): a claim declares its construct, unit and window
      (:class:`gvc.claims.registry.Scope`). A row whose data window overlaps the claim's window
      by less than half of the claim's window, or whose data put the claim's stated level more
      than the stated tolerance away, is ``not comparable``: the data measure another period or
      another construct. The reason says which; the estimate and CI are still shown.
   b. Time points (:data:`MIN_TIME_POINTS`): an interval, direction or one-sided verdict from a
      time series of fewer than 8 time points is not given; the row is ``descriptive`` (the
      whole pipeline's simulated coverage at n = 6 is 73-85% under realistic autocorrelation).
      Point comparisons of levels are not affected.

Power (:func:`power`): an ``inconclusive`` row says whether its interval was informative. The
minimum detectable effect at 80% power (5% two-sided) is ``(z_0.975 + z_0.8) se`` with ``se`` =
CI width / (2 z_0.975), about 0.71 x the CI's width. The interval is *informative* when that
MDE is at most |claimed value| (the design would have detected the claim 80% of the time) and
*uninformative* otherwise; the width relative to |claimed value| is given too. A sign-only claim
states no size: its MDE is compared with a size the family names (e.g. full decoupling for C8),
else it is given alone and the interval is called uninformative about size.

Labelling check (tests/claims/test_claims_verdict_calibration.py; it tests this function given
correctly sized intervals, not the coverage of the intervals the claim pipelines produce): with
correct standard errors and a true value equal to the claim, the CI covers the claim in 95% of draws, so ``consistent`` +
``inconclusive`` come out 95% of the time (``consistent`` alone when the claim is far from 0 in
standard errors); with a true value of 0 and a claim far away, ``claimed size rejected, sign
undetermined`` comes out 95% of the time.

Headline rule (:func:`headline`): a claim tested several ways reports every row; its headline is
the pre-registered primary specification (the first in the claim's ``specifications``) when that
row carries a verdict; else the next specification, in registry order, that carries one; rows
without a verdict (:data:`NO_VERDICT`) never head a claim that has a row with one. Among rows
without a verdict, rows with an estimate (``descriptive``, ``not comparable``) come first. When no
row has an estimate, the headline is ``data unavailable`` if any row says so, else
``not testable``. Whether the claim's designs agree, and the ``mixed`` headline when they do not,
is :mod:`gvc.claims.headline`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from gvc.claims.rounding import ci_text, number_text

CONSISTENT = "consistent"
INCONCLUSIVE = "inconclusive"
SIZE_REJECTED = "claimed size rejected, sign undetermined"
DIFFERENT_MAGNITUDE = "same sign, different magnitude"
CONTRADICTED = "contradicted"
DIFFERS = "differs"
DESCRIPTIVE = "descriptive"
NOT_COMPARABLE = "not comparable"
DATA_UNAVAILABLE = "data unavailable"
NOT_TESTABLE = "not testable"
MIXED = "mixed"
"""Headline only: the claim's distinct designs carry different verdicts (never a row verdict)."""

VERDICTS = (
    CONSISTENT,
    INCONCLUSIVE,
    SIZE_REJECTED,
    DIFFERENT_MAGNITUDE,
    CONTRADICTED,
    DIFFERS,
    DESCRIPTIVE,
    NOT_COMPARABLE,
    DATA_UNAVAILABLE,
    NOT_TESTABLE,
)
"""Every verdict label."""

NO_ESTIMATE = (DATA_UNAVAILABLE, NOT_TESTABLE)
"""Verdicts of rows that carry no estimate."""

NO_VERDICT = (DESCRIPTIVE, NOT_COMPARABLE, DATA_UNAVAILABLE, NOT_TESTABLE)
"""Verdicts that judge nothing: rows without an estimate, too few time points, or data about
another period or construct. Headline counts leave them out."""

HEADLINE_LABELS = (*VERDICTS, MIXED)
"""What a headline can start with."""

MIN_TIME_POINTS = 8
"""Fewest time points of a time-series row that carries an interval, direction or one-sided
verdict; shorter rows are ``descriptive``."""

MIN_OVERLAP = 0.5
"""Least share of the claim's window that a row's data window must cover."""

HOW_TO_READ: tuple[tuple[str, str], ...] = (
    (
        CONSISTENT,
        "the 95% confidence interval contains the claimed value and excludes zero (for a claimed "
        "range that contains zero, such as 'single digits', it only has to meet the range); for "
        "levels and shares (no interval), the estimate is within the stated tolerance of the "
        "claim. A claimed value counts at the precision it is stated with: '0.8' is anything "
        "from 0.75 to 0.85.",
    ),
    (
        INCONCLUSIVE,
        "the interval contains both the claimed value and zero: the data cannot tell the claim "
        "from no effect (also: an estimate with neither an interval nor a stated tolerance); "
        "'informative' when the minimum detectable effect at 80% power (0.71 x the interval's "
        "width) is at most |claimed value|, else 'uninformative'.",
    ),
    (
        SIZE_REJECTED,
        "the interval excludes the claimed value but contains zero: the claimed size is "
        "rejected, and the data do not determine the sign. The sign of the point estimate plays "
        "no role.",
    ),
    (
        DIFFERENT_MAGNITUDE,
        "the interval excludes both the claimed value and zero, and lies on the claim's side of "
        "zero.",
    ),
    (
        CONTRADICTED,
        "the interval excludes both the claimed value and zero and lies on the other side of "
        "zero (for a claimed range that contains zero, such as 'single digits': the interval "
        "lies wholly outside the range).",
    ),
    (
        DIFFERS,
        "a level or share (no interval) farther from the claim than the stated tolerance; "
        "levels are never judged by sign.",
    ),
    (
        DESCRIPTIVE,
        "a time series on fewer than 8 time points: estimate and interval shown, no verdict "
        "(such intervals cover far less than 95%).",
    ),
    (
        NOT_COMPARABLE,
        "the data cover less than half of the claim's years, or put the level the claim "
        "states beyond its tolerance: another period or construct; estimate shown, no verdict, "
        "the note says which.",
    ),
    (DATA_UNAVAILABLE, "no estimate: the note says what is missing and how to get it."),
    (NOT_TESTABLE, "no public data can test the claim; the note says what would."),
)
"""The rule in plain words, one (label, meaning) pair per verdict, for the report's "How to read
a verdict" section."""

HOW_TO_READ_INTRO = (
    "Each test gives an estimate and, where the data allow, a 95% confidence interval. With an "
    "interval, the verdict depends only on which values the interval rejects, never on the sign "
    "of the point estimate; levels and shares without an interval are compared with the claim "
    "within a stated tolerance. Sign-only claims ('rising') are consistent when the interval excludes zero on the "
    "claimed side, contradicted when it excludes zero on the other side, and inconclusive "
    "otherwise. One-sided claims ('more than X', 'less than X') are consistent when the interval "
    "lies wholly on the claimed side of X, contradicted when it lies wholly on the other side, "
    "and inconclusive when it contains X. Rows marked 'indicative' rest on few observations "
    "(a trend on fewer than 30 years). A headline is 'mixed', with counts, when a claim's "
    "distinct designs disagree in one reading of the claim (a claim stated in two units, "
    "such as an elasticity and points per point, is counted in each reading apart). The columns n_clusters, sample and "
    "inference of claims.csv say what each row was estimated on and how."
)
"""The paragraph that opens the "How to read a verdict" section."""

_KIND_ALIASES = {
    "interval": "interval",
    "effect": "interval",
    "trend": "interval",
    "share": "interval",
    "gap": "interval",
    "direction": "direction",
    "greater_than": "greater_than",
    "less_than": "less_than",
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

    def _repr_html_(self) -> str:
        from html import escape

        return (
            "<table><tr><th style='text-align:left'>verdict</th>"
            f"<td style='text-align:left'><b>{escape(self.label)}</b></td></tr>"
            "<tr><th style='text-align:left'>why</th>"
            f"<td style='text-align:left'>{escape(self.reason)}</td></tr></table>"
        )


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


def _point(est: float, r_lo: float, r_hi: float, tolerance: float, stated: str = "") -> Verdict:
    """Levels and shares: ``consistent`` within ``tolerance`` of the reference, else ``differs``
    (no sign words); the reason states the distance and the tolerance."""
    if tolerance < 0 or math.isnan(tolerance):
        raise ValueError(f"tolerance must be >= 0, got {tolerance}")
    ref = stated or _fmt(r_lo, r_hi)
    gap = max(r_lo - est, est - r_hi, 0.0)
    if gap <= tolerance:
        return Verdict(
            CONSISTENT,
            f"estimate {number_text(est)} within the tolerance {tolerance:g} of the reference {ref}",
        )
    return Verdict(
        DIFFERS,
        f"estimate {number_text(est)} is {number_text(gap)} from the reference {ref}, more than the tolerance "
        f"{tolerance:g}",
    )


def _one_sided(
    est: float,
    lo: float | None,
    hi: float | None,
    r_lo: float,
    r_hi: float,
    rule: str,
    tolerance: float | None,
) -> Verdict:
    """ "Greater than X" / "less than X" (rule 3 of the module docstring)."""
    if r_lo != r_hi:
        raise ValueError(f"a {rule} reference is one threshold, not a range [{r_lo:g}, {r_hi:g}]")
    x = r_lo
    word = ">" if rule == "greater_than" else "<"
    if lo is None or hi is None:
        tol = 0.0 if tolerance is None else float(tolerance)
        if tol < 0 or math.isnan(tol):
            raise ValueError(f"tolerance must be >= 0, got {tolerance}")
        gap = max(x - est, 0.0) if rule == "greater_than" else max(est - x, 0.0)
        if gap <= tol:
            return Verdict(
                CONSISTENT, f"estimate {number_text(est)} {word} {x:g} (no CI; tolerance {tol:g})"
            )
        return Verdict(
            DIFFERS,
            f"estimate {number_text(est)} is {number_text(gap)} on the wrong side of {x:g}, more than the tolerance "
            f"{tol:g} (no CI)",
        )
    ci = f"CI {ci_text(lo, hi, (x,))}"
    if lo <= x <= hi:
        return Verdict(INCONCLUSIVE, f"{ci} contains the threshold {x:g}")
    above = lo > x
    if above == (rule == "greater_than"):
        return Verdict(CONSISTENT, f"{ci} lies wholly on the claimed side ({word} {x:g})")
    return Verdict(
        CONTRADICTED, f"{ci} lies wholly on the other side of {x:g} (claim: {word} {x:g})"
    )


def rejects(ci_low: float, ci_high: float, reference: Reference) -> tuple[bool, bool, int]:
    """What a CI rejects: (claimed range rejected, 0 rejected, side of 0: -1/0/+1).

    The side is the sign of the CI when it excludes 0, else 0. The interval rule's label is a
    function of this triple and the reference's sign only (see the module docstring).
    """
    r_lo, r_hi = _as_range(reference)
    lo, hi = float(ci_low), float(ci_high)
    ref_out = not (r_lo <= hi and lo <= r_hi)
    zero_out = not (lo <= 0 <= hi)
    side = 0 if not zero_out else (1 if lo > 0 else -1)
    return ref_out, zero_out, side


def assess(
    estimate: float | None,
    ci_low: float | None,
    ci_high: float | None,
    reference: Reference | None,
    *,
    kind: str = "interval",
    tolerance: float | None = None,
    testable: bool = True,
    stated: str = "",
) -> Verdict:
    """The verdict and its reason under the module's rule (see the module docstring).

    Args:
        estimate: point estimate, in the reference's unit (e.g. ``pts``, ``pts/yr``, ``pct``).
        ci_low, ci_high: 95% confidence bounds (None/NaN when there is no CI).
        reference: claimed value, claimed ``(low, high)`` range, for ``kind="direction"`` any
            number whose sign is the claimed sign, for ``greater_than``/``less_than`` the
            threshold.
        kind: ``interval``, ``direction``, ``greater_than``, ``less_than``, ``point`` or
            ``not testable``, or a claim type
            (effect/trend/share/gap -> interval, descriptive -> point).
        tolerance: allowed |estimate - reference| for point comparisons (reference's unit).
        testable: False gives ``not testable`` whatever the numbers.
        stated: how the reasons name the reference (e.g. ``-0.8 (i.e. -0.85 to -0.75 as
            stated)`` for the range ``(-0.85, -0.75)``); default the numbers.

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
        return _point(est, r_lo, r_hi, 0.0 if tolerance is None else float(tolerance), stated)

    if rule == "direction":
        claimed = _sign((r_lo + r_hi) / 2)
        if claimed == 0:
            raise ValueError("a direction reference must be positive or negative")
        if not has_ci:
            return Verdict(INCONCLUSIVE, "no CI: a sign cannot be judged from a point estimate")
        if lo <= 0 <= hi:
            return Verdict(INCONCLUSIVE, f"CI {ci_text(lo, hi)} includes 0")
        if _sign(lo) == claimed:
            return Verdict(CONSISTENT, f"CI {ci_text(lo, hi)} excludes 0 with the claimed sign")
        return Verdict(CONTRADICTED, f"CI {ci_text(lo, hi)} excludes 0 with the opposite sign")

    if rule in ("greater_than", "less_than"):
        return _one_sided(
            est, lo if has_ci else None, hi if has_ci else None, r_lo, r_hi, rule, tolerance
        )

    # interval rule
    if not has_ci:
        if tolerance is not None:
            return _point(est, r_lo, r_hi, float(tolerance), stated)
        return Verdict(INCONCLUSIVE, "no CI and no tolerance: nothing to judge the distance by")
    ref = stated or _fmt(r_lo, r_hi)
    ci = f"CI {ci_text(lo, hi, (r_lo, r_hi))}"
    ref_out, zero_out, side = rejects(lo, hi, (r_lo, r_hi))
    ref_sign = _ref_sign(r_lo, r_hi)
    if ref_sign == 0:  # unsigned reference: the claimed range contains 0
        if not ref_out:
            return Verdict(CONSISTENT, f"{ci} meets the reference {ref}, which contains 0")
        where = "above" if lo > r_hi else "below"
        return Verdict(
            CONTRADICTED,
            f"{ci} lies entirely {where} the reference {ref}, which contains 0",
        )
    meets = "includes" if r_lo == r_hi else "meets"
    if not ref_out and not zero_out:
        both = "both 0 and the reference" if r_lo == r_hi else "0 and meets the reference"
        return Verdict(INCONCLUSIVE, f"{ci} includes {both} {ref}")
    if not ref_out:
        return Verdict(CONSISTENT, f"{ci} {meets} the reference {ref} and excludes 0")
    if not zero_out:
        return Verdict(
            SIZE_REJECTED, f"{ci} excludes the reference {ref} and includes 0: sign undetermined"
        )
    if side == ref_sign:
        return Verdict(
            DIFFERENT_MAGNITUDE, f"{ci} excludes the reference {ref} and 0, on the claim's side"
        )
    return Verdict(CONTRADICTED, f"{ci} excludes the reference {ref} and 0, on the other side of 0")


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
    with_verdict = ordered[~ordered["verdict"].isin(NO_VERDICT)]
    if not with_verdict.empty:
        return with_verdict.iloc[0].copy()
    with_estimate = ordered[~ordered["verdict"].isin(NO_ESTIMATE)]
    if not with_estimate.empty:
        return with_estimate.iloc[0].copy()
    unavailable = ordered[ordered["verdict"] == DATA_UNAVAILABLE]
    return (unavailable if not unavailable.empty else ordered).iloc[0].copy()


def comparability(
    scope,
    window: tuple[int, int] | None = None,
    level: float | None = None,
) -> str:
    """Why a row is ``not comparable`` with its claim, or "" (rule 5a of the module docstring).

    Args:
        scope: the claim's :class:`gvc.claims.registry.Scope` (None: nothing declared).
        window: first and last year of the row's data (None: not known, not checked).
        level: the row's level of the claim's construct at ``scope.level_year`` (None: not
            checked).
    """
    if scope is None:
        return ""
    reasons = []
    if scope.window is not None and window is not None and not any(_missing(w) for w in window):
        c0, c1 = scope.window
        d0, d1 = int(window[0]), int(window[1])
        overlap = max(0, min(c1, d1) - max(c0, d0) + 1)
        span = c1 - c0 + 1
        if overlap < MIN_OVERLAP * span:
            reasons.append(
                f"data window {d0}-{d1} covers {overlap} of the claim's {span} years "
                f"({c0}-{c1}{'; ' + scope.window_note if scope.window_note else ''}), less than half"
            )
    if scope.level is not None and level is not None and not _missing(level):
        gap = abs(float(level) - scope.level)
        if gap > float(scope.level_tolerance):
            reasons.append(
                f"the data's {scope.level_year} level {number_text(float(level))} is "
                f"{number_text(gap)} from the claimed {scope.level:g}, more than the tolerance "
                f"{scope.level_tolerance:g} ({scope.unit}): another construct"
            )
    return "; ".join(reasons)


Z95 = 1.959963984540054
Z80 = 0.8416212335729143


@dataclass(frozen=True)
class Power:
    """How much an interval can say (see the module docstring): ``mde`` (minimum detectable
    effect at 80% power, 5% two-sided, in the estimate's unit), ``width`` of the CI,
    ``size`` (|claimed value| it is judged against; None when the claim states none),
    ``informative`` (None without a size) and ``words`` for the report."""

    mde: float
    width: float
    size: float | None
    informative: bool | None
    words: str

    @property
    def label(self) -> str:
        """``informative`` / ``uninformative``."""
        return "informative" if self.informative else "uninformative"


def power(
    ci_low: float,
    ci_high: float,
    reference: Reference | None,
    *,
    kind: str = "interval",
    size: float | None = None,
    size_words: str = "",
    mde: float | None = None,
    mde_how: str = "",
) -> Power | None:
    """Power of a 95% interval against the claim (None without an interval).

    ``size`` overrides the size judged against (e.g. a sign-only claim's benchmark, named in
    ``size_words``); otherwise it is the claimed value nearest to 0 (a range's nearer end; none
    for sign-only claims and ranges that contain 0). ``mde``: the family's own minimum
    detectable effect (a bootstrap's, ``inf`` when no effect reaches 80% power) in place of the
    normal-theory conversion of the width; ``mde_how`` says how it was found (or, without
    ``mde``, why the conversion is only approximate)."""
    if _missing(ci_low) or _missing(ci_high):
        return None
    lo, hi = float(ci_low), float(ci_high)
    width = hi - lo
    how = f" ({mde_how})" if mde_how else ""
    if mde is None:
        mde = (Z95 + Z80) * width / (2 * Z95)
    mde = float(mde)
    rule = _KIND_ALIASES.get(kind, kind)
    what = size_words
    if size is None and reference is not None and rule in ("interval", "greater_than", "less_than"):
        r_lo, r_hi = _as_range(reference)
        if rule != "interval" or _ref_sign(r_lo, r_hi) != 0:
            size = min(abs(r_lo), abs(r_hi))
            what = what or "|claimed value|"
    if size is None or size == 0:
        return Power(
            mde,
            width,
            None,
            None,
            f"uninformative about size: the claim states none; the CI is {number_text(width)} "
            f"wide, minimum detectable effect at 80% power {_mde_text(mde)}{how}",
        )
    size = abs(float(size))
    informative = mde <= size
    word = "informative" if informative else "uninformative"
    return Power(
        mde,
        width,
        size,
        informative,
        f"{word}: CI width {number_text(width)} = {width / size:.2g} x {what} "
        f"{number_text(size)}; minimum detectable effect at 80% power {_mde_text(mde)}{how} "
        f"{'<=' if informative else '>'} {number_text(size)}",
    )


def _mde_text(mde: float) -> str:
    """The MDE as a number, or ``none within the search`` when no effect reaches 80% power."""
    return number_text(mde) if math.isfinite(mde) else "none within the search (infinite)"


def parse_reference(text: object) -> tuple[str, Reference | None]:
    """``(kind, reference)`` from the ledger's ``reference_value`` text (``-0.8``,
    ``[-10, 10]``, ``> 0``, ``< 50``; a point with its stated range, ``-0.8 (i.e. -0.85 to -0.75
    as stated)``, as that range): for reading a written ledger back (power in the report)."""
    t = str(text or "").strip()
    m = re.fullmatch(r".*\(i\.e\. (\S+) to (\S+)[ ,].*\)", t)
    if m:  # "-0.8 (i.e. -0.85 to -0.75 as stated)": the range the verdict was judged against
        try:
            return "interval", (float(m.group(1)), float(m.group(2)))
        except ValueError:
            pass
    t = t.split(" (i.e.")[0]
    try:
        if t.startswith("[") and t.endswith("]"):
            a, b = t[1:-1].split(",")
            return "interval", (float(a), float(b))
        if t[:1] in "<>":
            x = float(t[1:].strip())
            if x == 0:
                return "direction", 1.0 if t[0] == ">" else -1.0
            return ("greater_than" if t[0] == ">" else "less_than"), x
        return "interval", float(t)
    except ValueError:
        return "interval", None


def display_label(row) -> str:
    """A row's verdict as the report shows it: ``inconclusive, informative`` /
    ``inconclusive, uninformative`` for inconclusive rows with an interval (from the note's
    power statement, else recomputed from the numbers), else the verdict."""
    get = row.get if hasattr(row, "get") else (lambda k, d=None: getattr(row, k, d))
    v = str(get("verdict"))
    if v != INCONCLUSIVE:
        return v
    note = str(get("note") or "")
    for word in ("uninformative", "informative"):
        if f"power: {word}" in note:
            return f"{v}, {word}"
    kind, ref = parse_reference(get("reference_value"))
    p = power(get("ci_low"), get("ci_high"), ref, kind=kind)
    return v if p is None else f"{v}, {p.label}"
