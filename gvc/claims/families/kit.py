"""Everything a family module needs, in one import: ``from gvc.claims.families import kit``.

The layout (:mod:`~gvc.claims.families.layout`), the ledger-row builders and the shared steps
(:mod:`~gvc.claims.families.base`) and the steps several families repeat
(:mod:`~gvc.claims.families.steps`), so family modules carry no repeated import blocks.
"""

from gvc.claims.families.base import (
    BOOT_REPS,
    BOOT_SEED,
    RECOVERABLE,
    Loader,
    describe_row,
    fit_row,
    fmt,
    new_figure,
    quiet_feols,
    save_figure,
    try_load,
    unavailable,
    wild,
)
from gvc.claims.families.layout import FamilyData, FamilyText
from gvc.claims.families.steps import (
    bullets,
    cached,
    fits,
    row_lines,
    trend_row,
    unavailable_all,
    unavailable_text,
)
from gvc.claims.ledger import ledger_row
from gvc.claims.registry import Claim

__all__ = [
    "BOOT_REPS",
    "BOOT_SEED",
    "RECOVERABLE",
    "Claim",
    "FamilyData",
    "FamilyText",
    "Loader",
    "describe_row",
    "fit_row",
    "fmt",
    "ledger_row",
    "new_figure",
    "quiet_feols",
    "save_figure",
    "try_load",
    "unavailable",
    "wild",
    # repeated steps (gvc.claims.families.steps)
    "bullets",
    "cached",
    "fits",
    "row_lines",
    "trend_row",
    "unavailable_all",
    "unavailable_text",
]
