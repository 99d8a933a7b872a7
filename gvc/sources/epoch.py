"""Epoch AI benchmark results (CC BY 4.0): one row per model and benchmark.

Files: ``mmlu_external.csv`` (score column ``EM``), ``gpqa_diamond.csv`` and
``math_level_5.csv`` (``mean_score``), ``epoch_capabilities_index.csv`` (``ECI Score``, an index,
not a fraction: kept on its own scale). ``Country`` names the developers' countries, several
separated by commas; they are mapped to ISO3 and joined with ';', and such rows are flagged
``multi_country``. Epoch has no HumanEval data.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gvc.errors import DataError
from gvc.sources.country_codes import to_iso3
from gvc.sources.readers import read_csv, require_columns, to_numeric

BENCHMARKS = {
    "mmlu_external.csv": ("mmlu", "EM", True),
    "gpqa_diamond.csv": ("gpqa_diamond", "mean_score", True),
    "math_level_5.csv": ("math_level_5", "mean_score", True),
    "epoch_capabilities_index.csv": ("eci", "ECI Score", False),
}
"""file -> (benchmark id, score column, score is a fraction in [0,1])."""


def read_benchmark(path: str | Path) -> pd.DataFrame:
    """One Epoch benchmark file -> ``benchmark, model, organization, countries, multi_country,
    release_date, score, score_unit, source``."""
    path = Path(path)
    if path.name not in BENCHMARKS:
        raise DataError(f"{path}: not a known Epoch benchmark file ({list(BENCHMARKS)})")
    bench, col, is_fraction = BENCHMARKS[path.name]
    # fields span lines (logs, notes): truncation shows up as a parser error instead
    df = read_csv(path, dtype=str, check_truncation=False)
    require_columns(df, ["Model version", "Release date", "Organization", "Country", col], path)
    score = to_numeric(df, col, path)
    if is_fraction and ((score < 0) | (score > 1)).any():
        i = int(((score < 0) | (score > 1)).idxmax())
        raise DataError(f"{path}: '{col}' = {score[i]} at row {i + 2} is outside [0, 1]")
    parts = df["Country"].fillna("").str.split(",")
    flat = parts.explode().str.strip()
    flat = flat[flat != ""]
    iso = to_iso3(flat.reset_index(drop=True), file=str(path), column="Country")
    iso.index = flat.index
    countries = iso.groupby(level=0).agg(lambda s: ";".join(sorted(set(s))))
    countries = countries.reindex(df.index)
    model = df["Model version"]
    for alt in ("Model name", "Name", "Display name"):
        if alt in df:
            model = model.fillna(df[alt])
    out = pd.DataFrame(
        {
            "benchmark": bench,
            "model": model.astype("string"),
            "organization": df["Organization"].astype("string"),
            "countries": countries.astype("string"),
            "multi_country": countries.fillna("").str.contains(";").astype(bool),
            "release_date": pd.to_datetime(df["Release date"], errors="coerce"),
            "score": score,
            "score_unit": "share" if is_fraction else "index",
            "source": f"epoch/{path.name}",
        }
    )
    # Rows without a score (benchmark not yet run for that model) or without any model name
    # carry no result; they are dropped.
    return out[out["score"].notna() & out["model"].notna()].reset_index(drop=True)
