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

from gvc.errors import ConfigError


def _dir_setting(var: str, default: str | None) -> Path | None:
    """The directory named by ``$var`` (``default`` when unset); an empty value or a path that
    exists but is not a directory is an error naming the variable."""
    value = os.environ.get(var)
    if value is None:
        return None if default is None else Path(default).resolve()
    if not value.strip():
        raise ConfigError(
            f"{var} is set but empty; set it to a directory (e.g. {var}=$PWD/data) or unset it "
            "to use the default"
        )
    path = Path(value).expanduser().resolve()
    if path.exists() and not path.is_dir():
        raise ConfigError(f"{var}={value} is not a directory; point {var} at a directory")
    return path


def data_dir() -> Path:
    """Root data directory (``$GVC_DATA_DIR`` or ``./data``)."""
    return _dir_setting("GVC_DATA_DIR", "data")


def raw_dir(source: str | None = None) -> Path:
    """``data/raw`` or ``data/raw/<source>``: upstream files, never edited."""
    d = data_dir() / "raw"
    return d / source if source else d


def processed_dir() -> Path:
    """``data/processed``: Parquet panels rebuilt by ``gvc build``."""
    return data_dir() / "processed"


def mirror_dir(override: str | os.PathLike | None = None) -> Path | None:
    """The local mirror named by ``override`` or ``$GVC_MIRROR``; None when unset."""
    if override is None:
        if not os.environ.get("GVC_MIRROR", "").strip():
            return None  # unset or empty: no mirror
        return _dir_setting("GVC_MIRROR", None)
    if not str(override).strip():
        return None
    path = Path(override).expanduser().resolve()
    if path.exists() and not path.is_dir():
        raise ConfigError(f"--mirror {override} is not a directory; give the mirror's directory")
    return path


def reports_dir() -> Path:
    """Where reports are written (``$GVC_REPORTS_DIR`` or ``./reports``)."""
    return _dir_setting("GVC_REPORTS_DIR", "reports")


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
