"""C2: US-China gap of top AI models (reference: Stanford AI Index 2025, MMLU 17.5 -> 0.3 pts).

Synthetic panels check the rules; the processed ``ai_benchmarks`` table (``gvc.load``, built by
the project's ETL from ``$GVC_MIRROR/epoch``) checks the numbers reported in the ledger against
best scores recomputed here from the raw Epoch CSVs with the ``csv`` module.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from gvc.claims.ai_gap import (
    GAP_COLUMNS,
    best_by_country_year,
    c2_rows,
    gap_table,
    placed_models,
    us_china_gap,
)
from gvc.claims.registry import get_claim


def _panel(rows):
    df = pd.DataFrame(rows, columns=["benchmark", "model", "countries", "release_date", "score"])
    df["release_date"] = pd.to_datetime(df["release_date"])
    df["countries"] = df["countries"].astype("string")
    df["multi_country"] = df["countries"].fillna("").str.contains(";")
    df["organization"] = "org"
    df["source"] = "test"
    return df


@pytest.fixture
def toy():
    return _panel(
        [
            ("mmlu", "us-a", "USA", "2023-03-01", 0.86),
            ("mmlu", "us-b", "USA", "2024-05-01", 0.88),
            ("mmlu", "cn-a", "CHN", "2023-11-01", 0.76),
            ("mmlu", "cn-b", "CHN", "2024-12-20", 0.87),
            ("mmlu", "joint", "CHN;USA", "2024-06-01", 0.90),
            ("mmlu", "nowhere", None, "2024-06-01", 0.99),
            ("mmlu", "undated", "CHN", None, 0.99),
            ("eci", "us-a", "USA", "2024-01-01", 140.0),
            ("eci", "cn-a", "CHN", "2024-01-01", 131.0),
        ]
    )


def test_frontier_gap_in_points(toy):
    gap = us_china_gap(toy, multi_country="drop", years=[2023, 2024])
    assert list(gap.columns) == GAP_COLUMNS
    gap = gap.set_index(["benchmark", "year"])
    assert gap.loc[("mmlu", 2023), "gap"] == pytest.approx(10.0)  # 86 - 76
    assert gap.loc[("mmlu", 2024), "gap"] == pytest.approx(1.0)  # 88 - 87
    assert gap.loc[("mmlu", 2024), "unit"] == "pts"
    # ECI is an index: gap in index points, not x100
    assert gap.loc[("eci", 2024), "gap"] == pytest.approx(9.0)
    assert gap.loc[("eci", 2024), "unit"] == "index points"
    assert pd.isna(gap.loc[("eci", 2023), "gap"])


def test_multi_country_rule(toy):
    each = us_china_gap(toy, multi_country="each", years=[2024]).set_index("benchmark")
    # the joint model (0.90) counts for both countries: gap 0
    assert each.loc["mmlu", "gap"] == pytest.approx(0.0)
    assert each.loc["mmlu", "usa_model"] == "joint"
    drop = placed_models(toy, multi_country="drop")
    assert "joint" not in set(drop["model"])
    assert {"nowhere", "undated"}.isdisjoint(set(placed_models(toy)["model"]))


def test_released_window(toy):
    best = best_by_country_year(toy, window="released", multi_country="drop", years=[2024])
    usa = best[(best.benchmark == "mmlu") & (best.country == "USA")].iloc[0]
    assert usa["model"] == "us-b" and usa["n_models"] == 1
    frontier = best_by_country_year(toy, window="frontier", multi_country="drop", years=[2024])
    usa = frontier[(frontier.benchmark == "mmlu") & (frontier.country == "USA")].iloc[0]
    assert usa["n_models"] == 2


def test_bad_arguments(toy):
    with pytest.raises(ValueError):
        us_china_gap(toy, multi_country="half")
    with pytest.raises(ValueError):
        us_china_gap(toy, window="decade")
    with pytest.raises(KeyError):
        us_china_gap(toy.drop(columns="score"))
    with pytest.raises(TypeError):
        us_china_gap(toy.assign(release_date=toy["release_date"].astype(str)))


def test_score_unit_inferred_without_column(toy):
    gap = us_china_gap(toy, multi_country="drop", years=[2024]).set_index("benchmark")
    assert gap.loc["eci", "unit"] == "index points"
    gap = us_china_gap(toy.assign(score_unit="share"), multi_country="drop", years=[2024])
    assert set(gap["unit"]) == {"pts"}


# ---- real data: Epoch AI benchmarking hub (mirror) -------------------------------------------

EPOCH = {  # benchmark -> (file, score column, gap multiplier: 100 for fractions -> pts)
    "mmlu": ("mmlu_external.csv", "EM", 100),
    "gpqa_diamond": ("gpqa_diamond.csv", "mean_score", 100),
    "math_level_5": ("math_level_5.csv", "mean_score", 100),
    "eci": ("epoch_capabilities_index.csv", "ECI Score", 1),
}


def _raw_best(mirror: Path, benchmark: str, country: str, year: int) -> tuple[float, str]:
    """Best raw score (and its model) among models whose ``Country`` lists ``country`` (Epoch's
    English name), released up to the end of ``year`` (the frontier window, each-country rule)."""
    name, col, _ = EPOCH[benchmark]
    with open(mirror / "epoch" / name, newline="", encoding="utf-8") as f:
        pool = [
            (float(r[col]), r["Model version"] or r.get("Name", ""))
            for r in csv.DictReader(f)
            if r[col]
            and r["Release date"]
            and date.fromisoformat(r["Release date"][:10]).year <= year
            and country in [c.strip() for c in (r["Country"] or "").split(",")]
        ]
    return max(pool)


def _raw_gap(mirror: Path, benchmark: str, year: int) -> float:
    usa, _ = _raw_best(mirror, benchmark, "United States of America", year)
    chn, _ = _raw_best(mirror, benchmark, "China", year)
    return EPOCH[benchmark][2] * (usa - chn)


def test_real_gaps_match_raw_epoch_files(ai_benchmarks, mirror):
    gap = us_china_gap(ai_benchmarks, years=[2023, 2024, 2025]).set_index(["benchmark", "year"])
    for bench in EPOCH:
        for year in (2023, 2024, 2025):
            expected = _raw_gap(mirror, bench, year)
            assert gap.loc[(bench, year), "gap"] == pytest.approx(expected, abs=1e-9), (bench, year)
            assert gap.loc[(bench, year), "usa_best"] == pytest.approx(
                _raw_best(mirror, bench, "United States of America", year)[0]
            )


def test_real_mmlu_gap_double_then_single_digits(ai_benchmarks, mirror):
    # AI Index 2025: 17.5 pts (2023) -> 0.3 pts (2024). Epoch's MMLU file: GPT-4 (0314) 86.4 vs
    # Yi-34B 76.3 at the end of 2023; GPT-4o (2024-11-20) 88.1 vs DeepSeek-V3 87.2 at the end of
    # 2024 (values read from the raw CSV below, not from the code under test).
    gap = us_china_gap(ai_benchmarks, years=[2023, 2024]).set_index(["benchmark", "year"])
    g23, g24 = gap.loc[("mmlu", 2023), "gap"], gap.loc[("mmlu", 2024), "gap"]
    assert g23 == pytest.approx(_raw_gap(mirror, "mmlu", 2023))
    assert g24 == pytest.approx(_raw_gap(mirror, "mmlu", 2024))
    assert g23 >= 10 and abs(g24) < 10  # double digits, then single digits
    _, chn_model = _raw_best(mirror, "mmlu", "China", 2024)
    assert gap.loc[("mmlu", 2024), "chn_model"] == chn_model


def test_real_other_benchmarks_do_not_all_narrow_in_2024(ai_benchmarks, mirror):
    gap = us_china_gap(ai_benchmarks, years=[2023, 2024, 2025]).set_index(["benchmark", "year"])
    # still double digits in 2024 on GPQA Diamond (~20 pts) and MATH level 5 (~30 pts)
    for bench in ("gpqa_diamond", "math_level_5"):
        assert gap.loc[(bench, 2024), "gap"] == pytest.approx(_raw_gap(mirror, bench, 2024))
        assert gap.loc[(bench, 2024), "gap"] > 10
    assert abs(_raw_gap(mirror, "math_level_5", 2025)) < 10  # closes in 2025
    assert gap.loc[("eci", 2024), "unit"] == "index points"


def test_real_gap_table_and_ledger_rows(ai_benchmarks):
    table = gap_table(ai_benchmarks)
    assert set(table["window"]) == {"frontier", "released"}
    assert set(table["multi_country"]) == {"each", "drop"}
    assert (table.loc[table.benchmark == "mmlu", "n_unplaced"] > 0).all()
    rows = c2_rows(ai_benchmarks).set_index("specification")
    assert list(rows.index) == [s.id for s in get_claim("C2").specifications]
    assert rows.loc["C2-mmlu-2024", "verdict"] == "consistent"
    assert rows.loc["C2-mmlu-2023", "verdict"] == "consistent"
    assert rows.loc["C2-mmlu-aiindex-2023", "verdict"] == "differs"
    assert rows.loc["C2-humaneval-2024", "verdict"] == "data unavailable"
    assert "HumanEval" in rows.loc["C2-humaneval-2024", "note"]
    assert rows.loc["C2-gpqa-2024", "verdict"] == "differs"
