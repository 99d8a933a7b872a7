"""Users' own inter-country input-output tables as CSV (for ``gvc io decompose --z --final``).

``Z.csv``: a header row and an index column of sector labels ``ISO3_industry``; rows are
supplying sectors, columns using sectors, both in the same order, which defines the sectors
(country-major: all industries of one country, then the next). ``F.csv``: the same index and one
column per destination country (ISO3), in the table's country order. Optional ``x.csv`` (gross
output, ``--x``) and ``va.csv`` (value added, ``--va``): the same index and one numeric column.
Units: any one currency unit, used for all cells.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from gvc.errors import DataError
from gvc.sources.readers import read_csv


def _split(label: str, path: Path) -> tuple[str, str]:
    if "_" not in label:
        raise DataError(f"{path}: sector label {label!r} is not of the form ISO3_industry")
    c, i = label.split("_", 1)
    return c, i


def read_user_icio(z_path: str | Path, f_path: str | Path):
    """Read Z and F -> (Z, F, countries, industries) with every label consistency checked."""
    z_path, f_path = Path(z_path), Path(f_path)
    Z = read_csv(z_path, index_col=0)
    F = read_csv(f_path, index_col=0)
    rows = [str(r) for r in Z.index]
    for p, labels, what in ((z_path, rows, "row"), (f_path, [str(r) for r in F.index], "row")):
        seen: dict[str, int] = {}
        for n, lab in enumerate(labels):
            if lab in seen:
                raise DataError(
                    f"{p}: {what} label {lab!r} appears twice (rows {seen[lab] + 2} and {n + 2}); "
                    "each sector must be listed once"
                )
            seen[lab] = n
    with open(z_path, encoding="utf-8-sig") as fh:  # pandas renames repeated columns 'X.1'
        import csv

        header = next(csv.reader([fh.readline()]))[1:]
    dup = sorted({h for h in header if header.count(h) > 1})
    if dup:
        raise DataError(f"{z_path}: column label(s) {dup} appear more than once in the header")
    if [str(c) for c in Z.columns] != rows:
        raise DataError(f"{z_path}: column labels must equal the row labels in the same order")
    if [str(r) for r in F.index] != rows:
        raise DataError(f"{f_path}: row labels must equal those of {z_path.name} in the same order")
    pairs = [_split(r, z_path) for r in rows]
    countries = list(dict.fromkeys(c for c, _ in pairs))
    industries = list(dict.fromkeys(i for _, i in pairs))
    expected = [(c, i) for c in countries for i in industries]
    if pairs != expected:
        raise DataError(
            f"{z_path}: sectors must be country-major with the same industries for every country "
            f"({len(countries)} countries x {len(industries)} industries expected)"
        )
    if [str(c) for c in F.columns] != countries:
        raise DataError(
            f"{f_path}: columns must be the destination countries {countries}, in table order; "
            f"found {list(F.columns)}"
        )
    for name, df, p in (("Z", Z, z_path), ("F", F, f_path)):
        bad = df.apply(pd.to_numeric, errors="coerce").isna() & df.notna()
        if bad.any().any() or df.isna().any().any():
            r, c = np.argwhere((bad | df.isna()).to_numpy())[0]
            raise DataError(
                f"{p}: {name} cell at row {df.index[r]!r}, column {df.columns[c]!r} is not a number"
            )
    return (Z.to_numpy(np.float64), F.to_numpy(np.float64), countries, industries)


def read_user_vector(path: str | Path, labels: list[str], name: str) -> np.ndarray:
    """Read a one-column CSV (``x.csv`` gross output or ``va.csv`` value added) indexed by the
    sector labels of Z; rows may come in any order but must be exactly Z's sectors."""
    path = Path(path)
    df = read_csv(path, index_col=0)
    if df.shape[1] != 1:
        raise DataError(
            f"{path}: {name} needs one value column beside the sector labels; found "
            f"{df.shape[1]} ({list(map(str, df.columns))})"
        )
    idx = [str(r) for r in df.index]
    dup = sorted({r for r in idx if idx.count(r) > 1})
    if dup:
        raise DataError(f"{path}: sector label(s) {dup[:5]} appear more than once")
    missing = [r for r in labels if r not in set(idx)]
    extra = [r for r in idx if r not in set(labels)]
    if missing or extra:
        raise DataError(
            f"{path}: {name} sector labels must be those of Z.csv; "
            + (f"missing {missing[:5]}" if missing else "")
            + ("; " if missing and extra else "")
            + (f"not in Z {extra[:5]}" if extra else "")
        )
    col = df.iloc[:, 0]
    vals = pd.to_numeric(col, errors="coerce")
    bad = vals.isna()
    if bad.any():
        r = col.index[bad.to_numpy().argmax()]
        raise DataError(f"{path}: {name} at row {r!r} is not a number ({col[r]!r})")
    vals.index = idx
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
