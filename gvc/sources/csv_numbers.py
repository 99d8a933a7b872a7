"""CSV dialect and number format as users write them: one implementation for every reader.

A file re-saved by a spreadsheet in another locale changes two things: the field separator
(``,``, ``;`` or tab) and how numbers are written (``1,234.5``, ``1.234,5``, ``1 234,5``,
``1'234.5``). :func:`sniff_separator` finds the separator from the first records;
:func:`detect` finds the decimal mark from the numeric cells of the whole file; :func:`parse`
turns cells into float64, correctly rounded (Python's ``float``, never a faster approximate
parser), with ``NaN`` where a cell is empty or not a number (callers report those).

Thousands separators: the other of ``.``/``,``, a space, a non-breaking or narrow non-breaking
space, or an apostrophe, each between groups of three digits. A cell such as ``1.500`` alone is
ambiguous (1500 or 1.5); the rest of the file decides (``3,5``, ``1.234,5``, ``0.25``,
``1.234.567``), then the separator (``;`` means European format); a file that stays ambiguous
is a one-line :class:`DataError` naming the file, the column and what to do.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from gvc.errors import DataError

SEPARATORS = (",", ";", "\t")
SPACES = " \u00a0\u202f'\u2019"
"""Thousands separators that are never a decimal mark: space, no-break space, narrow no-break
space, apostrophe (Swiss) and right single quote (a spreadsheet's typographic apostrophe)."""

_SPACE_CLASS = "[" + re.escape(SPACES) + "]"
_EXP = r"(?:[eE][+-]?\d+)"
_SIGN = "[+\\-\u2212]?"
_SHAPE = re.compile(rf"^{_SIGN}[\d.,]*\d[\d.,]*{_EXP}?$")
_GROUPED = re.compile(r"^[1-9]\d{0,2}[.,]\d{3}$")
_SPECIAL = re.compile(r"^[+-]?(?:inf|infinity|nan)$", re.I)


def _name(sep: str) -> str:
    return {",": "','", ";": "';'", "\t": "tab"}[sep]


# ----------------------------------------------------------------------------- separator
def sniff_separator(text: str, *, max_records: int = 50) -> str:
    """The field separator (``,``, ``;`` or tab) of CSV ``text`` (the start of a file).

    For each candidate, the most frequent number of fields among the first records and the share
    of records that have it; a separator must give at least two fields. The most regular wins,
    then the one with more fields, then ``;`` and tab over ``,`` (a ``;`` file whose numbers
    all have one decimal comma splits as regularly on ``,``, except for its header). Title lines
    above the header lower every candidate alike. ``,`` when nothing splits.
    """
    lines = text.splitlines()
    if len(lines) > 1 and not text.endswith(("\n", "\r")):
        lines = lines[:-1]  # the sample may end mid-record
    lines = [ln for ln in lines if ln.strip()][:max_records]
    best, best_score = ",", (0.0, 0, 0)
    for rank, sep in enumerate((",", "\t", ";")):
        try:
            counts = [len(r) for r in csv.reader(io.StringIO("\n".join(lines)), delimiter=sep)]
        except csv.Error:
            continue
        if not counts:
            continue
        values, freq = np.unique(counts, return_counts=True)
        mode = int(values[freq.argmax()])
        if mode < 2:
            continue
        score = (float(freq.max()) / len(counts), mode, rank)
        if score > best_score:
            best, best_score = sep, score
    return best


def sniff_file(path: str | Path, *, skiprows: int = 0, encoding: str = "utf-8-sig") -> str:
    """:func:`sniff_separator` of the first 64 KB of ``path`` after ``skiprows`` lines."""
    with open(path, encoding=encoding, errors="replace", newline="") as fh:
        for _ in range(skiprows):
            fh.readline()
        return sniff_separator(fh.read(65536))


# ----------------------------------------------------------------------------- number format
@dataclass(frozen=True)
class NumberFormat:
    """How a file writes numbers: ``decimal`` is ``.`` or ``,``; the other one, and
    :data:`SPACES`, may group thousands."""

    decimal: str = "."

    @property
    def thousands(self) -> str:
        return "," if self.decimal == "." else "."

    def __str__(self) -> str:
        return "decimal point" if self.decimal == "." else "decimal comma"


PLAIN = NumberFormat(".")
EUROPEAN = NumberFormat(",")


def _cells(s: pd.Series) -> pd.Series:
    """Unique non-empty cells of ``s`` as stripped strings, in order of appearance."""
    u = pd.Series(pd.unique(s[s.notna()].to_numpy(dtype=object)), dtype=object)
    u = u.astype(str).str.strip()  # strip the distinct cells only: a table repeats many
    return pd.Series(pd.unique(u[u != ""].to_numpy()), dtype=object)


def _evidence(cells: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(decimal mark each cell implies: '.', ',' or '' for none; whether it is ambiguous)."""
    m = cells.str.replace(_SPACE_CLASS, "", regex=True)
    ok = m.str.match(_SHAPE)
    exp = m.str.contains(_EXP + "$", regex=True)
    mant = m.str.replace(_EXP + "$", "", regex=True).str.lstrip("+-\u2212")
    ndot, ncom = mant.str.count(r"\."), mant.str.count(",")
    last_dot, last_com = mant.str.rfind("."), mant.str.rfind(",")
    dec = pd.Series("", index=cells.index, dtype=object)
    one = (ndot + ncom == 1) & ok
    ambiguous = one & ~exp & mant.str.match(_GROUPED)
    both = ok & (ndot > 0) & (ncom > 0)
    dec[both & (last_dot > last_com)] = "."
    dec[both & (last_com > last_dot)] = ","
    dec[ok & (ndot >= 2) & (ncom == 0)] = ","  # 1.234.567: thousands points
    dec[ok & (ncom >= 2) & (ndot == 0)] = "."  # 1,234,567: thousands commas
    dec[one & ~ambiguous & (ndot == 1)] = "."
    dec[one & ~ambiguous & (ncom == 1)] = ","
    return dec, ambiguous


def detect(
    columns: Mapping[str, pd.Series],
    path: str | Path,
    *,
    separator: str | None = None,
    whole: Iterable[str] = (),
) -> NumberFormat:
    """The number format of a file from the cells of its numeric ``columns`` ({name: cells}).

    A cell that can only be read one way decides (``3,5``, ``1.234,5``, ``1,234,567``,
    ``0.500``); cells that disagree are an error. When no cell decides and some look like
    ``1.500`` or ``1,500``, a ``;`` ``separator`` means European format (decimal comma);
    otherwise the file is ambiguous and an error. ``whole``: columns that hold whole numbers
    (counts), where ``1.500`` read as 1.5 would be wrong, so the file is ambiguous instead; a
    quoted ``"1,500"`` there, in a ``,``-separated file, is read as thousands.
    """
    whole = set(whole)
    first: dict[str, tuple[str, str]] = {}  # decimal mark -> (cell, column) that implies it
    ambiguous: list[tuple[str, str]] = []
    for name, s in columns.items():
        cells = _cells(s)
        if cells.empty:
            continue
        dec, amb = _evidence(cells)
        for mark in (".", ","):
            hit = dec == mark
            if hit.any() and mark not in first:
                first[mark] = (cells[hit.idxmax()], name)
        ambiguous += [(c, name) for c in cells[amb]]
    if len(first) == 2:
        (a, ca), (b, cb) = first["."], first[","]
        raise DataError(
            f"{path}: numbers in two formats: {a!r} (column '{ca}') has a decimal point, "
            f"{b!r} (column '{cb}') a decimal comma; save the file again with one number format."
        )
    if first:
        fmt = NumberFormat(next(iter(first)))
    elif ambiguous and separator == ";":
        fmt = EUROPEAN
    elif ambiguous and separator == "," and all(n in whole and "," in c for c, n in ambiguous):
        fmt = PLAIN  # a quoted "221,547" count: only thousands make it a whole number
    elif ambiguous:
        _ambiguous(path, *ambiguous[0], separator)
    else:
        fmt = PLAIN
    for cell, name in ambiguous:
        if name in whole and fmt.decimal in cell:
            _ambiguous(path, cell, name, separator)
    return fmt


def _ambiguous(path, cell: str, column: str, separator: str | None) -> None:
    mark = "." if "." in cell else ","
    digits = cell.replace(mark, "")
    small = float(cell.replace(mark, ".").replace("\u2212", "-"))
    sep = f"{_name(separator)}-separated " if separator else ""
    raise DataError(
        f"{path}: column '{column}': numbers such as {cell!r} could be thousands ({digits}) or "
        f"decimals ({small:g}), and nothing else in this {sep}file tells which; "
        "the file is ambiguous. Save it again with plain numbers (no thousands separator), or "
        "with ';' as separator and decimal commas (European format)."
    )


# ----------------------------------------------------------------------------- parsing
def _pattern(fmt: NumberFormat) -> re.Pattern:
    d, t = re.escape(fmt.decimal), re.escape(fmt.thousands)
    whole = rf"(?:\d{{1,3}}(?:{t}\d{{3}})+|\d{{1,3}}(?:{_SPACE_CLASS}\d{{3}})+|\d+)"
    return re.compile(rf"^{_SIGN}(?:{whole}(?:{d}\d*)?|{d}\d+){_EXP}?$")


def parse(cells: pd.Series, fmt: NumberFormat = PLAIN) -> pd.Series:
    """``cells`` (strings) as float64 in ``fmt``; ``NaN`` for empty cells and for cells that are
    not a number in that format (``inf`` and ``nan`` are read as such, for callers to reject).
    Exact: the digits go to Python's correctly rounded ``float``."""
    codes, uniq = pd.factorize(cells.to_numpy(dtype=object), use_na_sentinel=True)
    u = pd.Series(uniq, dtype=object).astype(str).str.strip()
    good = u.str.match(_pattern(fmt))
    clean = u[good].str.replace(_SPACE_CLASS, "", regex=True)
    clean = clean.str.replace(fmt.thousands, "", regex=False).str.replace("\u2212", "-")
    if fmt.decimal == ",":
        clean = clean.str.replace(",", ".", regex=False)
    values = np.full(len(u), np.nan)
    values[good.to_numpy()] = clean.astype(float).to_numpy()
    special = u.str.match(_SPECIAL).to_numpy()
    values[special] = u[special].astype(float).to_numpy()
    out = np.where(codes >= 0, values[np.maximum(codes, 0)] if len(u) else np.nan, np.nan)
    return pd.Series(out, index=cells.index, dtype="float64")


def read_numbers(
    columns: Mapping[str, pd.Series],
    path: str | Path,
    *,
    separator: str | None = None,
    whole: Iterable[str] = (),
) -> dict[str, pd.Series]:
    """:func:`detect` then :func:`parse` of every column: {name: float64 series}."""
    fmt = detect(columns, path, separator=separator, whole=whole)
    return {name: parse(s, fmt) for name, s in columns.items()}
