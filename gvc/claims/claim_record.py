"""A claim as gvc records it, for seed and user claims alike: :class:`Claim`, its
:class:`ReferenceValue` values, :class:`Specification` records and :class:`Scope`.

Every claims file (the seed registry ``gvc/claims/data/seed_claims.toml`` and a user's
``gvc reproduce --claims`` file) is read into these records by
:func:`gvc.claims.claim_loader.read_claims`. Imports nothing else of gvc.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

CLAIM_TYPES = ("effect", "trend", "share", "gap", "descriptive")
"""Allowed ``Claim.type`` values."""

NOT_TESTABLE = "not testable with public data"
TESTABLE = "testable with public data"


@dataclass(frozen=True)
class ReferenceValue:
    """A number the claim asserts.

    ``value`` is the point value in ``unit``; ``low``/``high`` give a claimed range instead (e.g.
    "single digits" = ``low=-10, high=10`` pts); ``direction`` (+1/-1) marks sign-only claims
    ("rising", "decoupling") that carry no magnitude. ``bound`` (``greater_than`` or
    ``less_than``) makes ``value`` a one-sided threshold ("more than half" = ``value=50,
    bound="greater_than"``). ``year`` is the year the value refers to.
    """

    label: str
    value: float | None
    unit: str
    year: int | None = None
    low: float | None = None
    high: float | None = None
    direction: int | None = None
    bound: str | None = None
    precision: float | None = None
    precision_given: bool = False  # precision set by the claim's record, not read off its digits

    def target(self) -> float | tuple[float, float]:
        """The argument for :func:`gvc.claims.verdict.verdict`: a number or a (low, high) range."""
        if self.low is not None and self.high is not None:
            return (self.low, self.high)
        if self.value is not None:
            return self.value
        if self.direction is not None:
            return float(self.direction)
        raise ValueError(f"reference {self.label!r} has no value, range or direction")

    def stated_range(self) -> tuple[float, float] | None:
        """``(low, high)`` a point value stands for at its stated precision (``-0.8`` ->
        ``(-0.85, -0.75)``), or None for an exact reference (precision 0, a stated 0, a range,
        a threshold, a direction)."""
        if self.value is None or self.bound is not None or self.low is not None:
            return None
        if self.value == 0:
            return None
        step = stated_step(self.value) if self.precision is None else self.precision
        if not step:
            return None
        v, half = Decimal(repr(float(self.value))), Decimal(repr(float(step))) / 2
        return float(v - half), float(v + half)

    def judged(self) -> float | tuple[float, float]:
        """What the verdict rule compares the estimate with: :meth:`stated_range` for a point
        value, else :meth:`target`."""
        return self.stated_range() or self.target()


def stated_step(value: object) -> float:
    """The unit of the last digit of ``value`` as written: ``"-0.8"`` -> 0.1, ``"0.80"`` ->
    0.01, ``"85"`` -> 1, ``"1.5e-3"`` -> 0.0001; a float is read as its shortest repr (trailing
    zeros lost: keep the text, or set ``precision``). 0 when it cannot be read."""
    text = value if isinstance(value, str) else repr(value)
    try:
        d = Decimal(text.replace("_", "").strip())
    except InvalidOperation:
        return 0.0
    if not d.is_finite():
        return 0.0
    return float(Decimal(1).scaleb(d.as_tuple().exponent))


@dataclass(frozen=True)
class Scope:
    """What a claim is about, declared before any data are looked at (comparability).

    ``construct`` names the quantity in words, ``unit`` its unit, ``window`` the years the
    claim covers (``(first, last)``, inclusive; None when the claim names no period). ``level``
    is a level the claim states (in ``level_unit``, at ``level_year``); a row whose data put
    that level more than ``level_tolerance`` away measures another construct. Rows are "not
    comparable" (:func:`gvc.claims.verdict.comparability`) when their data window overlaps
    ``window`` by less than half of it, or their level differs beyond the tolerance.
    """

    construct: str = ""
    unit: str = ""
    window: tuple[int, int] | None = None
    window_note: str = ""
    level: float | None = None
    level_year: int | None = None
    level_tolerance: float | None = None

    def __post_init__(self) -> None:
        if self.window is not None:
            if len(self.window) != 2 or int(self.window[0]) > int(self.window[1]):
                raise ValueError(f"scope window must be (first, last), got {self.window!r}")
            object.__setattr__(self, "window", (int(self.window[0]), int(self.window[1])))
        if self.level is not None and (self.level_year is None or self.level_tolerance is None):
            raise ValueError("a scope level needs level_year and level_tolerance")


@dataclass(frozen=True)
class Specification:
    """One way of testing a claim: data, estimator, and which reference value it is compared to.

    ``rule`` is the verdict rule: ``interval`` (estimate with a 95% CI), ``direction`` (sign-only
    claims, CI needed) or ``point`` (no CI; |estimate - reference| <= ``tolerance``, in the
    reference's unit).
    """

    id: str
    description: str
    data: str
    reference: str
    rule: str = "interval"
    tolerance: float | None = None
    variant_of: str = ""
    """The specification this one nearly duplicates (one endpoint dropped, the classification's
    timing, a sub-sample of the same series): the headline counts the two as one design."""
    function: str = ""
    """``"module:callable"`` that computes this specification (called with the panel loader,
    returns a ``gvc.Estimate`` or a fit, :mod:`gvc.claims.user_run`); empty: the claim's family
    module computes it."""
    term: str = ""
    """The coefficient to report when ``function`` returns a regression result."""
    construct: str = ""
    """What the row measures when it is not the claim's construct (a component of the claimed
    measure, the orientation of GVC trade): the row keeps its estimate and CI, is ``not
    comparable`` (no verdict, no vote in the headline) and says what it measures instead."""
    unit: str = ""
    """The row's own unit, built from its outcome and regressor: another quantity's (with
    ``construct``), or the reference's unit read on this row's variables (the same unit before
    its parenthesis, e.g. ``%/% (log GVC participation on asinh robot stock)``)."""
    stand_in: bool = False
    """A design on other data standing in for the claim's cited design (e.g. C1's Japan and
    cross-country rows while the user's IFR file is missing): when the primary has an estimate,
    stand-ins are shown beside it and do not vote in the headline
    (:func:`gvc.claims.headline.headline_text`)."""


@dataclass(frozen=True)
class Claim:
    """One quantitative statement, from a seed document or any other source.

    Attributes:
        id: ``C1``, ``C2``, ... in the seed registry; any short id in a user's file.
        text: the claim's words; exact words of ``source`` when that is a seed document.
        source: a seed file name (e.g. ``004_efb9977eb94b42d4.txt``, its quotes are checked by
            :func:`gvc.claims.registry.check_quotes`) or a citation (a URL, a reference).
        cited: the reference the document cites for it (as printed), or a note that none is given.
        type: one of :data:`CLAIM_TYPES`.
        references: the claimed values, with units.
        data_needed: the data a test needs (mirror folders/files or named external sources).
        specifications: the tests, primary first; empty when not testable.
        testable: whether public data (the mirror) can test it.
        data_to_test: when not testable, what data would test it; else what is missing, if any.
        also_quoted: other places in the same seed that restate the claim (exact words).
        context: related published evidence and caveats for the report.
        family: the module ``gvc.claims.families.<family>`` that computes the specifications
            without a ``function`` (:data:`gvc.claims.families.FAMILIES` is built from it).
        caveats: Markdown caveats for the report (claims run by spec functions only).
    """

    id: str
    text: str
    source: str
    cited: str
    type: str
    references: tuple[ReferenceValue, ...]
    data_needed: tuple[str, ...]
    specifications: tuple[Specification, ...]
    testable: bool
    data_to_test: str = ""
    also_quoted: tuple[str, ...] = ()
    context: str = ""
    family: str = ""
    scope: Scope = field(default_factory=Scope)
    headline_with: tuple[str, ...] = ()
    """Specifications the headline shows beside the primary (e.g. C3 without China)."""
    headline_names: tuple[tuple[str, str], ...] = ()
    """(specification, words) pairs naming rows in the headline (e.g. "without China")."""
    caveats: str = ""
    quotes: tuple[str, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.type not in CLAIM_TYPES:
            raise ValueError(f"{self.id}: type {self.type!r} not in {CLAIM_TYPES}")
        if self.testable and not self.specifications:
            raise ValueError(f"{self.id}: a testable claim needs at least one specification")
        if not self.testable and not self.data_to_test:
            raise ValueError(f"{self.id}: a non-testable claim must say what data would test it")
        labels = {r.label for r in self.references}
        ids = {s.id for s in self.specifications}
        for spec in self.specifications:
            if spec.reference not in labels:
                raise ValueError(f"{self.id}/{spec.id}: unknown reference {spec.reference!r}")
            if spec.variant_of and spec.variant_of not in ids - {spec.id}:
                raise ValueError(f"{self.id}/{spec.id}: variant_of {spec.variant_of!r} unknown")
        for sid in (*self.headline_with, *(k for k, _ in self.headline_names)):
            if sid not in ids:
                raise ValueError(f"{self.id}: headline_with {sid!r} is not a specification")
        object.__setattr__(self, "quotes", (self.text, *self.also_quoted))

    @property
    def family_specs(self) -> tuple[Specification, ...]:
        """The specifications the family module computes (those without a ``function``)."""
        return tuple(s for s in self.specifications if not s.function)

    @property
    def function_specs(self) -> tuple[Specification, ...]:
        """The specifications computed by a named ``function``."""
        return tuple(s for s in self.specifications if s.function)

    @property
    def status(self) -> str:
        """``testable with public data`` or ``not testable with public data``."""
        return TESTABLE if self.testable else NOT_TESTABLE

    @property
    def primary(self) -> Specification | None:
        """The pre-registered primary specification (the first one), or None."""
        return self.specifications[0] if self.specifications else None

    def reference(self, label: str) -> ReferenceValue:
        """The reference value called ``label``."""
        for ref in self.references:
            if ref.label == label:
                return ref
        raise KeyError(f"{self.id}: no reference {label!r}")

    def specification(self, spec_id: str) -> Specification:
        """The specification called ``spec_id``."""
        for spec in self.specifications:
            if spec.id == spec_id:
                return spec
        raise KeyError(f"{self.id}: no specification {spec_id!r}")


RULES = ("interval", "direction", "point", "greater_than", "less_than")
"""Allowed ``Specification.rule`` values (see :mod:`gvc.claims.verdict`)."""
BOUNDS = ("greater_than", "less_than")
"""Allowed ``ReferenceValue.bound`` values."""
