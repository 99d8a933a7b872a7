"""``gvc reproduce --strict --claims my.toml`` checks only the tables the selected claims use
(issue 21, item 3): a source no claim needs (here WDI, missing from the mirror) does not stop the
run; a source a claim's function loads does, naming its missing files, and no report is written.
The build is replaced by a status (WDI unavailable) and the loader by a small frame, so that the
test needs no built data."""

from __future__ import annotations

import textwrap

import pandas as pd
import pytest

from gvc.errors import AcquisitionError

MODULE = """
import gvc


def robots_total(load):
    r = load("robots")
    return gvc.Estimate(float(r["installations"].sum()), n_obs=len(r))


def wdi_total(load):
    w = load("wdi")
    return gvc.Estimate(float(w["value"].sum()), n_obs=len(w))
"""

CLAIM = """
[[claim]]
id = "{cid}"
text = "There were robots."
source = "A. Author (2020), p. 1"
reference = {{ kind = "greater_than", value = 0, unit = "units" }}

[[claim.spec]]
id = "total"
function = "strict_claim_tests:{fn}"
"""


@pytest.fixture
def world(tmp_path, monkeypatch):
    """A claims folder, an empty mirror (no WDI file), offline, and every table but WDI built."""
    import requests

    import gvc.panels.load
    import gvc.pipeline
    from gvc.panels.registry import ALL_TABLES

    (tmp_path / "strict_claim_tests.py").write_text(textwrap.dedent(MODULE))
    for cid, fn in (("robots", "robots_total"), ("wdi", "wdi_total")):
        (tmp_path / f"{cid}.toml").write_text(CLAIM.format(cid=cid, fn=fn))
    (tmp_path / "mirror").mkdir()
    monkeypatch.setenv("GVC_MIRROR", str(tmp_path / "mirror"))
    monkeypatch.setenv("GVC_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)

    def offline(*a, **k):
        raise requests.ConnectionError("network unreachable")

    monkeypatch.setattr(requests, "get", offline)
    status = {n: "built" for n in ALL_TABLES} | {"wdi": "unavailable: no WDI file"}

    def build_all(mirror=None, strict=False):  # as the real one on this mirror
        if strict:
            raise AcquisitionError("strict build: the WDI file is missing")
        return status

    monkeypatch.setattr(gvc.pipeline, "build_all", build_all)
    frames = {
        "robots": pd.DataFrame({"iso3": ["CHN", "DEU"], "installations": [10.0, 5.0]}),
        "wdi": pd.DataFrame({"iso3": ["CHN"], "value": [1.0]}),
    }
    monkeypatch.setattr(gvc.panels.load, "load", lambda name, **f: frames[name])
    return tmp_path


def test_strict_ignores_sources_the_claims_do_not_use(world):
    from gvc.pipeline import reproduce

    out = reproduce(world / "out", strict=True, claims=[world / "robots.toml"])
    ledger = pd.read_csv(out / "claims.csv")
    assert ledger.estimate.tolist() == [15.0]
    assert ledger.verdict.iloc[0] != "data unavailable"


def test_strict_fails_on_a_source_a_claim_uses(world):
    from gvc.panels.registry import raw_inputs
    from gvc.pipeline import reproduce

    with pytest.raises(AcquisitionError) as err:
        reproduce(world / "out", strict=True, claims=[world / "wdi.toml"])
    wdi_files = {f.key for f in raw_inputs("wdi")}
    assert wdi_files and all(k in str(err.value) for k in wdi_files)
    others = {f.key for f in raw_inputs("robots")} - wdi_files
    assert not any(k in str(err.value) for k in others)
    assert not (world / "out" / "claims.csv").exists()
    out = reproduce(world / "lenient", claims=[world / "wdi.toml"])  # without --strict: a row
    assert pd.read_csv(out / "claims.csv").verdict.tolist() == ["data unavailable"]
