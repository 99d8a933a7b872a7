"""ICIO container: an inter-country input-output table as arrays with labels, validated.

Notation (G countries, N industries, n = G*N country-sectors, rows = supplying sector):
``Z`` (n x n) intermediate use, ``Y`` (n x G) final demand by destination country, ``x`` (n,)
gross output, ``va`` (n,) value added, ``A = Z diag(x)^-1`` technical coefficients (column j is 0
when x_j = 0), ``v = va / x`` value-added coefficients. Units are the table's currency unit.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from gvc.errors import ValidationError

DEFAULT_RTOL = 1e-3
"""Default relative balance tolerance: |x - (Z1 + F1)| <= rtol*|x| + atol."""
DEFAULT_ATOL_SCALE = 1e-4
"""Default absolute floor: atol = 1e-4 * max|x|. Real WIOD 2013 tables (values rounded to whole
millions USD) have row discrepancies up to ~113 on tiny sectors; with max output ~1.4e6-3.4e6 this
floor (141-336) accepts every WIOD year while still catching real imbalances."""

REBALANCE = ("own-final-demand", "none")
"""Balancing conventions for a table given with its published output ``x`` (see ``ICIO``)."""
DEFAULT_REBALANCE = "own-final-demand"
"""The one default of every route (``ICIO``, ``gvc.read_icio``, ``gvc.icio``, ``gvc io
decompose --source/--file/--z``)."""


def rebalance_mode(rebalance) -> str:
    """``rebalance`` as one of ``REBALANCE`` (``True`` = "own-final-demand", ``False`` =
    "none", the booleans of earlier versions)."""
    if rebalance is True:
        return "own-final-demand"
    if rebalance is False or rebalance is None:
        return "none"
    if rebalance not in REBALANCE:
        raise ValidationError(f"rebalance must be one of {REBALANCE}, got {rebalance!r}")
    return str(rebalance)


@dataclass(frozen=True)
class Unit:
    """An exporter: one country or a group of countries merged after inversion.

    ``countries``: country positions (0-based); ``sectors``: row positions of its sectors.
    """

    name: str
    countries: tuple[int, ...]
    sectors: np.ndarray

    @property
    def is_country(self) -> bool:
        return len(self.countries) == 1


def _fail(check: str, label: str, detail: str, count: int = 1) -> ValidationError:
    more = f" ({count} sectors fail this check; the first is shown)" if count > 1 else ""
    return ValidationError(f"ICIO check '{check}' failed for sector {label}: {detail}{more}")


class ICIO:
    """A validated inter-country input-output table.

    Parameters
    ----------
    Z : (n, n) intermediate use, rows = supplying country-sector ``ISO3_industry`` in
        country-major order (all industries of the first country, then the next, ...).
    F : (n, G) final demand by destination country, or (n, G*K) with ``fd_categories`` (K names,
        category-minor within each destination country); categories are summed.
    countries, industries : labels (G and N of them).
    x : gross output; default the row sums Z1 + F1 (exact balance). If given, it must satisfy
        |x - (Z1 + F1)| <= tol*|x| + atol for every sector, and it is used for A and va.
    va : value added; default the column residual x - Z'1 (as Stata ``icio``), which makes the
        column sums of the value-added multipliers VB exactly 1.
    tol : relative balance tolerance (default 1e-3). atol : absolute floor (default 1e-4*max|x|).
    negative_va : "warn" (default), "error" or "ignore" for sectors with negative value added.
    rebalance : the balancing convention when ``x`` is given (one of ``REBALANCE``; the same
        default on every route, recorded in ``meta["rebalance"]`` and in ``decompose``'s
        ``rebalance`` column). ``"own-final-demand"`` (default): the published ``x`` is kept
        (for A and v) and the tolerated discrepancy x - (Z1 + F1) is added to each sector's
        own-country final demand, so the table balances exactly and every identity holds to
        rounding; gross exports are unchanged (own final demand is not exported). Rows of
        sectors with x = 0 are set to 0 (they cannot sell what they do not produce). Published
        tables need it (WIOD is rounded to whole millions). ``"none"``: the table as given,
        A = Z diag(x)^-1 with the discrepancy left in place, which is R decompr 7.0's
        ``load_tables_vectors(x, y, k, i, o)``: level terms then match decompr's, and only
        the identities that decompr closes with a residual (KWW's FDC) still add up exactly.
        ``True``/``False`` are accepted for "own-final-demand"/"none". Without ``x`` the
        table balances by construction (x = Z1 + F1) and the option has no effect.
    unit, year : the table's currency unit and year, kept in ``meta`` and written by
        ``decompose`` as the ``unit`` and ``year`` columns (tables read from files set them).
    groups : e.g. ``{"EU27": ["AUT", ...]}``; each group can act as one exporter. Groups are
        merged after the Leontief inversion (the country-level table is never aggregated).
        Members may name split countries (``"CHN"``), which stand for all their parts.
    splits : countries published as several parts, e.g. ``{"CHN": ["CN1", "CN2"]}`` (OECD ICIO:
        China and Mexico split by processing trade). The parts are rows and columns of the table
        (``countries`` lists the parts, not ``CHN``); the inverse is taken on the split table and
        the parts are reported as one country afterwards (as exporter, importer and partner), as
        in exvatools. The country's final demand may sit in any of its parts' columns.

    Raises ``gvc.errors.ValidationError`` naming the sector and the check that failed: labels,
    shape, finite, negative output, balance, zero output, A column sum, value added, groups.
    """

    def __init__(
        self,
        Z,
        F,
        countries: Sequence[str],
        industries: Sequence[str],
        x=None,
        va=None,
        *,
        fd_categories: Sequence[str] | None = None,
        groups: Mapping[str, Sequence[str]] | None = None,
        splits: Mapping[str, Sequence[str]] | None = None,
        tol: float = DEFAULT_RTOL,
        atol: float | None = None,
        negative_va: str = "warn",
        rebalance: str | bool = DEFAULT_REBALANCE,
        unit: str | None = None,
        year: int | None = None,
    ) -> None:
        mode = rebalance_mode(rebalance)
        self.countries = tuple(str(c) for c in countries)
        self.industries = tuple(str(i) for i in industries)
        self._check_labels()
        G, N = len(self.countries), len(self.industries)
        n = G * N
        self.G, self.N, self.n = G, N, n
        self.labels = tuple(f"{c}_{i}" for c in self.countries for i in self.industries)

        Z = np.asarray(Z, dtype=np.float64)
        F = np.asarray(F, dtype=np.float64)
        if Z.ndim != 2 or Z.shape != (n, n):
            raise ValidationError(
                f"ICIO check 'labels' failed: Z has shape {Z.shape} but {G} countries x {N} "
                f"industries need ({n}, {n})"
            )
        self._check_finite("Z", Z)
        F = self._final_demand(F, fd_categories)
        self._check_finite("F", F)
        rowsum = Z.sum(axis=1) + F.sum(axis=1)
        given_x = x is not None
        if x is None:
            x = rowsum
        else:
            x = np.asarray(x, dtype=np.float64).ravel()
            if x.shape != (n,):
                raise ValidationError(
                    f"ICIO check 'labels' failed: x has {x.size} entries, expected {n}"
                )
            self._check_finite("x", x[:, None])
        self._check_output(x, rowsum, tol, atol)
        gap = x - rowsum
        if given_x and mode == "own-final-demand":  # the tolerated gap -> own final demand
            F = F.copy()
            F[np.arange(n), np.repeat(np.arange(G), N)] += x - rowsum
            dead = x == 0  # sectors without output cannot sell: drop their rounding residue
            if dead.any():
                Z = Z.copy()
                Z[dead, :] = 0.0
                F[dead, :] = 0.0
        colsum = Z.sum(axis=0)
        zero = x == 0
        bad = np.flatnonzero(zero & (np.abs(colsum) > 0))
        if bad.size:
            raise _fail(
                "zero output",
                self.labels[bad[0]],
                f"output is 0 but intermediate inputs sum to {colsum[bad[0]]:g}",
                bad.size,
            )
        safe_x = np.where(zero, 1.0, x)
        A = Z / safe_x  # broadcasting divides column j by x_j; zero-output columns are 0
        A[:, zero] = 0.0
        acol = A.sum(axis=0)
        bad = np.flatnonzero(acol >= 1.0)
        if bad.size:
            j = bad[0]
            raise _fail(
                "A column sum",
                self.labels[j],
                f"intermediate inputs {colsum[j]:g} >= output {x[j]:g} (column sum of A = "
                f"{acol[j]:.6g} >= 1): I - A may be singular and value added is not positive",
                bad.size,
            )
        if va is None:
            va = x - colsum
        else:
            va = np.asarray(va, dtype=np.float64).ravel()
            if va.shape != (n,):
                raise ValidationError(
                    f"ICIO check 'labels' failed: va has {va.size} entries, expected {n}"
                )
            self._check_finite("va", va[:, None])
        self._check_va(va, negative_va)
        self.Z, self.Y, self.x, self.va, self.A = Z, F, x, va, A
        self.v = np.where(zero, 0.0, va / safe_x)
        self.splits = self._check_splits(splits or {})
        self.rebalance = mode if given_x else None
        # source, year, unit, path when read from a published file; the balancing convention
        # (and the size of the gap it closed) whenever the output x was given
        self.meta: dict = {}
        if year is not None:
            self.meta["year"] = int(year)
        if unit:
            self.meta["unit"] = str(unit)
        if given_x:
            self.meta["rebalance"] = mode
            # the row gap x - (Z1 + F1) the convention closes (or leaves): its largest size in
            # the table's unit and its total as a share of total output
            self.meta["rebalance_gap_max"] = float(np.max(np.abs(gap), initial=0.0))
            self.meta["rebalance_gap_share"] = float(
                np.abs(gap).sum() / max(float(np.abs(x).sum()), 1e-300)
            )
        self.groups = self._check_groups(groups or {})

    # ----------------------------------------------------------------- validation helpers
    def _check_labels(self) -> None:
        for kind, labels in (("countries", self.countries), ("industries", self.industries)):
            if not labels:
                raise ValidationError(f"ICIO check 'labels' failed: no {kind} given")
            dup = {x for x in labels if labels.count(x) > 1}
            if dup:
                raise ValidationError(f"ICIO check 'labels' failed: duplicate {kind} {sorted(dup)}")

    def _check_finite(self, name: str, arr: np.ndarray) -> None:
        bad = ~np.isfinite(arr)
        if bad.any():
            i, j = np.argwhere(bad)[0]
            col = ""
            if name == "Z":
                col = f", column {self.labels[j]}"
            elif name == "F":
                col = f", destination {self.countries[j]}"
            raise _fail(
                "finite",
                self.labels[i],
                f"{name} has a non-finite value ({arr[i, j]}){col}",
                int(bad.any(axis=1).sum()),
            )

    def _final_demand(self, F: np.ndarray, cats: Sequence[str] | None) -> np.ndarray:
        G, n = self.G, self.n
        if F.ndim == 1:
            F = F[:, None]
        if F.shape[0] != n:
            raise ValidationError(
                f"ICIO check 'labels' failed: F has {F.shape[0]} rows but Z has {n} sectors"
            )
        if F.shape[1] == G and not cats:
            return F
        K = len(cats) if cats else 0
        if K and F.shape[1] == G * K:
            return F.reshape(n, G, K).sum(axis=2)
        raise ValidationError(
            f"ICIO check 'labels' failed: F has {F.shape[1]} columns; expected {G} (one per "
            f"destination country) or {G} x len(fd_categories)"
            + (f" = {G * K}" if K else " (pass fd_categories)")
        )

    def _check_output(self, x, rowsum, tol, atol) -> None:
        neg = np.flatnonzero(x < 0)
        if neg.size:
            raise _fail(
                "negative output", self.labels[neg[0]], f"output x = {x[neg[0]]:g} < 0", neg.size
            )
        if atol is None:
            atol = DEFAULT_ATOL_SCALE * float(np.max(np.abs(x), initial=0.0))
        diff = np.abs(x - rowsum)
        limit = tol * np.abs(x) + atol
        bad = np.flatnonzero(diff > limit)
        if bad.size:
            i = bad[np.argmax(diff[bad] - limit[bad])]
            raise _fail(
                "balance",
                self.labels[i],
                f"output x = {x[i]:g} but Z row sum + F row sum = {rowsum[i]:g} "
                f"(|diff| = {diff[i]:g} > tol*|x| + atol = {limit[i]:g}; tol={tol:g}, "
                f"atol={atol:g})",
                bad.size,
            )

    def _check_va(self, va, mode: str) -> None:
        if mode not in ("warn", "error", "ignore"):
            raise ValueError("negative_va must be 'warn', 'error' or 'ignore'")
        neg = np.flatnonzero(va < 0)
        if neg.size and mode != "ignore":
            msg = f"value added = {va[neg[0]]:g} < 0"
            if mode == "error":
                raise _fail("value added", self.labels[neg[0]], msg, neg.size)
            warnings.warn(
                f"ICIO check 'value added' for sector {self.labels[neg[0]]}: {msg} "
                f"({neg.size} sectors)",
                stacklevel=3,
            )

    def _check_splits(self, splits: Mapping[str, Sequence[str]]) -> dict[str, tuple[str, ...]]:
        out: dict[str, tuple[str, ...]] = {}
        seen: set[str] = set()
        for name, parts in splits.items():
            parts = tuple(dict.fromkeys(str(p) for p in parts))
            bad = [p for p in parts if p not in self.countries or p in seen]
            if name in self.countries or len(parts) < 2 or bad:
                raise ValidationError(
                    f"ICIO check 'splits' failed: split country {name} must name at least two "
                    f"table countries that belong to no other split (got {list(parts)}; "
                    f"unknown or repeated: {bad})"
                )
            seen.update(parts)
            out[str(name)] = parts
        return out

    def _check_groups(self, groups: Mapping[str, Sequence[str]]) -> dict[str, tuple[str, ...]]:
        out = {}
        for name, members in groups.items():
            members = tuple(
                p for m in members for p in self.splits.get(str(m), (str(m),))
            )  # split countries stand for their parts
            if name in self.countries or name in self.splits:
                raise ValidationError(
                    f"ICIO check 'groups' failed: group name {name} is also a country"
                )
            unknown = [m for m in members if m not in self.countries]
            if not members or unknown:
                raise ValidationError(
                    f"ICIO check 'groups' failed: group {name} has unknown or no members "
                    f"{unknown or members}"
                )
            out[str(name)] = tuple(dict.fromkeys(members))
        return out

    # ----------------------------------------------------------------- derived quantities
    @cached_property
    def country_of(self) -> np.ndarray:
        """Country position of each sector row, (n,) int."""
        return np.repeat(np.arange(self.G), self.N)

    def block(self, s: int) -> slice:
        """Row slice of country ``s``."""
        return slice(s * self.N, (s + 1) * self.N)

    def _unit(self, name: str, members: Sequence[str]) -> Unit:
        pos = {c: i for i, c in enumerate(self.countries)}
        cs = tuple(sorted(pos[m] for m in members))
        sec = np.concatenate([np.arange(s * self.N, (s + 1) * self.N) for s in cs])
        return Unit(name, cs, sec)

    def units(self, include_groups: bool = True) -> list[Unit]:
        """Exporters: every reported country (a split country as one unit over its parts, at
        the position of its first part), then every group (sectors in table order)."""
        out = []
        for c in self.reported:
            parts = self.splits.get(c)
            out.append(self._unit(c, parts) if parts else self._unit(c, (c,)))
        if include_groups:
            out.extend(self._unit(name, members) for name, members in self.groups.items())
        return out

    def part_units(self, unit: Unit) -> list[Unit]:
        """The parts of a split-country unit, each with the whole country as its domestic
        perimeter (``countries``) and its own rows as ``sectors``; [] for other units."""
        if unit.name not in self.splits:
            return []
        pos = {c: i for i, c in enumerate(self.countries)}
        return [
            Unit(p, unit.countries, np.arange(pos[p] * self.N, (pos[p] + 1) * self.N))
            for p in self.splits[unit.name]
        ]

    @cached_property
    def reported(self) -> tuple[str, ...]:
        """Countries as reported: table countries with each split country's parts replaced by
        the split country (at its first part's position)."""
        part_of = {p: name for name, parts in self.splits.items() for p in parts}
        return tuple(dict.fromkeys(part_of.get(c, c) for c in self.countries))

    @cached_property
    def partner_index(self) -> np.ndarray:
        """Position in ``reported`` of every table country (G,) int."""
        part_of = {p: name for name, parts in self.splits.items() for p in parts}
        where = {c: i for i, c in enumerate(self.reported)}
        return np.array([where[part_of.get(c, c)] for c in self.countries], dtype=np.int64)

    def merge_partners(self, a: np.ndarray) -> np.ndarray:
        """Sum the last axis (table countries, G) into reported countries (R)."""
        if not self.splits:
            return a
        P = np.zeros((self.G, len(self.reported)))
        P[np.arange(self.G), self.partner_index] = 1.0
        return a @ P

    @cached_property
    def y_total(self) -> np.ndarray:
        """Final goods production by sector, Y1 (n,)."""
        return self.Y.sum(axis=1)

    @cached_property
    def y_dom(self) -> np.ndarray:
        """Final demand for each sector's goods in its own country, Y_ss (n,)."""
        return self.Y[np.arange(self.n), self.country_of]

    @cached_property
    def Zc(self) -> np.ndarray:
        """Intermediate sales of each sector to each country, Z summed by buyer country (n, G)."""
        return self.Z.reshape(self.n, self.G, self.N).sum(axis=2)

    @cached_property
    def E(self) -> np.ndarray:
        """Gross exports by exporting sector and importer (n, G); own-country column is 0."""
        E = self.Zc + self.Y
        E[np.arange(self.n), self.country_of] = 0.0
        return E

    @cached_property
    def e(self) -> np.ndarray:
        """Total gross exports by sector (n,)."""
        return self.E.sum(axis=1)

    @cached_property
    def leontief(self):
        """The LU-factorized Leontief system of this table (see ``gvc.io.leontief``)."""
        from gvc.io.leontief import Leontief

        return Leontief(self.A, self.N, labels=self.labels)

    @cached_property
    def local(self):
        """Local (domestic-block) Leontief inverses (I - A_ss)^-1, factorized per country."""
        from gvc.io.leontief import LocalInverses

        return LocalInverses(self.A, self.N)

    def __repr__(self) -> str:
        return f"ICIO({self.G} countries x {self.N} industries, groups={list(self.groups)})"

    def summary_frame(self):
        """What the table holds, one row per fact (sizes, totals in the table's own unit,
        groups, splits): the rich display in Jupyter."""
        import pandas as pd

        def few(items, k=8):
            items = list(items)
            return ", ".join(items[:k]) + (f", ... ({len(items)} in all)" if len(items) > k else "")

        facts = {
            "countries": f"{self.G}: {few(self.countries)}",
            "industries": f"{self.N}: {few(self.industries)}",
            "sectors (n = countries x industries)": f"{self.n:,}",
            "gross output (sum of x)": f"{self.x.sum():,.6g}",
            "value added (sum of va)": f"{self.va.sum():,.6g}",
            "final demand (sum of F)": f"{self.Y.sum():,.6g}",
            "negative intermediate cells": f"{int((self.Z < 0).sum()):,}",
        }
        for name, members in self.groups.items():
            facts[f"group {name}"] = f"{len(members)} members: {few(members)}"
        for name, parts in self.splits.items():
            facts[f"split {name}"] = ", ".join(parts)
        return pd.DataFrame({"value": facts}).rename_axis("ICIO")

    def _repr_html_(self) -> str:
        return self.summary_frame()._repr_html_()
