"""A published inter-country input-output table read into arrays and labels (no math).

Every parser in ``gvc.sources`` returns an ``IcioTable``; ``gvc.read_icio`` turns it into the
engine's ``gvc.io.ICIO``. Units: as published (``unit``). Each format module describes itself
with a ``TableFormat`` (name, detection, parser) that ``gvc.sources.icio_files.REGISTRY`` lists;
both types live here, below every parser, so that a parser never imports the dispatcher.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from gvc.errors import DataError


@dataclass
class Probe:
    """What format detection may look at in a file, read once and shared by every format's
    detector (labels only, never the file name): ``kind`` is ``"folder"`` (an extracted zip),
    ``"sheet"`` (.xlsx/.xlsm/.xlsb), ``"rdata"`` (.RData/.rda), ``"zip"`` or ``"csv"`` (any
    other file); ``names`` the folder's files or the zip's members; ``header`` a CSV's first
    row. ``memo(key, compute)`` keeps anything else a detector reads (e.g. a sheet's first rows)
    for the next detector."""

    path: Path
    kind: str
    names: list[str] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    _memo: dict[str, object] = field(default_factory=dict, repr=False)

    def memo(self, key: str, compute: Callable[[], object]) -> object:
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]


@dataclass(frozen=True)
class TableFormat:
    """One published table format in the registry ``gvc.sources.icio_files.REGISTRY``.

    ``name``: the format's id (``read_table(..., fmt=name)``); ``title``: how the README lists
    it; ``expected``: how error messages describe a file of it; ``detect(probe)``: True when the
    file is of this format (detectors run in registry order, the first True wins);
    ``fallback(probe)``: True when no format's ``detect`` claimed the file but this format's
    parser should read it and name what does not fit (e.g. any zip of CSVs is read as OECD
    ICIO); ``read(path, year, **options)``: the parser, returning an ``IcioTable``;
    ``options``: the keyword options of ``read_table`` it takes (e.g. ``("eora_row",)``)."""

    name: str
    title: str
    expected: str
    detect: Callable[[Probe], bool]
    read: Callable[..., IcioTable]
    fallback: Callable[[Probe], bool] | None = None
    options: tuple[str, ...] = ()


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
