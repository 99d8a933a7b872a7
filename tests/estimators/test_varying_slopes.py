"""Varying slopes ``g[x]`` in the fixed-effects part: pyfixest 0.60 parses and silently ignores
them (checked here against the same model with the slopes as explicit regressors), so gvc.feols
refuses them with a message naming the way that works."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from gvc.estimators import feols
from gvc.estimators.errors import SpecificationError


def _panel():
    rng = np.random.default_rng(0)
    rows = [(c, i, t) for c in range(12) for i in range(4) for t in range(8)]
    d = pd.DataFrame(rows, columns=["cty", "ind", "year"]).astype({"cty": str, "ind": str})
    d["ci"] = d.cty + "_" + d.ind
    d["ct"] = d.cty + "_" + d.year.astype(str)
    trend = 0.3 * d.ind.astype(int) * d.year  # an industry-specific trend in x and y
    d["x"] = rng.normal(size=len(d)) + trend
    d["y"] = -0.8 * d.x + trend + rng.normal(0, 0.1, len(d))
    for i in ("1", "2", "3"):
        d[f"tr_{i}"] = (d.ind == i) * d.year
    return d


def test_pyfixest_ignores_varying_slopes_so_gvc_refuses_them():
    import pyfixest as pf

    d = _panel()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        plain = pf.feols("y ~ x | ci + ct", d).coef()["x"]
        slopes = pf.feols("y ~ x | ci + ct + ind[year]", d).coef()["x"]
        explicit = pf.feols("y ~ x + tr_1 + tr_2 + tr_3 | ci + ct", d).coef()["x"]
    assert abs(explicit + 0.8) < 0.02  # explicit trend columns recover the truth
    assert abs(plain + 0.8) > 0.05
    # if a pyfixest upgrade starts honouring g[x], this fails: lift the guard then
    assert slopes == pytest.approx(plain, abs=1e-10)
    with pytest.raises(SpecificationError, match="varying slopes"):
        feols("y ~ x | ci + ct + ind[year]", d, vcov={"CRV1": "cty"})
    fit = feols("y ~ x + tr_1 + tr_2 + tr_3 | ci + ct", d, vcov={"CRV1": "cty"})
    assert fit.coef["x"] == pytest.approx(explicit)
