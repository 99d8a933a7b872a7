"""Specification families used by the robot/GVC claims.

* :func:`twfe_levels`: y on x with unit (country x industry) and year effects, levels. The
  coefficient is in outcome units per unit of x (e.g. percentage points per robot per 10k).
* :func:`log_log`: log y on log x with the same effects: an elasticity (% per %).
* :func:`long_difference`: (y_end - y_start) on (x_end - x_start) across units.
* :func:`event_study`: dynamic effects (leads/lags) and the pooled ATT around a unit's first
  adoption year by plain TWFE, Sun-Abraham (``saturated``) or Gardner/BJS (``did2s``);
  :func:`event_study_plot` draws them.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gvc.estimators import pyfixest_adapter as pfa
from gvc.estimators.errors import SingletonWarning, SpecificationError
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


ES_METHODS = ("twfe", "saturated", "did2s")
DYNAMIC_COLUMNS = ["rel_time", "estimate", "std_error", "ci_low", "ci_high"]


@dataclass
class EventStudyResult(FeolsResult):
    """An event study around adoption: a :class:`FeolsResult` plus the dynamic effects.

    The inherited fields (``coef``, ``se``, ``tidy()``...) hold the pooled ATT (term
    ``is_treated``) when ``att=True`` (the default), else the dynamic coefficients (terms
    ``rel_time::<l>``). Extra attributes:

    dynamic : DataFrame ``rel_time, estimate, std_error, ci_low, ci_high``; one row per
        relative period in the window, the reference period included with estimate 0 and NaN
        standard error. Binned endpoints hold every period at or beyond them.
    att_table : one-row tidy frame of the pooled ATT (term ``is_treated``).
    method, ref, window : estimator, reference period and (first, last) relative period.
    dynamic_fit : :class:`FeolsResult` of the dynamic coefficients (its ``vcov_matrix`` is the
        covariance of ``dynamic``'s estimates, e.g. for joint pre-trend tests).
    cells : for ``saturated``, the cohort x relative-period coefficients with their weights.
    """

    method: str = "twfe"
    ref: int = -1
    window: tuple[int, int] = (0, 0)
    dynamic: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=DYNAMIC_COLUMNS))
    att_table: pd.DataFrame = field(default_factory=pd.DataFrame)
    dynamic_fit: FeolsResult | None = field(default=None, repr=False)
    cells: pd.DataFrame | None = field(default=None, repr=False)
    conf_level: float = 0.95

    def pretrend_wald(self) -> dict[str, float]:
        """Joint Wald test that every lead (rel_time < ref, excluding the reference) is zero.

        Returns ``{"stat": W/q, "df1": q, "df2": df_t, "p_value": ...}`` (F form, t df of the
        fit's variance estimator). NaN when there are no leads.
        """
        from scipy import stats

        fit = self.dynamic_fit
        if fit is None:
            return {"stat": np.nan, "df1": 0, "df2": np.nan, "p_value": np.nan}
        leads = [t for t in fit.terms if _rel_of(t) < self.ref]
        if not leads:
            return {"stat": np.nan, "df1": 0, "df2": fit.df_t, "p_value": np.nan}
        b = fit.coef[leads].to_numpy(float)
        v = fit.vcov_matrix.loc[leads, leads].to_numpy(float)
        q = len(leads)
        stat = float(b @ np.linalg.solve(v, b)) / q
        p = (
            float(stats.f.sf(stat, q, fit.df_t))
            if np.isfinite(fit.df_t)
            else float(stats.chi2.sf(stat * q, q))
        )
        return {"stat": stat, "df1": q, "df2": fit.df_t, "p_value": p}

    def plot(self, path: str | Path | None = None, **kwargs: Any):
        """Event-study plot; see :func:`event_study_plot`."""
        return event_study_plot(self, path, **kwargs)


def _rel_name(rel: int) -> str:
    return f"rel_time::{rel}"


def _rel_of(term: str) -> int:
    return int(term.split("::")[1])


def _dummy_col(rel: int, cohort: int | None = None) -> str:
    base = f"_gvc_rel_{'m' if rel < 0 else 'p'}{abs(rel)}"
    return base if cohort is None else f"{base}_g{cohort}"


def event_study(
    data: pd.DataFrame,
    y: str,
    *,
    unit: str,
    time: str,
    first_treated: str,
    method: str | None = None,
    estimator: str = "twfe",
    cluster: str | None = None,
    att: bool = True,
    window: tuple[int, int] | None = None,
    ref: int = -1,
    conf_level: float = 0.95,
) -> EventStudyResult:
    """Event study around adoption: dynamic effects by period relative to adoption + pooled ATT.

    Parameters
    ----------
    data : panel with ``y``, ``unit``, ``time`` (integer periods, e.g. years) and
        ``first_treated`` (first adoption period, 0 for never-adopters; see
        :func:`adoption_year`). ``unit`` must be a single column (build ``iso3^industry`` codes
        first). At least one never-adopting unit is required.
    method : ``"twfe"``, ``"saturated"`` or ``"did2s"`` (``estimator`` is the older name of the
        same argument and is used when ``method`` is None):

        * ``"twfe"``: OLS of y on relative-period dummies with unit and period effects
          (:func:`gvc.estimators.feols`); pooled ATT from ``y ~ is_treated | unit + time``
          (= :func:`pyfixest.event_study`'s ``twfe``). Unbiased only if the effect path is the
          same for every adoption cohort: with heterogeneous effects each lead/lag is
          contaminated by effects from other periods (Sun & Abraham 2021) and the pooled
          coefficient is a weighted average with possibly negative weights (de Chaisemartin &
          D'Haultfoeuille 2020; Goodman-Bacon 2021; Borusyak, Jaravel & Spiess 2024).
        * ``"saturated"``: Sun & Abraham (2021) interaction-weighted estimator. Cohort x
          relative-period dummies (reference ``ref`` per cohort) with unit and period effects,
          never-adopters as the control cohort (fixest's ``sunab``; pyfixest's
          ``estimator="saturated"``); each relative period's effect is the average of the
          cohort-specific CATT_(g,l) weighted by the cohort's share of the observations at
          that relative period. The pooled ATT averages all post-adoption CATT_(g,l) with
          weights equal to their number of observations (the ATT over treated
          observations). Standard errors by the delta method with the shares held fixed (as
          fixest/pyfixest ``aggregate``).
        * ``"did2s"``: Gardner (2021) two-stage DiD = Borusyak-Jaravel-Spiess imputation
          (:func:`pyfixest.did2s`): unit and period effects are estimated on not-yet-treated
          observations only, then the residualised outcome is regressed on the
          relative-period dummies (or ``is_treated`` for the ATT); GMM standard errors that
          account for the first stage. Lags are averages of the imputed effects; leads are
          mean residuals of not-yet-treated observations at each lead (a pre-trend check, not
          a normalisation against ``ref``).

        ``saturated`` and ``did2s`` are robust to heterogeneous effects across cohorts and
        over time (under parallel trends and no anticipation).
    cluster : cluster variable for CRV1 standard errors (default ``unit``).
    att : if True (default) ``coef``/``tidy()`` report the pooled ATT (term ``is_treated``);
        if False they report the dynamic coefficients (terms ``rel_time::<l>``). Both are
        always available as ``result.att_table`` and ``result.dynamic``.
    window : ``(first, last)`` relative periods, e.g. ``(-4, 5)``; periods before ``first`` are
        binned into ``first`` and periods after ``last`` into ``last`` (binned endpoints).
        Default: the observed range (no binning).
    ref : omitted reference period (default -1, the period before adoption).
    conf_level : level of the intervals in ``dynamic`` and ``att_table``.

    Estimates are in units of ``y`` (a level outcome gives level effects; log y gives
    approximately proportional effects); relative periods are in units of ``time``.
    """
    chosen = (method or estimator or "twfe").lower()
    if chosen not in ES_METHODS:
        raise SpecificationError(f"method must be one of {ES_METHODS}, got {chosen!r}")
    cluster = cluster or unit
    require_columns(data, [y, unit, time, first_treated, cluster])
    cols = list(dict.fromkeys([y, unit, time, first_treated, cluster]))
    d = data[cols].dropna().copy()
    if d.empty:
        raise SpecificationError(f"no complete rows in {cols}")
    g = d[first_treated]
    if (g == 0).all():
        raise SpecificationError(f"no unit ever adopts: {first_treated!r} is 0 everywhere")
    if (g != 0).all():
        raise SpecificationError("no never-treated units (first_treated == 0) to compare with")
    if d.groupby(unit)[first_treated].nunique().max() > 1:
        raise SpecificationError(f"{first_treated!r} must be constant within each {unit!r}")
    for v in (time, first_treated):
        if not pd.api.types.is_numeric_dtype(d[v]):
            raise SpecificationError(f"{v!r} must be numeric (integer periods such as years)")
    d[time] = d[time].astype(np.int64)
    d[first_treated] = d[first_treated].astype(np.int64)
    treated = d[first_treated] > 0
    rel_raw = (d[time] - d[first_treated]).where(treated)
    lo, hi = int(rel_raw.min()), int(rel_raw.max())
    first, last = (lo, hi) if window is None else (int(window[0]), int(window[1]))
    if not first <= ref <= last or first >= last:
        raise SpecificationError(
            f"window {(first, last)} must be increasing and contain the reference period {ref}"
        )
    d["_gvc_rel"] = rel_raw.clip(lower=first, upper=last)
    d["is_treated"] = (treated & (d[time] >= d[first_treated])).astype(np.int64)
    rels = [r for r in range(first, last + 1) if r != ref and (d["_gvc_rel"] == r).any()]
    if not rels:
        raise SpecificationError("no relative periods besides the reference are observed")
    vcov = {"CRV1": cluster}
    spec = parse_vcov(vcov)
    notes: list[str] = []
    if window is not None and (lo < first or hi > last):
        notes.append(
            f"endpoints binned: rel_time <= {first} pooled into {first}, >= {last} into {last}"
        )

    if chosen == "twfe":
        for r in rels:
            d[_dummy_col(r)] = (d["_gvc_rel"] == r).astype(float)
        fml = f"{y} ~ {' + '.join(_dummy_col(r) for r in rels)} | {unit} + {time}"
        dyn = _quiet_feols(fml, d, vcov)
        dyn_fit = _rename_terms(dyn, {_dummy_col(r): _rel_name(r) for r in rels})
        att_fit = _quiet_feols(f"{y} ~ is_treated | {unit} + {time}", d, vcov)
        cells = None
    elif chosen == "saturated":
        dyn_fit, att_fit, cells = _sun_abraham(d, y, unit, time, first_treated, rels, vcov)
    else:
        dyn_fit, att_fit = _did2s(d, y, unit, time, cluster, rels, spec)
        cells = None

    dynamic = _dynamic_frame(dyn_fit, rels, ref, conf_level)
    att_table = att_fit.tidy(conf_level)
    base = att_fit if att else dyn_fit
    kw = {f.name: getattr(base, f.name) for f in fields(FeolsResult)}
    kw["formula"] = f"event study of {y} ({chosen}, ref {ref}, window {first}..{last})"
    kw["notes"] = [*base.notes, *notes]
    kw["n_clusters"] = {cluster: int(d[cluster].nunique())}
    return EventStudyResult(
        **kw,
        method=chosen,
        ref=ref,
        window=(first, last),
        dynamic=dynamic,
        att_table=att_table,
        dynamic_fit=dyn_fit,
        cells=cells,
        conf_level=conf_level,
    )


def _quiet_feols(fml: str, d: pd.DataFrame, vcov: Any) -> FeolsResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SingletonWarning)
        return feols(fml, d, vcov, on_collinear="warn")


def _rename_terms(fit: FeolsResult, mapping: dict[str, str]) -> FeolsResult:
    new = replace(fit)
    new.coef = fit.coef.rename(index=mapping)
    new.se = fit.se.rename(index=mapping)
    new.vcov_matrix = fit.vcov_matrix.rename(index=mapping, columns=mapping)
    return new


def _dynamic_frame(fit: FeolsResult, rels: list[int], ref: int, conf_level: float) -> pd.DataFrame:
    tab = fit.tidy(conf_level).set_index("term")
    rows = []
    for r in sorted([*rels, ref]):
        name = _rel_name(r)
        if r == ref:
            rows.append((r, 0.0, np.nan, np.nan, np.nan))
        elif name in tab.index:
            t = tab.loc[name]
            rows.append((r, t.estimate, t.std_error, t.ci_low, t.ci_high))
        else:  # dropped as collinear
            rows.append((r, np.nan, np.nan, np.nan, np.nan))
    out = pd.DataFrame(rows, columns=DYNAMIC_COLUMNS)
    out["rel_time"] = out["rel_time"].astype(int)
    return out


def _lincomb_fit(
    base: FeolsResult, weights: pd.DataFrame, terms: list[str], formula: str
) -> FeolsResult:
    """FeolsResult of linear combinations ``weights`` (terms x base coefficients) of ``base``."""
    r = weights.reindex(columns=base.terms, fill_value=0.0).to_numpy(float)
    b = base.coef.to_numpy(float)
    v = base.vcov_matrix.to_numpy(float)
    cov = r @ v @ r.T
    return replace(
        base,
        formula=formula,
        coef=pd.Series(r @ b, index=terms),
        se=pd.Series(np.sqrt(np.diag(cov)), index=terms),
        vcov_matrix=pd.DataFrame(cov, index=terms, columns=terms),
        notes=list(base.notes),
    )


def _sun_abraham(d, y, unit, time, first_treated, rels, vcov):
    cohorts = sorted(int(c) for c in d.loc[d[first_treated] > 0, first_treated].unique())
    cell_cols: dict[str, tuple[int, int]] = {}
    for c in cohorts:
        in_c = d[first_treated] == c
        for r in rels:
            mask = in_c & (d["_gvc_rel"] == r)
            if mask.any():
                col = _dummy_col(r, c)
                d[col] = mask.astype(float)
                cell_cols[col] = (c, r)
    fml = f"{y} ~ {' + '.join(cell_cols)} | {unit} + {time}"
    sat = _quiet_feols(fml, d, vcov)
    counts = d.groupby([first_treated, "_gvc_rel"]).size()
    cells = pd.DataFrame(
        [
            (c, r, col, counts.get((c, r), 0), sat.coef.get(col, np.nan), sat.se.get(col, np.nan))
            for col, (c, r) in cell_cols.items()
        ],
        columns=["cohort", "rel_time", "term", "n_obs", "estimate", "std_error"],
    )
    ok = cells[np.isfinite(cells["estimate"])].copy()
    ok["weight"] = ok["n_obs"] / ok.groupby("rel_time")["n_obs"].transform("sum")
    cells = cells.merge(ok[["term", "weight"]], on="term", how="left")
    cells["weight"] = cells["weight"].fillna(0.0)
    dyn_terms = [_rel_name(r) for r in rels if (ok["rel_time"] == r).any()]
    w_dyn = pd.DataFrame(0.0, index=dyn_terms, columns=sat.terms)
    for _, row in ok.iterrows():
        w_dyn.loc[_rel_name(int(row.rel_time)), row.term] = row.weight
    dyn_fit = _lincomb_fit(sat, w_dyn, dyn_terms, f"Sun-Abraham aggregation of {fml}")
    post = ok[ok["rel_time"] >= 0]
    if post.empty:
        raise SpecificationError("no post-adoption observations to estimate the ATT")
    w_att = pd.DataFrame(0.0, index=["is_treated"], columns=sat.terms)
    w_att.loc["is_treated", post["term"].tolist()] = (
        post["n_obs"] / post["n_obs"].sum()
    ).to_numpy()
    att_fit = _lincomb_fit(sat, w_att, ["is_treated"], f"Sun-Abraham ATT of {fml}")
    note = "Sun-Abraham weights (cohort shares) treated as known in the delta-method SEs"
    dyn_fit.notes.append(note)
    att_fit.notes.append(note)
    return dyn_fit, att_fit, cells


def _did2s(d, y, unit, time, cluster, rels, spec):
    import pyfixest as pf

    for r in rels:
        d[_dummy_col(r)] = (d["_gvc_rel"] == r).astype(np.int64)
    d = d.reset_index(drop=True)

    def fit(second: str, label: str) -> FeolsResult:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            m = pf.did2s(
                d,
                yname=y,
                first_stage=f"~ 0 | {unit} + {time}",
                second_stage=f"~ {second}",
                treatment="is_treated",
                cluster=cluster,
            )
        res = from_pyfixest(m, spec, label, y)
        res.df_t = float(d[cluster].nunique() - 1)  # t(G - 1), as for CRV1 fits
        res.notes.append("did2s: Gardner (2021) two-stage estimator; GMM standard errors")
        return res

    dyn = fit(" + ".join(_dummy_col(r) for r in rels), f"did2s event study of {y}")
    dyn_fit = _rename_terms(dyn, {_dummy_col(r): _rel_name(r) for r in rels})
    att_fit = fit("is_treated", f"did2s ATT of {y}")
    return dyn_fit, att_fit


def event_study_plot(
    results: EventStudyResult | Sequence[EventStudyResult],
    path: str | Path | None = None,
    *,
    names: Sequence[str] | None = None,
    ylabel: str | None = None,
    xlabel: str | None = None,
    title: str | None = None,
    truth: pd.Series | None = None,
    dpi: int = 150,
):
    """Leads and lags with confidence intervals (one colour per result), written as PNG.

    ``ylabel`` should give the outcome's units (default: "Effect on <y> (units of <y>)");
    ``xlabel`` defaults to "Periods relative to adoption (ref = -1)". ``truth`` (indexed by
    relative period) is drawn as a dashed line, e.g. for simulations. Returns the Figure.
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    res = [results] if isinstance(results, EventStudyResult) else list(results)
    if not res:
        raise ValueError("no event-study results to plot")
    names = list(names) if names is not None else [r.method for r in res]
    fig, ax = plt.subplots(figsize=(7, 4.2))
    palette = sns.color_palette("colorblind", len(res))
    n = len(res)
    for j, (name, r) in enumerate(zip(names, res, strict=True)):
        dyn = r.dynamic
        x = dyn["rel_time"].to_numpy(float) + (j - (n - 1) / 2) * 0.12
        est = dyn["estimate"].to_numpy(float)
        lo = est - dyn["ci_low"].to_numpy(float)
        hi = dyn["ci_high"].to_numpy(float) - est
        ax.errorbar(
            x,
            est,
            yerr=[np.nan_to_num(lo), np.nan_to_num(hi)],
            fmt="o-",
            ms=4,
            lw=1,
            capsize=2.5,
            color=palette[j],
            label=name,
        )
    if truth is not None:
        ax.plot(truth.index, truth.to_numpy(float), "k--", lw=1, label="truth")
    ax.axhline(0, color="grey", lw=0.8)
    ax.axvline(res[0].ref + 0.5, color="grey", lw=0.8, ls=":")
    ax.set_xlabel(xlabel or f"Periods relative to adoption (ref = {res[0].ref})")
    ax.set_ylabel(ylabel or f"Effect on {res[0].depvar} (units of {res[0].depvar})")
    level = res[0].conf_level
    ax.set_title(title or f"Event study: estimates with {level:.0%} confidence intervals")
    from gvc.estimators.plots import finish_figure

    return finish_figure(fig, ax, path, dpi, legend=n > 1 or truth is not None)


def from_pyfixest(model: Any, spec, formula: str, depvar: str) -> FeolsResult:
    """Wrap a fitted pyfixest ``Feols`` into a :class:`FeolsResult`."""
    coef, se = pfa.coef_se(model)
    return FeolsResult(
        formula=formula,
        depvar=depvar,
        coef=coef,
        se=se,
        vcov_matrix=pfa.vcov_matrix(model),
        df_t=pfa.df_t(model, default=np.inf),
        nobs=pfa.nobs(model),
        vcov_spec=spec,
        fixed_effects=pfa.fixed_effects(model),
        model=model,
    )
