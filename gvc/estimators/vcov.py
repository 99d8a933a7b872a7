"""Variance-covariance options for :func:`gvc.estimators.feols`.

Accepted ``vcov`` values (the fixest/pyfixest vocabulary, plus two gvc additions):

============================================  ===================================================
``"iid"``                                     homoskedastic
``"hetero"`` / ``"HC1"`` (also HC2, HC3)      heteroskedasticity-robust (HC1 = HC0 x N/(N-K))
``{"CRV1": "country"}``                       one-way cluster-robust (Liang-Zeger, CRV1)
``{"CRV1": "country + year"}``                two-way cluster-robust (Cameron-Gelbach-Miller)
``{"CRV3": "country"}``                       jackknife cluster-robust (not for IV)
``{"DK": {"panel_id", "time_id", "lag"}}``    Driscoll-Kraay (Bartlett kernel over time sums)
``{"NW": {"panel_id", "time_id", "lag"}}``    panel Newey-West
``{"wild": "country"}``                       wild cluster bootstrap p-value / CI (wildboottest)
============================================  ===================================================

Helpers :func:`cluster`, :func:`driscoll_kraay` and :func:`wild_bootstrap` build the same specs.
A ``{"wild": {...}}`` dict may set ``reps`` (default 999), ``seed`` and ``weights_type``
(``"rademacher"``, ``"webb"``, ``"mammen"``, ``"normal"``). The wild bootstrap keeps the CRV1
standard error and replaces the p-value by the bootstrap-t p-value (null imposed, WCR11) and the
CI by inverting that test: the set of ``beta0`` that the bootstrap test of ``beta = beta0`` does not
reject at 5% (see :mod:`gvc.estimators.wild`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gvc.estimators.errors import SpecificationError

_SIMPLE = {"iid": "iid", "hetero": "hetero", "hc1": "HC1", "hc2": "HC2", "hc3": "HC3"}
_DEFAULT_WILD_REPS = 999


@dataclass(frozen=True)
class VcovSpec:
    """A normalised variance option. ``kind`` is iid, hetero, HC1-3, CRV1, CRV3, DK, NW, wild."""

    kind: str
    cluster: tuple[str, ...] = ()
    panel_id: str | None = None
    time_id: str | None = None
    lag: int | None = None
    reps: int = _DEFAULT_WILD_REPS
    seed: int | None = None
    weights_type: str = "rademacher"
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def is_clustered(self) -> bool:
        return self.kind in {"CRV1", "CRV3", "wild"}

    @property
    def is_hac(self) -> bool:
        return self.kind in {"DK", "NW"}

    @property
    def label(self) -> str:
        """Human-readable label used in tables, e.g. ``CRV1: country + year``."""
        if self.is_clustered:
            name = "Wild cluster bootstrap" if self.kind == "wild" else self.kind
            return f"{name}: {' + '.join(self.cluster)}"
        if self.is_hac:
            lag = "auto" if self.lag is None else self.lag
            name = "Driscoll-Kraay" if self.kind == "DK" else "Newey-West"
            return f"{name} ({self.panel_id} x {self.time_id}, lag {lag})"
        return {"hetero": "HC1", "iid": "iid"}.get(self.kind, self.kind)

    @property
    def columns(self) -> tuple[str, ...]:
        """Data columns the variance estimator needs."""
        if self.is_clustered:
            return self.cluster
        if self.is_hac:
            return tuple(c for c in (self.panel_id, self.time_id) if c)
        return ()

    def pyfixest_args(self) -> tuple[str | dict[str, str], dict[str, Any] | None]:
        """``(vcov, vcov_kwargs)`` for ``pyfixest.feols``; wild runs on top of CRV1."""
        if self.is_clustered:
            kind = "CRV1" if self.kind == "wild" else self.kind
            return {kind: "+".join(self.cluster)}, None
        if self.is_hac:
            kw: dict[str, Any] = {"time_id": self.time_id}
            if self.panel_id is not None:
                kw["panel_id"] = self.panel_id
            if self.lag is not None:
                kw["lag"] = int(self.lag)
            return self.kind, kw
        return self.kind, None


def _split_cluster(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        parts = tuple(p.strip() for p in value.replace("^", "^").split("+") if p.strip())
    elif isinstance(value, list | tuple):
        parts = tuple(str(v).strip() for v in value)
    else:
        raise SpecificationError(f"cluster variable must be a string or list, got {value!r}")
    if not 1 <= len(parts) <= 2:
        raise SpecificationError(
            f"one-way or two-way clustering only; got {len(parts)} cluster variables {parts}"
        )
    return parts


def cluster(*variables: str, kind: str = "CRV1") -> VcovSpec:
    """One- or two-way cluster-robust option: ``cluster("iso3")``, ``cluster("iso3", "year")``."""
    return VcovSpec(kind=kind, cluster=_split_cluster(list(variables)))


def driscoll_kraay(panel_id: str, time_id: str, lag: int | None = None) -> VcovSpec:
    """Driscoll-Kraay (1998) option; ``lag=None`` uses pyfixest's default floor(T^(1/4))."""
    return VcovSpec(kind="DK", panel_id=panel_id, time_id=time_id, lag=lag)


def wild_bootstrap(
    cluster_var: str,
    reps: int = _DEFAULT_WILD_REPS,
    seed: int | None = None,
    weights_type: str = "rademacher",
) -> VcovSpec:
    """Wild cluster bootstrap (restricted, WCR11; Cameron-Gelbach-Miller 2008) by ``cluster_var``."""
    return VcovSpec(
        kind="wild",
        cluster=_split_cluster(cluster_var),
        reps=int(reps),
        seed=seed,
        weights_type=weights_type,
    )


def parse_vcov(vcov: Any) -> VcovSpec:
    """Normalise any accepted ``vcov`` value to a :class:`VcovSpec` (see module docstring)."""
    if isinstance(vcov, VcovSpec):
        return vcov
    if vcov is None:
        return VcovSpec("iid")
    if isinstance(vcov, str):
        key = vcov.strip().lower()
        if key in _SIMPLE:
            return VcovSpec(_SIMPLE[key])
        if key in {"dk", "nw"}:
            raise SpecificationError(
                f"vcov={vcov!r} needs panel and time ids: use "
                f"{{'{vcov.upper()}': {{'panel_id': ..., 'time_id': ..., 'lag': ...}}}} "
                "or gvc.estimators.driscoll_kraay(panel_id, time_id, lag)"
            )
        raise SpecificationError(
            f"unknown vcov {vcov!r}; use 'iid', 'hetero', {{'CRV1': 'var'}}, "
            "{'DK': {...}} or {'wild': 'var'}"
        )
    if isinstance(vcov, dict) and len(vcov) == 1:
        ((key, value),) = vcov.items()
        ukey = str(key).upper()
        if ukey in {"CRV1", "CRV3"}:
            return VcovSpec(kind=ukey, cluster=_split_cluster(value))
        if ukey in {"DK", "NW"}:
            if not isinstance(value, dict) or "time_id" not in value:
                raise SpecificationError(
                    f"{ukey} vcov needs a dict with 'time_id' (and 'panel_id', 'lag'), got {value!r}"
                )
            if ukey == "DK" and not value.get("panel_id"):
                raise SpecificationError(
                    "Driscoll-Kraay vcov needs 'panel_id' as well as 'time_id'"
                )
            lag = value.get("lag")
            if lag is not None and (int(lag) != lag or lag < 0):
                raise SpecificationError(f"{ukey} lag must be a non-negative integer, got {lag!r}")
            return VcovSpec(
                kind=ukey, panel_id=value.get("panel_id"), time_id=value["time_id"], lag=lag
            )
        if ukey == "WILD":
            if isinstance(value, dict):
                if "cluster" not in value:
                    raise SpecificationError("wild bootstrap dict needs a 'cluster' entry")
                return wild_bootstrap(
                    value["cluster"],
                    reps=value.get("reps", _DEFAULT_WILD_REPS),
                    seed=value.get("seed"),
                    weights_type=value.get("weights_type", "rademacher"),
                )
            spec = wild_bootstrap(value)
            if len(spec.cluster) != 1:
                raise SpecificationError(
                    "the wild cluster bootstrap supports one-way clustering only"
                )
            return spec
    raise SpecificationError(f"could not understand vcov={vcov!r}")
