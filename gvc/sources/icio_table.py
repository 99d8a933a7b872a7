"""A published inter-country input-output table read into arrays and labels (no math).

Every parser in ``gvc.sources`` (OECD ICIO, ADB MRIO, WIOD 2016) returns an ``IcioTable``;
``gvc.read_icio`` turns it into the engine's ``gvc.io.ICIO``. Units: as published (all three:
millions of current US dollars).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from gvc.errors import DataError

EXPECTED = (
    "an OECD ICIO CSV/zip (header CTY_IND ... TOTAL or OUT), an ADB MRIO xlsx (sector codes "
    "c1..c35, rows r60-r69), a WIOD 2016 xlsb / xlsx / R data file (rows II_fob..GO, column GO), "
    "a WIOD 2013 wiot_YYYY.RData, an "
    "Eora26 zip (labels_T.txt, Eora26_YYYY_bp_T.txt), an EXIOBASE 3 zip (Z.txt or A.txt, Y.txt) "
    "or a FIGARO matrix CSV (first header rowLabels)"
)
"""What a file read by ``gvc.sources.icio_files.read_table`` may be, for error messages (here,
below every parser, so that a parser's detection can name it without importing the dispatcher
that imports the parsers)."""


@dataclass(frozen=True)
class IcioTable:
    """One year of a published table, sectors in country-major order.

    ``countries``: table countries (split parts such as ``CN1``, ``CN2`` included);
    ``industries``: industry codes as published; ``Z`` (n x n) intermediate use;
    ``F`` (n x G) final demand summed over categories by destination table country (a split
    country's final demand sits in its first part's column); ``x`` (n,) gross output;
    ``splits``: split country -> its parts (e.g. ``{"CHN": ("CN1", "CN2")}``);
    ``notes``: facts about how the file was read that a user should see (copied into
    ``ICIO.meta``; e.g. Eora26's rest-of-world shares).
    """

    source: str
    path: str
    year: int | None
    unit: str
    countries: tuple[str, ...]
    industries: tuple[str, ...]
    Z: np.ndarray
    F: np.ndarray
    x: np.ndarray
    fd_categories: tuple[str, ...] = ()
    splits: dict[str, tuple[str, ...]] = field(default_factory=dict)
    industry_names: dict[str, str] = field(default_factory=dict)
    notes: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:  # the rest of the world is spelled one way everywhere
        object.__setattr__(self, "countries", tuple(rest_of_world(c) for c in self.countries))

    @property
    def labels(self) -> list[str]:
        return [f"{c}_{i}" for c in self.countries for i in self.industries]


ROW = "ROW"
"""The one spelling of the rest of the world in every input-output table gvc reads (WIOD and
ADB publish ``RoW``, FIGARO ``FIGW1``, Eora ``ROW``). EXIOBASE's five rest-of-world regions
(``WA`` .. ``WM``) are separate regions and keep their codes."""


def rest_of_world(code: str) -> str:
    """``ROW`` for any capitalisation of ``RoW``; other codes unchanged."""
    return ROW if str(code).upper() == ROW else str(code)


def fail(path: str | Path, fmt: str, what: str) -> DataError:
    """The one-line error every parser raises: file, expected format, first misfit."""
    return DataError(
        f"{path}: not a valid {fmt} table: {what}. Supply the file exactly as published "
        "(or fetch it again if it was cut off)."
    )


def year_in(name: str) -> int | None:
    """The last four-digit year 1950-2099 in a file name, or None."""
    import re

    found = re.findall(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)", Path(name).name)
    return int(found[-1]) if found else None


def mismatched(a: np.ndarray, b: np.ndarray, floor: float = 1e-4) -> np.ndarray:
    """Positions where ``a`` and ``b`` (e.g. output as a column and as a row) differ by more
    than 0.1 percent of ``b``, with an absolute floor of ``floor`` x the largest |b| (at least
    ``floor``): published tables are rounded, so exact equality is not expected."""
    tol = 1e-3 * np.abs(b) + floor * max(float(np.abs(b).max(initial=0.0)), 1.0)
    return np.flatnonzero(np.abs(a - b) > tol)


def check_column_balance(
    x: np.ndarray, inputs: np.ndarray, labels, where: str, inputs_word: str
) -> None:
    """Warn (never fail) when output ``x`` (the row sums) differs from total inputs (column sums
    plus primary inputs, ``inputs``) by more than 0.1 percent in any sector: published tables
    carry rounding and discrepancy rows, so gvc takes output from the row sums and says so.
    ``where`` names the file, ``inputs_word`` what the primary inputs are (e.g. "W2 rows")."""
    import warnings

    bad = mismatched(inputs, x, floor=1e-6)
    if bad.size:
        k = bad[0]
        warnings.warn(
            f"{where}: {bad.size} sectors' output (row sum) differs from intermediate inputs + "
            f"{inputs_word} by more than 0.1%, first {labels[k]}: {x[k]:g} vs {inputs[k]:g}; "
            "output is taken from the row sums",
            stacklevel=4,
        )
