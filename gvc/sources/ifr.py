"""A user's own IFR World Robotics file (licensed; gvc never ships or downloads it).

Place the file in ``data/raw/ifr/`` as CSV, XLSX or Stata ``.dta``. Two layouts are read:

- IFR's long extract (one row per country x industry x year), with IFR's own column names::

      Year,countrycode,country,industrycode,industry,delivered,op_stock
      2019,DE,Germany,D,Manufacturing,20473,221547
      2019,SL,Slovenia,29,Automotive,610,4010

- gvc's simple layout (kept for older files)::

      country,industry,year,installations,operational_stock

Column names are matched ignoring case, spaces, underscores and hyphens (``Op Stock``,
``OP_STOCK``, ``Operational stock`` all work); title lines above the header are skipped; an
XLSX file is read from the first sheet that has the header (the error lists the sheets when none
has). ``delivered`` = installations (units installed in the year); ``op_stock`` = operational
stock (units in operation at year end, IFR's 12-year service life). Optional ``density_per_10k``.
Numbers as users write them: ``221,547``, ``221 547`` and, in files saved with European settings
(``;`` separator), ``221.547`` and decimal commas; an ambiguous file is an error saying so.

Countries: IFR's codes are IFR's own, not ISO codes (``SL`` Slovenia, ``CR`` Croatia, ``RCH``
Chile, ``UK`` United Kingdom, ``AM`` the America aggregate). They are looked up only in IFR's code
table ``data/ifr_countries.csv`` and never converted as ISO codes. When a row has both a code and a
name, the name decides (names of other editions, ``Turkey``, ``Korea``, ``Czechia``, and
mis-encoded UTF-8 such as ``TÃ¼rkiye`` work; names outside the table go through
country_converter); a code that disagrees is listed. Regional aggregates and residual groups
(``WR`` World, ``WEU`` Western Europe, "Others not specified", ...) are kept with
``iso3 = "IFR:<name>"`` and ``is_country = False``. Industries: IFR codes, validated against
``data/ifr_industries.csv`` (see :mod:`gvc.sources.ifr_industries`).

A problem in one row (an unmapped country, an unknown industry code, a blank, non-numeric,
negative or non-finite value) leaves out that row only; :func:`read_ifr_file` returns those rows
as a problem list that ``gvc build`` prints and the ``ifr_files`` table keeps. A file that
cannot be read at all (not a table, no IFR header, a year that is not a whole number, no usable
row) raises :class:`~gvc.errors.DataError` naming the file, the row and the column.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from gvc.errors import DataError
from gvc.sources.csv_numbers import NumberFormat, detect, parse, sniff_separator

SUFFIXES = (".csv", ".xlsx", ".xls", ".dta")
DATA_DIR = Path(__file__).resolve().parent / "data"

ALIASES = {
    "year": ("year",),
    "country_code": ("countrycode", "ctrycode", "countryiso", "iso2", "code"),
    "country": ("country", "countryname"),
    "industry_code": ("industrycode", "indcode", "ifrindustrycode"),
    "industry": ("industry", "industryname", "sector"),
    "installations": ("delivered", "installations", "installed", "deliveries"),
    "operational_stock": ("opstock", "operationalstock", "stock"),
    "density_per_10k": ("densityper10k", "robotdensity", "density"),
}
"""Canonical column -> accepted names after :func:`_squash` (lower case, no space/_/-)."""

VALUE_COLUMNS = ("installations", "operational_stock", "density_per_10k")
MISSING = {"", "-", "..", "n/a", "na", "nan", "none"}
"""Cell contents read as 'not reported' in the value columns (IFR leaves gaps blank)."""

AGGREGATE = re.compile(
    r"^(other|others|all other)\b|not specified|unspecified|rest of|\btotal\b", re.I
)
"""Names of residual groups and totals, besides the aggregates listed in ifr_countries.csv."""

UPPER_BOUNDS = {"density_per_10k": 10_000.0}
"""Upper bounds of plausible values (density: robots per 10,000 employees; the highest published
national figure is about 1,000)."""


@dataclass
class IfrFile:
    """One IFR file as read: ``rows`` (see :func:`read_ifr_file`) and ``problems``, a frame with
    ``status`` ('row left out', 'unmapped', 'code disagrees', 'code unknown', and the note
    'number format' for a file read with decimal commas), ``n_rows`` and a one-line ``message``
    naming the file, rows and column."""

    rows: pd.DataFrame
    problems: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(
            {
                "status": pd.Series(dtype=str),
                "n_rows": pd.Series(dtype="int64"),
                "message": pd.Series(dtype=str),
            }
        )
    )

    def _repr_html_(self) -> str:
        """In Jupyter: the rows read and the problem list as tables."""
        head = (
            f"<p>IFR file: {len(self.rows):,} rows read, "
            f"{self.rows['iso3'].nunique() if len(self.rows) else 0} countries and aggregates; "
            f"{len(self.problems)} problem(s)</p>"
        )
        probs = self.problems.to_html(index=False) if len(self.problems) else ""
        return head + probs + self.rows.head(10).to_html(index=False)


class _Problems:
    """Collects row problems; one entry per (status, message) with its rows."""

    def __init__(self, path: Path):
        self.path = path
        self.items: dict[tuple[str, str], list[int]] = {}

    def add(self, status: str, what: str, rows) -> None:
        rows = [int(r) for r in rows]
        if rows:
            self.items.setdefault((status, what), []).extend(rows)

    def frame(self) -> pd.DataFrame:
        out = []
        for (status, what), rows in self.items.items():
            rows = sorted(set(rows))
            out.append((status, len(rows), f"{self.path.name}: {_rows_text(rows)}: {what}"))
        df = pd.DataFrame(out, columns=["status", "n_rows", "message"])
        return df.astype({"status": str, "n_rows": "int64", "message": str})


def _rows_text(rows: list[int]) -> str:
    if len(rows) == 1:
        return f"row {rows[0]}"
    shown = ", ".join(map(str, rows[:5]))
    more = f", ... ({len(rows)} rows)" if len(rows) > 5 else ""
    return f"rows {shown}{more}"


def _squash(c: object) -> str:
    return re.sub(r"[\s_\-\.]+", "", str(c).strip().lower())


def fix_mojibake(s: str) -> str:
    """Undo UTF-8 read as Latin-1/cp1252 (``TÃ¼rkiye`` -> ``Türkiye``); other text unchanged."""
    if not isinstance(s, str) or not re.search("[\u00c2-\u00f4][\u0080-\u00bf\u2018-\u203a]", s):
        return s
    for enc in ("cp1252", "latin-1"):
        try:
            return s.encode(enc).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return s


# ----------------------------------------------------------------------------- raw reading
def _decode(path: Path) -> str:
    raw = path.read_bytes()
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def _header_at(rows: list[list[str]]) -> int | None:
    for i, r in enumerate(rows[:30]):
        names = {_squash(c) for c in r}
        if "year" in names and names & {"country", "countrycode", "countryname"}:
            return i
    return None


NO_HEADER = (
    "no header row with 'Year' and 'country'/'countrycode' in the first 30 rows; supply IFR's "
    "long extract (Year, countrycode, country, industrycode, industry, delivered, op_stock) or "
    "gvc's layout (country, industry, year, installations, operational_stock)."
)


@dataclass
class RawTable:
    """The file's table as strings: ``frame``, ``rows`` (file row number of each data row),
    ``delimiter`` (CSV only) and ``ragged`` (file rows whose field count differs)."""

    frame: pd.DataFrame
    rows: list[int]
    delimiter: str | None = None
    ragged: list[int] = field(default_factory=list)


def _table(rows: list[list[str]], path: Path, delimiter: str | None = None) -> RawTable:
    h = _header_at(rows)
    if h is None:
        raise DataError(f"{path}: {NO_HEADER}")
    header = [str(c).strip() for c in rows[h]]
    while header and not header[-1]:
        header.pop()
    n = len(header)
    body, numbers, ragged = [], [], []
    last = max((j for j, r in enumerate(rows) if any(str(c).strip() for c in r)), default=h)
    for j in range(h + 1, len(rows)):
        r = rows[j]
        if not any(str(c).strip() for c in r):
            continue
        extra = [c for c in r[n:] if str(c).strip()]
        if len(r) < n or extra:
            if j == last and len(r) < n:
                raise DataError(
                    f"{path}: row {j + 1}, the last row, has {len(r)} fields but the header has "
                    f"{n}; the file is truncated (copy or export it again)."
                )
            ragged.append(j + 1)
            continue
        body.append((list(r) + [""] * n)[:n])
        numbers.append(j + 1)
    frame = pd.DataFrame(body, columns=header, dtype=object)
    return RawTable(frame, numbers, delimiter, ragged)


def _cell(v: object) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _excel(path: Path) -> RawTable:
    sheets = pd.read_excel(path, header=None, dtype=object, sheet_name=None)
    for df in sheets.values():
        rows = [["" if pd.isna(v) else _cell(v) for v in r] for r in df.itertuples(index=False)]
        if _header_at(rows) is not None:
            return _table(rows, path)
    raise DataError(f"{path}: none of the sheets {list(sheets)} has IFR's header; {NO_HEADER}")


def read_raw(path: str | Path) -> RawTable:
    """The file's table as strings (see :class:`RawTable`)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise DataError(f"{path}: unsupported file type; use one of {', '.join(SUFFIXES)}")
    try:
        if suffix == ".csv":
            text = _decode(path)
            sep = sniff_separator(text[:65536])
            rows = list(csv.reader(io.StringIO(text), delimiter=sep))
            return _table(rows, path, sep)
        if suffix in (".xlsx", ".xls"):
            return _excel(path)
        df = pd.read_stata(path, convert_categoricals=True)
        rows = [list(df.columns)]
        rows += [["" if pd.isna(v) else _cell(v) for v in r] for r in df.itertuples(index=False)]
        return _table(rows, path)
    except DataError:
        raise
    except Exception as exc:  # any reader failure on a damaged file
        raise DataError(f"{path}: cannot be read as {suffix[1:].upper()} ({exc})") from exc


# ----------------------------------------------------------------------------- columns
def canonical_columns(df: pd.DataFrame, path: Path) -> pd.DataFrame:
    """Rename the file's columns to gvc's canonical names; raise naming what is missing."""
    found: dict[str, str] = {}
    squashed = {c: _squash(c) for c in df.columns}
    for canon, names in ALIASES.items():
        for c, s in squashed.items():
            if s in names and canon not in found and c not in found.values():
                found[canon] = c
    if "industry_code" not in found and "industry" in found:
        found["industry_code"] = found.pop("industry")  # simple layout: 'industry' is the code
    missing = [
        c for c in ("year", "industry_code", "installations", "operational_stock") if c not in found
    ]
    if "country" not in found and "country_code" not in found:
        missing.insert(0, "country or countrycode")
    if missing:
        raise DataError(
            f"{path}: missing column(s) {missing}; found {list(df.columns)[:15]}. Expected IFR's "
            "names (Year, countrycode, country, industrycode, industry, delivered, op_stock)."
        )
    out = df.rename(columns={v: k for k, v in found.items()})[list(found)]
    out.attrs["file_columns"] = dict(found)  # canonical -> the file's own name, for messages
    return out


# ----------------------------------------------------------------------------- numbers
_SPACES = re.compile(r"[\s\u00a0\u202f']")


def number_style(df: pd.DataFrame, path: Path, delimiter: str | None) -> NumberFormat:
    """The number format of the value columns (:func:`gvc.sources.csv_numbers.detect`): robot
    counts are whole numbers, so ``1.500`` in a count read as 1.5 makes the file ambiguous
    unless it is European (``;``); a file that could be either raises."""
    cols = [c for c in VALUE_COLUMNS if c in df]
    names = df.attrs.get("file_columns", {})
    return detect(
        {names.get(c, c): df[c] for c in cols},
        path,
        separator=delimiter,
        whole=[names.get(c, c) for c in ("installations", "operational_stock")],
    )


def _numbers(
    df: pd.DataFrame, column: str, style: NumberFormat, lines: np.ndarray, problems: _Problems
) -> pd.Series:
    """Values of ``column`` as floats; problem cells become NaN and are recorded (row left out
    unless the cell is merely blank)."""
    raw = df[column].astype(str).str.strip()
    column = df.attrs.get("file_columns", {}).get(column, column)
    missing = raw.str.lower().isin(MISSING)
    out = parse(raw.where(~missing), style)
    bad = out.isna() & ~missing
    for v in raw[bad].unique()[:20]:
        problems.add("row left out", f"column '{column}': {v!r} is not a number", lines[raw == v])
    if bad.sum() and raw[bad].nunique() > 20:
        rest = bad & ~raw.isin(raw[bad].unique()[:20])
        problems.add("row left out", f"column '{column}': not a number", lines[rest.to_numpy()])
    vals = out.to_numpy()
    inf = np.isinf(vals)
    problems.add("row left out", f"column '{column}': not a finite number", lines[inf])
    neg = vals < 0
    problems.add("row left out", f"column '{column}': negative value", lines[neg])
    top = UPPER_BOUNDS.get(column)
    high = vals > top if top is not None else np.zeros(len(vals), bool)
    if high.any():
        problems.add(
            "row left out",
            f"column '{column}': above the plausible maximum {top:,.0f} (robots per 10,000 "
            "employees); check the unit",
            lines[high & ~inf],
        )
    return out.mask(bad | inf | neg | high)


def _note_decimal_commas(
    df: pd.DataFrame,
    values: dict[str, pd.Series],
    style: NumberFormat,
    delimiter: str | None,
    lines: np.ndarray,
    problems: _Problems,
) -> None:
    """A ``number format`` entry when the file's numbers were read with decimal commas: the
    rows holding one and the first cell with its value, so a user sees how ``1.234,5`` was read
    (1234.5) without opening the table. Nothing for files with decimal points."""
    if style.decimal != ",":
        return
    names = df.attrs.get("file_columns", {})
    has = pd.Series(False, index=df.index)
    first = None
    for c, v in values.items():
        hit = df[c].astype(str).str.contains(",", regex=False) & v.notna()
        if hit.any() and first is None:
            i = int(hit.to_numpy().nonzero()[0][0])
            first = (lines[i], names.get(c, c), str(df[c].iloc[i]).strip(), v.iloc[i])
        has |= hit
    if first is None:
        return
    sep = f" in this {_separator_name(delimiter)}-separated file" if delimiter else ""
    problems.add(
        "number format",
        f"numbers read with decimal commas{sep} (first: row {first[0]}, column "
        f"'{first[1]}': {first[2]!r} read as {first[3]:g}); if that is wrong, save the file "
        "again with plain numbers",
        lines[has.to_numpy()],
    )


def _separator_name(delimiter: str) -> str:
    return {",": "','", ";": "';'", "\t": "tab"}.get(delimiter, repr(delimiter))


# ----------------------------------------------------------------------------- countries
@lru_cache(maxsize=1)
def country_table() -> pd.DataFrame:
    """``data/ifr_countries.csv``: IFR's country and aggregate codes, names, aliases, ISO3."""
    return pd.read_csv(DATA_DIR / "ifr_countries.csv", dtype=str, keep_default_na=False)


def _name_key(s: str) -> str:
    return re.sub(r"\s+", " ", fix_mojibake(str(s))).strip().lower()


@lru_cache(maxsize=1)
def _lookups() -> tuple[dict[str, tuple[str, bool, str]], dict[str, tuple[str, bool, str]]]:
    """(IFR code -> entry, name key -> entry); entry = (iso3 or IFR:<name>, is_country, label)."""
    by_code, by_name = {}, {}
    for r in country_table().itertuples(index=False):
        entry = (
            (r.iso3, True, r.ifr_name)
            if r.kind == "country"
            else (f"IFR:{r.ifr_name}", False, r.ifr_name)
        )
        if r.ifr_code:
            by_code[r.ifr_code.upper()] = entry
        for n in [r.ifr_name, *filter(None, r.aliases.split("|"))]:
            by_name[_name_key(n)] = entry
    return by_code, by_name


def _coco_names(values: list[str]) -> dict[str, str]:
    """Country names outside IFR's table -> ISO3 by country_converter (names only, never codes)."""
    if not values:
        return {}
    import logging

    import country_converter as coco

    from gvc.sources.country_codes import FIXES

    logging.getLogger("country_converter").setLevel(logging.ERROR)
    out = {v: FIXES[v] for v in values if v in FIXES}
    todo = [v for v in values if v not in out]
    if todo:
        conv = coco.CountryConverter().convert(todo, to="ISO3", not_found="\x00")
        conv = [conv] if isinstance(conv, str) else conv
        out |= {v: c for v, c in zip(todo, conv, strict=True) if re.fullmatch(r"[A-Z]{3}", str(c))}
    return out


def countries_to_iso3(
    codes: pd.Series | None,
    names: pd.Series | None,
    lines: np.ndarray,
    problems: _Problems,
    extra: dict[str, str] | None = None,
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(iso3, is_country, display name) per row (module docstring); unmapped rows get ``<NA>``
    and are recorded in ``problems``. ``extra`` maps further names to codes (the demo's synthetic
    countries)."""
    by_code, by_name = _lookups()
    by_name = by_name | {_name_key(k): (v, True, k) for k, v in (extra or {}).items()}
    by_code = by_code | {v.upper(): (v, True, k) for k, v in (extra or {}).items()}
    idx = (codes if codes is not None else names).index
    code = (
        codes.astype(str).str.strip().str.upper() if codes is not None else pd.Series("", idx)
    ).replace({"NAN": "", "NONE": ""})
    name = (
        names.astype(str).map(fix_mojibake).str.strip()
        if names is not None
        else pd.Series("", index=idx)
    )
    name = name.mask(name.str.lower().isin({"nan", "none"}), "")
    pairs = pd.DataFrame({"code": code.to_numpy(), "name": name.to_numpy()})
    groups = pairs.groupby(["code", "name"], sort=False).indices
    unknown_names = [
        nm
        for nm in pairs["name"].unique()
        if nm and _name_key(nm) not in by_name and not AGGREGATE.search(nm)
    ]
    coco = _coco_names(unknown_names)
    iso3 = np.full(len(pairs), None, dtype=object)
    is_c = np.zeros(len(pairs), dtype=bool)
    label = np.full(len(pairs), None, dtype=object)
    for (c, nm), pos in groups.items():
        k = _name_key(nm) if nm else ""
        from_name = None
        if k:
            if k in by_name:
                from_name = by_name[k]
            elif AGGREGATE.search(nm):
                lab = re.sub(r"\s+", " ", nm).strip()
                from_name = (f"IFR:{lab}", False, lab)
            elif nm in coco:
                from_name = (coco[nm], True, nm)
        from_code = by_code.get(c) if c else None
        entry = from_name or from_code
        rows = lines[pos]
        if from_name and from_code and from_name[0] != from_code[0]:
            problems.add(
                "code disagrees",
                f"countrycode {c!r} is IFR's code for {from_code[2]} but country {nm!r} is "
                f"{from_name[2]}; kept under the name ({from_name[0]})",
                rows,
            )
        elif from_name and c and not from_code:
            problems.add(
                "code unknown",
                f"countrycode {c!r} is not in IFR's code table; kept under country {nm!r} "
                f"({from_name[0]})",
                rows,
            )
        elif k and not from_name and from_code:
            problems.add(
                "code unknown",
                f"country {nm!r} is not a known name; kept under IFR's code {c!r} "
                f"({from_code[2]}, {from_code[0]})",
                rows,
            )
        if entry is None:
            what = f"country {nm!r}" if nm else f"countrycode {c!r}"
            problems.add(
                "unmapped",
                f"{what} is neither a country nor an aggregate in IFR's code table "
                "(gvc/sources/data/ifr_countries.csv); rows left out",
                rows,
            )
            continue
        iso3[pos], is_c[pos], label[pos] = entry
    return (
        pd.Series(iso3, index=idx, dtype="string"),
        pd.Series(is_c, index=idx, dtype=bool),
        pd.Series(label, index=idx, dtype="string"),
    )


# ----------------------------------------------------------------------------- reading
def read_ifr_file(path: str | Path, extra_countries: dict[str, str] | None = None) -> IfrFile:
    """Read one IFR file into long form, leaving out (and listing) rows with problems.

    ``rows``: ``source`` ('ifr'), ``file``, ``row`` (file row number), ``iso3``,
    ``country_name``, ``is_country``, ``industry`` (IFR code, canonical spelling), ``year``,
    ``installations``, ``operational_stock`` (units) and ``density_per_10k`` (robots per 10,000
    employees, when the file has it). ``extra_countries``: further country names -> codes (the
    demo's synthetic countries). Raises :class:`DataError` naming file, row and column when
    the file cannot be read at all.
    """
    from gvc.sources.ifr_industries import canonical_codes

    path = Path(path)
    if not path.is_file():
        raise DataError(
            f"{path}: IFR file not found{' (it is a folder)' if path.is_dir() else ''}; give the "
            "path of your IFR extract (CSV, XLSX or .dta)"
        )
    raw = read_raw(path)
    problems = _Problems(path)
    problems.add("row left out", "the number of fields differs from the header's", raw.ragged)
    df = canonical_columns(raw.frame, path)
    if df.empty:
        raise DataError(f"{path}: no data rows below the header")
    lines = np.asarray(raw.rows, dtype=np.int64)
    ycell = df["year"].astype(str).str.strip()
    years = pd.to_numeric(ycell.str.replace(_SPACES, "", regex=True), errors="coerce")
    blank = ycell.str.lower().isin(MISSING)
    problems.add("row left out", "column 'year': empty", lines[blank.to_numpy()])
    bad = (~blank & (years.isna() | ~np.isfinite(years) | (years % 1 != 0))) | ~(
        years.between(1950, 2100) | blank
    )
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise DataError(
            f"{path}: row {lines[i]}, column 'year': {ycell.iloc[i]!r} is not a year; the file "
            "is not a valid IFR extract (correct or re-export it)."
        )
    style = number_style(df, path, raw.delimiter)
    values = {c: _numbers(df, c, style, lines, problems) for c in VALUE_COLUMNS if c in df}
    _note_decimal_commas(df, values, style, raw.delimiter, lines, problems)
    both_blank = values["installations"].isna() & values["operational_stock"].isna()
    cell_bad = pd.Series(False, index=df.index)
    for c in VALUE_COLUMNS:
        if c in df:
            v = df[c].astype(str).str.strip().str.lower()
            cell_bad |= values[c].isna() & ~v.isin(MISSING)
    empty = both_blank & ~cell_bad & ~blank
    problems.add("row left out", "'delivered' and 'op_stock' both blank", lines[empty.to_numpy()])
    codes = canonical_codes(df["industry_code"], path, lines=lines, problems=problems)
    iso3, is_c, label = countries_to_iso3(
        df.get("country_code"), df.get("country"), lines, problems, extra_countries
    )
    out = pd.DataFrame(
        {
            "source": "ifr",
            "file": path.name,
            "row": lines,
            "iso3": iso3,
            "country_name": label,
            "is_country": is_c,
            "industry": codes,
            "year": years.astype("Int64"),
            "installations": values["installations"],
            "operational_stock": values["operational_stock"],
        }
    )
    if "density_per_10k" in values:
        out["density_per_10k"] = values["density_per_10k"]
    keep = ~(blank | both_blank | cell_bad | out["iso3"].isna() | out["industry"].isna())
    out = out[keep.to_numpy()]
    out = _drop_duplicates(out, problems)
    if out.empty:
        first = problems.frame()
        why = f"; first problem: {first['message'].iloc[0]}" if len(first) else ""
        raise DataError(f"{path}: no usable row{why}")
    out["year"] = out["year"].astype("int64")
    return IfrFile(out.reset_index(drop=True), problems.frame())


def _drop_duplicates(out: pd.DataFrame, problems: _Problems) -> pd.DataFrame:
    """Rows repeating a country x industry x year: identical repeats are kept once; conflicting
    ones are all left out and listed (gvc does not pick one)."""
    keys = ["iso3", "industry", "year"]
    vals = [c for c in ("installations", "operational_stock", "density_per_10k") if c in out]
    dup = out.duplicated(keys, keep=False)
    if not dup.any():
        return out
    d = out[dup]
    same = d.groupby(keys)[vals].nunique(dropna=False).le(1).all(axis=1)
    conflict_keys = same[~same].index
    conflict = d.set_index(keys).index.isin(conflict_keys)
    for key, g in d[conflict].groupby(keys):
        problems.add(
            "row left out",
            f"{key[0]} industry {key[1]} {key[2]} appears in several rows with different "
            "values; none is used (keep one)",
            g["row"],
        )
    drop_idx = d.index[conflict]
    repeats = d[~conflict]
    drop_idx = drop_idx.union(repeats.index[repeats.duplicated(keys, keep="first")])
    return out.drop(index=drop_idx)


def read_user_file(path: str | Path, extra_countries: dict[str, str] | None = None) -> pd.DataFrame:
    """The usable rows of one IFR file (:func:`read_ifr_file`); warns once, naming how many rows
    were left out, when some were."""
    res = read_ifr_file(path, extra_countries)
    problems = res.problems[res.problems["status"] != "number format"]  # a note, not a problem
    if len(problems):
        left = problems.loc[problems["status"].isin(["row left out", "unmapped"])]
        warnings.warn(
            f"{Path(path).name}: {int(left['n_rows'].sum())} row(s) left out, "
            f"{len(problems)} problem(s) listed; read_ifr_file(path).problems lists them",
            stacklevel=2,
        )
    return res.rows


def user_files(directory: str | Path) -> list[Path]:
    """IFR files present in ``data/raw/ifr/`` (CSV, XLSX or .dta), sorted by name."""
    d = Path(directory)
    if not d.is_dir():
        return []
    return sorted(p for p in d.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file())
