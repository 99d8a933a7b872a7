"""Is a downloaded file what the registry expects? Format, header and a plausible row count.

Checksums cannot vouch for files their publishers revise in place (WDI, Epoch, OWID), and a
server may answer 200 with an error page or a cut-off body. Before a download gets its final
name it must: not be an HTML page; start with the magic bytes of its format (zip, Parquet,
RData); and, for CSV, decode as UTF-8, carry the expected header and hold at least
:data:`MIN_ROW_SHARE` of the rows of the last vintage gvc knows (``data/vintages.csv``). A CSV
is split on its own separator (``,``, ``;`` or tab, sniffed as the readers do:
:func:`gvc.sources.csv_numbers.sniff_separator`).
"""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources
from pathlib import Path

MIN_ROW_SHARE = 0.9
"""A revised file may lose a few rows; one with fewer than 90% of the known rows is cut off."""

_MAGIC = {
    ".zip": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".parquet": (b"PAR1",),
    ".rdata": (b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00", b"RDX"),
    ".rda": (b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00", b"RDX"),
}
_HTML = (b"<!doctype html", b"<html", b"<head", b"<body", b"<?xml", b"<!--")


@lru_cache(maxsize=1)
def vintages() -> dict[tuple[str, str], tuple[int, list[str]]]:
    """(source, name) -> (rows, first header fields) of the last vintage gvc was built on."""
    text = resources.files("gvc.sources").joinpath("data/vintages.csv").read_text("utf-8")
    rows = csv.DictReader(text.splitlines())
    return {(r["source"], r["name"]): (int(r["rows"]), r["header"].split("|")) for r in rows}


def looks_like_html(head: bytes) -> bool:
    """True when the first bytes of a body are an HTML (or XML error) page."""
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith(_HTML)


def problem(source: str, name: str, path: str | Path) -> str | None:
    """Why ``path`` is not a plausible copy of registry file ``source/name`` (None: it is)."""
    path = Path(path)
    with open(path, "rb") as fh:
        head = fh.read(4096)
        fh.seek(max(0, path.stat().st_size - 4))
        tail = fh.read(4)
    if not head:
        return "the download is empty"
    if looks_like_html(head):
        return "the server sent an HTML page, not the data file"
    suffix = Path(name).suffix.lower()
    magic = _MAGIC.get(suffix)
    if magic and not head.startswith(magic):
        return f"the download is not a {suffix[1:]} file (it starts with {head[:8]!r})"
    if suffix == ".parquet" and tail != b"PAR1":
        return "the Parquet file has no footer (it is cut off)"
    if suffix == ".csv":
        try:
            return _csv_problem(source, name, path)
        except UnicodeDecodeError as exc:  # a Latin-1 or cp1252 body past the first lines
            return _not_utf8(path, exc)
    return None


def _not_utf8(path: Path, exc: UnicodeDecodeError) -> str:
    """The line and byte where ``path`` stops being UTF-8 text."""
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        return (
            f"the download is not UTF-8 text (line {line} has the byte "
            f"{data[err.start : err.start + 1]!r}; {exc.reason})"
        )
    return f"the download is not UTF-8 text ({exc.reason})"


def _header_line(lines: list[str], want: list[str], sep: str) -> int | None:
    """Index of the first of ``lines`` whose fields (split on ``sep``) start with ``want``."""
    for i, line in enumerate(lines):
        fields = [x for x in next(csv.reader([line], delimiter=sep), []) if x.strip()]
        if fields[: len(want)] == want:
            return i
    return None


def _csv_problem(source: str, name: str, path: Path) -> str | None:
    import pandas as pd

    from gvc.errors import DataError
    from gvc.sources.csv_numbers import SEPARATORS, sniff_separator
    from gvc.sources.readers import read_csv

    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            sample = fh.read(65536)
    except UnicodeDecodeError as exc:
        return _not_utf8(path, exc)
    first = sample.splitlines()[:10]
    sniffed = sniff_separator(sample)
    sep = sniffed
    known = vintages().get((source, name))
    skip = 0
    if known:
        want = known[1]
        for sep in dict.fromkeys((sniffed, *SEPARATORS)):  # the sniffed separator first
            skip = _header_line(first, want, sep)
            if skip is not None:
                break
        else:
            return f"no header starting {', '.join(want)} in the first lines"
    cut = cut_last_record(path, skip, sep)
    if cut:
        return cut
    try:  # quoted fields may span lines: the record-level check above replaces read_csv's
        df = read_csv(
            path, skiprows=skip, sep=sep, dtype=str, encoding="utf-8-sig", check_truncation=False
        )
    except DataError as exc:
        return str(exc).split(": ", 1)[-1]
    except pd.errors.ParserError as exc:  # pragma: no cover - read_csv wraps these
        return f"cannot be parsed as CSV ({exc})"
    if known and len(df) < MIN_ROW_SHARE * known[0]:
        return (
            f"only {len(df)} rows, fewer than {MIN_ROW_SHARE:.0%} of the {known[0]} rows of the "
            "last known vintage (the download was probably cut off)"
        )
    return None


def cut_last_record(path: Path, skip: int, sep: str = ",") -> str | None:
    """A last CSV record (quoted fields may span lines) shorter than the header: a cut body.
    ``sep``: the file's field separator."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for _ in range(skip):
            fh.readline()
        try:
            records = [
                r for r in csv.reader(fh, delimiter=sep, strict=True) if any(x.strip() for x in r)
            ]
        except csv.Error as exc:
            return f"cannot be parsed as CSV ({exc}); the file is probably cut off"
    if len(records) < 2:
        return "the file has a header but no rows"
    n_head, n_last = len(records[0]), len(records[-1])
    if n_last < n_head:
        return f"the last row has {n_last} of the header's {n_head} fields (the file is cut off)"
    return None
