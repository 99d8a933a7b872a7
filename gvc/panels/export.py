"""Write a tidy frame as CSV, Parquet, Stata ``.dta``, Excel ``.xlsx``, or a LaTeX, Markdown or
HTML table (``.tex``, ``.md``, ``.html``; text escaped, for a paper or a page), atomically.

The format comes from ``fmt`` or, when not given, the file extension. The file is written to a
temporary name beside the target and renamed into place, so a failure never leaves a partial
file. Categorical label columns are written as plain text (Stata and Excel have no categories).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gvc.errors import GvcError
from gvc.panels.store import _atomic_write_bytes

EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384
"""The size of one Excel worksheet (Excel 2007 and later)."""

FORMATS = {
    ".csv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".dta": "dta",
    ".xlsx": "xlsx",
    ".tex": "tex",
    ".md": "md",
    ".html": "html",
}
TABLE_ROWS = 5_000
"""At most this many rows in a LaTeX, Markdown or HTML table (a table for reading, not data)."""


def infer_format(path: str | Path, fmt: str | None = None) -> str:
    """``fmt`` if given, else the format named by ``path``'s extension (one-line error if none)."""
    if fmt:
        if fmt not in set(FORMATS.values()):
            raise GvcError(
                f"--format {fmt!r}: choose one of csv, parquet, dta, xlsx, tex, md, html"
            )
        return fmt
    ext = Path(path).suffix.lower()
    if ext not in FORMATS:
        raise GvcError(
            f"{path}: cannot tell the format from the extension {ext or '(none)'!r}; "
            "use .csv, .parquet, .dta, .xlsx, .tex, .md or .html, or pass --format"
        )
    return FORMATS[ext]


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for c in out.columns:
        if isinstance(out[c].dtype, pd.CategoricalDtype):
            out[c] = out[c].astype(str)
    return out.reset_index(drop=True)


def stata_labels(df: pd.DataFrame) -> dict[str, str]:
    """Stata variable labels carrying each value column's unit (at most 80 characters): a wide
    decomposition's ``E`` gets ``E (millions of current USD)`` from ``unit_E``; a long frame's
    ``value`` gets ``value (<unit>)`` when its ``unit`` column holds one unit. Columns whose
    unit varies, and the others, get no label."""
    out = {}
    for c in df.columns:
        u = f"unit_{c}"
        if u in df and df[u].nunique(dropna=True) == 1:
            out[str(c)] = f"{c} ({df[u].dropna().iloc[0]})"[:80]
    if "value" in df and "unit" in df and df["unit"].nunique(dropna=True) == 1:
        out["value"] = f"value ({df['unit'].dropna().iloc[0]})"[:80]
    return out


def write_frame(df: pd.DataFrame, path: str | Path, fmt: str | None = None) -> str:
    """Write ``df`` to ``path`` in ``fmt`` (or the extension's format); return the format."""
    path = Path(path)
    fmt = infer_format(path, fmt)
    plain = _plain(df)
    if fmt == "csv":
        text = plain.to_csv(index=False, lineterminator="\n")

        def writer(tmp):
            with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)

    elif fmt == "parquet":

        def writer(tmp):
            plain.to_parquet(tmp, index=False)

    elif fmt == "dta":
        import re

        bad = [c for c in plain.columns if not re.fullmatch(r"[A-Za-z_]\w{0,31}", str(c))]
        if bad:  # pandas would rename them silently
            raise GvcError(
                f"{path}: Stata .dta needs column names of letters, digits and _ (at most 32, "
                f"not starting with a digit); {bad} are not; write .csv or .parquet instead"
            )

        labels = stata_labels(plain)

        def writer(tmp):
            plain.to_stata(tmp, write_index=False, version=118, variable_labels=labels)

    elif fmt in ("tex", "md", "html"):
        if len(plain) > TABLE_ROWS:
            raise GvcError(
                f"{path}: {len(plain):,} rows is too long for a {fmt} table (at most "
                f"{TABLE_ROWS:,}); ask for fewer exporters or a coarser --level, or write .csv"
            )
        text = {
            "tex": lambda: plain.to_latex(index=False, escape=True, float_format="%.6g"),
            "md": lambda: plain.to_markdown(index=False, floatfmt=".6g") + "\n",
            "html": lambda: plain.to_html(index=False, escape=True, float_format="%.6g".__mod__),
        }[fmt]()

        def writer(tmp):
            with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)

    else:
        rows, cols = plain.shape
        if rows > EXCEL_ROWS - 1 or cols > EXCEL_COLUMNS:  # openpyxl would fail half-way
            raise GvcError(
                f"{path}: {rows:,} rows x {cols:,} columns do not fit in an Excel sheet (at most "
                f"{EXCEL_ROWS - 1:,} rows below the header and {EXCEL_COLUMNS:,} columns); write "
                ".csv or .parquet instead, or ask for fewer years, exporters or a coarser --level"
            )

        def writer(tmp):
            with open(tmp, "wb") as fh, pd.ExcelWriter(fh, engine="openpyxl") as xw:
                plain.to_excel(xw, index=False, sheet_name="decomposition")

    _atomic_write_bytes(path, writer)
    return fmt
