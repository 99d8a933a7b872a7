"""C3: developing countries' share of AI patent applications, by year and definition.

Inputs:

- ``patents`` panel (``gvc.load("patents")``): ``iso3, year, field, applications_per_million,
  applications, world_share`` (``applications`` = count; ``world_share`` in [0, 1] over the
  covered countries). The processed table has **no World row**: the OWID per-million file's World
  rows are OWID aggregates, which the ETL drops (:func:`gvc.sources.owid.read_ai_patents`). A
  caller-supplied panel with a ``WLD`` row (a World count) enables the ``world`` denominator.
- ``countries`` table (``gvc.load("countries")``): ``iso3, is_country`` and the flags of the
  current World Bank (``developing_wb``) and UN M49 (``developing_m49``) definitions.
- ``income_groups`` table (optional): the World Bank classification of each data year, for the
  primary definition ``developing_wb_hist`` and the base-year robustness ``developing_wb_base``
  (first covered year); see :mod:`gvc.claims.developing`. NA = unclassified.

Share (``share_pct``, in ``pct``) = developing applications / total applications, for three
denominators:

- ``covered``: all countries in the panel that year (the ``world_share`` basis);
- ``balanced``: only countries present in every covered year (the CSET/OWID country set grows
  from ~40 in 2014 to ~51 in 2019, which alone moves shares);
- ``world``: the ``WLD`` row's applications. **Unavailable from the processed patents table**
  (no World row, see above): :func:`developing_share` then returns no ``world`` rows (it does not
  fail) and the ``world`` specification's ledger row is ``data unavailable`` with
  :data:`WORLD_UNAVAILABLE` as its note.

"Without China" (``china="excl"``) removes China from numerator and denominator: the share of
other developing countries among all countries other than China. Unclassified countries count in
the denominator only. Rows without an application count (no population, e.g. Taiwan, which WDI
does not cover) are left out of both and counted in ``n_missing``.

The OWID/CSET data cover about 67 entities for 2014-2019; claim years outside that range (2023)
get a row with a NaN share and a note saying the data end in the last covered year.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from gvc.claims import developing as dv
from gvc.claims.trend import drop_endpoint_trends, linear_trend

DEFINITIONS = (dv.HISTORICAL, dv.BASE_YEAR, dv.CURRENT, dv.M49)
DENOMINATORS = ("covered", "balanced", "world")
WORLD_UNAVAILABLE = (
    "world denominator unavailable: the patents table has no World (WLD) row (the OWID "
    "per-million file's World rows are aggregates, which the ETL drops)"
)
"""Why the ``world`` denominator has no estimate when the panel has no ``WLD`` row."""
SHARE_COLUMNS = [
    "definition",
    "china",
    "denominator",
    "year",
    "share_pct",
    "developing_applications",
    "total_applications",
    "n_developing",
    "n_countries",
    "n_unclassified",
    "n_missing",
    "note",
]


def _field(patents: pd.DataFrame, field: str | None) -> pd.DataFrame:
    fields = patents["field"].dropna().unique() if "field" in patents.columns else []
    if field is None:
        if len(fields) > 1:
            raise ValueError(f"patents panel has several fields {sorted(fields)}: pass field=")
        return patents
    return patents[patents["field"] == field]


def coverage(patents: pd.DataFrame) -> tuple[int, int]:
    """First and last year with country rows in the patents panel."""
    years = patents.loc[patents["iso3"] != "WLD", "year"]
    if years.empty:
        raise ValueError("patents panel has no country rows")
    return int(years.min()), int(years.max())


def developing_share(
    patents: pd.DataFrame,
    countries: pd.DataFrame,
    *,
    definitions: tuple[str, ...] | None = None,
    field: str | None = None,
    claim_years: tuple[int, ...] = (2015, 2023),
    income_groups: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Developing countries' share of AI patent applications (``pct``) by year.

    One row per definition x China (``incl``/``excl``) x denominator x year (see the module
    docstring), columns :data:`SHARE_COLUMNS`. Claim years outside the data get NaN shares and a
    ``note`` (e.g. "2023 outside data coverage 2014-2019"). Without a ``WLD`` row in ``patents``
    (the case for the processed ``patents`` table) there are no ``world`` rows: that denominator
    is unavailable (:data:`WORLD_UNAVAILABLE`). ``definitions`` default: every definition of
    :data:`DEFINITIONS` the inputs allow (the historical ones need ``income_groups``).
    """
    if definitions is None:
        definitions = tuple(
            d for d in DEFINITIONS if income_groups is not None or d in (dv.CURRENT, dv.M49)
        )
    missing = [d for d in definitions if d in (dv.CURRENT, dv.M49) and d not in countries.columns]
    if missing:
        raise KeyError(f"countries table lacks {missing}")
    df = _field(patents, field)
    first, last = coverage(df)
    world = df[df["iso3"] == "WLD"].set_index("year")["applications"]
    flags = countries.set_index("iso3")
    is_country = flags["is_country"].reindex(df["iso3"]).fillna(False).to_numpy(dtype=bool)
    cty = df[is_country & (df["iso3"] != "WLD")].copy()
    n_missing = cty.groupby("year")["applications"].apply(lambda s: int(s.isna().sum()))
    cty = cty.dropna(subset=["applications"])
    years_present = cty.groupby("iso3")["year"].nunique()
    n_years = cty["year"].nunique()
    balanced = set(years_present[years_present == n_years].index)

    rows = []
    for definition in definitions:
        dev = dv.developing_flags(
            cty[["iso3", "year"]], definition, countries, income_groups, base_year=first
        )
        for china in ("incl", "excl"):
            keep = cty["iso3"] != "CHN" if china == "excl" else pd.Series(True, index=cty.index)
            for denominator in DENOMINATORS:
                if denominator == "world" and world.empty:
                    continue  # no WLD row: WORLD_UNAVAILABLE
                sel = keep & (cty["iso3"].isin(balanced) if denominator == "balanced" else True)
                sub = cty[sel]
                sub_dev = dev[sel]
                for year, grp in sub.groupby("year"):
                    d = sub_dev[grp.index]
                    dev_apps = float(
                        grp.loc[d.fillna(False).to_numpy(dtype=bool), "applications"].sum()
                    )
                    if denominator == "world":
                        total = float(world.get(year, np.nan))
                        if china == "excl":
                            chn = cty.loc[(cty["iso3"] == "CHN") & (cty["year"] == year)]
                            total -= float(chn["applications"].sum())
                    else:
                        total = float(grp["applications"].sum())
                    rows.append(
                        {
                            "definition": definition,
                            "china": china,
                            "denominator": denominator,
                            "year": int(year),
                            "share_pct": 100 * dev_apps / total if total > 0 else np.nan,
                            "developing_applications": dev_apps,
                            "total_applications": total,
                            "n_developing": int(d.fillna(False).sum()),
                            "n_countries": len(grp),
                            "n_unclassified": int(d.isna().sum()),
                            "n_missing": int(n_missing.get(year, 0)),
                            "note": "",
                        }
                    )
                for year in claim_years:
                    if not first <= year <= last:
                        rows.append(
                            {
                                "definition": definition,
                                "china": china,
                                "denominator": denominator,
                                "year": int(year),
                                "share_pct": np.nan,
                                "note": f"{year} outside data coverage {first}-{last}",
                            }
                        )
    out = pd.DataFrame(rows).reindex(columns=SHARE_COLUMNS)
    return out.sort_values(["definition", "china", "denominator", "year"]).reset_index(drop=True)


def share_trends(shares: pd.DataFrame, *, maxlags: int | None = None) -> pd.DataFrame:
    """Linear trend of ``share_pct`` over the covered years (``pts/yr``, 95% CI of :func:`gvc.claims.trend.linear_trend`) per
    definition x China x denominator, from :func:`developing_share`'s output."""
    keys = ["definition", "china", "denominator"]
    rows = []
    for name, grp in shares.dropna(subset=["share_pct"]).groupby(keys, sort=True):
        res = linear_trend(grp, x="year", y="share_pct", maxlags=maxlags)
        rows.append({**dict(zip(keys, name, strict=True)), **res, "unit": "pts/yr"})
    return pd.DataFrame(rows)


C3_SPECS = {
    # spec id: (definition, china, denominator, statistic: "trend", "drop first/last" or a year)
    "C3-trend-wb": (dv.HISTORICAL, "incl", "covered", "trend"),
    "C3-level2015-wb": (dv.HISTORICAL, "incl", "covered", 2015),
    "C3-level2023": (dv.HISTORICAL, "incl", "covered", 2023),
    "C3-trend-wb-exCHN": (dv.HISTORICAL, "excl", "covered", "trend"),
    "C3-trend-m49": (dv.M49, "incl", "covered", "trend"),
    "C3-trend-m49-exCHN": (dv.M49, "excl", "covered", "trend"),
    "C3-trend-wb-balanced": (dv.HISTORICAL, "incl", "balanced", "trend"),
    "C3-trend-wb-world": (dv.HISTORICAL, "incl", "world", "trend"),
    "C3-level2015-wb-exCHN": (dv.HISTORICAL, "excl", "covered", 2015),
    "C3-level2015-m49": (dv.M49, "incl", "covered", 2015),
    "C3-trend-wb-drop-first": (dv.HISTORICAL, "incl", "covered", "drop first"),
    "C3-trend-wb-drop-last": (dv.HISTORICAL, "incl", "covered", "drop last"),
    "C3-trend-wb-base": (dv.BASE_YEAR, "incl", "covered", "trend"),
    "C3-trend-wb-current": (dv.CURRENT, "incl", "covered", "trend"),
    "C3-level2015-wb-current": (dv.CURRENT, "incl", "covered", 2015),
}
"""How each registered C3 specification maps onto :func:`developing_share`/:func:`share_trends`."""


def proxy_coverage(patents: pd.DataFrame) -> str:
    """The proxy's coverage in words, stated next to every C3 verdict."""
    first, last = coverage(patents)
    cty = patents[(patents["iso3"] != "WLD") & patents["applications"].notna()]
    per_year = cty.groupby("year")["iso3"].nunique()
    return (
        f"proxy coverage: CSET/OWID AI patent applications of {per_year.min()}-{per_year.max()} "
        f"economies a year ({cty['iso3'].nunique()} in all), {first}-{last}; shares are of the "
        "covered economies' applications, not of a world total"
    )


def c3_rows(
    patents: pd.DataFrame,
    countries: pd.DataFrame,
    income_groups: pd.DataFrame | None = None,
    *,
    shares: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Ledger rows (:data:`gvc.claims.ledger.LEDGER_COLUMNS`) for every C3 specification:
    trends in ``pts/yr`` (OLS; iid errors and t(n-2) below 15 years, marked indicative), levels
    in ``pct`` (point comparison with the registered tolerance). Without ``income_groups`` the
    historical-classification rows are ``data unavailable``. ``shares``: the
    :func:`developing_share` of the same three tables when already computed."""
    from gvc.claims.families.steps import trend_row
    from gvc.claims.ledger import LEDGER_COLUMNS, ledger_row
    from gvc.claims.registry import get_claim
    from gvc.panels.income_groups import coverage_note

    claim = get_claim("C3")
    if shares is None:
        shares = developing_share(patents, countries, income_groups=income_groups)
    first, last = coverage(patents)
    cover = proxy_coverage(patents)
    carried = "" if income_groups is None else coverage_note(income_groups, range(first, last + 1))
    rows = []
    for spec in claim.specifications:
        definition, china, denominator, stat = C3_SPECS[spec.id]
        words = dv.label(definition, first)
        label = f"{words}; China {china}; denominator {denominator}"
        note_tail = "; ".join(x for x in (cover, carried) if x)
        if definition in (dv.HISTORICAL, dv.BASE_YEAR) and income_groups is None:
            rows.append(
                ledger_row(claim, spec.id, None, note=f"{label}: income_groups table missing")
            )
            continue
        sel = shares[
            (shares["definition"] == definition)
            & (shares["china"] == china)
            & (shares["denominator"] == denominator)
        ]
        if not isinstance(stat, int):
            series = sel.dropna(subset=["share_pct"])
            if series.empty:
                why = (
                    WORLD_UNAVAILABLE
                    if denominator == "world" and not (patents["iso3"] == "WLD").any()
                    else "no data"
                )
                rows.append(ledger_row(claim, spec.id, None, note=f"{label}: {why}"))
                continue
            if stat == "trend":
                r = linear_trend(series, x="year", y="share_pct")
                what = ""
            else:
                r = drop_endpoint_trends(series, x="year", y="share_pct")[stat]
                what = f"sensitivity: {stat} year ({int(r['dropped'])}) dropped; "
            n_lo, n_hi = int(series["n_countries"].min()), int(series["n_countries"].max())
            n_econ = f"{n_lo}-{n_hi} economies" if n_lo != n_hi else f"{n_lo} economies"
            note = (
                f"{what}{label}; {int(r['x_min'])}-{int(r['x_max'])} (claim: 2015-2023); "
                f"{note_tail}"
            )
            if r["indicative"]:
                note = f"{r['method'].split(':')[0]}; {note}; HC3 CI [{r['ci_low_hc3']:.3g}, {r['ci_high_hc3']:.3g}]"
            at = series.loc[series["year"] == claim.scope.level_year, "share_pct"]
            level = float(at.iloc[0]) if len(at) else None  # the claim's 2015 level, this series
            rows.append(trend_row(claim, spec.id, r, note, n_econ, level=level))
            continue
        s_year = sel[sel["year"] == stat]
        if s_year.empty or pd.isna(s_year.iloc[0]["share_pct"]):
            note = f"{stat} outside data coverage {first}-{last}; {cover}"
            rows.append(ledger_row(claim, spec.id, None, note=note))
            continue
        r = s_year.iloc[0]
        rows.append(
            ledger_row(
                claim,
                spec.id,
                r["share_pct"],
                n_obs=r["n_countries"],
                note=f"{label}; {note_tail}",
                sample=f"{int(r['n_countries'])} economies, {stat}",
                level=r["share_pct"] if stat == claim.scope.level_year else None,
            )
        )
    return pd.DataFrame(rows, columns=LEDGER_COLUMNS)
