"""Cache of inter-country input-output tables as Parquet, for fast reuse by the IO engine.

One file per year, ``data/processed/icio/<source>/<source>_<year>.parquet``: one row per
supplying sector (``sector`` = ``ISO3_industry``, in table order, with ``row`` its position),
then the intermediate-use columns ``Z|<sector>``, final-demand columns ``F|<ISO3>|<category>``
and ``output``. Units as in the source (WIOD: millions of current USD).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from gvc import config
from gvc.errors import DataError
from gvc.sources import wiod2013


def to_frame(w: wiod2013.WIOT) -> pd.DataFrame:
    labels = w.sector_labels
    fd = [f"F|{c}|{k}" for c in w.countries for k in wiod2013.FD_CATEGORIES]
    data = np.hstack([w.Z, w.F, w.x[:, None]])
    df = pd.DataFrame(data, columns=[f"Z|{s}" for s in labels] + fd + ["output"])
    df.insert(0, "sector", pd.array(labels, dtype="string"))
    df.insert(0, "row", np.arange(len(labels), dtype="int64"))
    return df


def from_frame(df: pd.DataFrame, year: int) -> wiod2013.WIOT:
    df = df.sort_values("row")
    labels = df["sector"].tolist()
    countries = tuple(dict.fromkeys(s.split("_", 1)[0] for s in labels))
    industries = tuple(dict.fromkeys(s.split("_", 1)[1] for s in labels))
    zcols = [f"Z|{s}" for s in labels]
    fcols = [c for c in df.columns if c.startswith("F|")]
    return wiod2013.WIOT(
        year,
        countries,
        industries,
        df[zcols].to_numpy(np.float64),
        df[fcols].to_numpy(np.float64),
        df["output"].to_numpy(np.float64),
    )


def relpath(source: str, year: int) -> str:
    return f"icio/{source}/{source}_{year}.parquet"


def load_wiod(year: int) -> wiod2013.WIOT:
    """Read one cached WIOD 2013 year (run ``gvc build icio_wiod2013`` first)."""
    p = config.processed_dir() / relpath("wiod2013", year)
    if not p.exists():
        raise DataError(f"{p} is missing; run `gvc build icio_wiod2013` (or `make build`) first")
    from gvc.panels.load import read_processed

    return from_frame(read_processed(p, "icio_wiod2013"), year)


def build_wiod(paths: dict[str, Path]) -> dict[str, pd.DataFrame]:
    from gvc.progress import track

    out = {}
    for year in track(wiod2013.YEARS, description="Reading WIOD tables"):
        w = wiod2013.read_wiot(paths[f"wiot_{year}.RData"])
        if w.year != year:
            raise DataError(f"wiot_{year}.RData holds year {w.year}")
        out[relpath("wiod2013", year)] = to_frame(w)
    return out
