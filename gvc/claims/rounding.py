"""How many decimals a number deserves: the rounding rule shared by verdict reasons and the
report (estimates and intervals rounded to what their 95% CI supports, never so far that a bound
appears to cross 0 or the claimed value when it does not)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

MAX_DECIMALS = 6


def _same_side(x: float, p: float, d: int) -> bool:
    r = round(x, d)
    return (x > p) == (r > p) and (x < p) == (r < p)


def ci_decimals(
    lo: object, hi: object, keep: Iterable[float] = (), max_decimals: int = MAX_DECIMALS
) -> int | None:
    """Decimals that a confidence interval supports: two significant digits of its width, and
    more where fewer would move a bound onto or across 0 or a value in ``keep`` (the claimed
    value or range ends), so the printed interval keeps the relations its verdict rests on.

    ``[-1.63, 1.44]`` (width 3.07) -> 1 decimal; ``[0.118, 0.126]`` -> 3; ``[0.04, 3.1]`` -> 2
    (not ``[0.0, 3.1]``). None when a bound is missing, the width is not positive and finite, or
    more than ``max_decimals`` would be needed (callers then use significant digits).
    """
    try:
        a, b = float(lo), float(hi)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    width = b - a
    if not math.isfinite(width) or width <= 0:
        return None
    d = max(0, 1 - math.floor(math.log10(width)))
    points = [0.0, *(float(p) for p in keep if p is not None and math.isfinite(float(p)))]
    while d <= max_decimals:
        if all(_same_side(a, p, d) and _same_side(b, p, d) for p in points):
            return d
        d += 1
    return None


def fixed(x: float, d: int) -> str:
    """``x`` with ``d`` decimals; a rounded zero prints without its sign (``0.0``, not ``-0.0``)."""
    s = f"{x:.{d}f}"
    return s[1:] if s.startswith("-") and float(s) == 0 else s


def estimate_decimals(x: object, d: int) -> int:
    """Decimals for an estimate printed beside a CI rounded to ``d`` decimals: ``d``, or more
    when ``d`` would print a nonzero estimate as 0 (at least one significant digit: 0.067 with
    ``d = 0`` -> 2, ``0.07``, not ``0``)."""
    try:
        f = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return d
    if not math.isfinite(f) or f == 0 or float(fixed(f, d)) != 0:
        return d
    return min(max(d, -math.floor(math.log10(abs(f)))), MAX_DECIMALS + 6)


def ci_text(lo: float, hi: float, keep: Iterable[float] = ()) -> str:
    """``[lo, hi]`` rounded by :func:`ci_decimals` (4 significant digits when it gives None)."""
    d = ci_decimals(lo, hi, keep)
    if d is None:
        return f"[{lo:.4g}, {hi:.4g}]"
    return f"[{fixed(lo, d)}, {fixed(hi, d)}]"


def number_text(x: float) -> str:
    """A number without an interval: 4 significant digits, plain thousands for large values."""
    if math.isfinite(x) and abs(x) >= 1e4:
        return f"{x:,.0f}"
    return f"{x:.4g}"


def reference_points(text: object) -> tuple[float, ...]:
    """The numbers in a ledger ``reference_value`` text (``-0.8``, ``[15, 20]``, ``> 0``)."""
    if text is None:
        return ()
    return tuple(float(m) for m in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", str(text)))
