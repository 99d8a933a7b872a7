"""``gvc.batch``: years in parallel (joblib, Dask) into a resumable, deterministic Parquet dataset.

Checked against the serial run (byte for byte) and against ``gvc.io.decompose`` called directly
on ``gvc.icio`` (an independent path that writes no file), on two real WIOD 2013 years.
"""

from __future__ import annotations

import os
import shutil

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from gvc.batch import SPEC_FILE, decompose_year, decompose_years, year_path
from gvc.errors import GvcError

YEARS = [1995, 1996]
SRC = "wiod2013"
OPTS = {"perspective": "exporter", "approach": "source"}  # the CLI's defaults, spelt out


@pytest.fixture(scope="module", autouse=True)
def _mirror():
    if not os.environ.get("GVC_MIRROR"):
        pytest.fail("GVC_MIRROR is not set: point it at the data mirror to run these tests")


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    """The serial run of two WIOD years (BM, country level)."""
    out = tmp_path_factory.mktemp("serial") / "ds"
    res = decompose_years(SRC, YEARS, "bm", "country", out=out, jobs=1, options=OPTS)
    assert res.computed == YEARS and res.skipped == [] and res.engine == "serial"
    return out


def _bytes(out, year):
    return year_path(out, SRC, year).read_bytes()


def test_serial_dataset_equals_direct_decompose(serial):
    import gvc
    from gvc.io import decompose

    ds = pd.read_parquet(serial)
    assert sorted(ds["year"].astype(int).unique()) == YEARS
    assert set(ds["source"].astype(str)) == {SRC}
    for y in YEARS:
        direct = decompose(gvc.icio(SRC, y), "bm", "country", **OPTS)
        got = ds[ds["year"].astype(int) == y]
        key = ["exporter", "term"]
        a = direct.astype({k: str for k in key}).sort_values(key).reset_index(drop=True)
        b = got.astype({k: str for k in key}).sort_values(key).reset_index(drop=True)
        assert len(a) == len(b) > 0
        assert (a[key] == b[key]).all().all()
        np.testing.assert_array_equal(a["value"].to_numpy(), b["value"].to_numpy())
        # identity: DVA + FVA + DDC + FDC... BM gross exports split: GEXP = DC + FC
        w = b.pivot(index="exporter", columns="term", values="value")
        np.testing.assert_allclose(w["GEXP"], w["DC"] + w["FC"], rtol=1e-10)


def test_joblib_two_jobs_equals_serial_bytes(serial, tmp_path):
    res = decompose_years(SRC, YEARS, "bm", "country", out=tmp_path / "ds", jobs=2, options=OPTS)
    assert res.computed == YEARS
    assert "joblib" in res.engine and "x 1 BLAS threads" in res.engine  # 2 jobs on 2 cores
    for y in YEARS:
        assert _bytes(tmp_path / "ds", y) == _bytes(serial, y)


def test_dask_local_cluster_equals_serial_bytes(serial, tmp_path):
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster:
        lines = []
        res = decompose_years(
            SRC, YEARS, "bm", "country", out=tmp_path / "ds",
            scheduler=cluster.scheduler_address, report=lines.append, options=OPTS,
        )  # fmt: skip
    assert res.computed == YEARS and res.engine.startswith("dask distributed")
    assert "1 workers, 2 task threads" in res.engine
    for y in YEARS:
        assert _bytes(tmp_path / "ds", y) == _bytes(serial, y)


def test_resume_skips_finished_years_and_cleans_killed_writes(serial, tmp_path):
    out = tmp_path / "ds"
    shutil.copytree(serial, out)
    done = year_path(out, SRC, 1995)
    before = done.stat().st_mtime_ns
    year_path(out, SRC, 1996).unlink()  # as if the run was killed while writing 1996
    stale = year_path(out, SRC, 1996).parent / ".part-0.parquet.abc123.tmp"
    stale.write_bytes(b"half a file")
    calls, lines = [], []

    def counting(source, year, *rest):
        calls.append(year)
        return decompose_year(source, year, *rest)

    res = decompose_years(
        SRC,
        YEARS,
        "bm",
        "country",
        out=out,
        jobs=1,
        task=counting,
        report=lines.append,
        options=OPTS,
    )
    assert calls == [1996] and res.computed == [1996] and res.skipped == [1995]
    assert done.stat().st_mtime_ns == before
    assert not stale.exists()
    assert any("1995: already in" in m and "not recomputed" in m for m in lines)
    assert _bytes(out, 1996) == _bytes(serial, 1996)
    calls.clear()  # everything present: nothing is computed
    res = decompose_years(SRC, YEARS, "bm", "country", out=out, task=counting, options=OPTS)
    assert calls == [] and res.skipped == YEARS


def test_other_specification_refused_before_any_work(serial, tmp_path):
    out = tmp_path / "ds"
    shutil.copytree(serial, out)
    with pytest.raises(GvcError, match="one dataset has one specification"):
        decompose_years(SRC, [1997], "bm", "sector", out=out, options=OPTS)
    assert not year_path(out, SRC, 1997).parent.exists()
    assert (out / SPEC_FILE).exists()


def test_cli_jobs_resumes_and_says_so(serial, tmp_path):
    from gvc.cli import main

    out = tmp_path / "ds"
    shutil.copytree(serial, out)
    year_path(out, SRC, 1996).unlink()
    args = ["io", "decompose", "--source", SRC, "--years", "1995-1996", "--jobs", "2"]
    res = CliRunner().invoke(main, [*args, "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "1 years computed, 1 already present (not recomputed)" in res.output
    assert _bytes(out, 1996) == _bytes(serial, 1996)
    res = CliRunner().invoke(main, args)  # no --out: a clear one-line error
    assert res.exit_code == 2 and "--out DIR" in res.output


def test_cli_scheduler_runs_on_a_dask_cluster(serial, tmp_path):
    from distributed import LocalCluster

    from gvc.cli import main

    out = tmp_path / "ds"
    shutil.copytree(serial, out)
    year_path(out, SRC, 1995).unlink()
    with LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        args = ["io", "decompose", "--source", SRC, "--years", "1995,1996"]
        res = CliRunner().invoke(
            main, [*args, "--scheduler", cluster.scheduler_address, "--out", str(out)]
        )
    assert res.exit_code == 0, res.output
    assert "engine dask distributed" in res.output and "1 already present" in res.output
    assert _bytes(out, 1995) == _bytes(serial, 1995)


def _warning_task(source, year, *rest):
    """A year task whose frame carries a warning (module level: picklable for joblib)."""
    df = decompose_year(source, year, *rest)
    df.attrs["gvc_warnings"] = [f"test warning {year}"]
    return df


def test_worker_warnings_reach_the_report_and_not_the_file(serial, tmp_path):
    lines = []
    out = tmp_path / "ds"
    res = decompose_years(
        SRC, YEARS, "bm", "country", out=out, jobs=2, task=_warning_task,
        report=lines.append, options=OPTS,
    )  # fmt: skip
    assert res.warnings == {y: [f"test warning {y}"] for y in YEARS}
    assert f"warning: {SRC} 1995: test warning 1995" in lines
    for y in YEARS:  # the warning is not written into the partition
        assert _bytes(out, y) == _bytes(serial, y)


def test_decompose_year_records_the_warnings_it_raises(monkeypatch):
    import warnings

    from gvc import tables_io

    real = tables_io.icio

    def noisy(*args, **kwargs):
        warnings.warn("EU27: 26 of 27 members in this table", stacklevel=2)
        warnings.warn("EU27: 26 of 27 members in this table", stacklevel=2)  # once in the list
        return real(*args, **kwargs)

    monkeypatch.setattr(tables_io, "icio", noisy)
    df = decompose_year(SRC, 1995, "bm", "country", None, OPTS)
    assert df.attrs["gvc_warnings"] == ["EU27: 26 of 27 members in this table"]
