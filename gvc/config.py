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

import json
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from gvc.errors import ConfigError


def _dir_setting(var: str, default: str | None) -> Path | None:
    """The directory named by ``$var`` (``default`` when unset), spaces around it stripped (a
    pasted ``" /data/gvc"`` is ``/data/gvc``, not ``./ /data/gvc``). An empty value, a relative
    path (it would change with the working directory) or a path that exists but is not a
    directory is an error naming the variable."""
    value = os.environ.get(var)
    if value is None:
        return None if default is None else Path(default).resolve()
    if not value.strip():
        raise ConfigError(
            f"{var} is set but empty; set it to a directory (e.g. {var}=$PWD/data) or unset it "
            "to use the default"
        )
    path = Path(value.strip()).expanduser()
    if not path.is_absolute():
        raise ConfigError(
            f"{var}={value!r} is a relative path, which would change with the working "
            f"directory; give an absolute one (e.g. {var}=$PWD/{value.strip()})"
        )
    path = path.resolve()
    if path.exists() and not path.is_dir():
        raise ConfigError(f"{var}={value.strip()} is not a directory; point {var} at a directory")
    return path


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
    path = _dir_setting("GVC_DATA_DIR", None)
    if path is not None:
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
    """The local mirror named by ``override`` or ``$GVC_MIRROR``, else the one remembered for
    this data directory (``settings.toml``, :func:`remember`); None when none is set."""
    if override is None:
        if not os.environ.get("GVC_MIRROR", "").strip():
            kept = read_settings().get("mirror")
            return Path(kept) if kept and Path(kept).is_dir() else None
        return _dir_setting("GVC_MIRROR", None)
    if not str(override).strip():
        return None
    path = Path(override).expanduser().resolve()
    if path.exists() and not path.is_dir():
        raise ConfigError(f"--mirror {override} is not a directory; give the mirror's directory")
    return path


def reports_dir() -> Path:
    """Where reports are written: ``$GVC_REPORTS_DIR``, else the checkout's ``reports/``, else
    ``./reports``."""
    env = _dir_setting("GVC_REPORTS_DIR", None)
    if env is not None:
        return env
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
            "GVC_MIRROR"
            if mirror and os.environ.get("GVC_MIRROR", "").strip()
            else f"remembered in {root.path / 'settings.toml'} (gvc config unset mirror)"
            if mirror
            else "not set: files are downloaded from their publishers "
            "(gvc config set mirror PATH)",
        ),
        ("reports", str(reports_dir()), "GVC_REPORTS_DIR" if os.environ.get("GVC_REPORTS_DIR")
         else "beside the checkout's data/" if root.checkout else "working directory"),
    ]  # fmt: skip


# ----------------------------------------------------------------------------- remembered
# The mirror given once, through ``make`` (which sets ``GVC_MIRROR``), the ``GVC_MIRROR``
# variable (both remembered by ``gvc build`` and ``gvc reproduce``) or ``gvc config set mirror
# PATH``, is written to ``<data root>/settings.toml`` (not tracked by git), so a later plain
# ``gvc data status`` or ``gvc build`` in the same checkout finds the same files. The variable
# and ``--mirror`` still win; ``gvc config unset mirror`` forgets it. Written atomically.

KEYS = ("mirror",)
FILE_NAME = "settings.toml"


def settings_file() -> Path:
    """``<data root>/settings.toml``: settings remembered for this data directory."""
    return data_dir() / FILE_NAME


def read_settings() -> dict[str, str]:
    """The remembered settings ({} when none)."""
    p = settings_file()
    if not p.is_file():
        return {}
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{p}: not a valid settings file ({exc}); delete it or fix it") from None
    return {k: str(v) for k, v in data.items() if k in KEYS}


def _write(values: dict[str, str]) -> Path:
    p = settings_file()
    p.parent.mkdir(parents=True, exist_ok=True)
    text = "# gvc settings remembered for this data directory (gvc config)\n" + "".join(
        f"{k} = {json.dumps(v)}\n" for k, v in sorted(values.items())
    )
    tmp = p.with_name(f".{p.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(p)
    return p


def remember(key: str, value: str | os.PathLike) -> Path | None:
    """Store ``key`` (one of :data:`KEYS`) unless it is already stored with this value; returns
    the file written, or None when nothing changed."""
    if key not in KEYS:
        raise ConfigError(f"unknown setting {key!r}; known: {', '.join(KEYS)}")
    value = str(Path(value).expanduser().resolve()) if key == "mirror" else str(value)
    if key == "mirror" and not Path(value).is_dir():
        raise ConfigError(f"mirror {value} is not a directory; give the mirror's directory")
    current = read_settings()
    if current.get(key) == value:
        return None
    return _write({**current, key: value})


def forget(key: str) -> Path | None:
    current = read_settings()
    if key not in current:
        return None
    del current[key]
    return _write(current)


def remember_environment() -> None:
    """Remember ``$GVC_MIRROR`` for a checkout's own data directory (``<checkout>/data``, what
    ``make`` passes as ``GVC_DATA_DIR``) when it names an existing directory; other data
    directories (scratch folders, tests) are left alone. Never fails a command over it."""
    env = os.environ.get("GVC_MIRROR", "").strip()
    if not env or not Path(env).expanduser().is_dir() or not data_dir().is_dir():
        return
    checkout = find_checkout() or Path(__file__).resolve().parents[1]
    if _is_checkout(checkout) and data_dir().resolve() == (checkout / "data").resolve():
        try:
            remember("mirror", env)
        except (OSError, ConfigError):
            pass


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
