"""Bad input: each case gives a clear error naming the file and the row or column, the command
exits non-zero, and every previously built processed file stays byte-for-byte intact."""

from __future__ import annotations

import hashlib
import shutil

import pytest
from click.testing import CliRunner

from gvc.cli import main
from gvc.errors import AcquisitionError, DataError

WDI_YOUTH = "API_SL.UEM.1524.ZS_DS2_en_csv_v2_6300644.csv"


def _hashes(d):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(d.rglob("*.*"))}


@pytest.fixture
def data_dir(tmp_path, monkeypatch, mirror):
    """A data dir with wdi and robots already built from the real mirror."""
    monkeypatch.setenv("GVC_DATA_DIR", str(tmp_path))
    res = CliRunner().invoke(main, ["build", "wdi", "robots"])
    assert res.exit_code == 0, res.output
    return tmp_path


def _local_copy(data_dir, mirror, source, name):
    dst = data_dir / "raw" / source / name
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(mirror / source / name, dst)
    return dst


def _fails_cleanly(data_dir, table, *needles):
    before = _hashes(data_dir / "processed")
    res = CliRunner().invoke(main, ["build", table])
    assert res.exit_code == 2, res.output
    for n in needles:
        assert n in res.output, res.output
    assert _hashes(data_dir / "processed") == before
    return res.output


def test_truncated_csv(data_dir, mirror, monkeypatch):
    monkeypatch.setenv("GVC_ACCEPT_NEW_VINTAGE", "1")  # reach the parser past the checksum
    p = _local_copy(data_dir, mirror, "wdi", WDI_YOUTH)
    text = p.read_text(encoding="utf-8-sig")
    p.write_text(text[: len(text) // 2], encoding="utf-8")
    _fails_cleanly(data_dir, "wdi", WDI_YOUTH, "truncated")


def test_checksum_mismatch_on_pinned_source(data_dir, mirror):
    p = _local_copy(data_dir, mirror, "jara", "comtrade_847950.csv")
    p.write_bytes(p.read_bytes().replace(b"Japan", b"Jpan", 1))
    _fails_cleanly(data_dir, "robots", "comtrade_847950.csv", "checksum mismatch")


def test_renamed_column(data_dir, mirror, monkeypatch):
    monkeypatch.setenv("GVC_ACCEPT_NEW_VINTAGE", "1")  # reach the parser past the checksum
    p = _local_copy(data_dir, mirror, "wdi", WDI_YOUTH)
    p.write_text(p.read_text(encoding="utf-8-sig").replace('"Country Code"', '"Country Cd"', 1))
    _fails_cleanly(data_dir, "wdi", WDI_YOUTH, "Country Code")


def test_wrong_header_layout(data_dir, mirror, monkeypatch):
    monkeypatch.setenv("GVC_ACCEPT_NEW_VINTAGE", "1")  # reach the parser past the checksum
    p = _local_copy(data_dir, mirror, "wdi", WDI_YOUTH)
    p.write_text("junk\n" * 7 + p.read_text(encoding="utf-8-sig"))
    _fails_cleanly(data_dir, "wdi", WDI_YOUTH, "header")


def test_non_numeric_value(data_dir, mirror, monkeypatch):
    monkeypatch.setenv("GVC_ACCEPT_NEW_VINTAGE", "1")  # reach the parser past the checksum
    p = _local_copy(data_dir, mirror, "wdi", WDI_YOUTH)
    lines = p.read_text(encoding="utf-8-sig").splitlines()
    i = next(i for i, ln in enumerate(lines) if ln.startswith('"Indonesia"'))
    cells = lines[i].split('","')
    cells[-3] = "n/a"
    lines[i] = '","'.join(cells)
    p.write_text("\n".join(lines) + "\n")
    _fails_cleanly(data_dir, "wdi", WDI_YOUTH, "'n/a'", "IDN")


IFR_OK = (
    "country,industry,year,installations,operational_stock\n"
    "Germany,D,2019,20473,221547\nJapan,D,2019,49908,354878\n"
)


def _ifr_build(data_dir, text, exit_code=0):
    d = data_dir / "raw" / "ifr"
    d.mkdir(parents=True, exist_ok=True)
    (d / "wr2020.csv").write_text(text)
    before = _hashes(data_dir / "processed")
    res = CliRunner().invoke(main, ["build", "robots", "robots_by_industry", "ifr_files"])
    assert res.exit_code == exit_code, res.output
    import gvc

    after = _hashes(data_dir / "processed")
    assert after["robots.parquet"] == before["robots.parquet"]  # robots no longer reads IFR
    return gvc.load("robots_by_industry"), gvc.load("ifr_files").set_index(["file", "status"])


def test_user_ifr_file_is_read(data_dir):
    r, log = _ifr_build(data_dir, IFR_OK)
    ifr = r[(r.source == "ifr") & (r.industry == "MANUF")].set_index("iso3")
    assert ifr.loc["DEU", "operational_stock"] == 221547
    assert ifr.loc["JPN", "installations"] == 49908
    assert list(log.index) == [("wr2020.csv", "read")]


def test_duplicate_keys_conflicting_rows_are_left_out_and_listed(data_dir):
    r, log = _ifr_build(data_dir, IFR_OK + "Germany,D,2019,1,2\n")
    msg = log.loc[("wr2020.csv", "row left out"), "message"]
    assert "wr2020.csv" in msg and "rows 2, 4" in msg and "different values" in msg
    ifr = r[(r.source == "ifr") & (r.industry == "MANUF")].set_index("iso3")
    assert "DEU" not in ifr.index and ifr.loc["JPN", "installations"] == 49908


def test_unknown_country_name(data_dir):
    r, log = _ifr_build(data_dir, IFR_OK + "Atlantis,D,2019,1,2\n")
    msg = log.loc[("wr2020.csv", "unmapped"), "message"]
    assert "Atlantis" in msg and "row 4" in msg
    assert log.loc[("wr2020.csv", "unmapped"), "n_rows"] == 1
    assert set(r.loc[r.source == "ifr", "iso3"]) == {"DEU", "JPN"}


def test_truncated_rdata(tmp_path, mirror):
    from gvc.sources.wiod2013 import read_wiot

    p = tmp_path / "wiot_2011.RData"
    p.write_bytes((mirror / "wiod2013" / "wiot_2011.RData").read_bytes()[:100_000])
    with pytest.raises(DataError, match="wiot_2011.RData.*truncated"):
        read_wiot(p)


def test_offline_with_nothing_available(tmp_path, monkeypatch):
    import requests

    from gvc.sources import acquire
    from gvc.sources.registry import raw_file

    monkeypatch.setenv("GVC_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("GVC_MIRROR", str(tmp_path / "no-mirror"))
    monkeypatch.setattr(acquire, "BACKOFF_S", 0.0)

    def offline(*a, **k):
        raise requests.ConnectionError("network unreachable")

    monkeypatch.setattr(requests, "get", offline)
    f = raw_file("wiod2013", "wiot_2011.RData")
    with pytest.raises(AcquisitionError) as e:
        acquire.locate(f)
    msg = str(e.value)
    assert "wiod2013/wiot_2011.RData" in msg and "https://github.com/bquast/wiod" in msg
    assert "GVC_MIRROR" in msg
    assert not (tmp_path / "data" / "raw" / "wiod2013" / "wiot_2011.RData").exists()


def test_download_is_verified_and_atomic(tmp_path, monkeypatch, mirror):
    """A download (served from the mirror file by a fake HTTP layer) lands verified."""
    import requests

    from gvc.sources import acquire
    from gvc.sources.registry import raw_file

    monkeypatch.setenv("GVC_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("GVC_MIRROR")
    body = (mirror / "jara" / "comtrade_847950.csv").read_bytes()

    monkeypatch.setattr(requests, "get", _fake_get(body[:1000], body[1000:]))
    loc = acquire.locate(raw_file("jara", "comtrade_847950.csv"))
    assert loc.origin == "download" and loc.verified
    assert loc.path.read_bytes() == body
    assert not list(loc.path.parent.glob("*.part"))


def _fake_get(*chunks: bytes, content_length: int | None = None):
    """A stand-in for ``requests.get`` serving ``chunks`` (and optionally a Content-Length)."""

    class Resp:
        status_code = 200
        headers = {} if content_length is None else {"Content-Length": str(content_length)}

        def __enter__(self):
            return self

        def __exit__(self, *a):
            return False

        def raise_for_status(self):
            pass

        def iter_content(self, n):
            yield from chunks

    return lambda *a, **k: Resp()


def test_wdi_zip_download_extracts_member_and_verifies(tmp_path, monkeypatch, mirror):
    """The World Bank serves a zip; the registry's member is extracted and checked."""
    import io
    import zipfile

    import requests

    from gvc.sources import acquire
    from gvc.sources.registry import raw_file

    monkeypatch.setenv("GVC_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("GVC_MIRROR")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(WDI_YOUTH, (mirror / "wdi" / WDI_YOUTH).read_bytes())
        zf.writestr("Metadata_Indicator_x.csv", b"other member")
    monkeypatch.setattr(requests, "get", _fake_get(buf.getvalue()))
    loc = acquire.locate(raw_file("wdi", WDI_YOUTH))
    assert loc.origin == "download" and loc.verified
    assert loc.path.read_bytes() == (mirror / "wdi" / WDI_YOUTH).read_bytes()
    assert not list(loc.path.parent.glob("*.part"))


def test_download_of_corrupt_pinned_file_is_rejected(tmp_path, monkeypatch, mirror):
    import requests

    from gvc.sources import acquire
    from gvc.sources.registry import raw_file

    monkeypatch.setenv("GVC_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("GVC_MIRROR")
    body = (mirror / "jara" / "comtrade_847950.csv").read_bytes()[:-50]
    monkeypatch.setattr(requests, "get", _fake_get(body))
    with pytest.raises(DataError, match="checksum mismatch"):
        acquire.locate(raw_file("jara", "comtrade_847950.csv"))
    assert not list((tmp_path / "data" / "raw" / "jara").glob("*"))  # nothing kept


def test_truncated_unpinned_file_at_row_boundary(data_dir, mirror, monkeypatch):
    """WDI is revised in place (unpinned), but a local file that differs from the registry is
    only accepted when the user says it is a newer vintage, and one that lost most of its rows
    only when the user also accepts it as implausible (issue 24, item 2)."""
    p = _local_copy(data_dir, mirror, "wdi", WDI_YOUTH)
    lines = p.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    p.write_text("".join(lines[:100]))  # cut cleanly after a complete row
    _fails_cleanly(data_dir, "wdi", WDI_YOUTH, "GVC_ACCEPT_NEW_VINTAGE")
    monkeypatch.setenv("GVC_ACCEPT_NEW_VINTAGE", "1")
    _fails_cleanly(data_dir, "wdi", WDI_YOUTH, "row count", "GVC_ACCEPT_IMPLAUSIBLE")
    monkeypatch.setenv("GVC_ACCEPT_IMPLAUSIBLE", f"wdi/{WDI_YOUTH}")
    res = CliRunner().invoke(main, ["build", "wdi"])
    assert res.exit_code == 0, res.output


def test_incomplete_download_is_retried_then_reported(tmp_path, monkeypatch, mirror):
    import requests

    from gvc.sources import acquire
    from gvc.sources.registry import raw_file

    monkeypatch.setenv("GVC_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("GVC_MIRROR")
    monkeypatch.setattr(acquire, "BACKOFF_S", 0.0)
    body = (mirror / "wdi" / WDI_YOUTH).read_bytes()

    # the connection drops half way through
    half = _fake_get(body[: len(body) // 2], content_length=len(body))
    monkeypatch.setattr(requests, "get", half)
    f = raw_file("owid", "artificial-intelligence-patents-submitted-per-million.csv")
    with pytest.raises(AcquisitionError, match="incomplete download"):
        acquire.locate(f)
    assert not (tmp_path / "data" / "raw" / "owid" / f.name).exists()


def test_data_status_shows_what_reproduce_needs_in_few_lines(mirror, monkeypatch):
    """`gvc data status`: the sources `make reproduce` needs first, optional sources folded into
    one line each, under 60 lines; `--all` lists every registered file (issue 21)."""
    from gvc.panels.registry import ALL_TABLES, raw_inputs
    from gvc.sources.registry import SOURCES

    monkeypatch.setenv("GVC_MIRROR", str(mirror))
    res = CliRunner().invoke(main, ["data", "status"])
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert len(lines) < 60
    needed = {f.key for name in ALL_TABLES for f in raw_inputs(name)}
    assert f"{len(needed)} of {len(needed)} files that `make reproduce` needs" in res.output
    assert "optional: gvc data fetch exiobase3" in res.output
    full = CliRunner().invoke(main, ["data", "status", "--all"])
    n_files = sum(len(s.files) for s in SOURCES.values() if not s.licensed)
    assert len(full.output.splitlines()) > n_files
