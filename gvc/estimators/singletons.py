"""Singleton observations of fixed effects: rows alone in some fixed-effect group.

fixest, reghdfe and pyfixest drop them (they fit perfectly and carry no information), repeatedly,
since dropping one can leave another alone. gvc needs the rows that remain before it calls
pyfixest: pyfixest 0.60 aborts the whole process (a Rust panic) when nothing is left.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd


def non_singletons(data: pd.DataFrame, fixef: Sequence[str]) -> np.ndarray:
    """Boolean mask of the rows that remain once singletons of ``fixef`` (column names, or
    ``a^b`` for the combination of columns) are dropped until none is left."""
    codes = [
        data.groupby([p.strip() for p in fe.split("^")], sort=False, dropna=False)
        .ngroup()
        .to_numpy()
        for fe in fixef
    ]
    keep = np.ones(len(data), dtype=bool)
    while codes:
        alone = np.zeros(len(data), dtype=bool)
        for c in codes:
            counts = np.bincount(c[keep], minlength=c.max() + 1 if len(c) else 0)
            alone |= keep & (counts[c] == 1)
        if not alone.any():
            return keep
        keep &= ~alone
    return keep
