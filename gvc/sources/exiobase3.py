"""EXIOBASE 3 monetary multi-regional input-output tables (ixi and pxp), read through pymrio.

Source: Stadler et al. (2018), EXIOBASE 3, Journal of Industrial Ecology 22:502-515; releases on
Zenodo (3.8.2: doi 10.5281/zenodo.5589597, 1995-2022). 44 countries + 5 rest-of-world regions
(``WA`` Asia-Pacific, ``WE`` Europe, ``WF`` Africa, ``WL`` America, ``WM`` Middle East) x 163
industries (``IOT_YYYY_ixi.zip``) or 200 products (``IOT_YYYY_pxp.zip``). Millions of current
euros (``M.EUR``), basic prices; tables in US dollars (``M.USD``, ``Mill USD``) are read too,
their unit kept in ``io.meta["unit"]`` and the output's ``unit`` column.

Layout (pymrio's text format, which the release uses): a folder ``IOT_YYYY_ixi/`` with
``file_parameters.json``, ``metadata.json``, ``Z.txt`` (older releases: only ``A.txt``), ``Y.txt``, ``x.txt``,
``unit.txt``; tab-separated, two header rows (region, sector / category) and two index columns
(region, sector). Value added sits in an extension: ``satellite/F.txt`` (to 3.8) or
``factor_inputs/F.txt`` (later): rows ``Taxes less subsidies on products purchased: Total``,
``Other net taxes on production``, ``Compensation of employees; ...`` (3 skill rows),
``Operating surplus: ...`` (4 rows), in M.EUR.

Parsed with ``pymrio.load_all`` (pymrio 0.7.0; only the accounts needed: ``Z`` or ``A``, ``Y``,
``x``, ``F``, ``unit``), which keeps every region and cell as published (right for GVC work; its
``parse_exiobase3`` adds nothing gvc needs). gvc then checks the table: monetary units,
countries x sectors grid, numbers, x = Z 1 + Y 1 (an error beyond 0.1 percent) and x = Z'1 + value
added (a warning). Without ``Z.txt``, Z = A diag(x) (x from ``x.txt``, else solved from A and Y).
Region codes become ISO3 (country_converter; the 3.4 release's ISO3 names are accepted); the five
rest-of-world regions keep their codes. Industry codes are positional (``i001``.., ``p001``..),
names as published in ``industry_names``.
"""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from gvc.errors import DataError
from gvc.sources.bundle import Bundle
from gvc.sources.icio_table import (
    IcioTable,
    Probe,
    TableFormat,
    check_column_balance,
    fail,
    mismatched,
    year_in,
)

FORMAT = "EXIOBASE 3 (zip of IOT_YYYY_ixi|pxp/ with Z.txt or A.txt, Y.txt, x.txt)"
UNIT = "millions of current EUR"
REST = {"WA": "WA", "WE": "WE", "WF": "WF", "WL": "WL", "WM": "WM"}
REST |= {f"W{k}": k for k in REST}  # 3.4 release: WWA .. WWM
FACTOR_INPUTS = re.compile(
    r"^(Taxes less subsidies on products purchased|Other net taxes on production|"
    r"Compensation of employees|Operating surplus)"
)


def is_exiobase_zip(names: list[str]) -> bool:
    """True when a zip holds an EXIOBASE 3 system (``Z.txt``, ``A.txt`` or ``Y.txt``)."""
    base = {n.rsplit("/", 1)[-1] for n in names}
    return bool({"Z.txt", "A.txt", "Y.txt"} & base)


def _core(path: Path) -> tuple[str, list[str]]:
    """The folder of the IOSystem inside the zip and its member names; checks what is needed."""
    b = Bundle(path)
    names = b.names()
    core = None
    for p in [n for n in names if n.rsplit("/", 1)[-1] == "file_parameters.json"]:
        try:
            meta = json.loads(b.read(p).decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise fail(b.label(p), FORMAT, f"not JSON ({exc})") from exc
        if meta.get("systemtype") == "IOSystem":
            core = p.rsplit("/", 1)[0] if "/" in p else ""
    if core is None:
        raise fail(path, FORMAT, "no file_parameters.json of systemtype IOSystem in it")
    pre = f"{core}/" if core else ""
    have = {n[len(pre) :] for n in names if n.startswith(pre)}
    for need in ("Y.txt", "metadata.json"):
        if need not in have:
            raise fail(path, FORMAT, f"{pre}{need} is missing")
    if not {"Z.txt", "A.txt"} & have:
        raise fail(path, FORMAT, f"neither {pre}Z.txt nor {pre}A.txt is there")
    return core, sorted(have)


def _flat(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with labels ``region_sector`` (no copy of the values)."""
    rows = ["_".join(map(str, k)) if isinstance(k, tuple) else str(k) for k in df.index]
    cols = ["_".join(map(str, k)) if isinstance(k, tuple) else str(k) for k in df.columns]
    return df.set_axis(rows, axis=0, copy=False).set_axis(cols, axis=1, copy=False)


def _values(df: pd.DataFrame, name: str) -> np.ndarray:
    from gvc.sources.oecd_icio import numeric

    return numeric(_flat(df), name, FORMAT)


def _iso3(regions: list[str], name: str) -> list[str]:
    from gvc.sources.country_codes import to_iso3

    others = [r for r in regions if r not in REST]
    conv = dict(zip(others, to_iso3(pd.Series(others), file=name, column="region"), strict=True))
    out = [REST[r] if r in REST else str(conv[r]) for r in regions]
    if len(set(out)) != len(out):
        raise fail(name, FORMAT, f"regions {regions} do not map to distinct ISO3 codes")
    return out


def read_exiobase3(path: str | Path, year: int | None = None) -> IcioTable:
    """Read one EXIOBASE 3 monetary zip (ixi or pxp; or its extracted folder) into an
    ``IcioTable``."""
    import pymrio

    path = Path(path)
    core, have = _core(path)
    pre = f"{path}{'/' if path.is_dir() else '!'}" + (f"{core}/" if core else "")
    accounts = ["Z" if "Z.txt" in have else "A", "Y", "x", "F", "unit"]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            mr = pymrio.load_all(path / core if path.is_dir() else path, subset=accounts)
    except Exception as exc:  # pymrio, pandas and zipfile raise many types on damaged files
        msg = " ".join(str(exc).split())
        raise DataError(
            f"{path}: cannot be read as {FORMAT} ({type(exc).__name__}: {msg}); fetch it again"
        ) from exc
    core_df = mr.Z if mr.Z is not None else mr.A
    core_name = pre + ("Z.txt" if mr.Z is not None else "A.txt")
    if core_df is None or mr.Y is None:
        raise fail(path, FORMAT, "the IOSystem has no Z (or A) and Y account")
    if core_df.index.nlevels != 2 or core_df.columns.nlevels != 2:
        raise fail(core_name, FORMAT, "expected two header rows and two label columns")
    rows = list(core_df.index)
    if list(core_df.columns) != rows:
        k = next((i for i, (a, b) in enumerate(zip(core_df.columns, rows, strict=False)) if a != b),
                 min(len(rows), core_df.shape[1]))  # fmt: skip
        got = "_".join(map(str, core_df.columns[k])) if k < core_df.shape[1] else "(none)"
        raise fail(core_name, FORMAT, f"column {k + 1} is {got!r} but row {k + 1} is "
                   f"{'_'.join(map(str, rows[k])) if k < len(rows) else '(none)'!r}")  # fmt: skip
    regions = list(dict.fromkeys(r for r, _ in rows))
    sectors = list(dict.fromkeys(s for _, s in rows))
    grid = [(r, s) for r in regions for s in sectors]
    if rows != grid:
        k = next((i for i, (a, b) in enumerate(zip(rows, grid, strict=False)) if a != b),
                 min(len(rows), len(grid)))  # fmt: skip
        lab = "_".join(map(str, rows[k])) if k < len(rows) else "the end of the table"
        raise fail(core_name, FORMAT, f"row {lab!r} breaks the regions x sectors grid "
                   f"({len(regions)} x {len(sectors)} expected)")  # fmt: skip
    unit = _check_unit(mr, pre)
    M = _values(core_df, core_name)
    Y = mr.Y
    if list(Y.index) != rows:
        raise fail(pre + "Y.txt", FORMAT, f"{Y.shape[0]} rows that are not those of "
                   f"{core_name.rsplit('!', 1)[-1]} ({len(rows)} rows)")  # fmt: skip
    dests = [str(r) for r, _ in Y.columns] if Y.columns.nlevels == 2 else []
    unknown = [d for d in dests if d not in regions]
    if not dests or unknown:
        what = f"region {unknown[0]!r}" if unknown else "no (region, category) header"
        raise fail(pre + "Y.txt", FORMAT, f"final-demand {what} is not a region of the table")
    Yv = _values(Y, pre + "Y.txt")
    fd = Yv.sum(axis=1)
    x = None
    if mr.x is not None:
        if list(mr.x.index) != rows or mr.x.shape[1] != 1:
            raise fail(
                pre + "x.txt", FORMAT, f"shape {mr.x.shape} or rows differ from {len(rows)} x 1"
            )
        x = _values(mr.x, pre + "x.txt")[:, 0]
    if mr.Z is not None:
        Z = M
        if x is None:
            x = Z.sum(axis=1) + fd
    else:
        if x is None:
            x = np.linalg.solve(np.eye(len(rows)) - M, fd)
        Z = M * x
    _check_rows(x, Z.sum(axis=1) + fd, rows, pre)
    _check_value_added(mr, x, Z, rows, pre)
    G, n = len(regions), len(rows)
    F = np.zeros((n, G))
    for j, d in enumerate(dests):
        F[:, regions.index(d)] += Yv[:, j]
    prefix = "p" if len(sectors) == 200 else "i"
    names = {f"{prefix}{k + 1:03d}": str(s) for k, s in enumerate(sectors)}
    return IcioTable(
        "exiobase3",
        str(path),
        year if year is not None else year_in(core or "") or year_in(path.name),
        unit,
        tuple(_iso3([str(r) for r in regions], str(path))),
        tuple(names),
        Z,
        F,
        x,
        tuple(dict.fromkeys(str(c) for _, c in Y.columns)),
        {},
        names,
    )


MONETARY = {"M.EUR": UNIT, "MEUR": UNIT, "Mill EUR": UNIT, "M.USD": "millions of current USD",
            "MUSD": "millions of current USD", "Mill USD": "millions of current USD"}  # fmt: skip
"""Monetary units of EXIOBASE 3 tables (``unit.txt``; M.EUR as released, M.USD in the
US-dollar versions; spelled ``Mill EUR``/``Mill USD`` in some) -> gvc's unit string."""


def _check_unit(mr, pre: str) -> str:
    """The table's unit (``MONETARY``; M.EUR when ``unit.txt`` is absent): one monetary unit
    for every row, else an error naming the units found."""
    unit = getattr(mr, "unit", None)
    if unit is None or not len(unit):
        return UNIT
    vals = {str(u).strip() for u in np.ravel(unit.to_numpy())}
    known = {MONETARY.get(v) for v in vals}
    if None in known or len(known) != 1:
        raise fail(pre + "unit.txt", FORMAT, f"units {sorted(vals)}; one monetary unit is read "
                   f"({', '.join(MONETARY)})")  # fmt: skip
    return known.pop()


def _check_rows(x, rowsum, rows, pre: str) -> None:
    """x (published) = Z 1 + Y 1 within 0.1 percent (plus a tiny absolute slack)."""
    bad = mismatched(rowsum, x, floor=1e-6)
    if bad.size:
        k = bad[0]
        raise fail(pre + "x.txt", FORMAT, f"sector {'_'.join(map(str, rows[k]))}: x = "
                   f"{x[k]:g} but Z 1 + Y 1 = {rowsum[k]:g}")  # fmt: skip


def _check_value_added(mr, x, Z, rows, pre: str) -> None:
    """Warn when x differs from Z'1 + factor inputs (M.EUR rows of satellite/factor_inputs F)."""
    for ext in ("factor_inputs", "satellite"):
        e = getattr(mr, ext, None)
        F = getattr(e, "F", None) if e is not None else None
        if F is None:
            continue
        keep = [
            i
            for i, r in enumerate(F.index)
            if FACTOR_INPUTS.match(str(r[0] if isinstance(r, tuple) else r))
        ]
        if not keep or list(F.columns) != rows:
            continue
        va = _values(F.iloc[keep], f"{pre}{ext}/F.txt").sum(axis=0)
        inputs = Z.sum(axis=0) + va
        labels = ["_".join(map(str, r)) for r in rows]
        check_column_balance(x, inputs, labels, f"{pre}{ext}/F.txt", "factor inputs")
        return


def _detect(probe: Probe) -> bool:
    return probe.kind in ("folder", "zip") and is_exiobase_zip(probe.names)


TABLE_FORMAT = TableFormat(
    name="exiobase3",
    title="EXIOBASE 3",
    expected="an EXIOBASE 3 zip (Z.txt or A.txt, Y.txt)",
    detect=_detect,
    read=read_exiobase3,
)
