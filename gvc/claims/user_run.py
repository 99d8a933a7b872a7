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
from gvc.claims.registry import Claim as RegistryClaim
from gvc.claims.registry import ReferenceValue
from gvc.claims.user import Claim, Estimate, as_estimate
from gvc.errors import GvcError, UnknownNameError


def _tracking(load: Loader, used: list[str]) -> Loader:
    """``load`` that records each table (and filters) asked for, for the ledger's data column."""

    def tracked(name: str, **filters):
        args = ", ".join(f"{k}={v!r}" for k, v in filters.items())
        used.append(f"{name} ({args})" if args else name)
        return load(name, **filters)

    return tracked


def _estimate(spec, load: Loader, where: str, folder: Path | None = None) -> Estimate | str:
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
        return as_estimate(out, spec.term or None, where)
    except ValueError as exc:
        raise ClaimsFileError(str(exc)) from None


def function_rows(
    reg: RegistryClaim, specs, load: Loader, origin: str = ""
) -> tuple[list[dict], dict[str, Estimate]]:
    """Ledger rows of the ``specs`` (each with ``id``, ``function``, ``term``, ``data``) of
    ``reg``, in order, and the estimates by spec id. ``origin`` (a claims file) prefixes error
    messages, and its folder is importable."""
    rows, estimates = [], {}
    folder = Path(origin).resolve().parent if origin else None
    for spec in specs:
        where = f"{origin + ': ' if origin else ''}claim {reg.id!r} spec {spec.id!r}"
        used: list[str] = []
        est = _estimate(spec, _tracking(load, used), where, folder)
        data = spec.data or "; ".join(dict.fromkeys(used))
        if isinstance(est, str):
            row = ledger_row(reg, spec.id, None, note=f"data unavailable: {est}")
            rows.append(row | {"data": data})
            continue
        estimates[spec.id] = est
        s = reg.specification(spec.id)
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
            inference=est.inference or _inference(reg.reference(s.reference), s.tolerance, est),
            window=est.window,
            time_points=est.time_points,
            level=est.level,
        )
        rows.append(row | {"data": est.data or data})
    return rows, estimates


def function_result(
    reg: RegistryClaim,
    rows: list[dict],
    estimates: dict[str, Estimate],
    fig_dir: Path,
    source: str,
    caveats: str = "",
) -> FamilyResult:
    """The report's :class:`FamilyResult` of rows computed by spec functions: a figure of the
    estimates against the primary reference, one result line per row, the caveats."""
    df = rows_frame(rows, reg)
    ref = reg.reference(reg.specifications[0].reference)
    figures = []
    finite = {k: e for k, e in estimates.items() if _finite(e.estimate)}
    if finite:
        figures.append(_figure(reg.id, ref, source, finite, fig_dir))
    return FamilyResult(
        reg.id,
        df,
        figures=figures,
        result_md=result_lines(df, ref.unit),
        caveats=caveats
        or "A user claim: gvc checked the numbers the specification functions returned, not the "
        "quotation or the citation.",
        data="; ".join(dict.fromkeys(str(x) for x in df["data"] if str(x))) or "",
        specification=specification_text(reg, df),
    )


def result_lines(df, unit: str) -> str:
    """One line per ledger row: estimate, CI, unit, claimed value and verdict."""
    return "\n".join(
        f"- `{r.specification}`: estimate {_num(r.estimate)}"
        + (f" [{_num(r.ci_low)}, {_num(r.ci_high)}]" if _finite(r.ci_low) else "")
        + f" {unit} vs claimed {r.reference_value} -> **{r.verdict}**"
        for r in df.itertuples()
    )


def run_user_claim(claim: Claim, load: Loader, fig_dir: Path, origin: str = "") -> FamilyResult:
    """Ledger rows (one per spec, primary first), a figure and the report texts for ``claim``.

    ``origin`` (the claims file) prefixes error messages.
    """
    reg = claim.registry_claim(Path(origin).name if origin else "")
    rows, estimates = function_rows(reg, claim.specs, load, origin)
    return function_result(reg, rows, estimates, fig_dir, claim.source, claim.caveats)


def run_function_claim(claim_id: str, load: Loader, fig_dir: Path) -> FamilyResult:
    """A registry claim whose specs all name a ``function`` (no family module), run as a user
    claim is."""
    from gvc.claims.registry import get_claim

    reg = get_claim(claim_id)
    rows, estimates = function_rows(reg, reg.specifications, load)
    return function_result(reg, rows, estimates, fig_dir, reg.source, reg.caveats)


def _inference(ref: ReferenceValue, tolerance: float | None, est: Estimate) -> str:
    if _finite(est.ci_low) and _finite(est.ci_high):
        return "95% CI returned by the function"
    tol = 0.0 if tolerance is None else tolerance
    if ref.bound is None and tolerance is None:
        return "no CI and no tolerance"
    return f"point comparison (no CI), tolerance {tol:g} {ref.unit}"


def _finite(x) -> bool:
    try:
        return math.isfinite(float(x))
    except (TypeError, ValueError):
        return False


def _num(x) -> str:
    return f"{float(x):.4g}"


def _figure(
    cid: str, ref: ReferenceValue, source: str, estimates: dict[str, Estimate], fig_dir: Path
) -> Path:
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
    words = format_reference(ref)
    if ref.low is not None and ref.high is not None:
        ax.axvspan(ref.low, ref.high, color="crimson", alpha=0.15, label=f"claimed {words}")
    else:
        ax.axvline(ref.target(), color="crimson", ls="--", label=f"claimed {words}")
    ax.set_yticks(y, names)
    ax.set_ylim(-0.8, len(names) - 0.2)
    ax.set_xlabel(ref.unit)
    ax.legend(loc="best", fontsize=8)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", cid)
    return save_figure(
        fig,
        fig_dir / f"user_{stem}.png",
        title=f"{cid}: estimates against the claim ({ref.unit})",
        source=f"{source}; gvc (estimates returned by the claim's specifications)",
    )


def run_user_claims(
    claims: list[Claim], load: Loader, fig_dir: Path, origin: str = ""
) -> dict[str, FamilyResult]:
    """:func:`run_user_claim` for each claim, in order."""
    return {c.id: run_user_claim(c, load, fig_dir, origin) for c in claims}


__all__ = ["function_rows", "run_function_claim", "run_user_claim", "run_user_claims"]
