"""The verdict rule: every branch and edge (NaN, reference on a CI bound, ranges, directions).

Test names carry the branch of :mod:`gvc.claims.verdict`'s interval rule they exercise (a-e for
signed references; unsigned references, i.e. ranges containing 0, in ``TestUnsignedReference``).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from gvc.claims.ledger import LEDGER_COLUMNS, format_reference, ledger_row, untested_rows
from gvc.claims.registry import CLAIMS, ReferenceValue, get_claim
from gvc.claims.verdict import VERDICTS, assess, headline, verdict

NAN = float("nan")


class TestInterval:
    """Signed references: R = reference meets the CI, Z = 0 inside the CI (rules 1a-1e)."""

    # reference -0.8 (C1's points-on-points reading)
    def test_b_consistent_reference_inside_significant(self):
        v = assess(-0.7, -1.0, -0.4, -0.8)
        assert v.label == "consistent" and "excludes 0" in v.reason

    @pytest.mark.parametrize("lo,hi", [(-0.8, -0.2), (-1.5, -0.8)])
    def test_b_reference_on_ci_bound_counts_as_inside(self, lo, hi):
        assert verdict((lo + hi) / 2, lo, hi, -0.8) == "consistent"

    def test_b_degenerate_ci_equal_to_reference(self):
        assert verdict(-0.8, -0.8, -0.8, -0.8) == "consistent"

    def test_a_inconclusive_ci_holds_zero_and_reference(self):
        v = assess(-0.3, -1.2, 0.6, -0.8)
        assert v.label == "inconclusive" and "both 0 and the reference" in v.reason

    @pytest.mark.parametrize(
        "est,lo,hi",
        [
            (-0.5, -1.0, 0.0),  # 0 on the upper bound counts as inside
            (-0.4, -0.8, 0.0),  # reference and 0 both on a bound
            (0.3, -0.8, 1.0),  # estimate of the other sign, CI reaches the reference
        ],
    )
    def test_a_bounds_are_closed(self, est, lo, hi):
        assert verdict(est, lo, hi, -0.8) == "inconclusive"

    def test_d_same_sign_different_magnitude_needs_ci_excluding_zero(self):
        v = assess(-0.2, -0.3, -0.1, -0.8)
        assert v.label == "same sign, different magnitude"
        assert "on the claim's side" in v.reason

    def test_d_same_sign_larger_magnitude(self):
        assert verdict(-2.0, -2.5, -1.5, -0.8) == "same sign, different magnitude"

    @pytest.mark.parametrize(
        "est,lo,hi",
        [
            (-0.1, -0.3, 0.1),  # estimate of the claim's sign
            (0.12, -0.2, 0.44),  # estimate of the other sign
            (0.0, -0.1, 0.1),  # estimate exactly 0
            (-0.2, -0.4, 0.0),  # 0 on the CI bound counts as inside
        ],
    )
    def test_c_one_label_whatever_the_point_estimate_sign(self, est, lo, hi):
        # issue 10: -0.02 and +0.12 with the same rejection pattern got different labels
        v = assess(est, lo, hi, -0.8)
        assert (
            v.label == "claimed size rejected, sign undetermined"
            and "sign undetermined" in v.reason
        )

    def test_e_contradicted_needs_ci_excluding_zero_on_the_other_side(self):
        v = assess(0.5, 0.2, 0.8, -0.8)
        assert v.label == "contradicted" and "other side of 0" in v.reason

    def test_label_depends_on_the_ci_not_the_point_estimate(self):
        # an estimate outside its own CI (odd CIs, e.g. bootstrap inversion) cannot move the label
        assert verdict(0.0, 0.1, 0.3, -0.8) == "contradicted"
        assert verdict(-5.0, 0.1, 0.3, -0.8) == "contradicted"
        assert verdict(5.0, -0.3, -0.1, -0.8) == "same sign, different magnitude"

    def test_positive_reference_all_branches(self):
        # C4: +0.5 pts youth unemployment per pt robot penetration
        assert verdict(0.45, 0.3, 0.6, 0.5) == "consistent"  # b
        assert verdict(0.2, -0.1, 0.6, 0.5) == "inconclusive"  # a
        assert verdict(2.0, 1.5, 2.5, 0.5) == "same sign, different magnitude"  # d
        assert verdict(0.1, -0.1, 0.3, 0.5) == "claimed size rejected, sign undetermined"  # c
        assert verdict(-0.1, -0.3, 0.2, 0.5) == "claimed size rejected, sign undetermined"  # c
        assert verdict(-1.0, -1.5, -0.5, 0.5) == "contradicted"  # e

    def test_signed_range_reference(self):
        double = (10, 100)  # "double digits"
        assert verdict(12.0, 11.0, 13.0, double) == "consistent"
        assert verdict(9.0, 8.0, 10.0, double) == "consistent"  # range bound on CI bound
        assert verdict(5.0, 4.0, 6.0, double) == "same sign, different magnitude"
        assert verdict(5.0, -1.0, 11.0, double) == "inconclusive"  # a: holds 0 and the range
        assert verdict(-5.0, -6.0, -4.0, double) == "contradicted"
        assert verdict(-5.0, -8.0, 2.0, double) == "claimed size rejected, sign undetermined"
        negative = (-1.0, -0.5)
        assert verdict(-0.7, -0.9, -0.6, negative) == "consistent"
        assert verdict(-0.2, -0.3, -0.1, negative) == "same sign, different magnitude"
        assert verdict(0.4, 0.2, 0.6, negative) == "contradicted"

    def test_claim_type_aliases(self):
        for kind in ("effect", "trend", "share", "gap", "interval"):
            assert verdict(-0.7, -1.0, -0.4, -0.8, kind=kind) == "consistent"
            assert (
                verdict(0.1, -0.2, 0.4, -0.8, kind=kind)
                == "claimed size rejected, sign undetermined"
            )

    def test_no_ci_without_tolerance_is_inconclusive(self):
        assert verdict(-0.7, NAN, NAN, -0.8) == "inconclusive"
        assert verdict(-0.7, None, -0.4, -0.8) == "inconclusive"
        assert verdict(-0.7, -1.0, NAN, -0.8) == "inconclusive"

    def test_no_ci_with_tolerance_falls_back_to_point(self):
        assert verdict(-0.7, NAN, NAN, -0.8, tolerance=0.2) == "consistent"
        assert verdict(-0.3, NAN, NAN, -0.8, tolerance=0.2) == "differs"
        assert verdict(0.3, NAN, NAN, -0.8, tolerance=0.2) == "differs"


class TestUnsignedReference:
    """References whose range contains 0 (0 itself, "single digits" = [-10, 10]) have no sign:
    CI meets the range -> consistent, CI wholly outside (hence excluding 0) -> contradicted."""

    SINGLE = (-10, 10)

    @pytest.mark.parametrize(
        "est,lo,hi",
        [
            (0.9, 0.2, 1.6),  # inside, significant
            (0.9, -3.0, 4.8),  # inside and holds 0: not inconclusive, 0 is part of the claim
            (11.0, 9.0, 13.0),  # overlaps the upper end
            (-12.0, -14.0, -10.0),  # lower end on a CI bound
            (0.0, -20.0, 20.0),  # CI wider than the range
        ],
    )
    def test_ci_meeting_the_range_is_consistent(self, est, lo, hi):
        v = assess(est, lo, hi, self.SINGLE)
        assert v.label == "consistent" and "contains 0" in v.reason

    @pytest.mark.parametrize(
        "est,lo,hi,where", [(15.0, 12.0, 18.0, "above"), (-15.0, -18.0, -12.0, "below")]
    )
    def test_ci_outside_the_range_is_contradicted_either_side(self, est, lo, hi, where):
        v = assess(est, lo, hi, self.SINGLE)
        assert v.label == "contradicted" and f"entirely {where} the reference" in v.reason

    def test_never_same_sign_different_magnitude(self):
        labels = {
            verdict(e, e - 1, e + 1, self.SINGLE) for e in (-30.0, -12.0, 0.0, 5.0, 12.0, 30.0)
        }
        assert "same sign, different magnitude" not in labels
        assert "inconclusive" not in labels

    def test_zero_reference(self):
        # a claim of no effect: CI holding 0 is consistent, CI excluding 0 contradicts it
        assert verdict(0.05, -0.1, 0.2, 0.0) == "consistent"
        assert verdict(0.05, 0.0, 0.2, 0.0) == "consistent"  # 0 on the bound
        assert verdict(0.5, 0.2, 0.8, 0.0) == "contradicted"
        assert verdict(-0.5, -0.8, -0.2, 0.0) == "contradicted"

    def test_one_sided_range_from_zero(self):
        # "under 30% of standard-setting seats" = [0, 30] contains 0: unsigned
        assert verdict(20.0, 15.0, 25.0, (0, 30)) == "consistent"
        assert verdict(2.0, -1.0, 5.0, (0, 30)) == "consistent"
        assert verdict(40.0, 35.0, 45.0, (0, 30)) == "contradicted"
        assert verdict(-4.0, -5.0, -3.0, (0, 30)) == "contradicted"


class TestDirection:
    def test_consistent_and_contradicted(self):
        assert verdict(0.4, 0.1, 0.7, 1, kind="direction") == "consistent"
        assert verdict(-0.4, -0.7, -0.1, 1, kind="direction") == "contradicted"
        assert verdict(-0.4, -0.7, -0.1, -1, kind="direction") == "consistent"

    def test_inconclusive_when_ci_includes_zero_or_missing(self):
        assert verdict(0.4, -0.1, 0.9, 1, kind="direction") == "inconclusive"
        assert verdict(0.4, 0.0, 0.9, 1, kind="direction") == "inconclusive"
        assert verdict(0.4, NAN, NAN, 1, kind="direction") == "inconclusive"

    def test_zero_direction_is_an_error(self):
        with pytest.raises(ValueError, match="direction"):
            verdict(0.4, 0.1, 0.7, 0, kind="direction")


class TestPoint:
    """Levels and shares: consistent within the tolerance, else differs; never sign words."""

    def test_exact_and_tolerance(self):
        assert verdict(2010, NAN, NAN, 2010, kind="descriptive") == "consistent"
        assert verdict(2011, NAN, NAN, 2010, kind="point", tolerance=1) == "consistent"
        v = assess(2012, NAN, NAN, 2010, kind="point", tolerance=1)
        assert v.label == "differs" and "tolerance 1" in v.reason and "is 2 from" in v.reason

    def test_tolerance_boundary_is_inside(self):
        assert verdict(19.7, NAN, NAN, 18.7, kind="point", tolerance=1.0) == "consistent"

    def test_share_far_above_claim_differs_without_sign_words(self):
        # issue 10: the 2015 level share of 41.1% against 18.7% was "same sign, ..."
        v = assess(41.1, None, None, 18.7, kind="point", tolerance=1.0)
        assert v.label == "differs"
        assert "sign" not in v.reason and "tolerance 1" in v.reason

    def test_ranges(self):
        single = (-10, 10)
        assert verdict(0.9, None, None, single, kind="point") == "consistent"
        assert verdict(10.0, None, None, single, kind="point") == "consistent"  # closed
        assert verdict(-10.0, None, None, single, kind="point") == "consistent"
        assert verdict(15.0, None, None, single, kind="point") == "differs"
        assert verdict(-15.0, None, None, single, kind="point") == "differs"
        assert verdict(11.0, None, None, single, kind="point", tolerance=1) == "consistent"
        double = (10, 100)
        assert verdict(10.1, None, None, double, kind="point") == "consistent"
        for est in (5.0, 0.0, -12.0, 150.0):
            assert verdict(est, None, None, double, kind="point") == "differs"

    def test_zero_reference(self):
        assert verdict(0.0, None, None, 0.0, kind="point") == "consistent"
        assert verdict(0.05, None, None, 0.0, kind="point", tolerance=0.1) == "consistent"
        assert verdict(0.5, None, None, 0.0, kind="point", tolerance=0.1) == "differs"

    def test_point_labels_are_two(self):
        labels = {
            verdict(e, None, None, r, kind="point", tolerance=t)
            for e in (-50.0, -0.8, 0.0, 0.5, 18.7, 41.1)
            for r in (-0.8, 18.7, (10, 100), (-10, 10))
            for t in (0.0, 1.0)
        }
        assert labels == {"consistent", "differs"}

    def test_ci_is_ignored(self):
        assert verdict(1.0, 0.0, 2.0, 1.0, kind="point") == "consistent"

    def test_negative_tolerance_rejected(self):
        with pytest.raises(ValueError, match="tolerance"):
            verdict(1.0, NAN, NAN, 1.0, kind="point", tolerance=-1)


class TestMissingAndErrors:
    @pytest.mark.parametrize("est", [None, NAN, float("nan")])
    def test_missing_estimate_is_data_unavailable(self, est):
        assert verdict(est, NAN, NAN, -0.8) == "data unavailable"
        assert verdict(est, NAN, NAN, 1, kind="direction") == "data unavailable"

    def test_not_testable_wins(self):
        assert verdict(-0.8, -1, -0.5, -0.8, testable=False) == "not testable"
        assert verdict(None, None, None, None, kind="not testable") == "not testable"

    def test_missing_estimate_wins_over_ci_and_reference(self):
        assert verdict(NAN, -1.0, 1.0, -0.8) == "data unavailable"
        assert verdict(None, -1.0, 1.0, (-10, 10)) == "data unavailable"
        # the reference is not needed when there is no estimate
        assert verdict(None, None, None, None) == "data unavailable"

    def test_bad_inputs(self):
        with pytest.raises(ValueError, match="ci_low"):
            verdict(0.0, 1.0, -1.0, 0.5)
        with pytest.raises(ValueError, match="NaN"):
            verdict(0.0, -1.0, 1.0, NAN)
        with pytest.raises(ValueError, match="NaN"):
            verdict(0.0, -1.0, 1.0, (NAN, 1.0))
        with pytest.raises(ValueError, match="None"):
            verdict(0.0, -1.0, 1.0, None)
        with pytest.raises(ValueError, match="kind"):
            verdict(0.0, -1.0, 1.0, 0.5, kind="vibes")
        with pytest.raises(ValueError, match="low"):
            verdict(0.0, -1.0, 1.0, (5, 1))
        with pytest.raises(ValueError):
            verdict(0.0, -1.0, 1.0, (1, 2, 3))
        with pytest.raises(ValueError, match="tolerance"):
            verdict(0.0, NAN, NAN, 1.0, tolerance=NAN)

    def test_labels_are_the_documented_ten(self):
        # issue 20 added two labels that no (estimate, CI, reference) gives by itself: a ledger
        # row gets "descriptive" (fewer than 8 time points) or "not comparable" (another period
        # or construct) before the rule (tests/claims/test_claims_comparability.py); assess()
        # still gives the eight.
        assert len(VERDICTS) == 10
        seen = {
            verdict(-0.7, -1.0, -0.4, -0.8),
            verdict(-0.2, -0.3, -0.1, -0.8),
            verdict(0.5, 0.2, 0.8, -0.8),
            verdict(-0.3, -1.2, 0.6, -0.8),
            verdict(0.1, -0.2, 0.4, -0.8),
            verdict(41.1, None, None, 18.7, kind="point", tolerance=1),
            verdict(None, None, None, -0.8),
            verdict(1, 0, 2, 1, testable=False),
        }
        assert seen == set(VERDICTS) - {"descriptive", "not comparable"}


class TestSymmetry:
    """Issue 10: no two CIs with the same rejection pattern carry different labels."""

    def test_label_is_a_function_of_the_rejection_pattern(self):
        import numpy as np

        from gvc.claims.verdict import rejects

        rng = np.random.default_rng(10)
        seen: dict[tuple, str] = {}
        for ref in (-0.8, 0.5, (10.0, 100.0), (-1.0, -0.5)):
            for _ in range(3000):
                centre, half = rng.normal(0, 2), abs(rng.normal(0, 1.5))
                est = centre + rng.uniform(-half, half)  # any point inside the CI
                lo, hi = centre - half, centre + half
                key = (ref, *rejects(lo, hi, ref))
                label = verdict(est, lo, hi, ref)
                assert seen.setdefault(key, label) == label, key
        # each signed reference reaches all five interval labels
        assert {v for k, v in seen.items() if k[0] == -0.8} == {
            "consistent",
            "inconclusive",
            "claimed size rejected, sign undetermined",
            "same sign, different magnitude",
            "contradicted",
        }


class TestHeadline:
    ORDER = ["primary", "second", "third"]

    def rows(self, *verdicts, specs=None):
        specs = specs or self.ORDER[: len(verdicts)]
        return pd.DataFrame({"specification": specs, "verdict": list(verdicts)})

    def test_primary_with_estimate_heads(self):
        h = headline(self.rows("inconclusive", "consistent", "contradicted"), self.ORDER)
        assert h["specification"] == "primary" and h["verdict"] == "inconclusive"

    def test_registry_order_not_row_order(self):
        rows = self.rows("consistent", "contradicted", specs=["second", "primary"])
        assert headline(rows, self.ORDER)["specification"] == "primary"
        # without an order the rows' own order is used
        assert headline(rows)["specification"] == "second"

    def test_falls_back_when_primary_has_no_estimate(self):
        h = headline(self.rows("data unavailable", "not testable", "contradicted"), self.ORDER)
        assert h["specification"] == "third" and h["verdict"] == "contradicted"

    def test_unlisted_specs_come_last(self):
        rows = self.rows("consistent", "contradicted", specs=["extra", "third"])
        assert headline(rows, self.ORDER)["specification"] == "third"

    def test_no_estimates(self):
        h = headline(self.rows("not testable", "data unavailable"), self.ORDER)
        assert h["verdict"] == "data unavailable" and h["specification"] == "second"
        h = headline(self.rows("not testable"), self.ORDER)
        assert h["verdict"] == "not testable"

    def test_accepts_records_and_validates(self):
        recs = [{"specification": "primary", "verdict": "consistent"}]
        assert headline(recs, self.ORDER)["verdict"] == "consistent"
        with pytest.raises(ValueError, match="at least one"):
            headline([], self.ORDER)
        with pytest.raises(ValueError, match="columns"):
            headline(pd.DataFrame({"verdict": ["consistent"]}))
        with pytest.raises(ValueError, match="unknown"):
            headline(self.rows("probably"))


class TestLedger:
    def test_ledger_row_uses_spec_rule_and_reference(self):
        c1 = get_claim("C1")
        row = ledger_row(c1, "C1-jp-pp", -0.7, -1.0, -0.4, n_obs=200, note="test")
        assert list(row) == LEDGER_COLUMNS
        assert row["verdict"] == "consistent"
        assert row["reference_value"] == "-0.8 (i.e. -0.85 to -0.75 as stated)"
        assert row["note"].startswith("test; CI")
        c7 = get_claim("C7")
        assert ledger_row(c7, "C7-wdi-run-start", 2010)["verdict"] == "consistent"
        assert ledger_row(c7, "C7-wdi-run-start", 2011)["verdict"] != "consistent"
        missing = ledger_row(c1, "C1-ifr-pp", None)
        assert missing["verdict"] == "data unavailable" and math.isnan(missing["estimate"])
        with pytest.raises(KeyError):
            ledger_row(c1, "C1-nope", 1.0)

    def test_direction_reference_formatting(self):
        assert format_reference(ReferenceValue("d", None, "x", direction=-1)) == "< 0"
        assert format_reference(ReferenceValue("d", None, "x", direction=1)) == "> 0"
        assert format_reference(ReferenceValue("r", None, "x", low=-10, high=10)) == "[-10, 10]"

    def test_untested_rows_cover_every_non_testable_claim(self):
        rows = untested_rows()
        expected = [c.id for c in CLAIMS if not c.testable]
        assert rows["claim_id"].tolist() == expected
        assert (rows["verdict"] == "not testable").all()
        assert rows["note"].str.contains("would need").all()
