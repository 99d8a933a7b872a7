"""Demo world: a synthetic, structurally consistent GVC economy with known truth.

Everything here is SYNTHETIC DEMO DATA - not evidence. ``generate_world(seed)`` returns a
``DemoWorld`` with balanced inter-country input-output tables, robot, employment, patent and
youth-unemployment panels, country groups, and ``truth``: the structural parameters (robot
density -> foreign-input share, with a confounder that biases OLS and a cost-shock instrument)
that estimators should recover. See ``gvc.demo.truth`` for the exact definition of the truth.

Quick start::

    w = generate_world(seed=0)                  # 12 countries x 8 industries x 15 years
    Z, F, x, countries, industries = w.icio_arrays(2005)
    panels = w.panels()                         # robots, employment, patents, wdi, countries, ...
    df = w.estimation_frame()                   # foreign_input_share, density_100, cost_shock_iv
    w.truth["beta"]                             # 0.02 per 100 robots per 10k workers

Every frame carries ``df.attrs["label"] == LABEL`` and ``source == "synthetic_demo"``.
"""

from gvc.demo.params import LABEL, SOURCE, DemoParams
from gvc.demo.tables import foreign_va_content, imported_input_share
from gvc.demo.world import DemoWorld, generate_world

__all__ = [
    "LABEL",
    "SOURCE",
    "DemoParams",
    "DemoWorld",
    "foreign_va_content",
    "generate_world",
    "imported_input_share",
]
