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

from gvc.claims.texts import (  # noqa: F401 (re-exported: the report's number formats)
    FLOAT_DIGITS,
    TABLE_DIGITS,
    _as_float,
    cell_text,
    estimate_texts,
    finding_sentence,
    fmt_fixed,
    fmt_float,
    is_missing,
)
from gvc.claims.verdict import HEADLINE_LABELS

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


def finding_text(headline: str, verdict: bool = True) -> str:
    """A headline as a finding a referee reads on its own: the verdict word first (capitalised),
    then the estimate, its CI and unit, the claimed value and the qualifier
    (``Inconclusive: -0.3 pts/yr, 95% CI [-0.9, 0.2], against the claimed -0.6; 6 years,
    indicative; ...``, as :func:`gvc.claims.headline.headline_text` wrote it). With
    ``verdict=False``, what follows the verdict word (for a line that shows it as a badge)."""
    text = (headline or "").strip()
    label = verdict_class(text)
    if not verdict and label != "other" and text.lower().startswith(label):
        text = text[len(label) :].lstrip(" :;,-\u2013\u2014")
    return text[:1].upper() + text[1:] if text else ""
