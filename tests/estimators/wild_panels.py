"""SYNTHETIC panels for the weighted wild bootstrap tests (here and in the C1 family tests)."""

from __future__ import annotations

import numpy as np
import pandas as pd


def panel(seed: int, unit: bool) -> pd.DataFrame:
    """SYNTHETIC country x industry x year panel with industry x year shocks (not nested in
    country clusters) and two noisy countries, so the shortcut's error is visible."""
    rng = np.random.default_rng(seed)
    d = pd.DataFrame(
        [(f"C{c:02d}", f"i{i}", t) for c in range(12) for i in range(8) for t in range(10)],
        columns=["iso3", "industry", "year"],
    )
    d["ci"] = d.iso3 + d.industry
    d["ct"] = d.iso3 + d.year.astype(str)
    d["it"] = d.industry + d.year.astype(str)
    loud = d.iso3.isin(["C00", "C01"]).to_numpy()
    d["x"] = rng.normal(size=len(d)) * np.where(d.iso3 == "C00", 4, 1) + d.groupby("ci")[
        "year"
    ].transform(lambda s: rng.normal())
    shock = d.groupby("it")["year"].transform(lambda s: rng.normal())
    d["y"] = -0.8 * d.x + rng.normal(size=len(d)) * np.where(loud, 3, 1) + shock
    d["w"] = 1.0 if unit else d.groupby("ci")["year"].transform(lambda s: rng.uniform(0.5, 5))
    return d
