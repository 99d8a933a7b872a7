"""The environment is the lock file's, and gvc installs as a plain (non-editable) wheel.

References: ``requirements.lock`` (``make lock``: uv pip compile of ``pyproject.toml``), and the
source tree itself for the wheel's contents.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from gvc.report.manifest import LOCK_FILE, build_manifest, lock_file, sha256_file

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / LOCK_FILE
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s\\;]+)")


def pins() -> dict[str, str]:
    out = {}
    for line in LOCK.read_text().splitlines():
        if m := PIN.match(line):
            out[canonicalize_name(m.group(1))] = m.group(2)
    return out


def test_lock_file_pins_every_package_with_hashes():
    text = LOCK.read_text()
    p = pins()
    assert len(p) > 50
    assert text.count("==") == len(p)
    # every pin is followed by at least one sha256 hash
    blocks = re.split(r"\n(?=[A-Za-z0-9_.\-]+==)", text.split("\n", 3)[-1])
    for block in blocks:
        if PIN.match(block):
            assert "--hash=sha256:" in block, block.splitlines()[0]


def test_lock_covers_every_declared_dependency():
    """Each requirement of pyproject.toml (runtime and dev) is pinned, inside its range."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    p = pins()
    for raw in reqs:
        req = Requirement(raw.split("#")[0].strip())
        name = canonicalize_name(req.name)
        assert name in p, f"{req.name} is not pinned in {LOCK_FILE}: run `make lock`"
        assert req.specifier.contains(p[name], prereleases=True), (name, p[name], str(req))


@pytest.mark.skipif(
    not (Path(sys.prefix) / ".gvc-env").exists(),
    reason="not running in the Makefile's .venv (built by `make setup` from requirements.lock)",
)
def test_installed_versions_equal_the_lock():
    mismatched = {}
    for name, version in pins().items():
        try:
            got = metadata.version(name)
        except metadata.PackageNotFoundError:
            got = None
        if got != version:
            mismatched[name] = (version, got)
    assert not mismatched, f"installed versions differ from {LOCK_FILE}: {mismatched}"


def test_manifest_records_the_lock_file_hash():
    m = build_manifest({}, files={}, watermark=None, timing={})
    assert m["lock_file"] == {"name": LOCK_FILE, "sha256": sha256_file(LOCK)}
    assert lock_file() == m["lock_file"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # build from a copy: an in-tree build rewrites gvc.egg-info/ and build/ in the checkout,
    # which other tests running at the same time read (package metadata in the manifest)
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md", "gvc"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy2)(
            ROOT / name, src / name, **({"ignore": shutil.ignore_patterns("__pycache__")}
                                        if (ROOT / name).is_dir() else {})
        )  # fmt: skip
    r = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(src)],
        capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr[-3000:]
    (whl,) = out.glob("gvc-*.whl")
    return whl


def test_wheel_carries_every_package_file(wheel):
    """Every file under gvc/ in the source tree (code and package data) is in the wheel."""
    names = set(zipfile.ZipFile(wheel).namelist())
    tracked = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "gvc"], capture_output=True, text=True, check=False
    )
    files = tracked.stdout.split() if tracked.returncode == 0 and tracked.stdout.strip() else [
        str(p.relative_to(ROOT)) for p in (ROOT / "gvc").rglob("*") if p.is_file()
    ]  # fmt: skip
    files = [f for f in files if "__pycache__" not in f and not f.endswith(".pyc")]
    assert files
    missing = sorted(f for f in files if f not in names)
    assert not missing, f"not in the wheel: {missing}"
    assert any(n.endswith("entry_points.txt") for n in names)


def test_installed_wheel_works_outside_the_checkout(wheel, tmp_path):
    """gvc from the wheel (not the checkout) imports, finds its data and runs the IO engine."""
    site = tmp_path / "site"
    r = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site),
         str(wheel)],
        capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr[-3000:]
    code = (
        "import json, gvc, gvc.config, numpy as np\n"
        "from gvc.sources.registry import SOURCES\n"
        "from gvc.demo.world import generate_world\n"
        "Z, F, x, c, i = generate_world(seed=1, n_countries=4, n_industries=3, n_years=2)"
        ".icio_arrays(2000)\n"
        "d = gvc.decompose(gvc.ICIO(Z, F, c, i, x=x), method='bm', level='country')\n"
        "root = gvc.config.data_root()\n"
        "print(json.dumps({'file': gvc.__file__, 'sources': len(SOURCES), 'rows': len(d),\n"
        "                  'reason': root.reason}))\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "GVC_DATA_DIR")}
    env["PYTHONPATH"] = str(site)
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
        check=False, timeout=300,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr[-3000:]
    info = json.loads(out.stdout.strip().splitlines()[-1])
    assert Path(info["file"]).resolve().is_relative_to(site.resolve())
    assert info["sources"] > 5 and info["rows"] > 0
    assert info["reason"] == "per-user data directory"  # a library install, outside a checkout
