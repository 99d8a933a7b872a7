""":func:`write_report`: the report folder, written all-or-nothing.

Layout of ``out_dir``::

    claims.csv            the ledger (exactly LEDGER_COLUMNS), one row per claim and test
    claims.md             the report in Markdown
    index.html            the report as one self-contained page
    tables/<name>.tex     each section table, also .md and .html
    figures/<name>.png    each section figure
    manifest.json         provenance (gvc.report.manifest); only its "timing" varies between runs

How a failure cannot leave a half-written report: every file is rendered in memory first (a
section whose table or figure fails raises before anything is written); the files are then
written to temporary files beside their targets, and only when all are written are they renamed
over the targets, ``manifest.json`` last. If a rename fails, the files already replaced are
restored from backups (hard links of the previous files), so the previous report is left intact.
After a successful write, files in ``tables/`` and ``figures/`` that the new report does not
contain are removed. Other entries of ``out_dir`` (e.g. ``reports/demo/``) are never touched.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import time
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from gvc.report import manifest as _manifest
from gvc.report._atomic import write_temp
from gvc.report.figures import stamp_png
from gvc.report.html import render_html
from gvc.report.markdown import render_markdown
from gvc.report.model import ClaimSection, slug
from gvc.report.tables import (
    data_csv,
    ledger_csv,
    normalise_ledger,
    render_table,
    verdict_summary,
)

DEFAULT_TITLE = "gvc: claims re-estimated from real data"
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
TABLE_EXTS = ("tex", "md", "html")


def _safe_name(name: str) -> str:
    return name if _SAFE.match(name) else slug(name)


def _check_sections(sections: Sequence[ClaimSection]) -> None:
    seen: set[str] = set()
    for s in sections:
        if not isinstance(s, ClaimSection):
            raise TypeError(f"sections must be ClaimSection, got {type(s).__name__}")
        if s.claim_id in seen:
            raise ValueError(f"two sections for claim {s.claim_id}")
        seen.add(s.claim_id)


def _render_figures(
    sections: Sequence[ClaimSection], watermark: str | None
) -> tuple[dict[str, list[tuple[str, bytes]]], dict[str, bytes]]:
    by_claim: dict[str, list[tuple[str, bytes]]] = {}
    files: dict[str, bytes] = {}
    for s in sections:
        for p in s.figures:
            p = Path(p)
            data = p.read_bytes()
            if not data.startswith(_PNG_SIGNATURE):
                raise ValueError(f"{s.claim_id}: figure {p} is not a PNG file")
            if watermark:
                data = stamp_png(data, watermark)
            name = _safe_name(p.stem) + ".png"
            if f"figures/{name}" in files:
                raise ValueError(f"{s.claim_id}: two figures named {name}")
            files[f"figures/{name}"] = data
            by_claim.setdefault(s.claim_id, []).append((name, data))
    return by_claim, files


def _render_tables(
    sections: Sequence[ClaimSection], watermark: str | None
) -> tuple[dict[str, dict[str, str]], dict[str, list[str]], dict[str, bytes]]:
    texts: dict[str, dict[str, str]] = {}
    by_claim: dict[str, list[str]] = {}
    files: dict[str, bytes] = {}
    for s in sections:
        for raw_name, table in s.tables.items():
            name = _safe_name(str(raw_name))
            if name in texts:
                raise ValueError(f"{s.claim_id}: two tables named {name}")
            texts[name] = render_table(table, watermark)
            by_claim.setdefault(s.claim_id, []).append(name)
            for ext in TABLE_EXTS:
                files[f"tables/{name}.{ext}"] = texts[name][ext].encode("utf-8")
            if isinstance(table, pd.DataFrame):  # the full data, for reading into other tools
                texts[name]["n_rows"] = len(table)
                files[f"tables/{name}.csv"] = data_csv(table, watermark).encode("utf-8")
    return texts, by_claim, files


def _replace(src: Path, dst: Path) -> None:
    """Rename ``src`` over ``dst`` (a seam for tests that simulate a failing rename)."""
    os.replace(src, dst)


def _backup(target: Path) -> Path:
    """A hidden backup of ``target`` beside it: a hard link when possible, else a copy."""
    bak = target.with_name(f".{target.name}.{os.getpid()}.bak")
    with contextlib.suppress(FileNotFoundError):
        bak.unlink()
    try:
        os.link(target, bak)
    except OSError:
        shutil.copy2(target, bak)
    return bak


def _commit(out: Path, files: Mapping[str, bytes]) -> None:
    """Write ``files`` (relative path -> bytes) under ``out``, all or nothing."""
    staged: dict[str, Path] = {}
    try:
        for rel, data in files.items():
            staged[rel] = write_temp(out / rel, data)
    except BaseException:
        for tmp in staged.values():
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        raise
    backups: dict[str, Path] = {}
    done: list[str] = []
    try:
        for rel, tmp in staged.items():
            target = out / rel
            if target.exists():
                backups[rel] = _backup(target)
            _replace(tmp, target)
            done.append(rel)
    except BaseException:
        for rel in reversed(done):
            if rel in backups:
                os.replace(backups.pop(rel), out / rel)
            else:
                with contextlib.suppress(FileNotFoundError):
                    (out / rel).unlink()
        for rel, tmp in staged.items():
            if rel not in done:
                with contextlib.suppress(FileNotFoundError):
                    tmp.unlink()
        for bak in backups.values():
            with contextlib.suppress(FileNotFoundError):
                bak.unlink()
        raise
    for bak in backups.values():
        with contextlib.suppress(FileNotFoundError):
            bak.unlink()


def _remove_stale(out: Path, keep: set[str]) -> None:
    for sub, exts in (("tables", {f".{e}" for e in (*TABLE_EXTS, "csv")}), ("figures", {".png"})):
        d = out / sub
        if not d.is_dir():
            continue
        for p in sorted(d.iterdir()):
            rel = f"{sub}/{p.name}"
            if p.is_file() and p.suffix in exts and not p.name.startswith(".") and rel not in keep:
                p.unlink()


def write_report(
    out_dir: str | os.PathLike,
    *,
    ledger: pd.DataFrame,
    sections: Sequence[ClaimSection],
    data_availability_md: str,
    manifest: Mapping[str, object],
    title: str = DEFAULT_TITLE,
    watermark: str | None = None,
) -> dict[str, Path]:
    """Write the report into ``out_dir`` (see the module docstring for layout and atomicity).

    Args:
        out_dir: the report folder (created if needed).
        ledger: the claims ledger, columns exactly :data:`gvc.claims.ledger.LEDGER_COLUMNS`.
        sections: one :class:`ClaimSection` per claim to write up (at most one per claim).
        data_availability_md: the data availability statement (Markdown).
        manifest: the caller's provenance: ``raw_files`` (name -> SHA-256), ``seeds``, optional
            ``timing`` and other JSON-serialisable keys (see :mod:`gvc.report.manifest`).
        title: the report's title.
        watermark: e.g. ``"SYNTHETIC DEMO DATA - not evidence"`` for the demo: shown on every
            page (banner and, in HTML, a diagonal watermark), in every table file, on every
            figure, prefixed to every ``note`` of ``claims.csv`` and recorded in the manifest.

    Returns:
        Relative path (``"claims.csv"``, ``"tables/x.tex"``, ...) -> absolute written path.

    Raises:
        ValueError, TypeError: bad inputs (nothing is written).
    """
    t0 = time.perf_counter()
    started = datetime.now(UTC).isoformat(timespec="seconds")
    out = Path(out_dir).resolve()
    from gvc import __version__

    _check_sections(sections)
    df = normalise_ledger(ledger)
    fig_by_claim, fig_files = _render_figures(sections, watermark)
    table_texts, tables_by_claim, table_files = _render_tables(sections, watermark)
    summary = verdict_summary(df, sections)
    common = {
        "title": title,
        "summary": summary,
        "sections": sections,
        "ledger": df,
        "data_availability_md": data_availability_md,
        "table_texts": table_texts,
        "section_tables": tables_by_claim,
        "watermark": watermark,
        "version": __version__,
    }
    md = render_markdown(
        figure_names={k: [n for n, _ in v] for k, v in fig_by_claim.items()}, **common
    )
    page = render_html(figures=fig_by_claim, **common)
    files: dict[str, bytes] = {
        "claims.csv": ledger_csv(df, watermark).encode("utf-8"),
        "claims.md": md.encode("utf-8"),
        "index.html": page.encode("utf-8"),
        **table_files,
        **fig_files,
    }
    man = _manifest.build_manifest(
        manifest,
        files={rel: _manifest.sha256(b) for rel, b in files.items()},
        watermark=watermark,
        timing={
            "report_started_at": started,
            "report_finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "report_seconds": round(time.perf_counter() - t0, 3),
        },
    )
    files["manifest.json"] = _manifest.dumps(man).encode("utf-8")
    out.mkdir(parents=True, exist_ok=True)
    _commit(out, files)
    _remove_stale(out, set(files))
    return {rel: out / rel for rel in files}
