"""Fault injection: caches keyed by content (issue 24, item 3).

A stale ICIO cache (the 2010 file copied over 2011), a cache written by an older gvc (no
content key in its Parquet metadata) and a raw file replaced after the cache was built must end
in the right 2011 table or one clear error line, through the library and the CLI. The right
table is checked against an independent read of the raw file (``gvc.read_icio`` on
``wiot_2011.RData``, which never touches the cache). Processed tables copied over one another
are caught by ``gvc.load``.
"""

from __future__ import annotations

import json
import shutil
import warnings

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from .conftest import cli, fails_cleanly, hashes, leftovers

CACHE = "processed/icio/wiod2013/wiod2013_{}.parquet"


@pytest.fixture(scope="module")
def icio_built(tmp_path_factory, mirror):
    """A data directory with only ``icio_wiod2013`` built from the mirror (once per module)."""
    from gvc.config import using_data_dir
    from gvc.panels.build import build

    d = tmp_path_factory.mktemp("icio")
    with using_data_dir(d):
        assert build(["icio_wiod2013", "countries", "patents"], progress=False) == dict.fromkeys(
            ["icio_wiod2013", "countries", "patents"], "built"
        )
    return d


@pytest.fixture
def data(icio_built, tmp_path, monkeypatch, mirror):
    """A private copy of the built data directory, with the mirror set."""
    d = tmp_path / "data"
    shutil.copytree(icio_built, d)
    monkeypatch.setenv("GVC_DATA_DIR", str(d))
    monkeypatch.setenv("GVC_MIRROR", str(mirror))
    return d


def _stale_copy(d):
    shutil.copyfile(d / CACHE.format(2010), d / CACHE.format(2011))


def _raw_2011(mirror):
    import gvc

    return gvc.read_icio(mirror / "wiod2013" / "wiot_2011.RData", negative_va="ignore")


def _only_warning(caught, *needles) -> str:
    texts = [str(w.message) for w in caught]
    assert len(texts) == 1, texts
    assert "\n" not in texts[0]
    for n in needles:
        assert n in texts[0], (n, texts[0])
    return texts[0]


def test_stale_copy_is_rebuilt_from_the_raw_file(data, mirror):
    """2010 copied over 2011: gvc.icio gives the 2011 table of the raw file, says so in one
    line, and the cache file and MANIFEST.json are back to what the build wrote."""
    import gvc

    before = hashes(data / "processed")
    _stale_copy(data)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        io = gvc.icio("wiod2013", 2011)
    _only_warning(caught, "wiod2013_2011.parquet", "holds wiod2013 2010, not wiod2013 2011")
    raw = _raw_2011(mirror)
    assert io.meta["year"] == 2011
    np.testing.assert_array_equal(io.Z, raw.Z)
    np.testing.assert_array_equal(io.x, raw.x)
    assert hashes(data / "processed") == before
    assert not leftovers(data)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the rebuilt entry is current: no second warning
        gvc.icio("wiod2013", 2011)


def test_stale_copy_without_the_raw_file_is_one_line(data, monkeypatch):
    """No raw file at hand: one error line naming the cache file and `gvc build icio_wiod2013`,
    through the library and `gvc io decompose`; nothing written."""
    import gvc
    from gvc.errors import DataError

    _stale_copy(data)
    monkeypatch.setenv("GVC_MIRROR", "")
    needles = ("wiod2013_2011.parquet", "holds wiod2013 2010", "gvc build icio_wiod2013")
    with pytest.raises(DataError) as exc:
        gvc.icio("wiod2013", 2011)
    assert all(n in str(exc.value) for n in needles) and "\n" not in str(exc.value)
    out = data / "out.csv"
    fails_cleanly(
        "io", "decompose", "--source", "wiod2013", "--years", "2011", "--out", str(out),
        needles=needles, data_dir=data,
    )  # fmt: skip
    assert not out.exists()
    # the claim families read the cache file directly (gvc.claims.families.common.wiod)
    from gvc.panels.load import read_processed

    with pytest.raises(DataError, match=r"holds icio/wiod2013/wiod2013_2010\.parquet, not .*2011"):
        read_processed(data / CACHE.format(2011), "icio_wiod2013")


def test_stale_copy_through_the_cli_gives_2011(data, mirror):
    """`gvc io decompose --years 2011` over the stale copy: exit 0, one warning line, and the
    same numbers as the decomposition of the raw 2011 file."""
    import gvc

    _stale_copy(data)
    out = data / "out.csv"
    res = cli("io", "decompose", "--source", "wiod2013", "--years", "2011", "--out", str(out))
    assert res.exit_code == 0, (res.output, res.exception)
    warned = [ln for ln in res.stderr.splitlines() if ln.startswith("warning: ")]
    assert len(warned) == 1 and "holds wiod2013 2010" in warned[0], res.stderr
    got = pd.read_csv(out)
    assert set(got["year"]) == {2011}
    want = gvc.decompose(_raw_2011(mirror))
    merged = got.merge(want, on=["exporter", "term"], suffixes=("", "_raw"))  # country level
    assert len(merged) == len(want) > 0
    np.testing.assert_allclose(merged["value"], merged["value_raw"], rtol=1e-9, atol=1e-6)


def _strip_key(p):
    """The file as an older gvc wrote it: the same table, no gvc.* metadata."""
    t = pq.read_table(p)
    meta = {k: v for k, v in t.schema.metadata.items() if not k.startswith(b"gvc.")}
    pq.write_table(t.replace_schema_metadata(meta), p, compression="zstd")


def test_cache_from_an_older_gvc_is_rebuilt_or_named(data, mirror, monkeypatch):
    """A cache file without the content key: rebuilt with one warning when the raw file is at
    hand (and keyed afterwards); one error line when it is not."""
    import gvc
    from gvc.errors import DataError

    p = data / CACHE.format(2011)
    _strip_key(p)
    monkeypatch.setenv("GVC_MIRROR", "")
    with pytest.raises(DataError, match=r"wiod2013_2011\.parquet has no content key .*gvc build"):
        gvc.icio("wiod2013", 2011)
    monkeypatch.setenv("GVC_MIRROR", str(mirror))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        io = gvc.icio("wiod2013", 2011)
    _only_warning(caught, "no content key", "wiot_2011.RData")
    np.testing.assert_array_equal(io.Z, _raw_2011(mirror).Z)
    key = {k: v for k, v in pq.read_schema(p).metadata.items() if k.startswith(b"gvc.")}
    assert key[b"gvc.year"] == b"2011" and key[b"gvc.raw_file"] == b"wiod2013/wiot_2011.RData"


def test_raw_file_replaced_after_the_build_is_noticed(data, mirror):
    """A different wiot_2011.RData placed in data/raw after the cache was built: the cache is
    not served as if nothing happened; the error names the raw file (library and CLI)."""
    import gvc
    from gvc.errors import DataError

    raw = data / "raw" / "wiod2013" / "wiot_2011.RData"
    raw.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(mirror / "wiod2013" / "wiot_2010.RData", raw)
    with pytest.raises(DataError) as exc:
        gvc.icio("wiod2013", 2011)
    assert str(raw) in str(exc.value) and "\n" not in str(exc.value)
    fails_cleanly(
        "io", "decompose", "--source", "wiod2013", "--years", "2011",
        "--out", str(data / "out.csv"), needles=[str(raw)], data_dir=data,
    )  # fmt: skip


def test_cache_metadata_is_deterministic(data):
    """The content key holds the year, the raw file's name and SHA-256: no time, no path."""
    from gvc.sources.acquire import sha256_of

    key = {
        k.decode(): v.decode()
        for k, v in pq.read_schema(data / CACHE.format(2003)).metadata.items()
        if k.startswith(b"gvc.")
    }
    mirror_raw = sha256_of(__import__("os").environ["GVC_MIRROR"] + "/wiod2013/wiot_2003.RData")
    assert key == {
        "gvc.file": "icio/wiod2013/wiod2013_2003.parquet",
        "gvc.raw_file": "wiod2013/wiot_2003.RData",
        "gvc.raw_sha256": mirror_raw,
        "gvc.source": "wiod2013",
        "gvc.year": "2003",
    }


def test_processed_table_copied_over_another_is_named(data):
    """gvc.load of a table another table was copied over (or that changed since its build) is
    one line naming the file and the build to run; the intact table still loads."""
    import gvc
    from gvc.errors import DataError

    p = data / "processed"
    manifest = json.loads((p / "MANIFEST.json").read_text())
    assert {o["file"] for o in manifest["tables"]["patents"]["outputs"]} == {"patents.parquet"}
    n = len(gvc.load("countries"))
    shutil.copyfile(p / "patents.parquet", p / "countries.parquet")
    with pytest.raises(DataError) as exc:
        gvc.load("countries")
    msg = str(exc.value)
    assert "countries.parquet holds patents.parquet" in msg and "gvc build countries" in msg
    assert "\n" not in msg
    assert len(gvc.load("patents")) > 0
    assert cli("build", "countries").exit_code == 0  # the remedy the message names works
    assert len(gvc.load("countries")) == n


def test_processed_table_changed_by_an_older_gvc_is_named(data):
    """A table rewritten without gvc's footer key (as an older gvc, or another tool, would)
    and holding other rows than its build wrote: caught by the SHA-256 in MANIFEST.json."""
    import gvc
    from gvc.errors import DataError

    p = data / "processed" / "patents.parquet"
    t = pq.read_table(p)
    meta = {k: v for k, v in t.schema.metadata.items() if not k.startswith(b"gvc.")}
    pq.write_table(t.slice(1).replace_schema_metadata(meta), p)
    with pytest.raises(DataError, match=r"patents\.parquet is not the file `gvc build` wrote"):
        gvc.load("patents", year=2000)
