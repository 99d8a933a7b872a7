"""gvc.iplot (event-study plot of i() terms, as fixest/pyfixest iplot) and compare(extra_rows=)
(fixest etable extralines), on simulated data with a known effect path: 0 before 2005, 1 after."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import gvc


@pytest.fixture(scope="module")
def fit():
    rng = np.random.default_rng(0)
    d = pd.DataFrame({"g": np.repeat(np.arange(80), 10), "year": np.tile(range(2000, 2010), 80)})
    d["treat"] = (d.g < 40).astype(int)
    d["y"] = rng.normal(0, 0.3, len(d)) + d.treat * (d.year >= 2005)
    return gvc.feols("y ~ i(year, treat, ref=2004) | g + year", d, vcov={"CRV1": "g"})


def test_iplot_draws_every_period_with_the_reference_at_zero(fit, tmp_path):
    fig = gvc.iplot(fit, tmp_path / "es.png")
    ax = fig.axes[0]
    bars = ax.containers[0]  # the errorbar of the estimates
    xs, ys = bars.lines[0].get_data()
    assert list(xs) == [2000, 2001, 2002, 2003, 2005, 2006, 2007, 2008, 2009]
    t = fit.tidy().set_index("term")
    assert np.allclose(ys, t["estimate"].to_numpy())
    assert np.allclose(ys[4:], 1.0, atol=0.15) and np.allclose(ys[:4], 0.0, atol=0.15)
    ref = [ln for ln in ax.lines if ln.get_marker() == "D"]
    assert len(ref) == 1 and list(ref[0].get_data()[0]) == [2004] and ref[0].get_data()[1][0] == 0
    assert (tmp_path / "es.png").stat().st_size > 5000


def test_iplot_refuses_a_fit_without_i_terms(tmp_path):
    d = pd.DataFrame({"y": [1.0, 2, 3, 4.5], "x": [0.0, 1, 2, 3]})
    with pytest.raises(ValueError, match="no i\\(\\) terms"):
        gvc.iplot(gvc.feols("y ~ x", d))


def test_compare_extra_rows(fit):
    tab = gvc.compare([fit, fit], names=["a", "b"], extra_rows={"Mean of y": [0.25, 0.5]})
    assert list(tab.frame.loc["Mean of y"]) == ["0.250", "0.500"]
    assert "Mean of y" in tab.to_markdown() and "Mean of y" in tab.to_latex()
    with pytest.raises(ValueError, match="2 models"):
        gvc.compare([fit, fit], extra_rows={"Sample": ["all"]})
