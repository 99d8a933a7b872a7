"""Wild cluster bootstrap with interacted fixed effects whose dummies are collinear (country x
industry + country x year): checked against the same test on Frisch-Waugh-Lovell demeaned data,
which is exact when the fixed effects are nested within the bootstrap clusters."""

from __future__ import annotations

import numpy as np
import pandas as pd

from gvc.estimators import feols


def test_collinear_fe_dummies_match_fwl():
    rng = np.random.default_rng(11)
    c, i, t = 25, 6, 8
    idx = pd.MultiIndex.from_product([range(c), range(i), range(t)], names=["c", "i", "t"])
    d = idx.to_frame(index=False)
    d["iso3"] = "C" + d["c"].astype(str)
    d["ci"] = d["iso3"] + "_" + d["i"].astype(str)
    d["ct"] = d["iso3"] + "_" + d["t"].astype(str)
    a_ci = rng.normal(0, 1, c * i)[d["c"] * i + d["i"]]
    b_ct = rng.normal(0, 1, c * t)[d["c"] * t + d["t"]]
    shock = rng.normal(0, 0.5, c)[d["c"]]  # cluster-level noise
    d["x"] = a_ci + b_ct + rng.normal(0, 1, len(d))
    d["y"] = (
        -0.3 * d["x"] + a_ci - b_ct + shock * rng.normal(0, 1, len(d)) + rng.normal(0, 1, len(d))
    )
    boot = {"cluster": "iso3", "reps": 999, "seed": 3, "weights_type": "webb"}
    fit = feols("y ~ x | ci + ct", d, vcov={"wild": boot})
    # FWL: partial out both fixed effects (nested in iso3), then the same bootstrap
    from pyfixest.estimation import demean

    fe = np.column_stack([pd.factorize(d["ci"])[0], pd.factorize(d["ct"])[0]])
    arr, ok = demean(d[["y", "x"]].to_numpy(float), fe, np.ones(len(d)), tol=1e-12, maxiter=10**5)
    dd = pd.DataFrame(arr, columns=["y", "x"]).assign(iso3=d["iso3"])
    fwl = feols("y ~ x", dd, vcov={"wild": boot})
    a = fit.tidy().set_index("term").loc["x"]
    b = fwl.tidy().set_index("term").loc["x"]
    assert a["estimate"] == np.float64(a["estimate"]) and abs(a["estimate"] - b["estimate"]) < 1e-8
    assert a["ci_low"] < a["estimate"] < a["ci_high"]
    assert abs(a["ci_low"] - b["ci_low"]) < 1e-3 and abs(a["ci_high"] - b["ci_high"]) < 1e-3
    assert abs(a["p_value"] - b["p_value"]) < 1e-9
