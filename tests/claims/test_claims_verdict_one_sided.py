"""One-sided references (issue 14): "greater than X" / "less than X" in the verdict rule.

Reference: the rule in :mod:`gvc.claims.verdict` (rule 3): consistent when the closed 95% CI lies
wholly on the claimed side of X, contradicted when wholly on the other side, inconclusive when it
contains X; mirrored for "less than"; ``greater_than`` 0 must agree with ``direction`` +1.
"""

from __future__ import annotations

import numpy as np
import pytest

from gvc.claims.verdict import CONSISTENT, CONTRADICTED, DIFFERS, INCONCLUSIVE, assess, verdict

NAN = float("nan")


class TestGreaterThan:
    def test_three_labels(self):
        assert verdict(55.0, 52.0, 58.0, 50, kind="greater_than") == CONSISTENT
        assert verdict(49.0, 47.0, 49.5, 50, kind="greater_than") == CONTRADICTED
        assert verdict(51.0, 48.0, 54.0, 50, kind="greater_than") == INCONCLUSIVE

    def test_a_point_estimate_below_x_is_not_different_magnitude(self):
        # the example: "more than half", estimate 49 with a CI holding 50
        v = assess(49.0, 45.0, 53.0, 50, kind="greater_than")
        assert v.label == INCONCLUSIVE and "threshold 50" in v.reason

    @pytest.mark.parametrize("lo,hi", [(50.0, 60.0), (40.0, 50.0), (50.0, 50.0)])
    def test_threshold_on_a_ci_bound_is_inside(self, lo, hi):
        assert verdict((lo + hi) / 2, lo, hi, 50, kind="greater_than") == INCONCLUSIVE

    def test_label_ignores_the_point_estimate_and_zero(self):
        # the same CI with different points inside it; a CI holding 0 does not matter
        for est in (-0.5, 0.0, 2.0):
            assert verdict(est, -1.0, 3.0, -2, kind="greater_than") == CONSISTENT
            assert verdict(est, -1.0, 3.0, 5, kind="greater_than") == CONTRADICTED

    def test_zero_threshold_matches_direction(self):
        rng = np.random.default_rng(14)
        for _ in range(500):
            c, h = rng.normal(0, 1), abs(rng.normal(0, 1))
            for sign, kind in ((1, "greater_than"), (-1, "less_than")):
                assert verdict(c, c - h, c + h, 0, kind=kind) == verdict(
                    c, c - h, c + h, sign, kind="direction"
                )


class TestLessThan:
    def test_mirror_of_greater_than(self):
        assert verdict(1.0, 0.5, 1.5, 2, kind="less_than") == CONSISTENT
        assert verdict(3.0, 2.5, 3.5, 2, kind="less_than") == CONTRADICTED
        assert verdict(2.0, 1.5, 2.5, 2, kind="less_than") == INCONCLUSIVE
        rng = np.random.default_rng(3)
        for _ in range(300):
            c, h, x = rng.normal(0, 2), abs(rng.normal(0, 1)), rng.normal(0, 2)
            # less than x on (lo, hi) is greater than -x on (-hi, -lo)
            assert verdict(c, c - h, c + h, x, kind="less_than") == verdict(
                -c, -c - h, -c + h, -x, kind="greater_than"
            )


class TestWithoutCi:
    def test_point_rule_against_the_half_line(self):
        assert verdict(51.2, NAN, NAN, 50, kind="greater_than") == CONSISTENT
        assert verdict(50.0, None, None, 50, kind="greater_than") == CONSISTENT
        assert verdict(49.0, None, None, 50, kind="greater_than") == DIFFERS
        assert verdict(49.0, None, None, 50, kind="greater_than", tolerance=1) == CONSISTENT
        assert verdict(2.5, None, None, 2, kind="less_than") == DIFFERS

    def test_missing_estimate_and_bad_inputs(self):
        assert verdict(None, None, None, 50, kind="greater_than") == "data unavailable"
        with pytest.raises(ValueError, match="one threshold"):
            verdict(55.0, 52.0, 58.0, (50, 60), kind="greater_than")
        with pytest.raises(ValueError, match="tolerance"):
            verdict(49.0, None, None, 50, kind="less_than", tolerance=-1)
