"""``manifest.json``: what produced a report.

Keys (all deterministic for the same code and inputs, except ``timing``):

- ``gvc_version``, ``python``, ``packages`` (installed versions of :data:`PACKAGES`, null when
  absent);
- ``lock_file``: ``{"name", "sha256"}`` of the ``requirements.lock`` the environment was built
  from (the checkout's, beside ``pyproject.toml``), null outside a checkout;
- ``git_commit`` (``git rev-parse HEAD`` in the checkout holding :mod:`gvc`, null outside git)
  and ``git_dirty`` (tracked files modified; null outside git);
- ``raw_files`` (name -> SHA-256), ``seeds`` and any other keys of the caller's ``manifest``;
- ``files``: SHA-256 of every other file of the report, by relative path;
- ``watermark`` (null for real-data reports);
- ``deterministic_except``: ``["timing"]``;
- ``timing``: the only time-dependent key: ``report_started_at``/``report_finished_at`` (UTC
  ISO 8601), ``report_seconds``, plus the caller's own ``timing`` entries (e.g. the run's start
  time and duration). Callers must keep every time field inside ``timing``.

JSON is written with sorted keys, two-space indent and a final newline.
"""

from __future__ import annotations

import hashlib
import json
import platform
import subprocess
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path

PACKAGES = ("gvc", "pandas", "numpy", "pyfixest", "linearmodels", "statsmodels", "pyarrow")
"""Packages whose versions the manifest records."""

TIMING_KEY = "timing"
"""The one manifest key whose content may differ between two runs on the same inputs."""

RESERVED = (
    "gvc_version",
    "python",
    "packages",
    "lock_file",
    "git_commit",
    "git_dirty",
    "files",
    "watermark",
    "deterministic_except",
)
"""Keys the writer computes; a caller's manifest may not set them."""


def sha256(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: str | Path, chunk: int = 1 << 20) -> str:
    """Hex SHA-256 of a file, read in chunks (for the caller's ``raw_files``)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def package_versions(names: tuple[str, ...] = PACKAGES) -> dict[str, str | None]:
    """Installed version of each package, or None."""
    out: dict[str, str | None] = {}
    for n in names:
        try:
            out[n] = metadata.version(n)
        except metadata.PackageNotFoundError:
            out[n] = None
    return out


LOCK_FILE = "requirements.lock"
"""The lock file of exact versions (``make lock``), at the root of the checkout."""


def lock_file() -> dict[str, str] | None:
    """Name and SHA-256 of the checkout's lock file, or None when gvc is not run from one."""
    path = Path(__file__).resolve().parents[2] / LOCK_FILE
    if not path.is_file():
        return None
    return {"name": LOCK_FILE, "sha256": sha256_file(path)}


def _git(*args: str) -> str | None:
    here = Path(__file__).resolve().parent
    try:
        r = subprocess.run(
            ["git", "-C", str(here), *args],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return r.stdout if r.returncode == 0 else None


def git_state() -> tuple[str | None, bool | None]:
    """``(commit, dirty)`` of the checkout holding :mod:`gvc`, or ``(None, None)``."""
    head = _git("rev-parse", "HEAD")
    if not head or not head.strip():
        return None, None
    status = _git("status", "--porcelain", "--untracked-files=no")
    return head.strip(), (None if status is None else bool(status.strip()))


def build_manifest(
    inputs: Mapping[str, object],
    *,
    files: Mapping[str, str],
    watermark: str | None,
    timing: Mapping[str, object],
) -> dict[str, object]:
    """The manifest dict (see the module docstring).

    Args:
        inputs: the caller's manifest: ``raw_files`` (name -> SHA-256), ``seeds`` (name -> int),
            optional ``timing`` (merged into ``timing``) and any other JSON-serialisable keys.
        files: relative path -> SHA-256 of the report's other files.
        watermark: the report's watermark, or None.
        timing: the writer's time fields.

    Raises:
        ValueError: ``inputs`` sets a reserved key.
    """
    clash = sorted(set(inputs) & set(RESERVED))
    if clash:
        raise ValueError(f"manifest keys {clash} are computed by the report writer")
    from gvc import __version__

    commit, dirty = git_state()
    out: dict[str, object] = {"raw_files": {}, "seeds": {}}
    out.update({k: v for k, v in inputs.items() if k != TIMING_KEY})
    out.update(
        {
            "gvc_version": __version__,
            "python": platform.python_version(),
            "packages": package_versions(),
            "lock_file": lock_file(),
            "git_commit": commit,
            "git_dirty": dirty,
            "files": dict(sorted(files.items())),
            "watermark": watermark,
            "deterministic_except": [TIMING_KEY],
        }
    )
    caller_timing = inputs.get(TIMING_KEY) or {}
    if not isinstance(caller_timing, Mapping):
        raise ValueError("manifest['timing'] must be a mapping")
    out[TIMING_KEY] = {**dict(caller_timing), **dict(timing)}
    return out


def dumps(manifest: Mapping[str, object]) -> str:
    """Deterministic JSON text (sorted keys, indent 2, trailing newline, NaN rejected)."""
    return (
        json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n"
    )


def without_timing(text: str) -> dict[str, object]:
    """A manifest's JSON ``text`` parsed, with ``timing`` removed (what must be reproducible)."""
    d = json.loads(text)
    d.pop(TIMING_KEY, None)
    return d
