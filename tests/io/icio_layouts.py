"""Small synthetic tables written in the publishers' exact layouts (OECD ICIO editions, ADB MRIO,
WIOD 2016), with the same table kept as plain arrays for comparison.

The world: AUS, CHN (split into CN1/CN2), MEX (split into MX1/MX2), USA and ROW, three
industries; final demand by reported destination country (CHN, not CN1) and category.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

OECD_FD = ("HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "DPABR")
OECD_FD_2016 = ("HFCE", "NPS", "GGFC", "GFCF", "INV", "DIRP")  # as CAT_CTY
INDUSTRIES = {
    "2016": ("C01T05AGR", "C10T14MIN", "C15T16FOD"),
    "2018": ("01T03", "05T06", "10T12"),
    "2021": ("01T02", "05T06", "10T12"),
    "2023": ("A01_02", "B05_06", "C10T12"),
}


@dataclass
class World:
    table_countries: list[str]  # parts included, in engine (country-major) order
    reported: list[str]  # destinations of final demand
    splits: dict[str, tuple[str, ...]]
    industries: tuple[str, ...]
    Z: np.ndarray  # (n, n)
    Fcat: np.ndarray  # (n, R, K): final demand by reported destination and category
    x: np.ndarray

    @property
    def labels(self) -> list[str]:
        return [f"{c}_{i}" for c in self.table_countries for i in self.industries]

    @property
    def F(self) -> np.ndarray:
        """(n, G) by table country: a split country's final demand in its first part."""
        G = len(self.table_countries)
        F = np.zeros((self.Z.shape[0], G))
        for r, dest in enumerate(self.reported):
            first = self.splits.get(dest, (dest,))[0]
            F[:, self.table_countries.index(first)] += self.Fcat[:, r, :].sum(axis=1)
        return F

    def own_dest(self) -> np.ndarray:
        """Reported destination index of each sector's own country (n,)."""
        part_of = {p: c for c, ps in self.splits.items() for p in ps}
        N = len(self.industries)
        return np.repeat([self.reported.index(part_of.get(c, c)) for c in self.table_countries], N)


def make_world(seed: int = 0, industries=INDUSTRIES["2021"], K: int = 6, splits=True) -> World:
    rng = np.random.default_rng(seed)
    if splits:
        table = ["AUS", "CN1", "CN2", "MX1", "MX2", "USA", "ROW"]
        reported = ["AUS", "CHN", "MEX", "USA", "ROW"]
        split_map = {"CHN": ("CN1", "CN2"), "MEX": ("MX1", "MX2")}
    else:
        table = reported = ["AUS", "CHN", "MEX", "USA", "ROW"]
        split_map = {}
    N = len(industries)
    n = len(table) * N
    A = rng.random((n, n)) * (rng.random((n, n)) < 0.85)
    own = np.repeat(np.arange(len(table)), N)
    for proc in ("CN2", "MX2") if splits else ():  # processing trade: few domestic inputs
        j = table.index(proc)
        cols = own == j
        home = np.isin(own, [j - 1, j])
        A[np.ix_(home, cols)] *= 0.02
        A[np.ix_(~home, cols)] *= 10.0
    target = rng.uniform(0.2, 0.6, n)
    for proc in ("CN2", "MX2") if splits else ():  # assembly: value added is thin
        target[own == table.index(proc)] = 0.85
    A *= target / A.sum(axis=0)
    Fcat = rng.uniform(0.5, 20.0, (n, len(reported), K))
    Fcat *= rng.random((n, len(reported), K)) < 0.9
    for proc, home in (("CN2", "CHN"), ("MX2", "MEX")) if splits else ():
        Fcat[own == table.index(proc), reported.index(home), :] = 0.0  # all exported
    x = np.linalg.solve(np.eye(n) - A, Fcat.sum(axis=(1, 2)))
    Z = A * x
    return World(table, reported, split_map, tuple(industries), Z, Fcat, x)


def oecd_frame(
    w: World, edition: str = "2021", zero_blocks: bool = True, totals: tuple[str, ...] = ()
) -> pd.DataFrame:
    """The table as the OECD publishes it (layouts read from the 2016-2023 releases and from
    pymrio's mock files): parts after ROW; ``CHN_``/``MEX_`` blocks beside the parts all zero
    (2016, 2018, 2021; ``zero_blocks``) or, for the countries in ``totals`` (2018 release),
    holding the national total (the sum of the parts' rows and columns); final demand
    ``CTY_CAT`` (2016: ``CAT_CTY`` with NPS/INV/DIRP, plus a ``DISC`` column); totals
    ``TOTAL`` column and ``TAXSUB``/``VALU``/``OUTPUT`` rows (2018, 2021), ``OUT`` column and
    ``TLS``/``VA``/``OUT`` rows (2023), or no output column and ``VA+TAXSUB``/``OUT`` rows blank
    under final demand (2016)."""
    labels = w.labels
    parts = {p for ps in w.splits.values() for p in ps}
    main = [c for c in w.table_countries if c not in parts]
    if w.splits and ((zero_blocks and edition in ("2016", "2018", "2021")) or totals):
        main_rows = sorted(main[:-1] + list(w.splits)) + ["ROW"]  # CHN_, MEX_ blocks
    else:
        main_rows = main
    order_countries = main_rows + [p for c in w.splits for p in w.splits[c]][::-1]
    order = [f"{c}_{i}" for c in order_countries for i in w.industries]
    pos = {lab: k for k, lab in enumerate(labels)}
    n_all = len(order)
    Z = np.zeros((n_all, n_all))
    idx = [pos.get(lab) for lab in order]
    live = [k for k, p in enumerate(idx) if p is not None]
    src = [idx[k] for k in live]
    Z[np.ix_(live, live)] = w.Z[np.ix_(src, src)]
    fd_cols, fd = [], []
    disc = np.zeros(n_all)
    Fcat = w.Fcat.copy()
    if edition == "2016":  # move a little own final demand into the discrepancy column
        own = w.own_dest()
        d = 0.1 * Fcat[np.arange(len(labels)), own, 0]
        Fcat[np.arange(len(labels)), own, 0] -= d
        disc[live] = d[src]
    cats = OECD_FD_2016 if edition == "2016" else OECD_FD
    for r, dest in enumerate(w.reported):
        for k, cat in enumerate(cats[: Fcat.shape[2]]):
            fd_cols.append(f"{cat}_{dest}" if edition == "2016" else f"{dest}_{cat}")
            col = np.zeros(n_all)
            col[live] = Fcat[src, r, k]
            fd.append(col)
    x = np.zeros(n_all)
    x[live] = w.x[src]
    body = np.column_stack([Z, *fd] + ([disc] if edition == "2016" else []) + [x])
    n_z = n_all
    for cty in totals:  # the national total beside its parts (2018 release)
        at = {lab: k for k, lab in enumerate(order)}
        for i in w.industries:
            t = at[f"{cty}_{i}"]
            ps = [at[f"{p}_{i}"] for p in w.splits[cty]]
            body[t, :] = body[ps, :].sum(axis=0)  # its row: the parts' rows, every column
        for i in w.industries:
            t = at[f"{cty}_{i}"]
            ps = [at[f"{p}_{i}"] for p in w.splits[cty]]
            body[:, t] = body[:, ps].sum(axis=1)  # its column: the parts' columns, every row
            body[[at[f"{p}_{i}"] for p in w.splits[cty] for i in w.industries], t] = 0.0
        # (the parts' own rows do not repeat their sales in the total columns)
    tot_col = {"2023": ["OUT"], "2016": []}.get(edition, ["TOTAL"])
    if not tot_col:
        body = body[:, :-1]
    cols = order + fd_cols + (["DISC"] if edition == "2016" else []) + tot_col
    xs = x.copy()  # output by column (= by row)
    for cty in totals:
        at = {lab: k for k, lab in enumerate(order)}
        for i in w.industries:
            xs[at[f"{cty}_{i}"]] = sum(x[at[f"{p}_{i}"]] for p in w.splits[cty])
    va = xs - body[:n_all, :n_z].sum(axis=0)
    if totals:  # the total columns' inputs are the parts' inputs
        for cty in totals:
            at = {lab: k for k, lab in enumerate(order)}
            rows_ = [k for k, lab in enumerate(order) if lab.split("_")[0] not in (cty,)]
            for i in w.industries:
                t = at[f"{cty}_{i}"]
                ps = [at[f"{p}_{i}"] for p in w.splits[cty]]
                va[t] = xs[t] - body[np.ix_(rows_, ps)].sum()
    tax = 0.05 * va
    if edition == "2016":
        extra_rows = ["VA+TAXSUB", "OUT"]
        extra = np.full((2, body.shape[1]), np.nan)  # blank under final demand
        extra[0, :n_all], extra[1, :n_all] = va, xs
    else:
        extra_rows = ["TLS", "VA", "OUT"] if edition == "2023" else ["TAXSUB", "VALU", "OUTPUT"]
        extra = np.zeros((3, body.shape[1]))
        extra[0, :n_all], extra[1, :n_all], extra[2, :n_all] = tax, va - tax, xs
    return pd.DataFrame(np.vstack([body, extra]), index=order + extra_rows, columns=cols)


def write_oecd(path, w: World, edition: str = "2021", **kw) -> None:
    oecd_frame(w, edition, **kw).to_csv(path, float_format="%.17g")


# --------------------------------------------------------------------------- Excel sheets
ADB_CODES = {"AUS": "AUS", "CHN": "PRC", "MEX": "MEX", "USA": "USA", "ROW": "RoW"}
ADB_VA_ROWS = ("r60", "r61", "r62", "r63", "r64", "r65", "r66", "r69")
WIOD_FD = ("CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN")
WIOD_VA_ROWS = ("II_fob", "TXSP", "EXP_adj", "PURR", "PURNR", "VA", "IntTTM", "GO")
WIOD_INDUSTRIES = ("A01", "C10-C12", "U")


def sheet_rows(w: World, fmt: str) -> list[list]:
    """The table's cells as the publisher lays them out (list of rows, A1 first)."""
    adb = fmt == "adb-mrio"
    code = ADB_CODES if adb else {c: c for c in w.reported}
    inds = [f"c{k + 1}" for k in range(len(w.industries))] if adb else list(w.industries)
    fd = [f"F{k + 1}" for k in range(w.Fcat.shape[2])] if adb else list(WIOD_FD)
    G, N = len(w.reported), len(w.industries)
    n = G * N
    cty_row = [None] * 4 + [code[c] for c in w.reported for _ in inds]
    cty_row += [code[c] for c in w.reported for _ in fd] + ([None] if adb else ["TOT"])
    ind_row = [None] * 4 + inds * G + fd * G + (["ToT"] if adb else ["GO"])
    if adb:
        rows = [["Asian Development Bank Multi-Regional Input-Output Table"], ["2019"],
                ["in millions of US$"], [None], [None], cty_row, ind_row]  # fmt: skip
    else:
        num_row = [None] * 4 + [f"c{k + 1}" for k in range(len(ind_row) - 4)]
        desc = [None, None, None, None] + ["(description)"] * (len(ind_row) - 4)
        ind_row[:4] = ["IndustryCode", "IndustryDescription", "Country", "RNr"]
        rows = [["World Input-Output Table 2014"], ["(millions of US$)"],
                ind_row, desc, cty_row, num_row]  # fmt: skip
    body = np.hstack([w.Z, w.Fcat.reshape(n, -1), w.x[:, None]])
    for k in range(n):
        c, i = w.reported[k // N], inds[k % N]
        name = f"Industry {i}"
        label = [None, name, code[c], i] if adb else [i, name, code[c], f"r{k % N + 1}"]
        rows.append(label + [float(v) for v in body[k]])
    va = w.x - w.Z.sum(axis=0)
    extra = (
        {"r60": w.Z.sum(axis=0), "r61": 0.1 * va, "r65": 0.9 * va, "r69": w.x}
        if adb
        else {"II_fob": w.Z.sum(axis=0), "TXSP": 0.1 * va, "VA": 0.9 * va, "GO": w.x}
    )
    for code_ in ADB_VA_ROWS if adb else WIOD_VA_ROWS:
        vals = extra.get(code_, np.zeros(n))
        label = [None, "(total)", "ToT", code_] if adb else [code_, "(total)", "TOT", "r99"]
        rows.append(label + [float(v) for v in vals])
    if adb:
        rows.append(["Source: ADB MRIO database."])
    return rows


def write_sheet(path, w: World, fmt: str) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("2019" if fmt == "adb-mrio" else "WIOT2014")
    for row in sheet_rows(w, fmt):
        ws.append(row)
    wb.save(path)
