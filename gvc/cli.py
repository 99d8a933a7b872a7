"""The ``gvc`` command: parses arguments, calls library functions, prints progress and errors."""

from __future__ import annotations

import contextlib
import os
import sys

import click

from gvc.errors import GvcError


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP (what ``timeout``, job schedulers and a closed terminal send), raised
    in the main thread like Ctrl-C's KeyboardInterrupt, so that the command unwinds: parallel
    workers are killed, Dask tasks cancelled, temporary files removed (``gvc.batch``)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _stop(signum, frame):
    raise Stopped(signum)


@contextlib.contextmanager
def _stop_on_signals():
    """SIGTERM and SIGHUP raise :class:`Stopped` while a command runs (the previous handlers
    are restored after it, so an embedding program keeps its own)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    names = [n for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n)]
    old = {n: signal.signal(getattr(signal, n), _stop) for n in names}
    try:
        yield
    finally:
        for n, handler in old.items():
            signal.signal(getattr(signal, n), handler)


class _Group(click.Group):
    """Reports every expected failure (gvc's errors, OS and decoding errors, corrupt files) as
    one clear message and exit code 2; the traceback only with ``--debug`` (or GVC_DEBUG=1).
    Ctrl-C, SIGTERM and SIGHUP stop the command cleanly, with one line and exit code 128 + the
    signal's number (130, 143, 129)."""

    def invoke(self, ctx):
        try:
            with _stop_on_signals():
                return super().invoke(ctx)
        except click.UsageError as exc:  # a bad option or value: one line, like other errors
            hint = f" (see {exc.ctx.command_path} --help)" if exc.ctx else ""
            click.echo(f"error: {' '.join(exc.format_message().split())}{hint}", err=True)
            sys.exit(2)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt as exc:
            import signal

            signum = getattr(exc, "signum", signal.SIGINT)
            click.echo(f"error: interrupted ({signal.Signals(signum).name})", err=True)
            sys.exit(128 + signum)
        except Exception as exc:
            if ctx.params.get("debug") or os.environ.get("GVC_DEBUG") == "1":
                raise
            from gvc.failures import describe

            msg = describe(exc)
            if msg is None:  # a bug, not bad input: still one line, with how to see more
                click.echo(
                    f"internal error: {type(exc).__name__}: {' '.join(str(exc).split())} "
                    "(rerun with --debug for the traceback and please report it)",
                    err=True,
                )
                sys.exit(1)
            click.echo(f"error: {msg}", err=True)
            sys.exit(2)


mirror_option = click.option(
    "--mirror", default=None, help="Local mirror directory (default: $GVC_MIRROR)."
)


@click.group(cls=_Group)
@click.version_option(package_name="gvc")
@click.option("--debug", is_flag=True, help="Show the full traceback on errors.")
def main(debug):
    """gvc: global value chain econometrics from real data."""


@main.group()
def data():
    """Acquire and inspect raw data files."""


@data.command("fetch")
@click.argument("sources", nargs=-1)
@mirror_option
def data_fetch(sources, mirror):
    """Find or download raw files for SOURCES (all public sources when none, except the large
    input-output tables oecd-icio, wiod2016, adb-mrio, fetched when named)."""
    from gvc.errors import AcquisitionError
    from gvc.progress import track
    from gvc.sources.acquire import locate, missing_message, short_reason
    from gvc.sources.registry import SOURCES

    names = list(sources) or [
        s for s in SOURCES if not SOURCES[s].licensed and not SOURCES[s].on_demand
    ]
    unknown = [s for s in names if s not in SOURCES]
    if unknown:
        raise GvcError(f"unknown source(s) {unknown}; known: {', '.join(SOURCES)}")
    files = [f for s in names for f in SOURCES[s].files]
    missing, reasons = [], {}
    for f in track(files, description="Fetching"):
        try:
            loc = locate(f, mirror)
            click.echo(
                f"{loc.origin:9s} {'verified' if loc.verified else 'unverified':10s} {f.key}"
            )
        except AcquisitionError as exc:
            missing.append(f)
            reasons[f.key] = short_reason(exc)
    if missing:
        raise AcquisitionError(missing_message(missing, mirror, reasons))


@data.command("status")
@click.option("--all", "show_all", is_flag=True, help="One line per registered file.")
@mirror_option
def data_status(show_all, mirror):
    """What `make reproduce` needs (present and verified, or missing), then optional sources."""
    from rich.console import Console
    from rich.table import Table

    from gvc.panels.registry import ALL_TABLES, raw_inputs
    from gvc.sources.acquire import status, status_summary

    rows = status(mirror)
    needed = {f.key for name in ALL_TABLES for f in raw_inputs(name)}
    table = Table(title="gvc raw data" + (" (every file)" if show_all else ""))
    for col in ("source", "file", "state", "origin"):
        table.add_column(col)
    for line in status_summary(rows, needed, show_all):
        table.add_row(*line)
    Console(width=140).print(table)
    need = [r for r in rows if f"{r['source']}/{r['file']}" in needed]
    n_ok = sum(r["state"] == "verified" for r in need)
    click.echo(
        f"{n_ok} of {len(need)} files that `make reproduce` needs are present and verified"
        + ("" if show_all else "; `gvc data status --all` lists every file")
    )


@main.group("config", invoke_without_command=True)
@click.pass_context
def config_cmd(ctx):
    """Show the data directory, mirror and report directory in use, and why."""
    if ctx.invoked_subcommand is not None:
        return
    from gvc import config

    for setting, value, why in config.describe():
        click.echo(f"{setting:17s} {value}  ({why})")


@config_cmd.command("set")
@click.argument("key", type=click.Choice(["mirror"]))
@click.argument("value")
def config_set(key, value):
    """Remember a setting for this data directory (e.g. `gvc config set mirror PATH`)."""
    from gvc.config import remember, settings_file

    remember(key, value)
    click.echo(f"{key} remembered in {settings_file()}")


@config_cmd.command("unset")
@click.argument("key", type=click.Choice(["mirror"]))
def config_unset(key):
    """Forget a remembered setting."""
    from gvc.config import forget, settings_file

    click.echo(f"{key} forgotten in {settings_file()}" if forget(key) else f"{key} was not set")


@main.command("build")
@click.argument("tables", nargs=-1)
@click.option("--force", is_flag=True, help="Rebuild even when inputs are unchanged.")
@mirror_option
def build_cmd(tables, force, mirror):
    """Build processed tables (all when none named) into data/processed."""
    from gvc.config import remember_environment
    from gvc.panels.build import build

    remember_environment()  # a mirror given once (make, GVC_MIRROR) is kept for the checkout

    results = build(tables or None, mirror=mirror, force=force, warn_left_out=False)
    from gvc.panels.build_table import REASONS

    for name, state in results.items():
        why = f"  ({REASONS[name]})" if state == "built" and name in REASONS else ""
        click.echo(f"{state:8s} {name}{why}")
    left_out = _print_left_out() if "gvc_participation" in results else False
    if "ifr_files" in results or "robots_by_industry" in results:
        _check_ifr_files(mirror)
    if left_out:
        sys.exit(2)


def _print_left_out() -> bool:
    """Print one ``error:`` line per user ADB MRIO file (or year) that the ``gvc_participation``
    build left out (recorded in its manifest entry, so also when the table was current); True
    when there was any: the command then exits 2 after every other table and check."""
    from gvc.panels.gvc_participation import left_out

    lines = left_out()
    for line in lines:
        click.echo(f"error: {line}", err=True)
    return bool(lines)


def _check_ifr_files(mirror) -> None:
    """Print the rows left out of the user's IFR files; a file that could not be read at all
    ends the command with exit 2 naming it (every other table was built first)."""
    from gvc.panels.build import build
    from gvc.panels.load import load
    from gvc.panels.robots_by_industry import ifr_error, ifr_log_lines

    build(["ifr_files"], mirror=mirror, progress=False)  # no work when current
    warn, errors = ifr_log_lines(load("ifr_files"))
    for line in warn:
        click.echo(line, err=True)
    if errors:
        raise GvcError(ifr_error(errors))


@main.command("reproduce")
@click.option("--demo", is_flag=True, help="Run on the synthetic demo world (offline).")
@click.option(
    "--strict", is_flag=True, help="Fail when a source the selected claims use is unavailable."
)
@click.option("--out", type=click.Path(file_okay=False), help="Report directory.")
@click.option(
    "--claims",
    "claims",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="Your claims file (TOML; see CONTRIBUTING.md). Repeatable. Reports these claims.",
)
@click.option(
    "--seed-claims/--no-seed-claims",
    default=None,
    help="Also run the seed documents' claims (default: only without --claims).",
)
@mirror_option
def reproduce_cmd(demo, strict, out, claims, seed_claims, mirror):
    """Raw data -> panels -> decompositions -> claims -> reports/ (one command)."""
    from gvc.pipeline import reproduce, reproduce_demo

    _warning_lines()
    if demo and claims:
        raise GvcError("--claims runs on the real data; drop --demo")
    if not demo:
        from gvc.config import remember_environment

        remember_environment()  # `make reproduce` passes the mirror: kept for the checkout
    path = (
        reproduce_demo(out)
        if demo
        else reproduce(out, mirror=mirror, strict=strict, claims=claims, seed_claims=seed_claims)
    )
    click.echo(f"report written to {path}/index.html")
    if not demo:
        left_out = _print_left_out()
        _check_ifr_files(mirror)
        if left_out:
            sys.exit(2)


@main.group("io")
def io_group():
    """Input-output decompositions."""


def _years(
    spec: str, covered: list[int] | tuple[int, ...] | range = range(1950, 2101)
) -> list[int]:
    """Years from ``1995-2011`` or ``2000,2011``, checked against ``covered`` (default: any
    plausible year) before any list is built (so ``1995-9999999999`` is an error, not a huge
    list)."""
    lo, hi = min(covered), max(covered)
    cover = f"the source covers {lo}-{hi}"
    try:
        if "-" in spec:
            a, b = (int(x) for x in spec.split("-", 1))
            if a > b:
                raise GvcError(f"--years {spec!r}: the range runs backwards; write {b}-{a}")
            if a < lo or b > hi:
                raise GvcError(f"--years {spec!r}: {cover}; choose years within it")
            return list(range(a, b + 1))
        ys = [int(y) for y in spec.split(",")]
    except ValueError:
        raise GvcError(
            f"--years {spec!r}: use a range like 1995-2011 or a list like 2000,2011"
        ) from None
    bad = [y for y in ys if y not in covered]
    if bad:
        raise GvcError(f"--years {spec!r}: {cover}; not {bad}")
    return ys


def _check_writable(path: str) -> None:
    """Fail before any work when ``path`` cannot be written (a parent is a file, or the
    nearest existing folder is not writable)."""
    import errno
    from pathlib import Path

    for d in Path(path).resolve().parents:
        if d.exists():
            if not d.is_dir():
                raise NotADirectoryError(errno.ENOTDIR, "Not a directory", str(d))
            if not os.access(d, os.W_OK):
                raise PermissionError(errno.EACCES, "Permission denied", str(d))
            return


class _SourceChoice(click.Choice):
    """The table sources of ``gvc.tables_io.YEARS``, read when first needed (a source added to
    the catalog appears here without a CLI edit, and ``gvc --help`` stays fast)."""

    def __init__(self) -> None:
        super().__init__([])

    @property
    def choices(self):
        from gvc.tables_io import YEARS

        return tuple(YEARS)

    @choices.setter
    def choices(self, value) -> None:  # click.Choice.__init__ assigns it
        pass


def _warning_lines() -> None:
    """Until the current command ends, Python warnings print as one ``warning: ...`` line each
    (once per message) instead of Python's two-line format with the source line."""
    import warnings

    seen = set()

    def show(message, category, filename, lineno, file=None, line=None):
        text = " ".join(str(message).split())
        if text not in seen:
            seen.add(text)
            click.echo(f"warning: {text}", err=True)

    ctx = warnings.catch_warnings()
    ctx.__enter__()
    click.get_current_context().call_on_close(lambda: ctx.__exit__(None, None, None))
    warnings.showwarning = show  # the filters stay as they are


@io_group.command("decompose")
@click.option(
    "--source",
    type=_SourceChoice(),
    help="A table source gvc knows (gvc.tables_io: wiod2013, wiod2016, oecd-icio, adb-mrio, ...).",
)
@click.option(
    "--years",
    default=None,
    help="Years, e.g. 1995-2011 or 2000,2011 (default: every year of --source; with --file, "
    "the file's own year).",
)
@click.option(
    "--file",
    "table_path",
    type=click.Path(exists=True),
    help="A published table: OECD ICIO CSV/zip, ADB MRIO xlsx, WIOD 2016 xlsb/xlsx/RData, "
    "WIOD 2013 wiot_YYYY.RData, Eora26 zip, EXIOBASE 3 zip (or either zip extracted to a "
    "folder) or FIGARO matrix CSV (format detected; --years picks one year of a multi-year "
    "file).",
)
@click.option(
    "--groups",
    default=None,
    help="Country groups merged after inversion: built-in EU27,EU28,USMCA,NAFTA,ASEAN; World "
    "Bank income groups of each year WB:H,WB:UM,WB:LM,WB:L and regions WB:EAP,WB:ECA,WB:LAC,"
    "WB:MENA,WB:NA,WB:SA,WB:SSA; or NAME=ISO3+ISO3 (comma-separated).",
)
@click.option(
    "--splits", is_flag=True, help="Also report split countries' parts (OECD CN1/CN2, MX1/MX2)."
)
@click.option("--wide", is_flag=True, help="One column per term (decompr/Stata layout).")
@click.option("--z", "z_path", type=click.Path(exists=True, dir_okay=False), help="Your Z.csv.")
@click.option("--final", "f_path", type=click.Path(exists=True, dir_okay=False), help="Your F.csv.")
@click.option(
    "--method",
    type=click.Choice(["bm", "kww", "wwz", "wwyz", "tiva", "bmt_trade", "bmt_output"]),
    default="bm",
    show_default=True,
)
@click.option(
    "--level",
    type=click.Choice(["country", "sector", "bilateral", "bilateral_sector"]),
    default="country",
    show_default=True,
)
@click.option(
    "--approach",
    type=click.Choice(["source", "sink"]),
    default="source",
    show_default=True,
    help="Borin-Mancini only.",
)
@click.option(
    "--perspective",
    type=click.Choice(["exporter", "world", "importer"]),
    default="exporter",
    show_default=True,
    help="Borin-Mancini only: exporter, world, or the importer view (GIMP, VA, DC).",
)
@click.option(
    "--world-domestic",
    type=click.Choice(["approach", "source"]),
    default="approach",
    show_default=True,
    help="Borin-Mancini world perspective only: the domestic terms (DVA, VAX, DDC) from the "
    "chosen --approach, or from the source approach whatever --approach is (R decompr 7.0).",
)
@click.option(
    "--x", "x_path", type=click.Path(exists=True, dir_okay=False), help="Your x.csv (gross output)."
)
@click.option(
    "--va",
    "va_path",
    type=click.Path(exists=True, dir_okay=False),
    help="Your va.csv (value added).",
)
@click.option(
    "--exporters",
    default=None,
    help="Report only these exporters, e.g. USA,CHN,EU27 (comma-separated).",
)
@click.option(
    "--rebalance",
    type=click.Choice(["own-final-demand", "none"]),
    default="own-final-demand",
    show_default=True,
    help="Balancing convention of a table given with its output (every route alike): the row "
    "gap x - (Z1 + F1) goes to own final demand, or 'none' keeps the table as given (R decompr "
    "7.0's convention). Written in the rebalance column.",
)
@click.option(
    "--unit",
    default=None,
    help="With --z: the currency unit of your table, for the unit column (default 'as in Z.csv').",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "parquet", "dta", "xlsx", "tex", "md", "html"]),
    default=None,
    help="Format of --out (default: from its extension; stdout is always CSV).",
)
@click.option(
    "--out",
    type=click.Path(),
    help="Output file (default: CSV to stdout; format from --format or the extension); with "
    "--jobs/--scheduler, the Parquet dataset folder.",
)
@click.option(
    "--perimeter",
    type=click.Choice(["country", "sector", "bilateral", "bilateral_sector"]),
    default="country",
    show_default=True,
    help="bm: the perimeter of double counting (Borin-Mancini 2023; sector, bilateral and "
    "bilateral_sector need the source approach and the exporter view), as Stata icio's "
    "perimeter().",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="With --source: decompose the years in N parallel processes (joblib) into the "
    "resumable Parquet dataset --out DIR (partitioned by source and year).",
)
@click.option(
    "--scheduler",
    default=None,
    help="With --source: run the years on this Dask distributed scheduler (tcp://host:8786) "
    "into the dataset --out DIR.",
)
@mirror_option
def io_decompose(
    source,
    years,
    table_path,
    groups,
    splits,
    wide,
    z_path,
    f_path,
    method,
    level,
    approach,
    perspective,
    world_domestic,
    x_path,
    va_path,
    exporters,
    rebalance,
    unit,
    fmt,
    out,
    perimeter,
    jobs,
    scheduler,
    mirror,
):
    """Decompose gross exports / GVC participation; writes a tidy CSV
    (exporter, importer, industry, term, value; with --source or --file also year first,
    industry_name beside industry where the table names its industries, and unit last)."""
    _warning_lines()
    if source:
        from gvc.tables_io import YEARS as SOURCE_YEARS

        covered = SOURCE_YEARS[source]
        ys = _years(years, covered) if years else list(covered)  # checked before any work
    if out:
        _check_writable(out)
    if jobs or scheduler:
        if rebalance != "own-final-demand":
            raise GvcError("--rebalance none is not available with --jobs/--scheduler")
        opts = opts_of(method, perspective, approach, splits, wide, perimeter, world_domestic)
        return _decompose_dataset(source, years, group_names_of(groups), method, level, opts,
                                  out, jobs or 1, scheduler, mirror)  # fmt: skip
    if out and os.path.isdir(out):
        raise GvcError(f"--out {out} is a folder: give a file (or --jobs N for a dataset)")
    if out:
        from gvc.panels.export import infer_format

        fmt = infer_format(out, fmt)  # an unknown extension fails before any work
    from gvc.io import decompose
    from gvc.progress import track

    opts = opts_of(method, perspective, approach, splits, wide, perimeter, world_domestic)
    group_names = [g for g in (groups or "").split(",") if g.strip()] or None
    if (x_path or va_path or unit) and not z_path:
        raise GvcError(
            "--x, --va and --unit belong to your own table: give them with --z and --final"
        )
    if exporters:  # checked against each table's countries and groups by decompose
        if method == "bm" and perspective == "importer":
            raise GvcError("--exporters does not apply to --perspective importer")
        opts["exporters"] = [e.strip() for e in exporters.split(",") if e.strip()]
    if sum(map(bool, (source, table_path, z_path or f_path))) != 1:
        raise GvcError("give one of --source, --file, or both --z and --final")
    frames = []
    if table_path:
        from gvc.tables_io import read_icio

        for y in _years(years) if years else [None]:
            io = read_icio(table_path, group_names, year=y, rebalance=rebalance)
            df = decompose(io, method, level, **opts)
            frames.append(df.assign(year=io.meta["year"]) if io.meta["year"] else df)
    elif source:
        from gvc.tables_io import icio

        for y in track(ys, description=f"{method} decomposition"):
            # year, unit and industry names come with the table (gvc.io.frames.annotate)
            frames.append(decompose(icio(source, y, group_names, mirror=mirror,
                                         rebalance=rebalance), method, level, **opts))  # fmt: skip
    else:
        if not (z_path and f_path):
            raise GvcError("--z and --final must be given together")
        from gvc.tables_io import read_user_icio

        ys = _years(years) if years else [None]
        if len(ys) != 1:
            raise GvcError("--years with --z names the one year of your table (e.g. --years 2011)")
        io = read_user_icio(z_path, f_path, x_path, va_path, group_names, year=ys[0], unit=unit,
                            rebalance=rebalance)  # fmt: skip
        frames.append(decompose(io, method, level, **opts))
    import pandas as pd

    df = pd.concat(frames, ignore_index=True)
    # year first, the labels (industry_name beside industry), terms, unit last (as decompose)
    cols = list(df.columns)
    if out:
        from gvc.panels.export import write_frame

        write_frame(df[cols], out, fmt)
        click.echo(f"wrote {len(df)} rows to {out} ({fmt})", err=True)
    else:
        click.echo(df[cols].to_csv(index=False, lineterminator="\n"), nl=False)


def group_names_of(groups: str | None) -> list[str] | None:
    return [g for g in (groups or "").split(",") if g.strip()] or None


def opts_of(
    method, perspective, approach, splits, wide, perimeter="country", world_domestic="approach"
) -> dict:
    """``decompose`` options from the CLI flags (as ``io_decompose`` builds them)."""
    opts = {}
    if perimeter != "country" and method != "bm":
        raise GvcError(f"--perimeter belongs to --method bm, not {method}")
    if world_domestic != "approach" and (method != "bm" or perspective != "world"):
        raise GvcError("--world-domestic belongs to --method bm --perspective world")
    if method == "bm":
        opts = {"perspective": perspective}
        if perspective != "importer":  # the importer view has no source/sink choice
            opts["approach"] = approach
        if perimeter != "country":
            opts["perimeter"] = perimeter
        if world_domestic != "approach":
            opts["world_domestic"] = world_domestic
    if splits:
        opts["splits"] = True
    if wide:
        opts["wide"] = True
    return opts


def _decompose_dataset(source, years, groups, method, level, opts, out, jobs, scheduler, mirror):
    """``--jobs``/``--scheduler``: every year of ``--source`` into the Parquet dataset ``--out``
    (``gvc.batch``: parallel, resumable, deterministic)."""
    if not source or not out:
        raise GvcError("--jobs/--scheduler need --source and --out DIR (the dataset folder)")
    from gvc.batch import decompose_years
    from gvc.tables_io import YEARS as SOURCE_YEARS

    ys = _years(years, SOURCE_YEARS[source]) if years else list(SOURCE_YEARS[source])
    res = decompose_years(
        source, ys, method, level, out=out, jobs=jobs, scheduler=scheduler, groups=groups,
        options=opts, mirror=mirror, report=lambda m: click.echo(m, err=True),
    )  # fmt: skip
    click.echo(
        f"{out}: {len(res.computed)} years computed, {len(res.skipped)} already present "
        f"(not recomputed); engine {res.engine}",
        err=True,
    )


if __name__ == "__main__":  # pragma: no cover
    main()
