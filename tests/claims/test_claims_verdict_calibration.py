"""The verdict *labelling function* given correctly sized intervals (issue 10).

What this checks: :func:`gvc.claims.verdict.verdict` maps intervals to labels at the advertised
rates when the intervals are exactly right (estimates drawn around a known truth, CIs built from
the true or a chi-square-distributed SE with the matching normal/t critical value). What it does
NOT check: the coverage of the intervals the claim pipelines actually produce (clustered,
wild-bootstrap, HAC...); a label is only as calibrated as the interval fed to it. Coverage of
estimators is tested where they live (e.g. tests/claims/test_claims_trend.py, the estimator
Monte Carlo tests).

Reference: with a true value equal to the claim, a 95% CI covers the claim in 95% of draws, so the
rule must say ``consistent`` about 95% of the time (93-97% over 2,000 draws: +-4 binomial
standard errors of 0.49 pts) when the claim is far from 0 in standard errors; with a true value
of 0 and the claim far away, the CI contains 0 in 95% of draws and excludes the claim in all, so
``claimed size rejected, sign undetermined`` must come out about 95% of the time.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from gvc.claims.verdict import CONSISTENT, INCONCLUSIVE, SIZE_REJECTED, verdict

DRAWS = 2000


def labels(truth: float, claim: float, se: float, seed: int, df: int | None = None) -> np.ndarray:
    """Verdicts of ``DRAWS`` estimates ~ truth + se x (normal or t(df)) with CI est +- crit x se
    (intervals correct by construction: only the labelling is under test)."""
    rng = np.random.default_rng(seed)
    if df is None:
        est = truth + se * rng.standard_normal(DRAWS)
        crit = stats.norm.ppf(0.975)
        ses = np.full(DRAWS, se)
    else:  # an estimated SE: (est - truth) / se_hat ~ t(df)
        est = truth + se * rng.standard_normal(DRAWS)
        ses = se * np.sqrt(rng.chisquare(df, DRAWS) / df)
        crit = stats.t.ppf(0.975, df)
    return np.array(
        [verdict(e, e - crit * s, e + crit * s, claim) for e, s in zip(est, ses, strict=True)]
    )


@pytest.mark.parametrize("claim,seed", [(-0.8, 1), (0.5, 2), (-0.6, 3)])
def test_labelling_exact_ci_truth_equal_to_claim_is_consistent_95_percent(claim, seed):
    out = labels(claim, claim, abs(claim) / 8, seed=seed)
    share = (out == CONSISTENT).mean()
    assert 0.93 <= share <= 0.97, share


def test_labelling_exact_t_ci_with_estimated_se_is_consistent_95_percent():
    # few degrees of freedom (a 6-point trend: t(4)): coverage stays 95% with t critical values
    out = labels(-0.6, -0.6, 0.06, seed=11, df=4)
    assert 0.93 <= (out == CONSISTENT).mean() <= 0.97


def test_labelling_exact_wide_ci_truth_equal_to_claim_95_percent():
    # claim 1.5 SE from 0: the CI often holds 0 too; consistent + inconclusive = coverage
    out = labels(-0.6, -0.6, 0.4, seed=5)
    covered = np.isin(out, [CONSISTENT, INCONCLUSIVE]).mean()
    assert 0.93 <= covered <= 0.97, covered
    assert (out == CONSISTENT).mean() < 0.6  # power is low: many rows are inconclusive


@pytest.mark.parametrize("claim,seed", [(-0.8, 21), (0.5, 22)])
def test_labelling_exact_ci_truth_zero_claim_far_gives_the_rejection_label_95_percent(claim, seed):
    out = labels(0.0, claim, abs(claim) / 10, seed=seed)
    share = (out == SIZE_REJECTED).mean()
    assert 0.93 <= share <= 0.97, share
    # the rest are significant at 5% by chance, split by the CI's side, never "consistent"
    assert (out == CONSISTENT).sum() == 0
    rest = set(out[out != SIZE_REJECTED])
    assert rest <= {"same sign, different magnitude", "contradicted"}


@pytest.mark.parametrize("kind,seed", [("greater_than", 31), ("less_than", 32)])
def test_labelling_exact_ci_one_sided_truth_on_the_threshold_contradicted_2_5_percent(kind, seed):
    # true value = X: the CI misses X on the wrong side in 2.5% of draws (0-5% allowed, +-4 SE
    # of 0.35 pts), and is never consistent more often than that on the claimed side
    rng = np.random.default_rng(seed)
    est = 50 + 2.0 * rng.standard_normal(DRAWS)
    crit = stats.norm.ppf(0.975)
    out = np.array([verdict(e, e - crit * 2, e + crit * 2, 50, kind=kind) for e in est])
    assert 0.011 <= (out == "contradicted").mean() <= 0.039
    assert 0.011 <= (out == CONSISTENT).mean() <= 0.039
    assert 0.93 <= (out == INCONCLUSIVE).mean() <= 0.97


def test_labelling_exact_ci_one_sided_truth_far_on_the_claimed_side_is_consistent():
    # true value 4 SE above X: power of a 95% CI excluding X from below is about 98%
    rng = np.random.default_rng(33)
    est = 58 + 2.0 * rng.standard_normal(DRAWS)
    crit = stats.norm.ppf(0.975)
    out = np.array([verdict(e, e - crit * 2, e + crit * 2, 50, kind="greater_than") for e in est])
    power = stats.norm.sf(crit - 4)
    assert abs((out == CONSISTENT).mean() - power) < 0.02
    assert (out == "contradicted").sum() == 0
