"""A user's own IFR World Robotics file (licensed; gvc never ships or downloads it).

Place the file in ``data/raw/ifr/`` as CSV or XLSX, in the long layout of the World Robotics
statistical tables (one row per country x industry x year)::

    country,industry,year,installations,operational_stock
    Germany,D,2019,20473,221547
    Germany,29,2019,7213,95000

``country``: a country name or ISO3 code (mapped with country_converter; unknown names are an
error). ``industry``: IFR's industry code as published (``D`` = all manufacturing, ISIC Rev.4
two-digit codes such as ``29`` for motor vehicles, ``A-B``, ``All Industries``; kept verbatim).
``installations``: units installed in the year; ``operational_stock``: units in operation at year
end (IFR's 12-year service-life convention). Optional ``density_per_10k`` (robots per 10,000
employees) is kept when present. Column names are matched case-insensitively, with spaces or
underscores.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gvc.errors import DataError
from gvc.sources.country_codes import to_iso3
from gvc.sources.readers import check_unique, read_csv, require_columns, to_numeric

REQUIRED = ["country", "industry", "year", "installations", "operational_stock"]


def _normalise(c: str) -> str:
    return str(c).strip().lower().replace(" ", "_")


def read_user_file(path: str | Path) -> pd.DataFrame:
    """Read one user IFR file into the ``robots`` panel layout with ``source='ifr'``."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xls"):
        try:
            df = pd.read_excel(path, dtype=str)
        except Exception as exc:
            raise DataError(f"{path}: cannot be read as an Excel file ({exc})") from exc
    else:
        df = read_csv(path, dtype=str)
    df.columns = [_normalise(c) for c in df.columns]
    require_columns(df, REQUIRED, path)
    out = pd.DataFrame(
        {
            "source": "ifr",
            "iso3": to_iso3(df["country"], file=str(path), column="country"),
            "industry": df["industry"].astype("string").str.strip(),
            "year": to_numeric(df, "year", path).astype("int64"),
            "installations": to_numeric(df, "installations", path),
            "operational_stock": to_numeric(df, "operational_stock", path),
        }
    )
    if "density_per_10k" in df:
        out["density_per_10k"] = to_numeric(df, "density_per_10k", path)
    check_unique(out, ["iso3", "industry", "year"], str(path))
    return out


def user_files(directory: str | Path) -> list[Path]:
    """IFR files present in ``data/raw/ifr/`` (CSV or XLSX), sorted by name."""
    d = Path(directory)
    if not d.is_dir():
        return []
    return sorted(p for p in d.iterdir() if p.suffix.lower() in (".csv", ".xlsx", ".xls"))
