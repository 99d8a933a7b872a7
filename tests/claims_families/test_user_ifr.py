"""C1 with a user's own IFR file: the licensed-data path runs end to end and recovers a planted
slope. The IFR rows here are SYNTHETIC (labelled so), built in the published layout over the real
WIOD manufacturing participation, so the true slope is known: -0.8 pts per robot per 100."""

from __future__ import annotations

import numpy as np
import pandas as pd

import gvc
from gvc.claims.families import FAMILIES
from gvc.sources.ifr import read_user_file


def test_user_ifr_path_recovers_planted_slope(use_data, tmp_path):
    gp = gvc.load("gvc_participation")
    part = gp[(gp.industry == "MANUF") & (gp.measure == "gvc_part_trade") & (gp.iso3 != "RoW")]
    rng = np.random.default_rng(7)
    # density such that participation (pct) = -0.8 * density/100 + country FE + noise
    x = -(100 * part["value"].to_numpy()) / 0.8 + rng.normal(0, 0.05, len(part))
    names = gvc.load("countries").set_index("iso3")["name"]
    ifr = pd.DataFrame(
        {
            "Country": part["iso3"].map(names).to_numpy(),
            "Industry": "D",
            "Year": part["year"].to_numpy(),
            "Installations": 1000,
            "Operational stock": 10000,
            "density_per_10k": 100 * (x - x.min() + 1),  # shift: FE absorb it, keeps density > 0
        }
    )
    path = tmp_path / "SYNTHETIC_ifr_world_robotics.csv"
    ifr.to_csv(path, index=False)
    user = read_user_file(path)
    assert set(user.source) == {"ifr"} and user.iso3.notna().all()

    robots = gvc.load("robots")

    def load(name):
        if name == "robots":
            return pd.concat([robots, user], ignore_index=True)
        return gvc.load(name)

    res = FAMILIES["C1"](load, tmp_path)
    row = res.rows.set_index("specification").loc["C1-user-ifr"]
    assert row.verdict != "data unavailable"
    assert abs(row.estimate - (-0.8)) < 0.05
    assert row.ci_low <= -0.8 <= row.ci_high
