"""Checks of an accepted new vintage (a revised WDI, OWID or Epoch file) against the last one.

A raw file whose checksum differs from the registry's (a fresh download, or one accepted with
``GVC_ACCEPT_NEW_VINTAGE=1``) must still pass :mod:`gvc.sources.plausibility` against the last
accepted vintage: the statistics ``gvc build`` recorded for it in ``MANIFEST.json`` (inputs'
``vintage``), else those of the registry's version (``data/vintage_stats.json``, written by
``tools/vintage_stats.py`` from the mirror). A failed check is a one-line :class:`DataError`
unless the file is named in ``GVC_ACCEPT_IMPLAUSIBLE`` (comma-separated ``source/name`` keys or
file names); a CSV cut mid-row is an error even then.
"""

from __future__ import annotations

import json
import logging
import os
from functools import lru_cache
from importlib import resources
from pathlib import Path

from gvc import config
from gvc.errors import DataError
from gvc.sources import plausibility
from gvc.sources.vintage_profiles import check_frame, profile

log = logging.getLogger(__name__)

OVERRIDE = "GVC_ACCEPT_IMPLAUSIBLE"
_ACCEPTED: dict[str, dict] = {}
"""SHA-256 -> statistics of the new vintages accepted in this process (recorded by the build)."""


@lru_cache(maxsize=1)
def registry_stats() -> dict[str, dict]:
    """File key -> statistics of the registry's version of that file (package data)."""
    text = resources.files("gvc.sources").joinpath("data/vintage_stats.json").read_text("utf-8")
    return json.loads(text)


def file_stats(file_key: str, path: str | Path, sha256: str = "") -> tuple[object, dict] | None:
    """(check frame, statistics) of ``path`` read as registry file ``file_key``; None when the
    file has no profile or cannot be read as one (its reader then says why). Cached by SHA-256
    (``gvc build`` locates each file twice)."""
    if not sha256:
        return _file_stats.__wrapped__(file_key, str(path), "")
    return _file_stats(file_key, str(path), sha256)


@lru_cache(maxsize=64)
def _file_stats(file_key: str, path: str, sha256: str) -> tuple[object, dict] | None:
    p = profile(file_key)
    if p is None:
        return None
    try:
        df, rows, lv = check_frame(p, Path(path))  # separator and numbers as the reader reads them
        s = plausibility.stats(df, rows=rows, coverage=p.coverage, levels=lv, dates=p.dates)
    except (DataError, KeyError, ValueError, UnicodeDecodeError) as exc:
        log.warning(
            "%s: vintage checks skipped, the file cannot be read as %s (%s)",
            path,
            file_key,
            str(exc).splitlines()[0][:120],
        )
        return None
    return df, {"file": file_key, **s}


def previous(file_key: str, sha256: str) -> dict | None:
    """Statistics of the last accepted vintage of ``file_key``: from MANIFEST.json (``{}`` when
    this very file was accepted there before), else the registry's."""
    try:
        man = json.loads((config.processed_dir() / "MANIFEST.json").read_text("utf-8"))
        inputs = [i for e in man["tables"].values() for i in e.get("inputs", [])]
    except (OSError, ValueError, KeyError, AttributeError, TypeError):
        inputs = []
    found = None
    for i in inputs:
        v = i.get("vintage") if isinstance(i, dict) else None
        if isinstance(v, dict) and v.get("file") == file_key:
            if i.get("sha256") == sha256:
                return {}
            found = v
    return found or registry_stats().get(file_key)


def overridden(file_key: str) -> bool:
    """True when ``GVC_ACCEPT_IMPLAUSIBLE`` names this file (its ``source/name`` or name)."""
    names = {n.strip() for n in os.environ.get(OVERRIDE, "").split(",") if n.strip()}
    return file_key in names or file_key.split("/", 1)[1] in names


def cut_mid_row(file_key: str, path: Path) -> str | None:
    """Why a CSV ends in a partial record (None: it does not)."""
    from gvc.sources.content import cut_last_record
    from gvc.sources.csv_numbers import sniff_file

    p = profile(file_key)
    if p is None or not path.name.lower().endswith(".csv"):
        return None
    try:
        skip = p.skip(path)
        return cut_last_record(path, skip, sniff_file(path, skiprows=skip))
    except (DataError, UnicodeDecodeError, ValueError):
        return None  # not UTF-8 CSV: the reader names the problem


def check(
    file_key: str, source: str, path: str | Path, sha256: str, download: str | None = None
) -> None:
    """Raise :class:`DataError` when the new vintage ``path`` of ``file_key`` fails a check.

    ``download``: the address ``path`` was downloaded from (it is named instead, and deleted by
    the caller on failure)."""
    path = Path(path)
    shown = f"download of {file_key} from {download}" if download else str(path)
    again = (
        "The download was deleted; try again later"
        if download
        else f"Delete it and fetch it again (`gvc data fetch {source}`)"
    )
    cut = cut_mid_row(file_key, path)
    if cut:
        raise DataError(
            f"{shown}: truncated, cut mid-row: {cut}. {again}; {OVERRIDE} does not accept a "
            "cut-off file."
        )
    got = file_stats(file_key, path, sha256)
    if got is None:
        return
    df, new = got
    ref = previous(file_key, sha256)
    if ref:
        key = profile(file_key).key
        found = plausibility.problems(df, new, ref, key=key)
        if found and not overridden(file_key):
            col, what, detail = found[0]
            more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
            raise DataError(
                f"{shown}: column '{col}' fails the {what} check against the last accepted vintage "
                f"of {file_key}: {detail}{more}. {again}, or if this vintage is right, set "
                f"{OVERRIDE}={file_key}."
            )
        for col, what, detail in found:
            log.warning(
                "%s: accepted (%s) despite the %s check on '%s': %s",
                path,
                OVERRIDE,
                what,
                col,
                detail,
            )
    _ACCEPTED[sha256] = new


def recorded(sha256: str) -> dict:
    """``{"vintage": stats}`` for an input accepted as a new vintage in this process (kept in
    MANIFEST.json as the reference for the next vintage), else ``{}``."""
    s = _ACCEPTED.get(sha256)
    return {"vintage": s} if s else {}
