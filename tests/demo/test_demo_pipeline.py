"""Full chain on the demo world: tables -> IO engine -> panel -> regression -> verdict, checked
against the demo's known truth (issue: demo world validation)."""

from __future__ import annotations

import pytest

from gvc.demo.pipeline import run_demo


@pytest.fixture(scope="module")
def res():
    return run_demo(seed=0)


def test_iv_recovers_truth_and_ols_is_biased(res):
    rows = res.rows
    iv = rows[(rows.claim_id == "D1") & rows.specification.str.startswith("2SLS")].iloc[0]
    ols = rows[(rows.claim_id == "D1") & rows.specification.str.startswith("OLS")].iloc[0]
    beta = res.world.truth["beta"]
    assert iv.ci_low <= beta <= iv.ci_high and iv.verdict == "consistent"
    # the confounder pushes OLS up, by design, and far enough that its CI excludes the truth
    assert ols.ci_low > beta and ols.verdict != "consistent"


def test_engine_measure_recovers_leontief_estimand(res):
    d2 = res.rows[res.rows.claim_id == "D2"].iloc[0]
    target = res.world.truth["leontief_iv_estimand"]
    assert d2.ci_low <= target <= d2.ci_high


def test_panel_is_labelled_and_keyed(res):
    p = res.panel
    assert p.attrs["label"] == "SYNTHETIC DEMO DATA - not evidence"
    assert set(p.source) == {"synthetic_demo"}
    assert not p.duplicated(["iso3", "industry", "year", "measure"]).any()
    assert len(p.year.unique()) == 15
