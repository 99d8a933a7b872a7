"""gvc.io.aggregate against pymrio's MRIOSystem.aggregate on pymrio's own test system (a
second implementation), plus accounting identities: world value added and output are kept,
and aggregating to one region and one sector leaves a closed economy."""

from __future__ import annotations

import numpy as np
import pytest

from gvc.errors import ValidationError
from gvc.io import ICIO, aggregate, decompose


@pytest.fixture(scope="module")
def pym():
    import pymrio

    m = pymrio.load_test()
    m.calc_all()
    return m


def _icio(m):
    regions = list(m.get_regions())
    Y = m.Y.T.groupby(level=0, sort=False).sum().T[regions]  # final demand by destination
    return ICIO(
        m.Z.to_numpy(), Y.to_numpy(), regions, list(m.get_sectors()), x=m.x.to_numpy().ravel(),
        negative_va="ignore",
    )  # fmt: skip


REG = {"north": ["reg1", "reg2", "reg3"], "south": ["reg4", "reg5", "reg6"]}
SEC = {
    "goods": ["food", "mining", "manufactoring"],
    "services": ["electricity", "construction", "trade", "transport", "other"],
}


def test_matches_pymrio_aggregation(pym):
    import pymrio

    io = aggregate(_icio(pym), regions=REG, sectors=SEC)
    m = pym.copy()
    reg_agg = [next(k for k, v in REG.items() if r in v) for r in m.get_regions()]
    sec_agg = [next(k for k, v in SEC.items() if s in v) for s in m.get_sectors()]
    m.aggregate(region_agg=reg_agg, sector_agg=sec_agg)
    m.calc_all()
    assert list(io.countries) == list(m.get_regions())
    assert list(io.industries) == list(m.get_sectors())
    np.testing.assert_allclose(io.Z, m.Z.to_numpy(), rtol=1e-12)
    np.testing.assert_allclose(io.x, m.x.to_numpy().ravel(), rtol=1e-12)
    Y = m.Y.T.groupby(level=0, sort=False).sum().T[list(io.countries)].to_numpy()
    np.testing.assert_allclose(io.Y, Y, rtol=1e-12)
    assert io.meta["aggregated"]["when"] == "before inversion"
    assert isinstance(pymrio.__version__, str)


def test_totals_are_kept_and_one_region_is_closed(pym):
    io = _icio(pym)
    one = aggregate(io, regions={"world": list(io.countries)}, sectors={"all": list(io.industries)})
    assert one.va.sum() == pytest.approx(io.va.sum(), rel=1e-12)
    assert one.x.sum() == pytest.approx(io.x.sum(), rel=1e-12)
    # a closed economy exports nothing: the BM decomposition of its exports is empty
    bm = decompose(one, "bm", level="country")
    assert np.allclose(bm["value"].to_numpy(dtype=float), 0.0)


def test_bad_mappings_are_one_line_errors(pym):
    io = _icio(pym)
    with pytest.raises(ValidationError, match="names 'regX'"):
        aggregate(io, regions={"a": ["reg1", "regX"]})
    with pytest.raises(ValidationError, match="'reg1' is in both"):
        aggregate(io, regions={"a": ["reg1"], "b": ["reg1", "reg2"]})
