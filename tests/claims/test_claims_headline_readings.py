"""C1's headline as a referee reads it: designs counted per reading (the unit of the reference a
row is compared with), stand-in designs beside a running primary, the specification-curve
sentence by the same rule, and each row's own unit.

Independent reference: the counts are written out by hand from the rows each test builds (which
design has which verdict in which reading), not recomputed with the code under test."""

from __future__ import annotations

import pandas as pd
import pytest

from gvc.claims.claim_schema import ClaimsFileError
from gvc.claims.claims_file import read_claims_file
from gvc.claims.headline import count_designs, design_note, headline_text
from gvc.claims.ledger import ledger_row
from gvc.claims.registry import get_claim, read_seed_claims
from gvc.claims.spec_curve import agreement, agreement_note

REJECTED = "claimed size rejected, sign undetermined"


def _rows(claim, estimates: dict[str, tuple]) -> pd.DataFrame:
    return pd.DataFrame(
        [ledger_row(claim, s.id, *(estimates.get(s.id) or (None,))) for s in claim.specifications]
    )


# the report's numbers without the IFR file: each stand-in design has an elasticity row that
# rejects -0.8 and a points row that is inconclusive
REAL = {
    "C1-jp-elast": (0.009, -0.25, 0.40, 170),
    "C1-jp-pp": (0.067, -5.57, 6.80, 170),
    "C1-xc-adb-ifr": (0.093, -7.12, 8.51, 240),
    "C1-xc-adb-ifr-elast": (0.12, -0.157, 0.438, 240),
}


def test_designs_are_counted_in_the_primary_reading_not_by_their_first_row():
    """Japan's first row is an elasticity, the cross-country design's first row is in points:
    read both as elasticities (the primary's reading) they agree, so the headline is not
    mixed; the points reading of the same designs is shown, not counted."""
    c1 = get_claim("C1")
    rows = _rows(c1, REAL)
    text = headline_text(rows, c1)
    assert not text.startswith("mixed")
    assert text.startswith(f"{REJECTED}: ")
    assert f"elasticity (%/%): {REJECTED} in 2 of 2 designs (C1-jp-elast, C1-xc-adb-ifr-elast)" in (
        text
    )
    assert "Read as points on points (pts), not counted: inconclusive in 2 of 2 designs" in text
    assert "Primary C1-ifr-elast: data unavailable; substitute design C1-jp-elast" in text


def test_a_design_without_the_primary_reading_is_counted_in_its_own():
    """The cross-country elasticity has no estimate: that design is counted in points, in a
    clause naming the reading; two readings that differ are not 'mixed'."""
    c1 = get_claim("C1")
    rows = _rows(c1, {k: v for k, v in REAL.items() if k != "C1-xc-adb-ifr-elast"})
    count = count_designs(rows, c1)
    assert [(c.n, c.own, c.counted) for c in count.clauses] == [
        (1, False, True),
        (1, True, True),
        (1, False, False),
    ]
    text = headline_text(rows, c1)
    assert text.startswith(REJECTED) and not count.mixed
    assert (
        "Counted in their own reading (no verdict as elasticity (%/%)), points on points (pts): "
        "inconclusive in 1 of 1 design (C1-xc-adb-ifr)"
    ) in text


def test_designs_that_disagree_within_one_reading_are_mixed():
    c1 = get_claim("C1")
    rows = _rows(c1, {**REAL, "C1-xc-adb-ifr-elast": (-0.5, -0.6, -0.4, 240)})
    text = headline_text(rows, c1)
    assert text.startswith(f"mixed: elasticity (%/%): {REJECTED} in 1 of 2 designs (C1-jp-elast)")
    assert "same sign, different magnitude in 1 (C1-xc-adb-ifr-elast)" in text


def test_stand_ins_do_not_vote_beside_a_running_primary():
    """With an estimate for the cited design (C1-ifr-elast), the Japan and cross-country
    designs (stand_in = true) are shown beside it and do not make the headline mixed; the
    specification-curve sentence counts the same designs."""
    c1 = get_claim("C1")
    est = {**REAL, "C1-ifr-elast": (-0.795, -0.7993, -0.79, 12000)}
    rows = _rows(c1, est)
    assert rows.set_index("specification").loc["C1-ifr-elast", "verdict"] == "consistent"
    text = headline_text(rows, c1)
    assert text.startswith("consistent: ")
    assert "mixed" not in text and "substitute" not in text
    beside = text.split("Beside it, stand-in designs (other data, no vote): ")[1]
    assert beside.startswith("C1-jp-elast: 0.01 %/%") and f"-> {REJECTED}" in beside
    assert "C1-xc-adb-ifr-elast: " in beside
    assert "stand-in designs beside the running primary, no vote: C1-jp-elast, " in design_note(
        rows, c1
    )
    k, n, head = agreement(rows, c1)
    assert (k, n, head["specification"]) == (1, 1, "C1-ifr-elast")
    # without the primary's estimate the stand-ins are the substitutes again and vote
    rows = _rows(c1, REAL)
    assert count_designs(rows, c1).beside == []
    note = design_note(rows, c1)  # the count sentence names the reading it counts in
    assert "with a verdict in the counted reading: %/%" in note, note
    assert "a design speaks in each reading through its first row of that reading" in note
    assert agreement(rows, c1)[:2] == (2, 2)
    assert agreement_note(rows, c1) == (
        "the other distinct design agrees with the headline row (a substitute: the primary has "
        "no estimate), C1-jp-elast"
    )  # never "the primary" for a substitute (the headline names C1-ifr-elast the primary)


def test_stand_ins_are_marked_in_the_registry_not_by_id():
    c1 = get_claim("C1")
    stand = {s.id for s in c1.specifications if s.stand_in}
    assert stand == {s.id for s in c1.specifications if s.id.startswith(("C1-jp-", "C1-xc-"))}
    assert not c1.primary.stand_in
    assert all(not s.stand_in for c in read_seed_claims() if c.id != "C1" for s in c.specifications)


@pytest.mark.parametrize(
    ("specs", "message"),
    [
        ('id = "X1-a"\nstand_in = true\n', "'stand_in' is true on the primary"),
        (
            'id = "X1-a"\n[[claim.spec]]\nid = "X1-b"\nstand_in = true\n[[claim.spec]]\n'
            'id = "X1-c"\nvariant_of = "X1-b"\n',
            "'stand_in' = false but the spec it varies, 'X1-b', has true",
        ),
    ],
)
def test_stand_in_mistakes_are_one_line_errors(tmp_path, specs, message):
    p = tmp_path / "mine.toml"
    body = specs.replace('id = "X1-', 'function = "m:f"\nid = "X1-')
    p.write_text(
        '[[claim]]\nid = "X1"\ntext = "t"\nsource = "s"\nreference = {value = 1.0, unit = "pts"}\n'
        "[[claim.spec]]\n" + body
    )
    with pytest.raises(ClaimsFileError, match=message) as err:
        read_claims_file(p)
    assert "\n" not in str(err.value) and "mine.toml" in str(err.value)


def test_each_row_prints_its_own_unit():
    """Rows that declare another construct print their own outcome and regressor; the asinh-of-
    stock rows say so; the primary's description says why the stock's elasticity is the
    density's."""
    c1 = get_claim("C1")
    back = ledger_row(c1, "C1-jp-backward", -0.08, -0.15, -0.02, 170)
    assert back["unit"].startswith("pts backward participation per 1 pt robot density")
    fwd = ledger_row(c1, "C1-jp-forward", 0.14, -5.5, 6.7, 170)
    assert fwd["unit"].startswith("pts forward participation per 1 pt robot density")
    for sid in ("C1-ifr-elast", "C1-ifr-iv", "C1-ifr-elast-unweighted"):
        assert ledger_row(c1, sid, None)["unit"] == (
            "%/% (log GVC participation on asinh of the robot stock)"
        )
    assert "asinh of the robot stock" in ledger_row(c1, "C1-ifr-backward", None)["unit"]
    # the Japan elasticity is on the density itself and keeps the reference's unit
    assert ledger_row(c1, "C1-jp-elast", None)["unit"] == c1.reference("elasticity").unit
    assert "the elasticity on the stock is the elasticity on the density" in (
        c1.primary.description
    )
    for s in c1.specifications:  # every row's unit is in its reading's measure or its own
        unit = ledger_row(c1, s.id, None)["unit"]
        ref = c1.reference(s.reference).unit
        assert s.construct or unit.split()[0] == ref.split()[0], s.id
