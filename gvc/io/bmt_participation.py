"""Borin-Mancini-Taglioni (2025) tripartite shares by country x industry, for the
``gvc_participation`` panel (the same long layout as :func:`gvc.io.participation_measures`).

Measures (:data:`MEASURES`, the ratio names of :mod:`gvc.io.bmt_trade` and
:mod:`gvc.io.bmt_output`, lower-cased): ``share_gvc_trade`` (GVC-related share of gross
exports), ``share_pf_trade``, ``share_ts_trade``, ``share_pb_trade`` (pure-forward, two-sided and
pure-backward shares of GVC trade), ``forward_trade`` = (PF - PB) / GVC, and their output-based
counterparts ``share_gvc_output``, ``share_pf_output``, ``share_ts_output``, ``share_pb_output``,
``forward_output`` (gvc's reading of the paper's output-based measures, whose equations were not
available: on WIOD 2011 two-sided is 13% of world GVC-related output, where the paper reports it as
the largest share; see :mod:`gvc.io.bmt_output`). The trade measures' industry is the exporting industry, the output measures'
the producing industry. Every aggregate (``TOTAL``, industry groups such as ``MANUF``) is the
ratio of levels summed over the group's industries (and over partners), never an average of
shares; NaN where the denominator is 0.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from importlib import import_module

import numpy as np
import pandas as pd

from gvc.io.participation import industry_sets  # noqa: E402

_trade = import_module("gvc.io.bmt_trade")  # the modules (gvc.io binds the function names)
_output = import_module("gvc.io.bmt_output")

MEASURES = (
    *(r.lower() for r in _trade.RATIOS),
    *(r.lower() for r in _output.RATIOS),
)


def _by_sector(a: np.ndarray) -> np.ndarray:
    """A term summed over partners (output terms have no partner dimension)."""
    return a.sum(axis=1) if a.ndim == 2 else a


def bmt_participation_measures(
    icio, industry_groups: Mapping[str, Sequence[str]] | None = None
) -> pd.DataFrame:
    """Long frame ``iso3, industry, measure, value`` of :data:`MEASURES` for every country of
    ``icio`` and every industry, ``TOTAL`` and each name in ``industry_groups``."""
    io = icio
    if getattr(io, "splits", None):
        from gvc.errors import ValidationError

        raise ValidationError(
            "bmt_participation_measures needs one table block per country; this table has "
            f"split countries {sorted(io.splits)} (read it with splits='merge_first')"
        )
    names, M = industry_sets(io, industry_groups)
    res = {}
    for mod, run in ((_trade, _trade.bmt_trade), (_output, _output.bmt_output)):
        per_unit = run(io, include_groups=False)
        levels = {t: np.stack([_by_sector(terms[t]) for _, terms in per_unit]) @ M
                  for t in mod.TERMS}  # fmt: skip
        with np.errstate(divide="ignore", invalid="ignore"):
            res.update({r.lower(): np.asarray(f(levels)) for r, f in mod.RATIOS.items()})
    units = [u.name for u in io.units(include_groups=False)]
    K = len(names)
    iso = np.repeat(np.array(units, dtype=object), K)
    ind = np.tile(np.array(names, dtype=object), len(units))
    out = pd.concat(
        [pd.DataFrame({"iso3": iso, "industry": ind, "measure": m, "value": res[m].ravel()})
         for m in MEASURES],
        ignore_index=True,
    )  # fmt: skip
    out["value"] = out["value"].astype(np.float64).replace([np.inf, -np.inf], np.nan)
    return out
