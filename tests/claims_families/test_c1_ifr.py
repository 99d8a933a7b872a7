"""C1 in its cited design with a user's IFR file. The IFR files here are SYNTHETIC (labelled so):
IFR-layout files written by the test over the real WIOD participation, with a planted
elasticity of -0.8 of participation on robot stocks, so the truth is known. They go through the
same reader, allocation, concordance, panel and estimation as a licensed file."""

from __future__ import annotations

import functools
import hashlib
import re
import shutil

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

import gvc
from gvc.claims.families import FAMILIES
from gvc.claims.headline import headline_text
from gvc.claims.registry import get_claim
from gvc.cli import main
from gvc.panels.robots_by_industry import _ifr_file

CODES = {
    "c3": "10-12",
    "c7": "17-18",
    "c9": "20-21",
    "c10": "22",
    "c11": "23",
    "c12": "24",
    "c13": "28",
    "c14": "26-27",
    "c15": "29",
    "c16": "91",
}
"""WIOD industries and IFR codes that map one to one."""


INDUSTRY_TRENDS = {w: 0.02 * k for k, w in enumerate(CODES)}
"""Global industry adoption trends (log points per year) for the confounded variant."""


@functools.lru_cache(maxsize=1)
def _coco():
    import country_converter as coco

    return coco.CountryConverter()


IFR_COLUMNS = [
    "Year",
    "countrycode",
    "country",
    "industrycode",
    "industry",
    "delivered",
    "op_stock",
]
"""IFR's long extract layout."""


@functools.cache
def ifr_country(iso3: str) -> tuple[str, str]:
    """(IFR country code, name) of a WIOD country: IFR's own code (``UK``, ``SL``) where IFR's
    code table has the country, else ISO2 (listed as an unknown code, kept under the name)."""
    from gvc.sources.ifr import country_table

    t = country_table()
    own = t[(t["iso3"] == iso3) & (t["kind"] == "country")]
    cc = _coco()
    code = own["ifr_code"].iloc[0] if len(own) else cc.convert(iso3, to="ISO2")
    return code, cc.convert(iso3, to="name_short")


def write_planted_ifr(path, slope=-0.8, seed=5, noise=0.005, industry_trend=None, underreport=()):
    """IFR extract whose stocks satisfy log part = FE - 0.8 log stock + noise (SYNTHETIC).

    ``industry_trend`` ({WIOD industry: log points per year}): a global adoption trend added to
    every country's log stock; the (real) participation stays as it is, so it loads on
    participation directly (log part = FE - 0.8 log stock + 0.8 trend x (year - 1995)): a
    confounder the industry x year effects absorb and the leave-one-out instrument carries.

    ``underreport`` (ISO3 codes): in these countries each industry reports only a random 5-60%
    (drawn per row) of its true stock and the rest sits in manufacturing (D) unassigned, so
    proportional allocation misplaces it (remainder share >= 40% of the stock)."""
    gp = gvc.load("gvc_participation")
    g = gp[
        (gp.source == "wiod2013")
        & gp.industry.isin(list(CODES))
        & (gp.measure == "gvc_part_trade")
        & (gp.iso3 != "RoW")
        & (gp.value > 0)
    ].sort_values(["iso3", "industry", "year"])  # the draws must not depend on load()'s row order
    rng = np.random.default_rng(seed)
    a_ci = {k: rng.normal(0, 1) for k in sorted(set(zip(g.iso3, g.industry, strict=True)))}
    b_ct = {k: rng.normal(0, 0.3) for k in sorted(set(zip(g.iso3, g.year, strict=True)))}
    logs = (
        np.log(g.value.to_numpy()) / slope
        + 8
        + np.array([a_ci[k] for k in zip(g.iso3, g.industry, strict=True)])
        + np.array([b_ct[k] for k in zip(g.iso3, g.year, strict=True)])
        + rng.normal(0, noise, len(g))
    )
    if industry_trend:
        logs = logs + g.industry.map(industry_trend).to_numpy() * (g.year.to_numpy() - 1995)
    df = pd.DataFrame(
        {"iso3": g.iso3.to_numpy(), "wiod": g.industry.to_numpy(), "year": g.year.to_numpy()}
    )
    df["stock"] = np.round(np.exp(logs))
    rows = []
    for (c, y), grp in df.groupby(["iso3", "year"]):
        code, name = ifr_country(c)
        tot = grp.stock.sum()
        unspec = np.round(0.05 * tot)  # 99: spread back proportionally (absorbed by the FE)
        rows += [
            (y, code, name, "000", "All Industries", round(tot / 10), tot + unspec),
            (y, code, name, "D", "Manufacturing", round(tot / 10), tot),
            (y, code, name, "99", "Unspecified", 0, unspec),
        ]
        reported = grp.stock.to_numpy()
        if c in underreport:
            reported = np.round(reported * rng.uniform(0.05, 0.6, len(grp)))
        rows += [
            (y, code, name, CODES[w], "x", round(s / 10), s)
            for w, s in zip(grp.wiod, reported, strict=True)
        ]
    pd.DataFrame(rows, columns=IFR_COLUMNS).to_csv(path, index=False)


def planted_loader(built_data, tmp_path_factory, slope=-0.8):
    """``load`` over the built tables with the planted SYNTHETIC IFR file's rows added."""
    import os

    os.environ["GVC_DATA_DIR"] = str(built_data)
    path = tmp_path_factory.mktemp("ifr") / "SYNTHETIC_ifr_world_robotics.csv"
    write_planted_ifr(path, slope=slope)
    rows, _ = _ifr_file(path)
    rbi = pd.concat([gvc.load("robots_by_industry"), rows], ignore_index=True)
    return lambda name: rbi if name == "robots_by_industry" else gvc.load(name)


@pytest.fixture(scope="module")
def planted(built_data, tmp_path_factory):
    res = FAMILIES["C1"](
        planted_loader(built_data, tmp_path_factory), tmp_path_factory.mktemp("fig")
    )
    return res.rows.set_index("specification"), res


@pytest.fixture(scope="module")
def planted_panel(built_data, tmp_path_factory):
    from gvc.claims.families import c1_ifr

    panel, why = c1_ifr.load_panel(planted_loader(built_data, tmp_path_factory))
    assert panel is not None, why
    return panel


def test_weak_instrument_rows_take_the_anderson_rubin_set(use_data, planted_panel):
    """Below an effective F of 23 the row's CI is the AR set, not the Wald interval; an
    instrument of pure noise (simulated: no first stage) leaves the row without a CI, so the
    ledger cannot call it consistent or contradicted. The adopters are out of the sample."""
    from gvc.claims.families import c1_ifr
    from gvc.claims.registry import get_claim

    spec = c1_ifr.SPECS["C1-ifr-iv"]
    fit, d, note = c1_ifr.fit_spec(planted_panel, spec)
    assert not set(c1_ifr.leading_adopters()) & set(d["iso3"])
    assert "left out of the sample" in note
    f = float(re.search(r"effective F ([\d.]+)", note).group(1))
    row_ci = fit.gvc_row_ci
    # strong or weak, the row's CI is the wild bootstrap AR set by country (few clusters)
    ar = re.search(r"wild bootstrap Anderson-Rubin 95% set \[(-?[\d.]+), (-?[\d.]+)\]", note)
    assert row_ci[0] == pytest.approx(float(ar.group(1)), abs=5e-4)
    assert row_ci[1] == pytest.approx(float(ar.group(2)), abs=5e-4)
    assert row_ci[0] <= -0.8 <= row_ci[1]  # the planted truth
    assert "wild bootstrap Anderson-Rubin set by country" in row_ci[2]
    assert ("WEAK INSTRUMENT" in note) == (f < c1_ifr.WEAK_F) == ("weak instrument" in row_ci[2])
    assert "does not cover correlation across countries within an industry-year" in note
    assert "for comparison only" in note and "industry clusters, too few" in note
    noise = planted_panel.copy()
    # seed 1: a draw whose first stage is weak (F about 2), as pure noise mostly is
    noise["za_ihs_stock"] = np.random.default_rng(1).normal(size=len(noise))
    fit, d, note = c1_ifr.fit_spec(noise, spec)
    assert "WEAK INSTRUMENT" in note and "the row has no CI" in note
    lo, hi, how = fit.gvc_row_ci
    assert np.isnan(lo) and np.isnan(hi)
    claim = get_claim("C1")
    row = c1_ifr.kit.fit_row(claim, "C1-ifr-iv", fit, spec.x, note, ci=(lo, hi), inference=how)[0]
    assert row["verdict"] == "inconclusive" and np.isfinite(row["estimate"])
    assert "Anderson-Rubin set" in row["inference"]


def test_iv_rows_name_the_missing_leading_adopters(use_data, planted_panel, monkeypatch):
    """A file without some of the instrument's countries: the adopters-IV rows say which
    adopters are missing and how to add them, not 'buy IFR World Robotics'."""
    from gvc.claims.families import c1_ifr
    from gvc.claims.registry import get_claim

    ivs = ("C1-ifr-iv", "C1-ifr-iv-trends")
    monkeypatch.setattr(c1_ifr, "SPECS", {k: c1_ifr.SPECS[k] for k in ivs})
    monkeypatch.setattr(c1_ifr, "orientation_fits", lambda panel: {})
    panel = planted_panel[~planted_panel.iso3.isin(["FRA", "ITA"])]
    rows, _ = c1_ifr.estimate_rows(get_claim("C1"), panel)
    by = {r["specification"]: r for r in rows}
    for sid in ivs:
        note = by[sid]["note"]
        assert by[sid]["verdict"] == "data unavailable"
        assert "leading adopters FRA, ITA in the IFR file" in note, note
        assert "c1_ifr_adopters.csv" in note and "buy IFR" not in note


def test_iv_row_on_ten_countries_gives_no_crv1_advice(use_data, planted_panel):
    """Ten countries: the IV row's CI is the wild bootstrap AR set, so neither the console nor
    the row's note advises "consider vcov={'wild': 'iso3'}" (once printed, naming no row, from
    the CRV1 Anderson-Rubin fits); the set covers the planted truth."""
    import warnings

    from gvc.claims.families import c1_ifr
    from gvc.estimators import FewClustersWarning

    keep = ["DEU", "USA", "JPN", "KOR", "CHN", "ESP", "GBR", "CAN", "MEX", "BRA"]
    panel = planted_panel[planted_panel.iso3.isin(keep)]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fit, d, note = c1_ifr.fit_spec(panel, c1_ifr.SPECS["C1-ifr-iv-loo"])
    assert d.iso3.nunique() == 10
    assert not [w for w in caught if issubclass(w.category, FewClustersWarning)]
    assert "consider vcov" not in note and not any("consider vcov" in n for n in fit.notes)
    lo, hi, how = fit.gvc_row_ci
    assert how.startswith("wild bootstrap Anderson-Rubin set by country (10 clusters)")
    assert lo <= -0.8 <= hi


def test_planted_elasticity_is_recovered(use_data, planted):
    rows, res = planted
    el = rows.loc["C1-ifr-elast"]
    # the planted noise sits in the stocks, so OLS is attenuated (slightly) and IV is not; the
    # planted stocks are large, where asinh(stock) = log(2 stock) up to O(1/stock^2)
    assert abs(el.estimate + 0.8) < 0.01 and el.ci_high < 0
    assert "wild cluster bootstrap by country, weighted" in el.note and "two-way" in el.note
    assert (
        "9,999 wild draws" in el.note
        and "Monte Carlo s.e. of the CI bounds over 10 seeds" in el.note
    )
    assert "weighted by the cell's 1995 value added" in el.note
    assert re.search(r"\d+ of \d+ cells have zero robots \(kept", el.note)
    # every planted code maps to one WIOD industry: the exact-cells row keeps every cell
    ex = rows.loc["C1-ifr-elast-exact"]
    assert "kept 400 of 400 country x industry cells" in ex.note
    assert abs(ex.estimate - el.estimate) < 1e-9
    un = rows.loc["C1-ifr-elast-unweighted"]
    assert "unweighted" in un.note and abs(un.estimate + 0.8) < 0.01
    for sid in ("C1-ifr-iv", "C1-ifr-iv-loo", "C1-ifr-iv-trends"):
        r = rows.loc[sid]
        assert abs(r.estimate + 0.8) < 0.01 and r.ci_low <= -0.8 <= r.ci_high, sid
        ar = re.search(r"Anderson-Rubin 95% set \[(-?[\d.]+), (-?[\d.]+)\]", r.note)
        assert ar and float(ar.group(1)) <= -0.8 <= float(ar.group(2)), (sid, r.note)
        # few clusters: the row's inference is the wild bootstrap AR set by country
        assert r.inference.startswith("wild bootstrap Anderson-Rubin set by country"), sid
        assert (r.ci_low, r.ci_high) == (float(ar.group(1)), float(ar.group(2))) or abs(
            r.ci_low - float(ar.group(1))
        ) < 5e-4, sid
    iv = rows.loc["C1-ifr-iv"]
    assert "first-stage F" in iv.note and "Kleibergen-Paap F" in iv.note
    assert "OLS with the IV's fixed effects" in iv.note and "reduced form" in iv.note
    assert re.search(r"two-way \(country, industry\) \[-0\.8\d*, -0\.7\d*\]", iv.note)
    assert "2SLS without industry trends" in iv.note and "EXCLUSION AT RISK" not in iv.note
    assert "leading adopters DNK, FIN, FRA, ITA, SWE" in iv.note
    assert "trends and FE partialled out" in rows.loc["C1-ifr-iv-trends"].note
    # the robustness IV's reference group is fixed by the World Bank's 1995 classification
    loo = rows.loc["C1-ifr-iv-loo"]
    groups = gvc.load("income_groups")
    hi = groups.query("year == 1995 and income_group == 'H'")["iso3"]
    sample = re.search(r"\d+ countries \(([^)]*)\)", loo.note).group(1).split(", ")
    n_ref = len(set(hi) & set(sample))
    assert n_ref > 15
    assert f"leave-one-out mean over {n_ref} high-income countries in 1995" in loo.note
    listed = re.search(r"in 1995 \(World Bank historical classification\) \(([^)]*)\)", loo.note)
    assert not {"BGR", "ROU", "RUS"} & set(listed.group(1).split(", "))
    # long differences are in density changes, which need employment (no SEA here)
    for sid in ("C1-ifr-ld-1995", "C1-ifr-ld-2000"):
        assert rows.loc[sid, "verdict"] == "data unavailable"
        assert "Socio_Economic_Accounts" in rows.loc[sid, "note"]
    # every estimated row names its sample
    for sid, r in rows.iterrows():
        if sid.startswith("C1-ifr") and pd.notna(r.estimate):
            for needle in ("countries (", "industries (", "years ", " obs", "country clusters"):
                assert needle in r.note, (sid, needle)
    assert "40 countries" in el.note and f"{len(CODES)} industries" in el.note
    assert any(p.name == "c1_ifr_robots_gvc.png" for p in res.figures)
    assert "c1_ifr" in res.tables
    # the orientation of GVC trade (BMT 2025 pure-forward / two-sided / pure-backward shares)
    orient = res.tables["c1_ifr_orientation"].frame
    assert list(orient.columns) == [
        "pure-forward share of GVC trade",
        "two-sided share of GVC trade",
        "pure-backward share of GVC trade",
    ]
    # ... and as ledger rows beside the claim, without a verdict (another construct)
    for sid, m in (("C1-ifr-orient-pf", "pure-forward"), ("C1-ifr-orient-pb", "pure-backward")):
        r = rows.loc[sid]
        assert np.isfinite(r.estimate) and r.ci_low < r.estimate < r.ci_high, sid
        assert r.verdict == "not comparable" and r.reference_value == ""
        assert f"the row measures effect of robots on the {m} share" in r.note
        assert r.unit.startswith(f"pts of the {m} share")
        assert "wild cluster bootstrap by country, weighted" in r.note
    # components of participation are not the claimed rate: no verdict, no vote
    assert rows.loc["C1-ifr-backward", "verdict"] == "not comparable"
    # with an IFR file the headline is the cited design's, not the Japan stand-in
    assert "Primary: `C1-ifr-elast`" in res.result_md and "substitute design" not in res.result_md
    # the planted truth is the claim (-0.8, stated with one decimal: -0.85 to -0.75): the
    # primary and the headline say consistent; the Japan and cross-country stand-ins are shown
    # beside the running primary and do not vote
    assert el.verdict == "consistent", el.note
    assert el.reference_value == "-0.8 (i.e. -0.85 to -0.75 as stated)"
    assert el.unit == "%/% (log GVC participation on asinh of the robot stock)"
    text = headline_text(rows.reset_index(), get_claim("C1"))
    assert text.startswith("consistent: "), text
    assert "Beside it, stand-in designs (other data, no vote): C1-jp-elast" in text


@pytest.fixture(scope="module")
def planted_half(built_data, tmp_path_factory):
    """C1 on a SYNTHETIC IFR file with a planted elasticity of -0.4, half the claim."""
    res = FAMILIES["C1"](
        planted_loader(built_data, tmp_path_factory, slope=-0.4), tmp_path_factory.mktemp("fig")
    )
    return res.rows.set_index("specification")


def test_a_planted_half_of_the_claim_is_not_consistent(use_data, planted_half):
    """Planted -0.4: the estimate comes back near -0.4, its CI excludes all of -0.85 to -0.75,
    and neither the primary nor the headline says consistent."""
    el = planted_half.loc["C1-ifr-elast"]
    assert abs(el.estimate + 0.4) < 0.01 and el.ci_low > -0.75
    assert el.verdict == "same sign, different magnitude"
    text = headline_text(planted_half.reset_index(), get_claim("C1"))
    assert not text.startswith("consistent"), text


def test_long_difference_in_density_recovers_a_planted_slope():
    """SYNTHETIC panel: participation (pct) = cell effect - 0.8 x density + noise, with densities
    growing from small bases (where the change in log stock would explode); the long difference
    in density recovers -0.8 and its wild CI (9,999 draws) covers it."""
    from gvc.claims.families import c1_ifr

    rng = np.random.default_rng(3)
    cells = [(f"C{c:02d}", f"c{i}") for c in range(30) for i in range(3, 13)]
    rows = []
    for c, i in cells:
        a, g = rng.normal(30, 5), rng.uniform(0, 3)
        for y in (1995, 2000, 2011):
            dens = 0.01 + g * (y - 1995) / 16 + rng.uniform(0, 0.01)
            rows.append((c, i, y, a - 0.8 * dens + rng.normal(0, 0.05), dens, rng.uniform(1, 9)))
    p = pd.DataFrame(
        rows, columns=["iso3", "industry", "year", "gvc_part_trade", "density_100", "w"]
    )
    p["ihs_stock"] = np.arcsinh(p["density_100"] * 100)
    p["w_base"] = p.groupby(["iso3", "industry"])["w"].transform("first")
    fit, d = c1_ifr.fit_long_difference(p, 1995, 2011)
    t = fit.tidy().set_index("term").loc["d_density"]
    assert len(d) == len(cells)
    assert abs(t.estimate + 0.8) < 0.05 and t.ci_low <= -0.8 <= t.ci_high


def test_weighted_wild_keeps_the_weighted_fixed_effects_estimate():
    """Frisch-Waugh-Lovell with weights: the transformed model the weighted wild bootstrap uses
    gives the same coefficient as the weighted regression with absorbed fixed effects."""
    from gvc.claims.families import c1_ifr, kit

    rng = np.random.default_rng(1)
    n_c, n_i, n_t = 20, 6, 8
    d = pd.DataFrame(
        [(f"C{c}", f"i{i}", t) for c in range(n_c) for i in range(n_i) for t in range(n_t)],
        columns=["iso3", "industry", "year"],
    )
    d["ci"] = d.iso3 + d.industry
    d["ct"] = d.iso3 + d.year.astype(str)
    d["it"] = d.industry + d.year.astype(str)
    d["x"] = rng.normal(size=len(d)) + d.groupby("ci")["year"].transform(lambda s: rng.normal())
    d["y"] = -0.8 * d.x + rng.normal(size=len(d))
    d["w"] = d.groupby("ci")["year"].transform(lambda s: rng.uniform(0.5, 5))
    direct = kit.quiet_feols("y ~ x | ci + ct + it", d, {"CRV1": "iso3"}, weights="w")
    boot = c1_ifr.weighted_wild(d, "y", "x", "ci + ct + it", [], "w")
    assert boot.coef["x"] == pytest.approx(direct.coef["x"], rel=1e-8)
    t = boot.tidy().set_index("term").loc["x"]
    assert t.ci_low < -0.8 < t.ci_high


@pytest.mark.parametrize("unit", [True, False])
def test_weighted_wild_is_the_weighted_bootstrap_of_gvc_feols(unit):
    """SYNTHETIC: the row's bootstrap is gvc.feols' weighted wild bootstrap with the row's
    options (draws, seed, Webb weights, country clusters), whose equality with the textbook
    full-dummy bootstrap is tested in tests/estimators/test_wild_weighted.py."""
    import sys
    import warnings
    from pathlib import Path

    from gvc.claims.families import c1_ifr
    from gvc.estimators import feols

    sys.path.insert(0, str(Path(__file__).parents[1] / "estimators"))
    from wild_panels import panel

    d = panel(0, unit)
    fit = c1_ifr.weighted_wild(d, "y", "x", "ci + ct + it", [], "w")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = feols("y ~ x | ci + ct + it", d, c1_ifr.wild_opts(), weights="w")
    a, b = (f.tidy().set_index("term").loc["x"] for f in (fit, ref))
    assert (a.estimate, a.ci_low, a.ci_high) == pytest.approx((b.estimate, b.ci_low, b.ci_high))
    assert fit.bootstrap["x"]["test"].p_value(-0.8) == ref.bootstrap["x"]["test"].p_value(-0.8)


def test_bootstrap_rows_state_an_approximate_power_on_the_farther_half():
    """A wild bootstrap CI inverts a test, so it need not be symmetric: the row's MDE converts
    the farther half (1.43 x, never below 0.71 x the width) and says it is approximate; an
    interval whose near half would pass as informative under 0.71 x width is uninformative.
    Fits without a bootstrap get no override."""
    from types import SimpleNamespace

    from gvc.claims.families import c1_ifr, kit
    from gvc.claims.registry import get_claim
    from gvc.claims.verdict import power

    rng = np.random.default_rng(3)
    d = pd.DataFrame({"g": np.repeat(np.arange(9), 20), "x": rng.normal(size=180)})
    d["y"] = 0.1 * d.x + rng.normal(size=180) * np.where(d.g == 0, 8, 1)
    fit = kit.quiet_feols("y ~ x", d, kit.wild("g"))
    t = fit.tidy().set_index("term").loc["x"]
    kw = c1_ifr.bootstrap_power(fit, "x")
    half = max(t.estimate - t.ci_low, t.ci_high - t.estimate)
    assert kw["mde"] == pytest.approx(1.4294 * half, rel=1e-3)
    assert kw["mde"] >= 0.7143 * (t.ci_high - t.ci_low) - 1e-12
    assert "approximate" in kw["mde_how"] and "bootstrap p at 0" in kw["mde_how"]
    crv = kit.quiet_feols("y ~ x", d, {"CRV1": "g"})
    assert c1_ifr.bootstrap_power(crv, "x") == {}
    # [-0.5, 0.6] around 0.5: 0.71 x 1.1 = 0.79 <= 0.8 (informative), but the far half 1.0
    # gives 1.43 (uninformative)
    p = power(-0.5, 0.6, 0.8)
    assert p.informative
    q = power(-0.5, 0.6, 0.8, mde=1.4294 * 1.0, mde_how="approximate: test")
    assert not q.informative and "(approximate: test)" in q.words
    # a row around the claim -0.8: [-0.85, 0.2] around -0.75 holds -0.8 and 0 (inconclusive);
    # 0.71 x 1.05 = 0.75 <= 0.8 would call it informative, the far half 0.95 x 1.43 does not
    fake = SimpleNamespace(bootstrap={"x": {"test": fit.bootstrap["x"]["test"]}})
    fake.tidy = lambda: pd.DataFrame(
        {"term": ["x"], "estimate": [-0.75], "ci_low": [-0.85], "ci_high": [0.2]}
    )
    assert power(-0.85, 0.2, -0.8).informative
    kw = c1_ifr.bootstrap_power(fake, "x")
    assert not power(-0.85, 0.2, -0.8, **kw).informative
    row = kit.ledger_row(get_claim("C1"), "C1-jp-pp", -0.75, -0.85, 0.2, 100, "", **kw)
    assert row["verdict"] == "inconclusive"
    assert "power: uninformative" in row["note"] and "approximate" in row["note"]


def test_adopters_instrument_leaves_out_the_own_country_and_needs_every_adopter():
    from gvc.claims.families.c1_ifr import adopters_mean

    adopters = ["DNK", "FIN", "FRA", "ITA", "SWE"]
    d = pd.DataFrame(
        {
            "iso3": ["DNK", "FIN", "FRA", "ITA", "SWE", "DEU"] + ["DNK", "FIN", "SWE", "DEU"],
            "industry": "c15",
            "year": [2000] * 6 + [2001] * 4,
            "v": [1.0, 2.0, 3.0, 4.0, 10.0, 100.0] + [1.0, 2.0, 6.0, 100.0],
        }
    )
    z = adopters_mean(d, "v", adopters)
    # by hand, 2000 (all five report): the others' mean; DEU: the mean of all five
    assert list(z[:6]) == pytest.approx([4.75, 4.5, 4.25, 4.0, 2.5, 4.0])
    # 2001: FRA and ITA do not report, so the mean would jump: no instrument
    assert z[6:].isna().all()


def test_weighted_wild_drops_singletons_and_keeps_the_window():
    """A cell alone in its country x industry group is dropped, as the FE fit drops it, so both
    report the same observations; the row keeps its years."""
    from gvc.claims.families import c1_ifr, kit

    rng = np.random.default_rng(2)
    d = pd.DataFrame(
        [(f"C{c}", f"i{i}", t) for c in range(12) for i in range(4) for t in range(6)],
        columns=["iso3", "industry", "year"],
    )
    d = pd.concat([d, pd.DataFrame([("C0", "i9", 3)], columns=d.columns)], ignore_index=True)
    d["ci"] = d.iso3 + d.industry
    d["ct"] = d.iso3 + d.year.astype(str)
    d["it"] = d.industry + d.year.astype(str)
    d["x"] = rng.normal(size=len(d))
    d["y"] = -0.8 * d.x + rng.normal(size=len(d))
    d["w"] = 1.0 + rng.uniform(size=len(d))
    direct = kit.quiet_feols("y ~ x | ci + ct + it", d, {"CRV1": "iso3"}, weights="w")
    boot = c1_ifr.weighted_wild(d, "y", "x", "ci + ct + it", [], "w")
    assert boot.nobs == direct.nobs == len(d) - 1
    assert boot.gvc_window == (0, 5)


def test_literal_reading_needs_the_sea_file(use_data, planted):
    rows, _ = planted
    for sid in ("C1-ifr-pp", "C1-ifr-pp-iv"):
        r = rows.loc[sid]
        assert r.verdict == "data unavailable"
        assert "wiod-sea/Socio_Economic_Accounts_July14.xlsx" in r.note


def test_without_a_file_the_rows_name_what_to_supply(use_data, tmp_path):
    res = FAMILIES["C1"](gvc.load, tmp_path)
    ifr = res.rows[res.rows.specification.str.startswith("C1-ifr")]
    assert (ifr.verdict == "data unavailable").all()
    assert ifr.note.str.contains("data/raw/ifr/").all()
    jp = res.rows[res.rows.specification.str.startswith("C1-jp")]
    assert (jp.verdict != "data unavailable").all()
    assert (
        "Headline from a substitute design, not the cited one (the primary C1-ifr-elast has no "
        "estimate): `C1-jp-elast`" in res.result_md
    )  # the unit-free Japan row heads the claim
    side = res.tables["c1_japan_wild_vs_crv1"].set_index("specification")
    assert {"C1-jp-elast", "C1-jp-elast-no-c16"} <= set(side.index)
    assert side.loc["C1-jp-elast", "clusters"] == 10
    assert side.loc["C1-jp-elast-no-c16", "clusters"] == 9
    assert (side["crv1_ci_low"] < side["crv1_ci_high"]).all()
    el = res.rows.set_index("specification").loc["C1-jp-elast"]
    assert "CRV1 by industry CI" in el.note and el.ci_low == side.loc["C1-jp-elast", "wild_ci_low"]
    no16 = res.rows.set_index("specification").loc["C1-jp-elast-no-c16"]
    assert "c16" not in no16.note.split(";")[0].split("(")[1]  # industries listed, c16 gone


def _hashes(d):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(d.glob("*.parquet"))}


def test_damaged_ifr_file_leaves_every_other_table_and_claim_intact(
    built_data, tmp_path, monkeypatch
):
    d = tmp_path / "data"
    shutil.copytree(built_data / "processed", d / "processed")
    (d / "raw" / "ifr").mkdir(parents=True)
    (d / "raw" / "ifr" / "wr2021.csv").write_text(
        "Year,countrycode,country,industrycode,industry,delivered,op_stock\n"
        "2010,DE,Germany,D,Manufacturing,10,100\n2010,DE,Germany,29,Automotive,5\n"
    )
    monkeypatch.setenv("GVC_DATA_DIR", str(d))
    before = _hashes(d / "processed")
    res = CliRunner().invoke(main, ["build"])
    # every other table built, then exit 2 naming the file (issue 19)
    assert res.exit_code == 2, res.output
    assert "error: IFR file left out:" in res.output and "wr2021.csv: row 3" in res.output
    after = _hashes(d / "processed")
    changed = {k for k in before if before[k] != after.get(k)}
    assert changed <= {"robots_by_industry.parquet", "ifr_files.parquet"}
    log = gvc.load("ifr_files").set_index("file")
    assert log.loc["wr2021.csv", "status"] == "error"
    c1 = FAMILIES["C1"](gvc.load, tmp_path)
    row = c1.rows.set_index("specification").loc["C1-ifr-elast"]
    assert row.verdict == "data unavailable"
    assert "wr2021.csv" in row.note and "row 3" in row.note
    assert (
        c1.rows[c1.rows.specification.str.startswith("C1-jp")].verdict != "data unavailable"
    ).all()


def test_leave_one_out_is_collinear_with_industry_year_effects():
    """Why the IV drops industry x year effects: within an industry-year the leave-one-out mean
    is (sum - own) / (n - 1), an exact linear function of the own value."""
    from gvc.estimators.robot_exposure import leave_one_out_mean

    rng = np.random.default_rng(0)
    df = pd.DataFrame(
        {"iso3": np.repeat(list("ABCDE"), 4), "industry": "c15", "year": np.tile(range(4), 5)}
    )
    df["x"] = rng.normal(size=len(df))
    z = leave_one_out_mean(df, "x")
    total = df.groupby("year")["x"].transform("sum")
    np.testing.assert_allclose(z, (total - df["x"]) / 4)
    demeaned_z = z - z.groupby(df["year"]).transform("mean")
    demeaned_x = df["x"] - df.groupby("year")["x"].transform("mean")
    np.testing.assert_allclose(demeaned_z, -demeaned_x / 4, atol=1e-12)


def test_industry_trend_confounder_biases_the_plain_iv_and_the_trends_row_recovers(
    use_data, tmp_path
):
    """A global industry adoption trend that loads on participation directly (SYNTHETIC file,
    :data:`INDUSTRY_TRENDS`) passes through the leave-one-out instrument: the plain IV is pulled
    far from -0.8 (measured: +0.038, CI [0.009, 0.067]); with industry-specific linear trends the
    2SLS is back at the truth (-0.804) and the plain IV's note flags the exclusion restriction.
    C1-ifr-elast (industry x year FE) is unaffected."""
    from gvc.claims.families import c1_ifr

    path = tmp_path / "SYNTHETIC_ifr_trend.csv"
    write_planted_ifr(path, industry_trend=INDUSTRY_TRENDS)
    rbi = pd.concat([gvc.load("robots_by_industry"), _ifr_file(path)[0]], ignore_index=True)
    panel, why = c1_ifr.load_panel(lambda n: rbi if n == "robots_by_industry" else gvc.load(n))
    assert panel is not None, why
    est = {}
    for sid in ("C1-ifr-elast", "C1-ifr-iv", "C1-ifr-iv-trends"):
        fit, _, note = c1_ifr.fit_spec(panel, c1_ifr.SPECS[sid])
        est[sid] = (fit.tidy().set_index("term").loc["ihs_stock"], note)
    plain, trends = est["C1-ifr-iv"][0], est["C1-ifr-iv-trends"][0]
    assert abs(est["C1-ifr-elast"][0].estimate + 0.8) < 0.005
    assert abs(plain.estimate + 0.8) > 0.5 and not plain.ci_low <= -0.8 <= plain.ci_high
    assert abs(trends.estimate + 0.8) < 0.01 and trends.ci_low <= -0.8 <= trends.ci_high
    assert abs(trends.estimate + 0.8) < abs(plain.estimate + 0.8)
    for sid in ("C1-ifr-iv", "C1-ifr-iv-trends"):
        assert "EXCLUSION AT RISK" in est[sid][1], sid


UNDER = ("AUS", "AUT", "BEL", "BRA", "CAN", "CHN")


def test_large_remainder_allocation_is_flagged_and_the_lowalloc_row_drops_it(use_data, tmp_path):
    """SYNTHETIC: six countries report each industry's stock only in part (5-60%, drawn per row),
    the rest under manufacturing as a whole. Proportional allocation misplaces it (errors in the
    regressor): the ifr_files log and every C1-ifr note warn, and C1-ifr-elast-lowalloc, which
    drops those country-years, recovers -0.8 where C1-ifr-elast is pulled towards zero."""
    from gvc.claims.families import c1_ifr
    from gvc.panels.robots_by_industry import read_ifr

    path = tmp_path / "SYNTHETIC_ifr_underreported.csv"
    write_planted_ifr(path, underreport=UNDER)
    rows, log = read_ifr({"ifr/" + path.name: path})
    msg = log.loc[0, "message"]
    n_cy = rows[rows.industry == "MANUF"][["iso3", "year"]].drop_duplicates()
    n_under = int(n_cy.iso3.isin(UNDER).sum())
    assert f"warning: in {n_under} of {len(n_cy)} country-years" in msg
    assert "beyond the explicit unspecified codes" in msg
    rbi = pd.concat([gvc.load("robots_by_industry"), rows], ignore_index=True)
    panel, why = c1_ifr.load_panel(lambda n: rbi if n == "robots_by_industry" else gvc.load(n))
    assert panel is not None, why
    note = c1_ifr.allocation_note(panel, log)
    assert "WARNING allocation" in note and f"{n_under} of {len(n_cy)} country-years" in note
    assert "ifr_files SYNTHETIC_ifr_underreported.csv: warning: in" in note
    est = {}
    for sid in ("C1-ifr-elast", "C1-ifr-elast-lowalloc"):
        fit, d, inf = c1_ifr.fit_spec(panel, c1_ifr.SPECS[sid])
        est[sid] = (fit.tidy().set_index("term").loc["ihs_stock"], d, inf)
    full, low = est["C1-ifr-elast"][0], est["C1-ifr-elast-lowalloc"][0]
    assert abs(full.estimate + 0.8) > 0.05  # the misallocation attenuates the elasticity
    # within 0.01 of the truth (the CI, +-0.004, is tighter than the asinh/rounding error of
    # the planted small stocks, measured -0.794)
    assert abs(low.estimate + 0.8) < 0.01
    assert not set(UNDER) & set(est["C1-ifr-elast-lowalloc"][1].iso3)
    assert f"dropped {n_under} of {len(n_cy)} country-years" in est["C1-ifr-elast-lowalloc"][2]


def test_cells_whose_ifr_codes_change_are_counted_and_left_out_in_the_note():
    """Simulated: 4 of 36 cells switch from a parent code to its children in 2003; the note
    counts them and gives the estimate without them (planted slope -0.8 in the stable cells)."""
    from gvc.claims.families import c1_ifr

    rng = np.random.default_rng(3)
    d = pd.DataFrame(
        [(f"C{c}", f"c{i}", t) for c in range(12) for i in (3, 4, 5) for t in range(2000, 2006)],
        columns=["iso3", "industry", "year"],
    )
    d["ci"] = d.iso3 + "_" + d.industry
    d["ct"] = d.iso3 + "_" + d.year.astype(str)
    d["it"] = d.industry + "_" + d.year.astype(str)
    d["ihs_stock"] = rng.normal(size=len(d))
    d["log_gvc_part_trade"] = -0.8 * d.ihs_stock + rng.normal(0, 0.01, len(d))
    d["w_base"] = 1.0
    d["ifr_codes"] = "10-12"
    moving = d.ci.isin(["C0_c3", "C1_c3", "C2_c4", "C3_c5"])
    d.loc[moving & (d.year >= 2003), "ifr_codes"] = "10|11|12"
    d.loc[moving, "log_gvc_part_trade"] += 5.0 * (d.loc[moving, "year"] >= 2003)
    spec = c1_ifr.SPECS["C1-ifr-elast"]
    text = c1_ifr.stable_codes_note(d, f"{spec.y} ~ {spec.x} | ci + ct + it", spec)
    assert text.startswith("4 of 36 country x industry cells change the IFR codes")
    b = float(re.search(r"without them (-?[\d.]+) \[", text).group(1))
    assert abs(b + 0.8) < 0.01
    d["ifr_codes"] = "10-12"
    assert "are the same in every year" in c1_ifr.stable_codes_note(d, "y ~ x", spec)


def _simulated_cells(seed=4, n_c=15, inds=("c3", "c7", "c12", "c13"), years=range(2000, 2010)):
    """SYNTHETIC country x industry x year cells with a stock path per cell."""
    rng = np.random.default_rng(seed)
    d = pd.DataFrame(
        [(f"C{c:02d}", i, t) for c in range(n_c) for i in inds for t in years],
        columns=["iso3", "industry", "year"],
    )
    d["ci"] = d.iso3 + "_" + d.industry
    d["ct"] = d.iso3 + "_" + d.year.astype(str)
    d["it"] = d.industry + "_" + d.year.astype(str)
    walk = d.groupby("ci")["year"].transform(lambda s: np.cumsum(rng.normal(0.3, 0.4, len(s))))
    d["stock"] = np.round(np.exp(4 + walk))
    d["ihs_stock"] = np.arcsinh(d.stock)
    d["w_base"] = 1.0
    d["ifr_codes"] = d.industry.map({"c3": "10-12", "c7": "17-18", "c12": "24-28", "c13": "24-28"})
    return d, rng


def test_lead_test_flags_participation_that_moves_before_the_robots():
    """Simulated: participation responds to next year's robots (adoption follows participation
    plans): the lead is flagged; with the planted contemporaneous effect only, it is not."""
    from gvc.claims.families import c1_ifr

    spec = c1_ifr.SPECS["C1-ifr-elast"]
    d, rng = _simulated_cells()
    lead = d.groupby("ci")["ihs_stock"].shift(-1)
    d["log_gvc_part_trade"] = -0.8 * d.ihs_stock + rng.normal(0, 0.05, len(d))
    assert "PRE-TREND" not in c1_ifr.lead_note(d, d, spec)
    d["log_gvc_part_trade"] = (
        -0.8 * d.ihs_stock - 0.5 * lead.fillna(0) + rng.normal(0, 0.05, len(d))
    )
    text = c1_ifr.lead_note(d, d, spec)
    assert "PRE-TREND" in text
    est = float(re.search(r"next year's asinh stock (-?[\d.]+) ", text).group(1))
    assert abs(est + 0.5) < 0.05


def test_split_code_cells_and_units_are_disclosed():
    """Simulated: c12 and c13 get their robots from the split code 24-28; the note counts those
    cells and gives the estimate on c3 and c7 alone (planted -0.8); with one industry left the
    note says it cannot estimate (rather than pyfixest aborting the process); the units check
    recovers the same elasticity with the stock in hundreds (large stocks: asinh ~ log)."""
    from gvc.claims.families import c1_ifr

    assert {"24-28", "13-15", "16", "19-22", "P"} <= c1_ifr.split_codes()
    assert "10-12" not in c1_ifr.split_codes()
    spec = c1_ifr.SPECS["C1-ifr-elast"]
    d, rng = _simulated_cells()
    d["log_gvc_part_trade"] = -0.8 * d.ihs_stock + rng.normal(0, 0.05, len(d))
    f = f"{spec.y} ~ {spec.x} | ci + ct + it"
    text = c1_ifr.split_codes_note(d, f, spec)
    assert text.startswith("; 30 of 60 cells take robots from an IFR code split")
    b = float(re.search(r"codes change (-?[\d.]+) \[", text).group(1))
    assert abs(b + 0.8) < 0.05
    one = d[d.industry != "c7"]
    assert "codes change not estimable" in c1_ifr.split_codes_note(one, f, spec)
    units = c1_ifr.units_note(d, spec)
    b100 = float(re.search(r"hundreds of robots (-?[\d.]+) \[", units).group(1))
    assert abs(b100 + 0.8) < 0.05
    assert f"{int((d.stock < 10).sum())} of {len(d)} cells hold fewer than 10 robots" in units


def test_the_iv_note_says_where_the_adopters_instrument_is_missing():
    """Hand-made: FIN has no c12 cell in 1995-1996: those two industry-years have no instrument
    for anyone, and the note names FIN and the years."""
    from gvc.claims.families import c1_ifr

    adopters = c1_ifr.leading_adopters()
    rows = [
        (c, i, y, 1.0)
        for c in [*adopters, "DEU"]
        for i in ("c3", "c12")
        for y in range(1995, 2000)
        if not (c == "FIN" and i == "c12" and y < 1997)
    ]
    panel = pd.DataFrame(rows, columns=["iso3", "industry", "year", "ihs_stock"])
    text = c1_ifr.adopters_gap_note(panel, "ihs_stock", adopters)
    assert text == (
        "; no instrument in 2 of 10 industry-years, where not every adopter reports the "
        "industry (FIN 1995-1996)"
    )
    za = c1_ifr.adopters_mean(panel, "ihs_stock", adopters)
    gap = (panel.industry == "c12") & (panel.year < 1997)
    assert za[gap].isna().all() and za[~gap].notna().all()
    assert c1_ifr._years_text([1995, 1996, 1997, 2001, 2003, 2004]) == "1995-1997, 2001, 2003-2004"


def _two_ifr_industries(seed=6, n_c=20, years=range(1995, 2007)):
    """SYNTHETIC robots_by_industry and gvc_participation frames: IFR industries 10-12 (WIOD c3)
    and 24-28 (WIOD c12 + c13, robots split 0.6/0.4 as gvc splits by output). The IFR industry's
    trade-based participation P (GVC trade over gross exports of its WIOD industries) follows
    log P = -0.8 asinh(S) + FE + e with S its robot stock; inside 24-28 the children's export
    shares and participation differ and move from year to year."""
    rng = np.random.default_rng(seed)
    robots, gvcp = [], []
    b_ct = {(c, y): rng.normal(0, 0.2) for c in range(n_c) for y in years}
    for c in range(n_c):
        iso = f"K{c:02d}"
        for members, code in ((("c3",), "10-12"), (("c12", "c13"), "24-28")):
            walk = np.cumsum(rng.normal(0.25, 0.3, len(years)))
            a = rng.normal(0, 0.5)
            for t, y in enumerate(years):
                S = float(np.round(np.exp(4 + walk[t])))
                P = np.exp(-0.8 * np.arcsinh(S) + 4 + a + b_ct[c, y] + rng.normal(0, 0.01))
                E = 1000 * np.exp(rng.normal())
                if len(members) == 1:
                    parts = [(members[0], 1.0, P, 1.0)]
                else:
                    s1 = rng.uniform(0.3, 0.7)
                    p1 = P * rng.uniform(0.8, 1.2)
                    parts = [
                        (members[0], s1, p1, 0.6),
                        (members[1], 1 - s1, (P - p1 * s1) / (1 - s1), 0.4),
                    ]
                for ind, share, p, rshare in parts:
                    ex = E * share
                    robots.append(("ifr", True, iso, ind, y, S * rshare, 0.0, code))
                    for m, v in (
                        ("exgr", ex), ("exgr_fva", 0.4 * p * ex), ("dexfvap", 0.6 * p * ex),
                        ("gvc_part_trade", p), ("valu", ex),
                    ):  # fmt: skip
                        gvcp.append(("wiod2013", iso, ind, y, m, v))
    r = pd.DataFrame(
        robots,
        columns=["source", "is_country", "iso3", "industry", "year", "operational_stock",
                 "unspecified_allocated", "ifr_codes"],
    )  # fmt: skip
    g = pd.DataFrame(gvcp, columns=["source", "iso3", "industry", "year", "measure", "value"])
    return r, g


def test_ifr_level_merges_split_industries_and_recovers_the_planted_elasticity():
    """On IFR industries (c12 + c13 merged, participation recomputed from the summed levels) the
    elasticity planted at the level robots are reported comes back; where nothing is merged (c3)
    the recomputed participation is the table's own (GVC trade / gross exports)."""
    from gvc.claims.families import c1_ifr

    robots, gvcp = _two_ifr_industries()
    panel = c1_ifr.build_panel(robots, gvcp)
    ifr, note = c1_ifr.ifr_level_panel(panel)
    assert note.startswith("IFR industries: c4+c5, c6+c16, c9+c10, c12+c13 merged")
    assert set(ifr.industry) == {"c3", "c12+c13"} and len(ifr) == len(panel) // 3 * 2
    c3 = ifr[ifr.industry == "c3"].set_index(["iso3", "year"]).gvc_part_trade
    own = panel[panel.industry == "c3"].set_index(["iso3", "year"]).gvc_part_trade
    np.testing.assert_allclose(c3.loc[own.index], own, rtol=1e-12)
    spec = c1_ifr.SPECS["C1-ifr-elast-ifrlevel"]
    fit, d, text = c1_ifr.fit_spec(panel, spec)
    t = fit.tidy().set_index("term").loc["ihs_stock"]
    assert abs(t.estimate + 0.8) < 0.02 and t.ci_low <= -0.8 <= t.ci_high
    assert "2 industries (c3, c12+c13)" in c1_ifr.sample_note(d) and "merged" in text
    assert "split over several WIOD industries" not in text


def test_panel_participation_is_gvc_trade_over_gross_exports(use_data, planted_panel):
    """Accounting identity on the real WIOD table (the levels ifr_level_panel sums): trade-based
    participation = 100 x (exgr_fva + dexfvap) / exgr in every cell."""
    p = planted_panel.dropna(subset=["gvc_part_trade", "exgr"])
    p = p[p.exgr > 0]
    assert len(p) > 5000
    np.testing.assert_allclose(p.gvc_part_trade, 100 * (p.exgr_fva + p.dexfvap) / p.exgr, rtol=1e-9)
