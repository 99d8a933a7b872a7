"""Benchmark of the input-output engine in LU units.

Unit = wall time of one LU factorization (scipy.linalg.lu_factor) of I - A of the same size,
measured in the same run. Run: ``.venv/bin/python bench/bench_io.py`` (needs $GVC_MIRROR for
the WIOD part; the synthetic part always runs). Prints ratios and peak traced memory.
"""

from __future__ import annotations

import os
import time
import tracemalloc
from pathlib import Path

import numpy as np
from scipy.linalg import lu_factor

from gvc.io import ICIO, decompose

METHODS_LEVELS = [(m, lv) for m in ("bm", "tiva", "wwyz", "wwz") for lv in ("country", "sector")]
METHODS_LEVELS.append(("kww", "country"))


def _lu_time(A: np.ndarray) -> float:
    M = np.eye(A.shape[0]) - A
    t = time.perf_counter()
    lu_factor(M, overwrite_a=True, check_finite=False)
    return time.perf_counter() - t


def cost_in_units(make_icio, repeats: int = 5) -> tuple[float, float]:
    """(median LU seconds, median seconds of BM country (all exporters, source) + TiVA on a fresh
    table, LU of that table included). LU and decomposition runs are interleaved so that load
    from other processes affects both alike."""
    units, costs = [], []
    for _ in range(repeats):
        io = make_icio()
        units.append(_lu_time(io.A))
        t = time.perf_counter()
        decompose(io, "bm", "country", include_groups=False)
        decompose(io, "tiva", "country", include_groups=False)
        costs.append(time.perf_counter() - t)
    return float(np.median(units)), float(np.median(costs))


def synthetic(G: int, N: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    n = G * N
    A = rng.random((n, n)) * 1e-2
    own = np.repeat(np.arange(G), N)
    A[own[:, None] == own[None, :]] *= 40.0  # domestic blocks dominate, as in real tables
    A *= rng.uniform(0.3, 0.7, n) / A.sum(axis=0)
    Y = rng.uniform(1.0, 100.0, (n, G))
    Y[np.arange(n), own] *= 20.0
    x = np.linalg.solve(np.eye(n) - A, Y.sum(axis=1))
    return A * x, Y, [f"C{g:02d}" for g in range(G)], [f"i{j}" for j in range(N)]


def main() -> None:
    mirror = os.environ.get("GVC_MIRROR")
    if mirror:
        from gvc.sources.wiod2013 import YEARS, read_wiot

        path = Path(mirror) / "wiod2013"
        w = read_wiot(path / "wiot_2011.RData")

        def make():
            return ICIO(w.Z, w.F_by_country, w.countries, w.industries, x=w.x, rebalance=True)

        unit, cost = cost_in_units(make)
        print(f"WIOD 2011 (n=1435): LU unit {unit * 1e3:.1f} ms")
        print(f"  BM country (all exporters, source) + TiVA: {cost:.3f} s = {cost / unit:.2f} units"
              " (target <= 5)")  # fmt: skip
        t_read = t_all = 0.0
        for year in YEARS:
            t = time.perf_counter()
            wy = read_wiot(path / f"wiot_{year}.RData")
            t_read += time.perf_counter() - t
            t = time.perf_counter()
            io = ICIO(wy.Z, wy.F_by_country, wy.countries, wy.industries, x=wy.x, rebalance=True)
            for m, lv in METHODS_LEVELS:
                decompose(io, m, lv, **({} if m in ("kww", "wwz") else {"include_groups": False}))
            decompose(io, "bm", "country", approach="sink", include_groups=False)
            t_all += time.perf_counter() - t
        print(f"  all 17 WIOD years, every method at country and sector level (+ BM sink): "
              f"{t_all:.1f} s compute + {t_read:.1f} s reading (target < 60 s)")  # fmt: skip
    else:
        print("GVC_MIRROR not set: skipping the WIOD benchmarks")

    G, N = 81, 45
    Z, Y, countries, industries = synthetic(G, N)
    unit, cost = cost_in_units(lambda: ICIO(Z, Y, countries, industries), repeats=3)
    io = ICIO(Z, Y, countries, industries)
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    decompose(io, "bm", "country", include_groups=False)
    decompose(io, "tiva", "country", include_groups=False)
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    matrix_mb = io.n**2 * 8 / 2**20
    print(f"Synthetic balanced {G}x{N} = {io.n} sectors: LU unit {unit:.2f} s")
    print(f"  BM country + TiVA: {cost:.2f} s = {cost / unit:.2f} units (target <= 5); "
          f"peak extra memory {peak / 2**20:.0f} MiB = {peak / 2**20 / matrix_mb:.1f} "
          f"n x n float64 matrices ({matrix_mb:.0f} MiB each)")  # fmt: skip


if __name__ == "__main__":
    main()
