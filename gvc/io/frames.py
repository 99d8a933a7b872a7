"""Tidy long frames ``exporter, importer, industry, term, value`` from per-exporter arrays.

Each method returns, per exporter unit, additive terms as arrays of shape (k*N, G) (exporting
sector x importer; the unit's own countries are dropped) or (k*N,) (no partner dimension).
Levels: ``country`` (exporter), ``sector`` (exporter x industry), ``bilateral`` (exporter x
importer), ``bilateral_sector``. Group exporters sum their members' sectors by industry code.
Ratios are recomputed from aggregated levels, never averaged. With split countries
(``io.splits``) the partner dimension is reported by country (the parts' columns summed).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

LEVELS = ("country", "sector", "bilateral", "bilateral_sector")
COLUMNS = ["exporter", "importer", "industry", "term", "value"]


def _own(io, unit) -> set[int]:
    """Reported-partner positions inside the unit (dropped from the partner dimension)."""
    return {int(io.partner_index[c]) for c in unit.countries}


def _aggregate(io, unit, a: np.ndarray, level: str) -> np.ndarray:
    k, N = len(unit.sectors) // io.N, io.N
    if a.shape == (1,) and k * N != 1:  # country totals only (e.g. KWW)
        if level != "country":
            raise ValueError(f"level {level!r} is not available for this method (country only)")
        return a
    if a.ndim == 1:
        if level in ("bilateral", "bilateral_sector"):
            raise ValueError(f"level {level!r} is not available for this method")
        return np.array([a.sum()]) if level == "country" else a.reshape(k, N).sum(axis=0)
    own = _own(io, unit)
    keep = [r for r in range(len(io.reported)) if r not in own]
    b = io.merge_partners(a.reshape(k, N, io.G).sum(axis=0))[:, keep]  # (N, partners)
    if level == "country":
        return np.array([b.sum()])
    if level == "sector":
        return b.sum(axis=1)
    if level == "bilateral":
        return b.sum(axis=0)
    return b.ravel()


def _keys(io, unit, level: str) -> tuple[np.ndarray, np.ndarray]:
    own = _own(io, unit)
    keep = [c for r, c in enumerate(io.reported) if r not in own]
    if level == "country":
        return np.array([""]), np.array([""])
    if level == "sector":
        return np.full(io.N, ""), np.array(io.industries)
    if level == "bilateral":
        return np.array(keep), np.full(len(keep), "")
    return np.tile(keep, io.N), np.repeat(io.industries, len(keep))


def tidy(
    io,
    per_unit: list[tuple[object, Mapping[str, np.ndarray]]],
    level: str,
    ratios: Mapping[str, Callable[[dict], np.ndarray]] | None = None,
) -> pd.DataFrame:
    """Aggregate per-unit term arrays to ``level`` and return the tidy long frame."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, got {level!r}")
    cols: dict[str, list] = {c: [] for c in COLUMNS}
    for unit, terms in per_unit:
        agg = {t: _aggregate(io, unit, np.asarray(a), level) for t, a in terms.items()}
        if ratios:
            with np.errstate(divide="ignore", invalid="ignore"):
                for name, f in ratios.items():
                    agg[name] = np.asarray(f(agg), dtype=np.float64)
        imp, ind = _keys(io, unit, level)
        for t, vals in agg.items():
            m = vals.size
            cols["exporter"].append(np.full(m, unit.name, dtype=object))
            cols["importer"].append(imp if imp.size == m else np.full(m, ""))
            cols["industry"].append(ind if ind.size == m else np.full(m, ""))
            cols["term"].append(np.full(m, t, dtype=object))
            cols["value"].append(vals)
    if not cols["value"]:
        return pd.DataFrame(columns=COLUMNS)
    out = pd.DataFrame({c: np.concatenate(v) for c, v in cols.items()})
    out["value"] = out["value"].astype(np.float64)
    return out
