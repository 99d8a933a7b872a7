"""Country names and codes -> ISO 3166 alpha-3, via country_converter, with explicit fixes.

Unknown names are never dropped silently: they raise a DataError naming the file, the column, the
offending values and the first row where each occurs.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from gvc.errors import DataError

FIXES = {
    "ROM": "ROU",  # WIOD's code for Romania, which no converter maps
    "Kosovo": "XKX",
    "XKX": "XKX",
    "Taiwan": "TWN",
    "Chinese Taipei": "TWN",
}
NON_COUNTRIES = {"RoW", "WLD", "EUU", "World", "European Union"}


@lru_cache(maxsize=1)
def _converter():
    import country_converter as coco

    return coco.CountryConverter()


def to_iso3(values: pd.Series, *, file: str, column: str) -> pd.Series:
    """Map names or codes in ``values`` to ISO3; raise naming the unknown ones and their rows."""
    uniq = pd.Series(values.dropna().unique())
    mapping: dict[str, str] = {}
    todo = []
    for v in uniq:
        v = str(v).strip()
        if v in FIXES:
            mapping[v] = FIXES[v]
        else:
            todo.append(v)
    if todo:
        import logging

        logging.getLogger("country_converter").setLevel(logging.ERROR)
        missing = "\x00not found"
        conv = _converter().convert(todo, to="ISO3", not_found=missing)
        conv = [conv] if isinstance(conv, str) else conv
        for v, c in zip(todo, conv, strict=True):
            if not isinstance(c, str) or c == missing:
                continue
            mapping[v] = c
    stripped = values.astype("string").str.strip()
    unknown = sorted(set(stripped.dropna()) - set(mapping))
    if unknown:
        rows = {u: int(stripped.index[stripped == u][0]) for u in unknown}
        detail = "; ".join(f"'{u}' (first at row {rows[u] + 2})" for u in unknown[:20])
        raise DataError(
            f"{file}: column '{column}' has {len(unknown)} country name(s) that cannot be mapped "
            f"to ISO3: {detail}. Fix the name in a copy of the file or add it to "
            "gvc.sources.country_codes.FIXES."
        )
    return stripped.map(mapping).astype("string")


def known_iso3() -> frozenset[str]:
    """ISO 3166 alpha-3 codes known to country_converter, plus gvc's fixes (e.g. XKX)."""
    return frozenset(_converter().data["ISO3"].dropna().astype(str)) | frozenset(FIXES.values())


def check_codes(
    codes: pd.Series, *, file: str, column: str, allowed_prefixes=(), row_offset: int = 2
) -> None:
    """Raise naming the file, row and value of the first code that is not a known ISO3 code.

    ``allowed_prefixes`` admits publisher codes such as OWID's ``OWID_WRL``; empty cells are
    left to the caller (aggregates without a code). ``row_offset`` turns the frame index into
    the file's line number (2: one header line, 1-based).
    """
    s = codes.astype("string").str.strip()
    known = known_iso3()
    ok = s.isna() | (s == "") | s.isin(known)
    for p in allowed_prefixes:
        ok |= s.str.startswith(p).fillna(False)
    if not ok.all():
        i = ok[~ok].index[0]
        bad = sorted(set(s[~ok]))
        raise DataError(
            f"{file}: row {int(i) + row_offset}, column '{column}': unknown country code "
            f"{s[i]!r} ({len(bad)} unknown: {bad[:10]}). Correct the code to an ISO 3166 alpha-3 "
            "code or fetch the file again."
        )
