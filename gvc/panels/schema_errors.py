"""Readable validation errors: pandera's failure report (and non-finite values) as one line that
names the input file, the row (by its key), the column, the value and what to do.

Rows can carry their raw file in a provenance column (:data:`FILE_COL`, added by
:func:`tag`); :mod:`gvc.panels.build` removes it before writing and passes it here, so a bad value
in the user's IFR file is reported against that file rather than against the processed table.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

FILE_COL = "_gvc_file"
"""Provenance column: the raw file each row was read from (never written to Parquet)."""


def tag(df: pd.DataFrame, path: str | Path) -> pd.DataFrame:
    """``df`` with every row tagged as read from ``path``."""
    return df.assign(**{FILE_COL: str(path)})


def split(df: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series | None]:
    """``df`` without the provenance column, and that column (None when absent)."""
    if FILE_COL not in df:
        return df, None
    return df.drop(columns=[FILE_COL]), df[FILE_COL]


def _where(index, files: pd.Series | None, inputs: Sequence[str]) -> str:
    if files is not None and index is not None and index in files.index:
        f = files.loc[index]
        if isinstance(f, str) and f:
            return f
    if len(inputs) == 1:
        return str(inputs[0])
    if inputs:
        names = ", ".join(Path(i).name for i in inputs[:6])
        return f"one of the inputs ({names}{', ...' if len(inputs) > 6 else ''})"
    return "the input files"


def _row_desc(df: pd.DataFrame, index, key: Sequence[str]) -> str:
    if index is None or index not in df.index:
        return ""
    row = df.loc[index]
    if isinstance(row, pd.DataFrame):
        row = row.iloc[0]
    parts = [f"{k}={row[k]}" for k in key if k in row.index]
    return f" in the row {', '.join(parts)}" if parts else f" in row {index}"


def message(
    table: str,
    df: pd.DataFrame,
    *,
    column: str | None,
    problem: str,
    index=None,
    n_rows: int = 1,
    key: Sequence[str] = (),
    files: pd.Series | None = None,
    inputs: Sequence[str] = (),
) -> str:
    """The one-line message: ``<file>: table 't', column 'c': <problem> in the row k=v, ...``."""
    more = f" ({n_rows} rows fail; first shown)" if n_rows > 1 else ""
    col = f", column '{column}'" if column else ""
    return (
        f"{_where(index, files, inputs)}: table '{table}'{col}: {problem}"
        f"{_row_desc(df, index, key)}{more}. Correct the input file (or delete it and fetch it "
        f"again), then run `gvc build {table}`."
    )


def check_finite(df: pd.DataFrame, table: str, **ctx) -> str | None:
    """The message for the first infinite value in a float column, or None."""
    for c in df.columns:
        if pd.api.types.is_float_dtype(df[c]):
            inf = np.isinf(df[c].to_numpy(dtype="float64", na_value=np.nan))
            if inf.any():
                i = df.index[inf.argmax()]
                return message(
                    table,
                    df,
                    column=c,
                    problem=f"infinite value {df[c].loc[i]}",
                    index=i,
                    n_rows=int(inf.sum()),
                    **ctx,
                )
    return None


_CHECKS = {
    "greater_than_or_equal_to": "must be >= {}",
    "less_than_or_equal_to": "must be <= {}",
    "greater_than": "must be > {}",
    "less_than": "must be < {}",
    "in_range": "must lie in [{}]",
    "isin": "must be one of {}",
    "not_nullable": "must not be missing",
    "dtype": "must have type {}",
    "column_in_schema": "is not a column of the table",
    "column_in_dataframe": "is a required column that is missing",
}


def _plain(check: str) -> str:
    """``greater_than_or_equal_to(0)`` -> ``must be >= 0``; unknown checks as pandera names them."""
    name, _, args = check.partition("(")
    if name in _CHECKS:
        return _CHECKS[name].format(args.rstrip(")").strip("'"))
    return f"fails the check {check}"


def from_pandera(exc, df: pd.DataFrame, table: str, **ctx) -> str:
    """One line from pandera's ``SchemaErrors``: the first failure (row-level failures first,
    since they can be located) and how many rows share it."""
    fc = exc.failure_cases
    if fc is None or len(fc) == 0:
        return message(table, df, column=None, problem=" ".join(str(exc).split())[:300], **ctx)
    located = fc[fc["index"].notna()] if "index" in fc else fc.iloc[0:0]
    first = (located if len(located) else fc).iloc[0]
    column = None if pd.isna(first.get("column")) else str(first.get("column"))
    check = str(first.get("check"))
    value = first.get("failure_case")
    value = value.item() if hasattr(value, "item") else value
    index = _frame_index(df, first.get("index")) if len(located) else None
    same = located[(located["column"] == first.get("column")) & (located["check"] == check)]
    if check == "multiple_fields_uniqueness":
        column, problem = None, f"key {list(ctx.get('key') or [])} is not unique"
        same = located[located["check"] == check].drop_duplicates("index")
    elif first.get("schema_context") == "DataFrameSchema" and index is not None:
        column, problem = None, check  # a check across columns: its message says it all
        same = located[located["check"] == check].drop_duplicates("index")
    elif index is None:
        problem = f"{_plain(check)} (found {value!r})"
    else:
        problem = f"value {value!r} {_plain(check)}"
    return message(
        table, df, column=column, problem=problem, index=index, n_rows=max(1, len(same)), **ctx
    )


def _frame_index(df: pd.DataFrame, label):
    """pandera's failure index as a label of ``df`` (None when it is not one)."""
    if label is None or (not isinstance(label, str) and pd.isna(label)):
        return None
    if label in df.index:
        return label
    try:
        cast = type(df.index[0])(label) if len(df.index) else None
    except (TypeError, ValueError):
        return None
    return cast if cast in df.index else None
