"""A SYNTHETIC World Robotics extract at the scale and in the layout of a real one: every
country and aggregate of IFR's code table (``gvc/sources/data/ifr_countries.csv``), 1993-2016,
the full four-level industry nesting of ``ifr_industries.csv`` with consistent sums (children
add up to their parent; unspecified codes carry a share), ``000`` as Excel gives it (``0``) and
IFR's column order. The numbers are random: a layout and scale fixture, not data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from gvc.sources.ifr import country_table
from gvc.sources.ifr_industries import hierarchy

YEARS = range(1993, 2017)


def _values(rng) -> dict[str, int]:
    """One country-year: random leaves, each parent the sum of its children."""
    h = hierarchy()
    kids: dict[str, list[str]] = {c: [] for c in h["code"]}
    for code, parent in zip(h["code"], h["parent"], strict=True):
        if parent:
            kids[parent].append(code)
    out: dict[str, int] = {}

    def fill(n: str) -> int:
        if not kids[n]:
            out[n] = int(rng.integers(0, 400))
        else:
            out[n] = sum(fill(c) for c in kids[n])
        return out[n]

    fill("000")
    return out


def write_extract(path: Path, seed: int = 0) -> Path:
    rng = np.random.default_rng(seed)
    names = dict(zip(hierarchy()["code"], hierarchy()["name"], strict=True))
    rows = []
    for r in country_table().itertuples(index=False):
        if not r.ifr_code:
            continue
        for y in YEARS:
            for code, v in _values(rng).items():
                shown = "0" if code == "000" else code
                rows.append((y, shown, names[code], r.ifr_code, r.ifr_name, v // 9, v))
    cols = ["Year", "industrycode", "industry", "countrycode", "country", "delivered", "op_stock"]
    pd.DataFrame(rows, columns=cols).to_csv(path, index=False)
    return path
