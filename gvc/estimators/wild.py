"""Wild cluster bootstrap p-values via pyfixest's wildboottest integration.

Restricted (null imposed) WCR11 bootstrap-t of Cameron, Gelbach and Miller (2008) as
implemented by the ``wildboottest`` package (a declared gvc dependency). Small-sample factors
(N-1)/(N-K) x G/(G-1) count every fixed effect (dummies are expanded), which cancels in the
bootstrap-t. Not available for IV or weighted fits, or two-way clustering.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from gvc.estimators.errors import SpecificationError
from gvc.estimators.vcov import VcovSpec


def wild_bootstrap_terms(model: Any, spec: VcovSpec, terms: list[str]) -> dict[str, dict]:
    """Run the bootstrap for each term; return ``{term: {"p_value", "t_boot", "reps"}}``."""
    if model._is_iv:
        raise SpecificationError("the wild cluster bootstrap is not available for IV fits")
    if getattr(model, "_has_weights", False):
        raise SpecificationError("the wild cluster bootstrap is not available for weighted fits")
    out: dict[str, dict] = {}
    for term in terms:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*full_enumeration.*")
            res, t_boot = model.wildboottest(
                reps=spec.reps,
                cluster=spec.cluster[0],
                param=term,
                weights_type=spec.weights_type,
                seed=spec.seed,
                return_bootstrapped_t_stats=True,
            )
        out[term] = {
            "p_value": float(np.squeeze(res["Pr(>|t|)"])),
            "t_boot": np.asarray(t_boot, dtype=float).ravel(),
            "reps": int(spec.reps),
        }
    return out
