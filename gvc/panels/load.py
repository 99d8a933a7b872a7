"""Reading processed tables: ``gvc.load("robots")``."""

from __future__ import annotations

import pandas as pd

from gvc.errors import DataError
from gvc.panels.build import table_path


def load(name: str) -> pd.DataFrame:
    """One processed table as a DataFrame (build it first with ``gvc build`` / ``make build``)."""
    p = table_path(name)
    if not p.exists():
        raise DataError(f"{p} does not exist; run `gvc build {name}` (or `make build`) first")
    return pd.read_parquet(p)
