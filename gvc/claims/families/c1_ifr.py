"""C1 in its cited design (``C1-ifr-*``): IFR robots by country x WIOD manufacturing industry x
year (``robots_by_industry``, source ``ifr``) against WIOD GVC participation of the same cells
(``gvc_participation``), as in Graetz and Michaels (2018) and Acemoglu and Restrepo (2020).

Outcomes (pct = 100 x fraction): trade-based participation ``gvc_part_trade`` (= exgr_fvash +
dexfvapsh), backward ``exgr_fvash``, forward ``dexfvapsh``, production-based
``gvc_part_prod_fwd`` (Wang et al. 2017).

Regressor, three readings of "1 (percentage) point of density -> -0.8 points":

- (a) ``C1-ifr-pp``: points per 1 robot per 100 workers; density = 100 x stock / persons
  engaged in :data:`BASE_YEAR` (WIOD SEA ``EMP``, table ``employment_by_industry``); data
  unavailable without it.
- (b) ``C1-ifr-semi``: points per 1% of the stock, x = 100 x asinh(stock).
- (c) ``C1-ifr-elast`` (primary): log participation on asinh(stock), an elasticity for stocks
  well above 1.

Zero-robot cells are kept (asinh is defined at zero; dropping them would select on adoption) and
counted in every note. With one base-year denominator, density = stock / L_ci: in logs the
country x industry fixed effects would absorb the denominator exactly; for asinh this holds only
approximately (asinh(s) ~ log(2 s) for large stocks), so (b) and (c) read the stock, not density.

Fixed effects: country x industry, country x year and industry x year; cells weighted by their
:data:`BASE_YEAR` value added. Inference: clustered by country (wild cluster bootstrap, Webb
weights, when fewer than :data:`WILD_BELOW` countries), with CRV1 by country and two-way
(country, industry) CIs in each note.

IV (``C1-ifr-iv``, ``C1-ifr-pp-iv``): the same industry's adoption in a fixed set of leading
adopters (:func:`leading_adopters`, Acemoglu and Restrepo 2020), averaged only in industry-years
where every adopter reports, and estimated without the adopters themselves;
``C1-ifr-iv-loo`` uses the leave-one-out mean over the countries high income in
:data:`REFERENCE_YEAR`. Industry x year effects are left out of the IV: the instrument varies
only by industry and year, so with them it would carry no variation. The IV rows' CI is the
Anderson-Rubin set by wild cluster bootstrap by country (:func:`iv_wild_ar`): robust to a weak
instrument and to few country clusters (unbounded: no CI, so no verdict); two-way (country,
industry) clustering rests on about ten industry clusters, too few for CRV1, so its Wald interval
is in the note for comparison only, as is CRV1 by country. The country clusters do not cover
correlation across countries within an industry-year. ``C1-ifr-iv-trends`` adds industry-specific linear trends (:data:`TRENDS`): a global
industry adoption trend that also moves participation would otherwise pass through the instrument;
each IV note gives both estimates and flags the exclusion restriction when the plain estimate lies
outside the trends row's CI. First-stage, effective (Montiel Olea-Pflueger) and Kleibergen-Paap F
are in the note. Long differences ``C1-ifr-ld-1995`` (1995-2011) and ``C1-ifr-ld-2000``
(2000-2011): change in trade-based participation (pct points) on the change in robots per 100
workers of :data:`BASE_YEAR`, country and industry fixed effects; the 2000-2011 row's note
carries a pre-trend check (1995-2000 change in participation on the 2000-2011 change in robots).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from gvc.claims.families import kit
from gvc.claims.families.common import safe_log
from gvc.claims.verdict import Z80, Z95
from gvc.sources.ifr_industries import MANUFACTURING

MAX_ALLOCATED = 0.30
"""``C1-ifr-elast-lowalloc`` drops country-years where more than this share of the manufacturing
stock was placed by allocation of ALL unspecified robots (explicit unspecified codes such as 99
and unreported remainders of parents: the stored ``unspecified_allocated``). Not
:data:`gvc.sources.ifr_industries.ALLOCATION_WARN`, which caps only the remainders (the
``ifr_files`` warning)."""
WEAK_F = 23.0
"""Effective first-stage F (Montiel Olea-Pflueger) below which an IV row's CI is the weak-IV-robust
Anderson-Rubin set rather than the 2SLS Wald interval (their 5% critical value for a 10% bias with
one instrument, about 23)."""
WILD_BELOW = 50
"""Clusters (countries) below which the wild cluster bootstrap gives the row's CI."""
WILD_REPS = 9_999
"""Wild bootstrap draws for rows that carry a verdict (Monte Carlo error of the bounds stated in
the note)."""
BASE_YEAR = 1995
"""One common base year (the first WIOD 2013 year) for densities and weights: a denominator or
weight from each cell's own first year, or from the current year, would move with adoption."""
WEIGHTS = "w_base"
"""Analytic weights: the cell's value added in :data:`BASE_YEAR` (WIOD, USD million), as
Graetz-Michaels and Acemoglu-Restrepo weight by base-year size."""
ADOPTERS_FILE = Path(__file__).resolve().parent / "data" / "c1_ifr_adopters.csv"
MEASURES = ("gvc_part_trade", "exgr_fvash", "dexfvapsh", "gvc_part_prod_fwd")
LEVELS = ("exgr", "exgr_fva", "dexfvap")
"""TiVA levels (USD million) kept in the panel: trade-based participation of merged industries is
(exgr_fva + dexfvap) / exgr summed over them (:func:`ifr_level_panel`)."""
ORIENTATION = {
    "share_pf_trade": "pure-forward share of GVC trade",
    "share_ts_trade": "two-sided share of GVC trade",
    "share_pb_trade": "pure-backward share of GVC trade",
}
"""Borin-Mancini-Taglioni (2025) tripartite shares (``gvc_participation``, fractions; pct in the
panel): the orientation of a cell's GVC trade, reported as ledger rows without a verdict
(:data:`ORIENT_IDS`: the registry gives them another ``construct``) and in the
``c1_ifr_orientation`` table."""
ORIENT_IDS = {
    "C1-ifr-orient-pf": "share_pf_trade",
    "C1-ifr-orient-ts": "share_ts_trade",
    "C1-ifr-orient-pb": "share_pb_trade",
}
FE3 = "ci + ct + it"
FE_IV = "ci + ct"
TRENDS = "industry-specific linear trends"
"""Added to the IV's FE by ``C1-ifr-iv-trends``: one column ``trend_<industry>`` = 1[industry] x
(year - first year) per industry but the first (country x year FE absorb the common trend). As
explicit regressors: pyfixest 0.60 ignores varying slopes ``industry[year]`` (gvc.feols refuses
them)."""
SOURCE = "IFR World Robotics (user file), WIOD 2013; gvc"
"""The Source line of the C1-ifr figure."""
LD_WINDOWS = {"C1-ifr-ld-1995": (1995, 2011), "C1-ifr-ld-2000": (2000, 2011)}
PRETREND = ((1995, 2000), (2000, 2011))
SEA_FILE = "wiod-sea/Socio_Economic_Accounts_July14.xlsx"
HOW_IFR = (
    "buy IFR World Robotics and place its country x industry x year extract (CSV, XLSX or .dta; "
    "IFR's columns Year, countrycode, country, industrycode, industry, delivered, op_stock) in "
    "data/raw/ifr/, then `gvc build robots_by_industry ifr_files`"
)
HOW_SEA = (
    f"download {SEA_FILE} (WIOD 2013 Socio-Economic Accounts, https://dataverse.nl/api/access/"
    "datafile/199111; `gvc data fetch wiod-sea`), then `gvc build employment_by_industry`"
)


@dataclass(frozen=True)
class Spec:
    """One C1-ifr specification: outcome column, regressor, fixed effects, estimator."""

    y: str
    x: str
    label: str
    iv: bool = False
    needs_employment: bool = False
    trends: bool = False
    """Add industry-specific linear trends (:data:`TRENDS`) to the fixed effects."""
    max_alloc: float | None = None
    ifr_level: bool = False
    """Estimate on IFR industries: the WIOD industries an IFR code is split over merged back
    (:func:`ifr_level_panel`)."""
    exact_only: bool = False
    """Keep only the cells whose robots come from IFR codes that map to one WIOD industry (no
    output-share split, :func:`split_codes`) with the same codes in every year."""
    """Drop country-years whose allocated share of the manufacturing stock exceeds this."""
    weights: str | None = WEIGHTS
    """Analytic weights column (base-year value added of the cell), or None (unweighted)."""
    instrument: str = "adopters"
    """'adopters': mean of the same industry in the leading adopters (:func:`leading_adopters`,
    own country left out); 'loo': leave-one-out mean over the high-income countries."""

    @property
    def fixed_effects(self) -> str:
        fe = FE_IV if self.iv else FE3
        return f"{fe} + {TRENDS}" if self.trends else fe

    @property
    def z(self) -> str:
        return f"{'za' if self.instrument == 'adopters' else 'z'}_{self.x}"


SPECS: dict[str, Spec] = {
    "C1-ifr-elast": Spec(
        "log_gvc_part_trade", "ihs_stock", "(c) log trade-based on asinh stock, weighted"
    ),
    "C1-ifr-elast-unweighted": Spec(
        "log_gvc_part_trade", "ihs_stock", "(c) as C1-ifr-elast, unweighted", weights=None
    ),
    "C1-ifr-elast-lowalloc": Spec(
        "log_gvc_part_trade",
        "ihs_stock",
        "(c) log trade-based on asinh stock, country-years with at most 30% of the manufacturing "
        "stock allocated from unspecified robots",
        max_alloc=MAX_ALLOCATED,
    ),
    "C1-ifr-elast-exact": Spec(
        "log_gvc_part_trade",
        "ihs_stock",
        "(c) as C1-ifr-elast on the cells whose robots come from IFR codes that map to one WIOD "
        "industry, the same codes in every year",
        exact_only=True,
    ),
    "C1-ifr-elast-ifrlevel": Spec(
        "log_gvc_part_trade",
        "ihs_stock",
        "(c) as C1-ifr-elast on IFR industries: the WIOD industries an IFR code is split over "
        "merged back into one cell",
        ifr_level=True,
    ),
    "C1-ifr-pp": Spec(
        "gvc_part_trade",
        "density_100",
        "(a) trade-based pct on robots per 100 workers of the base year",
        False,
        True,
    ),
    "C1-ifr-semi": Spec("gvc_part_trade", "stock_ip", "(b) trade-based pct on 100 x asinh stock"),
    "C1-ifr-backward": Spec("log_exgr_fvash", "ihs_stock", "(c) log backward on asinh stock"),
    "C1-ifr-forward": Spec("log_dexfvapsh", "ihs_stock", "(c) log forward on asinh stock"),
    "C1-ifr-production": Spec(
        "log_gvc_part_prod_fwd", "ihs_stock", "(c) log production-based on asinh stock"
    ),
    "C1-ifr-iv": Spec(
        "log_gvc_part_trade", "ihs_stock", "(c) 2SLS, leading adopters' stock instrument", True
    ),
    "C1-ifr-iv-loo": Spec(
        "log_gvc_part_trade",
        "ihs_stock",
        "(c) 2SLS, leave-one-out instrument over high-income countries",
        True,
        instrument="loo",
    ),
    "C1-ifr-iv-trends": Spec(
        "log_gvc_part_trade",
        "ihs_stock",
        "(c) 2SLS, leading adopters' instrument, industry-specific linear trends",
        True,
        trends=True,
    ),
    "C1-ifr-pp-iv": Spec(
        "gvc_part_trade",
        "density_100",
        "(a) 2SLS, leading adopters' density instrument",
        True,
        True,
    ),
}
ALL_IDS = [*SPECS, *LD_WINDOWS, *ORIENT_IDS]


# ----------------------------------------------------------------------------- the panel
def why_no_ifr(load: kit.Loader) -> str:
    """Why there are no IFR rows: the unreadable files' errors, or that none was supplied."""
    log = kit.try_load(load, "ifr_files")
    if log is not None and (log["status"] == "error").any():
        bad = log[log["status"] == "error"]
        return "the IFR file(s) in data/raw/ifr could not be read: " + " | ".join(
            f"{f}: {m}" for f, m in zip(bad["file"], bad["message"], strict=True)
        )
    return "the user's licensed IFR country x industry x year file (none in data/raw/ifr/)"


def leading_adopters() -> list[str]:
    """ISO3 codes of the fixed instrument set (``data/c1_ifr_adopters.csv``: the European
    countries Acemoglu and Restrepo 2020 used)."""
    return sorted(pd.read_csv(ADOPTERS_FILE, dtype=str)["iso3"])


def missing_adopters(panel: pd.DataFrame, x: str) -> list[str]:
    """The leading adopters (:func:`leading_adopters`) without a single value of ``x`` in the
    panel: the adopters' instrument (:func:`adopters_mean`) needs every one of them."""
    have = set(panel.loc[panel[x].notna(), "iso3"].astype(str)) if x in panel else set()
    return [c for c in leading_adopters() if c not in have]


def adopters_missing_text(missing: list[str]) -> tuple[str, str]:
    """(what is missing, what to do) for an adopters-IV row whose instrument countries are
    absent from the user's IFR file."""
    adopters = leading_adopters()
    what = (
        f"the instrument's leading adopters {', '.join(missing)} in the IFR file (the IV "
        f"instruments each industry-year with the mean over all of {', '.join(adopters)}, listed "
        f"in {ADOPTERS_FILE.parent.parent.name}/data/{ADOPTERS_FILE.name}; the file that was read "
        f"has no rows for {'it' if len(missing) == 1 else 'them'})"
    )
    how = (
        "add the missing countries' rows (the same columns) to the IFR extract in data/raw/ifr/ "
        "and run `gvc build robots_by_industry ifr_files`; C1-ifr-iv-loo, instrumented by "
        "high-income countries, does not need them"
    )
    return what, how


def adopters_mean(df: pd.DataFrame, col: str, adopters: list[str]) -> pd.Series:
    """Mean of ``col`` over the leading adopters in the same industry and year, leaving out the
    row's own country (an adopter is instrumented by the other adopters). NaN in industry-years
    where not every adopter has ``col``: a mean over whichever adopters report would jump when
    one enters or leaves (IFR breakdowns start in different years)."""
    a = df[df["iso3"].isin(adopters)]
    g = a.groupby(["industry", "year"])[col]
    total = g.sum().rename("_s")
    count = g.count().rename("_n")
    m = (
        df[["industry", "year"]]
        .join(total, on=["industry", "year"])
        .join(count, on=["industry", "year"])
    )
    own = df[col].where(df["iso3"].isin(adopters) & df[col].notna(), 0.0)
    own_n = (df["iso3"].isin(adopters) & df[col].notna()).astype(float)
    n = m["_n"] - own_n
    complete = m["_n"] >= len(set(adopters))
    return ((m["_s"] - own) / n.where((n > 0) & complete)).astype(float)


def build_panel(
    robots: pd.DataFrame,
    gvcp: pd.DataFrame,
    *,
    employment: pd.DataFrame | None = None,
    high_income: set[str] | None = None,
    gvc_source: str = "wiod2013",
    base_year: int | None = None,
) -> pd.DataFrame:
    """Country x manufacturing industry x year panel of IFR robots and participation.

    ``robots``: ``robots_by_industry`` rows (source ``ifr``, countries only); ``gvcp``:
    ``gvc_participation`` (fractions; ``valu`` in USD million); ``employment``:
    ``employment_by_industry`` (persons); ``high_income``: ISO3 codes of the leave-one-out
    instrument's reference countries. Zero-robot cells are kept. Returns keys, ``ci, ct, it``
    (fixed-effect ids), ``stock`` (units), ``ihs_stock`` (asinh of the stock: defined at zero,
    log(2 x stock) for large stocks), ``stock_ip`` (100 x asinh stock), ``log_stock`` (NaN at
    zero; for comparison only), ``density_100`` (robots per 100 persons engaged in
    ``base_year``; NaN without employment), ``w_base`` (the cell's value added in ``base_year``;
    default :data:`BASE_YEAR`, or the first year both inputs cover when they do not reach it),
    each measure in pct and its log, the instruments ``za_*`` (leading adopters) and ``z_*``
    (leave-one-out over ``high_income``) of ``ihs_stock`` and ``density_100``, and
    ``alloc_share`` (fraction of the country-year's manufacturing stock allocated from
    unspecified robots).
    """
    r = robots[(robots["source"] == "ifr") & robots["is_country"].astype(bool)]
    r = r[r["industry"].isin(MANUFACTURING)]
    keep = ["iso3", "industry", "year", "operational_stock"]
    keep += ["ifr_codes"] if "ifr_codes" in r else []
    r = r[keep].rename(columns={"operational_stock": "stock"})
    g = gvcp[
        (gvcp["source"] == gvc_source)
        & gvcp["measure"].isin([*MEASURES, *ORIENTATION, *LEVELS, "valu"])
    ]
    g = g[g["industry"].isin(MANUFACTURING)]
    wide = g.pivot_table(index=["iso3", "industry", "year"], columns="measure", values="value")
    wide = wide.reset_index()
    wide.columns.name = None
    keys = ["iso3", "industry", "year"]
    for m in [*MEASURES, *ORIENTATION]:
        if m in wide:
            wide[m] = wide[m] * 100.0
    if base_year is None:  # BASE_YEAR, or the first year both sources cover
        both = set(wide["year"]) & set(r["year"])
        base_year = BASE_YEAR if BASE_YEAR in both else min(both, default=BASE_YEAR)
    base_va = wide.loc[wide["year"] == base_year, ["iso3", "industry"]].assign(
        w_base=wide.loc[wide["year"] == base_year, "valu"] if "valu" in wide else np.nan
    )
    wide = wide.drop(columns=["valu"], errors="ignore")
    df = r.astype({"iso3": str, "industry": str}).merge(
        wide.astype({"iso3": str, "industry": str}), on=keys
    )
    df = df.dropna(subset=["stock"])
    df = df.merge(
        base_va.astype({"iso3": str, "industry": str}), on=["iso3", "industry"], how="left"
    )
    df["w_base"] = df["w_base"].where(df["w_base"] > 0)
    # share of the country-year's manufacturing stock placed by allocation (stored column)
    m = robots[(robots["source"] == "ifr") & (robots["industry"] == "MANUF")]
    share = m["unspecified_allocated"] / m["operational_stock"].where(m["operational_stock"] > 0)
    alloc = pd.DataFrame({"iso3": m["iso3"].astype(str), "year": m["year"], "alloc_share": share})
    df = df.merge(alloc.drop_duplicates(["iso3", "year"]), on=["iso3", "year"], how="left")
    df["ihs_stock"] = np.arcsinh(df["stock"].astype(float))
    df["stock_ip"] = 100.0 * df["ihs_stock"]
    df["log_stock"] = safe_log(df["stock"])
    if employment is not None and len(employment):
        e = employment[["iso3", "industry", "year", "employment"]].astype(
            {"iso3": str, "industry": str}
        )
        df = df.merge(e, on=keys, how="left").sort_values(keys)
        # one common base year: a denominator that moves with offshoring (or a cell's own first
        # year, which differs across cells) would build adoption into the regressor
        base = e[e["year"] == base_year].set_index(["iso3", "industry"])["employment"]
        eb = pd.MultiIndex.from_frame(df[["iso3", "industry"]]).map(base.to_dict().get)
        df["employment_base"] = pd.to_numeric(pd.Series(eb, index=df.index), errors="coerce")
        df["employment_base"] = df["employment_base"].where(df["employment_base"] > 0)
        df["density_100"] = 100.0 * df["stock"] / df["employment_base"]
    else:
        df["employment"] = np.nan
        df["density_100"] = np.nan
    for m in MEASURES:
        if m not in df:
            df[m] = np.nan
        df[f"log_{m}"] = safe_log(df[m])
    df["in_reference"] = df["iso3"].isin(high_income) if high_income is not None else True
    df["ci"] = df["iso3"] + "_" + df["industry"]
    df["ct"] = df["iso3"] + "_" + df["year"].astype(str)
    df["it"] = df["industry"] + "_" + df["year"].astype(str)
    from gvc.estimators.robot_exposure import leave_one_out_mean

    adopters = leading_adopters()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # NaN instruments are reported through N in the notes
        for v in ("ihs_stock", "density_100"):
            has = df[v].notna().any()
            df[f"z_{v}"] = leave_one_out_mean(df, v, reference=high_income) if has else np.nan
            df[f"za_{v}"] = adopters_mean(df, v, adopters) if has else np.nan
    df["base_year"] = int(base_year)
    out = df.sort_values(keys).reset_index(drop=True)
    out.attrs["manuf_only"] = manuf_only(robots, wide, r)
    return out


def manuf_only(robots: pd.DataFrame, wide: pd.DataFrame, r: pd.DataFrame) -> str:
    """Country-years (WIOD countries and years) whose IFR stock is manufacturing as a whole only
    (IFR ``D`` without a breakdown: a ``MANUF`` row, no c3..c16 row): they have no industry cells,
    so they are left out, not spread over industries; e.g. ``"3 countries, 14 country-years
    (FIN 1995-1997, ...)"`` or ``""``."""
    m = robots[
        (robots["source"] == "ifr")
        & robots["is_country"].astype(bool)
        & (robots["industry"] == "MANUF")
        & (robots["operational_stock"] > 0)
    ]
    cy = set(zip(m["iso3"].astype(str), m["year"].astype(int), strict=True))
    cy &= set(zip(wide["iso3"].astype(str), wide["year"].astype(int), strict=True))
    cy -= set(zip(r["iso3"].astype(str), r["year"].astype(int), strict=True))
    if not cy:
        return ""
    by = pd.DataFrame(sorted(cy), columns=["iso3", "year"]).groupby("iso3")["year"]
    spans = ", ".join(f"{c} {_years_text(sorted(y))}" for c, y in by)
    return f"{by.ngroups} countries, {len(cy)} country-years ({spans})"


REFERENCE_YEAR = 1995
"""The instrument's reference group: economies the World Bank classified high income for this data
year (OGHIST, fiscal year 1997), the start of WIOD 2013; fixed over the sample, so later growth
(and today's classification) does not choose it."""


def high_income_at(load: kit.Loader, year: int) -> set[str] | None:
    """ISO3 codes classified high income for data ``year`` (table ``income_groups``), or None."""
    groups = kit.try_load(load, "income_groups")
    if groups is None:
        return None
    g = groups[(groups["year"] == year) & (groups["income_group"] == "H")]
    return set(g["iso3"].astype(str)) or None


def load_panel(load: kit.Loader, gvc_source: str = "wiod2013") -> tuple[pd.DataFrame | None, str]:
    """(panel, "") from the processed tables, or (None, what is missing)."""
    robots = kit.try_load(load, "robots_by_industry")
    if robots is None:
        return None, "processed table robots_by_industry (run `gvc build`)"
    if not ((robots["source"] == "ifr") & robots["is_country"].astype(bool)).any():
        return None, why_no_ifr(load)
    gvcp = kit.try_load(load, "gvc_participation")
    if gvcp is None:
        return None, "processed table gvc_participation (WIOD 2013; run `gvc build`)"
    emp = kit.try_load(load, "employment_by_industry")
    df = build_panel(
        robots, gvcp, employment=emp, high_income=high_income_at(load, REFERENCE_YEAR),
        gvc_source=gvc_source,
    )  # fmt: skip
    if df.empty:
        return None, "IFR country x manufacturing industry rows matching WIOD countries and years"
    return df, ""


# ----------------------------------------------------------------------------- estimation
def sample_note(d: pd.DataFrame, years: str | None = None) -> str:
    """Countries, industries, years, observations and clusters of an estimation sample."""
    c = sorted(d["iso3"].unique())
    i = sorted(d["industry"].unique(), key=_industry_order)
    years = years or f"{d['year'].min()}-{d['year'].max()}"
    return (
        f"{len(c)} countries ({', '.join(c)}); {len(i)} industries ({', '.join(i)}); years "
        f"{years}; {len(d)} obs; {len(c)} country clusters"
    )


def _ci(fit, term: str) -> str:
    t = fit.tidy().set_index("term").loc[term]
    return f"[{t['ci_low']:.3f}, {t['ci_high']:.3f}]"


def wild_opts(cluster: str = "iso3") -> dict[str, object]:
    """Wild cluster bootstrap for verdict rows: :data:`WILD_REPS` draws, Webb weights, the
    families' fixed seed."""
    return {
        "wild": {
            "cluster": cluster,
            "reps": WILD_REPS,
            "seed": kit.BOOT_SEED,
            "weights_type": "webb",
        }
    }


def drop_singletons(d: pd.DataFrame, fe: str) -> pd.DataFrame:
    """``d`` without the rows alone in a fixed-effect group of ``fe`` (``"ci + ct + it"``),
    dropped until none is left, as pyfixest and reghdfe drop them."""
    from gvc.estimators.singletons import non_singletons

    return d[non_singletons(d, [f.strip() for f in fe.split("+")])]


def weighted_wild(d: pd.DataFrame, y: str, x: str, fe: str, exog: list[str], weights: str):
    """Wild cluster bootstrap by country of a weighted (WLS) fit with fixed effects ``fe``: the
    restricted bootstrap on the sqrt(weight)-scaled design, where the fixed effects nested in
    the country clusters (country x industry, country x year) are partialled out exactly and
    the others (industry x year) stay as dummies re-estimated in every draw
    (:mod:`gvc.estimators.wild_weighted`). Singletons are dropped as the fixed-effects fit
    drops them; the fit keeps ``iso3``, ``industry`` and ``year`` for the row's sample and
    window."""
    rhs = " + ".join([x, *exog])
    return kit.quiet_feols(f"{y} ~ {rhs} | {fe}", d, wild_opts(), weights=weights)


FEW_CLUSTERS_ADVICE = "CRV1 t(G-1) inference over-rejects"
"""Part of :func:`gvc.estimators.validation.check_clusters`' warning, to drop it from fits whose
CRV1 interval the row does not report."""


WEIGHTED_WILD = (
    "wild cluster bootstrap by country, weighted (FE nested in countries partialled out, "
    "the others re-estimated in each draw)"
)
"""How the rows name :func:`weighted_wild`."""


def fit_spec(panel: pd.DataFrame, spec: Spec) -> tuple[object, pd.DataFrame, str]:
    """Estimate one specification; returns (fit for the row's CI, sample, note on inference)."""
    cols = [spec.y, spec.x, "iso3", "industry", "year", "ci", "ct", "it"]
    if spec.weights:
        cols.append(spec.weights)
    dropped_alloc = ""
    if spec.max_alloc is not None:
        high = panel["alloc_share"] > spec.max_alloc
        cy = panel.loc[high, ["iso3", "year"]].drop_duplicates()
        n_cy = len(panel[["iso3", "year"]].drop_duplicates())
        dropped_alloc = (
            f"dropped {len(cy)} of {n_cy} country-years ({int(high.sum())} obs) whose allocated "
            f"share of the manufacturing stock exceeds {spec.max_alloc:.0%}"
        )
        panel = panel[~high]
    if spec.exact_only:
        panel, kept = exact_cells(panel)
        dropped_alloc = kept
    if spec.ifr_level:
        panel, dropped_alloc = ifr_level_panel(panel)
    z = spec.z
    if spec.iv:
        cols.append(z)
    extra = [c for c in ("stock", "in_reference", "ifr_codes") if c in panel]
    d = panel.dropna(subset=cols)[[*dict.fromkeys([*cols, *extra])]]
    d = d.replace([np.inf, -np.inf], np.nan).dropna(subset=cols)
    left_out = ""
    if spec.iv and spec.instrument == "adopters":
        # as Acemoglu and Restrepo: the instrument countries are not in the estimation sample
        # (instrumented by each other, their common shocks would enter the instrument)
        adopters = leading_adopters()
        left_out = f"the leading adopters ({', '.join(adopters)}) left out of the sample"
        d = d[~d["iso3"].isin(adopters)]
    d, trend_cols = add_industry_trends(d) if spec.trends else (d, [])
    fe = FE_IV if spec.iv else FE3
    exog = " + ".join(trend_cols) or "1"
    if spec.iv:
        formula = f"{spec.y} ~ {exog} | {fe} | {spec.x} ~ {z}"
    else:
        formula = f"{spec.y} ~ {spec.x} + {exog} | {fe}"
    n_c = d["iso3"].nunique()
    w = {"weights": spec.weights} if spec.weights else {}
    crv = kit.quiet_feols(formula, d, {"CRV1": "iso3"}, **w)
    _, two_text, _ = two_way_fit(spec, d, formula, trend_cols)
    notes = [f"CRV1 by country {_ci(crv, spec.x)}", two_text]
    zeros = int((d["stock"] == 0).sum())
    base = int(panel["base_year"].iloc[0]) if "base_year" in panel and len(panel) else BASE_YEAR
    notes.insert(
        0,
        f"{zeros} of {len(d)} cells have zero robots (kept: asinh and levels are defined at zero; "
        "dropping them would select on adoption)"
        if spec.x != "density_100"
        else f"{zeros} of {len(d)} cells have zero robots (kept)",
    )
    notes.insert(
        0,
        f"weighted by the cell's {base} value added (USD million)"
        if spec.weights
        else "unweighted",
    )
    if not spec.iv and not spec.ifr_level:  # merged cells have no split codes left
        notes.append(stable_codes_note(d, formula, spec))
    if (
        not spec.iv
        and spec.x == "ihs_stock"
        and spec.max_alloc is None
        and not (spec.exact_only or spec.ifr_level)
    ):
        notes.append(units_note(d, spec))
        notes.append(lead_note(panel, d, spec))
    if dropped_alloc:
        notes.insert(0, dropped_alloc)
    if left_out:
        notes.insert(0, left_out)
    main = crv
    if not spec.iv and n_c < WILD_BELOW:
        if spec.weights:
            main = weighted_wild(d, spec.y, spec.x, fe, trend_cols, spec.weights)
            how = WEIGHTED_WILD
        else:
            main = kit.quiet_feols(formula, d, wild_opts())
            how = "wild cluster bootstrap by country"
        notes.insert(0, f"{how} {_ci(main, spec.x)} (row CI)")
    if spec.iv:
        fs = crv.first_stage.get(spec.x, {})
        main = crv
        # the row's CI is the wild bootstrap AR set, not this CRV1 fit's: its few-clusters
        # advice ("consider vcov={'wild': ...}") does not apply to the row
        main.notes[:] = [n for n in main.notes if FEW_CLUSTERS_ADVICE not in n]
        ar, ar_fail = iv_wild_ar(spec, d, fe, trend_cols)
        eff_f = float(fs.get("effective_f", np.nan))
        weak = not eff_f >= WEAK_F
        bounded = ar is not None and ar.bounded
        lo, hi = (ar.low, ar.high) if bounded else (np.nan, np.nan)
        n_ind = d["industry"].nunique()
        weak_text = f"weak instrument, effective F {eff_f:.1f} < {WEAK_F:g}"
        main.gvc_row_ci = (
            lo,
            hi,
            f"wild bootstrap Anderson-Rubin set by country ({n_c} clusters)"
            + (f"; {weak_text}" if weak else ""),
        )
        head = (
            (f"WEAK INSTRUMENT ({weak_text.split(', ', 1)[1]}): " if weak else "")
            + (
                f"the row's CI is the weak-IV-robust {ar} by country ({WILD_REPS:,} Webb draws, "
                "null imposed, one fit of y - b0 x on the instrument per null b0)"
                if bounded
                else "the wild bootstrap Anderson-Rubin set is unbounded, empty or not "
                f"estimable{f' ({ar})' if ar is not None else ''}, so the row has no CI"
            )
            + "; clustered by country, it does not cover correlation across countries within "
            "an industry-year (the instrument varies by industry x year only); the 2SLS Wald "
            f"intervals below are for comparison only (two-way clustering rests on {n_ind} "
            "industry clusters, too few for CRV1)"
        )
        notes.insert(0, head)
        if ar_fail:
            notes.insert(1, ar_fail)
        if spec.instrument == "adopters":
            adopters = leading_adopters()
            notes.append(
                f"instrument: mean {spec.x} of the same industry in the leading adopters "
                f"{', '.join(adopters)} (Acemoglu and Restrepo 2020), own country left out"
                + adopters_gap_note(panel, spec.x, adopters)
            )
        else:
            ref = sorted(panel.loc[panel["in_reference"].astype(bool), "iso3"].unique())
            notes.append(
                f"instrument: leave-one-out mean over {len(ref)} high-income countries in "
                f"{REFERENCE_YEAR} (World Bank historical classification) ({', '.join(ref)})"
            )
        notes.append(
            "first-stage F {:.1f}, effective F {:.1f}, Kleibergen-Paap F {:.1f} (one instrument: "
            "equal up to the variance estimator; Montiel Olea-Pflueger 5% critical value for a "
            "10% bias ~23)".format(
                fs.get("first_stage_f", np.nan),
                fs.get("effective_f", np.nan),
                fs.get("kp_rk_wald_f", np.nan),
            )
        )
        # the same estimand without the instrument, and the reduced form: without industry x
        # year effects, global industry shocks load on both; compare before reading the IV
        ols_same_fe = kit.quiet_feols(
            f"{spec.y} ~ {spec.x} + {exog} | {fe}", d, {"CRV1": "iso3"}, **w
        )
        reduced = kit.quiet_feols(f"{spec.y} ~ {z} + {exog} | {fe}", d, {"CRV1": "iso3"}, **w)
        b_ols = ols_same_fe.tidy().set_index("term").loc[spec.x, "estimate"]
        b_rf = reduced.tidy().set_index("term").loc[z, "estimate"]
        notes.append(
            f"OLS with the IV's fixed effects ({spec.fixed_effects}) {b_ols:.3f} {_ci(ols_same_fe, spec.x)}; "
            f"reduced form {b_rf:.3f} {_ci(reduced, z)}; exclusion fails if global industry "
            "shocks move participation directly: read against C1-ifr-elast, which absorbs them"
        )
        notes.append(exclusion_check(spec, d, crv))
    return main, d, "; ".join(notes)


def bootstrap_power(fit, term: str) -> dict[str, object]:
    """``{"mde", "mde_how"}`` for the power statement of a row whose CI is a wild bootstrap's
    test inversion, ``{}`` for other fits. The normal-theory MDE (0.71 x the width) assumes a
    symmetric normal interval; an inverted bootstrap test with few clusters gives neither (its
    p-value curve can stay flat far from the estimate, and the draws' power under a shifted
    truth depends on which residuals are resampled: on the Japan rows it said 2.2 where the
    interval reaches 6.7 from the estimate). So the MDE stays the normal-theory conversion,
    taken on the farther half of the interval (1.43 x the larger of estimate - low and
    high - estimate, never below 0.71 x width), and is stated as approximate; the bootstrap
    p-value at 0 is given beside it."""
    boot = getattr(fit, "bootstrap", {}).get(term)
    if not boot:
        return {}
    t = fit.tidy().set_index("term").loc[term]
    est, lo, hi = (float(t[k]) for k in ("estimate", "ci_low", "ci_high"))
    half = max(est - lo, hi - est)
    return {
        "mde": (Z95 + Z80) / Z95 * half,
        "mde_how": "approximate: normal-theory conversion of the farther half of a wild "
        f"bootstrap test-inversion interval, which is not normal; bootstrap p at 0 = "
        f"{boot['test'].p_value(0.0):.3g}",
    }


AR_POWER = (
    "approximate: normal-theory conversion of the width of a wild bootstrap Anderson-Rubin "
    "set, which is not a normal interval"
)
"""How the IV rows' power statement is qualified."""


def iv_wild_ar(spec: Spec, d: pd.DataFrame, fe: str, trend_cols: list[str]):
    """(wild bootstrap Anderson-Rubin set by country, "") for an IV row, or (None, why not)
    (:func:`gvc.estimators.wild_ar.wild_anderson_rubin`, :data:`WILD_REPS` Webb draws, the
    families' seed, the row's weights, fixed effects and trends)."""
    from gvc.estimators.wild_ar import wild_anderson_rubin

    try:
        ar = wild_anderson_rubin(
            d, spec.y, spec.x, spec.z, fe=tuple(f.strip() for f in fe.split("+")),
            exog=tuple(trend_cols), cluster="iso3", weights=spec.weights, reps=WILD_REPS,
            seed=kit.BOOT_SEED, weights_type="webb",
        )  # fmt: skip
    except kit.RECOVERABLE as exc:
        return None, f"wild bootstrap Anderson-Rubin set not estimable ({exc})"
    return ar, ""


def adopters_gap_note(panel: pd.DataFrame, x: str, adopters: list[str]) -> str:
    """``"; no instrument in K of N industry-years: not every adopter reports (FIN 1995-1997,
    ...)"`` or ``""``: :func:`adopters_mean` needs every adopter, so an adopter without the
    industry in a year (a manufacturing-only year, a late breakdown) removes that industry-year
    from the IV sample of every country."""
    a = panel[panel["iso3"].isin(adopters)].dropna(subset=[x])
    iy = panel[["industry", "year"]].drop_duplicates()
    have = a.groupby(["industry", "year"])["iso3"].nunique()
    full = set(have.index[have >= len(set(adopters))])
    gaps = [k for k in iy.itertuples(index=False, name=None) if k not in full]
    if not gaps:
        return ""
    present = set(zip(a["iso3"], a["industry"], a["year"], strict=True))
    who: dict[str, set[int]] = {}
    for ind, yr in gaps:
        for c in adopters:
            if (c, ind, yr) not in present:
                who.setdefault(c, set()).add(int(yr))
    missing = ", ".join(f"{c} {_years_text(sorted(y))}" for c, y in sorted(who.items()))
    return (
        f"; no instrument in {len(gaps)} of {len(iy)} industry-years, where not every adopter "
        f"reports the industry ({missing})"
    )


def _years_text(years: list[int]) -> str:
    """``[1995, 1996, 1997, 2001]`` -> ``"1995-1997, 2001"``."""
    runs, start = [], years[0]
    for a, b in zip(years, [*years[1:], None], strict=True):
        if b != a + 1:
            runs.append(f"{start}-{a}" if a > start else f"{a}")
            start = b
    return ", ".join(runs)


def _industry_order(code: str) -> int:
    """``c12`` and ``c12+c13`` -> 12 (the first WIOD industry's number)."""
    return int(code[1:].split("+")[0])


def ifr_groups() -> dict[str, str]:
    """WIOD manufacturing industry -> its IFR industry cell: the industries an IFR code is split
    over (the concordance's split codes) share one cell named ``c12+c13``; others keep their own
    (e.g. ``{"c12": "c12+c13", "c13": "c12+c13", "c4": "c4+c5", ...}``)."""
    from gvc.sources.ifr_industries import concordance

    conc = concordance()
    conc = conc[conc["ifr_code"].isin(split_codes()) & conc["wiod"].isin(MANUFACTURING)]
    parent = {w: w for w in MANUFACTURING}

    def root(w: str) -> str:
        while parent[w] != w:
            w = parent[w]
        return w

    for _, g in conc.groupby("ifr_code"):
        ws = sorted(g["wiod"], key=_industry_order)
        for w in ws[1:]:
            parent[root(w)] = root(ws[0])
    members: dict[str, list[str]] = {}
    for w in MANUFACTURING:
        members.setdefault(root(w), []).append(w)
    return {w: "+".join(sorted(ms, key=_industry_order)) for ms in members.values() for w in ms}


def ifr_level_panel(panel: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The panel on IFR industries (:func:`ifr_groups`): stocks, base-year value added and the
    TiVA levels summed over the merged WIOD industries, trade-based participation recomputed
    from them (100 x (exgr_fva + dexfvap) / exgr, the same formula as at WIOD level), so a split
    code's robots meet the participation of the industries they were split over; and a note."""
    groups = ifr_groups()
    merged = sorted({g for g in groups.values() if "+" in g}, key=_industry_order)
    df = panel.assign(industry=panel["industry"].map(groups).fillna(panel["industry"]))
    keys = ["iso3", "industry", "year"]
    sums = ["stock", "w_base", *LEVELS]
    missing = [c for c in sums if c not in df]
    if missing:
        from gvc.errors import DataError

        raise DataError(f"the panel has no {missing} to merge industries with")
    g = df.groupby(keys, sort=True)
    out = g[sums].sum(min_count=1)
    n = g.size()
    full = g[sums].count().min(axis=1) == n  # every member cell has every value
    out = out[full].reset_index()
    if "ifr_codes" in df:
        codes = g["ifr_codes"].agg(
            lambda c: "|".join(sorted(set("|".join(c.dropna()).split("|")) - {""}))
        )
        out = out.merge(codes.rename("ifr_codes").reset_index(), on=keys, how="left")
    out["in_reference"] = out["iso3"].isin(panel.loc[panel["in_reference"].astype(bool), "iso3"])
    out["w_base"] = out["w_base"].where(out["w_base"] > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["gvc_part_trade"] = 100.0 * (out["exgr_fva"] + out["dexfvap"]) / out["exgr"]
    out["log_gvc_part_trade"] = safe_log(out["gvc_part_trade"])
    out["ihs_stock"] = np.arcsinh(out["stock"].astype(float))
    out["ci"] = out["iso3"] + "_" + out["industry"]
    out["ct"] = out["iso3"] + "_" + out["year"].astype(str)
    out["it"] = out["industry"] + "_" + out["year"].astype(str)
    out["base_year"] = (
        panel["base_year"].iloc[0] if "base_year" in panel and len(panel) else BASE_YEAR
    )
    note = (
        f"IFR industries: {', '.join(merged)} merged (the WIOD industries an IFR code is split "
        "over by output shares), robots, base-year value added and the TiVA levels summed, "
        "participation = 100 x (exgr_fva + dexfvap) / exgr of the merged cell"
    )
    return out, note


def exact_cells(panel: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The panel's cells whose IFR codes are never split over WIOD industries and are the same
    in every year (where a cell's stock is the IFR figure itself, not a share of a parent), and
    a note saying how many of how many cells that keeps."""
    if "ifr_codes" not in panel or panel["ifr_codes"].isna().all():
        return panel, "no IFR codes recorded: every cell kept"
    bad_row = _from_split_codes(panel["ifr_codes"]) | panel["ifr_codes"].fillna("").eq("")
    per_cell = (
        panel.assign(_bad=bad_row)
        .groupby("ci")
        .agg(_bad=("_bad", "any"), _n=("ifr_codes", "nunique"))
    )
    keep = per_cell.index[~per_cell["_bad"] & (per_cell["_n"] == 1)]
    out = panel[panel["ci"].isin(keep)]
    return out, (
        f"kept {len(keep)} of {len(per_cell)} country x industry cells: those fed by IFR codes "
        "that map to one WIOD industry, the same codes in every year"
    )


def stable_codes_note(d: pd.DataFrame, formula: str, spec: Spec) -> str:
    """How many country x industry cells change the IFR codes behind them over the years (a
    country that starts reporting finer codes moves robots between WIOD industries within a
    cell: variation that is not adoption), and the estimate without them (CRV1 by country)."""
    if "ifr_codes" not in d or d["ifr_codes"].isna().all():
        return ""
    n_codes = d.groupby("ci")["ifr_codes"].nunique(dropna=False)
    moving = n_codes.index[n_codes > 1]
    split = split_codes_note(d, formula, spec, moving)
    if not len(moving):
        return f"the IFR codes behind each of the {len(n_codes)} country x industry cells are the same in every year{split}"
    text = (
        f"{len(moving)} of {len(n_codes)} country x industry cells change the IFR codes behind "
        "them over the years (finer codes reported later move robots between WIOD industries)"
    )
    stable = d[~d["ci"].isin(moving)]
    try:
        b = _coef_text(_subset_fit(formula, stable, spec), spec.x)
    except (*kit.RECOVERABLE, KeyError) as exc:
        return f"{text}; without them not estimable ({exc}){split}"
    return f"{text}; without them {b} (CRV1 by country){split}"


def split_codes_note(d: pd.DataFrame, formula: str, spec: Spec, moving=()) -> str:
    """``"; K of N cells take robots from an IFR code split over several WIOD industries ...;
    without them and the cells whose codes change b [lo, hi]"`` or ``""``: a split code
    (:func:`split_codes`: 13-15, 16, 19-22, 24-28, P) gives each WIOD child a fixed share (the
    country's 1995 output) of the parent, so the children share the parent's growth, not their
    own. ``moving``: the cells whose codes change (:func:`stable_codes_note`), also left out."""
    cells = d.loc[_from_split_codes(d["ifr_codes"]), "ci"].unique()
    if not len(cells):
        return ""
    text = (
        f"; {len(cells)} of {d['ci'].nunique()} cells take robots from an IFR code split over "
        "several WIOD industries by the country's 1995 output (the children share the parent's "
        "growth, not their own)"
    )
    rest = d[~d["ci"].isin(cells) & ~d["ci"].isin(moving)]
    try:
        b = _coef_text(_subset_fit(formula, rest, spec), spec.x)
    except (*kit.RECOVERABLE, KeyError) as exc:
        return f"{text}; without them and the cells whose codes change not estimable ({exc})"
    return f"{text}; without them and the cells whose codes change {b} (CRV1 by country)"


def _from_split_codes(codes: pd.Series) -> pd.Series:
    """Rows whose IFR codes (``a|b|...``) include one split over several WIOD industries."""
    split = split_codes()
    return codes.fillna("").str.split("|").map(lambda c: bool(split & set(c)))


def _subset_fit(formula: str, sub: pd.DataFrame, spec: Spec):
    """CRV1-by-country fit of ``formula`` on a subset of cells, or a DataError when fewer than
    10 cells, 2 countries or 2 industries are left once singletons of the fixed effects go (a
    note's side estimate on such a remnant would say nothing)."""
    from gvc.errors import DataError

    left = drop_singletons(sub, FE3)
    if len(left) < 10 or left["iso3"].nunique() < 2 or left["industry"].nunique() < 2:
        raise DataError(f"{len(left)} cells left once fixed-effect singletons go")
    w = {"weights": spec.weights} if spec.weights else {}
    return kit.quiet_feols(formula, left, {"CRV1": "iso3"}, **w)


def _coef_text(fit, term: str) -> str:
    """``"-0.801 [-0.812, -0.790]"``: the estimate and its 95% CI (:func:`_ci`)."""
    return f"{fit.tidy().set_index('term').loc[term, 'estimate']:.3f} {_ci(fit, term)}"


def split_codes() -> set[str]:
    """IFR codes the concordance splits over several WIOD industries (by output shares)."""
    from gvc.sources.ifr_industries import concordance

    n = concordance().groupby("ifr_code")["wiod"].nunique()
    return set(n.index[n > 1])


UNITS_CHECK = 100.0
"""Robots per unit of the stock in :func:`units_note` (hundreds of robots)."""


def units_note(d: pd.DataFrame, spec: Spec) -> str:
    """asinh is not unit-free where stocks are zero or small (Chen and Roth 2024, QJE): the
    estimate with the stock counted in hundreds of robots (:data:`UNITS_CHECK`), and how many
    cells hold fewer than 10 robots. Close estimates: the zeros and small stocks do not drive
    the elasticity."""
    small = int((d["stock"] < 10).sum())
    dd = d.assign(_ihs_units=np.arcsinh(d["stock"].astype(float) / UNITS_CHECK))
    w = {"weights": spec.weights} if spec.weights else {}
    try:
        fit = kit.quiet_feols(f"{spec.y} ~ _ihs_units | {FE3}", dd, {"CRV1": "iso3"}, **w)
        est = _coef_text(fit, "_ihs_units")
    except (*kit.RECOVERABLE, KeyError) as exc:
        est = f"not estimable ({exc})"
    return (
        f"units check (Chen and Roth 2024): with the stock in hundreds of robots {est} (CRV1 by "
        f"country); {small} of {len(d)} cells hold fewer than 10 robots"
    )


LEAD_MATERIAL = 0.1
"""A lead is flagged when its CI excludes 0 and it is at least this share of this year's
coefficient: with thousands of cells a lead of -0.005 beside -0.79 (noise in the stocks leaking
to the correlated lead, as in the planted tests) is 'significant' but not a pre-trend."""


def lead_note(panel: pd.DataFrame, d: pd.DataFrame, spec: Spec) -> str:
    """A pre-trend test in the panel: next year's asinh stock added to the regression (same FE,
    weights, CRV1 by country). Participation that moves before the robots arrive (a lead whose
    CI excludes 0 and whose size is at least :data:`LEAD_MATERIAL` of this year's coefficient)
    is flagged: adoption may follow participation."""
    nxt = panel[["iso3", "industry", "year", spec.x]].assign(year=panel["year"] - 1)
    dd = d.merge(
        nxt.rename(columns={spec.x: "_lead"}), on=["iso3", "industry", "year"], how="inner"
    )
    w = {"weights": spec.weights} if spec.weights else {}
    try:
        fit = kit.quiet_feols(f"{spec.y} ~ {spec.x} + _lead | {FE3}", dd, {"CRV1": "iso3"}, **w)
        t = fit.tidy().set_index("term").loc["_lead"]
    except (*kit.RECOVERABLE, KeyError) as exc:
        return f"lead test not estimable ({exc})"
    text = (
        f"lead test: next year's asinh stock {_coef_text(fit, '_lead')}, this year's "
        f"{_coef_text(fit, spec.x)} (CRV1 by country, {fit.nobs} obs)"
    )
    b = float(fit.tidy().set_index("term").loc[spec.x, "estimate"])
    if (t["ci_low"] > 0 or t["ci_high"] < 0) and abs(t["estimate"]) >= LEAD_MATERIAL * abs(b):
        text += (
            ": PRE-TREND, participation moves with next year's robots given this year's; "
            "adoption may respond to participation (read the verdict with care)"
        )
    return text


def two_way_fit(spec: Spec, d: pd.DataFrame, formula: str, trend_cols: list[str]):
    """The fit clustered by country and industry, its note text, and the (data, fixed effects,
    exogenous columns) on which it was run (for the Anderson-Rubin set of the same model); the
    fit is None when it cannot be estimated. With industry trends their own two-way variance is
    singular (each varies within one industry cluster), so they are partialled out of y, x and
    z first (Frisch-Waugh: same point estimate; the degrees of freedom ignore the trends)."""
    vc = {"CRV1": "iso3 + industry"}
    w = {"weights": spec.weights} if spec.weights else {}
    fe = FE_IV if spec.iv else FE3
    if not trend_cols:
        try:
            two = kit.quiet_feols(formula, d, vc, **w)
        except kit.RECOVERABLE as exc:
            return None, f"two-way (country, industry) CI not estimable ({exc})", (d, fe, ())
        return two, f"two-way (country, industry) {_ci(two, spec.x)}", (d, fe, ())
    rhs = " + ".join(trend_cols)
    keep = ["iso3", "industry", "year", "ci", *([spec.weights] if spec.weights else [])]
    r = d[keep].copy()
    for v in (spec.y, spec.x, *([spec.z] if spec.iv else [])):
        r[v] = kit.quiet_feols(f"{v} ~ {rhs} | {fe}", d, "iid", drop_singletons=False, **w).resid()
    # the residuals are orthogonal to ci already: absorbing it again only removes the intercept
    iv_part = f" | {spec.x} ~ {spec.z}" if spec.iv else ""
    f = f"{spec.y} ~ {'1' if spec.iv else spec.x} | ci{iv_part}"
    try:
        two = kit.quiet_feols(f, r, vc, **w)
    except kit.RECOVERABLE as exc:
        return None, f"two-way (country, industry) CI not estimable ({exc})", (r, "ci", ())
    text = f"two-way (country, industry), trends and FE partialled out {_ci(two, spec.x)}"
    return two, text, (r, "ci", ())


def add_industry_trends(d: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """``d`` with one linear-trend column per industry but the first (:data:`TRENDS`)."""
    inds = sorted(d["industry"].unique(), key=lambda s: int(s[1:]))
    t = (d["year"] - d["year"].min()).astype(float)
    cols = {f"trend_{i}": t.where(d["industry"] == i, 0.0) for i in inds[1:]}
    return d.assign(**cols), list(cols)


def exclusion_check(spec: Spec, d: pd.DataFrame, fit) -> str:
    """The 2SLS estimate with and without industry-specific linear trends, and a flag when the
    plain estimate lies outside the trends fit's 95% CI (CRV1 by country): the trends model nests
    the plain one and rejects it, so the leave-one-out instrument carries global industry trends
    that also move participation (exclusion restriction at risk)."""
    from dataclasses import replace

    other_spec = replace(spec, trends=not spec.trends)
    dd, cols = add_industry_trends(d) if other_spec.trends else (d, [])
    formula = f"{spec.y} ~ {' + '.join(cols) or '1'} | {FE_IV} | {spec.x} ~ {spec.z}"
    w = {"weights": spec.weights} if spec.weights else {}
    try:
        other = kit.quiet_feols(formula, dd, {"CRV1": "iso3"}, **w)
    except kit.RECOVERABLE as exc:
        return f"2SLS with fixed effects {other_spec.fixed_effects} not estimable ({exc})"
    t_own = fit.tidy().set_index("term").loc[spec.x]
    t_oth = other.tidy().set_index("term").loc[spec.x]
    plain, trend = (t_oth, t_own) if spec.trends else (t_own, t_oth)
    text = (
        f"2SLS without industry trends ({FE_IV}) {plain['estimate']:.3f}, with {TRENDS} "
        f"{trend['estimate']:.3f} [{trend['ci_low']:.3f}, {trend['ci_high']:.3f}]"
    )
    if not trend["ci_low"] <= plain["estimate"] <= trend["ci_high"]:
        text += (
            ": EXCLUSION AT RISK, the plain IV lies outside the trends row's 95% CI, so the "
            "instrument carries global industry trends that also move participation; prefer "
            "C1-ifr-iv-trends and C1-ifr-elast (industry x year FE) to C1-ifr-iv"
        )
    return text


def long_difference(panel: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    """One row per country x industry: ``d_part`` (change in trade-based participation, pct
    points), ``d_density`` (change in robots per 100 workers of :data:`BASE_YEAR`; the change
    in density, not in log stock, which explodes from small bases) and ``w_base``."""
    a = panel[panel["year"] == start].set_index(["iso3", "industry"])
    b = panel[panel["year"] == end].set_index(["iso3", "industry"])
    common = a.index.intersection(b.index)
    d = pd.DataFrame(index=common)
    d["d_part"] = b.loc[common, "gvc_part_trade"] - a.loc[common, "gvc_part_trade"]
    d["d_density"] = b.loc[common, "density_100"] - a.loc[common, "density_100"]
    d["d_ihs_stock"] = b.loc[common, "ihs_stock"] - a.loc[common, "ihs_stock"]
    d["w_base"] = a.loc[common, "w_base"]
    d = d.replace([np.inf, -np.inf], np.nan).dropna(subset=["d_part"]).reset_index()
    d["year"] = end
    return d


def fit_long_difference(panel: pd.DataFrame, start: int, end: int):
    from gvc.estimators.errors import SpecificationError

    d = long_difference(panel, start, end).dropna(subset=["d_density", WEIGHTS])
    if d["iso3"].nunique() < 2:
        raise SpecificationError(f"fewer than two countries observed in both {start} and {end}")
    if d["iso3"].nunique() < WILD_BELOW:
        fit = weighted_wild(d, "d_part", "d_density", "iso3 + industry", [], WEIGHTS)
    else:
        fit = kit.quiet_feols(
            "d_part ~ d_density | iso3 + industry", d, {"CRV1": "iso3"}, weights=WEIGHTS
        )
    return fit, d


def pretrend(panel: pd.DataFrame) -> tuple[object | None, str]:
    """Pre-trend check: the 1995-2000 change in participation (pct points) on the 2000-2011
    change in density (country and industry FE, base-year weights, as the long differences). A
    slope far from 0 means industries adopting more robots were already on different
    participation paths."""
    (p0, p1), (r0, r1) = PRETREND
    pre = long_difference(panel, p0, p1)[["iso3", "industry", "d_part"]]
    post = long_difference(panel, r0, r1)[["iso3", "industry", "d_density", "w_base"]]
    d = pre.merge(post, on=["iso3", "industry"]).dropna()
    if d["iso3"].nunique() < 2:
        return None, f"pre-trend check not estimable (no cells observed in {p0}, {p1} and {r1})"
    try:
        fit = kit.quiet_feols(
            "d_part ~ d_density | iso3 + industry", d, {"CRV1": "iso3"}, weights=WEIGHTS
        )
    except kit.RECOVERABLE as exc:
        return None, f"pre-trend check not estimable ({exc})"
    t = fit.tidy().iloc[0]
    return fit, (
        f"pre-trend check: {p0}-{p1} change in participation on {r0}-{r1} change in density "
        f"{t['estimate']:.3f} [{t['ci_low']:.3f}, {t['ci_high']:.3f}], p = "
        f"{t['p_value']:.3g}, {fit.nobs} country-industries"
    )


def unavailable_rows(claim, why: str) -> list[dict]:
    """A ``data unavailable`` row for every ``C1-ifr-*`` specification, naming ``why`` and how
    to supply the IFR file."""
    return [kit.unavailable(claim, sid, why, HOW_IFR) for sid in ALL_IDS]


def unavailable_summary(why: str) -> str:
    """The result sentence when there is no C1-ifr panel."""
    return f"C1-ifr: data unavailable ({why[:200]})."


def allocation_note(panel: pd.DataFrame, ifr_log: pd.DataFrame | None = None) -> str:
    """How much of the stocks allocation placed: country-years where more than
    :data:`MAX_ALLOCATED` of the manufacturing stock was allocated from any unspecified robots
    (stored ``unspecified_allocated``), and the ``ifr_files`` warnings about the unreported
    remainders of parents alone (:data:`gvc.sources.ifr_industries.ALLOCATION_WARN`)."""
    cy = panel.drop_duplicates(["iso3", "year"])
    share = cy["alloc_share"].dropna()
    only = panel.attrs.get("manuf_only", "")
    only = (
        f"; IFR reports manufacturing only as a whole (D, no industry breakdown) in {only}: "
        "no industry cells, left out (not spread over industries)"
        if only
        else ""
    )
    if share.empty:
        return only[2:]
    over = int((share > MAX_ALLOCATED).sum())
    text = (
        "allocation: robots allocated from unspecified codes and unreported remainders are "
        f"{share.median():.0%} of the manufacturing stock in the median country-year (max "
        f"{share.max():.0%}); {over} of {len(share)} country-years exceed {MAX_ALLOCATED:.0%}"
    )
    if over:
        text = "WARNING " + text + " (C1-ifr-elast-lowalloc drops them)"
    if ifr_log is not None and len(ifr_log):
        warns = [
            f"{f}: {m[m.index('warning:') :]}"
            for f, m in zip(ifr_log["file"], ifr_log["message"], strict=True)
            if "; warning:" in str(m)
        ]
        text += "".join(f"; ifr_files {w}" for w in warns)
    return text + only


def estimate_rows(
    claim, panel: pd.DataFrame, ifr_log: pd.DataFrame | None = None
) -> tuple[list[dict], dict[str, object]]:
    """Ledger rows of every ``C1-ifr-*`` specification and the fits behind them (by id).

    ``panel``: :func:`load_panel`'s frame; ``ifr_log``: the ``ifr_files`` table, whose
    allocation warnings go into every note."""
    rows, fits = [], {}
    alloc = allocation_note(panel, ifr_log)
    for sid, spec in SPECS.items():
        if spec.needs_employment and panel["density_100"].notna().sum() == 0:
            rows.append(
                kit.unavailable(
                    claim, sid, f"employment by country x industry: {SEA_FILE}", HOW_SEA
                )
            )
            continue
        gone = missing_adopters(panel, spec.x) if spec.iv and spec.instrument == "adopters" else []
        if gone:
            rows.append(kit.unavailable(claim, sid, *adopters_missing_text(gone)))
            continue
        try:
            fit, d, inf = fit_spec(panel, spec)
        except kit.RECOVERABLE as exc:
            rows.append(kit.unavailable(claim, sid, f"estimable panel ({exc})", HOW_IFR))
            continue
        fits[sid] = fit
        fe = (
            f"FE {spec.fixed_effects} (no industry x year: see spec)"
            if spec.iv
            else f"FE {spec.fixed_effects}"
        )
        note = "; ".join(x for x in (f"{spec.label}; {fe}; {sample_note(d)}; {inf}", alloc) if x)
        row_ci = getattr(fit, "gvc_row_ci", None)  # a weak instrument's Anderson-Rubin set
        over = {"ci": row_ci[:2], "inference": row_ci[2]} if row_ci else {}
        over.update({"mde_how": AR_POWER} if row_ci else bootstrap_power(fit, spec.x))
        rows.append(kit.fit_row(claim, sid, fit, spec.x, note, **over)[0])
    _, pt_note = pretrend(panel)
    base = int(panel["base_year"].iloc[0])
    for sid, (a, b) in LD_WINDOWS.items():
        if panel["density_100"].notna().sum() == 0:
            why = f"employment by country x industry for the density change: {SEA_FILE}"
            rows.append(kit.unavailable(claim, sid, why, HOW_SEA))
            continue
        try:
            fit, d = fit_long_difference(panel, a, b)
        except kit.RECOVERABLE as exc:
            rows.append(kit.unavailable(claim, sid, f"long difference {a}-{b} ({exc})", HOW_IFR))
            continue
        fits[sid] = fit
        note = (
            f"long difference {a}-{b}: change in trade-based participation (pct points) on change "
            f"in robots per 100 workers of {base}, country and industry FE, weighted by "
            f"{base} value added; {sample_note(d, f'{a} and {b}')}"
        )
        # the pre-trend check regresses 1995-2000 on 2000-2011: it tests the 2000-2011 window
        # only (the 1995-2011 window contains its 'pre' period)
        pre = pt_note if a >= PRETREND[1][0] else ""
        note = "; ".join(x for x in (note, pre, alloc) if x)
        power = bootstrap_power(fit, "d_density")
        rows.append(kit.fit_row(claim, sid, fit, "d_density", note, **power)[0])
    ofits = orientation_fits(panel)
    fits.update(ofits)
    rows += orientation_rows(claim, panel, ofits, alloc)
    return rows, fits


def orientation_rows(claim, panel: pd.DataFrame, ofits: dict, alloc: str) -> list[dict]:
    """One ledger row per :data:`ORIENT_IDS` share, in C1-ifr-elast's design with the same
    inference (weighted wild cluster bootstrap by country below :data:`WILD_BELOW` countries);
    the registry declares their construct, so they carry no verdict."""
    rows = []
    for sid, m in ORIENT_IDS.items():
        crv = ofits.get(f"orientation: {m}")
        if crv is None:
            why = (
                f"{m} in gvc_participation (WIOD 2013, built by `gvc build`) and an estimable panel"
            )
            rows.append(kit.unavailable(claim, sid, why, HOW_IFR))
            continue
        d = panel.dropna(subset=[m, "ihs_stock", WEIGHTS])
        d = d.replace([np.inf, -np.inf], np.nan).dropna(subset=[m, "ihs_stock", WEIGHTS])
        fit, how = crv, "CRV1 by country"
        if d["iso3"].nunique() < WILD_BELOW:
            try:
                fit = weighted_wild(d, m, "ihs_stock", FE3, [], WEIGHTS)
                how = WEIGHTED_WILD
            except kit.RECOVERABLE:
                pass
        note = (
            f"{ORIENTATION[m]} (pct of GVC trade) on asinh robot stock; FE {FE3}; weighted by the "
            f"cell's {int(panel['base_year'].iloc[0])} value added; {sample_note(d)}; {how} "
            f"{_ci(fit, 'ihs_stock')} (row CI); CRV1 by country {_ci(crv, 'ihs_stock')}"
        )
        note = "; ".join(x for x in (note, alloc) if x)
        rows.append(kit.fit_row(claim, sid, fit, "ihs_stock", note)[0])
    return rows


def orientation_fits(panel: pd.DataFrame) -> dict[str, object]:
    """The robot effect on the orientation of GVC trade (:data:`ORIENTATION`, pct of GVC trade)
    in C1-ifr-elast's design (asinh stock, FE ci + ct + it, base-year weights, CRV1 by country):
    does adoption move a cell's GVC trade towards pure-forward (selling inputs that others
    re-export) or pure-backward (using imported inputs for the importer's own use)? Keys
    ``orientation: <measure>``; measures absent from the panel are skipped."""
    out = {}
    for m in ORIENTATION:
        if m not in panel or panel[m].notna().sum() == 0:
            continue
        d = panel.dropna(subset=[m, "ihs_stock", WEIGHTS])
        try:
            out[f"orientation: {m}"] = kit.quiet_feols(
                f"{m} ~ ihs_stock | {FE3}", d, {"CRV1": "iso3"}, weights=WEIGHTS
            )
        except kit.RECOVERABLE:
            continue
    return out


def tables(fits: dict[str, object]) -> dict[str, object]:
    """``{"c1_ifr": regression table, "c1_ifr_orientation": ...}`` of the C1-ifr fits (empty
    without fits); the orientation table's columns are the tripartite shares (pct of GVC trade,
    per unit of asinh robot stock)."""
    if not fits:
        return {}
    from gvc.estimators import compare

    names = [n for n in fits if not n.startswith("orientation: ")]
    out = {"c1_ifr": compare([fits[n] for n in names], names=names)} if names else {}
    orient = [n for n in fits if n.startswith("orientation: ")]
    if orient:
        labels = [ORIENTATION[n.split(": ", 1)[1]] for n in orient]
        out["c1_ifr_orientation"] = compare([fits[n] for n in orient], names=labels)
    return out


def summary(rows: pd.DataFrame) -> str:
    """The result sentence: the registered elasticity ``C1-ifr-elast`` and its verdict."""
    head = rows.set_index("specification").loc["C1-ifr-elast"]
    return f"C1-ifr (country x industry): elasticity {head['estimate']:.3f} -> {head['verdict']}."


def figure(panel: pd.DataFrame, rows: list[dict], fig_dir: Path, source: str) -> Path:
    """Left: change in asinh robot stock against the change in trade-based participation (pct
    points) over the longest window; right: every C1-ifr elasticity with its 95% CI against the
    claimed -0.8."""
    import seaborn as sns

    fig, _ = kit.new_figure(11, 4.5)
    fig.clf()
    ax1 = fig.add_subplot(1, 2, 1)
    y0 = 1995 if (panel["year"] == 1995).any() else int(panel["year"].min())
    y1 = 2011 if (panel["year"] == 2011).any() else int(panel["year"].max())
    ld = long_difference(panel, y0, y1) if y1 > y0 else pd.DataFrame()
    if len(ld):
        # the band is a bootstrap CI: seeded, so the figure is the same on every run
        sns.regplot(
            data=ld,
            x="d_ihs_stock",
            y="d_part",
            ax=ax1,
            scatter_kws={"s": 10},
            seed=kit.BOOT_SEED,
        )
    ax1.set_xlabel(f"Change in asinh robot stock, {y0}-{y1} (about the change in log)")
    ax1.set_ylabel("Change in trade-based GVC participation (pct points)")
    ax1.set_title(f"{panel['iso3'].nunique()} countries x manufacturing industries", fontsize=9)
    ax2 = fig.add_subplot(1, 2, 2)
    est = pd.DataFrame([r for r in rows if pd.notna(r["estimate"])])
    if len(est):
        est = est[est["unit"].str.contains("%/%")]
        yy = np.arange(len(est))
        ax2.errorbar(
            est["estimate"],
            yy,
            xerr=[
                (est["estimate"] - est["ci_low"]).clip(lower=0),
                (est["ci_high"] - est["estimate"]).clip(lower=0),
            ],
            fmt="o",
        )
        ax2.set_yticks(yy, est["specification"], fontsize=7)
    ax2.axvline(-0.8, color="red", ls="--", label="claim: -0.8")
    ax2.axvline(0, color="grey", lw=0.8)
    ax2.set_xlabel("Elasticity of participation w.r.t. robots (95% CI)")
    ax2.legend(fontsize=7)
    return kit.save_figure(
        fig,
        fig_dir / "c1_ifr_robots_gvc.png",
        "C1 in its cited design: robots by country x industry and GVC participation",
        source,
    )
