"""Results display as tables and figures in Jupyter and as text in a terminal; one warning per fit.

References: IPython's own display formatters (``IPython.core.formatters``) and pretty printer,
and matplotlib's layout boxes for the figure geometry.
"""

from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from IPython.core.formatters import DisplayFormatter  # noqa: E402
from IPython.lib.pretty import pretty  # noqa: E402

import gvc  # noqa: E402
from gvc.errors import DataError  # noqa: E402
from gvc.estimators import FewClustersWarning, coefplot, compare, feols  # noqa: E402
from gvc.estimators.simulate import simulate_panel  # noqa: E402


@pytest.fixture(scope="module")
def fits():
    df = simulate_panel(40, 3, 6, beta=-0.3, seed=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        a = feols("y ~ x | pair + year", df, {"CRV1": "iso3"})
        b = feols("y ~ x | iso3 + year", df, "hetero")
    return a, b


def formats(obj) -> dict:
    data, _ = DisplayFormatter().format(obj)
    return data


def test_summary_is_text_in_a_terminal_and_a_table_in_jupyter(fits):
    fit = fits[0]
    s = fit.summary()
    assert isinstance(s, str) and "\n" in s and "Observations" in s
    assert pretty(s) == str(s)  # IPython shows the text, not an escaped repr with \n
    shown = formats(s)
    assert "<table" in shown["text/html"] and "\\n" not in shown["text/plain"]
    est = fit.tidy().estimate[0]
    assert f"{est:.4g}" in shown["text/html"]
    assert "<table" in formats(fit)["text/html"]


def test_compare_displays_as_a_regression_table(fits):
    tab = compare(list(fits), names=["CRV1", "HC1"])
    shown = formats(tab)
    assert shown["text/html"] == tab.to_html()
    assert "ComparisonTable(" not in shown["text/plain"]
    assert "| CRV1 | HC1 |" in shown["text/plain"]


def test_compare_exports_to_excel(fits, tmp_path):
    tab = compare(list(fits))
    tab.to_excel(tmp_path / "t.xlsx")
    back = pd.read_excel(tmp_path / "t.xlsx", index_col=0)
    assert list(back.columns) == ["(1)", "(2)"]
    assert back.loc["Observations", "(1)"] == tab.frame.loc["Observations", "(1)"]


@pytest.mark.parametrize("n_models", [1, 3])
def test_coefplot_is_readable_with_the_legend_outside(fits, n_models):
    before = len(plt.get_fignums())
    fig = coefplot(list(fits[:1]) * n_models, names=[f"m{i}" for i in range(n_models)])
    assert len(plt.get_fignums()) == before  # detached: shown once, as the cell's value
    w, h = fig.get_size_inches() * 100
    assert h >= 200 and w >= 600
    ax = fig.axes[0]
    fig.canvas.draw()
    leg = ax.get_legend()
    if n_models > 1:
        axes_box = ax.get_window_extent()
        leg_box = leg.get_window_extent()
        assert leg_box.x0 >= axes_box.x1  # the legend never covers the intervals
    else:
        assert leg is None


def test_one_few_clusters_warning_per_fit_with_effective_counts():
    df = simulate_panel(12, 3, 6, beta=-0.3, seed=4)
    # a singleton: one extra row alone in its pair, from a 13th country
    extra = df.iloc[[0]].assign(pair="lonely", iso3="ZZZ")
    df = pd.concat([df, extra], ignore_index=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fit = feols("y ~ x | pair + year", df, {"CRV1": "iso3"})
    few = [w for w in caught if issubclass(w.category, FewClustersWarning)]
    assert len(few) == 1
    assert "has only 12 clusters" in str(few[0].message)  # the effective count, not 13
    assert fit.n_clusters == {"iso3": 12}
    assert any("12 clusters" in n for n in fit.notes)
    assert any("1 singleton" in n for n in fit.notes)


def test_top_level_api_is_discoverable():
    names = dir(gvc)
    for n in ("load", "build", "feols", "compare", "coefplot", "decompose", "ICIO", "tables"):
        assert n in names
    with pytest.raises(AttributeError, match="did you mean gvc.feols"):
        gvc.feolss  # noqa: B018


def test_load_filters_on_columns_and_suggests_names(tmp_path, monkeypatch):
    monkeypatch.setenv("GVC_DATA_DIR", str(tmp_path))
    (tmp_path / "processed").mkdir()
    df = pd.DataFrame(
        {
            "iso3": np.repeat(["CHN", "MEX", "USA"], 4),
            "year": np.tile([1999, 2000, 2001, 2002], 3),
            "value": np.arange(12.0),
        }
    )
    df.to_parquet(tmp_path / "processed" / "robots.parquet", index=False)
    got = gvc.load("robots", iso3=["CHN", "USA"], year=range(2000, 2002))
    want = df[df.iso3.isin(["CHN", "USA"]) & df.year.between(2000, 2001)].reset_index(drop=True)
    pd.testing.assert_frame_equal(got, want)
    assert list(gvc.load("robots", columns=["value"], iso3="MEX").value) == [4.0, 5.0, 6.0, 7.0]
    with pytest.raises(DataError, match="did you mean 'robots'"):
        gvc.load("robot")
    with pytest.raises(DataError, match=r"no column\(s\) \['isocode'\]"):
        gvc.load("robots", isocode="CHN")
    (tmp_path / "processed" / "wdi.parquet").write_bytes(b"not parquet")
    with pytest.raises(DataError, match="wdi.parquet is not a readable Parquet file"):
        gvc.load("wdi")
