"""The wild bootstrap Anderson-Rubin set (SYNTHETIC IV panels with few clusters)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gvc.estimators.wild import wild_test
from gvc.estimators.wild_ar import ar_p_values, exact_set, wild_anderson_rubin


def iv_panel(seed: int, n_g: int = 12, t: int = 15, pi: float = 0.6) -> pd.DataFrame:
    """SYNTHETIC: clusters g, years, an instrument with a cluster component, x endogenous
    through u, y = -0.8 x + u; weights vary by cluster x year."""
    rng = np.random.default_rng(seed)
    g = np.repeat(np.arange(n_g), t)
    yr = np.tile(np.arange(t), n_g)
    z = rng.normal(size=g.size) + rng.normal(size=n_g)[g]
    u = rng.normal(size=g.size) * (1 + 2 * (g == 0)) + 0.5 * rng.normal(size=n_g)[g]
    x = pi * z + 0.8 * u + rng.normal(size=g.size)
    d = pd.DataFrame({"g": g, "yr": yr, "z": z, "x": x, "y": -0.8 * x + u})
    d["w"] = rng.uniform(0.5, 3, size=g.size)
    return d


def test_p_values_equal_the_wild_test_of_each_null():
    """The linear-in-the-outcome set-up gives exactly the p-value of wild_test on y - b0 x."""
    d = iv_panel(0)
    X = np.column_stack([d.z, np.ones(len(d)), d.yr])
    p = ar_p_values(X, d.y, d.x, d.g, reps=999, seed=7)
    for b0 in (-3.0, -1.2, -0.9, -0.8, -0.6, 0.0, 2.0):
        ref = wild_test(X, d.y - b0 * d.x, d.g, 0, reps=999, seed=7).p_value(0.0)
        assert p(b0) == pytest.approx(ref, abs=1e-12), b0


def test_the_set_is_where_the_test_does_not_reject():
    d = iv_panel(1)
    ar = wild_anderson_rubin(d, "y", "x", "z", fe=("g",), cluster="g", weights="w", reps=999, seed=7)  # fmt: skip
    assert ar.kind == "interval" and ar.low < ar.high
    s = np.sqrt(d.w.to_numpy())

    # by hand: partial g out of y, x, z with the weights, scale by sqrt(w), test z's coefficient
    def wdm(col):
        m = (d[col] * d.w).groupby(d.g).transform("sum") / d.w.groupby(d.g).transform("sum")
        return (d[col] - m).to_numpy() * s

    for b0, inside in ((ar.low + 1e-3, True), (ar.high - 1e-3, True), (ar.low - 1e-2, False),
                       (ar.high + 1e-2, False)):  # fmt: skip
        t = wild_test(wdm("z")[:, None], wdm("y") - b0 * wdm("x"), d.g, 0, reps=999, seed=7)
        assert (t.p_value(0.0) >= 0.05) == inside, b0


def trending_panel(seed: int) -> pd.DataFrame:
    """SYNTHETIC: :func:`iv_panel` plus cluster-specific random trends in z and u, so the errors
    stay correlated within a cluster after the fixed effects."""
    d = iv_panel(seed)
    rng = np.random.default_rng(10_000 + seed)
    a, c = rng.normal(0, 0.15, 12)[d.g], rng.normal(0, 0.15, 12)[d.g]
    d["z"] = d["z"] + a * d["yr"]
    u = d["y"] + 0.8 * d["x"] + c * d["yr"]
    d["x"] = d["x"] + 0.8 * c * d["yr"]
    d["y"] = -0.8 * d["x"] + u
    return d


def test_coverage_with_few_clusters():
    """SYNTHETIC Monte Carlo: 12 clusters, one noisy, cluster-specific trends in z and u; the
    set found exactly (no grid); the 95% set covers the truth -0.8 in at least
    88% of 60 panels."""
    hits = 0
    for seed in range(60):
        d = trending_panel(100 + seed)
        ar = wild_anderson_rubin(d, "y", "x", "z", fe=("g", "yr"), cluster="g", reps=399, seed=seed)  # fmt: skip
        hits += ar.contains(-0.8)
    assert hits / 60 >= 0.88, hits


def test_the_limit_is_the_first_stage_and_decides_unboundedness():
    """p(inf) is the wild test of the first stage (x on the instrument); wherever it does not
    reject, the set is unbounded whatever the grid saw (weak SYNTHETIC instruments)."""
    d = iv_panel(3, pi=0.15)
    X = np.column_stack([d.z, np.ones(len(d)), d.yr])
    p = ar_p_values(X, d.y, d.x, d.g, reps=999, seed=7)
    first = wild_test(X, d.x.to_numpy(), d.g, 0, reps=999, seed=7).p_value(0.0)
    assert p(np.inf) == pytest.approx(first, abs=1e-12)
    assert p(1e9) == pytest.approx(first, abs=1e-6)
    seen = {True: 0, False: 0}
    for seed in range(12):
        d = iv_panel(200 + seed, pi=0.12)
        ar = wild_anderson_rubin(d, "y", "x", "z", fe=("g",), cluster="g", reps=399, seed=seed)  # fmt: skip
        X = np.column_stack([d.z, np.ones(len(d))])
        dz = d.assign(**{c: d[c] - d.groupby("g")[c].transform("mean") for c in ("x", "z")})
        p_first = wild_test(dz[["z"]].to_numpy(), dz.x.to_numpy(), d.g, 0, reps=399,
                            seed=seed).p_value(0.0)  # fmt: skip
        weak = p_first >= 0.05
        seen[weak] += 1
        assert ar.bounded != weak, (seed, p_first, ar)
    assert seen[True] and seen[False], seen  # both cases occur among these panels


def test_an_irrelevant_instrument_gives_no_bounded_set():
    d = iv_panel(2, pi=0.0)
    d["z"] = np.random.default_rng(9).normal(size=len(d))
    ar = wild_anderson_rubin(d, "y", "x", "z", fe=("g",), cluster="g", reps=399, seed=1)  # fmt: skip
    assert not ar.bounded and "wild bootstrap Anderson-Rubin" in str(ar)


def test_exact_set_finds_narrow_disjoint_pieces_and_rays():
    """The pieces come from the change points, not a grid: a narrow piece far out is kept, and
    rays follow the limit (cases a 0.25-SE grid missed or mislabelled)."""

    def fake(accept, points, limit):
        def p(b0):
            return limit if not np.isfinite(b0) else float(any(lo <= b0 <= hi for lo, hi in accept))

        p.change_points = lambda: np.array(points, dtype=float)
        return p

    pieces = [(-1.0, 1.0), (5.05, 5.2)]
    assert exact_set(fake(pieces, [-1, 1, 5.05, 5.2], 0.0), 0.05) == pieces
    rays = exact_set(fake([(-1.0, 1.0)], [-30, -1, 1, 30], 1.0), 0.05)
    assert rays[0] == (-np.inf, -30.0) and rays[-1] == (30.0, np.inf) and (-1.0, 1.0) in rays
    assert exact_set(fake([], [-1, 1], 0.0), 0.05) == []


def test_exact_bounds_are_where_the_p_value_crosses_the_level():
    d = iv_panel(4)
    X = np.column_stack([d.z, np.ones(len(d)), d.yr])
    p = ar_p_values(X, d.y, d.x, d.g, reps=999, seed=3)
    ((lo, hi),) = exact_set(p, 0.05)
    for b, inside in ((lo + 1e-7, True), (hi - 1e-7, True), (lo - 1e-7, False), (hi + 1e-7, False)):
        assert (p(b) >= 0.05) == inside, (b, p(b))


def test_the_set_displays_how_it_was_found():
    """In Jupyter the set shows its kind, bounds, pieces, clusters and draws."""
    from gvc.estimators.wild_ar import WildARSet

    a = WildARSet("interval", -0.85, -0.79, reps=999, cluster="iso3", pieces=2)
    html = a._repr_html_()
    assert "wild bootstrap Anderson-Rubin set" in html and "<td>2</td>" in html
    assert "<td>iso3</td>" in html and "<td>999</td>" in html
    assert str(a).endswith("(hull of 2 disjoint pieces)")
