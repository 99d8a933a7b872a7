"""Issue 20: comparability before verdicts, no interval verdict below 8 time points, the power of
inconclusive rows, and headlines that count distinct designs."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from gvc.claims.claim_schema import ClaimsFileError
from gvc.claims.headline import design_note, designs, headline_text
from gvc.claims.ledger import ledger_row
from gvc.claims.registry import Scope, get_claim
from gvc.claims.verdict import (
    DESCRIPTIVE,
    HOW_TO_READ,
    MIN_TIME_POINTS,
    NOT_COMPARABLE,
    comparability,
    display_label,
    power,
)


class TestComparability:
    scope = Scope("a share", "pct", window=(2015, 2023), level=18.7, level_year=2015,
                  level_tolerance=5.0)  # fmt: skip

    def test_window_overlap_below_half_is_not_comparable(self):
        # the claim covers 9 years: 4 overlapping years are less than half, 5 are not
        assert "covers 4 of the claim's 9 years" in comparability(self.scope, (2005, 2018))
        assert comparability(self.scope, (2005, 2019)) == ""
        assert "covers 0 of" in comparability(self.scope, (1995, 2011))

    def test_level_beyond_tolerance_is_not_comparable(self):
        assert "2015 level 42" in comparability(self.scope, level=42.2)
        assert comparability(self.scope, level=23.7) == ""  # exactly the tolerance: comparable
        assert comparability(self.scope, level=12.0) != ""

    def test_nothing_declared_nothing_checked(self):
        assert comparability(Scope(), (1900, 1901), 1e9) == ""
        assert comparability(self.scope) == ""
        assert comparability(None, (1900, 1901)) == ""

    def test_ledger_row_keeps_the_estimate_and_says_why(self):
        c6 = get_claim("C6")  # window 2015-2024; WIOD ends in 2011
        row = ledger_row(c6, "C6-wiod-regional-fva", 0.4, 0.2, 0.6, 17, window=(1995, 2011))
        assert row["verdict"] == NOT_COMPARABLE
        assert (row["estimate"], row["ci_low"], row["ci_high"]) == (0.4, 0.2, 0.6)
        assert "covers 0 of the claim's 10 years" in row["note"]
        assert "the rule alone would say: consistent" in row["note"]
        ok = ledger_row(c6, "C6-wiod-regional-fva", 0.4, 0.2, 0.6, 17, window=(2012, 2024))
        assert ok["verdict"] == "consistent"

    def test_c3_level_rows_and_trends(self):
        c3 = get_claim("C3")
        assert c3.scope.window == (2015, 2023) and c3.scope.level == 18.7
        row = ledger_row(c3, "C3-trend-wb", 4.3, 3.3, 5.3, 6, level=42.2)
        assert row["verdict"] == NOT_COMPARABLE and "another construct" in row["note"]
        near = ledger_row(c3, "C3-level2015-wb", 19.0, level=19.0)
        assert near["verdict"] == "consistent"

    def test_rule_is_in_how_to_read(self):
        words = dict(HOW_TO_READ)
        assert "half" in words[NOT_COMPARABLE] and "tolerance" in words[NOT_COMPARABLE]
        assert "8 time points" in words[DESCRIPTIVE]


class TestTimePoints:
    def test_fewer_than_eight_is_descriptive(self):
        c5 = get_claim("C5")
        for n, expected in ((MIN_TIME_POINTS - 1, DESCRIPTIVE), (MIN_TIME_POINTS, "consistent")):
            row = ledger_row(c5, "C5-wiod-dev", -0.6, -0.9, -0.3, n, time_points=n)
            assert row["verdict"] == expected, n
        row = ledger_row(c5, "C5-adb-dev", -0.6, -0.9, -0.3, 6, time_points=6)
        assert "6 time points, fewer than 8" in row["note"]
        assert "the rule alone would say: consistent" in row["note"]

    def test_point_comparisons_are_not_affected(self):
        c16 = get_claim("C16")
        assert ledger_row(c16, "C16-cset-2023", 85.0, time_points=1)["verdict"] == "consistent"

    def test_trend_row_states_simulated_coverage_from_eight_points(self):
        from gvc.claims.families.steps import trend_row
        from gvc.claims.trend import linear_trend

        c5 = get_claim("C5")
        y = pd.DataFrame({"year": range(2000, 2017), "value": [0.1 * i for i in range(17)]})
        y["value"] += [0.3 * (-1) ** i for i in range(17)]
        row = trend_row(c5, "C5-wiod-dev", linear_trend(y), "note")
        assert "simulated coverage of this 95% interval rule at n = 17" in row["note"]
        assert "rho = 0.5" in row["note"] and "rho = 0.8" in row["note"]
        short = trend_row(c5, "C5-adb-dev", linear_trend(y.iloc[:6]), "note")
        assert short["verdict"] == DESCRIPTIVE and "simulated coverage" not in short["note"]


class TestPower:
    def test_informative_when_the_mde_is_below_the_claim(self):
        p = power(-1.0, 0.1, -0.8)  # width 1.1: MDE 0.79 <= 0.8
        assert p.informative and p.label == "informative"
        assert math.isclose(p.mde, (1.959964 + 0.841621) / (2 * 1.959964) * 1.1, rel_tol=1e-5)
        q = power(-5.6, 6.3, -0.8)
        assert not q.informative and "15 x |claimed value|" in q.words

    def test_sign_only_claims_need_a_size(self):
        p = power(-2.5, 1.0, -1.0, kind="direction")
        assert p.informative is None and "states none" in p.words
        q = power(-2.5, 1.0, -1.0, kind="direction", size=0.4, size_words="full decoupling")
        assert q.informative is False and "full decoupling" in q.words

    def test_inconclusive_rows_say_which(self):
        c1 = get_claim("C1")
        wide = ledger_row(c1, "C1-jp-pp", 0.1, -5.6, 6.3, 170)
        # power against the claim's smallest size as stated (0.75 of -0.85 to -0.75)
        narrow = ledger_row(c1, "C1-jp-pp", -0.3, -0.85, 0.15, 170)
        assert wide["verdict"] == narrow["verdict"] == "inconclusive"
        assert "power: uninformative" in wide["note"] and "power: informative" in narrow["note"]
        assert display_label(wide) == "inconclusive, uninformative"
        assert display_label(narrow) == "inconclusive, informative"
        # without the note: recomputed from the numbers and the printed reference
        assert display_label({**wide, "note": ""}) == "inconclusive, uninformative"
        assert display_label({**narrow, "note": ""}) == "inconclusive, informative"
        assert "0.75" in narrow["note"]


def _rows(claim, verdicts: dict[str, tuple]) -> pd.DataFrame:
    rows = []
    for s in claim.specifications:
        args = verdicts.get(s.id)
        rows.append(ledger_row(claim, s.id, *(args or (None,))))
    return pd.DataFrame(rows)


class TestHeadline:
    def test_mixed_with_counts_over_distinct_designs(self):
        c16 = get_claim("C16")
        rows = _rows(
            c16,
            # a point rule with its own tolerance (2.5) is judged against 85 itself, not against
            # the stated [84.5, 85.5] as well: 82.2 (the real pooled share, 82.24) differs
            {"C16-cset-2023": (85.0,), "C16-cset-pooled": (82.2,), "C16-cset-2023-eu27": (80.9,)},
        )
        text = headline_text(rows, c16)
        assert text.startswith("mixed: differs in 2 of 3 designs")
        assert "consistent in 1 (C16-cset-2023)" in text
        pooled = rows[rows["specification"] == "C16-cset-pooled"].iloc[0]
        assert pooled["reference_value"] == "85"  # no stated range beside a tolerance
        assert "is 2.8 from the reference 85, more than the tolerance 2.5" in pooled["note"]

    def test_near_duplicates_count_once_and_are_named(self):
        c2 = get_claim("C2")
        est = {
            "C2-mmlu-2024": (0.9,),
            "C2-mmlu-2023": (10.1,),
            "C2-mmlu-aiindex-2023": (10.1,),  # differs from 17.5, merged with C2-mmlu-2023
            "C2-mmlu-2024-released": (0.9,),
            "C2-gpqa-2024": (20.2,),
        }
        rows = _rows(c2, est)
        ds = {d.root: d for d in designs(rows, c2)}
        assert "C2-mmlu-aiindex-2023" in ds["C2-mmlu-2023"].merged
        text = headline_text(rows, c2)
        assert text.startswith("mixed: consistent in 2 of 3 designs")
        assert "differs in 1 (C2-gpqa-2024)" in text
        note = design_note(rows, c2)
        assert "C2-mmlu-aiindex-2023 with C2-mmlu-2023" in note
        assert "3 designs with a verdict" in note

    def test_a_substitute_is_never_called_the_primary(self):
        """C1's registered primary (C1-ifr-elast) has no data: the mixed headline names it with
        its verdict and the first design with an estimate as the substitute."""
        c1 = get_claim("C1")
        order = [s.id for s in c1.specifications]
        jp = [i for i in order if i.startswith("C1-jp-")]
        rows = _rows(  # the two designs disagree in the primary's reading (elasticity)
            c1, {jp[0]: (0.01, -0.25, 0.40, 30), "C1-xc-adb-ifr-elast": (-5.0, -6.0, -4.0, 30)}
        )
        text = headline_text(rows, c1)
        assert text.startswith("mixed: claimed size rejected, sign undetermined in 1 of 2 designs")
        assert "same sign, different magnitude in 1 (C1-xc-adb-ifr-elast)" in text
        assert f"Primary {order[0]}: data unavailable; substitute design {jp[0]}: " in text
        assert f"Primary {jp[0]}" not in text

    def test_rows_of_another_construct_keep_the_estimate_without_a_verdict(self):
        """A spec that declares its own construct (a component, the orientation of GVC trade)
        is 'not comparable' whatever its CI, prints no reference and its own unit, and the
        headline does not count it as a design."""
        c1 = get_claim("C1")
        r = ledger_row(c1, "C1-jp-backward", -0.8, -0.9, -0.7, 170)
        assert r["verdict"] == "not comparable" and r["estimate"] == -0.8
        assert "the row measures effect of robots on backward participation alone" in r["note"]
        o = ledger_row(c1, "C1-ifr-orient-pf", 1.5, 0.5, 2.5, 900)
        assert o["reference_value"] == "" and o["unit"].startswith("pts of the pure-forward")
        rows = _rows(
            c1, {"C1-jp-elast": (-0.8, -0.9, -0.7, 170), "C1-jp-backward": (0.5, 0.4, 0.6, 170)}
        )
        text = headline_text(rows, c1)
        assert "mixed" not in text and "C1-jp-backward" not in text

    def test_a_unit_without_a_construct_is_refused(self, tmp_path):
        from gvc.claims.claim_schema import ClaimsFileError
        from gvc.claims.claims_file import read_claims_file

        p = tmp_path / "mine.toml"
        p.write_text(
            '[[claim]]\nid = "X1"\ntext = "t"\nsource = "s"\nreference = {value = 1.0, '
            'unit = "pts"}\n[[claim.spec]]\nid = "X1-a"\nfunction = "m:f"\nunit = "pct"\n'
        )
        with pytest.raises(ClaimsFileError, match="field 'unit' = 'pct' does not start with"):
            read_claims_file(p)

    def test_agreeing_designs_and_rows_without_verdict(self):
        c5 = get_claim("C5")
        rows = _rows(
            c5, {"C5-wiod-dev": (-0.2, -1.0, 0.6, 17), "C5-wiod-dev-exCHN": (0.0, -1.0, 1.0, 17)}
        )
        rows.loc[rows.specification == "C5-adb-dev"] = pd.DataFrame(
            [ledger_row(c5, "C5-adb-dev", -0.4, -1.0, 0.1, 6, time_points=6)]
        ).values
        text = headline_text(rows, c5)
        assert text.startswith("inconclusive, uninformative")
        assert "both designs with a verdict agree" in text
        assert "The primary, C5-adb-dev, is descriptive" in text

    def test_c3_shows_china_in_and_out(self):
        c3 = get_claim("C3")
        rows = _rows(c3, {})
        for sid, args, level in (
            ("C3-trend-wb", (4.3, 3.3, 5.3, 6), 42.2),
            ("C3-trend-wb-exCHN", (-0.46, -1.25, 0.33, 6), 5.9),
        ):
            new = ledger_row(c3, sid, *args, time_points=6, level=level)
            rows.loc[rows.specification == sid] = pd.DataFrame([new]).values
        text = headline_text(rows, c3)
        assert text.startswith("not comparable: with China (C3-trend-wb)")
        assert "without China (C3-trend-wb-exCHN)" in text
        assert "42.2" in text and "5.9" in text


class TestScopeInFiles:
    def test_seed_claims_declare_construct_unit_window(self):
        from gvc.claims.registry import CLAIMS

        for c in CLAIMS:
            if c.testable:
                assert c.scope.construct and c.scope.unit, c.id
        assert get_claim("C6").scope.window == (2015, 2024)

    def test_user_claims_file_scope(self, tmp_path):
        from gvc.claims.claims_file import read_claims_file

        p = tmp_path / "claims.toml"
        body = """
[[claim]]
id = "x"
text = "a share fell"
source = "somewhere (2024)"
reference = { kind = "point", value = -0.5, unit = "pts/yr" }
scope = { construct = "a share", unit = "pts/yr", window = [2010, 2020] }
[[claim.spec]]
id = "s"
function = "math:sqrt"
"""
        p.write_text(body)
        (claim,) = read_claims_file(p, resolve=False)
        assert claim.scope.window == (2010, 2020)
        reg = claim.registry_claim("claims.toml")
        row = ledger_row(reg, "s", -0.5, -0.9, -0.1, 30, window=(1990, 2000))
        assert row["verdict"] == NOT_COMPARABLE
        p.write_text(body.replace("[2010, 2020]", "[2020, 2010]"))
        with pytest.raises(ClaimsFileError, match="window"):
            read_claims_file(p, resolve=False)
        p.write_text(body.replace("window = [2010, 2020] }", "level = 3.0 }"))
        with pytest.raises(ClaimsFileError, match="level_year"):
            read_claims_file(p, resolve=False)
