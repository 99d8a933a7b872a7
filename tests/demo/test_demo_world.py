"""Determinism, labelling and consistency of the demo panels."""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pandas as pd
import pytest

from gvc.demo import LABEL, SOURCE, generate_world
from gvc.errors import GvcError


def _digest(w) -> str:
    h = hashlib.sha256()
    for year in w.years:
        for arr in w.icio_arrays(year)[:3]:
            h.update(np.ascontiguousarray(arr).tobytes())
    frames = {**w.panels(), "measures": w.measures(), "country": w.country_frame()}
    for name, df in sorted(frames.items()):
        h.update(name.encode())
        h.update(pd.util.hash_pandas_object(df, index=True).to_numpy().tobytes())
    h.update(json.dumps(w.truth, sort_keys=True).encode())
    return h.hexdigest()


def test_same_seed_same_bytes_different_seed_different(world):
    assert _digest(generate_world(0)) == _digest(world)
    assert _digest(generate_world(1)) != _digest(world)
    other = generate_world(1)
    assert not np.array_equal(other.Z[2000], world.Z[2000])
    assert not np.array_equal(
        other.panels()["robots"]["density_per_10k"], world.panels()["robots"]["density_per_10k"]
    )


def test_unknown_or_bad_parameters_are_refused():
    with pytest.raises(GvcError, match="unknown demo parameter"):
        generate_world(0, bta=0.1)
    with pytest.raises(GvcError, match="n_countries"):
        generate_world(0, n_countries=100)
    with pytest.raises(GvcError, match="n_manufacturing"):
        generate_world(0, n_industries=3, n_manufacturing=3)
    with pytest.raises(GvcError, match="1999"):
        generate_world(0, n_years=2).icio_arrays(1999)


def test_every_frame_is_labelled(world):
    frames = {
        **world.panels(),
        "measures": world.measures(),
        "latent": world.latent(),
        "estimation": world.estimation_frame(),
        "country": world.country_frame(),
    }
    for name, df in frames.items():
        assert df.attrs["label"] == LABEL == "SYNTHETIC DEMO DATA - not evidence", name
        assert (df["source"] == SOURCE).all(), name
    assert world.LABEL == LABEL and world.truth["label"] == LABEL


def test_panel_layouts_and_keys(world):
    p = world.panels()
    expect = {
        "robots": ["source", "iso3", "industry", "year", "installations", "operational_stock",
                   "density_per_10k"],
        "employment": ["source", "iso3", "industry", "year", "employment"],
        "wdi": ["source", "iso3", "year", "indicator", "value"],
        "countries": ["iso3", "name", "region", "income_group", "un_region", "is_country",
                      "developing_wb", "developing_m49", "source"],
    }  # fmt: skip
    for name, cols in expect.items():
        assert list(p[name].columns) == cols, name
    assert {"iso3", "year", "ai_patents"} <= set(p["patents"].columns)
    keys = {"robots": ["iso3", "industry", "year"], "employment": ["iso3", "industry", "year"],
            "wdi": ["iso3", "year", "indicator"], "patents": ["iso3", "year"],
            "countries": ["iso3"], "instruments": ["iso3", "industry", "year"]}  # fmt: skip
    for name, key in keys.items():
        assert not p[name].duplicated(key).any(), name
    assert set(p["wdi"]["indicator"]) == {"SL.UEM.1524.ZS", "NY.GDP.MKTP.CD", "SP.POP.TOTL"}
    assert len(p["robots"]) == 12 * 8 * 15 and len(p["patents"]) == 12 * 15


def test_panel_values_consistent(world):
    p = world.panels()
    r = p["robots"].merge(p["employment"], on=["source", "iso3", "industry", "year"])
    assert (r[["installations", "operational_stock", "density_per_10k"]] >= 0).all().all()
    np.testing.assert_allclose(
        r["density_per_10k"], r["operational_stock"] / r["employment"] * 1e4, rtol=1e-12
    )
    # manufacturing holds far more robots per worker than services
    dens = r.groupby(r["industry"].str[0])["density_per_10k"].mean()
    assert dens["m"] > 10 * dens["s"]
    # latent density differs from the reported one only by rounding stocks to whole robots
    assert world.truth["max_density_rounding"] < 1.0
    # installations follow depreciation except for a few floored cells
    assert world.truth["n_installations_floored"] < 0.05 * len(r)
    yu = p["wdi"].query("indicator == 'SL.UEM.1524.ZS'")["value"]
    assert yu.between(1, 60).all()
    c = p["countries"]
    assert c["developing_wb"].any() and (~c["developing_wb"]).any()
    assert (c["developing_m49"] != c["developing_wb"]).any()
    gdp = p["wdi"].query("indicator == 'NY.GDP.MKTP.CD'").set_index(["iso3", "year"])["value"]
    va = world.value_added().sum(axis=1).ravel() * 1e6
    np.testing.assert_allclose(gdp.to_numpy(), va, rtol=1e-12)


def test_truth_is_documented_and_serialisable(world):
    t = json.loads(json.dumps(world.truth))
    for key in ("beta", "beta_pp_per_100_robots", "delta", "equation", "outcome_definition",
                "instrument", "ols_bias_direction", "elasticity_at_means",
                "leontief_direct_effect", "leontief_iv_estimand", "theta_youth",
                "kappa_patents", "params", "seed"):  # fmt: skip
        assert key in t, key
    assert t["beta"] == 0.02 and t["beta_pp_per_100_robots"] == 2.0
    assert t["ols_bias_direction"] == "upward"
    assert generate_world(0, beta=0.05).truth["beta"] == 0.05
    assert 0.0 < t["leontief_direct_effect"] < t["leontief_iv_estimand"] < t["beta"]
