"""Fixtures shared by the source-reader tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def empty_data_dir(tmp_path, monkeypatch):
    """A fresh data directory under ``tmp_path``; after the test, nothing may have been written
    under its ``processed/`` (a damaged raw file must leave no half-built output)."""
    monkeypatch.setenv("GVC_DATA_DIR", str(tmp_path / "data"))
    yield tmp_path
    processed = tmp_path / "data" / "processed"
    assert not processed.exists() or not any(processed.rglob("*"))
