"""OECD ICIO 2018 layout with Mexico kept beside a single part (issue 25 item 2).

Layout reference: pymrio's ``tests/mock_mrios/oecd_mock/ICIO2018_2010.CSV`` (IndEcol/pymrio):
an all-zero ``MEX_`` block with ``MX1`` alone right after it (no ``MX2``), final demand
``CTY_{HFCE,NPISH,GGFC,INVNT,P33}`` by reported country (``MEX_``), taxes less subsidies by
country of origin (``AUS_TAXSUB`` .. ``MEX_TAXSUB``, non-zero also under the empty ``MEX_``
columns), then ``VALU`` and ``OUTPUT`` rows and a ``TOTAL`` column. The fixture below is gvc's
own SYNTHETIC table in that layout (not pymrio's file). Checked against the plain arrays it
was written from and against pymrio's own OECD parser on the same file (a second
implementation, which sums the parts before inverting: identical here, one part only); the
same layout with two parts (MX1, MX2 right after MEX) keeps the inverse on the split table.
"""

from __future__ import annotations

from io import StringIO

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from gvc.cli import main
from gvc.errors import DataError
from gvc.io import ICIO, decompose
from gvc.io.kww import TERMS as KWW_TERMS
from gvc.sources.icio_files import detect
from gvc.tables_io import read_icio

INDUSTRIES = ("01T03", "05T06", "10T12")
FD = ("HFCE", "NPISH", "GGFC", "INVNT", "P33")  # the mock's five categories (no GFCF)
REPORTED = ("AUS", "MEX", "USA", "ROW")


def world(parts: tuple[str, ...], seed: int = 5):
    """SYNTHETIC balanced table; Mexico published as ``parts`` (engine order: AUS, parts...,
    USA, ROW). Returns (table countries, Z, Fcat (n, reported, K), x)."""
    rng = np.random.default_rng(seed)
    table = ["AUS", *parts, "USA", "ROW"]
    N = len(INDUSTRIES)
    n = len(table) * N
    A = rng.random((n, n)) * (rng.random((n, n)) < 0.8)
    A *= rng.uniform(0.2, 0.6, n) / A.sum(axis=0)
    Fcat = rng.uniform(1.0, 30.0, (n, len(REPORTED), len(FD)))
    x = np.linalg.solve(np.eye(n) - A, Fcat.sum(axis=(1, 2)))
    return table, A * x, Fcat, x


def frame_2018(parts: tuple[str, ...], seed: int = 5) -> tuple[pd.DataFrame, tuple]:
    """The table in the 2018 layout of pymrio's mock: MEX_ zero block, its parts right after
    it, CTY_TAXSUB rows by reported country, VALU, OUTPUT, TOTAL."""
    table, Z, Fcat, x = world(parts, seed)
    N = len(INDUSTRIES)
    file_countries = ["AUS", "MEX", *parts, "USA", "ROW"]
    rows = [f"{c}_{i}" for c in file_countries for i in INDUSTRIES]
    live = [k for k, lab in enumerate(rows) if not lab.startswith("MEX_")]
    n_all = len(rows)
    body = np.zeros((n_all, n_all + len(REPORTED) * len(FD) + 1))
    body[np.ix_(live, live)] = Z
    fd_cols = [f"{d}_{c}" for d in REPORTED for c in FD]
    body[live, n_all:-1] = Fcat.reshape(len(live), -1)
    body[live, -1] = x
    rng = np.random.default_rng(seed + 1)
    tax = rng.uniform(0.0, 2.0, (len(REPORTED), body.shape[1]))  # also under MEX_ and final demand
    xs = np.zeros(n_all)
    xs[live] = x
    tax[:, n_all:] = 0.0
    tax[:, [k for k in range(n_all) if k not in live]] = 0.01  # mock noise under the zero block
    va = xs - body[:n_all, :n_all].sum(axis=0) - tax[:, :n_all].sum(axis=0)
    va[[k for k in range(n_all) if k not in live]] = 0.0
    out = body[:n_all, :n_all].sum(axis=0) + tax[:, :n_all].sum(axis=0) + va
    tail = np.zeros((len(REPORTED) + 2, body.shape[1]))
    tail[: len(REPORTED)] = tax
    tail[-2, :n_all], tail[-1, :n_all] = va, out
    index = rows + [f"{c}_TAXSUB" for c in REPORTED] + ["VALU", "OUTPUT"]
    df = pd.DataFrame(np.vstack([body, tail]), index=index, columns=rows + fd_cols + ["TOTAL"])
    assert N == 3
    return df, (table, Z, Fcat, x)


def _F(table, Fcat, parts):
    """(n, G) final demand by table country: Mexico's in its first part's column."""
    F = np.zeros((Fcat.shape[0], len(table)))
    for r, dest in enumerate(REPORTED):
        F[:, table.index(parts[0] if dest == "MEX" else dest)] += Fcat[:, r, :].sum(axis=1)
    return F


def _cli(path, *args):
    res = CliRunner().invoke(main, ["io", "decompose", "--file", str(path), *map(str, args)])
    assert res.exit_code == 0, res.output
    return pd.read_csv(StringIO(res.stdout), keep_default_na=False)


def test_mex_beside_single_mx1_reads_as_mexico(tmp_path):
    """SYNTHETIC 2018 single-part layout: MX1 is Mexico, values equal the plain arrays."""
    df, (table, Z, Fcat, x) = frame_2018(("MX1",))
    path = tmp_path / "ICIO2018_2010.CSV"
    df.to_csv(path, float_format="%.17g")
    renamed = tmp_path / "table.csv"
    renamed.write_bytes(path.read_bytes())
    assert detect(path) == detect(renamed) == "oecd-icio"
    io = read_icio(renamed)
    assert io.countries == REPORTED and io.industries == INDUSTRIES and not io.splits
    assert io.meta["single_part_splits"] == {"MEX": "MX1"} and io.meta["year"] is None
    assert read_icio(path).meta["year"] == 2010
    ref = ICIO(Z, _F(table, Fcat, ("MX1",)), list(REPORTED), INDUSTRIES)
    np.testing.assert_allclose(io.Z, ref.Z, rtol=1e-13)
    np.testing.assert_allclose(io.Y, ref.Y, rtol=1e-13)
    np.testing.assert_allclose(io.x, x, rtol=1e-13)
    assert io.meta["rebalance_gap_share"] < 1e-12  # balanced: the TAXSUB rows are not sectors


def test_single_part_agrees_with_pymrio_parser(tmp_path):
    """pymrio's parse_oecd (a second implementation, parts summed into MEX) on the same file
    gives the same Z, final demand by country, output and Leontief inverse."""
    pymrio = pytest.importorskip("pymrio")
    df, _ = frame_2018(("MX1",))
    path = tmp_path / "ICIO2018_2010.CSV"
    df.to_csv(path, float_format="%.17g")
    io = read_icio(path)
    mr = pymrio.parse_oecd(path=str(path))
    mr.calc_all()
    labels = [f"{c}_{i}" for c, i in mr.Z.index]
    assert sorted(labels) == sorted(io.labels)
    at = [labels.index(lab) for lab in io.labels]
    np.testing.assert_allclose(io.Z, mr.Z.values[np.ix_(at, at)], rtol=1e-12)
    Y = mr.Y.T.groupby(level="region").sum().T  # by destination country
    np.testing.assert_allclose(io.Y, Y[list(io.countries)].values[at], rtol=1e-12)
    np.testing.assert_allclose(io.x, mr.x.values.ravel()[at], rtol=1e-12)
    L = io.leontief.inverse()
    np.testing.assert_allclose(L, mr.L.values[np.ix_(at, at)], rtol=1e-9, atol=1e-12)


def test_single_part_decompositions_hold(tmp_path):
    """KWW's nine terms sum to gross exports (Z and final demand sold abroad, counted from the
    table) on the file route and through ``gvc io decompose --file``."""
    df, _ = frame_2018(("MX1",))
    path = tmp_path / "ICIO2018_2010.CSV"
    df.to_csv(path, float_format="%.17g")
    io = read_icio(path)
    G, N = len(io.countries), len(io.industries)
    own = np.repeat(np.arange(G), N)
    Zc = np.add.reduceat(io.Z, np.arange(0, G * N, N), axis=1)
    sold = Zc + io.Y
    exports = np.array([sold[own == g][:, np.arange(G) != g].sum() for g in range(G)])
    k = decompose(io, "kww", "country").pivot(index="exporter", columns="term", values="value")
    np.testing.assert_allclose(k[list(KWW_TERMS)].sum(axis=1)[list(io.countries)], exports,
                               rtol=1e-9)  # fmt: skip
    cli = _cli(path, "--method", "kww", "--level", "country")
    got = cli.pivot(index="exporter", columns="term", values="value")
    np.testing.assert_allclose(got[list(KWW_TERMS)].sum(axis=1)[list(io.countries)], exports,
                               rtol=1e-9)  # fmt: skip
    assert set(cli["exporter"]) == set(REPORTED) and "MX1" not in set(cli["exporter"])


def test_two_parts_right_after_mex_keep_the_split_inverse(tmp_path):
    """The same layout with MX1 and MX2 right after the zero MEX_ block: the inverse is taken
    on the split table and the parts merged afterwards (equal to ICIO(splits=) on the plain
    arrays, different from summing the parts first)."""
    df, (table, Z, Fcat, _) = frame_2018(("MX1", "MX2"), seed=9)
    path = tmp_path / "ICIO2018_2011.csv"
    df.to_csv(path, float_format="%.17g")
    io = read_icio(path)
    assert io.splits == {"MEX": ("MX1", "MX2")} and "single_part_splits" not in io.meta
    ref = ICIO(Z, _F(table, Fcat, ("MX1", "MX2")), table, INDUSTRIES,
               splits={"MEX": ("MX1", "MX2")})  # fmt: skip
    np.testing.assert_allclose(io.Z, ref.Z, rtol=1e-13)
    got = decompose(io, "bm", "country").set_index(["exporter", "term"])["value"]
    exp = decompose(ref, "bm", "country").set_index(["exporter", "term"])["value"]
    pd.testing.assert_series_equal(got.sort_index(), exp.sort_index(), rtol=1e-10)
    merged = read_icio(path, splits="merge_first")
    first = decompose(merged, "bm", "country").set_index(["exporter", "term"])["value"]
    assert abs(first[("MEX", "DVA")] - got[("MEX", "DVA")]) > 1e-6 * got[("MEX", "DVA")]


def test_single_part_with_non_zero_national_block_is_refused(tmp_path):
    """A MEX_ row that is neither zero nor MX1's row names the cell (one line)."""
    df, _ = frame_2018(("MX1",))
    df.loc["MEX_05T06", "AUS_01T03"] = 5.0
    path = tmp_path / "bad.csv"
    df.to_csv(path, float_format="%.17g")
    with pytest.raises(
        DataError, match=r"row MEX_01T03 \(the national total beside MX1\) in column AUS_01T03"
    ) as e:
        read_icio(path)
    assert "\n" not in str(e.value)
