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

import difflib
import importlib
import re
import sys
import tomllib
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from gvc.claims.user import Claim, Spec
from gvc.errors import GvcError

CLAIM_KEYS = ("id", "text", "source", "citation", "type", "reference", "spec", "context", "caveats")
REFERENCE_KEYS = ("kind", "value", "low", "high", "unit", "tolerance")
SPEC_KEYS = ("id", "function", "term", "description", "data")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
_FUNCTION = re.compile(r"^[A-Za-z_][\w.]*:[A-Za-z_]\w*$")


class ClaimsFileError(GvcError):
    """A claims file that cannot be read, or a claim or spec in it that is malformed."""


def _unknown(keys, allowed, where: str) -> None:
    for key in keys:
        if key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"allowed: {', '.join(allowed)}"
            raise ClaimsFileError(f"{where}: unknown field {key!r}; {hint}")


def _text(table: dict, key: str, where: str, required: bool = True) -> str:
    x = table.get(key)
    if x is None:
        if required:
            raise ClaimsFileError(f"{where}: field {key!r} is missing")
        return ""
    if not isinstance(x, str) or (required and not x.strip()):
        raise ClaimsFileError(f"{where}: field {key!r} must be a non-empty string, got {x!r}")
    return x


def _number(table: dict, key: str, where: str) -> float | None:
    x = table.get(key)
    if x is None:
        return None
    if isinstance(x, bool) or not isinstance(x, int | float):
        raise ClaimsFileError(f"{where}: field {key!r} must be a number, got {x!r}")
    return float(x)


def _spec(table: object, where: str) -> Spec:
    if not isinstance(table, dict):
        raise ClaimsFileError(f"{where}: each [[claim.spec]] must be a table")
    _unknown(table, SPEC_KEYS, where)
    sid = _text(table, "id", where)
    where = f"{where} {sid!r}"
    function = _text(table, "function", where)
    if not _FUNCTION.match(function):
        raise ClaimsFileError(
            f"{where}: field 'function' = {function!r}; write it as \"module:function\""
        )
    term = _text(table, "term", where, required=False) or None
    return Spec(
        sid,
        function,
        term,
        _text(table, "description", where, required=False),
        _text(table, "data", where, required=False),
    )


def _claim(table: object, index: int, path: Path) -> Claim:
    where = f"{path}: claim #{index + 1}"
    if not isinstance(table, dict):
        raise ClaimsFileError(f"{where}: each [[claim]] must be a table")
    _unknown(table, CLAIM_KEYS, where)
    cid = _text(table, "id", where)
    if not _ID.match(cid):
        raise ClaimsFileError(
            f"{where}: field 'id' = {cid!r}; use letters, digits, '-', '_' or '.'"
        )
    where = f"{path}: claim {cid!r}"
    source = _text(table, "source", where, required=False)
    citation = _text(table, "citation", where, required=False)
    if source and citation and source != citation:
        raise ClaimsFileError(f"{where}: give 'source' or 'citation', not two different ones")
    source = source or citation
    if not source.strip():
        raise ClaimsFileError(f"{where}: field 'source' is missing (cite where the claim is from)")
    ref = table.get("reference")
    if not isinstance(ref, dict):
        raise ClaimsFileError(
            f"{where}: field 'reference' is missing; write reference = "
            '{ kind = "point", value = 1.0, unit = "pct" }'
        )
    rwhere = f"{where} field 'reference'"
    _unknown(ref, REFERENCE_KEYS, rwhere)
    specs = table.get("spec")
    if not isinstance(specs, list) or not specs:
        raise ClaimsFileError(f"{where}: no [[claim.spec]]; add at least one")
    parsed = [_spec(s, f"{where} spec #{i + 1}") for i, s in enumerate(specs)]
    ids = [s.id for s in parsed]
    if len(set(ids)) != len(ids):
        dup = sorted({i for i in ids if ids.count(i) > 1})
        raise ClaimsFileError(f"{where}: spec ids repeat: {dup}")
    try:
        return Claim(
            id=cid,
            text=_text(table, "text", where),
            kind=_text(ref, "kind", rwhere),
            unit=_text(ref, "unit", rwhere),
            value=_number(ref, "value", rwhere),
            low=_number(ref, "low", rwhere),
            high=_number(ref, "high", rwhere),
            source=source,
            type=_text(table, "type", where, required=False) or "effect",
            tolerance=_number(ref, "tolerance", rwhere),
            specs=tuple(parsed),
            context=_text(table, "context", where, required=False),
            caveats=_text(table, "caveats", where, required=False),
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
                f"{where}: cannot import module {module!r} ({exc}); put {module}.py in the "
                "working directory or the claims file's folder, or on PYTHONPATH"
            ) from None
        except Exception as exc:
            raise ClaimsFileError(
                f"{where}: importing {module!r} raised {type(exc).__name__}: {exc}"
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
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise ClaimsFileError(f"{p}: cannot read the claims file ({exc.strerror})") from None
    try:
        doc = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ClaimsFileError(f"{p}: not UTF-8 text; save the claims file as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ClaimsFileError(f"{p}: not valid TOML: {exc}") from None
    _unknown(doc, ("claim",), str(p))
    tables = doc.get("claim")
    if not isinstance(tables, list) or not tables:
        raise ClaimsFileError(f"{p}: no [[claim]] tables; add at least one")
    claims = [_claim(t, i, p) for i, t in enumerate(tables)]
    ids = [c.id for c in claims]
    if len(set(ids)) != len(ids):
        dup = sorted({i for i in ids if ids.count(i) > 1})
        raise ClaimsFileError(f"{p}: claim ids repeat: {dup}")
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
