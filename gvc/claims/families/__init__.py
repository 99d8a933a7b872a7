"""Claim families: one module per testable claim (C1-C8, C16), each with ``run(load, fig_dir)``.

``FAMILIES`` maps claim ids to the ``run`` functions; each returns a
:class:`~gvc.claims.families.base.FamilyResult` (one ledger row per registered specification,
PNG figures, regression tables, result/caveat/data text). ``load(name)`` returns a processed
table (e.g. :func:`gvc.load`) and raises :class:`gvc.errors.DataError` when it is unavailable;
specifications whose data are missing get ``data unavailable`` rows saying how to get them.

    from gvc.claims.families import FAMILIES
    res = FAMILIES["C1"](gvc.load, Path("reports/figures"))
"""

from gvc.claims.families import c1, c2, c3, c4, c5, c6, c7, c8, c16
from gvc.claims.families.base import FamilyResult

FAMILIES = {
    "C1": c1.run,
    "C2": c2.run,
    "C3": c3.run,
    "C4": c4.run,
    "C5": c5.run,
    "C6": c6.run,
    "C7": c7.run,
    "C8": c8.run,
    "C16": c16.run,
}
"""Claim id -> ``run(load, fig_dir) -> FamilyResult``."""

__all__ = ["FAMILIES", "FamilyResult"]
