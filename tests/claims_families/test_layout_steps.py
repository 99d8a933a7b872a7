"""C1, C3, C4 and C6 in the four-step layout: the steps called one at a time (as the notebooks
do) give the ledger rows, figures and text of the chained run, and a family without its data
still says what is missing in every step."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import gvc
from gvc.claims.families import FAMILIES, family
from gvc.errors import DataError

IDS = ["C1", "C3", "C4", "C6"]


@pytest.mark.parametrize("cid", IDS)
def test_steps_one_at_a_time_equal_the_run(use_data, tmp_path, cid):
    fam = family(cid)
    d = fam.data(gvc.load)
    assert d.frames and not set(d.frames) & set(d.missing)
    rows = fam.estimate(d)
    whole = FAMILIES[cid](gvc.load, tmp_path / "run")
    pd.testing.assert_frame_equal(
        rows.drop(columns=["estimate", "ci_low", "ci_high"]),
        whole.rows.drop(columns=["estimate", "ci_low", "ci_high"]),
    )
    for c in ("estimate", "ci_low", "ci_high"):
        a, b = rows[c].to_numpy(float), whole.rows[c].to_numpy(float)
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)
    paths = fam.figures(d, rows, tmp_path / "steps")
    assert [p.name for p in paths] == [p.name for p in whole.figures]
    assert all(p.stat().st_size > 5000 for p in paths)
    text = fam.describe(d, rows)
    assert text.result_md == whole.result_md and text.caveats == whole.caveats
    assert list(text.tables) == list(whole.tables)


def _nothing(name: str) -> pd.DataFrame:
    raise DataError(f"{name} unavailable")


@pytest.mark.parametrize("cid", IDS)
def test_without_data_every_step_says_what_is_missing(tmp_path, cid):
    fam = family(cid)
    d = fam.data(_nothing)
    assert not d.frames and d.missing
    rows = fam.estimate(d)
    assert (rows["verdict"] == "data unavailable").all()
    assert rows["note"].str.contains("missing: ").all()
    assert rows["note"].str.contains("to get it: ").all()
    assert fam.figures(d, rows, tmp_path) == []
    text = fam.describe(d, rows)
    # the report never shows an empty caveats block, even without data
    assert text.caveats.strip() and text.data.strip()
