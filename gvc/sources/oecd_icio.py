"""OECD Inter-Country Input-Output (ICIO) tables, editions 2016, 2018, 2021 and 2023.

Source: OECD, Inter-Country Input-Output tables (oe.cd/icio), one CSV per year, published in zip
archives of several years. Values: millions of current US dollars. Cite OECD (year of edition),
OECD Inter-Country Input-Output Database, http://oe.cd/icio.

Layout (first column = row labels, header = column labels):

- Sector rows and columns ``CTY_IND`` (``AUS_01T02``, 2023: ``AUS_A01_02``), split at the first
  underscore.
- Value-added rows: 2018-2021 ``TAXSUB``, ``VALU``, ``OUTPUT`` (the 2018 layout of pymrio's
  mock gives taxes less subsidies by country of origin, ``AUS_TAXSUB``); 2023 ``TLS``, ``VA``,
  ``OUT``; 2016 ``VA+TAXSUB`` and ``OUT`` (blank under final demand; blank cells are 0).
- Gross-output column: ``TOTAL`` (2018-2021) or ``OUT`` (2023). The 2016 edition has none: its
  ``OUT`` row (output by column) is the published output.
- Final demand ``CTY_HFCE``, ``CTY_NPISH``, ``CTY_GGFC``, ``CTY_GFCF``, ``CTY_INVNT``,
  ``CTY_DPABR``; the 2016 edition reverses them (``HFCE_CTY``). A discrepancy column (``DISC``)
  is added to the producing country's own final demand.
- China and Mexico split by processing trade: industry rows and columns ``CN1``/``CN2`` (up to
  ``CN4``) and ``MX1``/``MX2`` (``MX3``); final demand stays by ``CHN`` and ``MEX``. Editions
  that also keep ``CHN_``/``MEX_`` rows and columns have them either all zero (2016, 2021) or
  holding the national total beside its parts (2018: ``MEX_01T03`` = ``MX1_01T03`` +
  ``MX2_01T03``, row by row and column by column). Either way they are checked (a total that
  is not the sum of its parts is an error naming the cell) and dropped: the inverse is taken on
  the split table and the parts are merged afterwards (``gvc.io.ICIO(splits=)``). A country
  kept beside a single part (2018: an all-zero ``MEX_`` block beside ``MX1`` alone) is that
  part under the national code: nothing to merge (``notes["single_part_splits"]``).
- Files: one CSV per year, a zip of CSVs, or the November 2023 release's zip of zips (one
  ``YYYY.zip`` per period, each holding its CSV); ``year=`` picks the member.

This module only reads files into arrays and labels; the math lives in ``gvc.io``.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path

import numpy as np
import pandas as pd

from gvc.errors import DataError
from gvc.sources.icio_table import IcioTable, Probe, TableFormat, fail, mismatched, year_in

FORMAT = "OECD ICIO (CSV, rows and columns CTY_IND)"
VA_ROWS = ("TAXSUB", "VALU", "TLS", "VA", "VA+TAXSUB")
OUTPUT_ROWS = ("OUTPUT", "OUT")
OUTPUT_COLS = ("TOTAL", "OUT")
FD_CATEGORIES = ("HFCE", "NPISH", "NPS", "GGFC", "GFCF", "INVNT", "INV", "DPABR", "DIRP", "P33")
SPLIT_PARTS = {"CHN": re.compile(r"^CN\d$"), "MEX": re.compile(r"^MX\d$")}
SECTOR = re.compile(r"^([A-Z][A-Z0-9]{2})_(\S+)$")


def is_oecd_header(header: list[str]) -> bool:
    """True when a CSV header looks like an OECD ICIO table (its output column and CTY_IND)."""
    labels = [str(h).strip() for h in header[1:]]
    if not any(SECTOR.match(h) for h in labels[:5]):
        return False
    if set(labels) & set(OUTPUT_COLS):
        return True
    # the 2016 edition has no output column: its final demand is CAT_CTY (HFCE_AUS)
    return any(h.split("_", 1)[0] in FD_CATEGORIES for h in labels if "_" in h)


def open_csv(path: str | Path, year: int | None = None) -> tuple[pd.DataFrame, str, int | None]:
    """The table of ``path`` (CSV, or the member for ``year`` of a published zip) as strings."""
    path = Path(path)
    if zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as zf:
                data, member = _zip_member(zf, path, year)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
            raise DataError(f"{path}: damaged zip archive ({exc}); fetch it again") from exc
        name = f"{path}!{member}"
        return _parse(io.BytesIO(data), name), name, year_in(member.rsplit("!", 1)[-1])
    from gvc.sources.readers import _last_line_fields

    n_head, n_last = _last_line_fields(path, 0)
    if n_last < n_head:
        raise DataError(
            f"{path}: the last line has {n_last} of the header's {n_head} fields; the file "
            "appears truncated. Fetch it again."
        )
    return _parse(path, str(path)), str(path), year_in(path.name)


def _zip_member(zf: zipfile.ZipFile, path, year: int | None) -> tuple[bytes, str]:
    """The bytes and name of the CSV for ``year`` in a zip of CSVs, or in a zip of zips (the
    November 2023 release: one ``YYYY.zip`` per period, each holding its CSV)."""
    names = zf.namelist()
    members = [m for m in names if m.lower().endswith(".csv")]
    inner = [m for m in names if m.lower().endswith(".zip")]
    if not members and inner:
        if year is not None:
            inner = [m for m in inner if year_in(m) == year] or [
                m for m in inner if str(year) in m.rsplit("/", 1)[-1]
            ]
        if len(inner) != 1:
            raise DataError(
                f"{path}: the zip holds {len(inner)} zipped tables"
                + (f" for {year}" if year is not None else "")
                + f"; pass year= to choose one ({sorted(zf.namelist())[:8]})"
            )
        with zipfile.ZipFile(io.BytesIO(zf.read(inner[0]))) as z2:
            data, member = _zip_member(z2, f"{path}!{inner[0]}", year)
        return data, f"{inner[0]}!{member}"
    if year is not None:
        members = [m for m in members if year_in(m) == year] or (
            members if len(members) == 1 else []
        )
    if len(members) != 1:
        raise DataError(
            f"{path}: the zip holds {len(members)} CSV tables"
            + (f" for {year}" if year is not None else "")
            + f"; pass year= to choose one ({sorted(zf.namelist())[:8]})"
        )
    return zf.read(members[0]), members[0]  # read() checks the CRC


def _parse(src, name: str) -> pd.DataFrame:
    try:
        df = pd.read_csv(src, index_col=0, keep_default_na=False, na_values=[""])
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise DataError(f"{name}: cannot be parsed as CSV ({exc})") from exc
    df.index = df.index.map(str)
    df.columns = df.columns.map(str)
    return df


def numeric(df: pd.DataFrame, name: str, fmt: str) -> np.ndarray:
    """Cells as float; the first non-numeric or empty cell raises naming its row and column."""
    vals = np.empty(df.shape)
    for j, (_, col) in enumerate(df.items()):
        vals[:, j] = pd.to_numeric(col, errors="coerce") if col.dtype == object else col
    bad = ~np.isfinite(vals)
    if bad.any():
        r, c = np.argwhere(bad)[0]
        raise fail(
            name,
            fmt,
            f"cell at row {df.index[r]!r}, column {df.columns[c]!r} is {df.iat[r, c]!r}, "
            "not a number",
        )
    return vals


def _fd_label(label: str, countries: set[str]) -> tuple[str, str] | None:
    """(country, category) of a final-demand column label, either order; None otherwise."""
    if "_" not in label:
        return None
    a, b = label.split("_", 1)
    if b in FD_CATEGORIES and a in countries:
        return a, b
    if a in FD_CATEGORIES and b in countries:  # 2016 edition: HFCE_AUS
        return b, a
    return None


def _country_order(row_countries: list[str], splits: dict) -> list[str]:
    """File order, with each split country's parts (sorted) at the place of its zero block
    when the file has one, else at its first part's place."""
    out: list[str] = []
    part_of = {p: c for c, parts in splits.items() for p in parts}
    for c in row_countries:
        name = part_of.get(c, c)
        if name in splits:
            if splits[name][0] not in out:
                out.extend(sorted(splits[name]))
        else:
            out.append(c)
    return out


def _national_totals(values, rows, cols, row_at, dropped, splits, sector_rows, z_cols, fd_cols,
                     name) -> np.ndarray:  # fmt: skip
    """Check the ``CHN_``/``MEX_`` rows and columns kept beside a split country's parts: all
    zero, or the national total (each total row = the sum of its parts' rows in every column
    of the other countries and of final demand, each total column = the sum of its parts'
    columns in every row of the other countries). A part's row may repeat its sales to the country in the total columns (= the
    sum over the parts' columns); that repeat is returned per row (n_rows,) so that it can be
    taken out of the published output. Anything else raises naming the first cell."""
    dup = np.zeros(len(rows))
    if not dropped:
        return dup
    col_at = {c: j for j, c in enumerate(cols)}
    total_rows = {row_at[lab] for lab in dropped}
    total_cols = {col_at[lab] for lab in dropped if lab in col_at}
    for cty, parts in splits.items():
        labs = [lab for lab in dropped if lab.split("_", 1)[0] == cty]
        if not labs:
            continue
        ind = [lab.split("_", 1)[1] for lab in labs]
        tr = [row_at[lab] for lab in labs]
        tc = [col_at[lab] for lab in labs if lab in col_at]
        if not np.any(values[tr]) and not (tc and np.any(values[np.ix_(sector_rows, tc)])):
            continue  # all zero (2016, 2021)
        pr = [[row_at[f"{p}_{i}"] for p in parts] for i in ind]
        pc = [[col_at[f"{p}_{i}"] for p in parts] for i in ind]
        own_c = total_cols | {j for g in pc for j in g}
        own_r = total_rows | {i for g in pr for i in g}
        outside_c = [j for j in [*z_cols, *fd_cols] if j not in own_c]  # others + final demand
        outside_r = [i for i in sector_rows if i not in own_r]  # other countries' sectors
        for k, lab in enumerate(labs):
            got = values[tr[k], outside_c]
            want = values[pr[k]][:, outside_c].sum(axis=0)
            _same(got, want, lambda j, lab=lab, ps=parts, oc=outside_c: f"row {lab} (the "
                  f"national total beside {'/'.join(ps)}) in column {cols[oc[j]]}", name)  # fmt: skip
            if lab in col_at:
                got = values[outside_r, col_at[lab]]
                want = values[np.ix_(outside_r, pc[k])].sum(axis=1)
                _same(got, want, lambda j, lab=lab, ps=parts, orr=outside_r: f"column {lab} "
                      f"(the national total beside {'/'.join(ps)}) in row {rows[orr[j]]}", name)  # fmt: skip
        if tc:  # parts' sales repeated in the total columns: equal to their parts' columns
            part_rows = [i for group in pr for i in group]
            rep = values[np.ix_(part_rows, tc)]
            if np.any(rep):
                want = np.column_stack([values[np.ix_(part_rows, g)].sum(axis=1) for g in pc])
                _same(rep.ravel(), want.ravel(), lambda j, pr_=part_rows, tc_=tc: f"row "
                      f"{rows[pr_[j // len(tc_)]]} in the total column {cols[tc_[j % len(tc_)]]}",
                      name)  # fmt: skip
                dup[part_rows] += rep.sum(axis=1)
    return dup


def _same(got: np.ndarray, want: np.ndarray, where, name) -> None:
    bad = mismatched(got, want)
    if bad.size:
        k = bad[0]
        raise fail(
            name,
            FORMAT,
            f"{where(k)} is {got[k]:g} but its parts sum to {want[k]:g}; the national total "
            "beside a split must be the sum of its parts (or all zero)",
        )


def read_oecd_icio(path: str | Path, year: int | None = None) -> IcioTable:
    """Read one year of the OECD ICIO (CSV or the published zip) into an ``IcioTable``."""
    df, name, file_year = open_csv(path, year)
    rows = [str(r) for r in df.index]
    cols = [str(c) for c in df.columns]
    dup = df.index[df.index.duplicated()]
    if len(dup):
        raise fail(name, FORMAT, f"row label {dup[0]!r} appears twice")
    sector_rows, va_rows, out_row = [], [], None
    for i, r in enumerate(rows):
        if r in OUTPUT_ROWS:
            out_row = i
        elif r in VA_ROWS or (SECTOR.match(r) and r.split("_", 1)[1] in VA_ROWS):
            va_rows.append(i)  # 2018: taxes less subsidies by country of origin, AUS_TAXSUB
        elif SECTOR.match(r):
            sector_rows.append(i)
        else:
            raise fail(
                name,
                FORMAT,
                f"row label {r!r} (row {i + 2}) is neither CTY_IND nor one of "
                f"{'/'.join(VA_ROWS + OUTPUT_ROWS)} (or CTY_TAXSUB)",
            )
    if not sector_rows:
        raise fail(name, FORMAT, "no CTY_IND row labels")
    row_labels = [rows[i] for i in sector_rows]
    row_countries = list(dict.fromkeys(lab.split("_", 1)[0] for lab in row_labels))
    splits = {
        c: tuple(sorted(p for p in row_countries if rx.match(p)))
        for c, rx in SPLIT_PARTS.items()
        if any(rx.match(p) for p in row_countries)
    }
    reported = {p: c for c, parts in splits.items() for p in parts}
    dest_countries = {reported.get(c, c) for c in row_countries}
    sector_set = set(row_labels)
    z_cols, fd_cols, out_col, disc_cols = [], [], None, []
    for j, c in enumerate(cols):
        if c in OUTPUT_COLS:
            out_col = j
        elif c in sector_set:
            z_cols.append(j)
        elif _fd_label(c, dest_countries):
            fd_cols.append(j)
        elif "DISC" in c.upper():
            disc_cols.append(j)
        else:
            raise fail(
                name,
                FORMAT,
                f"column label {c!r} (column {j + 2}) is neither a CTY_IND sector of the rows, "
                f"a final-demand column CTY_{{{','.join(FD_CATEGORIES[:6])}}} nor "
                f"{'/'.join(OUTPUT_COLS)}",
            )
    totals = va_rows + ([out_row] if out_row is not None else [])
    if totals:  # 2016: the VA+TAXSUB and OUT rows are blank under final demand
        df = df.copy()
        df.iloc[totals] = df.iloc[totals].replace("", np.nan).fillna(0)
    values = numeric(df, name, FORMAT)
    row_at = {r: i for i, r in enumerate(rows)}
    # CHN_/MEX_ blocks kept beside their splits: all zero, or the national total (dropped)
    dropped = [lab for lab in row_labels if lab.split("_", 1)[0] in splits]
    duplicate = _national_totals(values, rows, cols, row_at, dropped, splits, sector_rows,
                                 z_cols, fd_cols, name)  # fmt: skip
    keep = [lab for lab in row_labels if lab not in set(dropped)]
    countries = _country_order(row_countries, splits)
    industries = list(dict.fromkeys(lab.split("_", 1)[1] for lab in keep))
    order = [f"{c}_{i}" for c in countries for i in industries]
    missing = [lab for lab in order if lab not in sector_set]
    if missing or len(order) != len(keep):
        raise fail(
            name,
            FORMAT,
            f"sector {missing[0] if missing else keep[0]!r} breaks the countries x industries "
            f"grid ({len(countries)} countries x {len(industries)} industries expected)",
        )
    col_of = {cols[j]: j for j in z_cols}
    absent = [lab for lab in order if lab not in col_of]
    if absent:
        raise fail(name, FORMAT, f"row sector {absent[0]!r} has no column of the same label")
    extra = [cols[j] for j in z_cols if cols[j] not in set(order) and cols[j] not in dropped]
    if extra:
        raise fail(name, FORMAT, f"column {extra[0]!r} has no row of the same label")
    ri = np.array([row_at[lab] for lab in order])
    ci = np.array([col_of[lab] for lab in order])
    Z = values[np.ix_(ri, ci)]
    G = len(countries)
    dest_pos = {c: countries.index(splits[c][0] if c in splits else c) for c in dest_countries}
    F = np.zeros((len(order), G))
    cats = []
    for j in fd_cols:
        dest, cat = _fd_label(cols[j], dest_countries)
        F[:, dest_pos[dest]] += values[ri, j]
        cats.append(cat)
    own = np.repeat([dest_pos[reported.get(c, c)] for c in countries], len(industries))
    for j in disc_cols:  # the statistical discrepancy goes to own final demand
        F[np.arange(len(order)), own] += values[ri, j]
    if out_col is not None:  # the published output (less any part's repeat in a total column)
        x = values[ri, out_col] - duplicate[ri]
    elif out_row is not None:  # 2016: no output column; the OUT row is output by column
        x = values[out_row, ci]
    else:
        x = Z.sum(axis=1) + F.sum(axis=1)
    if out_row is not None and out_col is not None:
        colx = values[out_row, ci]
        bad = mismatched(colx, x)
        if bad.size:
            k = bad[0]
            raise fail(
                name,
                FORMAT,
                f"sector {order[k]}: output row {rows[out_row]} = {colx[k]:g} but output column "
                f"= {x[k]:g}",
            )
    single = {c: parts[0] for c, parts in splits.items() if len(parts) == 1}
    if single:  # one part only (2018: MEX beside MX1): the part is the country, nothing to merge
        countries = [{p: c for c, p in single.items()}.get(c, c) for c in countries]
        splits = {c: parts for c, parts in splits.items() if c not in single}
    return IcioTable(
        "oecd-icio",
        name,
        year if year is not None else file_year,
        "millions of current USD",
        tuple(countries),
        tuple(industries),
        Z,
        F,
        x,
        tuple(dict.fromkeys(cats)),
        splits,
        notes={"single_part_splits": single} if single else {},
    )


def _inner_csv(path: Path, member: str) -> bool:
    """True when the zip ``member`` of ``path`` holds a CSV whose header is an OECD ICIO one."""
    import csv

    try:
        with zipfile.ZipFile(path) as zf, zipfile.ZipFile(io.BytesIO(zf.read(member))) as inner:
            csvs = [n for n in inner.namelist() if n.lower().endswith(".csv")]
            if not csvs:
                return False
            with inner.open(csvs[0]) as fh:
                line = io.TextIOWrapper(fh, encoding="utf-8-sig", errors="replace").readline()
    except (zipfile.BadZipFile, OSError, EOFError):
        return False
    return is_oecd_header(next(csv.reader([line]), []))


def detect(probe: Probe) -> bool:
    """A CSV with an OECD header, or the November 2023 release's zip of per-period zips."""
    if probe.kind == "csv":
        return bool(probe.header) and is_oecd_header(probe.header)
    if probe.kind != "zip":
        return False
    files = [n for n in probe.names if not n.endswith("/")]
    return (
        bool(files)
        and all(n.lower().endswith(".zip") for n in files)
        and (_inner_csv(probe.path, files[0]))
    )


def any_csv_zip(probe: Probe) -> bool:
    """Any zip holding a CSV that no format claimed: read as OECD ICIO, whose parser names
    the first label that does not fit."""
    return probe.kind == "zip" and any(n.lower().endswith(".csv") for n in probe.names)


TABLE_FORMAT = TableFormat(
    name="oecd-icio",
    title="OECD ICIO",
    expected="an OECD ICIO CSV/zip (header CTY_IND ... TOTAL or OUT)",
    detect=detect,
    fallback=any_csv_zip,
    read=read_oecd_icio,
)
