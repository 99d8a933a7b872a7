""":func:`write_report`: the report folder, written all-or-nothing, touching only gvc's own files.

Layout of ``out_dir``::

    claims.csv            the ledger (exactly LEDGER_COLUMNS), one row per claim and test
    claims.md             the report in Markdown
    index.html            the report as one self-contained page
    tables/<name>.tex     each section table, also .md and .html
    figures/<name>.png    each section figure
    manifest.json         provenance (gvc.report.manifest); only its "timing" varies between runs

How a failure cannot leave a half-written report: every file is rendered in memory first (a
section whose table or figure fails raises before anything is written); the files are then
written into a fresh hidden folder inside ``out_dir`` (``.gvc.work-*``), and only when all are
written are they moved over their targets, ``manifest.json`` last. If a move fails, the files
already replaced are restored from backups (hard links of the previous files), so the previous
report is left intact.

What gvc owns: the files listed in the previous report's ``manifest.json`` (``files``, with
their SHA-256) and the manifest itself. Only these are replaced or, when the new report no longer
contains them, removed (and only while unchanged since gvc wrote them). Everything else in
``out_dir`` (the user's own ``figures/mine.png``, ``reports/demo/``, ...) is never removed: a file
of the user's where gvc writes one of its own is first kept as ``<name>.orig``, with a warning.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import tempfile
import time
import warnings
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


MANIFEST = "manifest.json"


def owned_files(out: Path) -> dict[str, str | None]:
    """The files gvc wrote into report folder ``out`` last time: relative path -> SHA-256, from
    its ``manifest.json`` (the manifest itself -> None). Empty when ``out`` holds no report
    manifest of gvc's (a folder gvc never wrote). Paths leaving ``out`` are ignored."""
    try:
        man = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    files = man.get("files") if isinstance(man, dict) else None
    if not isinstance(files, dict) or "gvc_version" not in man:
        return {}
    owned: dict[str, str | None] = {
        rel: sha for rel, sha in files.items() if isinstance(sha, str) and _inside(rel)
    }
    owned[MANIFEST] = None
    return owned


def _inside(rel) -> bool:
    """True for a plain relative path below the report folder (no ``..``, not absolute)."""
    from pathlib import PurePosixPath

    if not isinstance(rel, str) or not rel or "\\" in rel:
        return False
    p = PurePosixPath(rel)
    return not p.is_absolute() and ".." not in p.parts and "." not in p.parts


def _unchanged(path: Path, sha: str | None) -> bool:
    """True when ``path`` is a regular file whose SHA-256 is ``sha`` (None: any content)."""
    if path.is_symlink() or not path.is_file():
        return False
    return sha is None or _manifest.sha256_file(path) == sha


def _keep_users_files(out: Path, rels, owned: dict[str, str | None]) -> list[tuple[Path, Path]]:
    """Where gvc is about to write ``rels``, a file it did not write (or one changed since) is
    renamed to ``<name>.orig`` (``.orig.1``, ... when taken), with one warning listing them;
    returns the (file, new name) pairs."""
    kept: list[tuple[Path, Path]] = []
    for rel in rels:
        target = out / rel
        if not (target.is_file() or target.is_symlink()):
            continue
        if rel in owned and _unchanged(target, owned[rel]):
            continue
        keep = target.with_name(f"{target.name}.orig")
        n = 0
        while keep.exists() or keep.is_symlink():
            n += 1
            keep = target.with_name(f"{target.name}.orig.{n}")
        os.replace(target, keep)
        kept.append((target, keep))
    if kept:
        names = "; ".join(f"{t.relative_to(out).as_posix()} -> {k.name}" for t, k in kept)
        warnings.warn(
            f"{out}: {len(kept)} file(s) not written by gvc (or changed since) were where the "
            f"report goes; kept under a new name: {names}",
            stacklevel=3,
        )
    return kept


def _commit(out: Path, files: Mapping[str, bytes], owned: dict[str, str | None]) -> None:
    """Write ``files`` (relative path -> bytes) under ``out``, all or nothing: staged in a fresh
    folder inside ``out``, then moved over their targets (see the module docstring)."""
    stage = Path(tempfile.mkdtemp(prefix=".gvc.work-", dir=out))
    try:
        staged = {rel: write_temp(stage / rel, data) for rel, data in files.items()}
        kept = _keep_users_files(out, staged, owned)
        backups: dict[str, Path] = {}
        done: list[str] = []
        try:
            for rel, tmp in staged.items():
                target = out / rel
                target.parent.mkdir(parents=True, exist_ok=True)
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
            for target, keep in kept:  # the user's files back under their own names
                os.replace(keep, target)
            raise
        finally:
            for bak in backups.values():
                with contextlib.suppress(FileNotFoundError):
                    bak.unlink()
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _remove_stale(out: Path, owned: dict[str, str | None], keep: set[str]) -> None:
    """Remove the files the previous report had and this one has not, if gvc wrote them and
    they are unchanged since (a changed one is left, with a warning); then their folders, if
    empty. Nothing else is touched."""
    changed = []
    for rel, sha in sorted(owned.items()):
        if rel in keep or sha is None:
            continue
        p = out / rel
        if not (p.exists() or p.is_symlink()):
            continue
        if not _unchanged(p, sha):
            changed.append(rel)
            continue
        p.unlink()
        for d in p.parents:
            if d == out or not d.is_relative_to(out):
                break
            with contextlib.suppress(OSError):  # not empty: the user's files stay
                d.rmdir()
    if changed:
        warnings.warn(
            f"{out}: left in place, changed since gvc wrote them: {', '.join(changed)}",
            stacklevel=3,
        )


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
    owned = owned_files(out)
    _commit(out, files, owned)
    _remove_stale(out, owned, set(files))
    return {rel: out / rel for rel in files}
