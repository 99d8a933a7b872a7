"""Rounded intervals never contradict the verdict they explain (referee's edge cases): a bound
that excludes 0 or the claimed value must still do so once printed."""

from __future__ import annotations

import re

import numpy as np
import pytest

from gvc.claims.rounding import ci_decimals, ci_text, reference_points
from gvc.claims.verdict import assess
from gvc.report.model import estimate_texts


@pytest.mark.parametrize(
    ("lo", "hi", "ref", "printed"),
    [
        (0.04, 3.1, 1.0, "[0.04, 3.10]"),  # consistent: must not print 0.0
        (-3.1, -0.84, -0.8, "[-3.10, -0.84]"),  # excludes -0.8: must not print -0.8
        (0.3, 19.9, 20.0, "[0.3, 19.9]"),  # excludes 20 and 0
        (-3.1, -0.04, 1.0, "[-3.10, -0.04]"),  # no "-0.0"
        (-1.63, 1.44, -0.8, "[-1.6, 1.4]"),  # the plain rule where nothing is at stake
    ],
)
def test_printed_interval_keeps_its_relations(lo, hi, ref, printed):
    assert ci_text(lo, hi, (ref,)) == printed
    reason = assess((lo + hi) / 2, lo, hi, ref).reason
    assert printed in reason
    assert estimate_texts((lo + hi) / 2, lo, hi, f"{ref:g}")[1] == printed


def test_rounding_never_moves_a_bound_across_a_point_random():
    rng = np.random.default_rng(7)
    for _ in range(2000):
        lo, hi = np.sort(rng.normal(0, 2, 2))
        ref = float(rng.normal(0, 2))
        d = ci_decimals(lo, hi, (ref,))
        if d is None:
            continue
        for p in (0.0, ref):
            for x in (lo, hi):
                assert np.sign(round(x, d) - p) == np.sign(x - p)


def test_tiny_interval_uses_significant_digits_and_zero_has_no_sign():
    assert ci_text(-1e-9, 1e-9) == "[-1e-09, 1e-09]"
    assert ci_text(-0.001, 2.5) == "[-0.001, 2.500]"  # not "[-0.0, 2.5]"
    assert ci_text(-0.0, 2.5) == "[0.0, 2.5]"  # a signed zero prints without its sign
    assert not re.search(r"-0\.0+\b", assess(1.2, -0.0, 2.5, 1.0).reason)


def test_reference_points_parse_the_ledger_text():
    assert reference_points("[15, 20]") == (15.0, 20.0)
    assert reference_points("> 0") == (0.0,)
    assert reference_points("-0.8") == (-0.8,)
    assert reference_points(float("nan")) == ()


@pytest.mark.parametrize(
    ("est", "lo", "hi", "printed"),
    [
        (0.066892, -5.5694, 6.80135, "0.07"),  # CI supports 0 decimals; 0.067 is not 0
        (0.144428, -5.50419, 6.73521, "0.1"),
        (0.040155, -0.259808, 0.482946, "0.04"),  # CI supports 2 decimals already
        (0.0401, -0.2598, 0.9829, "0.04"),  # 1 decimal would print 0.0
        (-0.0004, -5.5, 6.8, "-0.0004"),
        (12.3, -5.5, 60.8, "12"),  # rounds to a nonzero number: the CI's precision is kept
        (0.0, -1.0, 1.0, "0.0"),  # a true zero stays at the CI's precision
    ],
)
def test_a_nonzero_estimate_keeps_a_significant_digit(est, lo, hi, printed):
    """Estimates are rounded to what their CI supports (two significant digits of its width)
    but never to 0 when they are not 0: at least one significant digit (hand-computed)."""
    assert estimate_texts(est, lo, hi, "-0.8")[0] == printed
