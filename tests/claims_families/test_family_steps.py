"""The shared family steps (:mod:`gvc.claims.families.steps`) and the four-step families C2, C5,
C8 and C16 run one step at a time, on real data and with every table missing."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gvc.claims.families import kit
from gvc.claims.families.layout import FamilyData
from gvc.claims.registry import get_claim
from gvc.errors import DataError

STEP_FAMILIES = ["C2", "C5", "C8", "C16"]


# shared steps, on made-up inputs ---------------------------------------------------------------


def test_unavailable_all_gives_one_row_per_specification():
    claim = get_claim("C16")
    rows = kit.unavailable_all(claim, "ai_investment", "run `gvc build`")
    assert [r["specification"] for r in rows] == [s.id for s in claim.specifications]
    assert all(r["verdict"] == "data unavailable" for r in rows)
    assert all(
        r["note"].startswith("missing: ai_investment; to get it: run `gvc build`") for r in rows
    )


def test_trend_row_recovers_a_known_slope():
    """Simulated share with slope -0.6 pts/yr: the row carries linear_trend's slope and CI, which
    cover the truth, and the sample in words."""
    from gvc.claims.trend import linear_trend

    rng = np.random.default_rng(3)
    years = np.arange(1995, 2012)
    share = pd.DataFrame({"year": years, "share_pct": 70 - 0.6 * (years - 1995)})
    share["share_pct"] += rng.normal(0, 0.2, len(years))
    tr = linear_trend(share, x="year", y="share_pct")
    row = kit.trend_row(get_claim("C5"), "C5-wiod-dev", tr, "simulated", "12 economies")
    assert row["estimate"] == tr["slope"] and row["ci_low"] == tr["ci_low"]
    assert row["ci_low"] < -0.6 < row["ci_high"]
    assert abs(row["estimate"] + 0.6) < 0.05
    assert row["n_obs"] == 17 and row["sample"] == "12 economies x 17 years (1995-2011)"
    assert row["inference"] == str(tr["method"]) and row["verdict"] == "consistent"


def test_row_lines_skip_unavailable_and_bullets():
    claim = get_claim("C16")
    rows = pd.DataFrame(
        [
            kit.ledger_row(claim, "C16-cset-2023", 84.0, note="x"),
            kit.unavailable(claim, "C16-cset-pooled", "a", "b"),
        ]
    )
    assert kit.row_lines(rows, "pct") == [
        "`C16-cset-2023`: 84.000 pct -> **consistent**",
        "`C16-cset-pooled`: n/a pct -> **data unavailable**",
    ]
    assert kit.row_lines(rows, "pct", skip_unavailable=True) == [
        "`C16-cset-2023`: 84.000 pct -> **consistent**"
    ]
    assert kit.bullets(["a", "b"]) == "- a\n- b"


def test_cached_computes_once():
    d = FamilyData()
    calls = []
    assert kit.cached(d, "k", lambda: calls.append(1) or 42) == 42
    assert kit.cached(d, "k", lambda: calls.append(1) or 43) == 42
    assert calls == [1] and d.notes["k"] == 42


# the families, on real data ----------------------------------------------------------------------


@pytest.mark.parametrize("cid", STEP_FAMILIES)
def test_steps_one_at_a_time_equal_the_run(use_data, tmp_path, cid):
    """A notebook calling data -> estimate -> figures -> describe gets exactly what the report
    gets (every column of every row, figure names, tables, text)."""
    import gvc
    from gvc.claims.families import FAMILIES, family

    fam = family(cid)
    d = fam.data(gvc.load)
    assert d.frames and not d.missing
    text_first = fam.describe(d, fam.estimate(d))  # describe needs no prior state
    rows = fam.estimate(d)
    figs = fam.figures(d, rows, tmp_path / "steps")
    whole = FAMILIES[cid](gvc.load, tmp_path / "run")
    pd.testing.assert_frame_equal(rows, whole.rows)
    assert [p.name for p in figs] == [p.name for p in whole.figures]
    assert all(p.stat().st_size > 5000 for p in figs)
    text = fam.describe(d, rows)
    assert text.result_md == whole.result_md == text_first.result_md
    assert text.caveats == whole.caveats and text.caveats
    assert sorted(text.tables) == sorted(whole.tables)
    for name, frame in d.frames.items():  # every frame displays (no unprintable attrs)
        assert repr(frame.head()), name


def test_c8_fits_once_and_panel_prints(use_data):
    import gvc
    from gvc.claims.families import c8, family

    d = family("C8").data(gvc.load)
    assert d["panel"].attrs == {}
    assert "gdp_g" in repr(d["panel"].head())
    assert c8.fits(d) is c8.fits(d)
    high = d["panel"].loc[d["panel"]["high"] == 1, "iso3"].unique()
    assert set(high) <= d.notes["high"] and len(high) >= 3


def test_c5_group_share_is_a_ratio_of_sums(use_data):
    """The primary group share, recomputed from the ADB table in three pandas steps."""
    import gvc
    from gvc.claims.families import c5, family

    d = family("C5").data(gvc.load)
    share = d[c5.group_key("C5-adb-dev")]
    adb = gvc.load("adb_gvc", sector="TOTAL")
    income = gvc.load("income_groups")
    countries = gvc.load("countries")
    f = adb[adb["iso3"].isin(set(countries.loc[countries["is_country"], "iso3"]))]
    f = f.merge(income[["iso3", "year", "developing"]], on=["iso3", "year"], how="left")
    f = f[f["developing"].fillna(False).astype(bool)].dropna(subset=["exports"])
    f = f.assign(dva=(1 - f["gvc_part_trade_bwd"]) * f["exports"]).dropna(subset=["dva"])
    g = f.groupby("year").agg(dva=("dva", "sum"), exports=("exports", "sum"))
    np.testing.assert_allclose(
        share.set_index("year")["share_pct"], 100 * g["dva"] / g["exports"], rtol=1e-12
    )


# the families, with every table missing ----------------------------------------------------------


def _nothing(name: str) -> pd.DataFrame:
    raise DataError(f"{name} unavailable")


@pytest.mark.parametrize("cid", STEP_FAMILIES)
def test_missing_tables_give_unavailable_rows_no_figure_and_caveats(tmp_path, cid):
    from gvc.claims.families import FAMILIES, family

    fam = family(cid)
    d = fam.data(_nothing)
    assert d.missing
    res = FAMILIES[cid](_nothing, tmp_path)
    rows = res.rows
    assert (rows["verdict"] == "data unavailable").all()
    assert rows["note"].str.startswith("missing: ").all()
    assert res.figures == [] and not list(tmp_path.iterdir())
    assert res.caveats  # the caveats are never empty, data or not
