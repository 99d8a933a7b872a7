"""Robot-exposure measures over the processed ``robots`` panel and an employment frame.

Inputs
------
``robots``: long frame with ``source, iso3, industry, year, installations (robots shipped in the
year), operational_stock (robots in use at year end), density_per_10k`` (as published).
``employment``: ``iso3, industry, year, employment`` (persons) and optionally ``output``
(real gross output in any constant-price unit; only its growth rate is used).

Units (stated in every output column name):

* ``robot_density_per_10k``: operational robots per 10,000 employed persons.
* ``log_robot_density``: natural log of the above (+ optional offset); a coefficient on it in a
  log-log model is an elasticity (% change in outcome per 1% more robots per worker), in a
  level-log model ``b/100`` is the outcome change per 1% more robots.
* ``apr_per_1000``: Acemoglu-Restrepo adjusted penetration, robots per 1,000 baseline workers.

Level-on-level vs log-log: a level coefficient on ``robot_density_per_10k`` reads as "outcome
units per one more robot per 10,000 workers" (e.g. percentage points of unemployment); the
log-log coefficient reads as "% change in outcome per 1% change in density". The two answer the
"1 percentage point" and "1%" readings of a claim respectively; estimate both
(:mod:`gvc.estimators.specs`).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from gvc.estimators.errors import SpecificationError
from gvc.estimators.validation import require_columns

KEYS = ("iso3", "industry", "year")
ROBOT_COLUMNS = ("source", "iso3", "industry", "year", "installations", "operational_stock")
EMPLOYMENT_COLUMNS = ("iso3", "industry", "year", "employment")


def _one_source(robots: pd.DataFrame, source: str | None) -> pd.DataFrame:
    require_columns(robots, ROBOT_COLUMNS, "robots")
    sources = robots["source"].dropna().unique().tolist()
    if source is None:
        if len(sources) > 1:
            raise SpecificationError(
                f"robots holds several sources {sorted(sources)}; pass source=... to choose one"
            )
        out = robots
    else:
        if source not in sources:
            raise SpecificationError(
                f"robots has no source {source!r}; available: {sorted(sources)}"
            )
        out = robots[robots["source"] == source]
    dup = out.duplicated(list(KEYS))
    if dup.any():
        raise SpecificationError(
            f"robots has {int(dup.sum())} duplicate (iso3, industry, year) rows for one source"
        )
    return out


def _merge_employment(robots: pd.DataFrame, employment: pd.DataFrame) -> pd.DataFrame:
    require_columns(employment, EMPLOYMENT_COLUMNS, "employment")
    dup = employment.duplicated(list(KEYS))
    if dup.any():
        raise SpecificationError(
            f"employment has {int(dup.sum())} duplicate (iso3, industry, year) rows"
        )
    emp_cols = [c for c in ("employment", "output") if c in employment.columns]
    merged = robots.merge(employment[[*KEYS, *emp_cols]], on=list(KEYS), how="left")
    missing = merged["employment"].isna().sum()
    if missing:
        warnings.warn(
            f"{missing} robots rows have no employment match on (iso3, industry, year)",
            UserWarning,
            stacklevel=3,
        )
    bad = (merged["employment"] <= 0).sum()
    if bad:
        warnings.warn(
            f"{bad} rows have non-positive employment; their density is set to NaN",
            UserWarning,
            stacklevel=3,
        )
        merged.loc[merged["employment"] <= 0, "employment"] = np.nan
    return merged


def robot_density(
    robots: pd.DataFrame,
    employment: pd.DataFrame,
    *,
    source: str | None = None,
    stock: str = "operational_stock",
) -> pd.DataFrame:
    """Operational robots per 10,000 employed persons, by (iso3, industry, year).

    Returns the keys, ``operational_stock`` (robots), ``employment`` (persons) and
    ``robot_density_per_10k`` = stock / employment x 10,000.
    """
    rob = _one_source(robots, source)
    merged = _merge_employment(rob[[*KEYS, stock]], employment)
    merged["robot_density_per_10k"] = merged[stock] / merged["employment"] * 10_000
    return merged


def log_robot_density(density: pd.Series, offset: float = 0.0) -> pd.Series:
    """``log(robots per 10,000 workers + offset)``; zeros with ``offset=0`` give NaN and a warning.

    ``offset=1`` is the common log(1 + density) convention for panels with zero adoption; it
    changes the interpretation near zero, so it is never applied silently.
    """
    vals = density.astype(float) + offset
    bad = int((vals <= 0).sum())
    if bad:
        warnings.warn(
            f"{bad} non-positive densities (after offset {offset}) have no log and become NaN; "
            "pass offset=1 for log(1 + density)",
            UserWarning,
            stacklevel=2,
        )
    out = np.log(vals.where(vals > 0))
    return out.rename("log_robot_density")


def adjusted_penetration(
    robots: pd.DataFrame,
    employment: pd.DataFrame,
    *,
    start: int,
    end: int,
    baseline_year: int | None = None,
    source: str | None = None,
    adjust_output: bool = True,
    annualize: bool = False,
) -> pd.DataFrame:
    """Acemoglu-Restrepo (2020, JPE, eq. 13) adjusted penetration of robots, per (iso3, industry).

    APR = [(R_end - R_start) - g x R_start] / L_base x 1,000, in robots per 1,000 workers, where
    R is the operational stock, L_base employment (persons) in ``baseline_year`` (default
    ``start``) and g = output_end / output_start - 1 the industry's output growth. With
    ``annualize`` the result is divided by (end - start). ``adjust_output=False`` drops the
    g x R_start term (plain change in robots per worker).
    """
    if end <= start:
        raise SpecificationError(f"end ({end}) must be after start ({start})")
    base = start if baseline_year is None else baseline_year
    rob = _one_source(robots, source)
    if adjust_output and "output" not in employment.columns:
        raise SpecificationError(
            "employment has no 'output' column for the output-growth adjustment; "
            "add real output or pass adjust_output=False"
        )
    idx = ["iso3", "industry"]
    stock = rob.pivot_table(index=idx, columns="year", values="operational_stock", aggfunc="first")
    emp = employment.pivot_table(index=idx, columns="year", values="employment", aggfunc="first")
    for y, frame, name in (
        (start, stock, "robots"),
        (end, stock, "robots"),
        (base, emp, "employment"),
    ):
        if y not in frame.columns:
            raise SpecificationError(f"{name} has no observations for year {y}")
    out = pd.DataFrame(index=stock.index)
    out["robots_start"] = stock[start]
    out["robots_end"] = stock[end]
    out["employment_base"] = emp[base].reindex(out.index)
    out.loc[out["employment_base"] <= 0, "employment_base"] = np.nan
    change = out["robots_end"] - out["robots_start"]
    out["delta_robots_per_1000"] = change / out["employment_base"] * 1000
    if adjust_output:
        outp = employment.pivot_table(index=idx, columns="year", values="output", aggfunc="first")
        for y in (start, end):
            if y not in outp.columns:
                raise SpecificationError(f"employment output has no observations for year {y}")
        growth = (outp[end] / outp[start] - 1).reindex(out.index)
        out["output_growth"] = growth
        change = change - growth * out["robots_start"]
    out["apr_per_1000"] = change / out["employment_base"] * 1000
    if annualize:
        out["apr_per_1000"] /= end - start
        out["delta_robots_per_1000"] /= end - start
    n_nan = int(out["apr_per_1000"].isna().sum())
    if n_nan:
        warnings.warn(
            f"{n_nan} (iso3, industry) cells lack robots, employment or output in "
            f"{start}/{end}/{base}; their APR is NaN",
            UserWarning,
            stacklevel=2,
        )
    return out.reset_index()


def leave_one_out_mean(
    df: pd.DataFrame,
    value: str,
    *,
    unit: str = "iso3",
    by: Sequence[str] = ("industry", "year"),
    reference: Iterable[str] | None = None,
) -> pd.Series:
    """Mean of ``value`` over *other* units in the same ``by`` cell (e.g. industry-year).

    With ``reference`` only those units enter the mean (Acemoglu-Restrepo use other European
    countries); a unit is always excluded from its own instrument. Units of the result are
    those of ``value``. Cells with no other unit give NaN and a warning.
    """
    require_columns(df, [value, unit, *by])
    if df.duplicated([unit, *by]).any():
        raise SpecificationError(f"leave_one_out_mean needs one row per ({unit}, {', '.join(by)})")
    in_ref = (
        df[unit].isin(set(reference)) if reference is not None else pd.Series(True, index=df.index)
    )
    v = df[value].where(in_ref & df[value].notna())
    keys = [df[b] for b in by]
    total = v.groupby(keys, dropna=False).transform("sum")
    count = v.notna().groupby(keys, dropna=False).transform("sum")
    own = v.fillna(0.0)
    own_n = v.notna().astype(int)
    n_other = count - own_n
    out = ((total - own) / n_other.where(n_other > 0)).rename(f"{value}_loo")
    n_nan = int(out.isna().sum())
    if n_nan:
        warnings.warn(
            f"{n_nan} rows have no other {unit} with {value} in their {'/'.join(by)} cell; "
            "their leave-one-out instrument is NaN",
            UserWarning,
            stacklevel=2,
        )
    return out


def foreign_adoption_instrument(
    density: pd.DataFrame,
    value: str = "robot_density_per_10k",
    *,
    reference: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Add ``<value>_loo``: the same industry's robot adoption in other countries, same year.

    ``density`` is the output of :func:`robot_density` (or any frame with iso3, industry, year
    and ``value``). The instrument has the units of ``value``.
    """
    out = density.copy()
    out[f"{value}_loo"] = leave_one_out_mean(out, value, reference=reference)
    return out


def baseline_shares(
    frame: pd.DataFrame,
    *,
    year: int,
    value: str = "employment",
    unit: str = "iso3",
    shock: str = "industry",
    time: str = "year",
    total: pd.Series | None = None,
) -> pd.DataFrame:
    """Shares s_uk = value_uk / total_u in ``year`` (employment or export shares; unitless).

    ``total`` (indexed by unit) gives the denominator when shares should be incomplete, e.g.
    manufacturing industries over total employment; by default the shares sum to one.
    """
    require_columns(frame, [unit, shock, time, value])
    base = frame[frame[time] == year]
    if base.empty:
        raise SpecificationError(f"no rows in baseline year {year}")
    agg = base.groupby([unit, shock], as_index=False)[value].sum()
    denom = agg.groupby(unit)[value].transform("sum") if total is None else agg[unit].map(total)
    agg["share"] = agg[value] / denom
    return agg[[unit, shock, "share"]]


def shift_share_exposure(
    shares: pd.DataFrame,
    shocks: pd.DataFrame,
    *,
    unit: str = "iso3",
    shock: str = "industry",
    shock_value: str = "shock",
) -> pd.DataFrame:
    """Exposure_u = sum_k s_uk g_k (units of the shock, e.g. robots per 1,000 workers).

    Also returns ``share_sum`` = sum_k s_uk, which must be controlled for when shares are
    incomplete (Borusyak-Hull-Jaravel 2022, section 4).
    """
    require_columns(shares, [unit, shock, "share"], "shares")
    require_columns(shocks, [shock, shock_value], "shocks")
    m = shares.merge(shocks[[shock, shock_value]], on=shock, how="left")
    missing = m[shock_value].isna() & (m["share"] > 0)
    if missing.any():
        names = sorted(m.loc[missing, shock].astype(str).unique())[:5]
        raise SpecificationError(f"shocks missing for industries with positive shares: {names}")
    m["contrib"] = m["share"] * m[shock_value].fillna(0.0)
    out = m.groupby(unit).agg(exposure=("contrib", "sum"), share_sum=("share", "sum"))
    return out.reset_index()
