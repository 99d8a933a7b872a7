"""``robots_by_industry``: robots by source x country x WIOD 2013 industry x year, one input for C1
whatever the source; ``ifr_files``: what became of each user IFR file; ``employment_by_industry``.

- ``ifr`` rows: the user's IFR files (``data/raw/ifr/``) read by :mod:`gvc.sources.ifr`, with
  unspecified robots allocated and IFR codes mapped to WIOD industries by
  :mod:`gvc.sources.ifr_industries`. ``MANUF`` = c3..c16 plus manufacturing reported without a
  breakdown; ``TOTAL`` = all industries. IFR codes that map to several WIOD industries are split
  by the country's own 1995 gross output (:func:`own_split_weights`; world weights outside
  WIOD). One breakdown per country over time: a code reported alone in some years and with
  its sub-industries in others is used alone in every year (listed as ``harmonised``), so
  ``ifr_codes`` (the IFR leaves behind a row's stock) stays the same across a cell's years;
  years reporting only manufacturing as a whole (``D``) stay ``MANUF`` with no industry rows.
  Aggregates (``IFR:<name>``) have ``is_country = False``.
- ``jara`` rows: Japan, JARA shipments by user industry (already on WIOD codes; 12-year
  perpetual-inventory stocks; no unspecified category, so ``unspecified_allocated = 0``).

A problem in one row of a user file (an unmapped country, an unknown industry code, a bad value)
leaves out that row, and sub-industries exceeding their parent leave out that country-year;
each is listed in ``ifr_files``. A file that cannot be read at all (damaged, not IFR's layout,
overlapping another file) is left out and recorded in ``ifr_files`` with the error naming its
file, row and column, so the rest of ``gvc build`` completes (and then exits 2 naming it).
Units: robots (operational stock at year end; installations during the year).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gvc.errors import DataError

JARA_FILE = "by-industry_by-application_1978-2017_labelled_prices.csv"
SPLIT_BASE_YEAR = 1995
SPLIT_FILE = f"wiot_{SPLIT_BASE_YEAR}.RData"
"""WIOD table whose gross output splits IFR codes that map to several WIOD industries
(``13-15``, ``16``, ``19-22``, ``24-28``, ``P``) by each country's own base-year output."""


def own_split_weights(path: Path) -> pd.DataFrame:
    """``iso3, ifr_code, wiod, weight``: for every WIOD country and every IFR code that maps to
    several WIOD industries, the country's own gross output of each (WIOD 1995, USD million)
    over their sum. World weights split sibling industries identically in every country, so
    the siblings would get identical variation; own weights do not. Countries outside WIOD
    (and sibling sets with no output) keep the concordance's world weights."""
    from gvc.sources.ifr_industries import concordance
    from gvc.sources.wiod2013 import read_wiot

    w = read_wiot(path)
    conc = concordance()
    multi = conc[conc.groupby("ifr_code")["wiod"].transform("size") > 1]
    n = len(w.industries)
    rows = []
    for k, iso3 in enumerate(w.countries):
        out = dict(zip(w.industries, w.x[k * n : (k + 1) * n], strict=True))
        for code, g in multi.groupby("ifr_code"):
            x = pd.Series([out.get(i, 0.0) for i in g["wiod"]], index=g["wiod"].to_list())
            if x.sum() > 0:
                rows += [(iso3, code, i, v / x.sum()) for i, v in x.items()]
    return pd.DataFrame(rows, columns=["iso3", "ifr_code", "wiod", "weight"])


COLUMNS = {
    "source": "string",
    "iso3": "string",
    "industry": "string",
    "year": "int64",
    "is_country": bool,
    "operational_stock": "float64",
    "installations": "float64",
    "unspecified_allocated": "float64",
    "installations_unspecified_allocated": "float64",
    "ifr_codes": "string",
}


def _ifr_file(
    path: Path,
    extra_countries: dict[str, str] | None = None,
    split: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(WIOD-industry rows of one IFR file, its problem list); ``split``: own-output split
    weights (:func:`own_split_weights`) or None for the concordance's world weights."""
    from gvc.sources.ifr import _Problems, read_ifr_file
    from gvc.sources.ifr_industries import allocate, to_wiod

    res = read_ifr_file(path, extra_countries)
    raw = res.rows
    more = _Problems(path)
    leaves = allocate(raw, str(path), problems=more)
    if leaves.empty:
        first = more.frame()
        why = f"; first: {first['message'].iloc[0]}" if len(first) else ""
        raise DataError(f"{path}: no country-year could be used{why}")
    wiod = to_wiod(leaves, split)
    is_c = raw.drop_duplicates("iso3").set_index("iso3")["is_country"]
    wiod["is_country"] = wiod["iso3"].map(is_c).astype(bool)
    problems = pd.concat([res.problems, more.frame()], ignore_index=True)
    return wiod.assign(source="ifr", file=path.name), problems


LOG_COLUMNS = ["file", "status", "n_rows", "message"]
LEFT_OUT = ("row left out", "unmapped", "country-year left out")
"""Statuses whose file rows are not used; ``code disagrees`` and ``code unknown`` rows are kept
(under the country's name, or IFR's code) and only noted."""
STATUSES = (
    "read",
    "error",
    "row left out",
    "unmapped",
    "code disagrees",
    "code unknown",
    "country-year left out",
    "harmonised",
    "number format",
)
"""``ifr_files`` statuses: the file was read (one row per file) or could not be read at all
(``error``); the other statuses list rows of a read file (:mod:`gvc.sources.ifr`), and
``harmonised`` a country whose breakdown of an IFR code switches over the years, summed into the
code in every year (:mod:`gvc.sources.ifr_industries`; the rows are the sub-industries');
``number format`` notes a file read with decimal commas (its rows holding one, the first cell
and its value)."""


def read_ifr(
    paths: dict[str, Path], extra_countries: dict[str, str] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(rows of every readable user IFR file, the log: one row per file plus its problems).

    ``robots_by_industry`` and ``ifr_files`` both come from this read: the last result is kept
    for the same files (name, size and modification time), split table and extra names, so one
    ``gvc build`` reads and allocates each IFR file (and the WIOD split table) once."""
    ifr = {n: Path(p) for n, p in sorted(paths.items()) if n.startswith("ifr/")}

    def stamp(p: Path) -> tuple:
        st = p.stat()
        return (str(p), st.st_size, st.st_mtime_ns)

    split_path = paths.get(SPLIT_FILE) if ifr else None
    key = (
        tuple((n, *stamp(p)) for n, p in ifr.items()),
        stamp(Path(split_path)) if split_path else None,
        tuple(sorted((extra_countries or {}).items())),
    )
    if _LAST.get("key") != key:
        _LAST.clear()
        _LAST.update(key=key, value=_read_ifr(ifr, extra_countries, split_path))
    rows, log = _LAST["value"]
    return rows.copy(), log.copy()


_LAST: dict = {}
"""The last :func:`read_ifr` result and its key (one entry)."""


def _read_ifr(
    ifr: dict[str, Path], extra_countries: dict[str, str] | None, split_path: Path | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    frames, log = [], []
    split = own_split_weights(Path(split_path)) if split_path else None
    seen: pd.DataFrame | None = None
    for path in ifr.values():
        try:
            df, problems = _ifr_file(path, extra_countries, split)
            if seen is not None:
                both = df.merge(seen, on=["iso3", "industry", "year"])
                if not both.empty:
                    r = both.iloc[0]
                    raise DataError(
                        f"{path}: {r['iso3']} {r['industry']} {r['year']} is also in "
                        f"{r['file_y']}; keep one file per country-year"
                    )
            keys = df[["iso3", "industry", "year", "file"]]
            seen = keys if seen is None else pd.concat([seen, keys], ignore_index=True)
            frames.append(df)
            countries = df.loc[df["is_country"], "iso3"].nunique()
            msg = (
                f"{countries} countries, {df['year'].min()}-{df['year'].max()}"
                if len(df)
                else "no rows"
            )
            harm = problems["status"].isin(["harmonised", "number format"])  # notes
            if (~harm).any():
                bad = problems[~harm]
                out = bad["status"].isin(LEFT_OUT)
                n_out, n_kept = (
                    int(bad.loc[out, "n_rows"].sum()),
                    int(bad.loc[~out, "n_rows"].sum()),
                )
                msg += (
                    f"; {len(bad)} problem(s), each in its own ifr_files row of this file: "
                    f"{n_out} file row(s) left out, {n_kept} kept with a note"
                )
            fmt = problems.loc[problems["status"] == "number format", "message"]
            msg += "".join(f"; {m.split(': ', 2)[-1]}" for m in fmt)  # no file, no rows
            harm = problems["status"] == "harmonised"
            if harm.any():
                msg += (
                    f"; {int(harm.sum())} industry breakdown(s) harmonised over time (each in "
                    "its own ifr_files row: sub-industries summed into their parent in every year)"
                )
            from gvc.sources.ifr_industries import allocation_warning

            warn = allocation_warning(df[df["is_country"]]) if len(df) else ""
            msg = f"{msg}; {warn}" if warn else msg
            log.append((path.name, "read", len(df), msg))
            log += [(path.name, *r) for r in problems.itertuples(index=False)]
        except DataError as exc:
            log.append((path.name, "error", 0, str(exc)))
    rows = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(COLUMNS))
    return rows, pd.DataFrame(log, columns=LOG_COLUMNS)


def _conform(df: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(index=df.index)
    for c, dtype in COLUMNS.items():
        out[c] = df[c].astype(dtype) if c in df else pd.Series(pd.NA, index=df.index).astype(dtype)
    return out


def jara_rows(path: Path) -> pd.DataFrame:
    """JARA Japan stocks in the table's layout."""
    from gvc.sources import jara

    j = jara.read_shipments(path)
    return j.assign(
        is_country=True, unspecified_allocated=0.0, installations_unspecified_allocated=0.0
    )


def build_robots_by_industry(
    paths: dict[str, Path], extra_countries: dict[str, str] | None = None
) -> pd.DataFrame:
    """The ``robots_by_industry`` table from JARA and any user IFR files (module docstring)."""
    ifr_rows, _ = read_ifr(paths, extra_countries)
    parts = [jara_rows(paths[JARA_FILE])] if JARA_FILE in paths else []
    if len(ifr_rows):
        parts.append(ifr_rows)
    df = pd.concat([_conform(p) for p in parts], ignore_index=True)
    return df


def build_ifr_files(
    paths: dict[str, Path], extra_countries: dict[str, str] | None = None
) -> pd.DataFrame:
    """The ``ifr_files`` log: file, status (:data:`STATUSES`), n_rows, message."""
    log = read_ifr(paths, extra_countries)[1]
    return log.astype(
        {"file": "string", "status": "string", "n_rows": "int64", "message": "string"}
    )


def build_employment(paths: dict[str, Path]) -> pd.DataFrame:
    """``employment_by_industry`` from the WIOD SEA when present (else no rows)."""
    from gvc.sources import wiod_sea

    if wiod_sea.FILE not in paths:
        return pd.DataFrame(
            {
                "source": pd.Series(dtype="string"),
                "iso3": pd.Series(dtype="string"),
                "industry": pd.Series(dtype="string"),
                "year": pd.Series(dtype="int64"),
                "employment": pd.Series(dtype="float64"),
            }
        )
    df = wiod_sea.read_employment(paths[wiod_sea.FILE])
    return df.astype({"source": "string", "iso3": "string", "industry": "string"})


MAX_LISTED = 8
"""Problem lines printed per IFR file by ``gvc build``; the rest are in ``ifr_files``."""


def ifr_log_lines(log: pd.DataFrame) -> tuple[list[str], list[str]]:
    """(warning lines, error messages) of an ``ifr_files`` log, as ``gvc build`` and ``gvc
    reproduce`` print them: one note per file counting its harmonised breakdowns, each listed
    row problem (up to :data:`MAX_LISTED` per file, then a count), and each file that could not
    be read at all."""
    warn, errors = [], []
    for file, g in log.groupby("file", sort=True):
        errors += list(g.loc[g["status"] == "error", "message"])
        n_h = int((g["status"] == "harmonised").sum())
        if n_h:  # a deliberate, exact re-coding, not a problem: one line per file
            warn.append(
                f"note: IFR file {file}: {n_h} industry breakdown(s) harmonised over time (a "
                "parent code reported alone in some years and broken down in others is kept "
                "whole in every year); gvc.load('ifr_files') lists them"
            )
        for m in g.loc[g["status"] == "number format", "message"]:
            warn.append(f"note: IFR file {m}")
        rows = g[~g["status"].isin(["read", "error", "harmonised", "number format"])]
        for r in rows.head(MAX_LISTED).itertuples(index=False):
            warn.append(f"warning: IFR {r.status}: {r.message}")
        if len(rows) > MAX_LISTED:
            warn.append(
                f"warning: IFR file {file}: {len(rows) - MAX_LISTED} more problem(s); "
                "gvc.load('ifr_files') lists them all"
            )
    return warn, errors


def ifr_error(errors: list[str]) -> str:
    """The one-line error for IFR files that could not be read (the first named in full)."""
    more = (
        f" (and {len(errors) - 1} more IFR file(s); see gvc.load('ifr_files'))"
        if len(errors) > 1
        else ""
    )
    return f"IFR file left out: {errors[0]}{more}"
