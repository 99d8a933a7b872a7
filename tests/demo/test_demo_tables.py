"""Input-output accounting of the demo tables, checked with an independent Leontief computation."""

from __future__ import annotations

import numpy as np
import pytest

from gvc.demo import generate_world, imported_input_share


def _fva_share_of_exports(Z, F, x, G, N, n_manuf=5):
    """Foreign value-added share of each country's gross exports (Hummels-Ishii-Yi VS share).

    v = value added / output, B = (I - A)^-1. Exports e_s of country s (intermediate and final
    sales to other countries) carry domestic value added sum_{k, i in s} v_k B[k, i] e_i; the rest
    of their value (columns of VB sum to 1) is foreign: FVA share = 1 - DVA / sum e_s.
    """
    A = Z / x[None, :]
    v = 1.0 - A.sum(axis=0)
    B = np.linalg.inv(np.eye(G * N) - A)
    vb = v[:, None] * B
    country = np.repeat(np.arange(G), N)
    out = np.empty(G)
    by_kind = np.empty((G, 2))  # FVA share of manufacturing, of services exports
    for s in range(G):
        rows = country == s
        e = Z[rows][:, ~rows].sum(axis=1) + np.delete(F[rows], s, axis=1).sum(axis=1)
        dva_per_unit = vb[np.ix_(rows, rows)].sum(axis=0)
        out[s] = 1.0 - dva_per_unit @ e / e.sum()
        fva_k = (1.0 - dva_per_unit) * e
        m = n_manuf
        by_kind[s] = [fva_k[:m].sum() / e[:m].sum(), fva_k[m:].sum() / e[m:].sum()]
    return out, by_kind


def test_every_table_balanced_with_positive_value_added(world):
    G, N = len(world.countries), len(world.industries)
    for year in world.years:
        Z, F, x, countries, industries = world.icio_arrays(year)
        assert Z.shape == (G * N, G * N) and F.shape == (G * N, G) and x.shape == (G * N,)
        assert (Z >= 0).all() and (F >= 0).all()
        np.testing.assert_allclose(Z.sum(axis=1) + F.sum(axis=1), x, rtol=1e-9, atol=0)
        va = x - Z.sum(axis=0)
        assert (va > 0).all(), year
        A = Z / x[None, :]
        assert np.abs(np.linalg.eigvals(A)).max() < 1.0
        # x solves the Leontief system built from A and final demand
        np.testing.assert_allclose(np.linalg.solve(np.eye(G * N) - A, F.sum(axis=1)), x, rtol=1e-9)


def test_labels_are_synthetic(world):
    assert world.countries == tuple(f"D{k:02d}" for k in range(1, 13))
    assert world.industries == ("m1", "m2", "m3", "m4", "m5", "s1", "s2", "s3")
    assert world.manufacturing == ("m1", "m2", "m3", "m4", "m5")
    assert world.years == tuple(range(2000, 2015))


def test_fva_share_of_exports_realistic(world):
    G, N = len(world.countries), len(world.industries)
    for year in world.years:
        Z, F, x, *_ = world.icio_arrays(year)
        fva, by_kind = _fva_share_of_exports(Z, F, x, G, N)
        inside = (fva >= 0.1) & (fva <= 0.4)
        assert inside.mean() >= 0.8, (year, fva.round(3))
        # manufacturing exports are more integrated than services exports, in every country
        assert (by_kind[:, 0] > by_kind[:, 1]).all(), year


def test_imported_input_share_is_the_structural_share(world):
    G = len(world.countries)
    for k, year in enumerate(world.years):
        np.testing.assert_allclose(
            imported_input_share(world.Z[year], G), world.shares.share[:, :, k], rtol=0, atol=1e-12
        )
    assert world.truth["n_share_clipped"] == 0


def test_leontief_jacobian_matches_finite_differences():
    from gvc.demo import tables
    from gvc.demo.countries import industry_exposure, make_countries
    from gvc.demo.params import make_params
    from gvc.demo.truth import leontief_jacobian

    p = make_params(n_countries=4, n_industries=3)
    rng = np.random.default_rng(1)
    info = make_countries(4, rng)
    st = tables.draw_structure(p, info, rng)
    assert industry_exposure(3, p.n_manuf).shape == (3,)
    share = rng.uniform(0.1, 0.5, (4, 3))
    w = tables.gravity(info, 0)
    F = tables.final_demand(st, tables.demand_level(info, 0), w)

    def fva(s):
        Z, x = tables.build_table(tables.technical_coefficients(st, s, w), F)
        return tables.foreign_va_content(Z, x, 4)

    J = leontief_jacobian(tables.technical_coefficients(st, share, w), st, share, w, 4)
    h = 1e-6
    for c, j in [(0, 0), (2, 1), (3, 2)]:
        up, dn = share.copy(), share.copy()
        up[c, j] += h
        dn[c, j] -= h
        numeric = (fva(up) - fva(dn)) / (2 * h)
        np.testing.assert_allclose(J[c, :, j], numeric[c], rtol=1e-5, atol=1e-9)


def test_high_shares_keep_inputs_feasible():
    """Where s x tradability would exceed F_MAX the tilt flattens; the share stays exact."""
    from gvc.demo import tables
    from gvc.demo.countries import make_countries
    from gvc.demo.params import make_params

    p = make_params(n_countries=3, n_industries=4)
    rng = np.random.default_rng(2)
    info = make_countries(3, rng)
    st = tables.draw_structure(p, info, rng)
    share = np.full((3, 4), 0.84)
    f, _ = tables.foreign_split(st, share)
    assert f.max() <= tables.F_MAX + 1e-12
    A = tables.technical_coefficients(st, share, tables.gravity(info, 0))
    Z, _ = tables.build_table(A, tables.final_demand(st, tables.demand_level(info, 0), np.eye(3)))
    np.testing.assert_allclose(imported_input_share(Z, 3), share, atol=1e-12)


def test_io_engine_accepts_tables_and_agrees(world):
    """The project's input-output engine validates every table and reproduces our measures."""
    gio = pytest.importorskip("gvc.io")
    G, N = len(world.countries), len(world.industries)
    meas = world.measures()
    for year in (world.years[0], world.years[-1]):
        Z, F, x, countries, industries = world.icio_arrays(year)
        io = gio.ICIO(Z, F, countries, industries, x=x, tol=1e-9, negative_va="error")
        pm = gio.participation_measures(io, {"MANUF": list(world.manufacturing)})
        fvash = pm[pm["measure"] == "exgr_fvash"].set_index(["iso3", "industry"])["value"]
        mine = meas[meas["year"] == year].set_index(["iso3", "industry"])["foreign_va_content"]
        np.testing.assert_allclose(fvash.loc[mine.index].to_numpy(), mine.to_numpy(), atol=1e-12)
        own, _ = _fva_share_of_exports(Z, F, x, G, N)
        total = fvash.xs("TOTAL", level="industry").loc[list(countries)].to_numpy()
        np.testing.assert_allclose(total, own, atol=1e-12)


def test_as_wiot_round_trip(world):
    wt = world.as_wiot(2005)
    Z, F, x, *_ = world.icio_arrays(2005)
    assert wt.F.shape == (F.shape[0], 5 * F.shape[1])
    np.testing.assert_allclose(wt.F_by_country, F, rtol=1e-12)
    np.testing.assert_array_equal(wt.Z, Z)


def test_other_sizes_are_balanced():
    w = generate_world(7, n_countries=5, n_industries=4, n_years=3, start_year=2010)
    assert w.industries == ("m1", "m2", "s1", "s2")  # round(4 * 5 / 8) = 2 manufacturing
    for year in w.years:
        Z, F, x, *_ = w.icio_arrays(year)
        np.testing.assert_allclose(Z.sum(axis=1) + F.sum(axis=1), x, rtol=1e-9)
        assert (x - Z.sum(axis=0) > 0).all()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_fva_realism_holds_for_other_seeds(seed):
    w = generate_world(seed)
    for year in (w.years[0], w.years[-1]):
        Z, F, x, *_ = w.icio_arrays(year)
        fva, by_kind = _fva_share_of_exports(Z, F, x, 12, 8)
        assert ((fva >= 0.1) & (fva <= 0.4)).mean() >= 0.8
        assert (by_kind[:, 0] > by_kind[:, 1]).all()
