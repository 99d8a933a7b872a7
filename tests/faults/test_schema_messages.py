"""pandera's failure report becomes one line naming the file, the row (by its key), the column,
the value and the remedy; checked on small frames against each kind of failure."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gvc.errors import ValidationError
from gvc.panels.schemas import validate


def _wdi(**over) -> pd.DataFrame:
    df = pd.DataFrame(
        {
            "iso3": pd.array(["DEU", "FRA", "JPN"], dtype="string"),
            "year": np.array([2019, 2019, 2019], dtype="int64"),
            "indicator": pd.array(["X"] * 3, dtype="string"),
            "value": [1.0, 2.0, 3.0],
        }
    )
    for k, v in over.items():
        df[k] = v
    return df


def _msg(df, **ctx) -> str:
    with pytest.raises(ValidationError) as e:
        validate("wdi", df, **ctx)
    msg = str(e.value)
    assert "\n" not in msg and "gvc build wdi" in msg
    return msg


def test_valid_frame_passes():
    assert len(validate("wdi", _wdi())) == 3


def test_infinite_value_names_file_row_and_column():
    files = pd.Series(["a.csv", "b.csv", "c.csv"])
    msg = _msg(_wdi(value=[1.0, np.inf, 3.0]), files=files)
    assert msg.startswith("b.csv: table 'wdi', column 'value': infinite value inf")
    assert "iso3=FRA, year=2019, indicator=X" in msg


def test_out_of_range_year_names_the_row():
    df = _wdi(year=np.array([2019, 1800, 2019], dtype="int64"))
    msg = _msg(df, inputs=["/data/raw/wdi/one.csv"])
    assert msg.startswith("/data/raw/wdi/one.csv:")
    assert "column 'year'" in msg and "1800" in msg and "must lie in [1950, 2100]" in msg
    assert "iso3=FRA" in msg


def test_wrong_dtype_is_reported_without_a_row():
    df = _wdi(year=[2019.0, 2019.5, 2019.0])
    msg = _msg(df, inputs=["a.csv", "b.csv"])
    assert "one of the inputs (a.csv, b.csv)" in msg and "column 'year'" in msg


def test_missing_key_value_and_duplicates():
    df = _wdi(iso3=pd.array(["DEU", None, "JPN"], dtype="string"))
    assert "column 'iso3'" in _msg(df) and "must not be missing" in _msg(df)
    dup = _wdi(iso3=pd.array(["DEU", "DEU", "JPN"], dtype="string"))
    msg = _msg(dup, files=pd.Series(["x.csv", "y.csv", "z.csv"]))
    assert "is not unique" in msg and "iso3=DEU" in msg and "(2 rows fail" in msg


def test_unknown_column():
    msg = _msg(_wdi(extra=[1, 2, 3]))
    assert "extra" in msg


def test_share_scores_checked_across_columns():
    df = pd.DataFrame(
        {
            "benchmark": pd.array(["gpqa", "gpqa", "eci"], dtype="string"),
            "model": pd.array(["a", "b", "c"], dtype="string"),
            "organization": pd.array([None] * 3, dtype="string"),
            "countries": pd.array([None] * 3, dtype="string"),
            "multi_country": [False] * 3,
            "release_date": pd.to_datetime(["2024-01-01"] * 3),
            "score": [0.5, 63.0, 140.0],  # 63 is a percent given as a share; 140 is an index
            "score_unit": pd.array(["share", "share", "index"], dtype="string"),
            "source": pd.array(["epoch"] * 3, dtype="string"),
        }
    )
    with pytest.raises(ValidationError) as e:
        validate("ai_benchmarks", df, inputs=["gpqa_diamond.csv"])
    msg = str(e.value)
    assert msg.startswith("gpqa_diamond.csv: table 'ai_benchmarks': scores with score_unit")
    assert "model=b" in msg and "rows fail" not in msg
    assert len(validate("ai_benchmarks", df[df.model != "b"])) == 2
