"""WIOD 2013 release Socio-Economic Accounts (SEA, July 2014): employment by country x industry.

File ``Socio_Economic_Accounts_July14.xlsx`` (WIOD 2013 release on Dataverse, datafile 199111;
formerly ``www.wiod.org/protected3/data13/SEA/WIOD_SEA_July14.xlsx``), sheet ``DATA``: one row
per country x variable x industry with columns ``Country, Variable, Description, Code`` and one
column per year (``_1995`` ... ). ``EMP`` = number of persons engaged, thousands. ``Code`` uses
WIOD's ISIC Rev.3 codes (``15t16``, ``AtB``, ...), mapped to ``c1..c35`` with
:data:`gvc.sources.wiod2013.INDUSTRIES`; totals and aggregates (``TOT``, ``D``, ...) are dropped.

Verification: the file's size and SHA-1 (:data:`SIZE`, :data:`SHA1`, as listed for Dataverse
file 199111) are checked when it is read; gvc's registry records no SHA-256 for it.
Cite Timmer, Dietzenbacher, Los, Stehrer and de Vries (2015), RIE 23:575-605.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pandas as pd

from gvc.errors import DataError

FILE = "Socio_Economic_Accounts_July14.xlsx"
URL = "https://dataverse.nl/api/access/datafile/199111"
SIZE = 7_831_205
SHA1 = "4056b31e2399fd2bb92a311109f279f07ff15faa"


def verify(path: Path) -> None:
    """Raise unless ``path`` has the published size and SHA-1."""
    size = path.stat().st_size
    h = hashlib.sha1()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    if size != SIZE or h.hexdigest() != SHA1:
        raise DataError(
            f"{path}: not the published WIOD SEA file (size {size}, SHA-1 {h.hexdigest()}; "
            f"expected {SIZE} bytes, SHA-1 {SHA1}). Download it again from {URL}."
        )


def read_employment(path: str | Path, *, check: bool = True) -> pd.DataFrame:
    """``source, iso3, industry, year, employment`` (persons engaged, EMP x 1000).

    ``check=False`` skips the checksum (tests write small files in the published layout).
    """
    from gvc.sources.wiod2013 import COUNTRY_FIXES, INDUSTRIES

    path = Path(path)
    if check:
        verify(path)
    try:
        df = pd.read_excel(path, sheet_name="DATA", dtype=object)
    except Exception as exc:
        raise DataError(f"{path}: cannot read sheet 'DATA' ({exc})") from exc
    cols = {c.lower(): c for c in df.columns.astype(str)}
    need = ["country", "variable", "code"]
    missing = [c for c in need if c not in cols]
    if missing:
        raise DataError(f"{path}: sheet DATA lacks column(s) {missing}; found {list(df.columns)}")
    years = [c for c in df.columns.astype(str) if re.fullmatch(r"_?\d{4}", c)]
    emp = df[df[cols["variable"]].astype(str).str.strip() == "EMP"]
    to_c = {isic: c for c, (isic, _) in INDUSTRIES.items()}
    emp = emp[emp[cols["code"]].astype(str).str.strip().isin(to_c)]
    long = emp.melt(
        id_vars=[cols["country"], cols["code"]], value_vars=years, var_name="y", value_name="v"
    )
    v = pd.to_numeric(long["v"], errors="coerce")
    bad = v.isna() & long["v"].notna() & (long["v"].astype(str).str.strip() != "")
    if bad.any():
        r = long[bad].iloc[0]
        raise DataError(
            f"{path}: EMP for {r[cols['country']]} {r[cols['code']]}, column {r['y']}: "
            f"{r['v']!r} is not a number"
        )
    out = pd.DataFrame(
        {
            "source": "wiod_sea",
            "iso3": long[cols["country"]].astype(str).str.strip().replace(COUNTRY_FIXES),
            "industry": long[cols["code"]].astype(str).str.strip().map(to_c),
            "year": long["y"].str.lstrip("_").astype("int64"),
            "employment": v * 1000.0,
        }
    )
    return out.dropna(subset=["employment"]).reset_index(drop=True)
