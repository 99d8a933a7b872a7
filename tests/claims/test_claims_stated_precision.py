"""A claimed value at the precision it is stated with: "0.8" (one decimal) is [0.75, 0.85].

Independent reference: the ranges are the textbook reading of significant figures (a number
written to the digit d stands for anything that rounds to it, +- d/2), written out by hand."""

from __future__ import annotations

import pytest

from gvc.claims.claim_record import ReferenceValue, stated_step
from gvc.claims.ledger import ledger_row
from gvc.claims.registry import get_claim
from gvc.claims.verdict import assess, parse_reference


@pytest.mark.parametrize(
    ("text", "step"),
    [("-0.8", 0.1), ("0.80", 0.01), ("85", 1.0), ("17.5", 0.1), ("1.5e-3", 0.0001), ("x", 0.0)],
)
def test_the_step_is_the_last_written_digit(text, step):
    assert stated_step(text) == pytest.approx(step)


def test_a_point_value_stands_for_its_stated_range():
    assert ReferenceValue("r", -0.8, "%/%").stated_range() == (-0.85, -0.75)
    assert ReferenceValue("r", 85, "pct").stated_range() == (84.5, 85.5)
    assert ReferenceValue("r", -0.8, "%/%", precision=0.01).judged() == (-0.805, -0.795)
    # exact: precision 0, a stated 0, thresholds, ranges, directions
    assert ReferenceValue("r", -0.8, "%/%", precision=0).judged() == -0.8
    assert ReferenceValue("r", 0, "pts").judged() == 0
    assert ReferenceValue("r", 50, "pct", bound="greater_than").judged() == 50
    assert ReferenceValue("r", None, "pts", low=-10, high=10).judged() == (-10, 10)
    assert ReferenceValue("r", None, "pts/yr", direction=1).judged() == 1.0


def test_the_planted_truth_is_consistent_with_the_stated_claim():
    """The referee's case: on a SYNTHETIC IFR file where -0.8 is true by construction the
    primary gives -0.795 [-0.7993, -0.7900]; -0.8 stated with one decimal is [-0.85, -0.75],
    which the CI meets: consistent (it was 'same sign, different magnitude' against an exact
    -0.8). A planted -0.4 stays far from every value the claim can mean."""
    c1 = get_claim("C1")
    row = ledger_row(c1, "C1-ifr-elast", -0.795, -0.7993, -0.7900, 12000)
    assert row["verdict"] == "consistent"
    assert row["reference_value"] == "-0.8 (i.e. -0.85 to -0.75 as stated)"
    assert "meets the reference -0.8 (i.e. -0.85 to -0.75 as stated)" in row["note"]
    assert assess(-0.795, -0.7993, -0.79, -0.8).label == "same sign, different magnitude"
    far = ledger_row(c1, "C1-ifr-elast", -0.40, -0.43, -0.37, 12000)
    assert far["verdict"] == "same sign, different magnitude"
    # a CI between 0 and the stated range rejects all of it
    assert ledger_row(c1, "C1-ifr-elast", -0.3, -0.74, 0.1, 99)["verdict"] == (
        "claimed size rejected, sign undetermined"
    )
    # the CI's edge on the range's end: met (closed intervals)
    assert ledger_row(c1, "C1-ifr-elast", -0.6, -0.75, -0.5, 99)["verdict"] == "consistent"


def test_point_rule_differs_only_beyond_the_tolerance_from_the_whole_range():
    """C16 states 85 with its own 2.5-pt proxy tolerance: the tolerance covers the stated
    precision, so the row is judged against 85 itself (82.6 consistent, 82.4 differs), not
    against [84.5, 85.5] plus the tolerance (which would pass 82.1)."""
    c16 = get_claim("C16")
    assert ledger_row(c16, "C16-cset-pooled", 82.6)["verdict"] == "consistent"
    assert ledger_row(c16, "C16-cset-pooled", 82.4)["verdict"] == "differs"
    assert ledger_row(c16, "C16-cset-pooled", 82.1)["verdict"] == "differs"
    # a calendar year is registered as exact (precision = 0)
    c7 = get_claim("C7")
    assert ledger_row(c7, "C7-wdi-run-start", 2010)["reference_value"] == "2010"


def test_a_claims_file_keeps_trailing_zeros_and_may_override(tmp_path):
    p = tmp_path / "mine.toml"
    p.write_text(
        '[[claim]]\nid = "X1"\ntext = "t"\nsource = "s"\n'
        '[[claim.reference]]\nlabel = "a"\nvalue = -0.80\nunit = "%/%"\n'
        '[[claim.reference]]\nlabel = "b"\nvalue = -0.8\nprecision = 0.02\nunit = "%/%"\n'
        '[[claim.spec]]\nid = "X1-a"\nfunction = "m:f"\nreference = "a"\n'
    )
    from gvc.claims.claim_loader import read_claims

    (claim,) = read_claims(p)
    a, b = claim.reference("a"), claim.reference("b")
    assert a.stated_range() == (-0.805, -0.795)
    assert b.stated_range() == (-0.81, -0.79)
    assert type(a.value) is float  # the file's text is not carried into the record


def test_the_printed_reference_reads_back():
    """The report reads the range the verdict was judged against back (its power check)."""
    assert parse_reference("-0.8 (i.e. -0.85 to -0.75 as stated)") == ("interval", (-0.85, -0.75))
    assert parse_reference("-0.8") == ("interval", -0.8)


def test_a_users_file_and_gvc_assess_judge_the_stated_range(tmp_path):
    """A user's claims file goes through the same loader: ``value = -0.80`` keeps its second
    decimal and ``precision = 0`` makes a value exact; ``gvc.assess`` uses the same range."""
    import gvc
    from gvc.claims.claims_file import read_claims_file

    (tmp_path / "m.py").write_text("def f(load):\n    return None\n")
    p = tmp_path / "mine.toml"
    p.write_text(
        '[[claim]]\nid = "X1"\ntext = "t"\nsource = "s"\n'
        'reference = { kind = "point", value = -0.80, unit = "%/%" }\n'
        '[[claim.spec]]\nid = "X1-a"\nfunction = "m:f"\n'
        '[[claim]]\nid = "X2"\ntext = "t"\nsource = "s"\n'
        'reference = { kind = "point", value = -0.8, unit = "%/%", precision = 0 }\n'
        '[[claim.spec]]\nid = "X2-a"\nfunction = "m:f"\n'
    )
    x1, x2 = read_claims_file(p)
    assert x1.reference_value().stated_range() == (-0.805, -0.795)
    assert x2.reference_value().judged() == -0.8
    est = gvc.Estimate(-0.795, -0.7993, -0.79, 100)
    assert gvc.assess(x1, est).label == "consistent"
    assert gvc.assess(x2, est).label == "same sign, different magnitude"
    assert gvc.assess(gvc.Claim("X3", "t", unit="%/%", value=-0.8), est).label == "consistent"


def test_a_derived_value_has_its_own_precision_and_says_so():
    """C3's -0.8 pts/yr is derived ((12.3 - 18.7) / 8): its range comes from the two stated
    levels (+-0.0125), and the ledger does not call it stated."""
    from gvc.claims.ledger import format_reference

    ref = get_claim("C3").reference("trend 2015-2023")
    assert ref.stated_range() == (-0.8125, -0.7875)
    assert format_reference(ref) == "-0.8 (i.e. -0.8125 to -0.7875 at the claim's precision)"
    assert "as stated" in format_reference(get_claim("C1").references[0])
