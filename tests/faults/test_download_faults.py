"""Download faults, served by a local HTTP server on 127.0.0.1: cut-off bodies (with and without
Content-Length), HTML pages with status 200, damaged zips and an unreachable host. Each is
rejected with a message naming the file and what to do, and nothing is left in data/raw."""

from __future__ import annotations

import io
import socket
import time
import zipfile

import pytest

from .conftest import cli, fails_cleanly, hashes, leftovers
from .http_fixture import INV, OWID, Route, Server, point_registry, serve_owid

WDI_YOUTH = "API_SL.UEM.1524.ZS_DS2_en_csv_v2_6300644.csv"


def _rows(body: bytes, n: int) -> bytes:
    """The header and the first ``n`` data rows (a cut exactly at a row boundary)."""
    return b"".join(body.splitlines(keepends=True)[: n + 1])


def test_truncated_without_length_is_rejected(offline_data, monkeypatch, mirror):
    """The issue's case: 263 of 792 rows, no Content-Length, cut at a row boundary."""
    body = (mirror / "owid" / INV).read_bytes()
    with Server() as s:
        serve_owid(s, monkeypatch, mirror, body=_rows(body, 263), send_length=False)
        err = fails_cleanly("data", "fetch", "owid", needles=(f"owid/{INV}", "263 rows", "793"))
    raw = offline_data / "raw" / "owid"
    assert sorted(p.name for p in raw.iterdir()) == sorted(set(OWID) - {INV})
    assert not leftovers(offline_data)
    assert f"save as {raw / INV}" in err


def test_truncated_build_leaves_processed_data_alone(built, monkeypatch, mirror):
    from gvc.sources import acquire

    monkeypatch.delenv("GVC_MIRROR")
    monkeypatch.setattr(acquire, "BACKOFF_S", 0.0)
    body = (mirror / "owid" / INV).read_bytes()
    with Server() as s:
        serve_owid(s, monkeypatch, mirror, body=_rows(body, 263), send_length=False)
        fails_cleanly("build", "ai_investment", data_dir=built, needles=(INV, "263 rows"))
    assert not (built / "processed" / "ai_investment.parquet").exists()
    assert not (built / "raw" / "owid" / INV).exists()


def test_revised_file_with_a_few_rows_less_is_accepted(offline_data, monkeypatch, mirror):
    """A new vintage (checksum differs) with 98% of the rows, no economy or year lost, is
    plausible and is kept."""
    lines = (mirror / "owid" / INV).read_bytes().splitlines(keepends=True)
    revised = b"".join(ln for i, ln in enumerate(lines) if i == 0 or i % 60)  # 13 rows fewer
    with Server() as s:
        serve_owid(s, monkeypatch, mirror, body=revised, send_length=False)
        res = cli("data", "fetch", "owid")
    assert res.exit_code == 0, res.output
    assert (offline_data / "raw" / "owid" / INV).read_bytes() == revised
    assert "unverified" in res.stdout


def test_length_mismatch_is_retried_then_deleted(offline_data, monkeypatch, mirror):
    from gvc.sources import acquire

    body = (mirror / "owid" / INV).read_bytes()
    with Server() as s:
        routes = serve_owid(s, monkeypatch, mirror, body=body, cut_at=len(body) // 2)
        fails_cleanly("data", "fetch", "owid", needles=(f"owid/{INV}", "attempts"))
    assert routes[INV].hits == acquire.RETRIES
    assert not (offline_data / "raw" / "owid" / INV).exists()
    assert not leftovers(offline_data)


@pytest.mark.parametrize("ctype", ["text/html; charset=utf-8", "text/csv"])
def test_html_page_with_status_200_is_rejected(offline_data, monkeypatch, mirror, ctype):
    page = b"\n<!DOCTYPE html><html><head><title>Maintenance</title></head><body>x</body></html>"
    with Server() as s:
        routes = serve_owid(s, monkeypatch, mirror, body=page, content_type=ctype)
        err = fails_cleanly("data", "fetch", "owid", needles=(f"owid/{INV}", "HTML page"))
    assert routes[INV].hits == 1  # not retried: the server answered, just not with data
    assert "Country Code" not in err and "renamed" not in err
    assert not (offline_data / "raw" / "owid" / INV).exists()
    assert not leftovers(offline_data)


@pytest.mark.parametrize("send_length", [True, False])
def test_damaged_wdi_zip_is_rejected(offline_data, monkeypatch, mirror, send_length):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(WDI_YOUTH, (mirror / "wdi" / WDI_YOUTH).read_bytes())
    cut = buf.getvalue()[: len(buf.getvalue()) * 2 // 3]
    with Server() as s:
        point_registry(monkeypatch, "wdi", {WDI_YOUTH: s.route("/wdi.zip", Route(cut, "application/zip", send_length))})  # fmt: skip
        fails_cleanly("data", "fetch", "wdi", needles=("zip",))
    assert not (offline_data / "raw" / "wdi" / WDI_YOUTH).exists()
    assert not leftovers(offline_data)


def test_wrong_format_is_rejected(offline_data, monkeypatch, mirror):
    """A CSV whose header is not the publisher's (another file served under the name)."""
    other = (mirror / "owid" / OWID[0]).read_bytes()
    with Server() as s:
        serve_owid(s, monkeypatch, mirror, body=other)
        fails_cleanly("data", "fetch", "owid", needles=(f"owid/{INV}", "rows"))
    assert not (offline_data / "raw" / "owid" / INV).exists()


def test_complete_download_is_kept_and_verified(offline_data, monkeypatch, mirror):
    with Server() as s:
        serve_owid(s, monkeypatch, mirror)
        res = cli("data", "fetch", "owid")
    assert res.exit_code == 0, res.output
    for name in OWID:
        got = (offline_data / "raw" / "owid" / name).read_bytes()
        assert got == (mirror / "owid" / name).read_bytes()
    assert res.stdout.count("verified") == len(OWID)
    assert not leftovers(offline_data)


def test_offline_is_quick_and_lists_every_file(offline_data, monkeypatch):
    """One connection attempt per host, then every missing file with its URL and place."""
    import requests

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now: connection refused
    urls = {n: f"http://127.0.0.1:{port}/owid/{n}" for n in OWID}
    point_registry(monkeypatch, "owid", urls)
    calls = []
    real_get = requests.get

    def counting_get(*a, **k):
        calls.append(a[0])
        return real_get(*a, **k)

    monkeypatch.setattr(requests, "get", counting_get)
    t0 = time.monotonic()
    err = fails_cleanly(
        "data", "fetch", "owid", needles=("4 raw data files are missing", "connection refused")
    )
    assert time.monotonic() - t0 < 10
    assert len(calls) == 1
    assert not (offline_data / "raw").exists()  # not even an empty folder is left
    for n, u in urls.items():
        assert u in err and str(offline_data / "raw" / "owid" / n) in err


def test_offline_build_lists_every_missing_file(offline_data, monkeypatch):
    import requests

    def offline(*a, **k):
        raise requests.ConnectionError("network unreachable")

    monkeypatch.setattr(requests, "get", offline)
    err = fails_cleanly("build", "patents", "ai_investment", "robots")
    from gvc.panels.registry import raw_inputs

    want = {f.key for t in ("patents", "ai_investment", "robots") for f in raw_inputs(t)}
    assert f"{len(want)} raw data files are missing" in err
    for key in want:
        assert key in err
    assert not (offline_data / "processed").exists() or not hashes(offline_data / "processed")


def test_every_published_file_passes_the_content_checks(mirror):
    """No false alarms: each registry file as published (the mirror) is accepted, and the
    same file cut to a third of its bytes is not."""
    from gvc.sources import content
    from gvc.sources.registry import SOURCES

    checked = 0
    for src in SOURCES.values():
        for f in src.files:
            p = mirror / f.source / f.name
            if p.is_file():
                assert content.problem(f.source, f.name, p) is None, f.key
                checked += 1
    assert checked >= 40


@pytest.mark.parametrize(
    "source, name",
    [
        ("owid", INV),
        ("wdi", WDI_YOUTH),
        ("epoch", "gpqa_diamond.csv"),
        ("adb-mrio-gvc", "gvcp.parquet"),
    ],
)
def test_a_third_of_a_published_file_is_rejected(mirror, tmp_path, source, name):
    from gvc.sources import content

    body = (mirror / source / name).read_bytes()
    cut = tmp_path / name
    cut.write_bytes(body[: len(body) // 3])
    assert content.problem(source, name, cut)


# a download re-saved in a European locale (';' separator, decimal commas): the header is found
# on the file's own separator (gvc.sources.csv_numbers), as the readers find it


def _european_body(mirror, tmp_path, source, name) -> bytes:
    from european_csv import europeanize

    dst = tmp_path / source / name
    dst.parent.mkdir(parents=True, exist_ok=True)
    eu = europeanize(mirror / source / name, dst)
    body = eu.read_bytes()
    assert body.count(b";") > body.count(b"\n") and b'","' not in body
    return body


def test_european_download_is_kept(offline_data, monkeypatch, mirror, tmp_path):
    """Before, a ';' file got "no header starting Entity, Code, Year"."""
    body = _european_body(mirror, tmp_path, "owid", INV)
    with Server() as s:
        serve_owid(s, monkeypatch, mirror, body=body, send_length=False)
        res = cli("data", "fetch", "owid")
    assert res.exit_code == 0, (res.output, res.exception)
    assert (offline_data / "raw" / "owid" / INV).read_bytes() == body


def test_european_download_cut_off_is_rejected(offline_data, monkeypatch, mirror, tmp_path):
    body = _european_body(mirror, tmp_path, "owid", INV)
    with Server() as s:
        serve_owid(s, monkeypatch, mirror, body=_rows(body, 263), send_length=False)
        fails_cleanly("data", "fetch", "owid", needles=(f"owid/{INV}", "263 rows", "793"))
        serve_owid(s, monkeypatch, mirror, body=body[: len(body) // 2 + 7], send_length=False)
        fails_cleanly("data", "fetch", "owid", needles=(f"owid/{INV}", "cut off"))
    assert not (offline_data / "raw" / "owid" / INV).exists()


def test_every_published_csv_resaved_european_passes_the_content_checks(mirror, tmp_path):
    from gvc.sources import content
    from gvc.sources.registry import SOURCES

    checked = 0
    for src in SOURCES.values():
        for f in src.files:
            p = mirror / f.source / f.name
            if p.is_file() and f.name.lower().endswith(".csv"):
                _european_body(mirror, tmp_path, f.source, f.name)
                eu = tmp_path / f.source / f.name
                assert content.problem(f.source, f.name, eu) is None, f.key
                cut = tmp_path / "cut.csv"
                cut.write_bytes(eu.read_bytes()[: eu.stat().st_size // 3])
                assert content.problem(f.source, f.name, cut), f.key
                checked += 1
    assert checked >= 25
