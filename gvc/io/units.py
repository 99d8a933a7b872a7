"""Per-exporter quantities for countries and country groups (groups merged after inversion)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy.linalg import lu_solve

from gvc.io.leontief import local_inverse
from gvc.io.multipliers import multipliers


@dataclass
class ExporterView:
    """Exporter ``unit`` of table ``io``: its sectors S, exports and multipliers.

    For a single country these are slices of the table-wide multipliers; for a group they are
    computed from the same LU factorization with the group's sectors as one "domestic" block.
    """

    io: object
    unit: object

    @property
    def S(self) -> np.ndarray:
        return self.unit.sectors

    @cached_property
    def own(self) -> list[int]:
        return list(self.unit.countries)

    @cached_property
    def E(self) -> np.ndarray:
        """Exports by exporting sector and importer (k*N, G), zero inside the unit."""
        E = self.io.E[self.S].copy()
        E[:, self.own] = 0.0
        return E

    @cached_property
    def Y(self) -> np.ndarray:
        """Final-goods sales of the unit's sectors by destination (k*N, G)."""
        return self.io.Y[self.S]

    @cached_property
    def Yex(self) -> np.ndarray:
        """Final-goods exports (k*N, G), zero inside the unit."""
        Y = self.Y.copy()
        Y[:, self.own] = 0.0
        return Y

    @cached_property
    def _local(self):
        return None if self.unit.is_country else local_inverse(self.io.A, self.S)

    def local_solve(self, rhs: np.ndarray, trans: int = 0) -> np.ndarray:
        """L_SS @ rhs (or L_SS' @ rhs), L_SS = (I - A_SS)^-1."""
        if self.unit.is_country:
            s = self.unit.countries[0]
            return lu_solve(self.io.local._lu[s], rhs, trans=trans, check_finite=False)
        return lu_solve(self._local, rhs, trans=trans, check_finite=False)

    @cached_property
    def wB(self) -> np.ndarray:
        """V_S B_SS (k*N,): domestic content per unit of exports."""
        m = multipliers(self.io)
        if self.unit.is_country:
            return m.wB[self.S]
        vd = np.zeros(self.io.n)
        vd[self.S] = self.io.v[self.S]
        return self.io.leontief.solve_t(vd)[self.S]

    @cached_property
    def wL(self) -> np.ndarray:
        """V_S L_SS (k*N,): domestic value added through purely domestic chains."""
        if self.unit.is_country:
            return multipliers(self.io).wL[self.S]
        return self.local_solve(self.io.v[self.S], trans=1)

    @cached_property
    def u(self) -> np.ndarray:
        """Foreign content per unit of exports (k*N,)."""
        return multipliers(self.io).VB[self.S] - self.wB

    @cached_property
    def B_SS(self) -> np.ndarray:
        """Diagonal block of the Leontief inverse for the unit."""
        if self.unit.is_country:
            return multipliers(self.io).diag_blocks[self.unit.countries[0]]
        return self.io.leontief.block(self.S)

    @cached_property
    def Y_SS(self) -> np.ndarray:
        """Final demand of the unit for its own goods (k*N,)."""
        return self.Y[:, self.own].sum(axis=1)


def exporter_views(io, exporters=None, include_groups: bool = True) -> list[ExporterView]:
    """Views for all countries and groups, or for the named ``exporters`` only."""
    units = io.units(include_groups)
    if exporters is not None:
        names = [exporters] if isinstance(exporters, str) else list(exporters)
        known = {u.name: u for u in units}
        missing = [e for e in names if e not in known]
        if missing:
            raise ValueError(f"unknown exporters {missing}; known: countries and groups")
        units = [known[e] for e in names]
    return [ExporterView(io, u) for u in units]
