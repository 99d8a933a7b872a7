"""Reading processed tables: ``gvc.load("robots")``, with filters on key columns.

``gvc.load("gvc_participation", iso3=["CHN", "MEX"], year=range(2000, 2012), measure="exgr_fvash")``
reads only the matching rows (pushed down to the Parquet reader).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

import pandas as pd

from gvc.errors import DataError


def available() -> list[str]:
    """Names of every processed table gvc can build (``gvc build NAME``)."""
    from gvc.panels.tables import TABLES

    return sorted([*TABLES, "gvc_participation"])


def _check_name(name: str) -> None:
    names = available()
    if name in names:
        return
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
    hint = f"did you mean {close[0]!r}? " if close else ""
    raise DataError(f"no processed table {name!r}; {hint}tables: {', '.join(names)}")


def _values(value) -> list:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        return [value]
    return list(value)


def load(name: str, columns: list[str] | None = None, **filters) -> pd.DataFrame:
    """One processed table as a DataFrame (build it first with ``gvc build`` / ``make build``).

    Args:
        name: table name (``gvc.panels.load.available()`` lists them).
        columns: columns to read (default all).
        **filters: ``column=value`` or ``column=[values]`` / ``range(...)``: keep rows whose
            column takes one of the values, e.g. ``iso3=["CHN", "USA"], year=range(2000, 2012)``.

    Raises:
        DataError: unknown table (with the closest name), table not built yet, unknown filter
            column, or an unreadable file (named, with what to do).
    """
    from gvc.panels.build import table_path

    p = table_path(name)
    if not p.exists():
        _check_name(name)
        raise DataError(f"{p} does not exist; run `gvc build {name}` (or `make build`) first")
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        schema_names = pq.read_schema(p).names
    except (OSError, pa.ArrowException) as exc:
        raise DataError(
            f"{p} is not a readable Parquet file ({exc}); delete it and run `gvc build {name}`"
        ) from exc
    unknown = [c for c in [*filters, *(columns or [])] if c not in schema_names]
    if unknown:
        raise DataError(
            f"table {name!r} has no column(s) {unknown}; its columns: {', '.join(schema_names)}"
        )
    pa_filters = [(col, "in", _values(v)) for col, v in filters.items()] or None
    try:
        df = pd.read_parquet(p, columns=columns, filters=pa_filters)
    except (OSError, pa.ArrowException) as exc:
        raise DataError(
            f"could not read {p} with filters {filters} ({exc}); check the filter values' types, "
            f"or delete the file and run `gvc build {name}`"
        ) from exc
    return df.reset_index(drop=True)


def read_processed(p, name: str) -> pd.DataFrame:
    """Read processed Parquet file ``p`` of table ``name``; a corrupt file is named with the fix."""
    try:
        return pd.read_parquet(p)
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError, ...: all mean "unreadable"
        if isinstance(exc, MemoryError):
            raise
        detail = " ".join(str(exc).split())[:200]
        raise DataError(
            f"{p}: not a readable Parquet file ({type(exc).__name__}: {detail}); delete it and "
            f"run `gvc build {name}` to rebuild it"
        ) from exc
