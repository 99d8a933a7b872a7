"""A mirror given once is remembered for the data directory (issue 21): after `gvc build` with
GVC_MIRROR set (what `make` does), plain `gvc config` and `gvc data status` without the
variable find the same mirror; `gvc config set/unset mirror` change it."""

from __future__ import annotations

from click.testing import CliRunner

from gvc.cli import main


def test_mirror_given_once_is_remembered(tmp_path, monkeypatch, mirror):
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv("GVC_DATA_DIR", str(data))
    monkeypatch.setenv("GVC_MIRROR", str(mirror))
    assert CliRunner().invoke(main, ["build", "countries"]).exit_code == 0
    monkeypatch.delenv("GVC_MIRROR")
    res = CliRunner().invoke(main, ["config"])
    line = next(ln for ln in res.output.splitlines() if ln.startswith("mirror"))
    assert str(mirror.resolve()) in line and "remembered in" in line
    status = CliRunner().invoke(main, ["data", "status"])
    assert "of 0 files" not in status.output and " 0 of " not in status.output.splitlines()[-1]
    assert CliRunner().invoke(main, ["config", "unset", "mirror"]).exit_code == 0
    res = CliRunner().invoke(main, ["config"])
    assert "mirror            (none)" in res.output
    assert CliRunner().invoke(main, ["config", "set", "mirror", str(mirror)]).exit_code == 0
    assert str(mirror.resolve()) in CliRunner().invoke(main, ["config"]).output


def test_bad_mirror_setting_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("GVC_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("GVC_MIRROR", raising=False)
    res = CliRunner().invoke(main, ["config", "set", "mirror", str(tmp_path / "nope")])
    assert res.exit_code == 2 and "is not a directory" in res.output
