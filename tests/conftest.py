"""Shared test configuration: the real-data mirror and a once-per-session build of the panels.

The mirror is named by ``GVC_MIRROR``; when unset, the shared mirror beside this checkout
(``../shared/gvc-data``) is used, as in CI. Tests that need real data fail (not skip) when no
mirror is found, so missing data can never pass silently.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
_default = REPO.parent / "shared" / "gvc-data"
if not os.environ.get("GVC_MIRROR") and _default.is_dir():
    os.environ["GVC_MIRROR"] = str(_default)
os.environ.setdefault("GVC_NO_PROGRESS", "1")
# one BLAS thread per test worker: no oversubscription under xdist, and results that do not
# depend on the thread count (effective only where numpy is not imported yet; `make test` sets it)
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

# property tests draw the same examples on every run (`make test` passes or fails the same way
# on every machine); HYPOTHESIS_PROFILE=explore draws new ones, for hunting bugs
from hypothesis import settings  # noqa: E402

settings.register_profile("repeatable", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


@pytest.fixture(scope="session")
def mirror() -> Path:
    m = os.environ.get("GVC_MIRROR")
    if not m or not Path(m).is_dir():
        pytest.fail("real-data tests need GVC_MIRROR pointing at the data mirror (see README)")
    return Path(m)


@pytest.fixture(scope="session")
def built_data(tmp_path_factory, mirror) -> Path:
    """A data directory with every processed table built from the mirror (once per session)."""
    from gvc.config import using_data_dir
    from gvc.panels.build import build

    d = tmp_path_factory.mktemp("gvcdata")
    with using_data_dir(d):
        build(progress=False)
    return d


@pytest.fixture
def use_data(built_data, monkeypatch) -> Path:
    """Point gvc at the session's built data directory for one test."""
    monkeypatch.setenv("GVC_DATA_DIR", str(built_data))
    return built_data


@pytest.fixture(autouse=True)
def _fresh_network_state():
    """Each test starts with no host remembered as unreachable (tests fake the network)."""
    from gvc.sources import hosts

    hosts.clear()
    yield
    hosts.clear()
