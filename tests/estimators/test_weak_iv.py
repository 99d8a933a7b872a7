"""Anderson-Rubin sets (gvc.estimators.weak_iv) against a second implementation: a brute-force
grid of feols fits of y - b0 x on z, each tested at the fit's own t critical value; and on
simulated data with a known coefficient (strong instrument: a bounded set around the truth,
close to the 2SLS Wald interval; irrelevant instrument: an unbounded set)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from gvc.estimators import feols
from gvc.estimators.weak_iv import anderson_rubin, solve_ar


def _sim(pi: float, n_g=40, t=12, beta=-0.8, seed=0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    g = np.repeat(np.arange(n_g), t)
    yr = np.tile(np.arange(t), n_g)
    z = rng.normal(size=n_g * t) + rng.normal(size=n_g)[g]
    u = rng.normal(size=n_g * t) + 0.5 * rng.normal(size=n_g)[g]
    x = pi * z + 0.8 * u + rng.normal(size=n_g * t)  # endogenous through u
    y = beta * x + u + 0.3 * rng.normal(size=n_g)[g]
    return pd.DataFrame({"y": y, "x": x, "z": z, "g": g, "yr": yr})


def _grid_accepts(d, b0, vcov):
    dd = d.assign(u=d["y"] - b0 * d["x"])
    f = feols("u ~ z | g + yr", dd, vcov=vcov)
    tstat = float(f.coef["z"] / f.se["z"])
    return abs(tstat) <= stats.t.ppf(0.975, f.df_t)


@pytest.mark.parametrize("pi, vcov", [(1.0, {"CRV1": "g"}), (0.08, {"CRV1": "g"}), (0.5, "hetero")])
def test_closed_form_set_matches_grid_inversion(pi, vcov):
    d = _sim(pi)
    ar = anderson_rubin(d, "y", "x", "z", fe="g + yr", vcov=vcov)
    for b0 in np.linspace(-6, 5, 45):
        assert ar.contains(b0) == _grid_accepts(d, b0, vcov), (b0, ar)
    if ar.bounded:  # the boundaries are where the grid test switches
        for edge, inside in ((ar.low, 1), (ar.high, -1)):
            assert _grid_accepts(d, edge + inside * 1e-6, vcov)
            assert not _grid_accepts(d, edge - inside * 1e-3, vcov)


def test_strong_instrument_gives_a_bounded_set_near_the_wald_interval():
    d = _sim(1.0, n_g=60)
    ar = anderson_rubin(d, "y", "x", "z", fe="g + yr", vcov={"CRV1": "g"})
    wald = feols("y ~ 1 | g + yr | x ~ z", d, vcov={"CRV1": "g"}).tidy().iloc[0]
    assert ar.bounded and ar.contains(-0.8)
    assert abs(ar.low - wald["ci_low"]) < 0.1 and abs(ar.high - wald["ci_high"]) < 0.1


def test_irrelevant_instrument_gives_an_unbounded_set():
    d = _sim(0.0)
    ar = anderson_rubin(d, "y", "x", "z", fe="g + yr", vcov={"CRV1": "g"})
    assert not ar.bounded and ar.kind in ("two rays", "whole line")
    assert "weak instrument" in str(ar)


def test_solver_cases_by_hand():
    # (2 - b)^2 <= 4 (1 + b^2 * 0): |2 - b| <= 2 -> [0, 4]
    s = solve_ar(a=2.0, c=1.0, A=1.0, B=0.0, C=0.0, q=2.0)
    assert s.kind == "interval" and s.low == pytest.approx(0) and s.high == pytest.approx(4)
    # first stage insignificant (c^2 < q^2 C): (1 - 0.1 b)^2 <= 4 (1 + b^2) holds for all b
    assert solve_ar(a=1.0, c=0.1, A=1.0, B=0.0, C=1.0, q=2.0).kind == "whole line"


def test_ar_set_displays_as_a_table():
    s = solve_ar(a=2.0, c=1.0, A=1.0, B=0.0, C=0.0, q=2.0)
    html = s._repr_html_()
    assert "<table>" in html and "interval" in html and ">4<" in html


def test_few_clusters_warning_is_issued_once_and_names_the_model():
    """The three auxiliary fits warn alike: one warning, naming the IV model the set is for."""
    import warnings

    from gvc.estimators import FewClustersWarning

    d = _sim(1.0, n_g=10)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        anderson_rubin(d, "y", "x", "z", vcov={"CRV1": "g"})
    few = [str(w.message) for w in caught if issubclass(w.category, FewClustersWarning)]
    assert len(few) == 1, few
    assert few[0].startswith("Anderson-Rubin set for x in y ~ 1 | x ~ z: cluster variable 'g'")
