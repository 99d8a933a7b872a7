"""Concurrent and interrupted runs: two `gvc reproduce` on one folder both succeed (the second
waits on the lock), and whatever a killed run left behind is removed at the next start."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import REPO, cli, hashes, leftovers, run_gvc


def _popen(*args, env):
    e = os.environ.copy() | {"PYTHONPATH": str(REPO)} | env
    return subprocess.Popen(
        [sys.executable, "-m", "gvc.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=e,
        cwd=REPO,
    )


def _consistent(out: Path) -> None:
    """Every file the report's manifest lists has the recorded SHA-256 (no mix of two runs)."""
    man = json.loads((out / "manifest.json").read_text())
    files = man["files"]
    assert files, man
    for rel, sha in files.items():
        got = hashlib.sha256((out / rel).read_bytes()).hexdigest()
        assert got == (sha if isinstance(sha, str) else sha["sha256"]), rel


@pytest.fixture(scope="module")
def concurrent(tmp_path_factory):
    """Two `gvc reproduce --demo` started at once on one report folder."""
    root = tmp_path_factory.mktemp("concurrent")
    out = root / "reports" / "demo"
    env = {"GVC_DATA_DIR": str(root / "data")}
    procs = [_popen("reproduce", "--demo", "--out", str(out), env=env) for _ in range(2)]
    results = [p.communicate(timeout=300) for p in procs]
    return root, out, [(p.returncode, se) for p, (_so, se) in zip(procs, results, strict=True)]


def test_two_concurrent_runs_both_succeed(concurrent):
    root, out, results = concurrent
    for code, stderr in results:
        assert code == 0, stderr
        assert "Traceback" not in stderr
    _consistent(out)
    assert not leftovers(root), leftovers(root)


def test_killed_run_leaves_nothing_after_next_start(concurrent, tmp_path):
    shutil.copytree(concurrent[0], tmp_path, dirs_exist_ok=True)
    out = tmp_path / "reports" / "demo"
    env = {"GVC_DATA_DIR": str(tmp_path / "data")}
    before = hashes(out)
    # a run killed while it holds the lock and its work directory (as `gvc reproduce` does)
    code = (
        "import sys, time\n"
        "from gvc.runlock import ReportLock, work_dir\n"
        "with ReportLock(sys.argv[1]), work_dir(sys.argv[1]) as w:\n"
        "    (w / 'figure.png').write_bytes(b'half')\n"
        "    print('ready', flush=True)\n"
        "    time.sleep(120)\n"
    )
    e = os.environ.copy() | {"PYTHONPATH": str(REPO)} | env
    p = subprocess.Popen([sys.executable, "-c", code, str(out)], stdout=subprocess.PIPE, text=True, env=e)  # fmt: skip
    assert p.stdout.readline().strip() == "ready"
    os.kill(p.pid, signal.SIGKILL)
    p.communicate()
    assert list(out.parent.glob(".demo.work-*"))  # the kill left its work directory
    assert hashes(out) == before  # and the report as it was
    # leftovers a kill can leave: the work directory, temporary and backup files of the writer
    (out.parent / ".demo.work-killed").mkdir(exist_ok=True)
    (out.parent / ".demo.work-killed" / "f.png").write_bytes(b"x")
    (out / ".claims.csv.abc123.tmp").write_bytes(b"half")
    (out / "figures" / ".x.png.99999.bak").write_bytes(b"old")
    assert leftovers(tmp_path)
    r = run_gvc("reproduce", "--demo", "--out", str(out), env=env)
    assert r.returncode == 0, r.stderr
    assert not leftovers(tmp_path), leftovers(tmp_path)
    _consistent(out)


def test_stale_build_and_download_temps_removed(built, monkeypatch, mirror):
    proc = built / "processed"
    stale = proc / ".wdi.parquet.k1ll3d.tmp"
    stale.write_bytes(b"half a parquet")
    raw = built / "raw" / "owid"
    raw.mkdir(parents=True)
    dead = raw / f".{'x.csv'}.999999999.part"  # a pid that cannot exist
    dead.write_bytes(b"half")
    res = cli("build", "wdi")  # current: nothing rebuilt, but the lock holder cleans up
    assert res.exit_code == 0, res.output
    assert not stale.exists()
    from gvc.sources.partfiles import remove_stale

    mine = raw / f".y.csv.{os.getpid()}.part"
    mine.write_bytes(b"in progress")
    remove_stale(raw)
    assert not dead.exists() and mine.exists()  # a live process's download is left alone


def test_unwritable_report_folder_fails_before_work(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    t0 = time.monotonic()
    r = run_gvc(
        "reproduce", "--out", str(blocker / "reports"), env={"GVC_DATA_DIR": str(tmp_path / "d")}
    )
    assert r.returncode == 2, r.stderr
    assert r.stderr.startswith("error: ") and "not a directory" in r.stderr
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    assert time.monotonic() - t0 < 30
    assert not (tmp_path / "d").exists()  # nothing was built


def test_strict_reproduce_lists_every_missing_file_before_work(tmp_path, monkeypatch, mirror):
    """--strict with a mirror lacking two sources: one error listing all their files, nothing
    built, no report folder."""
    import requests

    partial = tmp_path / "mirror"
    partial.mkdir()
    for d in mirror.iterdir():
        if d.is_dir() and d.name not in ("epoch", "owid"):
            (partial / d.name).symlink_to(d)
    monkeypatch.setenv("GVC_MIRROR", str(partial))
    monkeypatch.setenv("GVC_DATA_DIR", str(tmp_path / "data"))

    def offline(*a, **k):
        raise requests.ConnectionError("network unreachable")

    monkeypatch.setattr(requests, "get", offline)
    res = cli("reproduce", "--strict", "--out", str(tmp_path / "reports"))
    assert res.exit_code == 2, res.output
    from gvc.panels.registry import ALL_TABLES, raw_inputs

    want = {f.key for t in ALL_TABLES for f in raw_inputs(t)}
    want = {k for k in want if k.split("/")[0] in ("epoch", "owid")}
    assert len(want) >= 6
    for key in want:
        assert key in res.stderr
    assert not (tmp_path / "reports").exists()
    assert not (tmp_path / "data" / "processed").exists()
