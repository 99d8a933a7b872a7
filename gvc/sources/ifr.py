"""A user's own IFR World Robotics file (licensed; gvc never ships or downloads it).

Place the file in ``data/raw/ifr/`` as CSV, XLSX or Stata ``.dta``. Two layouts are read:

- IFR's long extract (one row per country x industry x year), with IFR's own column names::

      Year,countrycode,country,industrycode,industry,delivered,op_stock
      2019,DE,Germany,D,Manufacturing,20473,221547
      2019,UK,United Kingdom,29,Automotive,1010,9000

- gvc's simple layout (kept for older files)::

      country,industry,year,installations,operational_stock

Column names are matched ignoring case, spaces, underscores and hyphens (``Op Stock``,
``OP_STOCK``, ``Operational stock`` all work); title lines above the header are skipped; an
XLSX file is read from its first sheet.
``delivered`` = installations (units installed in the year); ``op_stock`` = operational stock
(units in operation at year end, IFR's 12-year service life). Optional ``density_per_10k``.

Countries: IFR's two-letter codes (mostly ISO alpha-2, but e.g. ``UK``) and names (``Rep. of
Korea``, ``Chinese Taipei``, also mis-encoded UTF-8 such as ``TÃ¼rkiye``) become ISO3 codes via
``data/ifr_countries.csv`` and country_converter. Regional aggregates and residual groups
(World, EU, Asia, "Other Asia", "Others not specified", ...) are kept with ``iso3 = "IFR:<name>"``
and ``is_country = False``. Industries: IFR codes, validated against ``data/ifr_industries.csv``
(see :mod:`gvc.sources.ifr_industries` for the hierarchy and the allocation of unspecified robots).

Every problem raises :class:`~gvc.errors.DataError` naming the file, the row and the column.
"""

from __future__ import annotations

import csv
import io
import re
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from gvc.errors import DataError

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

MISSING = {"", "-", "..", "n/a", "na", "nan", "none"}
"""Cell contents read as 'not reported' in the value columns (IFR leaves gaps blank)."""

AGGREGATE = re.compile(r"^(other|others)\b|not specified|unspecified|rest of|\btotal\b", re.I)
"""Names of residual groups and totals, besides the regions listed in ifr_countries.csv."""


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


def _header_index(rows: list[list[str]], path: Path) -> int:
    for i, r in enumerate(rows[:30]):
        names = {_squash(c) for c in r}
        if "year" in names and names & {"country", "countrycode", "countryname"}:
            return i
    raise DataError(
        f"{path}: no header row with 'Year' and 'country'/'countrycode' in the first 30 rows; "
        "supply IFR's long extract (Year, countrycode, country, industrycode, industry, "
        "delivered, op_stock) or gvc's layout (country, industry, year, installations, "
        "operational_stock)."
    )


def _frame(rows: list[list[str]], path: Path, first_line: int) -> tuple[pd.DataFrame, int]:
    """Header detection on ``rows``; returns the data frame (strings) and the file line of its
    first data row."""
    h = _header_index(rows, path)
    header = [str(c).strip() for c in rows[h]]
    while header and not header[-1]:
        header.pop()
    body = rows[h + 1 :]
    n = len(header)
    for j, r in enumerate(body):
        extra = [c for c in r[n:] if str(c).strip()]
        if len(r) < n and any(str(c).strip() for c in r) or extra:
            raise DataError(
                f"{path}: row {first_line + h + 1 + j} has {len(r)} fields but the header has "
                f"{n}; the file is damaged or truncated (re-export it from World Robotics)."
            )
    body = [(list(r) + [""] * n)[:n] for r in body if any(str(c).strip() for c in r)]
    return pd.DataFrame(body, columns=header, dtype=object), first_line + h + 1


def read_raw(path: str | Path) -> tuple[pd.DataFrame, int]:
    """The file's table as strings and the file row number of its first data row."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise DataError(f"{path}: unsupported file type; use one of {', '.join(SUFFIXES)}")
    try:
        if suffix == ".csv":
            text = _decode(path)
            sample = text[:4096]
            try:
                dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
            except csv.Error:
                dialect = csv.excel
            rows = list(csv.reader(io.StringIO(text), dialect))
            return _frame(rows, path, 1)
        if suffix in (".xlsx", ".xls"):
            df = pd.read_excel(path, header=None, dtype=object)
        else:
            df = pd.read_stata(path, convert_categoricals=True)
            df = pd.concat([df.columns.to_frame().T, df], ignore_index=True)
    except DataError:
        raise
    except Exception as exc:  # any reader failure on a damaged file
        raise DataError(f"{path}: cannot be read as {suffix[1:].upper()} ({exc})") from exc
    rows = [["" if pd.isna(v) else _cell(v) for v in r] for r in df.itertuples(index=False)]
    return _frame(rows, path, 1)


def _cell(v: object) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


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
    if "country" not in found and "country_code" in found:
        pass  # codes alone are enough
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
    return df.rename(columns={v: k for k, v in found.items()})[list(found)]


def _numbers(df: pd.DataFrame, column: str, path: Path, first: int) -> pd.Series:
    raw = df[column].astype(str).str.strip()
    cleaned = raw.str.replace(r"(?<=\d)[,\s'](?=\d{3}\b)", "", regex=True)
    missing = cleaned.str.lower().isin(MISSING)
    out = pd.to_numeric(cleaned.where(~missing), errors="coerce")
    bad = out.isna() & ~missing
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise DataError(
            f"{path}: row {first + i}, column '{column}': {raw.iloc[i]!r} is not a number; "
            "correct the file (blank = not reported)."
        )
    inf = np.isinf(out.to_numpy(dtype="float64", na_value=np.nan))
    if inf.any():
        i = int(inf.nonzero()[0][0])
        raise DataError(
            f"{path}: row {first + i}, column '{column}': {raw.iloc[i]!r} is not a finite number; "
            "correct the file."
        )
    neg = out < 0
    if neg.any():
        i = int(neg.to_numpy().nonzero()[0][0])
        raise DataError(f"{path}: row {first + i}, column '{column}': negative value {out.iloc[i]}")
    top = UPPER_BOUNDS.get(column)
    high = out > top if top is not None else pd.Series(False, index=out.index)
    if high.any():
        i = int(high.to_numpy().nonzero()[0][0])
        raise DataError(
            f"{path}: row {first + i}, column '{column}': {out.iloc[i]:g} is above the plausible "
            f"maximum {top:,}; check the unit (robots per 10,000 employees) and correct the file."
        )
    return out.astype("float64")


UPPER_BOUNDS = {"density_per_10k": 10_000.0}
"""Upper bounds of plausible values (density: robots per 10,000 employees; the highest published
national figure is about 1,000)."""


# ----------------------------------------------------------------------------- countries
@lru_cache(maxsize=1)
def country_table() -> pd.DataFrame:
    """``data/ifr_countries.csv``: IFR codes/names that need help, and the aggregates."""
    return pd.read_csv(DATA_DIR / "ifr_countries.csv", dtype=str, keep_default_na=False)


def _coco(values: list[str], src: str | None) -> dict[str, str]:
    if not values:
        return {}
    import logging

    import country_converter as coco

    logging.getLogger("country_converter").setLevel(logging.ERROR)
    kw = {"src": src} if src else {}
    missing = "\x00not found"
    conv = coco.CountryConverter().convert(values, to="ISO3", not_found=missing, **kw)
    conv = [conv] if isinstance(conv, str) else conv
    return {
        v: c
        for v, c in zip(values, conv, strict=True)
        if isinstance(c, str) and re.fullmatch(r"[A-Z]{3}", c)
    }


def _name_key(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().lower()


def countries_to_iso3(
    codes: pd.Series | None,
    names: pd.Series | None,
    path: Path,
    first: int,
    extra: dict[str, str] | None = None,
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(iso3, is_country, display name) per row; aggregates get ``IFR:<name>``. ``extra`` maps
    further names to codes (the demo's synthetic countries)."""
    from gvc.sources.country_codes import FIXES

    tab = country_table()
    by_code = {r.ifr_code: r.iso3 for r in tab.itertuples() if r.ifr_code and r.iso3}
    by_name = {_name_key(r.ifr_name): r.iso3 for r in tab.itertuples() if r.kind == "country"}
    by_name |= {_name_key(k): v for k, v in (extra or {}).items()}
    aggregates = {_name_key(r.ifr_name) for r in tab.itertuples() if r.kind == "aggregate"}
    n = len(codes if codes is not None else names)
    idx = (codes if codes is not None else names).index
    code = codes.astype(str).str.strip().str.upper() if codes is not None else pd.Series("", idx)
    name = (
        names.astype(str).map(fix_mojibake).str.strip()
        if names is not None
        else pd.Series("", index=idx)
    )
    pairs = pd.DataFrame({"code": code, "name": name}).drop_duplicates()
    name_iso = {}
    todo = []
    for nm in pairs["name"].unique():
        k = _name_key(nm)
        if not k:
            continue
        if k in by_name:
            name_iso[nm] = by_name[k]
        elif nm in FIXES:
            name_iso[nm] = FIXES[nm]
        else:
            todo.append(nm)
    name_iso.update(_coco(todo, None))
    code_iso = {c: by_code[c] for c in pairs["code"].unique() if c in by_code}
    rest = [c for c in pairs["code"].unique() if c and c not in code_iso and len(c) == 2]
    code_iso.update(_coco(rest, "ISO2"))
    out: dict[tuple[str, str], tuple[str, bool, str]] = {}
    for c, nm in pairs.itertuples(index=False):
        k = _name_key(nm)
        if k and (k in aggregates or AGGREGATE.search(nm)) or (not k and c in aggregates):
            label = re.sub(r"\s+", " ", nm or c).strip()
            out[(c, nm)] = (f"IFR:{label}", False, label)
            continue
        iso_n, iso_c = name_iso.get(nm), code_iso.get(c)
        where = int(((code == c) & (name == nm)).to_numpy().nonzero()[0][0]) + first
        if iso_n and iso_c and iso_n != iso_c:
            raise DataError(
                f"{path}: row {where}: countrycode {c!r} means {iso_c} but country {nm!r} means "
                f"{iso_n}; correct one of them."
            )
        iso = iso_n or iso_c
        if not iso:
            col = "country" if nm else "countrycode"
            raise DataError(
                f"{path}: row {where}, column '{col}': country {nm or c!r} cannot be mapped to "
                "ISO3; add it to gvc/sources/data/ifr_countries.csv (or mark it an aggregate)."
            )
        out[(c, nm)] = (iso, True, nm or c)
    keys = list(zip(code, name, strict=True))
    iso3 = pd.Series([out[k][0] for k in keys], index=idx, dtype="string")
    is_c = pd.Series([out[k][1] for k in keys], index=idx, dtype=bool)
    label = pd.Series([out[k][2] for k in keys], index=idx, dtype="string")
    assert len(iso3) == n
    return iso3, is_c, label


# ----------------------------------------------------------------------------- reading
def read_user_file(path: str | Path, extra_countries: dict[str, str] | None = None) -> pd.DataFrame:
    """Read one IFR file into long form (see the module docstring).

    Returns ``source`` ('ifr'), ``file``, ``row`` (file row number), ``iso3``, ``country_name``,
    ``is_country``, ``industry`` (IFR code, canonical spelling), ``year``, ``installations``,
    ``operational_stock`` (units) and ``density_per_10k`` (robots per 10,000 employees, when the
    file has it). ``extra_countries``: further country names -> codes (used by the demo for its
    synthetic countries). Raises :class:`DataError` naming file, row and column on any problem.
    """
    from gvc.sources.ifr_industries import canonical_codes

    path = Path(path)
    raw, first = read_raw(path)
    df = canonical_columns(raw, path)
    if df.empty:
        raise DataError(f"{path}: no data rows below the header")
    years = _numbers(df, "year", path, first)
    if years.isna().any():
        i = int(years.isna().to_numpy().nonzero()[0][0])
        raise DataError(f"{path}: row {first + i}, column 'year': empty")
    if (years % 1 != 0).any() or not years.between(1950, 2100).all():
        i = int((~years.between(1950, 2100) | (years % 1 != 0)).to_numpy().nonzero()[0][0])
        raise DataError(f"{path}: row {first + i}, column 'year': {years.iloc[i]} is not a year")
    iso3, is_c, label = countries_to_iso3(
        df.get("country_code"), df.get("country"), path, first, extra_countries
    )
    out = pd.DataFrame(
        {
            "source": "ifr",
            "file": path.name,
            "row": range(first, first + len(df)),
            "iso3": iso3,
            "country_name": label,
            "is_country": is_c,
            "industry": canonical_codes(df["industry_code"], path, first),
            "year": years.astype("int64"),
            "installations": _numbers(df, "installations", path, first),
            "operational_stock": _numbers(df, "operational_stock", path, first),
        }
    )
    if "density_per_10k" in df:
        out["density_per_10k"] = _numbers(df, "density_per_10k", path, first)
    dup = out.duplicated(["iso3", "industry", "year"], keep=False)
    if dup.any():
        d = out[dup].sort_values(["iso3", "industry", "year", "row"])
        a, b = d.iloc[0], d.iloc[1]
        raise DataError(
            f"{path}: rows {a['row']} and {b['row']} both give {a['iso3']} industry "
            f"{a['industry']} in {a['year']}; keep one."
        )
    return out.reset_index(drop=True)


def user_files(directory: str | Path) -> list[Path]:
    """IFR files present in ``data/raw/ifr/`` (CSV, XLSX or .dta), sorted by name."""
    d = Path(directory)
    if not d.is_dir():
        return []
    return sorted(p for p in d.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file())
