"""The one schema of a claims file (TOML), and the checks that enforce it.

Both claims files share it: the seed registry, ``gvc/claims/data/seed_claims.toml`` (package
data, :mod:`gvc.claims.registry`), and a user's claims file (``gvc reproduce --claims``,
:mod:`gvc.claims.claims_file`); :func:`gvc.claims.claim_loader.read_claims` reads either into
:class:`gvc.claims.claim_record.Claim` records. :data:`CLAIM`, :data:`REFERENCE`, :data:`SPEC`,
:data:`SCOPE`.

A schema maps each field to its kind (:data:`KINDS`) and whether it is required. :func:`check`
rejects unknown fields (suggesting the closest allowed one), missing required fields and values
of the wrong kind, each in one line naming the file, the claim and the field
(:class:`ClaimsFileError`). It does no I/O and imports no other part of gvc.claims.
"""

from __future__ import annotations

import difflib
import tomllib
from pathlib import Path

from gvc.errors import GvcError

KINDS = (
    "str", "number", "int", "bool", "str_list", "table", "table_list", "int_pair", "reference"
)  # fmt: skip
"""Field kinds: a string, a number (int or float), an integer, a boolean, a list of strings,
an inline table, an array of tables, a pair of years, a table or an array of tables."""


class ClaimsFileError(GvcError):
    """A claims file that cannot be read, or a claim in it that does not fit its schema."""


Schema = dict[str, tuple[str, bool]]

CLAIM: Schema = {
    "id": ("str", True),
    "text": ("str", True),
    "also_quoted": ("str_list", False),
    "source": ("str", False),
    "citation": ("str", False),
    "cited": ("str", False),
    "type": ("str", False),
    "testable": ("bool", False),
    "family": ("str", False),
    "data_needed": ("str_list", False),
    "data_to_test": ("str", False),
    "context": ("str", False),
    "caveats": ("str", False),
    "reference": ("reference", True),
    "spec": ("table_list", False),
    "scope": ("table", False),
    "headline_with": ("str_list", False),
    "headline_names": ("table", False),
}
"""A ``[[claim]]`` of either file (:class:`gvc.claims.claim_record.Claim`). ``source`` (a seed
file name, a URL or a citation) or its synonym ``citation`` is required; ``reference`` is one
table (``reference = {...}``) or labelled tables (``[[claim.reference]]``); ``family`` names the
module ``gvc.claims.families.<family>`` that computes the specs without a ``function``."""

REFERENCE: Schema = {
    "label": ("str", False),
    "kind": ("str", False),
    "value": ("number", False),
    "low": ("number", False),
    "high": ("number", False),
    "unit": ("str", True),
    "year": ("int", False),
    "direction": ("int", False),
    "bound": ("str", False),
    "tolerance": ("number", False),
    "precision": ("number", False),
}
"""A claim's reference (:class:`gvc.claims.claim_record.ReferenceValue`): ``kind`` is
``point`` (``value``), ``range`` (``low``, ``high``) or ``greater_than``/``less_than``
(``value`` is a one-sided threshold; the same as ``bound``); ``direction`` (+1/-1) marks a
sign-only claim; ``tolerance`` is the default of its specs'. ``label`` names it for the specs
(needed when a claim has more than one). ``precision`` is the unit of the last digit the claim
states (default: as ``value`` is written, ``0.8`` -> 0.1, so 0.8 stands for [0.75, 0.85]; 0:
exact), :meth:`gvc.claims.claim_record.ReferenceValue.stated_range`."""

SPEC: Schema = {
    "id": ("str", True),
    "function": ("str", False),
    "term": ("str", False),
    "description": ("str", False),
    "data": ("str", False),
    "reference": ("str", False),
    "rule": ("str", False),
    "tolerance": ("number", False),
    "variant_of": ("str", False),
    "construct": ("str", False),
    "unit": ("str", False),
    "stand_in": ("bool", False),
}
"""A claim's ``[[claim.spec]]`` (:class:`gvc.claims.claim_record.Specification`): computed by
``function = "module:callable"`` or, without it, by the claim's family module. ``unit`` is the
row's own unit (its outcome and regressor); ``stand_in = true`` marks a design on other data
standing in for the cited one (no vote while the primary has an estimate)."""

SCOPE: Schema = {
    "construct": ("str", True),
    "unit": ("str", True),
    "window": ("int_pair", False),
    "window_note": ("str", False),
    "level": ("number", False),
    "level_year": ("int", False),
    "level_tolerance": ("number", False),
}
"""A claim's ``scope = {...}`` (:class:`gvc.claims.claim_record.Scope`): the construct and unit
in words, the years the claim covers (``window = [first, last]``) and, when the claim states a
level, that level with its year and tolerance."""


def _fits(kind: str, x: object) -> bool:
    if kind == "str":
        return isinstance(x, str)
    if kind == "number":
        return isinstance(x, int | float) and not isinstance(x, bool) and x == x
    if kind == "int":
        return isinstance(x, int) and not isinstance(x, bool)
    if kind == "bool":
        return isinstance(x, bool)
    if kind == "str_list":
        return isinstance(x, list) and all(isinstance(i, str) for i in x)
    if kind == "table":
        return isinstance(x, dict)
    if kind == "table_list":
        return isinstance(x, list) and all(isinstance(i, dict) for i in x)
    if kind == "reference":
        return isinstance(x, dict) or (_fits("table_list", x) and len(x) > 0)
    if kind == "int_pair":
        return (
            isinstance(x, list)
            and len(x) == 2
            and all(isinstance(i, int) and not isinstance(i, bool) for i in x)
            and x[0] <= x[1]
        )
    raise ValueError(f"unknown field kind {kind!r}; use one of {KINDS}")


_WORDS = {
    "str": "a string",
    "number": "a number",
    "int": "an integer",
    "bool": "true or false",
    "str_list": "a list of strings",
    "table": "a table ({ ... })",
    "table_list": "an array of tables ([[...]])",
    "reference": "a table ({ ... }) or an array of tables ([[claim.reference]])",
    "int_pair": "[first, last] years (integers, first <= last)",
}


def check(table: object, schema: Schema, where: str) -> dict:
    """``table`` if it fits ``schema``; else :class:`ClaimsFileError` naming ``where`` and the
    field. Required strings must not be blank."""
    if not isinstance(table, dict):
        raise ClaimsFileError(f"{where}: expected a table, got {type(table).__name__}")
    for key in table:
        if key not in schema:
            close = difflib.get_close_matches(key, list(schema), n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"allowed: {', '.join(schema)}"
            raise ClaimsFileError(f"{where}: unknown field {key!r}; {hint}")
    for key, (kind, required) in schema.items():
        if key not in table:
            if required:
                raise ClaimsFileError(f"{where}: field {key!r} is missing")
            continue
        x = table[key]
        if not _fits(kind, x) or (required and kind == "str" and not x.strip()):
            raise ClaimsFileError(
                f"{where}: field {key!r} must be {_WORDS[kind]}"
                + (" (not blank)" if kind == "str" and required else "")
                + f", got {x!r}"[:120]
            )
    return table


class StatedFloat(float):
    """A TOML float that remembers how the file wrote it (``text``: ``0.80`` keeps its zero),
    so a claimed value's stated precision can be read (:func:`gvc.claims.claim_record.stated_step`)."""

    text: str

    def __new__(cls, text: str) -> StatedFloat:
        x = super().__new__(cls, text)
        x.text = text
        return x


def read_toml(path: str | Path) -> dict:
    """A TOML file as a dict (floats as :class:`StatedFloat`); one-line :class:`ClaimsFileError`
    when unreadable or invalid."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise ClaimsFileError(f"{p}: cannot read the claims file ({exc.strerror})") from None
    try:
        return tomllib.loads(
            raw.decode("utf-8-sig"), parse_float=StatedFloat
        )  # a BOM (Windows editors) is accepted
    except UnicodeDecodeError as exc:
        raise ClaimsFileError(
            f"{p}: not UTF-8 text (byte {exc.start} cannot be decoded); save the claims file "
            "as UTF-8"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ClaimsFileError(f"{p}: not valid TOML: {exc}") from None


def claim_tables(doc: dict, path: str | Path) -> list[dict]:
    """The ``[[claim]]`` tables of a claims file (the only top-level key), at least one, with
    unique ``id``s."""
    for key in doc:
        if key != "claim":
            raise ClaimsFileError(f"{path}: unknown field {key!r}; a claims file holds [[claim]]")
    tables = doc.get("claim")
    if not isinstance(tables, list) or not tables or not all(isinstance(t, dict) for t in tables):
        raise ClaimsFileError(f"{path}: no [[claim]] tables; add at least one")
    ids = [t.get("id") for t in tables]
    dup = sorted({str(i) for i in ids if ids.count(i) > 1})
    if dup:
        raise ClaimsFileError(f"{path}: claim ids repeat: {dup}")
    return tables


def check_scope(table: dict, where: str) -> dict:
    """A ``scope`` table checked against :data:`SCOPE`; a level needs its year and tolerance."""
    check(table, SCOPE, where)
    if "level" in table and not {"level_year", "level_tolerance"} <= set(table):
        raise ClaimsFileError(f"{where}: a 'level' needs 'level_year' and 'level_tolerance'")
    return table
