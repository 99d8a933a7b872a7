"""A table built before is kept, not lost, when its raw files cannot be re-read (no mirror,
offline), while its files are intact; built by earlier code, it is kept with a warning, except
for `gvc reproduce`."""

from __future__ import annotations

import pytest

import gvc
from gvc.errors import AcquisitionError
from gvc.panels import build_table as build_mod


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


def test_changed_code_is_kept_with_a_warning_but_not_for_reproduce(built_then_offline, monkeypatch):
    before = gvc.load("countries")
    monkeypatch.setattr(build_mod, "code_fingerprint", lambda subpackages=(): "changed")
    with pytest.warns(UserWarning, match="countries: kept from an earlier version"):
        assert gvc.build(["countries"], progress=False) == {"countries": build_mod.STALE}
    assert gvc.load("countries").equals(before)
    # results of `gvc reproduce` must come from the current code: there it is unavailable
    runner = __import__("gvc.panels.registry", fromlist=["ALL_TABLES"]).ALL_TABLES["countries"]
    with pytest.raises(AcquisitionError, match="offline"):
        build_mod.build_or_keep("countries", runner, stale_ok=False)


def test_force_never_keeps(built_then_offline):
    with pytest.raises(AcquisitionError):
        gvc.build(["countries"], progress=False, force=True)


def test_build_says_why_a_table_was_rebuilt(mirror, tmp_path, monkeypatch):
    """`gvc build` prints why each table was built: new, an input changed, an output changed
    since it was built; nothing beside `current`."""
    from click.testing import CliRunner

    from gvc.cli import main
    from gvc.panels import store

    monkeypatch.setenv("GVC_DATA_DIR", str(tmp_path))
    run = lambda: CliRunner().invoke(main, ["build", "countries"])  # noqa: E731
    first = run()
    assert first.exit_code == 0 and "built    countries  (new)" in first.stdout, first.output
    again = run()
    assert again.stdout.split() == ["current", "countries"], again.output
    out = tmp_path / "processed" / "countries.parquet"
    out.write_bytes(out.read_bytes() + b"x")  # damaged after it was built
    third = run()
    assert "(output changed since it was built: countries.parquet)" in third.stdout, third.output
    manifest = store.read_manifest()
    manifest["tables"]["countries"]["inputs"][0]["sha256"] = "0" * 64
    store.write_manifest(manifest)
    fourth = run()
    assert "(input changed: " in fourth.stdout, fourth.output
