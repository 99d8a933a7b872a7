"""``feols``: linear models with absorbed fixed effects and IV, over pyfixest.

Formula syntax is fixest's: ``"y ~ x1 + x2 | fe1 + fe2 | endog ~ instr"``; ``fe1^fe2``
interacts fixed effects. See :mod:`gvc.estimators.vcov` for variance options and
:mod:`gvc.estimators.conventions` for small-sample and singleton conventions.
"""

from __future__ import annotations

import re
import warnings
from typing import Any

import numpy as np
import pandas as pd

from gvc.estimators import pyfixest_adapter as pfa
from gvc.estimators._formula import parse_formula
from gvc.estimators.conventions import resolve_ssc
from gvc.estimators.errors import (
    DroppedRowsWarning,
    SingletonWarning,
    SpecificationError,
    plain,
)
from gvc.estimators.iv_diagnostics import iv_diagnostics
from gvc.estimators.multiple import FitList, expand_formula, is_multiple
from gvc.estimators.results import FeolsResult
from gvc.estimators.validation import (
    check_clusters,
    check_hac,
    check_model_data,
    explain_collinear,
)
from gvc.estimators.vcov import parse_vcov
from gvc.estimators.wild import wild_bootstrap_terms

_COLLIN = re.compile(r"dropped: \[(.*?)\]", re.S)


def feols(
    formula: str,
    data: pd.DataFrame,
    vcov: Any = "iid",
    *,
    ssc: str | dict[str, Any] = "fixest",
    drop_singletons: bool = True,
    weights: str | None = None,
    on_collinear: str = "raise",
    lean: bool = False,
) -> FeolsResult:
    """Estimate ``formula`` on ``data`` by OLS/2SLS with absorbed fixed effects.

    Parameters
    ----------
    formula : fixest formula ``"y ~ x | fe1 + fe2 | endog ~ instr"``; with ``sw()``/``csw()``
        (multiple estimation) the result is a :class:`~gvc.estimators.multiple.FitList`.
    data : DataFrame holding every variable the formula, ``vcov`` and ``weights`` name.
    vcov : ``"iid"``, ``"hetero"``, ``{"CRV1": "a"}``, ``{"CRV1": "a + b"}``,
        ``{"DK": {"panel_id": p, "time_id": t, "lag": L}}``, ``{"wild": "a"}`` or a
        :class:`~gvc.estimators.vcov.VcovSpec`.
    ssc : small-sample convention preset ``"fixest"`` (default), ``"full"``, ``"none"``, or a
        dict for ``pyfixest.ssc``; see :mod:`gvc.estimators.conventions`.
    drop_singletons : drop observations alone in a fixed-effect group (fixest default).
    weights : column of analytic weights (WLS), or None.
    on_collinear : ``"raise"`` (default) if a regressor is absorbed by the fixed effects or
        collinear; ``"warn"`` to drop it with a warning naming it.
    lean : drop the design matrices from the pyfixest object (saves memory; no ``model`` use).

    Returns
    -------
    FeolsResult
    """
    if is_multiple(formula):  # sw()/csw(): one fit per formula, returned as a FitList
        kwargs = dict(ssc=ssc, drop_singletons=drop_singletons, weights=weights,
                      on_collinear=on_collinear, lean=lean)  # fmt: skip
        return FitList(feols(f, data, vcov, **kwargs) for f in expand_formula(formula))
    parsed = parse_formula(formula)
    spec = parse_vcov(vcov)
    ssc_kwargs = resolve_ssc(ssc)
    if on_collinear not in {"raise", "warn"}:
        raise SpecificationError(f"on_collinear must be 'raise' or 'warn', got {on_collinear!r}")
    complete = check_model_data(data, parsed, spec, weights)
    n_missing = int((~complete).sum())
    if n_missing:
        warnings.warn(
            f"{n_missing} of {len(data)} rows dropped: missing or non-finite values in "
            f"model variables ({', '.join(parsed.variables)})",
            DroppedRowsWarning,
            stacklevel=2,
        )
    cols = list(dict.fromkeys([*parsed.variables, *spec.columns, *([weights] if weights else [])]))
    sub = data.loc[complete, cols] if n_missing else data.loc[:, cols]
    if drop_singletons and parsed.fixef and not any("[" in f for f in parsed.fixef):
        from gvc.estimators.singletons import non_singletons

        left = int(non_singletons(sub, parsed.fixef).sum())
        if left == 0:  # pyfixest would abort the process here
            raise SpecificationError(
                f"all {len(sub)} observations are alone in a group of the fixed effects "
                f"({' + '.join(parsed.fixef)}): nothing is left to estimate; use fewer or coarser "
                "fixed effects, or more data"
            )
    if spec.is_clustered:  # errors now; the few-clusters warning once, on the effective sample
        check_clusters({c: int(sub[c].nunique()) for c in spec.cluster}, spec, warn=False)
    if spec.is_hac:
        check_hac(sub, spec)
    fit_formula = formula  # what pyfixest sees (combined effects materialised for the bootstrap)
    if spec.kind == "wild":
        if parsed.is_iv:
            raise SpecificationError("the wild cluster bootstrap is not available for IV fits")
        # the bootstrap expands fixed effects into dummies, which pyfixest cannot do for a
        # combined effect a^b: give each one its own column of labels first
        fit_formula, sub = _materialise_combined_fe(formula, parsed.fixef, sub)
        # wildboottest's numba kernels need integer cluster codes (strings fail to type)
        sub[spec.cluster[0]] = pd.factorize(sub[spec.cluster[0]])[0]
    if spec.is_hac and spec.panel_id and not pd.api.types.is_numeric_dtype(sub[spec.panel_id]):
        # pyfixest's Driscoll-Kraay / Newey-West code needs numeric panel ids
        sub = sub.copy()
        sub[spec.panel_id] = pd.factorize(sub[spec.panel_id])[0]

    import pyfixest as pf
    from formulaic.errors import FormulaicError

    pf_vcov, pf_kwargs = spec.pyfixest_args()
    # pyfixest 0.60's IV first stage does not receive the panel/time ids of a HAC vcov and fails;
    # fit with a heteroskedasticity-robust vcov, then recompute the HAC vcov on the fitted model.
    hac_after = parsed.is_iv and spec.is_hac
    if hac_after:
        hac_vcov, hac_kwargs = pf_vcov, pf_kwargs
        pf_vcov, pf_kwargs = "hetero", None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            model = pf.feols(
                fit_formula,
                data=sub,
                vcov=pf_vcov,
                vcov_kwargs=pf_kwargs,
                weights=weights,
                ssc=pf.ssc(**ssc_kwargs),
                fixef_rm="singleton" if drop_singletons else "none",
                copy_data=False,
                lean=lean and not parsed.is_iv and spec.kind != "wild",
            )
        except ValueError as exc:
            if "collinear" in str(exc).lower():
                reasons = [explain_collinear(sub, v, parsed.fixef) for v in parsed.plain_regressors]
                raise SpecificationError(
                    f"formula {formula!r}: no regressor can be estimated: " + "; ".join(reasons)
                ) from exc
            raise SpecificationError(f"pyfixest could not fit {formula!r}: {plain(exc)}") from exc
        except FormulaicError as exc:  # the formula's grammar (formulaic, under pyfixest)
            raise SpecificationError(f"formula {formula!r}: {plain(exc)}") from exc
        except Exception as exc:  # pyfixest's own errors (pyfixest.errors: not ValueError)
            if type(exc).__module__ != "pyfixest.errors":
                raise
            raise SpecificationError(f"formula {formula!r}: {plain(exc)}") from exc
    if hac_after:
        model.vcov(hac_vcov, vcov_kwargs=hac_kwargs)
    for w in caught:
        msg = str(w.message)
        if "singleton" in msg or "multicollinearity" in msg:
            continue  # re-issued below with gvc's wording
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    if not pfa.is_single_model(model):
        raise SpecificationError(
            "formula defines several models; use gvc.estimators.SpecGrid for multiple estimation"
        )

    terms = pfa.terms(model)
    dropped = [v for v in parsed.plain_regressors if v not in terms]
    for w in caught:
        m = _COLLIN.search(str(w.message))
        if m:
            dropped += [t.strip(" '\"") for t in m.group(1).split(",") if t.strip()]
    dropped = list(dict.fromkeys(d for d in dropped if d not in terms))
    if dropped:
        reasons = [explain_collinear(sub, v, parsed.fixef) for v in dropped]
        if on_collinear == "raise":
            raise SpecificationError(
                f"formula {formula!r}: " + "; ".join(reasons) + "; remove it from the formula, "
                "or pass on_collinear='warn' to drop it and estimate the rest"
            )
        for r in reasons:
            warnings.warn(f"{r}; dropped", UserWarning, stacklevel=2)

    n_singletons = int(len(sub) - pfa.nobs(model)) if drop_singletons and parsed.fixef else 0
    if n_singletons:
        warnings.warn(
            f"{n_singletons} singleton observation(s) dropped (alone in a fixed-effect group); "
            "point estimates are unaffected, N and degrees of freedom shrink",
            SingletonWarning,
            stacklevel=2,
        )
    used = _used_positions(model, len(sub))
    n_clusters: dict[str, int] = {}
    sample_notes: list[str] = []
    if n_missing:
        sample_notes.append(f"{n_missing} rows with missing or non-finite values dropped")
    if n_singletons:
        sample_notes.append(f"{n_singletons} singleton observation(s) dropped")
    if spec.is_clustered:
        n_clusters = {c: int(sub[c].iloc[used].nunique()) for c in spec.cluster}
        sample_notes += check_clusters(n_clusters, spec)

    coef, se = pfa.coef_se(model)
    bad = se.index[~np.isfinite(se.to_numpy()) | ~np.isfinite(coef.to_numpy())].tolist()
    if bad:
        raise SpecificationError(
            f"standard errors are not finite for {bad} under vcov {spec.label}: the sample "
            f"({pfa.nobs(model)} rows) is too small or degenerate for this variance estimator"
        )
    r2, r2_within = pfa.r2(model)
    result = FeolsResult(
        formula=formula,
        depvar=parsed.depvar,
        coef=coef,
        se=se,
        vcov_matrix=pfa.vcov_matrix(model),
        df_t=pfa.df_t(model),
        nobs=pfa.nobs(model),
        vcov_spec=spec,
        fixed_effects=parsed.fixef,
        n_dropped_missing=n_missing,
        n_singletons=n_singletons,
        n_clusters=n_clusters,
        ssc=ssc_kwargs,
        r2=r2,
        r2_within=r2_within,
        is_iv=parsed.is_iv,
        endog=parsed.endog,
        instruments=parsed.instruments,
        model=None if lean else model,
        notes=sample_notes,
    )
    if parsed.is_iv:
        clusters = sub[spec.cluster[0]].iloc[used].to_numpy() if spec.is_clustered else None
        result.first_stage, notes = iv_diagnostics(model, spec, clusters)
        result.notes.extend(notes)
    if spec.kind == "wild":
        result.bootstrap = wild_bootstrap_terms(model, spec, terms)
        result.notes.append(
            f"p-values and CIs from a wild cluster bootstrap ({spec.reps} reps, "
            f"{spec.weights_type} weights, null imposed); SEs are CRV1"
        )
    return result


def _materialise_combined_fe(
    formula: str, fixef: tuple[str, ...], data: pd.DataFrame
) -> tuple[str, pd.DataFrame]:
    """Replace each combined fixed effect ``a^b`` by a column of ``a|b`` labels (same groups)."""
    combined = [fe for fe in fixef if "^" in fe]
    if not combined:
        return formula, data
    data = data.copy()
    parts = formula.split("|")
    fe_part = parts[1]
    for fe in combined:
        cols = [c.strip() for c in fe.split("^")]
        name = "__".join(cols) + "__fe"
        data[name] = data[cols].astype(str).agg("|".join, axis=1)
        fe_part = re.sub(r"\s*\^\s*".join(map(re.escape, cols)), name, fe_part)
    parts[1] = fe_part
    return "|".join(parts), data


def _used_positions(model: Any, n_rows: int) -> np.ndarray:
    """Positions (0..n_rows-1) of the rows pyfixest kept."""
    dropped = pfa.dropped_rows(model)
    if not dropped:
        return np.arange(n_rows)
    keep = np.ones(n_rows, dtype=bool)
    keep[np.fromiter(dropped, dtype=np.int64)] = False
    return np.flatnonzero(keep)
