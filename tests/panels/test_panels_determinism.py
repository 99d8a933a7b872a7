"""Same inputs, same bytes; an unchanged second build does no work."""

from __future__ import annotations

import hashlib

from gvc.panels.build import build


def _hashes(d):
    return {
        p.relative_to(d).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(d.rglob("*"))
        if p.is_file()
    }


def test_rebuild_is_byte_identical_and_second_run_is_noop(tmp_path, monkeypatch, mirror):
    monkeypatch.setenv("GVC_DATA_DIR", str(tmp_path))
    tables = ["countries", "robots", "ai_benchmarks", "patents"]
    first = build(tables, progress=False)
    assert set(first.values()) == {"built"}
    h1 = _hashes(tmp_path / "processed")
    assert build(tables, progress=False) == dict.fromkeys(tables, "current")
    build(tables, force=True, progress=False)
    assert _hashes(tmp_path / "processed") == h1
