"""Published input-output tables -> the engine's ``ICIO``: ``gvc.read_icio(path)`` and
``gvc.icio(source, year)``.

This is the one place where tables, files and settings meet the pure math of ``gvc.io``: the
file is parsed by ``gvc.sources`` (``icio_files.read_table``: format detection and one parser
per format) into an ``IcioTable`` of arrays and labels; country groups are resolved here into a
plain ``{name: members}`` mapping (built-in groups from ``gvc.io.groups``, World Bank groups of
the table's year from the processed tables through ``gvc.panels.wb_groups``); ``gvc.io.ICIO``
then gets arrays, labels and that mapping only.

``gvc.icio(source, year)`` first reads the processed cache (``gvc build icio_wiod2013`` writes
WIOD 2013 years to ``data/processed/icio/``, ``gvc.panels.icio_cache``; each file is checked
against the year and raw file it was built from on every read); otherwise the raw file
is located (local data, then the mirror, then a download from the registry URL) and parsed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from gvc.errors import ValidationError, user_stacklevel

if TYPE_CHECKING:
    from gvc.io.icio import ICIO

YEARS = {
    "wiod2013": tuple(range(1995, 2012)),
    "wiod2016": tuple(range(2000, 2015)),
    "oecd-icio": tuple(range(1995, 2021)),
    "adb-mrio": (2000, *range(2007, 2023)),
    "eora26": tuple(range(1990, 2017)),
    "exiobase3": tuple(range(1995, 2023)),
    "exiobase3-pxp": tuple(range(1995, 2023)),
    "figaro": tuple(range(2010, 2023)),
}
"""Years each source covers (OECD ICIO: 2023 edition)."""

SPLIT_MODES = ("merge_after", "merge_first")


def icio_from_table(t, groups=None, splits: str = "merge_after", **options) -> ICIO:
    """An ``ICIO`` from a ``gvc.sources.icio_table.IcioTable``.

    ``splits='merge_after'`` (default): split countries (OECD CN1/CN2, MX1/MX2) stay separate
    in the inverse and are reported merged (CHN, MEX); ``'merge_first'``: parts are summed
    before inversion (as pymrio's OECD parser does; for comparison only).
    The published output is used for A and v; the balancing convention is ``ICIO``'s
    ``rebalance`` (default "own-final-demand": the row discrepancy within tolerance goes to own
    final demand; the same default as every other route). ``options`` go to ``ICIO`` (e.g.
    ``negative_va``, ``rebalance``).
    """
    from gvc.io.icio import ICIO
    from gvc.io.splits import merge_first

    if splits not in SPLIT_MODES:
        raise ValueError(f"splits must be one of {SPLIT_MODES}, got {splits!r}")
    Z, F, x, countries, split_map = t.Z, t.F, t.x, list(t.countries), dict(t.splits)
    if splits == "merge_first" and split_map:
        Z, F, x, countries = merge_first(Z, F, x, countries, len(t.industries), split_map)
        split_map = {}
    meta = {"source": t.source, "year": t.year, "unit": t.unit, "path": t.path}
    if t.industry_names:
        meta["industry_names"] = dict(t.industry_names)
    meta.update(getattr(t, "notes", {}) or {})
    reported = list(dict.fromkeys({p: k for k, v in split_map.items() for p in v}.get(c, c)
                                  for c in countries))  # fmt: skip
    groups, meta["group_members_missing"], unclassified = resolve_groups(groups, reported, t.year)
    if unclassified:
        meta["group_members_unclassified"] = unclassified
    io = ICIO(
        Z, F, countries, t.industries, x=x, groups=groups, splits=split_map, **options,
    )  # fmt: skip
    io.meta = {**meta, **io.meta}  # + the balancing convention ICIO applied
    return io


def resolve_groups(groups, countries, year) -> tuple[Mapping | None, dict, dict]:
    """Group names -> the ``{name: members}`` mapping ``ICIO`` takes. Explicit ``{"name":
    [...]}`` as given; names of built-in groups resolved for the table (``gvc.io.groups``);
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


USER_UNIT = "as in Z.csv"
"""The ``unit`` reported for a user's own table when none is given (``unit=``, ``--unit``)."""


def read_icio(
    path: str | Path | None = None,
    groups: Mapping[str, Sequence[str]] | Sequence[str] | None = None,
    *,
    year: int | None = None,
    fmt: str | None = None,
    splits: str = "merge_after",
    eora_row: str = "fold",
    z: str | Path | None = None,
    final: str | Path | None = None,
    x: str | Path | None = None,
    va: str | Path | None = None,
    unit: str | None = None,
    **options,
) -> ICIO:
    """Read a published table (OECD ICIO CSV/zip, ADB MRIO xlsx, WIOD 2016 xlsx/xlsb or R data,
    WIOD 2013 ``wiot_YYYY.RData``, Eora26 zip, EXIOBASE 3 ixi/pxp zip, FIGARO matrix CSV; the
    format is detected from labels) into an ``ICIO`` (units as published: ``io.meta["unit"]``),
    or your own table: ``gvc.read_icio(z="Z.csv", final="F.csv", x="x.csv")`` (see
    :func:`read_user_icio`). ``year`` picks the table inside a multi-year OECD zip. ``groups``:
    ``{"name": [ISO3, ...]}`` or names of built-in groups
    (``["EU27", "USMCA"]``; World Bank income groups of the table's year
    ``WB:H``/``WB:UM``/``WB:LM``/``WB:L`` and regions ``WB:EAP`` ... ``WB:SSA``, see
    ``gvc.panels.wb_groups``).
    ``eora_row`` (Eora26 only): ``"fold"`` folds Eora's ROW discrepancy entity into its trading
    partners (raising domestic content; ``io.meta["row_input_share"]`` says by how much),
    ``"region"`` keeps it as a one-sector partner region ``ROW``.
    ``rebalance`` (an ``ICIO`` option, default ``"own-final-demand"``, the same on every route)
    is the balancing convention, reported in ``io.meta["rebalance"]``.
    A file that does not fit its format raises ``gvc.errors.DataError`` naming the expected
    format and the first label that did not fit.
    """
    if z is not None or final is not None:
        if path is not None:
            raise ValidationError(
                "give a published table (path) or your own (z=, final=), not both"
            )
        return read_user_icio(z, final, x, va, groups, year=year, unit=unit, **options)
    if x is not None or va is not None:
        raise ValidationError("x= and va= belong to your own table: give them with z= and final=")
    if path is None:
        raise ValidationError("give the path of a published table, or z= and final= (your own)")
    from gvc.sources.icio_files import read_table

    io = icio_from_table(read_table(path, year, fmt, eora_row), groups, splits, **options)
    if unit:
        io.meta["unit"] = unit
    return io


def read_user_icio(
    z: str | Path,
    final: str | Path,
    x: str | Path | None = None,
    va: str | Path | None = None,
    groups: Mapping[str, Sequence[str]] | Sequence[str] | None = None,
    *,
    year: int | None = None,
    unit: str | None = None,
    **options,
) -> ICIO:
    """Your own table from CSV files (``gvc.sources.user_tables``): ``Z.csv`` (sectors
    ``ISO3_industry`` as index and header, country-major), ``F.csv`` (the same index, one
    column per destination country), optional ``x.csv`` (gross output) and ``va.csv`` (value
    added). A label that is missing, foreign, repeated or out of order is named in the error
    ("column 'BBB_man' missing from Z.csv"). ``year`` and ``unit`` (default ``USER_UNIT``) label
    the output; ``rebalance`` and the other ``options`` go to ``ICIO`` exactly as for a
    published table, so the same table gives the same numbers on every route."""
    if z is None or final is None:
        raise ValidationError("your own table needs both z= (Z.csv) and final= (F.csv)")
    from gvc.io.icio import ICIO
    from gvc.sources.user_tables import negative_cells, read_user_vector
    from gvc.sources.user_tables import read_user_icio as read_csvs

    Z, F, countries, industries = read_csvs(z, final)
    labels = [f"{c}_{i}" for c in countries for i in industries]
    xv = read_user_vector(x, labels, "gross output (x)") if x is not None else None
    vv = read_user_vector(va, labels, "value added (va)") if va is not None else None
    if (warn := negative_cells(Z, labels)) is not None:
        import warnings

        warnings.warn(f"{z}: {warn}", stacklevel=user_stacklevel())
    grp, missing, unclassified = resolve_groups(groups, countries, year)
    io = ICIO(Z, F, countries, industries, x=xv, va=vv, groups=grp, year=year,
              unit=unit or USER_UNIT, **options)  # fmt: skip
    io.meta = {"source": "user", "year": year, "unit": unit or USER_UNIT, "path": str(z),
               **io.meta, "group_members_missing": missing}  # fmt: skip
    if unclassified:
        io.meta["group_members_unclassified"] = unclassified
    return io


def _raw_path(source: str, year: int, mirror=None):
    """The located raw file for ``year``, its SHA-256 and registry key (the checksum is recorded
    by ``icio`` once the file has parsed, so a damaged file leaves nothing behind)."""
    from gvc.sources.acquire import locate
    from gvc.sources.registry import SOURCES

    if source == "oecd-icio":
        f = next(
            f
            for f in SOURCES[source].files
            if int(f.name[9:13]) <= year <= int(f.name[14:18])  # ICIO2023_1995-2000.zip
        )
    else:
        name = {
            "wiod2016": "wiot_r_Nov16.zip",
            "adb-mrio": f"ADB-MRIO-{year}.xlsx",
            "eora26": f"Eora26_{year}_bp.zip",
            "exiobase3": f"IOT_{year}_ixi.zip",
            "exiobase3-pxp": f"IOT_{year}_pxp.zip",
            "figaro": f"matrix_eu-ic-io_ind-by-ind_24ed_{year}.csv",
        }[source]
        registry = "exiobase3" if source.startswith("exiobase3") else source
        f = next(f for f in SOURCES[registry].files if f.name == name)
    loc = locate(f, mirror)
    return loc.path, loc.sha256, f.key


def record(key: str, sha256: str) -> None:
    """Unpinned sources have no checksum in the registry: the first one seen is recorded in
    ``data/processed/icio/CHECKSUMS.json`` (written atomically); a later file with another
    checksum (a new vintage, or a damaged copy) is used with a warning and recorded."""
    import json
    import warnings

    from gvc import config
    from gvc.panels.store import write_text

    path = config.processed_dir() / "icio" / "CHECKSUMS.json"
    known = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    if known.get(key) == sha256:
        return
    if key in known:
        warnings.warn(
            f"{key}: SHA-256 {sha256[:12]} differs from the one recorded at first use "
            f"({known[key][:12]}); a new vintage of an unpinned source? Recording the new one.",
            stacklevel=user_stacklevel(),
        )
    known[key] = sha256
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text(path, json.dumps(dict(sorted(known.items())), indent=1) + "\n")


def _wiod2013(year: int, mirror=None):
    from gvc import config
    from gvc.panels import icio_cache
    from gvc.sources import wiod2013

    cached = config.processed_dir() / icio_cache.relpath("wiod2013", year)
    if cached.exists():
        w, origin = icio_cache.load_wiod(year, mirror), str(cached)
    else:
        from gvc.sources.acquire import locate
        from gvc.sources.registry import raw_file

        origin = locate(raw_file("wiod2013", f"wiot_{year}.RData"), mirror).path
        w = wiod2013.read_wiot(origin)
    return wiod2013.as_table(w, origin)


def icio(
    source: str,
    year: int,
    groups: Mapping[str, Sequence[str]] | Sequence[str] | None = None,
    *,
    mirror=None,
    **options,
) -> ICIO:
    """The ``ICIO`` of ``source`` (``wiod2013``, ``wiod2016``, ``oecd-icio``, ``adb-mrio``,
    ``eora26`` (thousands of USD), ``exiobase3`` / ``exiobase3-pxp`` and ``figaro`` (millions of
    EUR)) for ``year``, with ``groups`` (built-in names such as ``["EU27", "USMCA"]``, World Bank
    income groups of that year ``"WB:H"``, ``"WB:UM"``, ``"WB:LM"``, ``"WB:L"`` and regions
    ``"WB:EAP"`` ... ``"WB:SSA"`` (``gvc.panels.wb_groups``; needs ``gvc build income_groups
    countries``), or a mapping) merged after inversion. E.g. ``gvc.icio("wiod2013", 2011,
    groups=["EU27"])``. Options go to :func:`icio_from_table` (``splits=``) and ``ICIO``;
    ``eora_row=`` to the Eora26 reader (see ``gvc.read_icio``).
    Values in the source's unit (``io.meta["unit"]``)."""
    if source not in YEARS:
        raise ValidationError(f"unknown table source {source!r}; known: {', '.join(YEARS)}")
    if year not in YEARS[source]:
        ys = YEARS[source]
        raise ValidationError(f"{source} covers {ys[0]}-{ys[-1]} ({len(ys)} years); not {year}")
    if source == "wiod2013":
        options.setdefault("negative_va", "ignore")  # a few WIOD sectors have negative VA
        table = _wiod2013(year, mirror)
    else:
        from gvc.sources.icio_files import read_table

        path, sha, key = _raw_path(source, year, mirror)
        eora_row = options.pop("eora_row", "fold")
        table = read_table(path, year, eora_row=eora_row)
        record(key, sha)
    io = icio_from_table(table, groups, **options)
    if source != "wiod2013":
        io.meta["sha256"] = sha
    return io
