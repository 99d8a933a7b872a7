"""``read_icio``: a published input-output table file -> the engine's ``ICIO``.

File reading and format detection live in ``gvc.sources`` (``icio_files``, ``oecd_icio``,
``wiot_sheet``, ``eora26``, ``exiobase3``, ``figaro``); this module only turns the parsed arrays and labels into an ``ICIO``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from gvc.errors import ValidationError
from gvc.io.icio import ICIO
from gvc.io.splits import merge_first

SPLIT_MODES = ("merge_after", "merge_first")


def icio_from_table(t, groups=None, splits: str = "merge_after", **options) -> ICIO:
    """An ``ICIO`` from a ``gvc.sources.icio_table.IcioTable``.

    ``splits='merge_after'`` (default): split countries (OECD CN1/CN2, MX1/MX2) stay separate
    in the inverse and are reported merged (CHN, MEX); ``'merge_first'``: parts are summed
    before inversion (as pymrio's OECD parser does; for comparison only).
    The published output is used for A and v; the row discrepancy within tolerance goes to own
    final demand (``rebalance=True``). ``options`` go to ``ICIO`` (e.g. ``negative_va``).
    """
    if splits not in SPLIT_MODES:
        raise ValueError(f"splits must be one of {SPLIT_MODES}, got {splits!r}")
    Z, F, x, countries, split_map = t.Z, t.F, t.x, list(t.countries), dict(t.splits)
    if splits == "merge_first" and split_map:
        Z, F, x, countries = merge_first(Z, F, x, countries, len(t.industries), split_map)
        split_map = {}
    options.setdefault("rebalance", True)
    meta = {"source": t.source, "year": t.year, "unit": t.unit, "path": t.path}
    if t.industry_names:
        meta["industry_names"] = dict(t.industry_names)
    meta.update(getattr(t, "notes", {}) or {})
    reported = list(dict.fromkeys({p: k for k, v in split_map.items() for p in v}.get(c, c)
                                  for c in countries))  # fmt: skip
    groups, meta["group_members_missing"], unclassified = _groups(groups, reported, t.year)
    if unclassified:
        meta["group_members_unclassified"] = unclassified
    io = ICIO(
        Z, F, countries, t.industries, x=x, groups=groups, splits=split_map, **options,
    )  # fmt: skip
    io.meta = meta
    return io


def _groups(groups, countries, year) -> tuple[Mapping | None, dict, dict]:
    """Explicit ``{"name": [...]}`` as given; names of built-in groups resolved for the table;
    World Bank groups (``WB:H``, ``WB:EAP``, ...) for the table's ``year`` from the processed
    ``income_groups`` / ``countries`` tables (``gvc.panels.wb_groups``). Returns (groups,
    members missing by group, countries unclassified that year by group)."""
    if groups is None or isinstance(groups, Mapping):
        return groups, {}, {}
    from gvc.io.groups import resolve
    from gvc.panels import wb_groups

    specs = [groups] if isinstance(groups, str) else list(groups)
    wb = [wb_groups.canonical(s) for s in specs]
    extra, unclassified = {}, {}
    if any(wb):
        if year is None:
            raise ValidationError(
                f"World Bank groups {[s for s, w in zip(specs, wb, strict=True) if w]} depend on "
                "the table's year, which this table lacks: give year="
            )
        extra, unclassified = wb_groups.members([w for w in wb if w], year, countries)
    specs = [w or s for s, w in zip(specs, wb, strict=True)]
    groups, missing = resolve(specs, countries, extra)
    return groups, missing, unclassified


def read_icio(
    path: str | Path,
    groups: Mapping[str, Sequence[str]] | Sequence[str] | None = None,
    *,
    year: int | None = None,
    fmt: str | None = None,
    splits: str = "merge_after",
    eora_row: str = "fold",
    **options,
) -> ICIO:
    """Read a published table (OECD ICIO CSV/zip, ADB MRIO xlsx, WIOD 2016 xlsx or R data,
    Eora26 zip, EXIOBASE 3 ixi/pxp zip, FIGARO matrix CSV; the format is detected from labels)
    into an ``ICIO`` (units as published: ``io.meta["unit"]``). ``year`` picks the table inside
    a multi-year OECD zip. ``groups``: ``{"name": [ISO3, ...]}`` or names of built-in groups
    (``["EU27", "USMCA"]``; World Bank income groups of the table's year
    ``WB:H``/``WB:UM``/``WB:LM``/``WB:L`` and regions ``WB:EAP`` ... ``WB:SSA``, see
    ``gvc.panels.wb_groups``).
    ``eora_row`` (Eora26 only): ``"fold"`` folds Eora's ROW discrepancy entity into its trading
    partners (raising domestic content; ``io.meta["row_input_share"]`` says by how much),
    ``"region"`` keeps it as a one-sector partner region ``ROW``.
    A file that does not fit its format raises ``gvc.errors.DataError`` naming the expected
    format and the first label that did not fit.
    """
    from gvc.sources.icio_files import read_table

    return icio_from_table(read_table(path, year, fmt, eora_row), groups, splits, **options)
