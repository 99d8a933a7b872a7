"""User claims (issue 14): ``gvc.Claim``, ``gvc.Estimate``, ``gvc.assess`` and the TOML claims
file (``gvc.claims.claims_file``).

References: the verdict rule (:mod:`gvc.claims.verdict`) applied to the same numbers directly;
a simulated regression with a known slope (2.0) for the regression-result path.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import gvc
from gvc.claims.claims_file import ClaimsFileError, read_claims_file
from gvc.claims.ledger import format_reference, ledger_row
from gvc.claims.user import Claim, Estimate, Spec, as_estimate
from gvc.claims.verdict import verdict

HALF = dict(kind="greater_than", value=50, unit="pct", source="IFR (2024)")


class TestApi:
    def test_public_names(self):
        assert gvc.Claim is Claim and gvc.Estimate is Estimate
        assert gvc.assess.__module__ == "gvc.claims.user"

    def test_assess_kinds(self):
        half = gvc.Claim("h", "more than half", **HALF)
        assert gvc.assess(half, gvc.Estimate(54.0, 51.0, 57.0)).label == "consistent"
        assert gvc.assess(half, gvc.Estimate(49.0, 45.0, 53.0)).label == "inconclusive"
        assert gvc.assess(half, gvc.Estimate(40.0, 35.0, 45.0)).label == "contradicted"
        low = gvc.Claim("l", "below 2", kind="less_than", value=2, unit="pct")
        assert gvc.assess(low, gvc.Estimate(1.0, 0.5, 1.5)).label == "consistent"
        pt = gvc.Claim("p", "-0.8 pts", kind="point", value=-0.8, unit="pts")
        assert gvc.assess(pt, gvc.Estimate(-0.3, -1.2, 0.6)).label == verdict(-0.3, -1.2, 0.6, -0.8)
        rg = gvc.Claim("r", "0 to 1", kind="range", low=0, high=1, unit="pts/yr", type="trend")
        assert gvc.assess(rg, gvc.Estimate(1.5, 1.2, 1.8)).label == "contradicted"

    def test_assess_without_ci_uses_the_tolerance(self):
        pt = gvc.Claim("p", "18.7%", kind="point", value=18.7, unit="pct", tolerance=1)
        assert gvc.assess(pt, gvc.Estimate(19.5)).label == "consistent"
        assert gvc.assess(pt, gvc.Estimate(21.0)).label == "differs"
        no_tol = gvc.Claim("p", "18.7%", kind="point", value=18.7, unit="pct")
        assert gvc.assess(no_tol, gvc.Estimate(19.5)).label == "inconclusive"

    def test_assess_a_regression_result_with_known_truth(self):
        rng = np.random.default_rng(14)
        df = pd.DataFrame({"x": rng.normal(size=400)})
        df["y"] = 2.0 * df["x"] + rng.normal(size=400)
        fit = gvc.feols("y ~ x", df, vcov="hetero")
        claim = gvc.Claim("b", "slope 2", kind="point", value=2.0, unit="y per x")
        assert gvc.assess(claim, (fit, "x")).label == "consistent"
        est = as_estimate(fit, "x")
        assert est.n_obs == 400 and est.ci_low < 2.0 < est.ci_high
        assert "HC1" in est.inference and est.sample
        with pytest.raises(ValueError, match="term 'z' not in the result"):
            as_estimate(fit, "z")
        with pytest.raises(ValueError, match="name its term"):
            as_estimate(fit)
        with pytest.raises(ValueError, match="returned float"):
            as_estimate(1.0)

    @pytest.mark.parametrize(
        "kw,match",
        [
            (dict(kind="gt", value=1, unit="pct"), "kind 'gt'"),
            (dict(kind="range", low=2, high=1, unit="pct"), "low 2 > high 1"),
            (dict(kind="range", value=1, unit="pct"), "needs low and high"),
            (dict(kind="greater_than", unit="pct"), "needs value"),
            (dict(kind="point", value=1, unit=""), "unit"),
            (dict(kind="point", value=1, unit="pct", type="level"), "type 'level'"),
            (dict(kind="point", value=1, unit="pct", tolerance=-1), "tolerance"),
        ],
    )
    def test_bad_claims_name_the_field(self, kw, match):
        with pytest.raises(ValueError, match=match):
            Claim("x", "text", **kw)

    def test_ledger_row_of_a_one_sided_claim(self):
        claim = Claim("h", "more than half", specs=(Spec("s"),), **HALF)
        reg = claim.registry_claim("my.toml")
        assert format_reference(reg.references[0]) == "> 50"
        row = ledger_row(reg, "s", 51.8)
        assert row["verdict"] == "consistent" and row["reference_value"] == "> 50"
        assert row["source"] == "IFR (2024)" and reg.cited == "user claim from my.toml"
        assert ledger_row(reg, "s", 48.0)["verdict"] == "differs"


GOOD = """
[[claim]]
id = "h"
text = "more than half"
source = "IFR (2024)"
type = "share"
reference = { kind = "greater_than", value = 50, unit = "pct" }

[[claim.spec]]
id = "s1"
function = "ucf_mod:share"

[[claim.spec]]
id = "s2"
function = "ucf_mod:fit"
term = "x"
data = "simulated"
"""


class TestClaimsFile:
    def write(self, tmp_path, text, name="c.toml"):
        (tmp_path / "ucf_mod.py").write_text("def share(load):\n    return 1\n\nfit = share\n")
        p = tmp_path / name
        p.write_text(text)
        return p

    def test_reads_and_imports_from_the_files_folder(self, tmp_path):
        (c,) = read_claims_file(self.write(tmp_path, GOOD))
        assert (c.id, c.kind, c.value, c.unit, c.type) == (
            "h",
            "greater_than",
            50.0,
            "pct",
            "share",
        )
        assert [s.id for s in c.specs] == ["s1", "s2"]
        assert callable(c.specs[0].function) and c.specs[0].function(None) == 1
        assert c.specs[1].term == "x" and c.specs[1].data == "simulated"

    @pytest.mark.parametrize(
        "old,new,match",
        [
            ('kind = "greater_than"', 'kind = "more"', "claim 'h': kind 'more'"),
            ("value = 50,", 'value = "50",', "claim 'h' field 'reference': field 'value'"),
            ('source = "IFR (2024)"', "", "claim 'h': field 'source' is missing"),
            ('text = "more than half"', 'txt = "x"', "unknown field 'txt'; did you mean 'text'"),
            ('"ucf_mod:share"', '"ucf_mod.share"', "spec #1 's1': field 'function'"),
            ('"ucf_mod:share"', '"nomod_xyz:share"', "cannot import module 'nomod_xyz'"),
            ('"ucf_mod:share"', '"ucf_mod:nothing"', "has no function 'nothing'"),
            ('id = "s2"', 'id = "s1"', "spec ids repeat: \\['s1'\\]"),
            ('id = "h"', 'id = "h h"', "claim #1: field 'id'"),
            ("reference = {", "ref = {", "unknown field 'ref'"),
            ("[[claim.spec]]", "[claim.spec]", "not valid TOML"),
        ],
    )
    def test_errors_are_one_line_naming_file_claim_field(self, tmp_path, old, new, match):
        assert old in GOOD
        p = self.write(tmp_path, GOOD.replace(old, new, 1))
        with pytest.raises(ClaimsFileError, match=match) as exc:
            read_claims_file(p)
        msg = str(exc.value)
        assert "\n" not in msg and msg.startswith(str(p))

    def test_empty_missing_and_repeated(self, tmp_path):
        with pytest.raises(ClaimsFileError, match="no \\[\\[claim\\]\\]"):
            read_claims_file(self.write(tmp_path, "title = 'x'\n".replace("title", "claim")))
        with pytest.raises(ClaimsFileError, match="cannot read"):
            read_claims_file(tmp_path / "absent.toml")
        with pytest.raises(ClaimsFileError, match="claim ids repeat"):
            read_claims_file(self.write(tmp_path, GOOD + GOOD))
        no_spec = GOOD.split("[[claim.spec]]")[0]
        with pytest.raises(ClaimsFileError, match="no \\[\\[claim.spec\\]\\]"):
            read_claims_file(self.write(tmp_path, no_spec))


class TestRun:
    """:func:`gvc.claims.user_run.run_user_claim` with a fake loader (no data needed)."""

    def test_unavailable_data_and_user_bugs(self, tmp_path):
        from gvc.claims.user_run import run_user_claim
        from gvc.errors import DataError

        def missing(load):
            return load("nope")

        def buggy(load):
            return 1 / 0

        def loader(name, **filters):
            raise DataError(f"table '{name}' does not exist; run `gvc build {name}`")

        claim = Claim(
            "h", "half", specs=(Spec("a", missing), Spec("b", lambda load: Estimate(55.0))), **HALF
        )
        res = run_user_claim(claim, loader, tmp_path)
        assert list(res.rows.verdict) == ["data unavailable", "consistent"]
        assert "gvc build nope" in res.rows.note[0] and res.rows.data[0] == "nope"
        assert [p.name for p in res.figures] == ["user_h.png"]
        bad = Claim("h", "half", specs=(Spec("a", buggy),), **HALF)
        with pytest.raises(ClaimsFileError, match="claim 'h' spec 'a': .*ZeroDivisionError"):
            run_user_claim(bad, loader, tmp_path, origin="f.toml")


class TestPipelineChecks:
    """Checks ``gvc.pipeline.reproduce`` makes before building anything."""

    def test_ids_unique_across_files_and_something_to_report(self, tmp_path, monkeypatch):
        from gvc.errors import GvcError
        from gvc.pipeline import read_claim_files, reproduce

        (tmp_path / "ucf_mod.py").write_text("def share(load):\n    return 1\n\nfit = share\n")
        for name in ("a.toml", "b.toml"):
            (tmp_path / name).write_text(GOOD)
        with pytest.raises(ClaimsFileError, match="b.toml: claim 'h' is also in .*a.toml"):
            read_claim_files([tmp_path / "a.toml", tmp_path / "b.toml"])
        monkeypatch.setenv("GVC_DATA_DIR", str(tmp_path / "data"))
        with pytest.raises(GvcError, match="nothing to report"):
            reproduce(tmp_path / "out", claims=[], seed_claims=False)
        assert not (tmp_path / "out").exists() and not (tmp_path / "data").exists()


def test_claim_takes_the_reference_as_the_claims_file_writes_it():
    """gvc.Claim(reference={...}) (the TOML layout) equals the flat keywords (issue 21)."""
    import gvc

    a = gvc.Claim("t", "a trend", reference={"kind": "greater_than", "value": 0, "unit": "pts/yr"})
    b = gvc.Claim("t", "a trend", "greater_than", "pts/yr", value=0)
    assert a == b and a.rule == "greater_than"
    r = gvc.Claim("r", "a range", reference={"kind": "range", "low": 1, "high": 2, "unit": "pct"})
    assert (r.low, r.high) == (1, 2)
    with pytest.raises(ValueError, match="value given twice"):
        gvc.Claim("t", "x", value=1, reference={"kind": "point", "value": 2, "unit": "pct"})
    with pytest.raises(ValueError, match="unknown key"):
        gvc.Claim("t", "x", reference={"kind": "point", "val": 2, "unit": "pct"})
    # as in a claims file, 'kind' may be left out: a range with low/high, else a point
    assert gvc.Claim("p", "x", reference={"value": 1.5, "unit": "pct"}).kind == "point"
    assert gvc.Claim("r", "x", reference={"low": 1, "high": 2, "unit": "pct"}).kind == "range"
    with pytest.raises(ValueError, match="kind None is not one of"):
        gvc.Claim("n", "x", reference={"unit": "pct"})
