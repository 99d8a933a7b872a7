"""Nothing left running (issue 24, item 6).

`gvc io decompose --jobs 2` killed with SIGTERM (what `timeout` and job schedulers send) or
kill -9 left 2 loky workers and 2 resource trackers running, holding about 700 MB, 11 minutes
later; a lost Dask scheduler gave two tracebacks, dead Dask workers a wait without end, a closed
Dask port 30 s and a stub `--out` folder, and `--scheduler localhost` an internal error."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from gvc.batch import decompose_years, year_path
from gvc.errors import GvcError

from .conftest import REPO, cli, leftovers

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")


def _children(pid: int) -> set[int]:
    """Processes whose parent is ``pid`` (Linux /proc)."""
    kids = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            kids.add(int(stat.parent.name))
    return kids


def _alive(pids: set[int]) -> set[int]:
    out = set()
    for p in pids:
        try:
            state = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":  # a zombie has exited; only its parent (init here) has to reap it
            out.add(p)
    return out


def _start_jobs_run(tmp_path: Path) -> tuple[subprocess.Popen, set[int], Path]:
    """`gvc io decompose --source wiod2013 --jobs 2 --out DIR` (all 17 years), returned once its
    two loky workers run, with its child processes (workers and resource trackers)."""
    out = tmp_path / "ds"
    env = os.environ | {"PYTHONPATH": str(REPO), "GVC_DATA_DIR": str(tmp_path / "data")}
    args = ["io", "decompose", "--source", "wiod2013", "--jobs", "2", "--out", str(out)]
    p = subprocess.Popen([sys.executable, "-m", "gvc.cli", *args], stderr=subprocess.PIPE,
                         stdout=subprocess.DEVNULL, text=True, env=env, cwd=tmp_path)  # fmt: skip
    assert "joblib loky: 2 workers" in p.stderr.readline()
    t0 = time.monotonic()
    while len(kids := _children(p.pid)) < 4 and time.monotonic() - t0 < 30:
        time.sleep(0.1)  # two workers and two resource trackers
    assert len(kids) >= 3, kids
    return p, kids, out


def _gone_within(pids: set[int], seconds: float) -> set[int]:
    """The processes of ``pids`` still running after ``seconds`` (killed then, so that a failing
    test leaves nothing running either)."""
    t0 = time.monotonic()
    while _alive(pids) and time.monotonic() - t0 < seconds:
        time.sleep(0.1)
    left = _alive(pids)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    return left


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_signal_stops_the_run_and_its_workers(tmp_path, sig):
    """SIGTERM, SIGHUP or Ctrl-C: one line, exit code 128 + the signal, every worker and
    resource tracker gone within seconds, no temporary file in the dataset."""
    p, kids, out = _start_jobs_run(tmp_path)
    p.send_signal(sig)
    err = p.stderr.read()
    assert p.wait(30) == 128 + sig, err
    assert err.strip().splitlines()[-1] == f"error: interrupted ({sig.name})", err
    assert "Traceback" not in err
    assert not _gone_within(kids, 5), _alive(kids)
    assert not leftovers(tmp_path)
    assert len(list(out.glob("source=wiod2013/year=*/part-0.parquet"))) < 17  # stopped early


def test_workers_exit_soon_after_kill_9_of_the_parent(tmp_path):
    """kill -9 leaves gvc no chance to stop its workers: they notice their parent is gone and
    exit within seconds (and the resource trackers with them)."""
    p, kids, _ = _start_jobs_run(tmp_path)
    p.kill()
    p.wait(10)
    assert not _gone_within(kids, 5), _alive(kids)


# Dask: in-process clusters, a task that takes a while, and faults injected on the way


def _slow_year(source, year, *rest):
    time.sleep(0.3)
    return pd.DataFrame({"exporter": ["AAA"], "term": ["x"], "value": [float(year)]})


YEARS = list(range(2000, 2006))


def _run(out, scheduler, report=lambda m: None):
    return decompose_years("wiod2013", YEARS, out=out, scheduler=scheduler, task=_slow_year,
                           report=report)  # fmt: skip


@pytest.fixture
def cluster(monkeypatch):
    from distributed import LocalCluster

    monkeypatch.setenv("GVC_DASK_TIMEOUT", "2")
    with LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as c:
        yield c


def test_dask_workers_gone_mid_run_is_a_timeout_naming_the_years_left(cluster, tmp_path):
    def report(msg):
        if "wrote" in msg:
            cluster.scale(0)  # every worker leaves after the first year

    t0 = time.monotonic()
    with pytest.raises(GvcError, match=r"no Dask worker has been connected for 2 s, with years \["):
        _run(tmp_path / "ds", cluster.scheduler_address, report)
    assert time.monotonic() - t0 < 20
    assert len(list((tmp_path / "ds").glob("source=*/year=*/part-0.parquet"))) >= 1  # kept


def test_dask_scheduler_lost_mid_run_is_one_clear_error(cluster, tmp_path):
    def report(msg):
        if "wrote" in msg:
            cluster.close()  # the scheduler (and its worker) gone after the first year

    with pytest.raises(GvcError, match="lost the connection to the Dask scheduler"):
        _run(tmp_path / "ds", cluster.scheduler_address, report)
    assert year_path(tmp_path / "ds", "wiod2013", YEARS[0]).parent.parent.exists()


def test_dask_interrupted_run_cancels_its_tasks(cluster, tmp_path):
    """Ctrl-C or SIGTERM (raised in the main thread) while Dask works: the run's tasks are
    cancelled on the scheduler, not left running for nobody."""
    from distributed import Client

    def report(msg):
        if "wrote" in msg:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _run(tmp_path / "ds", cluster.scheduler_address, report)
    with Client(cluster.scheduler_address) as c:
        t0 = time.monotonic()
        while c.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks)):
            assert time.monotonic() - t0 < 10, "tasks still on the scheduler"
            time.sleep(0.1)


def test_dask_without_workers_fails_in_time_and_writes_nothing(tmp_path, monkeypatch):
    from distributed import LocalCluster

    monkeypatch.setenv("GVC_DASK_TIMEOUT", "1")
    with LocalCluster(n_workers=0, processes=False, dashboard_address=None) as c:
        with pytest.raises(GvcError, match=r"no Dask worker connected within 1 s.*dask worker"):
            _run(tmp_path / "ds", c.scheduler_address)
    assert not (tmp_path / "ds").exists()


@pytest.mark.parametrize(
    "address, needle",
    [
        ("localhost", "'localhost': no port"),
        ("tcp://127.0.0.1:99999", "a bad port"),
        ("http://127.0.0.1:8786", "unknown protocol 'http'"),
        ("tcp://127.0.0.1:1", "cannot connect (Connection refused)"),
    ],
)
def test_bad_or_closed_scheduler_address_is_one_line_at_once(tmp_path, monkeypatch, address,
                                                             needle):  # fmt: skip
    """Checked before any data are read: no stub --out folder, no 30 s wait, no traceback."""
    monkeypatch.setenv("GVC_DATA_DIR", str(tmp_path / "data"))
    out = tmp_path / "ds"
    t0 = time.monotonic()
    res = cli("io", "decompose", "--source", "wiod2013", "--years", "2000", "--scheduler",
              address, "--out", str(out))  # fmt: skip
    assert res.exit_code == 2, (res.output, res.exception)
    assert res.stderr.startswith("error: --scheduler") and needle in res.stderr, res.stderr
    assert res.stderr.count("\n") == 1
    assert time.monotonic() - t0 < 10
    assert not out.exists()


def test_bad_dask_timeout_setting(tmp_path, monkeypatch):
    monkeypatch.setenv("GVC_DASK_TIMEOUT", "soon")
    with pytest.raises(GvcError, match="GVC_DASK_TIMEOUT='soon': give a number of seconds"):
        _run(tmp_path / "ds", "tcp://127.0.0.1:1")
