"""Claim families: one module per testable claim (C1-C8, C16), in one layout.

Each family module defines the four steps of :mod:`gvc.claims.families.layout` (data,
estimate, figures, describe) and ``SPECS``, the ids of the specifications it computes (the
registry's specs that name no ``function``; ``tests/claims/test_claims_spec_ids.py`` checks the
two match). ``FAMILIES`` maps claim ids to a ``run(load, fig_dir)`` that chains them and returns
a :class:`~gvc.claims.families.base.FamilyResult` (one ledger row per registered specification,
PNG figures, tables, result/caveat/data text); specs that name a ``function`` are run as a
user's claim is (:mod:`gvc.claims.user_run`), and a claim with no family has only those.
:func:`family` gives the steps one at a time, for notebooks. ``load(name)`` returns a processed
table (e.g. :func:`gvc.load`) and raises :class:`gvc.errors.DataError` when it is unavailable;
specifications whose data are missing get ``data unavailable`` rows saying how to get them.

    from gvc.claims.families import FAMILIES, family
    res = FAMILIES["C1"](gvc.load, Path("reports/figures"))
    d = family("C7").data(gvc.load)
"""

from dataclasses import replace
from functools import partial
from importlib import import_module
from pathlib import Path

from gvc.claims.families.base import FamilyResult, Loader, rows_frame
from gvc.claims.families.layout import (
    Family,
    FamilyData,
    FamilyText,
    has_steps,
    run_family,
    specification_text,
)
from gvc.claims.registry import CLAIMS, Claim, get_claim


def family(claim_id: str) -> Family:
    """The four steps of ``claim_id``'s family (e.g. ``family("C7").data(gvc.load)``)."""
    claim = get_claim(claim_id)
    if not claim.testable or not claim.family:
        raise KeyError(f"{claim_id} has no claim family (it is not testable with data)")
    return Family(claim, import_module(f"gvc.claims.families.{claim.family}"))


def family_part(claim: Claim) -> Claim:
    """``claim`` with only the specs its family module computes (those naming no function)."""
    keep = {s.id for s in claim.family_specs}
    return replace(
        claim,
        specifications=claim.family_specs,
        headline_with=tuple(s for s in claim.headline_with if s in keep),
        headline_names=tuple(p for p in claim.headline_names if p[0] in keep),
    )


def run_mixed(module, claim_id: str, load: Loader, fig_dir: Path) -> FamilyResult:
    """A claim whose family computes some specs and named functions the others: both parts,
    rows in registry order, texts joined."""
    from gvc.claims.user_run import function_rows, result_lines

    claim = get_claim(claim_id)
    res = run_family(module, claim_id, load, fig_dir, family_part(claim))
    fn_rows, _ = function_rows(claim, claim.function_specs, load)
    rows = rows_frame([*res.rows.to_dict("records"), *fn_rows], claim)
    more = result_lines(rows[rows["specification"].isin([s.id for s in claim.function_specs])],
                        claim.reference(claim.function_specs[0].reference).unit)  # fmt: skip
    return replace(
        res,
        rows=rows,
        result_md=f"{res.result_md}\n\n{more}",
        specification=specification_text(claim, rows),
    )


def run_functions(claim_id: str, load: Loader, fig_dir: Path) -> FamilyResult:
    """A claim with no family: every spec names its function (run as a user's claim is)."""
    from gvc.claims.user_run import run_function_claim

    return run_function_claim(claim_id, load, fig_dir)


def _discover() -> dict:
    """``run(load, fig_dir)`` of each testable claim, in registry order."""
    out = {}
    for claim in CLAIMS:
        if not claim.testable:
            continue
        if not claim.family:  # every spec names its function
            out[claim.id] = partial(run_functions, claim.id)
            continue
        module = import_module(f"gvc.claims.families.{claim.family}")
        if claim.function_specs:
            out[claim.id] = partial(run_mixed, module, claim.id)
        else:
            out[claim.id] = (
                partial(run_family, module, claim.id) if has_steps(module) else module.run
            )
    return out


FAMILIES = _discover()
"""Claim id -> ``run(load, fig_dir) -> FamilyResult``."""

__all__ = ["FAMILIES", "Family", "FamilyData", "FamilyResult", "FamilyText", "family"]
