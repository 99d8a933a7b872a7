"""Settings remembered for a data directory (``<data root>/settings.toml``, not tracked by git).

The mirror given once, through ``make`` (which sets ``GVC_MIRROR``), the ``GVC_MIRROR``
variable (both remembered by ``gvc build``, which every ``make`` target that reads data runs or
precedes) or ``gvc config set mirror PATH``, is written here, so a later plain ``gvc data
status`` or ``gvc build`` in the same checkout finds the same files. The environment variable
and ``--mirror`` still win when given; ``gvc config unset mirror`` forgets it. Written
atomically; a damaged file is an error naming it.
"""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path

from gvc.errors import ConfigError

KEYS = ("mirror",)
FILE_NAME = "settings.toml"


def settings_file() -> Path:
    from gvc.config import data_dir

    return data_dir() / FILE_NAME


def read() -> dict[str, str]:
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
    current = read()
    if current.get(key) == value:
        return None
    return _write({**current, key: value})


def forget(key: str) -> Path | None:
    current = read()
    if key not in current:
        return None
    del current[key]
    return _write(current)


def remember_environment() -> None:
    """Remember ``$GVC_MIRROR`` when it names an existing directory (what ``make`` passes);
    never fails a command over it (an unwritable data directory is reported where it is
    written)."""
    env = os.environ.get("GVC_MIRROR", "").strip()
    from gvc.config import data_dir

    if env and Path(env).expanduser().is_dir() and data_dir().is_dir():
        try:
            remember("mirror", env)
        except (OSError, ConfigError):
            pass
