"""Read a user's claims file (TOML) into :class:`gvc.claims.user.Claim` records.

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
import re
import sys
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from gvc.claims.claim_schema import (
    USER_CLAIM,
    USER_REFERENCE,
    USER_SPEC,
    ClaimsFileError,
    check,
    claim_tables,
    read_toml,
)
from gvc.claims.user import Claim, Spec

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
_FUNCTION = re.compile(r"^[A-Za-z_][\w.]*:[A-Za-z_]\w*$")


def _spec(table: object, index: int, where: str) -> Spec:
    where = f"{where} spec #{index + 1}"
    if isinstance(table, dict) and isinstance(table.get("id"), str):
        where = f"{where} {table['id']!r}"
    t = check(table, USER_SPEC, where)
    if not _FUNCTION.match(t["function"]):
        raise ClaimsFileError(
            f"{where}: field 'function' = {t['function']!r}; write it as \"module:function\""
        )
    return Spec(t["id"], t["function"], t.get("term") or None, t.get("description", ""),
                t.get("data", ""))  # fmt: skip


def _claim(table: dict, index: int, path: Path) -> Claim:
    where = f"{path}: claim #{index + 1}"
    cid = table.get("id")
    if not isinstance(cid, str) or not _ID.match(cid):
        raise ClaimsFileError(
            f"{where}: field 'id' = {cid!r}; use letters, digits, '-', '_' or '.'"
        )
    where = f"{path}: claim {cid!r}"
    t = check(table, USER_CLAIM, where)
    source, citation = t.get("source", ""), t.get("citation", "")
    if source and citation and source != citation:
        raise ClaimsFileError(f"{where}: give 'source' or 'citation', not two different ones")
    source = source or citation
    if not source.strip():
        raise ClaimsFileError(f"{where}: field 'source' is missing (cite where the claim is from)")
    ref = check(t["reference"], USER_REFERENCE, f"{where} field 'reference'")
    specs = t.get("spec")
    if not specs:
        raise ClaimsFileError(f"{where}: no [[claim.spec]]; add at least one")
    parsed = [_spec(s, i, where) for i, s in enumerate(specs)]
    ids = [s.id for s in parsed]
    if len(set(ids)) != len(ids):
        dup = sorted({i for i in ids if ids.count(i) > 1})
        raise ClaimsFileError(f"{where}: spec ids repeat: {dup}")
    scope = None
    if "scope" in t:
        from gvc.claims.claim_schema import check_scope
        from gvc.claims.registry import scope_from_table

        scope = scope_from_table(check_scope(t["scope"], f"{where} field 'scope'"))
    try:
        return Claim(
            id=cid,
            text=t["text"],
            kind=ref["kind"],
            unit=ref["unit"],
            value=ref.get("value"),
            low=ref.get("low"),
            high=ref.get("high"),
            source=source,
            type=t.get("type") or "effect",
            tolerance=ref.get("tolerance"),
            specs=tuple(parsed),
            context=t.get("context", ""),
            caveats=t.get("caveats", ""),
            **({"scope": scope} if scope is not None else {}),
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
