"""Is a new vintage of a raw file plausible next to the last accepted one?

Generic over a tidy frame described by its key columns (a key given twice with different values is
an error), coverage columns (no value the previous vintage had may be lost: countries, years),
level columns (median of the values on the keys both vintages cover, new / previous, within
[:data:`MIN_RATIO`, :data:`MAX_RATIO`]: catches thousands and other unit changes) and date
columns (parseable, with a day/month order that is not ambiguous and not changed). The previous
vintage is known only through :func:`stats` (row count, coverage values, medians, date orders),
never its values. :func:`problems` returns each failed check as ``(column, check, detail)``.
"""

from __future__ import annotations

import re

import pandas as pd

MIN_ROW_SHARE = 0.9
"""A revised file may lose a few rows; fewer than 90% of the previous vintage's rows is an error."""
MIN_RATIO, MAX_RATIO = 0.5, 2.0
"""Bounds of new median / previous median of a level column (a unit change is 1000x or 100x)."""

_ISO = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T].*)?$")
_DM = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?: .*)?$")


def date_order(values: pd.Series) -> tuple[str | None, str]:
    """Day/month order of a column of date strings and an example value.

    ``ymd`` (ISO), ``dmy`` or ``mdy`` (a day above 12 shows which), ``ambiguous`` (every value
    is d/m/Y with both parts at most 12), ``mixed`` (both d/m and m/d values), ``unparseable``
    (the example matches no date layout); None when the column is empty.
    """
    seen: dict[str, str] = {}
    ambiguous = ""
    for v in values.dropna().astype(str).str.strip():
        if not v:
            continue
        m = _ISO.match(v)
        if m and 1 <= int(m[2]) <= 12 and 1 <= int(m[3]) <= 31:
            seen.setdefault("ymd", v)
            continue
        m = _DM.match(v)
        if not m or max(int(m[1]), int(m[2])) > 31 or min(int(m[1]), int(m[2])) > 12:
            return "unparseable", v
        a, b = int(m[1]), int(m[2])
        if a > 12:
            seen.setdefault("dmy", v)
        elif b > 12:
            seen.setdefault("mdy", v)
        else:
            ambiguous = ambiguous or v
    if "dmy" in seen and "mdy" in seen:
        return "mixed", f"{seen['dmy']!r} and {seen['mdy']!r}"
    slash = [o for o in ("dmy", "mdy") if o in seen]
    if slash:
        return slash[0], seen[slash[0]]
    if ambiguous:
        return "ambiguous", ambiguous
    if "ymd" in seen:
        return "ymd", seen["ymd"]
    return None, ""


def _numeric(s: pd.Series) -> pd.Series:
    """``s`` as numbers: as is when already numeric (the profiles parse in the file's number
    format, :mod:`gvc.sources.csv_numbers`), else strings with a decimal point."""
    if pd.api.types.is_numeric_dtype(s):
        return s.astype("float64")
    return pd.to_numeric(s.astype("string").str.strip().replace("", pd.NA), errors="coerce")


def _median(df: pd.DataFrame, col: str) -> float | None:
    v = _numeric(df[col]).dropna()
    return float(v.median()) if len(v) else None


def stats(df: pd.DataFrame, *, rows: int, coverage=(), levels=(), dates=()) -> dict:
    """What the next vintage is compared with: rows, coverage values, level medians, date orders."""
    return {
        "rows": int(rows),
        "coverage": {c: sorted(set(df[c].dropna().astype(str)) - {""}) for c in coverage},
        "medians": {c: _median(df, c) for c in levels},
        "dates": {c: date_order(df[c])[0] for c in dates},
    }


def conflicting_duplicate(df: pd.DataFrame, key) -> str | None:
    """The first key given in more than one row with different values (identical repeated rows
    are left to the readers, which name the rows)."""
    key = list(key)
    if not key:
        return None
    rows = df.drop_duplicates()
    dup = rows.duplicated(key, keep=False)
    if not dup.any():
        return None
    first = rows.loc[dup].iloc[0]
    same = rows.loc[dup & (rows[key] == first[key]).all(axis=1)]
    diff = [c for c in rows.columns if c not in key and same[c].nunique(dropna=False) > 1]
    what = ", ".join(f"{c}={first[c]}" for c in key)
    col = diff[0] if diff else ""
    vals = " vs ".join(repr(str(v)) for v in same[col].unique()[:3]) if col else ""
    return f"{what} is given in {len(same)} rows with different '{col}' ({vals})"


def problems(df: pd.DataFrame, new: dict, ref: dict, *, key=()) -> list[tuple[str, str, str]]:
    """Checks of a new vintage (frame ``df``, its :func:`stats` ``new``) against ``ref``."""
    out = []
    dup = conflicting_duplicate(df, key)
    if dup:
        out.append((", ".join(key), "conflicting duplicate keys", dup))
    if new["rows"] < MIN_ROW_SHARE * ref["rows"]:
        out.append(
            (
                "(all rows)",
                "row count",
                f"{new['rows']} rows, fewer than {MIN_ROW_SHARE:.0%} of the previous vintage's "
                f"{ref['rows']}: the file lost rows (cut off?)",
            )
        )
    covered = pd.Series(True, index=df.index)
    for col, values in ref["coverage"].items():
        lost = sorted(set(values) - set(new["coverage"].get(col, [])))
        if lost:
            eg = ", ".join(lost[:4]) + (", ..." if len(lost) > 4 else "")
            out.append((col, "key coverage", f"lost {len(lost)} of {len(values)} values ({eg})"))
        if col in df:
            covered &= df[col].astype(str).isin(set(values))
    for col, old in ref["medians"].items():
        if col not in df or not old or old <= 0:
            continue
        now = _median(df.loc[covered], col)
        if now is None:
            continue
        ratio = now / old
        if not MIN_RATIO <= ratio <= MAX_RATIO:
            out.append(
                (
                    col,
                    "median ratio",
                    f"median {now:.6g} on the keys both vintages cover vs {old:.6g} before, ratio "
                    f"{ratio:.3g} outside [{MIN_RATIO:g}, {MAX_RATIO:g}] (a change of units, "
                    "e.g. thousands?)",
                )
            )
    for col, old in ref["dates"].items():
        if col not in df:
            continue
        order, example = date_order(df[col])
        if order in ("unparseable", "ambiguous", "mixed"):
            shown = example if order == "mixed" else repr(example)
            what = {
                "unparseable": "is not a date (expected YYYY-MM-DD)",
                "ambiguous": "could be d/m or m/d, like every value of the column",
                "mixed": "mix day/month and month/day orders",
            }[order]
            out.append((col, "date order", f"{shown} {what}"))
        elif old and order and order != old:
            out.append(
                (
                    col,
                    "date order",
                    f"dates are {order} (e.g. {example!r}) but were {old} in the previous vintage",
                )
            )
    return out
