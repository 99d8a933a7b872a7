"""Naming conventions shared by panels, decompositions and the CLI, and the aliases accepted.

One spelling per concept:

- **Country**: ``iso3`` in panels (ISO 3166 alpha-3). In decomposition frames the same codes sit
  in role columns ``exporter`` and ``importer``; ``decompose(..., iso3=...)`` is an alias of
  ``exporters=``, and ``gvc.load(..., exporter=...)`` / ``country=`` filter ``iso3``.
- **Aggregates** (``RoW``, ``WLD``, ``EUU``, ``BEL+LUX``, groups such as ``EU27``) are not
  countries: tables that hold them carry an ``is_country`` column (False for aggregates).
- **Measures**: OECD TiVA / Borin-Mancini codes. Decomposition ``term`` columns use the published
  upper-case spelling (``EXGR_FVASH``, ``DVA``); the long ``gvc_participation`` panel stores
  them lower-case in ``measure`` (``exgr_fvash``). Wherever a name is passed in (``gvc.load``
  filters, ``--exporters``), matching is case-insensitive, so both spellings work.
  ``gvc.load(..., term=...)`` filters ``measure``.
- **Industries**: the source's codes (WIOD ``c1``..``c35``, ``TOTAL``, ``MANUF``; ADB
  ``a35_1``.. in ``sector``) with names beside them (``industry_name``, ``sector_name``), in
  natural order (c1, c2, ..., c10): sort with ``key=gvc.names.natural_key``.
"""

from __future__ import annotations

import pandas as pd

FILTER_ALIASES = {
    "exporter": "iso3",
    "country": "iso3",
    "term": "measure",
    "sector": "industry",
    "industry": "sector",
}
"""Filter names accepted by ``gvc.load`` for a column the table names differently."""

AGGREGATES = frozenset({"RoW", "ROW", "WLD", "EUU", "BEL+LUX"})
"""Codes in ``iso3`` columns that stand for several countries."""

WIOD_EXTRA_INDUSTRIES = {
    "TOTAL": "All industries",
    "MANUF": "Manufacturing (c3-c16, ISIC Rev.3 15-37)",
}


def natural_key(s: pd.Series) -> pd.Series:
    """Sort key putting ``c2`` before ``c10`` and ``a35_2`` before ``a35_10``
    (``df.sort_values("industry", key=natural_key)``); non-matching labels sort after codes."""
    parts = s.astype(str).str.extract(r"^(\D*?)(\d+)?(?:_(\d+))?$")
    prefix = parts[0].fillna(s.astype(str))
    a = pd.to_numeric(parts[1], errors="coerce").fillna(10**9)
    b = pd.to_numeric(parts[2], errors="coerce").fillna(-1)
    # one sortable string per label: prefix, then zero-padded numbers
    return prefix + a.map(lambda v: f"{int(v):012d}") + b.map(lambda v: f"{int(v) + 1:06d}")


def is_country(codes: pd.Series) -> pd.Series:
    """True for single-country ISO3 codes, False for aggregates (``RoW``, ``WLD``, ``BEL+LUX``,
    anything not three upper-case letters)."""
    s = codes.astype(str)
    return s.str.fullmatch(r"[A-Z]{3}") & ~s.isin(AGGREGATES)


def wiod_industry_names() -> dict[str, str]:
    """WIOD 2013 code -> ``"<ISIC code> <name>"`` (e.g. ``c1`` -> ``AtB Agriculture, ...``),
    as in ``gvc.icio("wiod2013", ...)`` decompositions, plus ``TOTAL`` and ``MANUF``."""
    from gvc.sources.wiod2013 import INDUSTRIES

    out = {c: f"{code} {name}" for c, (code, name) in INDUSTRIES.items()}
    return {**out, **WIOD_EXTRA_INDUSTRIES}


def match_values(values: list, known: list[str], column: str, table: str) -> list:
    """String filter ``values`` mapped to the table's spelling (case-insensitive); a value that
    matches nothing raises ``DataError`` with the closest known value."""
    import difflib

    from gvc.errors import UnknownNameError

    exact = set(known)
    upper = {}
    for k in known:
        upper.setdefault(k.upper(), k)
    out = []
    for v in values:
        if not isinstance(v, str) or v in exact:
            out.append(v)
        elif v.upper() in upper:
            out.append(upper[v.upper()])
        else:
            close = difflib.get_close_matches(v, known, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            shown = ", ".join(sorted(known)[:12]) + (", ..." if len(known) > 12 else "")
            raise UnknownNameError(f"table {table!r} has no {column} {v!r}{hint} (values: {shown})")
    return out
