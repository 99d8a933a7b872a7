"""Full chain on the demo world: tables -> IO engine -> panel -> regression -> verdict, checked
against the demo's known truth (issue: demo world validation)."""

from __future__ import annotations

import pytest

from gvc.demo.pipeline import run_demo


@pytest.fixture(scope="module")
def res():
    return run_demo(seed=0)


def test_iv_recovers_truth_and_ols_is_biased(res):
    rows = res.rows
    iv = rows[(rows.claim_id == "D1") & rows.specification.str.startswith("2SLS")].iloc[0]
    ols = rows[(rows.claim_id == "D1") & rows.specification.str.startswith("OLS")].iloc[0]
    beta = res.world.truth["beta"]
    assert iv.ci_low <= beta <= iv.ci_high and iv.verdict == "consistent"
    # the confounder pushes OLS up, by design, and far enough that its CI excludes the truth
    assert ols.ci_low > beta and ols.verdict != "consistent"


def test_engine_measure_recovers_leontief_estimand(res):
    d2 = res.rows[res.rows.claim_id == "D2"].iloc[0]
    target = res.world.truth["leontief_iv_estimand"]
    assert d2.ci_low <= target <= d2.ci_high


def test_panel_is_labelled_and_keyed(res):
    p = res.panel
    assert p.attrs["label"] == "SYNTHETIC DEMO DATA - not evidence"
    assert set(p.source) == {"synthetic_demo"}
    assert not p.duplicated(["iso3", "industry", "year", "measure"]).any()
    assert len(p.year.unique()) == 15


@pytest.fixture(scope="module")
def res_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("demo-data")
    return run_demo(seed=0, data_dir=d), d


def test_demo_writes_an_ifr_layout_file_read_by_the_real_reader(res_dir):
    import pandas as pd

    from gvc.demo.ifr import FILE, industry_map

    res, d = res_dir
    raw = pd.read_csv(d / "raw" / "ifr" / FILE, dtype={"industrycode": str})
    assert list(raw.columns) == [
        "Year",
        "countrycode",
        "country",
        "industrycode",
        "industry",
        "delivered",
        "op_stock",
    ]
    assert {"000", "D", "99", "29", "291", "293", "299"} <= set(raw.industrycode)
    assert {"World", "Others not specified"} <= set(raw.country)
    rbi = pd.read_parquet(d / "processed" / "robots_by_industry.parquet")
    log = pd.read_parquet(d / "processed" / "ifr_files.parquet")
    assert log.status.tolist() == ["read"]
    assert set(rbi.loc[~rbi.is_country, "iso3"]) == {"IFR:World", "IFR:Others not specified"}
    # after the reader, the allocation of 99/299 and the concordance, stocks are the world's own
    imap = industry_map(res.world).set_index("demo")["wiod"]
    truth = res.world.panels()["robots"].assign(industry=lambda x: x.industry.map(imap))
    got = rbi[rbi.is_country].merge(truth, on=["iso3", "industry", "year"], suffixes=("", "_w"))
    assert len(got) == len(truth)
    diff = (got.operational_stock - got.operational_stock_w).abs()
    assert (diff <= 1.0 + 1e-3 * got.operational_stock_w).all()  # whole-robot rounding only


def test_demo_c1_ifr_iv_covers_the_design_truth(res_dir):
    res, _ = res_dir
    d4 = res.rows[res.rows.claim_id == "D4"]
    iv = d4[d4.specification.str.startswith("C1-ifr 2SLS")].iloc[0]
    truth = float(iv.reference_value.split()[0])
    assert truth > 0 and iv.ci_low <= truth <= iv.ci_high and iv.verdict == "consistent"
    fit = res.fits["C1-ifr IV: backward participation"]
    assert fit.first_stage["density_100"]["kp_rk_wald_f"] > 10
    ols = d4[d4.specification.str.startswith("C1-ifr OLS")].iloc[0]
    assert ols.estimate > iv.estimate  # the confounder pushes OLS up, as in D1
