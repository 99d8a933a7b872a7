"""Eora26 multi-region input-output tables (189 countries x 26 sectors + ROW), parsed by gvc.

Source: Lenzen, Kanemoto, Moran and Geschke (2012, 2013), the Eora global MRIO, Eora26
"simplified" tables (worldmrio.com/eora26; free academic account; 1990-2016 open).
Monetary values: thousands of current US dollars, basic prices (``bp``) or purchasers' (``pp``).

One zip per year and price, ``Eora26_YYYY_bp.zip``, with tab-separated text files without headers:
``Eora26_YYYY_bp_T.txt`` (intermediate use, rows and columns as ``labels_T.txt``),
``_FD.txt`` (rows as ``labels_T``, columns as ``labels_FD.txt``: 6 categories per country),
``_VA.txt`` (primary inputs, rows as ``labels_VA.txt``, columns as ``labels_T``), plus the
satellite ``_Q.txt`` / ``_QY.txt`` (not read). The label files are inside the zip or, in some
releases, in the separate ``indices.zip`` beside it. Label lines: ``country name<TAB>code<TAB>
Industries<TAB>sector`` (``Final Demand`` and the category in ``labels_FD``). Codes are Eora's
ISO3 variant: ``SUD`` (Sudan) and ``SDS`` (South Sudan) become ISO3 ``SDN`` and ``SSD``; the
former USSR ``USR`` and Netherlands Antilles ``ANT`` have no current ISO3 code and are kept.

The last entity, code ``ROW``, is one row and column (sector ``TOTAL``, elsewhere called the
statistical discrepancy) plus its final-demand columns. It is not a country of the grid. gvc keeps
its flows instead of dropping them: sales to the ROW column and ROW final demand are added to the
seller's own final demand (as the OECD discrepancy column), and ROW's row of inputs is a primary
input (it ends up in value added v = x - Z'1). Gross output x = T 1 + FD 1 as published, so
x = Z 1 + F 1 holds exactly. Negative cells (inventories, some T cells) are kept. ROW's own row
of final demand (its sales to final users) has no seller in the grid and is not read.
This choice has a direction: it raises domestic content and lowers foreign content, gross
exports and forward participation, by about the shares of ROW in each country's inputs and
sales, which ``ICIO.meta["row_input_share"]`` and ``["row_sales_share"]`` report (a simulation
that folded WIOD's 35-sector RoW this way moved China's FC share of gross exports from 0.218
to 0.145; Eora's ROW is a discrepancy entity and is usually much smaller). ``row="region"``
(``gvc.read_icio(..., eora_row="region")``) keeps ROW as a one-sector partner region instead.

Why not ``pymrio.parse_eora26`` (0.7.0): it drops the ROW row and columns (so output no longer
equals the row sums it drops), requires the satellite files, and takes year and price from the
file name. A test pins that behaviour.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from gvc.sources.bundle import Bundle
from gvc.sources.icio_table import (
    IcioTable,
    TableFormat,
    check_column_balance,
    fail,
    year_in,
)

FORMAT = "Eora26 (zip of Eora26_YYYY_bp_T/FD/VA.txt with labels_T/FD/VA.txt)"
DATA = {
    "T": re.compile(r"_T\.txt$"),
    "FD": re.compile(r"_FD\.txt$"),
    "VA": re.compile(r"_VA\.txt$"),
}
LABELS = ("labels_T.txt", "labels_FD.txt", "labels_VA.txt")
DISCREPANCY = "ROW"
ISO3 = {"SUD": "SDN", "SDS": "SSD"}  # Eora's own codes -> ISO 3166 alpha-3
UNIT = "thousands of current USD"


def is_eora_zip(names: list[str]) -> bool:
    """True when a zip's (or folder's) file names are those of an Eora26 year."""
    base = [n.rsplit("/", 1)[-1] for n in names]
    return "labels_T.txt" in base or any(re.match(r"Eora26_\d{4}_(bp|pp)_T\.txt$", b) for b in base)


def _members(path: Path) -> tuple[dict[str, bytes], dict[str, str]]:
    """The data and label files of the zip or folder (labels from ``indices.zip`` beside it
    when absent), and the names of the T, FD and VA files."""
    b = Bundle(path)
    names = b.names()
    out: dict[str, bytes] = {}
    found: dict[str, str] = {}
    for key, rx in DATA.items():
        hits = [n for n in names if rx.search(n) and "labels" not in n]
        if len(hits) != 1:
            raise fail(
                path,
                FORMAT,
                f"{len(hits)} files end in _{key}.txt (expected one, e.g. Eora26_2015_bp_{key}.txt)",
            )
        out[key] = b.read(hits[0])
        found[key] = hits[0]
    for lab in LABELS:
        hit = [n for n in names if n.rsplit("/", 1)[-1] == lab]
        if hit:
            out[lab] = b.read(hit[0])
    missing = [lab for lab in LABELS if lab not in out]
    indices = Bundle(path.parent / "indices.zip")
    if missing and indices.path.is_file():
        for n in indices.names():
            if n.rsplit("/", 1)[-1] in missing:
                out[n.rsplit("/", 1)[-1]] = indices.read(n)
        missing = [lab for lab in LABELS if lab not in out]
    if missing:
        raise fail(
            path,
            FORMAT,
            f"label file {missing[0]} is missing (neither in the table nor in indices.zip beside it)",
        )
    return out, found


def _labels(data: bytes, name: str, kind: str | None, path: Path) -> list[list[str]]:
    """Label lines as fields (trailing empty fields dropped); ``kind``: the third field."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    rows = []
    for k, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        f = [s.strip() for s in line.split("\t")]
        while f and f[-1] == "":
            f.pop()
        if kind is not None and (len(f) < 4 or f[2] != kind):
            raise fail(
                Bundle(path).label(name),
                FORMAT,
                f"line {k} {line.strip()!r} is not 'country<TAB>code<TAB>{kind}<TAB>name'",
            )
        rows.append(f)
    if not rows:
        raise fail(Bundle(path).label(name), FORMAT, "the label file is empty")
    return rows


def _matrix(data: bytes, name: str, shape: tuple[int, int], rows, cols) -> np.ndarray:
    """A headerless tab-separated block of ``shape``; non-numbers named by row and column."""
    from gvc.sources.oecd_icio import numeric

    try:  # numbers parse as float64 directly; a column with text stays object (named below)
        df = pd.read_csv(io.BytesIO(data), sep="\t", header=None, keep_default_na=False,
                         na_values=[""])  # fmt: skip
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise fail(name, FORMAT, f"cannot be parsed as tab-separated numbers ({exc})") from exc
    if df.shape[1] == shape[1] + 1 and df.iloc[:, -1].isna().all():
        df = df.iloc[:, :-1]  # a trailing tab on every line
    if df.shape != shape:
        raise fail(
            name,
            FORMAT,
            f"{df.shape[0]} rows x {df.shape[1]} columns, but the label files give "
            f"{shape[0]} x {shape[1]}",
        )
    df.index, df.columns = rows, cols
    return numeric(df, name, FORMAT)


ROW_OPTIONS = ("fold", "region")
"""``row=`` of :func:`read_eora26`: fold ROW into its trading partners (default), or keep it as
a one-sector partner region ``ROW`` (its other sectors padded with zeros)."""


def read_eora26(path: str | Path, year: int | None = None, row: str = "fold") -> IcioTable:
    """Read one Eora26 zip (or its extracted folder) into an ``IcioTable``.

    ``row="fold"`` (default) handles ROW as described in the module; ``row="region"`` keeps it as
    a partner region ``ROW`` whose single sector sits in the grid's first industry (the others
    are all-zero), so sales to ROW are exports, ROW inputs are foreign content and ROW's own
    final demand is kept: domestic and foreign content then add up as for any other partner."""
    if row not in ROW_OPTIONS:
        from gvc.errors import ValidationError

        raise ValidationError(f"eora_row={row!r}: use one of {ROW_OPTIONS}")
    path = Path(path)
    files, found = _members(path)
    t_name = found["T"]
    lt = _labels(files["labels_T.txt"], "labels_T.txt", "Industries", path)
    lf = _labels(files["labels_FD.txt"], "labels_FD.txt", "Final Demand", path)
    lv = _labels(files["labels_VA.txt"], "labels_VA.txt", None, path)
    codes = [f[1] for f in lt]
    sectors = [f[3] for f in lt]
    countries = [c for c in dict.fromkeys(codes) if c != DISCREPANCY]
    if not countries:
        raise fail(Bundle(path).label("labels_T.txt"), FORMAT, "no country besides ROW")
    industries = [s for c, s in zip(codes, sectors, strict=True) if c == countries[0]]
    n_row = codes.count(DISCREPANCY)
    if n_row == len(industries):  # a ROW with full sectors is an ordinary country
        countries.append(DISCREPANCY)
        n_row = 0
    if n_row > 1:
        raise fail(path, FORMAT, f"ROW has {n_row} sectors in labels_T.txt; expected 1 or "
                   f"{len(industries)}")  # fmt: skip
    grid = [(c, s) for c in countries for s in industries]
    grid += [(DISCREPANCY, sectors[codes.index(DISCREPANCY)])] if n_row else []
    got = list(zip(codes, sectors, strict=True))
    if got != grid:
        k = next((i for i, (a, b) in enumerate(zip(got, grid, strict=False)) if a != b),
                 min(len(got), len(grid)))  # fmt: skip
        what = f"line {k + 1} ({'_'.join(got[k])})" if k < len(got) else "the end of the file"
        raise fail(
            Bundle(path).label("labels_T.txt"),
            FORMAT,
            f"{what} breaks the countries x sectors grid ({len(countries)} countries x "
            f"{len(industries)} sectors{' + ROW' if n_row else ''} expected)",
        )
    tl = [f"{c}_{s}" for c, s in got]
    fd_dest = [f[1] for f in lf]
    fl = [f"{f[1]}_{f[3]}" for f in lf]
    bad = [d for d in fd_dest if d not in countries and d != DISCREPANCY]
    if bad:
        raise fail(
            Bundle(path).label("labels_FD.txt"),
            FORMAT,
            f"destination {bad[0]!r} is not in labels_T",
        )
    vl = [" ".join(f) for f in lv]
    nT = len(tl)
    T = _matrix(files["T"], Bundle(path).label(t_name), (nT, nT), tl, tl)
    FD = _matrix(files["FD"], Bundle(path).label(found["FD"]), (nT, len(fl)), tl, fl)
    VA = _matrix(files["VA"], Bundle(path).label(found["VA"]), (len(vl), nT), vl, tl)
    n = len(countries) * len(industries)
    N = len(industries)
    Z = T[:n, :n]
    G = len(countries)
    F = np.zeros((n, G))
    for j, d in enumerate(fd_dest):
        if d != DISCREPANCY:
            F[:, countries.index(d)] += FD[:n, j]
    own = np.repeat(np.arange(G), N)
    disc = T[:n, n:].sum(axis=1) + FD[
        :n, [j for j, d in enumerate(fd_dest) if d == DISCREPANCY]
    ].sum(axis=1)
    F[np.arange(n), own] += disc
    x = T[:n].sum(axis=1) + FD[:n].sum(axis=1)
    inputs = Z.sum(axis=0) + T[n:, :n].sum(axis=0) + VA[:, :n].sum(axis=0)
    check_column_balance(x, inputs, tl, str(path), "primary inputs")
    if row == "region" and n_row:
        return _with_row_region(path, year, t_name, countries, industries, T, FD, fd_dest, lf, n)
    names = {f"E{k + 1:02d}": s for k, s in enumerate(industries)}
    iso = _iso3(countries)
    by_country = lambda v: v.reshape(G, N).sum(axis=1)  # noqa: E731
    with np.errstate(divide="ignore", invalid="ignore"):
        row_in = by_country(T[n:, :n].sum(axis=0)) / by_country(inputs)
        row_out = by_country(disc) / by_country(x)
    notes = {
        "row_treatment": "Eora's ROW (statistical discrepancy) folded: sales to ROW count as the "
        "seller's own final demand, ROW inputs as the buyer's value added; this raises domestic "
        "content and lowers foreign content, gross exports and forward participation by the "
        "shares in row_input_share / row_sales_share",
        "row_input_share": dict(zip(iso, np.round(row_in, 6).tolist(), strict=True)),
        "row_sales_share": dict(zip(iso, np.round(row_out, 6).tolist(), strict=True)),
    }
    return IcioTable(
        "eora26",
        str(path),
        year if year is not None else year_in(t_name) or year_in(path.name),
        UNIT,
        tuple(iso),
        tuple(names),
        Z,
        F,
        x,
        tuple(dict.fromkeys(f[3] for f in lf)),
        {},
        names,
        notes,
    )


def _iso3(codes: list[str]) -> list[str]:
    """Eora codes with ``ISO3`` applied, unless the ISO3 code is in the table already."""
    return [ISO3[c] if c in ISO3 and ISO3[c] not in codes else c for c in codes]


def _with_row_region(path, year, t_name, countries, industries, T, FD, fd_dest, lf, n):
    """``row="region"``: ROW as a partner region with one active sector (the first), padded."""
    G, N = len(countries), len(industries)
    n2 = (G + 1) * N
    r = G * N  # ROW's active sector
    pos = np.r_[np.arange(n), r]  # table rows/cols -> grid positions
    Z = np.zeros((n2, n2))
    Z[np.ix_(pos, pos)] = T[: n + 1, : n + 1]
    dest = [countries.index(d) if d != DISCREPANCY else G for d in fd_dest]
    F = np.zeros((n2, G + 1))
    for j, c in enumerate(dest):
        F[pos, c] += FD[: n + 1, j]
    x = Z.sum(axis=1) + F.sum(axis=1)
    names = {f"E{k + 1:02d}": s for k, s in enumerate(industries)}
    notes = {
        "row_treatment": "Eora's ROW (statistical discrepancy) kept as a partner region 'ROW' "
        "with one active sector (its first industry; the others all zero)"
    }
    return IcioTable(
        "eora26",
        str(path),
        year if year is not None else year_in(t_name) or year_in(Path(path).name),
        UNIT,
        (*_iso3(countries), DISCREPANCY),
        tuple(names),
        Z,
        F,
        x,
        tuple(dict.fromkeys(f[3] for f in lf)),
        {},
        names,
        notes,
    )


def _read(path: str | Path, year: int | None = None, eora_row: str = "fold") -> IcioTable:
    return read_eora26(path, year, row=eora_row)


TABLE_FORMAT = TableFormat(
    name="eora26",
    title="Eora26",
    expected="an Eora26 zip (labels_T.txt, Eora26_YYYY_bp_T.txt)",
    detect=lambda probe: probe.kind in ("folder", "zip") and is_eora_zip(probe.names),
    read=_read,
    options=("eora_row",),
)
