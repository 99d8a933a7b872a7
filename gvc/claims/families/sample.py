"""What a ledger row was estimated on and how: clusters, sample and inference in words.

:func:`fit_sample` describes a :class:`~gvc.estimators.FeolsResult`'s estimation sample (units x
periods after dropping missing rows and singletons), :func:`fit_inference` its variance estimator
and critical values.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

UNIT_WORDS = {
    "iso3": "countries",
    "country": "countries",
    "industry": "industries",
    "region": "regions",
    "panel_id": "panels",
    "ci": "country-industries",
}
"""How a fixed effect's groups are named in ``sample`` (other names print as ``<n> <name>``)."""


_SINGULAR = {
    "countries": "country",
    "industries": "industry",
    "economies": "economy",
    "country-industries": "country-industry",
}


def _plural(n: int, word: str) -> str:
    if n != 1:
        return f"{n} {word}"
    return f"{n} {_SINGULAR.get(word, word[:-1] if word.endswith('s') else word)}"


def _estimation_rows(fit, data: pd.DataFrame | None) -> pd.DataFrame | None:
    """The rows of ``data`` the fit used (complete cases in the model's variables, then the rows
    pyfixest kept after dropping singletons), with every column; else the model's own data."""
    from gvc.estimators._formula import parse_formula
    from gvc.estimators.feols import _used_positions

    model = getattr(fit, "model", None)
    used = getattr(model, "_data", None)
    if data is None:
        return used if isinstance(used, pd.DataFrame) else None
    names = [*parse_formula(fit.formula).variables, *fit.vcov_spec.columns]
    cols = [c for c in dict.fromkeys(names) if c in data.columns]
    ok = data[cols].notna().all(axis=1)
    for c in cols:
        if pd.api.types.is_numeric_dtype(data[c]):
            ok &= np.isfinite(data[c].astype(float))
    complete = data[ok]
    if model is not None and len(complete) - fit.n_singletons == fit.nobs:
        return complete.iloc[_used_positions(model, len(complete))]
    if len(complete) == fit.nobs:
        return complete
    return used if isinstance(used, pd.DataFrame) else complete


def _cells(frame: pd.DataFrame, unit_vars: list[str], nobs: int) -> str:
    """``"431 country x industry cells (40 countries, 10 industries)"`` for a cross-section (at
    most one year) whose rows are cells of two or more dimensions; else ``""``."""
    if "year" in frame.columns and frame["year"].nunique() > 1:
        return ""
    dims = [
        v
        for v in dict.fromkeys(unit_vars)
        if v != "year" and v in frame.columns and 1 < frame[v].nunique() < nobs
    ]
    if len(dims) < 2:
        return ""
    words = [UNIT_WORDS.get(v, v) for v in dims]
    kind = " x ".join(_SINGULAR.get(w, w) for w in words)
    n_cells = len(frame[dims].drop_duplicates())
    each = ", ".join(_plural(int(frame[v].nunique()), w) for v, w in zip(dims, words, strict=True))
    return f"{n_cells} {kind} cells ({each})"


def fit_sample(fit, data: pd.DataFrame | None = None) -> str:
    """``"12 countries x 6 years (70 obs); 7 singletons dropped; 3 rows with missing values
    dropped"`` for a fit; units are the groups of the first fixed effect (or of the first cluster
    variable), periods the distinct ``year`` values of the estimation sample ("up to 6 years"
    when the panel is unbalanced: fewer observations than units x years).

    Args:
        fit: a :class:`~gvc.estimators.FeolsResult`; its pyfixest model's data (the estimation
            sample) gives the rows used.
        data: the frame passed to the estimator: the used rows are looked up in it (for columns
            such as ``year`` that the model does not carry); used alone when the fit is lean.
    """
    frame = _estimation_rows(fit, data)
    parts = []
    if frame is not None and len(frame):
        dims = []
        unit_vars = [
            v for v in (*fit.fixed_effects, *fit.vcov_spec.cluster, *UNIT_WORDS) if "^" not in v
        ]
        unit = next((v for v in unit_vars if v != "year" and v in frame.columns), None)
        cells = _cells(frame, unit_vars, fit.nobs)
        if cells:
            dims.append(cells)
        elif unit is not None:
            dims.append(_plural(int(frame[unit].nunique()), UNIT_WORDS.get(unit, unit)))
        if cells:
            yrs = sorted(frame["year"].unique()) if "year" in frame.columns else []
            parts.append(f"{cells} ({fit.nobs} obs), one period" + (f" ({yrs[0]})" if yrs else ""))
            dims = []
        elif "year" in frame.columns:
            n_years = int(frame["year"].nunique())
            unbalanced = unit is not None and fit.nobs < frame[unit].nunique() * n_years
            dims.append(("up to " if unbalanced else "") + _plural(n_years, "years"))
        if dims:
            parts.append(f"{' x '.join(dims)} ({fit.nobs} obs)")
    if not parts:
        parts.append(f"{fit.nobs} obs")
    if fit.n_singletons:
        parts.append(f"{_plural(fit.n_singletons, 'singletons')} dropped")
    if fit.n_dropped_missing:
        parts.append(f"{_plural(fit.n_dropped_missing, 'rows')} with missing values dropped")
    return "; ".join(parts)


def fit_inference(fit) -> str:
    """The variance estimator and critical values in words, e.g. ``"wild cluster bootstrap by
    iso3, Webb weights, 9,999 draws, CI by test inversion"`` or ``"CRV1 clustered by iso3,
    t(34)"``."""
    v = fit.vcov_spec
    by = " + ".join(v.cluster)
    if v.kind == "wild":
        return (
            f"wild cluster bootstrap by {by}, {v.weights_type.capitalize()} weights, "
            f"{v.reps:,} draws, null imposed, CI by test inversion"
        )
    df = f"t({fit.df_t:g})"
    if v.is_clustered:
        return f"{v.kind} clustered by {by}, {df}"
    if v.kind == "DK":
        return (
            f"Driscoll-Kraay (time {v.time_id}, lag {v.lag if v.lag is not None else 'auto'}), {df}"
        )
    if v.kind == "NW":
        return f"Newey-West (lag {v.lag if v.lag is not None else 'auto'}), {df}"
    names = {"hetero": "heteroskedasticity-robust (HC1)", "iid": "classical (iid)"}
    return f"{names.get(v.kind, v.kind)} SE, {df}"


def fit_n_clusters(fit) -> int | None:
    """Clusters of the variance estimator (the smallest dimension for multiway), else None."""
    return min(fit.n_clusters.values()) if fit.n_clusters else None


def fit_notes(fit) -> list[str]:
    """The fit's own notes (IV diagnostics, wild bootstrap CI fallbacks) for the row's note."""
    out = [n for n in fit.notes if not n.startswith("p-values and CIs from a wild")]
    for term, boot in fit.bootstrap.items():
        out.extend(f"CI for {term}: {n}" for n in boot.get("ci_notes", ()))
    return out


def trend_sample(tr: dict[str, object], units: str = "") -> str:
    """``"6 years (2017-2022)"`` (plus ``units``, e.g. ``"14 economies"``) for a trend row."""
    n = int(tr["n_obs"])  # type: ignore[arg-type]
    span = ""
    if n:
        span = f" ({int(tr['x_min'])}-{int(tr['x_max'])})"  # type: ignore[arg-type]
    text = f"{_plural(n, 'years')}{span}"
    return f"{units} x {text}" if units else text
