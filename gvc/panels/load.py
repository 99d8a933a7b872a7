"""Reading processed tables: ``gvc.load("robots")``, with filters on key columns.

``gvc.load("gvc_participation", iso3=["CHN", "MEX"], year=range(2000, 2012), measure="exgr_fvash")``
reads only the matching rows (pushed down to the Parquet reader). Filter names and text values
follow ``gvc.names``: ``exporter=``/``country=`` filter ``iso3``, ``term=`` filters ``measure``,
and text values match case-insensitively (``measure="EXGR_FVASH"``); a value the table does not
hold is an error with the closest one. ``gvc.load`` also adds labels (``labels=True``).

Every read checks that the file is the one its build wrote there (``gvc.panels.store.mismatch``:
its footer and the SHA-256 in ``MANIFEST.json``); a file copied over another, or changed since
``gvc build``, is a one-line error saying which build to run.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from functools import cache

import pandas as pd

from gvc.errors import DataError, UnknownNameError
from gvc.parquet import read_parquet


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
    raise UnknownNameError(f"no processed table {name!r}; {hint}tables: {', '.join(names)}")


def _values(value) -> list:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        return [value]
    return list(value)


def _resolve_filters(p, name: str, schema, filters: dict) -> dict:
    """Filter names through ``gvc.names.FILTER_ALIASES``; values checked against the column's
    type (:func:`_typed`); text values to the table's spelling."""
    import pyarrow.parquet as pq

    from gvc.names import FILTER_ALIASES, match_values

    schema_names = schema.names
    out = {}
    for col, v in filters.items():
        if col not in schema_names and FILTER_ALIASES.get(col) in schema_names:
            col = FILTER_ALIASES[col]
        if col in out:
            raise DataError(f"filter {col!r} given twice (directly and through an alias)")
        out[col] = _typed(name, col, schema.field(col).type, v) if col in schema_names else v
    for col, v in list(out.items()):
        vals = _values(v)
        if col not in schema_names or not any(isinstance(x, str) for x in vals):
            continue
        known = [str(k) for k in pq.read_table(p, columns=[col]).column(col).unique().to_pylist()]
        out[col] = match_values(vals, known, col, name)
    return out


def _typed(name: str, col: str, kind, value) -> list:
    """The values of filter ``col=value`` as the column's type holds them, or a one-line error
    (:class:`~gvc.errors.UnknownNameError`: a mistake in the call, not missing data):
    a whole number for an integer column (``year=2000.0`` is 2000; ``year=2000.5`` matches no
    row, so it is an error, not an empty table), a number for a float column, text for a text
    column, True/False for a flag. Missing values are errors too."""
    import math
    import numbers

    import pyarrow as pa

    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    values = _values(value)
    want, ok = None, []
    for v in values:
        if v is None or (isinstance(v, float) and math.isnan(v)):
            raise UnknownNameError(
                f"{name}: filter {col}={value!r} holds a missing value; give values"
            )
        if pa.types.is_integer(kind):
            want = "whole numbers (e.g. 2000)"
            if isinstance(v, numbers.Integral) and not isinstance(v, bool):
                ok.append(int(v))
                continue
            if isinstance(v, numbers.Real) and not isinstance(v, bool) and float(v).is_integer():
                ok.append(int(v))
                continue
        elif pa.types.is_floating(kind):
            want = "numbers"
            if isinstance(v, numbers.Real) and not isinstance(v, bool):
                ok.append(float(v))
                continue
        elif pa.types.is_string(kind) or pa.types.is_large_string(kind):
            want = "text (e.g. 'DEU')"
            if isinstance(v, str):
                ok.append(v)
                continue
        elif pa.types.is_boolean(kind):
            want = "True or False"
            if isinstance(v, bool) or type(v).__name__ == "bool_":
                ok.append(bool(v))
                continue
        else:  # dates and other types: as given
            ok.append(v)
            continue
        raise UnknownNameError(
            f"{name}: filter {col}={value!r}: {col} holds {want}, not {v!r} ({type(v).__name__})"
        )
    return ok


LABELLED = ("gvc_participation", "adb_gvc", "wdi", "manufacturing_va")
"""Tables whose ``iso3`` mixes countries and aggregates without an ``is_country`` column."""


def _country_flags(codes: pd.Series, fallback: bool) -> pd.Series | None:
    """``is_country`` for ``codes`` from the ``countries`` table (World Bank aggregates such as
    ``EUU`` are False there); codes it lacks, or all codes when it is not built and ``fallback``,
    by the rule of :func:`gvc.names.is_country`. None when neither applies."""
    from gvc.names import is_country

    try:
        c = load("countries", columns=["iso3", "is_country"])
    except DataError:
        return is_country(codes) if fallback else None
    flags = codes.astype(str).map(dict(zip(c["iso3"].astype(str), c["is_country"], strict=True)))
    return flags.where(flags.notna(), is_country(codes)).astype(bool)


@cache
def _units_table() -> tuple[tuple[str, str], ...]:
    from importlib.resources import files

    path = files("gvc.panels") / "data" / "gvc_participation_units.csv"
    with path.open(encoding="utf-8") as fh:
        t = pd.read_csv(fh, dtype=str)
    return tuple(zip(t["measure"], t["unit"], strict=True))


def measure_units() -> dict[str, str]:
    """``measure -> unit`` of the ``gvc_participation`` panel in the words of ``gvc.decompose``'s
    unit columns (:mod:`gvc.io.frames`): ``millions of current USD`` for levels (WIOD and ADB
    MRIO tables both are), ``share`` (``forward_*``: a difference of two shares), ``ratio``; from ``gvc/panels/data/gvc_participation_units.csv`` (with each
    measure's meaning)."""
    return dict(_units_table())  # read once per process


def add_labels(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """Names beside codes and an ``is_country`` flag where a table lacks them (``gvc.names``):
    ``gvc_participation`` gets ``industry_name``, a ``unit`` beside ``value``
    (:func:`measure_units`) and rows in natural industry order, ``adb_gvc``
    natural sector order; these two, ``wdi`` and ``manufacturing_va`` get ``is_country`` (from
    the ``countries`` table). Other tables are returned unchanged."""
    from gvc.names import natural_key, wiod_industry_names

    if name not in LABELLED or "iso3" not in df:
        return df
    df = df.copy()
    if "is_country" not in df:
        flags = _country_flags(df["iso3"], fallback=name in ("gvc_participation", "adb_gvc"))
        if flags is not None:
            df.insert(list(df.columns).index("iso3") + 1, "is_country", flags)
    if name not in ("gvc_participation", "adb_gvc"):
        return df
    if name == "gvc_participation" and "industry" in df:
        names = wiod_industry_names()
        pos = list(df.columns).index("industry") + 1
        df.insert(pos, "industry_name", df["industry"].map(names).fillna(""))
    if name == "gvc_participation" and "measure" in df and "value" in df:
        units = measure_units()
        unit = df["measure"].astype(str).str.lower().map(units).fillna("")
        df.insert(list(df.columns).index("value") + 1, "unit", unit.astype("string"))
    code = "industry" if name == "gvc_participation" else "sector"
    keys = [c for c in ("source", "iso3", code, "year", "measure") if c in df]
    return df.sort_values(
        keys, key=lambda s: natural_key(s) if s.name == code else s, kind="mergesort"
    ).reset_index(drop=True)


def load_labeled(
    name: str, columns: list[str] | None = None, *, labels: bool = True, **filters
) -> pd.DataFrame:
    """``gvc.load(name, columns=None, *, labels=True, **filters)``: one processed table.

    Tables (key columns; ``gvc.tables()`` lists the names, the README's data dictionary gives
    each table's columns and units, ``gvc build NAME`` makes it):

    - ``countries`` (iso3); ``income_groups`` (iso3, year)
    - ``wdi`` (iso3, year, indicator); ``alfs`` (iso3, year, subject)
    - ``robots`` (source, iso3, industry, year); ``robots_by_industry`` (source, iso3,
      industry, year); ``ifr_files`` (file, status, message); ``employment_by_industry``
      (source, iso3, industry, year)
    - ``gvc_participation`` (source, iso3, industry, year, measure); ``adb_gvc`` (iso3, sector,
      year); ``manufacturing_va`` (source, iso3, year); ``icio_wiod2013`` (the cached tables)
    - ``patents`` (iso3, year, field); ``ai_investment`` (iso3, year, field);
      ``ai_benchmarks`` (benchmark, model)

    Filters: ``column=value``, ``column=[values]`` or ``column=range(a, b)`` keep the rows whose
    column takes one of the values, e.g. ``gvc.load("gvc_participation", iso3=["CHN", "MEX"],
    year=range(2000, 2012), measure="exgr_fvash")``; ``columns=[...]`` reads only those.
    With ``labels=True`` (default) the frame gains industry names, an ``is_country`` flag and
    natural industry order (:func:`add_labels`).

    Aggregates (World Bank regions, ``BEL+LUX``, ``IFR:<region>``, WIOD's ``RoW``) share the
    ``iso3`` key column with countries and carry ``is_country = False``: ``is_country=True``
    keeps countries only, in every table that has or gets the flag, e.g.
    ``gvc.load("robots", is_country=True)``."""
    flag = filters.pop("is_country", None) if "is_country" in filters else None
    if flag is not None and name in LABELLED and labels:
        df = add_labels(name, load(name, columns, **filters))
        if "is_country" not in df:
            raise DataError(f"{name}: no is_country flag to filter on (build `countries` first)")
        return df[df["is_country"] == bool(flag)].reset_index(drop=True)
    if flag is not None:
        filters["is_country"] = flag
    df = load(name, columns, **filters)
    return add_labels(name, df) if labels else df


def load(name: str, columns: list[str] | None = None, **filters) -> pd.DataFrame:
    """One processed table as a DataFrame (build it first with ``gvc build`` / ``make build``).

    Args:
        name: table name (``gvc.panels.load.available()`` lists them).
        columns: columns to read (default all).
        **filters: ``column=value`` or ``column=[values]`` / ``range(...)``: keep rows whose
            column takes one of the values, e.g. ``iso3=["CHN", "USA"], year=range(2000, 2012)``.

    Raises:
        DataError: unknown table (with the closest name), table not built yet, unknown filter
            column, a filter value of the wrong type (``year=2000.5``, ``year="2000"``), an
            unreadable file, or a file that is not the one ``gvc build`` wrote there (copied
            over from another table, or changed since; named, with what to do).
    """
    from gvc.panels.build_table import table_path

    if not isinstance(name, str) or not name:
        raise UnknownNameError(
            f"the table name must be text such as 'robots', not {name!r}; tables: "
            + ", ".join(available())
        )
    p = table_path(name)
    if not p.exists():
        _check_name(name)
        raise DataError(f"{p} does not exist; run `gvc build {name}` (or `make build`) first")
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        schema = pq.read_schema(p)
    except (OSError, pa.ArrowException) as exc:
        raise DataError(
            f"{p} is not a readable Parquet file ({exc}); delete it and run `gvc build {name}`"
        ) from exc
    check_built(p, name, schema)
    schema_names = schema.names
    if isinstance(columns, str):
        columns = [columns]
    filters = _resolve_filters(p, name, schema, filters)
    unknown = [c for c in [*filters, *(columns or [])] if c not in schema_names]
    if unknown:
        close = [m for u in unknown for m in difflib.get_close_matches(u, schema_names, n=1)]
        hint = f"did you mean {', '.join(map(repr, close))}? " if close else ""
        raise UnknownNameError(
            f"table {name!r} has no column(s) {unknown}; {hint}its columns: "
            f"{', '.join(schema_names)}"
        )
    pa_filters = [(col, "in", _values(v)) for col, v in filters.items()] or None
    try:
        df = read_parquet(p, columns=columns, filters=pa_filters)
    except (OSError, pa.ArrowException) as exc:
        raise DataError(
            f"could not read {p} with filters {filters} ({exc}); check the filter values' types, "
            f"or delete the file and run `gvc build {name}`"
        ) from exc
    return df.reset_index(drop=True)


def check_built(p, name: str, schema=None) -> None:
    """A one-line :class:`DataError` when processed file ``p`` of table ``name`` is not the file
    its build wrote (``gvc.panels.store.mismatch``)."""
    from gvc.panels.store import mismatch

    problem = mismatch(p, schema)
    if problem:
        raise DataError(f"{p} {problem}; run `gvc build {name}` to rebuild it")


def read_processed(p, name: str, *, check: bool = True) -> pd.DataFrame:
    """Read processed Parquet file ``p`` of table ``name``, checked against its build
    (:func:`check_built`; ``check=False``: the caller has just checked it); a corrupt file is
    named with the fix."""
    try:
        df = read_parquet(p)
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError, ...: all mean "unreadable"
        if isinstance(exc, MemoryError):
            raise
        detail = " ".join(str(exc).split())[:200]
        raise DataError(
            f"{p}: not a readable Parquet file ({type(exc).__name__}: {detail}); delete it and "
            f"run `gvc build {name}` to rebuild it"
        ) from exc
    if check:
        check_built(p, name)
    return df
