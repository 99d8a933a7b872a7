"""Weak-instrument diagnostics for IV fits.

For each endogenous regressor gvc reports

* ``first_stage_f``: Wald test of the excluded instruments in the first stage divided by
  their number, using the fit's variance estimator (pyfixest; fixest's ``ivwald``).
* ``effective_f``: Montiel Olea-Pflueger (2013) effective F (pyfixest), robust to
  heteroskedasticity/clustering; compare with their critical values (~23.1 for 10% bias, 5%).
* ``kp_rk_wald_f``: Kleibergen-Paap (2006) rk Wald F via :func:`linearmodels.iv.kleibergen_paap_f`
  on the fixed-effect-demeaned variables (for iid errors this is the Cragg-Donald F). Convention:
  absorbed fixed effects are *not* counted among the exogenous regressors in the (n - k - c)
  factor. Available for iid, HC and one-way clustered fits; NaN (with a note) otherwise.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from gvc.estimators.vcov import VcovSpec


def iv_diagnostics(model: Any, spec: VcovSpec, clusters: np.ndarray | None) -> tuple[dict, list]:
    """Return ``({endog: {stat: value}}, notes)`` for a fitted pyfixest ``Feiv``."""
    from linearmodels.iv import kleibergen_paap_f

    notes: list[str] = []
    out: dict[str, dict[str, float]] = {}
    f_stat = float(np.squeeze(getattr(model, "_f_stat_1st_stage", np.nan)))
    f_p = float(np.squeeze(getattr(model, "_p_value_1st_stage", np.nan)))
    eff_f = np.nan
    detail = model._vcov_type_detail
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model.eff_F()
        eff_f = float(np.squeeze(model._eff_F))
    except Exception as exc:  # pragma: no cover - depends on pyfixest internals
        notes.append(f"effective F unavailable: {exc}")
    finally:
        model._vcov_type_detail = detail  # pyfixest switches iid -> hetero inside eff_F

    names_x = list(model._coefnames)
    names_z = list(model._coefnames_z)
    endog_cols = [c for c in names_x if c not in names_z]
    exog_cols = [c for c in names_x if c in names_z]
    instr_cols = [c for c in names_z if c not in names_x]
    x, z = np.asarray(model._X, float), np.asarray(model._Z, float)
    if getattr(model, "_has_weights", False):
        notes.append("KP rk Wald F uses the weighted, demeaned data")
    kp = np.nan
    if spec.kind in {"iid", "hetero", "HC1", "HC2", "HC3"} or (
        spec.kind in {"CRV1", "CRV3"} and len(spec.cluster) == 1 and clusters is not None
    ):
        cov_type = {"iid": "unadjusted"}.get(spec.kind, "robust")
        cfg: dict[str, Any] = {}
        if spec.is_clustered:
            cov_type, cfg = "clustered", {"clusters": clusters}
        e = x[:, [names_x.index(c) for c in endog_cols]]
        zz = z[:, [names_z.index(c) for c in instr_cols]]
        w = x[:, [names_x.index(c) for c in exog_cols]] if exog_cols else np.empty((x.shape[0], 0))
        try:
            kp = float(kleibergen_paap_f(e, zz, w, cov_type=cov_type, cov_config=cfg or None))
        except Exception as exc:  # pragma: no cover - defensive
            notes.append(f"Kleibergen-Paap rk Wald F unavailable: {exc}")
    else:
        notes.append(f"Kleibergen-Paap rk Wald F not computed for vcov {spec.label}")
    for name in endog_cols:
        out[name] = {
            "first_stage_f": f_stat,
            "first_stage_p": f_p,
            "effective_f": eff_f,
            "kp_rk_wald_f": kp,
        }
    return out, notes
