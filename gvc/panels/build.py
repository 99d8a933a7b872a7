"""``gvc build``: every table of :mod:`gvc.panels.registry` (or the named ones) built with
:mod:`gvc.panels.build_table` (raw files -> validated, keyed Parquet tables in
``data/processed``, recorded in ``MANIFEST.json``; a table whose inputs and code are unchanged
is skipped, and nothing is written for a table that fails). The one-table machinery is
re-exported here.
"""

from __future__ import annotations

from collections.abc import Iterable

from gvc.errors import GvcError
from gvc.panels.build_table import (
    KEPT,
    PACKAGE_DIR,
    STALE,
    build_one,
    build_or_keep,
    code_fingerprint,
    kept_status,
    kept_table,
    run_spec,
    table_path,
)
from gvc.panels.registry import ALL_TABLES, raw_inputs
from gvc.sources.acquire import locate


def build(
    names: Iterable[str] | None = None,
    mirror=None,
    force: bool = False,
    progress=True,
    warn_left_out: bool = True,
) -> dict:
    """Build the named tables (all when None); return {name: status}. A user file the build left
    out (an ADB MRIO table ``gvc_participation`` could not read) is a ``UserWarning`` each
    (``warn_left_out``; ``gvc build`` prints them as ``error:`` lines instead)."""
    names = list(names) if names else list(ALL_TABLES)
    unknown = [n for n in names if n not in ALL_TABLES]
    if unknown:
        import difflib

        close = [m for u in unknown for m in difflib.get_close_matches(u, list(ALL_TABLES), n=1)]
        hint = f"did you mean {', '.join(close)}? " if close else ""
        raise GvcError(f"unknown table(s) {unknown}; {hint}known: {', '.join(ALL_TABLES)}")
    _locate_all(names, mirror, force)
    results = {}
    from gvc.progress import quiet, track

    with quiet(not progress):
        for name in track(names, description="Building tables"):
            results[name] = build_or_keep(name, ALL_TABLES[name], mirror=mirror, force=force)
    if warn_left_out and "gvc_participation" in results:
        import warnings

        from gvc.panels.gvc_participation import left_out

        for line in left_out():
            warnings.warn(line, UserWarning, stacklevel=2)
    return results


def _locate_all(names, mirror, force: bool = False) -> None:
    """Find (or download) every raw input first, so a missing-data error lists every missing
    file (with its address and where to put it) rather than the first one. A table whose files
    are missing but which :func:`kept_table` can keep is not an error."""
    from gvc.errors import AcquisitionError
    from gvc.sources.acquire import missing_message, short_reason

    found, missing, reasons = set(), {}, {}
    for name in names:
        table_missing = []
        for f in raw_inputs(name):
            if f.key in found:
                continue
            if f.key in missing:
                table_missing.append(f)
                continue
            try:
                locate(f, mirror)
                found.add(f.key)
            except AcquisitionError as exc:
                table_missing.append(f)
                reasons[f.key] = short_reason(exc)
        if table_missing and (force or not kept_table(name)):
            missing.update({f.key: f for f in table_missing})
    if missing:
        raise AcquisitionError(missing_message(list(missing.values()), mirror, reasons))


__all__ = [
    "build",
    "PACKAGE_DIR",
    "code_fingerprint",
    "table_path",
    "build_one",
    "KEPT",
    "STALE",
    "kept_status",
    "kept_table",
    "build_or_keep",
    "run_spec",
]
