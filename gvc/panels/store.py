"""Deterministic, atomic Parquet writing and the processed-data MANIFEST.

Same inputs give the same bytes: rows are sorted by the table key, columns keep a fixed order,
the pandas index is dropped, and no timestamps are written. Files are written to a temporary name
in the same directory and renamed into place, so a failed build never leaves a partial file and
never touches what an earlier build wrote.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from gvc import config


def _atomic_write_bytes(path: Path, writer) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        writer(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def canonical(df: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    """Rows sorted by ``key`` (stable), index reset: the canonical form that is written."""
    return df.sort_values(key, kind="mergesort").reset_index(drop=True)


def write_parquet(df: pd.DataFrame, path: str | Path, key: list[str]) -> str:
    """Write ``df`` (sorted by ``key``) atomically and deterministically; return its SHA-256."""
    path = Path(path)
    table = pa.Table.from_pandas(canonical(df, key), preserve_index=False)
    # pandas metadata holds column dtypes only (no timestamps); keep it for faithful round trips.
    _atomic_write_bytes(
        path,
        lambda tmp: pq.write_table(
            table, tmp, compression="zstd", use_dictionary=True, write_statistics=True
        ),
    )
    return file_sha256(path)


def file_sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def write_text(path: str | Path, text: str) -> None:
    """Write a text file atomically (UTF-8, '\\n' newlines)."""
    path = Path(path)

    def _w(tmp):
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)

    _atomic_write_bytes(path, _w)


def manifest_path() -> Path:
    return config.processed_dir() / "MANIFEST.json"


def read_manifest() -> dict:
    p = manifest_path()
    if not p.exists():
        return {"tables": {}}
    return json.loads(p.read_text(encoding="utf-8"))


def write_manifest(manifest: dict) -> None:
    manifest = {"tables": dict(sorted(manifest.get("tables", {}).items()))}
    write_text(manifest_path(), json.dumps(manifest, indent=2, sort_keys=True) + "\n")


class BuildLock:
    """An exclusive lock on ``data/processed`` so concurrent builds (two notebooks, two
    terminals) serialize instead of overwriting each other's MANIFEST entries. POSIX only;
    elsewhere a no-op."""

    def __enter__(self):
        d = config.processed_dir()
        d.mkdir(parents=True, exist_ok=True)
        self._fh = open(d / ".build.lock", "a+")  # noqa: SIM115
        try:
            import fcntl

            fcntl.flock(self._fh, fcntl.LOCK_EX)
        except ImportError:  # pragma: no cover - Windows
            pass
        return self

    def __exit__(self, *exc):
        try:
            import fcntl

            fcntl.flock(self._fh, fcntl.LOCK_UN)
        except ImportError:  # pragma: no cover
            pass
        self._fh.close()
        return False
