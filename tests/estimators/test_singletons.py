"""Singletons of fixed effects: gvc's mask equals the sample pyfixest keeps (a second
implementation), and a model where every row is a singleton is one error, not a process abort."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import gvc
from gvc.estimators.errors import SpecificationError
from gvc.estimators.singletons import non_singletons


def test_mask_matches_pyfixest_sample():
    """Simulated unbalanced panel with chains of singletons (dropping one leaves another
    alone): the rows gvc keeps are the rows pyfixest estimates on."""
    rng = np.random.default_rng(7)
    n = 400
    d = pd.DataFrame(
        {
            "a": rng.integers(0, 120, n),
            "b": rng.integers(0, 90, n),
            "c": rng.integers(0, 4, n),
            "x": rng.normal(size=n),
        }
    )
    d["y"] = d.x + rng.normal(size=n)
    keep = non_singletons(d, ["a", "b"])
    assert 0 < keep.sum() < n
    fit = gvc.feols("y ~ x | a + b", d)
    assert fit.nobs == int(keep.sum())
    both = non_singletons(d, ["a^c"])
    assert gvc.feols("y ~ x | a^c", d).nobs == int(both.sum())


def test_all_singletons_is_one_error_not_an_abort():
    code = (
        "import pandas as pd, gvc\n"
        "d = pd.DataFrame({'y': [1., 2, 3, 4], 'x': [0., 1, 0, 2], 'a': list('abcd'),"
        " 'b': list('wxyz')})\n"
        "gvc.feols('y ~ x | a + b', d)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 1, run.returncode  # a Python exception, not SIGABRT (134 / -6)
    assert "SpecificationError: all 4 observations are alone" in run.stderr
    d = pd.DataFrame({"y": [1.0, 2], "x": [0.0, 1], "a": ["a", "b"]})
    with pytest.raises(SpecificationError, match="nothing is left to estimate"):
        gvc.feols("y ~ x | a", d)
