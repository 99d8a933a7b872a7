"""How numbers of the ledger read as text: missing cells, significant digits, intervals rounded
to what they support, one-line findings. Shared by the claims layer (headlines) and the report
writers (:mod:`gvc.report.model` re-exports these names)."""

from __future__ import annotations

import math
import re

import pandas as pd

from gvc.claims.rounding import (
    ci_decimals,
    estimate_decimals,
    fixed,
    number_text,
    reference_points,
)

FLOAT_DIGITS = 6
"""Significant digits of floats in ``claims.csv`` and the ledger tables of the pages."""

TABLE_DIGITS = 4
"""Significant digits of floats in DataFrame tables (``tables/*``)."""


def is_missing(x: object) -> bool:
    """None, NaN, ``pd.NA`` or ``NaT``."""
    if x is None or x is pd.NA or x is pd.NaT:
        return True
    try:
        return bool(isinstance(x, float) and math.isnan(x)) or bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def _as_float(x: object) -> float | str:
    """A non-missing cell as a float, or its final text (booleans, integers, non-numbers)."""
    if isinstance(x, bool):
        return str(x)
    if isinstance(x, int) or (hasattr(x, "dtype") and getattr(x.dtype, "kind", "") in "iu"):
        return str(int(x))
    try:
        return float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(x)


def fmt_float(x: object, digits: int = FLOAT_DIGITS) -> str:
    """Deterministic text for a number: ``digits`` significant digits, ``""`` when missing.

    Integers (including integral ``n_obs`` stored as float) print without a decimal point; ``-0``
    prints as ``0``.
    """
    if is_missing(x):
        return ""
    f = _as_float(x)
    if isinstance(f, str):
        return f
    if math.isinf(f):
        return "inf" if f > 0 else "-inf"
    s = format(f, f".{digits}g")
    return "0" if s in ("-0", "0") else s


def cell_text(x: object, digits: int = FLOAT_DIGITS) -> str:
    """Any cell as text: numbers via :func:`fmt_float`, missing as ``""``, the rest ``str``."""
    if is_missing(x):
        return ""
    if isinstance(x, str):
        return x
    if isinstance(x, int | float) or hasattr(x, "dtype"):
        return fmt_float(x, digits)
    return str(x)


def fmt_fixed(x: object, decimals: int) -> str:
    """``x`` with ``decimals`` decimals and thousands separators; ``""`` when missing."""
    if is_missing(x):
        return ""
    s = f"{float(x):,.{decimals}f}"  # type: ignore[arg-type]
    return s[1:] if s.startswith("-") and float(s.replace(",", "")) == 0 else s


def estimate_texts(
    est: object, lo: object, hi: object, reference: object = None
) -> tuple[str, str]:
    """``(estimate, "[lo, hi]")`` rounded to what the interval supports (:func:`ci_decimals`:
    never so far that a bound seems to touch 0 or the ``reference`` when it does not); without
    an interval, the estimate to :data:`TABLE_DIGITS` significant digits. A nonzero estimate
    keeps at least one significant digit (:func:`estimate_decimals`: ``0.07``, never ``0``)."""
    d = ci_decimals(lo, hi, reference_points(reference))
    if d is None:
        a, b = cell_text(lo), cell_text(hi)
        return cell_text(est, TABLE_DIGITS), (f"[{a}, {b}]" if a and b else "")
    e = fmt_fixed(est, estimate_decimals(est, d)) if not is_missing(est) else ""
    return e, f"[{fmt_fixed(lo, d)}, {fmt_fixed(hi, d)}]"


def _row_getter(row):
    return row.get if hasattr(row, "get") else (lambda k, d=None: getattr(row, k, d))


def estimate_phrase(row) -> str:
    """``-0.2 pts/yr, 95% CI [-1.0, 0.6] (DVA share of gross exports)``: the estimate and its
    interval rounded to what the interval supports (:func:`ci_decimals`, as in the report's
    tables; a nonzero estimate keeps one significant digit), with the unit (its parenthesised gloss after the interval); "" without one."""
    get = _row_getter(row)
    est, lo, hi = get("estimate"), get("ci_low"), get("ci_high")
    if is_missing(est):
        return ""
    d = None if is_missing(lo) or is_missing(hi) else ci_decimals(lo, hi, _points(row))
    if d is None:
        e = number_text(float(est))
        ci = "" if is_missing(lo) or is_missing(hi) else f"[{number_text(float(lo))}, "
        ci += f"{number_text(float(hi))}]" if ci else ""
    else:
        e = fixed(float(est), estimate_decimals(est, d))
        ci = f"[{fixed(float(lo), d)}, {fixed(float(hi), d)}]"
    unit = cell_text(get("unit"))
    head, _, gloss = unit.partition(" (")
    text = e + (f" {head}" if head else "") + (f", 95% CI {ci}" if ci else "")
    return text + (f" ({gloss}" if gloss else "")


def _points(row) -> tuple[float, ...]:
    return reference_points(_row_getter(row)("reference_value"))


def qualifier(row, mark: str = "") -> str:
    """``17 years, indicative`` from an inference mark ``indicative (n = 17)`` (years for a
    trend, whose unit is per year; ``n = 6`` otherwise); "" without a mark."""
    m = re.match(r"indicative \(n = (\d+)\)", mark or "")
    if not m:
        return mark or ""
    n = int(m.group(1))
    per_year = "/yr" in cell_text(_row_getter(row)("unit"))
    return (f"{n} years" if per_year else f"n = {n}") + ", indicative"


def finding_sentence(row, mark: str = "") -> str:
    """A ledger row as the part of a finding after its verdict word: estimate, CI and unit,
    the claimed value, the qualifier (:func:`qualifier` of ``mark``) and the data, e.g.
    ``-0.2 pts/yr, 95% CI [-1.0, 0.6] (DVA share of gross exports), against the claimed -0.6;
    17 years, indicative; WIOD 2013``; "" for rows without an estimate."""
    get = _row_getter(row)
    text = estimate_phrase(row)
    if not text:
        return ""
    ref = cell_text(get("reference_value"))
    where = cell_text(get("data")) or cell_text(get("specification"))
    if ref:
        text += f", against the claimed {ref}"
    return "; ".join(x for x in (text, qualifier(row, mark), where) if x)
