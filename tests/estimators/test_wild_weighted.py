"""The weighted wild cluster bootstrap (SYNTHETIC panels) against the full-dummy bootstrap.

Fixed effects nested in the clusters are partialled out exactly; the others (industry x year
with country clusters) must stay in the bootstrap design. Partialling them out once before the
draws (gvc's earlier shortcut) moved the CI bounds by up to 15% of the width."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from wild_panels import panel

from gvc.estimators import feols
from gvc.estimators.wild import wild_test
from gvc.estimators.wild_weighted import weighted_design

SEED = 20240501
NULLS = (0.0, -0.5, -0.8, -1.0, -1.2)


def full_dummy_test(d: pd.DataFrame):
    """gvc's wild_test on the explicit design (x and every fixed effect as dummies), rows
    scaled by sqrt(weight): the textbook WCR bootstrap of the WLS fit."""
    dummies = pd.get_dummies(d[["ci", "ct", "it"]], dtype=float)
    X = np.column_stack([d["x"].to_numpy(float), dummies.to_numpy()])
    s = np.sqrt(d["w"].to_numpy(float))
    return wild_test(
        X * s[:, None], d["y"].to_numpy(float) * s, d["iso3"].to_numpy(), 0, reps=999, seed=SEED
    )


def weighted_fit(d: pd.DataFrame):
    opts = {"wild": {"cluster": "iso3", "reps": 999, "seed": SEED, "weights_type": "webb"}}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return feols("y ~ x | ci + ct + it", d, opts, weights="w")


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("unit", [True, False])
def test_weighted_wild_equals_the_full_dummy_bootstrap(seed, unit):
    d = panel(seed, unit)
    fit = weighted_fit(d)
    boot = fit.bootstrap["x"]["test"]
    ref = full_dummy_test(d)
    assert boot.estimate == pytest.approx(ref.estimate, rel=1e-9)
    # the same draws: the same p-value at every null, and so the same interval
    for r in NULLS:
        assert boot.p_value(r) == pytest.approx(ref.p_value(r), abs=1e-9), r
    ci, ref_ci = fit.tidy().set_index("term").loc["x"], ref.ci()
    assert ci.ci_low == pytest.approx(ref_ci.low, abs=1e-6)
    assert ci.ci_high == pytest.approx(ref_ci.high, abs=1e-6)


def test_unit_weights_equal_the_unweighted_bootstrap():
    """With weights 1 the weighted path equals gvc's unweighted bootstrap (pyfixest's one-hot
    design, itself checked against wildboottest in test_wild_ci.py)."""
    d = panel(3, unit=True)
    opts = {"wild": {"cluster": "iso3", "reps": 999, "seed": SEED, "weights_type": "webb"}}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        plain = feols("y ~ x | ci + ct + it", d, opts)
    a = weighted_fit(d).tidy().set_index("term").loc["x"]
    b = plain.tidy().set_index("term").loc["x"]
    assert a.ci_low == pytest.approx(b.ci_low, abs=1e-6)
    assert a.ci_high == pytest.approx(b.ci_high, abs=1e-6)
    assert a.p_value == pytest.approx(b.p_value, abs=1e-9)


def test_only_fixed_effects_nested_in_the_clusters_are_partialled_out():
    d = panel(4, unit=False)
    x = d[["x"]].to_numpy()
    des = weighted_design(d, d.y, x, ["x"], ("ci", "ct", "it"), "iso3", d.w)
    assert des.nested == ("ci", "ct") and des.kept == ("it",)
    # 8 x 10 industry-year dummies less the industry and year sums, which ci and ct absorb
    assert des.X.shape[1] == 1 + 7 * 9
    ld = weighted_design(d, d.y, x, ["x"], ("iso3", "industry"), "iso3", d.w)
    assert ld.nested == ("iso3",) and ld.kept == ("industry",) and ld.X.shape[1] == 1 + 7


def test_bad_weights_are_named_with_their_rows():
    """A zero or missing weight is one error naming how many rows, which, and what to do."""
    from gvc.estimators.errors import SpecificationError

    d = panel(5, unit=False)
    w = d.w.to_numpy().copy()
    w[[3, 40]] = [0.0, np.nan]
    with pytest.raises(SpecificationError) as e:
        weighted_design(d, d.y, d[["x"]].to_numpy(), ["x"], ("ci",), "iso3", w)
    msg = str(e.value)
    assert "2 of 960 rows are zero, negative or not finite" in msg and "rows [3, 40]" in msg
    assert "\n" not in msg
