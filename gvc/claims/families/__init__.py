"""Claim families: one module per testable claim (C1-C8, C16), each with ``run(load, fig_dir)``.

``FAMILIES`` maps claim ids to the ``run`` functions, discovered from the registry (each
testable claim's ``family`` in ``gvc/claims/data/seed_claims.toml``); each returns a
:class:`~gvc.claims.families.base.FamilyResult` (one ledger row per registered specification,
PNG figures, regression tables, result/caveat/data text). ``load(name)`` returns a processed
table (e.g. :func:`gvc.load`) and raises :class:`gvc.errors.DataError` when it is unavailable;
specifications whose data are missing get ``data unavailable`` rows saying how to get them.

    from gvc.claims.families import FAMILIES
    res = FAMILIES["C1"](gvc.load, Path("reports/figures"))
"""

from importlib import import_module

from gvc.claims.families.base import FamilyResult
from gvc.claims.registry import CLAIMS


def _discover() -> dict:
    """``run`` of each testable claim's family module, in registry order."""
    out = {}
    for claim in CLAIMS:
        if not claim.testable:
            continue
        out[claim.id] = import_module(f"gvc.claims.families.{claim.family}").run
    return out


FAMILIES = _discover()
"""Claim id -> ``run(load, fig_dir) -> FamilyResult``."""

__all__ = ["FAMILIES", "FamilyResult"]
