"""Wild cluster bootstrap CIs by test inversion (gvc.estimators.wild).

References: pyfixest 0.60's ``Feols.wildboottest`` (WCR11 via the ``wildboottest`` package) for
the p-values, which tests ``H0: beta = 0`` only; ``H0: beta = r`` on ``y`` is the same test as
``H0: beta = 0`` on ``y - r x``, so pyfixest cross-checks ``p(r)`` at any ``r`` with the same
weights draw. The CRV1 t(G-1) interval is the large-G reference for the CI.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from scipy import stats

from gvc.estimators import feols
from gvc.estimators.simulate import simulate_panel
from gvc.estimators.wild import WildTest, wild_test

FORMULA = "y ~ x | pair + year"


def wild(reps: int = 999, seed: int = 1, weights_type: str = "webb") -> dict:
    return {"wild": {"cluster": "iso3", "reps": reps, "seed": seed, "weights_type": weights_type}}


def fit(df, vcov, formula: str = FORMULA):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return feols(formula, df, vcov)


@pytest.fixture(scope="module")
def few() -> tuple:
    """10 clusters x 18 rows (180 observations), the size of the claim-family panels."""
    df = simulate_panel(10, 3, 6, beta=-0.3, seed=11)
    return df, fit(df, wild())


# ---------------------------------------------------------------------- cross-check pyfixest
@pytest.mark.parametrize(("weights_type", "n_countries"), [("webb", 10), ("rademacher", 8)])
def test_p_values_match_pyfixest_at_several_nulls(weights_type, n_countries):
    """p(r) and t*(r) equal pyfixest's wildboottest on y - r x (same seed, same weights)."""
    df = simulate_panel(n_countries, 3, 6, beta=-0.3, seed=5)
    res = fit(df, wild(seed=7, weights_type=weights_type))
    test: WildTest = res.bootstrap["x"]["test"]
    if weights_type == "rademacher":  # 2^8 < 999: full enumeration, as in wildboottest
        assert test.reps == 256
    for r in (0.0, -0.8, -0.3, 0.25, res.bootstrap["x"]["ci_low"]):
        shifted = df.assign(y=df["y"] - r * df["x"])
        model = fit(shifted, wild(seed=7, weights_type=weights_type)).model  # integer clusters
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out, t_boot = model.wildboottest(
                reps=999,
                cluster="iso3",
                param="x",
                weights_type=weights_type,
                seed=7,
                return_bootstrapped_t_stats=True,
            )
        t_pf = float(np.squeeze(out["t value"]))
        t_boot_pf = np.ravel(t_boot)
        np.testing.assert_allclose(test.t_boot(r), t_boot_pf, rtol=1e-8, atol=1e-10)
        assert test.t_stat(r) == pytest.approx(t_pf, rel=1e-8)
        # Away from ties both count the same draws; at a tie (|t*| = |t| up to rounding) gvc
        # counts the draw as extreme and wildboottest does not (see gvc.estimators.wild). So
        # compare the counts with the near-tie draws set aside, never at the tie itself.
        gap = np.abs(t_boot_pf) - abs(t_pf)
        near = np.abs(gap) <= 1e-6 * max(abs(t_pf), 1.0)
        clear_above = float(np.mean(gap > 0) - np.mean(near & (gap > 0)))
        p_pf = float(np.squeeze(out["Pr(>|t|)"]))
        for p in (test.p_value(r), p_pf):
            assert clear_above - 1e-12 <= p <= clear_above + near.mean() + 1e-12
        if weights_type == "rademacher":  # full enumeration: the +-1 draws tie with |t|,
            assert near.sum() >= 2  # and gvc counts them as at least as extreme
            if near.sum() == 2:  # (at the CI bound a third draw sits near |t| by construction)
                assert test.p_value(r) == pytest.approx(clear_above + near.mean(), abs=1e-12)
    # the reported p-value is the r = 0 test
    assert res.tidy().p_value[0] == pytest.approx(test.p_value(0.0), abs=1e-12)


def test_shift_equivariance_of_the_direct_implementation():
    """Testing beta = r on y equals testing beta = 0 on y - r x (plain numpy, no FE)."""
    rng = np.random.default_rng(3)
    g = np.repeat(np.arange(9), 15)
    X = np.column_stack([np.ones(g.size), rng.normal(size=g.size) + rng.normal(size=9)[g]])
    y = 1 + 0.4 * X[:, 1] + rng.normal(size=g.size) + rng.normal(size=9)[g]
    a = wild_test(X, y, g, 1, reps=499, seed=2)
    for r in (-1.0, 0.1, 0.4, 2.0):
        b = wild_test(X, y - r * X[:, 1], g, 1, reps=499, seed=2)
        np.testing.assert_allclose(a.t_boot(r), b.t_boot(0.0), rtol=1e-9, atol=1e-12)
        assert a.p_value(r) == b.p_value(0.0)


# ---------------------------------------------------------------------- (1) bounds
def test_p_value_is_005_at_the_bounds(few):
    df, res = few
    boot = res.bootstrap["x"]
    test: WildTest = boot["test"]
    lo, hi, se, est = boot["ci_low"], boot["ci_high"], test.se, test.estimate
    assert boot["ci_converged"] == (True, True) and not boot["ci_notes"]
    assert lo < est < hi
    step = 1.0 / test.reps  # resolution of the p-value
    for bound, inward in ((lo, 1.0), (hi, -1.0)):
        assert abs(test.p_value(bound) - 0.05) <= 2 * step
        # just inside: not rejected; just outside: rejected
        assert test.p_value(bound + inward * 1e-3 * se) >= 0.05
        assert test.p_value(bound - inward * 1e-3 * se) < 0.05
        # further away on either side
        assert test.p_value(bound + inward * 0.3 * se) > 0.05
        assert test.p_value(bound - inward * 0.3 * se) < 0.05
    grid = np.linspace(lo + 0.01 * se, hi - 0.01 * se, 41)
    assert min(test.p_value(r) for r in grid) >= 0.05
    assert test.p_value(est) > 0.9
    # the tidy table reports the inverted interval and the H0: beta = 0 p-value
    tab = res.tidy()
    assert (tab.ci_low[0], tab.ci_high[0]) == (lo, hi)
    assert tab.p_value[0] == boot["p_value"]
    assert (tab.p_value[0] < 0.05) == (not lo <= 0 <= hi)
    assert boot["ci_method"] == "wild bootstrap test inversion (WCR, Webb weights, 999 reps)"
    assert boot["ci_method"] in res.summary()


def test_other_conf_levels_are_inverted_on_demand(few):
    _, res = few
    test: WildTest = res.bootstrap["x"]["test"]
    t90 = res.tidy(conf_level=0.90)
    ci90 = test.ci(0.90)
    assert (t90.ci_low[0], t90.ci_high[0]) == (ci90.low, ci90.high)
    t95 = res.tidy()
    assert t95.ci_low[0] < t90.ci_low[0] < t90.ci_high[0] < t95.ci_high[0]
    assert abs(test.p_value(ci90.low) - 0.10) <= 2 / test.reps


def test_fallback_when_bracketing_fails(few):
    _, res = few
    test: WildTest = res.bootstrap["x"]["test"]
    ci = test.ci(max_evals=1)  # one evaluation: the estimate only, no rejected point
    assert (ci.low, ci.high) == pytest.approx(test.approx_interval())
    assert ci.converged == (False, False)
    assert len(ci.notes) == 2 and all("fell back" in n for n in ci.notes)


# ---------------------------------------------------------------------- (2) many clusters
def test_many_clusters_close_to_crv1():
    df = simulate_panel(60, 3, 6, beta=0.5, seed=21)
    res = fit(df, wild())
    crv = fit(df, {"CRV1": "iso3"}).tidy()
    tab = res.tidy()
    half = crv.ci_high[0] - crv.estimate[0]
    assert abs(tab.ci_low[0] - crv.ci_low[0]) <= 0.15 * half
    assert abs(tab.ci_high[0] - crv.ci_high[0]) <= 0.15 * half
    width_ratio = (tab.ci_high[0] - tab.ci_low[0]) / (crv.ci_high[0] - crv.ci_low[0])
    assert 0.85 <= width_ratio <= 1.15
    assert res.se["x"] == pytest.approx(crv.std_error[0])


# ---------------------------------------------------------------------- (3) coverage
@pytest.mark.slow
def test_coverage_with_12_clusters():
    """200 replications, 12 clusters, B = 199; binomial SD of the rate ~1.5 pp at 95%."""
    reps = 200
    covered = np.zeros(reps, dtype=bool)
    for i in range(reps):
        df = simulate_panel(12, 3, 6, beta=0.5, seed=50_000 + i)
        tab = fit(df, wild(reps=199, seed=i)).tidy()
        covered[i] = tab.ci_low[0] <= 0.5 <= tab.ci_high[0]
    assert covered.mean() >= 0.88, f"coverage {covered.mean():.3f}"
    assert covered.mean() <= 0.995


# ---------------------------------------------------------------------- (4) determinism
def test_same_seed_same_ci(few):
    df, res = few
    again = fit(df, wild())
    assert again.bootstrap["x"]["ci_low"] == res.bootstrap["x"]["ci_low"]
    assert again.bootstrap["x"]["ci_high"] == res.bootstrap["x"]["ci_high"]
    assert again.tidy().p_value[0] == res.tidy().p_value[0]
    other = fit(df, wild(seed=2))
    assert other.bootstrap["x"]["ci_low"] != res.bootstrap["x"]["ci_low"]
    # a different draw moves the bounds by bootstrap noise only
    se = res.se["x"]
    assert abs(other.bootstrap["x"]["ci_low"] - res.bootstrap["x"]["ci_low"]) < 0.3 * se


def test_few_cluster_interval_wider_than_normal(few):
    """10 clusters: the bootstrap interval is wider than +-1.96 SE and finite."""
    _, res = few
    tab = res.tidy()
    assert np.isfinite(tab.ci_low[0]) and np.isfinite(tab.ci_high[0])
    assert tab.ci_high[0] - tab.ci_low[0] > 2 * stats.norm.ppf(0.975) * tab.std_error[0]
