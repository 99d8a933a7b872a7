"""Robot adoption: the exogenous cost shock (instrument), the confounder, density, stocks, jobs.

Adoption equation, for country c, industry i, year t (t = 0 in the first year)::

    density*_{c,i,t} = exposure_i * ( robot_base_c + density_trend * t
                                      + pi_cost * (-cost_{c,t})
                                      + lambda_conf * u_{c,i,t} + e_{c,i,t} )

floored at 0.1 robots per 10k workers. ``cost_{c,t}`` is the log robot price index faced by
country c relative to the first year (a random walk with a country-specific drift, independent of
everything else), so ``instrument = -cost_{c,t} * exposure_i`` is exogenous and relevant.
``u`` is the confounder, unobserved by the analyst, which also raises the foreign-input share (see
``gvc.demo.truth``): sqrt(w) x slope_{c,i} x tau_t + sqrt(1 - w) x AR(1)_{c,i,t}, with
w = ``confounder_trend_share``, slope ~ N(0, 1), tau_t the standardised year index and a
unit-variance AR(1) with coefficient ``confounder_rho`` -- think of an unobserved industry-specific
trend (e.g. demand for complex products) that raises both automation and offshoring. Its
variance is one, and year and country-industry fixed effects do not remove it. ``e`` ~ N(0, density_noise_sd^2).

Employment (persons) = value added / labour productivity; operational stock (units) =
round(density* x employment / 10^4); the reported ``density_per_10k`` is stock / employment x 10^4
exactly, so it differs from density* only by the rounding of the stock to whole robots.
Installations (units) follow geometric depreciation at ``depreciation`` per year (IFR assumes a
12-year service life): install_t = stock_t - round((1 - depreciation) stock_{t-1}), floored at 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gvc.demo.countries import Countries
from gvc.demo.params import DemoParams

DENSITY_FLOOR = 0.1
"""Smallest latent robot density, robots per 10k workers."""


@dataclass(frozen=True)
class Adoption:
    """Latent adoption arrays, shape (G, N, T) unless stated.

    ``cost``: (G, T) log robot price index, 0 in the first year (negative = cheaper robots).
    ``instrument``: -cost x exposure. ``confounder``: u, unit variance. ``density``: density*,
    robots per 10k workers. ``n_floored``: cells raised to ``DENSITY_FLOOR``.
    """

    cost: np.ndarray
    instrument: np.ndarray
    confounder: np.ndarray
    density: np.ndarray
    n_floored: int


def draw_adoption(
    p: DemoParams, countries: Countries, exposure: np.ndarray, rng: np.random.Generator
) -> Adoption:
    """Draw the cost shock, the confounder and latent robot density (see module docstring)."""
    g, n, t = p.n_countries, p.n_industries, p.n_years
    drift = rng.normal(p.cost_drift_mean, p.cost_drift_sd, g)
    steps = drift[:, None] + rng.normal(0.0, p.cost_step_sd, (g, t))
    steps[:, 0] = 0.0
    cost = np.cumsum(steps, axis=1)

    # confounder: ci-specific linear trend (smooth) + stationary AR(1), unit variance overall
    slope = rng.normal(0.0, 1.0, (g, n))
    tau = np.arange(t) - (t - 1) / 2.0
    tau = tau / tau.std()
    innov = rng.normal(0.0, 1.0, (g, n, t))
    ar = np.empty((g, n, t))
    ar[:, :, 0] = innov[:, :, 0]
    scale = np.sqrt(1.0 - p.confounder_rho**2)
    for k in range(1, t):
        ar[:, :, k] = p.confounder_rho * ar[:, :, k - 1] + scale * innov[:, :, k]
    w = p.confounder_trend_share
    u = np.sqrt(w) * slope[:, :, None] * tau[None, None, :] + np.sqrt(1.0 - w) * ar

    e = rng.normal(0.0, p.density_noise_sd, (g, n, t))
    years = np.arange(t)
    core = (
        countries.robot_base[:, None, None]
        + p.density_trend * years[None, None, :]
        + p.pi_cost * (-cost)[:, None, :]
        + p.lambda_conf * u
        + e
    )
    raw = exposure[None, :, None] * core
    density = np.maximum(raw, DENSITY_FLOOR)
    instrument = -cost[:, None, :] * exposure[None, :, None] + 0.0  # + 0.0: no negative zeros
    return Adoption(cost, instrument, u, density, int((raw < DENSITY_FLOOR).sum()))


@dataclass(frozen=True)
class RobotCounts:
    """Observable robot and employment arrays, shape (G, N, T).

    ``employment``: persons employed (whole numbers). ``stock``: operational robots (units).
    ``installations``: robots installed during the year (units). ``density``: stock /
    employment x 10^4. ``n_install_floored``: installations raised to 0.
    """

    employment: np.ndarray
    stock: np.ndarray
    installations: np.ndarray
    density: np.ndarray
    n_install_floored: int


def count_robots(
    p: DemoParams,
    countries: Countries,
    va: np.ndarray,
    density_latent: np.ndarray,
    rng: np.random.Generator,
) -> RobotCounts:
    """Employment from value added ``va`` (G, N, T; millions USD), then stocks and installations."""
    g, n, t = va.shape
    manuf = np.arange(n) < p.n_manuf
    ind_factor = np.where(manuf, 1.25, 0.9)
    years = np.arange(t)
    prod = (
        countries.productivity[:, None, None]
        * ind_factor[None, :, None]
        * (1.0 + countries.prod_growth[:, None, None]) ** years[None, None, :]
        * np.exp(rng.normal(0.0, 0.02, (g, n, t)))
    )
    employment = np.maximum(np.round(va * 1e6 / prod), 100.0)
    stock = np.round(density_latent * employment / 1e4)
    density = stock / employment * 1e4

    inst = np.empty_like(stock)
    inst[:, :, 0] = np.round(stock[:, :, 0] * (p.depreciation + 0.08))
    inst[:, :, 1:] = stock[:, :, 1:] - np.round((1.0 - p.depreciation) * stock[:, :, :-1])
    n_floored = int((inst < 0).sum())
    inst = np.maximum(inst, 0.0)
    return RobotCounts(employment, stock, inst, density, n_floored)
