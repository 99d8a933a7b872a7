"""Input checks run before any estimator: every failure names the column and the problem."""

from __future__ import annotations

import warnings
from collections.abc import Iterable

import numpy as np
import pandas as pd

from gvc.estimators._formula import ParsedFormula
from gvc.estimators.conventions import FEW_CLUSTERS, FEW_PERIODS, MIN_CLUSTERS
from gvc.estimators.errors import FewClustersWarning, SpecificationError
from gvc.estimators.vcov import VcovSpec


def require_columns(data: pd.DataFrame, columns: Iterable[str], what: str = "data") -> None:
    """Raise :class:`SpecificationError` listing every column of ``columns`` absent from data."""
    if not isinstance(data, pd.DataFrame):
        raise SpecificationError(f"{what} must be a pandas DataFrame, got {type(data).__name__}")
    missing = [c for c in dict.fromkeys(columns) if c not in data.columns]
    if missing:
        shown = ", ".join(map(repr, missing))
        avail = ", ".join(map(str, list(data.columns)[:20]))
        raise SpecificationError(
            f"{what} has no column(s) {shown} (unknown variable in the formula or options). "
            f"Available columns: {avail}{' ...' if data.shape[1] > 20 else ''}"
        )


def check_model_data(
    data: pd.DataFrame, parsed: ParsedFormula, spec: VcovSpec, weights: str | None
) -> pd.Series:
    """Validate the columns a model uses; return the boolean mask of complete rows.

    Raises for missing columns, all-missing variables, non-numeric outcomes and models that
    would have no rows left. Cluster and HAC variables must be complete on the estimation rows.
    """
    model_cols = list(parsed.variables) + ([weights] if weights else [])
    require_columns(data, [*model_cols, *spec.columns])
    if len(data) == 0:
        raise SpecificationError("data has no rows")
    complete = pd.Series(True, index=data.index)
    for col in model_cols:
        s = data[col]
        if col in parsed.fe_columns:
            ok = s.notna()
        else:
            if not (pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s)):
                if col == parsed.depvar or col in parsed.endog:
                    raise SpecificationError(
                        f"variable {col!r} must be numeric, has dtype {s.dtype}"
                    )
                ok = s.notna()
            else:
                ok = pd.Series(np.isfinite(s.to_numpy(dtype=float)), index=data.index)
        if not ok.any():
            raise SpecificationError(
                f"variable {col!r} is missing (NaN/inf) in all {len(data)} rows; "
                "nothing can be estimated with it"
            )
        complete &= ok
    if not complete.any():
        shares = {c: float(data[c].isna().mean()) for c in model_cols}
        worst = sorted(shares, key=shares.get, reverse=True)[:3]
        raise SpecificationError(
            "no row has all model variables observed; most missing: "
            + ", ".join(f"{c} ({shares[c]:.0%} missing)" for c in worst)
        )
    for col in spec.columns:
        if data.loc[complete, col].isna().any():
            n = int(data.loc[complete, col].isna().sum())
            raise SpecificationError(
                f"{spec.kind} variable {col!r} is missing in {n} estimation rows; "
                "drop or fill those rows first"
            )
    return complete


def check_clusters(n_clusters: dict[str, int], spec: VcovSpec, *, warn: bool = True) -> list[str]:
    """Error below :data:`MIN_CLUSTERS`; :class:`FewClustersWarning` below :data:`FEW_CLUSTERS`.

    Returns the warning texts (also issued when ``warn``), so a fit can record them in its notes.
    """
    texts: list[str] = []
    for var, g in n_clusters.items():
        if g < MIN_CLUSTERS:
            raise SpecificationError(
                f"cluster variable {var!r} has {g} cluster(s) in the estimation sample; "
                f"cluster-robust inference needs at least {MIN_CLUSTERS}"
            )
        if g < FEW_CLUSTERS and spec.kind != "wild":
            text = (
                f"cluster variable {var!r} has only {g} clusters (< {FEW_CLUSTERS}): CRV1 "
                f"t(G-1) inference over-rejects; consider vcov={{'wild': {var!r}}}"
            )
            texts.append(text)
            if warn:
                warnings.warn(text, FewClustersWarning, stacklevel=3)
    return texts


def check_hac(data: pd.DataFrame, spec: VcovSpec) -> int:
    """Check the time id of a DK/NW option; return the number of periods T."""
    t = data[spec.time_id]
    if not (pd.api.types.is_numeric_dtype(t) or pd.api.types.is_datetime64_any_dtype(t)):
        raise SpecificationError(
            f"time_id {spec.time_id!r} must be numeric (e.g. year) or datetime, has dtype {t.dtype}"
        )
    n_t = int(t.nunique())
    if n_t < 2:
        raise SpecificationError(f"{spec.kind} needs at least 2 periods in {spec.time_id!r}")
    if spec.lag is not None and spec.lag >= n_t:
        raise SpecificationError(
            f"{spec.kind} lag {spec.lag} must be below the number of periods ({n_t})"
        )
    if spec.panel_id is not None:
        dup = data.duplicated([spec.panel_id, spec.time_id])
        if dup.any():
            raise SpecificationError(
                f"{spec.kind} needs one row per ({spec.panel_id!r}, {spec.time_id!r}); "
                f"{int(dup.sum())} rows repeat a pair. Use a panel id that is unique within "
                "each period (e.g. an iso3^industry column)"
            )
    if spec.kind == "DK" and n_t < FEW_PERIODS:
        warnings.warn(
            f"Driscoll-Kraay with only {n_t} periods in {spec.time_id!r}: the HAC estimator "
            "relies on large T and can be badly biased downward",
            FewClustersWarning,
            stacklevel=3,
        )
    return n_t


def explain_collinear(data: pd.DataFrame, variable: str, fixef: tuple[str, ...]) -> str:
    """Say why ``variable`` cannot be estimated: which fixed effect absorbs it, or joint
    collinearity (the caller says whether it was dropped or the fit refused)."""
    if variable not in data.columns:
        return f"regressor {variable!r} is collinear with other regressors"
    x = pd.to_numeric(data[variable], errors="coerce")
    if x.nunique(dropna=True) <= 1:
        return f"regressor {variable!r} is constant in the estimation sample"
    for fe in fixef:
        cols = [c.strip() for c in fe.split("^")]
        if not all(c in data.columns for c in cols):
            continue
        within = x.groupby([data[c] for c in cols], observed=True).transform("std").fillna(0.0)
        if float(within.abs().max()) <= 1e-12 * max(1.0, float(x.abs().max())):
            return (
                f"regressor {variable!r} does not vary within levels of fixed effect {fe!r}: "
                "the fixed effect absorbs it, so its coefficient is not identified"
            )
    if fixef:
        return (
            f"regressor {variable!r} is collinear with the fixed effects "
            f"({' + '.join(fixef)}) jointly or with other regressors"
        )
    return f"regressor {variable!r} is collinear with other regressors"
