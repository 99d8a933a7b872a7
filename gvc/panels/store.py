"""Deterministic, atomic Parquet writing and the processed-data MANIFEST.

Same inputs give the same bytes: rows are sorted by the table key, columns keep a fixed order,
the pandas index is dropped, and no timestamps are written. Files are written to a temporary name
in the same directory and renamed into place, so a failed build never leaves a partial file and
never touches what an earlier build wrote.

Each file written under ``data/processed`` carries its own place there (``gvc.file``, e.g.
``icio/wiod2013/wiod2013_2011.parquet``) in the Parquet key-value metadata, plus what the
frame's ``df.attrs["gvc"]`` holds (the ICIO cache: year, raw file and its SHA-256), so a file
copied over another is told by its footer alone; :func:`mismatch` also compares a file with the
SHA-256 its build recorded in ``MANIFEST.json`` (issue 24, item 3).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from gvc import config

TEMP_GLOBS = (".*.tmp",)
"""Names of the temporary files :func:`_atomic_write_bytes` creates (``.<name>.<random>.tmp``)."""


def remove_stale_temps(directory: Path) -> list[Path]:
    """Delete temporary files a killed build left in ``directory`` (call under the build lock)."""
    gone = []
    for pattern in TEMP_GLOBS:
        for p in Path(directory).rglob(pattern):
            if p.is_file():
                p.unlink(missing_ok=True)
                gone.append(p)
    return gone


def _atomic_write_bytes(path: Path, writer) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        writer(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        if isinstance(exc, OSError) and not exc.filename:
            from gvc.failures import named

            raise named(exc, path) from exc
        raise


def canonical(df: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    """Rows sorted by ``key`` (stable), index reset: the canonical form that is written."""
    return df.sort_values(key, kind="mergesort").reset_index(drop=True)


META_PREFIX = "gvc."
"""Prefix of gvc's own keys in a processed file's Parquet key-value metadata."""


def rel_to_processed(path: str | Path) -> str | None:
    """``path`` relative to ``data/processed`` (POSIX), or None when it lies elsewhere."""
    try:
        return Path(path).resolve().relative_to(config.processed_dir().resolve()).as_posix()
    except ValueError:
        return None


def write_parquet(df: pd.DataFrame, path: str | Path, key: list[str]) -> str:
    """Write ``df`` (sorted by ``key``) atomically and deterministically; return its SHA-256.

    The key-value metadata gets ``gvc.file`` (the path relative to ``data/processed``, when the
    file lies there) and ``gvc.<k>`` for each text item of ``df.attrs["gvc"]``: no times, no
    absolute paths."""
    path = Path(path)
    table = pa.Table.from_pandas(canonical(df, key), preserve_index=False)
    own = {k: str(v) for k, v in (df.attrs.get("gvc") or {}).items()}
    if (rel := rel_to_processed(path)) is not None:
        own["file"] = rel
    if own:
        meta = dict(table.schema.metadata or {})
        meta.update({f"{META_PREFIX}{k}".encode(): v.encode() for k, v in sorted(own.items())})
        table = table.replace_schema_metadata(meta)
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


def gvc_metadata(source: pa.Schema | str | Path) -> dict[str, str]:
    """gvc's own keys (without the ``gvc.`` prefix) of a Parquet file's key-value metadata;
    ``source`` is a schema already read, or the file (only its footer is read)."""
    if isinstance(source, pa.Schema):
        return _own_keys(source.metadata)
    st = os.stat(source)
    return dict(_footer_keys(str(Path(source).resolve()), st.st_size, st.st_mtime_ns))


@lru_cache(maxsize=256)
def _footer_keys(path: str, size: int, mtime_ns: int) -> tuple[tuple[str, str], ...]:
    """gvc's keys of a file's footer, read once per path, size and modification time."""
    return tuple(_own_keys(pq.read_metadata(path).metadata).items())


def _own_keys(raw: dict | None) -> dict[str, str]:
    n = len(META_PREFIX)
    return {
        k.decode("utf-8", "replace")[n:]: v.decode("utf-8", "replace")
        for k, v in (raw or {}).items()
        if k.startswith(META_PREFIX.encode())
    }


def recorded_sha256(rel: str) -> str | None:
    """The SHA-256 ``MANIFEST.json`` records for processed file ``rel`` (None: not recorded)."""
    p = manifest_path()
    try:
        st = p.stat()
    except OSError:
        return None
    return _recorded_outputs(str(p), st.st_size, st.st_mtime_ns).get(rel)


@lru_cache(maxsize=8)
def _recorded_outputs(path: str, size: int, mtime_ns: int) -> dict[str, str]:
    """file -> SHA-256 of every output ``MANIFEST.json`` lists (parsed once per size and
    modification time: ``gvc.load`` asks on every read)."""
    try:
        tables = json.loads(Path(path).read_text(encoding="utf-8")).get("tables", {})
        return {
            o.get("file"): o.get("sha256")
            for entry in tables.values()
            for o in entry.get("outputs", [])
        }
    except (OSError, ValueError, AttributeError, TypeError):
        return {}  # a corrupt manifest is rebuilt by `gvc build`; it cannot vouch for a file


def mismatch(path: str | Path, schema: pa.Schema | dict[str, str] | None = None) -> str | None:
    """Why processed file ``path`` is not the file its build wrote there, or None.

    Cheap enough for every read: ``gvc.file`` in the footer (``schema``: the schema or
    :func:`gvc_metadata` when already read) must name this place, and the file's SHA-256 must
    be the one ``MANIFEST.json`` records (hashed once per path, size and modification time:
    ``gvc.sources.acquire.sha256_of``; footers are memoised the same way). Files without a
    manifest entry or without ``gvc.file`` (an older gvc) pass these checks. A mismatch seen
    while another process's ``gvc build`` holds the build lock is looked at again after it."""
    from gvc.sources.acquire import sha256_of

    rel = rel_to_processed(path)
    if rel is None:
        return None
    own = (schema if isinstance(schema, dict) else gvc_metadata(schema or path)).get("file")
    if own is not None and own != rel:
        return f"holds {own}, not {rel} (copied over it?)"
    want = recorded_sha256(rel)
    if want is None:
        return None
    got = sha256_of(path)
    if got != want and _build_running():
        got, want = sha256_of(path), recorded_sha256(rel)  # the build has finished: look again
    if got != want:
        return (
            f"is not the file `gvc build` wrote there (SHA-256 {got[:12]}, MANIFEST.json "
            f"records {str(want)[:12]}; changed or copied over since)"
        )
    return None


def _build_running() -> bool:
    """True after waiting for a ``gvc build`` in another process that held the build lock (a
    build writes its outputs before its manifest entry); False at once when none was running,
    or when this process holds it."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no locking
        return False
    try:
        fh = open(config.processed_dir() / ".build.lock")  # noqa: SIM115
    except OSError:
        return False
    with fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            if _HELD:
                return False
            fcntl.flock(fh, fcntl.LOCK_SH)  # wait for the build to end
            return True
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
    return False


_HELD: list[object] = []
"""The :class:`BuildLock` objects this process holds (a read inside a build must not wait)."""


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
    """``MANIFEST.json`` as ``{"tables": {name: entry}}``.

    A corrupt manifest (truncated, empty, not JSON, wrong layout) never blocks a build: it is
    rebuilt from the Parquet files present (:func:`recover_manifest`), whose entries carry no
    input checksums, so the next ``gvc build`` rebuilds and re-records every table.
    """
    p = manifest_path()
    if not p.exists():
        return {"tables": {}}
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
        problem = _manifest_problem(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        problem = f"not valid JSON ({exc})"
    if problem is None:
        return data
    import logging

    logging.getLogger(__name__).warning(
        "%s is corrupt (%s); rebuilding it from the tables present", p, problem
    )
    return recover_manifest()


def _manifest_problem(data) -> str | None:
    if not isinstance(data, dict) or not isinstance(data.get("tables"), dict):
        return "no 'tables' object"
    for name, entry in data["tables"].items():
        if not isinstance(entry, dict) or not isinstance(entry.get("outputs", []), list):
            return f"entry '{name}' is malformed"
        for o in entry.get("outputs", []):
            if not isinstance(o, dict) or not {"file", "sha256"} <= set(o):
                return f"entry '{name}' has a malformed output"
        for i in entry.get("inputs", []):
            if not isinstance(i, dict) or not {"file", "sha256"} <= set(i):
                return f"entry '{name}' has a malformed input"
    return None


def recover_manifest() -> dict:
    """A manifest listing the Parquet files present (name, rows, SHA-256), without inputs.

    Used when ``MANIFEST.json`` is corrupt: tables without recorded inputs are never taken as
    current, so ``gvc build`` rebuilds each one and writes a complete manifest again.
    """
    d = config.processed_dir()
    tables: dict[str, dict] = {}
    for p in sorted(d.rglob("*.parquet")):
        rel = p.relative_to(d).as_posix()
        name = rel.split("/")[0].removesuffix(".parquet")
        try:
            rows = pq.ParquetFile(p).metadata.num_rows
        except Exception:  # noqa: BLE001 - a corrupt table is simply rebuilt
            continue
        entry = tables.setdefault(name, {"rows": 0, "outputs": [], "inputs": [], "recovered": True})
        entry["rows"] += int(rows)
        entry["outputs"].append({"file": rel, "rows": int(rows), "sha256": file_sha256(p)})
    return {"tables": tables}


def write_manifest(manifest: dict) -> None:
    tables = {
        k: {f: v for f, v in e.items() if f != "recovered"}
        for k, e in manifest.get("tables", {}).items()
        if not e.get("recovered")  # entries guessed from files are dropped once rebuilt
    }
    manifest = {"tables": dict(sorted(tables.items()))}
    write_text(manifest_path(), json.dumps(manifest, indent=2, sort_keys=True) + "\n")


def build_lock():
    """:class:`BuildLock`, or nothing when this process holds it already (a read inside a
    build)."""
    import contextlib

    return contextlib.nullcontext() if _HELD else BuildLock()


class BuildLock:
    """An exclusive lock on ``data/processed`` so concurrent builds (two notebooks, two
    terminals) serialize instead of overwriting each other's MANIFEST entries
    (``gvc.runlock.FileLock`` on ``.build.lock``, removed when the build ends). POSIX only;
    elsewhere a no-op."""

    def __enter__(self):
        from gvc.runlock import FileLock

        d = config.processed_dir()
        d.mkdir(parents=True, exist_ok=True)
        self._lock = FileLock(d / ".build.lock")
        self._lock.__enter__()
        _HELD.append(self)
        remove_stale_temps(d)  # safe: no other build writes while we hold the lock
        return self

    def __exit__(self, *exc):
        if self in _HELD:
            _HELD.remove(self)
        return self._lock.__exit__(*exc)
