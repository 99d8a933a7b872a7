"""The crash at exit (issue 24, item 7): a `gvc build` sometimes exited 134 after its last line
("terminate called without an active exception").

The cause, from a core dump: ``pd.read_parquet(path)`` hands pyarrow a Python file object, so
pyarrow's reads land in Python-owned buffers; the scan's last reference to one is dropped on an
arrow thread-pool thread after the read returned, and when the interpreter is already shutting
down that thread cannot take the GIL and the process aborts (see ``gvc/parquet.py``). gvc now
reads every Parquet file through ``gvc.parquet.read_parquet``, which gives pyarrow the path.
"""

from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor

import pytest

from .conftest import REPO, run_gvc


def test_parquet_reads_give_pyarrow_a_path_not_a_python_file(use_data, monkeypatch):
    """What pyarrow is asked to read, by `gvc.load` with and without filters and by the
    no-op `gvc build` (which reads the IFR file log): a path every time."""
    import pyarrow.parquet as pq

    import gvc
    from gvc.cli import main

    real, sources = pq.read_table, []

    def spy(source, *args, **kwargs):
        sources.append(source)
        return real(source, *args, **kwargs)

    monkeypatch.setattr(pq, "read_table", spy)
    wdi = gvc.load("wdi", iso3=["DEU"], year=range(2000, 2005))
    assert set(wdi["iso3"]) == {"DEU"} and sorted(set(wdi["year"])) == list(range(2000, 2005))
    gvc.load("robots")
    main(["build"], standalone_mode=False)
    assert len(sources) >= 3
    assert all(isinstance(s, str | os.PathLike) for s in sources), [type(s) for s in sources]


def test_no_parquet_read_hands_pyarrow_a_python_file():
    """No module of gvc calls `pd.read_parquet` itself (only `gvc/parquet.py` does)."""
    calls = [
        f"{p.relative_to(REPO)}:{i}"
        for p in sorted((REPO / "gvc").rglob("*.py"))
        if p != REPO / "gvc" / "parquet.py"
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"(?<!`)\b(pd|pandas)\.read_parquet\(", line)  # not in docstrings
    ]
    assert not calls, calls


@pytest.mark.slow
def test_twenty_consecutive_noop_builds_exit_zero(built_data):
    """The issue's criterion: 20 no-op `gvc build` runs (two at a time, as the abort needed a
    busy machine) each exit 0 and print their last line; none aborts at exit."""
    env = {"GVC_DATA_DIR": str(built_data)}

    def one(_):
        return run_gvc("build", env=env, timeout=120)

    with ThreadPoolExecutor(2) as pool:
        runs = list(pool.map(one, range(20)))
    for r in runs:
        assert "terminate called" not in r.stderr, r.stderr
        assert r.returncode == 0, (r.returncode, r.stderr[-500:])
        lines = r.stdout.splitlines()
        assert lines and all(line.startswith("current") for line in lines), r.stdout
    assert not list((built_data / "processed").glob(".*.lock"))  # and no lock file left
