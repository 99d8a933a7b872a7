"""Bad input raises errors (or warnings) that name the problem; never a silent NaN table."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from gvc.estimators import (
    DroppedRowsWarning,
    FewClustersWarning,
    SpecificationError,
    feols,
)
from gvc.estimators.simulate import simulate_panel


@pytest.fixture(scope="module")
def df():
    d = simulate_panel(12, 4, 6, seed=11)
    d["x_country"] = d.groupby("iso3").ngroup() * 0.3  # constant within country
    d["x_nan"] = np.nan
    return d


def test_missing_column_in_vcov(df):
    with pytest.raises(SpecificationError, match="'region'"):
        feols("y ~ x | iso3", df, {"CRV1": "region"})


def test_unknown_variable_in_formula(df):
    with pytest.raises(SpecificationError, match="'robots_pc'"):
        feols("y ~ x + robots_pc | iso3 + year", df)
    with pytest.raises(SpecificationError, match="'sector'"):
        feols("y ~ x | sector", df)


def test_data_not_a_dataframe(df):
    with pytest.raises(SpecificationError, match="DataFrame"):
        feols("y ~ x", df.to_dict())


def test_all_nan_regressor(df):
    with pytest.raises(SpecificationError, match="'x_nan' is missing .* in all"):
        feols("y ~ x + x_nan | iso3", df)


def test_partially_missing_rows_warn_with_count(df):
    d = df.copy()
    d.loc[d.index[:5], "x"] = np.nan
    with pytest.warns(DroppedRowsWarning, match="5 of"):
        fit = feols("y ~ x | iso3 + year", d)
    assert fit.nobs == len(d) - 5 and fit.n_dropped_missing == 5


def test_fixed_effect_absorbs_regressor(df):
    with pytest.raises(SpecificationError, match="'x_country'.*fixed effect 'iso3'"):
        feols("y ~ x_country | iso3 + year", df)
    with pytest.raises(SpecificationError, match="'x_country'.*fixed effect 'iso3'"):
        feols("y ~ x + x_country | iso3 + year", df)


def test_absorbed_regressor_can_be_dropped_with_warning(df):
    with pytest.warns(UserWarning, match="x_country.*; dropped$"):
        fit = feols("y ~ x + x_country | iso3 + year", df, on_collinear="warn")
    assert fit.terms == ["x"]


def test_collinear_error_names_formula_and_remedy_and_drops_nothing(df):
    """The default refuses: the message says which formula (one of a csw() list), that nothing
    was dropped, and how to drop it; it used to say 'was dropped' while raising."""
    d = df.assign(x2=2.0 * df["x"] + 1.0)
    with pytest.raises(SpecificationError) as exc:
        feols("y ~ csw(x, x2) | iso3 + year", d)
    msg = str(exc.value)
    assert "'y ~ x + x2 | iso3 + year'" in msg and "'x2'" in msg
    assert "on_collinear='warn'" in msg and "was dropped" not in msg
    with pytest.raises(SpecificationError) as exc:
        feols("y ~ x_country | iso3 + year", df)
    assert "was dropped" not in str(exc.value) and "fixed effect 'iso3'" in str(exc.value)


def test_too_few_clusters(df):
    d = df[df.iso3 == df.iso3.iloc[0]]
    with pytest.raises(SpecificationError, match="'iso3' has 1 cluster"):
        feols("y ~ x | year", d, {"CRV1": "iso3"})
    with pytest.warns(FewClustersWarning, match="only 12 clusters"):
        feols("y ~ x | year", df, {"CRV1": "iso3"})


def test_driscoll_kraay_bad_options(df):
    with pytest.raises(SpecificationError, match="panel and time ids"):
        feols("y ~ x | pair", df, "DK")
    with pytest.raises(SpecificationError, match="lag 6 must be below"):
        feols("y ~ x | pair", df, {"DK": {"panel_id": "pair", "time_id": "year", "lag": 6}})
    with pytest.raises(SpecificationError, match="one row per"):
        feols("y ~ x | pair", df, {"DK": {"panel_id": "iso3", "time_id": "year", "lag": 1}})


def test_unknown_vcov_and_ssc(df):
    with pytest.raises(SpecificationError, match="unknown vcov"):
        feols("y ~ x", df, "robust-ish")
    with pytest.raises(SpecificationError, match="unknown ssc preset"):
        feols("y ~ x", df, ssc="stata")


def test_unsupported_multiple_estimation_syntax_rejected(df):
    with pytest.raises(SpecificationError, match="mvsw"):
        feols("y ~ mvsw(x, x_country) | iso3", df)


def test_no_nan_in_any_tidy_table(df):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for v in ("iid", "hetero", {"CRV1": "iso3"}, {"CRV1": "iso3 + year"}):
            tab = feols("y ~ x | pair + year", df, v).tidy()
            assert np.isfinite(tab.drop(columns="term").to_numpy()).all(), v


def test_driscoll_kraay_accepts_string_panel_ids():
    """pyfixest needs numeric panel ids for DK; gvc factorizes strings (same estimate and SE)."""
    import numpy as np
    import pandas as pd

    from gvc.estimators import feols

    rng = np.random.default_rng(3)
    df = pd.DataFrame({"unit": np.repeat(np.arange(20), 15), "t": np.tile(np.arange(15), 20)})
    df["x"] = rng.normal(size=len(df))
    df["y"] = 0.5 * df["x"] + rng.normal(size=len(df))
    df["unit_s"] = "u" + df["unit"].astype(str)
    vc = lambda p: {"DK": {"panel_id": p, "time_id": "t", "lag": 2}}  # noqa: E731
    a = feols("y ~ x | unit", df, vc("unit")).tidy().set_index("term")
    b = feols("y ~ x | unit", df, vc("unit_s")).tidy().set_index("term")
    assert np.isclose(a.loc["x", "std_error"], b.loc["x", "std_error"], rtol=1e-12)


def test_iv_with_driscoll_kraay_matches_pyfixest_vcov_on_fitted_model():
    """IV + Driscoll-Kraay works (pyfixest cannot fit it directly); the SE equals pyfixest's DK
    vcov computed on the same fitted 2SLS model."""
    import numpy as np
    import pandas as pd
    import pyfixest as pf

    from gvc.estimators import feols

    rng = np.random.default_rng(5)
    df = pd.DataFrame({"unit": np.repeat(np.arange(30), 20), "t": np.tile(np.arange(20), 30)})
    df["z"] = rng.normal(size=len(df))
    u = rng.normal(size=len(df))
    df["d"] = df["z"] + 0.5 * u + rng.normal(size=len(df))
    df["y"] = 1.5 * df["d"] + u
    vc = {"DK": {"panel_id": "unit", "time_id": "t", "lag": 2}}
    fit = feols("y ~ 1 | unit | d ~ z", df, vc)
    ref = pf.feols("y ~ 1 | unit | d ~ z", df, vcov="hetero")
    ref.vcov("DK", vcov_kwargs={"panel_id": "unit", "time_id": "t", "lag": 2})
    t = fit.tidy().set_index("term").loc["d"]
    assert np.isclose(t.estimate, ref.coef()["d"], rtol=1e-10)
    assert np.isclose(t.std_error, ref.se()["d"], rtol=1e-10)
    assert "Driscoll" in fit.vcov_type
