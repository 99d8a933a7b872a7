"""Many years of a table source decomposed in parallel into a resumable Parquet dataset.

``decompose_years(source, years, method, level, out=DIR, jobs=N)`` runs one task per year,
serially (``jobs=1``), on joblib's loky processes (``jobs>1``) or on a Dask distributed cluster
(``scheduler="tcp://host:8786"``), and writes the hive-partitioned dataset
``DIR/source=<source>/year=<year>/part-0.parquet`` (read it back with
``pd.read_parquet(DIR)``; ``source`` and ``year`` come from the folder names). Values are in the
table's unit (``unit`` column; WIOD and OECD ICIO: millions of current USD).

- Resumable: a year whose file exists is not recomputed (each file is written atomically, so a
  file that exists is complete); temporary files a killed run left are removed first.
- Deterministic: the same inputs give the same bytes, whatever the number of jobs or the engine.
- ``DIR/_gvc_dataset.json`` records the method, level and options; adding years under other
  options is refused, so a dataset never mixes two specifications.
- BLAS threads x workers stay within the machine's cores: joblib workers get
  ``cores // jobs`` BLAS threads (``inner_max_num_threads``), ``jobs`` is capped at the core
  count, and Dask workers are checked (Dask's nanny starts them with one BLAS thread).

The decomposition itself is ``gvc.io.decompose`` on ``gvc.icio(source, year)``; this module only
schedules the years and writes the files (file access stays out of ``gvc.io``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from gvc.errors import GvcError

SPEC_FILE = "_gvc_dataset.json"
PART = "part-0.parquet"
LABELS = ("exporter", "importer", "industry", "term")


@dataclass
class BatchResult:
    """What a run did: ``computed`` and ``skipped`` years (ascending), ``rows`` per computed
    year, the dataset folder ``out``, the engine description ``engine`` and the ``warnings``
    each computed year raised (by year; also reported as ``warning:`` lines)."""

    out: Path
    engine: str
    computed: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)
    rows: dict[int, int] = field(default_factory=dict)
    warnings: dict[int, list[str]] = field(default_factory=dict)


def year_path(out: str | Path, source: str, year: int) -> Path:
    """The file of one ``source`` x ``year`` partition."""
    return Path(out) / f"source={source}" / f"year={year}" / PART


def decompose_year(
    source: str,
    year: int,
    method: str,
    level: str,
    groups: Sequence[str] | None,
    options: dict,
    mirror: str | None = None,
) -> pd.DataFrame:
    """One year's ``decompose`` frame without its ``year`` column (the partition holds it).

    Warnings raised on the way (unclassified group members, unbalanced columns, ...) travel
    back with the frame in ``attrs["gvc_warnings"]``, so a worker process does not lose them."""
    import warnings

    from gvc.io import decompose
    from gvc.tables_io import icio

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = icio(source, year, groups, mirror=mirror)
        df = decompose(table, method, level, **options)
    df = df.drop(columns=["year"], errors="ignore")
    df.attrs["gvc_warnings"] = list(dict.fromkeys(str(w.message) for w in caught))
    return df


def decompose_years(
    source: str,
    years: Iterable[int],
    method: str = "bm",
    level: str = "country",
    *,
    out: str | Path,
    jobs: int = 1,
    scheduler: str | None = None,
    groups: Sequence[str] | None = None,
    options: dict | None = None,
    mirror: str | None = None,
    report: Callable[[str], None] = lambda msg: None,
    task: Callable[..., pd.DataFrame] = decompose_year,
) -> BatchResult:
    """Decompose every year of ``source`` in ``years`` into the dataset ``out`` (see the module
    docstring); ``report`` receives one line per year (written, or skipped as already present).
    ``task`` computes one year (``decompose_year``; replaceable in tests)."""
    from gvc.panels.store import remove_stale_temps

    options = dict(options or {})
    years = sorted(set(int(y) for y in years))
    if jobs < 1:
        raise GvcError(f"--jobs {jobs}: use 1 or more parallel jobs")
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise GvcError(f"{out}: is a file; the output of a parallel run is a dataset folder")
    spec = {"method": method, "level": level, "groups": list(groups or []), "options": options}
    _check_spec(out, spec)
    result = BatchResult(out, "serial")
    for y in years:
        part = year_path(out, source, y).parent
        if part.exists():
            remove_stale_temps(part)  # a killed run's half-written file never counts as done
    todo = [y for y in years if not year_path(out, source, y).exists()]
    for y in years:
        if y not in todo:
            result.skipped.append(y)
            report(f"{source} {y}: already in {year_path(out, source, y)}; not recomputed")
    args = [(source, y, method, level, groups, options, mirror) for y in todo]
    results = _run(task, args, jobs, scheduler, result, report)
    for y, df in results:
        path = year_path(out, source, y)
        msgs = df.attrs.pop("gvc_warnings", [])
        if msgs:
            result.warnings[y] = msgs
            for m in msgs:
                report(f"warning: {source} {y}: {m}")
        write_part(df, path)
        result.computed.append(y)
        result.rows[y] = len(df)
        report(f"{source} {y}: wrote {len(df)} rows to {path}")
    result.computed.sort()
    return result


def write_part(df: pd.DataFrame, path: Path) -> str:
    """Write one partition atomically and deterministically (rows sorted by the label
    columns, whose categories keep table order); return its SHA-256."""
    from gvc.panels.store import write_parquet

    return write_parquet(df, path, [c for c in LABELS if c in df.columns])


def _check_spec(out: Path, spec: dict) -> None:
    from gvc.panels.store import write_text

    path = out / SPEC_FILE
    text = json.dumps(spec, indent=1, sort_keys=True, default=str) + "\n"
    if path.exists():
        old = json.loads(path.read_text(encoding="utf-8"))
        if old != json.loads(text):
            raise GvcError(
                f"{out} holds a dataset written with {json.dumps(old, sort_keys=True)}, not "
                f"{json.dumps(spec, sort_keys=True, default=str)}; choose another --out "
                "folder (or delete this one) so that one dataset has one specification"
            )
        return
    out.mkdir(parents=True, exist_ok=True)
    write_text(path, text)


def cores() -> int:
    """Cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def _run(task, args: list[tuple], jobs: int, scheduler, result: BatchResult, report):
    """(year, frame) pairs as the years finish, on the chosen engine."""
    if not args:
        return
    if scheduler:
        yield from _run_dask(task, args, scheduler, result, report)
        return
    n_cores = cores()
    if jobs > n_cores:
        report(f"--jobs {jobs} > {n_cores} cores: using {n_cores} jobs")
        jobs = n_cores
    jobs = min(jobs, len(args))
    if jobs == 1:
        result.engine = "serial"
        for a in args:
            yield a[1], task(*a)
        return
    from joblib import Parallel, delayed, parallel_config

    threads = max(1, n_cores // jobs)
    result.engine = f"joblib loky: {jobs} workers x {threads} BLAS threads ({n_cores} cores)"
    report(result.engine)
    with parallel_config(backend="loky", inner_max_num_threads=threads):
        run = Parallel(n_jobs=jobs, return_as="generator_unordered")
        yield from run(delayed(_tagged)(task, a) for a in args)


def _tagged(task, a: tuple):
    return a[1], task(*a)


def _run_dask(task, args, scheduler: str, result: BatchResult, report):
    from distributed import Client, as_completed

    with Client(scheduler) as client:
        result.engine = f"dask distributed at {scheduler}: " + _dask_threads(client, report)
        report(result.engine)
        futures = [client.submit(_tagged, task, a, key=f"gvc-{a[0]}-{a[1]}", pure=False)
                   for a in args]  # fmt: skip
        for fut in as_completed(futures):
            yield fut.result()
            fut.release()


def _worker_threads() -> dict:
    """(cores, BLAS thread setting) of the process this runs in (a Dask worker)."""
    blas = os.environ.get("OPENBLAS_NUM_THREADS") or os.environ.get("OMP_NUM_THREADS")
    return {"cores": cores(), "blas": int(blas) if blas and blas.isdigit() else None}


def _dask_threads(client, report) -> str:
    """Workers x task threads x BLAS threads, with a warning line per host where they exceed
    the cores (BLAS threads unknown = as many as cores, OpenBLAS's default)."""
    info = client.scheduler_info(n_workers=-1)["workers"]
    env = client.run(_worker_threads)
    per_host: dict[str, list] = {}
    for addr, w in info.items():
        per_host.setdefault(w.get("host", addr), []).append((w["nthreads"], env.get(addr, {})))
    for host, ws in per_host.items():
        n_cores = ws[0][1].get("cores", 1)
        used = sum(nt * (e.get("blas") or e.get("cores", 1)) for nt, e in ws)
        if used > n_cores:
            report(
                f"warning: {host}: task threads x BLAS threads = {used} > {n_cores} cores; "
                "start the workers with OPENBLAS_NUM_THREADS=1 (Dask's nanny default) or fewer "
                "threads"
            )
    total = sum(w["nthreads"] for w in info.values())
    return f"{len(info)} workers, {total} task threads"
