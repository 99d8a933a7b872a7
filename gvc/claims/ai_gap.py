"""C2: the US-China gap between top AI models, by benchmark and year.

Input: the ``ai_benchmarks`` panel, one row per model and benchmark: ``benchmark, model,
organization, countries, multi_country, release_date (datetime64), score, source`` and optionally
``score_unit`` (``share`` = fraction correct in [0, 1]; ``index`` = Epoch Capabilities Index).
``countries`` holds ISO3 codes joined with ';' (``'USA'``, ``'USA;GBR'``).

Definitions:

- Best score of a country in a year: the highest score among models whose developer countries
  include that country. Two windows: ``frontier`` (models released up to the end of the year: the
  best model available then, as in the AI Index's "top models" comparison; the primary window) and
  ``released`` (models released in that year only).
- Multi-country models (``countries`` lists several codes): rule ``each`` (primary) counts the
  model for each listed country; rule ``drop`` (robustness) leaves them out. Models with no
  country or no release date cannot be placed and are left out (counted in ``n_unplaced``).
- Gap = best US score - best China score. For ``share`` scores the gap is in ``pts`` (percentage
  points: 100 x the difference of fractions); for ``index`` scores it is in index points.
  Positive = the US leads.

Epoch's open data have no HumanEval results, so the HumanEval half of the claim is data
unavailable (:data:`HUMANEVAL_NOTE`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

REQUIRED = ["benchmark", "model", "countries", "release_date", "score"]
MULTI_COUNTRY_RULES = ("each", "drop")
WINDOWS = ("frontier", "released")
HUMANEVAL_NOTE = (
    "HumanEval: no open per-model data in Epoch's benchmark files (the AI Index's 31.6 -> 3.7 "
    "pts cannot be recomputed here)"
)
GAP_COLUMNS = [
    "benchmark",
    "window",
    "multi_country",
    "year",
    "usa_best",
    "usa_model",
    "n_usa",
    "chn_best",
    "chn_model",
    "n_chn",
    "gap",
    "unit",
]


def score_units(panel: pd.DataFrame) -> pd.Series:
    """``share`` or ``index`` per benchmark: the ``score_unit`` column when present, else
    ``share`` when every score of the benchmark lies in [0, 1]."""
    inside = panel.groupby("benchmark")["score"].agg(lambda s: bool(s.dropna().between(0, 1).all()))
    by_range = inside.map({True: "share", False: "index"})
    if "score_unit" in panel.columns:
        declared = panel.groupby("benchmark")["score_unit"].agg(
            lambda s: s.dropna().iloc[0] if s.notna().any() else None
        )
        return declared.fillna(by_range).astype(str)
    return by_range


def _check(panel: pd.DataFrame) -> None:
    missing = [c for c in REQUIRED if c not in panel.columns]
    if missing:
        raise KeyError(f"ai_benchmarks panel lacks columns {missing}")
    if not pd.api.types.is_datetime64_any_dtype(panel["release_date"]):
        raise TypeError("release_date must be datetime64")


def placed_models(panel: pd.DataFrame, *, multi_country: str = "each") -> pd.DataFrame:
    """One row per (model, developer country): ``benchmark, model, country, year, score``.

    ``multi_country="each"`` repeats a multi-country model for each of its countries;
    ``"drop"`` removes it. Rows without countries or release date are dropped.
    """
    _check(panel)
    if multi_country not in MULTI_COUNTRY_RULES:
        raise ValueError(f"multi_country must be one of {MULTI_COUNTRY_RULES}")
    df = panel.dropna(subset=["countries", "release_date", "score"])
    df = df[df["countries"].astype(str).str.strip() != ""]
    codes = df["countries"].astype(str).str.split(";")
    if multi_country == "drop":
        df = df[codes.str.len() == 1]
        codes = codes[df.index]
    out = df.assign(country=codes).explode("country")
    out["country"] = out["country"].str.strip()
    out["year"] = out["release_date"].dt.year.astype("int64")
    return out[["benchmark", "model", "country", "year", "score"]].reset_index(drop=True)


def best_by_country_year(
    panel: pd.DataFrame,
    *,
    countries: tuple[str, ...] = ("USA", "CHN"),
    window: str = "frontier",
    multi_country: str = "each",
    years: list[int] | None = None,
) -> pd.DataFrame:
    """Best score per benchmark, country and year: ``benchmark, country, year, best, model,
    n_models`` (``best`` on the panel's scale; ``n_models`` = models in the window).

    ``window="frontier"``: models released up to the end of ``year``; ``"released"``: in ``year``.
    ``years`` defaults to every release year in the panel.
    """
    if window not in WINDOWS:
        raise ValueError(f"window must be one of {WINDOWS}")
    placed = placed_models(panel, multi_country=multi_country)
    placed = placed[placed["country"].isin(countries)]
    if years is None:
        years = sorted(panel["release_date"].dropna().dt.year.astype(int).unique())
    rows = []
    for (bench, country), sub in placed.groupby(["benchmark", "country"], sort=True):
        for year in years:
            mask = sub["year"] <= year if window == "frontier" else sub["year"] == year
            pool = sub[mask]
            if pool.empty:
                rows.append((bench, country, year, np.nan, None, 0))
                continue
            top = pool.loc[pool["score"].idxmax()]
            rows.append((bench, country, year, float(top["score"]), top["model"], len(pool)))
    return pd.DataFrame(rows, columns=["benchmark", "country", "year", "best", "model", "n_models"])


def us_china_gap(
    panel: pd.DataFrame,
    *,
    window: str = "frontier",
    multi_country: str = "each",
    years: list[int] | None = None,
) -> pd.DataFrame:
    """Gap between the best US and the best Chinese model, per benchmark and year.

    Returns :data:`GAP_COLUMNS`: ``usa_best``/``chn_best`` on the panel's scale (``share`` in
    [0, 1] or index), their models and the number of models in the window, ``gap`` = US - China in
    ``unit`` (``pts`` for share benchmarks, ``index points`` for index benchmarks); NaN when a side
    has no model.
    """
    best = best_by_country_year(panel, window=window, multi_country=multi_country, years=years)
    units = score_units(panel)
    if best.empty:
        return pd.DataFrame(columns=GAP_COLUMNS)
    wide = best.pivot_table(
        index=["benchmark", "year"],
        columns="country",
        values=["best", "model", "n_models"],
        aggfunc="first",
        dropna=False,
    )
    out = pd.DataFrame(index=wide.index)
    for iso, tag in (("USA", "usa"), ("CHN", "chn")):
        has = ("best", iso) in wide.columns
        out[f"{tag}_best"] = wide[("best", iso)].astype(float) if has else np.nan
        out[f"{tag}_model"] = wide[("model", iso)] if has else None
        out[f"n_{tag}"] = wide[("n_models", iso)].fillna(0).astype(int) if has else 0
    out = out.reset_index()
    out["unit"] = out["benchmark"].map(units).map({"share": "pts", "index": "index points"})
    scale = np.where(out["unit"] == "pts", 100.0, 1.0)
    out["gap"] = (out["usa_best"] - out["chn_best"]) * scale
    out["window"] = window
    out["multi_country"] = multi_country
    return out[GAP_COLUMNS].sort_values(["benchmark", "year"]).reset_index(drop=True)


def gap_table(panel: pd.DataFrame, years: tuple[int, ...] = (2023, 2024)) -> pd.DataFrame:
    """Every window x multi-country rule for the claim's years: the rows behind C2's report.

    Adds ``n_unplaced`` (models without developer country or release date, per benchmark).
    """
    frames = [
        us_china_gap(panel, window=w, multi_country=m, years=list(years))
        for w in WINDOWS
        for m in MULTI_COUNTRY_RULES
    ]
    out = pd.concat(frames, ignore_index=True)
    unplaced = panel.groupby("benchmark").apply(
        lambda d: int((d["countries"].isna() | d["release_date"].isna()).sum()),
        include_groups=False,
    )
    out["n_unplaced"] = out["benchmark"].map(unplaced).fillna(0).astype(int)
    return out


C2_SPECS = {
    # spec id: (benchmark, window, multi-country rule, year)
    "C2-mmlu-2024": ("mmlu", "frontier", "each", 2024),
    "C2-mmlu-2023": ("mmlu", "frontier", "each", 2023),
    "C2-mmlu-aiindex-2023": ("mmlu", "frontier", "each", 2023),
    "C2-mmlu-aiindex-2024": ("mmlu", "frontier", "each", 2024),
    "C2-mmlu-2024-single-country": ("mmlu", "frontier", "drop", 2024),
    "C2-mmlu-2024-released": ("mmlu", "released", "each", 2024),
    "C2-humaneval-2024": ("humaneval", "frontier", "each", 2024),
    "C2-gpqa-2024": ("gpqa_diamond", "frontier", "each", 2024),
    "C2-math5-2024": ("math_level_5", "frontier", "each", 2024),
}
"""How each registered C2 specification maps onto :func:`us_china_gap`."""

C2_CONTEXT = {
    "eci-2024": ("eci", "frontier", "each", 2024),
}
"""Gaps reported as context only, without a verdict: the Epoch Capabilities Index is in index
points, not comparable with the claim's "single digits" of percentage points."""


def c2_rows(panel: pd.DataFrame) -> pd.DataFrame:
    """Ledger rows (:data:`gvc.claims.ledger.LEDGER_COLUMNS`) for every C2 specification.

    The estimate is the gap (``pts``), with no CI (a best-of comparison); ``n_obs`` is the number
    of US plus Chinese models in the window. A benchmark absent from the panel (HumanEval,
    always), or one without any US or Chinese model, gives ``data unavailable``. Index-scale
    benchmarks (ECI) are not registered specifications: see :func:`context_gaps`.
    """
    from gvc.claims.ledger import LEDGER_COLUMNS, ledger_row
    from gvc.claims.registry import get_claim

    claim = get_claim("C2")
    rows = []
    for spec in claim.specifications:
        bench, window, multi, year = C2_SPECS[spec.id]
        sub = panel[panel["benchmark"] == bench]
        if sub.empty:
            note = HUMANEVAL_NOTE if bench == "humaneval" else f"no {bench} rows in the panel"
            rows.append(ledger_row(claim, spec.id, None, note=note))
            continue
        gaps = us_china_gap(sub, window=window, multi_country=multi, years=[year])
        if gaps.empty:
            note = (
                f"missing: {bench} results of US- or China-developed models up to {year} "
                "(no model of either country can be placed)"
            )
            rows.append(ledger_row(claim, spec.id, None, note=note))
            continue
        gap = gaps.iloc[0]
        note = (
            f"US {gap['usa_model']} {gap['usa_best']:.3f} vs China {gap['chn_model']} "
            f"{gap['chn_best']:.3f} ({gap['unit']})"
        )
        if pd.isna(gap["gap"]):
            side = "US" if pd.isna(gap["usa_best"]) else "Chinese"
            note = f"missing: a {side} {bench} model up to {year}; {note}"
        est = None if pd.isna(gap["gap"]) else float(gap["gap"])
        rows.append(
            ledger_row(claim, spec.id, est, n_obs=int(gap["n_usa"] + gap["n_chn"]), note=note)
        )
    return pd.DataFrame(rows, columns=LEDGER_COLUMNS)


def context_gaps(panel: pd.DataFrame) -> pd.DataFrame:
    """The :data:`C2_CONTEXT` gaps (no verdict): ``name`` plus :data:`GAP_COLUMNS`; empty when
    the benchmark has no US or Chinese model."""
    frames = []
    for name, (bench, window, multi, year) in C2_CONTEXT.items():
        sub = panel[panel["benchmark"] == bench]
        if sub.empty:
            continue
        g = us_china_gap(sub, window=window, multi_country=multi, years=[year])
        frames.append(g.assign(name=name))
    if not frames:
        return pd.DataFrame(columns=["name", *GAP_COLUMNS])
    out = pd.concat(frames, ignore_index=True)
    return out[["name", *GAP_COLUMNS]]
