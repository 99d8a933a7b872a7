"""IFR's nested industry codes: validation, allocation of unspecified robots, WIOD concordance.

The hierarchy (``data/ifr_industries.csv``, column ``parent``): ``000`` all industries ->
``A-B, C, D, E, F, P, 90, 99``; ``D`` manufacturing -> ``10-12, 13-15, 16, 17-18, 19-22, 23,
24-28, 26-27, 29, 30, 91``, and so on down to ``2931``-``2939``. Children sum to their parent;
``unspecified = 1`` marks the "unspecified" categories (``99``, ``229``, ``279``, ``289``,
``299``, ``2939``, ``2999``).

Allocation (Graetz and Michaels 2018, Acemoglu and Restrepo 2020: unspecified robots are
allocated to industries in proportion to the specified ones), applied top-down within each
country x year, separately for operational stock and installations:

- a node's amount ``T`` is its reported value (or, when it is not reported, the sum of its
  reported descendants) plus what it received from above;
- its *pool* is ``T`` minus the sum of its reported specified children: the unspecified children
  plus any unreported remainder;
- each specified child ``c`` receives ``pool x v_c / sum(v)`` on top of its own value ``v_c``;
  the received amount is stored as ``unspecified_allocated`` and travels down with the child;
- a node without reported specified children (or whose specified children are all zero) keeps
  its amount and is a *leaf*. Only leaves are counted, so nothing is counted twice; ``99`` is
  spread over all industries through the pool of ``000``.

Harmonisation (one industry breakdown per country over time, as applied studies using IFR
keep a consistent classification): within each country and measure, a code ``P`` below ``D``
that is a leaf with robots in some years (reported without its sub-industries) while in other
years its sub-industries are leaves (e.g. ``24-28`` alone until 2002, then ``24``, ``25``,
``28``) would move robots between WIOD industries at the switch year (``24-28`` is split by
output shares, its children map one to one): a level shift in a country x industry cell that is
not adoption. The sub-industries are then summed back into ``P`` in every year (the allocation
is re-run with ``P`` alone, so the amounts and totals are exactly those of a file reporting
``P`` without its children), and the same leaf feeds the WIOD cells in all years; each such
case is listed (status ``harmonised``: country, measure, parent, children and years). The
highest switching code is harmonised (then nothing below it switches). Years where ``P`` is a
leaf with zero robots do not count as reporting ``P`` alone (nothing moves). Years with no
breakdown at all (only ``000`` or only ``D``: manufacturing as a whole) do not count either:
they stay ``MANUF`` without industry cells and never pull a country's other years up to ``D``.

Children summing to more than their parent (beyond 0.5% + 1 unit) is an error naming the
country, year and code. Leaves are mapped to WIOD 2013 industries by
``data/ifr_wiod_concordance.csv`` (weights sum to one per IFR code; each row gives its basis).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from gvc.errors import DataError

DATA_DIR = Path(__file__).resolve().parent / "data"
ROOT = "000"
VALUES = ("operational_stock", "installations")
MANUFACTURING = tuple(f"c{i}" for i in range(3, 17))
"""WIOD 2013 manufacturing industries (c3..c16)."""
TOLERANCE = (0.005, 1.0)
"""Children may exceed their parent by at most 0.5% + 1 unit (rounding) before it is an error."""


@lru_cache(maxsize=1)
def hierarchy() -> pd.DataFrame:
    """``data/ifr_industries.csv``: code, parent, unspecified (bool), aliases, name."""
    h = pd.read_csv(DATA_DIR / "ifr_industries.csv", dtype=str, keep_default_na=False)
    h["unspecified"] = h["unspecified"] == "1"
    return h


@lru_cache(maxsize=1)
def concordance() -> pd.DataFrame:
    """``data/ifr_wiod_concordance.csv``: ifr_code, wiod, weight, basis."""
    c = pd.read_csv(DATA_DIR / "ifr_wiod_concordance.csv", dtype={"ifr_code": str})
    return c


@lru_cache(maxsize=1)
def _children() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {c: [] for c in hierarchy()["code"]}
    for code, parent in hierarchy()[["code", "parent"]].itertuples(index=False):
        if parent:
            out[parent].append(code)
    return out


def _norm(code: str) -> str:
    s = str(code).strip().upper()
    s = re.sub(r"^(\d+)\.0+$", r"\1", s)
    s = re.sub(r"\s*-\s*", "-", s)
    return re.sub(r"\s+", " ", s)


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    out = {}
    for r in hierarchy().itertuples(index=False):
        out[_norm(r.code)] = r.code
        for a in filter(None, r.aliases.split("|")):
            out[_norm(a)] = r.code
    return out


def canonical_codes(
    codes: pd.Series, path: Path | str, first: int = 2, *, lines=None, problems=None
) -> pd.Series:
    """IFR industry codes in canonical spelling (``AB`` -> ``A-B``, ``0`` -> ``000``, ``19.0``
    -> ``19``). Unknown codes raise naming the file, the first row and the column; with
    ``problems`` (a row-problem collector of :mod:`gvc.sources.ifr`, with file row numbers
    ``lines``) they become ``<NA>`` and are listed instead (the rows are left out)."""
    norm = codes.astype(str).map(_norm)
    out = norm.map(_aliases())
    bad = out.isna()
    if bad.any() and problems is not None:
        for code in sorted(norm[bad].unique()):
            problems.add(
                "row left out",
                f"column 'industrycode': unknown IFR industry code {code!r} (known codes: "
                "gvc/sources/data/ifr_industries.csv)",
                lines[(norm == code).to_numpy()],
            )
    elif bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        unknown = sorted(norm[bad].unique())[:10]
        raise DataError(
            f"{path}: row {first + i}, column 'industrycode': unknown IFR industry code(s) "
            f"{unknown}; known codes are listed in gvc/sources/data/ifr_industries.csv."
        )
    return out.astype("string")


# ----------------------------------------------------------------------------- allocation
def _allocate_one(values: dict[str, float], what: str) -> list[tuple[str, float, float, float]]:
    """Leaves ``(code, amount, unspecified_allocated, remainder_allocated)`` of one country-year
    and one measure; ``remainder_allocated`` is the part of ``unspecified_allocated`` that came
    from unreported remainders of parents (not from explicit unspecified codes)."""
    kids = _children()
    unspec = dict(zip(hierarchy()["code"], hierarchy()["unspecified"], strict=True))
    total: dict[str, float | None] = {}

    def tot(n: str) -> float | None:
        if n not in total:
            if n in values:
                total[n] = values[n]
            else:
                sub = [t for t in (tot(c) for c in kids[n]) if t is not None]
                total[n] = float(sum(sub)) if sub else None
        return total[n]

    leaves: list[tuple[str, float, float, float]] = []

    def down(n: str, amount: float, alloc: float, rem: float) -> None:
        reported = [c for c in kids[n] if tot(c) is not None]
        spec = [c for c in reported if not unspec[c]]
        s = float(sum(tot(c) for c in spec))  # type: ignore[misc]
        if not reported or s <= 0:
            leaves.append((n, amount, alloc, rem))
            return
        pool = amount - s
        all_children = float(sum(tot(c) for c in reported))  # type: ignore[misc]
        own = tot(n) or 0.0
        if all_children > own * (1 + TOLERANCE[0]) + TOLERANCE[1]:
            raise DataError(
                f"{what}: industry {n} has {own:g} but its reported sub-industries "
                f"{reported} sum to {all_children:g}; the file double counts or is damaged."
            )
        pool = max(pool, 0.0)
        # the part of the pool not reported under any child (own value minus all children)
        pool_rem = min(pool, rem + max(own - all_children, 0.0))
        for c in spec:
            share = pool * tot(c) / s  # type: ignore[operator]
            down(c, tot(c) + share, share, pool_rem * tot(c) / s)  # type: ignore[operator]

    if tot(ROOT) is not None:
        down(ROOT, tot(ROOT), 0.0, 0.0)  # type: ignore[arg-type]
    return leaves


NO_BREAKDOWN = (ROOT, "D")
"""Codes never harmonised: a year that reports only these has no industry breakdown at all."""


@lru_cache(maxsize=1)
def _descendants() -> dict[str, frozenset[str]]:
    kids = _children()

    def below(n: str) -> frozenset[str]:
        return frozenset(c for k in kids[n] for c in (k, *below(k)))

    return {n: below(n) for n in kids}


@lru_cache(maxsize=1)
def _top_down() -> list[str]:
    """Every code, parents before their sub-industries."""
    kids, out, todo = _children(), [], [ROOT]
    while todo:
        n = todo.pop(0)
        out.append(n)
        todo += kids[n]
    return out


def _spans(years) -> str:
    """``[1995, 1996, 1997, 2001]`` -> ``"1995-1997, 2001"``."""
    ys, out = sorted(set(int(y) for y in years)), []
    for y in ys:
        if out and y == out[-1][1] + 1:
            out[-1][1] = y
        else:
            out.append([y, y])
    return ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in out)


def switching_codes(leaves: dict[int, list[tuple]]) -> list[tuple[str, list[int], list[int]]]:
    """``(parent, years reported alone, years with sub-industries)`` for one country and measure
    (``leaves``: year -> :func:`_allocate_one`'s leaves): codes below ``D`` that are a leaf with
    robots in some years while sub-industries of theirs are leaves in others; the highest such
    code of each branch (module docstring)."""
    below = _descendants()
    out, done = [], set()
    for p in _top_down():
        if p in NO_BREAKDOWN or p in done:
            continue
        alone = [y for y, lv in leaves.items() if any(c == p and a > 0 for c, a, *_ in lv)]
        finer = [y for y, lv in leaves.items() if any(c in below[p] for c, *_ in lv)]
        if alone and finer:
            out.append((p, sorted(alone), sorted(finer)))
            done |= below[p]
    return out


def _merge_into(values: dict[str, float], parent: str) -> dict[str, float]:
    """``values`` with ``parent``'s sub-industries summed into it (its reported value kept when
    it has one, else the sum of its highest reported sub-industries)."""
    below = _descendants()[parent]
    kids = _children()

    def tot(n: str) -> float | None:
        if n in values:
            return values[n]
        sub = [t for t in (tot(c) for c in kids[n]) if t is not None]
        return float(sum(sub)) if sub else None

    out = {k: v for k, v in values.items() if k not in below}
    t = tot(parent)
    if t is not None:
        out[parent] = t
    return out


def allocate(
    df: pd.DataFrame, what: str = "IFR file", problems=None, harmonise: bool = True
) -> pd.DataFrame:
    """Leaves of every (iso3, year) with unspecified robots allocated (module docstring).

    ``df``: long frame with ``iso3, year, industry`` (canonical IFR codes) and the
    :data:`VALUES` columns (units). Returns ``iso3, year, measure, ifr_code, amount,
    unspecified_allocated, remainder_allocated`` (units; ``measure`` is a :data:`VALUES` name;
    ``remainder_allocated``: the part from parents' unreported remainders). A country-year whose
    sub-industries exceed their parent raises, or, given ``problems`` (the row-problem collector
    of :mod:`gvc.sources.ifr`; ``df`` then has the file's ``row`` column), is left out for that
    measure and listed. ``harmonise``: one breakdown per country and measure over time (codes
    that switch between reported alone and with sub-industries are used alone in every year;
    each case listed in ``problems`` with status ``harmonised``).
    """
    rows = []
    for iso3, gc in df.groupby("iso3", sort=True):
        for measure in VALUES:
            years: dict[int, tuple[dict[str, float], list[tuple]]] = {}
            rows_of: dict[int, pd.DataFrame] = {}
            for year, g in gc.groupby("year", sort=True):
                vals = g.dropna(subset=[measure])
                values = dict(
                    zip(vals["industry"].astype(str), vals[measure].astype(float), strict=True)
                )
                if not values:
                    continue
                try:
                    leaves = _allocate_one(values, f"{iso3} {year} ({measure})")
                except DataError as exc:
                    if problems is None:
                        raise DataError(f"{what}, {exc}") from None
                    problems.add("country-year left out", str(exc), vals["row"])
                    continue
                years[int(year)] = (values, leaves)
                rows_of[int(year)] = vals
            if harmonise:
                for parent, alone, finer in switching_codes({y: v[1] for y, v in years.items()}):
                    below = _descendants()[parent]
                    seen: set[str] = set()
                    for y in finer:
                        values = _merge_into(years[y][0], parent)
                        seen |= set(years[y][0]) & below
                        leaves = _allocate_one(values, f"{iso3} {y} ({measure})")
                        years[y] = (values, leaves)
                    if problems is not None:
                        r = pd.concat([rows_of[y] for y in finer])
                        problems.add(
                            "harmonised",
                            f"{iso3} {measure}: IFR code {parent} is not broken down (no "
                            f"sub-industry reported, or all zero) in {_spans(alone)} but is "
                            f"({', '.join(sorted(seen))}) in {_spans(finer)}; the "
                            f"sub-industries are summed into {parent} in every year (one "
                            "breakdown per country over time, so its WIOD industries keep "
                            "the same IFR codes)",
                            r.loc[r["industry"].astype(str).isin(below), "row"],
                        )
            for year, (_, leaves) in years.items():
                for leaf in leaves:
                    rows.append((iso3, int(year), measure, *leaf))
    cols = ["iso3", "year", "measure", "ifr_code", "amount", "unspecified_allocated"]
    out = pd.DataFrame(rows, columns=[*cols, "remainder_allocated"])
    order = {m: i for i, m in enumerate(VALUES)}
    out = out.sort_values(
        ["iso3", "year", "measure"],
        key=lambda s: s.map(order) if s.name == "measure" else s,
        kind="stable",
    )
    return out.reset_index(drop=True)


def to_wiod(leaves: pd.DataFrame, split: pd.DataFrame | None = None) -> pd.DataFrame:
    """Allocated leaves -> WIOD industries (weights of the concordance, or for codes that map to
    several industries the country's own weights in ``split``: ``iso3, ifr_code, wiod,
    weight``), plus ``MANUF`` (c3..c16 and manufacturing without a breakdown) and ``TOTAL`` (all
    industries).

    Returns ``iso3, year, industry, operational_stock, installations, unspecified_allocated``
    (stock units from unspecified categories), ``remainder_allocated`` (the part of it from
    parents' unreported remainders; not stored in ``robots_by_industry``),
    ``installations_unspecified_allocated`` and ``ifr_codes`` (the IFR leaves behind each row's
    operational stock, or its installations when it has no stock; '|'-joined).
    """
    conc = concordance()
    missing = sorted(set(leaves["ifr_code"]) - set(conc["ifr_code"]))
    if missing:  # a hierarchy code without a concordance row is a packaging bug
        raise DataError(f"ifr_wiod_concordance.csv has no row for IFR code(s) {missing}")
    m = leaves.merge(conc[["ifr_code", "wiod", "weight"]], on="ifr_code")
    if split is not None and len(split):  # the country's own weights where it has them
        own = split.rename(columns={"weight": "own"})
        m = m.merge(own, on=["iso3", "ifr_code", "wiod"], how="left")
        has = m.groupby(["iso3", "year", "measure", "ifr_code"])["own"].transform("count")
        m["weight"] = m["own"].where(has > 0, m["weight"]).fillna(0.0)
        m = m.drop(columns="own")
    m["amount"] *= m["weight"]
    m["unspecified_allocated"] *= m["weight"]
    if "remainder_allocated" not in m:
        m["remainder_allocated"] = 0.0
    m["remainder_allocated"] *= m["weight"]
    keys = ["iso3", "year", "industry"]
    m = m.rename(columns={"wiod": "industry"})
    manuf = m[m["industry"].isin([*MANUFACTURING, "MANUF"])].assign(industry="MANUF")
    total = m.assign(industry="TOTAL")
    plain = m[~m["industry"].isin(["MANUF", "TOTAL"])]
    m = pd.concat([plain, manuf, total], ignore_index=True)
    g = m.groupby([*keys, "measure"], as_index=False).agg(
        amount=("amount", "sum"),
        unspecified_allocated=("unspecified_allocated", "sum"),
        remainder_allocated=("remainder_allocated", "sum"),
        ifr_codes=("ifr_code", lambda s: "|".join(sorted(set(s)))),
    )
    wide = g.pivot_table(
        index=keys,
        columns="measure",
        values=["amount", "unspecified_allocated", "remainder_allocated"],
        aggfunc="first",
    )
    out = pd.DataFrame(index=wide.index)
    for measure in VALUES:
        out[measure] = wide.get(("amount", measure), np.nan)
    out["unspecified_allocated"] = wide.get(("unspecified_allocated", "operational_stock"), np.nan)
    out["remainder_allocated"] = wide.get(("remainder_allocated", "operational_stock"), np.nan)
    out["installations_unspecified_allocated"] = wide.get(
        ("unspecified_allocated", "installations"), np.nan
    )
    codes = g.groupby(keys)["ifr_codes"].agg(
        lambda s: "|".join(sorted(set("|".join(s).split("|"))))
    )
    # the stock's leaves where the row has a stock: installations, ten times smaller, reach the
    # leaves less often (children all zero), and their codes would look like a code change
    stock = g[g["measure"] == "operational_stock"].set_index(keys)["ifr_codes"]
    out["ifr_codes"] = stock.reindex(out.index).fillna(codes)
    return out.reset_index()


ALLOCATION_WARN = 0.30
"""Share of a country-year's manufacturing stock allocated from beyond the explicit unspecified
codes (unreported remainders of parents) above which the allocation is flagged: proportional
allocation then decides much of the industry split."""


def allocation_shares(wiod: pd.DataFrame) -> pd.DataFrame:
    """Per country-year of :func:`to_wiod` output (its ``MANUF`` rows): ``iso3, year,
    manuf_stock`` (units), ``allocated_share`` (all allocated units / stock, from
    ``unspecified_allocated``) and ``remainder_share`` (from unreported remainders; NaN when the
    frame has no ``remainder_allocated``)."""
    m = wiod[wiod["industry"] == "MANUF"]
    stock = m["operational_stock"].where(m["operational_stock"] > 0)
    rem = m["remainder_allocated"] if "remainder_allocated" in m else np.nan
    return pd.DataFrame(
        {
            "iso3": m["iso3"],
            "year": m["year"],
            "manuf_stock": m["operational_stock"],
            "allocated_share": m["unspecified_allocated"] / stock,
            "remainder_share": rem / stock,
        }
    ).reset_index(drop=True)


def allocation_warning(wiod: pd.DataFrame, threshold: float = ALLOCATION_WARN) -> str:
    """``"warning: in 12 of 800 country-years (e.g. DEU 2005: 41%) more than 30% of the
    manufacturing stock ..."`` or ``""`` when no country-year exceeds ``threshold``."""
    sh = allocation_shares(wiod).dropna(subset=["remainder_share"])
    bad = sh[sh["remainder_share"] > threshold].sort_values("remainder_share", ascending=False)
    if bad.empty:
        return ""
    eg = ", ".join(f"{r.iso3} {r.year}: {r.remainder_share:.0%}" for r in bad.head(3).itertuples())
    return (
        f"warning: in {len(bad)} of {len(sh)} country-years (largest {eg}) more than "
        f"{threshold:.0%} of the manufacturing stock was allocated from robots the file reports "
        "under a parent but under none of its sub-industries (beyond the explicit unspecified "
        "codes); their industry split is mostly proportional allocation"
    )
