"""GVC participation measures by country x industry (incl. TOTAL and industry groups).

Feeds ``data/processed/gvc_participation.parquet``. Every aggregate (TOTAL, groups such as
MANUF = WIOD c3..c16) is computed from summed levels, never by averaging shares.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from gvc.io.multipliers import multipliers
from gvc.io.tiva import partner_export_content
from gvc.io.wwyz import wwyz_vectors

MEASURES = (
    "exgr", "exgr_dva", "exgr_fva", "exgr_dvash", "exgr_fvash", "dexfvap", "dexfvapsh",
    "gvc_part_trade", "gvc_part_prod_fwd", "gvc_part_prod_bwd", "gvc_position",
)  # fmt: skip


def participation_measures(
    icio, industry_groups: Mapping[str, Sequence[str]] | None = None
) -> pd.DataFrame:
    """Long frame ``iso3, industry, measure, value`` for every country of ``icio`` (incl. 'RoW')
    and every industry code, ``TOTAL`` (whole economy) and each name in ``industry_groups``.

    Measures (levels in the table's currency unit, shares as fractions, NaN when the
    denominator is 0):

    - ``exgr``: gross exports of the industry set (OECD TiVA EXGR).
    - ``exgr_dva``: domestic value-added content of those exports, V_s B_ss e_s (EXGR_DVA).
    - ``exgr_fva``: foreign value-added content, sum_{t!=s} V_t B_ts e_s (EXGR_FVA).
    - ``exgr_dvash`` = exgr_dva / exgr; ``exgr_fvash`` = exgr_fva / exgr (backward, trade).
    - ``dexfvap``: value added generated in the set's industries of country s that is embodied
      in other countries' gross exports, v_i sum_{r!=s} (B_sr e_r)_i (DEXFVAP; industry = where
      the value added originates).
    - ``dexfvapsh`` = dexfvap / exgr (forward, trade; may exceed 1 for single industries such
      as mining whose value added is mostly exported indirectly).
    - ``gvc_part_trade`` = exgr_fvash + dexfvapsh (Koopman et al. 2010 participation, TiVA).
    - ``gvc_part_prod_fwd``: Wang-Wei-Yu-Zhu (2017) forward production-based participation,
      value added of the set that enters GVC production (crosses a border as intermediate)
      divided by its value added, V_GVC / va.
    - ``gvc_part_prod_bwd``: WWYZ backward participation, value added in the set's final goods
      output that comes through GVC production, Y_GVC / y (y = final goods output).
    - ``gvc_position``: WWYZ GVC position index, (Xv_GVC / V_GVC) / (Xy_GVC / Y_GVC), the ratio
      of forward to backward GVC production length; > 1 means relatively upstream.
    """
    io = icio
    if getattr(io, "splits", None):
        from gvc.errors import ValidationError

        raise ValidationError(
            "participation_measures needs one table block per country; this table has split "
            f"countries {sorted(io.splits)} (read it with splits='merge_first', or use "
            "decompose(..., 'bm'))"
        )
    groups = dict(industry_groups or {})
    sets = {ind: [ind] for ind in io.industries}
    sets["TOTAL"] = list(io.industries)
    for name, members in groups.items():
        unknown = [m for m in members if m not in io.industries]
        if unknown:
            raise ValueError(f"industry group {name} has unknown industries {unknown}")
        sets[str(name)] = list(members)
    pos = {ind: j for j, ind in enumerate(io.industries)}
    M = np.zeros((io.N, len(sets)))
    for k, members in enumerate(sets.values()):
        M[[pos[i] for i in members], k] = 1.0

    m = multipliers(io)
    X = partner_export_content(io)
    dex = io.v * (X.sum(axis=1) - X[np.arange(io.n), io.country_of])
    w = wwyz_vectors(io)
    levels = {
        "exgr": io.e,
        "exgr_dva": m.wB * io.e,
        "exgr_fva": m.u * io.e,
        "dexfvap": dex,
        **{t: w[t] for t in ("va", "V_GVC", "y", "Y_GVC", "Xv_GVC", "Xy_GVC")},
    }
    agg = {k: v.reshape(io.G, io.N) @ M for k, v in levels.items()}  # (G, sets)
    with np.errstate(divide="ignore", invalid="ignore"):
        res = {
            "exgr": agg["exgr"],
            "exgr_dva": agg["exgr_dva"],
            "exgr_fva": agg["exgr_fva"],
            "exgr_dvash": agg["exgr_dva"] / agg["exgr"],
            "exgr_fvash": agg["exgr_fva"] / agg["exgr"],
            "dexfvap": agg["dexfvap"],
            "dexfvapsh": agg["dexfvap"] / agg["exgr"],
            "gvc_part_trade": (agg["exgr_fva"] + agg["dexfvap"]) / agg["exgr"],
            "gvc_part_prod_fwd": agg["V_GVC"] / agg["va"],
            "gvc_part_prod_bwd": agg["Y_GVC"] / agg["y"],
            "gvc_position": (agg["Xv_GVC"] / agg["V_GVC"]) / (agg["Xy_GVC"] / agg["Y_GVC"]),
        }
    G, K = io.G, len(sets)
    iso = np.repeat(np.array(io.countries, dtype=object), K)
    ind = np.tile(np.array(list(sets), dtype=object), G)
    frames = [
        pd.DataFrame({"iso3": iso, "industry": ind, "measure": name, "value": res[name].ravel()})
        for name in MEASURES
    ]
    out = pd.concat(frames, ignore_index=True)
    out["value"] = out["value"].astype(np.float64).replace([np.inf, -np.inf], np.nan)
    return out
