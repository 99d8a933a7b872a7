"""Project settings: data directories and the local-mirror setting.

Everything that names a place on disk lives here, so the rest of the package never hard-codes paths.

- The data root holds ``raw/`` (upstream files exactly as published) and ``processed/`` (Parquet
  panels and ``MANIFEST.json``). It is found the same way from any working directory
  (:func:`data_root`): ``$GVC_DATA_DIR`` when set; else ``data/`` of the gvc project checkout
  found by walking up from the working directory (so a notebook in ``notebooks/`` uses the
  project's data); else ``data/`` of the checkout holding the imported package (an editable
  install); else a per-user data directory (platformdirs) when gvc is installed as a library.
  ``gvc config`` prints which one is in use and why.
- ``GVC_MIRROR``: a local directory laid out one folder per source (``wiod2013/``, ``wdi/``, ...)
  that the acquisition layer consults before the network.
- ``GVC_REPORTS_DIR``: where ``gvc reproduce`` writes; default ``reports/`` beside the data root
  of a checkout, else ``./reports``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from gvc.errors import GvcError


@dataclass(frozen=True)
class DataRoot:
    """The data directory in use and the rule that chose it."""

    path: Path
    reason: str
    checkout: Path | None = None


def _is_checkout(d: Path) -> bool:
    """A gvc project checkout: ``pyproject.toml`` beside the ``gvc`` package."""
    return (d / "pyproject.toml").is_file() and (d / "gvc" / "__init__.py").is_file()


def find_checkout(start: Path | None = None) -> Path | None:
    """The nearest gvc checkout at or above ``start`` (default: the working directory)."""
    here = (start or Path.cwd()).resolve()
    for d in (here, *here.parents):
        if _is_checkout(d):
            return d
    return None


def data_root() -> DataRoot:
    """The data root and why it was chosen (see the module docstring)."""
    env = os.environ.get("GVC_DATA_DIR")
    if env is not None:
        if not env.strip():
            raise GvcError(
                "GVC_DATA_DIR is set but empty; unset it (gvc then finds the project's data/) "
                "or set it to a directory"
            )
        path = Path(env).expanduser().resolve()
        if path.exists() and not path.is_dir():
            raise GvcError(
                f"GVC_DATA_DIR={env} is a file, not a directory; point it at a directory"
            )
        return DataRoot(path, "GVC_DATA_DIR is set")
    checkout = find_checkout()
    if checkout is not None:
        return DataRoot(checkout / "data", "gvc checkout above the working directory", checkout)
    package_home = Path(__file__).resolve().parents[1]
    if _is_checkout(package_home):
        return DataRoot(package_home / "data", "checkout holding the imported gvc package",
                        package_home)  # fmt: skip
    import platformdirs

    return DataRoot(Path(platformdirs.user_data_dir("gvc")), "per-user data directory")


def data_dir() -> Path:
    """Root data directory (see :func:`data_root`)."""
    return data_root().path


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
    """Where reports are written: ``$GVC_REPORTS_DIR``, else the checkout's ``reports/``, else
    ``./reports``."""
    env = os.environ.get("GVC_REPORTS_DIR")
    if env:
        return Path(env).expanduser().resolve()
    root = data_root()
    if root.checkout is not None and root.path == root.checkout / "data":
        return root.checkout / "reports"
    return Path("reports").resolve()


def describe() -> list[tuple[str, str, str]]:
    """``(setting, value, why)`` rows for ``gvc config``."""
    root = data_root()
    mirror = mirror_dir()
    return [
        ("data directory", str(root.path), root.reason),
        ("raw files", str(root.path / "raw"), "upstream files, never edited"),
        ("processed tables", str(root.path / "processed"), "Parquet panels and MANIFEST.json"),
        (
            "mirror",
            str(mirror) if mirror else "(none)",
            "GVC_MIRROR" if mirror else "not set: files are downloaded from their publishers",
        ),
        ("reports", str(reports_dir()), "GVC_REPORTS_DIR" if os.environ.get("GVC_REPORTS_DIR")
         else "beside the checkout's data/" if root.checkout else "working directory"),
    ]  # fmt: skip


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
