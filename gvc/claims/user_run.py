"""Run a user's claim: call each spec's function, turn the results into ledger rows, draw the
estimates against the reference, and return a :class:`~gvc.claims.families.base.FamilyResult`
(what the seed families return), so the pipeline writes the same report section.

A function that finds its data missing or its model unidentified raises one of
:data:`~gvc.claims.families.base.RECOVERABLE` (e.g. ``load`` raises
:class:`gvc.errors.DataError` for an unbuilt table): its row says ``data unavailable`` with the
message. A table, column or filter value that does not exist
(:class:`~gvc.errors.UnknownNameError`, with its did-you-mean) and any other exception are the
user's bug and stop the run with one line naming the file, claim and spec
(:class:`~gvc.claims.claims_file.ClaimsFileError`).
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np

from gvc.claims.claims_file import ClaimsFileError, import_path, resolve_function
from gvc.claims.families.base import (
    RECOVERABLE,
    FamilyResult,
    Loader,
    new_figure,
    rows_frame,
    save_figure,
)
from gvc.claims.families.layout import specification_text
from gvc.claims.ledger import format_reference, ledger_row
from gvc.claims.user import Claim, Estimate, as_estimate
from gvc.errors import GvcError, UnknownNameError


def _tracking(load: Loader, used: list[str]) -> Loader:
    """``load`` that records each table (and filters) asked for, for the ledger's data column."""

    def tracked(name: str, **filters):
        args = ", ".join(f"{k}={v!r}" for k, v in filters.items())
        used.append(f"{name} ({args})" if args else name)
        return load(name, **filters)

    return tracked


def _estimate(
    claim: Claim, spec, load: Loader, where: str, folder: Path | None = None
) -> Estimate | str:
    """The spec's :class:`Estimate`, or the reason the data are unavailable. The working
    directory and ``folder`` (the claims file's) stay importable while the function runs."""
    fn = spec.function
    if isinstance(fn, str):
        fn = resolve_function(fn, f"{where} field 'function'", folder)
    if not callable(fn):
        raise ClaimsFileError(f"{where}: field 'function' must be 'module:function' or callable")
    try:
        with import_path([Path.cwd(), *([folder] if folder else [])]):
            out = fn(load)
    except UnknownNameError as exc:  # a typo in the user's spec, not missing data
        raise ClaimsFileError(f"{where}: {exc}") from None
    except RECOVERABLE as exc:
        return str(exc)
    except GvcError:
        raise
    except SystemExit as exc:  # sys.exit() in a user's function must not end gvc (with exit 0)
        raise ClaimsFileError(
            f"{where}: {getattr(fn, '__qualname__', fn)} called sys.exit({exc.code!r}); return "
            "a gvc.Estimate (or raise an exception) instead"
        ) from None
    except Exception as exc:
        raise ClaimsFileError(
            f"{where}: {getattr(fn, '__qualname__', fn)} raised {type(exc).__name__}: "
            f"{' '.join(str(exc).split())} (rerun with --debug for the traceback)"
        ) from exc
    try:
        return as_estimate(out, spec.term, where)
    except ValueError as exc:
        raise ClaimsFileError(str(exc)) from None


def run_user_claim(claim: Claim, load: Loader, fig_dir: Path, origin: str = "") -> FamilyResult:
    """Ledger rows (one per spec, primary first), a figure and the report texts for ``claim``.

    ``origin`` (the claims file) prefixes error messages.
    """
    reg = claim.registry_claim(Path(origin).name if origin else "")
    rows, estimates = [], {}
    for spec in claim.specs:
        where = f"{origin + ': ' if origin else ''}claim {claim.id!r} spec {spec.id!r}"
        used: list[str] = []
        folder = Path(origin).resolve().parent if origin else None
        est = _estimate(claim, spec, _tracking(load, used), where, folder)
        data = spec.data or "; ".join(dict.fromkeys(used))
        if isinstance(est, str):
            row = ledger_row(reg, spec.id, None, note=f"data unavailable: {est}")
            rows.append(row | {"data": data})
            continue
        estimates[spec.id] = est
        row = ledger_row(
            reg,
            spec.id,
            est.estimate,
            est.ci_low,
            est.ci_high,
            est.n_obs,
            est.note,
            n_clusters=est.n_clusters,
            sample=est.sample,
            inference=est.inference or _inference(claim, est),
            window=est.window,
            time_points=est.time_points,
            level=est.level,
        )
        rows.append(row | {"data": est.data or data})
    df = rows_frame(rows, reg)
    figures = []
    finite = {k: e for k, e in estimates.items() if _finite(e.estimate)}
    if finite:
        figures.append(_figure(claim, finite, fig_dir))
    lines = [
        f"- `{r.specification}`: estimate {_num(r.estimate)}"
        + (f" [{_num(r.ci_low)}, {_num(r.ci_high)}]" if _finite(r.ci_low) else "")
        + f" {claim.unit} vs claimed {r.reference_value} -> **{r.verdict}**"
        for r in df.itertuples()
    ]
    return FamilyResult(
        claim.id,
        df,
        figures=figures,
        result_md="\n".join(lines),
        caveats=claim.caveats
        or "A user claim: gvc checked the numbers the specification functions returned, not the "
        "quotation or the citation.",
        data="; ".join(dict.fromkeys(str(x) for x in df["data"] if str(x))) or "",
        specification=specification_text(reg, df),
    )


def _inference(claim: Claim, est: Estimate) -> str:
    if _finite(est.ci_low) and _finite(est.ci_high):
        return "95% CI returned by the function"
    tol = 0.0 if claim.tolerance is None else claim.tolerance
    if claim.kind == "range" or claim.kind == "point":
        if claim.tolerance is None:
            return "no CI and no tolerance"
    return f"point comparison (no CI), tolerance {tol:g} {claim.unit}"


def _finite(x) -> bool:
    try:
        return math.isfinite(float(x))
    except (TypeError, ValueError):
        return False


def _num(x) -> str:
    return f"{float(x):.4g}"


def _figure(claim: Claim, estimates: dict[str, Estimate], fig_dir: Path) -> Path:
    """Each spec's estimate and 95% CI against the claimed value, range or threshold."""
    fig, ax = new_figure(7.5, 1.6 + 0.5 * len(estimates))
    names = list(estimates)
    y = np.arange(len(names))[::-1]
    est = np.array([estimates[n].estimate for n in names], dtype=float)
    lo = np.array(
        [e if (v := estimates[n].ci_low) is None else v for n, e in zip(names, est, strict=True)],
        dtype=float,
    )
    hi = np.array(
        [e if (v := estimates[n].ci_high) is None else v for n, e in zip(names, est, strict=True)],
        dtype=float,
    )
    ax.errorbar(est, y, xerr=[est - lo, hi - est], fmt="o", capsize=4, label="estimate, 95% CI")
    ref = format_reference(claim.reference_value())
    if claim.kind == "range":
        ax.axvspan(claim.low, claim.high, color="crimson", alpha=0.15, label=f"claimed {ref}")
    else:
        ax.axvline(claim.value, color="crimson", ls="--", label=f"claimed {ref}")
    ax.set_yticks(y, names)
    ax.set_ylim(-0.8, len(names) - 0.2)
    ax.set_xlabel(claim.unit)
    ax.legend(loc="best", fontsize=8)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", claim.id)
    return save_figure(
        fig,
        fig_dir / f"user_{stem}.png",
        title=f"{claim.id}: estimates against the claim ({claim.unit})",
        source=f"{claim.source}; gvc (estimates returned by the claim's specifications)",
    )


def run_user_claims(
    claims: list[Claim], load: Loader, fig_dir: Path, origin: str = ""
) -> dict[str, FamilyResult]:
    """:func:`run_user_claim` for each claim, in order."""
    return {c.id: run_user_claim(c, load, fig_dir, origin) for c in claims}


__all__ = ["run_user_claim", "run_user_claims"]
