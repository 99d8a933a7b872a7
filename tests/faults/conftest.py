"""Fault injection: shared helpers.

Each test breaks one thing (a file, a setting, the network, a process) and asserts what the issue
asks: exit code 2, a one-line message naming the file (and row/column) and the remedy, processed
files unchanged (SHA-256 before and after) and no temporary files left.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from gvc.cli import main

REPO = Path(__file__).resolve().parents[2]
TEMP_PATTERNS = ("*.tmp", "*.part", ".*.work*", ".*.tmp-*", ".*.old-*")


def hashes(d: Path) -> dict[str, str]:
    """SHA-256 of every file under ``d`` (lock files excluded: they are empty by design)."""
    return {
        p.relative_to(d).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(Path(d).rglob("*"))
        if p.is_file() and not p.name.endswith(".lock")
    }


def leftovers(*dirs: Path) -> list[Path]:
    """Temporary files or folders under ``dirs`` (none may survive a failure)."""
    out = []
    for d in dirs:
        if Path(d).exists():
            for pat in TEMP_PATTERNS:
                out += list(Path(d).rglob(pat))
    return out


def cli(*args: str):
    """Run ``gvc ARGS`` in-process; returns click's Result (exit_code, output, stderr)."""
    return CliRunner().invoke(main, list(args))


def fails_cleanly(*args: str, needles=(), data_dir: Path | None = None):
    """``gvc ARGS`` exits 2 with one ``error:`` line containing every needle, no traceback, and
    leaves ``data_dir/processed`` byte-for-byte unchanged and free of temporary files."""
    before = hashes(data_dir / "processed") if data_dir else None
    res = cli(*args)
    assert res.exit_code == 2, (res.exit_code, res.output, res.exception)
    err = res.stderr.strip()
    assert err.startswith("error: "), err
    assert "Traceback" not in res.output
    for n in needles:
        assert n in err, (n, err)
    if data_dir:
        assert hashes(data_dir / "processed") == before
        assert not leftovers(data_dir), leftovers(data_dir)
    return err


def run_gvc(*args: str, env: dict | None = None, timeout: float = 120):
    """``python -m gvc.cli ARGS`` in a real process (exit code and stderr as a user sees them)."""
    e = os.environ.copy()
    e["PYTHONPATH"] = str(REPO)
    e.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "gvc.cli", *args],
        capture_output=True,
        text=True,
        env=e,
        timeout=timeout,
        cwd=REPO,
    )


@pytest.fixture(scope="session")
def _built_once(tmp_path_factory, mirror) -> Path:
    """wdi, robots and patents built once from the mirror (copied per test)."""
    from gvc.config import using_data_dir

    d = tmp_path_factory.mktemp("faults-built")
    with using_data_dir(d):
        res = cli("build", "wdi", "robots", "patents")
        assert res.exit_code == 0, res.output
    return d


@pytest.fixture
def built(_built_once, tmp_path, monkeypatch) -> Path:
    """A fresh copy of the built data directory, set as GVC_DATA_DIR for this test."""
    d = tmp_path / "data"
    shutil.copytree(_built_once, d)
    monkeypatch.setenv("GVC_DATA_DIR", str(d))
    return d


@pytest.fixture
def raw_copy(built, mirror, monkeypatch):
    """Copy a mirror file into ``data/raw`` (to be damaged); accept new vintages so the damage
    reaches the parser rather than the checksum check."""

    def _copy(source: str, name: str, accept_new_vintage: bool = True) -> Path:
        if accept_new_vintage:
            monkeypatch.setenv("GVC_ACCEPT_NEW_VINTAGE", "1")
        dst = built / "raw" / source / name
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(mirror / source / name, dst)
        return dst

    return _copy


@pytest.fixture
def offline_data(tmp_path, monkeypatch):
    """An empty data directory, no mirror, no backoff between retries."""
    from gvc.sources import acquire

    d = tmp_path / "data"
    monkeypatch.setenv("GVC_DATA_DIR", str(d))
    monkeypatch.delenv("GVC_MIRROR", raising=False)
    monkeypatch.setattr(acquire, "BACKOFF_S", 0.0)
    return d
