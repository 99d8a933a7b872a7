"""The claims ledger: one :class:`Claim` per quantitative statement in the source documents.

The claims are data: ``gvc/claims/data/seed_claims.toml`` (package data), read and validated
on import by :func:`read_seed_claims` (schema: :mod:`gvc.claims.claim_schema`) into
:data:`CLAIMS`. To add or change a seed claim, edit that file; a testable claim names its
family module (``family = "c1"`` -> ``gvc.claims.families.c1``, in the four-step layout of
:mod:`gvc.claims.families.layout`).

Source documents live in the seeds folder (named by ``GVC_SEEDS`` or found beside the mirror, see :func:`seeds_dir`); ``004``
carries most numbers. Every claim quotes the document's exact words (``text``, plus any
``also_quoted`` restatements); :func:`check_quotes` verifies each quote against its seed file,
modulo whitespace.

Units used in reference values:

- ``pct``: a percentage, 0-100 (a ``share`` in [0, 1] times 100);
- ``pts``: percentage points (a difference of two ``pct`` values);
- ``pts/yr``: percentage points per year (a linear trend);
- ``%/%``: an elasticity (percent change of y per percent change of x).

Specifications are ordered: the first one is the pre-registered primary specification, which the
headline rule (:func:`gvc.claims.verdict.headline`) uses first. Each specification names the
reference value it is compared with (``reference``) and the verdict rule (``rule``, see
:func:`gvc.claims.verdict.verdict`; ``tolerance`` applies to point comparisons).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

CLAIM_TYPES = ("effect", "trend", "share", "gap", "descriptive")
"""Allowed ``Claim.type`` values."""

SEED_000 = "000_fd5669d5293de010.txt"
"""He Ping and Yu Kaibo (2021), 'AI-Driven Production Reshapes Global Economy'."""
SEED_001 = "001_11382067a04d8968.txt"
"""'AI-Powered Industrial Reforms in China' (news feature, no author)."""
SEED_002 = "002_fe10929fcbb6bb9b.txt"
"""J. Choi (2023), 'Democratization of Production Power in the AI era' (no testable numbers)."""
SEED_003 = "003_f001cba573bcb202.txt"
"""Deep News (2026-01-02), 'New Observations on Chinese Manufacturing'."""
SEED_004 = "004_efb9977eb94b42d4.txt"
"""Changjing Ma, 'Artificial Intelligence and Globalized Division of Labor: Research Progress
and Future Prospects' (carries most numbers)."""

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

    def target(self) -> float | tuple[float, float]:
        """The argument for :func:`gvc.claims.verdict.verdict`: a number or a (low, high) range."""
        if self.low is not None and self.high is not None:
            return (self.low, self.high)
        if self.value is not None:
            return self.value
        if self.direction is not None:
            return float(self.direction)
        raise ValueError(f"reference {self.label!r} has no value, range or direction")


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


@dataclass(frozen=True)
class Claim:
    """One quantitative statement in a source document.

    Attributes:
        id: ``C1``, ``C2``, ...
        text: the claim's exact words, quoted from the seed file ``source``.
        source: seed file name (e.g. ``004_efb9977eb94b42d4.txt``).
        cited: the reference the document cites for it (as printed), or a note that none is given.
        type: one of :data:`CLAIM_TYPES`.
        references: the claimed values, with units.
        data_needed: the data a test needs (mirror folders/files or named external sources).
        specifications: the tests, primary first; empty when not testable.
        testable: whether public data (the mirror) can test it.
        data_to_test: when not testable, what data would test it; else what is missing, if any.
        also_quoted: other places in the same seed that restate the claim (exact words).
        context: related published evidence and caveats for the report.
        family: for a testable claim, the module ``gvc.claims.families.<family>`` whose ``run``
            tests it (:data:`gvc.claims.families.FAMILIES` is built from it).
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


SEED_CLAIMS_FILE = Path(__file__).resolve().parent / "data" / "seed_claims.toml"
"""The seed registry as data (package data): one ``[[claim]]`` per claim, with its
``[[claim.reference]]`` and ``[[claim.spec]]`` tables; schema in :mod:`gvc.claims.claim_schema`."""

RULES = ("interval", "direction", "point", "greater_than", "less_than")
"""Allowed ``Specification.rule`` values (see :mod:`gvc.claims.verdict`)."""
BOUNDS = ("greater_than", "less_than")
"""Allowed ``ReferenceValue.bound`` values."""


def read_seed_claims(path: str | os.PathLike = SEED_CLAIMS_FILE) -> list[Claim]:
    """The claims of a seed registry file, validated on load, in ledger order (``C1``, ``C2``,
    ...).

    Raises:
        gvc.claims.claim_schema.ClaimsFileError: the file does not fit the schema or a claim is
            inconsistent (one line naming the file, the claim and the field).
    """
    from gvc.claims.claim_schema import ClaimsFileError, read_seed_tables

    out = []
    for t in read_seed_tables(path):
        where = f"{path}: claim {t['id']!r}"
        if not re.fullmatch(r"C[1-9][0-9]*", t["id"]):
            raise ClaimsFileError(f"{where}: field 'id' must be C1, C2, ...")
        for r in t["reference"]:
            if r.get("bound") is not None and r["bound"] not in BOUNDS:
                raise ClaimsFileError(f"{where}: field 'bound' = {r['bound']!r}; use {BOUNDS}")
        if t["testable"] and not t.get("family"):
            raise ClaimsFileError(f"{where}: field 'family' is missing (a testable claim's module)")
        for s in t.get("spec", []):
            if s.get("rule", "interval") not in RULES:
                raise ClaimsFileError(f"{where}: spec {s['id']!r} field 'rule' not in {RULES}")
        try:
            out.append(
                Claim(
                    id=t["id"],
                    text=t["text"],
                    source=t["source"],
                    cited=t["cited"],
                    type=t["type"],
                    references=tuple(
                        ReferenceValue(**{"value": None, **r}) for r in t["reference"]
                    ),
                    data_needed=tuple(t.get("data_needed", ())),
                    specifications=tuple(Specification(**s) for s in t.get("spec", ())),
                    testable=t["testable"],
                    data_to_test=t.get("data_to_test", ""),
                    also_quoted=tuple(t.get("also_quoted", ())),
                    context=t.get("context", ""),
                    family=t.get("family", ""),
                    scope=scope_from_table(t.get("scope")),
                    headline_with=tuple(t.get("headline_with", ())),
                    headline_names=tuple(t.get("headline_names", {}).items()),
                )
            )
        except ValueError as exc:
            raise ClaimsFileError(f"{path}: {exc}") from None
    return sorted(out, key=lambda c: int(c.id[1:]))


def scope_from_table(t: dict | None) -> Scope:
    if not t:
        return Scope()
    w = t.get("window")
    return Scope(
        construct=t.get("construct", ""),
        unit=t.get("unit", ""),
        window=None if w is None else (int(w[0]), int(w[1])),
        window_note=t.get("window_note", ""),
        level=t.get("level"),
        level_year=t.get("level_year"),
        level_tolerance=t.get("level_tolerance"),
    )


CLAIMS: list[Claim] = read_seed_claims()
"""Every registered claim, in ledger order (from :data:`SEED_CLAIMS_FILE`). Seed 002 carries no
quantitative statement."""


def get_claim(claim_id: str) -> Claim:
    """The claim with id ``claim_id`` (e.g. ``"C2"``)."""
    for claim in CLAIMS:
        if claim.id == claim_id:
            return claim
    raise KeyError(f"no claim {claim_id!r}; known: {[c.id for c in CLAIMS]}")


def seeds_dir(override: str | os.PathLike | None = None) -> Path | None:
    """The folder holding the seed documents.

    ``override``, else ``$GVC_SEEDS``, else ``seeds/`` next to the mirror (``$GVC_MIRROR/../seeds``),
    else None.
    """
    if override is not None:
        return Path(override).expanduser().resolve()
    if os.environ.get("GVC_SEEDS"):
        return Path(os.environ["GVC_SEEDS"]).expanduser().resolve()
    if os.environ.get("GVC_MIRROR"):
        candidate = Path(os.environ["GVC_MIRROR"]).expanduser().resolve().parent / "seeds"
        if candidate.is_dir():
            return candidate
    return None


def normalize_ws(text: str) -> str:
    """Collapse every run of whitespace to one space and strip the ends."""
    return re.sub(r"\s+", " ", text).strip()


def check_quotes(directory: str | os.PathLike, claims: list[Claim] | None = None) -> list[str]:
    """Problems with the claims' quotes: each quote must occur in its seed file (modulo
    whitespace). Returns one message per missing file or quote; an empty list means all found."""
    problems: list[str] = []
    texts: dict[str, str] = {}
    for claim in claims if claims is not None else CLAIMS:
        path = Path(directory) / claim.source
        if claim.source not in texts:
            if not path.is_file():
                problems.append(f"{claim.id}: seed file {path} not found")
                texts[claim.source] = ""
                continue
            texts[claim.source] = normalize_ws(path.read_text(encoding="utf-8"))
        for quote in claim.quotes:
            if normalize_ws(quote) not in texts[claim.source]:
                problems.append(f"{claim.id}: quote not found in {claim.source}: {quote[:60]!r}")
    return problems


SEED_DOCUMENTS_FILE = Path(__file__).resolve().parent / "data" / "seed_documents.csv"
"""The seed documents' titles and authors (package data), by file name."""


def source_in_words(source: str) -> str:
    """A claim's ``source`` as a reader names it: the seed document's author and title with
    the file in parentheses (``Changjing Ma, "Artificial Intelligence and ..." (seed document
    004_efb9977eb94b42d4.txt)``); any other source unchanged."""
    import csv

    with open(SEED_DOCUMENTS_FILE, encoding="utf-8", newline="") as fh:
        docs = {r["file"]: r for r in csv.DictReader(fh)}
    doc = docs.get(str(source))
    if doc is None:
        return str(source)
    who = f"{doc['author']}, " if doc["author"] else ""
    return f'{who}"{doc["title"]}" (seed document {source})'
