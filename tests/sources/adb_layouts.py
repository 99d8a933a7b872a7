"""SYNTHETIC tables written in the ADB MRIO workbook layouts (gvc's own fixtures, no ADB data).

Layout as the mrio-processing scripts (github.com/ksreyes/mrio-processing,
``codes/01-preprocess-mrios``) and the ``mrio`` R package's ``check`` read the releases: five
title rows, header row 6 (economy codes from column E, ``ToT`` above the output column) and
row 7 (``c1``..``c35``, ``F1``..``F5``), data from row 8 with column B the sector name, C the
economy, D the sector; bottom rows with economy ``ToT``, then ``r69`` (total) and a footnote.
Bottom rows: the 62-economy series ``r60``..``r66``; the 72-economy series ``r60``..``r64``,
``trs`` (as the notebook prints ``ADB-MRIO-2022_June2023.xlsx``). Year blocks: one workbook per
year or a workbook of ``ADB MRIO YYYY`` sheets after a ``Legend`` sheet (as the
adb-mrio-current-panel scripts find them). Economy codes: ADB's own, in ADB's order.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

BOTTOM = {
    "62": ("r60", "r61", "r62", "r63", "r64", "r65", "r66"),
    "72": ("r60", "r61", "r62", "r63", "r64", "trs"),
}
VA_ROW = {"62": "r65", "72": "r64"}  # value added at basic prices
TAX_ROW = "r61"
K = 5  # F1..F5


@dataclass
class Table:
    codes: list[str]  # ADB economy codes, RoW last
    sectors: list[str]  # c1..cN
    Z: np.ndarray
    Fcat: np.ndarray  # (n, G, K)
    x: np.ndarray

    @property
    def F(self) -> np.ndarray:
        return self.Fcat.sum(axis=2)


def make_table(codes: list[str], n_sectors: int, seed: int) -> Table:
    """A SYNTHETIC balanced table: Z = A diag(x), x = (I - A)^-1 (final demand)."""
    rng = np.random.default_rng(seed)
    G, N = len(codes), n_sectors
    n = G * N
    A = rng.random((n, n)) * (rng.random((n, n)) < 0.6)
    A[np.diag_indices(n)] += 0.1  # own-sector use: column E of each data row is a number
    A *= rng.uniform(0.2, 0.6, n) / A.sum(axis=0)
    Fcat = rng.uniform(0.5, 20.0, (n, G, K)) * (rng.random((n, G, K)) < 0.9)
    x = np.linalg.solve(np.eye(n) - A, Fcat.sum(axis=(1, 2)))
    return Table(list(codes), [f"c{k + 1}" for k in range(N)], A * x, Fcat, x)


def sheet_rows(t: Table, series: str = "62", blanks: bool = True) -> list[list]:
    """The table's cells as an ADB release lays them out (rows of values, A1 first); zero
    cells of Z left blank when ``blanks`` (ADB leaves some cells blank)."""
    G, N = len(t.codes), len(t.sectors)
    n = G * N
    fd = [f"F{k + 1}" for k in range(K)]
    rows: list[list] = [
        [None, "Asian Development Bank"],
        [None, "Multiregional Input-Output Table (SYNTHETIC test fixture)"],
        [None, "Current prices, in millions of US dollars"],
        [],
        [],
        [None] * 4 + [c for c in t.codes for _ in t.sectors] + [c for c in t.codes for _ in fd]
        + ["ToT"],
        [None] * 4 + t.sectors * G + fd * G + [None],
    ]  # fmt: skip
    body = np.hstack([t.Z, t.Fcat.reshape(n, -1), t.x[:, None]])
    for k in range(n):
        c, i = t.codes[k // N], t.sectors[k % N]
        vals = [None if (blanks and j < n and v == 0.0) else float(v)
                for j, v in enumerate(body[k])]  # fmt: skip
        rows.append([None, f"Sector {i} (SYNTHETIC)", c, i, *vals])
    width = body.shape[1]
    va = t.x - t.Z.sum(axis=0)
    bottom = {code: np.zeros(width) for code in BOTTOM[series]}
    bottom["r60"][:n] = t.Z.sum(axis=0)
    bottom[TAX_ROW][:n] = 0.08 * va
    bottom[VA_ROW[series]][:n] = 0.92 * va
    for code in BOTTOM[series]:
        v = bottom[code]
        v[-1] = v[:-1].sum()
        rows.append([None, f"({code})", "ToT", code, *map(float, v)])
    total = np.concatenate([t.x, t.Fcat.reshape(n, -1).sum(axis=0), [t.x.sum()]])
    rows.append([None, "TOTAL", "ToT", "r69", *map(float, total)])
    rows.append([None, "$ = United States dollar; SYNTHETIC values, not ADB data."])
    return rows


def write_workbook(path, sheets: list[tuple[str, list[list]]], legend: list[str] | None = None):
    """An .xlsx of the given (sheet name, rows); a ``Legend`` sheet first when ``legend``
    (economy codes, as the release's legend lists them). Written in openpyxl's normal mode,
    which records each sheet's dimension as Excel does (read-only readers then need not scan
    the whole sheet to open it)."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    if legend is not None:
        ws = wb.create_sheet("Legend")
        ws.append(["Code", "Economy", "Number"])
        for k, code in enumerate(legend):
            ws.append([code, f"Economy {code}", k + 1])
    for name, rows in sheets:
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
