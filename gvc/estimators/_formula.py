"""Parse fixest-style formulas ``y ~ x1 + x2 | fe1 + fe2 | endog ~ instr``.

Only what gvc needs for validation is extracted: the variables each part names. Estimation
itself is left to pyfixest, which owns the full grammar (``i()``, ``C()``, ``^`` interactions,
``log()``...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gvc.estimators.errors import SpecificationError

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")
_STRING = re.compile(r"(\"[^\"]*\"|'[^']*')")
_NOT_VARIABLES = {"True", "False", "None", "np", "I", "C", "i", "log", "exp", "sqrt"}
_MULTI = re.compile(r"\b(sw|sw0|csw|csw0|mvsw)\s*\(")


@dataclass(frozen=True)
class ParsedFormula:
    """The parts of a fixest formula and the data columns each part names."""

    formula: str
    depvar: str
    rhs: str
    fixef: tuple[str, ...]
    endog: tuple[str, ...]
    instruments: tuple[str, ...]
    rhs_vars: tuple[str, ...]

    @property
    def is_iv(self) -> bool:
        return bool(self.endog)

    @property
    def fe_columns(self) -> tuple[str, ...]:
        """Columns used by the fixed effects (``a^b`` contributes ``a`` and ``b``)."""
        cols: list[str] = []
        for fe in self.fixef:
            cols.extend(p.strip() for p in fe.split("^"))
        return tuple(dict.fromkeys(cols))

    @property
    def variables(self) -> tuple[str, ...]:
        """Every data column the formula uses, in order of first appearance."""
        allv = [
            *_names(self.depvar),
            *self.rhs_vars,
            *self.fe_columns,
            *self.endog,
            *self.instruments,
        ]
        return tuple(dict.fromkeys(allv))

    @property
    def plain_regressors(self) -> tuple[str, ...]:
        """Right-hand-side terms that are bare column names (expected as coefficient names)."""
        terms = [t.strip() for t in self.rhs.split("+")]
        out = [t for t in terms if _IDENT.fullmatch(t) and t not in {"0", "1"}]
        return tuple(out + list(self.endog))


def _names(expr: str) -> list[str]:
    """Identifiers in ``expr`` that refer to data columns (not functions, keywords, literals)."""
    expr = _STRING.sub("", expr)
    out: list[str] = []
    for m in _IDENT.finditer(expr):
        name = m.group(0)
        rest = expr[m.end() :].lstrip()
        if rest.startswith("(") or (rest.startswith("=") and not rest.startswith("==")):
            continue  # function call or keyword argument
        if name in _NOT_VARIABLES or name.startswith("np."):
            continue
        out.append(name)
    return out


def parse_formula(formula: str) -> ParsedFormula:
    """Split a fixest formula into its parts; raise :class:`SpecificationError` if malformed."""
    if not isinstance(formula, str) or "~" not in formula:
        raise SpecificationError(
            f"formula must be a string like 'y ~ x | fe1 + fe2', got {formula!r}"
        )
    if _MULTI.search(formula):
        raise SpecificationError(
            "multiple-estimation syntax (sw/csw) must be expanded first "
            "(gvc.feols does it; see gvc.estimators.multiple.expand_formula)"
        )
    parts = [p.strip() for p in formula.split("|")]
    if len(parts) > 3:
        raise SpecificationError(f"formula has more than three '|'-separated parts: {formula!r}")
    main = parts[0]
    lhs, _, rhs = main.partition("~")
    lhs, rhs = lhs.strip(), rhs.strip()
    if "+" in lhs or not lhs:
        raise SpecificationError(f"formula must have exactly one dependent variable: {formula!r}")
    fixef: tuple[str, ...] = ()
    endog: tuple[str, ...] = ()
    instr: tuple[str, ...] = ()
    for part in parts[1:]:
        if "~" in part:
            e, _, z = part.partition("~")
            endog = tuple(_names(e))
            instr = tuple(_names(z))
            if not endog or not instr:
                raise SpecificationError(f"IV part must read 'endog ~ instruments': {part!r}")
        else:
            if part == "0":
                continue
            terms = [f.strip() for f in part.split("+")]
            if not all(terms):
                raise SpecificationError(
                    f"formula {formula!r}: the fixed-effects part after '|' "
                    + ("is empty" if not part else f"{part!r} has an empty term")
                    + "; name them like 'y ~ x | fe1 + fe2' (or drop the '|')"
                )
            fixef = tuple(terms)
            slopes = [f for f in fixef if "[" in f]
            if slopes:  # pyfixest 0.60 accepts g[x] and silently fits the model without it
                raise SpecificationError(
                    f"varying slopes {slopes} are not estimated by pyfixest 0.60 (it ignores "
                    "them); add the interactions as regressors instead, e.g. i(g, x) or one "
                    "column per group"
                )
    return ParsedFormula(
        formula=formula,
        depvar=lhs,
        rhs=rhs,
        fixef=fixef,
        endog=endog,
        instruments=instr,
        rhs_vars=tuple(dict.fromkeys(_names(rhs))),
    )
