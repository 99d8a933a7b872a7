"""Users' own claims: :class:`Claim` (``gvc.Claim``), :class:`Estimate` (``gvc.Estimate``) and
:func:`assess` (``gvc.assess``).

A user claim states its text, where it comes from (``source``: a citation, not a seed file), and
a reference in ``unit`` of one of four kinds (:data:`REFERENCE_KINDS`):

- ``point``: a claimed value (``value``);
- ``range``: a claimed range (``low``, ``high``);
- ``greater_than`` / ``less_than``: a one-sided threshold (``value``), e.g. "more than half" =
  ``greater_than`` 50 ``pct``.

Each is judged by the one verdict rule (:mod:`gvc.claims.verdict`): ``point`` and ``range`` by
the interval rule (a 95% CI is needed; without one, ``tolerance`` allows the point rule), the
one-sided kinds by rule 3. :meth:`Claim.registry_claim` turns a user claim into the seed
registry's :class:`gvc.claims.registry.Claim`, so user claims get the same ledger rows
(:func:`gvc.claims.ledger.ledger_row`) and report sections as the seed claims.

Example::

    claim = gvc.Claim("robots-half", "China installed more than half of new robots", kind=
                      "greater_than", value=50, unit="pct", source="IFR (2024), p. 12")
    gvc.assess(claim, gvc.Estimate(54.0, 51.0, 57.0)).label   # 'consistent'
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from gvc.claims.claim_loader import REFERENCE_KINDS, REFERENCE_LABEL
from gvc.claims.families.sample import fit_inference, fit_n_clusters, fit_notes, fit_sample
from gvc.claims.registry import CLAIM_TYPES, ReferenceValue, Scope, Specification
from gvc.claims.registry import Claim as RegistryClaim
from gvc.claims.verdict import Verdict
from gvc.claims.verdict import assess as assess_numbers
from gvc.estimators import FeolsResult


@dataclass(frozen=True)
class Estimate:
    """What a specification function returns: a number in the claim's ``unit`` and its 95% CI.

    Attributes:
        estimate: the point estimate (NaN or None: no estimate, ``data unavailable``).
        ci_low, ci_high: 95% confidence bounds (None: no CI).
        n_obs: observations behind the estimate.
        data: which data carried it (the ledger's ``data`` column).
        note: anything the reader should know (appended to the ledger's ``note``).
        sample, inference, n_clusters: the ledger columns of the same names (e.g. "40
            countries x 20 years", "HC1 standard errors"); filled from a :func:`gvc.feols`
            result by :func:`as_estimate`.
        window: first and last year of the data behind the estimate (comparability with the
            claim's ``scope`` window; None: not checked).
        time_points: distinct time points a time-series estimate rests on (fewer than 8: the
            row is ``descriptive``; None for cross-sections and panels).
        level: the data's level of the claim's construct at the scope's ``level_year`` (None:
            not checked).
    """

    estimate: float | None
    ci_low: float | None = None
    ci_high: float | None = None
    n_obs: int | None = None
    data: str = ""
    note: str = ""
    sample: str = ""
    inference: str = ""
    n_clusters: int | None = None
    window: tuple[int, int] | None = None
    time_points: int | None = None
    level: float | None = None

    def __post_init__(self) -> None:
        for name in ("estimate", "ci_low", "ci_high"):
            x = getattr(self, name)
            if x is not None and not isinstance(x, int | float):
                try:
                    object.__setattr__(self, name, float(x))
                except (TypeError, ValueError):
                    raise ValueError(f"Estimate.{name} must be a number, got {x!r}") from None
        for name in ("estimate", "ci_low", "ci_high"):
            x = getattr(self, name)
            if x is not None and math.isinf(x):
                raise ValueError(
                    f"Estimate.{name} is {x:g}; give a finite number (or None/NaN for no "
                    "estimate or no CI)"
                )
        lo, hi, est = self.ci_low, self.ci_high, self.estimate
        if lo is not None and hi is not None and not (math.isnan(lo) or math.isnan(hi)):
            if lo > hi:
                raise ValueError(f"Estimate: ci_low {lo:g} > ci_high {hi:g}")
            if est is not None and not math.isnan(est) and not lo <= est <= hi:
                raise ValueError(
                    f"Estimate: the estimate {est:g} lies outside its CI [{lo:g}, {hi:g}]; a "
                    "95% CI contains its point estimate (check the order of the arguments: "
                    "estimate, ci_low, ci_high)"
                )

    def _repr_html_(self) -> str:
        import pandas as pd

        row = {k: getattr(self, k) for k in ("estimate", "ci_low", "ci_high", "n_obs")}
        row.update({k: getattr(self, k) for k in ("sample", "inference", "data", "note")})
        shown = {k: v for k, v in row.items() if v not in (None, "")}
        return pd.DataFrame([shown], index=["Estimate"])._repr_html_()


@dataclass(frozen=True)
class Spec:
    """One way of testing a user claim.

    ``function`` is ``"module:function"`` (imported from the working directory, the claims file's
    folder or the Python path) or a callable; it is called with the panel loader
    (``load(name, **filters)``, like :func:`gvc.load`) and returns an :class:`Estimate`, or a
    regression result (e.g. :func:`gvc.feols`) whose coefficient ``term`` is reported, or a
    ``(result, term)`` pair.
    """

    id: str
    function: str | Callable | None = None
    term: str | None = None
    description: str = ""
    data: str = ""


@dataclass(frozen=True)
class Claim:
    """A user's claim (see the module docstring); ``gvc.Claim``.

    Attributes:
        id: short id, unique in its claims file (letters, digits, ``-``, ``_``, ``.``).
        text: the claim's words.
        kind: one of :data:`REFERENCE_KINDS`; without it, ``range`` when ``low``/``high`` are
            given, else ``point`` (as in a claims file).
        unit: the reference's unit (``pct``, ``pts``, ``pts/yr``, ``%/%``, ...).
        value: the claimed value (``point``) or threshold (``greater_than``/``less_than``).
        low, high: the claimed range (``range``).
        source: citation of where the claim comes from.
        type: one of :data:`gvc.claims.registry.CLAIM_TYPES` (default ``effect``).
        tolerance: for estimates without a CI: allowed distance from the reference (``unit``).
        specs: the tests, primary first.
        context, caveats: Markdown for the report section.
        scope: the construct, unit and window the claim is about
            (:class:`gvc.claims.registry.Scope`; comparability before verdicts).
    """

    id: str
    text: str
    kind: str | None = None
    unit: str | None = None
    value: float | None = None
    low: float | None = None
    high: float | None = None
    source: str = ""
    type: str = "effect"
    tolerance: float | None = None
    specs: tuple[Spec, ...] = field(default_factory=tuple)
    context: str = ""
    caveats: str = ""
    scope: Scope = field(default_factory=Scope)
    precision: float | None = None
    """The unit of the last digit the claim states (``value`` 0.8 with precision 0.1 is judged
    as 0.75 to 0.85; None: from how ``value`` prints, 0: exact); a claims file passes the one
    its text implies (:meth:`gvc.claims.claim_record.ReferenceValue.stated_range`)."""
    reference: dict | None = field(default=None, repr=False, compare=False)
    """The reference as a claims file writes it, ``{"kind": ..., "value"/"low"/"high": ...,
    "unit": ...}``; an alternative to the flat keywords (giving both, differently, is an
    error)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "specs", tuple(self.specs))
        if self.reference is not None:
            self._take_reference(dict(self.reference))
        if self.kind is None and (self.low, self.high) != (None, None):
            object.__setattr__(self, "kind", "range")  # as a claims file without 'kind'
        elif self.kind is None and self.value is not None:
            object.__setattr__(self, "kind", "point")
        problem = self._problem()
        if problem:
            raise ValueError(f"claim {self.id!r}: {problem}")

    def _take_reference(self, ref: dict) -> None:
        keys = ("kind", "value", "low", "high", "unit")
        unknown = sorted(set(ref) - set(keys))
        if unknown:
            raise ValueError(
                f"claim {self.id!r}: reference has unknown key(s) {unknown}; use {list(keys)}"
            )
        for k, v in ref.items():
            flat = getattr(self, k)
            if flat is not None and flat != v:
                raise ValueError(
                    f"claim {self.id!r}: {k} given twice ({flat!r} and reference {k}={v!r})"
                )
            object.__setattr__(self, k, v)

    def _problem(self) -> str:
        if not isinstance(self.id, str) or not self.id.strip():
            return "id must be a non-empty string"
        if not isinstance(self.text, str) or not self.text.strip():
            return "text must be a non-empty string"
        if self.kind not in REFERENCE_KINDS:
            return f"kind {self.kind!r} is not one of {', '.join(REFERENCE_KINDS)}"
        if not isinstance(self.unit, str) or not self.unit.strip():
            return "unit must be a non-empty string (e.g. 'pct', 'pts/yr')"
        if self.type not in CLAIM_TYPES:
            return f"type {self.type!r} is not one of {', '.join(CLAIM_TYPES)}"
        nums = {"value": self.value, "low": self.low, "high": self.high}
        for name, x in nums.items():
            if x is not None and (
                isinstance(x, bool) or not isinstance(x, int | float) or math.isnan(x)
            ):
                return f"{name} must be a number, got {x!r}"
        if self.kind == "range":
            if self.low is None or self.high is None:
                return "a range reference needs low and high"
            if self.value is not None:
                return "a range reference takes low and high, not value"
            if self.low > self.high:
                return f"low {self.low:g} > high {self.high:g}"
        else:
            if self.value is None:
                return f"a {self.kind} reference needs value"
            if self.low is not None or self.high is not None:
                return f"a {self.kind} reference takes value, not low/high"
        if self.tolerance is not None and (
            not isinstance(self.tolerance, int | float) or not self.tolerance >= 0
        ):
            return f"tolerance must be a number >= 0, got {self.tolerance!r}"
        if self.precision is not None and (
            not isinstance(self.precision, int | float) or not self.precision >= 0
        ):
            return f"precision must be a number >= 0 (0: exact), got {self.precision!r}"
        ids = [s.id for s in self.specs]
        if len(set(ids)) != len(ids):
            return f"spec ids repeat: {ids}"
        return ""

    @property
    def rule(self) -> str:
        """The verdict rule's ``kind`` for this claim."""
        return self.kind if self.kind in ("greater_than", "less_than") else "interval"

    def reference_value(self) -> ReferenceValue:
        """The reference in the registry's form."""
        bound = self.kind if self.kind in ("greater_than", "less_than") else None
        return ReferenceValue(
            REFERENCE_LABEL,
            self.value,
            self.unit,
            low=self.low,
            high=self.high,
            bound=bound,
            precision=self.precision,
        )

    def _repr_html_(self) -> str:
        import pandas as pd

        ref = {
            "point": f"{self.value:g}",
            "range": f"[{self.low:g}, {self.high:g}]" if self.low is not None else "",
            "greater_than": f"> {self.value:g}",
            "less_than": f"< {self.value:g}",
        }.get(self.kind, "")
        facts = {
            "text": self.text,
            "source": self.source,
            "reference": f"{ref} {self.unit} ({self.kind})",
            "unit": self.unit,
            "specifications": ", ".join(s.id for s in self.specs),
        }
        return pd.DataFrame({self.id: facts})._repr_html_()

    def registry_claim(self, origin: str = "") -> RegistryClaim:
        """The claim as a :class:`gvc.claims.registry.Claim` (for ledger rows and the report);
        a claim without specs gets one called ``assess``. ``origin`` (the claims file) goes
        into ``cited``."""
        specs = self.specs or (Spec("assess"),)
        return RegistryClaim(
            id=self.id,
            text=self.text,
            source=self.source or "user claim",
            cited=f"user claim from {origin}" if origin else "user claim",
            type=self.type,
            references=(self.reference_value(),),
            data_needed=tuple(s.data for s in specs if s.data),
            specifications=tuple(
                Specification(
                    id=s.id,
                    description=s.description or _describe(s),
                    data=s.data,
                    reference=REFERENCE_LABEL,
                    rule=self.rule,
                    tolerance=self.tolerance,
                )
                for s in specs
            ),
            testable=True,
            context=self.context,
            scope=self.scope,
        )


def _describe(spec: Spec) -> str:
    fn = spec.function
    name = fn if isinstance(fn, str) else getattr(fn, "__qualname__", repr(fn))
    return f"{name}" + (f", coefficient on {spec.term}" if spec.term else "")


def as_estimate(out: object, term: str | None = None, where: str = "") -> Estimate:
    """A specification function's return value as an :class:`Estimate`.

    Accepts an :class:`Estimate`, a ``(result, term)`` pair, or a result with a ``tidy()``
    method (columns ``term``, ``estimate``, ``ci_low``, ``ci_high``; e.g. :func:`gvc.feols`)
    read at ``term``. ``where`` prefixes error messages (file, claim, spec).

    Raises:
        ValueError: anything else, or a term the result does not have.
    """
    at = f"{where}: " if where else ""
    if isinstance(out, Estimate):
        return out
    if isinstance(out, tuple) and len(out) == 2 and isinstance(out[1], str):
        out, term = out
    if not hasattr(out, "tidy"):
        raise ValueError(
            f"{at}the function returned {type(out).__name__}; return a gvc.Estimate, a "
            "regression result (with term = ... in the spec) or a (result, term) pair"
        )
    if not term:
        raise ValueError(f"{at}the function returned a regression result: name its term")
    tidy = out.tidy().set_index("term")
    if term not in tidy.index:
        raise ValueError(f"{at}term {term!r} not in the result; it has {list(tidy.index)}")
    t = tidy.loc[term]
    nobs = getattr(out, "nobs", None)
    notes = [f"p = {t['p_value']:.3g}"] if "p_value" in t.index else []
    sample = inference = ""
    n_clusters = None
    if isinstance(out, FeolsResult):
        sample, inference = fit_sample(out), fit_inference(out)
        n_clusters = fit_n_clusters(out)
        notes += fit_notes(out)
    return Estimate(
        float(t["estimate"]),
        float(t["ci_low"]),
        float(t["ci_high"]),
        None if nobs is None else int(nobs),
        note="; ".join(notes),
        sample=sample,
        inference=inference,
        n_clusters=n_clusters,
    )


def assess(claim: Claim, estimate: Estimate | object, term: str | None = None) -> Verdict:
    """The verdict on ``claim`` given ``estimate`` (``gvc.assess``).

    ``estimate`` is an :class:`Estimate`, a regression result with ``term``, or a
    ``(result, term)`` pair. Returns a :class:`gvc.claims.verdict.Verdict` (``label`` and
    ``reason``).
    """
    from gvc.claims.ledger import format_reference

    est = as_estimate(estimate, term, where=f"claim {claim.id!r}")
    ref = claim.reference_value()
    sized = claim.rule == "interval"  # a point value at its stated precision, as in the ledger
    return assess_numbers(
        est.estimate,
        est.ci_low,
        est.ci_high,
        ref.judged() if sized else ref.target(),
        kind=claim.rule,
        tolerance=claim.tolerance,
        stated=format_reference(ref) if sized else "",
    )
