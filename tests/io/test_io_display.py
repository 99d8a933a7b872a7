"""Rich display of ICIO tables and verdict objects in Jupyter (``_repr_html_``)."""

from __future__ import annotations

import io
import warnings

import numpy as np
import pandas as pd
import pytest

import gvc
from gvc.io.icio import ICIO


def _table(negative: bool = False) -> ICIO:
    rng = np.random.default_rng(3)
    countries, industries = ["AAA", "BBB", "CCC"], ["s1", "s2"]
    Z = rng.uniform(1, 5, (6, 6))
    if negative:
        Z[0, 1] = -0.5
    F = rng.uniform(5, 10, (6, 3))
    return ICIO(Z, F, countries, industries, groups={"AB": ["AAA", "BBB"]})


def test_icio_summary_states_the_accounting_totals():
    t = _table()
    facts = t.summary_frame()["value"]
    x, va, fd = (
        float(facts[k].replace(",", ""))
        for k in ("gross output (sum of x)", "value added (sum of va)", "final demand (sum of F)")
    )
    assert x == pytest.approx(t.x.sum(), rel=1e-5)
    # GDP identity: world value added equals world final demand
    assert va == pytest.approx(fd, rel=1e-5)
    assert facts["group AB"].startswith("2 members")
    assert facts["countries"].startswith("3: AAA, BBB, CCC")
    html = t._repr_html_()
    assert "<table" in html and "group AB" in html


def test_icio_summary_counts_negative_cells():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the negative cell may be warned about; counted here
        t = _table(negative=True)
    assert t.summary_frame().loc["negative intermediate cells", "value"] == "1"


def test_verdict_estimate_and_claim_display_as_tables():
    claim = gvc.Claim(
        id="robots-half",
        text="China installed more than half",
        kind="greater_than",
        value=50,
        unit="pct",
        source="IFR World Robotics 2024",
    )
    est = gvc.Estimate(55.0, 51.0, 59.0, n_obs=2, data="IFR")
    verdict = gvc.assess(claim, est)
    for obj in (claim, est, verdict):
        assert "<table" in obj._repr_html_()
    assert "&gt; 50 pct (greater_than)" in claim._repr_html_()
    assert verdict.label in verdict._repr_html_()
    frame = pd.read_html(io.StringIO(est._repr_html_()))[0]
    assert frame["estimate"].iloc[0] == pytest.approx(55.0)
