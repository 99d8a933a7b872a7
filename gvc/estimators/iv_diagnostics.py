"""Weak-instrument diagnostics for IV fits.

For each endogenous regressor gvc reports

* ``first_stage_f``: Wald test of the excluded instruments in the first stage divided by
  their number, using the fit's variance estimator (pyfixest; fixest's ``ivwald``). Caveat:
  pyfixest 0.60 runs the first stage of a two-way clustered IV fit with the *first* cluster
  variable only, so for two-way clustering this F is one-way clustered (a note says so).
* ``effective_f``: Montiel Olea-Pflueger (2013) effective F (pyfixest), robust to
  heteroskedasticity/clustering; compare with their critical values (~23.1 for 10% bias, 5%).
* ``kp_rk_wald_f``: Kleibergen-Paap (2006) rk Wald F on the fixed-effect-demeaned variables
  (for iid errors this is the Cragg-Donald F), with the covariance of the first-stage moments
  ``vec(Z'V)`` estimated the way the fit's ``vcov`` is:

  ==========================  ==============================================================
  iid                         Cragg-Donald F (linearmodels)
  HC1/hetero                  sum_i s_i s_i'                      (linearmodels)
  one-way CRV1                sum_g S_g S_g'                      (linearmodels)
  two-way CRV1 (a + b)        Cameron-Gelbach-Miller: Omega_a + Omega_b - Omega_(a x b)  (gvc)
  Driscoll-Kraay              Bartlett kernel over the cross-sectional sums S_t:
                              Gamma_0 + sum_{l<=L} (1 - l/(L+1)) (Gamma_l + Gamma_l')    (gvc)
  ==========================  ==============================================================

  Small-sample scale (ivreg2 / linearmodels convention):
  ``F = W/k x (n - k - c)/n`` for iid/HC and ``F = W/k x (n - k - c)/(n - 1) x (M - 1)/M``
  with ``M`` the number of clusters (one-way), ``min(G_a, G_b)`` (two-way; fixest's
  ``G_df="min"``) or the number of periods ``T`` (Driscoll-Kraay, which is ivreg2's
  ``dkraay``: clustering on time plus a Bartlett kernel). ``k`` counts excluded instruments and
  ``c`` the exogenous regressors; absorbed fixed effects are *not* counted in ``c``.
  With one endogenous regressor the statistic equals the first-stage Wald F of the excluded
  instruments computed with the same variance estimator and the matching small-sample factor
  (fixest ``ssc(k_fixef="none")``) - the identity the tests check under every vcov.
  The CGM combination can be indefinite; then the statistic is NaN with a note. Panel
  Newey-West fits are not covered (NaN with a note).

:func:`kleibergen_paap_rk_f` computes the statistic from arrays for any of these options.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from gvc.estimators import pyfixest_adapter as pfa
from gvc.estimators.vcov import VcovSpec

KP_COV_TYPES = ("iid", "hetero", "cluster", "twoway", "dk")


def _annihilate(a: np.ndarray, w: np.ndarray) -> np.ndarray:
    if w.shape[1] == 0:
        return a
    return a - w @ np.linalg.lstsq(w, a, rcond=None)[0]


def _group_sums(scores: np.ndarray, groups: np.ndarray) -> np.ndarray:
    codes, uniq = _codes(groups)
    out = np.zeros((len(uniq), scores.shape[1]))
    np.add.at(out, codes, scores)
    return out


def _codes(groups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    import pandas as pd

    codes, uniq = pd.factorize(np.asarray(groups), sort=True)
    if (codes < 0).any():
        raise ValueError("cluster / time identifiers must not be missing")
    return codes, np.asarray(uniq)


def _cluster_meat(scores: np.ndarray, groups: np.ndarray) -> np.ndarray:
    sums = _group_sums(scores, groups)
    return sums.T @ sums


def _dk_meat(scores: np.ndarray, time: np.ndarray, lag: int) -> np.ndarray:
    """Bartlett-weighted autocovariances of the per-period sums of scores (periods in order)."""
    sums = _group_sums(scores, time)  # rows ordered by sorted time
    meat = sums.T @ sums
    for lag_l in range(1, lag + 1):
        if lag_l >= sums.shape[0]:
            break
        gamma = sums[lag_l:].T @ sums[:-lag_l]
        meat += (1 - lag_l / (lag + 1)) * (gamma + gamma.T)
    return meat


def kleibergen_paap_rk_f(
    endog: np.ndarray,
    instruments: np.ndarray,
    exog: np.ndarray | None = None,
    *,
    cov_type: str = "hetero",
    clusters: np.ndarray | None = None,
    time: np.ndarray | None = None,
    lag: int | None = None,
    return_reason: bool = False,
) -> float | tuple[float, str | None]:
    """Kleibergen-Paap (2006) rk Wald F statistic for weak identification.

    Parameters
    ----------
    endog, instruments : (n, m) endogenous regressors and (n, k) excluded instruments.
    exog : (n, c) included exogenous regressors partialled out first (include a constant if the
        model has one; pass demeaned data instead of fixed-effect dummies).
    cov_type : ``"iid"`` (Cragg-Donald), ``"hetero"``, ``"cluster"`` (``clusters`` 1-d),
        ``"twoway"`` (``clusters`` of shape (n, 2); Cameron-Gelbach-Miller) or ``"dk"``
        (Driscoll-Kraay: ``time`` ids and Bartlett ``lag``; ``None`` = floor(T^(1/4)), the
        pyfixest default).
    return_reason : also return why the statistic is NaN (None when it is defined).

    Returns
    -------
    The F statistic (NaN if undefined), scaled as in the module docstring.
    """
    if cov_type not in KP_COV_TYPES:
        raise ValueError(f"cov_type must be one of {KP_COV_TYPES}, got {cov_type!r}")

    def done(value: float, reason: str | None = None):
        return (value, reason) if return_reason else value

    x = np.asarray(endog, float)
    z = np.asarray(instruments, float)
    x = x[:, None] if x.ndim == 1 else x
    z = z[:, None] if z.ndim == 1 else z
    n, k = z.shape
    m = x.shape[1]
    w = np.empty((n, 0)) if exog is None else np.asarray(exog, float).reshape(n, -1)
    c = w.shape[1]
    if k < m:
        return done(np.nan, "fewer excluded instruments than endogenous regressors")
    x, z = _annihilate(x, w), _annihilate(z, w)
    qzz, qxx, qzx = z.T @ z / n, x.T @ x / n, z.T @ x / n
    try:
        irqzz = np.linalg.inv(np.linalg.cholesky(qzz).T)  # R'R = Q, irq = R^-1
        irqxx = np.linalg.inv(np.linalg.cholesky(qxx).T)
    except np.linalg.LinAlgError:
        return done(np.nan, "instruments or endogenous regressors are collinear after partialling")
    theta = irqzz.T @ qzx @ irqxx
    u, s, vt = np.linalg.svd(theta, full_matrices=True)
    dof = n - k - c
    if cov_type == "iid":
        r2 = float(s[-1]) ** 2
        return done(dof * r2 / (1.0 - r2) / k)

    pihat = irqzz @ (irqzz.T @ qzx)
    v = x - z @ pihat
    scores = np.column_stack([v[:, [j]] * z for j in range(m)])
    if _n_groups(cov_type, clusters, time) < 2:
        return done(np.nan, "fewer than two clusters / periods")
    if cov_type == "hetero":
        meat, scale = scores.T @ scores, dof / n
    elif cov_type == "cluster":
        if clusters is None:
            raise ValueError("cov_type='cluster' needs clusters")
        g = np.asarray(clusters).ravel()
        n_g = len(np.unique(g))
        meat = _cluster_meat(scores, g)
        scale = dof / (n - 1) * (n_g - 1) / n_g
    elif cov_type == "twoway":
        cl = np.asarray(clusters)
        if cl.ndim != 2 or cl.shape[1] != 2:
            raise ValueError("cov_type='twoway' needs clusters of shape (n, 2)")
        a, b = cl[:, 0], cl[:, 1]
        ab = _codes(a)[0].astype(np.int64) * (len(np.unique(b)) + 1) + _codes(b)[0]
        meat = _cluster_meat(scores, a) + _cluster_meat(scores, b) - _cluster_meat(scores, ab)
        n_g = min(len(np.unique(a)), len(np.unique(b)))
        scale = dof / (n - 1) * (n_g - 1) / n_g
    else:  # dk
        if time is None:
            raise ValueError("cov_type='dk' needs time ids")
        n_t = len(np.unique(np.asarray(time)))
        lag = int(np.floor(n_t**0.25)) if lag is None else int(lag)
        meat = _dk_meat(scores, np.asarray(time), lag)
        scale = dof / (n - 1) * (n_t - 1) / n_t
    shat = meat / n
    transform = np.kron(irqxx.T, irqzz.T)
    kpvar = transform @ shat @ transform.T
    kk = m - 1
    left, right = u[:, kk:], vt.T[:, kk:]
    select = np.kron(right.T, left.T)
    lam = select @ theta.ravel(order="F")
    vlam = select @ kpvar @ select.T
    vlam = (vlam + vlam.T) / 2
    values, vectors = np.linalg.eigh(vlam)
    tol = np.abs(values).max() * np.finfo(float).eps * vlam.shape[0]
    if (values < -tol * 1e3).any():
        return done(
            np.nan,
            "the covariance of the first-stage moments is not positive definite "
            "(the two-way Cameron-Gelbach-Miller combination can be indefinite)",
        )
    positive = values > tol
    if not positive.any():
        return done(np.nan, "the covariance of the first-stage moments is zero")
    reason = None
    if (~positive).sum():
        reason = "covariance of the first-stage moments is rank deficient (generalized inverse)"
    coef = vectors[:, positive].T @ lam
    chi2 = n * float((coef**2 / values[positive]).sum())
    return done(chi2 * scale / k, reason)


def _n_groups(cov_type: str, clusters: Any, time: Any) -> int:
    """Number of clusters (smallest dimension for two-way) or periods behind ``cov_type``."""
    if cov_type == "cluster":
        return len(np.unique(np.asarray(clusters).ravel()))
    if cov_type == "twoway":
        cl = np.asarray(clusters)
        return min(len(np.unique(cl[:, 0])), len(np.unique(cl[:, 1])))
    if cov_type == "dk":
        return len(np.unique(np.asarray(time)))
    return np.iinfo(np.int64).max


def iv_diagnostics(model: Any, spec: VcovSpec, clusters: np.ndarray | None) -> tuple[dict, list]:
    """Return ``({endog: {stat: value}}, notes)`` for a fitted pyfixest ``Feiv``.

    ``clusters`` holds the first cluster variable on the estimation sample; for two-way
    clustering and Driscoll-Kraay the other ids are read from the model's own data
    (``pyfixest_adapter.model_data``, aligned with its design matrices).
    """
    from linearmodels.iv import kleibergen_paap_f

    notes: list[str] = []
    out: dict[str, dict[str, float]] = {}
    f_stat, f_p = pfa.first_stage_f(model)
    eff_f = np.nan
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            eff_f = pfa.effective_f(model)
    except Exception as exc:  # pragma: no cover - depends on pyfixest internals
        notes.append(f"effective F unavailable: {exc}")

    names_x, names_z, x, z = pfa.iv_design(model)
    endog_cols = [c for c in names_x if c not in names_z]
    exog_cols = [c for c in names_x if c in names_z]
    instr_cols = [c for c in names_z if c not in names_x]
    if pfa.has_weights(model):
        notes.append("KP rk Wald F uses the weighted, demeaned data")
    e = x[:, [names_x.index(c) for c in endog_cols]]
    zz = z[:, [names_z.index(c) for c in instr_cols]]
    w = x[:, [names_x.index(c) for c in exog_cols]] if exog_cols else np.empty((x.shape[0], 0))
    kp = np.nan
    two_way = spec.kind == "CRV1" and len(spec.cluster) == 2
    if spec.kind in {"iid", "hetero", "HC1", "HC2", "HC3"} or (
        spec.kind in {"CRV1", "CRV3"} and len(spec.cluster) == 1 and clusters is not None
    ):
        cov_type = {"iid": "unadjusted"}.get(spec.kind, "robust")
        cfg: dict[str, Any] = {}
        if spec.is_clustered:
            cov_type, cfg = "clustered", {"clusters": clusters}
        try:
            kp = float(kleibergen_paap_f(e, zz, w, cov_type=cov_type, cov_config=cfg or None))
        except Exception as exc:  # pragma: no cover - defensive
            notes.append(f"Kleibergen-Paap rk Wald F unavailable: {exc}")
    elif two_way or spec.kind == "DK":
        try:
            data = pfa.model_data(model)
            if two_way:
                cl = data[list(spec.cluster)].to_numpy()
                kp, reason = kleibergen_paap_rk_f(
                    e, zz, w, cov_type="twoway", clusters=cl, return_reason=True
                )
                label = "two-way clustered (Cameron-Gelbach-Miller, M = min(G))"
            else:
                time_id, lag = pfa.hac_settings(model)
                time_id = time_id or spec.time_id
                lag = spec.lag if lag is None else lag
                kp, reason = kleibergen_paap_rk_f(
                    e,
                    zz,
                    w,
                    cov_type="dk",
                    time=data[time_id].to_numpy(),
                    lag=lag,
                    return_reason=True,
                )
                label = "Driscoll-Kraay (Bartlett kernel over period sums, M = T)"
            if reason:
                notes.append(f"Kleibergen-Paap rk Wald F ({label}): {reason}")
            else:
                notes.append(f"Kleibergen-Paap rk Wald F is {label}; computed by gvc")
        except Exception as exc:  # pragma: no cover - defensive
            notes.append(f"Kleibergen-Paap rk Wald F unavailable: {exc}")
    else:
        notes.append(f"Kleibergen-Paap rk Wald F not computed for vcov {spec.label}")
    if two_way:
        notes.append(
            "first_stage_f comes from pyfixest's first stage, which clusters by "
            f"{spec.cluster[0]!r} only for two-way clustered IV fits; kp_rk_wald_f is two-way"
        )
    for name in endog_cols:
        out[name] = {
            "first_stage_f": f_stat,
            "first_stage_p": f_p,
            "effective_f": eff_f,
            "kp_rk_wald_f": kp,
        }
    return out, notes
