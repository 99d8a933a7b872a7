"""C3: developing countries' share of AI patent applications, by year and definition.

Inputs:

- ``patents`` panel (``gvc.load("patents")``): ``iso3, year, field, applications_per_million,
  applications, world_share`` (``applications`` = count; ``world_share`` in [0, 1] over the
  covered countries). The processed table has **no World row**: the OWID per-million file's World
  rows are OWID aggregates, which the ETL drops (:func:`gvc.sources.owid.read_ai_patents`). A
  caller-supplied panel with a ``WLD`` row (a World count) enables the ``world`` denominator.
- ``countries`` table (``gvc.load("countries")``): ``iso3, is_country`` and one boolean column per
  definition of "developing" (``developing_wb``: World Bank low and middle income;
  ``developing_m49``: UN M49 developing regions). NA = unclassified (e.g. Taiwan under the World
  Bank definition).

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

from gvc.claims.trend import linear_trend

DEFINITIONS = ("developing_wb", "developing_m49")
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
    definitions: tuple[str, ...] = DEFINITIONS,
    field: str | None = None,
    claim_years: tuple[int, ...] = (2015, 2023),
) -> pd.DataFrame:
    """Developing countries' share of AI patent applications (``pct``) by year.

    One row per definition x China (``incl``/``excl``) x denominator x year (see the module
    docstring), columns :data:`SHARE_COLUMNS`. Claim years outside the data get NaN shares and a
    ``note`` (e.g. "2023 outside data coverage 2014-2019"). Without a ``WLD`` row in ``patents``
    (the case for the processed ``patents`` table) there are no ``world`` rows: that denominator
    is unavailable (:data:`WORLD_UNAVAILABLE`).
    """
    missing = [d for d in definitions if d not in countries.columns]
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
        dev = cty["iso3"].map(flags[definition]).astype("boolean")
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
    """Linear trend of ``share_pct`` over the covered years (``pts/yr``, Newey-West 95% CI) per
    definition x China x denominator, from :func:`developing_share`'s output."""
    keys = ["definition", "china", "denominator"]
    rows = []
    for name, grp in shares.dropna(subset=["share_pct"]).groupby(keys, sort=True):
        res = linear_trend(grp, x="year", y="share_pct", maxlags=maxlags)
        rows.append({**dict(zip(keys, name, strict=True)), **res, "unit": "pts/yr"})
    return pd.DataFrame(rows)


C3_SPECS = {
    # spec id: (definition, china, denominator, statistic: "trend" or a year)
    "C3-trend-wb": ("developing_wb", "incl", "covered", "trend"),
    "C3-level2015-wb": ("developing_wb", "incl", "covered", 2015),
    "C3-level2023": ("developing_wb", "incl", "covered", 2023),
    "C3-trend-wb-exCHN": ("developing_wb", "excl", "covered", "trend"),
    "C3-trend-m49": ("developing_m49", "incl", "covered", "trend"),
    "C3-trend-m49-exCHN": ("developing_m49", "excl", "covered", "trend"),
    "C3-trend-wb-balanced": ("developing_wb", "incl", "balanced", "trend"),
    "C3-trend-wb-world": ("developing_wb", "incl", "world", "trend"),
    "C3-level2015-wb-exCHN": ("developing_wb", "excl", "covered", 2015),
    "C3-level2015-m49": ("developing_m49", "incl", "covered", 2015),
}
"""How each registered C3 specification maps onto :func:`developing_share`/:func:`share_trends`."""


def c3_rows(patents: pd.DataFrame, countries: pd.DataFrame) -> pd.DataFrame:
    """Ledger rows (:data:`gvc.claims.ledger.LEDGER_COLUMNS`) for every C3 specification:
    trends in ``pts/yr`` with Newey-West 95% CIs, levels in ``pct`` (point comparison)."""
    from gvc.claims.ledger import LEDGER_COLUMNS, ledger_row
    from gvc.claims.registry import get_claim

    claim = get_claim("C3")
    shares = developing_share(patents, countries)
    trends = share_trends(shares)
    first, last = coverage(patents)
    rows = []
    for spec in claim.specifications:
        definition, china, denominator, stat = C3_SPECS[spec.id]
        label = f"{definition}, China {china}, denominator {denominator}"
        if stat == "trend":
            t = trends[
                (trends["definition"] == definition)
                & (trends["china"] == china)
                & (trends["denominator"] == denominator)
            ]
            if t.empty:
                why = (
                    WORLD_UNAVAILABLE
                    if denominator == "world" and not (patents["iso3"] == "WLD").any()
                    else "no data"
                )
                rows.append(ledger_row(claim, spec.id, None, note=f"{label}: {why}"))
                continue
            r = t.iloc[0]
            note = f"{label}; {int(r['x_min'])}-{int(r['x_max'])} (claim: 2015-2023); {r['method']}"
            rows.append(
                ledger_row(claim, spec.id, r["slope"], r["ci_low"], r["ci_high"], r["n_obs"], note)
            )
            continue
        s = shares[
            (shares["definition"] == definition)
            & (shares["china"] == china)
            & (shares["denominator"] == denominator)
            & (shares["year"] == stat)
        ]
        if s.empty or pd.isna(s.iloc[0]["share_pct"]):
            note = f"{stat} outside data coverage {first}-{last}"
            rows.append(ledger_row(claim, spec.id, None, note=note))
            continue
        r = s.iloc[0]
        rows.append(ledger_row(claim, spec.id, r["share_pct"], n_obs=r["n_countries"], note=label))
    return pd.DataFrame(rows, columns=LEDGER_COLUMNS)
