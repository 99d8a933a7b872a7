"""fixest's multiple estimation: ``sw()``, ``sw0()``, ``csw()``, ``csw0()`` in a formula.

``y ~ csw(x1, x2) | fe`` is two models, ``y ~ x1 | fe`` and ``y ~ x1 + x2 | fe``; ``sw`` takes
the arguments one at a time ("stepwise"), ``csw`` cumulatively, and the ``0`` variants start with
the model without them. Several calls multiply. :func:`expand_formula` turns such a formula into
the list of plain formulas (fixest's order: the first call varies slowest), and
:class:`FitList` holds the fits, displayed side by side as a regression table.
"""

from __future__ import annotations

import re

from gvc.estimators.errors import SpecificationError

_CALL = re.compile(r"\b(csw0|csw|sw0|sw|mvsw)\s*\(")


def _split_args(text: str) -> list[str]:
    out, depth, cur = [], 0, ""
    for ch in text:
        if ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
            continue
        depth += ch == "("
        depth -= ch == ")"
        cur += ch
    out.append(cur.strip())
    return out


def _alternatives(fn: str, args: list[str]) -> list[str]:
    if fn == "sw":
        return args
    if fn == "sw0":
        return ["", *args]
    cumulative = [" + ".join(args[: i + 1]) for i in range(len(args))]
    return cumulative if fn == "csw" else ["", *cumulative]


def _tidy(formula: str) -> str:
    """Drop the empty terms an empty alternative leaves behind."""
    parts = []
    for i, part in enumerate(formula.split("|")):
        lhs, tilde, rhs = part.rpartition("~") if "~" in part else ("", "", part)
        terms = [t.strip() for t in rhs.split("+") if t.strip()]
        body = " + ".join(terms) if terms else ("1" if i == 0 else "")
        parts.append(f"{lhs.strip()} ~ {body}" if tilde else body)
    if len(parts) > 1 and not parts[1]:  # no fixed effects left
        parts[1] = "0" if len(parts) > 2 else ""
    return " | ".join(p for p in parts if p != "")


def expand_formula(formula: str) -> list[str]:
    """The plain formulas a multiple-estimation formula stands for (one when it has no calls)."""
    m = _CALL.search(formula)
    if m is None:
        return [formula]
    fn = m.group(1)
    if fn == "mvsw":
        raise SpecificationError("mvsw() is not supported; write the models with sw()/csw()")
    depth, end = 1, m.end()
    while end < len(formula) and depth:
        depth += formula[end] == "("
        depth -= formula[end] == ")"
        end += 1
    if depth:
        raise SpecificationError(f"unbalanced parentheses in {fn}() in formula {formula!r}")
    args = [a for a in _split_args(formula[m.end() : end - 1]) if a]
    if not args:
        raise SpecificationError(f"{fn}() needs at least one argument in formula {formula!r}")
    out = []
    for alt in _alternatives(fn, args):
        out.extend(expand_formula(_tidy(formula[: m.start()] + alt + formula[end:])))
    return out


def is_multiple(formula: str) -> bool:
    return isinstance(formula, str) and _CALL.search(formula) is not None


class FitList(list):
    """Fits of a multiple estimation, in order; displays as one side-by-side table."""

    def compare(self, **kwargs):
        """:func:`gvc.estimators.compare` of every fit (columns named by formula number)."""
        from gvc.estimators.compare import compare

        return compare(list(self), **kwargs)

    def _repr_html_(self) -> str:
        return self.compare().to_html()

    def __repr__(self) -> str:
        body = self.compare().to_markdown()
        formulas = "\n".join(f"({i + 1}) {r.formula}" for i, r in enumerate(self))
        return f"{body}\n{formulas}"
