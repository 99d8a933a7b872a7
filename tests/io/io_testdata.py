"""Test data and loaders for the input-output engine tests (imported by conftest and tests)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest

# R decompr's `leather` example (3 countries x 3 sectors), as printed in issue 3.
LEATHER_COUNTRIES = ["ARG", "TUR", "DEU"]
LEATHER_INDUSTRIES = ["Agriculture", "Textile & Leather", "Transport Equipment"]
LEATHER_Z = np.array(
    [
        [16.1, 5.1, 1.8, 3.2, 4.3, 0.4, 3.1, 2.8, 4.9],
        [2.4, 8.0, 3.2, 0.1, 3.2, 1.6, 1.2, 3.9, 11.5],
        [0.9, 0.5, 4.0, 0.0, 0.1, 0.3, 0.0, 0.4, 0.5],
        [1.1, 1.9, 0.2, 18.0, 13.2, 6.1, 9.0, 3.1, 8.9],
        [0.3, 2.8, 0.1, 6.1, 28.1, 6.3, 2.1, 2.5, 25.6],
        [0.0, 0.1, 0.3, 4.1, 3.2, 8.9, 0.2, 0.0, 1.8],
        [1.2, 4.2, 0.3, 4.1, 1.2, 0.6, 29.0, 19.5, 17.9],
        [1.3, 1.1, 0.0, 3.2, 4.8, 2.6, 5.1, 29.1, 24.1],
        [2.1, 1.4, 3.0, 4.1, 3.1, 3.9, 11.3, 8.1, 51.3],
    ]
)
LEATHER_F = np.array(
    [
        [21.5, 6.1, 8.4],
        [16.2, 1.9, 5.1],
        [11.0, 0.5, 0.8],
        [7.5, 29.5, 14.2],
        [8.9, 24.9, 16.9],
        [1.2, 18.5, 4.9],
        [9.2, 17.9, 51.2],
        [7.9, 10.1, 38.5],
        [25.1, 35.2, 68.4],
    ]
)


def mirror() -> Path:
    value = os.environ.get("GVC_MIRROR")
    if not value:
        pytest.fail(
            "GVC_MIRROR is not set: point it at the read-only data mirror "
            "(e.g. GVC_MIRROR=/work/shared/gvc-data) to run the real-WIOD tests"
        )
    return Path(value)


@lru_cache(maxsize=2)
def wiot(year: int):
    from gvc.sources.wiod2013 import read_wiot

    return read_wiot(mirror() / "wiod2013" / f"wiot_{year}.RData")


def wiod_icio(w, **kw):
    from gvc.io import ICIO

    return ICIO(w.Z, w.F_by_country, w.countries, w.industries, x=w.x, **kw)
