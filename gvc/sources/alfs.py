"""OECD Annual Labour Force Statistics summary table (as distributed with the Adachi, Kawaguchi
and Saito replication data): labour force, employment (total, by sex, by broad sector) and
unemployment for 44 countries and aggregates, 1978-2019.

Units: ``*L1_ST`` subjects in thousands of persons; ``*PE_ST``/``*PC_ST`` subjects in percent.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gvc.sources.readers import number_format, read_csv, require_columns, to_numeric, to_year

AGGREGATES = {"EU28", "G-7", "OECD", "EA19"}


def read_alfs(path: str | Path) -> pd.DataFrame:
    """Long frame ``iso3, year, subject, subject_name, unit, value``."""
    path = Path(path)
    df = read_csv(path, dtype=str, encoding="utf-8-sig")
    require_columns(
        df, ["LOCATION", "SUBJECT", "Subject", "TIME", "Unit", "PowerCode", "Value"], path
    )
    number_format(df, ["TIME", "Value"], path)  # one format for the file (';', 1.234,5)
    unit = (df["Unit"] + " (" + df["PowerCode"] + ")").where(df["PowerCode"] != "Units", df["Unit"])
    return pd.DataFrame(
        {
            "iso3": df["LOCATION"].astype("string"),
            "year": to_year(df, "TIME", path),
            "subject": df["SUBJECT"].astype("string"),
            "subject_name": df["Subject"].astype("string"),
            "unit": unit.astype("string"),
            "value": to_numeric(df, "Value", path),
            "is_country": ~df["LOCATION"].isin(AGGREGATES),
        }
    )
