"""Country-year outcomes: youth unemployment, AI patents and GDP.

Manufacturing robot density (the IFR convention) of country c in year t::

    mdens_{c,t} = sum_{i manuf} stock_{c,i,t} / sum_{i manuf} employment_{c,i,t} x 10^4

Youth unemployment (percent of labour force aged 15-24, WDI ``SL.UEM.1524.ZS``)::

    yu_{c,t} = mu_c + tau_t + theta_youth * mdens_{c,t} / 100 + N(0, youth_noise_sd^2)

with mu_c ~ 12 (developed) or 18 (developing) +- noise and tau_t a cycle peaking in the trade
collapse year. AI patents ~ Poisson(exp(log(final demand / 10^4) - 2 + 0.15 t + developed
+ kappa_patents * mdens / 100)). GDP (``NY.GDP.MKTP.CD``, current USD) = total value added.
Population (``SP.POP.TOTL``, persons) = total employment / employment-to-population ratio
(0.47 developed, 0.40 developing).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gvc.demo.countries import Countries
from gvc.demo.params import DemoParams
from gvc.demo.tables import TRADE_COLLAPSE_YEAR_INDEX, demand_level


@dataclass(frozen=True)
class CountryOutcomes:
    """Arrays of shape (G, T): ``manuf_density`` (robots per 10k manufacturing workers),
    ``youth_unemployment`` (percent), ``ai_patents`` (counts), ``gdp_usd`` (current USD),
    ``population`` (persons), plus ``mu`` (G,) and ``tau`` (T,) of the youth equation."""

    manuf_density: np.ndarray
    youth_unemployment: np.ndarray
    ai_patents: np.ndarray
    gdp_usd: np.ndarray
    population: np.ndarray
    mu: np.ndarray
    tau: np.ndarray


def draw_outcomes(
    p: DemoParams,
    countries: Countries,
    stock: np.ndarray,
    employment: np.ndarray,
    va: np.ndarray,
    rng: np.random.Generator,
) -> CountryOutcomes:
    """Youth unemployment, patents and GDP from observed robots and value added (G, N, T)."""
    g, _, t = stock.shape
    nm = p.n_manuf
    mdens = stock[:, :nm].sum(axis=1) / employment[:, :nm].sum(axis=1) * 1e4
    k = np.arange(t)
    dev = countries.developing_wb
    mu = np.clip(np.where(dev, 18.0, 12.0) + rng.normal(0.0, 4.0, g), 4.0, 40.0)
    tau = 0.8 * np.sin(k / 2.0) + 3.0 * (k == TRADE_COLLAPSE_YEAR_INDEX)
    tau = tau + 1.5 * (k == TRADE_COLLAPSE_YEAR_INDEX + 1)
    yu = (
        mu[:, None]
        + tau[None, :]
        + p.theta_youth * mdens / 100.0
        + rng.normal(0.0, p.youth_noise_sd, (g, t))
    )
    level = np.stack([demand_level(countries, j) for j in range(t)], axis=1)
    log_rate = (
        np.log(level / 1e4)
        - 2.0
        + 0.15 * k[None, :]
        + (~dev)[:, None]
        + p.kappa_patents * mdens / 100
    )
    patents = rng.poisson(np.exp(log_rate)).astype(np.int64)
    gdp = va.sum(axis=1) * 1e6
    population = np.round(employment.sum(axis=1) / np.where(dev, 0.40, 0.47)[:, None])
    return CountryOutcomes(mdens, yu, patents, gdp, population, mu, tau)
