"""How many decimals a number deserves: the rounding rule shared by verdict reasons and the
report (estimates and intervals rounded to what their 95% CI supports)."""

from __future__ import annotations

import math


def ci_decimals(lo: object, hi: object, max_decimals: int = 6) -> int | None:
    """Decimals that a confidence interval supports: two significant digits of its width.

    ``[-1.63, 1.44]`` (width 3.07) -> 1 decimal; ``[0.118, 0.126]`` -> 3. None when a bound is
    missing or the width is not positive and finite.
    """
    try:
        width = float(hi) - float(lo)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if not math.isfinite(width) or width <= 0:
        return None
    return int(min(max_decimals, max(0, 1 - math.floor(math.log10(width)))))


def ci_text(lo: float, hi: float) -> str:
    """``[lo, hi]`` rounded to what the interval supports (4 significant digits when its width
    is zero)."""
    d = ci_decimals(lo, hi)
    if d is None:
        return f"[{lo:.4g}, {hi:.4g}]"
    return f"[{lo:.{d}f}, {hi:.{d}f}]"


def number_text(x: float) -> str:
    """A number without an interval: 4 significant digits (``20.23``, ``1.235e+06`` avoided by
    plain thousands for large values)."""
    if math.isfinite(x) and abs(x) >= 1e4:
        return f"{x:,.0f}"
    return f"{x:.4g}"
