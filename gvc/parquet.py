"""Reading Parquet files so that the process cannot abort at exit.

``pd.read_parquet(path)`` opens a local file itself and hands pyarrow a Python file object.
pyarrow then holds what it read in buffers owned by Python (``arrow::py::PyBuffer``), and the
scan's last reference to one can be dropped on one of arrow's thread-pool threads just after
the call returned. When that happens while the interpreter shuts down, the thread cannot take
the GIL, ``pthread_exit`` unwinds it through a destructor, and the process aborts with
"terminate called without an active exception" (exit code 134) after its last line of output:
about one ``gvc build`` in 50 on a loaded machine (issue 24, item 7).

:func:`read_parquet` gives pyarrow the path and its own local file system instead, so every
buffer is arrow's and no arrow thread ever needs Python. Every Parquet read in gvc goes through
it (``tests/faults/test_exit_faults.py``).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import pandas as pd


def read_parquet(
    path: str | os.PathLike,
    columns: Sequence[str] | None = None,
    filters: list | None = None,
) -> pd.DataFrame:
    """``pd.read_parquet(path, columns=..., filters=...)`` (a file or a dataset folder), read by
    pyarrow's own file system (see the module docstring)."""
    from pyarrow import fs

    return pd.read_parquet(
        os.fspath(Path(path).resolve()),
        columns=list(columns) if columns is not None else None,
        filters=filters,
        filesystem=fs.LocalFileSystem(),
    )
