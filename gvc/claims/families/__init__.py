"""Claim families: one module per testable claim (C1-C8, C16), in one layout.

Each family module defines the four steps of :mod:`gvc.claims.families.layout` (data,
estimate, figures, describe). ``FAMILIES`` maps claim ids to a ``run(load, fig_dir)`` that
chains them and returns a :class:`~gvc.claims.families.base.FamilyResult` (one ledger row per
registered specification, PNG figures, tables, result/caveat/data text); :func:`family` gives
the steps one at a time, for notebooks. ``load(name)`` returns a processed table (e.g.
:func:`gvc.load`) and raises :class:`gvc.errors.DataError` when it is unavailable;
specifications whose data are missing get ``data unavailable`` rows saying how to get them.

    from gvc.claims.families import FAMILIES, family
    res = FAMILIES["C1"](gvc.load, Path("reports/figures"))
    d = family("C7").data(gvc.load)
"""

from functools import partial
from importlib import import_module

from gvc.claims.families.base import FamilyResult
from gvc.claims.families.layout import Family, FamilyData, FamilyText, has_steps, run_family
from gvc.claims.registry import CLAIMS, get_claim


def family(claim_id: str) -> Family:
    """The four steps of ``claim_id``'s family (e.g. ``family("C7").data(gvc.load)``)."""
    claim = get_claim(claim_id)
    if not claim.testable:
        raise KeyError(f"{claim_id} has no claim family (it is not testable with data)")
    return Family(claim, import_module(f"gvc.claims.families.{claim.family}"))


def _discover() -> dict:
    """``run(load, fig_dir)`` of each testable claim's family module, in registry order."""
    out = {}
    for claim in CLAIMS:
        if not claim.testable:
            continue
        module = import_module(f"gvc.claims.families.{claim.family}")
        out[claim.id] = partial(run_family, module, claim.id) if has_steps(module) else module.run
    return out


FAMILIES = _discover()
"""Claim id -> ``run(load, fig_dir) -> FamilyResult``."""

__all__ = ["FAMILIES", "Family", "FamilyData", "FamilyResult", "FamilyText", "family"]
