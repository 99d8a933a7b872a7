"""Merge countries into regions and industries into sectors in the table itself.

:func:`aggregate` sums the rows and columns of Z, final demand, output and value added, the
same operation as pymrio's ``MRIOSystem.aggregate``: it happens *before* the Leontief inversion,
so every decomposition of the result is the decomposition of a smaller table. That differs from
``ICIO(groups=...)`` (and ``gvc.icio(..., groups=...)``), which inverts the full table and merges
the group's countries afterwards: trade among a region's members is domestic after
:func:`aggregate` but international with ``groups``. Use ``groups`` to report a bloc from the
detailed table; use :func:`aggregate` for a smaller table (speed, a published aggregation, a
concordance to coarser sectors).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from gvc.errors import ValidationError


def _mapping(
    labels: Sequence[str], spec: Mapping[str, Sequence[str]] | None, what: str
) -> dict[str, str]:
    """label -> new label from ``{new: [old, ...]}``; unnamed labels keep their own name."""
    out = {lab: lab for lab in labels}
    seen: dict[str, str] = {}
    for new, members in (spec or {}).items():
        members = [members] if isinstance(members, str) else list(members)
        if not members:
            raise ValidationError(f"aggregate: {what} {new!r} has no members")
        for m in members:
            if m not in out:
                raise ValidationError(
                    f"aggregate: {what} {new!r} names {m!r}, which is not in the table "
                    f"({', '.join(labels[:8])}{', ...' if len(labels) > 8 else ''})"
                )
            if m in seen:
                raise ValidationError(
                    f"aggregate: {m!r} is in both {seen[m]!r} and {new!r}; give it one {what}"
                )
            seen[m] = str(new)
            out[m] = str(new)
    clash = [lab for lab in labels if lab not in seen and lab in set(seen.values())]
    if clash:
        raise ValidationError(
            f"aggregate: the new {what} name(s) {clash} are also kept {what}s of the table; "
            "rename them"
        )
    return out


def _matrix(labels: Sequence[str], mapping: dict[str, str]) -> tuple[np.ndarray, list[str]]:
    new = list(dict.fromkeys(mapping[lab] for lab in labels))
    M = np.zeros((len(labels), len(new)))
    for i, lab in enumerate(labels):
        M[i, new.index(mapping[lab])] = 1.0
    return M, new


def aggregate(
    icio,
    regions: Mapping[str, Sequence[str]] | None = None,
    sectors: Mapping[str, Sequence[str]] | None = None,
):
    """A new :class:`~gvc.io.ICIO` with countries merged into ``regions`` and industries into
    ``sectors`` before inversion (module docstring).

    ``regions``: ``{"EU": ["AUT", "BEL", ...], ...}``; ``sectors``: ``{"MAN": ["c3", ..., "c16"],
    ...}``. Countries and industries not named keep their own label; new labels come in order of
    first appearance. Z, final demand (by destination region), output and value added are
    summed; units are unchanged. Tables with split countries are refused (merge them with
    ``splits=`` after inversion instead), and the result has no groups. ``meta`` is copied and
    records the aggregation under ``meta["aggregated"]``.
    """
    from gvc.io.icio import ICIO

    if getattr(icio, "splits", None):
        raise ValidationError(
            "aggregate: the table has split countries "
            f"({', '.join(icio.splits)}); aggregating them before inversion changes their "
            "domestic and foreign content. Keep splits= (merged after inversion) instead"
        )
    reg = _mapping(list(icio.countries), regions, "region")
    sec = _mapping(list(icio.industries), sectors, "sector")
    R, new_c = _matrix(list(icio.countries), reg)
    S_ind, new_i = _matrix(list(icio.industries), sec)
    S = np.kron(R, S_ind)  # country-major sectors -> country-major new sectors
    Z = S.T @ icio.Z @ S
    F = S.T @ icio.Y @ R
    x = S.T @ icio.x
    va = S.T @ icio.va
    out = ICIO(Z, F, new_c, new_i, x=x, va=va, tol=1e-9, atol=1e-9 * max(1.0, float(np.abs(x).max())),
               negative_va="ignore")  # fmt: skip
    out.meta = dict(getattr(icio, "meta", {}) or {})
    out.meta["aggregated"] = {
        "regions": {k: list(v) for k, v in (regions or {}).items()},
        "sectors": {k: list(v) for k, v in (sectors or {}).items()},
        "when": "before inversion",
    }
    return out
