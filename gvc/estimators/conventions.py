"""Small-sample, degrees-of-freedom and singleton conventions, and how libraries differ.

Let N be the number of observations used, K the number of slope coefficients, K_fe the number of
fixed-effect parameters (sum of levels of each fixed effect, minus one for every fixed effect
after the first), G the number of clusters and T the number of periods.

**gvc default (``ssc="fixest"``, = pyfixest 0.60 = R fixest defaults)**

* iid:    V = sigma2 (X'X)^-1, sigma2 = SSR / (N - K - K_fe). Same as OLS with dummies.
* HC1:    V = N/(N - K - K_fe) x HC0. Same as statsmodels HC1 on OLS with dummies.
* CRV1:   V = (N-1)/(N - K - K_fe*) x G/(G-1) x sandwich, where K_fe* leaves out fixed effects
  *nested* in the cluster variable (counting one parameter for each fully nested one).
  t-tests use t(G-1). Two-way: V = V_1 + V_2 - V_12, all scaled by min(G)/(min(G)-1).
* DK:     V = (N-1)/(N - K - K_fe) x T/(T-1) x bread S_DK bread; S_DK = Bartlett-weighted
  autocovariances (weights 1 - l/(lag+1)) of the cross-sectional sums of scores; t(T-1).
* Singletons (observations alone in some fixed-effect group) are dropped before fitting,
  iteratively (Correia 2015). Point estimates are unchanged; N and df shrink.

**Presets accepted by ``feols(ssc=...)``**

* ``"fixest"``: as above.
* ``"full"``: count every fixed effect in K (``k_fixef="full"``) and adjust each two-way
  component by its own G_j/(G_j-1) (``G_df="conventional"``). This reproduces statsmodels OLS
  with dummies (``cov_type="cluster"``, ``use_correction=True``) and linearmodels
  ``PanelOLS(..., singletons=True).fit(cov_type="clustered", debiased=True, group_debias=True,
  auto_df=False, count_effects=True)`` and ``IV2SLS`` with dummies (``debiased=True``).
* ``"none"``: no small-sample factors at all (asymptotic sandwich, as linearmodels with
  ``debiased=False`` and no effects counted).
* a dict passed to ``pyfixest.ssc`` (keys ``k_adj``, ``k_fixef``, ``G_adj``, ``G_df``).

**Library defaults that differ from gvc's**

* linearmodels PanelOLS keeps singletons (``singletons=True``) and by default
  (``auto_df=True``) does not count a *single* effect nested in the clusters; with two effects
  it counts both. ``debiased`` defaults to False in 7.x (no N/(N-K)).
* linearmodels DK uses n/(n - K_fe [- K if debiased]) and no T/(T-1) factor.
* statsmodels OLS with dummies keeps singletons, counts all dummies in K.
* Wild bootstrap (wildboottest) applies (N-1)/(N-K) x G/(G-1) with dummies counted.

The dict :data:`SSC_PRESETS` maps preset names to ``pyfixest.ssc`` arguments; the function
:func:`small_sample_factor` reproduces the scalar factor for the one-way cases so that tests can
compare libraries through a formula instead of a tolerance.
"""

from __future__ import annotations

from typing import Any

from gvc.estimators.errors import SpecificationError

SSC_PRESETS: dict[str, dict[str, Any]] = {
    "fixest": {"k_adj": True, "k_fixef": "nonnested", "G_adj": True, "G_df": "min"},
    "full": {"k_adj": True, "k_fixef": "full", "G_adj": True, "G_df": "conventional"},
    "none": {"k_adj": False, "k_fixef": "none", "G_adj": False, "G_df": "conventional"},
}

FEW_CLUSTERS = 30
"""Below this many clusters CRV1 t-tests over-reject noticeably (Cameron-Gelbach-Miller 2008,
MacKinnon-Webb 2017); gvc warns and points to the wild cluster bootstrap."""

MIN_CLUSTERS = 2
"""Cluster-robust variance needs at least two clusters (G/(G-1) and t(G-1) are undefined)."""


def resolve_ssc(ssc: str | dict[str, Any] | None) -> dict[str, Any]:
    """Return ``pyfixest.ssc`` keyword arguments for a preset name or dict."""
    if ssc is None:
        ssc = "fixest"
    if isinstance(ssc, str):
        if ssc not in SSC_PRESETS:
            raise SpecificationError(
                f"unknown ssc preset {ssc!r}; choose one of {sorted(SSC_PRESETS)} or pass a dict"
            )
        return dict(SSC_PRESETS[ssc])
    if isinstance(ssc, dict):
        bad = set(ssc) - {"k_adj", "k_fixef", "G_adj", "G_df"}
        if bad:
            raise SpecificationError(f"unknown ssc keys {sorted(bad)}")
        return {**SSC_PRESETS["fixest"], **ssc}
    raise SpecificationError(f"ssc must be a preset name or dict, got {ssc!r}")


def small_sample_factor(
    n: int, k: int, *, n_clusters: int | None = None, hetero: bool = False
) -> float:
    """Scalar factor multiplying the sandwich: (N-1)/(N-k) x G/(G-1), or N/(N-k) for HC1.

    ``k`` counts every parameter the convention counts (slopes plus counted fixed effects).
    """
    if hetero:
        return n / (n - k)
    factor = (n - 1) / (n - k)
    if n_clusters is not None:
        factor *= n_clusters / (n_clusters - 1)
    return factor


FEW_PERIODS = 15
"""Driscoll-Kraay relies on large-T asymptotics; gvc warns below this many periods."""
