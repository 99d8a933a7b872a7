"""Event studies around adoption: TWFE vs Sun-Abraham (saturated) vs Gardner/BJS (did2s).

Truth comes from simulated staggered-adoption panels: cohorts adopting in 2004, 2008, 2012 and
never, unit and year effects, effect 0 before adoption and 0.1 x k in the k-th adopted year
(k = rel_time + 1), times a cohort multiplier. With equal multipliers every estimator recovers
the path; with cohort-specific multipliers the plain TWFE leads/lags are contaminated
(Sun & Abraham 2021) and its pooled coefficient is far from the ATT, while the
heterogeneity-robust estimators are not. References: pyfixest's own ``saturated`` aggregation,
``event_study(estimator="did2s")`` and an ``i()`` TWFE regression.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pyfixest as pf
import pytest
from scipy import stats

from gvc.estimators import SpecificationError, compare, event_study
from gvc.estimators.specs import DYNAMIC_COLUMNS, EventStudyResult, event_study_plot

COHORTS = (2004, 2008, 2012, 0)
HETERO = {2004: 3.0, 2008: 1.0, 2012: 0.2}


def staggered_panel(n_units=300, slopes=None, cap=None, seed=0):
    """Balanced unit x year panel (2000-2015) with known dynamic effects ``tau``."""
    rng = np.random.default_rng(seed)
    years = np.arange(2000, 2016)
    g = rng.choice(COHORTS, size=n_units)
    u = np.repeat(np.arange(n_units), len(years))
    t = np.tile(years, n_units)
    gg = g[u]
    rel = np.where(gg > 0, t - gg, -999)
    k = rel + 1 if cap is None else np.minimum(rel + 1, cap)
    mult = np.array([(slopes or {}).get(c, 1.0) for c in gg])
    tau = np.where((gg > 0) & (rel >= 0), 0.1 * k * mult, 0.0)
    a = rng.normal(size=n_units)[u]
    d = (0.1 * (years - 2000) + rng.normal(size=len(years)))[t - 2000]
    y = a + d + tau + rng.normal(0, 0.5, len(u))
    return pd.DataFrame({"unit": u, "year": t, "g": gg, "y": y, "tau": tau})


def true_path(df, window=None):
    """Average effect over treated-cohort observations at each (binned) relative period."""
    tr = df[df.g > 0].assign(rel=lambda x: x.year - x.g)
    if window is not None:
        tr["rel"] = tr["rel"].clip(*window)
    return tr.groupby("rel")["tau"].mean(), tr.loc[tr.year >= tr.g, "tau"].mean()


def post_truth_wald_p(res: EventStudyResult, truth: pd.Series) -> float:
    """p-value of the joint test that every post-adoption estimate equals the truth."""
    fit = res.dynamic_fit
    terms = [t for t in fit.terms if int(t.split("::")[1]) >= 0]
    diff = fit.coef[terms].to_numpy() - truth.loc[[int(t.split("::")[1]) for t in terms]].to_numpy()
    v = fit.vcov_matrix.loc[terms, terms].to_numpy()
    w = float(diff @ np.linalg.solve(v, diff))
    return float(stats.chi2.sf(w, len(terms)))


def es(df, method, **kw):
    return event_study(df, "y", unit="unit", time="year", first_treated="g", method=method, **kw)


@pytest.fixture(scope="module")
def homog():
    return staggered_panel(seed=11)


@pytest.fixture(scope="module")
def hetero():
    return staggered_panel(slopes=HETERO, seed=1)


def test_dynamic_frame_shape_and_reference(homog):
    res = es(homog, "saturated")
    dyn = res.dynamic
    assert list(dyn.columns) == DYNAMIC_COLUMNS
    assert dyn.rel_time.tolist() == list(range(-12, 12))  # observed range, no binning
    ref = dyn.set_index("rel_time").loc[-1]
    assert ref.estimate == 0 and np.isnan(ref.std_error)
    assert (dyn.drop(index=dyn.index[dyn.rel_time == -1]).std_error > 0).all()
    assert res.tidy().term.tolist() == ["is_treated"] and res.vcov_type == "CRV1: unit"
    assert res.att_table.term.tolist() == ["is_treated"]


@pytest.mark.parametrize("method", ["twfe", "saturated", "did2s"])
def test_homogeneous_effects_recovered(homog, method):
    """Same effect path in every cohort: all three estimators recover 0.1 x k; leads ~ 0."""
    truth, att_truth = true_path(homog)
    res = es(homog, method)
    dyn = res.dynamic.set_index("rel_time")
    post = dyn[dyn.index >= 0]
    covered = (post.ci_low <= truth[post.index]) & (truth[post.index] <= post.ci_high)
    assert covered.mean() >= 0.8
    assert post_truth_wald_p(res, truth) > 0.001
    a = res.att_table.iloc[0]
    assert method == "twfe" or a.ci_low <= att_truth <= a.ci_high
    leads = dyn[dyn.index < -1]
    assert leads.estimate.abs().max() < 0.35  # effect at k = 1 is 0.1, at k = 12 it is 1.2
    assert res.pretrend_wald()["p_value"] > 0.01


def test_heterogeneous_timing_effects_bias_twfe_not_robust_estimators(hetero):
    """Cohort-specific effects (x3, x1, x0.2): plain TWFE is visibly biased (spurious pre-trends,
    pooled coefficient far below the ATT), saturated (Sun-Abraham) and did2s are not."""
    truth, att_truth = true_path(hetero)
    twfe, sat, did = (es(hetero, m) for m in ("twfe", "saturated", "did2s"))

    # TWFE: pooled coefficient excludes the ATT by a wide margin, leads jointly non-zero
    a = twfe.att_table.iloc[0]
    assert not a.ci_low <= att_truth <= a.ci_high
    assert att_truth - a.estimate > 0.5  # ATT ~ 1.08, TWFE ~ 0.3
    assert twfe.pretrend_wald()["p_value"] < 1e-6
    twfe_leads = twfe.dynamic[twfe.dynamic.rel_time < -1]
    assert twfe_leads.estimate.max() > 0.3

    for res in (sat, did):
        a = res.att_table.iloc[0]
        assert a.ci_low <= att_truth <= a.ci_high, res.method
        assert abs(a.estimate - att_truth) < 0.1
        assert res.pretrend_wald()["p_value"] > 0.01, res.method
        assert post_truth_wald_p(res, truth) > 0.001, res.method
        # robust estimators are much closer to the truth than TWFE at every horizon
        err = (res.dynamic.set_index("rel_time").estimate - truth).abs().dropna()
        err_twfe = (twfe.dynamic.set_index("rel_time").estimate - truth).abs().dropna()
        assert err.mean() < 0.5 * err_twfe.mean()


def test_saturated_matches_pyfixest_aggregate(hetero):
    res = es(hetero, "saturated")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = pf.event_study(
            hetero, yname="y", idname="unit", tname="year", gname="g", estimator="saturated"
        ).aggregate()
    ref.index = ref.index.astype(int)
    dyn = res.dynamic.set_index("rel_time").drop(index=-1)
    np.testing.assert_allclose(
        dyn.estimate, ref.loc[dyn.index, "Estimate"].astype(float), rtol=1e-6
    )
    np.testing.assert_allclose(
        dyn.std_error, ref.loc[dyn.index, "Std. Error"].astype(float), rtol=1e-6
    )
    cells = res.cells
    assert set(cells.cohort) == {2004, 2008, 2012}
    np.testing.assert_allclose(cells.groupby("rel_time").weight.sum(), 1.0)


def test_twfe_and_did2s_match_pyfixest(hetero):
    d = hetero.copy()
    d["rel"] = np.where(d.g > 0, d.year - d.g, -1)  # never-treated sit in the reference
    ref = pf.feols("y ~ i(rel, ref=-1) | unit + year", d, vcov={"CRV1": "unit"})
    twfe = es(hetero, "twfe", att=False)
    est = twfe.coef.to_numpy()
    np.testing.assert_allclose(est, ref.coef().to_numpy(), rtol=1e-7)
    np.testing.assert_allclose(twfe.se.to_numpy(), ref.se().to_numpy(), rtol=1e-6)
    assert twfe.terms[0] == "rel_time::-12"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref_did = pf.event_study(
            hetero, yname="y", idname="unit", tname="year", gname="g", estimator="did2s"
        )
    did = es(hetero, "did2s")
    assert did.coef["is_treated"] == pytest.approx(float(ref_did.coef().iloc[0]), rel=1e-8)
    assert did.se["is_treated"] == pytest.approx(float(ref_did.se().iloc[0]), rel=1e-6)
    assert did.df_t == hetero.unit.nunique() - 1


@pytest.mark.parametrize("method", ["twfe", "saturated", "did2s"])
def test_binned_endpoints(method):
    """Effects plateau at 0.5 after 5 adopted years, so binning lags at +4 is correct."""
    df = staggered_panel(cap=5, seed=4)
    truth, _ = true_path(df, window=(-4, 4))
    res = es(df, method, window=(-4, 4))
    dyn = res.dynamic.set_index("rel_time")
    assert dyn.index.tolist() == list(range(-4, 5)) and res.window == (-4, 4)
    assert any("binned" in n for n in res.notes)
    post = dyn[dyn.index >= 0]
    assert ((post.ci_low <= truth[post.index]) & (truth[post.index] <= post.ci_high)).mean() >= 0.8
    assert post_truth_wald_p(res, truth) > 0.001
    assert dyn.loc[4].estimate == pytest.approx(0.5, abs=0.1)
    assert dyn.loc[-4].estimate == pytest.approx(0.0, abs=0.1)


def test_event_study_plot_and_tables(hetero, tmp_path):
    res = [es(hetero, m) for m in ("twfe", "saturated", "did2s")]
    truth, _ = true_path(hetero)
    out = tmp_path / "es.png"
    fig = event_study_plot(res, out, ylabel="Effect on y (pp of youth unemployment)", truth=truth)
    assert out.exists() and out.stat().st_size > 10_000
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "pp" in fig.axes[0].get_ylabel()
    fig2 = res[1].plot()
    assert "units of y" in fig2.axes[0].get_ylabel()
    assert "relative to adoption" in fig2.axes[0].get_xlabel()
    md = compare(res).to_markdown()
    assert "is_treated" in md


def test_event_study_bad_input(homog):
    with pytest.raises(SpecificationError, match="method must be one of"):
        es(homog, "cs")
    with pytest.raises(SpecificationError, match="reference period"):
        es(homog, "twfe", window=(0, 4))
    with pytest.raises(SpecificationError, match="never-treated"):
        es(homog[homog.g > 0], "did2s")
    bad = homog.copy()
    bad.loc[0, "g"] = 2010
    with pytest.raises(SpecificationError, match="constant within"):
        es(bad, "saturated")
