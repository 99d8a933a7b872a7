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
- Nothing left running: an interrupted run (Ctrl-C, or SIGTERM/SIGHUP through ``gvc``) kills its
  joblib workers and cancels its Dask tasks; a joblib worker whose parent was killed outright
  (``kill -9``) notices within a second and exits (:func:`_exit_with_parent`).
- Dask: the scheduler address is checked before anything else, the connection times out after
  :func:`dask_timeout` seconds (``GVC_DASK_TIMEOUT``, default 30), and a run whose scheduler is
  lost, or that has had no worker for that long, stops with one line saying so (finished years
  are kept). The dataset folder is only created when the first year is written, so a failed
  start leaves no stub folder.

The decomposition itself is ``gvc.io.decompose`` on ``gvc.icio(source, year)``; this module only
schedules the years and writes the files (file access stays out of ``gvc.io``).
"""

from __future__ import annotations

import contextlib
import json
import os
import time
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

    from gvc.io.api import decompose_frame as decompose  # categories keep table order
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
    spec_written = _check_spec(out, spec)
    if scheduler:
        scheduler = scheduler_address(scheduler)
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
    # closed on any exit, an interruption included: joblib then kills its workers
    with contextlib.closing(_run(task, args, jobs, scheduler, result, report)) as results:
        for y, df in results:
            path = year_path(out, source, y)
            msgs = df.attrs.pop("gvc_warnings", [])
            if msgs:
                result.warnings[y] = msgs
                for m in msgs:
                    report(f"warning: {source} {y}: {m}")
            if not spec_written:  # the folder appears with its first year, not before
                _write_spec(out, spec)
                spec_written = True
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


def _spec_text(spec: dict) -> str:
    return json.dumps(spec, indent=1, sort_keys=True, default=str) + "\n"


def _check_spec(out: Path, spec: dict) -> bool:
    """True when ``out`` already records ``spec``; False when it records none yet; an error when
    it records another specification."""
    path = out / SPEC_FILE
    if not path.exists():
        return False
    old = json.loads(path.read_text(encoding="utf-8"))
    if old != json.loads(_spec_text(spec)):
        raise GvcError(
            f"{out} holds a dataset written with {json.dumps(old, sort_keys=True)}, not "
            f"{json.dumps(spec, sort_keys=True, default=str)}; choose another --out "
            "folder (or delete this one) so that one dataset has one specification"
        )
    return True


def _write_spec(out: Path, spec: dict) -> None:
    from gvc.panels.store import write_text

    out.mkdir(parents=True, exist_ok=True)
    write_text(out / SPEC_FILE, _spec_text(spec))


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
    with parallel_config(
        backend="loky",
        inner_max_num_threads=threads,
        initializer=_exit_with_parent,
        initargs=(os.getpid(),),
    ):
        run = Parallel(n_jobs=jobs, return_as="generator_unordered")
        # an exception here (an interruption included) or closing this generator makes joblib
        # kill the workers (Parallel aborts on any BaseException and on GeneratorExit)
        yield from run(delayed(_tagged)(task, a) for a in args)


PARENT_POLL_SECONDS = 0.5
"""How often a joblib worker checks that the process that started it is still alive."""


def _exit_with_parent(parent: int) -> None:
    """Worker initializer: a daemon thread that ends this worker as soon as its parent ``parent``
    is gone. Interruptions the parent sees are handled there (it kills its workers), but after
    ``kill -9`` of the parent nothing else would stop loky's workers (and so its resource
    trackers), which would otherwise wait for work for minutes, holding their memory."""
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="gvc-exit-with-parent", daemon=True).start()


def _tagged(task, a: tuple):
    return a[1], task(*a)


DASK_SCHEMES = ("tcp", "tls", "ws", "wss", "ucx", "inproc")


def scheduler_address(address: str) -> str:
    """``--scheduler`` checked before any work: ``tcp://host:8786`` (``host:8786`` means tcp);
    a missing or impossible port is an error naming the option, not a Dask traceback."""
    from urllib.parse import urlsplit

    text = address.strip()
    full = text if "://" in text else f"tcp://{text}"
    fix = "give the scheduler's address with its port, e.g. tcp://host:8786"
    u = urlsplit(full)
    if u.scheme not in DASK_SCHEMES:
        raise GvcError(f"--scheduler {address!r}: unknown protocol {u.scheme!r}; {fix}")
    if u.scheme == "inproc":  # an in-process cluster (tests, notebooks): no port
        return full
    try:
        port = u.port
    except ValueError:
        port = -1
    if not u.hostname or port is None or not 0 < port < 65536:
        what = "no port" if port is None else "no host" if not u.hostname else "a bad port"
        raise GvcError(f"--scheduler {address!r}: {what}; {fix}")
    return full


def dask_timeout() -> float:
    """Seconds gvc waits for a Dask scheduler to answer, or for a worker to be there
    (``GVC_DASK_TIMEOUT``, default 30)."""
    value = os.environ.get("GVC_DASK_TIMEOUT", "30").strip()
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds < float("inf"):
        raise GvcError(f"GVC_DASK_TIMEOUT={value!r}: give a number of seconds, e.g. 30")
    return seconds


@contextlib.contextmanager
def _quiet_dask():
    """Dask's own log lines (connection errors with tracebacks) held back while gvc reports
    the problem itself in one line; shown with ``GVC_DEBUG=1``."""
    import logging

    if os.environ.get("GVC_DEBUG") == "1":
        yield
        return
    names = [n for n in logging.root.manager.loggerDict if n.startswith(("distributed", "tornado"))]
    loggers = [logging.getLogger(n) for n in {"distributed", "tornado", *names}]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.setLevel(level)


def _run_dask(task, args, scheduler: str, result: BatchResult, report):
    from distributed import Client

    timeout = dask_timeout()
    _probe(scheduler, timeout)
    with _quiet_dask():
        try:
            client = Client(scheduler, timeout=timeout)
        except (OSError, TimeoutError) as exc:
            raise GvcError(
                f"--scheduler {scheduler}: no Dask scheduler answered within {timeout:g} s "
                f"({' '.join(str(exc).split())[:160]}); start one with `dask scheduler` (and "
                "workers with `dask worker ADDRESS`) or check the address; nothing was written"
            ) from None
        with client:
            _wait_for_workers(client, scheduler, timeout)
            result.engine = f"dask distributed at {scheduler}: " + _dask_threads(client, report)
            report(result.engine)
            futures = [client.submit(_tagged, task, a, key=f"gvc-{a[0]}-{a[1]}", pure=False)
                       for a in args]  # fmt: skip
            try:
                yield from _dask_results(client, futures, scheduler, timeout)
            finally:  # interrupted or failed: the cluster stops working for this run
                with contextlib.suppress(Exception):
                    client.cancel([f for f in futures if not f.done()])


def _probe(scheduler: str, timeout: float) -> None:
    """A refused connection is an error at once (Dask itself retries until its timeout)."""
    import socket
    from urllib.parse import urlsplit

    u = urlsplit(scheduler)
    if u.scheme in ("inproc", "ucx"):
        return
    try:
        socket.create_connection((u.hostname, u.port), timeout=timeout).close()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise GvcError(
            f"--scheduler {scheduler}: cannot connect ({reason}); is a Dask scheduler running "
            "there? Start one with `dask scheduler` or check the address; nothing was written"
        ) from None


DASK_POLL_SECONDS = 1.0


def _wait_for_workers(client, scheduler: str, timeout: float) -> None:
    t0 = time.monotonic()
    while not client.scheduler_info(n_workers=-1)["workers"]:
        if time.monotonic() - t0 > timeout:
            raise GvcError(
                f"--scheduler {scheduler}: no Dask worker connected within {timeout:g} s; start "
                f"workers with `dask worker {scheduler}`; nothing was written"
            )
        time.sleep(DASK_POLL_SECONDS)


def _dask_results(client, futures, scheduler: str, timeout: float):
    """(year, frame) pairs as Dask finishes them. A lost scheduler, or no worker for
    ``timeout`` seconds, is an error (never a wait without end); a task whose workers kept
    dying is an error naming the year."""
    from concurrent.futures import CancelledError

    from distributed import wait
    from distributed.client import FIRST_COMPLETED

    pending, stalled_since = set(futures), None
    while pending:
        try:
            done, pending = wait(pending, timeout=DASK_POLL_SECONDS, return_when=FIRST_COMPLETED)
        except TimeoutError:
            done = set()
        except CancelledError:
            raise _stopped(client, scheduler, pending, timeout) from None
        for fut in done:
            try:
                yield _dask_result(fut, scheduler)
            except CancelledError:
                raise _stopped(client, scheduler, pending | {fut}, timeout) from None
            fut.release()
        alive = client.status == "running" and client.scheduler_info(n_workers=-1)["workers"]
        if done or not pending or alive:
            stalled_since = None
            continue
        stalled_since = stalled_since or time.monotonic()
        if time.monotonic() - stalled_since > timeout:
            raise _stopped(client, scheduler, pending, timeout)


def _stopped(client, scheduler: str, pending, timeout: float) -> GvcError:
    """The error for a Dask run that cannot go on: what was lost, the years not done, and how
    to finish them."""
    if client.status != "running":
        what = "lost the connection to the Dask scheduler"
    elif not client.scheduler_info(n_workers=-1)["workers"]:
        what = f"no Dask worker has been connected for {timeout:g} s"
    else:
        what = "the tasks were cancelled on the Dask scheduler"
    left = sorted(int(f.key.rsplit("-", 1)[1]) for f in pending)
    return GvcError(
        f"--scheduler {scheduler}: {what}, with years {left} not done; the years finished are "
        "kept in --out: restart the scheduler or workers and run the same command again"
    )


def _dask_result(fut, scheduler: str):
    from distributed.scheduler import KilledWorker

    try:
        return fut.result()
    except KilledWorker:
        year = fut.key.rsplit("-", 1)[1]
        raise GvcError(
            f"--scheduler {scheduler}: the Dask workers computing year {year} died (out of "
            "memory?); the years finished are kept in --out: give workers more memory or fewer "
            "threads and run the same command again"
        ) from None


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
