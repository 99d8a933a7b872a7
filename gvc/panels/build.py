"""``gvc build``: raw files -> validated, keyed Parquet tables in ``data/processed``.

For each table: locate and verify its raw inputs, build, validate against its pandera schema and
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
from gvc.panels import store
from gvc.panels.schemas import KEYS, validate
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


def _is_current(entry: dict | None, inputs: dict[str, str], code: str, outputs: list[Path]) -> bool:
    if not entry or entry.get("code_sha256") != code:
        return False
    if {i["file"]: i["sha256"] for i in entry.get("inputs", [])} != inputs:
        return False
    recorded = {o["file"]: o["sha256"] for o in entry.get("outputs", [])}
    for p in outputs:
        rel = p.relative_to(config.processed_dir()).as_posix()
        if not p.exists() or recorded.get(rel) != store.file_sha256(p):
            return False
    return True


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
    path -> DataFrame (e.g. one file per year), all with the same ``key``.
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
    if not force and prev_outputs and _is_current(entry, in_sha, code, prev_outputs):
        return "current", entry
    result = make(inputs)
    frames = result if isinstance(result, dict) else {f"{name}.parquet": result}
    checked = {}
    for rel, df in frames.items():
        if schema or name in KEYS:
            df = validate(schema or name, df)
        from gvc.sources.readers import check_unique

        check_unique(df, key, f"table '{name}' ({rel})")
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
        "inputs": [{"file": k, "sha256": v} for k, v in in_sha.items()],
        "code_sha256": code,
    }
    manifest = store.read_manifest()
    manifest["tables"][name] = entry
    store.write_manifest(manifest)
    return "built", entry


def build(
    names: Iterable[str] | None = None, mirror=None, force: bool = False, progress=True
) -> dict:
    """Build the named tables (all when None); return {name: status}."""
    from gvc.panels.registry import ALL_TABLES

    names = list(names) if names else list(ALL_TABLES)
    unknown = [n for n in names if n not in ALL_TABLES]
    if unknown:
        raise GvcError(f"unknown table(s) {unknown}; known: {', '.join(ALL_TABLES)}")
    results = {}
    from gvc.progress import track

    for name in track(names, description="Building tables", disable=not progress):
        results[name] = ALL_TABLES[name](mirror=mirror, force=force)
    return results


def run_spec(spec, mirror=None, force=False):
    """Build a :class:`gvc.panels.tables.TableSpec` table."""
    from gvc.panels.tables import user_inputs

    paths = {f.name: locate(f, mirror).path for f in spec.inputs()}
    paths.update(user_inputs(spec))
    return build_one(spec.name, paths, spec.build, force=force)[0]
