"""Synthetic countries and industries: labels, groups, sizes, locations and productivity.

Country codes are 'D01', 'D02', ... ('D' for demo) so they can never be mistaken for ISO 3166
codes. Group labels (regions, income groups) reuse World Bank wording so the normal grouping code
works on them. Roughly the first 40% of countries are high income ("developed"); the rest are
developing. One high-income country in East Asia & Pacific is developing under UN M49, as Korea
and Singapore are, so the two developing definitions differ as they do in real data.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

_DEVELOPED_REGIONS = ("Europe & Central Asia", "North America", "East Asia & Pacific")
_DEVELOPING_REGIONS = (
    "East Asia & Pacific",
    "Latin America & Caribbean",
    "South Asia",
    "Europe & Central Asia",
    "Sub-Saharan Africa",
    "Middle East & North Africa",
)
_DEVELOPING_INCOME = (
    "Upper middle income",
    "Lower middle income",
    "Upper middle income",
    "Low income",
)
UN_REGION = {
    "Europe & Central Asia": "Europe",
    "North America": "Americas",
    "East Asia & Pacific": "Asia",
    "Latin America & Caribbean": "Americas",
    "South Asia": "Asia",
    "Sub-Saharan Africa": "Africa",
    "Middle East & North Africa": "Asia",
}
"""UN M49 region of each World Bank region, as used in the ``countries`` frame."""
_REGION_XY = {
    "Europe & Central Asia": (0.0, 5.0),
    "North America": (-8.0, 5.0),
    "East Asia & Pacific": (9.0, 2.0),
    "Latin America & Caribbean": (-6.0, -4.0),
    "South Asia": (6.0, -1.0),
    "Sub-Saharan Africa": (1.0, -5.0),
    "Middle East & North Africa": (2.5, 1.0),
}
"""Made-up region centroids on a plane; distances (in these units) drive trade gravity."""


@dataclass(frozen=True)
class Countries:
    """Country attributes, arrays indexed by country in table order.

    ``size``: final demand in the first year, millions of USD. ``growth``: nominal growth of final
    demand per year (fraction). ``productivity``: value added per person employed in the first
    year, USD. ``prod_growth``: its growth per year. ``xy``: location on the made-up plane.
    ``robot_base``: robots per 10k workers per unit of industry exposure in the first year.
    """

    codes: tuple[str, ...]
    names: tuple[str, ...]
    regions: tuple[str, ...]
    income_groups: tuple[str, ...]
    developing_wb: np.ndarray
    developing_m49: np.ndarray
    size: np.ndarray
    growth: np.ndarray
    productivity: np.ndarray
    prod_growth: np.ndarray
    xy: np.ndarray
    robot_base: np.ndarray

    @property
    def distance(self) -> np.ndarray:
        """G x G Euclidean distance between countries on the made-up plane."""
        diff = self.xy[:, None, :] - self.xy[None, :, :]
        return np.sqrt((diff**2).sum(axis=2))


def industry_labels(n_industries: int, n_manuf: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(all industries, manufacturing industries): 'm1'..'m{n_manuf}' then 's1'..'s{rest}'."""
    manuf = tuple(f"m{k}" for k in range(1, n_manuf + 1))
    serv = tuple(f"s{k}" for k in range(1, n_industries - n_manuf + 1))
    return manuf + serv, manuf


def industry_exposure(n_industries: int, n_manuf: int) -> np.ndarray:
    """Technical suitability of each industry for robots (dimensionless multiplier of density).

    Manufacturing runs geometrically from 3.0 (m1, think motor vehicles) to 0.6; services from
    0.06 to 0.02, so services hold few robots, as in IFR data.
    """
    manuf = np.geomspace(3.0, 0.6, n_manuf) if n_manuf > 1 else np.array([2.0])
    n_serv = n_industries - n_manuf
    serv = np.geomspace(0.06, 0.02, n_serv) if n_serv > 1 else np.array([0.04])
    return np.concatenate([manuf, serv])


def make_countries(n: int, rng: np.random.Generator) -> Countries:
    """Draw ``n`` synthetic countries; group membership is fixed by position, sizes are random."""
    n_dev = min(n - 1, max(1, round(0.4 * n)))
    developed = np.arange(n) < n_dev
    regions, incomes = [], []
    k_dev = k_ing = 0
    for is_dev in developed:
        if is_dev:
            regions.append(_DEVELOPED_REGIONS[k_dev % len(_DEVELOPED_REGIONS)])
            incomes.append("High income")
            k_dev += 1
        else:
            regions.append(_DEVELOPING_REGIONS[k_ing % len(_DEVELOPING_REGIONS)])
            incomes.append(_DEVELOPING_INCOME[k_ing % len(_DEVELOPING_INCOME)])
            k_ing += 1
    developing_wb = ~developed
    developing_m49 = developing_wb | np.array([r == "East Asia & Pacific" for r in regions])

    size = np.where(
        developed,
        np.exp(rng.normal(np.log(900_000.0), 0.8, n)),
        np.exp(rng.normal(np.log(250_000.0), 0.9, n)),
    )
    growth = np.where(developed, 0.04, 0.08) + rng.normal(0.0, 0.01, n)
    productivity = np.where(developed, 85_000.0, 14_000.0) * np.exp(rng.normal(0.0, 0.25, n))
    prod_growth = np.where(developed, 0.025, 0.05) + rng.normal(0.0, 0.01, n)
    centroids = np.array([_REGION_XY[r] for r in regions])
    xy = centroids + rng.normal(0.0, 1.2, (n, 2))
    robot_base = np.where(developed, 45.0, 8.0) * np.exp(rng.normal(0.0, 0.3, n))

    codes = tuple(f"D{k:02d}" for k in range(1, n + 1))
    names = tuple(f"Demoland {k:02d}" for k in range(1, n + 1))
    return Countries(
        codes=codes,
        names=names,
        regions=tuple(regions),
        income_groups=tuple(incomes),
        developing_wb=developing_wb,
        developing_m49=developing_m49,
        size=size,
        growth=growth,
        productivity=productivity,
        prod_growth=prod_growth,
        xy=xy,
        robot_base=robot_base,
    )
