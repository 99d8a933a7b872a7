"""Cross-implementation check against pymrio (Stadler 2021, JORS) on its bundled test MRIO."""

import warnings

import numpy as np
import pytest

from gvc.io import ICIO, ghosh_inverse, va_multipliers

pymrio = pytest.importorskip("pymrio")


@pytest.fixture(scope="module")
def system():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        io = pymrio.load_test()
        io.calc_all()
    return io


def test_leontief_inverse_and_va_multipliers_equal_pymrio(system):
    regions = list(system.get_regions())
    sectors = list(system.get_sectors())
    K = len(system.Y.columns) // len(regions)
    va = system.factor_inputs.F.values.sum(axis=0)
    io = ICIO(
        system.Z.values,
        system.Y.values,
        regions,
        sectors,
        x=system.x.values.ravel(),
        va=va,
        fd_categories=[f"fd{k}" for k in range(K)],
        negative_va="ignore",
    )
    np.testing.assert_allclose(io.leontief.inverse(), system.L.values, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(io.A, system.A.values, rtol=1e-12, atol=1e-15)
    mult = va_multipliers(io.v, leontief=io.leontief)
    np.testing.assert_allclose(mult, system.factor_inputs.M.values.ravel(), rtol=1e-9)
    # Ghosh: G = diag(x)^-1 B diag(x) (Miller and Blair 2009, eq. 12.9)
    x = io.x
    G = ghosh_inverse(io.Z, x)
    np.testing.assert_allclose(G, (system.L.values * x) / x[:, None], rtol=1e-8)
