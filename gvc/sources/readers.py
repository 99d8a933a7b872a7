"""Small shared readers: CSV with clear errors, required-column checks, numeric coercion.

Files re-saved in another locale are read as written: the separator (``,``, ``;``, tab) is
sniffed and numbers follow the file's own format (decimal comma, thousands separators; see
:mod:`gvc.sources.csv_numbers`)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from gvc.errors import DataError


def _last_line_fields(path: Path, skiprows: int, sep: str = ",") -> tuple[int, int]:
    """Field counts of the header line and of the last non-empty line."""
    import csv

    with open(path, "rb") as fh:
        fh.seek(0, 2)
        size = fh.tell()
        fh.seek(max(0, size - 65536))
        tail = fh.read().decode("utf-8-sig", errors="replace").splitlines()
    with open(path, encoding="utf-8-sig", errors="replace") as fh:
        for _ in range(skiprows):
            fh.readline()
        header = fh.readline()
    last = next((ln for ln in reversed(tail) if ln.strip()), "")
    fields = next(csv.reader([header], delimiter=sep))
    while fields and not fields[-1].strip():  # WDI headers end with a trailing comma
        fields.pop()
    n_head = len(fields)
    n_last = len(next(csv.reader([last], delimiter=sep))) if last else 0
    return n_head, n_last


def _last_record_fields(path: Path, skiprows: int, sep: str, encoding: str | None) -> int:
    """Field count of the last non-empty CSV record (quoted fields may span lines)."""
    import csv

    n = 0
    with open(path, encoding=encoding or "utf-8-sig", errors="replace", newline="") as fh:
        for _ in range(skiprows):
            fh.readline()
        for rec in csv.reader(fh, delimiter=sep):
            if any(x.strip() for x in rec):
                n = len(rec)
    return n


def read_csv(path: str | Path, *, check_truncation: bool = True, **kwargs) -> pd.DataFrame:
    """``pandas.read_csv`` that names the file in every error and detects truncated files.

    The separator (``,``, ``;`` or tab) is sniffed unless ``sep`` is given, and kept in
    ``df.attrs["csv_separator"]`` for :func:`to_numeric`. A file whose last line has fewer
    fields than its header was cut off (an interrupted download); pandas would silently pad it
    with missing values, so it is rejected here.
    """
    from gvc.sources.csv_numbers import sniff_file

    path = Path(path)
    skip = int(kwargs.get("skiprows", 0) or 0)
    if "sep" not in kwargs and "delimiter" not in kwargs and path.is_file():
        enc = kwargs.get("encoding") or "utf-8-sig"
        try:
            kwargs["sep"] = sniff_file(path, skiprows=skip, encoding=enc)
        except (LookupError, OSError):  # pandas names the bad encoding or file below
            pass
    sep = kwargs.get("sep", kwargs.get("delimiter", ","))
    if check_truncation and path.exists() and path.stat().st_size > 0:
        n_head, n_last = _last_line_fields(path, skip, sep)
        if n_last < n_head:  # the last line may end a record whose quoted text spans lines
            n_last = _last_record_fields(path, skip, sep, kwargs.get("encoding"))
        if n_last < n_head:
            raise DataError(
                f"{path}: the last line has {n_last} of the header's {n_head} fields; the file "
                "appears truncated. Delete it and fetch it again (`gvc data fetch`)."
            )
    # Only empty cells are missing: pandas' defaults would silently turn "n/a", "NA" (Namibia's
    # ISO2 code) or "null" into NaN and hide bad values.
    kwargs.setdefault("keep_default_na", False)
    kwargs.setdefault("na_values", [""])
    try:
        df = pd.read_csv(path, **kwargs)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, ValueError) as exc:
        why = " ".join(str(exc).split())  # pandas' messages end with a newline
        raise DataError(
            f"{path}: cannot be parsed as CSV ({why}).{_separator_hint(path, skip)} The file may "
            "be truncated or not the published file; fetch it again."
        ) from exc
    df.attrs["csv_separator"] = sep
    return df


def _separator_hint(path: Path, skiprows: int) -> str:
    """' Its header is separated by '|' ...' when the header holds a separator gvc does not read."""
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as fh:
            lines = [fh.readline() for _ in range(skiprows + 1)]
    except OSError:
        return ""
    header = lines[-1]
    for ch in "|:#^~":
        if header.count(ch) >= 2 and header.count(ch) > header.count(","):
            return (
                f" Its header is separated by {ch!r}; save it again as CSV separated by ',', ';' "
                "or tab."
            )
    return ""


def number_format(df: pd.DataFrame, columns: list[str], path: str | Path, **kwargs):
    """The number format of ``columns`` of a frame from :func:`read_csv` (decimal point or
    comma, :func:`gvc.sources.csv_numbers.detect`), kept in ``df.attrs`` for
    :func:`to_numeric`; raises when the file is ambiguous."""
    from gvc.sources.csv_numbers import detect

    sep = df.attrs.get("csv_separator")
    fmt = detect({c: df[c] for c in columns}, path, separator=sep, **kwargs)
    df.attrs["number_format"] = fmt
    return fmt


def require_columns(df: pd.DataFrame, columns: list[str], path: str | Path) -> None:
    """Raise naming the missing columns and the columns found."""
    missing = [c for c in columns if c not in df.columns]
    if missing and len(df.columns) <= 2:
        seps = sorted({ch for c in map(str, df.columns) for ch in ";,\t|" if ch in c})
        if seps:
            raise DataError(
                f"{path}: missing column(s) {missing}; the header {list(map(str, df.columns))} "
                f"holds {seps[0]!r} inside its {len(df.columns)} column(s), so the file's field "
                "separator was not recognised. Save it again as CSV separated by ',', ';' or tab."
            )
    if missing:
        raise DataError(
            f"{path}: missing column(s) {missing}; found {list(df.columns)[:15]}. The publisher may "
            "have renamed them; supply the file in its published layout."
        )


def to_numeric(
    df: pd.DataFrame, column: str, path: str | Path, *, row_offset: int = 2
) -> pd.Series:
    """Coerce a column to float in the file's number format (``df.attrs["number_format"]`` from
    :func:`number_format`, else detected from this column); non-numeric or infinite non-empty
    cells raise naming the row."""
    from gvc.sources.csv_numbers import detect, parse

    raw = df[column]
    fmt = df.attrs.get("number_format")
    if fmt is None:
        fmt = detect({column: raw}, path, separator=df.attrs.get("csv_separator"))
    out = parse(raw, fmt)
    bad = out.isna() & raw.notna() & (raw.astype(str).str.strip() != "")
    if bad.any():
        i = bad.idxmax()
        raise DataError(
            f"{path}: column '{column}' has a non-numeric value {raw[i]!r} at row {i + row_offset}"
            f"{_format_hint(raw[i], fmt)}; correct the file or fetch it again."
        )
    out = out.astype("float64")
    inf = np.isinf(out.to_numpy())
    if inf.any():
        i = out.index[inf.argmax()]
        raise DataError(
            f"{path}: column '{column}' has an infinite value {raw[i]!r} at row {i + row_offset}; "
            "correct the file or fetch it again."
        )
    return out


def _format_hint(cell: object, fmt) -> str:
    """' (the file's numbers have a decimal comma)' when a cell's digits are just written in
    the other format, so the message says what is wrong."""
    from gvc.sources.csv_numbers import NumberFormat, parse

    other = NumberFormat("," if fmt.decimal == "." else ".")
    if pd.notna(parse(pd.Series([cell], dtype=object), other).iloc[0]):
        return f" (written with a {other}, but the file's numbers have a {fmt})"
    return ""


def to_year(
    df: pd.DataFrame, column: str, path: str | Path, *, row_offset: int = 2, lo=1900, hi=2100
) -> pd.Series:
    """Coerce a year column to int64; fractional (2019.7), missing or implausible years (outside
    ``lo``-``hi``) raise naming the file, row and value instead of being truncated."""
    out = to_numeric(df, column, path, row_offset=row_offset)
    v = out.to_numpy()
    bad = np.isnan(v) | (v != np.floor(np.nan_to_num(v))) | (v < lo) | (v > hi)
    if bad.any():
        i = out.index[bad.argmax()]
        raise DataError(
            f"{path}: column '{column}' has {df[column][i]!r} at row {i + row_offset}, which is "
            f"not a whole year in {lo}-{hi}; correct the file or fetch it again."
        )
    return out.astype("int64")


def check_unique(df: pd.DataFrame, key: list[str], what: str) -> None:
    """Raise when ``key`` is missing or duplicated, naming the first offending key."""
    nulls = df[key].isna().any(axis=1)
    if nulls.any():
        raise DataError(f"{what}: key {key} has missing values, first at row {int(nulls.idxmax())}")
    dup = df.duplicated(key, keep=False)
    if dup.any():
        first = df.loc[dup, key].iloc[0].to_dict()
        raise DataError(
            f"{what}: key {key} is not unique ({int(dup.sum())} rows share keys), e.g. {first}"
        )
