"""Specification families used by the robot/GVC claims.

* :func:`twfe_levels`: y on x with unit (country x industry) and year effects, levels. The
  coefficient is in outcome units per unit of x (e.g. percentage points per robot per 10k).
* :func:`log_log`: log y on log x with the same effects: an elasticity (% per %).
* :func:`long_difference`: (y_end - y_start) on (x_end - x_start) across units.
* :func:`event_study`: pyfixest's event study around a unit's first adoption year.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from gvc.estimators.errors import SpecificationError
from gvc.estimators.feols import feols
from gvc.estimators.results import FeolsResult
from gvc.estimators.validation import require_columns
from gvc.estimators.vcov import parse_vcov

DEFAULT_FE = ("iso3^industry", "year")


def _formula(y: str, x: Sequence[str], controls: Sequence[str], fe: Sequence[str] | None) -> str:
    rhs = " + ".join([*x, *controls]) or "1"
    return f"{y} ~ {rhs}" + (f" | {' + '.join(fe)}" if fe else "")


def twfe_levels(
    data: pd.DataFrame,
    y: str,
    x: str | Sequence[str],
    *,
    fe: Sequence[str] | None = DEFAULT_FE,
    controls: Sequence[str] = (),
    vcov: Any = None,
    **kwargs: Any,
) -> FeolsResult:
    """Two-way fixed effects in levels; default clustering by ``iso3``."""
    xs = [x] if isinstance(x, str) else list(x)
    return feols(_formula(y, xs, controls, fe), data, vcov or {"CRV1": "iso3"}, **kwargs)


def log_log(
    data: pd.DataFrame,
    y: str,
    x: str | Sequence[str],
    *,
    fe: Sequence[str] | None = DEFAULT_FE,
    controls: Sequence[str] = (),
    vcov: Any = None,
    offset: float = 0.0,
    **kwargs: Any,
) -> FeolsResult:
    """log(y) on log(x + offset): coefficients are elasticities (% change per 1% change).

    Non-positive values raise an error naming the variable and count (no silent dropping).
    """
    xs = [x] if isinstance(x, str) else list(x)
    require_columns(data, [y, *xs])
    d = data.copy()
    for v, off in [(y, 0.0), *[(v, offset) for v in xs]]:
        vals = d[v].astype(float) + off
        bad = int((vals <= 0).sum())
        if bad:
            raise SpecificationError(
                f"log-log needs positive {v!r}{f' + {off}' if off else ''}; {bad} rows are <= 0 "
                "(filter them or pass offset= for the regressor)"
            )
        d[f"log_{v}"] = np.log(vals)
    return feols(
        _formula(f"log_{y}", [f"log_{v}" for v in xs], controls, fe),
        d,
        vcov or {"CRV1": "iso3"},
        **kwargs,
    )


def long_difference(
    data: pd.DataFrame,
    y: str,
    x: str | Sequence[str],
    *,
    start: int,
    end: int,
    unit: Sequence[str] = ("iso3", "industry"),
    time: str = "year",
    fe: Sequence[str] | None = None,
    controls: Sequence[str] = (),
    vcov: Any = "hetero",
    **kwargs: Any,
) -> FeolsResult:
    """Regress d_y = y_end - y_start on d_x = x_end - x_start (one row per unit).

    ``controls`` are taken at ``start`` (baseline); ``fe`` may name unit columns (e.g. ``iso3``
    for within-country comparisons across industries). Coefficients read as change in y per unit
    change in x over the window.
    """
    xs = [x] if isinstance(x, str) else list(x)
    unit = list(unit)
    require_columns(data, [y, *xs, *controls, *unit, time])
    a = data[data[time] == start].set_index(unit)
    b = data[data[time] == end].set_index(unit)
    if a.empty or b.empty:
        raise SpecificationError(f"no rows in {time}={start if a.empty else end}")
    common = a.index.intersection(b.index)
    if len(common) == 0:
        raise SpecificationError(f"no unit observed in both {start} and {end}")
    d = pd.DataFrame(index=common)
    for v in [y, *xs]:
        d[f"d_{v}"] = b.loc[common, v] - a.loc[common, v]
    for c in controls:
        d[c] = a.loc[common, c]
    d = d.reset_index()
    return feols(_formula(f"d_{y}", [f"d_{v}" for v in xs], controls, fe), d, vcov, **kwargs)


def adoption_year(
    data: pd.DataFrame,
    value: str,
    threshold: float,
    *,
    unit: Sequence[str] = ("iso3", "industry"),
    time: str = "year",
) -> pd.Series:
    """First ``time`` at which ``value`` >= ``threshold`` per unit; 0 for never (pyfixest's code).

    Returned aligned to ``data``'s rows, ready as the ``first_treated`` column of
    :func:`event_study` (e.g. first year with more than 10 robots per 10,000 workers).
    """
    unit = list(unit)
    require_columns(data, [value, time, *unit])
    hit = data[time].where(data[value] >= threshold)
    first = hit.groupby([data[u] for u in unit]).transform("min")
    return first.fillna(0).astype(int).rename("first_treated")


def event_study(
    data: pd.DataFrame,
    y: str,
    *,
    unit: str,
    time: str,
    first_treated: str,
    estimator: str = "twfe",
    cluster: str | None = None,
    att: bool = True,
) -> FeolsResult:
    """Event study around adoption via :func:`pyfixest.event_study` (``twfe``, ``did2s``,
    ``saturated``). ``first_treated`` is 0 for never-adopters. ``unit`` must be a single column
    (build ``iso3^industry`` codes first). SEs are clustered by ``cluster`` (default ``unit``).
    ``att=True`` returns the pooled post-adoption effect (term ``is_treated``); ``att=False``
    asks pyfixest for leads and lags where the estimator supports them (``did2s``, ``saturated``).
    """
    import pyfixest as pf

    require_columns(data, [y, unit, time, first_treated, *([cluster] if cluster else [])])
    d = data[[y, unit, time, first_treated, *([cluster] if cluster and cluster != unit else [])]]
    d = d.dropna().copy()
    if (d[first_treated] == 0).all():
        raise SpecificationError(f"no unit ever adopts: {first_treated!r} is 0 everywhere")
    if (d[first_treated] != 0).all():
        raise SpecificationError("no never-treated units (first_treated == 0) to compare with")
    fit = pf.event_study(
        d,
        yname=y,
        idname=unit,
        tname=time,
        gname=first_treated,
        estimator=estimator,
        att=att,
        cluster=cluster or unit,
    )
    res = from_pyfixest(fit, parse_vcov({"CRV1": cluster or unit}), f"event study of {y}", y)
    res.n_clusters = {cluster or unit: int(d[cluster or unit].nunique())}
    return res


def from_pyfixest(model: Any, spec, formula: str, depvar: str) -> FeolsResult:
    """Wrap a fitted pyfixest ``Feols`` into a :class:`FeolsResult`."""
    terms = [str(t) for t in model._coefnames]
    fe = tuple(str(model._fixef).split("+")) if getattr(model, "_fixef", None) else ()
    return FeolsResult(
        formula=formula,
        depvar=depvar,
        coef=pd.Series(np.asarray(model._beta_hat, float).ravel(), index=terms),
        se=pd.Series(np.asarray(model._se, float).ravel(), index=terms),
        vcov_matrix=pd.DataFrame(np.asarray(model._vcov, float), index=terms, columns=terms),
        df_t=float(np.squeeze(model._df_t)) if np.size(getattr(model, "_df_t", np.nan)) else np.inf,
        nobs=int(model._N),
        vcov=spec,
        fixed_effects=tuple(f.strip() for f in fe),
        model=model,
    )
