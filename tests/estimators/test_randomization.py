"""Randomization inference over treatment assignments (issue 20, few treated clusters), and the
regression table printing the interval that decides."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from gvc.estimators import compare, feols
from gvc.estimators.randomization import randomization_inference


def panel(effect: float, seed: int = 0, units: int = 12, years: int = 10) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for u in range(units):
        a = rng.normal()
        for t in range(years):
            x = rng.normal()
            post = float(t >= years // 2)
            high = float(u < 3)
            y = a + 0.1 * t + 0.8 * x + effect * x * high * post + rng.normal(scale=0.5)
            rows.append(
                {"unit": f"u{u:02d}", "year": t, "y": y, "x": x, "post": post, "high": high}
            )
    d = pd.DataFrame(rows)
    return d.assign(x_post=d["x"] * d["post"])


FORMULA = "y ~ x + x:post + x:high + x:high:post + high:post | unit + year"


def ri(d: pd.DataFrame):
    return randomization_inference(
        d, y="y", controls=["x", "x_post"], interacted=["x", "x_post", "post"],
        target="x_post", unit="unit", treated={"u00", "u01", "u02"}, fe=("unit", "year"),
    )  # fmt: skip


def test_observed_assignment_reproduces_the_regression():
    d = panel(-1.0)
    res = ri(d)
    fit = feols(FORMULA, d, "iid")
    assert res.estimate == pytest.approx(fit.coef["x:high:post"], rel=1e-7)
    assert res.exact and res.n_assignments == math.comb(12, 3) and res.n_treated == 3
    assert len(res.draws) == res.n_assignments


def test_p_values_and_mde():
    strong, null = ri(panel(-2.0, seed=1)), ri(panel(0.0, seed=2))
    assert strong.p_two_sided < 0.05 and strong.p_claimed < 0.05
    assert null.p_two_sided > 0.05
    assert 1 / null.n_assignments <= null.p_two_sided <= 1
    assert 0 < null.mde < 10 * null.critical and "randomization inference over all 220" in (
        null.words()
    )
    assert list(null.table().columns)[:3] == ["estimate", "p_two_sided", "p_claimed_direction"]


def test_wild_column_prints_the_bootstrap_interval_and_says_so():
    d = panel(-1.0)
    wild = feols(FORMULA, d, {"wild": {"cluster": "unit", "reps": 999, "seed": 1}})
    crv = feols(FORMULA, d, {"CRV1": "unit"})
    tab = compare([wild, crv], names=["wild", "crv1"])
    t = wild.tidy().set_index("term").loc["x:high:post"]
    md = tab.to_markdown()
    assert f"[{t['ci_low']:.3f}, {t['ci_high']:.3f}]" in md  # the interval that decides
    assert "| 95% CI | wild cluster bootstrap by unit, 999 draws, test inversion |" in md
    assert "CRV1: unit" in tab.frame.loc["Std. errors", "wild"]
    assert "not the interval that decides" in tab.note
