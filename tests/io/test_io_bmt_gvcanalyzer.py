"""gvc's tripartite GVC trade (Borin-Mancini-Taglioni 2025) against the only other
implementation, R gvcAnalyzer, on decompr's leather table (issue 22).

Reference: ``tests/data/r_reference/leather_gvcanalyzer_bmt_trade.csv``, written by gvcAnalyzer's
``bm_2025_tripartite_trade_all`` (BallavBabu/gvcAnalyzer, R/bm_2025_trade.R f8ba005, R/bm_io.R
167614f) under R 4.2.2 from ``tools/r_reference/run_reference.R`` (inputs: the leather Z and final
demand, output o = Z1 + Y1, so the table is balanced). Bilateral exporter x importer terms
``E_sr, DAVAX_sr, GVC_sr, GVC_PF, GVC_TS, GVC_PB``; gvc's ``decompose(io, "bmt_trade",
"bilateral")`` names them ``E, DAVAX, GVC, GVC_PF, GVC_TS, GVC_PB``.
gvcAnalyzer's output-based functions are not compared: they are not an exact decomposition
(see ``gvc.io.bmt_output``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from io_testdata import LEATHER_COUNTRIES, LEATHER_F, LEATHER_INDUSTRIES, LEATHER_Z

from gvc.io import ICIO, decompose

REF = (
    Path(__file__).resolve().parents[1]
    / "data"
    / "r_reference"
    / "leather_gvcanalyzer_bmt_trade.csv"
)
NAMES = {"E_sr": "E", "DAVAX_sr": "DAVAX", "GVC_sr": "GVC", "GVC_PF": "GVC_PF",
         "GVC_TS": "GVC_TS", "GVC_PB": "GVC_PB"}  # fmt: skip


def test_bmt_trade_equals_gvcanalyzer_on_leather():
    ref = pd.read_csv(REF).rename(columns=NAMES)
    io = ICIO(LEATHER_Z, LEATHER_F, LEATHER_COUNTRIES, LEATHER_INDUSTRIES)
    got = decompose(io, "bmt_trade", "bilateral", wide=True, include_groups=False)
    got = got.astype({"exporter": str, "importer": str}).set_index(["exporter", "importer"])
    ref = ref.set_index(["exporter", "importer"])
    assert len(ref) == 6 and set(ref.index) <= set(got.index)
    for term in NAMES.values():
        np.testing.assert_allclose(got.loc[ref.index, term], ref[term], rtol=1e-12, atol=1e-12)
    # the terms are not trivially equal: the three GVC parts are all positive and distinct
    assert (ref[["GVC_PF", "GVC_TS", "GVC_PB"]] > 0.5).all().all()
