"""Single entry point ``decompose`` returning tidy frames for every method."""

from __future__ import annotations

from importlib import import_module

import pandas as pd

from gvc.errors import ValidationError
from gvc.io import bm, bm_world, importer, kww, tiva, wwyz, wwz
from gvc.io.frames import tidy

METHODS = ("bm", "kww", "wwz", "wwyz", "tiva", "bmt_trade", "bmt_output")
PERSPECTIVES = ("exporter", "world", "importer")
"""Borin-Mancini perspectives (``method='bm'``); ``method='bm_importer'`` = importer."""


def decompose(
    icio, method: str = "bm", level: str = "country", *, wide: bool = False, **options
) -> pd.DataFrame:
    """Decompose ``icio`` with ``method`` at ``level``; tidy columns
    ``exporter, importer, industry, term, value`` ('' where the level lacks a dimension).

    method: ``bm`` (Borin-Mancini; options ``approach='source'|'sink'`` and
    ``perspective='exporter'`` (default) | ``'world'`` (``gvc.io.bm_world``: FVA/FDC counted
    once in world exports, Stata ``icio, perspective(world)``; countries only) |
    ``'importer'`` (``gvc.io.importer``: gross imports GIMP = VA + DC of each importer, Stata
    ``icio, importer()``; option ``importers``; ``importer`` column = importing unit,
    ``exporter`` = partner at bilateral levels, ``industry`` = imported product; option
    ``by='origin'`` (``gvc.io.importer_origin``): ``exporter`` = origin country of the value
    added instead of the direct partner, levels country and bilateral)),
    ``bm_importer`` (alias of ``bm`` with ``perspective='importer'``),
    ``kww`` (country level only), ``wwz``, ``wwyz`` (country|sector; levels and ratios such as
    gvc_part_prod_fwd), ``tiva`` (OECD names, shares recomputed at each level),
    ``bmt_trade`` (Borin-Mancini-Taglioni 2025 tripartite GVC trade: E, DAVAX, GVC, GVC_PF,
    GVC_TS, GVC_PB and shares; ``gvc.io.bmt_trade``), ``bmt_output`` (their output-based
    measures: X, DomX, TradX, GVC_PF_X, GVC_PB_X, GVC_TSImp, GVC_TSDom, GVC_TS_X, GVC_X and
    shares; levels country|sector; ``gvc.io.bmt_output``).
    level: ``country`` | ``sector`` | ``bilateral`` | ``bilateral_sector``.
    options: ``exporters`` (names of countries/groups to report), ``include_groups`` (default
    True; for kww/wwz a group is one economy with intra-group trade domestic, its extra-group
    exports decomposed: ``gvc.io.kww_wwz_groups``), ``approach`` (bm),
    ``perimeter='country'`` (default) | ``'sector'`` | ``'bilateral'`` | ``'bilateral_sector'``
    (bm source approach, exporter view: each flow is its own perimeter of double counting,
    ``gvc.io.bm_perimeter``; terms GEXP, DC, DVA, DDC, FC, FVA, FDC; countries only),
    ``world_domestic='approach'`` (default) | ``'source'`` (bm world perspective: the domestic
    terms DC, DVA, VAX, REF, DDC, FC from the source approach whatever ``approach`` is, as R
    decompr reports them; only FVA/FDC follow ``approach``. The two agree at country level on a
    balanced table; on an unbalanced one read with ``rebalance='none'`` ``'source'`` reproduces
    decompr 7.0's world-sink DVA, VAX and DDC, ``gvc.io.bm_world``),
    ``splits=True`` (bm exporter view of a table with split countries, e.g. OECD ICIO's CN1/CN2:
    also report each part, its domestic perimeter being the whole country).
    Tables with split countries (``icio.splits``) support ``bm`` (exporter, importer) only: the
    other methods assume one table block per country and raise ``ValidationError``.
    Values are in the table's currency unit; shares are fractions.
    ``wide=True`` returns one column per term (decompr/Stata layout) instead of the long
    ``term, value`` pair. Label columns are pandas ``string`` (as in ``gvc.load``; rows in
    table order, ``groupby(..., sort=False)`` keeps it); tables read by ``gvc.read_icio`` or
    ``gvc.icio`` add ``year`` (first), ``unit`` (last) and ``industry_name`` (beside
    ``industry``) columns.
    """
    from gvc.io.frames import text_labels

    return text_labels(decompose_frame(icio, method, level, wide=wide, **options))


def decompose_frame(
    icio, method: str = "bm", level: str = "country", *, wide: bool = False, **options
) -> pd.DataFrame:
    """``decompose`` with categorical label columns whose categories keep table order (the
    batch partitions are sorted and written with them)."""
    from gvc.io.frames import annotate, to_wide
    from gvc.io.icio import ICIO

    if not isinstance(icio, ICIO):
        raise ValidationError(
            f"decompose takes a gvc.ICIO table, got {type(icio).__name__}; build one with "
            "gvc.icio(source, year), gvc.read_icio(path) or gvc.ICIO(Z, F, countries, industries)"
        )
    if not isinstance(method, str):
        raise ValidationError(f"method must be a name such as 'bm' or 'kww', got {method!r}")
    df = _decompose(icio, method, level, wide=wide, **options)
    if wide and "term" in df:
        df = to_wide(df)
    return annotate(icio, df)


def _decompose(icio, method: str, level: str, wide: bool = False, **options) -> pd.DataFrame:
    """The long or wide frame before ``annotate`` (see ``decompose``)."""
    method = method.lower()
    if method == "bm_importer":
        method = "bm"
        options.setdefault("perspective", "importer")
    exporters = options.pop("exporters", None)
    if "iso3" in options:  # the panels' name for a country (alias; see gvc.names)
        if exporters is not None:
            raise TypeError("give exporters= or its alias iso3=, not both")
        exporters = options.pop("iso3")
    groups = options.pop("include_groups", True)
    if exporters is not None and options.get("perspective") != "importer":
        exporters = resolve_exporters(icio, exporters, groups)
    parts = options.pop("splits", False)
    if method == "bm":
        perspective = options.pop("perspective", "exporter")
        if perspective not in PERSPECTIVES:
            raise ValidationError(f"perspective must be one of {PERSPECTIVES}, got {perspective!r}")
        _check_splits(icio, method, perspective, parts)
        if perspective == "importer":
            importers = options.pop("importers", None)
            by = options.pop("by", "partner")
            _no_more(options)
            if exporters is not None:
                raise TypeError("the importer perspective takes 'importers', not 'exporters'")
            if by == "origin":
                from gvc.io import importer_origin

                per_unit = importer_origin.importer_by_origin(icio, importers, groups)
                return importer_origin.tidy_origin(icio, per_unit, level)
            if by != "partner":
                raise ValidationError(f"by must be 'partner' or 'origin', got {by!r}")
            per_unit = importer.importer_decomposition(icio, importers, groups)
            return importer.tidy_imports(icio, per_unit, level)
        approach = options.pop("approach", "source")
        perimeter = options.pop("perimeter", "country")
        world_domestic = options.pop("world_domestic", "approach")
        if world_domestic not in bm_world.WORLD_DOMESTIC:
            raise ValidationError(
                f"world_domestic must be one of {bm_world.WORLD_DOMESTIC}, got {world_domestic!r}"
            )
        if world_domestic != "approach" and perspective != "world":
            raise ValidationError("world_domestic applies to perspective='world' only")
        _no_more(options)
        if perimeter != "country":
            from gvc.io.bm_perimeter import borin_mancini_perimeter

            if approach != "source" or perspective != "exporter" or parts:
                raise ValidationError(
                    f"perimeter={perimeter!r} needs approach='source', perspective='exporter' "
                    "and no splits=True"
                )
            return tidy(icio, borin_mancini_perimeter(icio, perimeter, exporters), level, wide=wide)
        if perspective == "world":
            per_unit = bm_world.borin_mancini_world(icio, approach, exporters, world_domestic)
            return tidy(icio, per_unit, level, wide=wide)
        per_unit = bm.borin_mancini(icio, approach, exporters, groups)
        return tidy(icio, with_parts(icio, per_unit) if parts else per_unit, level, wide=wide)
    _check_splits(icio, method, "", parts)
    if method == "tiva":
        _no_more(options)
        per_unit = tiva.tiva(icio, exporters, groups)
        return tidy(icio, per_unit, level, ratios=tiva.RATIOS, wide=wide)
    if method == "wwyz":
        _no_more(options)
        per_unit = wwyz.wwyz(icio, exporters, groups)
        return tidy(icio, per_unit, level, ratios=wwyz.RATIOS, wide=wide)
    if method in ("bmt_trade", "bmt_output"):
        _no_more(options)
        mod = import_module(f"gvc.io.{method}")  # the module: gvc.io binds the function names
        if level not in mod.LEVELS:
            raise ValidationError(
                f"level {level!r} is not available for method {method!r}: use one of "
                + ", ".join(mod.LEVELS)
            )
        per_unit = getattr(mod, method)(icio, exporters, groups)
        return tidy(icio, per_unit, level, ratios=mod.RATIOS, wide=wide)
    if method in ("kww", "wwz"):
        _no_more(options)
        return tidy(icio, _kww_wwz(icio, method, exporters, groups), level, wide=wide)
    raise ValidationError(f"method must be one of {METHODS}, got {method!r}")


def _kww_wwz(icio, method: str, exporters, include_groups: bool) -> list:
    """KWW/WWZ per unit: countries by ``gvc.io.kww``/``gvc.io.wwz``, groups (merged after
    inversion, intra-group trade domestic) by ``gvc.io.kww_wwz_groups``."""
    from gvc.io.kww_wwz_groups import kww_group, wwz_group

    names = None if exporters is None else list(exporters)
    countries = kww.kww(icio, names) if method == "kww" else wwz.wwz(icio, names)
    one = kww_group if method == "kww" else wwz_group
    wanted = [u for u in icio.units(True) if u.name in icio.groups]
    if names is not None:
        wanted = [u for u in wanted if u.name in names]
    elif not include_groups:
        wanted = []
    return countries + [(u, one(icio, u)) for u in wanted]


def resolve_exporters(icio, exporters, include_groups: bool = True) -> list[str]:
    """``exporters`` (a name or a list) checked against the table's countries and groups;
    names are matched case-insensitively (``"usa"`` -> ``"USA"``). Unknown names raise
    ``ValidationError`` listing the valid ones."""
    names = [exporters] if isinstance(exporters, str) else [str(e) for e in exporters]
    valid = [u.name for u in icio.units(True)]
    upper = {v.upper(): v for v in valid}
    out = [e if e in valid else upper.get(e.upper(), e) for e in names]
    unknown = [e for e, o in zip(names, out, strict=True) if o not in valid]
    if unknown:
        raise ValidationError(f"unknown exporters {unknown}; valid: {','.join(valid)}")
    return out


SPLIT_METHODS = "method='bm' with perspective 'exporter' or 'importer'"


def _check_splits(icio, method: str, perspective: str, parts: bool) -> None:
    """Refuse methods whose formulas assume one table block per country on split tables."""
    splits = getattr(icio, "splits", {})
    if splits and (method != "bm" or perspective == "world"):
        what = f"method={method!r}" + (f", perspective={perspective!r}" if perspective else "")
        named = ", ".join(k + "=" + "+".join(v) for k, v in splits.items())
        raise ValidationError(
            f"{what} is not available on a table with split countries "
            f"({named}): its formulas "
            f"need one block per country. Use {SPLIT_METHODS}, or read the table with "
            "splits='merge_first' (pymrio-style aggregation before inversion)."
        )
    if parts and not splits:
        raise ValidationError("splits=True needs a table with split countries (ICIO splits=)")
    if parts and perspective == "importer":
        raise ValidationError("splits=True is available for the exporter perspective only")


def with_parts(icio, per_unit):
    """Append, after each split country, its parts as exporters (rows of the country's terms;
    domestic perimeter = the whole country, e.g. China's processing-trade part CN2)."""
    out = []
    for unit, terms in per_unit:
        out.append((unit, terms))
        pos = 0
        for part in icio.part_units(unit):
            k = part.sectors.size
            out.append((part, {t: a[pos : pos + k] for t, a in terms.items()}))
            pos += k
    return out


def _no_more(options: dict) -> None:
    if options:
        raise TypeError(f"unknown options {sorted(options)}")
