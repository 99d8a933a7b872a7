"""Progress display for long work (rich), silent when not attached to a terminal or in CI."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

_QUIET: ContextVar[bool] = ContextVar("gvc_quiet", default=False)


@contextmanager
def quiet(enabled: bool = True) -> Iterator[None]:
    """Silence every progress display inside the block (``build(progress=False)``)."""
    token = _QUIET.set(_QUIET.get() or enabled)
    try:
        yield
    finally:
        _QUIET.reset(token)


def track(items: Iterable[T], description: str = "", disable: bool = False) -> Iterator[T]:
    """Iterate with a rich progress bar on stderr.

    Silent with ``disable``, inside :func:`quiet`, or with ``GVC_NO_PROGRESS=1``.
    """
    if disable or _QUIET.get() or os.environ.get("GVC_NO_PROGRESS"):
        yield from items
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    items = list(items)
    console = Console(file=sys.stderr)
    if not console.is_terminal:  # logs (CI, make): one plain line per item
        for i, it in enumerate(items, 1):
            print(f"{description} [{i}/{len(items)}] {it}", file=sys.stderr, flush=True)
            yield it
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as prog:
        task = prog.add_task(description, total=len(items))
        for it in items:
            prog.update(
                task,
                description=f"{description}: {it}" if isinstance(it, str | int) else description,
            )
            yield it
            prog.advance(task)
