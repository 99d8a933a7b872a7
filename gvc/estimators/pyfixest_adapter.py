"""Everything gvc takes from a fitted pyfixest model, in one place.

gvc fits with ``pyfixest.feols`` and reads the fitted ``Feols``/``Feiv`` only through these
functions: the public API where pyfixest has one (``tidy()``, ``eff_F()``), a private
attribute where it has none (the variance matrix, the t degrees of freedom, N, the design
matrices of an IV fit). Each was checked on pyfixest 0.60.0 (the version in
``requirements.lock``; ``pyproject.toml`` pins ``>=0.60,<0.61``), and
``tests/estimators/test_pyfixest_adapter.py`` compares them with pyfixest's public ``tidy()``
and ``confint()``: a pyfixest upgrade that moves an attribute fails there, not in a number.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

CHECKED_ON = "0.60.0"
"""The pyfixest version every function here was checked on."""


def is_single_model(model: Any) -> bool:
    """True for one fitted model, False for pyfixest's ``FixestMulti`` (a formula with several
    models, which has no coefficient names). Checked on pyfixest 0.60.0 (``_coefnames``)."""
    return hasattr(model, "_coefnames")


def terms(model: Any) -> list[str]:
    """Coefficient names in pyfixest's order, the index of its public ``tidy()``/``coef()``.
    Read from ``_coefnames`` (pyfixest 0.60.0) because ``coef()`` recomputes the whole
    ``tidy()`` table (t quantiles, p-values, CIs; about 1.5 ms a call)."""
    return [str(t) for t in model._coefnames]


def coef_se(model: Any) -> tuple[pd.Series, pd.Series]:
    """(point estimates, standard errors under the fitted vcov) by term, as float, from one
    call of the public ``tidy()`` (columns ``Estimate`` and ``Std. Error``; pyfixest 0.60.0's
    ``coef()`` and ``se()`` each recompute it)."""
    tidy = model.tidy()
    index = [str(t) for t in tidy.index]
    return (
        pd.Series(tidy["Estimate"].to_numpy(float), index=index),
        pd.Series(tidy["Std. Error"].to_numpy(float), index=index),
    )


def vcov_matrix(model: Any) -> pd.DataFrame:
    """The coefficients' variance matrix (terms x terms). pyfixest 0.60.0 has no public
    accessor (``vcov()`` recomputes and returns the model): ``_vcov``."""
    names = terms(model)
    return pd.DataFrame(np.asarray(model._vcov, float), index=names, columns=names)


def df_t(model: Any, default: float | None = None) -> float:
    """Degrees of freedom of the t distribution behind p-values and CIs (``_df_t``, no public
    accessor in pyfixest 0.60.0). ``default`` when the model carries none (e.g. a model built
    by hand), else the attribute must exist."""
    if default is not None and not np.size(getattr(model, "_df_t", np.nan)):
        return default
    return float(np.squeeze(model._df_t))


def nobs(model: Any) -> int:
    """Rows used in the fit, after missing values and singletons (``_N``, no public accessor
    in pyfixest 0.60.0)."""
    return int(model._N)


def r2(model: Any) -> tuple[float, float]:
    """(R^2, within R^2), NaN when pyfixest did not compute them (``_r2``, ``_r2_within``; no
    public accessor in pyfixest 0.60.0)."""
    return (
        float(np.squeeze(getattr(model, "_r2", np.nan))),
        float(np.squeeze(getattr(model, "_r2_within", np.nan))),
    )


def fixed_effects(model: Any) -> tuple[str, ...]:
    """The fixed effects of the formula (``a+b``, from ``_fixef``; pyfixest 0.60.0's public
    ``fixef()`` computes their values instead); () without any."""
    fe = getattr(model, "_fixef", None)
    return tuple(f.strip() for f in str(fe).split("+")) if fe else ()


def dropped_rows(model: Any) -> frozenset:
    """Positions of the data rows pyfixest dropped (missing values, singletons): ``_na_index``
    (pyfixest 0.60.0; its public ``na_index`` is not a stored attribute)."""
    return getattr(model, "_na_index", frozenset()) or frozenset()


def is_iv(model: Any) -> bool:
    """True for an IV fit (``_is_iv``, pyfixest 0.60.0)."""
    return bool(model._is_iv)


def has_weights(model: Any) -> bool:
    """True for a weighted fit (``_has_weights``, pyfixest 0.60.0)."""
    return bool(getattr(model, "_has_weights", False))


def model_data(model: Any) -> pd.DataFrame:
    """The estimation sample as pyfixest kept it, aligned with its design matrices (``_data``,
    pyfixest 0.60.0)."""
    return model._data


def first_stage_f(model: Any) -> tuple[float, float]:
    """An IV fit's first-stage F statistic and its p-value, NaN when absent
    (``_f_stat_1st_stage``, ``_p_value_1st_stage``; pyfixest 0.60.0)."""
    return (
        float(np.squeeze(getattr(model, "_f_stat_1st_stage", np.nan))),
        float(np.squeeze(getattr(model, "_p_value_1st_stage", np.nan))),
    )


def effective_f(model: Any) -> float:
    """Montiel Olea-Pflueger effective F of an IV fit: public ``eff_F()``, whose value pyfixest
    0.60.0 stores in ``_eff_F``; ``eff_F()`` switches the model's ``_vcov_type_detail`` from iid
    to hetero, which is restored. Raises what ``eff_F()`` raises."""
    detail = model._vcov_type_detail
    try:
        model.eff_F()
        return float(np.squeeze(model._eff_F))
    finally:
        model._vcov_type_detail = detail


def iv_design(model: Any) -> tuple[list[str], list[str], np.ndarray, np.ndarray]:
    """(regressor names, instrument-matrix names, X, Z) of an IV fit, demeaned (and weighted)
    as pyfixest used them (``_coefnames``, ``_coefnames_z``, ``_X``, ``_Z``; pyfixest 0.60.0)."""
    return (
        [str(c) for c in model._coefnames],
        [str(c) for c in model._coefnames_z],
        np.asarray(model._X, float),
        np.asarray(model._Z, float),
    )


def hac_settings(model: Any) -> tuple[str | None, int | None]:
    """(time id, lag) of a fitted HAC vcov, None when not stored (``_time_id``, ``_lag``;
    pyfixest 0.60.0)."""
    return getattr(model, "_time_id", None), getattr(model, "_lag", None)


def one_hot_design(model: Any) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(y, X, column names) with fixed effects as dummy columns, the matrix pyfixest's own
    ``wildboottest`` uses (``_model_matrix_one_hot()``, pyfixest 0.60.0)."""
    y, X, names = model._model_matrix_one_hot()
    return np.asarray(y, dtype=float), np.asarray(X, dtype=float), list(names)


def weighted_parts(model: Any) -> tuple[np.ndarray, np.ndarray, list[str], np.ndarray]:
    """(y, X, term names, weights) of a fit, unscaled and undemeaned: the dependent variable
    and the model's terms rebuilt from its estimation sample with formulaic (as
    ``_model_matrix_one_hot`` does, without the fixed-effect dummies), and the analytic weights
    (``_fml``, ``_data``, ``_weights``; pyfixest 0.60.0)."""
    from formulaic import Formula

    linear = model._fml.split("|")[0]
    Y, X = Formula(linear).get_model_matrix(model._data, output="pandas")
    names = terms(model)
    missing = [t for t in names if t not in X.columns]
    if missing:
        raise ValueError(f"terms {missing} not found in the model matrix of {linear!r}")
    w = np.asarray(model._weights, dtype=float).ravel()
    return (np.asarray(Y, dtype=float).ravel(), X[names].to_numpy(dtype=float), names, w)
