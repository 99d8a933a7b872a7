"""What a report is made of: :class:`ClaimSection`, verdict colours, and deterministic formatting.

Everything here is pure (no I/O). Numbers are formatted by :func:`fmt_float`, which is the single
place that fixes how floats appear in ``claims.csv``, the pages and the table files, so that
last-bit noise in an estimate cannot change a report's bytes.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from gvc.claims.rounding import ci_decimals, reference_points
from gvc.claims.verdict import HEADLINE_LABELS

FLOAT_DIGITS = 6
"""Significant digits of floats in ``claims.csv`` and the ledger tables of the pages."""

TABLE_DIGITS = 4
"""Significant digits of floats in DataFrame tables (``tables/*``)."""

VERDICT_COLOURS: dict[str, str] = {
    "consistent": "#1a9850",
    "inconclusive": "#4575b4",
    "inconclusive, uninformative": "#9ecae1",
    "claimed size rejected, sign undetermined": "#8073ac",
    "same sign, different magnitude": "#e08214",
    "contradicted": "#d73027",
    "differs": "#b35806",
    "descriptive": "#7f8c8d",
    "not comparable": "#5d6d7e",
    "mixed": "#c51b7d",
    "data unavailable": "#969696",
    "not testable": "#bdbdbd",
    "other": "#6a3d9a",
}
"""Badge colour of each verdict label (``other`` for a headline that names no known verdict)."""

_DARK_TEXT = ("data unavailable", "not testable", "inconclusive, uninformative")

UNINFORMATIVE = "inconclusive, uninformative"
"""The badge class of an inconclusive row whose interval is too wide to say anything about the
claim (:func:`gvc.claims.verdict.power`), kept visibly apart from informative ones."""


def badge_style(verdict: str) -> str:
    """Inline CSS of a verdict's colour badge (background colour, readable text colour)."""
    v = verdict if verdict in VERDICT_COLOURS else "other"
    fg = "#222" if v in _DARK_TEXT else "#fff"
    return f"background:{VERDICT_COLOURS[v]};color:{fg}"


VERDICT_SYMBOLS: dict[str, str] = {
    "consistent": "🟢",
    "inconclusive": "🔵",
    "inconclusive, uninformative": "🔹",
    "claimed size rejected, sign undetermined": "🟣",
    "same sign, different magnitude": "🟠",
    "contradicted": "🔴",
    "differs": "🟤",
    "descriptive": "▫️",
    "not comparable": "◻️",
    "mixed": "🔀",
    "data unavailable": "⚪",
    "not testable": "⚪",
    "other": "⚫",
}
"""The Markdown stand-in for a colour badge."""


@dataclass
class ClaimSection:
    """One claim's section of the report.

    Attributes:
        claim_id: ``C1``, ``C2``, ... (matches ``claim_id`` in the ledger).
        title: short heading, e.g. "Robots and GVC participation".
        claim_text: the claim's exact words.
        source: the source document.
        cited: the reference the document cites.
        data: Markdown: the data used.
        specification: Markdown: the specification(s) that test the claim.
        result_md: Markdown: the result, with the numbers.
        figures: PNG files already written (e.g. by :func:`gvc.report.figures.save_figure`);
            copied to ``figures/<stem>.png``, so stems must be unique across sections.
        tables: name -> table; a table is a :class:`pandas.DataFrame` or has ``to_markdown()``,
            ``to_html()`` and ``to_latex()`` (e.g. :func:`gvc.estimators.compare`); written to
            ``tables/<name>.{tex,md,html}``, so names must be unique across sections.
        caveats: Markdown.
        context: Markdown: related published evidence.
        headline_verdict: the headline, starting with a verdict label (e.g. "contradicted: Japan
            industry panel, pts on pts"); empty -> computed from the ledger by
            :func:`gvc.claims.verdict.headline`.
    """

    claim_id: str
    title: str
    claim_text: str
    source: str
    cited: str
    data: str
    specification: str
    result_md: str
    figures: list[Path] = field(default_factory=list)
    tables: dict[str, object] = field(default_factory=dict)
    caveats: str = ""
    context: str = ""
    headline_verdict: str = ""


def verdict_class(text: str) -> str:
    """The verdict label that ``text`` starts with (else contains), or ``"other"``."""
    t = (text or "").strip().lower()
    labels = sorted((*HEADLINE_LABELS, UNINFORMATIVE), key=len, reverse=True)
    for label in labels:
        if t.startswith(label):
            return label
    for label in labels:
        if label in t:
            return label
    return "other"


def slug(text: str) -> str:
    """A file- and anchor-safe name: lower case, ``[a-z0-9_-]`` only."""
    s = re.sub(r"[^a-z0-9_-]+", "-", str(text).strip().lower()).strip("-")
    return s or "x"


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
    an interval, the estimate to :data:`TABLE_DIGITS` significant digits."""
    d = ci_decimals(lo, hi, reference_points(reference))
    if d is None:
        a, b = cell_text(lo), cell_text(hi)
        return cell_text(est, TABLE_DIGITS), (f"[{a}, {b}]" if a and b else "")
    return fmt_fixed(est, d), f"[{fmt_fixed(lo, d)}, {fmt_fixed(hi, d)}]"


def is_year_column(name: object) -> bool:
    """Columns holding calendar years (``year``, ``base_year``, ``first_year``...), printed
    without thousands separators."""
    return "year" in str(name).lower()


def table_cell(x: object, year: bool = False) -> str:
    """A cell of a data table for reading: integers as is, numbers from 1,000 up with thousands
    separators and no exponent (4,870,000 rather than 4.87e+06), others to 4 significant
    digits. ``year``: the cell is a calendar year (no separator)."""
    if is_missing(x) or isinstance(x, str | bool):
        return cell_text(x)
    f = _as_float(x)
    if isinstance(f, str):
        return f
    if not math.isfinite(f):
        return fmt_float(f)
    if year and f.is_integer():
        return str(int(f))
    if f.is_integer() and abs(f) < 1e15:
        return f"{int(f):,}"
    if abs(f) >= 1e4:
        return f"{f:,.0f}"
    return fmt_float(f, 4)


def finding_text(headline: str) -> str:
    """A headline without its leading verdict label (the badge beside it shows the label)."""
    text = (headline or "").strip()
    label = verdict_class(text)
    if label != "other" and text.lower().startswith(label):
        text = text[len(label) :].lstrip(" :;,-\u2013\u2014")
    return text[:1].upper() + text[1:] if text else ""


def finding_sentence(row) -> str:
    """One line for a ledger row: estimate, CI and unit against the claimed value, and where it
    comes from; "" for rows without an estimate."""
    get = row.get if hasattr(row, "get") else (lambda k, d=None: getattr(row, k, d))
    est, lo, hi = get("estimate"), get("ci_low"), get("ci_high")
    if is_missing(est):
        return ""
    e, ci = estimate_texts(est, lo, hi, get("reference_value"))
    unit = cell_text(get("unit"))
    ref = cell_text(get("reference_value"))
    where = cell_text(get("data")) or cell_text(get("specification"))
    text = f"estimate {e}" + (f" (95% CI {ci})" if ci else "") + (f" {unit}" if unit else "")
    if ref:
        text += f" against the claimed {ref}"
    return text + (f"; {where}" if where else "")
