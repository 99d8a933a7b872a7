"""Quiet frames: the groupbys a user writes first on every ``gvc.load`` table raise no pandas
FutureWarning (no categorical label columns: issue 21, item 9)."""

from __future__ import annotations

import warnings

import pandas as pd

import gvc


def test_user_groupbys_on_every_table_raise_no_future_warning(use_data):
    tried = []
    with warnings.catch_warnings():
        warnings.simplefilter("error", FutureWarning)
        for name in gvc.tables():
            try:
                df = gvc.load(name)
            except gvc.errors.DataError:  # built on demand only (e.g. licensed inputs)
                continue
            assert not any(isinstance(t, pd.CategoricalDtype) for t in df.dtypes), name
            labels = [
                c
                for c in df.columns
                if c
                in ("source", "iso3", "industry", "measure", "indicator", "field", "sector", "year")
            ]
            values = [c for c in df.columns if pd.api.types.is_float_dtype(df[c])]
            if not labels or not values or df.empty:
                continue
            for c in labels:
                assert len(df.groupby(c)[values].sum()) > 0
                df.pivot_table(index=c, values=values[0], aggfunc="sum")
            df.groupby(labels[:2])[values].mean()
            tried.append(name)
    assert {"gvc_participation", "robots", "wdi"} <= set(tried), tried
