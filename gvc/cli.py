"""The ``gvc`` command: parses arguments, calls library functions, prints progress and errors."""

from __future__ import annotations

import sys

import click

from gvc.errors import GvcError


class _Group(click.Group):
    """Reports gvc's own errors as one clear message and exit code 2, without a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except GvcError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)


mirror_option = click.option(
    "--mirror", default=None, help="Local mirror directory (default: $GVC_MIRROR)."
)


@click.group(cls=_Group)
@click.version_option(package_name="gvc")
def main():
    """gvc: global value chain econometrics from real data."""


@main.group()
def data():
    """Acquire and inspect raw data files."""


@data.command("fetch")
@click.argument("sources", nargs=-1)
@mirror_option
def data_fetch(sources, mirror):
    """Find or download raw files for SOURCES (all public sources when none)."""
    from gvc.progress import track
    from gvc.sources.acquire import locate, missing_message
    from gvc.sources.registry import SOURCES

    names = list(sources) or [s for s in SOURCES if not SOURCES[s].licensed]
    unknown = [s for s in names if s not in SOURCES]
    if unknown:
        raise GvcError(f"unknown source(s) {unknown}; known: {', '.join(SOURCES)}")
    files = [f for s in names for f in SOURCES[s].files]
    missing = []
    for f in track(files, description="Fetching"):
        try:
            loc = locate(f, mirror)
            click.echo(
                f"{loc.origin:9s} {'verified' if loc.verified else 'unverified':10s} {f.key}"
            )
        except GvcError:
            missing.append(f)
    if missing:
        raise GvcError(missing_message(missing, mirror))


@data.command("status")
@mirror_option
def data_status(mirror):
    """Print every registered file: present and verified, or missing."""
    from rich.console import Console
    from rich.table import Table

    from gvc.sources.acquire import status

    rows = status(mirror)
    table = Table(title="gvc raw data")
    for col in ("source", "file", "state", "origin"):
        table.add_column(col)
    for r in rows:
        table.add_row(r["source"], r["file"], r["state"], r["origin"])
    Console(width=140).print(table)
    n_ok = sum(r["state"] == "verified" for r in rows)
    click.echo(f"{n_ok} of {len(rows)} files present and verified")


@main.command("build")
@click.argument("tables", nargs=-1)
@click.option("--force", is_flag=True, help="Rebuild even when inputs are unchanged.")
@mirror_option
def build_cmd(tables, force, mirror):
    """Build processed tables (all when none named) into data/processed."""
    from gvc.panels.build import build

    for name, state in build(tables or None, mirror=mirror, force=force).items():
        click.echo(f"{state:8s} {name}")


if __name__ == "__main__":  # pragma: no cover
    main()
