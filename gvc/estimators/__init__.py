"""Panel estimator layer: fixed-effects OLS/IV over pyfixest, honest inference, tables,
robot-exposure measures, shift-share inference and specification grids.

Headline API::

    from gvc.estimators import feols, compare, coefplot
    fit = feols("youth_unemp ~ robot_density | iso3 + year", df, vcov={"CRV1": "iso3"})
    fit.tidy(); compare([fit1, fit2]).to_latex()
"""

from gvc.estimators.compare import ComparisonTable, compare
from gvc.estimators.conventions import SSC_PRESETS
from gvc.estimators.errors import (
    DroppedRowsWarning,
    FewClustersWarning,
    SingletonWarning,
    SpecificationError,
)
from gvc.estimators.feols import feols
from gvc.estimators.iv_diagnostics import kleibergen_paap_rk_f
from gvc.estimators.plots import coefplot, iplot
from gvc.estimators.results import TIDY_COLUMNS, FeolsResult
from gvc.estimators.robot_exposure import (
    adjusted_penetration,
    baseline_shares,
    foreign_adoption_instrument,
    leave_one_out_mean,
    log_robot_density,
    robot_density,
    shift_share_exposure,
)
from gvc.estimators.shift_share import ShockLevelResult, akm_placebo_check, shock_level_regression
from gvc.estimators.spec_grid import SpecGrid
from gvc.estimators.specs import (
    EventStudyResult,
    adoption_year,
    event_study,
    event_study_plot,
    log_log,
    long_difference,
    twfe_levels,
)
from gvc.estimators.vcov import VcovSpec, cluster, driscoll_kraay, parse_vcov, wild_bootstrap

__all__ = [
    "EventStudyResult",
    "event_study_plot",
    "kleibergen_paap_rk_f",
    "SSC_PRESETS",
    "ShockLevelResult",
    "SpecGrid",
    "adjusted_penetration",
    "adoption_year",
    "akm_placebo_check",
    "baseline_shares",
    "event_study",
    "foreign_adoption_instrument",
    "leave_one_out_mean",
    "log_log",
    "log_robot_density",
    "long_difference",
    "robot_density",
    "shift_share_exposure",
    "shock_level_regression",
    "twfe_levels",
    "TIDY_COLUMNS",
    "ComparisonTable",
    "DroppedRowsWarning",
    "FeolsResult",
    "FewClustersWarning",
    "SingletonWarning",
    "SpecificationError",
    "VcovSpec",
    "cluster",
    "coefplot",
    "iplot",
    "compare",
    "driscoll_kraay",
    "feols",
    "parse_vcov",
    "wild_bootstrap",
]
