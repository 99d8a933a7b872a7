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


def test_every_table_rebuilds_to_identical_bytes(tmp_path, monkeypatch, mirror):
    """All tables, including the WIOD decompositions, in a second process."""
    import os
    import subprocess
    import sys

    monkeypatch.setenv("GVC_DATA_DIR", str(tmp_path))
    assert "failed" not in build(progress=False).values()
    h1 = _hashes(tmp_path / "processed")
    env = dict(os.environ, GVC_DATA_DIR=str(tmp_path))
    code = "from gvc.panels.build import build; build(force=True, progress=False)"
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    h2 = _hashes(tmp_path / "processed")
    h1.pop(".build.lock", None), h2.pop(".build.lock", None)
    assert h1 == h2
    assert any(k.startswith("icio/") for k in h1) and "gvc_participation.parquet" in h1


def test_concurrent_builds_keep_the_manifest_complete(tmp_path, monkeypatch, mirror):
    import json
    import os
    import subprocess
    import sys

    env = dict(os.environ, GVC_DATA_DIR=str(tmp_path))
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                f"from gvc.panels.build import build; build({tabs!r}, progress=False)",
            ],
            env=env,
        )
        for tabs in (["countries", "patents"], ["ai_benchmarks", "robots"])
    ]
    assert [p.wait() for p in procs] == [0, 0]
    manifest = json.loads((tmp_path / "processed" / "MANIFEST.json").read_text())
    assert set(manifest["tables"]) == {"countries", "patents", "ai_benchmarks", "robots"}
