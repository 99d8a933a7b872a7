"""Quiet frames: the groupbys a user writes first on ``gvc.decompose`` frames raise no pandas
FutureWarning (label columns are ``string``, not categorical: issue 21, item 9), while rows
keep table order and the values are those of the categorical frame the batch writer uses."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from gvc.io import ICIO, decompose
from gvc.io.api import decompose_frame

CASES = [
    ("bm", "country", {}),
    ("bm", "bilateral_sector", {}),
    ("tiva", "bilateral", {}),
    ("wwz", "sector", {}),
    ("bm", "bilateral", {"perspective": "importer"}),
    ("bm", "country", {"perspective": "importer", "by": "origin"}),
]


@pytest.fixture
def annotated(leather):
    """The leather table with a year, a currency unit and a rebalancing convention (so that
    ``decompose`` adds its ``year``, ``unit`` and ``rebalance`` columns)."""
    from io_testdata import LEATHER_COUNTRIES, LEATHER_F, LEATHER_INDUSTRIES, LEATHER_Z

    return ICIO(
        LEATHER_Z, LEATHER_F, LEATHER_COUNTRIES, LEATHER_INDUSTRIES, unit="USD mn", year=2011
    )


def _user_groupbys(df: pd.DataFrame) -> list:
    """What a user types first: sums by each label column and by pairs of them."""
    labels = [c for c in df.columns if c not in ("value", "year") and df[c].dtype == "string"]
    values = ["value"] if "value" in df else [c for c in df.columns if df[c].dtype == "float64"]
    out = []
    for c in labels:
        out.append(df.groupby(c)[values].sum())
        out.append(df.groupby(c).size())
        out.append(df.pivot_table(index=c, values=values[0], aggfunc="sum"))
    out.append(df.groupby(labels[:2])[values].sum())
    if "term" in df:
        out.append(df.groupby(["exporter", "term"]).value.sum().unstack())
    return out


@pytest.mark.parametrize("wide", [False, True])
@pytest.mark.parametrize("method,level,opts", CASES)
def test_user_groupbys_raise_no_future_warning(annotated, method, level, opts, wide):
    with warnings.catch_warnings():
        warnings.simplefilter("error", FutureWarning)
        df = decompose(annotated, method, level, wide=wide, **opts)
        assert not any(isinstance(t, pd.CategoricalDtype) for t in df.dtypes), df.dtypes
        assert {"exporter", "importer", "industry"} <= set(df.columns)
        assert any(c.startswith("unit") for c in df.columns)
        results = _user_groupbys(df)
    assert all(len(r) > 0 for r in results)


@pytest.mark.parametrize("method,level,opts", CASES)
def test_text_labels_keep_rows_and_values(annotated, method, level, opts):
    """Same rows in the same order as the categorical frame (only the dtype differs), and
    a groupby sum equals the categorical frame's observed groupby sum."""
    cat = decompose_frame(annotated, method, level, **opts)
    txt = decompose(annotated, method, level, **opts)
    assert isinstance(cat["exporter"].dtype, pd.CategoricalDtype)
    labels = [c for c in cat.columns if isinstance(cat[c].dtype, pd.CategoricalDtype)]
    assert labels and all(txt[c].dtype == "string" for c in labels)
    pd.testing.assert_frame_equal(txt, cat.astype(dict.fromkeys(labels, "string")))
    assert txt.attrs == cat.attrs
    a = txt.groupby(["exporter", "term"], sort=False).value.sum()
    b = cat.groupby(["exporter", "term"], sort=False, observed=True).value.sum()
    pd.testing.assert_series_equal(a, b.set_axis(a.index), check_index_type=False)
