"""GVC participation measures by country x industry (incl. TOTAL and industry groups).

Feeds ``data/processed/gvc_participation.parquet``. The measures are not written here: the
levels and ratios are those of :mod:`gvc.io.tiva` (every term in ``tiva.TERMS`` and every ratio
in ``tiva.RATIOS``, lower-cased) and the WWYZ ratios named in :data:`WWYZ_MEASURES` (formulas in
``gvc.io.wwyz.RATIOS``), so an indicator added to ``tiva.py`` reaches the panel with no second
edit. This module only sums the levels over partners and over industry sets and applies those
ratio functions to the sums: every aggregate (TOTAL, groups such as MANUF = WIOD c3..c16) is
computed from summed levels, never by averaging shares.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from importlib import import_module

import numpy as np
import pandas as pd

_tiva = import_module("gvc.io.tiva")  # the modules: gvc/io/__init__ rebinds gvc.io.tiva and
_wwyz = import_module("gvc.io.wwyz")  # gvc.io.wwyz to the functions of the same names

WWYZ_MEASURES = ("gvc_part_prod_fwd", "gvc_part_prod_bwd", "gvc_position")
"""The WWYZ ratios (keys of :data:`gvc.io.wwyz.RATIOS`) the panel carries."""

MEASURES = (
    *(t.lower() for t in _tiva.TERMS),
    *(r.lower() for r in _tiva.RATIOS),
    *WWYZ_MEASURES,
)
"""Every measure of :func:`participation_measures`, in output order (as of import; the function
reads ``tiva.TERMS`` and ``tiva.RATIOS`` when called)."""


def _by_sector(a: np.ndarray) -> np.ndarray:
    """A TiVA term summed over partners (terms without a partner dimension as they are)."""
    return a.sum(axis=1) if a.ndim == 2 else a


def industry_sets(io, industry_groups: Mapping[str, Sequence[str]] | None = None):
    """(names, M): every industry, ``TOTAL`` and each group, and the (N, sets) 0/1 matrix that
    sums sector values into them."""
    sets = {ind: [ind] for ind in io.industries}
    sets["TOTAL"] = list(io.industries)
    for name, members in dict(industry_groups or {}).items():
        unknown = [m for m in members if m not in io.industries]
        if unknown:
            raise ValueError(f"industry group {name} has unknown industries {unknown}")
        sets[str(name)] = list(members)
    pos = {ind: j for j, ind in enumerate(io.industries)}
    M = np.zeros((io.N, len(sets)))
    for k, members in enumerate(sets.values()):
        M[[pos[i] for i in members], k] = 1.0
    return list(sets), M


def participation_measures(
    icio, industry_groups: Mapping[str, Sequence[str]] | None = None
) -> pd.DataFrame:
    """Long frame ``iso3, industry, measure, value`` for every country of ``icio`` (incl. 'RoW')
    and every industry code, ``TOTAL`` (whole economy) and each name in ``industry_groups``.

    Measures (:data:`MEASURES`; levels in the table's currency unit, shares as fractions, NaN
    when the denominator is 0): the OECD TiVA levels and ratios of :mod:`gvc.io.tiva`
    (``exgr``, ``exgr_dva``, ``exgr_fva``, ``dexfvap`` - its industry is where the value added
    originates -, ``exgr_dvash``, ``exgr_fvash``, ``dexfvapsh``, ``gvc_part_trade``, ...) summed
    over partners, and the Wang-Wei-Yu-Zhu (2017) ratios of :mod:`gvc.io.wwyz` named in
    :data:`WWYZ_MEASURES` (``gvc_part_prod_fwd`` = V_GVC / va, ``gvc_part_prod_bwd`` =
    Y_GVC / y, ``gvc_position`` > 1 means relatively upstream). Definitions and references are
    in those modules' docstrings.
    """
    io = icio
    if getattr(io, "splits", None):
        from gvc.errors import ValidationError

        raise ValidationError(
            "participation_measures needs one table block per country; this table has split "
            f"countries {sorted(io.splits)} (read it with splits='merge_first', or use "
            "decompose(..., 'bm'))"
        )
    sets, M = industry_sets(io, industry_groups)

    names = [u.name for u in io.units(include_groups=False)]
    if names != list(io.countries):  # pragma: no cover - guarded by the splits check above
        raise ValueError("participation_measures needs one unit per table country")
    # TiVA levels summed over partners, WWYZ levels as they are: (G, N) per term
    tv = _tiva.tiva(io, include_groups=False)
    levels = {t: np.stack([_by_sector(terms[t]) for _, terms in tv]) for t in _tiva.TERMS}
    wv = _wwyz.wwyz(io, include_groups=False)
    wlevels = {t: np.stack([terms[t] for _, terms in wv]) for t in _wwyz.LEVEL_TERMS}
    agg = {t: a @ M for t, a in levels.items()}  # (G, sets)
    wagg = {t: a @ M for t, a in wlevels.items()}
    with np.errstate(divide="ignore", invalid="ignore"):
        res = {t.lower(): a for t, a in agg.items()}
        res.update({r.lower(): np.asarray(f(agg)) for r, f in _tiva.RATIOS.items()})
        res.update({r: np.asarray(_wwyz.RATIOS[r](wagg)) for r in WWYZ_MEASURES})
    G, K = io.G, len(sets)
    iso = np.repeat(np.array(io.countries, dtype=object), K)
    ind = np.tile(np.array(list(sets), dtype=object), G)
    frames = [
        pd.DataFrame({"iso3": iso, "industry": ind, "measure": name, "value": res[name].ravel()})
        for name in res  # tiva's terms and ratios at call time, then the WWYZ ratios
    ]
    out = pd.concat(frames, ignore_index=True)
    out["value"] = out["value"].astype(np.float64).replace([np.inf, -np.inf], np.nan)
    return out
