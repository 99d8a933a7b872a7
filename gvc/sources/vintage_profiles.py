"""How each revised-in-place raw file (WDI, OWID, Epoch) is seen by the vintage checks.

A :class:`Profile` reads a raw CSV as published (strings, no reader logic) into the tidy frame
:mod:`gvc.sources.plausibility` checks, and names its key, coverage, level and date columns.
WDI indicator files are melted to ``Country Code, year, value`` (value in the indicator's unit).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

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


def _raw(path: Path, skip: int = 0) -> pd.DataFrame:
    df = read_csv(path, skiprows=skip, dtype=str, encoding="utf-8-sig", check_truncation=False)
    return df.loc[:, ~df.columns.astype(str).str.startswith("Unnamed")].fillna("")


def _wdi_skip(path: Path) -> int:
    from gvc.sources.wdi import _header_skip

    return _header_skip(path)


def _wdi_indicator(path: Path) -> tuple[pd.DataFrame, int]:
    df = _raw(path, _wdi_skip(path))
    years = [c for c in df.columns if str(c).isdigit()]
    long = df.melt(id_vars=["Country Code"], value_vars=years, var_name="year", value_name="value")
    return long[long["value"].str.strip() != ""], len(df)


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
OWID = Profile(_plain, key=("Entity", "Year"), coverage=("Entity", "Year"), levels=None)


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


def levels(p: Profile, df: pd.DataFrame) -> tuple[str, ...]:
    """The level columns: the profile's, or every mostly numeric column outside its other roles."""
    if p.levels is not None:
        return p.levels
    taken = {*p.key, *p.coverage, *p.dates, "Code"}
    out = []
    for c in df.columns:
        if c in taken:
            continue
        s = df[c].astype(str).str.strip()
        s = s[s != ""]
        if len(s) and pd.to_numeric(s, errors="coerce").notna().mean() >= 0.9:
            out.append(c)
    return tuple(out)
