"""Registry entries of the large input-output tables: public URLs, unpinned (checksum recorded at
first download), and not fetched by a bare `gvc data fetch`."""

from __future__ import annotations

from click.testing import CliRunner

from gvc.cli import main
from gvc.sources.registry import SOURCES


def test_icio_sources_are_unpinned_with_public_urls():
    for sid in ("oecd-icio", "wiod2016", "adb-mrio"):
        src = SOURCES[sid]
        assert not src.pinned and src.on_demand and src.files
        assert all(f.sha256 is None for f in src.files)
    assert all(f.url.startswith("https://stats.oecd.org/") for f in SOURCES["oecd-icio"].files)
    assert [f.name for f in SOURCES["oecd-icio"].files][-1] == "ICIO2023_2016-2020.zip"
    assert SOURCES["wiod2016"].files[0].url.endswith("wiot_r_Nov16.zip")
    assert "kidb.adb.org" in SOURCES["adb-mrio"].how_to_get


def test_bare_fetch_skips_on_demand_sources(monkeypatch, tmp_path):
    asked = []

    from gvc.errors import GvcError

    def locate(f, mirror=None):
        asked.append(f.source)
        raise GvcError("missing")

    monkeypatch.setattr("gvc.sources.acquire.locate", locate)
    monkeypatch.setenv("GVC_DATA_DIR", str(tmp_path))
    CliRunner().invoke(main, ["data", "fetch"])
    assert asked and not {"oecd-icio", "wiod2016", "adb-mrio"} & set(asked)
    asked.clear()
    CliRunner().invoke(main, ["data", "fetch", "wiod2016"])
    assert asked == ["wiod2016"]
