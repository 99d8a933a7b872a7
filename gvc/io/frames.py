"""Tidy long frames ``exporter, importer, industry, term, value`` from per-exporter arrays.

Each method returns, per exporter unit, additive terms as arrays of shape (k*N, G) (exporting
sector x importer; the unit's own countries are dropped) or (k*N,) (no partner dimension).
Levels: ``country`` (exporter), ``sector`` (exporter x industry), ``bilateral`` (exporter x
importer), ``bilateral_sector``. Group exporters sum their members' sectors by industry code.
Ratios are recomputed from aggregated levels, never averaged. A term without a partner
dimension (k*N,) (value added, output) is not reported at the bilateral levels, but a ratio may
use it as its denominator there: it is broadcast over partners (the exporter's or the sector's
total for every partner). With split countries
(``io.splits``) the partner dimension is reported by country (the parts' columns summed).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from gvc.errors import ValidationError

LEVELS = ("country", "sector", "bilateral", "bilateral_sector")
COLUMNS = ["exporter", "importer", "industry", "term", "value"]


def _own(io, unit) -> set[int]:
    """Reported-partner positions inside the unit (dropped from the partner dimension)."""
    return {int(io.partner_index[c]) for c in unit.countries}


def _aggregate(io, unit, a: np.ndarray, level: str) -> np.ndarray:
    k, N = len(unit.sectors) // io.N, io.N
    if a.shape == (1,) and k * N != 1:  # country totals only (e.g. KWW)
        if level != "country":
            raise ValidationError(
                f"level {level!r} is not available for this method (country only): use "
                "level='country', or method='bm' or 'wwz' for the bilateral and sector levels"
            )
        return a
    if a.ndim == 1:
        if level in ("bilateral", "bilateral_sector"):
            raise ValidationError(f"level {level!r} is not available for this method")
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


def _no_partner(io, unit, a: np.ndarray, level: str) -> bool:
    """A sector vector (no partner dimension) asked for at a bilateral level."""
    k = len(unit.sectors) // io.N
    return a.ndim == 1 and a.size == k * io.N and level in ("bilateral", "bilateral_sector")


def _broadcast(io, unit, a: np.ndarray, level: str) -> np.ndarray:
    """A sector vector as ``_aggregate`` would order a bilateral term: the exporter's total
    (``bilateral``) or each industry's total (``bilateral_sector``) repeated for every partner."""
    k, N = len(unit.sectors) // io.N, io.N
    partners = len(io.reported) - len(_own(io, unit))
    if level == "bilateral":
        return np.full(partners, a.sum())
    return np.repeat(a.reshape(k, N).sum(axis=0), partners)


def _key_codes(io, unit, level: str) -> tuple[np.ndarray, np.ndarray]:
    """Codes of the importer (into ``["", *io.reported]``) and industry (into
    ``["", *io.industries]``) of each aggregated value, in ``_aggregate``'s order."""
    own = _own(io, unit)
    keep = np.array([r + 1 for r in range(len(io.reported)) if r not in own], dtype=np.int32)
    N = io.N
    if level == "country":
        return np.zeros(1, np.int32), np.zeros(1, np.int32)
    if level == "sector":
        return np.zeros(N, np.int32), np.arange(1, N + 1, dtype=np.int32)
    if level == "bilateral":
        return keep, np.zeros(keep.size, np.int32)
    return np.tile(keep, N), np.repeat(np.arange(1, N + 1, dtype=np.int32), keep.size)


def categorical(codes: np.ndarray, categories: list[str]) -> pd.Categorical:
    """A categorical of the used categories only (in ``categories`` order), from int codes."""
    used = np.zeros(len(categories), bool)
    used[np.unique(codes)] = True
    remap = np.cumsum(used) - 1
    return pd.Categorical.from_codes(
        remap[codes].astype(np.int32), [c for c, u in zip(categories, used, strict=True) if u]
    )


def text_labels(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with every categorical column as pandas ``string`` (the dtype of ``gvc.load``'s
    label columns), rows and ``attrs`` unchanged. Users' ``df.groupby("exporter")`` then raises
    no ``observed=False`` FutureWarning (pandas 2.x) and lists only the labels present, as
    pandas 3 will for categoricals; pandas has no setting that changes that default."""
    for c in df.columns:
        dtype = df[c].dtype
        if isinstance(dtype, pd.CategoricalDtype):
            cats = pd.array([str(x) for x in dtype.categories], dtype="string")
            codes = df[c].cat.codes.to_numpy()
            df[c] = pd.Series(cats.take(codes, allow_fill=True), index=df.index)
    return df


def tidy(
    io,
    per_unit: list[tuple[object, Mapping[str, np.ndarray]]],
    level: str,
    ratios: Mapping[str, Callable[[dict], np.ndarray]] | None = None,
    wide: bool = False,
) -> pd.DataFrame:
    """Aggregate per-unit term arrays to ``level``: the tidy long frame (``exporter, importer,
    industry, term, value``; labels categorical, '' where the level lacks a dimension) or, with
    ``wide=True``, one row per key and one float64 column per term (decompr/Stata layout)."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, got {level!r}")
    blocks, terms = [], {}
    for u, (unit, arrays) in enumerate(per_unit):
        agg, flat = {}, {}
        for t, a in arrays.items():
            a = np.asarray(a)
            if _no_partner(io, unit, a, level):
                flat[t] = _broadcast(io, unit, a, level)
            else:
                agg[t] = _aggregate(io, unit, a, level)
        if ratios:
            with np.errstate(divide="ignore", invalid="ignore"):
                ctx = {**agg, **flat}
                for name, f in ratios.items():
                    agg[name] = np.asarray(f(ctx), dtype=np.float64)
        imp, ind = _key_codes(io, unit, level)
        m = next(iter(agg.values())).size if agg else 0
        if imp.size != m:  # e.g. country totals only
            imp, ind = np.zeros(m, np.int32), np.zeros(m, np.int32)
        blocks.append((u, unit.name, imp, ind, agg))
        terms.update(dict.fromkeys(agg))
    if not blocks:
        return pd.DataFrame(columns=COLUMNS)
    ratio_terms = tuple(t for t in (ratios or {}) if t in terms)
    names = list(dict.fromkeys(b[1] for b in blocks))
    imp_cats, ind_cats = ["", *io.reported], ["", *io.industries]
    term_list = list(terms)
    if wide:
        exp = np.concatenate([np.full(b[2].size, names.index(b[1]), np.int32) for b in blocks])
        out = {
            "exporter": categorical(exp, names),
            "importer": categorical(np.concatenate([b[2] for b in blocks]), imp_cats),
            "industry": categorical(np.concatenate([b[3] for b in blocks]), ind_cats),
        }
        for t in term_list:
            out[t] = np.concatenate(
                [b[4].get(t, np.full(b[2].size, np.nan)) for b in blocks]
            ).astype(np.float64)
        df = pd.DataFrame(out)
        df.attrs["ratio_terms"] = ratio_terms
        return df
    exp, imp, ind, term, val = [], [], [], [], []
    for _, name, i_codes, n_codes, agg in blocks:
        for t, vals in agg.items():
            exp.append(np.full(vals.size, names.index(name), np.int32))
            imp.append(i_codes)
            ind.append(n_codes)
            term.append(np.full(vals.size, term_list.index(t), np.int32))
            val.append(vals)
    df = pd.DataFrame(
        {
            "exporter": categorical(np.concatenate(exp), names),
            "importer": categorical(np.concatenate(imp), imp_cats),
            "industry": categorical(np.concatenate(ind), ind_cats),
            "term": categorical(np.concatenate(term), term_list),
            "value": np.concatenate(val).astype(np.float64),
        }
    )
    df.attrs["ratio_terms"] = ratio_terms
    return df


def to_wide(df: pd.DataFrame) -> pd.DataFrame:
    """A long frame (any method) as one row per key and one column per term, terms in order."""
    keys = [c for c in df.columns if c not in ("term", "value")]
    order = list(dict.fromkeys(df["term"].astype(str)))
    w = df.pivot_table(index=keys, columns="term", values="value", observed=True, sort=False)
    out = w.reindex(columns=order).reset_index().rename_axis(columns=None)
    out.attrs = dict(df.attrs)
    return out


SHARE = "share"
"""The unit of a ratio of two levels that is a part of a whole (a fraction, ``EXGR_FVASH``,
``gvc_part_prod_fwd``, ``share_GVC_trade``; ``forward_*`` is a difference of two such
fractions) ..."""
RATIO = "ratio"
"""... and of any other ratio of levels (``gvc_position``, production lengths ``plv``)."""


def ratio_unit(term: str) -> str:
    """``SHARE`` or ``RATIO`` for a ratio term (by its name: ``...SH``, ``share_``, ``_part``,
    ``PART``, ``forward_``)."""
    import re

    shares = r"(SH$|^share_|_part_|^GVC_PART|^forward_)"
    return SHARE if re.search(shares, term) else RATIO


def term_units(df: pd.DataFrame, unit: str | None) -> dict[str, str | None]:
    """The unit of every term of a decompose frame: the table's ``unit`` for levels,
    ``ratio_unit`` for the ratio terms (``df.attrs["ratio_terms"]``)."""
    ratios = set(df.attrs.get("ratio_terms", ()))
    if "term" in df:
        terms = list(dict.fromkeys(df["term"].astype(str)))
    else:
        terms = [c for c in df.columns if c not in (*COLUMNS, "year", "industry_name")]
    return {t: ratio_unit(t) if t in ratios else unit for t in terms}


def annotate(io, df: pd.DataFrame) -> pd.DataFrame:
    """Add ``industry_name`` beside ``industry``, ``year`` (first), the balancing convention
    ``rebalance`` and the ``unit`` (last) columns, when the table knows them (``io.meta``, set
    by ``gvc.read_icio``/``gvc.icio``/``ICIO(..., unit=, year=)``; ``rebalance`` whenever the
    output x was given). Units are per term: the table's unit for levels, ``share`` or ``ratio``
    for ratio terms (``ratio_unit``). Long frames get one ``unit`` column (per row); wide frames
    one ``unit`` column when every term column has the same unit, else one ``unit_<TERM>``
    column per term column, so that no share is ever labelled in a currency."""
    meta = getattr(io, "meta", None) or {}
    attrs = dict(df.attrs)
    names = meta.get("industry_names") or {}
    if names and "industry" in df:
        ind = df["industry"].astype("category")
        nm = [names.get(str(c), "") for c in ind.cat.categories]
        uniq = list(dict.fromkeys(nm))
        remap = np.array([uniq.index(x) for x in nm], dtype=np.int32)
        codes = remap[ind.cat.codes.to_numpy()]
        pos = list(df.columns).index("industry") + 1
        df.insert(pos, "industry_name", pd.Categorical.from_codes(codes, uniq))
    if meta.get("year") is not None:
        df.insert(0, "year", np.full(len(df), int(meta["year"]), np.int16))
    units = term_units(df, meta.get("unit") or None)
    if meta.get("rebalance"):
        df["rebalance"] = pd.Categorical.from_codes(np.zeros(len(df), np.int8), [meta["rebalance"]])
    if meta.get("unit"):  # a table of unknown unit (ICIO without unit=) gets no unit column
        if "term" in df:
            cats = list(dict.fromkeys(u or "" for u in units.values()))
            codes = np.array([cats.index(units[t] or "") for t in df["term"].cat.categories])
            df["unit"] = pd.Categorical.from_codes(
                codes[df["term"].cat.codes.to_numpy()].astype(np.int8), cats
            )
        elif len(set(units.values())) == 1:
            u = next(iter(units.values()))
            df["unit"] = pd.Categorical.from_codes(np.zeros(len(df), np.int8), [u])
        else:
            for t, u in units.items():
                df[f"unit_{t}"] = pd.Categorical.from_codes(np.zeros(len(df), np.int8), [u or ""])
    df.attrs = attrs
    return df
