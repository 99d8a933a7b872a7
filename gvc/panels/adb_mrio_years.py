"""The user's ADB MRIO tables as ``gvc_participation`` rows (``source="adb_mrio"``).

Files: every .xlsx/.xlsm in ``data/raw/adb-mrio/`` (:func:`gvc.sources.adb_mrio.user_files`;
ADB publishes them at kidb.adb.org/globalization, free account), given to the builder as
``adb-mrio/<file>`` inputs. Each table year found counts: the one table sheet of a workbook per
year (the year from the sheet's or the file's name), or every ``ADB MRIO <year>`` sheet of a
workbook of years (:func:`gvc.sources.adb_mrio.table_sheets`). Each year is read by
:func:`gvc.sources.adb_mrio.read_adb_mrio` (ADB codes -> ISO3; millions of current USD) and
measured by :func:`gvc.panels.gvc_participation.measures`, as WIOD is (passed in as
``measure``: this module does not import the panel's).

Left out, each as one line and the rest still built: a file that cannot be read at all (damaged,
no table sheet, no year), a year sheet that cannot be read, and a year given by two files (both
copies: gvc does not choose one). Synthetic tables only have been read here; no real ADB file.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from gvc.errors import GvcError
from gvc.sources.icio_table import IcioTable

DIR = "adb-mrio"
"""The folder under ``data/raw`` (and the prefix of the builder's input names)."""
READ_ERRORS = (GvcError, OSError, zipfile.BadZipFile, zlib.error, EOFError, KeyError,
               ValueError, SyntaxError)  # fmt: skip
"""What a damaged workbook can raise while being read (openpyxl's XML and zip errors)."""


def user_inputs() -> dict[str, Path]:
    """``{"adb-mrio/<file>": path}`` for the user's ADB MRIO files in ``data/raw/adb-mrio/``."""
    from gvc import config
    from gvc.sources.adb_mrio import user_files

    return {f"{DIR}/{p.name}": p for p in user_files(config.raw_dir(DIR))}


def _why(path: Path, exc: BaseException) -> str:
    """The reason, starting with the file (gvc's reader errors already name it)."""
    from gvc.failures import describe

    text = describe(exc) or f"cannot be read ({type(exc).__name__}: {exc})"
    text = " ".join(text.split())
    return text if text.startswith(str(path)) else f"{path}: {text}"


def _years(path: Path) -> list[int]:
    """The table years of one workbook (one per table sheet); DataError when it has none."""
    from gvc.sources.adb_mrio import choose, table_sheets

    sheets = table_sheets(path)
    if len(sheets) > 1:
        return [choose(path, sheets, y)[1] for _, y in sheets]
    year = choose(path, sheets, None)[1]
    if year is None:
        from gvc.errors import DataError

        raise DataError(
            f"{path}: no year in its table sheet's name or in its file name; rename the file "
            "with the table's year (e.g. ADB-MRIO-2011.xlsx)"
        )
    return [year]


def table_years(paths: dict[str, Path]) -> tuple[list[tuple[int, Path]], list[str]]:
    """(``(year, file)`` of every year to build, in year order; lines of what is left out)."""
    where: dict[int, list[Path]] = {}
    problems = []
    for _, path in sorted(paths.items()):
        path = Path(path)
        try:
            years = _years(path)
        except READ_ERRORS as exc:
            problems.append(f"ADB MRIO file left out: {_why(path, exc)}")
            continue
        for y in years:
            where.setdefault(y, []).append(path)
    todo = []
    for y, files in sorted(where.items()):
        if len(files) > 1:
            names = " and ".join(str(p) for p in files)
            problems.append(
                f"ADB MRIO year {y} left out: it is in {names}; keep one file per year in "
                f"data/raw/{DIR}/"
            )
        else:
            todo.append((y, files[0]))
    return todo, problems


def build_adb(
    paths: dict[str, Path], measure: Callable[[IcioTable], pd.DataFrame]
) -> tuple[list[pd.DataFrame], list[str]]:
    """(``measure(table)`` of every ADB table year, one frame per year; lines of what is left
    out). ``measure`` is :func:`gvc.panels.gvc_participation.adb_measures`."""
    from gvc.progress import track
    from gvc.sources.adb_mrio import read_adb_mrio

    todo, problems = table_years(paths)
    file_of = dict(todo)
    frames = []
    for year in track(list(file_of), description="GVC measures, ADB MRIO", disable=not todo):
        path = file_of[year]
        try:
            t = read_adb_mrio(path, year)
        except READ_ERRORS as exc:
            problems.append(f"ADB MRIO file left out: {_why(path, exc)}")
            continue
        try:
            frames.append(measure(t))
        except GvcError as exc:
            problems.append(f"ADB MRIO year {year} left out: {_why(path, exc)}")
    return frames, problems
