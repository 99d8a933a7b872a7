"""Where gvc keeps its data, from any working directory (gvc.config), and quiet progress."""

from __future__ import annotations

from pathlib import Path

import pytest

from gvc import config
from gvc.errors import GvcError
from gvc.progress import quiet, track

REPO = Path(__file__).resolve().parents[1]


def test_a_notebook_in_the_checkout_uses_the_project_data(monkeypatch):
    monkeypatch.delenv("GVC_DATA_DIR", raising=False)
    monkeypatch.delenv("GVC_REPORTS_DIR", raising=False)
    monkeypatch.chdir(REPO / "notebooks")
    root = config.data_root()
    assert root.path == REPO / "data"
    assert "checkout" in root.reason
    assert config.processed_dir() == REPO / "data" / "processed"
    assert config.reports_dir() == REPO / "reports"


def test_explicit_setting_wins(monkeypatch, tmp_path):
    monkeypatch.setenv("GVC_DATA_DIR", str(tmp_path))
    monkeypatch.chdir(REPO / "notebooks")
    assert config.data_root().path == tmp_path.resolve()
    assert config.data_root().reason == "GVC_DATA_DIR is set"


def test_empty_or_file_setting_is_an_error(monkeypatch, tmp_path):
    monkeypatch.setenv("GVC_DATA_DIR", "")
    with pytest.raises(GvcError, match="GVC_DATA_DIR is set but empty"):
        config.data_dir()
    f = tmp_path / "afile"
    f.write_text("x")
    monkeypatch.setenv("GVC_DATA_DIR", str(f))
    with pytest.raises(GvcError, match="is not a directory"):
        config.data_dir()


def test_outside_any_checkout_the_package_home_is_used(monkeypatch, tmp_path):
    monkeypatch.delenv("GVC_DATA_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    assert config.find_checkout() is None
    root = config.data_root()
    assert root.path == REPO / "data" and root.reason.startswith("checkout holding")


def test_describe_names_every_setting(monkeypatch, tmp_path):
    monkeypatch.setenv("GVC_DATA_DIR", str(tmp_path))
    rows = {k: (v, why) for k, v, why in config.describe()}
    assert rows["data directory"] == (str(tmp_path.resolve()), "GVC_DATA_DIR is set")
    assert {"raw files", "processed tables", "mirror", "reports"} <= set(rows)


def test_quiet_silences_nested_progress(monkeypatch, capsys):
    monkeypatch.delenv("GVC_NO_PROGRESS", raising=False)
    with quiet():
        assert list(track([1, 2], "outer")) == [1, 2]
        assert list(track(["a"], "inner")) == ["a"]
    assert capsys.readouterr().err == ""
    list(track([1], "loud"))  # not a terminal: one plain line per item
    assert "loud [1/1] 1" in capsys.readouterr().err
