"""Every ``gvc_participation`` measure has a unit, and ``gvc.load`` puts it beside the value."""

from __future__ import annotations

import numpy as np
import pandas as pd

from gvc.io.bmt_participation import MEASURES as BMT_MEASURES
from gvc.io.participation import MEASURES
from gvc.panels.load import add_labels, measure_units


def test_every_measure_the_engine_writes_has_a_unit():
    units = measure_units()
    assert set(MEASURES) | set(BMT_MEASURES) == set(units)
    # the vocabulary of gvc.decompose's unit columns (gvc.io.frames: SHARE, RATIO, the table's unit)
    assert set(units.values()) == {"millions of current USD", "share", "ratio"}
    assert units["exgr"] == "millions of current USD" and units["share_ts_trade"] == "share"


def test_load_puts_the_unit_beside_the_value():
    df = pd.DataFrame(
        {
            "source": pd.array(["wiod2013"] * 3, dtype="string"),
            "iso3": pd.array(["CHN"] * 3, dtype="string"),
            "industry": pd.array(["TOTAL"] * 3, dtype="string"),
            "year": np.array([2011] * 3, dtype="int64"),
            "measure": pd.array(["exgr", "exgr_fvash", "forward_trade"], dtype="string"),
            "value": [2.0e6, 0.2, -0.05],
        }
    )
    out = add_labels("gvc_participation", df)
    cols = list(out.columns)
    assert cols[cols.index("value") + 1] == "unit"
    got = dict(zip(out["measure"], out["unit"], strict=True))
    assert got == {
        "exgr": "millions of current USD",
        "exgr_fvash": "share",
        "forward_trade": "share",
    }
