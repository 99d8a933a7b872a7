"""Project settings: data directories and the local-mirror setting.

Everything that names a place on disk lives here, so the rest of the package never hard-codes paths.

- ``GVC_DATA_DIR`` (default: ``./data``): holds ``raw/`` (upstream files exactly as published) and
  ``processed/`` (Parquet panels and ``MANIFEST.json``).
- ``GVC_MIRROR``: a local directory laid out one folder per source (``wiod2013/``, ``wdi/``, ...)
  that the acquisition layer consults before the network.
- ``GVC_REPORTS_DIR`` (default: ``./reports``): where ``gvc reproduce`` writes.
"""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    """Root data directory (``$GVC_DATA_DIR`` or ``./data``)."""
    return Path(os.environ.get("GVC_DATA_DIR", "data")).resolve()


def raw_dir(source: str | None = None) -> Path:
    """``data/raw`` or ``data/raw/<source>``: upstream files, never edited."""
    d = data_dir() / "raw"
    return d / source if source else d


def processed_dir() -> Path:
    """``data/processed``: Parquet panels rebuilt by ``gvc build``."""
    return data_dir() / "processed"


def mirror_dir(override: str | os.PathLike | None = None) -> Path | None:
    """The local mirror named by ``override`` or ``$GVC_MIRROR``; None when unset."""
    value = override if override is not None else os.environ.get("GVC_MIRROR")
    if not value:
        return None
    return Path(value).expanduser().resolve()


def reports_dir() -> Path:
    """Where reports are written (``$GVC_REPORTS_DIR`` or ``./reports``)."""
    return Path(os.environ.get("GVC_REPORTS_DIR", "reports")).resolve()


class using_data_dir:  # noqa: N801 - used as a context manager
    """Temporarily point ``GVC_DATA_DIR`` at ``path`` (e.g. the demo's own data directory)."""

    def __init__(self, path):
        self.path = str(path)

    def __enter__(self):
        self.old = os.environ.get("GVC_DATA_DIR")
        os.environ["GVC_DATA_DIR"] = self.path
        return Path(self.path)

    def __exit__(self, *exc):
        if self.old is None:
            os.environ.pop("GVC_DATA_DIR", None)
        else:
            os.environ["GVC_DATA_DIR"] = self.old
        return False
