"""``generate_world``: the seeded demo world, and ``DemoWorld``, its arrays, panels and truth.

Generation order (each step has its own child random stream of ``SeedSequence(seed)``, so a
world is a pure function of ``seed`` and the parameters):

1. countries (``countries.py``) and industries; 2. input-output structure (``tables.py``);
3. robot adoption: cost shock, confounder, latent density (``robots.py``); 4. foreign-input
shares from the structural equation (``truth.py``); 5. per year, technical coefficients A,
final demand F and the balanced table Z, x; 6. employment, robot stocks and installations from
value added; 7. youth unemployment, AI patents, GDP (``outcomes.py``); 8. the truth dict.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from gvc.demo import outcomes, robots, tables, truth
from gvc.demo.countries import (
    UN_REGION,
    Countries,
    industry_exposure,
    industry_labels,
    make_countries,
)
from gvc.demo.params import LABEL, SOURCE, DemoParams, make_params
from gvc.errors import GvcError

FD_CATEGORY_SHARES = (0.62, 0.02, 0.17, 0.18, 0.01)
"""Split of final demand into WIOD's categories (CONS_h, CONS_np, CONS_g, GFCF, INVEN)."""


def _label(df: pd.DataFrame) -> pd.DataFrame:
    df.attrs["label"] = LABEL
    df.attrs["source"] = SOURCE
    return df


@dataclass
class DemoWorld:
    """A generated world. Arrays are indexed (country, industry, year index) in table order.

    ``Z``, ``F``, ``x``: dicts year -> arrays (millions of current USD), Z (GN x GN, rows =
    supplier), F (GN x G, columns = destination country), x (GN,). ``truth``: the known
    parameters (see ``gvc.demo.truth``). ``LABEL``: the watermark.
    """

    params: DemoParams
    seed: int
    years: tuple[int, ...]
    countries: tuple[str, ...]
    industries: tuple[str, ...]
    manufacturing: tuple[str, ...]
    country_info: Countries
    exposure: np.ndarray
    Z: dict[int, np.ndarray]
    F: dict[int, np.ndarray]
    x: dict[int, np.ndarray]
    adoption: robots.Adoption
    shares: truth.Shares
    counts: robots.RobotCounts
    country_outcomes: outcomes.CountryOutcomes
    fva_content: np.ndarray
    truth: dict = field(default_factory=dict)
    jacobian: np.ndarray | None = field(default=None, repr=False)
    """(G, N, N, T): d foreign VA content of (c, i) / d foreign-input share of (c, j)."""
    LABEL: str = LABEL

    # ------------------------------------------------------------------ arrays
    def icio_arrays(self, year: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple, tuple]:
        """(Z, F, x, countries, industries) for ``year``; copies, safe to modify."""
        if year not in self.Z:
            raise GvcError(
                f"year {year} is not in the demo world ({self.years[0]}-{self.years[-1]})"
            )
        return (
            self.Z[year].copy(),
            self.F[year].copy(),
            self.x[year].copy(),
            self.countries,
            self.industries,
        )

    def as_wiot(self, year: int):
        """The year's table as a ``gvc.sources.wiod2013.WIOT`` (F split into the five WIOD
        final-demand categories by ``FD_CATEGORY_SHARES``), to feed code written for WIOD."""
        from gvc.sources.wiod2013 import WIOT

        Z, F, x, countries, industries = self.icio_arrays(year)
        shares = np.asarray(FD_CATEGORY_SHARES)
        F5 = (F[:, :, None] * shares[None, None, :]).reshape(F.shape[0], -1)
        return WIOT(year, countries, industries, Z, F5, x)

    def value_added(self) -> np.ndarray:
        """Value added x - Z'1, shape (G, N, T), millions of USD."""
        g, n = len(self.countries), len(self.industries)
        va = [self.x[y] - self.Z[y].sum(axis=0) for y in self.years]
        return np.stack(va, axis=1).reshape(g, n, len(self.years))

    # ------------------------------------------------------------------ frames
    def _cit_index(self) -> dict[str, np.ndarray]:
        g, n, t = len(self.countries), len(self.industries), len(self.years)
        return {
            "iso3": np.repeat(np.asarray(self.countries), n * t),
            "industry": np.tile(np.repeat(np.asarray(self.industries), t), g),
            "year": np.tile(np.asarray(self.years, dtype=np.int64), g * n),
        }

    def _ct_index(self) -> dict[str, np.ndarray]:
        g, t = len(self.countries), len(self.years)
        return {
            "iso3": np.repeat(np.asarray(self.countries), t),
            "year": np.tile(np.asarray(self.years, dtype=np.int64), g),
        }

    def panels(self) -> dict[str, pd.DataFrame]:
        """Tidy long frames of everything an analyst could observe, each labelled.

        - ``robots``: source, iso3, industry, year, installations, operational_stock (units),
          density_per_10k (robots per 10k persons employed).
        - ``employment``: source, iso3, industry, year, employment (persons).
        - ``patents``: source, iso3, year, field, ai_patents (count of AI patent applications),
          population (persons), applications_per_million.
        - ``wdi``: source, iso3, year, indicator, value; SL.UEM.1524.ZS (percent),
          NY.GDP.MKTP.CD (current USD), SP.POP.TOTL (persons).
        - ``countries``: iso3, name, region, income_group, un_region, is_country, developing_wb,
          developing_m49, source.
        - ``instruments``: source, iso3, industry, year, robot_price_index_log (log points vs the
          first year), exposure, cost_shock_iv (= -robot_price_index_log x exposure).
        """
        c = self.counts
        cit = self._cit_index()
        ct = self._ct_index()
        robots_df = pd.DataFrame(
            {
                "source": SOURCE,
                **cit,
                "installations": c.installations.ravel().astype(np.int64),
                "operational_stock": c.stock.ravel().astype(np.int64),
                "density_per_10k": c.density.ravel(),
            }
        )
        employment = pd.DataFrame(
            {"source": SOURCE, **cit, "employment": c.employment.ravel().astype(np.int64)}
        )
        o = self.country_outcomes
        patents = pd.DataFrame(
            {
                "source": SOURCE,
                **ct,
                "field": "Artificial intelligence",
                "ai_patents": o.ai_patents.ravel(),
                "population": o.population.ravel(),
                "applications_per_million": o.ai_patents.ravel() / o.population.ravel() * 1e6,
            }
        )
        wdi = pd.concat(
            [
                pd.DataFrame({"source": SOURCE, **ct, "indicator": code, "value": arr.ravel()})
                for code, arr in (
                    ("SL.UEM.1524.ZS", o.youth_unemployment),
                    ("NY.GDP.MKTP.CD", o.gdp_usd),
                    ("SP.POP.TOTL", o.population),
                )
            ],
            ignore_index=True,
        )
        ci = self.country_info
        countries = pd.DataFrame(
            {
                "iso3": list(ci.codes),
                "name": list(ci.names),
                "region": list(ci.regions),
                "income_group": list(ci.income_groups),
                "un_region": [UN_REGION[r] for r in ci.regions],
                "is_country": True,
                "developing_wb": ci.developing_wb,
                "developing_m49": ci.developing_m49,
                "source": SOURCE,
            }
        )
        g, n, t = c.stock.shape
        cost = np.broadcast_to(self.adoption.cost[:, None, :], (g, n, t))
        expo = np.broadcast_to(self.exposure[None, :, None], (g, n, t))
        instruments = pd.DataFrame(
            {
                "source": SOURCE,
                **cit,
                "robot_price_index_log": cost.ravel(),
                "exposure": expo.ravel(),
                "cost_shock_iv": self.adoption.instrument.ravel(),
            }
        )
        frames = {
            "robots": robots_df,
            "employment": employment,
            "patents": patents,
            "wdi": wdi,
            "countries": countries,
            "instruments": instruments,
        }
        return {k: _label(v) for k, v in frames.items()}

    def measures(self) -> pd.DataFrame:
        """GVC measures computed from the tables, per country-industry-year (fractions):
        ``foreign_input_share`` (imported / all intermediate inputs, from Z) and
        ``foreign_va_content`` (Leontief foreign VA content of output = VS share of exports)."""
        g = len(self.countries)
        fis = np.stack([tables.imported_input_share(self.Z[y], g) for y in self.years], axis=2)
        return _label(
            pd.DataFrame(
                {
                    "source": SOURCE,
                    **self._cit_index(),
                    "foreign_input_share": fis.ravel(),
                    "foreign_va_content": self.fva_content.ravel(),
                }
            )
        )

    def latent(self) -> pd.DataFrame:
        """Unobservable components of the structural equations (for teaching and tests only):
        confounder, latent density, alpha, gamma, eps, structural foreign-input share."""
        g, n, t = self.shares.share.shape
        s = self.shares
        return _label(
            pd.DataFrame(
                {
                    "source": SOURCE,
                    **self._cit_index(),
                    "confounder": self.adoption.confounder.ravel(),
                    "density_latent": self.adoption.density.ravel(),
                    "alpha": np.broadcast_to(s.alpha[:, :, None], (g, n, t)).ravel(),
                    "gamma": np.broadcast_to(s.gamma[None, None, :], (g, n, t)).ravel(),
                    "eps": s.eps.ravel(),
                    "foreign_input_share": s.share.ravel(),
                }
            )
        )

    def estimation_frame(self) -> pd.DataFrame:
        """One row per country-industry-year joining robots, instruments and ``measures()``:
        the frame on which the structural regression is run (plus ``density_100`` =
        density_per_10k / 100, the regressor in the units of ``truth['beta']``)."""
        p = self.panels()
        keys = ["iso3", "industry", "year"]
        df = p["robots"].merge(p["instruments"].drop(columns="source"), on=keys)
        df = df.merge(self.measures().drop(columns="source"), on=keys)
        df["density_100"] = df["density_per_10k"] / 100.0
        df["developing_wb"] = df["iso3"].map(
            dict(zip(self.countries, self.country_info.developing_wb, strict=True))
        )
        return _label(df)

    def country_frame(self) -> pd.DataFrame:
        """One row per country-year: ``manuf_density_per_10k`` (robots per 10k manufacturing
        workers, from the robots and employment panels), ``youth_unemployment`` (percent),
        ``ai_patents`` (count), ``developing_wb`` -- the youth-unemployment regression frame
        (true slope ``truth['theta_youth']`` on ``manuf_density_per_10k / 100``)."""
        o = self.country_outcomes
        dev = np.repeat(self.country_info.developing_wb, len(self.years))
        return _label(
            pd.DataFrame(
                {
                    "source": SOURCE,
                    **self._ct_index(),
                    "manuf_density_per_10k": o.manuf_density.ravel(),
                    "youth_unemployment": o.youth_unemployment.ravel(),
                    "ai_patents": o.ai_patents.ravel(),
                    "developing_wb": dev,
                }
            )
        )


def generate_world(
    seed: int = 0, n_countries: int = 12, n_industries: int = 8, n_years: int = 15, **params
) -> DemoWorld:
    """Generate a demo world deterministically from ``seed``; ``params`` override ``DemoParams``.

    Same seed and parameters -> identical arrays and frames; different seeds -> different data.
    Default size: 12 countries x 8 industries (5 manufacturing) x 15 years (2000-2014).
    """
    p = make_params(n_countries=n_countries, n_industries=n_industries, n_years=n_years, **params)
    ss = np.random.SeedSequence(int(seed))
    r_countries, r_struct, r_adopt, r_share, r_robots, r_out = (
        np.random.default_rng(s) for s in ss.spawn(6)
    )
    g, n, t = p.n_countries, p.n_industries, p.n_years
    info = make_countries(g, r_countries)
    inds, manuf = industry_labels(n, p.n_manuf)
    exposure = industry_exposure(n, p.n_manuf)
    st = tables.draw_structure(p, info, r_struct)
    adopt = robots.draw_adoption(p, info, exposure, r_adopt)
    sh = truth.draw_shares(p, st, adopt.density, adopt.confounder, r_share)

    years = tuple(range(p.start_year, p.start_year + t))
    Zs, Fs, xs = {}, {}, {}
    fva = np.empty((g, n, t))
    jac = np.empty((g, n, n, t))
    for k, year in enumerate(years):
        w = tables.gravity(info, k)
        A = tables.technical_coefficients(st, sh.share[:, :, k], w)
        F = tables.final_demand(st, tables.demand_level(info, k), w)
        B = tables.leontief_inverse(A)
        Z, x = tables.build_table(A, F, B)
        Zs[year], Fs[year], xs[year] = Z, F, x
        fva[:, :, k] = tables.foreign_va_content(Z, x, g, B)
        jac[..., k] = truth.leontief_jacobian(A, st, sh.share[:, :, k], w, g, B)

    va = np.stack([xs[y] - Zs[y].sum(axis=0) for y in years], axis=1).reshape(g, n, t)
    counts = robots.count_robots(p, info, va, adopt.density, r_robots)
    outc = outcomes.draw_outcomes(p, info, counts.stock, counts.employment, va, r_out)
    rounding = float(np.abs(counts.density - adopt.density).max())
    tr = truth.build_truth(
        p,
        int(seed),
        sh,
        adopt.density,
        fva,
        jac,
        exposure,
        {
            "n_density_floored": adopt.n_floored,
            "n_installations_floored": counts.n_install_floored,
            "max_density_rounding": rounding,
        },
    )
    return DemoWorld(
        params=p,
        seed=int(seed),
        years=years,
        countries=info.codes,
        industries=inds,
        manufacturing=manuf,
        country_info=info,
        exposure=exposure,
        Z=Zs,
        F=Fs,
        x=xs,
        adoption=adopt,
        shares=sh,
        counts=counts,
        country_outcomes=outc,
        fva_content=fva,
        truth=tr,
        jacobian=jac,
    )
