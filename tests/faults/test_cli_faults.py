"""CLI faults: settings, arguments, OS errors and corrupt processed files end in one line and
exit code 2 (traceback only with --debug), and never change processed data."""

from __future__ import annotations

import errno
import json
import os

import pytest

from .conftest import cli, fails_cleanly, hashes, leftovers, run_gvc


def test_empty_data_dir_is_an_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GVC_DATA_DIR", "")
    fails_cleanly("build", "wdi", needles=("GVC_DATA_DIR", "empty"))
    assert list(tmp_path.iterdir()) == []  # nothing written into the working directory


def test_data_dir_is_a_file(tmp_path, monkeypatch):
    f = tmp_path / "afile"
    f.write_text("x")
    monkeypatch.setenv("GVC_DATA_DIR", str(f))
    fails_cleanly("build", "wdi", needles=(str(f), "not a directory"))
    assert f.read_text() == "x"


def test_mirror_is_a_file(tmp_path, monkeypatch):
    f = tmp_path / "mirror.txt"
    f.write_text("x")
    monkeypatch.setenv("GVC_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("GVC_MIRROR", str(f))
    fails_cleanly("data", "status", needles=("GVC_MIRROR", "not a directory"))


@pytest.mark.parametrize(
    "spec, needle",
    [
        ("2011-1995", "backwards"),
        ("1995-9999999999", "covers 1995-2011"),
        ("1990-2000", "covers 1995-2011"),
        ("2000,2050", "[2050]"),
        ("abc", "range like 1995-2011"),
    ],
)
def test_bad_year_ranges_fail_before_work(spec, needle, tmp_path, monkeypatch):
    monkeypatch.setenv("GVC_DATA_DIR", str(tmp_path / "data"))
    fails_cleanly("io", "decompose", "--source", "wiod2013", "--years", spec, needles=(needle,))
    assert not (tmp_path / "data").exists()  # nothing was located or built


def test_unwritable_out_fails_before_work(tmp_path, monkeypatch):
    """--out under a file: an error before WIOD is even located (no data directory needed)."""
    monkeypatch.setenv("GVC_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("GVC_MIRROR", str(tmp_path / "no-mirror"))
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    out = str(blocker / "out.csv")
    fails_cleanly(
        "io", "decompose", "--source", "wiod2013", "--years", "2011", "--out", out,
        needles=(str(blocker), "not a directory"),
    )  # fmt: skip
    assert not (tmp_path / "data").exists()


def test_unwritable_out_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("GVC_DATA_DIR", str(tmp_path / "data"))
    z = tmp_path / "Z.csv"
    fd = tmp_path / "F.csv"
    z.write_text("row,AAA_1,BBB_1\nAAA_1,1,2\nBBB_1,3,1\n")
    fd.write_text("row,AAA,BBB\nAAA_1,5,1\nBBB_1,1,6\n")
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a directory is needed")
    out = blocker / "sub" / "out.csv"
    err = fails_cleanly(
        "io", "decompose", "--z", str(z), "--final", str(fd), "--out", str(out),
        needles=(str(blocker), "not a directory"),
    )  # fmt: skip
    assert "\n" not in err


def test_corrupt_parquet_names_file(built):
    (built / "processed" / "wdi.parquet").write_bytes(b"PAR1 this is not parquet")
    import gvc
    from gvc.errors import DataError

    with pytest.raises(DataError, match=r"wdi\.parquet.*gvc build wdi"):
        gvc.load("wdi")


@pytest.mark.parametrize("text", ["", '{"tables": {"wdi": ', "[]", '{"tables": {"wdi": 3}}'])
def test_corrupt_manifest_is_rebuilt(built, text):
    m = built / "processed" / "MANIFEST.json"
    good = json.loads(m.read_text())
    m.write_text(text)
    res = cli("build", "wdi", "robots", "patents")
    assert res.exit_code == 0, res.output
    rebuilt = json.loads(m.read_text())
    assert set(rebuilt["tables"]) == set(good["tables"])
    # the same inputs and code give the same outputs: the manifest is as before
    assert rebuilt == good
    assert not leftovers(built)


def test_manifest_recovery_without_build(built):
    """Readers other than build (reproduce's provenance) get the tables present."""
    from gvc.panels.store import read_manifest

    (built / "processed" / "MANIFEST.json").write_text("{")
    tables = read_manifest()["tables"]
    assert set(tables) == {"wdi", "robots", "patents"}
    assert all(t["outputs"] and not t["inputs"] for t in tables.values())


@pytest.mark.parametrize(
    "err, needle",
    [
        (errno.EACCES, "permission denied"),
        (errno.EROFS, "read-only"),
        (errno.ENOTDIR, "not a directory"),
    ],
)
def test_unwritable_processed_dir(built, monkeypatch, err, needle):
    """The OS refuses to create the temporary file (tests run as root, so chmod cannot)."""
    import tempfile

    def refuse(*a, dir=None, **k):
        raise OSError(err, os.strerror(err), str(dir))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    e = fails_cleanly("build", "--force", "wdi", needles=(needle,), data_dir=built)
    assert str(built / "processed") in e


def test_os_error_is_one_line_and_debug_shows_traceback(built, monkeypatch):
    """A full disk during the write: one line, exit 2, processed data intact, no temp file."""
    import pyarrow.parquet as pq

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device", str(a[1]))

    monkeypatch.setattr(pq, "write_table", full)
    err = fails_cleanly("build", "--force", "wdi", needles=("no space left",), data_dir=built)
    assert ".tmp" in err  # names the file it was writing
    res = cli("--debug", "build", "--force", "wdi")
    assert isinstance(res.exception, OSError)  # re-raised for the traceback


def test_real_process_no_traceback(tmp_path):
    r = run_gvc("build", "wdi", env={"GVC_DATA_DIR": ""})
    assert r.returncode == 2
    assert r.stderr.startswith("error: ") and "Traceback" not in r.stderr
    assert r.stderr.count("\n") == 1
    r = run_gvc("--debug", "build", "wdi", env={"GVC_DATA_DIR": ""})
    assert r.returncode != 0 and "Traceback" in r.stderr


def test_hashes_helper_sees_changes(built):
    """The hash comparison used throughout this suite can fail."""
    before = hashes(built / "processed")
    (built / "processed" / "robots.parquet").write_bytes(b"x")
    assert hashes(built / "processed") != before


def test_duplicate_icio_labels_are_named(tmp_path, monkeypatch):
    monkeypatch.setenv("GVC_DATA_DIR", str(tmp_path / "data"))
    z = tmp_path / "Z.csv"
    fd = tmp_path / "F.csv"
    z.write_text("row,AAA_1,AAA_1\nAAA_1,1,2\nAAA_1,3,1\n")
    fd.write_text("row,AAA\nAAA_1,5\nAAA_1,1\n")
    fails_cleanly(
        "io", "decompose", "--z", str(z), "--final", str(fd), needles=("Z.csv", "'AAA_1'", "rows 2 and 3")
    )  # fmt: skip
    z.write_text("row,AAA_1,AAA_1\nAAA_1,1,2\nBBB_1,3,1\n")
    fd.write_text("row,AAA,BBB\nAAA_1,5,1\nBBB_1,1,6\n")
    fails_cleanly("io", "decompose", "--z", str(z), "--final", str(fd), needles=("Z.csv", "AAA_1"))
