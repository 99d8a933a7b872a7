"""The one loader of claims files: a TOML file of ``[[claim]]`` tables (schema:
:mod:`gvc.claims.claim_schema`) -> :class:`gvc.claims.claim_record.Claim` records.

The seed registry (:func:`gvc.claims.registry.read_seed_claims`) and a user's claims file
(:func:`gvc.claims.claims_file.read_claims_file`) both go through :func:`read_claims`, then add
their own file rules (registry ids ``C1``, ``C2``, ...; a user spec names its function). Every
problem is one line naming the file, the claim and the field (:class:`ClaimsFileError`).

Defaults: ``type = "effect"``; ``testable`` when the claim has specs; a spec's ``reference`` is
the claim's only reference, its ``rule`` follows that reference (one-sided kinds their own rule,
else ``interval``), its ``tolerance`` the reference's, its ``description`` names its function.
"""

from __future__ import annotations

import re
from pathlib import Path

from gvc.claims.claim_record import (
    BOUNDS,
    RULES,
    Claim,
    ReferenceValue,
    Scope,
    Specification,
    stated_step,
)
from gvc.claims.claim_schema import (
    CLAIM,
    REFERENCE,
    SPEC,
    ClaimsFileError,
    check,
    check_scope,
    claim_tables,
    read_toml,
)

REFERENCE_KINDS = ("point", "range", "greater_than", "less_than")
"""Allowed ``kind`` values of a reference."""

REFERENCE_LABEL = "claimed"
"""The label of a claim's single reference written as one table (``reference = {...}``)."""

ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
FUNCTION = re.compile(r"^[A-Za-z_][\w.]*:[A-Za-z_]\w*$")


def read_claims(path: str | Path) -> list[Claim]:
    """The claims of a claims file, in file order, each checked against the schema."""
    p = Path(path)
    return [claim_from_table(t, i, p) for i, t in enumerate(claim_tables(read_toml(p), p))]


def _reference(r: dict, label: str, where: str, at: str) -> tuple[ReferenceValue, float | None]:
    """A reference table as a :class:`ReferenceValue` and its default tolerance."""
    kind, bound = r.get("kind"), r.get("bound")
    if kind is not None and kind not in REFERENCE_KINDS:
        raise ClaimsFileError(f"{at}: kind {kind!r} is not one of {', '.join(REFERENCE_KINDS)}")
    if bound is not None and bound not in BOUNDS:
        raise ClaimsFileError(f"{where}: field 'bound' = {bound!r}; use {BOUNDS}")
    if kind in BOUNDS:
        if bound not in (None, kind):
            raise ClaimsFileError(f"{where}: kind {kind!r} and bound {bound!r} disagree")
        bound = kind
    need = {"range": ("low", "high"), None: ()}.get(kind, ("value",))
    for name in need:
        if name not in r:
            raise ClaimsFileError(f"{at}: a {kind} reference needs {' and '.join(need)}")
    value = r.get("value")
    precision = r.get("precision")
    given = precision is not None
    if precision is not None and precision < 0:
        raise ClaimsFileError(f"{at}: field 'precision' must be >= 0 (0: exact), got {precision}")
    if precision is None and value is not None:
        precision = stated_step(getattr(value, "text", str(value)))  # as the file writes it
    ref = ReferenceValue(
        label=r.get("label", label),
        value=None if value is None else (int(value) if isinstance(value, int) else float(value)),
        unit=r["unit"],
        year=r.get("year"),
        low=r.get("low"),
        high=r.get("high"),
        direction=r.get("direction"),
        bound=bound,
        precision=None if precision is None else float(precision),
        precision_given=given,
    )
    return ref, r.get("tolerance")


def _spec(s: dict, j: int, where: str, refs: dict, tolerance: dict) -> Specification:
    where = f"{where} spec #{j + 1} {s.get('id', '')!r}"
    check(s, SPEC, where)
    fn = s.get("function", "")
    if fn and not FUNCTION.match(fn):
        raise ClaimsFileError(
            f"{where}: field 'function' = {fn!r}; write it as \"module:function\""
        )
    label = s.get("reference") or (next(iter(refs)) if len(refs) == 1 else "")
    if not label:
        raise ClaimsFileError(f"{where}: field 'reference' is missing (name one of {list(refs)})")
    ref = refs.get(label)
    rule = s.get("rule") or (ref.bound if ref is not None and ref.bound else "interval")
    if rule not in RULES:
        raise ClaimsFileError(f"{where}: field 'rule' not in {RULES}")
    term = s.get("term", "")
    if s.get("unit") and not s.get("construct") and ref is not None:
        head, own = (ref.unit.split() or [""])[0], (s["unit"].split() or [""])[0]
        if own != head:
            raise ClaimsFileError(
                f"{where}: field 'unit' = {s['unit']!r} does not start with the reference's "
                f"measure {head!r}: give 'construct' (a row in another unit measures another "
                "quantity: say which), or start the unit with the reference's measure"
            )
    return Specification(
        id=s["id"],
        description=s.get("description") or fn + (f", coefficient on {term}" if term else ""),
        data=s.get("data", ""),
        reference=label,
        rule=rule,
        tolerance=s.get("tolerance", tolerance.get(label)),
        variant_of=s.get("variant_of", ""),
        function=fn,
        term=term,
        construct=s.get("construct", ""),
        unit=s.get("unit", ""),
        stand_in=s.get("stand_in", False),
    )


def _check_stand_ins(specs: list[Specification], where: str) -> None:
    """The primary is the cited design, never a stand-in; a near-duplicate is a stand-in when
    the design it varies is (the headline counts the two as one design)."""
    if specs and specs[0].stand_in:
        raise ClaimsFileError(
            f"{where} spec {specs[0].id!r}: field 'stand_in' is true on the primary (the first "
            "spec is the cited design); move the stand-in after it"
        )
    flag = {s.id: s.stand_in for s in specs}
    for s in specs:
        if s.variant_of in flag and flag[s.variant_of] != s.stand_in:
            raise ClaimsFileError(
                f"{where} spec {s.id!r}: field 'stand_in' = {str(s.stand_in).lower()} but the "
                f"spec it varies, {s.variant_of!r}, has {str(flag[s.variant_of]).lower()}; "
                "give both the same"
            )


def claim_from_table(table: object, index: int, path: Path) -> Claim:
    """One ``[[claim]]`` table as a :class:`Claim` (``index`` counts from 0, for messages)."""
    where = f"{path}: claim #{index + 1}"
    cid = table.get("id") if isinstance(table, dict) else None
    if not isinstance(cid, str) or not ID.match(cid):
        raise ClaimsFileError(
            f"{where}: field 'id' = {cid!r}; use letters, digits, '-', '_' or '.'"
        )
    where = f"{path}: claim {cid!r}"
    t = check(table, CLAIM, where)
    source, citation = t.get("source", ""), t.get("citation", "")
    if source and citation and source != citation:
        raise ClaimsFileError(f"{where}: give 'source' or 'citation', not two different ones")
    source = source or citation
    if not source.strip():
        raise ClaimsFileError(f"{where}: field 'source' is missing (cite where the claim is from)")
    raw = t["reference"]
    tables = [(raw, f"{where} field 'reference'")] if isinstance(raw, dict) else [
        (r, f"{where} reference #{j + 1}") for j, r in enumerate(raw)
    ]  # fmt: skip
    refs, tolerance = {}, {}
    for r, at in tables:
        check(r, REFERENCE, at)
        ref, tol = _reference(r, REFERENCE_LABEL, at, where)
        refs[ref.label], tolerance[ref.label] = ref, tol
    specs = [_spec(s, j, where, refs, tolerance) for j, s in enumerate(t.get("spec", []))]
    ids = [s.id for s in specs]
    if len(set(ids)) != len(ids):
        raise ClaimsFileError(
            f"{where}: spec ids repeat: {sorted({i for i in ids if ids.count(i) > 1})}"
        )
    _check_stand_ins(specs, where)
    scope = Scope()
    if "scope" in t:
        scope = scope_from_table(check_scope(t["scope"], f"{where} field 'scope'"))
    try:
        return Claim(
            id=cid,
            text=t["text"],
            source=source,
            cited=t.get("cited", ""),
            type=t.get("type") or "effect",
            references=tuple(refs.values()),
            data_needed=tuple(t.get("data_needed", ())),
            specifications=tuple(specs),
            testable=t.get("testable", bool(specs)),
            data_to_test=t.get("data_to_test", ""),
            also_quoted=tuple(t.get("also_quoted", ())),
            context=t.get("context", ""),
            family=t.get("family", ""),
            scope=scope,
            headline_with=tuple(t.get("headline_with", ())),
            headline_names=tuple(t.get("headline_names", {}).items()),
            caveats=t.get("caveats", ""),
        )
    except ValueError as exc:
        raise ClaimsFileError(f"{path}: {exc}") from None


def scope_from_table(t: dict | None) -> Scope:
    """A checked ``scope`` table as a :class:`Scope`."""
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
