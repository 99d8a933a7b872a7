"""``gvc.estimators.pyfixest_adapter`` returns the numbers of the fit it reads.

Reference: pyfixest's own public output on the same fit (``tidy()``: estimates, standard
errors, p-values; ``resid()``), and numpy recomputations (the variance matrix's diagonal is
the squared standard errors; R^2 = 1 - SSR/SST without fixed effects; N = rows without a
missing value). Checked on the pinned pyfixest (``pyfixest_adapter.CHECKED_ON``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyfixest as pf
import pytest
from scipy import stats

import gvc
from gvc.estimators import pyfixest_adapter as pfa


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    return pf.get_data(seed=3)


def test_checked_on_the_installed_pyfixest():
    assert pf.__version__ == pfa.CHECKED_ON


@pytest.mark.parametrize(
    "formula,vcov",
    [
        ("Y ~ X1 + X2 | f1", {"CRV1": "f1"}),
        ("Y ~ X1 + X2", "hetero"),
        ("Y ~ 1 | f1 | X1 ~ Z1", "iid"),
    ],
)
def test_adapter_matches_tidy(data, formula, vcov):
    model = pf.feols(formula, data=data, vcov=vcov)
    tidy = model.tidy()
    assert pfa.is_single_model(model)
    assert pfa.terms(model) == [str(t) for t in tidy.index]
    coef, se = pfa.coef_se(model)
    assert list(coef.index) == list(se.index) == pfa.terms(model)
    np.testing.assert_array_equal(coef.to_numpy(), np.asarray(model._beta_hat, float).ravel())
    np.testing.assert_array_equal(coef.to_numpy(), tidy["Estimate"].to_numpy(float))
    np.testing.assert_array_equal(se.to_numpy(), np.asarray(model._se, float).ravel())
    np.testing.assert_array_equal(se.to_numpy(), tidy["Std. Error"].to_numpy(float))
    v = pfa.vcov_matrix(model)
    assert list(v.index) == list(v.columns) == pfa.terms(model)
    np.testing.assert_allclose(np.sqrt(np.diag(v.to_numpy())), tidy["Std. Error"], rtol=1e-12)
    t = tidy["Estimate"] / tidy["Std. Error"]
    p = 2 * stats.t.sf(np.abs(t), pfa.df_t(model))
    np.testing.assert_allclose(p, tidy["Pr(>|t|)"].to_numpy(float), rtol=1e-9, atol=1e-14)
    used = data.dropna(subset=[c for c in ("Y", "X1", "X2", "f1", "Z1") if c in formula])
    assert pfa.nobs(model) == len(used) == len(data) - len(pfa.dropped_rows(model))
    assert pfa.is_iv(model) == ("Z1" in formula)


def test_r2_and_fixed_effects(data):
    model = pf.feols("Y ~ X1 + X2", data=data)
    resid = np.asarray(model.resid(), float)
    y = data.dropna(subset=["Y", "X1", "X2"])["Y"].to_numpy(float)
    r2, _ = pfa.r2(model)
    assert r2 == pytest.approx(1 - resid @ resid / np.sum((y - y.mean()) ** 2), rel=1e-10)
    assert pfa.fixed_effects(model) == ()
    assert pfa.fixed_effects(pf.feols("Y ~ X1 | f1 + f2", data=data)) == ("f1", "f2")


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_gvc_feols_reports_the_adapter_numbers(data):
    """gvc.feols's result holds the numbers of pyfixest's public tidy() on the same fit."""
    fit = gvc.feols("Y ~ X1 + X2 | f1", data, vcov={"CRV1": "f1"}, lean=False)
    tidy = fit.model.tidy()
    np.testing.assert_array_equal(fit.coef.to_numpy(), tidy["Estimate"].to_numpy(float))
    np.testing.assert_array_equal(fit.se.to_numpy(), tidy["Std. Error"].to_numpy(float))
    assert fit.nobs == pfa.nobs(fit.model) and fit.df_t == pfa.df_t(fit.model)


def test_only_the_adapter_reads_pyfixest_internals():
    """No module of gvc/estimators but the adapter reads a private attribute of a pyfixest
    model (``model._x``); the adapter is the one place to recheck on a pyfixest upgrade."""
    import re
    from pathlib import Path

    root = Path(pfa.__file__).parent
    hits = [
        f"{p.name}:{k}"
        for p in sorted(root.glob("*.py"))
        if p.name != "pyfixest_adapter.py"
        for k, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\b(model|fit|m)\._[a-zA-Z]", line)
    ]
    assert not hits, hits
