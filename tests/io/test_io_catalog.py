"""``gvc.icio(source, year, groups=...)``: the one-call loader (processed cache first, else the raw
file) and the built-in country groups."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import gvc
from gvc.errors import AcquisitionError, ValidationError
from gvc.io.groups import builtin, resolve


def test_builtin_groups():
    g = builtin()
    assert len(g["EU27"]) == 27 and "GBR" not in g["EU27"] and "HRV" in g["EU27"]
    assert set(g["EU28"]) == set(g["EU27"]) | {"GBR"}
    assert g["USMCA"] == g["NAFTA"] == ("CAN", "MEX", "USA")
    assert len(g["ASEAN"]) == 10 and "VNM" in g["ASEAN"]


def test_resolve_restricts_to_table_and_reports_missing():
    with pytest.warns(UserWarning, match="HRV"):
        groups, missing = resolve(["eu28", "X=AUS+USA"], ["DEU", "FRA", "GBR", "AUS", "USA"])
    assert groups == {"EU28": ("DEU", "FRA", "GBR"), "X": ("AUS", "USA")}
    assert "HRV" in missing["EU28"] and "GBR" not in missing["EU28"]
    with pytest.raises(ValidationError, match="unknown country group 'EU99'"):
        resolve(["EU99"], ["DEU"])
    with pytest.raises(ValidationError, match="none of its members"):
        resolve(["ASEAN"], ["DEU"])


def test_icio_bad_source_or_year():
    with pytest.raises(ValidationError, match="unknown table source 'wiod2099'"):
        gvc.icio("wiod2099", 2011)
    with pytest.raises(ValidationError, match="wiod2013 covers 1995-2011 .*not 2014"):
        gvc.icio("wiod2013", 2014)


def test_icio_wiod2013_raw_then_cache(mirror, tmp_path, monkeypatch):
    from gvc.panels import icio_cache, store
    from gvc.sources.wiod2013 import read_wiot

    monkeypatch.setenv("GVC_DATA_DIR", str(tmp_path))
    with pytest.warns(UserWarning, match="HRV"):
        raw = gvc.icio("wiod2013", 2011, groups=["EU27"])
    assert raw.meta["path"].endswith("wiot_2011.RData")
    assert raw.meta["group_members_missing"] == {"EU27": ["HRV"]}
    assert len(raw.groups["EU27"]) == 26
    w = read_wiot(raw.meta["path"])
    p = tmp_path / "processed" / icio_cache.relpath("wiod2013", 2011)
    p.parent.mkdir(parents=True)
    store.write_parquet(icio_cache.to_frame(w), p, key=["row"])
    with pytest.warns(UserWarning, match="HRV"):
        cached = gvc.icio("wiod2013", 2011, groups=["EU27"])
    assert cached.meta["path"] == str(p)
    np.testing.assert_array_equal(cached.Z, raw.Z)
    a = gvc.decompose(raw, "bm", "country", exporters=["EU27", "DEU"])
    b = gvc.decompose(cached, "bm", "country", exporters=["EU27", "DEU"])
    pd.testing.assert_frame_equal(a, b)
    # the EU27 exports only what leaves the EU: less than its members' gross exports together
    members = gvc.decompose(raw, "bm", "country", exporters=list(raw.groups["EU27"]))
    gexp = members[members.term == "GEXP"].value.sum()
    eu = a[(a.exporter == "EU27") & (a.term == "GEXP")].value.item()
    assert 0.3 * gexp < eu < 0.6 * gexp


def test_icio_registry_files_found_locally(tmp_path, monkeypatch):
    """Files placed under data/raw/<source>/ with the registry's names are found (unpinned:
    no checksum to match) and the year is picked from the multi-year OECD zip."""
    import zipfile

    from icio_layouts import make_world, oecd_frame, write_sheet

    monkeypatch.setenv("GVC_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("GVC_MIRROR", raising=False)
    raw = tmp_path / "raw"
    (raw / "oecd-icio").mkdir(parents=True)
    w17, w18 = make_world(41), make_world(42)
    with zipfile.ZipFile(raw / "oecd-icio" / "ICIO2023_2016-2020.zip", "w") as zf:
        zf.writestr("2017.csv", oecd_frame(w17, "2023").to_csv())
        zf.writestr("2018.csv", oecd_frame(w18, "2023").to_csv())
    io = gvc.icio("oecd-icio", 2018, groups=["USMCA"])
    assert io.meta["year"] == 2018 and io.splits["CHN"] == ("CN1", "CN2")
    assert io.groups["USMCA"] == ("MX1", "MX2", "USA")  # MEX stands for its parts
    assert io.x.sum() == pytest.approx(w18.x.sum())
    (raw / "adb-mrio").mkdir()
    w = make_world(43, ("x1", "x2", "x3"), K=5, splits=False)
    write_sheet(raw / "adb-mrio" / "ADB-MRIO-2019.xlsx", w, "adb-mrio")
    adb = gvc.icio("adb-mrio", 2019)
    assert adb.meta["source"] == "adb-mrio" and adb.countries[1] == "CHN"
    with pytest.raises(AcquisitionError, match="kidb.adb.org"):
        gvc.icio("adb-mrio", 2020)  # not supplied, no public download address


def test_unpinned_checksum_recorded_at_first_use(tmp_path, monkeypatch):
    import hashlib
    import json

    from icio_layouts import make_world, write_sheet

    monkeypatch.setenv("GVC_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("GVC_MIRROR", raising=False)
    (tmp_path / "raw" / "adb-mrio").mkdir(parents=True)
    f = tmp_path / "raw" / "adb-mrio" / "ADB-MRIO-2019.xlsx"
    write_sheet(f, make_world(44, ("x1", "x2", "x3"), K=5, splits=False), "adb-mrio")
    sha = hashlib.sha256(f.read_bytes()).hexdigest()
    io = gvc.icio("adb-mrio", 2019)
    rec = tmp_path / "processed" / "icio" / "CHECKSUMS.json"
    assert json.loads(rec.read_text()) == {"adb-mrio/ADB-MRIO-2019.xlsx": sha}
    assert io.meta["sha256"] == sha
    write_sheet(f, make_world(45, ("x1", "x2", "x3"), K=5, splits=False), "adb-mrio")
    with pytest.warns(UserWarning, match="differs from the one recorded at first use"):
        gvc.icio("adb-mrio", 2019)
    assert json.loads(rec.read_text())["adb-mrio/ADB-MRIO-2019.xlsx"] != sha


def test_group_warning_points_at_the_users_line(use_data):
    """A group member missing from the table warns at the caller's line (this file), not at
    gvc's internals (issue 21)."""
    import warnings

    import gvc

    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        gvc.icio("wiod2013", 2011, groups=["ASEAN"])  # WIOD has only IDN of ASEAN
    hits = [w for w in rec if "ASEAN" in str(w.message)]
    assert hits and all(w.filename == __file__ for w in hits), [w.filename for w in hits]
