"""``gvc reproduce``: one command from raw data to the report.

Steps: acquire raw files (local -> mirror -> download) and build every processed table, which runs
the input-output decompositions (``gvc_participation``); run every claim family; add the claims
public data cannot test; pick each claim's headline; write ``reports/`` (claims.csv/md,
index.html, tables, figures, manifest.json).

A source that cannot be acquired makes its tables unavailable; claims that need them report
``data unavailable`` with how to get the data, and the run goes on unless ``strict`` and a
selected claim uses them (:func:`check_used`). Corrupt or malformed files are errors in any
case (they must be fixed, not skipped).
"""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

import numpy as np
import pandas as pd

from gvc import config
from gvc.errors import AcquisitionError, DataError, GvcError
from gvc.runlock import ReportLock, work_dir

SEEDS = {"python": 0, "numpy": 0}


def _seed() -> None:
    random.seed(SEEDS["python"])
    np.random.seed(SEEDS["numpy"])


def build_all(mirror=None, strict: bool = False) -> dict[str, str]:
    """Build every table; unavailable sources are recorded (or raise when ``strict``)."""
    from gvc.panels.build import build_or_keep
    from gvc.panels.registry import ALL_TABLES
    from gvc.progress import track

    if strict:  # fail at once, listing every missing file rather than the first
        from gvc.panels.build import _locate_all

        _locate_all(list(ALL_TABLES), mirror)
    status = {}
    for name in track(list(ALL_TABLES), description="Building tables"):
        try:
            runner = ALL_TABLES[name]
            status[name] = (
                runner(mirror=mirror)
                if strict
                else build_or_keep(name, runner, mirror, stale_ok=False)
            )
        except AcquisitionError as exc:
            if strict:
                raise
            status[name] = f"unavailable: {exc}"
    return status


def _loader(status: dict[str, str], used: set[str] | None = None):
    """``load(name, **filters)`` for the claims: an unavailable table is a ``DataError``;
    ``used`` (when given) collects every table name asked for (for ``--strict``)."""
    from gvc.panels.load import load

    def load_table(name: str, **filters) -> pd.DataFrame:
        if used is not None:
            used.add(name)
        if status.get(name, "").startswith("unavailable"):
            raise DataError(f"table '{name}' is {status[name]}")
        return load(name, **filters)

    return load_table


def check_used(status: dict[str, str], used: set[str], mirror=None) -> None:
    """``--strict`` after the claims ran: fail when a table they asked for is unavailable,
    listing every missing raw file of those tables (and only of those)."""
    from gvc.panels.build import _locate_all

    missing = sorted(n for n in used if status.get(n, "").startswith("unavailable"))
    if not missing:
        return
    _locate_all(missing, mirror)  # raises, naming every missing file of these tables
    raise AcquisitionError(
        "--strict: the claims use unavailable tables: "
        + "; ".join(f"{n} ({status[n]})" for n in missing)
    )


def _unavailable_rows(claim, reason: str) -> pd.DataFrame:
    from gvc.claims.ledger import LEDGER_COLUMNS, ledger_row

    rows = [
        ledger_row(claim, s.id, None, note=f"data unavailable: {reason}")
        for s in claim.specifications
    ]
    return pd.DataFrame(rows, columns=LEDGER_COLUMNS)


def run_claims(load, fig_dir: Path, strict: bool = False):
    """Run every claim family; returns (ledger rows, sections)."""
    from gvc.claims.families import FAMILIES
    from gvc.claims.families.base import FamilyResult
    from gvc.claims.ledger import untested_rows
    from gvc.claims.registry import CLAIMS
    from gvc.progress import track

    results = {}
    for cid in track(list(FAMILIES), description="Claims"):
        claim = next(c for c in CLAIMS if c.id == cid)
        try:
            _seed()
            results[cid] = FAMILIES[cid](load, fig_dir)
            _add_spec_curve(results[cid], claim, fig_dir)
        except (DataError, AcquisitionError) as exc:
            if strict:
                raise
            results[cid] = FamilyResult(
                cid, _unavailable_rows(claim, str(exc)), result_md=f"Data unavailable: {exc}"
            )
    ledger = pd.concat([r.rows for r in results.values()] + [untested_rows()], ignore_index=True)
    sections = [_section(next(c for c in CLAIMS if c.id == cid), r) for cid, r in results.items()]
    return ledger, sections


def read_claim_files(paths) -> list[tuple[str, list]]:
    """(file, user claims) for each claims file, functions imported; ids unique across files."""
    from gvc.claims.claims_file import ClaimsFileError, read_claims_file

    out, seen = [], {}
    for path in paths:
        claims = read_claims_file(path)
        for c in claims:
            if c.id in seen:
                raise ClaimsFileError(f"{path}: claim {c.id!r} is also in {seen[c.id]}; rename one")
            seen[c.id] = str(path)
        out.append((str(path), claims))
    return out


def run_user_claims(claim_files, load, fig_dir: Path):
    """Run users' claims (:mod:`gvc.claims.user_run`); returns (ledger rows, sections)."""
    from gvc.claims.ledger import LEDGER_COLUMNS
    from gvc.claims.user_run import run_user_claim

    frames, sections = [pd.DataFrame(columns=LEDGER_COLUMNS)], []
    for origin, claims in claim_files:
        for claim in claims:
            _seed()
            reg = claim.registry_claim(Path(origin).name)
            result = run_user_claim(claim, load, fig_dir, origin)
            _add_spec_curve(result, reg, fig_dir)
            frames.append(result.rows)
            sections.append(_section(reg, result))
    ledger = pd.concat([f for f in frames if not f.empty] or frames, ignore_index=True)
    return ledger, sections


def _short(text: str, width: int = 80) -> str:
    """``text`` cut at a word boundary to at most ``width`` characters (with an ellipsis)."""
    if len(text) <= width:
        return text
    return text[:width].rsplit(" ", 1)[0].rstrip(",;:") + "\u2026"


def _add_spec_curve(result, claim, fig_dir: Path) -> None:
    """Specification-curve figure (5+ estimated rows) and agreement sentence for a family."""
    from gvc.claims.spec_curve import agreement_note, spec_curve_figure

    fig = spec_curve_figure(result.rows, claim, fig_dir)
    if fig is not None:
        result.figures.append(fig)
    note = agreement_note(result.rows, claim)
    if note:
        result.result_md = f"Specification curve: {note}.\n\n{result.result_md}"


def _section(claim, result):
    from gvc.claims.headline import design_note, headline_text
    from gvc.claims.registry import source_in_words
    from gvc.report import ClaimSection

    return ClaimSection(
        claim_id=claim.id,
        title=_short(claim.text),
        claim_text=claim.text,
        source=source_in_words(claim.source),
        cited=claim.cited,
        data=result.data or "; ".join(claim.data_needed),
        specification=result.specification,
        result_md="\n\n".join(x for x in (design_note(result.rows, claim), result.result_md) if x),
        figures=list(result.figures),
        tables=dict(result.tables),
        caveats=result.caveats,
        context=claim.context,
        headline_verdict=headline_text(result.rows, claim),
    )


def _raw_manifest() -> dict[str, str]:
    from gvc.panels.store import read_manifest

    out = {}
    for entry in read_manifest()["tables"].values():
        for i in entry.get("inputs", []):
            out[i["file"]] = i["sha256"]
    return dict(sorted(out.items()))


def default_report_dir(claims) -> Path:
    """``reports/`` for the seed claims; ``reports/claims-<file stem>/`` (stems joined by ``+``)
    for users' claims files, so a user's run never writes over the project's report."""
    stems = [Path(c).stem for c in claims]
    if not stems:
        return config.reports_dir()
    return config.reports_dir() / ("claims-" + "+".join(dict.fromkeys(stems)))


def reproduce(
    out_dir: str | Path | None = None,
    mirror=None,
    strict: bool = False,
    claims=None,
    seed_claims: bool | None = None,
) -> Path:
    """Raw data -> panels -> decompositions -> claims -> ``reports/``; returns the report dir.

    ``claims``: users' claims files (TOML, :mod:`gvc.claims.claims_file`); their claims are
    tested and reported. ``seed_claims``: also run the seed documents' claims (default: only
    when no ``claims`` are given).
    """

    t0 = time.time()
    claim_files = read_claim_files(claims or [])  # fail on a bad file before building anything
    out = Path(out_dir) if out_dir else default_report_dir(claims or [])
    if seed_claims is None:
        seed_claims = not claim_files
    if not seed_claims and not claim_files:
        raise GvcError("nothing to report: give a claims file or keep the seed claims")
    with ReportLock(out), work_dir(out) as work:
        return _reproduce(out, work, t0, mirror, strict, claim_files, seed_claims)


def _reproduce(
    out: Path,
    work: Path,
    t0: float,
    mirror,
    strict: bool,
    claim_files=(),
    seed_claims: bool = True,
) -> Path:
    from gvc.claims.families.base import BOOT_SEED
    from gvc.report import write_report
    from gvc.sources.availability import data_availability_markdown

    # --strict checks what the selected claims use: the seed claims use (nearly) every table (checked
    # before any work); users' claims the tables their functions load (checked after they ran)
    status = build_all(mirror, strict and seed_claims)
    used: set[str] = set()
    load = _loader(status, used)
    fig_dir = work / "figures"
    fig_dir.mkdir(parents=True, exist_ok=True)
    ledger, sections = run_claims(load, fig_dir, strict) if seed_claims else (None, [])
    if claim_files:
        seed_ids = set() if ledger is None else set(ledger["claim_id"])
        clash = sorted(seed_ids & {c.id for _, cs in claim_files for c in cs})
        if clash:
            raise GvcError(f"user claim ids {clash} are seed claim ids; rename them")
        user_ledger, user_sections = run_user_claims(claim_files, load, fig_dir)
        ledger = user_ledger if ledger is None else pd.concat([ledger, user_ledger])
        ledger = ledger.reset_index(drop=True)
        sections = [*sections, *user_sections]
    if strict:
        check_used(status, used, mirror)
    manifest = {
        "raw_files": _raw_manifest(),
        "tables": status,
        "seeds": SEEDS | {"wild_bootstrap": BOOT_SEED},
        "timing": {"run_seconds": round(time.time() - t0, 1)},
    }
    if claim_files:
        import hashlib

        manifest["claims_files"] = {
            Path(f).name: hashlib.sha256(Path(f).read_bytes()).hexdigest() for f, _ in claim_files
        }
    write_report(
        out,
        ledger=ledger,
        sections=sections,
        data_availability_md=data_availability_markdown(mirror),
        manifest=manifest,
        **({"title": _user_title(claim_files, seed_claims)} if claim_files else {}),
    )
    return out


def _user_title(claim_files, seed_claims: bool) -> str:
    names = ", ".join(Path(f).name for f, _ in claim_files)
    return f"gvc: claims of {names}" + (" and of the seed documents" if seed_claims else "")


def reproduce_demo(out_dir: str | Path | None = None, seed: int = 0) -> Path:
    """The same chain on the synthetic demo world, offline, into ``reports/demo``."""

    t0 = time.time()
    out = Path(out_dir) if out_dir else config.reports_dir() / "demo"
    with ReportLock(out), work_dir(out) as work:
        return _reproduce_demo(out, work, t0, seed)


def _reproduce_demo(out: Path, work: Path, t0: float, seed: int) -> Path:
    from gvc.demo.params import LABEL
    from gvc.demo.pipeline import run_demo
    from gvc.report import write_report

    _seed()
    res = run_demo(seed=seed, data_dir=out / "data")
    (work / "figures").mkdir(parents=True, exist_ok=True)
    sections = _demo_sections(res, work / "figures", LABEL)
    manifest = {
        "raw_files": {},
        "seeds": SEEDS | {"demo_world": seed},
        "demo_truth": json.loads(json.dumps(res.world.truth, default=str)),
        "timing": {"run_seconds": round(time.time() - t0, 1)},
    }
    write_report(
        out,
        ledger=res.rows,
        sections=sections,
        manifest=manifest,
        data_availability_md="Synthetic data generated by `gvc.demo` (no real sources).",
        title="gvc demo: synthetic world with known truth",
        watermark=LABEL,
    )
    return out


def _demo_sections(res, fig_dir: Path, label: str):
    from gvc.estimators import compare
    from gvc.report import ClaimSection

    truth = res.world.truth
    fits = res.fits
    names = list(fits)
    fig = _demo_figure(res, fig_dir / "demo_coefficients.png")
    table = compare([fits[n] for n in names[:4]], names=names[:4])
    sections = []
    for cid in sorted(set(res.rows.claim_id)):
        rows = res.rows[res.rows.claim_id == cid]
        first = rows.iloc[0]
        lines = [
            f"- `{r.specification}`: estimate {r.estimate:.4f} [{r.ci_low:.4f}, "
            f"{r.ci_high:.4f}] vs truth {r.reference_value} -> **{r.verdict}**"
            for r in rows.itertuples()
        ]
        sections.append(
            ClaimSection(
                claim_id=cid,
                title=str(first.claim),
                claim_text=first.claim,
                source="gvc.demo (synthetic)",
                cited="known truth of the demo world",
                data=first.data,
                specification=first.specification,
                result_md="\n".join(lines),
                figures=[fig] if cid == "D1" else [],
                tables={"demo_regressions": table} if cid == "D1" else {},
                caveats=f"{label}. OLS bias direction by design: {truth['ols_bias_direction']}.",
                headline_verdict=rows.iloc[0].verdict,
            )
        )
    return sections


def _demo_figure(res, path: Path) -> Path:
    """Estimates with 95% CIs of the four robot-density fits against the true values."""
    from gvc.report import new_figure, save_figure

    truth = res.world.truth
    labels, est, lo, hi, true = [], [], [], [], []
    for name, fit in list(res.fits.items())[:4]:
        t = fit.tidy().set_index("term").loc["density_100"]
        labels.append(name)
        est.append(t.estimate)
        lo.append(t.ci_low)
        hi.append(t.ci_high)
        true.append(truth["beta"] if "input share" in name else truth["leontief_iv_estimand"])
    fig, ax = new_figure(figsize=(8.0, 4.0))
    y = np.arange(len(labels))[::-1]
    ax.errorbar(
        est,
        y,
        xerr=[np.subtract(est, lo), np.subtract(hi, est)],
        fmt="o",
        capsize=4,
        label="estimate, 95% CI (clustered by country)",
    )
    ax.scatter(true, y, marker="x", s=80, color="crimson", zorder=3, label="true value")
    ax.set_yticks(y, labels)
    ax.axvline(0, color="grey", lw=0.8)
    ax.set_xlabel("effect of 100 robots per 10,000 workers (share of inputs / of exports)")
    ax.legend(loc="lower right", fontsize=8)
    save_figure(
        fig,
        path,
        title="Robot density effect: OLS vs IV against the known truth",
        source_note="Source: gvc.demo synthetic world (seeded); gvc.io; gvc.feols",
        close=True,
    )
    return path


__all__ = ["reproduce", "reproduce_demo", "build_all", "run_claims", "GvcError"]
