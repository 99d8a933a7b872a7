"""Coverage of nominal 95% trend intervals on short series with AR(1) errors (Monte Carlo).

For n in {10, 15, 20, 30, 50} and rho in {0, 0.3, 0.5, 0.7}: iid, Newey-West, the previous
rule, EWC of the scores (LLSW 2018), EWC with cosines projected off the trend, and the rule
:func:`gvc.claims.trend.linear_trend` now uses. Prints coverage and the median width relative
to the iid interval. Design in :mod:`gvc.claims.trend_coverage`. Run:
``python bench/bench_trend_coverage.py [--reps 4000]`` (about 20 s at 4,000 draws).
"""

from __future__ import annotations

import argparse
import time

import pandas as pd

from gvc.claims.trend_coverage import METHODS, coverage_table


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--reps", type=int, default=4000)
    p.add_argument("--seed", type=int, default=20260)
    p.add_argument("--n", type=int, nargs="+", default=[10, 15, 20, 30, 50])
    args = p.parse_args()
    t0 = time.perf_counter()
    tab = coverage_table(ns=tuple(args.n), reps=args.reps, seed=args.seed)
    cov = tab.pivot_table(index=["n", "rho"], columns="method", values="coverage")[list(METHODS)]
    width = tab.pivot_table(index=["n", "rho"], columns="method", values="median_width")
    rel = width[list(METHODS)].div(width["iid"], axis=0)
    pd.set_option("display.width", 160)
    print(f"coverage of nominal 95% intervals, {args.reps:,} draws per cell, seed {args.seed}")
    print(f"(Monte Carlo s.e. about {(0.95 * 0.05 / args.reps) ** 0.5:.3f} near 0.95)")
    print(cov.round(3).to_string())
    print("\nmedian interval width / median iid width")
    print(rel.round(2).to_string())
    print(f"\n{time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
