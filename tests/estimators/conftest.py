"""Shared simulated panels for the estimator tests."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gvc.estimators.simulate import simulate_panel


def unbalanced_with_singletons(seed: int = 7) -> pd.DataFrame:
    """Unbalanced country x industry x year panel (20% of rows dropped) plus 3 singletons.

    Two singleton rows have a country of their own (``S1``, ``S2``); one has a year of its own
    (1990). Integer codes ``c`` (country) and ``t`` (year) are added for dummy regressions.
    """
    rng = np.random.default_rng(seed)
    df = simulate_panel(35, 6, 8, beta=0.5, iv=True, seed=seed)
    df = df.sample(frac=0.8, random_state=seed).sort_values(["iso3", "industry", "year"])
    extra = df.sample(3, random_state=seed + 1).copy()
    extra["iso3"] = ["S1", "S2", extra["iso3"].iloc[2]]
    extra["year"] = [extra["year"].iloc[0], extra["year"].iloc[1], 1990]
    extra["pair"] = [9001, 9002, 9003]
    extra[["x", "y", "z", "x_endog", "y_iv"]] += rng.normal(size=(3, 5))
    df = pd.concat([df, extra], ignore_index=True)
    df["c"] = pd.factorize(df["iso3"])[0]
    df["t"] = df["year"] - df["year"].min()
    return df


@pytest.fixture(scope="session")
def unbalanced() -> pd.DataFrame:
    return unbalanced_with_singletons()
