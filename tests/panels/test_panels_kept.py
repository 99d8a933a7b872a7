"""A table built before is kept, not lost, when its raw files cannot be re-read (no mirror,
offline), but only while its files are intact and gvc's code for it is unchanged."""

from __future__ import annotations

import pytest

import gvc
from gvc.errors import AcquisitionError
from gvc.panels import build as build_mod


@pytest.fixture
def built_then_offline(mirror, tmp_path, monkeypatch):
    monkeypatch.setenv("GVC_DATA_DIR", str(tmp_path))
    assert gvc.build(["countries"], progress=False) == {"countries": "built"}
    monkeypatch.delenv("GVC_MIRROR")

    def offline(f, dest):
        raise AcquisitionError(f"{f.key}: offline (test)")

    monkeypatch.setattr("gvc.sources.acquire._download", offline)
    return tmp_path


def test_intact_table_is_kept_and_loads(built_then_offline):
    before = gvc.load("countries")
    assert gvc.build(["countries"], progress=False) == {"countries": build_mod.KEPT}
    assert gvc.load("countries").equals(before)


def test_damaged_table_is_not_kept(built_then_offline):
    p = built_then_offline / "processed" / "countries.parquet"
    p.write_bytes(p.read_bytes()[:-10])
    with pytest.raises(AcquisitionError, match="offline"):
        gvc.build(["countries"], progress=False)


def test_changed_code_is_not_kept(built_then_offline, monkeypatch):
    monkeypatch.setattr(build_mod, "code_fingerprint", lambda subpackages=(): "changed")
    with pytest.raises(AcquisitionError, match="offline"):
        gvc.build(["countries"], progress=False)


def test_force_never_keeps(built_then_offline):
    with pytest.raises(AcquisitionError):
        gvc.build(["countries"], progress=False, force=True)
