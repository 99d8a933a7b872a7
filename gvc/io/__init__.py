"""Input-output engine: ICIO container, Leontief algebra and GVC decompositions (pure math).

Public API: ``ICIO``, ``decompose``, ``participation_measures``, the Leontief helpers and the
per-method functions (``borin_mancini``, ``borin_mancini_world``, ``importer_decomposition``,
``kww``, ``wwz``, ``wwyz``, ``tiva``); ``read_icio`` (a published table file; the file reading
is done by ``gvc.sources``). ``gvc.icio(source, year)`` lives in ``gvc.io.catalog``.
"""

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
from gvc.io.read import read_icio
from gvc.io.tiva import tiva
from gvc.io.wwyz import wwyz
from gvc.io.wwz import wwz

__all__ = [
    "ICIO",
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
    "read_icio",
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
