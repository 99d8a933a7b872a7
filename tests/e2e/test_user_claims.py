"""Issue 14, done when: a user's claims file with three claims of different kinds (an effect with
a point reference, a trend with a range, a one-sided share) gives ledger rows and a report through
one command (`gvc reproduce --claims my_claims.toml`), with no change to gvc's code.

The user's module is written by the test into a temporary working directory. References: each
ledger number is recomputed here independently from the same panel (within-transformed least
squares by numpy for the fixed-effects slope, numpy.polyfit for the trend, plain sums for the
share), and each verdict is re-derived from the ledger's numbers by the verdict rule.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

MODULE = '''
"""A user's tests of three claims (not part of gvc)."""
import gvc


def fva_effect(load):
    d = load("gvc_participation", source="wiod2013", industry="TOTAL",
             measure=["gvc_part_prod_bwd", "exgr_fvash"])
    w = d.pivot_table(index=["iso3", "year"], columns="measure", values="value").reset_index()
    return gvc.feols("gvc_part_prod_bwd ~ exgr_fvash | iso3 + year", w, vcov={"CRV1": "iso3"})


def china_fva_trend(load):
    d = load("gvc_participation", source="wiod2013", iso3="CHN", industry="MANUF",
             measure="exgr_fvash")
    d = d.assign(fvash_pct=100 * d["value"])
    return gvc.feols("fvash_pct ~ year", d, vcov="hetero"), "year"


def china_robot_share(load):
    from my_claim_helpers import pct  # imported while the claim runs, from the same folder

    r = load("robots", source="ifr_press", year=[2022, 2023])
    chn = r.loc[r.iso3 == "CHN", "installations"].sum()
    wld = r.loc[r.iso3 == "WLD", "installations"].sum()
    return gvc.Estimate(pct(chn, wld), n_obs=4, data="IFR press releases 2022-2023",
                        note="installations summed over 2022 and 2023")
'''

CLAIMS = """
[[claim]]
id = "fva-bwd"
text = "A one-unit higher foreign value-added share of exports goes with a one-unit higher backward participation."
source = "A. Author (2020), Journal of Examples 1(1), p. 2"
reference = { kind = "point", value = 1.0, unit = "share per share" }

[[claim.spec]]
id = "twfe"
function = "my_claim_tests:fva_effect"
term = "exgr_fvash"

[[claim]]
id = "chn-fva-trend"
text = "The foreign content of China's manufacturing exports rose by up to one point a year."
citation = "B. Writer (2019), working paper"
type = "trend"
reference = { kind = "range", low = 0.0, high = 1.0, unit = "pts/yr" }

[[claim.spec]]
id = "ols-hc"
function = "my_claim_tests:china_fva_trend"

[[claim]]
id = "chn-robots"
text = "China installed more than half of the world's new robots in 2022 and 2023."
source = "IFR press release (2024)"
type = "share"
reference = { kind = "greater_than", value = 50, unit = "pct" }

[[claim.spec]]
id = "ifr-press"
function = "my_claim_tests:china_robot_share"
"""


@pytest.fixture(scope="module")
def user_report(built_data, tmp_path_factory, mirror):
    import os

    work = tmp_path_factory.mktemp("userwork")
    (work / "my_claim_tests.py").write_text(textwrap.dedent(MODULE))
    (work / "my_claims.toml").write_text(CLAIMS)
    (work / "my_claim_helpers.py").write_text("def pct(a, b):\n    return 100 * a / b\n")
    out = work / "reports"
    old_cwd, old_data = os.getcwd(), os.environ.get("GVC_DATA_DIR")
    os.chdir(work)
    os.environ["GVC_DATA_DIR"] = str(built_data)
    try:
        from gvc.cli import main

        res = CliRunner().invoke(
            main, ["reproduce", "--claims", "my_claims.toml", "--out", str(out)]
        )
    finally:
        os.chdir(old_cwd)
        if old_data is None:
            os.environ.pop("GVC_DATA_DIR", None)
        else:
            os.environ["GVC_DATA_DIR"] = old_data
    assert res.exit_code == 0, res.output
    return out, built_data


def test_one_command_gives_ledger_rows_and_report(user_report):
    from gvc.claims.ledger import LEDGER_COLUMNS

    out, _ = user_report
    ledger = pd.read_csv(out / "claims.csv")
    assert list(ledger.columns) == LEDGER_COLUMNS
    assert list(ledger.claim_id) == ["fva-bwd", "chn-fva-trend", "chn-robots"]
    # 1.0 stated with one decimal: judged as 0.95 to 1.05
    assert list(ledger.reference_value) == ["1 (i.e. 0.95 to 1.05 as stated)", "[0, 1]", "> 50"]
    assert ledger.estimate.map(np.isfinite).all()
    html = (out / "index.html").read_text()
    md = (out / "claims.md").read_text()
    for cid in ledger.claim_id:
        assert cid in html and cid in md
    assert "gvc: claims of my_claims.toml" in html
    assert "B. Writer (2019), working paper" in md
    figs = sorted(p.name for p in (out / "figures").glob("*.png"))
    assert figs == ["user_chn-fva-trend.png", "user_chn-robots.png", "user_fva-bwd.png"]
    assert all((out / "figures" / f).stat().st_size > 5000 for f in figs)


def test_numbers_match_an_independent_computation(user_report):
    import gvc

    out, data = user_report
    ledger = pd.read_csv(out / "claims.csv").set_index("claim_id")
    import os

    os.environ["GVC_DATA_DIR"] = str(data)
    try:
        gp = gvc.load("gvc_participation", source="wiod2013")
        robots = gvc.load("robots", source="ifr_press", year=[2022, 2023])
    finally:
        os.environ.pop("GVC_DATA_DIR")
    # 1. two-way fixed-effects slope by alternating demeaning (balanced or not, converges)
    w = (
        gp[gp.industry == "TOTAL"]
        .pivot_table(index=["iso3", "year"], columns="measure", values="value")[
            ["gvc_part_prod_bwd", "exgr_fvash"]
        ]
        .dropna()
        .reset_index()
    )
    y, x = w["gvc_part_prod_bwd"].to_numpy(), w["exgr_fvash"].to_numpy()
    for _ in range(500):
        for key in ("iso3", "year"):
            y = y - pd.Series(y).groupby(w[key].to_numpy()).transform("mean").to_numpy()
            x = x - pd.Series(x).groupby(w[key].to_numpy()).transform("mean").to_numpy()
    slope = float(x @ y / (x @ x))
    assert ledger.loc["fva-bwd", "estimate"] == pytest.approx(slope, rel=1e-6)
    assert ledger.loc["fva-bwd", "n_obs"] == len(w)
    # 2. trend: the OLS slope of the share in percent on the year
    c = gp[(gp.iso3 == "CHN") & (gp.industry == "MANUF") & (gp.measure == "exgr_fvash")]
    trend = np.polyfit(c.year.to_numpy(float), 100 * c.value.to_numpy(), 1)[0]
    assert ledger.loc["chn-fva-trend", "estimate"] == pytest.approx(trend, rel=1e-6)
    # 3. the share, from the installations
    by = robots.groupby("iso3").installations.sum()
    assert ledger.loc["chn-robots", "estimate"] == pytest.approx(100 * by["CHN"] / by["WLD"])


def test_verdicts_follow_the_rule(user_report):
    from gvc.claims.verdict import verdict

    out, _ = user_report
    led = pd.read_csv(out / "claims.csv").set_index("claim_id")
    r = led.loc["fva-bwd"]
    assert r.verdict == verdict(r.estimate, r.ci_low, r.ci_high, 1.0)
    r = led.loc["chn-fva-trend"]
    assert r.verdict == verdict(r.estimate, r.ci_low, r.ci_high, (0.0, 1.0))
    r = led.loc["chn-robots"]
    # 51.8% > 50 (IFR: 566,432 of 1,094,248 robots); no CI: the point rule on the half-line
    assert r.estimate == pytest.approx(51.76, abs=0.01)
    assert r.verdict == "consistent" and np.isnan(r.ci_low)
    assert r.data == "IFR press releases 2022-2023"


def test_a_bad_claims_file_fails_in_one_line_before_building(tmp_path, monkeypatch):
    from gvc.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GVC_DATA_DIR", str(tmp_path / "nodata"))
    (tmp_path / "bad.toml").write_text(CLAIMS.replace('kind = "range"', 'kind = "rnage"'))
    (tmp_path / "my_claim_tests.py").write_text(textwrap.dedent(MODULE))
    res = CliRunner().invoke(main, ["reproduce", "--claims", "bad.toml"])
    assert res.exit_code == 2
    line = res.output.strip()
    assert "\n" not in line and "bad.toml" in line and "chn-fva-trend" in line
    assert "'rnage'" in line and "Traceback" not in line
    assert not (tmp_path / "nodata").exists()  # nothing built


def test_a_claims_file_gets_its_own_report_folder(tmp_path, monkeypatch):
    """Without --out, `gvc reproduce --claims my_claims.toml` writes reports/claims-my_claims/,
    never the project's reports/ (issue 21)."""
    from gvc.pipeline import default_report_dir

    monkeypatch.setenv("GVC_REPORTS_DIR", str(tmp_path / "reports"))
    assert default_report_dir([]) == tmp_path / "reports"
    assert default_report_dir(["my_claims.toml"]) == tmp_path / "reports" / "claims-my_claims"
    both = default_report_dir(["a/x.toml", "y.toml"])
    assert both == tmp_path / "reports" / "claims-x+y"


def test_a_typo_in_a_user_spec_is_an_error_not_missing_data(use_data, tmp_path):
    """`load(..., measure="gvc_part_trde")` in a user's function stops the run with one line
    naming the claim, the spec and the did-you-mean (issue 21); a table that is simply not built
    stays `data unavailable`."""
    import gvc
    from gvc.claims.claims_file import ClaimsFileError
    from gvc.claims.user import Claim, Spec
    from gvc.claims.user_run import run_user_claim

    def typo(load):
        return load("gvc_participation", measure="gvc_part_trde")

    claim = Claim("typo", "a claim", "point", "pct", value=1.0, specs=(Spec("s1", typo),))
    with pytest.raises(ClaimsFileError) as e:
        run_user_claim(claim, gvc.load, tmp_path, origin="mine.toml")
    msg = str(e.value)
    assert "mine.toml" in msg and "'typo'" in msg and "'s1'" in msg
    assert "did you mean 'gvc_part_trade'" in msg and "\n" not in msg

    def unbuilt(load):
        from gvc.errors import DataError

        raise DataError("table x is not built; run gvc build x")

    claim = Claim("gone", "a claim", "point", "pct", value=1.0, specs=(Spec("s1", unbuilt),))
    res = run_user_claim(claim, gvc.load, tmp_path)
    assert res.rows.iloc[0].verdict == "data unavailable"
