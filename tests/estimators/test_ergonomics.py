"""fixest-style ergonomics: multiple estimation, accessors, combined fixed effects in the wild
bootstrap.

References: each model of ``sw()``/``csw()`` equals the same model fitted alone (fixest's
definition of multiple estimation); ``predict + resid = y`` (an identity); the combined fixed
effect ``a^b`` equals a pre-built column of ``a|b`` labels (a second implementation).
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from gvc.estimators import feols
from gvc.estimators.errors import SpecificationError
from gvc.estimators.multiple import FitList, expand_formula
from gvc.estimators.simulate import simulate_panel


@pytest.fixture(scope="module")
def df():
    d = simulate_panel(15, 3, 6, beta=-0.3, seed=21)
    rng = np.random.default_rng(0)
    d["z"] = rng.normal(size=len(d))
    d["w"] = rng.normal(size=len(d))
    return d


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("y ~ x | iso3", ["y ~ x | iso3"]),
        ("y ~ sw(x, z) | iso3", ["y ~ x | iso3", "y ~ z | iso3"]),
        ("y ~ csw(x, z, w)", ["y ~ x", "y ~ x + z", "y ~ x + z + w"]),
        ("y ~ x + csw0(z, w) | iso3", ["y ~ x | iso3", "y ~ x + z | iso3", "y ~ x + z + w | iso3"]),
        ("y ~ x | sw0(iso3, year)", ["y ~ x", "y ~ x | iso3", "y ~ x | year"]),
        (
            "y ~ sw(x, z) | csw(iso3, year)",
            ["y ~ x | iso3", "y ~ x | iso3 + year", "y ~ z | iso3", "y ~ z | iso3 + year"],
        ),
    ],
)
def test_expand_formula(formula, expected):
    assert expand_formula(formula) == expected


def test_multiple_estimation_equals_separate_fits(df):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fits = feols("y ~ csw(x, z) | pair + year", df, {"CRV1": "iso3"})
        alone = feols("y ~ x + z | pair + year", df, {"CRV1": "iso3"})
    assert isinstance(fits, FitList) and len(fits) == 2
    assert fits[1].formula == "y ~ x + z | pair + year"
    np.testing.assert_allclose(fits[1].coef, alone.coef, rtol=1e-10)
    np.testing.assert_allclose(fits[1].se, alone.se, rtol=1e-10)
    html = fits._repr_html_()
    assert html.count("<th>(") == 2 and "FE: pair" in html
    assert "(2) y ~ x + z | pair + year" in repr(fits)


def test_bad_multiple_estimation_is_a_clear_error():
    with pytest.raises(SpecificationError, match="mvsw"):
        expand_formula("y ~ mvsw(x, z)")
    with pytest.raises(SpecificationError, match="unbalanced"):
        expand_formula("y ~ sw(x, z | iso3")


def test_accessors(df):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = feols("y ~ x + z | pair + year", df, {"CRV1": "iso3"})
    np.testing.assert_allclose(fit.predict() + fit.resid(), df["y"].to_numpy(), atol=1e-9)
    tab = fit.tidy().set_index("term")
    np.testing.assert_allclose(fit.pvalue(), tab.p_value)
    ci = fit.confint(0.9)
    assert list(ci.columns) == ["ci_low", "ci_high"]
    assert (ci.ci_high - ci.ci_low < tab.ci_high - tab.ci_low).all()  # 90% inside 95%
    fe = fit.fixef()
    assert any("pair" in k for k in fe) and any("year" in k for k in fe)
    lean = feols("y ~ x | pair", df, "hetero", lean=True)
    with pytest.raises(SpecificationError, match="lean=False"):
        lean.resid()


def test_wild_bootstrap_with_a_combined_fixed_effect(df):
    vcov = {"wild": {"cluster": "iso3", "reps": 499, "seed": 3}}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        combined = feols("y ~ x | iso3^industry + year", df, vcov)
        built = feols("y ~ x | ci + year", df.assign(ci=df.iso3 + "|" + df.industry), vcov)
    assert combined.fixed_effects == ("iso3^industry", "year")
    a, b = combined.tidy(), built.tidy()
    np.testing.assert_allclose(a.estimate, b.estimate, rtol=1e-10)
    assert a.p_value[0] == pytest.approx(b.p_value[0], abs=1.5 / 499)
    np.testing.assert_allclose(a[["ci_low", "ci_high"]], b[["ci_low", "ci_high"]], rtol=1e-3)
    # the user's formula is what the result shows, never the materialised column
    assert combined.formula == "y ~ x | iso3^industry + year"
    assert "__fe" not in str(combined.summary())
    with pytest.raises(SpecificationError, match="combined fixed effects"):
        combined.fixef()


def test_vcov_is_the_covariance_matrix(df):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = feols("y ~ x + z | pair + year", df, {"CRV1": "iso3"})
    v = fit.vcov
    assert list(v.index) == list(v.columns) == ["x", "z"]
    np.testing.assert_allclose(np.sqrt(np.diag(v)), fit.se, rtol=1e-12)  # SE = sqrt(diag V)
    assert fit.vcov_spec.label.startswith("CRV1")


def test_coefplot_term_labels(df):
    import gvc

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = feols("y ~ x + z | pair + year", df, {"CRV1": "iso3"})
    fig = gvc.coefplot(fit, labels={"x": "robot density"})
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert ticks == ["robot density", "z"]
    with pytest.raises(ValueError, match="not plotted"):
        gvc.coefplot(fit, labels={"nope": "x"})
