"""Cross-checks of gvc.feols against statsmodels OLS with dummy variables.

Reference: statsmodels 0.15 ``OLS(...).fit(cov_type=...)``, whose cluster correction is
G/(G-1) x (N-1)/(N-K) with every dummy counted in K (Cameron-Miller 2015 eq. 12).
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import statsmodels.formula.api as smf

from gvc.estimators import feols


def _sm(df, cov_type, **kw):
    return smf.ols("y ~ x + C(iso3) + C(year)", data=df).fit(cov_type=cov_type, **kw)


@pytest.fixture(scope="module")
def fits(unbalanced):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {
            "sm_cl": _sm(unbalanced, "cluster", cov_kwds={"groups": unbalanced["c"]}),
            "sm_hc1": _sm(unbalanced, "HC1"),
            "sm_iid": _sm(unbalanced, "nonrobust"),
            "gvc_full": feols(
                "y ~ x | iso3 + year",
                unbalanced,
                vcov={"CRV1": "iso3"},
                ssc="full",
                drop_singletons=False,
            ),
            "gvc_default": feols("y ~ x | iso3 + year", unbalanced, vcov={"CRV1": "iso3"}),
            "gvc_hc1": feols("y ~ x | iso3 + year", unbalanced, "hetero", drop_singletons=False),
            "gvc_iid": feols("y ~ x | iso3 + year", unbalanced, "iid", drop_singletons=False),
        }


def test_coefficients_agree_to_1e8(fits):
    ref = fits["sm_cl"].params["x"]
    for key in ("gvc_full", "gvc_default", "gvc_hc1", "gvc_iid"):
        assert abs(fits[key].coef["x"] - ref) < 1e-8, key


def test_cluster_se_identical_with_full_convention(fits):
    """ssc='full' + keeping singletons reproduces statsmodels' cluster SE exactly."""
    assert fits["gvc_full"].se["x"] == pytest.approx(fits["sm_cl"].bse["x"], rel=1e-8)


def test_hc1_and_iid_identical(fits):
    assert fits["gvc_hc1"].se["x"] == pytest.approx(fits["sm_hc1"].bse["x"], rel=1e-8)
    assert fits["gvc_iid"].se["x"] == pytest.approx(fits["sm_iid"].bse["x"], rel=1e-8)


def test_default_convention_differs_by_documented_factor(fits, unbalanced):
    """Default: singletons dropped, country FE nested in clusters not counted in K.

    V_gvc / V_sm = [(N1-1)/(N1-K1) G1/(G1-1)] / [(N-1)/(N-K) G/(G-1)], meat and bread equal.
    """
    g = fits["gvc_default"]
    n, G = len(unbalanced), unbalanced["iso3"].nunique()
    k = 1 + (unbalanced["iso3"].nunique() - 1) + (unbalanced["year"].nunique() - 1) + 1
    assert g.n_singletons == 3
    n1 = n - g.n_singletons
    G1 = g.n_clusters["iso3"]
    assert G1 == G - 2  # two singleton countries vanish
    years1 = unbalanced["year"].nunique() - 1  # the singleton year 1990 is dropped
    k1 = 1 + years1  # slope + year FE; country FE nested in clusters (fixest counts 1)
    ratio = ((n1 - 1) / (n1 - k1) * G1 / (G1 - 1)) / ((n - 1) / (n - k) * G / (G - 1))
    assert g.se["x"] / fits["sm_cl"].bse["x"] == pytest.approx(np.sqrt(ratio), rel=1e-8)
    assert g.df_t == G1 - 1
