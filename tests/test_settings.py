"""A mirror given once is remembered for the data directory (issue 21): after `gvc build` with
GVC_MIRROR set (what `make` does), plain `gvc config` and `gvc data status` without the
variable find the same mirror; `gvc config set/unset mirror` change it."""

from __future__ import annotations

from click.testing import CliRunner

from gvc.cli import main


def test_mirror_given_once_is_remembered(tmp_path, monkeypatch, mirror):
    # a checkout (pyproject.toml beside gvc/) whose own data/ is used, as `make` does
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'gvc'\n")
    (tmp_path / "gvc").mkdir()
    (tmp_path / "gvc" / "__init__.py").write_text("")
    monkeypatch.chdir(tmp_path)
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


def test_scratch_data_directories_remember_nothing(tmp_path, monkeypatch, mirror):
    """Only a checkout's own data/ remembers the mirror: a scratch GVC_DATA_DIR stays as it is."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GVC_DATA_DIR", str(tmp_path / "scratch"))
    (tmp_path / "scratch").mkdir()
    monkeypatch.setenv("GVC_MIRROR", str(mirror))
    assert CliRunner().invoke(main, ["build", "countries"]).exit_code == 0
    assert not (tmp_path / "scratch" / "settings.toml").exists()
