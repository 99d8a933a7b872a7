"""Test helper: a CSV re-saved as a European spreadsheet saves it (``;`` separator, decimal
comma, thousands points in the data rows), to check that readers give the original's numbers.

Only cells that are plain numbers (``-12``, ``3.25``, ``1e-05``) are rewritten; labels and the
header line (years such as 1960 stay as written) are left alone.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

NUMBER = re.compile(r"^(-?)(\d+)(?:\.(\d+))?([eE][+-]?\d+)?$")


def european_number(cell: str, thousands: str = ".") -> str:
    m = NUMBER.match(cell)
    if not m:
        return cell
    sign, whole, frac, exp = m.groups()
    if thousands and not exp:
        whole = f"{int(whole):,}".replace(",", thousands)
    return sign + whole + ("," + frac if frac else "") + (exp or "")


def europeanize(src: Path, dst: Path, *, sep: str = ";", thousands: str = ".") -> Path:
    """Write ``src`` to ``dst`` with ``sep``, decimal commas and ``thousands`` grouping; rows up
    to the header (the first with more than 3 fields, else the first) keep their numbers."""
    with open(src, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    head = next((i for i, r in enumerate(rows) if len(r) > 3), 0)
    with open(dst, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=sep)
        for k, r in enumerate(rows):
            w.writerow([european_number(c, thousands) if k > head else c for c in r])
    return dst
