"""Input-output engine: ICIO container, Leontief algebra and GVC decompositions (pure math:
arrays, labels and group memberships in, arrays and frames out; no file, no setting).

Public API: ``ICIO``, ``decompose``, ``participation_measures``, the Leontief helpers and the
per-method functions (``borin_mancini``, ``borin_mancini_world``, ``importer_decomposition``,
``kww``, ``wwz``, ``wwyz``, ``tiva``). Published tables are read above this package:
``gvc.read_icio(path)`` and ``gvc.icio(source, year)`` (``gvc.tables_io``).
"""

from gvc.io.aggregate import aggregate
from gvc.io.api import METHODS, decompose
from gvc.io.bm import borin_mancini
from gvc.io.bm_world import borin_mancini_world
from gvc.io.bmt_output import bmt_output
from gvc.io.bmt_trade import bmt_trade
from gvc.io.icio import ICIO
from gvc.io.importer import importer_decomposition
from gvc.io.kww import kww
from gvc.io.leontief import (
    Leontief,
    LocalInverses,
    ghosh_inverse,
    leontief_inverse,
    technical_coefficients,
    va_multiplier_matrix,
    va_multipliers,
)
from gvc.io.multipliers import Multipliers, multipliers
from gvc.io.participation import MEASURES, participation_measures
from gvc.io.tiva import tiva
from gvc.io.wwyz import wwyz
from gvc.io.wwz import wwz

__all__ = [
    "ICIO",
    "aggregate",
    "METHODS",
    "MEASURES",
    "Multipliers",
    "multipliers",
    "Leontief",
    "LocalInverses",
    "borin_mancini",
    "borin_mancini_world",
    "bmt_output",
    "bmt_trade",
    "decompose",
    "ghosh_inverse",
    "importer_decomposition",
    "kww",
    "leontief_inverse",
    "participation_measures",
    "technical_coefficients",
    "tiva",
    "va_multiplier_matrix",
    "va_multipliers",
    "wwyz",
    "wwz",
]


_MOVED = {
    "read_icio": "gvc.read_icio",
    "read": "gvc.tables_io",
    "catalog": "gvc.tables_io",
}
"""Names that reading a file brought into ``gvc.io`` before it was pure math, and where they
are now (``gvc.io`` does not import them: the reading layers sit above it)."""


def __getattr__(name: str):
    if name in _MOVED:
        raise AttributeError(
            f"gvc.io.{name} reads files and moved out of the pure-math package: use {_MOVED[name]}"
        )
    raise AttributeError(f"module 'gvc.io' has no attribute {name!r}")
