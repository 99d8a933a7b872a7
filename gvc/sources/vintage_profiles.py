"""How each revised-in-place raw file (WDI, OWID, Epoch) is seen by the vintage checks.

A :class:`Profile` reads a raw CSV as published (strings, no reader logic) into the tidy frame
:mod:`gvc.sources.plausibility` checks, and names its key, coverage, level and date columns.
WDI indicator files are melted to ``Country Code, year, value`` (value in the indicator's unit).

The file is read as its reader reads it (:func:`gvc.sources.readers.read_csv` sniffs ``,``, ``;``
or tab; :mod:`gvc.sources.csv_numbers` finds the decimal mark), so a file re-saved by a European
spreadsheet is checked on the same numbers as the published one: :func:`check_frame` turns the
level columns into float64 (one number format over them, as the readers detect it) and year
columns into canonical digits (``2.011`` in a ``;`` file is 2011).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from gvc.sources.csv_numbers import EUROPEAN, PLAIN, detect, parse
from gvc.sources.readers import read_csv


@dataclass(frozen=True)
class Profile:
    """The check frame of one kind of file and the roles of its columns."""

    read: Callable[[Path], tuple[pd.DataFrame, int]]  # -> (frame, rows of the file)
    key: tuple[str, ...] = ()
    coverage: tuple[str, ...] = ()
    levels: tuple[str, ...] | None = ()  # None: every numeric column outside the others
    dates: tuple[str, ...] = ()
    skip: Callable[[Path], int] = lambda path: 0  # lines before the header
    years: tuple[str, ...] = ()  # coverage columns of years, read as numbers (like to_year)


def _raw(path: Path, skip: int = 0) -> pd.DataFrame:
    """The file's cells as strings ("" when empty); its separator in ``attrs``."""
    df = read_csv(path, skiprows=skip, dtype=str, encoding="utf-8-sig", check_truncation=False)
    sep = df.attrs.get("csv_separator", ",")
    df = df.loc[:, ~df.columns.astype(str).str.startswith("Unnamed")].fillna("")
    df.attrs["csv_separator"] = sep
    return df


def _wdi_skip(path: Path) -> int:
    from gvc.sources.wdi import _header_skip

    return _header_skip(path)


def _wdi_indicator(path: Path) -> tuple[pd.DataFrame, int]:
    df = _raw(path, _wdi_skip(path))
    years = [c for c in df.columns if str(c).isdigit()]
    long = df.melt(id_vars=["Country Code"], value_vars=years, var_name="year", value_name="value")
    long = long[long["value"].str.strip() != ""].copy()
    long.attrs["csv_separator"] = df.attrs["csv_separator"]
    return long, len(df)


def _plain(path: Path) -> tuple[pd.DataFrame, int]:
    df = _raw(path)
    return df, len(df)


WDI_INDICATOR = Profile(
    _wdi_indicator,
    key=("Country Code", "year"),
    coverage=("Country Code", "year"),
    levels=("value",),
    skip=_wdi_skip,
)
WDI_COUNTRIES = Profile(_plain, key=("Country Code",), coverage=("Country Code",))
OWID = Profile(
    _plain, key=("Entity", "Year"), coverage=("Entity", "Year"), levels=None, years=("Year",)
)


def _epoch(score: str, key=("Model version",)) -> Profile:
    return Profile(_plain, key=key, levels=(score,), dates=("Release date",))


PROFILES: dict[str, Profile] = {
    "wdi/API_*.csv": WDI_INDICATOR,
    "wdi/Metadata_Country_*.csv": WDI_COUNTRIES,
    "owid/*.csv": OWID,
    "epoch/mmlu_external.csv": _epoch("EM", ("Model version", "Name", "Shots", "Source")),
    "epoch/gpqa_diamond.csv": _epoch("mean_score"),
    "epoch/math_level_5.csv": _epoch("mean_score"),
    "epoch/epoch_capabilities_index.csv": _epoch("ECI Score"),
}
"""File key pattern (``source/name``, fnmatch, first match) -> profile."""


def profile(file_key: str) -> Profile | None:
    """The profile of registry file ``source/name``; None when it is not checked."""
    for pattern, p in PROFILES.items():
        if fnmatch.fnmatchcase(file_key, pattern):
            return p
    return None


def _numeric_share(s: pd.Series) -> float:
    """Share of the non-empty cells of ``s`` that are numbers, in the likelier number format."""
    s = s.astype(str).str.strip()
    s = s[s != ""]
    if not len(s):
        return 0.0
    return max(float(parse(s, fmt).notna().mean()) for fmt in (PLAIN, EUROPEAN))


def levels(p: Profile, df: pd.DataFrame) -> tuple[str, ...]:
    """The level columns: the profile's, or every mostly numeric column outside its other roles
    (numbers with a decimal point or a decimal comma)."""
    if p.levels is not None:
        return p.levels
    taken = {*p.key, *p.coverage, *p.dates, "Code"}
    return tuple(c for c in df.columns if c not in taken and _numeric_share(df[c]) >= 0.9)


def check_frame(p: Profile, path: Path) -> tuple[pd.DataFrame, int, tuple[str, ...]]:
    """(check frame, rows of the file, level columns) of ``path``: level columns as float64 in
    the file's number format (detected over them together, as the readers do; an ambiguous file
    raises the readers' :class:`DataError`), year columns as canonical digits."""
    df, rows = p.read(path)
    sep = df.attrs.get("csv_separator")
    lv = levels(p, df)
    out = df.copy()
    if lv:
        fmt = detect({c: df[c] for c in lv}, path, separator=sep)
        for c in lv:
            out[c] = parse(df[c], fmt)
    for c in p.years:
        v = parse(df[c], detect({c: df[c]}, path, separator=sep))
        whole = v.notna() & (v == v.round())
        out[c] = df[c].astype(str).str.strip().where(~whole, v[whole].astype("int64").astype(str))
    return out, rows, lv
