"""Benchmark of the Borin-Mancini-Taglioni (2025) measures (``bmt_trade``, ``bmt_output``).

Unit = wall time of one LU factorization (scipy.linalg.lu_factor) of I - A of the same table,
measured in the same run, interleaved with the runs it is compared with. Synthetic balanced and
labelled table of 81 countries x 45 industries (the OECD ICIO 2023 size; no data needed).
Prints each cost as a ratio to that unit, and counts the LU factorizations of the n x n matrix
I - A that the measures perform for all countries (target: at most 5; the tripartite algebra
needs only the countries' local inverses, so the count is expected to be 0).
Run: ``.venv/bin/python bench/bench_bmt.py`` (part of ``make bench``).
"""

from __future__ import annotations

import time
from collections import Counter

import numpy as np
import scipy.linalg
from scipy.linalg import lu_factor

import gvc.io.leontief
from gvc.io import ICIO, decompose

G, N = 81, 45
MAX_FULL_LU = 5
CASES = [
    ("bmt_trade", "country"),
    ("bmt_trade", "bilateral"),
    ("bmt_output", "country"),
    ("bmt_output", "sector"),
]


def synthetic(G: int, N: int, seed: int = 0):
    """A balanced table with domestic blocks dominating (as in real tables), labelled."""
    rng = np.random.default_rng(seed)
    n = G * N
    A = rng.random((n, n)) * 1e-2
    own = np.repeat(np.arange(G), N)
    A[own[:, None] == own[None, :]] *= 40.0
    A *= rng.uniform(0.3, 0.7, n) / A.sum(axis=0)
    Y = rng.uniform(1.0, 100.0, (n, G))
    Y[np.arange(n), own] *= 20.0
    x = np.linalg.solve(np.eye(n) - A, Y.sum(axis=1))
    countries = [f"C{g:02d}" for g in range(G)]
    return A * x, Y, countries, [f"i{j:02d}" for j in range(N)]


class LUCounter:
    """Counts scipy LU factorizations by matrix size while installed (module-level names in
    gvc.io.leontief, where every factorization of gvc.io happens, and scipy.linalg)."""

    def __init__(self) -> None:
        self.sizes: Counter[int] = Counter()

    def __call__(self, a, *args, **kwargs):
        self.sizes[int(np.shape(a)[0])] += 1
        return lu_factor(a, *args, **kwargs)

    def __enter__(self):
        gvc.io.leontief.lu_factor = self
        scipy.linalg.lu_factor = self
        return self

    def __exit__(self, *exc):
        gvc.io.leontief.lu_factor = lu_factor
        scipy.linalg.lu_factor = lu_factor


def lu_time(io) -> float:
    M = np.eye(io.n) - io.A
    t = time.perf_counter()
    lu_factor(M, overwrite_a=True, check_finite=False)
    return time.perf_counter() - t


def main() -> None:
    Z, Y, countries, industries = synthetic(G, N)

    def fresh():
        return ICIO(Z, Y, countries, industries)

    io = fresh()
    n = io.n
    print(f"Synthetic balanced {G}x{N} = {n} sectors (labelled), all countries")
    units, costs = [], {case: [] for case in CASES}
    both = []
    for _ in range(3):  # interleaved: load from other processes affects unit and cost alike
        units.append(lu_time(fresh()))
        for case in CASES:
            io = fresh()  # validation outside the timing; the local inverses are inside
            t = time.perf_counter()
            decompose(io, *case, include_groups=False)
            costs[case].append(time.perf_counter() - t)
        io = fresh()
        t = time.perf_counter()
        decompose(io, "bmt_trade", "country", include_groups=False)
        decompose(io, "bmt_output", "country", include_groups=False)
        both.append(time.perf_counter() - t)
    unit = float(np.median(units))
    print(f"  LU unit (one lu_factor of I - A, {n}x{n}): {unit:.2f} s")
    for (method, level), ts in costs.items():
        c = float(np.median(ts))
        print(f"  {method:<10} {level:<9}: {c:6.2f} s = {c / unit:5.2f} LU units")
    c = float(np.median(both))
    print(f"  bmt_trade + bmt_output country, one table: {c:.2f} s = {c / unit:.2f} LU units")

    with LUCounter() as count:
        io = fresh()
        decompose(io, "bmt_trade", "country", include_groups=False)
        decompose(io, "bmt_output", "country", include_groups=False)
    full = count.sizes.get(n, 0)
    local = sum(k for size, k in count.sizes.items() if size != n)
    print(f"  LU factorizations of I - A ({n}x{n}) for all {G} countries, both methods: {full} "
          f"(target <= {MAX_FULL_LU}); local {N}x{N} factorizations: {local}")  # fmt: skip
    assert full <= MAX_FULL_LU, f"{full} LU factorizations of I - A (target <= {MAX_FULL_LU})"


if __name__ == "__main__":
    main()
