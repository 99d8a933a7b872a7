"""Read a user's claims file (TOML) into :class:`gvc.claims.user.Claim` records: the one
schema and loader of every claims file (:mod:`gvc.claims.claim_schema`,
:mod:`gvc.claims.claim_loader`; the seed registry uses them too), and the user file's rules (a
single ``reference`` table, every spec names its ``function``).

Layout (``gvc reproduce --claims my_claims.toml``)::

    [[claim]]
    id = "robots-china"                       # unique in the file
    text = "China installed more than half of the world's new robots in 2022 and 2023."
    source = "IFR, World Robotics 2024, p. 12"  # or: citation = "..."
    type = "share"                            # optional: effect (default), trend, share, gap,
                                              # descriptive
    reference = { kind = "greater_than", value = 50, unit = "pct" }
    # kinds: point (value), range (low, high), greater_than / less_than (value);
    # optional tolerance (unit of the reference) for estimates without a CI
    context = "..."                           # optional Markdown for the report
    caveats = "..."                           # optional Markdown for the report

    [[claim.spec]]
    id = "ifr-2022-2023"                      # unique within the claim; the first is primary
    function = "my_tests:china_share"         # module:function
    term = "x"                                # optional: coefficient of a regression result
    description = "..."                       # optional
    data = "IFR installations"                # optional: the ledger's data column

Every problem is one line naming the file, the claim and the field (:class:`ClaimsFileError`).
Functions are imported from the working directory, the claims file's folder or the Python path;
:func:`read_claims_file` imports them at once (``resolve=True``) so that a typo fails before any
data are built.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from gvc.claims.claim_loader import claim_from_table
from gvc.claims.claim_schema import ClaimsFileError, claim_tables, read_toml
from gvc.claims.user import Claim, Spec

SEED_ONLY = ("family", "testable", "cited", "also_quoted", "data_needed", "data_to_test",
             "headline_with", "headline_names")  # fmt: skip
"""Fields of the one claim schema that a user's claim (:class:`gvc.claims.user.Claim`) does not
hold: a family module is gvc's own, and the rest describe seed documents."""
SPEC_SEED_ONLY = ("reference", "rule", "tolerance", "variant_of")
"""Spec fields a user's claim takes from its single reference instead."""


def _claim(table: dict, index: int, path: Path) -> Claim:
    """A ``[[claim]]`` table of a user's file: the one loader
    (:func:`gvc.claims.claim_loader.claim_from_table`), then the user file's rules."""
    if isinstance(table, dict) and isinstance(table.get("id"), str) and not table.get("spec"):
        raise ClaimsFileError(f"{path}: claim {table['id']!r}: no [[claim.spec]]; add at least one")
    rec = claim_from_table(table, index, path)
    where = f"{path}: claim {rec.id!r}"
    for key in SEED_ONLY:
        if key in table:
            raise ClaimsFileError(
                f"{where}: field {key!r} belongs to gvc's seed registry; remove it"
            )
    if not isinstance(table["reference"], dict):
        raise ClaimsFileError(f"{where}: field 'reference' must be one table ({{ kind = ... }})")
    ref, raw = rec.references[0], table["reference"]
    for j, (spec, s) in enumerate(zip(rec.specifications, table["spec"], strict=True)):
        at = f"{where} spec #{j + 1} {spec.id!r}"
        if not spec.function:
            raise ClaimsFileError(f"{at}: field 'function' is missing (write \"module:function\")")
        for key in SPEC_SEED_ONLY:
            if key in s:
                raise ClaimsFileError(f"{at}: field {key!r} is taken from the claim's reference")
    kind = ref.bound or ("range" if ref.low is not None or ref.high is not None else "point")
    specs = tuple(
        Spec(s.id, s.function, s.term or None, t.get("description", ""), s.data)
        for s, t in zip(rec.specifications, table["spec"], strict=True)
    )
    try:
        return Claim(
            id=rec.id,
            text=rec.text,
            kind=raw.get("kind", kind),
            unit=ref.unit,
            value=ref.value,
            low=ref.low,
            high=ref.high,
            source=rec.source,
            type=rec.type,
            tolerance=raw.get("tolerance"),
            precision=ref.precision,
            specs=specs,
            context=rec.context,
            caveats=rec.caveats,
            scope=rec.scope,
        )
    except ValueError as exc:
        raise ClaimsFileError(f"{path}: {exc}") from None


@contextmanager
def import_path(folders):
    """Put ``folders`` first on ``sys.path`` for the ``with`` block (then remove them)."""
    added = [str(f) for f in folders if str(f) not in sys.path]
    sys.path[:0] = added
    try:
        yield
    finally:
        for f in added:
            sys.path.remove(f)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def resolve_function(function: str, where: str, folder: Path | None = None) -> Callable:
    """Import ``"module:function"`` (from the working directory, ``folder`` or the Python path).

    Raises:
        ClaimsFileError: the module cannot be imported or has no such callable.
    """
    module, _, name = function.partition(":")
    with import_path([Path.cwd(), *([folder] if folder else [])]):
        try:
            mod = importlib.import_module(module)
        except ImportError as exc:
            raise ClaimsFileError(
                f"{where}: cannot import module {module!r} ({_one_line(exc)}); put {module}.py in the "
                "working directory or the claims file's folder, or on PYTHONPATH"
            ) from None
        except Exception as exc:
            raise ClaimsFileError(
                f"{where}: importing {module!r} raised {type(exc).__name__}: {_one_line(exc)}"
            ) from None
    fn = getattr(mod, name, None)
    if not callable(fn):
        raise ClaimsFileError(f"{where}: module {module!r} has no function {name!r}")
    return fn


def read_claims_file(path: str | Path, resolve: bool = True) -> list[Claim]:
    """The claims in a TOML claims file (layout in the module docstring), in file order.

    With ``resolve`` every spec's ``function`` is imported and stored as the callable.

    Raises:
        ClaimsFileError: unreadable file, invalid TOML, or a malformed claim (one line naming the
            file, claim and field).
    """
    p = Path(path)
    claims = [_claim(t, i, p) for i, t in enumerate(claim_tables(read_toml(p), p))]
    if not resolve:
        return claims
    folder = p.resolve().parent
    out = []
    for c in claims:
        specs = tuple(
            replace(
                s,
                function=resolve_function(
                    s.function, f"{p}: claim {c.id!r} spec {s.id!r} field 'function'", folder
                ),
                description=s.description
                or s.function + (f", coefficient on {s.term}" if s.term else ""),
            )
            for s in c.specs
        )
        out.append(replace(c, specs=specs))
    return out
