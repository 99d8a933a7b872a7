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
    return read_processed(p, name)


def read_processed(p, name: str) -> pd.DataFrame:
    """Read processed Parquet file ``p`` of table ``name``; a corrupt file is named with the fix."""
    try:
        return pd.read_parquet(p)
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError, ...: all mean "unreadable"
        if isinstance(exc, MemoryError):
            raise
        detail = " ".join(str(exc).split())[:200]
        raise DataError(
            f"{p}: not a readable Parquet file ({type(exc).__name__}: {detail}); delete it and "
            f"run `gvc build {name}` to rebuild it"
        ) from exc
