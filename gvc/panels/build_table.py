"""Build one table: raw files -> a validated, keyed Parquet table in ``data/processed``.

For each table (``gvc build`` itself, over every table of :mod:`gvc.panels.registry`, is
:func:`gvc.panels.build.build`; this module imports neither, so the registry can use it): locate and verify its raw inputs, build, validate against its pandera schema and
key, write atomically and deterministically, and record it in ``MANIFEST.json`` with row count,
key, SHA-256 and the raw files (with SHA-256) it was built from. A table whose inputs and
building code are unchanged since the manifest entry (and whose file is intact) is skipped.
Nothing is written for a table that fails; earlier outputs stay byte-for-byte intact.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from gvc import config
from gvc.errors import GvcError
from gvc.panels import schema_errors, store
from gvc.panels.schemas import KEYS, validate
from gvc.sources import vintage
from gvc.sources.acquire import locate, sha256_of

PACKAGE_DIR = Path(__file__).resolve().parents[1]


def code_fingerprint(subpackages: Iterable[str] = ("sources", "panels")) -> str:
    """SHA-256 over the code and package data (concordances) that build tables."""
    h = hashlib.sha256()
    for sub in subpackages:
        root = PACKAGE_DIR / sub
        for p in sorted([*root.rglob("*.py"), *root.rglob("data/*.csv")]):  # code + package data
            h.update(p.relative_to(PACKAGE_DIR).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def table_path(name: str) -> Path:
    return config.processed_dir() / f"{name}.parquet"


REASONS: dict[str, str] = {}
"""Why each table built in this process was (re)built (``gvc build`` prints it beside
``built``); empty for tables found current."""


def stale_reason(entry: dict | None, inputs: dict[str, str], code: str, outputs: list[Path]) -> str:
    """Why the table of manifest ``entry`` must be rebuilt, in a few words ("" when current):
    no entry, gvc's code changed, which inputs changed (added, removed or other content), or
    an output file changed or is missing."""
    if not entry:
        return "new"
    if entry.get("code_sha256") != code:
        return f"gvc code changed ({', '.join(entry.get('subpackages') or ['sources', 'panels'])})"
    before = {i["file"]: i["sha256"] for i in entry.get("inputs", [])}
    if before != inputs:
        changed = sorted(k for k in before.keys() | inputs.keys() if before.get(k) != inputs.get(k))
        more = f" and {len(changed) - 3} more" if len(changed) > 3 else ""
        return f"input changed: {', '.join(changed[:3])}{more}"
    recorded = {o["file"]: o["sha256"] for o in entry.get("outputs", [])}
    for p in outputs:
        rel = p.relative_to(config.processed_dir()).as_posix()
        if not p.exists():
            return f"output missing: {rel}"
        if recorded.get(rel) != store.file_sha256(p):
            return f"output changed since it was built: {rel}"
    return ""


def _is_current(entry: dict | None, inputs: dict[str, str], code: str, outputs: list[Path]) -> bool:
    return not stale_reason(entry, inputs, code, outputs)


def build_one(
    name: str,
    inputs: dict[str, Path],
    make: Callable[[dict[str, Path]], pd.DataFrame | dict[str, pd.DataFrame]],
    *,
    key: list[str] | None = None,
    schema: str | None = None,
    subpackages: Iterable[str] = ("sources", "panels"),
    force: bool = False,
) -> tuple[str, dict]:
    """Build table ``name`` unless current; return (``"built"``/``"current"``, manifest entry).

    ``make`` returns one DataFrame (written to ``<name>.parquet``) or a dict of relative output
    path -> DataFrame (e.g. one file per year), all with the same ``key``. A DataFrame's
    ``attrs["left_out"]`` (lines naming user files the table left out) is recorded in the entry
    as ``left_out`` (``gvc build`` prints them; absent when nothing was left out).
    """
    with store.BuildLock():
        return _build_one(name, inputs, make, key, schema, subpackages, force)


def _build_one(name, inputs, make, key, schema, subpackages, force):
    key = key or KEYS[name]
    in_sha = {k: sha256_of(p) for k, p in sorted(inputs.items())}
    code = code_fingerprint(subpackages)
    manifest = store.read_manifest()
    entry = manifest["tables"].get(name)
    prev_outputs = [config.processed_dir() / o["file"] for o in (entry or {}).get("outputs", [])]
    why = "--force" if force else stale_reason(entry, in_sha, code, prev_outputs)
    if not why and not prev_outputs:
        why = "new"
    if not why:
        REASONS.pop(name, None)
        return "current", entry
    REASONS[name] = why
    result = make(inputs)
    left_out = [] if isinstance(result, dict) else list(result.attrs.pop("left_out", None) or [])
    frames = result if isinstance(result, dict) else {f"{name}.parquet": result}
    checked = {}
    for rel, df in frames.items():
        df, files = schema_errors.split(df)  # provenance: each row's raw file, if tagged
        ctx = {"files": files, "inputs": [str(p) for p in inputs.values()]}
        if schema or name in KEYS:
            df = validate(schema or name, df, **ctx)
        _check_unique(df, key, name, rel, **ctx)
        checked[rel] = df
    outputs = []
    rows = 0
    for rel, df in checked.items():  # written only after every frame has validated
        sha = store.write_parquet(df, config.processed_dir() / rel, key)
        outputs.append({"file": rel, "rows": int(len(df)), "sha256": sha})
        rows += len(df)
    entry = {
        "rows": rows,
        "key": key,
        "outputs": outputs,
        "inputs": [{"file": k, "sha256": v, **vintage.recorded(v)} for k, v in in_sha.items()],
        "code_sha256": code,
        "subpackages": list(subpackages),
    }
    if left_out:
        entry["left_out"] = left_out
    manifest = store.read_manifest()
    manifest["tables"][name] = entry
    store.write_manifest(manifest)
    return "built", entry


def _check_unique(df, key, name, rel, *, files, inputs) -> None:
    """Missing or duplicated keys, reported against the input file(s) of the offending rows."""
    from gvc.errors import ValidationError

    nulls = df[key].isna().any(axis=1)
    dup = df.duplicated(key, keep=False)
    if not (nulls.any() or dup.any()):
        return
    bad = nulls if nulls.any() else dup
    i = bad.idxmax()
    where = files[bad].dropna().unique().tolist() if files is not None else []
    problem = (
        f"key {key} has a missing value ({int(bad.sum())} rows)"
        if nulls.any()
        else f"key {key} is not unique ({int(bad.sum())} rows share keys)"
    )
    raise ValidationError(
        schema_errors.message(
            name,
            df,
            column=None,
            problem=problem,
            index=i,
            key=key,
            files=files,
            inputs=where or inputs,
        )
    )


KEPT = "current (kept: its raw files are not available here to re-check)"
"""Status of a table whose raw files are unavailable but whose built output is intact."""

STALE = (
    "kept from an earlier version of gvc's code (its raw files are not available here to "
    "rebuild it: set GVC_MIRROR, go online, or place the files in data/raw, then rebuild)"
)
"""Status of a table whose raw files are unavailable and whose building code has changed since
it was built, but whose built output is intact: usable, with a warning."""


def kept_status(name: str) -> str | None:
    """:data:`KEPT` when ``name`` was built before, its files are intact (checksums in the
    manifest) and gvc's code for it is unchanged; :data:`STALE` when the files are intact but the
    code changed; None when there is nothing intact to keep. Used when the raw files cannot be
    re-read (e.g. a notebook run offline without the mirror)."""
    try:
        entry = store.read_manifest()["tables"].get(name)
    except GvcError:
        return None
    if not entry or not entry.get("outputs"):
        return None
    for o in entry["outputs"]:
        p = config.processed_dir() / o["file"]
        if not p.is_file() or store.file_sha256(p) != o.get("sha256"):
            return None
    subs = entry.get("subpackages")
    options = [tuple(subs)] if subs else [("sources", "panels"), ("sources", "panels", "io")]
    return KEPT if entry.get("code_sha256") in {code_fingerprint(o) for o in options} else STALE


def kept_table(name: str) -> bool:
    """True when an intact earlier build of ``name`` can stand in for a rebuild (see
    :func:`kept_status`)."""
    return kept_status(name) is not None


def build_or_keep(
    name: str, runner, mirror=None, force: bool = False, stale_ok: bool = True
) -> str:
    """Run ``runner``; when its raw files cannot be acquired, keep an intact earlier build
    (:func:`kept_status`) instead of failing, and say so in the status. A build from earlier code
    is kept with a one-line warning naming the table, unless ``stale_ok`` is False (``gvc
    reproduce``: results must come from the current code)."""
    import warnings

    from gvc.errors import AcquisitionError

    try:
        return runner(mirror=mirror, force=force)
    except AcquisitionError:
        status = None if force else kept_status(name)
        if status is None or (status == STALE and not stale_ok):
            raise
        if status == STALE:
            warnings.warn(f"{name}: {STALE}", stacklevel=2)
        return status


def run_spec(spec, mirror=None, force=False):
    """Build a :class:`gvc.panels.tables.TableSpec` table."""
    from gvc.panels.tables import user_inputs

    paths = {f.name: locate(f, mirror).path for f in spec.inputs()}
    paths.update(user_inputs(spec))
    return build_one(spec.name, paths, spec.build, force=force)[0]
