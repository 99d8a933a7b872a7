"""Single entry point ``decompose`` returning tidy frames for every method."""

from __future__ import annotations

import pandas as pd

from gvc.io import bm, kww, tiva, wwyz, wwz
from gvc.io.frames import tidy

METHODS = ("bm", "kww", "wwz", "wwyz", "tiva")


def decompose(icio, method: str = "bm", level: str = "country", **options) -> pd.DataFrame:
    """Decompose ``icio`` with ``method`` at ``level``; tidy columns
    ``exporter, importer, industry, term, value`` ('' where the level lacks a dimension).

    method: ``bm`` (Borin-Mancini exporter perspective; option ``approach='source'|'sink'``),
    ``kww`` (country level only), ``wwz``, ``wwyz`` (country|sector; levels and ratios such as
    gvc_part_prod_fwd), ``tiva`` (OECD names, shares recomputed at each level).
    level: ``country`` | ``sector`` | ``bilateral`` | ``bilateral_sector``.
    options: ``exporters`` (names of countries/groups to report), ``include_groups`` (default
    True for bm/tiva/wwyz; groups are not available for kww/wwz), ``approach`` (bm).
    Values are in the table's currency unit; shares are fractions.
    """
    method = method.lower()
    exporters = options.pop("exporters", None)
    groups = options.pop("include_groups", True)
    if method == "bm":
        approach = options.pop("approach", "source")
        _no_more(options)
        return tidy(icio, bm.borin_mancini(icio, approach, exporters, groups), level)
    if method == "tiva":
        _no_more(options)
        return tidy(icio, tiva.tiva(icio, exporters, groups), level, ratios=tiva.RATIOS)
    if method == "wwyz":
        _no_more(options)
        return tidy(icio, wwyz.wwyz(icio, exporters, groups), level, ratios=wwyz.RATIOS)
    if method == "kww":
        _no_more(options)
        return tidy(icio, kww.kww(icio, exporters), level)
    if method == "wwz":
        _no_more(options)
        return tidy(icio, wwz.wwz(icio, exporters), level)
    raise ValueError(f"method must be one of {METHODS}, got {method!r}")


def _no_more(options: dict) -> None:
    if options:
        raise TypeError(f"unknown options {sorted(options)}")
