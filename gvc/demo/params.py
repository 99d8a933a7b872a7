"""Parameters of the synthetic demo world, with units, and the watermark every output carries.

All monetary values in the demo are millions of current US dollars (like WIOD); robot density is
robots in operation per 10,000 persons employed (as IFR reports it); shares are fractions in [0, 1]
unless a name ends in ``_pp`` (percentage points).

The structural parameters (``beta``, ``delta``, ``pi_cost``, ``lambda_conf``, ``theta_youth``,
``kappa_patents``) are the "known truth" that estimators should recover; see ``gvc.demo.truth``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from gvc.errors import GvcError

LABEL = "SYNTHETIC DEMO DATA - not evidence"
"""Watermark attached to every frame (``df.attrs['label']``) and every report built from the demo."""

SOURCE = "synthetic_demo"
"""Value of the ``source`` column in every demo frame."""


@dataclass(frozen=True)
class DemoParams:
    """Every knob of the generator. Defaults give a 12 x 8 x 15 world in well under a second.

    Sizes
        ``n_countries`` (2..99), ``n_industries`` (>= 2), ``n_manufacturing`` (1..n_industries-1;
        default: round(5/8 of n_industries)), ``n_years``, ``start_year``.

    Structural channel (the truth)
        ``beta``: change in an industry's foreign-input share (fraction of its intermediate
        purchases bought from foreign suppliers) per 100 robots per 10,000 workers.
        ``delta``: change in that share per standard deviation of the unobserved confounder.
        ``pi_cost``: robots per 10k workers (per unit of industry exposure) added by a one-unit
        fall in the log robot price index faced by the country (the cost shock / instrument).
        ``lambda_conf``: robots per 10k workers (per unit of exposure) added by one s.d. of the
        confounder; with ``delta`` > 0 this biases OLS upwards. ``confounder_trend_share``: share
        of the confounder's variance from country-industry linear trends (the rest is an AR(1)
        with coefficient ``confounder_rho``).
        ``theta_youth``: percentage points of youth unemployment per 100 robots per 10k workers
        in manufacturing. ``kappa_patents``: log-points of expected AI patents per 100 robots
        per 10k manufacturing workers.

    Input-output calibration
        ``base_foreign_share_manuf`` / ``_serv``: typical foreign-input share before robots and
        openness. ``openness_elasticity``: minus the elasticity of that base share with respect to
        country size (small countries source more abroad); the size factor is clipped to [0.5, 2].
        ``fd_import_share_manuf`` / ``_serv``: imported share of final demand, by kind of good.
        ``depreciation``: yearly retirement rate of robots (1/12: IFR's 12-year service life).
    """

    # sizes
    n_countries: int = 12
    n_industries: int = 8
    n_manufacturing: int | None = None
    n_years: int = 15
    start_year: int = 2000

    # structural channel: foreign-input share equation
    beta: float = 0.02
    delta: float = 0.012
    share_noise_sd: float = 0.004
    confounder_rho: float = 0.9
    confounder_trend_share: float = 0.95

    # robot adoption equation
    pi_cost: float = 120.0
    lambda_conf: float = 25.0
    density_noise_sd: float = 2.0
    density_trend: float = 6.0
    cost_drift_mean: float = -0.04
    cost_drift_sd: float = 0.025
    cost_step_sd: float = 0.03

    # other outcomes
    theta_youth: float = 1.5
    youth_noise_sd: float = 0.6
    kappa_patents: float = 0.3

    # input-output calibration
    base_foreign_share_manuf: float = 0.24
    base_foreign_share_serv: float = 0.07
    openness_elasticity: float = 0.35
    fd_import_share_manuf: float = 0.22
    fd_import_share_serv: float = 0.03
    depreciation: float = 1.0 / 12.0

    @property
    def n_manuf(self) -> int:
        """Number of manufacturing industries actually used."""
        if self.n_manufacturing is not None:
            return self.n_manufacturing
        return max(1, min(self.n_industries - 1, round(self.n_industries * 5 / 8)))

    def validate(self) -> None:
        """Raise ``GvcError`` naming the parameter when a value is out of range."""
        if not 2 <= self.n_countries <= 99:
            raise GvcError(f"n_countries={self.n_countries}: must be between 2 and 99")
        if self.n_industries < 2:
            raise GvcError(f"n_industries={self.n_industries}: must be at least 2")
        if not 1 <= self.n_manuf <= self.n_industries - 1:
            raise GvcError(
                f"n_manufacturing={self.n_manufacturing}: must leave at least one manufacturing "
                f"and one services industry among n_industries={self.n_industries}"
            )
        if self.n_years < 2:
            raise GvcError(f"n_years={self.n_years}: must be at least 2")
        if not 0 <= self.confounder_trend_share <= 1:
            raise GvcError(
                f"confounder_trend_share={self.confounder_trend_share}: must be in [0, 1]"
            )
        if not 0 <= self.confounder_rho < 1:
            raise GvcError(f"confounder_rho={self.confounder_rho}: must be in [0, 1)")

    def as_dict(self) -> dict:
        """Plain dict of all fields plus the resolved ``n_manufacturing``."""
        d = asdict(self)
        d["n_manufacturing"] = self.n_manuf
        return d


def make_params(**overrides) -> DemoParams:
    """``DemoParams`` with ``overrides``; unknown names raise ``GvcError`` listing valid ones."""
    valid = {f.name for f in fields(DemoParams)}
    unknown = sorted(set(overrides) - valid)
    if unknown:
        raise GvcError(f"unknown demo parameter(s) {unknown}; valid names: {sorted(valid)}")
    p = DemoParams(**overrides)
    p.validate()
    return p
