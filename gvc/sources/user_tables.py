"""Users' own inter-country input-output tables as CSV (for ``gvc io decompose --z --final``).

``Z.csv``: a header row and an index column of sector labels ``ISO3_industry``; rows are
supplying sectors, columns using sectors, both in the same order, which defines the sectors
(country-major: all industries of one country, then the next). ``F.csv``: the same index and one
column per destination country (ISO3), in the table's country order. Optional ``x.csv`` (gross
output, ``--x``) and ``va.csv`` (value added, ``--va``): the same index and one numeric column.
Units: any one currency unit, used for all cells. Files saved with other settings are read as
written: ``,``, ``;`` or tab separated, decimal point or comma, thousands separators
(``1.234.567,5``; each file's format is detected on its own, see
:mod:`gvc.sources.csv_numbers`); a file whose numbers could be read two ways is an error.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from gvc.errors import DataError
from gvc.sources.csv_numbers import detect, parse
from gvc.sources.readers import read_csv


def _split(label: str, path: Path) -> tuple[str, str]:
    if "_" not in label:
        raise DataError(f"{path}: sector label {label!r} is not of the form ISO3_industry")
    c, i = label.split("_", 1)
    return c, i


def _norm(label: str) -> str:
    """A sector label with its country's rest-of-world spelling made ``ROW``."""
    from gvc.sources.icio_table import rest_of_world

    c, sep, i = label.partition("_")
    return f"{rest_of_world(c)}{sep}{i}"


def same_labels(got: list[str], want: list[str], path: Path, what: str, of: str) -> None:
    """``got`` (the labels of ``what`` in ``path``) must be ``want`` in the same order; the error
    names the first label that is missing, foreign or out of place."""
    if got == want:
        return
    have, need = set(got), set(want)
    missing = [w for w in want if w not in have]
    if missing:
        raise DataError(
            f"{path}: {what} {missing[0]!r} missing from {path.name} ({len(missing)} missing; "
            f"{what}s must be {of})"
        )
    extra = [g for g in got if g not in need]
    if extra:
        raise DataError(
            f"{path}: {what} {extra[0]!r} of {path.name} is not among {of} ({len(extra)} such)"
        )
    k = next(i for i, (a, b) in enumerate(zip(got, want, strict=True)) if a != b)
    raise DataError(
        f"{path}: {what} {got[k]!r} is at position {k + 1} of {path.name}, where {want[k]!r} "
        f"belongs ({what}s must be {of}, in the same order)"
    )


def _header(path: Path, sep: str) -> list[str]:
    import csv

    with open(path, encoding="utf-8-sig") as fh:  # pandas renames repeated columns 'X.1'
        return [h.strip() for h in next(csv.reader([fh.readline()], delimiter=sep), [])[1:]]


def _read(path: Path) -> pd.DataFrame:
    """The file's cells as strings, labels as index (separator sniffed by ``read_csv``)."""
    return read_csv(path, index_col=0, dtype=str)


def _values(df: pd.DataFrame, path: Path, name: str) -> np.ndarray:
    """All cells of ``df`` as float64 in the file's own number format; the first empty or
    non-numeric cell is an error naming its row and column."""
    flat = pd.Series(df.to_numpy(dtype=object).ravel(), dtype=object)
    fmt = detect({f"{name} cells": flat}, path, separator=df.attrs.get("csv_separator"))
    vals = parse(flat, fmt).to_numpy()
    bad = ~np.isfinite(vals)
    if bad.any():
        r, c = np.unravel_index(int(bad.argmax()), df.shape)
        cell = df.iat[r, c]
        what = "is empty" if pd.isna(cell) or not str(cell).strip() else f"{cell!r} is not a number"
        hint = "" if pd.isna(cell) else _other_format(str(cell), fmt)
        raise DataError(
            f"{path}: {name} cell at row {df.index[r]!r}, column {df.columns[c]!r} {what}{hint}"
        )
    return vals.reshape(df.shape)


def _other_format(cell: str, fmt) -> str:
    from gvc.sources.csv_numbers import NumberFormat

    other = NumberFormat("," if fmt.decimal == "." else ".")
    if np.isfinite(parse(pd.Series([cell], dtype=object), other).iloc[0]):
        return f" in this file's format ({fmt}); save the file with one number format"
    return ""


def _unique(labels: list[str], path: Path, what: str) -> None:
    """Each label once; the error names it and where it repeats (rows as file lines: the
    header is line 1; columns by position after the label column)."""
    seen: dict[str, int] = {}
    first = 2 if what == "row" else 1
    for n, lab in enumerate(labels):
        if lab in seen:
            raise DataError(
                f"{path}: {what} label {lab!r} appears twice ({what}s {seen[lab] + first} and "
                f"{n + first}); each sector must be listed once"
            )
        seen[lab] = n


def read_user_icio(z_path: str | Path, f_path: str | Path):
    """Read Z and F -> (Z, F, countries, industries) with every label consistency checked;
    an error names the first label that is missing, foreign, repeated or out of order
    ("column 'BBB_man' missing from Z.csv"). A rest of the world spelled ``RoW`` becomes
    ``ROW`` (``gvc.sources.icio_table.rest_of_world``), as in every published table."""
    from gvc.sources.icio_table import rest_of_world

    z_path, f_path = Path(z_path), Path(f_path)
    Z, F = _read(z_path), _read(f_path)
    rows = [str(r).strip() for r in Z.index]
    _unique(rows, z_path, "row")
    _unique([str(r).strip() for r in F.index], f_path, "row")
    header = _header(z_path, Z.attrs["csv_separator"])
    _unique(header, z_path, "column")
    same_labels(header, rows, z_path, "column", f"the row labels of {z_path.name}")
    same_labels([str(r).strip() for r in F.index], rows, f_path, "row",
                f"the sectors of {z_path.name}")  # fmt: skip
    pairs = [_split(r, z_path) for r in rows]
    countries = list(dict.fromkeys(c for c, _ in pairs))
    industries = list(dict.fromkeys(i for _, i in pairs))
    expected = [f"{c}_{i}" for c in countries for i in industries]
    of = (f"country-major, every country with the same industries ({len(countries)} countries "
          f"x {len(industries)} industries: {', '.join(industries[:4])}"
          f"{', ...' if len(industries) > 4 else ''})")  # fmt: skip
    same_labels(rows, expected, z_path, "row", of)
    same_labels([str(c).strip() for c in F.columns], countries, f_path, "column",
                f"the destination countries of {z_path.name}")  # fmt: skip
    z, f = _values(Z, z_path, "Z"), _values(F, f_path, "F")
    countries = [rest_of_world(c) for c in countries]
    return z, f, countries, industries


def read_user_vector(path: str | Path, labels: list[str], name: str) -> np.ndarray:
    """Read a one-column CSV (``x.csv`` gross output or ``va.csv`` value added) indexed by the
    sector labels of Z; rows may come in any order but must be exactly Z's sectors."""
    path = Path(path)
    df = _read(path)
    if df.shape[1] != 1:
        raise DataError(
            f"{path}: {name} needs one value column beside the sector labels; found "
            f"{df.shape[1]} ({list(map(str, df.columns))})"
        )
    idx = [_norm(str(r).strip()) for r in df.index]
    labels = [_norm(lab) for lab in labels]
    dup = sorted({r for r in idx if idx.count(r) > 1})
    if dup:
        raise DataError(f"{path}: sector label(s) {dup[:5]} appear more than once")
    missing = [r for r in labels if r not in set(idx)]
    extra = [r for r in idx if r not in set(labels)]
    if missing:
        raise DataError(
            f"{path}: row {missing[0]!r} missing from {path.name} ({len(missing)} missing; "
            f"{name} needs one row per sector of Z.csv)"
        )
    if extra:
        raise DataError(
            f"{path}: row {extra[0]!r} of {path.name} is not a sector of Z.csv ({name}; "
            f"{len(extra)} such)"
        )
    vals = pd.Series(_values(df, path, name)[:, 0], index=idx)
    return vals.loc[labels].to_numpy(np.float64)


def negative_cells(Z: np.ndarray, labels: list[str]) -> str | None:
    """A one-line warning when Z has negative cells (count and the most negative one), else None.

    Negative intermediate use occurs in published tables (e.g. subsidies, re-exports,
    balancing); the Leontief algebra still runs, but shares can leave [0, 1].
    """
    neg = Z < 0
    count = int(neg.sum())
    if not count:
        return None
    i, j = np.unravel_index(int(np.argmin(Z)), Z.shape)
    return (
        f"Z has {count} negative intermediate cell{'s' if count > 1 else ''} (largest "
        f"{Z[i, j]:g} at row {labels[i]}, column {labels[j]}); results are computed as given, "
        "but shares may leave [0, 1]"
    )
